"""The fact <-> row mapping, declared once per fact type.

A :class:`FactSpec` says which table holds a fact type and how the dataclass's fields map
to the table's columns; :func:`document_rows` writes a Document's rows from the specs and
:func:`document_from_rows` reads one back from the same specs. A new fact type is a
dataclass, a table (``schema.py``) and a spec in ``DOCUMENT_FACTS``.

What a spec spells out is only what differs from the default: a field is stored in the
column of its own name, ``start``/``end`` in ``start_char``/``end_char``.

- ``renamed``: other fields whose column has another name (``Quote.speaker`` -> ``speaker_id``).
- ``nested``: an optional sub-object stored as prefixed columns (``Quote.cue``, a Span, in
  ``cue_text``/``cue_start``/``cue_end``), read back as None when its ``present`` columns are NULL.
- ``children``: facts held inside another fact (an Actor's mentions), in their own table,
  tied to their parent by ``link``, a column both tables share (``actor_id``).
- ``unstored``: fields a stage derives for the stages after it and the database does not
  keep (``TimeExpr.granularity``); read back with their default.

Boolean columns are read back as bools, JSON columns hold lists. Every spec is checked
against its table when this module loads: a column no field fills, or a column the spec
names that the table lacks, is an error that names it. A field with no column is left out
(``FactSpec.unkept``), and tests/test_rows.py names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, Mapping, Optional, Sequence

from sqlalchemy import JSON, Boolean, Table

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
from newsledger.store import schema
from newsledger.store.schema import TABLES, now

Row = dict[str, Any]
Rows = dict[str, list[Row]]  # table name -> rows, for one article

SPAN_COLUMNS = {"start": "start_char", "end": "end_char"}
# Columns every fact table has that no field fills: the article and the fact's place in it.
ROW_KEYS = ("article_id", "idx")


@dataclass(frozen=True)
class Nested:
    """An optional sub-object of a fact, kept in the fact's own row as prefixed columns."""

    type: type
    prefix: str
    present: tuple[str, ...]  # the sub-object's fields that are never NULL when it exists

    @cached_property
    def columns(self) -> dict[str, str]:
        """Field of the sub-object -> column (computed once: reading an article asks it per row)."""
        return {f.name: self.prefix + f.name for f in fields(self.type)}


@dataclass
class FactSpec:
    """How one fact type is stored: its dataclass, its table and the differences from the default mapping."""

    type: type
    table: Table
    renamed: Mapping[str, str] = field(default_factory=dict)
    nested: Mapping[str, Nested] = field(default_factory=dict)
    children: Mapping[str, "FactSpec"] = field(default_factory=dict)  # field of this type -> spec of what it holds
    link: Optional[str] = None  # for a child: the column naming its parent, in both tables
    unstored: tuple[str, ...] = ()
    columns: dict[str, str] = field(init=False, repr=False)  # plain field -> column
    unkept: tuple[str, ...] = field(init=False, repr=False)  # fields the table has no column for yet

    def __post_init__(self) -> None:
        plain = {
            f.name: self.renamed.get(f.name, SPAN_COLUMNS.get(f.name, f.name))
            for f in fields(self.type)
            if f.name not in self.nested and f.name not in self.children and f.name not in self.unstored
        }
        # A new field whose column the table lacks is left out rather than failing every
        # import of the store while the field is being added; tests/test_rows.py names it
        # until it has a column (and a migration) or is listed in ``unstored``.
        in_table = set(self.table.c.keys())
        self.unkept = tuple(name for name, column in plain.items() if column not in in_table and name not in self.renamed)
        self.columns = {name: column for name, column in plain.items() if name not in self.unkept}
        self._check()
        # For reading back: each field's column and how its value is read (None: as it is).
        self._readers = tuple((name, column, _reader(self.table.c[column])) for name, column in self.columns.items())

    def _check(self) -> None:
        filled = set(ROW_KEYS) | set(self.columns.values())
        for nested in self.nested.values():
            filled |= set(nested.columns.values())
        if self.link is not None:
            filled.add(self.link)
        in_table = {c.name for c in self.table.columns}
        where = f"the spec of {self.type.__name__} (table {self.table.name})"
        if filled - in_table:
            missing = ", ".join(sorted(filled - in_table))
            raise TypeError(f"{where}: no column {missing}; add it to the table or correct the spec")
        if in_table - filled:
            raise TypeError(f"{where}: no field fills {', '.join(sorted(in_table - filled))}; map a field to it")
        for name, child in self.children.items():
            if child.link is None or child.link not in in_table:
                raise TypeError(f"{where}: the children in {name!r} need a link column that both tables have")

    # writing ------------------------------------------------------------------

    def row(self, fact: Any, article_id: str, idx: int) -> Row:
        row: Row = {"article_id": article_id, "idx": idx}
        for name, column in self.columns.items():
            row[column] = _to_column(self.table.c[column], getattr(fact, name))
        for name, nested in self.nested.items():
            value = getattr(fact, name)
            for sub, column in nested.columns.items():
                row[column] = None if value is None else getattr(value, sub)
        return row

    def write(self, facts: Sequence[Any], article_id: str, rows: Rows, parents: Sequence[Any] = ()) -> None:
        """Append the rows of ``facts`` (and of their children) to ``rows``. For a child,
        ``parents`` gives each fact's link value."""
        own = [self.row(fact, article_id, idx) for idx, fact in enumerate(facts)]
        if self.link is not None:
            for row, parent in zip(own, parents):
                row[self.link] = parent
        rows[self.table.name].extend(own)
        for name, child in self.children.items():
            # Numbered parent by parent, so that reading the children back in idx order
            # gives each parent its children in the order it had them.
            pairs = [(row[child.link], item) for fact, row in zip(facts, own) for item in getattr(fact, name)]
            child.write([item for _, item in pairs], article_id, rows, [key for key, _ in pairs])

    # reading ------------------------------------------------------------------

    def fact(self, row: Mapping[str, Any]) -> Any:
        values = {name: row[column] if read is None else read(row[column]) for name, column, read in self._readers}
        for name, nested in self.nested.items():
            columns = nested.columns
            present = all(row[columns[sub]] is not None for sub in nested.present)
            values[name] = nested.type(**{sub: row[column] for sub, column in columns.items()}) if present else None
        return self.type(**values)

    def read(self, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[Any]:
        """The facts of one article from its rows (each table's rows in idx order)."""
        own = tables[self.table.name]
        facts = [self.fact(row) for row in own]
        for name, child in self.children.items():
            parent_of = {row[child.link]: fact for row, fact in zip(own, facts)}
            for row, item in zip(tables[child.table.name], child.read(tables)):
                getattr(parent_of[row[child.link]], name).append(item)
        return facts


def _to_column(column: Any, value: Any) -> Any:
    if isinstance(column.type, Boolean):
        return bool(value)
    if isinstance(column.type, JSON):
        return list(value)
    return value


def _reader(column: Any) -> Any:
    """How a value of this column is read back into a field: None when as it is."""
    if isinstance(column.type, Boolean):
        return bool
    if isinstance(column.type, JSON):
        return lambda value: list(value or [])
    return None


# --------------------------------------------------------------------------- the specs

MENTIONS = FactSpec(Mention, schema.mentions, renamed={"actor": "actor_id"}, link="actor_id")
ACTORS = FactSpec(Actor, schema.actors, renamed={"id": "actor_id"}, children={"mentions": MENTIONS})
QUOTES = FactSpec(
    Quote,
    schema.quotes,
    renamed={"speaker": "speaker_id"},
    nested={"cue": Nested(Span, "cue_", ("start", "end")), "speaker_span": Nested(Span, "speaker_", ("start", "end"))},
)
SCARE_QUOTES = FactSpec(ScareQuote, schema.scare_quotes)
EVENTS = FactSpec(
    Event,
    schema.events,
    renamed={"source": "source_id", "target": "target_id", "claimed_by": "claimed_by_id"},
    nested={"place": Nested(PlaceRef, "place_", ("name",))},
)
TIMES = FactSpec(TimeExpr, schema.times, unstored=("granularity",))
PLACES = FactSpec(Place, schema.places, unstored=("role", "head"))
CLAIMS = FactSpec(Claim, schema.claims, renamed={"source": "source_id"})
HEDGES = FactSpec(Hedge, schema.hedges)

# Document attribute -> the spec of the facts it holds, in the order they are written.
DOCUMENT_FACTS: dict[str, FactSpec] = {
    "actors": ACTORS,
    "quotes": QUOTES,
    "scare_quotes": SCARE_QUOTES,
    "events": EVENTS,
    "times": TIMES,
    "places": PLACES,
    "claims": CLAIMS,
    "hedges": HEDGES,
}

# The sourcing profile's figures that get their own column (the whole dict is kept in `profile`).
SOURCING_FIGURES = ("named", "anonymous", "collective", "unattributed", "hedged")
ARTICLE_FIELDS = tuple(f.name for f in fields(Article))


def _spec_tables(specs: Sequence[FactSpec]) -> list[str]:
    return [name for spec in specs for name in (spec.table.name, *_spec_tables(list(spec.children.values())))]


_unmapped = set(TABLES) - {"articles", "sourcing", *_spec_tables(list(DOCUMENT_FACTS.values()))}
if _unmapped:
    raise TypeError(f"no fact spec writes table {', '.join(sorted(_unmapped))}; add one to DOCUMENT_FACTS")
if set(ARTICLE_FIELDS) - set(schema.articles.c.keys()):
    raise TypeError(f"no column in table articles for Article.{', Article.'.join(sorted(set(ARTICLE_FIELDS) - set(schema.articles.c.keys())))}")


# --------------------------------------------------------------------------- a document


def document_rows(document: Document, status: str = "complete") -> Rows:
    """The rows of every table for one analysed document, keyed by table name."""
    rows: Rows = {name: [] for name in TABLES}
    article = document.article
    rows["articles"].append(
        {
            **{name: getattr(article, name) for name in ARTICLE_FIELDS},
            "warnings": list(article.warnings) + list(document.warnings),
            "n_chars": len(article.text),
            "ingested_at": now(),
            "status": status,
            "doc_schema": DOCUMENT_SCHEMA,
        }
    )
    for attribute, spec in DOCUMENT_FACTS.items():
        spec.write(getattr(document, attribute), document.id, rows)
    if document.sourcing:
        profile = dict(document.sourcing)
        rows["sourcing"].append(
            {
                "article_id": document.id,
                **{key: _number(profile.get(key)) for key in SOURCING_FIGURES},
                "anonymous_sources": list(profile.get("anonymous_sources") or []),
                "profile": profile,
            }
        )
    return rows


def document_from_rows(article: Mapping[str, Any], tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> Document:
    """The Document (without the spaCy ``doc``) from its article row and the rows of its
    facts, each table's in idx order."""
    document = Document(
        article=Article(**{name: article[name] for name in ARTICLE_FIELDS if name != "warnings"}, warnings=list(article["warnings"] or []))
    )
    for attribute, spec in DOCUMENT_FACTS.items():
        setattr(document, attribute, spec.read(tables))
    if tables.get("sourcing"):
        document.sourcing = dict(tables["sourcing"][0]["profile"] or {})
    return document


def _number(value: Any) -> Optional[float]:
    return value if isinstance(value, (int, float)) else None
