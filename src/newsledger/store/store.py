"""The database: the contract between ingest and everything that reads.

One SQLite file by default, any SQLAlchemy URL otherwise (``postgresql+psycopg://...``).
SQLAlchemy Core only, portable SQL: the only SQLite-specific statements are the pragmas
set on connect, and they are guarded by the dialect.

An article and all its facts are written in one transaction, the article row first (the
facts point to it), so a killed ingest leaves either the whole article or nothing of it:
rerun resumes. The tables are in ``schema.py``, the fact <-> row mapping in ``rows.py``.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence, Union

from sqlalchemy import create_engine, event, func, insert, inspect, select
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError
from sqlalchemy.pool import StaticPool

from newsledger.document import Document
from newsledger.store.errors import StoreError
from newsledger.store.rows import Rows, document_from_rows, document_rows
from newsledger.store.schema import FACT_TABLES, TABLES, articles, migrate, now, urls
from newsledger.store.statements import link_article


# --------------------------------------------------------------------------- engine


def database_url(target: Union[str, os.PathLike[str]]) -> str:
    """A SQLAlchemy URL for a file path or a URL (``sqlite:///x.db``, ``postgresql+psycopg://...``)."""
    text = os.fspath(target)
    if text == ":memory:":
        return "sqlite://"
    if "://" in text:
        return text
    return "sqlite:///" + str(Path(text).expanduser().resolve())


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
        return _sqlite_engine(url) if backend == "sqlite" else create_engine(url)
    except (ArgumentError, ModuleNotFoundError) as exc:
        raise StoreError(f"cannot use database {url!r}: {exc}") from exc


# --------------------------------------------------------------------------- the store


def _insert(conn: Connection, rows: Rows) -> bool:
    """Insert one article's rows, the article first; False when the article is already there."""
    article_id = rows["articles"][0]["id"]
    if conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is not None:
        return False
    conn.execute(insert(articles), rows["articles"])
    for table in FACT_TABLES:
        if rows.get(table.name):
            conn.execute(insert(table), rows[table.name])
    # In the article's own transaction: a killed ingest leaves no half-linked statement.
    link_article(conn, rows)
    return True


class Store:
    """An open newsledger database. ``Store("news.db")`` or ``Store("postgresql+psycopg://...")``;
    the schema is created or upgraded on open."""

    def __init__(self, url: Union[str, os.PathLike[str]] = "newsledger.db") -> None:
        self.url = database_url(url)
        self.engine = make_engine(url)
        try:
            with self._write() as conn:
                self.version = migrate(conn)
        except OperationalError as exc:
            self.engine.dispose()
            raise StoreError(f"cannot open database {self.url}: {exc.orig}") from exc
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
        rows = document_rows(document)
        try:
            with self._write() as conn:
                return _insert(conn, rows)
        except IntegrityError:
            # Another writer saved the same article between our check and our insert.
            if self.has(document.id):
                return False
            raise

    def save_rows(self, batch: Sequence[Rows]) -> list[bool]:
        """Write the rows of several articles (``rows.document_rows``) in one transaction:
        one commit per chunk is what makes a single writer keep up. True per article
        stored, False when it was already there. A constraint failure falls back to one
        transaction per article, so one bad article costs only itself."""
        try:
            with self._write() as conn:
                return [_insert(conn, rows) for rows in batch]
        except IntegrityError:
            pass
        saved: list[bool] = []
        for rows in batch:
            try:
                with self._write() as conn:
                    saved.append(_insert(conn, rows))
            except IntegrityError:
                if self.has(rows["articles"][0]["id"]):
                    saved.append(False)
                else:
                    raise
        return saved

    def remember_urls(self, article_id: str, addresses: Sequence[str]) -> None:
        """Record the addresses an article was fetched by (as asked, after redirects,
        canonical), so that ``has_url`` knows them. An address already recorded keeps its
        first article. They count only once the article itself is stored."""
        wanted = list(dict.fromkeys(a for a in addresses if a))
        if not wanted:
            return
        try:
            with self._write() as conn:
                present = set(conn.execute(select(urls.c.url).where(urls.c.url.in_(wanted))).scalars())
                fresh = [{"url": a, "article_id": article_id, "seen_at": now()} for a in wanted if a not in present]
                if fresh:
                    conn.execute(insert(urls), fresh)
        except IntegrityError:
            pass  # another writer recorded the same address meanwhile: it is known either way

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
