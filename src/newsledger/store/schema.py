"""The database schema: its tables, their indexes, and the migrations that create and upgrade them.

Every fact row carries its ``article_id`` and its ``start_char``/``end_char`` offsets into
``articles.text`` (``start``/``end`` are reserved words in some dialects). The schema is
created and upgraded by ``MIGRATIONS``, applied in order when a store opens;
``schema_version`` records which were applied.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
    text,
    true,
)
from sqlalchemy.engine import Connection


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text),
    Column("date", String(40)),  # ISO date of publication, as the article gives it
    Column("source", Text),
    Column("url", Text),
    Column("author", Text),
    Column("path", Text),
    Column("n_chars", Integer, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("text", Text, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("doc_schema", String(40), nullable=False),  # the Document JSON schema, e.g. newsledger/1
    # Added by migration 4 (ingest from the web): a fresh database has it from the start.
    Column("fetched_at", String(40)),  # ISO UTC time the page was fetched; NULL for files
    Index("ix_articles_date", "date"),
    Index("ix_articles_source", "source"),
)

# Every address an article was fetched by (as asked, after redirects, its canonical URL),
# so that a rerun fetches none of them again. Not a fact table: no Document field fills
# it; the ingest loop writes it through ``Store.remember_urls``. Rows whose article is not
# stored (its analysis failed) do not count: the URL is fetched again on the next run.
urls = Table(
    "urls",
    metadata,
    Column("url", Text, primary_key=True),
    Column("article_id", String(64), nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Index("ix_urls_article_id", "article_id"),
)


def _fact_table(name: str, *columns: Any, spans: bool = True) -> Table:
    """A table of facts: ``(article_id, idx)`` keeps the document's order; the article's
    deletion deletes its facts."""
    span_columns = [Column("start_char", Integer, nullable=False), Column("end_char", Integer, nullable=False)] if spans else []
    return Table(
        name,
        metadata,
        Column("article_id", String(64), primary_key=True),
        Column("idx", Integer, primary_key=True, autoincrement=False),
        *span_columns,
        *columns,
        ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
    )


actors = Table(
    "actors",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("actor_id", String(200), primary_key=True),  # Actor.id, unique within its article
    Column("idx", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("type", String(40)),
    Column("country", String(8)),
    Column("sector", String(20)),
    Column("title", Text),
    Column("code", String(40)),
    Column("dictionary_id", String(200)),
    Column("aliases", JSON, nullable=False),
    # Added by migration 3 (unnamed actors): a fresh database has them from the start.
    Column("named", Boolean, nullable=False, server_default=true()),
    Column("affiliation", String(200)),
    ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
    Index("ix_actors_name", "name"),
    Index("ix_actors_dictionary_id", "dictionary_id"),
    Index("ix_actors_country_sector", "country", "sector"),
)

mentions = _fact_table(
    "mentions",
    Column("actor_id", String(200), nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    ForeignKeyConstraint(["article_id", "actor_id"], ["actors.article_id", "actors.actor_id"], ondelete="CASCADE"),
)
Index("ix_mentions_actor", mentions.c.article_id, mentions.c.actor_id)

quotes = _fact_table(
    "quotes",
    Column("text", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("speaker_id", String(200)),  # Actor.id within the article
    Column("speaker_name", Text),
    Column("cue_text", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("speaker_text", Text),  # the words that name the speaker ("he", "the minister")
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
)
Index("ix_quotes_speaker_name", quotes.c.speaker_name)
Index("ix_quotes_speaker", quotes.c.article_id, quotes.c.speaker_id)

scare_quotes = _fact_table("scare_quotes", Column("text", Text, nullable=False))

events = _fact_table(
    "events",
    Column("type", String(40), nullable=False),  # PLOVER
    Column("cameo", String(10)),
    Column("source_id", String(200)),
    Column("source_name", Text),
    Column("target_id", String(200)),
    Column("target_name", Text),
    Column("negated", Boolean, nullable=False),
    Column("mode", String(40), nullable=False),
    Column("date", String(40)),
    Column("date_from_article", Boolean, nullable=False),
    Column("place_name", Text),  # NULL when the event has no place
    Column("place_country", String(8)),
    Column("place_lat", Float),
    Column("place_lon", Float),
    Column("text", Text, nullable=False),
    Column("claimed_by_id", String(200)),
    Column("subtype", String(40)),  # PLOVER mode of the type (migration 9)
    Column("context", JSON, nullable=False, server_default="[]"),  # PLOVER contexts (migration 9)
)
Index("ix_events_source_name", events.c.source_name)
Index("ix_events_target_name", events.c.target_name)
Index("ix_events_type", events.c.type)
Index("ix_events_date", events.c.date)
Index("ix_events_place_country", events.c.place_country)

times = _fact_table(
    "times",
    Column("text", Text, nullable=False),
    Column("value", String(80)),
    Column("kind", String(20), nullable=False),
)
Index("ix_times_value", times.c.value)

places = _fact_table(
    "places",
    Column("text", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("region", Text),
)
Index("ix_places_country", places.c.country)
Index("ix_places_name", places.c.name)

claims = _fact_table(
    "claims",
    Column("text", Text, nullable=False),
    Column("source_type", String(20), nullable=False),
    Column("source_id", String(200)),
    Column("source_text", Text),
    Column("via", Text),
    Column("hedges", JSON, nullable=False),
)
Index("ix_claims_source_type", claims.c.source_type)

hedges = _fact_table(
    "hedges",
    Column("text", Text, nullable=False),
    Column("kind", String(20), nullable=False),
)

sourcing = Table(
    "sourcing",
    metadata,
    Column("article_id", String(64), primary_key=True),
    # The profile's figures as columns for queries; `profile` keeps the whole dict as the
    # sourcing stage gave it (counts or shares, and any keys added later).
    Column("named", Float),
    Column("anonymous", Float),
    Column("collective", Float),
    Column("unattributed", Float),
    Column("hedged", Float),
    Column("anonymous_sources", JSON, nullable=False),
    Column("profile", JSON, nullable=False),
    ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
)

# Every table that holds an article's facts, in the order they are written.
FACT_TABLES: tuple[Table, ...] = (actors, mentions, quotes, scare_quotes, events, times, places, claims, hedges, sourcing)
TABLES: dict[str, Table] = {t.name: t for t in (articles, *FACT_TABLES)}


# --------------------------------------------------------------------------- migrations


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Connection], None]


def _create_v1(conn: Connection) -> None:
    # The v1 tables exactly as defined above. A later migration must not change these
    # Table objects' history: it alters with its own statements (ADD COLUMN, CREATE INDEX).
    metadata.create_all(conn, tables=[articles, *FACT_TABLES])


# Cross-article lookups by actor key (the web UI's actor list and pages, dyads): the v1
# indexes all start with article_id, which those queries do not filter on.
_V2_INDEXES = (
    Index("ix_actors_actor_id", actors.c.actor_id),
    Index("ix_quotes_speaker_id", quotes.c.speaker_id),
    Index("ix_events_source_id", events.c.source_id),
    Index("ix_events_target_id", events.c.target_id),
)


def add_missing_columns(conn: Connection, table: str, columns: dict[str, str]) -> set[str]:
    """ALTER TABLE ``table`` ADD COLUMN for each of ``columns`` (name -> SQL type and
    default) it lacks: a migration's new columns, which a database made by ``_create_v1``
    since already has. Returns the names added."""
    present = {c["name"] for c in inspect(conn).get_columns(table)}
    missing = [name for name in columns if name not in present]
    for name in missing:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {columns[name]}"))
    return set(missing)


def _create_v2(conn: Connection) -> None:
    for index in _V2_INDEXES:
        index.create(conn, checkfirst=True)


def _create_v3(conn: Connection) -> None:
    # A database made before version 3 lacks the columns; one made by _create_v1 since has them.
    add_missing_columns(conn, "actors", {"named": "BOOLEAN NOT NULL DEFAULT TRUE", "affiliation": "VARCHAR(200)"})


def _create_v9(conn: Connection) -> None:
    # PLOVER's own fields of an event (issue 13); a database made by _create_v1 since has them.
    add_missing_columns(conn, "events", {"subtype": "VARCHAR(40)", "context": "JSON NOT NULL DEFAULT '[]'"})


# Before a page is fetched its URL is looked up in articles.url: an index, not a scan per URL.
_V4_URL_INDEX = Index("ix_articles_url", articles.c.url)


def _create_v4(conn: Connection) -> None:
    add_missing_columns(conn, "articles", {"fetched_at": "VARCHAR(40)"})
    urls.create(conn, checkfirst=True)
    _V4_URL_INDEX.create(conn, checkfirst=True)


def now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)
