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


# --- roles the dictionary does not list, and the definite descriptions that take them up ------


def test_lower_case_role_before_a_name_is_the_title_and_the_description_returns_to_it():
    doc = newsledger.analyze(
        "EU trade and competition commissioner Maria Kowalska announced the talks would resume. "
        'The commissioner said, "We have not agreed on tariffs yet."'
    )
    kowalska = next(a for a in doc.actors if a.name == "Maria Kowalska")
    assert kowalska.title == "trade and competition commissioner"
    speaker = speaker_of(doc, "We have not agreed on tariffs yet")
    assert speaker is kowalska
    assert not any(a.name == "commissioner" for a in doc.actors)


def test_person_before_a_role_is_not_part_of_the_mention_nor_its_sector():
    doc = newsledger.analyze("Obama adviser David Axelrod said the race was close.")
    axelrod = next(a for a in doc.actors if a.name == "David Axelrod")
    assert axelrod.title == "adviser"
    assert not any(m.text.startswith("Obama") for m in axelrod.mentions)
    assert any(a.name == "Barack Obama" for a in doc.actors)


def test_the_agency_returns_to_the_agency_named_before():
    doc = newsledger.analyze(
        "The blasts were first reported by the Kuwait News Agency on Saturday. "
        "The agency did not mention casualties, but said exports were continuing."
    )
    speaker = speaker_of(doc, "exports were continuing")
    assert speaker is not None and speaker.name == "Kuwait News Agency"


def test_the_embassy_returns_to_the_embassy_named_before():
    doc = newsledger.analyze(
        "Police wrote to the French Embassy in Madrid asking it to waive the driver's immunity. "
        "The embassy declined the request and said the family had left on advice from Paris."
    )
    speaker = speaker_of(doc, "the family had left")
    assert speaker is not None and speaker.named and "Embassy" in speaker.name


def test_a_description_with_no_namesake_stays_unnamed():
    # No organization named before holds "agency": "the agency" is an unnamed source.
    doc = newsledger.analyze(
        "The Kuwait Petroleum Corporation halted two refineries on Saturday. "
        "The agency said exports were continuing."
    )
    speaker = speaker_of(doc, "exports were continuing")
    assert speaker is not None and not speaker.named


def test_two_namesakes_in_one_sentence_leave_the_description_unnamed():
    doc = newsledger.analyze(
        "The Supreme Court and the Court of Appeal both heard the case this year. "
        "The court said the ruling would stand."
    )
    speaker = speaker_of(doc, "the ruling would stand")
    assert speaker is None or not speaker.named


def test_an_unnamed_source_seen_last_keeps_the_description():
    doc = newsledger.analyze(
        "Party spokesman Tom Harris said the vote would go ahead. On Tuesday a spokesman for the "
        "electoral commission said the count had been delayed. The spokesman added that "
        '"results will come on Friday."'
    )
    speaker = speaker_of(doc, "results will come on Friday")
    assert speaker is not None and speaker.name != "Tom Harris"


def test_a_name_never_ends_in_a_preposition():
    doc = newsledger.analyze(
        "On Sunday Presidents Macky Sall of Senegal and Patrice Talon of Benin signed the agreement in Niamey."
    )
    assert "Patrice Talon" in names(doc)
    assert not any(n.endswith(" of") for n in names(doc))


# --- the issuer of a statement written before it ----------------------------------------------


def test_the_body_before_a_statement_speaks():
    doc = newsledger.analyze("A White House statement said the president would veto the spending bill.")
    speaker = speaker_of(doc, "would veto the spending bill")
    assert speaker is not None and speaker.name == "White House"


def test_the_court_behind_its_summary_speaks():
    doc = newsledger.analyze(
        "The Court of Appeal in Edinburgh ruled against the government on Wednesday. "
        'The court\'s summary concluded with the statement: "The order was unlawful and is of no effect."'
    )
    speaker = speaker_of(doc, "The order was unlawful")
    assert speaker is not None and speaker.name == "Court of Appeal"


def test_a_word_before_a_release_that_names_nobody_is_not_the_speaker():
    doc = newsledger.analyze('The ministry said in a news release on Friday: "The border will stay closed."')
    speaker = speaker_of(doc, "The border will stay closed")
    assert speaker is not None and speaker.name != "news"


def test_a_source_within_a_body_is_that_body_s_source():
    doc = newsledger.analyze(
        'A source within the Interior Ministry said "I have been told not to make the death toll public."'
    )
    speaker = speaker_of(doc, "death toll public")
    assert speaker is not None and not speaker.named
    assert speaker.name == "source within the Interior Ministry"
    ministry = next(a for a in doc.actors if a.name == "Interior Ministry")
    assert speaker.affiliation == ministry.id


def test_a_source_within_a_time_names_no_body():
    doc = newsledger.analyze("A source said within hours that the talks had collapsed.")
    speaker = speaker_of(doc, "the talks had collapsed")
    assert speaker is not None and speaker.name == "source"
