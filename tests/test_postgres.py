"""PostgreSQL as a store for teams, against a real server (tests/pg.py): login and
connection errors in plain words, a server that goes away mid-ingest and a rerun that
completes, and two ingest processes writing into one database at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import fact_counts
from newsledger.store import Store, StoreError
from pg import PASSWORD, PASSWORD_USER, cluster_for_fixture
from test_crash import write_corpus


def test_postgresql_urls_use_psycopg_3(postgres) -> None:
    url = postgres.new_database()
    assert url.startswith("postgresql://")
    with Store(url) as store:
        assert store.engine.dialect.name == "postgresql" and store.engine.dialect.driver == "psycopg"
    with Store(url.replace("postgresql://", "postgres://", 1)) as store:  # the libpq spelling
        assert store.engine.dialect.driver == "psycopg"


def test_a_wrong_password_says_so_and_does_not_print_it(postgres) -> None:
    postgres.sql(f'CREATE DATABASE "owned_by_{PASSWORD_USER}" OWNER {PASSWORD_USER}')
    wrong = postgres.url(f"owned_by_{PASSWORD_USER}", PASSWORD_USER, "not-the-password")
    with pytest.raises(StoreError, match="wrong user name or password") as caught:
        Store(wrong)
    assert "not-the-password" not in str(caught.value)
    with pytest.raises(StoreError, match="wrong user name or password"):
        Store(postgres.url(f"owned_by_{PASSWORD_USER}", PASSWORD_USER))  # no password at all
    with Store(postgres.url(f"owned_by_{PASSWORD_USER}", PASSWORD_USER, PASSWORD)) as store:
        assert store.count() == 0


def test_no_server_and_no_database_are_told_apart(postgres) -> None:
    with tempfile.TemporaryDirectory() as empty:  # a socket folder no server listens in
        with pytest.raises(StoreError, match="cannot reach the database server.*check that it is running"):
            Store(f"postgresql://newsledger@/news?host={empty}")
    with pytest.raises(StoreError, match="the database does not exist.*createdb"):
        Store(postgres.url("no_such_database"))


def test_cli_reports_a_refused_connection_with_status_2(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 1, seed=1)
    empty = tmp_path / "no-server"
    empty.mkdir()
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", f"postgresql://x:secret@/news?host={empty}", "--no-progress"])
    assert result.exit_code == 2
    assert "cannot reach the database server" in result.output and "secret" not in result.output


@pytest.fixture
def own_cluster():
    """A cluster of the test's own, for tests that stop the server."""
    yield from cluster_for_fixture()


def _articles_and_facts(url: str) -> tuple[int, int, int]:
    with Store(url) as store, store.engine.connect() as conn:
        n, distinct = conn.execute(text("SELECT count(*), count(DISTINCT id) FROM articles")).one()
        bare = conn.execute(text("SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM actors)")).scalar_one()
    return n, distinct, bare


def test_server_gone_mid_ingest_is_a_clear_error_and_a_rerun_completes(own_cluster, tmp_path: Path, settings, monkeypatch) -> None:
    from newsledger.run.ingest import ingest_paths

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6, seed=5)
    url = own_cluster.new_database()
    original_save = Store.save
    saved: list[str] = []

    def save_then_lose_the_server(store, document):
        if len(saved) == 2:  # two articles committed: the server goes down
            own_cluster.stop("immediate")
        result = original_save(store, document)
        saved.append(document.id)
        return result

    monkeypatch.setattr(Store, "save", save_then_lose_the_server)
    with pytest.raises(StoreError) as caught:
        ingest_paths([corpus], url, settings, progress=False)
    message = str(caught.value)
    assert "database error after 2 new articles" in message
    assert "cannot reach the database server" in message or "went away" in message
    assert "run again to resume" in message
    monkeypatch.setattr(Store, "save", original_save)

    own_cluster.start()
    assert _articles_and_facts(url) == (2, 2, 0)
    rerun = ingest_paths([corpus], url, settings, progress=False)
    assert (rerun.new, rerun.skipped, rerun.failed) == (4, 2, 0)
    assert _articles_and_facts(url) == (6, 6, 0)


def test_connections_the_server_dropped_are_replaced(postgres, tmp_path: Path, settings, monkeypatch) -> None:
    """As after a server restart: the pooled connection is dead, the next article gets a new one."""
    from newsledger.run.ingest import ingest_paths

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4, seed=9)
    url = postgres.new_database()
    database = url.split("@/")[1].split("?")[0]
    original_save = Store.save
    calls: list[int] = []

    def save_after_dropping_connections(store, document):
        if len(calls) == 1:
            postgres.sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()")
        calls.append(1)
        return original_save(store, document)

    monkeypatch.setattr(Store, "save", save_after_dropping_connections)
    report = ingest_paths([corpus], url, settings, progress=False)
    assert (report.new, report.failed) == (4, 0)
    assert _articles_and_facts(url) == (4, 4, 0)


ARTICLES = 40


def _ingest(url: str, inputs: list[str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "newsledger.cli", "ingest", *inputs, "--db", url, "--workers", "1",
               "--batch-size", "2", "--date", "2024-05-01", "--no-progress"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_two_ingests_into_one_database_lose_and_double_nothing(postgres, tmp_path: Path, settings) -> None:
    """Two processes ingest the same corpus into one fresh database at once, one in the
    folder's order, one in reverse, so that they meet in the middle whatever their speeds:
    the database ends with every article once and every article's facts complete."""
    import re

    from newsledger.ingest import read_paths
    from newsledger.pipeline import analyze_articles

    corpus = tmp_path / "corpus"
    write_corpus(corpus, ARTICLES, seed=42)
    url = postgres.new_database()  # empty: the two also race to create the schema
    files = sorted(str(p) for p in corpus.iterdir())
    first, second = _ingest(url, [str(corpus)]), _ingest(url, files[::-1])
    outputs = [p.communicate(timeout=600) for p in (first, second)]
    for proc, (out, err) in zip((first, second), outputs):
        assert proc.returncode == 0, err[-3000:]
    reports = [re.search(r"ingested (\d+) new, (\d+) already present, (\d+) failed", out) for out, _ in outputs]
    assert all(reports), outputs
    new = [int(r.group(1)) for r in reports]
    present = [int(r.group(2)) for r in reports]
    assert sum(new) == ARTICLES, f"stored by each: {new}"
    assert [n + p for n, p in zip(new, present)] == [ARTICLES, ARTICLES]

    fresh = {d.id: d for d in analyze_articles([i.article for i in read_paths([corpus], date="2024-05-01")], settings)}
    with Store(url) as store, store.engine.connect() as conn:
        assert tuple(conn.execute(text("SELECT count(*), count(DISTINCT id) FROM articles")).one()) == (ARTICLES, ARTICLES)
        rows: dict[str, dict[str, int]] = {}
        for table in fact_counts(next(iter(fresh.values()))):
            column = "id" if table == "articles" else "article_id"
            for article_id, n in conn.execute(text(f"SELECT {column}, count(*) FROM {table} GROUP BY {column}")):
                rows.setdefault(article_id, {})[table] = n
        assert set(rows) == set(fresh), "articles lost or foreign"
        for article_id, document in fresh.items():
            assert rows[article_id] == {t: n for t, n in fact_counts(document).items() if n}, article_id
            assert store.article(article_id) == json.loads(json.dumps(document.to_dict()))
