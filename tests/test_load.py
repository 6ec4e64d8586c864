"""A short load test (bench/load.py, a few seconds): clients read from a real
``newsledger serve`` while a real ``newsledger ingest`` writes to the same SQLite file;
no 5xx and no "database is locked" anywhere. The full run (5,000 articles, 20 clients,
60 s) is ``bench/load.py`` itself."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import load  # noqa: E402  (bench/load.py)


def test_readers_are_served_while_an_ingest_writes(tmp_path: Path, settings) -> None:
    db = tmp_path / "news.db"
    assert load.build_database(db, 300, seed_articles=8, settings=settings) >= 300
    corpus = tmp_path / "incoming"
    load.write_corpus(corpus, 150, seed=3, tag="incoming-")
    result = load.run_load(db, corpus, clients=5, duration=4.0, max_requests=5000, log_dir=tmp_path)
    print(result.lines())
    assert result.requests >= 20, "the clients made almost no requests"
    assert result.articles_ingested_during_run >= 1, "the ingest did not write during the load"
    assert result.status_5xx == 0
    assert result.locked == 0
    assert result.client_errors == 0
    assert result.status_other == {}  # every request was for something that exists
    assert set(result.by_endpoint_p50_ms) == {"/articles/{id}", "/api/articles/{id}", "/api/actors", "/api/events", "/actors/{key}"}


def test_the_generated_articles_are_distinct_news_items() -> None:
    import random

    rng = random.Random(1)
    texts = [load.generated_article(rng, n, "t-") for n in range(50)]
    assert len(set(texts)) == 50
    assert all(text.count(".") >= 3 and " said " in text for text in texts)
