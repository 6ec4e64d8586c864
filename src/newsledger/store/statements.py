"""Statements in the database: tables, and the linking of each article as it is saved.

A *statement* is one utterance by one speaker; each quote of the corpus is an *occurrence*
of exactly one statement (``statement_occurrences``, keyed like the quote it is). Linking
runs inside the transaction that writes the article (``Store.save``/``save_rows``), so a
killed ingest leaves either the article with all its occurrences linked or neither, and an
article already stored is never linked twice: re-ingesting changes nothing.

Candidates come from the database, never from the corpus in memory: the MinHash bands of
each stored direct quote (``statement_bands``, indexed by band) and the statements of the
same speaker block near the article's date (``statement_occurrences``, indexed). Only
those candidates are verified (``statements.matching.compare``).

Then the article's *story*: the few stored articles of the statements its quotes joined (or
found as candidates), at most ``Linking.related_articles``. Every quote is compared with
every occurrence of those articles as well (``link_within_story``: the official's "precipitate
a constitutional crisis" and the author's sentence that holds it, whose speakers and wording
the index cannot bring together), and the article's quoted fragments (``statement_fragments``:
scare quotes, the other stretches of a mixed quote) link as partial occurrences to the
statements whose words hold them there (``link_fragments``). The story is a bounded read per
article, whatever the size of the corpus.
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    bindparam,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection

from newsledger.statements.matching import (
    Link, LinkSettings, Said, Speaker, compare, days_apart, fragment_link, lead_paraphrase, match_speakers, not_a_speaker, story_link,
)
from newsledger.statements.wording import BandSettings, many_bands, quoted_stretches, word_diff, words
from newsledger.store.bulk import insert_rows
from newsledger.store.schema import articles, metadata, now, quotes

statements = Table(
    "statements",
    metadata,
    Column("id", String(100), primary_key=True),  # "<article_id>:<quote idx>" of its first occurrence
    Column("speaker_key", String(200)),  # actor key of the speaker, named or not
    Column("speaker_name", Text),
    Column("speaker_named", Boolean, nullable=False),
    Column("first_article_id", String(64), nullable=False),
    Column("first_date", String(40)),
    Column("first_source", Text),
    Column("n_occurrences", Integer, nullable=False),
    Column("n_articles", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    # The flags a reader should see, as columns so that a filter is an index, not JSON.
    Column("wording_differs", Boolean, nullable=False),
    Column("attribution_differs", Boolean, nullable=False),
    Column("relayed", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_statements_first_date", "first_date"),
    Index("ix_statements_n_articles", "n_articles"),
    Index("ix_statements_speaker_key", "speaker_key"),
)

statement_occurrences = Table(
    "statement_occurrences",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("quote_idx", Integer, primary_key=True, autoincrement=False),
    Column("statement_id", String(100), nullable=False),
    Column("date", String(40)),  # the article's, for the window of the speaker lookup
    Column("source", Text),  # the article's outlet
    Column("speaker_key", String(200)),
    Column("speaker_block", String(200)),  # matching.speaker_block: what the speaker lookup uses
    Column("speaker_name", Text),
    Column("speaker_named", Boolean, nullable=False),
    Column("speaker_type", String(40)),
    Column("dictionary_id", String(200)),
    Column("affiliation", String(200)),
    Column("attribution", String(20), nullable=False),  # named | anonymous | collective | document | unattributed
    Column("via", Text),  # the outlet or person relaying it ("told the Times", "as CNN reported")
    Column("hedges", JSON, nullable=False),
    Column("link_kind", String(20), nullable=False),  # first | direct | partial | paraphrase
    Column("link_score", Float),
    ForeignKeyConstraint(["article_id", "quote_idx"], ["quotes.article_id", "quotes.idx"], ondelete="CASCADE"),
    Index("ix_statement_occurrences_statement", "statement_id"),
    Index("ix_statement_occurrences_block_date", "speaker_block", "date"),
)

statement_bands = Table(
    "statement_bands",
    metadata,
    Column("band", String(24), primary_key=True),  # "BB:hash" (wording.bands)
    Column("article_id", String(64), primary_key=True),
    Column("quote_idx", Integer, primary_key=True, autoincrement=False),
    Column("statement_id", String(100), nullable=False),
    ForeignKeyConstraint(["article_id", "quote_idx"], ["quotes.article_id", "quotes.idx"], ondelete="CASCADE"),
)

# The quoted fragments that are not quotes of their own: the scare quotes (words in quotation
# marks nobody is said to have said: "the op-ed's 'lodestar'") and each stretch but the
# longest of a mixed quote that quotes several (the quote stands for its longest). One that
# stands word for word in an occurrence of an article of the same story (one linked to its
# own) is a partial occurrence of that statement; the others wait, unlinked, for a later
# article that reports the words whole.
statement_fragments = Table(
    "statement_fragments",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("start_char", Integer, primary_key=True, autoincrement=False),
    Column("end_char", Integer, nullable=False),
    Column("quote_idx", Integer),  # the mixed quote it is a stretch of; NULL for a scare quote
    Column("text", Text, nullable=False),
    Column("date", String(40)),
    Column("source", Text),
    Column("speaker_key", String(200)),  # the mixed quote's speaker; NULL for a scare quote
    Column("speaker_name", Text),
    Column("speaker_named", Boolean, nullable=False),
    Column("speaker_type", String(40)),
    Column("dictionary_id", String(200)),
    Column("affiliation", String(200)),
    Column("statement_id", String(100)),  # NULL while no other article reports the words
    Column("link_kind", String(20)),
    Column("link_score", Float),
    ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
    Index("ix_statement_fragments_statement", "statement_id"),
)

STATEMENT_TABLES: tuple[Table, ...] = (statements, statement_occurrences, statement_bands, statement_fragments)

FLAGS = {"wording": "wording_differs", "attribution": "attribution_differs", "relay": "relayed"}


@dataclass(frozen=True)
class Linking:
    """How candidates are found and verified; the defaults are the measured ones."""

    verify: LinkSettings = LinkSettings()
    bands: BandSettings = BandSettings()
    band_candidates: int = 30  # statements sharing the most bands, at most
    strong_band_count: int = 2  # bands a statement first reported outside the window must share
    speaker_candidates: int = 40  # latest statements of the speaker block near the date, at most
    occurrences_compared: int = 8  # of a candidate statement: its first and longest
    # Fragments are compared with the occurrences of the articles linked to theirs, at most these many
    # (those sharing the most statements with it): one story, not the corpus.
    related_articles: int = 8
    related_min_weight: int = 2  # a statement joined weighs 10, one found as a candidate 1
    story_min_score: float = 0.4  # a link within the story: words kept word for word, not content stems shared


# --------------------------------------------------------------------------- an occurrence


def _attribution(speaker: Optional[Mapping[str, Any]], claim: Optional[Mapping[str, Any]]) -> str:
    """named | anonymous | collective | document | unattributed: the sourcing stage's
    reading of the quote's source when it has one, else the speaker's."""
    if claim is not None and claim.get("source_type"):
        return str(claim["source_type"])
    if speaker is None:
        return "unattributed"
    return "named" if speaker.get("named", True) else "anonymous"


def _said(quote: Mapping[str, Any], speaker: Optional[Mapping[str, Any]], date: Optional[str]) -> Said:
    return Said(
        text=quote["text"],
        kind=quote["kind"],
        speaker_key=quote.get("speaker_id"),
        speaker_name=quote.get("speaker_name") or (speaker or {}).get("name"),
        named=bool((speaker or {}).get("named", True)),
        actor_type=(speaker or {}).get("type"),
        dictionary_id=(speaker or {}).get("dictionary_id"),
        affiliation=(speaker or {}).get("affiliation"),
        date=date,
        title=(speaker or {}).get("title"),
    )


def _stored_said(row: Mapping[str, Any]) -> Said:
    return Said(
        text=row["text"],
        kind=row["kind"],
        speaker_key=row["speaker_key"],
        speaker_name=row["speaker_name"],
        named=bool(row["speaker_named"]),
        actor_type=row["speaker_type"],
        dictionary_id=row["dictionary_id"],
        affiliation=row["affiliation"],
        date=row["date"],
    )


_IN_CHUNK = 500  # bound parameters per IN list: well under every backend's limit

_OCCURRENCE_COLUMNS = (
    statement_occurrences.c.article_id,
    statement_occurrences.c.quote_idx,
    statement_occurrences.c.statement_id,
    statement_occurrences.c.date,
    statement_occurrences.c.source,
    statement_occurrences.c.speaker_key,
    statement_occurrences.c.speaker_name,
    statement_occurrences.c.speaker_named,
    statement_occurrences.c.speaker_type,
    statement_occurrences.c.dictionary_id,
    statement_occurrences.c.affiliation,
    statement_occurrences.c.attribution,
    statement_occurrences.c.via,
    statement_occurrences.c.link_kind,
    quotes.c.text,
    quotes.c.kind,
)


# The queries of linking, built once: a select built per call costs more in SQLAlchemy's
# coercion of every value of its IN list than the database takes to run it. Each list is an
# expanding parameter, rendered as the same IN (...) as a literal list.
_JOINED_QUOTES = and_(quotes.c.article_id == statement_occurrences.c.article_id, quotes.c.idx == statement_occurrences.c.quote_idx)
_OCCURRENCES_OF = select(*_OCCURRENCE_COLUMNS).join(quotes, _JOINED_QUOTES).where(statement_occurrences.c.statement_id.in_(bindparam("ids", expanding=True)))
_OCCURRENCES_IN = (
    select(*_OCCURRENCE_COLUMNS)
    .join(quotes, _JOINED_QUOTES)
    .where(statement_occurrences.c.article_id.in_(bindparam("ids", expanding=True)))
    .order_by(statement_occurrences.c.article_id, statement_occurrences.c.quote_idx)
)
_FRAGMENT_COLUMNS = tuple(statement_fragments.c)
_FRAGMENTS_OF = select(*_FRAGMENT_COLUMNS).where(statement_fragments.c.statement_id.in_(bindparam("ids", expanding=True)))
_FRAGMENTS_IN = (
    select(*_FRAGMENT_COLUMNS)
    .where(statement_fragments.c.article_id.in_(bindparam("ids", expanding=True)))
    .order_by(statement_fragments.c.article_id, statement_fragments.c.start_char)
)


def _dicts(conn: Connection, query: Any, parameters: Mapping[str, Any]) -> list[dict[str, Any]]:
    result = conn.execute(query, parameters)
    keys = tuple(result.keys())
    return [dict(zip(keys, row)) for row in result]


def _by_statement(conn: Connection, query: Any, statement_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    wanted = list(statement_ids)
    for at in range(0, len(wanted), _IN_CHUNK):
        for row in _dicts(conn, query, {"ids": wanted[at : at + _IN_CHUNK]}):
            found[row["statement_id"]].append(row)
    return found


def _occurrences_of(conn: Connection, statement_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    return _by_statement(conn, _OCCURRENCES_OF, statement_ids)


def _fragments_of(conn: Connection, statement_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    return _by_statement(conn, _FRAGMENTS_OF, statement_ids)


def _stored_fragments_in(conn: Connection, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    return _dicts(conn, _FRAGMENTS_IN, {"ids": list(article_ids)})


def _occurrences_in(conn: Connection, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    return _dicts(conn, _OCCURRENCES_IN, {"ids": list(article_ids)})


def _fragment_said(fragment: Mapping[str, Any]) -> Said:
    # The fragment's words are the speaker's own: compared as a direct quote of them.
    return _direct_said(
        fragment["text"], fragment["speaker_key"], fragment["speaker_name"], bool(fragment["speaker_named"]),
        fragment["speaker_type"], fragment["dictionary_id"], fragment["affiliation"], fragment["date"],
    )


@functools.lru_cache(maxsize=20000)
def _direct_said(
    text: str, speaker_key: Optional[str], speaker_name: Optional[str], named: bool, actor_type: Optional[str],
    dictionary_id: Optional[str], affiliation: Optional[str], date: Optional[str],
) -> Said:
    """A fragment's Said, made once for the fields it is made of: linking compares each
    stored fragment of a story with every fragment and quote of each of the story's articles
    (7,700 Saids over 300 AllSides articles, of 1,700 fragments)."""
    return Said(
        text=text, kind="direct", speaker_key=speaker_key, speaker_name=speaker_name, named=named,
        actor_type=actor_type, dictionary_id=dictionary_id, affiliation=affiliation, date=date,
    )


def article_fragments(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """The article's fragments (``statement_fragments``): its scare quotes, and each quoted
    stretch but the longest of a mixed quote that has several (with that quote's speaker)."""
    article = rows["articles"][0]
    speakers = {r["actor_id"]: r for r in rows.get("actors", ())}
    found: dict[int, dict[str, Any]] = {}

    def add(start: int, end: int, text: str, quote_idx: Optional[int], speaker: Optional[Mapping[str, Any]], name: Optional[str]) -> None:
        if start in found or not text.strip():
            return
        found[start] = {
            "article_id": article["id"], "start_char": start, "end_char": end, "quote_idx": quote_idx, "text": text,
            "date": article.get("date"), "source": article.get("source"),
            "speaker_key": (speaker or {}).get("actor_id"), "speaker_name": name or (speaker or {}).get("name"),
            "speaker_named": bool((speaker or {}).get("named", True)) if speaker else False,
            "speaker_type": (speaker or {}).get("type"), "dictionary_id": (speaker or {}).get("dictionary_id"),
            "affiliation": (speaker or {}).get("affiliation"), "statement_id": None, "link_kind": None, "link_score": None,
        }

    for quote in rows.get("quotes", ()):
        if quote.get("kind") != "mixed":
            continue
        stretches = quoted_stretches(quote["text"])
        if not stretches:
            continue
        longest = max(stretches, key=lambda s: (s[1] - s[0], -s[0]))
        # The quote stands for its longest stretch, unless the outlet's own words are most of
        # it ("accused Comey of leaking classified information and lying to Congress 'under
        # OATH'"): then it is a report in the outlet's words, and its stretch a fragment too.
        reported = len(words(quote["text"])) > 2 * len(words(quote["text"][longest[0] : longest[1]]))
        for start, end in stretches:
            if (start, end) != longest or reported:
                speaker = speakers.get(quote.get("speaker_id"))
                add(quote["start_char"] + start, quote["start_char"] + end, quote["text"][start:end], quote["idx"], speaker, quote.get("speaker_name"))
    for scare in rows.get("scare_quotes", ()):
        add(scare["start_char"], scare["end_char"], scare["text"], None, None, None)
    return [found[k] for k in sorted(found)]


# --------------------------------------------------------------------------- candidates


_BAND_POSTINGS = (
    select(statement_bands.c.band, statement_bands.c.statement_id, statements.c.first_date)
    .outerjoin(statements, statements.c.id == statement_bands.c.statement_id)
    .where(statement_bands.c.band.in_(bindparam("bands", expanding=True)))
)


def _band_postings(conn: Connection, keys: Iterable[str]) -> tuple[dict[str, list[str]], dict[str, Optional[str]]]:
    """Stored statements by band, for every band of the article's quotes, and the date each
    was first reported: one query per article (per 500 bands), not one per quote."""
    postings: dict[str, list[str]] = defaultdict(list)
    dates: dict[str, Optional[str]] = {}
    wanted = sorted(set(keys))
    for at in range(0, len(wanted), _IN_CHUNK):
        for band, statement_id, first_date in conn.execute(_BAND_POSTINGS, {"bands": wanted[at : at + _IN_CHUNK]}):
            postings[band].append(statement_id)
            dates[statement_id] = first_date
    return postings, dates


def _speaker_statements(conn: Connection, blocks: Iterable[str], date: Optional[str], settings: Linking) -> dict[str, list[tuple[str, str]]]:
    """The latest statements of each speaker block near the article's date, as (date,
    statement id), latest first: the ``speaker_candidates`` latest of every block the
    article quotes, in one query (a window function ranks them inside the database)."""
    wanted = sorted(set(blocks))
    found: dict[str, list[tuple[str, str]]] = {block: [] for block in wanted}
    if not wanted:
        return found
    parameters: dict[str, Any] = {"blocks": wanted, "limit": settings.speaker_candidates}
    dated = bool(date and len(date) >= 10)
    if dated:
        day = _dt.date.fromisoformat(date[:10])  # type: ignore[index]
        span = _dt.timedelta(days=settings.verify.window_days)
        parameters.update(low=(day - span).isoformat(), high=(day + span).isoformat() + "~")
    for block, day, statement_id in conn.execute(_speaker_query(dated), parameters):
        found[block].append((day or "", statement_id))
    return found


@functools.lru_cache(maxsize=2)
def _speaker_query(dated: bool) -> Any:
    occurrence = statement_occurrences.c
    where = [occurrence.speaker_block.in_(bindparam("blocks", expanding=True))]
    if dated:
        where.append(occurrence.date.between(bindparam("low"), bindparam("high")))
    rank = func.row_number().over(partition_by=occurrence.speaker_block, order_by=occurrence.date.desc()).label("rank")
    ranked = select(occurrence.speaker_block, occurrence.date, occurrence.statement_id, rank).where(*where).subquery()
    query = select(ranked.c.speaker_block, ranked.c.date, ranked.c.statement_id).where(ranked.c.rank <= bindparam("limit"))
    return query.order_by(ranked.c.speaker_block, ranked.c.rank)


def _compared(occurrences: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    if len(occurrences) <= limit:
        return occurrences
    ordered = sorted(occurrences, key=lambda o: -len(o["text"]))
    return [occurrences[0], *[o for o in ordered if o is not occurrences[0]][: limit - 1]]


_SAID_CACHE: dict[tuple[str, int], Said] = {}


def _stored(occurrence: Mapping[str, Any]) -> Said:
    # A stored occurrence is compared with every quote that finds it as a candidate; its
    # words and stems are made once (a bounded cache, cleared when full).
    key = (occurrence["article_id"], occurrence["quote_idx"])
    said = _SAID_CACHE.get(key)
    if said is None:
        said = _remember(key, _stored_said(occurrence))
    return said


def _remember(key: tuple[str, int], said: Said) -> Said:
    if len(_SAID_CACHE) > 20000:
        _SAID_CACHE.clear()
    _SAID_CACHE[key] = said
    return said


def _as_stored(said: Said) -> Said:
    """The Said of a new quote's occurrence row (``_stored_said`` of it): the quote's own,
    without the speaker's title, which the row does not keep. Its words, stems and speaker
    are the quote's, so they are not made again (half the Saids of linking otherwise)."""
    stored = copy.copy(said)
    stored.title = None
    return stored


def _speakers_differ(said: Said, occurrence: Mapping[str, Any]) -> bool:
    """The occurrence's speaker is named and another than the quote's (``speaker_match``
    of the two, read from the row without making its words)."""
    other = Speaker(occurrence["speaker_key"], bool(occurrence["speaker_named"]), occurrence["affiliation"],
                     occurrence["dictionary_id"], occurrence["speaker_type"])
    return match_speakers(said.speaker, other) is None


def _best(said: Said, candidates: Mapping[str, list[dict[str, Any]]], settings: Linking) -> tuple[Optional[str], Optional[Link], list[str]]:
    """The statement the quote reports (best link), its link, and the other statements it
    bridges: those whose occurrence it quotes whole within its own words."""
    best_id, best_link = None, None
    covered: list[str] = []
    reports: list[str] = []  # statements only ever reported in other words, which the quote's words hold
    for statement_id in sorted(candidates):
        if any(_speakers_differ(said, o) for o in candidates[statement_id]):
            # Another named speaker's statement: the same words reached it through an
            # occurrence whose speaker is not known, and are a slogan repeated, not this.
            continue
        own_best = None
        for occurrence in _compared(candidates[statement_id], settings.occurrences_compared):
            link = compare(said, _stored(occurrence), settings.verify)
            if link is not None and (own_best is None or link.score > own_best.score or link.covers and not own_best.covers):
                own_best = link
        if own_best is None:
            continue
        if own_best.covers and own_best.kind != "paraphrase":
            covered.append(statement_id)
        elif own_best.kind == "paraphrase" and said.kind == "direct" and all(o["kind"] != "direct" for o in candidates[statement_id]):
            reports.append(statement_id)
        if best_link is None or own_best.score > best_link.score:
            best_id, best_link = statement_id, own_best
    bridged = [s for s in covered if s != best_id] if best_id in covered or covered else []
    if best_link is not None and best_link.kind != "paraphrase":
        # The speaker's own words, found whole in one statement, paraphrased by another
        # that no outlet quotes directly ("should be prosecuted for leaking classified
        # information" against the tweet's "He leaked CLASSIFIED information, for which he
        # should be prosecuted"): the reports are of these words, one statement with them.
        bridged += [s for s in reports if s != best_id and s not in bridged]
    return best_id, best_link, bridged


def _merge(conn: Connection, into: str, others: Sequence[str], settings: BandSettings = BandSettings()) -> None:
    """Statements bridged by one quote become one: their occurrences, fragments and bands move.

    statement_bands is indexed by band, not by statement: its rows of the statements are
    found by the bands of their occurrences' words (a band depends on a quote's words
    alone), not by a scan of every band of the corpus."""
    words_of = [_band_words(_stored(o)) for found in _occurrences_of(conn, others).values() for o in found]
    moved = sorted({key for keys in many_bands(words_of, settings) for key in keys})
    for at in range(0, len(moved), _IN_CHUNK):
        band = statement_bands.c
        conn.execute(update(statement_bands).where(band.band.in_(moved[at : at + _IN_CHUNK]), band.statement_id.in_(list(others))).values(statement_id=into))
    for table in (statement_occurrences, statement_fragments):
        conn.execute(update(table).where(table.c.statement_id.in_(list(others))).values(statement_id=into))
    conn.execute(statements.delete().where(statements.c.id.in_(list(others))))


def _band_words(said: Said) -> list[str]:
    """The words a quote's bands are made of: a direct quote's quoted words, another's all its words."""
    return said.quoted[0] if said.kind == "direct" and said.quoted else said.tokens


# --------------------------------------------------------------------------- flags


def statement_flags(occurrences: Sequence[Mapping[str, Any]]) -> dict[str, bool]:
    """wording_differs: two direct occurrences (of different articles) word it differently;
    attribution_differs: named in one article, anonymous (or a document) in another, or
    named by two articles that name no speaker in common; relayed: an occurrence says it has
    it from someone else."""
    from newsledger.statements.wording import quoted_parts

    verbatim = [(o["article_id"], part) for o in occurrences for part in quoted_parts(o["text"], o["kind"])]
    wordings = {tuple(part) for _a, part in verbatim}
    articles_quoting = {a for a, _p in verbatim}
    wording = len(wordings) > 1 and len(articles_quoting) > 1
    if wording:
        reference = max(wordings, key=len)
        wording = any(word_diff(list(reference), list(w)).label != "same" for w in wordings)
    # Attribution is compared between outlets: one article that gives the body and then its
    # spokesman ("the White House said ... Gidley told Fox News") attributes the statement once.
    readings = [r for r in (_article_attribution(own) for own in _by_article(occurrences).values()) if r is not None]
    kinds = {kind for kind, _names in readings}
    attribution = len(kinds) > 1 or any(a and b and a.isdisjoint(b) for n, (_k, a) in enumerate(readings) for _k2, b in readings[n + 1 :])
    relayed = any(o.get("via") for o in occurrences)
    return {"wording_differs": wording, "attribution_differs": attribution, "relayed": relayed}


def _by_article(occurrences: Sequence[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    found: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for o in occurrences:
        found[o["article_id"]].append(o)
    return found


# The most telling of an article's attributions first: an article that names the speaker once
# names it, one that cites an anonymous source and a collective one ("officials") cites a source.
_ATTRIBUTION_ORDER = ("named", "anonymous", "collective", "document")


def _article_attribution(occurrences: Sequence[Mapping[str, Any]]) -> Optional[tuple[str, frozenset[str]]]:
    """How one article attributes the statement: its most telling kind, and the surnames of
    the speakers it names; None when no occurrence of it has a source. An unattributed quote
    is one whose speaker the quote stage did not find ("He reminded the Democrats that ...",
    the speaker two sentences back; a tweet quoted after a colon), not an outlet's choice to
    name nobody: read as another attribution, it flagged six statements of 16 AllSides stories
    whose every outlet names the speaker."""
    # A platform taken for the speaker ("Twitter" for a tweet) names nobody: no other speaker.
    names = frozenset(
        _surname(o["speaker_key"]) for o in occurrences
        if o["attribution"] == "named" and o["speaker_key"] and not not_a_speaker(o["speaker_key"])
    )
    kinds = {o["attribution"] for o in occurrences}
    kind = next((k for k in _ATTRIBUTION_ORDER if k in kinds), None)
    return (kind, names) if kind is not None else None


def _surname(key: str) -> str:
    return key.replace("_", "-").split("-")[-1]


def _refreshed(statement_id: str, occurrences: Sequence[Mapping[str, Any]], fragments: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The statement's row made up to date from all its occurrences and fragments."""
    reports = [*occurrences, *fragments]  # a statement of fragments only has no occurrence
    first = min(reports, key=lambda o: (o["date"] or "9999", o["article_id"] != statement_id.split(":")[0]))
    speakers = [o for o in reports if o["speaker_key"] and not not_a_speaker(o["speaker_key"])] or [o for o in reports if o["speaker_key"]]
    speaker = next((o for o in speakers if o["speaker_named"]), None) or next(iter(speakers), reports[0])
    return {
        "speaker_key": speaker["speaker_key"],
        "speaker_name": speaker["speaker_name"],
        "speaker_named": bool(speaker["speaker_named"]) and speaker["speaker_key"] is not None,
        "first_article_id": first["article_id"],
        "first_date": first["date"],
        "first_source": first["source"],
        "n_occurrences": len(reports),
        "n_articles": len({o["article_id"] for o in reports}),
        "n_sources": len({o["source"] or o["article_id"] for o in reports}),
        **statement_flags(occurrences),
        "updated_at": now(),
    }


_REFRESHED_COLUMNS = (
    "speaker_key", "speaker_name", "speaker_named", "first_article_id", "first_date", "first_source", "n_occurrences",
    "n_articles", "n_sources", "wording_differs", "attribution_differs", "relayed", "updated_at",
)
_REFRESH = update(statements).where(statements.c.id == bindparam("refreshed_id")).values({c: bindparam(c) for c in _REFRESHED_COLUMNS})


def _refresh(conn: Connection, grown: Sequence[tuple[str, Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]]]) -> None:
    """The statements that grew, (id, occurrences, fragments) each, updated in one statement."""
    if grown:
        conn.execute(_REFRESH, [{"refreshed_id": sid, **_refreshed(sid, occurrences, fragments)} for sid, occurrences, fragments in grown])


# --------------------------------------------------------------------------- linking


class _StemIndex:
    """Occurrences (row, Said) by content stem: those sharing a stem with a quote, in their
    order, without a test of every pair of the story (most share none)."""

    def __init__(self, items: Sequence[tuple[Mapping[str, Any], Said]]) -> None:
        self.items = items
        self.by_stem: dict[str, list[int]] = defaultdict(list)
        for n, (_row, said) in enumerate(items):
            for word in said.stems:
                self.by_stem[word].append(n)

    def sharing(self, stems: Iterable[str]) -> list[tuple[Mapping[str, Any], Said]]:
        found: set[int] = set()
        for word in stems:
            found.update(self.by_stem.get(word, ()))
        return [self.items[n] for n in sorted(found)]


_FRAGMENT_LINKED = (
    update(statement_fragments)
    .where(statement_fragments.c.article_id == bindparam("fragment_article"), statement_fragments.c.start_char == bindparam("fragment_start"))
    .values(statement_id=bindparam("statement_id"), link_kind=bindparam("link_kind"), link_score=bindparam("link_score"))
)


def _columns_of(table: Table, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The keys of the first row that are columns of the table."""
    return [key for key in rows[0] if key in table.c] if rows else []


class _ArticleLinking:
    """The linking of one article: what the database held before it (read in a few queries
    for all its quotes, not a few per quote) and what its own quotes have added since, which
    later quotes of the same article see as well (a lead repeating the headline's quote)."""

    def __init__(self, conn: Connection, settings: Linking, article: Mapping[str, Any], saids: Sequence[tuple[Said, list[str]]]) -> None:
        self.conn, self.settings = conn, settings
        self.article_id, self.date, self.source = article["id"], article.get("date"), article.get("source")
        self.postings, self.band_dates = _band_postings(conn, (k for _said, keys in saids for k in keys))
        self.by_speaker = _speaker_statements(conn, {said.block for said, _keys in saids if said.block}, self.date, settings)
        self.renamed: dict[str, str] = {}  # statement merged away -> the one it joined
        self.new_statements: dict[str, dict[str, Any]] = {}  # rows to insert, by id
        self.new_occurrences: list[dict[str, Any]] = []  # occurrence rows plus the quote's text and kind
        self.new_bands: list[dict[str, Any]] = []
        self.touched: dict[str, None] = {}  # stored statements that gained an occurrence
        self.new_fragments: list[dict[str, Any]] = []
        self.linked_fragments: list[dict[str, Any]] = []  # stored fragments this article's words linked
        self.occurrences: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.occurrences.update(_occurrences_of(conn, sorted({sid for said, keys in saids for sid in self._candidate_ids(said, keys)})))

    def resolve(self, statement_id: str) -> str:
        while statement_id in self.renamed:
            statement_id = self.renamed[statement_id]
        return statement_id

    def _candidate_ids(self, said: Said, keys: Sequence[str]) -> list[str]:
        """The statements sharing the most bands with the quote, and the latest of its
        speaker block near the article's date."""
        shared: dict[str, int] = defaultdict(int)
        for key in keys:
            for statement_id in self.postings.get(key, ()):
                shared[self.resolve(statement_id)] += 1
        # One band in common happens by chance between unrelated quotes, the more often the
        # larger the corpus: such a candidate counts only near the article's date (where
        # verification may link a loose match); an older statement must share more bands.
        strong = self.settings.strong_band_count
        kept = [sid for sid in shared if shared[sid] >= strong or self._recent(sid)]
        ranked = sorted(kept, key=lambda sid: (-shared[sid], sid))[: self.settings.band_candidates]
        found = dict.fromkeys(ranked)
        if said.block:
            found.update((self.resolve(sid), None) for _day, sid in self.by_speaker.get(said.block, ())[: self.settings.speaker_candidates])
        return list(found)

    def _recent(self, statement_id: str) -> bool:
        """First reported within the window of the article's date (or undated, or this article's)."""
        apart = days_apart(self.date, self.band_dates.get(statement_id))
        return apart is None or apart <= self.settings.verify.window_days

    def candidates(self, said: Said, keys: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        ids = self._candidate_ids(said, keys)
        missing = [sid for sid in ids if sid not in self.occurrences]  # this article's own are always there
        if missing:  # reached only through this article's own quotes: rare, read when needed
            self.occurrences.update(_occurrences_of(self.conn, missing))
        return {sid: self.occurrences[sid] for sid in ids if self.occurrences.get(sid)}

    def merge(self, into: str, others: Sequence[str]) -> None:
        """Statements bridged by one quote become one: their occurrences and bands move."""
        stored = [other for other in others if other not in self.new_statements]
        if stored:
            _merge(self.conn, into, stored, self.settings.bands)
        for other in others:
            self.new_statements.pop(other, None)
            self.touched.pop(other, None)
            self.renamed[other] = into
            for occurrence in self.occurrences.pop(other, []):
                occurrence["statement_id"] = into
                self.occurrences[into].append(occurrence)
        for band in self.new_bands:
            band["statement_id"] = self.resolve(band["statement_id"])

    def add(self, quote: Mapping[str, Any], said: Said, keys: Sequence[str], occurrence: dict[str, Any], link: Optional[Link], statement_id: Optional[str], via: Optional[str]) -> None:
        if statement_id is None:
            statement_id = f"{self.article_id}:{quote['idx']}"
            # Complete as it is: a statement of one occurrence needs no refresh (most never get a second).
            self.new_statements[statement_id] = {
                "id": statement_id, "speaker_key": said.speaker_key, "speaker_name": said.speaker_name,
                "speaker_named": said.named and said.speaker_key is not None, "first_article_id": self.article_id,
                "first_date": self.date, "first_source": self.source, "n_occurrences": 1, "n_articles": 1, "n_sources": 1,
                "wording_differs": False, "attribution_differs": False, "relayed": bool(via), "updated_at": now(),
            }
        else:
            self.touched[statement_id] = None
        occurrence.update(statement_id=statement_id, link_kind=link.kind if link else "first", link_score=link.score if link else None)
        _remember((self.article_id, quote["idx"]), _as_stored(said))
        self.new_occurrences.append(occurrence)
        self.occurrences[statement_id].append(occurrence)
        if said.block:
            # Where the database's "latest first" puts it: after the later-dated ones, first among its own date.
            latest = self.by_speaker.setdefault(said.block, [])
            day = self.date or ""
            latest.insert(next((i for i, (other, _sid) in enumerate(latest) if other <= day), len(latest)), (day, statement_id))
        for key in keys:
            self.postings.setdefault(key, []).append(statement_id)
            self.new_bands.append({"band": key, "article_id": self.article_id, "quote_idx": quote["idx"], "statement_id": statement_id})

    def write(self) -> None:
        """The rows, in three statements, then the statements that grew made up to date."""
        insert_rows(self.conn, statements, list(self.new_statements.values()))
        # An occurrence or fragment row carries more than its columns (the quote's text and kind).
        insert_rows(self.conn, statement_occurrences, self.new_occurrences, _columns_of(statement_occurrences, self.new_occurrences))
        insert_rows(self.conn, statement_bands, self.new_bands)
        for fragment in self.new_fragments:
            if fragment["statement_id"] is not None:
                fragment["statement_id"] = self.resolve(fragment["statement_id"])
        insert_rows(self.conn, statement_fragments, self.new_fragments, _columns_of(statement_fragments, self.new_fragments))
        if self.linked_fragments:
            self.conn.execute(_FRAGMENT_LINKED, [
                {"fragment_article": f["article_id"], "fragment_start": f["start_char"], "statement_id": self.resolve(f["statement_id"]),
                 "link_kind": f["link_kind"], "link_score": f["link_score"]}
                for f in self.linked_fragments
            ])
        grown = _occurrences_of(self.conn, list(self.touched))
        parts = _fragments_of(self.conn, list(self.touched))
        _refresh(self.conn, [(sid, grown[sid], parts.get(sid, ())) for sid in self.touched])

    # ----------------------------------------------------------------------- fragments

    def related_articles(self) -> list[str]:
        """The stored articles of the statements this article's quotes joined or found as
        candidates, those sharing the most first: the other reports of its story, where its
        quotes are compared once more and its fragments looked for."""
        shared: dict[str, int] = defaultdict(int)
        joined = {self.resolve(sid) for sid in self.touched}
        # A statement joined counts for much, one only found as a candidate (the same speaker
        # near the date, words in common) for little: both say the article may be of the story.
        for statement_id, occurrences in self.occurrences.items():
            weight = 10 if statement_id in joined else 1
            for article_id in {o["article_id"] for o in occurrences}:
                if article_id != self.article_id:
                    shared[article_id] += weight
        # One candidate statement alone is too little: the speaker's latest statements near
        # the date reach many articles of other stories.
        found = [a for a in shared if shared[a] >= self.settings.related_min_weight]
        return sorted(found, key=lambda a: (-shared[a], a))[: self.settings.related_articles]

    def related_occurrences(self) -> list[dict[str, Any]]:
        related = tuple(self.related_articles())
        if getattr(self, "_related", (None,))[0] != related:
            self._related = (related, _occurrences_in(self.conn, related) if related else [], _stored_fragments_in(self.conn, related) if related else [])
        return self._related[1]

    def link_lead_paraphrases(self, text: Optional[str], quoted: Sequence[tuple[Mapping[str, Any], Said]]) -> None:
        """Each report in the outlet's words with the direct quote that follows it at once,
        when the quote sums up the words (``matching.lead_paraphrase``): one statement,
        whatever other articles each was linked to, unless both are reported elsewhere."""
        if not text:
            return
        occurrence_of = {o["quote_idx"]: o for o in self.new_occurrences}
        ordered = sorted(quoted, key=lambda item: item[0]["start_char"])
        for (report, report_said), (quote, quote_said) in zip(ordered, ordered[1:]):
            link = lead_paraphrase(report_said, quote_said, text[report["end_char"] : quote["start_char"]])
            if link is None:
                continue
            occurrence = occurrence_of[report["idx"]]
            own, other = self.resolve(occurrence["statement_id"]), self.resolve(occurrence_of[quote["idx"]]["statement_id"])
            if own == other:
                continue
            if self._single_article(own):
                self.merge(other, [own])
                self.touched[other] = None
                if occurrence["link_kind"] == "first":
                    occurrence.update(link_kind=link.kind, link_score=link.score)
            elif self._single_article(other):
                self.merge(own, [other])
                self.touched[own] = None

    def link_within_story(self) -> None:
        """This article's quotes against every occurrence of the articles of its story (those
        its other quotes linked to): the candidates the index and the speaker lookup give are
        a quote's own, these the story's: "precipitate a constitutional crisis" quoted by
        one outlet from the author, the sentence holding it quoted whole by another from an
        official. Two statements join only when one of them is reported by one article alone."""
        stored = [(other, _stored(other)) for other in self.related_occurrences()]
        if not stored:
            return
        sharing = _StemIndex(stored)
        for occurrence in list(self.new_occurrences):
            said = _stored(occurrence)
            own_id = self.resolve(occurrence["statement_id"])
            found: dict[str, Link] = {}
            for other, other_said in sharing.sharing(said.stems):  # no content word in common: no link
                other_id = self.resolve(other["statement_id"])
                if other_id == own_id:
                    continue  # one statement already
                link = story_link(said, other_said, self.settings.verify)
                # Sharing content words only (a loose paraphrase) is too little to join two statements.
                if link is not None and link.score >= self.settings.story_min_score and (other_id not in found or link.score > found[other_id].score):
                    found[other_id] = link
            for found_id in sorted(found, key=lambda sid: (-found[sid].score, sid)):
                own_id, other_id = self.resolve(occurrence["statement_id"]), self.resolve(found_id)
                if own_id == other_id:
                    continue
                if self._single_article(own_id):
                    self.merge(other_id, [own_id])
                    self.touched[other_id] = None
                    if occurrence["link_kind"] == "first":
                        occurrence.update(link_kind=found[found_id].kind, link_score=found[found_id].score)
                elif self._single_article(other_id):
                    self.merge(own_id, [other_id])
                    self.touched[own_id] = None

    def _single_article(self, statement_id: str) -> bool:
        """Every occurrence of the statement (of those this linking has read) in one article."""
        if statement_id not in self.new_statements and statement_id not in self.occurrences:
            self.occurrences.update(_occurrences_of(self.conn, [statement_id]))
        return len({o["article_id"] for o in self.occurrences.get(statement_id, ())}) <= 1

    def link_fragments(self, fragments: list[dict[str, Any]]) -> None:
        """The article's fragments against the occurrences and linked fragments of the
        related articles; the related articles' unlinked fragments against this article's
        occurrences and fragments. A fragment joins only a statement some quote reports."""
        self.new_fragments = fragments
        stored_occurrences = self.related_occurrences()
        if not stored_occurrences:
            return
        stored_fragments = self._related[2]
        others = [(o, _stored(o)) for o in stored_occurrences] + [(f, _fragment_said(f)) for f in stored_fragments if f["statement_id"]]
        # ... and this article's own quotes, of a statement other articles report: the lead's
        # "early whispers" of the sentence it quotes whole further down.
        others += [(o, _stored(o)) for o in self.new_occurrences if not self._single_article(self.resolve(o["statement_id"]))]
        for fragment in fragments:
            said = _fragment_said(fragment)
            found: dict[str, Link] = {}
            for other, other_said in others:
                if other["article_id"] == self.article_id and other.get("quote_idx") == fragment["quote_idx"]:
                    continue  # its own quote: a stretch of it, not a witness
                link = fragment_link(said, other_said, self.settings.verify)
                other_id = self.resolve(other["statement_id"])
                if link is not None and (other_id not in found or link.score > found[other_id].score):
                    found[other_id] = link
            if not found:
                continue
            ranked = sorted(found, key=lambda sid: (-found[sid].score, sid))
            self._join(fragment, ranked[0], found[ranked[0]])
            # Words found in two statements of the story bridge them, as a quote's do, when
            # one of them is one article's alone ("his worst inclinations" of the op-ed and
            # of the official's paraphrase of it).
            for other_id in ranked[1:]:
                into, other_id = self.resolve(fragment["statement_id"]), self.resolve(other_id)
                if other_id != into and self._single_article(other_id):
                    self.merge(into, [other_id])
                    self.touched[into] = None
        # Words two articles both quote as a fragment only ("shall furnish"): a statement of
        # their own, whose every report is partial.
        waiting = [(f, _fragment_said(f)) for f in stored_fragments if not f["statement_id"]]
        for fragment in fragments:
            if fragment["statement_id"]:
                continue
            best = self._best_fragment_link(fragment, waiting)
            if best is not None:
                other = best[1]
                if not other["statement_id"]:
                    statement_id = f"{other['article_id']}:f{other['start_char']}"
                    self.conn.execute(insert(statements), [{
                        "id": statement_id, "speaker_key": None, "speaker_name": None, "speaker_named": False,
                        "first_article_id": other["article_id"], "first_date": other["date"], "first_source": other["source"],
                        "n_occurrences": 0, "n_articles": 1, "n_sources": 1, "wording_differs": False,
                        "attribution_differs": False, "relayed": False, "updated_at": now(),
                    }])
                    other.update(statement_id=statement_id, link_kind="first", link_score=None)
                    self.linked_fragments.append(other)
                self._join(fragment, other["statement_id"], best[0])
        # Words a stored article scare-quoted, reported whole by this one.
        own = [(o, _stored(o)) for o in self.new_occurrences] + [(f, _fragment_said(f)) for f in fragments if f["statement_id"]]
        for fragment in stored_fragments:
            if fragment["statement_id"]:
                continue
            best = self._best_fragment_link(fragment, own)
            if best is not None:
                self._join(fragment, self.resolve(best[1]["statement_id"]), best[0])
                self.linked_fragments.append(fragment)

    def _best_fragment_link(self, fragment: dict[str, Any], candidates: list) -> Optional[tuple[Link, dict[str, Any]]]:
        """The strongest link of a fragment to one of ``candidates`` ((row, Said) pairs), and its row."""
        said = _fragment_said(fragment)
        best = None
        for other, other_said in candidates:
            link = fragment_link(said, other_said, self.settings.verify)
            if link is not None and (best is None or link.score > best[0].score):
                best = (link, other)
        return best

    def _join(self, fragment: dict[str, Any], statement_id: str, link: Link) -> None:
        fragment.update(statement_id=statement_id, link_kind=link.kind, link_score=link.score)
        self.touched[statement_id] = None


def link_article(conn: Connection, rows: Mapping[str, Sequence[Mapping[str, Any]]], settings: Linking = Linking()) -> int:
    """Link every quote of one just-inserted article (its ``rows.document_rows``) to the
    statement it reports, or to a new one; in the caller's transaction. Returns the number
    of quotes that joined a statement reported before."""
    article = rows["articles"][0]
    speakers = {r["actor_id"]: r for r in rows.get("actors", ())}
    claims = {(c["start_char"], c["end_char"]): c for c in rows.get("claims", ())}
    quoted = []
    for quote in rows.get("quotes", ()):
        if quote.get("kind") == "stance":
            continue  # "endorsed Cruz": a stance, not a statement anyone made
        speaker = speakers.get(quote.get("speaker_id"))
        quoted.append((quote, speaker, claims.get((quote["start_char"], quote["end_char"])), _said(quote, speaker, article.get("date"))))
    # The bands of all the article's quotes in one computation.
    texts = [_band_words(said) for *_rest, said in quoted]
    quoted = [(*item, keys) for item, keys in zip(quoted, many_bands(texts, settings.bands))]
    linking = _ArticleLinking(conn, settings, article, [(said, keys) for _q, _s, _c, said, keys in quoted])
    joined = 0
    for quote, speaker, claim, said, keys in quoted:
        via = (claim or {}).get("via")
        if via in (said.speaker_key, said.speaker_name):
            via = None  # the sourcing stage names the speaker itself as relaying: not a relay
        statement_id, link, bridged = _best(said, linking.candidates(said, keys), settings)
        if bridged:
            linking.merge(statement_id, bridged)
        joined += statement_id is not None
        occurrence = {
            "article_id": linking.article_id, "quote_idx": quote["idx"], "date": linking.date, "source": linking.source,
            "speaker_key": said.speaker_key, "speaker_block": said.block, "speaker_name": said.speaker_name,
            "speaker_named": said.named, "speaker_type": said.actor_type, "dictionary_id": said.dictionary_id,
            "affiliation": said.affiliation, "attribution": _attribution(speaker, claim),
            "via": via, "hedges": list((claim or {}).get("hedges") or []), "text": quote["text"], "kind": quote["kind"],
        }
        linking.add(quote, said, keys, occurrence, link, statement_id, via)
    linking.link_lead_paraphrases(article.get("text"), [(quote, said) for quote, _s, _c, said, _k in quoted])
    linking.link_within_story()
    linking.link_fragments(article_fragments(rows))
    linking.write()
    return joined


def create_tables(conn: Connection) -> None:
    metadata.create_all(conn, tables=list(STATEMENT_TABLES))


def link_unlinked(conn: Connection, settings: Linking = Linking(), article_ids: Optional[Iterable[str]] = None) -> int:
    """Link the stored articles none of whose quotes is linked yet (a database made before
    statements, or rows loaded by another path), oldest first; returns the articles linked."""
    from newsledger.store.schema import actors, claims, scare_quotes

    linked = select(statement_occurrences.c.article_id).distinct()
    query = select(articles.c.id, articles.c.date, articles.c.source, articles.c.text).where(articles.c.id.not_in(linked))
    if article_ids is not None:
        query = query.where(articles.c.id.in_(list(article_ids)))
    todo = list(conn.execute(query.order_by(articles.c.date, articles.c.id)).mappings())
    for row in todo:
        article_rows = {
            "articles": [dict(row)],
            "actors": [dict(r) for r in conn.execute(select(actors).where(actors.c.article_id == row["id"])).mappings()],
            "claims": [dict(r) for r in conn.execute(select(claims).where(claims.c.article_id == row["id"])).mappings()],
            "quotes": [dict(r) for r in conn.execute(select(quotes).where(quotes.c.article_id == row["id"]).order_by(quotes.c.idx)).mappings()],
            "scare_quotes": [dict(r) for r in conn.execute(select(scare_quotes).where(scare_quotes.c.article_id == row["id"])).mappings()],
        }
        link_article(conn, article_rows, settings)
    return len(todo)
