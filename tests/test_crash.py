"""Crash safety: a real ``newsledger ingest`` killed with SIGKILL at random moments, again
and again, then run to completion, into SQLite and into PostgreSQL. The database must pass
its checks (SQLite's ``PRAGMA integrity_check``), hold every article exactly once, and hold
every article's facts complete: the same rows as a fresh analysis of its text (one
transaction per article, so nothing partial survives)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from sqlalchemy import text

from conftest import count_articles, fact_counts, is_sqlite
from newsledger.store import TABLES, Store

ARTICLES = 240
KILLS = 10
KILL_SEED = 20261124

OFFICIALS = [
    ("Health Minister", "Mariam Haidari", "Afghanistan"),
    ("Finance Minister", "Jorge Salcedo", "Peru"),
    ("President", "Hakainde Hichilema", "Zambia"),
    ("Foreign Minister", "Radoslaw Sikorski", "Poland"),
    ("Prime Minister", "Kristen Michal", "Estonia"),
    ("Trade Minister", "Tan See Leng", "Singapore"),
    ("President", "Bernardo Arevalo", "Guatemala"),
    ("Interior Minister", "Nancy Faeser", "Germany"),
]
TOWNS = ["Lusaka", "Tallinn", "Lima", "Warsaw", "Kabul", "Guatemala City", "Singapore", "Hamburg"]
SUBJECTS = ["fishing quotas", "a rail link", "vaccine supplies", "port fees", "a tax treaty", "flood defences"]
WHEN = ["on Friday", "on Thursday", "last month", "on April 9", "this week"]


def short_article(rng: random.Random, n: int) -> str:
    """A short news item (three or four sentences): a visit, a quote, a hedged claim."""
    (t1, p1, c1), (t2, p2, c2) = rng.sample(OFFICIALS, 2)
    town, subject, when = rng.choice(TOWNS), rng.choice(SUBJECTS), rng.choice(WHEN)
    sentences = [
        f"{t1} {p1} of {c1} visited {town} {when} for talks with {p2} on {subject}.",
        f'"This is a good day for both our countries," {p1.split()[-1]} said.',
        f"Diplomats close to the talks said {c2} could sign a deal on {subject} within {n % 9 + 2} weeks.",
    ]
    if rng.random() < 0.5:
        sentences.append(f"{p2.split()[-1]} reportedly criticised the pace of the negotiations.")
    return " ".join(sentences) + f" Item {n}."


def write_corpus(folder: Path, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts = [short_article(rng, n) for n in range(count)]
    for n, body in enumerate(texts):
        (folder / f"item-{n:03d}.txt").write_text(body + "\n", encoding="utf-8")
    return texts


def _ingest_command(corpus: Path, db: str) -> list[str]:
    # --batch-size 2: articles are committed one after another from the start, so a kill
    # can land anywhere in the run: in the model load, a parse, or a commit.
    return [sys.executable, "-m", "newsledger.cli", "ingest", str(corpus), "--db", str(db),
            "--workers", "1", "--batch-size", "2", "--date", "2024-05-01", "--no-progress"]


def _count(db: str) -> int:
    return count_articles(db)


def _check_integrity(db: str, after: str) -> None:
    if is_sqlite(db):  # PostgreSQL checks its constraints at every commit; SQLite's file can be checked
        with closing(sqlite3.connect(db)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", after
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], after


def _kill_when(proc: subprocess.Popen, ready, deadline: float) -> bool:
    """Poll until ``ready()`` then SIGKILL; False when the ingest ended by itself first."""
    while not ready():
        if proc.poll() is not None:
            return False
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            pytest.fail("the ingest made no progress within the time limit")
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return proc.returncode == -signal.SIGKILL


def _rows_by_article(db: str) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    with Store(db) as store, store.engine.connect() as conn:
        for table in TABLES:
            column = "id" if table == "articles" else "article_id"
            for article_id, n in conn.execute(text(f"SELECT {column}, count(*) FROM {table} GROUP BY {column}")):
                counts.setdefault(article_id, {})[table] = n
    return counts


def _expected_rows(document) -> dict[str, int]:
    """The tables that should hold rows for this document (tables with none are left out)."""
    return {table: n for table, n in fact_counts(document).items() if n}


def test_repeatedly_killed_ingest_loses_and_doubles_nothing(tmp_path: Path, db_url: str, settings) -> None:
    import json

    from newsledger.ingest import read_paths
    from newsledger.pipeline import analyze_articles

    corpus, db = tmp_path / "corpus", db_url
    write_corpus(corpus, ARTICLES, seed=11)
    rng = random.Random(KILL_SEED)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    deadline = time.monotonic() + 400
    kills, runs, stored_at_kill = 0, 0, []
    # The first kill lands early (model load, schema creation); the others once the
    # article count has grown by a random 1-15 since the run started, plus a random few
    # milliseconds, so they fall between and inside commits.
    while kills < KILLS:
        before = _count(db)
        proc = subprocess.Popen(_ingest_command(corpus, db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        runs += 1
        if kills == 0:
            wake = time.monotonic() + rng.uniform(0.2, 2.0)
            ready = lambda: time.monotonic() >= wake  # noqa: E731
        else:
            grow, pause = rng.randint(1, 15), rng.uniform(0.0, 0.04)
            reached: list[float] = []

            def ready() -> bool:
                if not reached and _count(db) >= before + grow:
                    reached.append(time.monotonic())
                return bool(reached) and time.monotonic() >= reached[0] + pause

        if not _kill_when(proc, ready, deadline):
            pytest.fail(f"the ingest finished before kill {kills + 1}; {proc.stderr.read().decode()[-2000:]}")
        proc.stderr.close()
        kills += 1
        stored_at_kill.append(_count(db))
        _check_integrity(db, f"after kill {kills}")
    assert stored_at_kill[-1] < ARTICLES, "every article was stored before the last kill"

    final = subprocess.run(_ingest_command(corpus, db), capture_output=True, text=True, env=env, timeout=300)
    runs += 1
    assert final.returncode == 0, final.stderr
    already = stored_at_kill[-1]
    assert f"ingested {ARTICLES - already} new, {already} already present, 0 failed" in final.stdout

    _check_integrity(db, "at the end")
    with Store(db) as store, store.engine.connect() as conn:
        assert tuple(conn.execute(text("SELECT count(*), count(DISTINCT id) FROM articles")).one()) == (ARTICLES, ARTICLES)

    # Every input, analysed afresh in this process, is in the database once with exactly
    # its facts: the same rows in every table and the same document read back.
    articles = [item.article for item in read_paths([corpus], date="2024-05-01")]
    fresh = {d.id: d for d in analyze_articles(articles, settings)}
    assert len(fresh) == ARTICLES
    rows = _rows_by_article(db)
    assert set(rows) == set(fresh), "articles lost or foreign"
    incomplete = [i for i, d in fresh.items() if rows[i] != _expected_rows(d)]
    assert incomplete == [], f"{len(incomplete)} articles with a partial set of facts"
    with Store(db) as store:
        for article_id, document in fresh.items():
            assert store.article(article_id) == json.loads(json.dumps(document.to_dict())), article_id
    print(f"crash: runs={runs} kills={kills} articles={ARTICLES} stored_at_kills={stored_at_kill} losses=0 duplicates=0")
