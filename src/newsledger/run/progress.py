"""One ingest run's report, its progress bar, and the messages that name a failed item.

Shared by every engine (``run.ingest`` in one process or a pool, ``run.batch`` on Dask), so
the report and the error lines read the same whichever ran.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from newsledger.document import Article


@dataclass
class IngestReport:
    read: int = 0  # items read (articles and unreadable items)
    new: int = 0  # articles analysed and stored
    skipped: int = 0  # articles already in the database
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # one message per failed item: "file:line: message"
    warnings: list[str] = field(default_factory=list)  # inputs left out, not failed: a FIFO in a folder
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return self.failed == 0 and not self.interrupted

    def summary(self) -> str:
        line = f"ingested {self.new} new, {self.skipped} already present, {self.failed} failed"
        return line + (" (interrupted; run again to resume)" if self.interrupted else "")


def item_message(error: Any) -> str:
    """``file:line: message`` for an ingest error, whatever parts of it are known."""
    text = str(error)
    path = getattr(error, "path", None)
    line = getattr(error, "line", None)
    where = f"{path}:{line}" if path and line else (str(path) if path else "")
    if not where or text.startswith(where):
        return text
    return f"{where}: {text}"


def article_where(article: Article) -> str:
    """Where an article came from, for messages: its file, or its id when it has none."""
    return article.path or f"article {article.id}"


class IngestProgress:
    """One ingest run's report and its progress bar (drawn on a terminal, or when asked with "always")."""

    def __init__(self, console: Any, progress: Union[bool, str], count: Optional[Callable[[], Optional[int]]] = None) -> None:
        """``count()``: the items the input holds when they can be counted before reading
        (``count_items``), asked only when the bar is shown; the bar then shows the total,
        the percentage done and the time left."""
        self.console = console
        self.report = IngestReport()
        show = progress == "always" or (progress is True and sys.stderr.isatty())
        total = count() if show and count is not None else None
        self.bar = _progress_bar(console, counted=total is not None) if show else None
        self.task = self.bar.add_task("ingest", total=total, summary="") if self.bar else None

    def tick(self) -> None:
        if self.bar is not None:
            r = self.report
            self.bar.update(self.task, completed=r.new + r.skipped + r.failed, summary=_short(r))

    def warn(self, message: str) -> None:
        """An input left out (not an article file): say so and go on; it is no failure."""
        from rich.markup import escape

        self.report.warnings.append(message)
        (self.bar.console if self.bar else self.console).print(
            f"[yellow]warning:[/] {escape(message)}", highlight=False, markup=True, soft_wrap=True
        )

    def fail(self, message: str) -> None:
        """One item failed: say so (file and line are in the message) and go on."""
        self.report.failed += 1
        self.report.errors.append(message)
        (self.bar.console if self.bar else self.console).print(
            f"[red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True
        )
        self.tick()


def articles_to_analyse(items: Iterable[Any], tracker: "IngestProgress", store: Any, known: Callable[[str], bool]) -> Iterator[Article]:
    """The articles of read ``items`` that still need analysis, in order, with the report
    kept: what was passed over warned of, what failed to read reported, what is ``known``
    (already stored or analysed) counted as skipped. A page reached by several addresses has
    them remembered in ``store`` (when there is one) before analysis, so that a rerun does not
    fetch them again. The one loop of the local and the Dask engines."""
    report = tracker.report
    for item in items:
        if item.passed_over is not None:  # a FIFO or socket in a folder: never opened
            tracker.warn(item.passed_over)
            continue
        report.read += 1
        if item.skipped is not None:  # a URL whose article is stored: not fetched again
            report.skipped += 1
            tracker.tick()
            continue
        if item.error is not None or item.article is None:
            tracker.fail(item_message(item.error) if item.error is not None else "unreadable item")
            continue
        aliases = [u for u in item.urls if u != item.article.url]  # articles.url is looked up anyway
        if aliases and store is not None:
            # Before analysis: an address counts as known only once its article is stored.
            store.remember_urls(item.article.id, aliases)
        if known(item.article.id):
            report.skipped += 1
            tracker.tick()
            continue
        yield item.article


def count_items(paths: Iterable[Any]) -> Optional[int]:
    """How many items files and folders hold, read before the ingest for its progress bar:
    one per article file, one per non-blank line of a JSON Lines file. None when the input
    cannot be counted without reading it whole: standard input, URLs, web archives, JSON."""
    from newsledger.ingest import JSONL_SUFFIXES, SUPPORTED_SUFFIXES, TEXT_SUFFIXES, HTML_SUFFIXES, is_warc_name

    total = 0
    for given in paths:
        name = str(given)
        if name == "-" or name.strip().lower().startswith(("http://", "https://")):
            return None
        path = Path(name)
        if path.is_dir():
            files = [
                Path(folder) / f
                for folder, dirs, names in os.walk(path)
                for f in names
                if not f.startswith(".") and not any(part.startswith(".") for part in Path(folder).relative_to(path).parts)
                and (Path(f).suffix.lower() in SUPPORTED_SUFFIXES or is_warc_name(f))
            ]
        else:
            files = [path]
        for file in files:
            suffix = file.suffix.lower()
            if is_warc_name(file.name) or not file.is_file():
                return None
            if suffix in JSONL_SUFFIXES:
                with open(file, "rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            elif suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
                total += 1
            else:
                return None  # a JSON file may hold a list of articles; no extension is sniffed
    return total


def _short(report: IngestReport) -> str:
    return f"{report.new} new, {report.skipped} already present, {report.failed} failed"


def _progress_bar(console: Any, counted: bool = False):
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, TaskProgressColumn, TextColumn,
        TimeElapsedColumn, TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            # The average since the start: results arrive in bursts (a chunk of articles
            # at a time from worker processes), which fools rich's windowed estimate.
            speed = task.completed / task.elapsed if task.elapsed and task.completed else None
            return Text(f"{speed:.1f} articles/s" if speed else "– articles/s", style="cyan")

    # A known total: done/total, percent and time left; else a spinner and the count so far.
    counts = [MofNCompleteColumn(), TaskProgressColumn()] if counted else []
    left = [TextColumn("left"), TimeRemainingColumn()] if counted else []
    return Progress(
        SpinnerColumn(),
        BarColumn(bar_width=16),
        *counts,
        RateColumn(),
        TextColumn("{task.fields[summary]}"),
        TimeElapsedColumn(),
        *left,
        console=console,
        transient=False,
    )
