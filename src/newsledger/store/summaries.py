"""Per-actor and per-outlet summaries, kept up to date at ingest, so that the listings
(/actors, actor pages, /network, /timeline, /sourcing, the corpus counts) read a few rows
instead of aggregating the whole corpus on every request.

Each summary is a table of counters keyed by what it counts by. The Store adds the counts
of the articles it has just inserted (``add``) in the same transaction as the articles, so
the summaries are always the true counts of the committed articles: a killed ingest leaves
neither the article nor its counts. The counts of a chunk are summed first and written in
key order, one upsert per key (``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``),
so two writers take the counter rows' locks in one order and cannot deadlock.

Besides the counters, ``actor_fact_dates`` lists each actor's articles, quotes and events
by date, so that an actor page reads its newest 200 of each from one index range instead of
sorting every quote of a much-quoted actor by its article's date.

Migration 7 creates the tables and fills them from the articles already stored (``rebuild``,
one ``INSERT ... SELECT ... GROUP BY`` per table: the database counts, nothing is read into
Python); migration 8 adds ``actor_summary.events`` and ``actor_fact_dates``.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import (
    Column, Float, Index, Integer, MetaData, String, Table, Text, and_, case, func, insert, inspect, literal, or_, select, union_all,
)
from sqlalchemy.engine import Connection

from newsledger.store.bulk import insert_rows
from newsledger.store.schema import add_missing_columns

summary_metadata = MetaData()

# An actor across the corpus. The descriptive columns are the greatest value any article
# gave (the listing's max(name) before summaries); the counts are of rows in the fact tables.
actor_summary = Table(
    "actor_summary",
    summary_metadata,
    Column("actor_id", String(200), primary_key=True),
    Column("name", Text),
    Column("type", String(40)),
    Column("country", String(8)),
    Column("sector", String(20)),
    Column("title", Text),
    Column("code", String(40)),
    Column("dictionary_id", String(200)),
    Column("articles", Integer, nullable=False),  # articles it is an actor of
    Column("mentions", Integer, nullable=False),
    Column("quotes", Integer, nullable=False),  # quotes it is the speaker of
    Column("events_as_source", Integer, nullable=False),
    Column("events_as_target", Integer, nullable=False),
    # Added by migration 8: events it is the source or the target of, an event on itself once.
    Column("events", Integer, nullable=False, server_default="0"),
)

# /actors and the name look-ups order by the articles an actor is in.
Index("ix_actor_summary_articles", actor_summary.c.articles.desc(), actor_summary.c.actor_id)

# Who acts on whom (the network): events with both sides known and distinct.
edge_summary = Table(
    "edge_summary",
    summary_metadata,
    Column("source_id", String(200), primary_key=True),
    Column("target_id", String(200), primary_key=True),
    Column("type", String(40), primary_key=True),
    Column("source_name", Text),
    Column("target_name", Text),
    Column("n", Integer, nullable=False),
)

# Dated events by month and type: the corpus timeline (actor_id ""), and each actor's
# timeline (events it is the source or the target of, once per event). The corpus's undated
# events are counted under month "" (the event types listed on the pages include theirs).
month_summary = Table(
    "month_summary",
    summary_metadata,
    Column("actor_id", String(200), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("type", String(40), primary_key=True),
    Column("n", Integer, nullable=False),
)

_SOURCE_KINDS = ("named", "anonymous", "collective", "unattributed", "hedged")

# An outlet ("(unknown)" for articles without a source): its articles, their sourcing
# profiles summed, and its share of the corpus counts.
outlet_summary = Table(
    "outlet_summary",
    summary_metadata,
    Column("outlet", Text, primary_key=True),
    Column("articles", Integer, nullable=False),
    Column("profiled", Integer, nullable=False),
    *(Column(k, Float, nullable=False) for k in _SOURCE_KINDS),
    Column("quotes", Integer, nullable=False),
    Column("events", Integer, nullable=False),
    Column("claims", Integer, nullable=False),
)

# The anonymous sources an outlet cites (claims whose source is anonymous), by wording.
outlet_anonymous = Table(
    "outlet_anonymous",
    summary_metadata,
    Column("outlet", Text, primary_key=True),
    Column("source_text", Text, primary_key=True),
    Column("n", Integer, nullable=False),
)

# An actor's articles (kind "article", idx 0), the quotes it is the speaker of ("quote") and
# the events it is the source or target of ("event", once for an event on itself), by date:
# the article's date for articles and quotes, the event's own for events ("" when undated,
# so that undated rows come last newest-first on both databases). Rows, not counters: they
# are added with the article and never change. The index is the actor page's order.
actor_fact_dates = Table(
    "actor_fact_dates",
    summary_metadata,
    Column("actor_id", String(200), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("date", String(40), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("idx", Integer, nullable=False),
)
Index(
    "ix_actor_fact_dates_newest",
    actor_fact_dates.c.actor_id, actor_fact_dates.c.kind, actor_fact_dates.c.date.desc(), actor_fact_dates.c.article_id, actor_fact_dates.c.idx,
)

COUNTER_TABLES = (actor_summary, edge_summary, month_summary, outlet_summary, outlet_anonymous)
SUMMARY_TABLES = (*COUNTER_TABLES, actor_fact_dates)
CORPUS = ""  # month_summary's actor_id for the whole corpus
UNDATED = ""  # month_summary's month for the corpus's undated events
UNKNOWN_OUTLET = "(unknown)"
_GREATEST = ("name", "type", "country", "sector", "title", "code", "dictionary_id")


class Counts:
    """The summary increments of some articles, summed by key."""

    def __init__(self) -> None:
        # table -> key tuple -> column -> increment (or, for actor_summary's descriptions, greatest value)
        self.rows: dict[Table, dict[tuple, dict[str, Any]]] = {t: {} for t in COUNTER_TABLES}
        self.fact_dates: list[dict[str, Any]] = []  # rows of actor_fact_dates

    def _bump(self, table: Table, key: tuple, **increments: Any) -> dict[str, Any]:
        row = self.rows[table].get(key)
        if row is None:
            row = self.rows[table][key] = {c.name: 0 for c in table.columns if c.name not in _GREATEST and not c.primary_key}
            if table is actor_summary:
                row.update({c: None for c in _GREATEST})
            if table is edge_summary:
                row.update(source_name=None, target_name=None)
        for column, n in increments.items():
            row[column] = row[column] + n
        return row

    def add_article(self, rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        """Count one inserted article (its ``rows.document_rows``)."""
        article = rows["articles"][0]
        article_id, date = article["id"], article.get("date") or ""
        outlet = article.get("source") or UNKNOWN_OUTLET

        def dated(actor_id: str, kind: str, when: str, idx: int) -> None:
            self.fact_dates.append({"actor_id": actor_id, "kind": kind, "date": when, "article_id": article_id, "idx": idx})

        for actor in rows.get("actors", ()):
            row = self._bump(actor_summary, (actor["actor_id"],), articles=1)
            for column in _GREATEST:
                row[column] = _greatest(row[column], actor.get(column))
            dated(actor["actor_id"], "article", date, 0)
        for mention in rows.get("mentions", ()):
            self._bump(actor_summary, (mention["actor_id"],), mentions=1)
        for quote in rows.get("quotes", ()):
            if quote.get("speaker_id"):
                self._bump(actor_summary, (quote["speaker_id"],), quotes=1)
                dated(quote["speaker_id"], "quote", date, quote["idx"])
        for event in rows.get("events", ()):
            source, target, kind = event.get("source_id"), event.get("target_id"), event["type"]
            if source:
                self._bump(actor_summary, (source,), events_as_source=1)
            if target:
                self._bump(actor_summary, (target,), events_as_target=1)
            for actor_id in dict.fromkeys(a for a in (source, target) if a):
                self._bump(actor_summary, (actor_id,), events=1)
                dated(actor_id, "event", event.get("date") or "", event["idx"])
            if source and target and source != target:
                row = self._bump(edge_summary, (source, target, kind), n=1)
                row["source_name"] = _greatest(row["source_name"], event.get("source_name"))
                row["target_name"] = _greatest(row["target_name"], event.get("target_name"))
            if event.get("date"):
                month = event["date"][:7]
                for actor_id in dict.fromkeys(a for a in (CORPUS, source, target) if a is not None):
                    self._bump(month_summary, (actor_id, month, kind), n=1)
            else:
                self._bump(month_summary, (CORPUS, UNDATED, kind), n=1)
        profile = (rows.get("sourcing") or [None])[0]
        figures = {k: float(profile.get(k) or 0) for k in _SOURCE_KINDS} if profile else {}
        self._bump(
            outlet_summary, (outlet,), articles=1, profiled=1 if profile else 0, quotes=len(rows.get("quotes", ())),
            events=len(rows.get("events", ())), claims=len(rows.get("claims", ())), **figures,
        )
        for claim in rows.get("claims", ()):
            if claim.get("source_type") == "anonymous" and claim.get("source_text") is not None:
                self._bump(outlet_anonymous, (outlet, claim["source_text"]), n=1)


def _greatest(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def add(conn: Connection, counts: Counts) -> None:
    """Add the counts to the summary tables, in the caller's transaction, in key order."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        _add_portably(conn, counts)
        return
    _add_fact_dates(conn, counts)
    for table in COUNTER_TABLES:
        by_key = counts.rows[table]
        if not by_key:
            continue
        keys = [c.name for c in table.primary_key.columns]
        values = [dict(zip(keys, key), **by_key[key]) for key in sorted(by_key)]
        statement = dialect_insert(table)
        updates: dict[str, Any] = {}
        for column in table.columns:
            if column.primary_key:
                continue
            new = statement.excluded[column.name]
            if column.name in _GREATEST or column.name in ("source_name", "target_name"):
                # The greatest non-NULL value, as max() over the articles would give.
                updates[column.name] = case(
                    (new.is_(None), column), (column.is_(None), new), (new > column, new), else_=column
                )
            else:
                updates[column.name] = column + new
        conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates), values)


def _add_portably(conn: Connection, counts: Counts) -> None:
    # A dialect without ON CONFLICT: read, then update or insert (one writer at a time).
    from sqlalchemy import update

    _add_fact_dates(conn, counts)
    for table in COUNTER_TABLES:
        keys = [c.name for c in table.primary_key.columns]
        for key in sorted(counts.rows[table]):
            delta = counts.rows[table][key]
            match = [table.c[k] == v for k, v in zip(keys, key)]
            current = conn.execute(select(table).where(*match)).mappings().first()
            if current is None:
                conn.execute(insert(table), dict(zip(keys, key), **delta))
                continue
            merged = {
                c: (_greatest(current[c], v) if c in _GREATEST or c in ("source_name", "target_name") else current[c] + v)
                for c, v in delta.items()
            }
            conn.execute(update(table).where(*match).values(**merged))


def _add_fact_dates(conn: Connection, counts: Counts) -> None:
    # New rows of new articles only (the Store counts an article once): plain inserts.
    insert_rows(conn, actor_fact_dates, counts.fact_dates)


def create_tables(conn: Connection) -> None:
    summary_metadata.create_all(conn, tables=list(SUMMARY_TABLES))


def _given(column: Any) -> Any:
    # What the ingest's counting takes as present: neither NULL nor "" (Python's truth).
    return and_(column.is_not(None), column != "")


def rebuild(conn: Connection, articles: Table, fact_tables: Sequence[Table]) -> None:
    """Fill the (empty) summaries from the articles stored, counted by the database (one
    ``INSERT ... SELECT`` per table), as ``Counts`` counts an article at ingest. The
    tables come from the caller."""
    t = {table.name: table for table in fact_tables}
    actors, mentions, quotes, events, claims, sourcing = (t[n] for n in ("actors", "mentions", "quotes", "events", "claims", "sourcing"))
    a, e, q = actors.c, events.c, quotes.c
    count = func.count()

    # actor_summary: every key seen as an actor, a mention, a speaker or an event's side.
    keys = union_all(
        select(a.actor_id.label("k")),
        select(mentions.c.actor_id),
        select(q.speaker_id).where(_given(q.speaker_id)),
        select(e.source_id).where(_given(e.source_id)),
        select(e.target_id).where(_given(e.target_id)),
    ).subquery()
    key = select(keys.c.k).distinct().subquery()
    described = select(a.actor_id.label("k"), count.label("n"), *(func.max(a[c]).label(c) for c in _GREATEST)).group_by(a.actor_id).subquery()

    def counted_by(column: Any, *where: Any) -> Any:
        return select(column.label("k"), func.count().label("n")).where(*where).group_by(column).subquery()

    mentioned = counted_by(mentions.c.actor_id)
    speaking = counted_by(q.speaker_id, _given(q.speaker_id))
    as_source = counted_by(e.source_id, _given(e.source_id))
    as_target = counted_by(e.target_id, _given(e.target_id))
    on_itself = counted_by(e.source_id, _given(e.source_id), e.source_id == e.target_id)
    joined = key
    for part in (described, mentioned, speaking, as_source, as_target, on_itself):
        joined = joined.outerjoin(part, part.c.k == key.c.k)

    def n(part: Any) -> Any:
        return func.coalesce(part.c.n, 0)

    conn.execute(
        insert(actor_summary).from_select(
            ["actor_id", *_GREATEST, "articles", "mentions", "quotes", "events_as_source", "events_as_target", "events"],
            select(
                key.c.k, *(described.c[c] for c in _GREATEST), n(described), n(mentioned), n(speaking), n(as_source), n(as_target),
                n(as_source) + n(as_target) - n(on_itself),
            ).select_from(joined),
        )
    )

    # edge_summary: events with both sides given and distinct.
    conn.execute(
        insert(edge_summary).from_select(
            ["source_id", "target_id", "type", "source_name", "target_name", "n"],
            select(e.source_id, e.target_id, e.type, func.max(e.source_name), func.max(e.target_name), count)
            .where(_given(e.source_id), _given(e.target_id), e.source_id != e.target_id)
            .group_by(e.source_id, e.target_id, e.type),
        )
    )

    # month_summary: the corpus's dated events by month, its undated ones under UNDATED, and
    # each side's dated events (an event on itself once).
    month = func.substr(e.date, 1, 7)
    parts = union_all(
        select(literal(CORPUS).label("actor_id"), month.label("month"), e.type.label("type")).where(_given(e.date)),
        select(literal(CORPUS), literal(UNDATED), e.type).where(~_given(e.date)),
        select(e.source_id, month, e.type).where(_given(e.date), _given(e.source_id)),
        select(e.target_id, month, e.type).where(
            _given(e.date), _given(e.target_id), or_(e.source_id.is_(None), e.source_id != e.target_id)
        ),
    ).subquery()
    conn.execute(
        insert(month_summary).from_select(
            ["actor_id", "month", "type", "n"],
            select(parts.c.actor_id, parts.c.month, parts.c.type, count).group_by(parts.c.actor_id, parts.c.month, parts.c.type),
        )
    )

    # outlet_summary and outlet_anonymous: by the article's outlet.
    outlet = case((_given(articles.c.source), articles.c.source), else_=literal(UNKNOWN_OUTLET))
    by_outlet = select(outlet.label("outlet"), count.label("articles")).group_by(outlet).subquery()
    profiled = (
        select(outlet.label("outlet"), count.label("n"), *(func.sum(func.coalesce(sourcing.c[k], 0)).label(k) for k in _SOURCE_KINDS))
        .select_from(sourcing.join(articles, articles.c.id == sourcing.c.article_id))
        .group_by(outlet)
        .subquery()
    )

    def per_outlet(facts: Table) -> Any:
        return select(outlet.label("outlet"), func.count().label("n")).select_from(facts.join(articles, articles.c.id == facts.c.article_id)).group_by(outlet).subquery()

    quoted, evented, claimed = per_outlet(quotes), per_outlet(events), per_outlet(claims)
    joined = by_outlet
    for part in (profiled, quoted, evented, claimed):
        joined = joined.outerjoin(part, part.c.outlet == by_outlet.c.outlet)
    conn.execute(
        insert(outlet_summary).from_select(
            ["outlet", "articles", "profiled", *_SOURCE_KINDS, "quotes", "events", "claims"],
            select(
                by_outlet.c.outlet, by_outlet.c.articles, n(profiled), *(func.coalesce(profiled.c[k], 0) for k in _SOURCE_KINDS),
                n(quoted), n(evented), n(claimed),
            ).select_from(joined),
        )
    )
    anonymous = claims.join(articles, articles.c.id == claims.c.article_id)
    conn.execute(
        insert(outlet_anonymous).from_select(
            ["outlet", "source_text", "n"],
            select(outlet, claims.c.source_text, count)
            .select_from(anonymous)
            .where(claims.c.source_type == "anonymous", claims.c.source_text.is_not(None))
            .group_by(outlet, claims.c.source_text),
        )
    )

    # actor_fact_dates: the actor page's lists, by date.
    article_date = func.coalesce(articles.c.date, "")
    columns = ["actor_id", "kind", "date", "article_id", "idx"]
    for listed in (
        select(a.actor_id, literal("article"), article_date, a.article_id, literal(0)).select_from(
            actors.join(articles, articles.c.id == a.article_id)
        ),
        select(q.speaker_id, literal("quote"), article_date, q.article_id, q.idx)
        .select_from(quotes.join(articles, articles.c.id == q.article_id))
        .where(_given(q.speaker_id)),
        select(e.source_id, literal("event"), func.coalesce(e.date, ""), e.article_id, e.idx).where(_given(e.source_id)),
        select(e.target_id, literal("event"), func.coalesce(e.date, ""), e.article_id, e.idx).where(
            _given(e.target_id), or_(e.source_id.is_(None), e.source_id != e.target_id)
        ),
    ):
        conn.execute(insert(actor_fact_dates).from_select(columns, listed))


def upgrade_to_v8(conn: Connection, articles: Table, fact_tables: Sequence[Table]) -> None:
    """Migration 8: ``actor_summary.events`` and ``actor_fact_dates``; when either was
    missing, the summaries are counted afresh (they need the events of every article)."""
    had_dates = inspect(conn).has_table("actor_fact_dates")
    added = add_missing_columns(conn, "actor_summary", {"events": "INTEGER NOT NULL DEFAULT 0"})
    for index in actor_summary.indexes:
        index.create(conn, checkfirst=True)
    if not added and had_dates:
        return  # made by migration 7 of this version: complete
    create_tables(conn)
    for table in SUMMARY_TABLES:
        conn.execute(table.delete())
    rebuild(conn, articles, fact_tables)


def counted(articles_rows: Iterable[Mapping[str, Sequence[Mapping[str, Any]]]]) -> Counts:
    counts = Counts()
    for rows in articles_rows:
        counts.add_article(rows)
    return counts
