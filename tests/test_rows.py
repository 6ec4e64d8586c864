"""The fact <-> row mapping (store/rows.py): one spec per fact type writes the rows and
reads the facts back; a spec that does not match its table fails when it is declared."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pytest
from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, String, Table, Text

from newsledger.document import Actor, Article, Document, Mention, Quote, Span
from newsledger.store import DOCUMENT_FACTS, TABLES, FactSpec, Nested, document_from_rows, document_rows

from test_store import hand_built_document


def _table(name: str, *columns: Column) -> Table:
    return Table(
        name,
        MetaData(),
        Column("article_id", String, primary_key=True),
        Column("idx", Integer, primary_key=True),
        *columns,
    )


@dataclass
class Step:
    text: str
    start: int
    end: int


def test_a_new_fact_type_is_a_dataclass_and_a_spec() -> None:
    # Renamed, nested, typed (bool, JSON list) and child fields: everything a spec can say.
    steps = FactSpec(
        Step,
        _table("steps", Column("parent", String), Column("text", Text), Column("start_char", Integer), Column("end_char", Integer)),
        link="parent",
    )

    @dataclass
    class Measure:
        key: str
        text: str
        start: int
        end: int
        lifted: bool = False
        sectors: list[str] = field(default_factory=list)
        trigger: Optional[Span] = None
        steps: list[Step] = field(default_factory=list)

    measures = FactSpec(
        Measure,
        _table(
            "measures",
            Column("parent", String),
            Column("text", Text),
            Column("start_char", Integer),
            Column("end_char", Integer),
            Column("lifted", Boolean),
            Column("sectors", JSON),
            Column("trigger_text", Text),
            Column("trigger_start", Integer),
            Column("trigger_end", Integer),
        ),
        renamed={"key": "parent"},
        nested={"trigger": Nested(Span, "trigger_", ("start", "end"))},
        children={"steps": steps},
    )
    facts = [
        Measure("m1", "an oil embargo", 10, 24, lifted=0, sectors=("oil", "gas"), trigger=Span(0, 9, "announced"),
                steps=[Step("first", 30, 35), Step("second", 40, 46)]),
        Measure("m2", "a visa ban", 50, 60, lifted=True),
        Measure("m3", "asset freezes", 70, 83, steps=[Step("third", 90, 95)]),
    ]
    rows: dict[str, list] = {"measures": [], "steps": []}
    measures.write(facts, "a1", rows)

    first = rows["measures"][0]
    assert first == {
        "article_id": "a1", "idx": 0, "parent": "m1", "text": "an oil embargo", "start_char": 10, "end_char": 24,
        "lifted": False, "sectors": ["oil", "gas"], "trigger_text": "announced", "trigger_start": 0, "trigger_end": 9,
    }
    assert rows["measures"][1]["trigger_start"] is None and rows["measures"][1]["lifted"] is True
    # Children are numbered across their parents and carry the parent's link value.
    assert [(r["idx"], r["parent"], r["text"]) for r in rows["steps"]] == [(0, "m1", "first"), (1, "m1", "second"), (2, "m3", "third")]

    back = measures.read(rows)
    assert [m.steps for m in back] == [facts[0].steps, [], facts[2].steps]
    assert back[0].trigger == Span(0, 9, "announced") and back[1].trigger is None
    assert back[0].lifted is False and back[0].sectors == ["oil", "gas"]
    assert [m.key for m in back] == ["m1", "m2", "m3"]


def test_a_field_without_a_column_is_left_out_and_named() -> None:
    spec = FactSpec(Step, _table("steps", Column("text", Text), Column("start_char", Integer)))
    assert spec.unkept == ("end",)
    rows: dict[str, list] = {"steps": []}
    spec.write([Step("x", 0, 1)], "a1", rows)
    assert rows["steps"][0] == {"article_id": "a1", "idx": 0, "text": "x", "start_char": 0}


def test_a_renamed_field_needs_its_column() -> None:
    table = _table("steps", Column("text", Text), Column("start_char", Integer), Column("end_char", Integer))
    with pytest.raises(TypeError, match=r"Step \(table steps\): no column words"):
        FactSpec(Step, table, renamed={"text": "words"})


def _specs(specs) -> list[FactSpec]:
    return [s for spec in specs for s in (spec, *_specs(spec.children.values()))]


def test_every_field_of_the_shipped_fact_types_has_a_column() -> None:
    unkept = [f"{spec.type.__name__}.{name} (table {spec.table.name})" for spec in _specs(DOCUMENT_FACTS.values()) for name in spec.unkept]
    assert not unkept, f"add a column and a migration in store/schema.py, or list in the spec's unstored: {', '.join(unkept)}"


def test_a_column_no_field_fills_is_named_when_the_spec_is_declared() -> None:
    table = _table("steps", Column("text", Text), Column("start_char", Integer), Column("end_char", Integer), Column("weight", Integer))
    with pytest.raises(TypeError, match="no field fills weight"):
        FactSpec(Step, table)


def test_unstored_fields_are_left_out_and_read_back_with_their_default() -> None:
    @dataclass
    class Scored:
        text: str
        start: int
        end: int
        score: float = 0.5  # derived for later stages, not kept

    spec = FactSpec(Scored, _table("scored", Column("text", Text), Column("start_char", Integer), Column("end_char", Integer)),
                    unstored=("score",))
    rows: dict[str, list] = {"scored": []}
    spec.write([Scored("x", 0, 1, score=0.9)], "a1", rows)
    assert "score" not in rows["scored"][0]
    assert spec.read(rows)[0].score == 0.5


def test_document_rows_fill_exactly_the_columns_of_every_table() -> None:
    rows = document_rows(hand_built_document())
    assert set(rows) == set(TABLES)
    for name, table_rows in rows.items():
        assert table_rows, f"the hand-built document has no {name} rows"
        for row in table_rows:
            assert set(row) == set(TABLES[name].c.keys()), name


def test_every_document_fact_list_has_a_spec() -> None:
    lists = {name for name, value in vars(Document(article=Article(text=""))).items() if isinstance(value, list) and name != "warnings"}
    assert lists == set(DOCUMENT_FACTS)


def test_document_round_trips_through_its_rows_without_a_database() -> None:
    document = hand_built_document()
    rows = document_rows(document)
    back = document_from_rows(rows["articles"][0], rows)
    assert back.to_dict() == document.to_dict()
    assert back.article.warnings == document.article.warnings + document.warnings


def test_a_mention_is_stored_under_the_actor_that_holds_it() -> None:
    # The link comes from the parent, whatever the mention's own field says.
    actor = Actor(id="olaf-scholz", name="Olaf Scholz", type="person", mentions=[Mention(0, 6, "Scholz", "someone-else")])
    document = Document(article=Article(text="Scholz spoke.", id="a1"), actors=[actor],
                        quotes=[Quote(text="spoke", start=7, end=12, kind="indirect", cue=Span(7, 12, "spoke"))])
    rows = document_rows(document)
    assert rows["mentions"][0]["actor_id"] == "olaf-scholz"
    back = document_from_rows(rows["articles"][0], rows)
    assert back.actors[0].mentions[0].actor == "olaf-scholz"
    assert back.quotes[0].cue == Span(7, 12, "spoke") and back.quotes[0].speaker_span is None
