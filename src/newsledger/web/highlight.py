"""The article text as HTML with its facts highlighted in place: ``article_facts(doc)`` finds
the facts shown in the text, ``highlight(text, facts)`` wraps them.

Article text is never trusted: every text segment between fact boundaries is escaped on
its own (``markupsafe.escape``) and wrapped in markup whose attribute values are escaped
too; nothing from the database is marked safe unescaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import urlsplit

from markupsafe import Markup, escape

SPEAKER_COLOURS = 8
_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def _css(value: str) -> str:
    return _CLASS_SAFE.sub("_", value)


def marked_spans(text: str, spans: list[Any]) -> Markup:
    """``text`` escaped, with each ``[start, end)`` span (a search match) in ``<mark>``."""
    out: list[str] = []
    at = 0
    for start, end in sorted((int(a), int(b)) for a, b in spans):
        if start < at or end > len(text):
            continue  # overlapping or out of range: left plain rather than misplaced
        out.append(str(escape(text[at:start])) + "<mark>" + str(escape(text[start:end])) + "</mark>")
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


@dataclass
class Fact:
    id: str  # anchor id, e.g. "q3"
    kind: str  # quote | speaker | event | anon | hedge
    start: int
    end: int
    classes: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)


def _find_near(text: str, needle: str, start: int, end: int, window: int = 400) -> Optional[tuple[int, int]]:
    """The occurrence of ``needle`` nearest to ``[start, end)``, searched in a window around it."""
    if not needle:
        return None
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    best: Optional[tuple[int, int]] = None
    at = text.find(needle, lo, hi)
    while at != -1:
        distance = 0 if start <= at < end else min(abs(at - start), abs(at - end))
        if best is None or distance < best[0]:
            best = (distance, at)
        at = text.find(needle, at + 1, hi)
    return None if best is None else (best[1], best[1] + len(needle))


UNNAMED = "?unnamed"  # the speaker key of quotes whose source the text describes but does not name


def speaker_key(quote: dict[str, Any], unnamed: frozenset[str] = frozenset()) -> str:
    """Whom a quote is grouped under: its speaker's key; ``UNNAMED`` when the text gives a
    source without naming it ("an aide said"; a speaker actor in ``unnamed``, the ids of the
    article's actors it does not name); "" when it gives no source at all."""
    key = quote.get("speaker") or ""
    if key in unnamed or (not key and quote.get("speaker_span")):
        return UNNAMED
    return key


def unnamed_actors(doc: dict[str, Any]) -> frozenset[str]:
    return frozenset(a["id"] for a in doc["actors"] if a.get("named") is False)


def speaker_label(quote: dict[str, Any], names: dict[str, str], unnamed: frozenset[str] = frozenset()) -> str:
    key = speaker_key(quote, unnamed)
    if key == UNNAMED:
        words = (quote.get("speaker_span") or {}).get("text") or quote.get("speaker_name") or names.get(quote.get("speaker") or "", "")
        return f"unnamed source: {words}"
    if not key:
        return "no source"
    return quote.get("speaker_name") or names.get(key) or key


def article_facts(doc: dict[str, Any]) -> tuple[list[Fact], dict[str, str]]:
    """The facts of a stored document that are shown in the text, and each speaker's colour
    (quotes from an unnamed source and quotes with no source have a grey of their own)."""
    text = doc["text"]
    names = {a["id"]: a["name"] for a in doc["actors"]}
    unnamed = unnamed_actors(doc)
    colour: dict[str, str] = {"": "spk-none", UNNAMED: "spk-unnamed"}
    for q in doc["quotes"]:
        key = speaker_key(q, unnamed)
        if key not in colour:
            colour[key] = f"spk-{(len(colour) - 2) % SPEAKER_COLOURS}"
    facts: list[Fact] = []
    for i, q in enumerate(doc["quotes"]):
        key = speaker_key(q, unnamed)
        speaker = speaker_label(q, names, unnamed)
        facts.append(
            Fact(
                f"q{i}",
                "quote",
                q["start"],
                q["end"],
                f"quote {q['kind']} {colour[key]}",
                f"{q['kind']} quote — {speaker}",
                {"speaker": speaker, "speaker_key": key, "quote": f"q{i}"},
            )
        )
        span = q.get("speaker_span")
        if span:
            facts.append(
                Fact(f"s{i}", "speaker", span["start"], span["end"], f"speaker {colour[key]}", f"speaker: {speaker}", {"speaker": speaker})
            )
    for i, e in enumerate(doc["events"]):
        who = f"{e.get('source_name') or '?'} → {e.get('target_name') or '?'}"
        facts.append(
            Fact(f"e{i}", "event", e["start"], e["end"], f"event ev-{_css(e['type'])}", f"{e['type']}: {who}", {"event": e["type"]})
        )
    for i, c in enumerate(doc["claims"]):
        if c.get("source_type") != "anonymous" or not c.get("source_text"):
            continue
        found = _find_near(text, c["source_text"], c["start"], c["end"])
        if found:
            # Numbered by the claim, so a link from elsewhere (the sourcing page) finds it.
            facts.append(Fact(f"a{i}", "anon", found[0], found[1], "anon", f"anonymous source: {c['source_text']}"))
    for i, h in enumerate(doc["hedges"]):
        facts.append(Fact(f"h{i}", "hedge", h["start"], h["end"], f"hedge hedge-{_css(h['kind'])}", f"hedge ({h['kind']})"))
    n = len(text)
    facts = [f for f in facts if 0 <= f.start < f.end <= n]
    return facts, colour


def highlight(text: str, facts: list[Fact]) -> Markup:
    """The text as HTML with each fact wrapped in place. Every segment of text between two
    fact boundaries is escaped on its own; the wrapping markup carries escaped attributes."""
    # Plain strings and ``escape`` rather than ``Markup.format``: the same escaping, at a
    # fraction of the cost (a long article has a few hundred segments).
    bounds = sorted({0, len(text), *(f.start for f in facts), *(f.end for f in facts)})
    starts: dict[int, list[Fact]] = {}
    for f in facts:
        starts.setdefault(f.start, []).append(f)
    out: list[str] = []
    # The facts that cover the segment from ``lo`` on (start <= lo < end), in the order of
    # (start, longest first): kept as the bounds are walked, not searched for each segment.
    active: list[Fact] = []
    for lo, hi in zip(bounds, bounds[1:]):
        opening = starts.get(lo, ())
        for f in opening:
            out.append(f'<a class="anchor" id="f-{_attr(f.id)}"></a>')
        active = [f for f in active if f.end > lo] + [f for f in sorted(opening, key=lambda f: -f.end) if f.end > lo]
        segment = _attr(text[lo:hi])
        if not active:
            out.append(segment)
            continue
        classes: list[str] = []
        for f in active:
            for c in f.classes.split():
                if c not in classes:
                    classes.append(c)
        attrs = (
            f' class="fact {_attr(" ".join(classes))}" data-facts="{_attr(" ".join(f.id for f in active))}"'
            f' title="{_attr("; ".join(f.title for f in active))}"'
        )
        quote = next((f for f in active if f.kind == "quote"), None)
        if quote is not None:
            attrs += f' data-quote="{_attr(quote.data["quote"])}" data-speaker="{_attr(quote.data["speaker"])}"'
        out.append(f"<span{attrs}>{segment}</span>")
    return Markup("".join(out))


def _attr(value: Any) -> str:
    return str(escape(value))


def safe_url(url: Optional[str]) -> Optional[str]:
    """The URL when it is http(s), else None (a ``javascript:`` URL is shown as text only)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None

