"""The Document and the fact types every stage adds to it.

A fact never exists without its span: ``(start, end)`` are character offsets into
``Document.text``, ``[start, end)``. ``Document.to_dict()`` gives the JSON contract
described in ``docs/SCHEMA.md`` (schema ``newsledger/1``).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pragma: no cover
    from newsledger.text import TextLayer

SCHEMA_VERSION = "newsledger/1"

_CHANGES = itertools.count(1)  # next() is atomic: two threads never draw the same number


def doc_length(doc: Any) -> int:
    """``len(doc.text)`` without making the text, which spaCy joins from every token at each
    access: the end of the last token and its trailing space."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


class ChangeCountedList(list):
    """A list that draws a new number from one counter whenever it changes, so that a
    Document can tell in one comparison whether any actor or mention was added, removed or
    reordered since it last built its mention index. Comparing a fingerprint of every
    actor's mention list instead cost O(actors) on every ``actor_at`` call: the largest
    cost of the stages on long articles.

    ``Document.actors`` and ``Actor.mentions`` hold one: a plain list assigned to them is
    copied into one, so change the list through the attribute, not through the name the
    list had before it was assigned."""

    version = 0  # the number drawn at the latest change of any counted list

    def __reduce__(self):  # pickled as a plain list; counted again when it is set back
        return (list, (list(self),))


def _counting(name: str) -> Any:
    method = getattr(list, name)

    def counted(self: ChangeCountedList, *args: Any, **kwargs: Any) -> Any:
        ChangeCountedList.version = next(_CHANGES)
        return method(self, *args, **kwargs)

    counted.__name__ = name
    return counted


for _mutator in ("append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse", "__setitem__", "__delitem__", "__iadd__", "__imul__"):
    setattr(ChangeCountedList, _mutator, _counting(_mutator))


def _counted(value: Any) -> Any:
    ChangeCountedList.version = next(_CHANGES)
    return value if isinstance(value, ChangeCountedList) or not isinstance(value, list) else ChangeCountedList(value)


def normalize_for_id(text: str) -> str:
    """The form of an article's text that decides its identity: Unicode NFC, white space
    collapsed, ends stripped. The same article fetched twice (CRLF vs LF, trailing blank
    lines) gets the same id."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def article_id_for(text: str) -> str:
    return hashlib.sha256(normalize_for_id(text).encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """An article as ingested: its text and metadata, before any analysis."""

    text: str
    id: str = ""
    title: Optional[str] = None
    date: Optional[str] = None  # ISO date of publication: the anchor for relative time
    source: Optional[str] = None  # outlet
    url: Optional[str] = None
    author: Optional[str] = None
    path: Optional[str] = None  # where it was read from, for messages
    warnings: list[str] = field(default_factory=list)
    fetched_at: Optional[str] = None  # ISO UTC time the page was fetched (web, WARC); None for files

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id_for(self.text)

    def anchor_date(self) -> Optional[_dt.date]:
        """The publication date as a date, the anchor of relative time; None when the
        article has none or an unreadable one."""
        if not self.date:
            return None
        try:
            return _dt.date.fromisoformat(str(self.date)[:10])
        except ValueError:
            return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "fetched_at": self.fetched_at,
        }


@dataclass
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Mention:
    """One place in the text that refers to an actor."""

    start: int
    end: int
    text: str
    actor: str  # Actor.id
    kind: str = "name"  # name | title | pronoun | demonym | capital | description

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind}


@dataclass
class Actor:
    """Whoever or whatever the article has act or speak: a person, an organization, a
    country, a group, or a document. Every source is an actor, named or not: "a spokeswoman
    for the ministry" is an actor with ``named`` false, its description as ``name`` and the
    ministry as ``affiliation``."""

    id: str
    name: str
    type: str  # person | organization | country | group | document
    country: Optional[str] = None  # ISO 3166 alpha-3
    sector: Optional[str] = None  # CAMEO-style: GOV MIL LEG JUD MED PTY SPY IGO OPP BUS CVL COP REB ...
    title: Optional[str] = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    dictionary_id: Optional[str] = None  # the entry of the actor dictionary it was linked to
    code: Optional[str] = None  # CAMEO actor code, e.g. USAGOV
    named: bool = True  # false for an actor the article does not name ("a senior official", "police")
    affiliation: Optional[str] = None  # Actor.id of the body it speaks or acts for ("for the ministry")

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "mentions":
            value = _counted(value)
        object.__setattr__(self, name, value)

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.mentions = state.get("mentions", [])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "country": self.country,
            "sector": self.sector,
            "title": self.title,
            "code": self.code,
            "dictionary_id": self.dictionary_id,
            "named": self.named,
            "affiliation": self.affiliation,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass
class Quote:
    """Words the article attributes to someone: ``direct`` (inside quotation marks),
    ``indirect`` (reported: "she said the talks had failed") or ``mixed``. ``text`` is the
    quoted words at ``[start, end)``; ``speaker`` the id of the Actor who said them (None
    when the article names no one), ``speaker_span`` the words that name the speaker there,
    ``cue`` the verb or phrase that marks the speech ("said", "according to")."""

    text: str
    start: int
    end: int
    kind: str  # direct | indirect | mixed
    speaker: Optional[str] = None  # Actor.id
    speaker_name: Optional[str] = None
    cue: Optional[Span] = None
    speaker_span: Optional[Span] = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "speaker": self.speaker,
            "speaker_name": self.speaker_name,
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker_span": self.speaker_span.to_dict() if self.speaker_span else None,
        }


@dataclass
class ScareQuote:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class PlaceRef:
    name: str
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


# The 16 event types of the PLOVER ontology (Halterman et al. 2023), the values of Event.type.
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


@dataclass
class Event:
    """Who did what to whom: ``source`` (an Actor id) does ``type`` (a PLOVER event type,
    with its CAMEO code ``cameo``) to ``target``. ``[start, end)`` and ``text`` are the
    words that state it; ``negated`` and ``mode`` (asserted, hypothetical, future ...) say
    whether the article reports it as done; ``date`` and ``place`` where and when, as far as
    the text tells (``date_from_article``: the publication date stands in); ``claimed_by``
    the speaker when the event is only reported inside a quote."""

    type: str  # PLOVER event type
    start: int
    end: int
    cameo: Optional[str] = None
    source: Optional[str] = None  # Actor.id
    source_name: Optional[str] = None
    target: Optional[str] = None
    target_name: Optional[str] = None
    negated: bool = False
    mode: str = "asserted"
    date: Optional[str] = None
    date_from_article: bool = False  # True when the text gives no date and the article date stands in
    place: Optional[PlaceRef] = None
    text: str = ""
    claimed_by: Optional[str] = None  # Actor.id of the speaker when the event is inside a quote
    subtype: Optional[str] = None  # PLOVER's mode of the type ("visit", "phone", "restrict"), from the CAMEO→PLOVER table
    context: list[str] = field(default_factory=list)  # PLOVER contexts ("diplomatic", "ceasefire", "election")

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "subtype": self.subtype,
            "context": list(self.context),
            "cameo": self.cameo,
            "source": self.source,
            "source_name": self.source_name,
            "target": self.target,
            "target_name": self.target_name,
            "negated": self.negated,
            "mode": self.mode,
            "date": self.date,
            "date_from_article": self.date_from_article,
            "place": self.place.to_dict() if self.place else None,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "claimed_by": self.claimed_by,
        }


@dataclass
class TimeExpr:
    text: str
    start: int
    end: int
    value: Optional[str]
    kind: str = "date"  # date | datetime | duration | set | relative
    # How fine the value is (year | month | week | day | time | none): what the link step
    # needs to date an event; derived by the time stage, not part of the JSON contract.
    granularity: Optional[str] = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value, "kind": self.kind}


@dataclass
class Place:
    text: str
    start: int
    end: int
    name: str
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    region: Optional[str] = None
    # What the place is to its sentence ("locative": where something happens; "topic") and
    # the parse token that heads its phrase: what the link step needs to place an event.
    # Derived by the place stage, not part of the JSON contract.
    role: Optional[str] = field(default=None, compare=False, repr=False)
    head: Optional[int] = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "region": self.region,
        }


@dataclass
class Hedge:
    text: str
    start: int
    end: int
    kind: str  # allegation | reportative | doubt | no_evidence | unconfirmed | epistemic | stance | booster (data/sourcing.yaml)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}


@dataclass
class Claim:
    """A statement of fact the article rests on a source, and on which kind: ``named`` (an
    Actor, ``source``), ``anonymous`` ("a senior official"), ``collective`` ("analysts") or
    ``unattributed`` (the article's own word). ``source_text`` is how the source is given,
    ``via`` a relaying source ("according to Reuters"), ``hedges`` the kinds of hedging that
    weaken it (allegedly, unconfirmed ...)."""

    text: str
    start: int
    end: int
    source_type: str  # named | anonymous | collective | unattributed
    source: Optional[str] = None  # Actor.id when named
    source_text: Optional[str] = None
    via: Optional[str] = None  # the relaying source (Actor.id or description)
    hedges: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "source_type": self.source_type,
            "source": self.source,
            "source_text": self.source_text,
            "via": self.via,
            "hedges": list(self.hedges),
        }


@dataclass
class Document:
    """One article and everything learned about it. Stages read it and add their facts."""

    article: Article
    doc: Any = None  # spacy.tokens.Doc, set by the nlp stage
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    scare_quotes: list[ScareQuote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    hedges: list[Hedge] = field(default_factory=list)
    sourcing: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "actors":
            value = _counted(value)
        object.__setattr__(self, name, value)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def layer(self) -> "TextLayer":
        """The views of the analysed text every stage shares (paragraphs, quoted regions,
        sentences), built once per parse: ``newsledger.text.TextLayer``."""
        cached = self.__dict__.get("_layer")
        if cached is None or cached.doc is not self.doc:
            from newsledger.text import TextLayer

            # A long article is analysed in its parsed prefix only.
            text = self.text if self.doc is None else self.text[: doc_length(self.doc)]
            cached = TextLayer(text, self.doc)
            self.__dict__["_layer"] = cached
        return cached

    @property
    def mentions(self) -> list[Mention]:
        """All actor mentions in text order (sorted once until an actor or mention changes)."""
        fingerprint = self._mentions_fingerprint()
        cached = self.__dict__.get("_mentions_cache")
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        ordered = sorted((m for a in self.actors for m in a.mentions), key=lambda m: (m.start, m.end))
        self.__dict__["_mentions_cache"] = (fingerprint, ordered)
        return ordered

    def _mentions_fingerprint(self) -> int:
        # Any change of a counted list (every Document's actors, every Actor's mentions)
        # draws a new number: equal numbers mean nothing was added, removed or reordered.
        return ChangeCountedList.version

    def actor(self, actor_id: Optional[str]) -> Optional[Actor]:
        if actor_id is None:
            return None
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    def actor_at(self, start: int, end: int) -> Optional[Actor]:
        """The actor with a mention overlapping ``[start, end)``, the longest overlap winning
        (ties: the first actor, then its first mention)."""
        starts, entries, longest = self._mention_index()
        best, best_key = None, None
        # Only mentions starting in [start - longest, end) can overlap: a bisection, not a
        # scan of every mention, which made stages quadratic on long texts.
        for i in range(bisect.bisect_left(starts, start - longest), bisect.bisect_left(starts, end)):
            m_start, m_end, actor_pos, mention_pos = entries[i]
            overlap = min(end, m_end) - max(start, m_start)
            if overlap > 0:
                key = (-overlap, actor_pos, mention_pos)
                if best_key is None or key < best_key:
                    best, best_key = self.actors[actor_pos], key
        return best

    def mentions_overlapping(self, start: int, end: int) -> list[Mention]:
        """The mentions that overlap ``[start, end)``, in text order (by bisection, as
        ``actor_at``: stages call this once per quote or token on long texts)."""
        starts, entries, longest = self._mention_index()
        found = []
        for i in range(bisect.bisect_left(starts, start - longest), bisect.bisect_left(starts, end)):
            m_start, m_end, actor_pos, mention_pos = entries[i]
            if m_end > start and m_start < end:
                found.append(self.actors[actor_pos].mentions[mention_pos])
        return found

    def _mention_index(self) -> tuple[list[int], list[tuple[int, int, int, int]], int]:
        """Mentions sorted by start, rebuilt whenever an actor or a mention is added or removed."""
        fingerprint = self._mentions_fingerprint()
        cached = self.__dict__.get("_mention_index_cache")
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        entries = sorted(
            (m.start, m.end, actor_pos, mention_pos)
            for actor_pos, a in enumerate(self.actors)
            for mention_pos, m in enumerate(a.mentions)
        )
        longest = max((e[1] - e[0] for e in entries), default=0)
        index = ([e[0] for e in entries], entries, longest)
        self.__dict__["_mention_index_cache"] = (fingerprint, index)
        return index

    def __getstate__(self) -> dict[str, Any]:  # indexes and the layer are rebuilt on demand, never pickled
        state = dict(self.__dict__)
        for derived in ("_mention_index_cache", "_mentions_cache", "_layer"):
            state.pop(derived, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.actors = state.get("actors", [])

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        """The Document of a ``to_dict()`` (the JSON contract, schema ``newsledger/1``), e.g. a
        line of ``newsledger export --format jsonl`` or ``analyze --json``: every fact and
        its offsets as they were, without the spaCy parse (``doc`` is None). A dict of
        another schema is a ValueError that names it."""
        if not isinstance(data, dict):
            raise TypeError(f"Document.from_dict takes a dict (a parsed JSON object), not {type(data).__name__}")
        schema = data.get("schema")
        if schema != SCHEMA_VERSION:
            raise ValueError(f"schema {schema!r} is not {SCHEMA_VERSION!r}: this newsledger reads documents written by to_dict() of schema {SCHEMA_VERSION}")
        meta = data.get("article") or {}
        # to_dict() writes the article's and the document's warnings as one list: they come back as the article's.
        article = Article(text=data["text"], warnings=list(data.get("warnings") or []), **_known(Article, meta, exclude=("text", "warnings")))
        actors = []
        for a in data.get("actors") or []:
            actor = Actor(**_known(Actor, a, exclude=("mentions",)))
            actor.aliases = list(a.get("aliases") or [])
            actor.mentions = [Mention(actor=actor.id, **_known(Mention, m, exclude=("actor",))) for m in a.get("mentions") or []]
            actors.append(actor)
        quotes = [
            Quote(**_known(Quote, q, exclude=("cue", "speaker_span")), cue=_span(q.get("cue")), speaker_span=_span(q.get("speaker_span")))
            for q in data.get("quotes") or []
        ]
        events = [
            Event(**_known(Event, e, exclude=("place",)), place=PlaceRef(**_known(PlaceRef, e["place"])) if e.get("place") else None)
            for e in data.get("events") or []
        ]
        return cls(
            article=article,
            actors=actors,
            quotes=quotes,
            scare_quotes=[ScareQuote(**_known(ScareQuote, s)) for s in data.get("scare_quotes") or []],
            events=events,
            times=[TimeExpr(**_known(TimeExpr, t)) for t in data.get("times") or []],
            places=[Place(**_known(Place, p)) for p in data.get("places") or []],
            claims=[Claim(**_known(Claim, c)) for c in data.get("claims") or []],
            hedges=[Hedge(**_known(Hedge, h)) for h in data.get("hedges") or []],
            sourcing=dict(data.get("sourcing") or {}),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "article": self.article.to_dict(),
            "text": self.text,
            "actors": [a.to_dict() for a in self.actors],
            "quotes": [q.to_dict() for q in self.quotes],
            "scare_quotes": [s.to_dict() for s in self.scare_quotes],
            "events": [e.to_dict() for e in self.events],
            "times": [t.to_dict() for t in self.times],
            "places": [p.to_dict() for p in self.places],
            "claims": [c.to_dict() for c in self.claims],
            "hedges": [h.to_dict() for h in self.hedges],
            "sourcing": dict(self.sourcing),
            "warnings": list(self.article.warnings) + list(self.warnings),
        }


def _known(cls: type, values: dict[str, Any], exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The entries of ``values`` that are init fields of the dataclass ``cls``: a field a
    later schema adds is ignored rather than a TypeError."""
    names = {f.name for f in fields(cls) if f.init} - set(exclude)
    return {k: v for k, v in values.items() if k in names}


def _span(value: Optional[dict[str, Any]]) -> Optional[Span]:
    return Span(**_known(Span, value)) if value else None
