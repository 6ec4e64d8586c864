"""Ingest: read, analyse and store articles, resuming where a killed run stopped.

``ingest_paths`` is the entry point of ``newsledger ingest``: it reads the input as a
stream, skips the articles the database already holds before any analysis, and analyses
the rest in this process (``analysis.analyze_resilient``), in a pool of processes or on
Dask (``batch``). It talks to the database only through the Store's public methods.
"""

from __future__ import annotations

import os
from typing import Any, Iterator, Optional, Sequence, Union

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from newsledger.document import Article
from newsledger.ingest import validate_date
from newsledger.ingest.sources import read_sources
from newsledger.run.analysis import analyze_resilient
from newsledger.run.batch import ingest_dask_paths, ingest_local
from newsledger.run.collector import collecting_less
from newsledger.run.progress import IngestProgress, IngestReport, article_where, articles_to_analyse, count_items
from newsledger.settings import Settings
from newsledger.store import Store, StoreError, describe


def ingest_paths(
    paths: Sequence[Union[str, os.PathLike[str]]],
    db_url: Union[str, os.PathLike[str]],
    settings: Optional[Settings] = None,
    date: Optional[str] = None,
    progress: Union[bool, str] = True,
    workers: int = 1,
    console: Any = None,
    engine: str = "local",
    scheduler: Optional[str] = None,
    parquet: Optional[Union[str, os.PathLike[str]]] = None,
    fetch: Any = None,
) -> IngestReport:
    """Read, analyse and store articles; articles already in the database are skipped
    before any analysis, so a rerun after a kill resumes where it stopped.

    ``progress``: True shows a progress bar when stderr is a terminal, ``"always"`` shows
    it anyway, False never. Errors of single items are printed to stderr and listed in the
    report; they never stop the batch. Ctrl-C stops at once, leaving every stored article
    complete (``report.interrupted``).

    ``workers`` > 1 analyses in that many processes (``batch.ingest_local``);
    ``engine="dask"`` runs Dask tasks writing Parquet under ``parquet`` and then loads them
    into ``db_url`` when given (``batch.ingest_dask_paths``).

    ``paths`` may hold http(s) URLs of article pages, feeds and sitemaps (fetched with
    ``fetch``, an ``ingest.web.FetchSettings``) and web archives (.warc.gz ...). A URL whose
    article is stored is not fetched again, nor a WARC record extracted again; every
    address a stored article was reached by is remembered for that (``Store.remember_urls``)."""
    from rich.console import Console

    settings = settings or Settings(date=date)
    if engine == "dask":
        return ingest_dask_paths(
            paths, parquet, db_url, settings, date=date, progress=progress, workers=workers, scheduler=scheduler, console=console,
            fetch=fetch,
        )
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; engines are local and dask")
    console = console or Console(stderr=True)
    validate_date(date)  # a bad date raises here, before the database opens
    store = Store(db_url)
    items = read_sources(list(paths), date=date, fetch=fetch, known_url=store.has_url)
    tracker = IngestProgress(console, progress, count=lambda: count_items(paths))
    report, bar, tick, fail = tracker.report, tracker.bar, tracker.tick, tracker.fail

    def unseen() -> Iterator[Article]:
        return articles_to_analyse(items, tracker, store, store.has)

    def analysis_failed(article: Article, exc: BaseException) -> None:
        fail(f"{article_where(article)}: analysis failed: {type(exc).__name__}: {exc}")

    # The writer's rows and linking (and the analysis when it runs here) allocate millions of
    # objects that reference counting frees: fewer cyclic collections (run.collector).
    with collecting_less():
        try:
            if bar is not None:
                bar.start()
            if workers > 1:

                def saved_one(saved: bool) -> None:
                    if saved:
                        report.new += 1
                    else:
                        report.skipped += 1
                    tick()

                ingest_local(unseen(), store, settings, workers, saved_one, fail)
                return report
            for document in analyze_resilient(unseen(), settings, analysis_failed):
                try:
                    saved = store.save(document)
                except OperationalError:
                    raise  # the database itself is unusable: stop (below)
                except SQLAlchemyError as exc:
                    # exc.orig: the driver's message, without the statement and its parameters.
                    fail(f"{article_where(document.article)}: not stored: {getattr(exc, 'orig', None) or exc}")
                    continue
                if saved:
                    report.new += 1
                else:
                    report.skipped += 1
                tick()
        except KeyboardInterrupt:
            report.interrupted = True
        except OperationalError as exc:
            # The database itself is unusable (server gone, locked too long, disk full): stop.
            # Looking up known articles fails the same way, hence here and not around save only.
            raise StoreError(
                f"database error after {report.new} new articles: {describe(exc)}; "
                "every stored article is complete, run again to resume"
            ) from exc
        finally:
            if bar is not None:
                bar.stop()
            store.close()
        return report
