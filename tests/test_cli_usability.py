"""What a new user meets first on the command line: --version, -h, readable help, and an
error (not an empty answer) for a value that cannot be right."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

import newsledger
from newsledger.cli import app
from newsledger.store import Store

COMMANDS = [[], ["analyze"], ["eval"], ["ingest"], ["watch"], ["serve"], ["stages"], ["export"], ["query"],
            ["query", "actors"], ["query", "quotes"], ["query", "events"], ["query", "sourcing"], ["query", "statements"]]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cli") / "empty.db"
    Store(path).close()
    return str(path)


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"newsledger {newsledger.__version__}"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "newsledger")
def test_help_is_readable(runner, command):
    short = runner.invoke(app, [*command, "-h"], env={"COLUMNS": "200"})
    assert short.exit_code == 0, short.output
    assert short.output == runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"}).output
    # Typer's type labels ("<str>", "<bool>", "<list[Path]>", "<int range>") are not for users.
    assert not re.search(r"<[a-z][a-zA-Z\[\] ]*>", short.output), short.output


def test_choices_are_shown(runner):
    export_help = runner.invoke(app, ["export", "-h"], env={"COLUMNS": "200"}).output
    assert "jsonl|csv|parquet" in export_help and "tables|gdelt|plover" in export_help
    assert "local|dask" in runner.invoke(app, ["ingest", "-h"], env={"COLUMNS": "200"}).output


@pytest.mark.parametrize("args, words", [
    (["--type", "FOO"], "unknown event type 'FOO'; PLOVER types are AGREE"),
    (["--since", "2019-13"], "not a real month: '2019-13'"),
    (["--until", "2019-02-30"], "not a real date"),
    (["--since", "2019-1"], "must be a date as YYYY-MM-DD"),
])
def test_impossible_filters_are_errors(runner, empty_db, args, words):
    result = runner.invoke(app, ["query", "events", "--db", empty_db, *args], env={"COLUMNS": "300"})
    assert result.exit_code == 2
    assert words in " ".join(result.output.split())


def test_a_type_in_any_case_is_the_type(runner, empty_db):
    assert runner.invoke(app, ["query", "events", "--db", empty_db, "--type", "consult", "--json"]).exit_code == 0
