"""A report inside a report: the quoted words go to the innermost cue with its own subject
(issue 14: "The New York Post reported ... the president told him: "I need loyalty."" gave
Trump's words to the Post)."""

from __future__ import annotations

import newsledger


def test_an_outlet_reporting_a_quoted_exchange_is_not_its_speaker():
    doc = newsledger.analyze(
        "The New York Post reported that Comey returned to the Mafia theme in describing a Jan. 27 dinner "
        'with President Donald Trump at which, Comey wrote, the president told him: "I need loyalty. I expect loyalty."'
    )
    quote = next(q for q in doc.quotes if "I need loyalty" in q.text)
    assert quote.kind == "direct"
    assert doc.actor(quote.speaker).name == "Donald Trump"


def test_a_reported_clause_with_a_mixed_quote_keeps_its_reporter():
    doc = newsledger.analyze('Senator Maria Lopez said the bill "will pass" before the recess.')
    quote = next(q for q in doc.quotes if "will pass" in q.text)
    assert doc.actor(quote.speaker).name == "Maria Lopez"

