"""The stage contract: declared requirements, one checked order, stages plugged in by entry point."""

from __future__ import annotations

import json
import sys
import textwrap

import pytest

import newsledger
from newsledger import pipeline
from newsledger.settings import Settings
from newsledger.stage import StageError


def test_every_shipped_stage_declares_what_it_reads_and_adds():
    stages = pipeline.resolve(Settings())
    assert [s.name for s in stages][:2] == ["nlp", "actors"]
    for s in stages:
        assert s.assigns, s.name
        assert s.origin.startswith("newsledger.stages."), s.origin
    pipeline.check_order(stages)  # the shipped order is valid


def test_a_misordered_configuration_names_the_missing_requirement():
    with pytest.raises(StageError) as caught:
        pipeline.resolve(Settings(stages=("nlp", "quotes", "actors", "events")))
    message = str(caught.value)
    assert "'quotes' requires 'actors'" in message
    assert "assigned by actors" in message


def test_disabling_a_stage_something_later_needs_is_an_error():
    with pytest.raises(StageError, match="'events' requires 'quotes'"):
        pipeline.resolve(Settings(disable=("quotes",)))


def test_the_link_step_needs_times_and_places():
    with pytest.raises(StageError, match="'link' requires 'times'"):
        pipeline.resolve(Settings(disable=("time",)))


def test_disabling_the_last_stages_runs_the_rest():
    doc = newsledger.analyze(
        "Iran rejected the proposal on Monday, Foreign Minister Javad Zarif said.",
        settings=Settings(disable=("sourcing", "link", "home_country", "place", "time")),
    )
    assert doc.actors and doc.times == [] and doc.claims == []


def test_unknown_stage_names_are_errors():
    with pytest.raises(StageError, match="no such stage 'speling'|no such stage"):
        pipeline.resolve(Settings(disable=("speling",)))
    with pytest.raises(StageError, match="unknown stage 'coref'"):
        pipeline.resolve(Settings(stages=("nlp", "coref")))


def test_a_replacement_named_in_settings_runs_in_place_of_the_shipped_stage(tmp_path, monkeypatch):
    (tmp_path / "loud_quotes.py").write_text(textwrap.dedent('''
        from newsledger.document import Quote
        from newsledger.stage import stage

        def run(document, settings):
            """Every sentence is a quote (a test stand-in)."""
            document.quotes = [Quote(text=s.text, start=s.start_char, end=s.end_char, kind="direct")
                               for s in document.doc.sents]

        STAGE = stage("quotes", requires=("doc",), assigns=("quotes", "scare_quotes"))(run)
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    text = "The sky is blue. The grass is green."
    doc = newsledger.analyze(text, settings=Settings(replace=(("quotes", "loud_quotes:STAGE"),)))
    assert [q.text for q in doc.quotes] == ["The sky is blue.", "The grass is green."]


def test_a_stage_plugged_in_through_an_entry_point_replaces_the_shipped_one(tmp_path, monkeypatch):
    # A separate distribution on sys.path: its metadata declares the entry point, as an
    # installed package would.
    (tmp_path / "newsledger_testplugin.py").write_text(textwrap.dedent('''
        from newsledger.document import Quote
        from newsledger.stage import stage

        def run(document, settings):
            """Quotes are the title-cased words (a test stand-in for a trained quote model)."""
            document.quotes = [Quote(text=t.text, start=t.idx, end=t.idx + len(t), kind="direct")
                               for t in document.doc if t.is_title]

        QUOTES = stage("quotes", requires=("doc", "actors"), assigns=("quotes", "scare_quotes"))(run)
    '''))
    info = tmp_path / "newsledger_testplugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: newsledger-testplugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[newsledger.stages]\nquotes = newsledger_testplugin:QUOTES\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    pipeline.registry.cache_clear()
    try:
        stages = {s.name: s for s in pipeline.resolve(Settings())}
        assert "newsledger-testplugin" in stages["quotes"].origin
        doc = newsledger.analyze("Nobody said anything here, Mr Smith noted.")
        assert [q.text for q in doc.quotes] == ["Nobody", "Mr", "Smith"]
    finally:
        monkeypatch.undo()
        pipeline.registry.cache_clear()
    assert pipeline.resolve(Settings())[2].origin == "newsledger.stages.quotes"


def test_stages_command_lists_requires_and_assigns():
    from typer.testing import CliRunner

    from newsledger.cli import app

    result = CliRunner().invoke(app, ["stages", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    by_name = {r["name"]: r for r in rows}
    assert by_name["quotes"]["requires"] == ["doc", "actors"]
    assert "quotes" in by_name["quotes"]["assigns"]
    bad = CliRunner().invoke(app, ["stages", "--disable", "actors"])
    assert bad.exit_code != 0 and "requires 'actors'" in bad.output
