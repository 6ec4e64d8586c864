"""Export: documents as JSON Lines, tables as CSV and Parquet (the event layouts: tests/test_export_layouts.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.run.export import ExportError, export
from newsledger.run.ingest import ingest_paths
from newsledger.store import TABLES, Store

REPO = Path(__file__).resolve().parents[1]

NEWS = [
    {
        "title": "Naval drills",
        "date": "2024-06-10",
        "url": "https://example.org/drills",
        "source": "Example Wire",
        "text": "China launched naval drills near Taiwan on Monday, the Taiwanese defence ministry said. "
        "Taipei condemned the exercises as a provocation.",
    },
    {
        "title": "Grain deal",
        "date": "2024-06-11",
        "url": "https://example.org/grain",
        "text": "Turkey and Ukraine signed an agreement on grain shipments in Ankara on Tuesday. "
        '"This deal will feed millions," the Turkish trade minister said; critics called it "a gamble".',
    },
]


@pytest.fixture(scope="module")
def db(tmp_path_factory, module_db_url, settings) -> str:
    """The NEWS ingested into a SQLite file, then into a PostgreSQL database."""
    folder = tmp_path_factory.mktemp("export")
    corpus = folder / "news.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in NEWS), encoding="utf-8")
    assert ingest_paths([corpus], module_db_url, settings, progress=False).new == len(NEWS)
    return module_db_url


def _counts(db: str) -> dict[str, int]:
    with Store(db) as store:
        return {name: store.count(name) for name in TABLES}


def test_jsonl_writes_one_document_a_line(db: str, tmp_path: Path) -> None:
    out = tmp_path / "docs.jsonl"
    assert export(db, "jsonl", out) == {"docs.jsonl": len(NEWS)}
    documents = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {d["schema"] for d in documents} == {"newsledger/1"}
    assert sorted(d["article"]["url"] for d in documents) == sorted(n["url"] for n in NEWS)
    for d in documents:
        for event in d["events"]:
            assert d["text"][event["start"] : event["end"]] == event["text"]


def test_csv_writes_every_table_with_its_columns(db: str, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    written = export(db, "csv", out)
    counts = _counts(db)
    assert counts["events"] > 0
    for name, table in TABLES.items():
        with open(out / f"{name}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == [c.name for c in table.columns]
        assert len(rows) - 1 == counts[name] == written[f"{name}.csv"]
    with open(out / "articles.csv", encoding="utf-8", newline="") as f:
        article = next(csv.DictReader(f))
    assert isinstance(json.loads(article["warnings"]), list)  # JSON columns stay JSON


def test_parquet_table_has_the_database_rows(db: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    export(db, "parquet", out, table="events")
    data = pq.read_table(out)
    assert data.column_names == [c.name for c in TABLES["events"].columns]
    assert data.num_rows == _counts(db)["events"]


def test_bad_requests_are_refused(db: str, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="format"):
        export(db, "xml", tmp_path / "x.xml")
    with pytest.raises(ExportError, match="events"):
        export(db, "csv", tmp_path / "q.csv", table="quotes", layout="gdelt")
    with pytest.raises(ExportError, match="no table"):
        export(db, "csv", tmp_path / "q.csv", table="nope")
    file = tmp_path / "taken"
    file.write_text("x")
    with pytest.raises(ExportError, match="folder"):
        export(db, "csv", file)


def test_export_command(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "gdelt.csv"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "csv", "--layout", "gdelt", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "gdelt.csv:" in result.output and out.exists()
    missing = runner.invoke(app, ["export", "--db", str(tmp_path / "none.db"), "--out", str(out)])
    assert missing.exit_code == 2
