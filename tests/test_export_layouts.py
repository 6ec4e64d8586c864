"""Events in the field's layouts, loaded as a user loads them (pandas): GDELT 2.0's event
table (tab-separated and Parquet) and PLOVER/POLECAT records (JSON Lines)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.run.export import ExportError, export
from newsledger.run.ingest import ingest_paths
from newsledger.run.layouts import GDELT_COLUMNS, GDELT_EXTRAS, GDELT_NAMES, goldstein, lead_end, quad_class
from newsledger.store import Store

pd = pytest.importorskip("pandas")

REPO = Path(__file__).resolve().parents[1]
NEWS = [
    {
        "title": "Naval drills",
        "date": "2024-06-10",
        "url": "https://example.org/drills",
        "source": "Example Wire",
        "text": "Naval drills\n\nBy Jane Smith\n\nChina launched naval drills near Taiwan on Monday, the Taiwanese defence "
        "ministry said.\n\nTaipei condemned the exercises as a provocation. Turkish forces shelled Kurdish positions in Syria.",
    },
    {
        "title": "Grain deal",
        "date": "2024-06-11",
        "url": "https://example.org/grain",
        "text": "Turkey and Ukraine signed an agreement on grain shipments in Ankara on Tuesday. "
        '"This deal will feed millions," the Turkish trade minister said. Russia did not attack the port.',
    },
]
# What GDELT's codebook gives as strings (codes: "042" keeps its zero) and as numbers.
CODE_COLUMNS = [c for c in GDELT_NAMES if c.endswith(("Code", "Code1", "Code2", "Code3")) or c.startswith("Event")]
INTEGER_COLUMNS = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
                   "NumSources", "NumArticles", "DATEADDED", "evidence_start", "evidence_end", "event_idx"]
FLOAT_COLUMNS = ["FractionDate", "GoldsteinScale"]


@pytest.fixture(scope="module")
def db(tmp_path_factory, settings) -> Path:
    folder = tmp_path_factory.mktemp("layouts")
    corpus = folder / "news.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in NEWS), encoding="utf-8")
    path = folder / "news.db"
    assert ingest_paths([corpus], path, settings, progress=False).new == len(NEWS)
    return path


@pytest.fixture(scope="module")
def texts(db) -> dict[str, str]:
    with Store(db) as store:
        return {article_id: store.document(article_id).text for article_id in store.known_ids()}


def _check_gdelt_frame(frame, texts: dict[str, str]) -> None:
    assert list(frame.columns) == list(GDELT_COLUMNS)
    assert list(frame.columns[: len(GDELT_NAMES)]) == list(GDELT_NAMES) and len(GDELT_NAMES) == 61
    assert len(frame) > 0
    for column in INTEGER_COLUMNS:
        assert pd.api.types.is_integer_dtype(frame[column]), (column, frame[column].dtype)
    for column in FLOAT_COLUMNS:
        assert pd.api.types.is_float_dtype(frame[column]), (column, frame[column].dtype)
    for column in ("negated", "date_from_article"):
        assert pd.api.types.is_bool_dtype(frame[column]), (column, frame[column].dtype)
    codes = frame["EventCode"].dropna()
    assert len(codes) and all(isinstance(c, str) and c.isdigit() and len(c) >= 2 for c in codes)
    assert (frame["EventRootCode"] == frame["EventCode"].str[:2]).all()
    assert (frame["EventBaseCode"] == frame["EventCode"].str[:3]).all()
    assert frame["QuadClass"].tolist() == [quad_class(r) for r in frame["EventRootCode"]]
    assert frame["GoldsteinScale"].tolist() == [goldstein(c) for c in frame["EventCode"]]
    assert set(frame["IsRootEvent"]) <= {0, 1}
    assert frame["GLOBALEVENTID"].is_unique
    assert (frame["SQLDATE"] // 100 == frame["MonthYear"]).all() and (frame["MonthYear"] // 100 == frame["Year"]).all()
    for row in frame.itertuples():
        text = texts[row.article_id]
        assert text[row.evidence_start : row.evidence_end] == row.evidence_text
    assert {u for u in frame["SOURCEURL"]} == {r["url"] for r in NEWS}


def test_gdelt_tab_separated_loads_with_pandas(db, texts, tmp_path):
    out = tmp_path / "events.tsv"
    export(db, "csv", out, layout="gdelt")
    assert "\t" in out.read_text(encoding="utf-8").splitlines()[0]
    frame = pd.read_csv(out, sep="\t", dtype={c: str for c in CODE_COLUMNS}, keep_default_na=False, na_values=[""])
    _check_gdelt_frame(frame, texts)


def test_gdelt_parquet_loads_with_pandas(db, texts, tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "events.parquet"
    export(db, "parquet", out, layout="gdelt")
    frame = pd.read_parquet(out)
    _check_gdelt_frame(frame, texts)
    assert pd.api.types.is_string_dtype(frame["EventCode"])


def test_plover_records_load_with_pandas(db, texts, tmp_path):
    out = tmp_path / "events.jsonl"
    export(db, "jsonl", out, layout="plover")
    frame = pd.read_json(out, lines=True, dtype=False)
    for column in ("event_type", "mode", "context", "actor", "recipient", "location", "event_date", "source_text", "story"):
        assert column in frame.columns, column
    assert len(frame) > 0
    assert pd.api.types.is_integer_dtype(frame["evidence_start"]) and pd.api.types.is_bool_dtype(frame["negated"])
    for record in frame.to_dict("records"):
        for side in ("actor", "recipient"):
            assert {"name", "country", "sector"} <= set(record[side])
        assert isinstance(record["context"], list)
        text = texts[record["story"]["id"]]
        assert text[record["evidence_start"] : record["evidence_end"]] == record["source_text"]
    assert set(frame["event_type"]) <= {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                                        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert any(record["actor"]["country"] for record in frame.to_dict("records"))


def test_goldstein_scale_is_the_published_table():
    # Goldstein (1992) as GDELT's CAMEO table carries it: a few values, and the prefix fallback.
    assert goldstein("190") == -10.0 and goldstein("042") == 1.9 and goldstein("057") == 8.0 and goldstein("0874") == 10.0
    assert goldstein("0219") == 3.4  # not in the table: its base code 021
    assert goldstein(None) is None
    shipped = (REPO / "src/newsledger/knowledge/data/events/cameo_plover.tsv").read_text(encoding="utf-8").splitlines()
    codes = [line.split("\t")[0] for line in shipped if line[:1].isdigit()]
    assert codes and all(goldstein(code) is not None for code in codes), "every CAMEO code we emit has a score"


def test_lead_paragraph_skips_headline_and_byline():
    text = "Naval drills\n\nBy Jane Smith\n\nChina launched drills on Monday.\n\nTaipei condemned them."
    assert text[: lead_end(text, "Naval drills")].endswith("China launched drills on Monday.")


def test_layout_errors_say_what_to_do(db, tmp_path, monkeypatch):
    with pytest.raises(ExportError, match="--format jsonl"):
        export(db, "csv", tmp_path / "p.csv", layout="plover")
    with pytest.raises(ExportError, match="events table"):
        export(db, "jsonl", tmp_path / "p.jsonl", table="quotes", layout="plover")
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if the batch extra were not installed
    with pytest.raises(ExportError, match=r"pip install 'newsledger\[batch\]'"):
        export(db, "parquet", tmp_path / "e.parquet", layout="gdelt")
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--format", "parquet", "--out", str(tmp_path / "all")])
    assert result.exit_code == 2 and "newsledger[batch]" in result.output and "Traceback" not in result.output


def test_export_doc_lists_every_column() -> None:
    doc = (REPO / "docs" / "EXPORT.md").read_text(encoding="utf-8")
    for name in GDELT_NAMES:
        assert name in doc, name
    for name, _meaning in GDELT_EXTRAS:
        assert f"`{name}`" in doc, name


def test_plover_records_carry_each_events_own_subtype_and_context(tmp_path, settings):
    # The coder's contexts include the ones the sentence names ("over its nuclear programme"),
    # which the CAMEO-to-PLOVER table alone cannot give: the export must carry the stored ones.
    corpus = tmp_path / "sanctions.jsonl"
    corpus.write_text(json.dumps({"title": "Sanctions", "date": "2024-06-12", "text":
        "The United States imposed sanctions on Iran over its nuclear programme on Wednesday."}) + "\n", encoding="utf-8")
    path = tmp_path / "s.db"
    ingest_paths([corpus], path, settings, progress=False)
    out = tmp_path / "p.jsonl"
    export(path, "jsonl", out, layout="plover")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    with Store(path) as store:
        (article_id,) = store.known_ids()
        events = store.document(article_id).events
    assert records and any(e.context for e in events)
    for record in records:
        event = events[int(record["event_id"].rsplit("-", 1)[1])]
        assert record["event_type"] == event.type
        if event.context:
            assert record["context"] == list(event.context)
        if event.subtype:
            assert record["mode"] == event.subtype
    assert any("nuclear" in record["context"] for record in records)
