"""Export a database as JSON Lines, CSV or Parquet, and events in GDELT's and PLOVER's layouts.

Everything streams: rows are read from the database in slices of ``SLICE`` and written as
they come, so an export of a large database needs little memory. The columns are the
database's (docs/SCHEMA.md); JSON columns (``warnings``, ``aliases``, ``hedges``,
``profile`` ...) are written as JSON text in CSV and Parquet. The event layouts (GDELT 2.0's
event table, PLOVER/POLECAT records) are in ``run.layouts`` and docs/EXPORT.md.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence, Union

from sqlalchemy import select
from sqlalchemy.types import JSON

from newsledger.run.layouts import GDELT_COLUMNS, GDELT_EXTRAS, gdelt_rows, gdelt_schema, plover_records
from newsledger.store import TABLES, Store
from newsledger.store.schema import articles

FORMATS = ("jsonl", "csv", "parquet")
LAYOUTS = ("tables", "gdelt", "plover")
SLICE = 2000

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


def _write(
    fmt: str, path: Path, names: list[str], json_flags: list[bool], rows: Iterator[Sequence[Any]], schema: Any = None, delimiter: str = ","
) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps({n: _jsonable(v) for n, v in zip(names, row)}, ensure_ascii=False) + "\n")
                count += 1
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=delimiter)
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

    - ``layout="gdelt"``: the events, one row each, in GDELT 2.0's event table layout
      (``run.layouts``; ``csv`` is tab-separated like GDELT's files), to the file ``out``.
    - ``layout="plover"``: the events as PLOVER/POLECAT event records, one JSON object a
      line (``jsonl`` only), to the file ``out``.
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
    if layout in ("gdelt", "plover") and table not in (None, "events"):
        raise ExportError(f"the {layout} layout is a layout of the events table")
    if layout == "plover" and fmt != "jsonl":
        raise ExportError("the plover layout is JSON records (nested actor, recipient, location): use --format jsonl")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ExportError("--format parquet needs pyarrow, which the batch extra installs: pip install 'newsledger[batch]'") from None
    target = Path(out)
    written: dict[str, int] = {}
    with Store(db) as store:
        if layout == "gdelt":
            schema = gdelt_schema() if fmt == "parquet" else None
            written[target.name] = _write(fmt, target, list(GDELT_COLUMNS), [False] * len(GDELT_COLUMNS), gdelt_rows(store), schema, delimiter="\t")
        elif layout == "plover":
            written[target.name] = _write_records(target, plover_records(store))
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


def _write_records(path: Path, records: Iterator[dict[str, Any]]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, default=_jsonable) + "\n")
            count += 1
    return count


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
