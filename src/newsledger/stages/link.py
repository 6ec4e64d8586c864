"""The link step: each event gets the date and the place the text gives it.

The time and place stages find time expressions and places; this step, declared after
them, attaches them to the events the events stage coded, so that no stage rewrites
another's facts. It reads only the Document: events, times (with their granularity),
places (with their role and head token) and the parse.
"""

from __future__ import annotations

from typing import Any, Optional

from newsledger.document import Document, Place, PlaceRef, TimeExpr
from newsledger.settings import Settings
from newsledger.stage import stage
from newsledger.syntax import depth_below, governed_by, in_clause_of


def _phrase_root(doc: Any, start: int, end: int) -> Any:
    return doc.char_span(start, end, alignment_mode="expand").root


def date_events(document: Document) -> None:
    """Each event gets the date of the time expression its verb governs, else the nearest
    day-level one in its sentence, else the latest one earlier in its paragraph that dates
    a clause (the narrative carries it: "They met on Friday. After the meeting they
    announced ..."), else the article date with ``date_from_article``. Durations and
    recurrences date nothing."""
    doc = document.doc
    if doc is None or not document.events:
        return
    anchor = document.article.anchor_date()
    dated = []
    for t in document.times:
        if not t.value or t.kind in ("duration", "set"):
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        dated.append((t, t.granularity or "day", governed_by(span.root)))
    for event in document.events:
        if event.date is not None:
            continue
        span = doc.char_span(event.start, event.end, alignment_mode="expand")
        choice: Optional[TimeExpr] = None
        if span is not None and len(span):
            verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
            root = verbs[0] if verbs else span.root
            sent = root.sent
            para_start, para_end = document.layer.paragraph_bounds(event.start)
            lo, hi = max(sent.start_char, para_start), min(sent.end_char, para_end)
            in_sentence = [(t, g, verb) for t, g, verb in dated if lo <= t.start < hi]
            governed = [t for t, g, verb in in_sentence if verb is not None and verb.i == root.i]
            if governed:
                choice = governed[0]
            else:
                # Not a date in another clause ("Lavrov, who arrived on Thursday, met ...").
                daily = [
                    t
                    for t, g, _ in in_sentence
                    if g in ("day", "time") and in_clause_of(_phrase_root(doc, t.start, t.end), root)
                ]
                if daily:
                    choice = min(daily, key=lambda t: abs(t.start - root.idx))
            if choice is None:
                earlier = [t for t, g, verb in dated if para_start <= t.start < lo and verb is not None and g in ("day", "time")]
                if earlier:
                    choice = earlier[-1]
        if choice is not None:
            event.date = choice.value
            event.date_from_article = False
        elif anchor is not None:
            event.date = anchor.isoformat()
            event.date_from_article = True


def _event_root(doc: Any, start: int, end: int) -> Any:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX")]
    return verbs[0] if verbs else span.root


def place_ref(place: Place) -> PlaceRef:
    name = f"{place.region} {place.name}" if place.region and place.region != place.name else place.name
    return PlaceRef(name=name, country=place.country, lat=place.lat, lon=place.lon)


def locate_events(document: Document) -> None:
    """Each event gets the place its sentence locates it in (the one its verb governs most
    closely, else the nearest), else the first locative place of its paragraph."""
    doc = document.doc
    if doc is None or not document.events:
        return
    locatives = [(p, doc[p.head]) for p in document.places if p.role == "locative" and p.head is not None]
    if not locatives:
        return
    layer = document.layer
    for event in document.events:
        if event.place is not None:
            continue
        root = _event_root(doc, event.start, event.end)
        if root is None:
            continue
        sent = root.sent
        para = layer.paragraph_bounds(event.start)
        lo, hi = max(sent.start_char, para[0]), min(sent.end_char, para[1])
        in_sentence = [(p, r) for p, r in locatives if lo <= p.start < hi]
        best = None
        if in_sentence:
            # A place in another clause locates that clause's event ("... that attacked
            # elections, that invaded Ukraine"); among the others, the one the event's
            # verb governs first, then the nearest.
            mine = [(p, r) for p, r in in_sentence if in_clause_of(r, root)]
            # Of "Hamburg, Germany" or "Ukraine's Donetsk region", the head: the narrower.
            heads = {r.i for _, r in mine}
            mine = [(p, r) for p, r in mine if not (r.head.i in heads and r.head.i != r.i)] or mine
            if mine:
                best = min(mine, key=lambda pr: (depth_below(pr[1], root) is None, abs(pr[0].start - root.idx)))[0]
        else:
            best = next((p for p, _ in locatives if para[0] <= p.start < para[1]), None)
        if best is not None:
            event.place = place_ref(best)


def run(document: Document, settings: Settings) -> None:
    """Date and place each event from the times and places of its clause, sentence and paragraph."""
    date_events(document)
    locate_events(document)


STAGE = stage("link", requires=("doc", "events", "times", "places"), assigns=("events.date", "events.place"))(run)
