"""Export a database as JSON Lines, CSV or Parquet, and events in a GDELT-like layout.

Everything streams: rows are read from the database in slices of ``SLICE`` and written as
they come, so an export of a large database needs little memory. The columns are the
database's (docs/SCHEMA.md); JSON columns (``warnings``, ``aliases``, ``hedges``,
``profile`` ...) are written as JSON text in CSV and Parquet. The GDELT-like event layout is
documented in docs/EXPORT.md.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence, Union

from sqlalchemy import and_, select
from sqlalchemy.types import JSON

from newsledger.store import TABLES, Store
from newsledger.store.schema import actors, articles, events

FORMATS = ("jsonl", "csv", "parquet")
LAYOUTS = ("tables", "gdelt")
SLICE = 2000

# The GDELT-like event layout: (column, meaning). docs/EXPORT.md repeats this list.
GDELT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "ISO date of the event (the text's own date, else the article's: see date_from_article)"),
    ("date_from_article", "true when the text gives no date and the publication date stands in"),
    ("source_actor", "name of the actor doing the action"),
    ("source_country", "its country, ISO 3166 alpha-3"),
    ("source_sector", "its sector (GOV, MIL, BUS ...)"),
    ("source_code", "its CAMEO actor code, e.g. USAGOV"),
    ("event_type", "PLOVER event type"),
    ("cameo", "CAMEO event code"),
    ("target_actor", "name of the actor acted upon"),
    ("target_country", "its country, ISO 3166 alpha-3"),
    ("target_sector", "its sector"),
    ("target_code", "its CAMEO actor code"),
    ("negated", "true when the text says the event did not happen"),
    ("mode", "asserted, hypothetical, future, negated ..."),
    ("place_name", "where the event happened"),
    ("place_country", "the place's country, ISO 3166 alpha-3"),
    ("place_lat", "latitude"),
    ("place_lon", "longitude"),
    ("source_url", "URL of the article (GDELT's SOURCEURL): for a fetched page its canonical URL"),
    ("outlet", "the article's source (outlet)"),
    ("fetched_at", "when the article's page was fetched (ISO UTC; empty for articles read from files)"),
    ("article_id", "the article's id in the database"),
    ("event_idx", "the event's position in its article"),
    ("evidence_start", "character offset where the event's words start in articles.text"),
    ("evidence_end", "character offset where they end (exclusive)"),
    ("evidence_text", "the words that state the event"),
    ("claimed_by", "actor id of the speaker when the event is reported inside a quote"),
)


class ExportError(ValueError):
    """The export cannot be done as asked; the message says why."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    return value


def _text_cell(value: Any, is_json: bool) -> Any:
    if is_json:
        return json.dumps(value, ensure_ascii=False)
    return _jsonable(value)


def _table_rows(store: Store, name: str) -> tuple[list[str], list[bool], Iterator[Sequence[Any]]]:
    table = TABLES[name]
    names = [c.name for c in table.columns]
    json_flags = [isinstance(c.type, JSON) for c in table.columns]

    def rows() -> Iterator[Sequence[Any]]:
        with store.engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(select(table).order_by(*table.primary_key.columns))
            for part in result.partitions(SLICE):
                yield from part

    return names, json_flags, rows()


def _gdelt_rows(store: Store) -> tuple[list[str], list[bool], Iterator[Sequence[Any]]]:
    source = actors.alias("source_actor")
    target = actors.alias("target_actor")
    query = (
        select(
            events.c.date,
            events.c.date_from_article,
            events.c.source_name,
            source.c.country,
            source.c.sector,
            source.c.code,
            events.c.type,
            events.c.cameo,
            events.c.target_name,
            target.c.country,
            target.c.sector,
            target.c.code,
            events.c.negated,
            events.c.mode,
            events.c.place_name,
            events.c.place_country,
            events.c.place_lat,
            events.c.place_lon,
            articles.c.url,
            articles.c.source,
            articles.c.fetched_at,
            events.c.article_id,
            events.c.idx,
            events.c.start_char,
            events.c.end_char,
            events.c.text,
            events.c.claimed_by_id,
        )
        .join(articles, articles.c.id == events.c.article_id)
        .outerjoin(source, and_(source.c.article_id == events.c.article_id, source.c.actor_id == events.c.source_id))
        .outerjoin(target, and_(target.c.article_id == events.c.article_id, target.c.actor_id == events.c.target_id))
        .order_by(events.c.article_id, events.c.idx)
    )

    def rows() -> Iterator[Sequence[Any]]:
        with store.engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(query)
            for part in result.partitions(SLICE):
                yield from part

    return [c for c, _ in GDELT_COLUMNS], [False] * len(GDELT_COLUMNS), rows()


def _gdelt_schema():
    import pyarrow as pa

    types = {
        "date_from_article": pa.bool_(),
        "negated": pa.bool_(),
        "place_lat": pa.float64(),
        "place_lon": pa.float64(),
        "event_idx": pa.int64(),
        "evidence_start": pa.int64(),
        "evidence_end": pa.int64(),
    }
    return pa.schema([pa.field(name, types.get(name, pa.string())) for name, _ in GDELT_COLUMNS])


def _write(fmt: str, path: Path, names: list[str], json_flags: list[bool], rows: Iterator[Sequence[Any]], schema: Any = None) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps({n: _jsonable(v) for n, v in zip(names, row)}, ensure_ascii=False) + "\n")
                count += 1
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(names)
            for row in rows:
                writer.writerow(["" if v is None else _text_cell(v, j) for v, j in zip(row, json_flags)])
                count += 1
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        with pq.ParquetWriter(path, schema) as writer:
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append({n: (json.dumps(v, ensure_ascii=False) if j else v) for n, v, j in zip(names, row, json_flags)})
                if len(batch) >= SLICE:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    count += len(batch)
                    batch = []
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def export(
    db: Union[str, os.PathLike[str]],
    fmt: str,
    out: Union[str, os.PathLike[str]],
    table: Optional[str] = None,
    layout: str = "tables",
) -> dict[str, int]:
    """Export the database. Returns rows written per file name.

    - ``layout="gdelt"``: the events, one row each, in the GDELT-like layout, to the file ``out``.
    - ``table``: that table's rows to the file ``out``.
    - neither: ``jsonl`` writes one document a line (``Document.to_dict()``, schema
      newsledger/1) to the file ``out``; ``csv`` and ``parquet`` write one file per table
      into the folder ``out``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
    if layout not in LAYOUTS:
        raise ExportError(f"unknown layout {layout!r}; layouts are {', '.join(LAYOUTS)}")
    if table == "statements":
        # Statements across outlets (issue 14): their own layout, not the table's rows.
        from newsledger.run.statement_export import export_statements

        return export_statements(db, fmt, out)
    if table is not None and table not in TABLES:
        raise ExportError(f"no table {table!r}; tables are {', '.join(TABLES)}")
    if layout == "gdelt" and table not in (None, "events"):
        raise ExportError("the gdelt layout is a layout of the events table")
    target = Path(out)
    written: dict[str, int] = {}
    with Store(db) as store:
        if layout == "gdelt":
            names, flags, rows = _gdelt_rows(store)
            schema = _gdelt_schema() if fmt == "parquet" else None
            written[target.name] = _write(fmt, target, names, flags, rows, schema)
        elif table is not None:
            written[target.name] = _write_table(store, fmt, table, target)
        elif fmt == "jsonl":
            written[target.name] = _write_documents(store, target)
        else:
            if target.exists() and not target.is_dir():
                raise ExportError(f"{target} is a file; {fmt} export of all tables writes a folder (or give --table)")
            for name in TABLES:
                file = target / f"{name}.{fmt}"
                written[file.name] = _write_table(store, fmt, name, file)
    return written


def _write_table(store: Store, fmt: str, name: str, path: Path) -> int:
    names, flags, rows = _table_rows(store, name)
    schema = None
    if fmt == "parquet":
        from newsledger.run.batch import arrow_schema

        schema = arrow_schema(TABLES[name])
    return _write(fmt, path, names, flags, rows, schema)


def _write_documents(store: Store, path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with store.engine.connect() as conn:
        ids = conn.execution_options(stream_results=True).execute(select(articles.c.id).order_by(articles.c.id)).scalars()
        with open(path, "w", encoding="utf-8") as out:
            for article_id in ids:
                document = store.document(article_id)
                if document is None:  # deleted meanwhile
                    continue
                out.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
                count += 1
    return count
