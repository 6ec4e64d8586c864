"""The command line: analyze (report and JSON), eval, and clear errors for bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from newsledger.cli import app

from conftest import EXAMPLES, SEED_TEXT

runner = CliRunner()


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_analyze_report_lists_actors_with_roles():
    result = invoke("analyze", str(SEED_TEXT))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Trump-Putin meeting deepens divisions" in out
    assert "Rex Tillerson" in out and "Secretary of State" in out
    assert "2017-07-08" in out


def test_analyze_json_is_the_schema():
    result = invoke("analyze", str(SEED_TEXT), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "newsledger/1"
    assert data["article"]["date"] == "2017-07-08"
    assert data["article"]["author"] == "Barry Grey"
    text = data["text"]
    for actor in data["actors"]:
        for m in actor["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    assert {"actors", "quotes", "scare_quotes", "events", "times", "places", "claims", "hedges", "sourcing"} <= set(data)


def test_analyze_stdin_with_date():
    result = invoke("analyze", "-", "--json", "--date", "2019-03-04", input="German Chancellor Angela Merkel met French President Emmanuel Macron.\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["article"]["date"] == "2019-03-04"
    assert "Angela Merkel" in [a["name"] for a in data["actors"]]


def test_analyze_missing_file(tmp_path):
    result = invoke("analyze", str(tmp_path / "nope.txt"))
    assert result.exit_code != 0
    assert "nope.txt" in result.output


def test_analyze_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("   \n\n", encoding="utf-8")
    result = invoke("analyze", str(path))
    assert result.exit_code != 0
    assert "empty" in result.output.lower()


def test_analyze_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = invoke("analyze", str(path))
    assert result.exit_code != 0
    assert "binary" in result.output.lower()


def test_analyze_unsupported_format(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a spreadsheet")
    result = invoke("analyze", str(path))
    assert result.exit_code != 0
    assert "sheet.xlsx" in result.output


def test_analyze_bad_date(tmp_path):
    result = invoke("analyze", str(SEED_TEXT), "--date", "next-ish week")
    assert result.exit_code != 0
    assert "date" in result.output.lower()


def test_eval_on_the_bundled_gold():
    result = invoke("eval", str(EXAMPLES / "gold"), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["files"] == 1
    actors = scores["stages"]["actors"]["tally"]
    # Measured: recall 1.0, precision 0.70 (the gold lists only the actors that matter to its facts;
    # unnamed actors that match no gold actor are not counted as extras).
    assert actors["recall"] >= 0.9
    assert actors["f1"] >= 0.75


def test_eval_missing_gold(tmp_path):
    result = invoke("eval", str(tmp_path / "none"))
    assert result.exit_code != 0
    assert "no such gold" in result.output
