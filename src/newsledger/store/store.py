"""The database: the contract between ingest and everything that reads.

One SQLite file by default, PostgreSQL for teams (``postgresql://user@host/db``, driven by
psycopg 3), any SQLAlchemy URL otherwise. SQLAlchemy Core only, portable SQL: the
dialect-specific parts are SQLite's pragmas set on connect, ``INSERT ... ON CONFLICT DO
NOTHING`` (both dialects) and the full-text indexes (``schema.py``).

An article and all its facts are written in one transaction, the article row first (the
facts point to it), so a killed ingest leaves either the whole article or nothing of it:
rerun resumes. The article row is inserted with ON CONFLICT DO NOTHING and its facts only
when that row is new, so several processes ingesting into one PostgreSQL database store
each article once: the second writer of an article waits on the first one's row lock and
then finds it there. The tables are in ``schema.py``, the fact <-> row mapping in ``rows.py``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence, Union

from sqlalchemy import create_engine, event, func, insert, inspect, select
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.pool import StaticPool

from newsledger.document import Document
from newsledger.store import changes, summaries
from newsledger.store.bulk import insert_rows
from newsledger.store.errors import StoreError, describe
from newsledger.store.rows import Rows, document_from_rows, document_rows
from newsledger.store.migrations import migrate
from newsledger.store.schema import FACT_TABLES, TABLES, articles, now, urls
from newsledger.store.statements import link_article


# --------------------------------------------------------------------------- engine


def database_url(target: Union[str, os.PathLike[str]]) -> str:
    """A SQLAlchemy URL for a file path or a URL (``sqlite:///x.db``, ``postgresql://...``).
    ``postgresql://`` and ``postgres://`` (the libpq spelling) mean psycopg 3, the driver
    newsledger installs; SQLAlchemy alone would pick psycopg2."""
    text = os.fspath(target)
    if text == ":memory:":
        return "sqlite://"
    if "://" in text:
        for bare in ("postgresql://", "postgres://"):
            if text.startswith(bare):
                return "postgresql+psycopg://" + text[len(bare):]
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def shown_url(url: str) -> str:
    """The URL as messages show it: without its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_engine(url: str) -> Engine:
    in_memory = make_url(url).database in (None, "", ":memory:")
    engine = create_engine(url, poolclass=StaticPool) if in_memory else create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling issues no BEGIN before DDL; hand it to us.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL cannot corrupt; a power cut may lose the last commits, a kill cannot.
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the write lock at BEGIN, so busy_timeout applies instead of a
        # deadlock when two connections upgrade from read to write at once.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("newsledger_write") else "BEGIN")

    return engine


def make_engine(target: Union[str, os.PathLike[str]]) -> Engine:
    url = database_url(target)
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError as exc:
        raise StoreError(f"not a database path or URL: {os.fspath(target)!r} ({exc})") from exc
    try:
        if backend == "sqlite":
            return _sqlite_engine(url)
        if backend == "postgresql":
            # pre_ping: a pooled connection the server dropped (restart, idle timeout) is
            # replaced before use instead of failing the next article.
            return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
        return create_engine(url)
    except (ArgumentError, ModuleNotFoundError) as exc:
        raise StoreError(f"cannot use database {shown_url(url)!r}: {exc}") from exc


# --------------------------------------------------------------------------- the store


def _without_nul(value: Any) -> Any:
    # PostgreSQL text cannot hold U+0000; U+FFFD keeps every offset into the text.
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    return value


def _insert_new(conn: Connection, table: Any, rows: list[dict[str, Any]], key: list[str]) -> int:
    """INSERT ... ON CONFLICT (key) DO NOTHING; the number of rows actually inserted."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # a dialect without ON CONFLICT: look first (a racing writer raises IntegrityError)
        wanted = [r for r in rows if conn.execute(select(table).where(*(table.c[k] == r[k] for k in key))).first() is None]
        if wanted:
            conn.execute(insert(table), wanted)
        return len(wanted)
    # RETURNING tells which rows went in (the driver's rowcount does not, with psycopg).
    statement = dialect_insert(table).on_conflict_do_nothing(index_elements=key).returning(table.c[key[0]])
    return sum(len(conn.execute(statement, row).all()) for row in rows)


def _insert_counted(conn: Connection, batch: Sequence[Rows]) -> list[bool]:
    """Insert the articles, their facts, link their quotes, then add the counts of those
    that were new to the summaries, all in the caller's transaction; False for an article
    already there (nothing of it is written again)."""
    if conn.dialect.name == "postgresql":
        batch = [{name: _without_nul(table_rows) for name, table_rows in rows.items()} for rows in batch]
    flags = [bool(_insert_new(conn, articles, rows["articles"][:1], ["id"])) for rows in batch]
    new = [rows for rows, flag in zip(batch, flags) if flag]
    # One statement per fact table for the whole chunk: the per-statement cost, not the
    # rows, is most of a small article's write.
    for table in FACT_TABLES:
        insert_rows(conn, table, [row for rows in new for row in rows.get(table.name, ())])
    for rows in new:
        # In the article's own transaction: a killed ingest leaves no half-linked statement.
        link_article(conn, rows)
    summaries.add(conn, summaries.counted(new))
    return flags


def _insert_recorded(conn: Connection, batch: Sequence[Rows]) -> list[bool]:
    """``_insert_counted``, and the change counted when an article was new (``changes.py``:
    last, so that concurrent writers hold the counter's row lock only for their commits)."""
    flags = _insert_counted(conn, batch)
    if any(flags):
        changes.record(conn)
    return flags


# A deadlock or serialization failure between two writers (SQLSTATE 40P01, 40001) is a
# transaction to run again: PostgreSQL rolled it back whole.
_RETRIED_SQLSTATES = ("40P01", "40001")
_RETRIES = 5


def _must_retry(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in _RETRIED_SQLSTATES


class Store:
    """An open newsledger database. ``Store("news.db")`` or ``Store("postgresql+psycopg://...")``;
    the schema is created or upgraded on open."""

    def __init__(self, url: Union[str, os.PathLike[str]] = "newsledger.db") -> None:
        self.url = database_url(url)
        self.shown_url = shown_url(self.url)
        self.engine = make_engine(url)
        try:
            with self._write() as conn:
                self.version = migrate(conn)
        except (OperationalError, ProgrammingError) as exc:
            self.engine.dispose()
            raise StoreError(f"cannot open database {self.shown_url}: {describe(exc)}") from exc
        except BaseException:
            self.engine.dispose()
            raise

    # transactions ---------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A connection in a write transaction, committed at the end, rolled back on error."""
        with self.engine.connect() as conn:
            conn.execution_options(newsledger_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection in a read transaction: one consistent snapshot."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    # writing --------------------------------------------------------------

    def save(self, document: Document) -> bool:
        """Write the document and all its facts in one transaction. False, and nothing
        written, when the article is already there: re-ingesting changes nothing."""
        return self.save_rows([document_rows(document)])[0]

    def save_rows(self, batch: Sequence[Rows]) -> list[bool]:
        """Write the rows of several articles (``rows.document_rows``) in one transaction:
        one commit per chunk is what makes a single writer keep up. True per article
        stored, False when it was already there. A constraint failure falls back to one
        transaction per article, so one bad article costs only itself.

        The articles are written in the order of their ids, whatever the order given, so
        two writers of overlapping chunks take their row locks in one order and cannot
        deadlock; the flags come back in the order given."""
        order = sorted(range(len(batch)), key=lambda i: batch[i]["articles"][0]["id"])
        try:
            flags = self._retrying(lambda conn: _insert_recorded(conn, [batch[i] for i in order]))
            saved = [False] * len(batch)
            for i, flag in zip(order, flags):
                saved[i] = flag
            return saved
        except IntegrityError:
            if len(batch) == 1:
                raise
        return [self._retrying(lambda conn: _insert_recorded(conn, [rows])[0]) for rows in batch]

    def _retrying(self, write: Any) -> Any:
        """``write(conn)`` in one write transaction, run again when the database rolled it
        back for a deadlock or a serialization failure."""
        for attempt in range(_RETRIES):
            try:
                with self._write() as conn:
                    return write(conn)
            except DBAPIError as exc:
                if not _must_retry(exc) or attempt == _RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def rebuild_summaries(self) -> None:
        """Count the summaries (``summaries.py``) afresh from the stored articles, in one
        transaction. ``save`` and ``save_rows`` keep them up to date; this is for rows
        written into the tables some other way (a bulk copy, a repair by hand)."""
        with self._write() as conn:
            for table in summaries.SUMMARY_TABLES:
                conn.execute(table.delete())
            summaries.rebuild(conn, articles, FACT_TABLES)
            changes.record(conn)

    def remember_urls(self, article_id: str, addresses: Sequence[str]) -> None:
        """Record the addresses an article was fetched by (as asked, after redirects,
        canonical), so that ``has_url`` knows them. An address already recorded keeps its
        first article. They count only once the article itself is stored."""
        wanted = list(dict.fromkeys(a for a in addresses if a))
        if not wanted:
            return
        fresh = [{"url": a, "article_id": article_id, "seen_at": now()} for a in sorted(wanted)]
        try:
            # An address another writer recorded meanwhile is known either way: DO NOTHING.
            self._retrying(lambda conn: _insert_new(conn, urls, fresh, ["url"]))
        except IntegrityError:
            pass

    # reading --------------------------------------------------------------

    def has_url(self, address: str) -> bool:
        """True when an article fetched by this address (or whose URL it is) is stored."""
        with self.engine.connect() as conn:
            if conn.execute(select(articles.c.id).where(articles.c.url == address).limit(1)).first() is not None:
                return True
            query = select(urls.c.url).join(articles, articles.c.id == urls.c.article_id).where(urls.c.url == address)
            return conn.execute(query).first() is not None

    def has(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None

    def known_ids(self) -> set[str]:
        with self.engine.connect() as conn:
            return set(conn.execute(select(articles.c.id)).scalars())

    def count(self, table: str = "articles") -> int:
        if table not in TABLES:
            raise ValueError(f"no table {table!r}; tables are {', '.join(TABLES)}")
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(TABLES[table])).scalar_one())

    def document(self, article_id: str) -> Optional[Document]:
        """The stored document (without the spaCy ``doc``), or None when the id is unknown."""
        with self._read() as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
            if row is None:
                return None
            tables = {}
            for table in FACT_TABLES:
                query = select(table).where(table.c.article_id == article_id)
                if "idx" in table.c:
                    query = query.order_by(table.c.idx)
                tables[table.name] = list(conn.execute(query).mappings())
        return document_from_rows(row, tables)

    def article(self, article_id: str) -> dict[str, Any]:
        """The stored document in the layout of ``Document.to_dict()``. KeyError when unknown."""
        document = self.document(article_id)
        if document is None:
            raise KeyError(f"no article {article_id!r} in {self.url}")
        return document.to_dict()

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
