"""The migrations that create and upgrade a store, in order, and ``migrate``.

Kept apart from ``schema`` (the tables) because the later migrations belong to modules that
build on the tables (statements, full-text search, summaries): the list of them is the one
place that knows them all, so that no module of the store imports in a cycle.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection

from newsledger.store import changes, schema, search, statements, summaries
from newsledger.store.errors import StoreError
from newsledger.store.schema import FACT_TABLES, articles, now, schema_version


def _create_v5(conn: Connection) -> None:
    # Statements across outlets (issue 14): the tables live beside their linking code.
    statements.create_tables(conn)
    # Articles stored before the upgrade: every quote belongs to a statement, theirs too.
    statements.link_unlinked(conn)


def _create_v10(conn: Connection) -> None:
    # Statements: the quoted fragments (scare quotes, the other stretches of a mixed quote)
    # linked as partial occurrences; the articles stored before have none.
    statements.statement_fragments.create(conn, checkfirst=True)


def _create_v6(conn: Connection) -> None:
    # Full-text search: FTS5 tables kept by triggers (SQLite), generated tsvector columns
    # with GIN indexes (PostgreSQL); both filled with the articles already stored.
    search.create_indexes(conn)


def _create_v7(conn: Connection) -> None:
    # Summaries kept at ingest (per actor, per outlet, network edges, months), filled here
    # from the articles already stored.
    summaries.create_tables(conn)
    summaries.rebuild(conn, articles, FACT_TABLES)


def _create_v8(conn: Connection) -> None:
    # Fast pages at 100k articles: the actor page's lists by date, an actor's events counted
    # once (summaries), and the indexes the listings order by.
    summaries.upgrade_to_v8(conn, articles, FACT_TABLES)


def _create_v11(conn: Connection) -> None:
    # The web cache's data version: a counter of this database's own (``changes.py``).
    changes.create_table(conn)


MIGRATIONS: tuple[schema.Migration, ...] = (
    schema.Migration(1, "articles, actors, mentions, quotes, events, times, places, claims, sourcing", schema._create_v1),
    schema.Migration(2, "indexes by actor key for cross-article queries", schema._create_v2),
    schema.Migration(3, "actors: named (false for unnamed sources), affiliation", schema._create_v3),
    schema.Migration(4, "articles.fetched_at, the urls an article was fetched by, index on articles.url", schema._create_v4),
    schema.Migration(5, "statements across outlets: statements, their occurrences, MinHash bands of their wording", _create_v5),
    schema.Migration(6, "full-text search over article and quote text (SQLite FTS5, PostgreSQL tsvector + GIN)", _create_v6),
    schema.Migration(7, "summaries per actor, outlet, network edge and month, kept up to date at ingest", _create_v7),
    schema.Migration(8, "actor pages by date (actor_fact_dates), actor_summary.events, indexes for the listings at scale", _create_v8),
    schema.Migration(9, "events: PLOVER subtype and context", schema._create_v9),
    schema.Migration(10, "statements: quoted fragments (scare quotes, stretches of mixed quotes) as partial occurrences", _create_v10),
    schema.Migration(11, "data_changes: a counter of the writes readers are shown, the web cache's data version", _create_v11),
)
DB_VERSION = MIGRATIONS[-1].version  # the schema version this code writes


# Any fixed number: the advisory lock that one migration at a time holds in PostgreSQL.
_MIGRATION_LOCK = 0x6E65_7773  # "news"


def migrate(conn: Connection) -> int:
    """Apply the migrations the database has not seen; returns its version afterwards."""
    if conn.dialect.name == "postgresql":
        # Several ingest processes may open a fresh database at once: one migrates while
        # the others wait here (until its commit), then find the schema done. SQLite's
        # BEGIN IMMEDIATE already serializes writers.
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    schema_version.create(conn, checkfirst=True)
    current = conn.execute(select(func.max(schema_version.c.version))).scalar() or 0
    if current > DB_VERSION:
        raise StoreError(
            f"the database has schema version {current}, newer than this newsledger knows ({DB_VERSION}); "
            "upgrade newsledger to use it"
        )
    applied = False
    for migration in MIGRATIONS:
        if migration.version > current:
            applied = True
            migration.apply(conn)
            conn.execute(
                insert(schema_version),
                {"version": migration.version, "description": migration.description, "applied_at": now()},
            )
            current = migration.version
    if applied:
        # A migration may fill tables from the stored articles (summaries, statements).
        changes.record(conn)
    return current


