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
