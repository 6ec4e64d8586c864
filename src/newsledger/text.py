"""One text layer: the views of an article's text that every stage reads, computed once.

Paragraphs, quoted regions, sentences and actor mentions used to be rebuilt by each stage in
its own way (five definitions of a paragraph, two quoted-region scanners that disagreed).
``Document.layer`` builds a ``TextLayer`` on first use; stages ask it, never the raw text.

- A paragraph ends at a blank line (a line break, optional spaces, a line break).
- Quoted regions are the top-level spans between paired quotation marks: straight and
  curly double quotes, single quotes used as the main marks, nested single quotes kept
  inside; apostrophes ("'90s", "rock 'n' roll", "players'") never open one. A region left
  open at a paragraph's end runs on when the next paragraph opens with a quotation mark
  (the print convention) or closes one before opening another.
- Sentences are the parse's; ``sentence_at`` finds one by bisection.
- Furniture is the words on the page that are not the story: a wire dateline, photo captions,
  and the related-link widgets The Hill inlines after a name. The widgets stand inside
  sentences, so the parser reads the text with them blanked out (``without_related_links``:
  spaces, every offset kept); the stored text keeps them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Optional

import yaml

from newsledger.knowledge.lexicon import read_text

DOUBLE_OPENERS = "“„«"
DOUBLE_CLOSERS = "”»"
SINGLE_OPENERS = "‘‹"
SINGLE_CLOSERS = "’›"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
ALL_MARKS = set(DOUBLE_OPENERS + DOUBLE_CLOSERS + SINGLE_OPENERS + SINGLE_CLOSERS + STRAIGHT_DOUBLE + STRAIGHT_SINGLE)
# Characters after which a straight mark opens a quotation.
OPEN_CONTEXT = set("([{—–-/:") | set(DOUBLE_OPENERS) | {STRAIGHT_DOUBLE}
# Characters before which a straight mark closes one.
CLOSE_CONTEXT = set(".,;:!?)]}—–-…") | set(DOUBLE_CLOSERS) | set(SINGLE_CLOSERS) | {STRAIGHT_DOUBLE, STRAIGHT_SINGLE}
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass
class Region:
    """Words between a pair of quotation marks. ``inner`` excludes the marks, ``outer`` includes them."""

    outer_start: int
    outer_end: int
    inner_start: int
    inner_end: int
    closed: bool = True
    used: bool = False


def _paragraph_ends(text: str) -> list[int]:
    return [m.start() for m in PARAGRAPH_BREAK.finditer(text)] + [len(text)]


def _next_break(breaks: list[int], pos: int) -> int:
    """The paragraph end at or after ``pos`` (``breaks`` ends with the text's length)."""
    return breaks[min(bisect.bisect_left(breaks, pos), len(breaks) - 1)]


def _mark_role(text: str, i: int) -> tuple[bool, bool]:
    """(can open, can close) for the double quotation mark at ``i``."""
    ch = text[i]
    if ch in DOUBLE_OPENERS:
        return True, False
    if ch in DOUBLE_CLOSERS:
        return False, True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    can_open = (before.isspace() or before in OPEN_CONTEXT) and not after.isspace()
    can_close = not before.isspace() and (after.isspace() or after in CLOSE_CONTEXT)
    return can_open, can_close


# The marks the scanners stop at, found by the regex engine rather than by a Python step
# per character of the text.
_DOUBLE_MARK = re.compile("[" + re.escape(STRAIGHT_DOUBLE + DOUBLE_OPENERS + DOUBLE_CLOSERS) + "]")
_SINGLE_OPENING = re.compile("[" + re.escape(STRAIGHT_SINGLE + SINGLE_OPENERS) + "]")


def _double_regions(text: str) -> list[Region]:
    marks = [m.start() for m in _DOUBLE_MARK.finditer(text)]
    breaks = _paragraph_ends(text)
    roles = {i: _mark_role(text, i) for i in marks}
    regions: list[Region] = []
    k = 0
    while k < len(marks):
        start = marks[k]
        can_open, _ = roles[start]
        if not can_open:
            k += 1
            continue
        limit = _next_break(breaks, start)
        j = k + 1
        close: Optional[int] = None
        stop = limit
        while j < len(marks):
            pos = marks[j]
            opens, closes = roles[pos]
            if pos > limit:
                # The paragraph ended with the quote open: it runs on when the next paragraph
                # opens with a mark or closes one before opening another.
                next_para = _first_non_space(text, limit)
                if pos == next_para and opens and (text[pos] == STRAIGHT_DOUBLE) == (text[start] == STRAIGHT_DOUBLE):
                    limit = _next_break(breaks, pos)
                    j += 1
                    continue
                if closes and pos <= _next_break(breaks, next_para) and not _has_opener_between(text, roles, marks, next_para, pos):
                    close = pos
                break
            if closes:
                close = pos
                break
            if opens and text[pos] in DOUBLE_OPENERS and text[start] in DOUBLE_OPENERS:
                stop = pos  # a new curly quote opens: the first one was never closed
                break
            j += 1
        if close is not None:
            regions.append(Region(start, close + 1, start + 1, close))
            k = marks.index(close) + 1
            continue
        end = min(stop, limit)
        while end > start + 1 and text[end - 1].isspace():
            end -= 1
        if end > start + 1:
            regions.append(Region(start, end, start + 1, end, closed=False))
        k += 1
        while k < len(marks) and marks[k] < end:
            k += 1
    return regions


def _first_non_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _has_opener_between(text: str, roles: dict[int, tuple[bool, bool]], marks: list[int], start: int, end: int) -> bool:
    return any(start <= m < end and roles[m][0] and not roles[m][1] for m in marks)


def _is_elision(text: str, i: int, elisions: tuple[str, ...]) -> bool:
    """An apostrophe at ``i`` that stands for left-out letters or digits ('90s, 'em, rock 'n' roll)."""
    after = text[i + 1] if i + 1 < len(text) else " "
    if after.isdigit():
        return True
    head = text[i : i + 8].lower().replace("’", "'").replace("‘", "'")
    for e in elisions:
        if head.startswith(e):
            nxt = head[len(e) : len(e) + 1]
            if not nxt or not nxt.isalpha():
                return True
    return False


def _single_regions(text: str, outside: list[Region], elisions: tuple[str, ...]) -> list[Region]:
    """Single-quoted regions outside double-quoted ones ('...' as the main quotation mark)."""
    covered = [(r.outer_start, r.outer_end) for r in outside]
    covered_starts = [s for s, _ in covered]

    def inside_double(i: int) -> bool:
        k = bisect.bisect_right(covered_starts, i) - 1
        return k >= 0 and covered[k][0] <= i < covered[k][1]

    breaks = _paragraph_ends(text)
    regions: list[Region] = []
    i = 0
    n = len(text)
    while (mark := _SINGLE_OPENING.search(text, i)) is not None:
        i = mark.start()
        if inside_double(i):
            i += 1
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < n else " "
        opens = (before.isspace() or before in OPEN_CONTEXT) and (after.isalnum() or after in "“\"$") and not _is_elision(text, i, elisions)
        if not opens:
            i += 1
            continue
        limit = min(_next_break(breaks, i), i + 400)
        close = None
        j = i + 2
        while j < limit:
            c = text[j]
            if c in (STRAIGHT_SINGLE,) or c in SINGLE_CLOSERS:
                b = text[j - 1]
                a = text[j + 1] if j + 1 < n else " "
                if not b.isspace() and not (b.isalnum() and a.isalnum()) and (a.isspace() or a in CLOSE_CONTEXT):
                    close = j
                    break
            if inside_double(j):
                break
            j += 1
        if close is None:
            i += 1
            continue
        regions.append(Region(i, close + 1, i + 1, close))
        i = close + 1
    return regions


def quoted_regions(text: str) -> list[Region]:
    """All top-level quoted regions of ``text`` in order (nested single quotes stay inside)."""
    doubles = _double_regions(text)
    singles = _single_regions(text, doubles, _elisions())
    return sorted(doubles + singles, key=lambda r: r.outer_start)


@lru_cache(maxsize=1)
def invisible_marks() -> "re.Pattern[str]":
    """The characters that print as nothing (``invisible_marks`` of ``data/text.yaml``:
    zero-width spaces and joiners, the soft hyphen ...) as one character class."""
    return re.compile("[" + re.escape("".join(_text_data().get("invisible_marks") or ())) + "]")


def visible(text: str) -> str:
    """``text`` without its invisible marks: the form of a name ("Jo\u200bhanna" -> "Johanna")."""
    marks = invisible_marks()
    return marks.sub("", text) if marks.search(text) else text


@lru_cache(maxsize=1)
def _text_data() -> dict:
    return yaml.safe_load(read_text("text.yaml")) or {}


# The place of a dateline: words in capitals ("SAO PAULO", "LONDON/BRUSSELS", "ST. LOUIS"),
# then a region or country as written ("N.C.", "North Korea") and a date ("May 3").
_PLACE = r"[A-Z][A-Z.'’\-]+(?:[ /][A-Z][A-Z.'’\-]*)*"
_REGION = r"(?:,\s*[A-Z][A-Za-z.'’\-]*(?:\s[A-Z][A-Za-z.'’\-]*){0,3})?"
_DATE = r"(?:,\s*(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
_DASH = r"\s*(?:--|[-—–])\s*"


@lru_cache(maxsize=1)
def _dateline_pattern() -> "re.Pattern[str]":
    agencies = sorted((str(a) for a in _text_data().get("news_agencies") or ()), key=len, reverse=True)
    agency = r"\((?:" + "|".join(re.escape(a) for a in agencies) + r")\)"
    return re.compile(
        # "CAIRO (Reuters) -", "WASHINGTON, May 3 (AP) —", "(Reuters) -", or a place in capitals
        # and a dash without an agency ("BEIRUT — ").
        rf"(?:(?:{_PLACE}{_REGION}{_DATE}\s*)?{agency}{_DASH}|{_PLACE}{_REGION}{_DATE}\s+(?:--|[—–])\s*)"
    )


@lru_cache(maxsize=1)
def _photo_credit_patterns() -> tuple["re.Pattern[str]", ...]:
    return tuple(re.compile(p) for p in _text_data().get("photo_credits") or ())


@lru_cache(maxsize=1)
def _related_link_patterns() -> tuple[str, tuple["re.Pattern[str]", ...]]:
    """(the closer, one pattern per shape of full name): each matches a widget from its
    full name (group ``full``) through the closer, the headlines in one line between."""
    data = _text_data().get("related_links") or {}
    closer = str(data.get("closer") or "")
    if not closer or not data.get("full_names"):
        return closer, ()
    name = str(data["name"])
    word = re.escape(closer)
    # The headlines: anything but a line end or another widget's closer, then the closer as a
    # word of its own ("MORE’s campaign" yes, "MORES" no).
    headlines = rf"(?:(?!\b{word}\b)[^\n]){{0,{int(data.get('longest_headlines') or 1000)}}}?[ ]{word}(?!\w)"
    return closer, tuple(re.compile(str(shape).replace("{name}", name) + headlines) for shape in data["full_names"])


def related_links(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each related-link widget in ``text`` (``related_links`` of
    ``data/text.yaml``): the full name after a printed name, the headlines glued to it and
    the closing "MORE", in text order. Where two shapes find a widget that ends at one
    closer, the first listed shape's start is kept (the shapes are listed surest first)."""
    closer, patterns = _related_link_patterns()
    if not patterns or closer not in text:  # the common case: one substring scan
        return []
    starts: dict[int, int] = {}
    for pattern in patterns:
        for m in pattern.finditer(text):
            starts.setdefault(m.end(), m.start("full"))
    spans: list[tuple[int, int]] = []
    for end, start in sorted(starts.items(), key=lambda item: item[1]):
        if spans and start < spans[-1][1]:
            continue  # inside a widget already found (a name in another's headlines)
        spans.append((start, end))
    return spans


def without_related_links(text: str) -> str:
    """``text`` with its related-link widgets blanked out by spaces, so that every offset
    still indexes ``text``: the form the parser reads ("President Trump Donald John TrumpGOP
    senators balk ... MORE in an op-ed" is "President Trump" and spaces, "in an op-ed").
    The text itself when it has none."""
    return _blanked(text, related_links(text))


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` replaced by as many spaces (the text itself when none)."""
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces += [text[last:start], " " * (end - start)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


@lru_cache(maxsize=1)
def _elisions() -> tuple[str, ...]:
    """Apostrophe words that open no quotation, longest first ('n', 'em, 'tis …)."""
    raw = yaml.safe_load(read_text("text.yaml")) or {}
    return tuple(sorted((str(w).lower() for w in raw.get("elisions") or ()), key=len, reverse=True))


# --------------------------------------------------------------------------- the layer


class TextLayer:
    """Paragraphs, quoted regions and sentences of one text (``text`` is the analysed text:
    the parsed prefix of the article when a long article was cut)."""

    def __init__(self, text: str, doc: Any = None) -> None:
        self.text = text
        self.doc = doc

    # ---- paragraphs
    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each paragraph, the blank lines between them left out."""
        bounds, start = [], 0
        for m in PARAGRAPH_BREAK.finditer(self.text):
            bounds.append((start, m.start()))
            start = m.end()
            while start < len(self.text) and self.text[start].isspace():
                start += 1
        bounds.append((start, len(self.text)))
        return bounds

    @cached_property
    def paragraph_starts(self) -> list[int]:
        return [s for s, _ in self.paragraphs]

    def paragraph_of(self, char: int) -> int:
        """The index of the paragraph that holds ``char`` (the one before, in a blank line)."""
        return max(0, bisect.bisect_right(self.paragraph_starts, char) - 1)

    def paragraph_bounds(self, char: int) -> tuple[int, int]:
        return self.paragraphs[self.paragraph_of(char)]

    # ---- page furniture: the dateline, photo captions, related-link widgets
    @cached_property
    def dateline(self) -> Optional[tuple[int, int]]:
        """``(start, end)`` of the dateline that opens the story ("CAIRO (Reuters) - "), its
        dash and the space after it included; at the start of one of the first three
        paragraphs (a byline may come first). None when the story has none."""
        pattern = _dateline_pattern()
        for start, end in self.paragraphs[:3]:
            m = pattern.match(self.text, start, end)
            if m and m.end() < end:
                return (m.start(), m.end())
        return None

    @cached_property
    def captions(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each paragraph that is a photo caption or credit: a short one
        with a credit in it ("... REUTERS/Larry Downing", "(AP Photo/Evan Vucci)")."""
        limit = int(_text_data().get("caption_max_chars") or 400)
        credits = _photo_credit_patterns()
        out = []
        for start, end in self.paragraphs:
            if 0 < end - start <= limit:
                paragraph = self.text[start:end]
                if any(credit.search(paragraph) for credit in credits):
                    out.append((start, end))
        return out

    @cached_property
    def related_links(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each related-link widget ("Donald John TrumpGOP senators balk
        ... MORE" after "President Trump"): ``newsledger.text.related_links``."""
        return related_links(self.text)

    @cached_property
    def furniture(self) -> list[tuple[int, int]]:
        """The dateline, the captions and the related-link widgets in text order: words about
        the story's filing, its pictures and other stories, whose names are no actors of
        the story."""
        return sorted(([self.dateline] if self.dateline else []) + self.captions + self.related_links)

    # ---- quoted regions
    @cached_property
    def quoted_regions(self) -> list[Region]:
        # Quotation marks in a widget's headlines quote other stories ("... 'wake-up call' for
        # Trump MORE"), and one left unpaired there would pair with a mark of the story.
        return quoted_regions(_blanked(self.text, self.related_links))

    @cached_property
    def _region_starts(self) -> list[int]:
        return [r.outer_start for r in self.quoted_regions]

    def region_at(self, char: int) -> Optional[Region]:
        """The quoted region whose marks enclose ``char`` (marks included), if any."""
        k = bisect.bisect_right(self._region_starts, char) - 1
        if k >= 0 and char < self.quoted_regions[k].outer_end:
            return self.quoted_regions[k]
        return None

    def in_quotation(self, char: int) -> bool:
        return self.region_at(char) is not None

    # ---- sentences
    @cached_property
    def _sentences(self) -> list[Any]:
        return list(self.doc.sents) if self.doc is not None else []

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start_char for s in self._sentences]

    def sentence_at(self, char: int) -> Optional[Any]:
        """The parse's sentence (a spaCy ``Span``) that holds ``char``."""
        k = bisect.bisect_right(self._sentence_starts, char) - 1
        if k >= 0 and char < self._sentences[k].end_char:
            return self._sentences[k]
        return None
