"""Long texts are parsed in paragraph-sized pieces joined into one Doc: memory stays bounded
(bench/long_input.py prints the figures) and every fact's offsets still index the text."""

from __future__ import annotations

import pytest

import newsledger
from newsledger import pipeline
from newsledger.pipeline import piece_bounds


def test_pieces_cover_the_text_and_end_after_a_blank_line():
    text = ("One sentence here. Another one there.\n\n" * 40) + "x" * 250 + " tail"
    bounds = piece_bounds(text, limit=200)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(e - s <= 200 for s, e in bounds) and len(bounds) > 5
    paragraph_cuts = [e for s, e in bounds if e < 40 * 39]
    assert paragraph_cuts and all(text[e - 2 : e] == "\n\n" for e in paragraph_cuts)
    assert any(e - s == 200 for s, e in bounds), "a word longer than a piece is cut"


def test_a_short_text_is_one_piece():
    assert piece_bounds("Turkey attacked Syria.", limit=200) == [(0, 22)]


def test_facts_of_a_text_parsed_in_pieces_index_the_text(monkeypatch, seed_text, settings):
    # Pieces of 600 characters: the seed article (7,000 characters) is parsed in a dozen.
    monkeypatch.setattr(pipeline, "PIECE_CHARS", 600)
    text = seed_text.replace("Putin", "Pu\u200btin", 1)  # an invisible mark inside a piece
    assert len(piece_bounds(text, 600)) > 8
    document = newsledger.analyze(text, date="2017-07-08", settings=settings)
    assert document.doc.text == text
    assert document.quotes and document.events and document.actors
    facts = [*document.quotes, *document.events, *document.times, *document.places, *document.claims, *document.hedges]
    facts += [m for a in document.actors for m in a.mentions]
    for fact in facts:
        assert text[fact.start : fact.end] == fact.text, fact
    # Sentences never run across a piece's end: each piece starts a sentence.
    starts = {s for s, _e in piece_bounds(text, 600)}
    sentence_starts = {sent.start_char for sent in document.doc.sents}
    assert {s for s in starts if text[s:s + 1].strip()} <= sentence_starts


@pytest.mark.parametrize("texts", [["a" * 50] * 10])
def test_batches_are_bounded_by_characters(texts):
    units = [(t, None) for t in texts]
    batches = list(pipeline._char_batches(units, max_texts=32, max_chars=120))
    assert [len(b) for b in batches] == [2, 2, 2, 2, 2]
    assert [u for b in batches for u in b] == units
