"""Speakers introduced by a title that names its post by a place ("Ambassador to Germany",
"First Minister of Scotland", "Special Envoy for Syria"): the person is the actor and the
speaker, not the title; the recognizer's glued "Scotland Nicola Sturgeon" is split."""

from __future__ import annotations

import newsledger


def speaker_of(doc, fragment):
    quote = next(q for q in doc.quotes if fragment in q.text)
    actor = doc.actor(quote.speaker) if quote.speaker else None
    return actor


def names(doc):
    return [a.name for a in doc.actors]


def test_ambassador_to_a_country_speaks_as_the_person():
    doc = newsledger.analyze(
        'US Ambassador to Poland Mark Brzezinski alleged that the company had "contributed to '
        'incredible human suffering" across the region.'
    )
    speaker = speaker_of(doc, "incredible human suffering")
    assert speaker is not None and speaker.name == "Mark Brzezinski"
    assert speaker.title == "Ambassador to Poland"
    # The country before the title is his; the one after it is where he serves.
    assert speaker.country == "USA"
    assert "US Ambassador" not in names(doc)


def test_first_minister_of_a_region_glued_to_the_name():
    doc = newsledger.analyze(
        'First Minister of Scotland Nicola Sturgeon said via Twitter, "Parliament must be recalled immediately."'
    )
    speaker = speaker_of(doc, "Parliament must be recalled")
    assert speaker is not None and speaker.name == "Nicola Sturgeon"
    assert speaker.title == "First Minister of Scotland"
    assert speaker.country == "GBR"
    assert not any(n.startswith("Scotland") or n == "First Minister" for n in names(doc))


def test_envoy_for_a_country_is_not_of_that_country():
    doc = newsledger.analyze("UN Special Envoy for Syria Geir Pedersen said the talks in Geneva would resume next week.")
    speaker = speaker_of(doc, "talks in Geneva would resume")
    assert speaker is not None and speaker.name == "Geir Pedersen"
    assert speaker.title == "Special Envoy for Syria"
    assert speaker.country != "SYR"


def test_title_of_a_body_after_the_name_leaves_the_name_out():
    doc = newsledger.analyze("Britain's Ambassador to the United Nations Karen Pierce said the council had failed.")
    pierce = next(a for a in doc.actors if a.name == "Karen Pierce")
    assert "Pierce" not in (pierce.title or "")


def test_a_preposition_before_a_title_opens_nothing():
    doc = newsledger.analyze("Chancellor Angela Merkel spoke to President Emmanuel Macron on Monday about the budget.")
    macron = next(a for a in doc.actors if a.name.endswith("Macron"))
    assert macron.title and macron.title.lower().endswith("president")
    assert not any(m.text.startswith("to ") for m in macron.mentions)


def test_a_person_named_like_a_place_keeps_the_whole_name():
    # No title before: "Georgia" opens the name, it is no place glued to it.
    doc = newsledger.analyze("Georgia Smith, a teacher in Leeds, said the school had closed.")
    speaker = speaker_of(doc, "school had closed")
    assert speaker is not None and speaker.name == "Georgia Smith"
