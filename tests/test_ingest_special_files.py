"""A folder may hold what is not a regular file (a named pipe, a socket): ingest leaves it
out with a warning instead of blocking on it for ever."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.ingest import read_path

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("Turkish forces shelled Kurdish positions in Syria on Monday.\n", encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")  # no writer: opening it for reading would wait for ever
    return tmp_path


def test_reading_a_folder_passes_over_a_fifo(folder: Path):
    items = list(read_path(folder))
    assert [i.article.path for i in items if i.article] == [str(folder / "a.txt")]
    [passed] = [i.passed_over for i in items if i.passed_over]
    assert str(folder / "b.txt") in passed and "named pipe" in passed and "skipped" in passed
    assert not [i for i in items if i.error]


def test_ingest_of_a_folder_with_a_fifo_warns_and_finishes(folder: Path, tmp_path: Path):
    newsledger = Path(sys.executable).with_name("newsledger")
    # A subprocess with a timeout: were the FIFO opened, the test fails instead of hanging.
    result = subprocess.run(
        [str(newsledger), "ingest", str(folder), "--db", str(tmp_path / "news.db"), "--workers", "1", "--no-progress"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and "b.txt" in result.stderr and "not a regular file" in result.stderr
    assert "ingested 1 new" in result.stdout


def test_the_progress_bar_counts_files_and_jsonl_lines(tmp_path: Path):
    from newsledger.run.progress import IngestProgress, count_items

    (tmp_path / "a.txt").write_text("One article.", encoding="utf-8")
    (tmp_path / "many.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}', encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("not read", encoding="utf-8")
    assert count_items([tmp_path]) == 4
    assert count_items([tmp_path / "a.txt", "-"]) is None  # standard input cannot be counted
    assert count_items(["https://example.org/feed"]) is None
    from rich.console import Console

    console = Console(record=True, width=200, force_terminal=False)
    tracker = IngestProgress(console, "always", count=lambda: count_items([tmp_path]))
    tracker.bar.start()
    tracker.report.new = 1
    tracker.tick()
    tracker.bar.stop()  # off a terminal, the bar is drawn once, as it stands at the end
    shown = console.export_text()
    assert "1/4" in shown and "25%" in shown and "left" in shown
