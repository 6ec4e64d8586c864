"""Read-side queries over a newsledger database, shared by ``newsledger query`` and the API.

Every query is a parameterized SQLAlchemy Core select (no SQL is built from strings), and
every list is paged with a bounded page size. An actor's *key* is its ``actor_id`` (the slug
the actors stage gives it, e.g. ``rex-tillerson``): the same person has the same key in every
article, so the key gathers an actor's quotes and events across the corpus.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import and_, bindparam, case, func, or_, select
from sqlalchemy.engine import Connection, Engine

from newsledger.document import PLOVER_TYPES
from newsledger.store import search, summaries
from newsledger.store.rows import document_from_rows
from newsledger.store.schema import FACT_TABLES, articles, claims, events, mentions, quotes
from newsledger.store.summaries import actor_fact_dates, actor_summary, edge_summary, month_summary, outlet_anonymous, outlet_summary

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class QueryError(ValueError):
    """A parameter a query cannot use; the message says which and why."""


@dataclass(frozen=True)
class Page:
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, not {self.limit}")
        if self.offset < 0:
            raise QueryError(f"offset must be 0 or more, not {self.offset}")


def check_date(value: Optional[str], name: str) -> Optional[str]:
    """An ISO date prefix (YYYY, YYYY-MM or YYYY-MM-DD) or None; QueryError otherwise."""
    if value is None or value == "":
        return None
    if not _DATE.match(value):
        raise QueryError(f"{name} must be a date as YYYY-MM-DD (or YYYY-MM, YYYY), not {value!r}")
    if len(value) == 10:
        try:
            _dt.date.fromisoformat(value)
        except ValueError as exc:
            raise QueryError(f"{name} is not a real date: {value!r}") from exc
    elif len(value) == 7 and not 1 <= int(value[5:]) <= 12:
        raise QueryError(f"{name} is not a real month: {value!r} (months are 01 to 12)")
    return value


def check_event_type(value: Optional[str]) -> Optional[str]:
    """A PLOVER event type, any case, as stored (upper case), or None; QueryError otherwise:
    an unknown type would match nothing and look like an empty answer."""
    if value is None or value == "":
        return None
    if value.upper() not in PLOVER_TYPES:
        raise QueryError(f"unknown event type {value!r}; PLOVER types are {', '.join(PLOVER_TYPES)}")
    return value.upper()


def _contains(column: Any, needle: str) -> Any:
    # Case-insensitive substring match; autoescape makes % and _ in the needle literal.
    return func.lower(column).contains(needle.lower(), autoescape=True)


def _rows(conn: Connection, query: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(query).mappings()]


# --------------------------------------------------------------------------- articles


def _date_range(column: Any, since: Optional[str], until: Optional[str]) -> list[Any]:
    """Conditions for ``since <= column <= until``, each an ISO date prefix ("2017-07"
    includes every day of July); QueryError for a bad date or an empty range."""
    since = check_date(since, "since")
    until = check_date(until, "until")
    if since and until and since[: len(until)] > until:
        raise QueryError(f"since ({since}) is after until ({until})")
    where: list[Any] = []
    if since:
        where.append(column >= since)
    if until:
        where.append(func.substr(column, 1, len(until)) <= until)
    return where


def list_articles(
    engine: Engine,
    q: Optional[str] = None,
    source: Optional[str] = None,
    page: Page = Page(),
    since: Optional[str] = None,
    until: Optional[str] = None,
) -> dict[str, Any]:
    """Articles newest first, or best match first when searching (``search.ranked``: the
    newest thousand matches ranked, then older ones); ``q`` searches title and
    text (full-text: words, "phrases", prefix*), ``source`` the outlet (substring),
    ``since``/``until`` the publication date.
    When searching, ``total_exact`` is False when ``total`` is a lower bound
    (``search.COUNT_CAP``: PostgreSQL stops counting there), each item's ``snippet`` is
    the text around the matches and ``matches`` the ``[start, end)`` spans of the matched
    words in it."""
    where = _date_range(articles.c.date, since, until)
    if source:
        where.append(_contains(articles.c.source, source))
    columns = [
        articles.c.id,
        articles.c.title,
        articles.c.date,
        articles.c.source,
        articles.c.url,
        articles.c.n_chars,
    ]
    order = (articles.c.date.desc(), articles.c.id)
    with engine.connect() as conn:
        if q is not None and q.strip() and search.supported(conn):
            terms = search.parse(q)
            if not terms:  # nothing searchable (only punctuation): nothing matches
                return {"total": 0, "limit": page.limit, "offset": page.offset, "items": []}
            matching = search.match_articles(conn, terms, articles)
            # Without other filters the searched table alone is counted and ranked (SQLite:
            # the FTS index, no join per match); the page's rows are read by key after.
            total, exact = search.count_matches(conn, matching, where)
            best = search.ranked(conn, matching, where, page.limit, page.offset)
            ids = [row["id"] for row in best]
            by_id = {row["id"]: row for row in _rows(conn, select(*columns).where(articles.c.id.in_(ids)))} if ids else {}
            items = [{**by_id[row["id"]], **row} for row in best if row["id"] in by_id]
            snippets = search.article_snippets(conn, terms, items)
            for item in items:
                item.pop("fts_rowid", None)
                item["snippet"], spans = snippets.get(item["id"], ("", []))
                item["matches"] = [list(span) for span in spans]
            return {"total": total, "total_exact": exact, "limit": page.limit, "offset": page.offset, "items": items}
        if q:  # a database without a full-text index: substring search
            where.append(or_(_contains(articles.c.title, q), _contains(articles.c.text, q)))
        query = select(*columns, func.substr(articles.c.text, 1, 200).label("snippet")).where(*where)
        if where:
            total = conn.execute(select(func.count()).select_from(articles).where(*where)).scalar_one()
        else:  # every article: the outlet summaries' sum, not a count of the table
            total = int(conn.execute(select(func.coalesce(func.sum(outlet_summary.c.articles), 0))).scalar_one())
        items = _rows(conn, query.order_by(*order).limit(page.limit).offset(page.offset))
    for item in items:
        item["matches"] = []
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


def article_for_page(engine: Engine, article_id: str) -> Optional[tuple[dict[str, Any], dict[str, int]]]:
    """The stored document as ``Store.article`` gives it (``Document.to_dict()``), but with
    each actor's mentions counted rather than read: (document with empty mention lists,
    actor id -> number of mentions). The article page shows only the counts, and the
    mentions are most of an article's rows (85 of 190 in an average AllSides article).
    None when the id is unknown."""
    with engine.connect() as conn:  # one read transaction: one snapshot of the article
        if conn.dialect.name == "postgresql":
            found = _article_rows_in_one_statement(conn, article_id)
        else:
            found = _article_rows_table_by_table(conn, article_id)
    if found is None:
        return None
    row, tables, mention_counts = found
    return document_from_rows(row, tables).to_dict(), mention_counts


_PageRows = tuple[Any, dict[str, list[Any]], dict[str, int]]  # article row, fact rows by table, mention counts


def _article_rows_table_by_table(conn: Connection, article_id: str) -> Optional[_PageRows]:
    """The article's rows by one statement per fact table (SQLite: each a function call in
    this process, 0.1 ms)."""
    row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    tables: dict[str, list[Any]] = {}
    for table in FACT_TABLES:
        if table is mentions:
            tables[table.name] = []
            continue
        query = select(table).where(table.c.article_id == article_id)
        if "idx" in table.c:
            query = query.order_by(table.c.idx)
        tables[table.name] = list(conn.execute(query).mappings())
    counted = conn.execute(
        select(mentions.c.actor_id, func.count()).where(mentions.c.article_id == article_id).group_by(mentions.c.actor_id)
    )
    return row, tables, {actor_id: int(n) for actor_id, n in counted}


def _article_rows_in_one_statement(conn: Connection, article_id: str) -> Optional[_PageRows]:
    """The article's rows in one statement (PostgreSQL): the article row with, for each fact
    table, its rows as one JSON array of arrays (the table's columns in order, the rows in
    idx order), and the mention counts as [actor id, count] pairs. One round trip to the
    server instead of eleven (4.6-7.8 -> 2.9 ms at 100k articles), and JSON decoded by
    psycopg in C instead of a SQLAlchemy row per fact. The rows are then what the
    statement per table gives: the same dicts for ``document_from_rows``. (JSON keeps every
    value of these columns as it is: text, integers, booleans, JSON lists, and float8,
    which PostgreSQL writes in its shortest exact form.)"""
    row = conn.execute(_article_page_statement(), {"article_id": article_id}).mappings().first()
    if row is None:
        return None
    tables: dict[str, list[Any]] = {}
    for table in FACT_TABLES:
        names = table.c.keys()
        tables[table.name] = [] if table is mentions else [dict(zip(names, values)) for values in row[f"rows_{table.name}"] or ()]
    return row, tables, {actor_id: int(n) for actor_id, n in row["mention_counts"] or ()}


@functools.lru_cache(maxsize=1)
def _article_page_statement() -> Any:
    """``_article_rows_in_one_statement``'s select, built once (ten subqueries over 80 columns)."""
    from sqlalchemy.dialects.postgresql import aggregate_order_by

    article = articles.c.id == bindparam("article_id")
    fact_rows = []
    for table in FACT_TABLES:
        if table is mentions:
            continue
        row = func.json_build_array(*table.columns)
        rows = func.json_agg(aggregate_order_by(row, table.c.idx)) if "idx" in table.c else func.json_agg(row)
        fact_rows.append(select(rows).where(table.c.article_id == articles.c.id).scalar_subquery().label(f"rows_{table.name}"))
    counted = (
        select(mentions.c.actor_id, func.count().label("n"))
        .where(mentions.c.article_id == articles.c.id)
        .group_by(mentions.c.actor_id)
        .correlate(articles)
        .subquery()
    )
    mention_counts = select(func.json_agg(func.json_build_array(counted.c.actor_id, counted.c.n))).scalar_subquery()
    return select(*articles.columns, *fact_rows, mention_counts.label("mention_counts")).where(article)


# --------------------------------------------------------------------------- actors


_ACTOR_LISTED = (
    actor_summary.c.actor_id.label("key"),
    actor_summary.c.name,
    actor_summary.c.type,
    actor_summary.c.country,
    actor_summary.c.code,
    actor_summary.c.articles,
    actor_summary.c.mentions,
    actor_summary.c.quotes,
    actor_summary.c.events_as_source,
    actor_summary.c.events_as_target,
)


def list_actors(engine: Engine, name: Optional[str] = None, page: Page = Page()) -> dict[str, Any]:
    """Actors across articles, most written-about first, with their counts (from the
    summaries kept at ingest: no scan of the corpus)."""
    where = [actor_summary.c.articles > 0]  # a key only ever seen as a speaker id is no actor
    if name:
        where.append(or_(_contains(actor_summary.c.name, name), _contains(actor_summary.c.actor_id, name)))
    query = (
        select(*_ACTOR_LISTED)
        .where(*where)
        .order_by(actor_summary.c.articles.desc(), actor_summary.c.actor_id)
        .limit(page.limit)
        .offset(page.offset)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(actor_summary).where(*where)).scalar_one()
        items = _rows(conn, query)
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


def resolve_actor(engine: Engine, key_or_name: str) -> Optional[dict[str, Any]]:
    """The actor with this key, or else with this name (case-insensitive), or else with this
    dictionary id, or else the actor in most articles whose name contains it; None when there
    is none."""
    s = actor_summary.c
    with engine.connect() as conn:
        for condition in (
            s.actor_id == key_or_name,
            func.lower(s.name) == key_or_name.lower(),
            s.dictionary_id == key_or_name,
            _contains(s.name, key_or_name),
        ):
            row = conn.execute(
                select(
                    s.actor_id.label("key"), s.name, s.type, s.country, s.sector, s.title, s.code, s.dictionary_id,
                    s.articles, s.mentions, s.quotes, s.events_as_source, s.events_as_target, s.events,
                )
                .where(condition, s.articles > 0)
                .order_by(s.articles.desc(), s.actor_id)
                .limit(1)
            ).mappings().first()
            if row is not None:
                return dict(row)
    return None


def _newest(conn: Connection, key: str, kind: str, page: Page) -> list[tuple[str, int]]:
    """(article_id, idx) of the actor's newest facts of this kind, a page of them, read from
    one range of ``actor_fact_dates``'s index (no sort of all the actor's facts)."""
    d = actor_fact_dates.c
    query = (
        select(d.article_id, d.idx)
        .where(d.actor_id == key, d.kind == kind)
        .order_by(d.date.desc(), d.article_id, d.idx)
        .limit(page.limit)
        .offset(page.offset)
    )
    return [(article_id, idx) for article_id, idx in conn.execute(query)]


def _by_keys(conn: Connection, query: Any, table: Any, keys: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """The rows of ``query`` for these (article_id, idx) keys, in the keys' order: each read
    by its primary key."""
    if not keys:
        return []
    ids = sorted({article_id for article_id, _ in keys})
    positions = sorted({idx for _, idx in keys})
    # The article ids on both sides of the join: whichever side the planner starts from,
    # it reads by primary key (with the pairs alone, SQLite scanned the articles). The
    # pairs themselves are picked here, from the rows of those articles at those positions:
    # as SQL (an OR of 200 pairs) PostgreSQL tested each row against every pair and, its
    # estimate one row, scanned the articles in parallel; an actor page took 30-140 ms at 100k.
    where = [table.c.article_id.in_(ids), articles.c.id.in_(ids), table.c.idx.in_(positions)]
    wanted = set(keys)
    found = {}
    for row in _rows(conn, query.where(*where).order_by(None)):
        if (row["article_id"], row["idx"]) in wanted:
            found[row["article_id"], row["idx"]] = row
    return [found[k] for k in keys if k in found]


def actor_detail(engine: Engine, key_or_name: str, page: Page = Page()) -> Optional[dict[str, Any]]:
    """An actor with its quotes, its events (as source or target) and the articles it is in,
    a page of each, newest first; ``quotes_total``, ``events_total`` and ``articles`` are
    the true counts (from the summaries)."""
    actor = resolve_actor(engine, key_or_name)
    if actor is None:
        return None
    key = actor["key"]
    with engine.connect() as conn:
        actor["quotes_total"] = actor["quotes"]
        actor["events_total"] = actor.pop("events")  # as source or target, an event on itself once
        actor["quotes"] = _by_keys(conn, _quotes_query(), quotes, _newest(conn, key, "quote", page))
        actor["events"] = _by_keys(conn, _events_query(), events, _newest(conn, key, "event", page))
        ids = [article_id for article_id, _ in _newest(conn, key, "article", Page(page.limit, 0))]
        listed = {
            row["id"]: row
            for row in _rows(conn, select(articles.c.id, articles.c.title, articles.c.date, articles.c.source).where(articles.c.id.in_(ids)))
        } if ids else {}
        actor["in_articles"] = [listed[i] for i in ids if i in listed]
        n = func.sum(edge_summary.c.n)
        partners = conn.execute(
            select(edge_summary.c.target_id, func.max(edge_summary.c.target_name), n)
            .where(edge_summary.c.source_id == key)
            .group_by(edge_summary.c.target_id)
            .order_by(n.desc(), edge_summary.c.target_id)
            .limit(20)
        ).all()
        actor["acts_on"] = [{"key": k, "name": nm, "events": int(c)} for k, nm, c in partners]
    return actor


def actor_timeline(engine: Engine, key: str) -> dict[str, Any]:
    """The actor's dated events (as source or target) by month and type, as ``timeline``."""
    return _timeline_from_summary(engine, key, None, None, None)


# --------------------------------------------------------------------------- quotes


def _quote_columns() -> list[Any]:
    return [
        quotes.c.article_id,
        quotes.c.idx,
        quotes.c.start_char.label("start"),
        quotes.c.end_char.label("end"),
        quotes.c.text,
        quotes.c.kind,
        quotes.c.speaker_id.label("speaker"),
        quotes.c.speaker_name,
        quotes.c.cue_text.label("cue"),
        articles.c.title,
        articles.c.date,
        articles.c.source,
    ]


def _quote_filters(speaker_key: Optional[str] = None, speaker: Optional[str] = None, article_id: Optional[str] = None) -> list[Any]:
    where = []
    if speaker_key:
        where.append(quotes.c.speaker_id == speaker_key)
    if speaker:
        where.append(or_(_contains(quotes.c.speaker_name, speaker), quotes.c.speaker_id == speaker))
    if article_id:
        where.append(quotes.c.article_id == article_id)
    return where


_QUOTE_ORDER = (articles.c.date.desc(), quotes.c.article_id, quotes.c.idx)


def _quotes_query(speaker_key: Optional[str] = None, speaker: Optional[str] = None, article_id: Optional[str] = None) -> Any:
    return (
        select(*_quote_columns())
        .join(articles, articles.c.id == quotes.c.article_id)
        .where(*_quote_filters(speaker_key, speaker, article_id))
        .order_by(*_QUOTE_ORDER)
    )


def list_quotes(
    engine: Engine, speaker: Optional[str] = None, article_id: Optional[str] = None, page: Page = Page(), search_text: Optional[str] = None
) -> dict[str, Any]:
    """Quotes, newest article first (best match first when searching); ``speaker`` matches
    the speaker's name (substring) or key; ``search_text`` searches the quote's words
    (full-text), and then each item's ``matches`` are the ``[start, end)`` spans of the
    matched words in its ``text``."""
    with engine.connect() as conn:
        if search_text is not None and search_text.strip() and search.supported(conn):
            terms = search.parse(search_text)
            if not terms:
                return {"total": 0, "limit": page.limit, "offset": page.offset, "items": []}
            matching = search.match_quotes(conn, terms, quotes, articles)
            filters = _quote_filters(speaker=speaker, article_id=article_id)
            total, exact = search.count_matches(conn, matching, filters)
            best = search.ranked(conn, matching, filters, page.limit, page.offset)
            found = {(q["article_id"], q["idx"]): q for q in _by_keys(conn, _quotes_query(), quotes, [(r["article_id"], r["idx"]) for r in best])}
            items = [{**found[(r["article_id"], r["idx"])], **r} for r in best if (r["article_id"], r["idx"]) in found]
            for item, spans in zip(items, search.quote_highlights(conn, terms, items)):
                item.pop("fts_rowid", None)
                item["matches"] = [list(span) for span in spans]
            return {"total": total, "total_exact": exact, "limit": page.limit, "offset": page.offset, "items": items}
        query = _quotes_query(speaker=speaker, article_id=article_id)
        if search_text:  # a database without a full-text index: substring search
            query = query.where(_contains(quotes.c.text, search_text))
        total = conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
        items = _rows(conn, query.limit(page.limit).offset(page.offset))
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


# --------------------------------------------------------------------------- events


def _events_query(*where: Any) -> Any:
    return (
        select(
            events.c.article_id,
            events.c.idx,
            events.c.start_char.label("start"),
            events.c.end_char.label("end"),
            events.c.type,
            events.c.cameo,
            events.c.source_id.label("source"),
            events.c.source_name,
            events.c.target_id.label("target"),
            events.c.target_name,
            events.c.negated,
            events.c.mode,
            events.c.date,
            events.c.place_name,
            events.c.place_country,
            events.c.text,
            articles.c.title,
        )
        .join(articles, articles.c.id == events.c.article_id)
        .where(*where)
        .order_by(events.c.date.desc(), events.c.article_id, events.c.idx)
    )


def _actor_match(id_column: Any, name_column: Any, value: str) -> Any:
    return or_(id_column == value, _contains(name_column, value))


def event_filters(
    source: Optional[str] = None,
    target: Optional[str] = None,
    type: Optional[str] = None,
    since: Optional[str] = None,
    until: Optional[str] = None,
    actor: Optional[str] = None,
) -> list[Any]:
    since = check_date(since, "since")
    until = check_date(until, "until")
    type = check_event_type(type)
    if since and until and since[: len(until)] > until:
        raise QueryError(f"since ({since}) is after until ({until})")
    where: list[Any] = []
    if source:
        where.append(_actor_match(events.c.source_id, events.c.source_name, source))
    if target:
        where.append(_actor_match(events.c.target_id, events.c.target_name, target))
    if actor:
        where.append(
            or_(
                _actor_match(events.c.source_id, events.c.source_name, actor),
                _actor_match(events.c.target_id, events.c.target_name, actor),
            )
        )
    if type:
        where.append(func.upper(events.c.type) == type)
    if since:
        where.append(events.c.date >= since)
    if until:
        # A prefix bound: "2017-07" includes every day of July.
        where.append(func.substr(events.c.date, 1, len(until)) <= until)
    return where


def _summary_answers(filters: dict[str, Optional[str]]) -> bool:
    """True when the month summary can answer for these filters: by type, and by dates
    that are whole months or years (YYYY, YYYY-MM)."""
    given = {k: v for k, v in filters.items() if v}
    return set(given) <= {"type", "since", "until"} and all(len(given.get(k) or "") <= 7 for k in ("since", "until"))


def _events_counted_in_summary(conn: Connection, filters: dict[str, Optional[str]]) -> Optional[int]:
    """The number of events these filters select, from the corpus's month summary (undated
    events included unless a date bounds them), or None when the summary cannot say."""
    if not _summary_answers(filters):
        return None
    m = month_summary.c
    where = [m.actor_id == summaries.CORPUS]
    if filters.get("type"):
        where.append(func.upper(m.type) == check_event_type(filters["type"]))
    since, until = filters.get("since"), filters.get("until")
    if since or until:
        where.append(m.month != summaries.UNDATED)
    if since:
        where.append(m.month >= since)
    if until:
        where.append(func.substr(m.month, 1, len(until)) <= until)
    return int(conn.execute(select(func.coalesce(func.sum(m.n), 0)).where(*where)).scalar_one())


def list_events(engine: Engine, page: Page = Page(), **filters: Optional[str]) -> dict[str, Any]:
    """Events, newest first, filtered by source, target, either side (actor), type and dates."""
    where = event_filters(**filters)
    with engine.connect() as conn:
        total = _events_counted_in_summary(conn, filters)
        if total is None:
            total = conn.execute(select(func.count()).select_from(events).where(*where)).scalar_one()
        items = _rows(conn, _events_query(*where).limit(page.limit).offset(page.offset))
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


def event_types(engine: Engine) -> list[str]:
    """The event types in the corpus (from the month summary: a few rows, not the events)."""
    m = month_summary.c
    with engine.connect() as conn:
        return list(conn.execute(select(m.type).where(m.actor_id == summaries.CORPUS).distinct().order_by(m.type)).scalars())


def dyad(engine: Engine, a: str, b: str) -> dict[str, Any]:
    """Events between two actors (keys or names), both directions, counted by month and type."""
    actor_a = resolve_actor(engine, a)
    actor_b = resolve_actor(engine, b)
    missing = [x for x, found in ((a, actor_a), (b, actor_b)) if found is None]
    if missing:
        raise LookupError(f"no actor {', '.join(repr(m) for m in missing)}")
    ka, kb = actor_a["key"], actor_b["key"]
    month = func.substr(events.c.date, 1, 7).label("month")
    direction = case((events.c.source_id == ka, "a_to_b"), else_="b_to_a").label("direction")
    query = (
        select(month, events.c.type, direction, func.count().label("n"))
        .where(
            or_(
                and_(events.c.source_id == ka, events.c.target_id == kb),
                and_(events.c.source_id == kb, events.c.target_id == ka),
            )
        )
        .group_by(month, events.c.type, direction)
        .order_by(month, events.c.type)
    )
    by_month: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: {"a_to_b": Counter(), "b_to_a": Counter()})
    totals: Counter[str] = Counter()
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            key = row["month"] or "undated"
            by_month[key][row["direction"]][row["type"]] += row["n"]
            totals[row["type"]] += row["n"]
    months = [{"month": m, "a_to_b": dict(v["a_to_b"]), "b_to_a": dict(v["b_to_a"])} for m, v in sorted(by_month.items())]
    return {
        "a": {"key": ka, "name": actor_a["name"]},
        "b": {"key": kb, "name": actor_b["name"]},
        "total": sum(totals.values()),
        "by_type": dict(totals),
        "months": months,
    }


def network(engine: Engine, max_edges: int = 150, **filters: Optional[str]) -> dict[str, Any]:
    """Who acts on whom: directed edges (source, target, type) with counts, heaviest first.
    By type alone or unfiltered it reads the edge summary kept at ingest; with dates or
    actors it counts the events."""
    given = {k: v for k, v in filters.items() if v}
    if set(given) <= {"type"}:
        event_filters(**filters)  # the same checks of the type as a counted query
        e = edge_summary.c
        where = [func.upper(e.type) == given["type"].upper()] if given else []
        n = func.sum(e.n).label("n")
        query = (
            select(e.source_id.label("source"), func.max(e.source_name).label("source_name"),
                   e.target_id.label("target"), func.max(e.target_name).label("target_name"), e.type, n)
            .where(*where)
            .group_by(e.source_id, e.target_id, e.type)
            .order_by(n.desc(), e.source_id, e.target_id, e.type)
            .limit(max_edges)
        )
        with engine.connect() as conn:
            edges = [{**row, "n": int(row["n"])} for row in _rows(conn, query)]
        return _network_of(edges)
    where = [events.c.source_id.is_not(None), events.c.target_id.is_not(None), events.c.source_id != events.c.target_id]
    where += event_filters(**filters)
    n = func.count().label("n")
    query = (
        select(
            events.c.source_id.label("source"),
            func.max(events.c.source_name).label("source_name"),
            events.c.target_id.label("target"),
            func.max(events.c.target_name).label("target_name"),
            events.c.type,
            n,
        )
        .where(*where)
        .group_by(events.c.source_id, events.c.target_id, events.c.type)
        .order_by(n.desc(), events.c.source_id, events.c.target_id, events.c.type)
        .limit(max_edges)
    )
    with engine.connect() as conn:
        edges = _rows(conn, query)
    return _network_of(edges)


def _network_of(edges: list[dict[str, Any]]) -> dict[str, Any]:
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        for side in ("source", "target"):
            node = nodes.setdefault(e[side], {"key": e[side], "name": e[f"{side}_name"] or e[side], "weight": 0})
            node["weight"] += e["n"]
    return {"nodes": sorted(nodes.values(), key=lambda x: (-x["weight"], x["key"])), "edges": edges}


def timeline(engine: Engine, **filters: Optional[str]) -> dict[str, Any]:
    """Event counts by month and type (dated events only). By type and by month-wide dates
    (YYYY or YYYY-MM) it reads the month summary kept at ingest; otherwise it counts events."""
    given = {k: v for k, v in filters.items() if v}
    month_wide = all(len(given.get(k) or "") <= 7 for k in ("since", "until"))
    if set(given) <= {"type", "since", "until"} and month_wide:
        event_filters(**filters)  # the same checks and errors as the counted query
        return _timeline_from_summary(engine, summaries.CORPUS, given.get("type"), given.get("since"), given.get("until"))
    where = [events.c.date.is_not(None)] + event_filters(**filters)
    month = func.substr(events.c.date, 1, 7).label("month")
    query = select(month, events.c.type, func.count().label("n")).where(*where).group_by(month, events.c.type).order_by(month)
    by_month: dict[str, Counter[str]] = defaultdict(Counter)
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            by_month[row["month"]][row["type"]] += row["n"]
    return {"months": [{"month": m, "counts": dict(c), "total": sum(c.values())} for m, c in sorted(by_month.items())]}


def _timeline_from_summary(engine: Engine, actor_id: str, type: Optional[str], since: Optional[str], until: Optional[str]) -> dict[str, Any]:
    m = month_summary.c
    where = [m.actor_id == actor_id, m.month != summaries.UNDATED]
    if type:
        where.append(func.upper(m.type) == type.upper())
    if since:
        where.append(m.month >= since)
    if until:
        where.append(func.substr(m.month, 1, len(until)) <= until)
    by_month: dict[str, Counter[str]] = defaultdict(Counter)
    with engine.connect() as conn:
        for month, kind, n in conn.execute(select(m.month, m.type, m.n).where(*where)):
            by_month[month][kind] += n
    return {"months": [{"month": mo, "counts": dict(c), "total": sum(c.values())} for mo, c in sorted(by_month.items())]}


# --------------------------------------------------------------------------- sourcing

_SOURCE_KINDS = ("named", "anonymous", "collective", "unattributed", "hedged")


def sourcing_profiles(engine: Engine, outlet: Optional[str] = None, page: Page = Page()) -> dict[str, Any]:
    """Per outlet: how many articles, and how their claims are sourced (sums and shares),
    from the outlet summaries kept at ingest."""
    o = outlet_summary.c
    where = [_contains(o.outlet, outlet)] if outlet else []
    query = (
        select(o.outlet, o.articles, o.profiled, *(getattr(o, k) for k in _SOURCE_KINDS))
        .where(*where)
        .order_by(o.articles.desc(), o.outlet)
        .limit(page.limit)
        .offset(page.offset)
    )
    a = outlet_anonymous.c
    with engine.connect() as conn:
        items = _rows(conn, query)
        for item in items:
            for k in _SOURCE_KINDS:
                value = float(item[k] or 0)
                item[k] = int(value) if value.is_integer() else value
            attributed = sum(item[k] for k in ("named", "anonymous", "collective", "unattributed"))
            item["claims"] = attributed
            item["shares"] = {k: round(item[k] / attributed, 3) if attributed else None for k in _SOURCE_KINDS}
            item["top_anonymous_sources"] = [
                {"text": t, "n": n}
                for t, n in conn.execute(
                    select(a.source_text, a.n).where(a.outlet == item["outlet"]).order_by(a.n.desc(), a.source_text).limit(10)
                )
            ]
    return {"limit": page.limit, "offset": page.offset, "items": items}


def list_claims(
    engine: Engine, source_type: Optional[str] = None, source_text: Optional[str] = None, outlet: Optional[str] = None, page: Page = Page()
) -> dict[str, Any]:
    """Claims with their source and article, newest first: ``source_text`` is matched
    exactly (a source as the sourcing profile lists it), ``outlet`` too ("(unknown)" for none)."""
    where = []
    if source_type:
        where.append(claims.c.source_type == source_type)
    if source_text:
        where.append(claims.c.source_text == source_text)
    if outlet:
        where.append(func.coalesce(articles.c.source, "(unknown)") == outlet)
    joined = claims.join(articles, articles.c.id == claims.c.article_id)
    query = (
        select(
            claims.c.article_id, claims.c.idx, claims.c.text, claims.c.source_type, claims.c.source_text, claims.c.via,
            articles.c.title, articles.c.date, func.coalesce(articles.c.source, "(unknown)").label("outlet"),
        )
        .select_from(joined)
        .where(*where)
        .order_by(articles.c.date.desc(), claims.c.article_id, claims.c.idx)
        .limit(page.limit)
        .offset(page.offset)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(joined).where(*where)).scalar_one()
        items = _rows(conn, query)
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


def stats(engine: Engine) -> dict[str, int]:
    """The corpus counts, from the summaries (a row per outlet and per actor, not the facts)."""
    o = outlet_summary.c
    with engine.connect() as conn:
        n_articles, n_quotes, n_events = conn.execute(
            select(func.coalesce(func.sum(o.articles), 0), func.coalesce(func.sum(o.quotes), 0), func.coalesce(func.sum(o.events), 0))
        ).one()
        n_actors = conn.execute(select(func.count()).select_from(actor_summary).where(actor_summary.c.articles > 0)).scalar_one()
    return {"articles": int(n_articles), "actors": int(n_actors), "quotes": int(n_quotes), "events": int(n_events)}
