"""Quotes and paragraph breaks (issue 14): a reported clause or mixed quote ends with its
paragraph; only a quotation left open in the press style carries over. A headline-style
'Name tweets: "..."' line gives its quote to the name."""

from __future__ import annotations

import newsledger


def test_a_mixed_quote_stops_at_the_paragraph_break():
    doc = newsledger.analyze(
        'President Donald Trump hit back at the former FBI director on Friday, calling him an "untruthful slime ball" '
        "who should be prosecuted for leaking classified information.\n\n"
        'Trump tweets: "It was my great honor to fire him."\n\n'
        "The book goes on sale next week."
    )
    mixed = [q for q in doc.quotes if "slime ball" in q.text]
    assert mixed and all("\n" not in q.text and "great honor" not in q.text for q in mixed)
    honor = [q for q in doc.quotes if "great honor" in q.text]
    assert len(honor) == 1
    assert honor[0].kind == "direct" and honor[0].text == "It was my great honor to fire him."
    assert doc.actor(honor[0].speaker).name == "Donald Trump"


def test_a_reported_clause_does_not_run_into_the_next_paragraph():
    doc = newsledger.analyze(
        "Senator Maria Lopez said the bill would pass the chamber by the end of the month\n\n"
        "Lawmakers in the other party have not said how they will vote."
    )
    clause = next(q for q in doc.quotes if "bill would pass" in q.text)
    assert "Lawmakers" not in clause.text


def test_a_quotation_left_open_in_the_press_style_runs_on():
    doc = newsledger.analyze(
        'Mayor Karen Bass said the city "will rebuild every home that was lost.\n\n'
        '"We will not leave anyone behind," she added.'
    )
    mixed = next(q for q in doc.quotes if "rebuild every home" in q.text)
    assert mixed.end > doc.text.index("lost.")
