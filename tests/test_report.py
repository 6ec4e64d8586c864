"""The readable report: what is not known is left out, never printed as a bare None."""

from __future__ import annotations

from rich.console import Console

from newsledger.document import Article, Document, Event, Place, PlaceRef, TimeExpr
from newsledger.report import print_report

TEXT = "For days, troops moved across Eastern Europe and Kharkiv."


def _rendered(document: Document) -> str:
    console = Console(record=True, width=160)
    print_report(document, console)
    return console.export_text()


def test_unknown_values_are_not_printed_as_none():
    document = Document(article=Article(text=TEXT))
    document.times = [TimeExpr(text="days", start=4, end=8, value=None, kind="duration")]
    document.places = [
        Place(text="Eastern Europe", start=32, end=46, name="Eastern Europe", country=None),
        Place(text="Kharkiv", start=51, end=58, name="Kharkiv", country="UKR"),
    ]
    document.events = [Event(type="MOBILIZE", start=10, end=22, text="troops moved", place=PlaceRef(name="Eastern Europe"))]
    report = _rendered(document)
    assert "None" not in report
    assert "Eastern Europe" in report and "Kharkiv (UKR)" in report and "days (no calendar value)" in report
