"""A cue in a gerund after "by" whose phrase the parse hangs on the verb's object ("didn't
help matters by tweeting that ..."): the verb's subject speaks (issue 14)."""

from __future__ import annotations

import newsledger


def test_by_tweeting_that_is_an_indirect_quote_of_the_subject():
    doc = newsledger.analyze(
        "Talk of obstruction resurfaced after Michael Flynn pleaded guilty last week.\n\n"
        "President Donald Trump didn’t help matters by tweeting over the weekend that he knew Flynn lied to the FBI."
    )
    quote = next(q for q in doc.quotes if "knew Flynn lied" in q.text)
    assert quote.kind == "indirect"
    assert quote.text == "he knew Flynn lied to the FBI"
    assert doc.actor(quote.speaker).name == "Donald Trump"


def test_the_object_of_the_verb_is_not_the_speaker():
    doc = newsledger.analyze("Senator Amy Klobuchar annoyed her rivals by saying that the plan would cost too much.")
    quote = next(q for q in doc.quotes if "plan would cost" in q.text)
    assert doc.actor(quote.speaker).name == "Amy Klobuchar"


def test_a_speech_participle_after_the_reported_clause_is_the_reporter_s():
    doc = newsledger.analyze(
        "Earlier Tuesday, White House spokesman Hogan Gidley indicated that the administration would reject "
        "the request for the returns, repeating the president's claim that he is being audited by the IRS."
    )
    repeating = next(q for q in doc.quotes if "claim that he is being audited" in q.text)
    assert doc.actor(repeating.speaker).name == "Hogan Gidley"
    clause = next(q for q in doc.quotes if "would reject" in q.text)
    assert doc.actor(clause.speaker).name == "Hogan Gidley"


def test_a_gerund_after_about_on_the_object_is_no_stance_of_the_subject():
    doc = newsledger.analyze("Many college-educated white voters have had reservations about voting for Trump.")
    assert not any(q.text == "Trump" for q in doc.quotes)


def test_a_speech_participle_after_a_reported_event_is_the_event_subject_s():
    doc = newsledger.analyze(
        "Former FBI Director James Comey says President Donald Trump invited him to dinner shortly after "
        'the inauguration, telling him, "I need loyalty, I expect loyalty."'
    )
    quote = next(q for q in doc.quotes if "I need loyalty" in q.text)
    assert doc.actor(quote.speaker).name == "Donald Trump"
