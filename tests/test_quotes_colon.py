"""A quotation a colon opens is a direct quote: the words after its closing mark are the
narrator's, even when the parse hangs them on the quoted clause (issue 14)."""

from __future__ import annotations

import newsledger


def test_words_after_a_colon_quote_are_not_part_of_it():
    doc = newsledger.analyze(
        "Secretary of State Mike Pompeo, who is visiting New Delhi, told reporters on Thursday: “It’s not mine” "
        "after fevered speculation over who wrote the article seized Washington."
    )
    quote = next(q for q in doc.quotes if "not mine" in q.text)
    assert quote.kind == "direct" and quote.text == "It’s not mine"
    assert doc.actor(quote.speaker).name == "Mike Pompeo"


def test_a_quote_inside_a_clause_without_a_colon_stays_mixed():
    doc = newsledger.analyze('The senator said "we need more information" about the inquiry before any vote.')
    quote = next(q for q in doc.quotes if "more information" in q.text)
    assert quote.kind == "mixed" and "about the inquiry" in quote.text
