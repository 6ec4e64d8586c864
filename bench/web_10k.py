"""Response times of the web UI and API on a big database.

Copies the articles of a small newsledger database (and all their facts) over and over
under new ids until there are N articles, then times pages with FastAPI's test client
(in process: no network, so the figures are the app's own work).

    python bench/web_10k.py SMALL.db BIG.db [--n 10000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import warnings
from pathlib import Path

from sqlalchemy import insert, select

from newsledger.store import FACT_TABLES, Store, articles


def grow(small: str, big: str, n: int) -> list[str]:
    """Fill ``big`` with copies of the articles of ``small`` until it holds ``n``."""
    source = Store(small)
    target = Store(big)
    with source.engine.connect() as conn:
        base = [dict(r) for r in conn.execute(select(articles)).mappings()]
        facts = {t.name: [dict(r) for r in conn.execute(select(t)).mappings()] for t in FACT_TABLES}
    by_article = {a["id"]: {name: [r for r in rows if r["article_id"] == a["id"]] for name, rows in facts.items()} for a in base}
    have = target.count()
    ids: list[str] = []
    copy = have // len(base)
    while have < n:
        with target.engine.begin() as conn:
            for article in base:
                if have >= n:
                    break
                new_id = f"{article['id'][:10]}{copy:06d}"
                year = 2000 + copy % 25
                date = f"{year}{article['date'][4:]}" if article["date"] else None
                conn.execute(insert(articles), {**article, "id": new_id, "date": date})
                for table in FACT_TABLES:
                    rows = [{**r, "article_id": new_id} for r in by_article[article["id"]][table.name]]
                    if table.name == "events":
                        rows = [{**r, "date": f"{year}{r['date'][4:]}" if r["date"] else None} for r in rows]
                    if rows:
                        conn.execute(insert(table), rows)
                ids.append(new_id)
                have += 1
        copy += 1
    # The rows went in by plain INSERTs, past Store.save_rows: count the summaries that the
    # listings read from the copies too.
    target.rebuild_summaries()
    source.close()
    target.close()
    return ids


def timed(client, path: str, repeat: int) -> tuple[float, float, int]:
    times = []
    status = 0
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        status = response.status_code
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("small")
    parser.add_argument("big")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    start = time.perf_counter()
    grow(args.small, args.big, args.n)
    print(f"database: {Store(args.big).count()} articles, {Path(args.big).stat().st_size / 1e6:.0f} MB ({time.perf_counter() - start:.0f} s to build)")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from newsledger.web.app import create_app

    client = TestClient(create_app(args.big))
    store = Store(args.big)
    with store.engine.connect() as conn:
        all_ids = list(conn.execute(select(articles.c.id)).scalars())
    random.seed(1)
    sample = random.sample(all_ids, min(args.repeat, len(all_ids)))
    article_times = []
    for article_id in sample:
        client.get(f"/articles/{article_id}")  # warm nothing special: each id once
        t0 = time.perf_counter()
        assert client.get(f"/articles/{article_id}").status_code == 200
        article_times.append((time.perf_counter() - t0) * 1000)
    article_times.sort()
    print(f"{'/articles/{id} (random ids)':40} median {statistics.median(article_times):7.1f} ms   p95 {article_times[int(0.95 * (len(article_times) - 1))]:7.1f} ms")
    for path in (
        f"/api/articles/{sample[0]}",
        "/",
        "/?q=Putin",
        "/api/articles?q=Putin&limit=50",
        "/actors",
        "/actors/vladimir-putin",
        "/api/events?type=CONSULT",
        "/api/dyads?a=donald-trump&b=vladimir-putin",
        "/network",
        "/timeline",
        "/api/sourcing",
    ):
        median, p95, status = timed(client, path, max(3, args.repeat // 5))
        print(f"{path:40} median {median:7.1f} ms   p95 {p95:7.1f} ms   ({status})")


if __name__ == "__main__":
    main()
