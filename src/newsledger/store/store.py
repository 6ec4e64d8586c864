"""The database: the contract between ingest and everything that reads.

One SQLite file by default, any SQLAlchemy URL otherwise (``postgresql+psycopg://...``).
SQLAlchemy Core only, portable SQL: the only SQLite-specific statements are the pragmas
set on connect, and they are guarded by the dialect.

Every fact row carries its ``article_id`` and its ``start_char``/``end_char`` offsets into
``articles.text`` (``start``/``end`` are reserved words in some dialects). An article and
all its facts are written in one transaction, the article row first (the facts point to
it), so a killed ingest leaves either the whole article or nothing of it: rerun resumes.

The schema is created and upgraded by ``MIGRATIONS``, applied in order when a store opens;
``schema_version`` records which were applied.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

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
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from newsledger.document import (
    Actor,
    Article,
    Claim,
    Document,
    Event,
    Hedge,
    Mention,
    Place,
    PlaceRef,
    Quote,
    SCHEMA_VERSION as DOCUMENT_SCHEMA,
    ScareQuote,
    Span,
    TimeExpr,
)
from newsledger.settings import Settings


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says why and what to do."""


# --------------------------------------------------------------------------- schema

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
    Index("ix_articles_date", "date"),
    Index("ix_articles_source", "source"),
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


def _create_v2(conn: Connection) -> None:
    for index in _V2_INDEXES:
        index.create(conn, checkfirst=True)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, actors, mentions, quotes, events, times, places, claims, sourcing", _create_v1),
    Migration(2, "indexes by actor key for cross-article queries", _create_v2),
)
DB_VERSION = MIGRATIONS[-1].version  # the schema version this code writes


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def _migrate(conn: Connection) -> int:
    """Apply the migrations the database has not seen; returns its version afterwards."""
    schema_version.create(conn, checkfirst=True)
    current = conn.execute(select(func.max(schema_version.c.version))).scalar() or 0
    if current > DB_VERSION:
        raise StoreError(
            f"the database has schema version {current}, newer than this newsledger knows ({DB_VERSION}); "
            "upgrade newsledger to use it"
        )
    for migration in MIGRATIONS:
        if migration.version > current:
            migration.apply(conn)
            conn.execute(
                insert(schema_version),
                {"version": migration.version, "description": migration.description, "applied_at": _now()},
            )
            current = migration.version
    return current


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


# --------------------------------------------------------------------------- rows


def _number(value: Any) -> Optional[float]:
    return value if isinstance(value, (int, float)) else None


def _span_row(document: Document, index: int, fact: Any) -> dict[str, Any]:
    return {"article_id": document.id, "idx": index, "start_char": fact.start, "end_char": fact.end}


def document_rows(document: Document, status: str = "complete") -> dict[str, list[dict[str, Any]]]:
    """The rows of every table for one analysed document, keyed by table name."""
    article = document.article
    aid = document.id
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["articles"].append(
        {
            "id": aid,
            "title": article.title,
            "date": article.date,
            "source": article.source,
            "url": article.url,
            "author": article.author,
            "path": article.path,
            "n_chars": len(article.text),
            "ingested_at": _now(),
            "text": article.text,
            "warnings": list(article.warnings) + list(document.warnings),
            "status": status,
            "doc_schema": DOCUMENT_SCHEMA,
        }
    )
    for i, actor in enumerate(document.actors):
        rows["actors"].append(
            {
                "article_id": aid,
                "actor_id": actor.id,
                "idx": i,
                "name": actor.name,
                "type": actor.type,
                "country": actor.country,
                "sector": actor.sector,
                "title": actor.title,
                "code": actor.code,
                "dictionary_id": actor.dictionary_id,
                "aliases": list(actor.aliases),
            }
        )
    # Mentions are numbered actor by actor so that reading them back in idx order gives
    # each actor its mentions in the order it had them.
    mention_list = [(actor.id, m) for actor in document.actors for m in actor.mentions]
    for i, (actor_id, m) in enumerate(mention_list):
        rows["mentions"].append({**_span_row(document, i, m), "actor_id": actor_id, "text": m.text, "kind": m.kind})
    for i, q in enumerate(document.quotes):
        rows["quotes"].append(
            {
                **_span_row(document, i, q),
                "text": q.text,
                "kind": q.kind,
                "speaker_id": q.speaker,
                "speaker_name": q.speaker_name,
                "cue_text": q.cue.text if q.cue else None,
                "cue_start": q.cue.start if q.cue else None,
                "cue_end": q.cue.end if q.cue else None,
                "speaker_text": q.speaker_span.text if q.speaker_span else None,
                "speaker_start": q.speaker_span.start if q.speaker_span else None,
                "speaker_end": q.speaker_span.end if q.speaker_span else None,
            }
        )
    for i, s in enumerate(document.scare_quotes):
        rows["scare_quotes"].append({**_span_row(document, i, s), "text": s.text})
    for i, e in enumerate(document.events):
        rows["events"].append(
            {
                **_span_row(document, i, e),
                "type": e.type,
                "cameo": e.cameo,
                "source_id": e.source,
                "source_name": e.source_name,
                "target_id": e.target,
                "target_name": e.target_name,
                "negated": bool(e.negated),
                "mode": e.mode,
                "date": e.date,
                "date_from_article": bool(e.date_from_article),
                "place_name": e.place.name if e.place else None,
                "place_country": e.place.country if e.place else None,
                "place_lat": e.place.lat if e.place else None,
                "place_lon": e.place.lon if e.place else None,
                "text": e.text,
                "claimed_by_id": e.claimed_by,
            }
        )
    for i, t in enumerate(document.times):
        rows["times"].append({**_span_row(document, i, t), "text": t.text, "value": t.value, "kind": t.kind})
    for i, p in enumerate(document.places):
        rows["places"].append(
            {
                **_span_row(document, i, p),
                "text": p.text,
                "name": p.name,
                "country": p.country,
                "lat": p.lat,
                "lon": p.lon,
                "region": p.region,
            }
        )
    for i, c in enumerate(document.claims):
        rows["claims"].append(
            {
                **_span_row(document, i, c),
                "text": c.text,
                "source_type": c.source_type,
                "source_id": c.source,
                "source_text": c.source_text,
                "via": c.via,
                "hedges": list(c.hedges),
            }
        )
    for i, h in enumerate(document.hedges):
        rows["hedges"].append({**_span_row(document, i, h), "text": h.text, "kind": h.kind})
    if document.sourcing:
        profile = dict(document.sourcing)
        rows["sourcing"].append(
            {
                "article_id": aid,
                **{key: _number(profile.get(key)) for key in ("named", "anonymous", "collective", "unattributed", "hedged")},
                "anonymous_sources": list(profile.get("anonymous_sources") or []),
                "profile": profile,
            }
        )
    return rows


def _span(text: Optional[str], start: Optional[int], end: Optional[int]) -> Optional[Span]:
    return None if start is None or end is None else Span(start=start, end=end, text=text or "")


# --------------------------------------------------------------------------- the store


class Store:
    """An open newsledger database. ``Store("news.db")`` or ``Store("postgresql+psycopg://...")``;
    the schema is created or upgraded on open."""

    def __init__(self, url: Union[str, os.PathLike[str]] = "newsledger.db") -> None:
        self.url = database_url(url)
        self.engine = make_engine(url)
        try:
            with self._write() as conn:
                self.version = _migrate(conn)
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
                if conn.execute(select(articles.c.id).where(articles.c.id == document.id)).first() is not None:
                    return False
                conn.execute(insert(articles), rows["articles"])
                for table in FACT_TABLES:
                    if rows[table.name]:
                        conn.execute(insert(table), rows[table.name])
        except IntegrityError:
            # Another writer saved the same article between our check and our insert.
            if self.has(document.id):
                return False
            raise
        return True

    # reading --------------------------------------------------------------

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

            def fetch(table: Table) -> list[Any]:
                query = select(table).where(table.c.article_id == article_id)
                if "idx" in table.c:
                    query = query.order_by(table.c.idx)
                return list(conn.execute(query).mappings())

            facts = {t.name: fetch(t) for t in FACT_TABLES}
        article = Article(
            text=row["text"],
            id=row["id"],
            title=row["title"],
            date=row["date"],
            source=row["source"],
            url=row["url"],
            author=row["author"],
            path=row["path"],
            warnings=list(row["warnings"] or []),
        )
        document = Document(article=article)
        by_id: dict[str, Actor] = {}
        for r in facts["actors"]:
            actor = Actor(
                id=r["actor_id"],
                name=r["name"],
                type=r["type"],
                country=r["country"],
                sector=r["sector"],
                title=r["title"],
                aliases=list(r["aliases"] or []),
                dictionary_id=r["dictionary_id"],
                code=r["code"],
            )
            by_id[actor.id] = actor
            document.actors.append(actor)
        for r in facts["mentions"]:
            by_id[r["actor_id"]].mentions.append(
                Mention(start=r["start_char"], end=r["end_char"], text=r["text"], actor=r["actor_id"], kind=r["kind"])
            )
        document.quotes = [
            Quote(
                text=r["text"],
                start=r["start_char"],
                end=r["end_char"],
                kind=r["kind"],
                speaker=r["speaker_id"],
                speaker_name=r["speaker_name"],
                cue=_span(r["cue_text"], r["cue_start"], r["cue_end"]),
                speaker_span=_span(r["speaker_text"], r["speaker_start"], r["speaker_end"]),
            )
            for r in facts["quotes"]
        ]
        document.scare_quotes = [ScareQuote(text=r["text"], start=r["start_char"], end=r["end_char"]) for r in facts["scare_quotes"]]
        document.events = [
            Event(
                type=r["type"],
                start=r["start_char"],
                end=r["end_char"],
                cameo=r["cameo"],
                source=r["source_id"],
                source_name=r["source_name"],
                target=r["target_id"],
                target_name=r["target_name"],
                negated=bool(r["negated"]),
                mode=r["mode"],
                date=r["date"],
                date_from_article=bool(r["date_from_article"]),
                place=(
                    PlaceRef(name=r["place_name"], country=r["place_country"], lat=r["place_lat"], lon=r["place_lon"])
                    if r["place_name"] is not None
                    else None
                ),
                text=r["text"],
                claimed_by=r["claimed_by_id"],
            )
            for r in facts["events"]
        ]
        document.times = [
            TimeExpr(text=r["text"], start=r["start_char"], end=r["end_char"], value=r["value"], kind=r["kind"])
            for r in facts["times"]
        ]
        document.places = [
            Place(
                text=r["text"],
                start=r["start_char"],
                end=r["end_char"],
                name=r["name"],
                country=r["country"],
                lat=r["lat"],
                lon=r["lon"],
                region=r["region"],
            )
            for r in facts["places"]
        ]
        document.claims = [
            Claim(
                text=r["text"],
                start=r["start_char"],
                end=r["end_char"],
                source_type=r["source_type"],
                source=r["source_id"],
                source_text=r["source_text"],
                via=r["via"],
                hedges=list(r["hedges"] or []),
            )
            for r in facts["claims"]
        ]
        document.hedges = [Hedge(text=r["text"], start=r["start_char"], end=r["end_char"], kind=r["kind"]) for r in facts["hedges"]]
        if facts["sourcing"]:
            document.sourcing = dict(facts["sourcing"][0]["profile"] or {})
        return document

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


# --------------------------------------------------------------------------- ingest


@dataclass
class IngestReport:
    read: int = 0  # items read (articles and unreadable items)
    new: int = 0  # articles analysed and stored
    skipped: int = 0  # articles already in the database
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # one message per failed item: "file:line: message"
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.interrupted

    def summary(self) -> str:
        line = f"ingested {self.new} new, {self.skipped} already present, {self.failed} failed"
        return line + (" (interrupted; run again to resume)" if self.interrupted else "")


def _item_message(error: Any) -> str:
    """``file:line: message`` for an ingest error, whatever parts of it are known."""
    text = str(error)
    path = getattr(error, "path", None)
    line = getattr(error, "line", None)
    where = f"{path}:{line}" if path and line else (str(path) if path else "")
    if not where or text.startswith(where):
        return text
    return f"{where}: {text}"


def _article_where(article: Article) -> str:
    return article.path or f"article {article.id}"


def _fresh(article: Article) -> Article:
    # The pipeline prepares articles in place (date, warnings); analysing one again after a
    # failed batch must start from the article as read.
    return replace(article, warnings=list(article.warnings))


def analyze_resilient(
    articles_in: Iterable[Article],
    settings: Settings,
    on_failure: Callable[[Article, BaseException], None],
    n_process: int = 1,
) -> Iterator[Document]:
    """``pipeline.analyze_articles`` that survives an article that makes a stage fail: the
    articles of the broken batch are analysed one by one, the culprit reported through
    ``on_failure``, and batching resumes with the rest. Yields in input order."""
    from newsledger.pipeline import analyze_articles

    pending: deque[Article] = deque()
    source = iter(articles_in)
    source_failed = False

    def feed() -> Iterator[Article]:
        nonlocal source_failed
        while True:
            try:
                article = next(source)
            except StopIteration:
                return
            except BaseException:
                source_failed = True
                raise
            pending.append(article)
            yield _fresh(article)

    while True:
        try:
            for document in analyze_articles(feed(), settings, n_process=n_process):
                pending.popleft()
                yield document
            return
        except Exception:
            if source_failed:
                raise
            suspects = list(pending)
            pending.clear()
        for article in suspects:
            try:
                document = next(analyze_articles([_fresh(article)], settings))
            except Exception as exc:  # one bad article must not stop the batch
                on_failure(article, exc)
                continue
            yield document


class IngestProgress:
    """One ingest run's report and its progress bar (drawn on a terminal, or when asked with "always")."""

    def __init__(self, console: Any, progress: Union[bool, str]) -> None:
        self.console = console
        self.report = IngestReport()
        show = progress == "always" or (progress is True and sys.stderr.isatty())
        self.bar = _progress_bar(console) if show else None
        self.task = self.bar.add_task("ingest", total=None, summary="") if self.bar else None

    def tick(self) -> None:
        if self.bar is not None:
            r = self.report
            self.bar.update(self.task, completed=r.new + r.skipped + r.failed, summary=_short(r))

    def fail(self, message: str) -> None:
        """One item failed: say so (file and line are in the message) and go on."""
        self.report.failed += 1
        self.report.errors.append(message)
        (self.bar.console if self.bar else self.console).print(
            f"[red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True
        )
        self.tick()


def ingest_paths(
    paths: Sequence[Union[str, os.PathLike[str]]],
    db_url: Union[str, os.PathLike[str]],
    settings: Optional[Settings] = None,
    date: Optional[str] = None,
    progress: Union[bool, str] = True,
    workers: int = 1,
    console: Any = None,
    engine: str = "local",
    scheduler: Optional[str] = None,
    parquet: Optional[Union[str, os.PathLike[str]]] = None,
) -> IngestReport:
    """Read, analyse and store articles; articles already in the database are skipped
    before any analysis, so a rerun after a kill resumes where it stopped.

    ``progress``: True shows a progress bar when stderr is a terminal, ``"always"`` shows
    it anyway, False never. Errors of single items are printed to stderr and listed in the
    report; they never stop the batch. Ctrl-C stops at once, leaving every stored article
    complete (``report.interrupted``).

    ``workers`` > 1 analyses in that many processes (``batch.ingest_local``);
    ``engine="dask"`` runs Dask tasks writing Parquet under ``parquet`` and then loads them
    into ``db_url`` when given (``batch.ingest_dask_paths``)."""
    from rich.console import Console

    from newsledger.ingest import read_paths

    settings = settings or Settings(date=date)
    if engine == "dask":
        from newsledger.run.batch import ingest_dask_paths

        return ingest_dask_paths(
            paths, parquet, db_url, settings, date=date, progress=progress, workers=workers, scheduler=scheduler, console=console
        )
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; engines are local and dask")
    console = console or Console(stderr=True)
    items = read_paths(list(paths), date=date)  # a bad date raises here, before the database opens
    store = Store(db_url)
    tracker = IngestProgress(console, progress)
    report, bar, tick, fail = tracker.report, tracker.bar, tracker.tick, tracker.fail

    def unseen() -> Iterator[Article]:
        for item in items:
            report.read += 1
            if item.error is not None or item.article is None:
                fail(_item_message(item.error) if item.error is not None else "unreadable item")
                continue
            if store.has(item.article.id):
                report.skipped += 1
                tick()
                continue
            yield item.article

    def analysis_failed(article: Article, exc: BaseException) -> None:
        fail(f"{_article_where(article)}: analysis failed: {type(exc).__name__}: {exc}")

    try:
        if bar is not None:
            bar.start()
        if workers > 1:
            from newsledger.run.batch import ingest_local

            def saved_one(saved: bool) -> None:
                if saved:
                    report.new += 1
                else:
                    report.skipped += 1
                tick()

            ingest_local(unseen(), store, settings, workers, saved_one, fail)
            return report
        for document in analyze_resilient(unseen(), settings, analysis_failed):
            try:
                saved = store.save(document)
            except OperationalError as exc:
                # The database itself is unusable (locked too long, disk full): stop.
                raise StoreError(
                    f"database error after {report.new} new articles: {exc.orig}; "
                    "every stored article is complete, run again to resume"
                ) from exc
            except SQLAlchemyError as exc:
                # exc.orig: the driver's message, without the statement and its parameters.
                fail(f"{_article_where(document.article)}: not stored: {getattr(exc, 'orig', None) or exc}")
                continue
            if saved:
                report.new += 1
            else:
                report.skipped += 1
            tick()
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        if bar is not None:
            bar.stop()
        store.close()
    return report


def _short(report: IngestReport) -> str:
    return f"{report.new} new, {report.skipped} already present, {report.failed} failed"


def _progress_bar(console: Any):
    from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            # The average since the start: results arrive in bursts (a chunk of articles
            # at a time from worker processes), which fools rich's windowed estimate.
            speed = task.completed / task.elapsed if task.elapsed and task.completed else None
            return Text(f"{speed:.1f} articles/s" if speed else "– articles/s", style="cyan")

    return Progress(
        SpinnerColumn(),
        BarColumn(bar_width=16),
        RateColumn(),
        TextColumn("{task.fields[summary]}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
