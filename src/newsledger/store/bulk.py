"""Many rows into one table: one INSERT compiled once, the rows handed to the driver's executemany.

``conn.execute(insert(table), rows)`` is an executemany as well, but SQLAlchemy makes each
row's parameters through the compiled statement (``construct_params``, then each value's
type processor looked up): about 1 CPU s of the writer's time over 150 articles, most of it
for the twenty bands of each quote. Here the INSERT is compiled once per dialect, table and
set of columns, and each row becomes the tuple (or, for a named paramstyle, the dict) the
driver receives, through the same bind processors the column types give SQLAlchemy: the
values stored are the same, on SQLite as on PostgreSQL. Errors still come through
SQLAlchemy (``exec_driver_sql``), as ``IntegrityError`` and the rest, for the callers that
catch them.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Optional, Sequence

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection, Dialect


@dataclass(frozen=True)
class _Plan:
    sql: str
    keys: tuple[str, ...]
    names: Optional[tuple[str, ...]]  # the bind names of a named paramstyle; None when positional
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position in keys, processor), the columns that have one

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        """What the driver's executemany takes for the rows."""
        pick = operator.itemgetter(*self.keys)
        found = [pick(row) for row in rows] if len(self.keys) > 1 else [(pick(row),) for row in rows]
        if self.processors:
            processed = []
            for values in found:
                values = list(values)
                for at, process in self.processors:
                    values[at] = process(values[at])
                processed.append(tuple(values))
            found = processed
        return found if self.names is None else [dict(zip(self.names, values)) for values in found]


@functools.lru_cache(maxsize=256)
def _plan(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> Optional[_Plan]:
    """The compiled INSERT, or None where the compiled statement binds anything but the
    given columns (a Python-side column default): SQLAlchemy's own path fills those in."""
    compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
    if compiled.escaped_bind_names:
        return None
    if compiled.positional:
        order = tuple(compiled.positiontup or ())
        if sorted(order) != sorted(keys):
            return None
        keys, names = order, None
    else:
        if set(compiled.binds) != set(keys):
            return None
        names = keys
    processors = []
    for at, key in enumerate(keys):
        process = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors.append((at, process))
    return _Plan(compiled.string, keys, names, tuple(processors))


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], columns: Optional[Sequence[str]] = None) -> None:
    """INSERT ``rows`` (dicts by column name) into ``table``, in the caller's transaction.
    ``columns``: the ones to fill, by default the first row's keys; a row's other keys are
    left out, and a row without one of them is a KeyError."""
    if not rows:
        return
    keys = tuple(columns if columns is not None else rows[0])
    plan = _plan(conn.dialect, table, keys)
    if plan is None:
        conn.execute(insert(table), [{key: row[key] for key in keys} for row in rows])
        return
    conn.exec_driver_sql(plan.sql, plan.parameters(rows))
