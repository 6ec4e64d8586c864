"""store/bulk.insert_rows against SQLAlchemy's own executemany, on SQLite and PostgreSQL: the
same values stored for every column type the store uses, a column default filled in, the
same error for a duplicate key."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import JSON, Boolean, Column, DateTime, Float, Integer, MetaData, String, Table, Text, create_engine, insert, select, text
from sqlalchemy.exc import IntegrityError

from newsledger.store import database_url
from newsledger.store.bulk import _plan, insert_rows

metadata = MetaData()


def _table(name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("id", String(40), primary_key=True),
        Column("n", Integer),
        Column("flag", Boolean, nullable=False),
        Column("words", JSON, nullable=False),
        Column("score", Float),
        Column("note", Text),
        Column("at", DateTime(timezone=True)),
    )


by_sqlalchemy, by_insert_rows = _table("by_sqlalchemy"), _table("by_insert_rows")
defaulted = Table("defaulted", metadata, Column("id", Integer, primary_key=True), Column("kind", String(20), default="plain"))

AT = datetime.datetime(2024, 3, 12, 9, 30, 5, 123456, tzinfo=datetime.timezone.utc)
ROWS = [
    {"id": "a", "n": 1, "flag": True, "words": ["x", "é", {"k": 1}], "score": 0.1, "note": "it's \"quoted\" 100%", "at": AT},
    {"id": "b", "n": None, "flag": False, "words": [], "score": None, "note": None, "at": None},
    {"id": "c", "n": -7, "flag": True, "words": ["\u00ab\u00bb"], "score": 1e-9, "note": "", "at": AT},
]


@pytest.fixture
def engine(db_url: str):
    engine = create_engine(database_url(db_url))
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_rows_are_stored_as_sqlalchemy_stores_them(engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(by_sqlalchemy), ROWS)
        insert_rows(conn, by_insert_rows, ROWS)
        assert _plan(conn.dialect, by_insert_rows, tuple(ROWS[0])) is not None  # the driver's executemany, not the fallback
    with engine.connect() as conn:
        for query in ("SELECT * FROM {} ORDER BY id", "SELECT id, CAST(words AS TEXT), CAST(at AS TEXT) FROM {} ORDER BY id"):
            # As the database holds them (no type processing on the way back) ...
            raw = [conn.execute(text(query.format(table.name))).all() for table in (by_sqlalchemy, by_insert_rows)]
            assert raw[0] == raw[1]
        # ... and as the store reads them (SQLite gives the times back without their zone, either way).
        read = [[dict(r) for r in conn.execute(select(table).order_by(table.c.id)).mappings()] for table in (by_sqlalchemy, by_insert_rows)]
        assert read[0] == read[1] and [r["words"] for r in read[1]] == [r["words"] for r in ROWS]


def test_columns_choose_what_a_row_fills(engine) -> None:
    with engine.begin() as conn:
        insert_rows(conn, by_insert_rows, [dict(row, extra="not a column") for row in ROWS], columns=["id", "flag", "words"])
        insert_rows(conn, by_insert_rows, [])
    with engine.connect() as conn:
        stored = conn.execute(select(by_insert_rows.c.id, by_insert_rows.c.n, by_insert_rows.c.words).order_by(by_insert_rows.c.id)).all()
    assert [tuple(r) for r in stored] == [(row["id"], None, row["words"]) for row in ROWS]


def test_a_column_default_is_filled_in(engine) -> None:
    with engine.begin() as conn:
        insert_rows(conn, defaulted, [{"id": 1}, {"id": 2}])
        insert_rows(conn, defaulted, [{"id": 3, "kind": "given"}])
    with engine.connect() as conn:
        assert conn.execute(select(defaulted.c.id, defaulted.c.kind).order_by(defaulted.c.id)).all() == [(1, "plain"), (2, "plain"), (3, "given")]


def test_a_duplicate_key_is_sqlalchemys_integrity_error(engine) -> None:
    # Store.save_rows catches IntegrityError to write a failed chunk one article at a time.
    with pytest.raises(IntegrityError), engine.begin() as conn:
        insert_rows(conn, by_insert_rows, [ROWS[0], ROWS[0]])
