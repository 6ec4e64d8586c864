"""The database's change counter: one row whose number grows with every committed write that
changes what a reader is shown (articles stored, their statements linked, summaries counted).

The web's response cache keys its answers on it (``web/cache.py``). It is a row of the
database itself, moved by ``record`` inside the very transaction that writes the data, so a
reader sees the new number exactly when it sees the new data, and nothing else moves it:
not a transaction in another database of the server, not VACUUM or ANALYZE (a server-wide
snapshot, which the cache read before, moved with all of them).

``record`` is the last statement of a write: its row is the one every writer updates, and
a writer holds the row's lock from that UPDATE to its commit, so taken last it is held for
the commit alone when several ingests write at once; and no writer waits for another's
locks while holding it, so it cannot take part in a deadlock.

A write made past the Store (SQL by hand) does not move it; ``Store.rebuild_summaries``,
the repair for such writes, does.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, insert, select, update
from sqlalchemy.engine import Connection

changes_metadata = MetaData()

data_changes = Table(
    "data_changes",
    changes_metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1: the one row
    Column("counter", BigInteger, nullable=False),
)

_ROW = 1


def create_table(conn: Connection) -> None:
    """The table and its row (both kept when there already: a migration run again)."""
    data_changes.create(conn, checkfirst=True)
    if conn.execute(select(data_changes.c.id).where(data_changes.c.id == _ROW)).first() is None:
        conn.execute(insert(data_changes), {"id": _ROW, "counter": 0})


def record(conn: Connection) -> None:
    """Count one change, in the caller's write transaction, as its last statement."""
    conn.execute(update(data_changes).where(data_changes.c.id == _ROW).values(counter=data_changes.c.counter + 1))


def counter(conn: Connection) -> int:
    """The number of changes committed (as this connection's snapshot sees them)."""
    return int(conn.execute(select(data_changes.c.counter).where(data_changes.c.id == _ROW)).scalar_one())
