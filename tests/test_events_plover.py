"""PLOVER's own fields of an event: the subtype (the table's mode of the CAMEO code) and the
contexts (the table's, and those the sentence names), stored by migration 9."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from newsledger.document import Event
from newsledger.store import schema


@pytest.fixture(scope="module")
def code(code_events):
    return code_events


def test_sanctions_carry_the_table_subtype_and_the_sentence_context(code):
    document = code("The United States imposed sanctions on Iran over its nuclear programme.")
    e = next(e for e in document.events if e.type == "COERCE" and e.cameo == "163")
    assert e.subtype == "restrict"
    assert "sanctions" in e.context and "nuclear" in e.context


def test_a_ceasefire_agreement_is_in_the_ceasefire_context(code):
    document = code("Russia and Ukraine agreed to a ceasefire on Monday.")
    e = next(e for e in document.events if e.type == "AGREE")
    assert "ceasefire" in e.context


def test_an_event_of_no_named_context_has_none_from_the_sentence(code):
    document = code("Russia and Ukraine agreed to a ceasefire on Monday. Japan praised Korea on Tuesday.")
    praise = next(e for e in document.events if e.type == "SUPPORT")
    assert "ceasefire" not in praise.context
    assert all(isinstance(c, str) for c in praise.context)


def test_the_fields_are_in_the_json():
    d = Event(type="CONSULT", start=0, end=4, cameo="042", subtype="visit", context=["diplomatic"]).to_dict()
    assert d["subtype"] == "visit" and d["context"] == ["diplomatic"]


def test_migration_9_adds_the_columns_to_an_older_events_table():
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE events (article_id VARCHAR(40), idx INTEGER, type VARCHAR(40))"))
        conn.execute(text("INSERT INTO events VALUES ('a', 0, 'CONSULT')"))
        schema._create_v9(conn)
        columns = {c["name"] for c in inspect(conn).get_columns("events")}
        assert {"subtype", "context"} <= columns
        assert conn.execute(text("SELECT context FROM events")).scalar() == "[]"
        schema._create_v9(conn)  # run again: nothing to add, no error
