"""Cue verbs after a direct quote and subjectless cues the small parser leaves: real news
conventions ('"...," Gorka urged', 'adding, "..."' after a mixed quote, a name set off by
commas right before "said")."""

from __future__ import annotations

import newsledger


def speaker_name(doc, fragment):
    quote = next(q for q in doc.quotes if fragment in q.text)
    actor = doc.actor(quote.speaker) if quote.speaker else None
    return actor.name if actor else None


def test_urged_after_a_quote_is_its_cue():
    doc = newsledger.analyze(
        'The former adviser Sebastian Gorka spoke on Tuesday. "Compare that to his other competitor. '
        'Compare him to Hillary," Gorka urged. "This is a woman who should recuse herself."'
    )
    assert speaker_name(doc, "Compare him to Hillary") == "Sebastian Gorka"


def test_urged_with_an_object_is_still_a_stance_not_a_direct_cue():
    doc = newsledger.analyze("The mayor urged residents to stay indoors on Friday.")
    assert not any(q.kind == "direct" for q in doc.quotes)


def test_adding_after_a_mixed_quote_is_the_reporter_s():
    doc = newsledger.analyze(
        'Trump told Newsmax that Romney "had a crazy policy of self-deportation," adding, '
        '"He lost all of the Latino vote."'
    )
    assert speaker_name(doc, "He lost all of the Latino vote") == "Donald Trump"


def test_a_name_set_off_by_commas_before_said_speaks():
    doc = newsledger.analyze(
        "In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: "
        '"Clinton believes that transatlantic cooperation is essential."'
    )
    assert speaker_name(doc, "transatlantic cooperation is essential") == "Jake Sullivan"


def test_the_subject_of_said_wins_over_a_name_before_it():
    # "said" has its subject ("spokesman"); the name just before it is not a stand-in.
    doc = newsledger.analyze(
        'After meeting Governor Mike DeWine, the spokesman said: "The state will appeal the ruling."'
    )
    assert speaker_name(doc, "The state will appeal") != "Mike DeWine"
