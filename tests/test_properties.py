"""Property tests: for any text, analysis finishes and every fact points into the text.

Hostile text (arbitrary Unicode, control characters, RTL marks, emoji, no punctuation,
only or unbalanced quotation marks, one very long line) must never crash ``analyze`` or
give a fact whose span falls outside the text or whose stored text is not the text at
its span; the document's JSON round-trips unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.document import Document
from newsledger.ingest import IngestError, read_path, read_text_article

PROPERTY = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples every run: a failure reproduces
)

NEWS_WORDS = [
    "The", "minister", "said", "Moscow", "Paris", "Ukraine", "troops", "attacked", "on", "Tuesday",
    "officials", "reportedly", "denied", "Merkel", "Reuters", "according", "to", "he", "she",
    "they", "met", "talks", "in", "Berlin", "last", "week", "allegedly", "sanctions", "warned",
]
QUOTE_MARKS = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‚"]
ODD_CHARS = [
    "\u200f", "\u200e", "\u202e", "\u202c", "\u2066", "\u2069",  # RTL/LTR marks and isolates
    "\u200b", "\u200d", "\ufeff", "\u00ad",  # zero-width space, joiner, BOM, soft hyphen
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\t", "\r", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029",
    "😀", "🇺🇸", "👩‍👩‍👧", "🏳️‍🌈", "\U0001d54f",  # emoji, flags, ZWJ sequences, astral letters
    "שלום", "مرحبا", "Привет", "中文", "e\u0301", "ﬁ",  # scripts, combining marks, ligature
]

# Text that looks like news, broken in one of the ways scraped corpora break.
news_tokens = st.lists(
    st.one_of(st.sampled_from(NEWS_WORDS), st.sampled_from(QUOTE_MARKS), st.sampled_from(ODD_CHARS),
              st.sampled_from([".", ",", ":", "?", "!", "—", "...", " ", "  ", "\n\n"])),
    min_size=1, max_size=60,
)
newsy_text = news_tokens.map(" ".join)
arbitrary_text = st.text(min_size=1, max_size=300)
no_punctuation = st.lists(st.sampled_from(NEWS_WORDS), min_size=1, max_size=80).map(" ".join)
only_quotes = st.lists(st.sampled_from(QUOTE_MARKS + [" "]), min_size=1, max_size=40).map("".join)
# analyze refuses a text of nothing but white space (tests/test_python_api.py): its
# properties are of the texts it takes.
blank = str.isspace

unbalanced_quotes = st.tuples(
    st.lists(st.sampled_from(NEWS_WORDS), min_size=1, max_size=15),
    st.sampled_from(QUOTE_MARKS),
    st.lists(st.sampled_from(NEWS_WORDS), min_size=1, max_size=15),
).map(lambda t: f'{" ".join(t[0])} said {t[1]}{" ".join(t[2])}.')


def assert_well_formed(doc: Document) -> None:
    """Every span inside the text, every stored text equal to the text at its span, every
    actor reference resolvable, the JSON round-trip lossless."""
    text = doc.text
    n = len(text)

    def check(what: str, start: int, end: int, stored: str | None) -> None:
        assert isinstance(start, int) and isinstance(end, int), f"{what}: offsets not ints ({start!r}, {end!r})"
        assert 0 <= start < end <= n, f"{what}: span ({start}, {end}) outside text of length {n}"
        if stored is not None:
            assert stored == text[start:end], f"{what}: stored {stored!r} != text[{start}:{end}] {text[start:end]!r}"

    actor_ids = {a.id for a in doc.actors}
    assert len(actor_ids) == len(doc.actors), "actor ids not unique"
    for actor in doc.actors:
        for m in actor.mentions:
            check(f"mention of {actor.id}", m.start, m.end, m.text)
            assert m.actor == actor.id, f"mention {m.text!r} of {actor.id} points to {m.actor}"
    for q in doc.quotes:
        check("quote", q.start, q.end, q.text)
        if q.cue is not None:
            check("quote cue", q.cue.start, q.cue.end, q.cue.text)
        if q.speaker_span is not None:
            check("quote speaker_span", q.speaker_span.start, q.speaker_span.end, q.speaker_span.text)
        assert q.speaker is None or q.speaker in actor_ids, f"quote speaker {q.speaker} is no actor"
    for s in doc.scare_quotes:
        check("scare quote", s.start, s.end, s.text)
    for e in doc.events:
        check(f"event {e.type}", e.start, e.end, e.text or None)
        for ref in (e.source, e.target, e.claimed_by):
            assert ref is None or ref in actor_ids, f"event {e.type} refers to {ref}, no actor"
    for t in doc.times:
        check("time", t.start, t.end, t.text)
    for p in doc.places:
        check("place", p.start, p.end, p.text)
    for c in doc.claims:
        check("claim", c.start, c.end, c.text)
        assert c.source is None or c.source in actor_ids, f"claim source {c.source} is no actor"
    for h in doc.hedges:
        check("hedge", h.start, h.end, h.text)
    as_dict = doc.to_dict()
    assert json.loads(json.dumps(as_dict)) == as_dict


# --------------------------------------------------------------------------------------------
# analyze


@PROPERTY
@given(text=arbitrary_text.filter(lambda t: not blank(t)))
def test_analyze_arbitrary_unicode(analyze, text):
    assert_well_formed(analyze(text))


@PROPERTY
@given(text=newsy_text.filter(lambda t: not blank(t)))
def test_analyze_news_with_control_rtl_emoji_and_quotes(analyze, text):
    assert_well_formed(analyze(text))


@PROPERTY
@given(text=no_punctuation)
def test_analyze_without_punctuation(analyze, text):
    assert_well_formed(analyze(text))


@PROPERTY
@given(text=only_quotes.filter(lambda t: not blank(t)))
def test_analyze_only_quotation_marks(analyze, text):
    doc = analyze(text)
    assert_well_formed(doc)
    assert not doc.actors and not doc.events, "quotation marks alone hold no actor and no event"


@PROPERTY
@given(text=unbalanced_quotes)
def test_analyze_unbalanced_quotes(analyze, text):
    assert_well_formed(analyze(text))


def test_analyze_200k_character_single_line(analyze):
    sentence = 'Russian troops attacked Kharkiv on Tuesday, the Ukrainian defence minister said, calling it "a war crime". '
    text = (sentence * (200_000 // len(sentence) + 1))[:200_000]
    assert "\n" not in text and len(text) == 200_000
    doc = analyze(text)
    assert_well_formed(doc)
    assert doc.events, "a long line of attacks still yields events"


def test_well_formed_check_catches_a_shifted_span(analyze):
    """The checker itself must fail on a fact whose text does not match its span."""
    doc = analyze("Germany's chancellor met the French president in Paris on Monday.")
    assert doc.places or doc.actors
    if doc.places:
        doc.places[0].start += 1
    else:
        doc.actors[0].mentions[0].start += 1
    with pytest.raises(AssertionError):
        assert_well_formed(doc)


# --------------------------------------------------------------------------------------------
# ingest


@PROPERTY
@given(text=st.one_of(arbitrary_text, newsy_text, only_quotes))
def test_read_text_article_keeps_text_exactly_or_refuses_it(text):
    try:
        article = read_text_article(text)
    except IngestError as exc:
        assert not text.strip(), f"non-blank text refused: {exc}"
        assert "empty" in str(exc)
        return
    assert article.text == text
    assert article.id and len(article.id) == 16
    for value in (article.title, article.author):
        assert value is None or value.strip()
    assert article.date is None or len(article.date) == 10


@PROPERTY
@given(text=st.one_of(arbitrary_text, newsy_text))
def test_read_path_of_any_utf8_text_file(tmp_path_factory, text):
    path: Path = tmp_path_factory.mktemp("prop") / "article.txt"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    items = list(read_path(path))
    assert len(items) == 1
    item = items[0]
    if item.error is not None:
        assert str(path) in str(item.error), "the error names the file"
        return
    article = item.article
    # Text mode: line ends normalized, a UTF-8 BOM dropped, nothing else changed.
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    if expected.startswith("\ufeff"):
        expected = expected[1:]
    assert article.text == expected
    assert article.path == str(path)


@PROPERTY
@given(records=st.lists(st.one_of(st.dictionaries(st.sampled_from(["text", "title", "date", "id"]), st.text(max_size=40)),
                                  st.text(max_size=30)), min_size=1, max_size=8))
def test_read_path_jsonl_one_item_per_nonblank_line(tmp_path_factory, records):
    lines = [json.dumps(r) if isinstance(r, dict) else r.replace("\n", " ").replace("\r", " ") for r in records]
    path: Path = tmp_path_factory.mktemp("prop") / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(path))
    nonblank = [n for n, line in enumerate(lines, 1) if line.strip()]
    assert len(items) == len(nonblank)
    for number, item in zip(nonblank, items):
        if item.error is not None:
            assert item.error.path == str(path) and item.error.line == number
        else:
            record = records[number - 1]
            assert isinstance(record, dict) and item.article.text == record["text"]
