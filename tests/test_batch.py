"""Batch engines: the local process pool and Dask give the same database as the
single-process ingest; both skip known articles before analysis and resume."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from newsledger.run.ingest import ingest_paths
from newsledger.store import TABLES, Store

ARTICLES = [
    {
        "title": "Ministers meet in Warsaw",
        "date": "2024-03-04",
        "source": "Example Wire",
        "url": "https://example.org/a1",
        "text": "Polish Foreign Minister Radoslaw Sikorski met his Lithuanian counterpart in Warsaw on Monday. "
        '"We stand together against any threat," Sikorski told reporters after the meeting.',
    },
    {
        "title": "Strike at port",
        "date": "2024-03-05",
        "text": "Dock workers in Rotterdam went on strike on Tuesday over pay, the union said. "
        "The port authority accused the union of breaking an earlier agreement.",
    },
    {
        "title": "Aid pledge",
        "date": "2024-03-06",
        "text": "Japan pledged $200 million in humanitarian aid to Sudan on Wednesday. "
        '"The situation is dire," a spokesperson for the Japanese foreign ministry said.',
    },
    {
        "title": "Border talks",
        "date": "2024-03-07",
        "text": "India and China agreed to resume border talks, officials in New Delhi said on Thursday. "
        "The two countries did not set a date for the next round.",
    },
    {
        "title": "Sanctions",
        "date": "2024-03-08",
        "text": "The European Union imposed new sanctions on Iran on Friday over drone deliveries to Russia. "
        "Tehran condemned the decision and threatened to respond.",
    },
]


def _write_corpus(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _snapshot(db: Path, ignore: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every table's rows, ordered, without the ingest time (the only column that differs
    between two runs of the same input) and the ``ignore`` columns."""
    with Store(db) as store, store.engine.connect() as conn:
        result = {}
        for name, table in TABLES.items():
            columns = [c for c in table.columns if c.name not in ("ingested_at", *ignore)]
            keys = [c for c in table.primary_key.columns]
            rows = conn.execute(select(*columns).order_by(*keys)).all()
            result[name] = [tuple(json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else v for v in r) for r in rows]
        return result


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return _write_corpus(tmp_path_factory.mktemp("corpus") / "news.jsonl", ARTICLES)


@pytest.fixture(scope="module")
def small_batches(settings):
    # Two articles a chunk: five articles make three chunks, so the pool really runs.
    return dataclasses.replace(settings, batch_size=2)


@pytest.fixture(scope="module")
def single_db(tmp_path_factory, corpus, small_batches) -> Path:
    db = tmp_path_factory.mktemp("single") / "single.db"
    report = ingest_paths([corpus], db, small_batches, progress=False, workers=1)
    assert report.new == len(ARTICLES) and report.ok
    return db


def test_single_run_finds_events_and_quotes(single_db: Path) -> None:
    # The comparisons below mean something only if the corpus yields facts.
    snapshot = _snapshot(single_db)
    assert len(snapshot["articles"]) == len(ARTICLES)
    assert snapshot["events"], "the corpus should yield events"
    assert snapshot["quotes"], "the corpus should yield quotes"


def test_process_pool_gives_the_single_process_database(tmp_path: Path, corpus: Path, small_batches, single_db: Path) -> None:
    db = tmp_path / "pool.db"
    report = ingest_paths([corpus], db, small_batches, progress=False, workers=2)
    assert (report.new, report.skipped, report.failed) == (len(ARTICLES), 0, 0)
    assert _snapshot(db) == _snapshot(single_db)


def test_process_pool_skips_known_articles_and_resumes(tmp_path: Path, corpus: Path, small_batches, single_db: Path) -> None:
    db = tmp_path / "resume.db"
    # A run that stopped after two articles...
    head = _write_corpus(tmp_path / "head.jsonl", ARTICLES[:2])
    assert ingest_paths([head], db, small_batches, progress=False).new == 2
    # ...then the whole corpus and a file with bad lines, with the pool: only the other
    # three articles are analysed; the bad lines are reported and do not stop the batch.
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(ARTICLES[0]) + "\n{not json\n" + json.dumps({"title": "no text"}) + "\n", encoding="utf-8")
    report = ingest_paths([corpus, bad], db, small_batches, progress=False, workers=2)
    assert (report.new, report.skipped, report.failed) == (3, 3, 2)
    assert any("bad.jsonl:2" in e for e in report.errors)
    # The first two were read from head.jsonl: only their path differs.
    assert _snapshot(db, ignore=("path",)) == _snapshot(single_db, ignore=("path",))
    again = ingest_paths([corpus], db, small_batches, progress=False, workers=2)
    assert (again.new, again.skipped) == (0, len(ARTICLES))


def test_one_chunk_is_analysed_without_starting_processes(tmp_path: Path, settings, monkeypatch) -> None:
    import multiprocessing

    def no_processes(*_a: Any, **_k: Any) -> None:
        raise AssertionError("a process pool was started for a single chunk")

    monkeypatch.setattr(multiprocessing, "get_context", no_processes)
    path = _write_corpus(tmp_path / "two.jsonl", ARTICLES[:2])
    report = ingest_paths([path], tmp_path / "two.db", settings, progress=False, workers=2)
    assert report.new == 2


def test_arrow_schema_has_the_table_columns() -> None:
    pytest.importorskip("pyarrow")
    from newsledger.run.batch import arrow_schema

    for name, table in TABLES.items():
        assert arrow_schema(table).names == [c.name for c in table.columns], name


def test_dask_local_cluster_gives_the_single_process_database(tmp_path: Path, corpus: Path, small_batches, single_db: Path) -> None:
    pytest.importorskip("distributed")
    pq = pytest.importorskip("pyarrow.parquet")
    from distributed import LocalCluster

    out = tmp_path / "parquet"
    db = tmp_path / "dask.db"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        report = ingest_paths(
            [corpus], db, small_batches, progress=False, engine="dask", scheduler=cluster.scheduler_address, parquet=out
        )
    assert (report.new, report.failed) == (len(ARTICLES), 0)
    assert _snapshot(db) == _snapshot(single_db)
    # One folder per table, the database's columns in each file.
    for name, table in TABLES.items():
        files = sorted((out / name).glob("part-*.parquet"))
        assert files, name
        assert pq.read_schema(files[0]).names == [c.name for c in table.columns]
    n_events = sum(pq.read_table(f).num_rows for f in (out / "events").glob("part-*.parquet"))
    assert n_events == len(_snapshot(single_db)["events"])
    # A rerun analyses nothing (no cluster is even started) and loads nothing twice.
    again = ingest_paths([corpus], db, small_batches, progress=False, workers=2, engine="dask", parquet=out)
    assert (again.new, again.skipped) == (0, len(ARTICLES))
    assert _snapshot(db) == _snapshot(single_db)


def test_parquet_partitions_load_idempotently(tmp_path: Path, corpus: Path, small_batches, single_db: Path) -> None:
    pytest.importorskip("pyarrow")
    from newsledger.run.batch import analyze_chunk, load_parquet, write_partition
    from newsledger.ingest import read_paths

    articles = [item.article for item in read_paths([corpus])]
    out = tmp_path / "pq"
    write_partition(analyze_chunk(articles[:3], small_batches).rows, out)
    write_partition(analyze_chunk(articles[3:], small_batches).rows, out)
    db = tmp_path / "loaded.db"
    with Store(db) as store:
        assert load_parquet(out, store) == (len(ARTICLES), 0)
        assert load_parquet(out, store) == (0, len(ARTICLES))
    assert _snapshot(db) == _snapshot(single_db)


def test_ingest_command_with_dask_on_a_default_local_cluster(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from typer.testing import CliRunner

    from newsledger.cli import app

    corpus = _write_corpus(tmp_path / "two.jsonl", ARTICLES[:2])
    out, db = tmp_path / "pq", tmp_path / "cli.db"
    args = ["ingest", str(corpus), "--engine", "dask", "--workers", "1", "--parquet", str(out), "--db", str(db), "--no-progress"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "ingested 2 new" in result.output
    with Store(db) as store:
        assert store.count("articles") == 2
    # Without --parquet the dask engine refuses before reading anything.
    refused = CliRunner().invoke(app, ["ingest", str(corpus), "--engine", "dask", "--db", str(db)])
    assert refused.exit_code == 2 and "--parquet" in refused.output


# --------------------------------------------------------------------------- the local pool's chunks and workers


def test_even_tail_deals_the_last_two_chunks_out_in_equal_pieces() -> None:
    from newsledger.run.batch import chunked, even_tail

    items = list(range(300))
    pieces = list(even_tail(chunked(items, 32), 4))
    # 9 chunks of 32 and one of 12: the first 8 go as they are, the last 44 in 4 pieces of 11.
    assert [len(p) for p in pieces] == [32] * 8 + [11] * 4
    assert [i for p in pieces for i in p] == items  # every item once, in order


def test_even_tail_on_short_inputs() -> None:
    from newsledger.run.batch import chunked, even_tail

    assert list(even_tail(chunked([], 32), 4)) == []
    assert list(even_tail(chunked([1, 2, 3], 2), 4)) == [[1], [2], [3]]  # never an empty piece
    assert [len(p) for p in even_tail(chunked(range(10), 2), 4)] == [2, 2, 2, 1, 1, 1, 1]


def _model_was_loaded_before_init() -> tuple[bool, bool]:
    """In a pool worker: whether the initializer's ``nlp.load`` found the model already
    loaded (a cache hit, not a load), and whether the stages' modules were imported."""
    import sys

    from newsledger.stages import nlp

    info = nlp.load.cache_info()
    return info.hits >= 1, "newsledger.stages.sourcing" in sys.modules


def test_fork_server_workers_start_with_the_model_loaded(settings) -> None:
    import multiprocessing
    from multiprocessing import forkserver

    from newsledger.run.batch import stop_fork_server, worker_pool

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this system")
    stop_fork_server()  # a server started before (with other settings) is not this test's
    pool = worker_pool(1, settings, "forkserver")
    try:
        preloaded, stages_imported = pool.apply(_model_was_loaded_before_init)
    finally:
        pool.terminate()
        pool.join()
        stop_fork_server()
    assert preloaded and stages_imported
    assert forkserver._forkserver._forkserver_pid is None  # stopped: its memory given back


def test_spawned_workers_load_the_model_themselves(settings) -> None:
    from newsledger.run.batch import worker_pool

    pool = worker_pool(1, settings, "spawn")
    try:
        preloaded, _ = pool.apply(_model_was_loaded_before_init)
    finally:
        pool.terminate()
        pool.join()
    assert not preloaded  # the contrast that makes the test above mean something


def test_the_preload_module_loads_only_when_the_fork_server_asks(monkeypatch, settings) -> None:
    import importlib

    from newsledger import pipeline
    from newsledger.run import worker_preload

    analysed = []
    monkeypatch.setattr(pipeline, "analyze_articles", lambda articles, settings: analysed.extend(articles) or iter(()))
    monkeypatch.setenv("NEWSLEDGER_MODEL", settings.model)
    monkeypatch.delenv(worker_preload.PRELOAD_VARIABLE, raising=False)
    importlib.reload(worker_preload)  # runs the module's top level again, as an import does
    assert analysed == []  # imported anywhere else: nothing loaded
    monkeypatch.setenv(worker_preload.PRELOAD_VARIABLE, "1")
    importlib.reload(worker_preload)
    assert [a.text for a in analysed] == [worker_preload.WARM_UP_TEXT]  # the stages' knowledge loaded


def test_the_preload_article_reaches_dateparser(monkeypatch, settings) -> None:
    # Its first parse is what the preload spares each worker; a date the time stage reads
    # itself ("July 8, 2017") would not get there.
    from dateparser.date import DateDataParser

    from newsledger.document import Article
    from newsledger.pipeline import analyze_articles
    from newsledger.run import worker_preload
    from newsledger.stages import time as time_stage

    read = []
    parse = DateDataParser.get_date_data
    monkeypatch.setattr(DateDataParser, "get_date_data", lambda self, text, *a, **kw: read.append(text) or parse(self, text, *a, **kw))
    time_stage._dateparser.cache_clear()  # another test may have read the same date already
    document = next(analyze_articles([Article(text=worker_preload.WARM_UP_TEXT, date="2017-07-08")], settings))
    assert read and {t.value for t in document.times} >= {"2017-07-08", "2017-08-03"}


def _collector_threshold() -> int:
    import gc

    return gc.get_threshold()[0]


def test_pool_workers_collect_young_objects_less_often(settings) -> None:
    from newsledger.run.batch import worker_pool
    from newsledger.run.collector import YOUNG_THRESHOLD

    pool = worker_pool(1, settings, "spawn")
    try:
        assert pool.apply(_collector_threshold) == YOUNG_THRESHOLD
    finally:
        pool.terminate()
        pool.join()


def test_the_ingesting_process_collects_less_while_it_writes_and_as_before_after(tmp_path: Path, corpus: Path, monkeypatch, settings) -> None:
    import gc

    from newsledger.run.collector import YOUNG_THRESHOLD

    seen = []
    save = Store.save
    monkeypatch.setattr(Store, "save", lambda self, document: seen.append(gc.get_threshold()[0]) or save(self, document))
    before = gc.get_threshold()
    report = ingest_paths([corpus], tmp_path / "one.db", settings, progress=False, workers=1)
    assert report.new == len(ARTICLES)
    assert seen == [YOUNG_THRESHOLD] * len(ARTICLES)
    assert gc.get_threshold() == before
