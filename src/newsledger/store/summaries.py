"""Per-actor and per-outlet summaries, kept up to date at ingest, so that the listings
(/actors, actor pages, /network, /timeline, /sourcing, the corpus counts) read a few rows
instead of aggregating the whole corpus on every request.

Each summary is a table of counters keyed by what it counts by. The Store adds the counts
of the articles it has just inserted (``add``) in the same transaction as the articles, so
the summaries are always the true counts of the committed articles: a killed ingest leaves
neither the article nor its counts. The counts of a chunk are summed first and written in
key order, one upsert per key (``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``),
so two writers take the counter rows' locks in one order and cannot deadlock.

Migration 7 creates the tables and fills them from the articles already stored (``rebuild``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, case, select
from sqlalchemy.engine import Connection

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
)

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

SUMMARY_TABLES = (actor_summary, edge_summary, month_summary, outlet_summary, outlet_anonymous)
CORPUS = ""  # month_summary's actor_id for the whole corpus
UNDATED = ""  # month_summary's month for the corpus's undated events
UNKNOWN_OUTLET = "(unknown)"
_GREATEST = ("name", "type", "country", "sector", "title", "code", "dictionary_id")


class Counts:
    """The summary increments of some articles, summed by key."""

    def __init__(self) -> None:
        # table -> key tuple -> column -> increment (or, for actor_summary's descriptions, greatest value)
        self.rows: dict[Table, dict[tuple, dict[str, Any]]] = {t: {} for t in SUMMARY_TABLES}

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
        outlet = article.get("source") or UNKNOWN_OUTLET
        for actor in rows.get("actors", ()):
            row = self._bump(actor_summary, (actor["actor_id"],), articles=1)
            for column in _GREATEST:
                row[column] = _greatest(row[column], actor.get(column))
        for mention in rows.get("mentions", ()):
            self._bump(actor_summary, (mention["actor_id"],), mentions=1)
        for quote in rows.get("quotes", ()):
            if quote.get("speaker_id"):
                self._bump(actor_summary, (quote["speaker_id"],), quotes=1)
        for event in rows.get("events", ()):
            source, target, kind = event.get("source_id"), event.get("target_id"), event["type"]
            if source:
                self._bump(actor_summary, (source,), events_as_source=1)
            if target:
                self._bump(actor_summary, (target,), events_as_target=1)
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
    for table in SUMMARY_TABLES:
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
    from sqlalchemy import insert, update

    for table in SUMMARY_TABLES:
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


def create_tables(conn: Connection) -> None:
    summary_metadata.create_all(conn, tables=list(SUMMARY_TABLES))


def rebuild(conn: Connection, articles: Table, fact_tables: Sequence[Table], batch: int = 500) -> None:
    """Fill the (empty) summaries from the articles stored, a slice of articles at a time.
    The tables come from the caller: the schema imports this module for its migration."""
    ids = list(conn.execute(select(articles.c.id).order_by(articles.c.id)).scalars())
    wanted = {t.name: t for t in fact_tables if t.name in ("actors", "mentions", "quotes", "events", "claims", "sourcing")}
    for start in range(0, len(ids), batch):
        part = ids[start : start + batch]
        by_article: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for row in conn.execute(select(articles.c.id, articles.c.source).where(articles.c.id.in_(part))).mappings():
            by_article[row["id"]]["articles"].append(dict(row))
        for name, table in wanted.items():
            for row in conn.execute(select(table).where(table.c.article_id.in_(part))).mappings():
                by_article[row["article_id"]][name].append(dict(row))
        counts = Counts()
        for rows in by_article.values():
            counts.add_article(rows)
        add(conn, counts)


def counted(articles_rows: Iterable[Mapping[str, Sequence[Mapping[str, Any]]]]) -> Counts:
    counts = Counts()
    for rows in articles_rows:
        counts.add_article(rows)
    return counts
