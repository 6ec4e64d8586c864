"""What each page of the web UI costs when the response cache cannot answer it (issue 15):
one process, one request at a time, the response cache off, on a database that
``bench/web_scale.py --build`` made. For each of search, article page, actor page and
/actors: the wall-clock and CPU time per request, the time in SQL, the number of
statements, and the slowest statements (with ``--plans``, their query plans).

    python bench/web_cold.py /tmp/nl15/big.db --requests 20
    python bench/web_cold.py 'postgresql://user@/db?host=/socket/dir' --plans

The pages are asked in the app itself (Starlette's TestClient, the app's warm-up run first,
as ``newsledger serve`` runs it), with distinct articles, actors and searches, so that no
answer is one the database or the app has just computed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from web_scale import SEARCHES, sample_targets  # noqa: E402  (the load test's own targets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", help="a SQLite path or a PostgreSQL URL")
    parser.add_argument("--requests", type=int, default=10, help="requests of each kind")
    parser.add_argument("--plans", action="store_true", help="print the query plan of each kind's slowest statement")
    parser.add_argument("--profile", metavar="KIND", help="cProfile the requests of this kind (search, article, actor, actors)")
    args = parser.parse_args()

    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from newsledger.web.app import create_app
    from newsledger.web.state import ServeSettings

    actors, ids = sample_targets(args.db)
    rng = random.Random(15)
    targets = {
        "search": [("/", {"q": SEARCHES[i % len(SEARCHES)]}) for i in range(args.requests)],
        "article": [(f"/articles/{i}", None) for i in rng.sample(ids, min(args.requests, len(ids)))],
        "actor": [(f"/actors/{k}", None) for k in actors[: args.requests]],
        "actors": [("/actors", None)] * args.requests,
    }
    app = create_app(args.db, ServeSettings(response_cache_bytes=0))
    engine = app.state.web.store.engine
    statements: list[tuple[float, str, Any]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        conn.info.setdefault("started", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        statements.append((time.perf_counter() - conn.info["started"].pop(), sql, params))

    with TestClient(app) as http:  # the lifespan: the app's warm-up
        for kind, requests in targets.items():
            walls, cpus, sql_ms, counts = [], [], [], []
            slowest: dict[str, tuple[float, str, Any]] = {}
            profiler = None
            if args.profile == kind:
                import cProfile

                profiler = cProfile.Profile()
            for path, params in requests:
                statements.clear()
                started, cpu = time.perf_counter(), time.process_time()
                if profiler:
                    profiler.enable()
                response = http.get(path, params=params)
                if profiler:
                    profiler.disable()
                walls.append((time.perf_counter() - started) * 1000)
                cpus.append((time.process_time() - cpu) * 1000)
                if response.status_code != 200:
                    print(f"  {path}: {response.status_code}", file=sys.stderr)
                sql_ms.append(sum(s[0] for s in statements) * 1000)
                counts.append(len(statements))
                by_text: dict[str, float] = defaultdict(float)
                for took, sql, p in statements:
                    by_text[sql] += took
                    if took > slowest.get(sql, (0.0,))[0]:
                        slowest[sql] = (took, sql, p)
            print(f"{kind:8} wall p50 {statistics.median(walls):6.1f} max {max(walls):6.1f} ms | CPU p50 {statistics.median(cpus):6.1f} ms | "
                  f"SQL p50 {statistics.median(sql_ms):6.1f} ms in {statistics.median(counts):.0f} statements")
            for took, sql, p in sorted(slowest.values(), key=lambda s: -s[0])[:3]:
                print(f"    {took * 1000:7.1f} ms  {' '.join(sql.split())[:220]}")
            if args.plans and slowest:
                took, sql, p = max(slowest.values(), key=lambda s: s[0])
                _print_plan(engine, sql, p)
            if profiler:
                import pstats

                pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


def _print_plan(engine: Any, sql: str, params: Any) -> None:
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if engine.dialect.name == "sqlite":
            rows = raw.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            for row in rows:
                print("      ", row[-1])
        else:
            cursor = raw.cursor()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            for (line,) in cursor.fetchall():
                print("      ", line)


if __name__ == "__main__":
    main()
