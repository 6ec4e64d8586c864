"""Batch engines for corpora: a local pool of processes, and Dask for clusters.

Both run the same unit of work, :func:`analyze_chunk`: a list of articles in, the rows of
their documents out (``store.document_rows``, one dict of table -> rows per article), so
what reaches the database or a Parquet file is the same whichever engine ran.

Local engine (``ingest --workers N``): the parent reads the input as a stream, drops the
articles the database already holds *before* any analysis, and hands chunks of
``settings.batch_size`` articles to N worker processes. The workers are forked from a fork
server that imported the stages and loaded the model and the stages' knowledge once
(``worker_preload``), so no worker pays that again; each runs the whole pipeline (spaCy
``nlp.pipe`` and every stage). The parent is the single writer to SQLite, and writes a chunk
while the workers analyse the next ones. At most ``2 * N`` chunks are in flight, so memory
does not grow with the corpus. The input's last articles go out in smaller pieces
(``even_tail``), so the workers finish together instead of one idling while another
analyses a whole last chunk. Why a pool rather than spaCy's ``n_process``: with ``n_process`` the stages
run in the parent after the parse, and the parent becomes the bottleneck
(bench/README.md has the figures).

Dask engine (``ingest --engine dask``): the same chunks become Dask tasks (a
``LocalCluster`` of N processes by default, or an existing scheduler). Each task writes
one Parquet file per table (same columns as the database tables) named after the
partition's content, so a rerun rewrites the same files and never duplicates. With a
database, the Parquet partitions are loaded into it afterwards, idempotently by article id.
On a real cluster the Parquet folder must be a path every worker can write (a shared
file system).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Sequence, Union

from sqlalchemy import Boolean, DateTime, Float, Integer
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.types import JSON

from newsledger.document import Article
from newsledger.run.analysis import analyze_resilient
from newsledger.run.collector import collect_less
from newsledger.run.progress import IngestProgress, IngestReport, article_where, articles_to_analyse, item_message
from newsledger.settings import Settings
from newsledger.store import FACT_TABLES, Rows, Store, StoreError, articles, describe, document_rows


@dataclass
class ChunkResult:
    """What a worker sends back for a chunk: each analysed article's rows, in input order,
    and one message per article whose analysis failed."""

    rows: list[Rows]
    errors: list[str]


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- the unit of work


def analyze_chunk(articles: Sequence[Article], settings: Settings) -> ChunkResult:
    """Analyse articles (spaCy batched, then every stage) into database rows. The model is
    loaded once per process (``nlp.load`` caches it)."""
    errors: list[str] = []

    def failed(article: Article, exc: BaseException) -> None:
        errors.append(f"{article_where(article)}: analysis failed: {type(exc).__name__}: {exc}")

    rows = [document_rows(document) for document in analyze_resilient(articles, settings, failed)]
    return ChunkResult(rows=rows, errors=errors)


def chunked(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def even_tail(chunks: Iterable[list[Any]], pieces: int) -> Iterator[list[Any]]:
    """The chunks as they come, except the last two: their items are dealt out in
    ``pieces`` near-equal pieces, in order. With a pool, the last chunks decide when the
    ingest ends: a worker that gets a whole chunk last keeps the others idle while it runs.
    Two chunks are held back (the last one is mostly a short one), so the pool's first
    chunk waits for two more to be read."""
    held: deque[list[Any]] = deque()
    for chunk in chunks:
        held.append(chunk)
        if len(held) > 2:
            yield held.popleft()
    yield from _dealt([item for chunk in held for item in chunk], pieces)


def _dealt(items: list[Any], pieces: int) -> Iterator[list[Any]]:
    if not items:
        return
    pieces = max(1, min(pieces, len(items)))
    size, extra = divmod(len(items), pieces)
    start = 0
    for number in range(pieces):
        end = start + size + (1 if number < extra else 0)
        yield items[start:end]
        start = end


# --------------------------------------------------------------------------- local engine


_worker_settings: Optional[Settings] = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings
    collect_less()
    # Load the model and the stages' data once, before the first chunk arrives (forked
    # from the fork server, both are already there when the settings' model is its model).
    from newsledger import pipeline
    from newsledger.stages import nlp

    nlp.load(settings.model)
    pipeline.stage_names(settings)


def default_start_method() -> str:
    """How the local engine starts its workers: from a fork server where the system has
    one (``worker_preload``), else by spawning each (a fresh interpreter, its own loading)."""
    import multiprocessing

    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` set inside the block, as it was after it."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def worker_pool(workers: int, settings: Settings, start_method: Optional[str] = None) -> Any:
    """A ``multiprocessing`` pool of ``workers`` processes initialised for ``_work``."""
    import multiprocessing

    from newsledger.run import worker_preload

    method = start_method or default_start_method()
    context = multiprocessing.get_context(method)
    if method != "forkserver":
        return context.Pool(workers, initializer=_init_worker, initargs=(settings,))
    # The fork server starts with the first worker; what it preloads is read from the
    # environment it starts with. ``stop_fork_server`` ends it after the pool.
    context.set_forkserver_preload([worker_preload.__name__])
    with _environment({worker_preload.PRELOAD_VARIABLE: "1", "NEWSLEDGER_MODEL": settings.model}):
        try:
            return context.Pool(workers, initializer=_init_worker, initargs=(settings,))
        except OSError:  # no Unix socket for the server here (a sandbox): spawn as before
            pass
    return multiprocessing.get_context("spawn").Pool(workers, initializer=_init_worker, initargs=(settings,))


def _work(articles: list[Article]) -> ChunkResult:
    assert _worker_settings is not None
    return analyze_chunk(articles, _worker_settings)


def stop_fork_server() -> None:
    """End the fork server, if one runs, and wait for it: the memory it holds (the model,
    the knowledge) is given back, and its CPU time, its workers' included, is counted as
    this process's children's, as the spawned workers' was (``resource.RUSAGE_CHILDREN``),
    rather than lost when it outlives this process. A later pool starts a new one."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # no public way; CPython has had it since 3.8
    if stop is not None:
        stop()


def ingest_local(
    articles_in: Iterable[Article],
    store: Store,
    settings: Settings,
    workers: int,
    on_saved: Callable[[bool], None],
    on_error: Callable[[str], None],
    start_method: Optional[str] = None,
) -> None:
    """Analyse articles in ``workers`` processes and save them through ``store`` (the parent
    is the only writer). ``articles_in`` must already exclude known articles. Chunks come
    back in input order. When the whole input fits in one chunk no process is started.
    ``start_method``: a ``multiprocessing`` start method, ``default_start_method()`` if None."""
    chunk_size = max(1, settings.batch_size)
    chunks = chunked(articles_in, chunk_size)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None:  # a small input: starting processes would cost more than it saves
        _store_result(store, analyze_chunk(first, settings), on_saved, on_error)
        return

    def all_chunks() -> Iterator[list[Article]]:
        yield first
        yield second
        yield from chunks

    method = start_method or default_start_method()
    pool = worker_pool(workers, settings, method)
    pending: deque[tuple[int, Any]] = deque()  # (articles, the chunk's result to come)
    # Bounded: at most two chunks' articles per worker read ahead, so memory stays flat.
    # Counted in articles, not chunks: the small pieces of the tail must not leave the
    # workers waiting for the parent to write before it hands out the next one.
    limit = 2 * workers * chunk_size
    in_flight = 0
    try:
        for chunk in even_tail(all_chunks(), 2 * workers):
            pending.append((len(chunk), pool.apply_async(_work, (chunk,))))
            in_flight += len(chunk)
            while in_flight >= limit:
                size, result = pending.popleft()
                in_flight -= size
                _store_result(store, result.get(), on_saved, on_error)
        while pending:
            _store_result(store, pending.popleft()[1].get(), on_saved, on_error)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        if method == "forkserver":
            stop_fork_server()


def _store_result(store: Store, result: ChunkResult, on_saved: Callable[[bool], None], on_error: Callable[[str], None]) -> None:
    for message in result.errors:
        on_error(message)
    if not result.rows:
        return
    try:
        saved = store.save_rows(result.rows)
    except OperationalError as exc:
        raise StoreError(f"database error: {describe(exc)}; every stored article is complete, run again to resume") from exc
    except SQLAlchemyError as exc:
        for rows in result.rows:
            on_error(f"{rows['articles'][0].get('path') or rows['articles'][0]['id']}: not stored: {getattr(exc, 'orig', None) or exc}")
        return
    for flag in saved:
        on_saved(flag)


# --------------------------------------------------------------------------- Parquet


def arrow_schema(table: Any):
    """The Arrow schema of a database table: same column names; JSON columns as JSON text."""
    import pyarrow as pa

    fields = []
    for column in table.columns:
        kind = column.type
        if isinstance(kind, JSON):
            arrow_type = pa.string()
        elif isinstance(kind, Boolean):
            arrow_type = pa.bool_()
        elif isinstance(kind, Integer):
            arrow_type = pa.int64()
        elif isinstance(kind, Float):
            arrow_type = pa.float64()
        elif isinstance(kind, DateTime):
            arrow_type = pa.timestamp("us", tz="UTC")
        else:
            arrow_type = pa.string()
        fields.append(pa.field(column.name, arrow_type, nullable=column.nullable or not column.primary_key))
    return pa.schema(fields)


def _json_columns(table: Any) -> list[str]:
    return [c.name for c in table.columns if isinstance(c.type, JSON)]


def partition_name(article_ids: Sequence[str]) -> str:
    """A partition's file name from its content: the same articles give the same name."""
    digest = hashlib.sha256("\n".join(article_ids).encode("ascii")).hexdigest()[:20]
    return f"part-{digest}.parquet"


def write_partition(batch: Sequence[Rows], out_dir: Union[str, os.PathLike[str]], name: Optional[str] = None) -> str:
    """One Parquet file per table under ``out_dir/<table>/``. The articles file is written
    last: its presence marks the partition complete (a killed task leaves no articles file,
    and the rerun rewrites the partition)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    name = name or partition_name([rows["articles"][0]["id"] for rows in batch])
    root = Path(out_dir)
    for table in (*FACT_TABLES, articles):
        json_cols = _json_columns(table)
        data: list[dict[str, Any]] = []
        for rows in batch:
            for row in rows.get(table.name, []):
                if json_cols:
                    row = {**row, **{c: json.dumps(row[c], ensure_ascii=False) for c in json_cols}}
                data.append(row)
        folder = root / table.name
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.tmp"
        pq.write_table(pa.Table.from_pylist(data, schema=arrow_schema(table)), tmp)
        os.replace(tmp, folder / name)
    return name


def parquet_article_ids(out_dir: Union[str, os.PathLike[str]]) -> set[str]:
    """Ids of the articles in complete partitions under ``out_dir``."""
    import pyarrow.parquet as pq

    folder = Path(out_dir) / "articles"
    ids: set[str] = set()
    if folder.is_dir():
        for path in sorted(folder.glob("part-*.parquet")):
            ids.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
    return ids


def read_partition(out_dir: Union[str, os.PathLike[str]], name: str) -> list[Rows]:
    """The rows of a partition, grouped by article, JSON columns decoded."""
    import pyarrow.parquet as pq

    root = Path(out_dir)
    by_article: dict[str, Rows] = {}
    for row in pq.read_table(root / "articles" / name).to_pylist():
        row = {**row, **{c: json.loads(row[c]) for c in _json_columns(articles)}}
        by_article[row["id"]] = {"articles": [row]}
    for table in FACT_TABLES:
        path = root / table.name / name
        if not path.exists():
            continue
        json_cols = _json_columns(table)
        for row in pq.read_table(path).to_pylist():
            row = {**row, **{c: json.loads(row[c]) for c in json_cols}}
            by_article.setdefault(row["article_id"], {}).setdefault(table.name, []).append(row)
    return [rows for rows in by_article.values() if "articles" in rows]


def load_parquet(out_dir: Union[str, os.PathLike[str]], store: Store) -> tuple[int, int]:
    """Load every complete partition under ``out_dir`` into the store, one partition at a
    time. Idempotent by article id. Returns (articles stored, articles already there)."""
    new = skipped = 0
    folder = Path(out_dir) / "articles"
    for path in sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []:
        for flag in store.save_rows(read_partition(out_dir, path.name)):
            new += flag
            skipped += not flag
    return new, skipped


# --------------------------------------------------------------------------- Dask engine


@dataclass
class PartitionResult:
    name: Optional[str]
    article_ids: list[str]
    errors: list[str]


def run_partition(articles: list[Article], settings: Settings, out_dir: str) -> PartitionResult:
    """A Dask task: analyse a partition and write it as Parquet."""
    result = analyze_chunk(articles, settings)
    ids = [rows["articles"][0]["id"] for rows in result.rows]
    name = write_partition(result.rows, out_dir) if result.rows else None
    return PartitionResult(name=name, article_ids=ids, errors=result.errors)


@dataclass
class ArchiveResult:
    path: str
    new: int
    skipped: int
    errors: list[str]


def run_archive(path: str, settings: Settings, out_dir: str, date: Optional[str] = None) -> ArchiveResult:
    """A Dask task: one web archive read, extracted, analysed and written as Parquet in the
    worker, a partition per chunk of ``settings.batch_size`` articles, so that a list of
    WARC files is split across the workers and the parent never extracts a page. Articles
    already in the Parquet folder (a rerun) are extracted but not analysed again."""
    from newsledger.ingest.warc import read_warc

    known = parquet_article_ids(out_dir)
    errors: list[str] = []
    skipped = 0
    new = 0

    def unseen() -> Iterator[Article]:
        nonlocal skipped
        for item in read_warc(path, date=date):
            if item.error is not None:
                errors.append(item_message(item.error))
            elif item.article is not None:
                if item.article.id in known:
                    skipped += 1
                    continue
                known.add(item.article.id)
                yield item.article

    for chunk in chunked(unseen(), max(1, settings.batch_size)):
        result = run_partition(chunk, settings, out_dir)
        new += len(result.article_ids)
        errors.extend(result.errors)
    return ArchiveResult(path=path, new=new, skipped=skipped, errors=errors)


def ingest_dask(
    articles_in: Iterable[Article],
    settings: Settings,
    out_dir: Union[str, os.PathLike[str]],
    workers: int,
    scheduler: Optional[str],
    on_done: Callable[[int], None],
    on_error: Callable[[str], None],
    archives: Sequence[Union[str, os.PathLike[str]]] = (),
    date: Optional[str] = None,
    on_skipped: Optional[Callable[[int], None]] = None,
) -> None:
    """Run the pipeline as Dask tasks, one per chunk of ``settings.batch_size`` articles,
    each writing its Parquet files. ``articles_in`` must already exclude known articles.
    At most ``4 * workers`` partitions are in flight (the input is never materialized).
    Each web archive in ``archives`` is one more task, read in its worker (``run_archive``)."""
    from distributed import Client, LocalCluster, as_completed

    out = str(Path(out_dir).resolve())
    Path(out).mkdir(parents=True, exist_ok=True)
    chunks = chunked(articles_in, max(1, settings.batch_size))
    first = next(chunks, None)
    if first is None and not archives:  # nothing new: no cluster to start
        return
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        import dask

        # The workers' statistical profiler samples every thread's stack every 10 ms, under
        # the GIL of the process that parses: off for our own cluster (no dashboard anyway).
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
            )
        client = Client(cluster)
    try:
        n_slots = max(1, sum(client.nthreads().values()) if scheduler else workers)
        limit = 2 * n_slots
        queue = as_completed()
        in_flight = 0

        def collect(future: Any) -> int:
            """Report a finished task; 1 when it was a chunk's (they are what ``limit`` counts)."""
            result = future.result()
            for message in result.errors:
                on_error(message)
            if isinstance(result, ArchiveResult):
                on_done(result.new)
                if on_skipped is not None and result.skipped:
                    on_skipped(result.skipped)
                return 0
            on_done(len(result.article_ids))
            return 1

        for archive in archives:
            queue.add(client.submit(run_archive, str(Path(archive).resolve()), settings, out, date, pure=False))
        for chunk in itertools.chain([first] if first is not None else [], chunks):
            queue.add(client.submit(run_partition, chunk, settings, out, pure=False))
            in_flight += 1
            while in_flight >= limit:
                in_flight -= collect(next(queue))
        for future in queue:
            collect(future)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def ingest_dask_paths(
    paths: Sequence[Union[str, os.PathLike[str]]],
    parquet: Optional[Union[str, os.PathLike[str]]],
    db_url: Optional[Union[str, os.PathLike[str]]] = None,
    settings: Optional[Settings] = None,
    date: Optional[str] = None,
    progress: Union[bool, str] = True,
    workers: int = 0,
    scheduler: Optional[str] = None,
    console: Any = None,
    fetch: Any = None,
) -> IngestReport:
    """``ingest_paths`` on Dask: read and skip here (articles already in the Parquet folder
    or in the database are not analysed again), analyse on the cluster into Parquet, then
    load the Parquet partitions into ``db_url`` when given. Returns an ``IngestReport``;
    ``new`` counts the articles analysed in this run. Web archives given as files
    (crawl.warc.gz ...) are not read here: each is a task of its own (``run_archive``), so
    a list of WARC files is split across the workers."""
    from rich.console import Console

    from newsledger.ingest import is_warc_name, validate_date
    from newsledger.ingest.sources import read_sources

    if not parquet:
        raise StoreError("the dask engine writes Parquet: give a folder with --parquet DIR")
    settings = settings or Settings(date=date)
    console = console or Console(stderr=True)
    workers = workers or default_workers()
    validate_date(date)  # a bad date raises here, before the database opens
    store = Store(db_url) if db_url else None
    archives = [p for p in paths if is_warc_name(os.fspath(p)) and Path(p).is_file()]
    others = [p for p in paths if p not in archives]
    items = read_sources(others, date=date, fetch=fetch, known_url=store.has_url if store is not None else None)
    known = parquet_article_ids(parquet)
    tracker = IngestProgress(console, progress)
    report, bar, tick, fail = tracker.report, tracker.bar, tracker.tick, tracker.fail

    def done(count: int) -> None:
        report.new += count
        tick()

    queued: set[str] = set()  # one article twice in the input is analysed once

    def known_or_queued(article_id: str) -> bool:
        if article_id in known or article_id in queued or (store is not None and store.has(article_id)):
            return True
        queued.add(article_id)
        return False

    def unseen() -> Iterator[Article]:
        return articles_to_analyse(items, tracker, store, known_or_queued)

    try:
        if bar is not None:
            bar.start()
        def skipped(count: int) -> None:
            report.skipped += count
            tick()

        ingest_dask(unseen(), settings, parquet, workers, scheduler, done, fail, archives=archives, date=date, on_skipped=skipped)
        if store is not None:
            load_parquet(parquet, store)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        if bar is not None:
            bar.stop()
        if store is not None:
            store.close()
    return report
