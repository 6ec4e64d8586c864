"""The web UI at scale, on SQLite and PostgreSQL (issue 15): ingest rate, database size, and
p50/p95 response times of search, article page, actor page, /actors, /network and /timeline
under concurrent loopback clients while an ingest writes.

How the database is built, in two parts:

1. ``--ingested`` articles (3,000) through ``Store.save_rows``, the ingest's own write path
   (FTS triggers or tsvector columns, summaries, one transaction per chunk of 100): the
   first ``--base`` AllSides articles (../shared/corpora) analysed once with the real
   pipeline (cached under ``--cache``) and written again and again under new ids (the id
   with the copy's number), dated a year further back per copy. The ingest rate printed is
   this part's (analysis excluded: that is bench/throughput.py's subject). Statement
   linking is left out unless ``--link-statements``: against copies of the same quotes it
   costs ~0.3 s an article (each quote meets every earlier copy), which no real corpus does.
2. The rest up to ``--articles`` (100,000) copied inside the database (``multiply``): each
   round ``INSERT ... SELECT`` copies every table's rows of the part-1 articles under the
   id + "~round", dated as the original (the span of dates stays that of part 1: about
   20 years, 240 months of timeline); the full-text index follows by
   itself (SQLite's triggers, PostgreSQL's generated tsvector columns and GIN indexes);
   then the store's own ``Store.rebuild_summaries`` counts the summaries (in SQL) and
   ANALYZE (SQLite) / VACUUM ANALYZE (PostgreSQL) refreshes the planner's statistics.

Then ``newsledger serve --workers N`` (uvicorn worker processes, one per core by default)
runs on 127.0.0.1, ``--clients`` threads each make ``--rounds`` rounds of the six requests
(bounded loops: a fixed number of requests), and an ingest process writes
``--ingest-during`` more articles through ``Store.save_rows`` meanwhile (linking on).

The builds of 2026-12-02, 16:54-17:12 UTC (2 cores shared with other sessions, load 1-2.5):
SQLite ~6 minutes (part 1 at 180 articles/s, the copy 167 s, summaries 27 s, indexes 41 s,
statistics 7 s; 6.1 GB), PostgreSQL ~7.5 minutes (79 articles/s, copy 236 s, summaries
19 s, indexes 62 s, statistics 5 s; 6.8 GB). Built once, measured as often as needed:

    python bench/web_scale.py --build /tmp/big.db
    python bench/web_scale.py --build 'postgresql://user@/web100k?host=/tmp/pg/socket'
    python bench/web_scale.py --measure /tmp/big.db --rounds 20

or both built in throwaway places and measured at once (tests/pg.py's cluster):

    python bench/web_scale.py --articles 100000 --ingested 3000 --clients 20 --rounds 5

``--only sqlite|postgresql`` runs one database; ``--articles 20000`` is a quick look.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "allsides_article_bias" / "allsides_article_bias.jsonl"
SEARCHES = ["president", "tax cuts", "health care", "border", "supreme court", "election", "climate", "\"white house\"", "immigra*", "senate vote"]


def base_rows(n: int, cache: Path) -> list[dict]:
    """The stored rows (``document_rows``) of the first ``n`` AllSides articles, analysed once."""
    path = cache / f"web_scale_base_{n}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    from newsledger.document import Article
    from newsledger.pipeline import analyze_articles
    from newsledger.settings import Settings
    from newsledger.store import document_rows

    items = []
    with open(CORPUS, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("text"):
                items.append(Article(text=record["text"], title=record.get("title"), date=record.get("date"), source=record.get("source")))
            if len(items) >= n:
                break
    started = time.perf_counter()
    rows = [document_rows(d) for d in analyze_articles(items, Settings())]
    print(f"analysed {len(rows)} AllSides articles in {time.perf_counter() - started:.0f} s (cached in {path})", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(rows))
    return rows


def _shift_date(value: Any, years: int) -> Any:
    if not value or len(value) < 4 or not value[:4].isdigit():
        return value
    return f"{int(value[:4]) - years:04d}{value[4:]}"


def copy_rows(rows: dict, copy: int) -> dict:
    """One article's rows under a new id (its id + the copy's number), dated ``copy`` years back."""
    new_id = f"{rows['articles'][0]['id']}-{copy}"
    out = {}
    for table, table_rows in rows.items():
        fresh = []
        for row in table_rows:
            row = dict(row)
            if table == "articles":
                row["id"] = new_id
                row["date"] = _shift_date(row.get("date"), copy % 30)
            else:
                row["article_id"] = new_id
                if table == "events":
                    row["date"] = _shift_date(row.get("date"), copy % 30)
            fresh.append(row)
        out[table] = fresh
    return out


def grow(url: str, base: list[dict], target: int, first_copy: int = 0, chunk: int = 100, link: bool = True) -> tuple[int, float]:
    """Write copies until the database holds ``target`` articles; (articles written, seconds).
    ``link=False`` skips statement linking (issue 14), which links each quote against the
    earlier occurrences of its statement: with a corpus repeated over and over that is
    every earlier copy, far beyond what a real corpus repeats."""
    import contextlib
    from unittest import mock

    from newsledger.store import Store

    unlinked = mock.patch("newsledger.store.store.link_article", lambda *a, **k: 0) if not link else contextlib.nullcontext()
    with unlinked, Store(url) as store:
        have = store.count()
        written, started, copy = 0, time.perf_counter(), first_copy + have // len(base)
        while have < target:
            batch = [copy_rows(r, copy) for r in base[: target - have]]
            for start in range(0, len(batch), chunk):
                flags = store.save_rows(batch[start : start + chunk])
                written += sum(flags)
            have = store.count()
            copy += 1
        return written, time.perf_counter() - started


def multiply(url: str, target: int) -> tuple[int, float]:
    """Copy the stored articles inside the database until it holds ``target``: each round
    copies every table's rows of the articles written so far by ``grow`` (ids without "~")
    with ``INSERT ... SELECT``, under the id + "~round", dated as the original (the archive
    keeps the part-1 span of dates, as a real one of 100k articles spans years, not
    centuries); the full-text index follows (SQLite's triggers, PostgreSQL's generated tsvector
    columns and GIN indexes); then the summaries are counted afresh by the store's own
    ``Store.rebuild_summaries`` and the planner's statistics refreshed (ANALYZE).
    (articles copied, seconds)."""
    from sqlalchemy import select, text

    from newsledger.store import FACT_TABLES, Store, articles

    started = time.perf_counter()
    with Store(url) as store:
        engine = store.engine
        dialect = engine.dialect.name
        # A bulk load's usual way: the secondary indexes dropped, the rows copied, the
        # indexes built again at the end (one sort each instead of millions of inserts).
        secondary = _secondary_indexes(engine)
        with engine.begin() as conn:
            for name, _ in secondary:
                conn.execute(text(f'DROP INDEX "{name}"'))
        with engine.connect() as conn:
            seeds = sorted(conn.execute(select(articles.c.id).where(~articles.c.id.contains("~"))).scalars())
            have = conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
        copied, round_ = 0, 0
        while have < target and seeds:
            round_ += 1
            last = seeds[min(len(seeds), target - have) - 1]
            with engine.connect() as conn:
                conn.execution_options(newsledger_write=True)  # SQLite: BEGIN IMMEDIATE, as the store writes
                with conn.begin():
                    if dialect == "postgresql":
                        # The bench's own superuser: no per-row foreign-key triggers for rows
                        # copied from rows that satisfied them.
                        conn.execute(text("SET LOCAL session_replication_role = replica"))
                    for table in (articles, *FACT_TABLES):
                        key = "id" if table is articles else "article_id"
                        names = [c.name for c in table.columns]
                        values = []
                        for name in names:
                            values.append(f"{key} || '~{round_}'" if name == key else f'"{name}"')
                        conn.execute(
                            text(f'INSERT INTO {table.name} ({", ".join(chr(34) + n + chr(34) for n in names)}) '
                                 f"SELECT {', '.join(values)} FROM {table.name} WHERE {key} <= :last AND {key} NOT LIKE '%~%'"),
                            {"last": last},
                        )
            n = min(len(seeds), target - have)
            have += n
            copied += n
        copied_at = time.perf_counter()
        store.rebuild_summaries()
        counted_at = time.perf_counter()
        with engine.begin() as conn:
            for _, definition in secondary:
                conn.execute(text(definition))
        indexed_at = time.perf_counter()
    _analyze(url)
    print(f"  copies {copied_at - started:.0f} s, summaries {counted_at - copied_at:.0f} s, indexes {indexed_at - counted_at:.0f} s, "
          f"statistics {time.perf_counter() - indexed_at:.0f} s", file=sys.stderr)
    return copied, time.perf_counter() - started


def _secondary_indexes(engine: Any) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the indexes that are no primary key or unique
    constraint, on the tables the copy and the summaries write."""
    from sqlalchemy import text

    from newsledger.store import FACT_TABLES, articles
    from newsledger.store.summaries import SUMMARY_TABLES

    tables = [t.name for t in (articles, *FACT_TABLES, *SUMMARY_TABLES)]
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' "
                f"AND tbl_name IN ({', '.join(repr(t) for t in tables)})"
            )).all()
        else:
            rows = conn.execute(text(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
                "JOIN pg_index x ON x.indexrelid = c.oid WHERE i.schemaname = current_schema() AND NOT x.indisunique "
                f"AND i.tablename IN ({', '.join(repr(t) for t in tables)})"
            )).all()
    return [(name, definition) for name, definition in rows]


def _analyze(url: str) -> None:
    from sqlalchemy import text

    from newsledger.store import Store

    with Store(url) as store:
        if store.engine.dialect.name == "postgresql":
            with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:
            with store.engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()


def database_size(url: str) -> int:
    if "://" not in url:
        return sum(os.path.getsize(p) for p in (url, url + "-wal") if os.path.exists(p))
    from sqlalchemy import text

    from newsledger.store import Store

    with Store(url) as store, store.engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, deadline: float) -> None:
    import httpx

    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/articles?limit=1", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not come up within the time limit")


def sample_targets(url: str) -> tuple[list[str], list[str]]:
    from newsledger.store import Store
    from newsledger.store import queries as Q

    with Store(url) as store:
        actors = [a["key"] for a in Q.list_actors(store.engine, page=Q.Page(100, 0))["items"]]
        ids = [a["id"] for a in Q.list_articles(store.engine, page=Q.Page(200, 0))["items"]]
        ids += [a["id"] for a in Q.list_articles(store.engine, page=Q.Page(200, 5000))["items"]]
    return actors, ids


def load(port: int, clients: int, rounds: int, actors: list[str], ids: list[str]) -> dict[str, list[float]]:
    import httpx

    times: dict[str, list[float]] = {k: [] for k in ("search", "article page", "actor page", "/actors", "/network", "/timeline")}
    errors: list[str] = []
    lock = threading.Lock()
    starts: list[tuple[float, float]] = []  # (seconds into the load test, seconds taken) of every request

    # Every client made before the clock starts, and all starting together: making an
    # httpx.Client costs ~30 ms of CPU (its SSL context), and twenty made inside the test
    # took 0.6 s of CPU from its first second, in the process that times the requests.
    https = [httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) for _ in range(clients)]
    go = threading.Barrier(clients)
    began = time.perf_counter()

    def client(number: int) -> None:
        rng = random.Random(number)
        go.wait(timeout=120)
        with https[number] as http:
            for _ in range(rounds):
                requests = [
                    ("search", "/", {"q": rng.choice(SEARCHES)}),
                    ("article page", f"/articles/{rng.choice(ids)}", None),
                    ("actor page", f"/actors/{rng.choice(actors[:30])}", None),
                    ("/actors", "/actors", None),
                    ("/network", "/network", None),
                    ("/timeline", "/timeline", None),
                ]
                rng.shuffle(requests)
                for name, path, params in requests:
                    started = time.perf_counter()
                    response = http.get(path, params=params)
                    took = time.perf_counter() - started
                    with lock:
                        if response.status_code != 200:
                            errors.append(f"{path}: {response.status_code}")
                        times[name].append(took)
                        starts.append((started - began, took))

    # The timing threads hand the GIL over every 1 ms, not 5 (as the server's processes do):
    # a thread whose answer has come waited up to 5 ms a turn behind each other client's
    # parsing, time the clock counted against the server.
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(switch)
    if errors:
        print(f"  {len(errors)} failed requests, e.g. {errors[:3]}", file=sys.stderr)
    # When the slow requests happen: p95 of the requests started in each half second.
    buckets: dict[int, list[float]] = {}
    for at, took in starts:
        buckets.setdefault(int(at * 2), []).append(took)
    print("  p95 by half second of the load test: " + ", ".join(
        f"{b / 2:.1f}s {percentile(v, 0.95) * 1000:.0f} ms (n={len(v)})" for b, v in sorted(buckets.items())), file=sys.stderr)
    return times


def process_tree_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) used so far by a process and all its descendants (Linux
    /proc; None elsewhere): the server's parent and its worker processes."""
    if not os.path.exists(f"/proc/{pid}/stat"):
        return None
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    pending += [int(child) for child in f.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # ended meanwhile
    return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(name: str, url: str, base: list[dict], args: argparse.Namespace) -> dict[str, Any]:
    if args.measure:  # a database this script built before: the load test only
        result = {"articles": None, "ingest_rate": float("nan"), "size": database_size(url), "copied": 0, "copy_seconds": 0.0}
        return _load_test(url, args, result)
    ingested = min(args.ingested, args.articles)
    print(f"{name}: writing {ingested} articles through Store.save_rows ...", file=sys.stderr)
    written, seconds = grow(url, base, ingested, link=args.link_statements)
    print(f"{name}: {written / seconds:.0f} articles/s; copying inside the database up to {args.articles} ...", file=sys.stderr)
    copied, copy_seconds = multiply(url, args.articles)
    result: dict[str, Any] = {
        "articles": args.articles, "ingest_rate": written / seconds if seconds else 0.0, "size": database_size(url),
        "copied": copied, "copy_seconds": copy_seconds,
    }
    print(f"{name}: copied {copied} in {copy_seconds:.0f} s; {result['size'] / 1e6:.0f} MB", file=sys.stderr)
    return _load_test(url, args, result)


def _load_test(url: str, args: argparse.Namespace, result: dict[str, Any]) -> dict[str, Any]:
    from newsledger.store import Store

    actors, ids = sample_targets(url)
    with Store(url) as store:
        have = store.count()
    port = free_port()
    args.cache.mkdir(parents=True, exist_ok=True)
    # The server's log (a line per request) to a file: a pipe nobody reads would fill and stall it.
    server_log = open(args.cache / "web_scale_server.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "newsledger.cli", "serve", "--db", url, "--port", str(port), "--workers", str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=server_log, text=True)
    writer = None
    try:
        wait_until_up(port, time.monotonic() + 300)
        # The ingest writing meanwhile: its own process, a bounded number of new copies.
        script = (
            "import sys, pickle; sys.path.insert(0, %r); import web_scale as w; "
            "base = pickle.load(open(%r, 'rb')); w.grow(%r, base, %d, first_copy=1000)"
        ) % (str(Path(__file__).parent), str(args.cache / f"web_scale_base_{args.base}.pickle"), url, have + args.ingest_during)
        writer = subprocess.Popen([sys.executable, "-c", script])
        # The clients start once the ingest is writing (its first chunk committed), not while
        # its process starts (imports and the copies loaded: ~1 s of CPU at the test's start).
        # One Store for the polling: each opening is a write transaction (its migrations
        # checked), which on SQLite would queue with the ingest's for the write lock.
        deadline = time.monotonic() + 600
        with Store(url) as store:
            while writer.poll() is None and time.monotonic() < deadline and store.count() <= have:
                time.sleep(0.2)
        started, server_cpu = time.perf_counter(), process_tree_cpu(server.pid)
        result["times"] = load(port, args.clients, args.rounds, actors, ids)
        result["load_seconds"] = time.perf_counter() - started
        after = process_tree_cpu(server.pid)
        requests = sum(len(v) for v in result["times"].values())
        # The server's own work per request, whatever the queueing: its CPU over the load test.
        result["server_cpu_ms"] = (after - server_cpu) * 1000 / requests if server_cpu is not None and after is not None else float("nan")
        result["writer_running"] = writer.poll() is None
        result["load_average"] = os.getloadavg()[0]  # the last minute: the load test's
    finally:
        if writer is not None:
            writer.wait(timeout=1800)
        server.terminate()
        server.wait(timeout=60)
        server_log.close()
    with Store(url) as store:
        result["written_during"] = store.count() - have
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--ingested", type=int, default=3000, help="articles written through Store.save_rows (the ingest rate); the rest copied in the database")
    parser.add_argument("--base", type=int, default=150, help="AllSides articles analysed and then copied")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the six requests per client")
    parser.add_argument("--ingest-during", type=int, default=1000, help="articles the concurrent ingest writes")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--measure", metavar="URL", help="only the load test, on a database this script built before (SQLite path or URL)")
    parser.add_argument("--build", metavar="PATH", help="only build the database at PATH (a SQLite path or a postgresql:// URL of an empty database; kept, for --measure and profiling)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes (newsledger serve --workers)")
    parser.add_argument("--link-statements", action="store_true", help="link statements while building (slow: see grow)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsledger-bench")
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"needs {CORPUS} (the team's shared corpora)")
    base = base_rows(args.base, args.cache)
    results = {}
    if args.build:
        written, seconds = grow(args.build, base, min(args.ingested, args.articles), link=args.link_statements)
        print(f"{written} articles through Store.save_rows at {written / seconds:.0f} articles/s", file=sys.stderr)
        copied, copy_seconds = multiply(args.build, args.articles)
        print(f"built {args.build}: {copied} more copied in {copy_seconds:.0f} s; {database_size(args.build) / 1e6:.0f} MB", file=sys.stderr)
        return
    if args.measure:
        results["SQLite" if "://" not in args.measure else "PostgreSQL"] = run("measure", args.measure, base, args)
        _print_table(results, args)
        return
    with tempfile.TemporaryDirectory(prefix="newsledger-web-scale-") as folder:
        if args.only in (None, "sqlite"):
            results["SQLite"] = run("sqlite", str(Path(folder) / "big.db"), base, args)
        if args.only in (None, "postgresql"):
            sys.path.insert(0, str(REPO / "tests"))
            from pg import start_cluster, stop_cluster

            cluster = start_cluster()
            try:
                results["PostgreSQL"] = run("postgresql", cluster.new_database("bench"), base, args)
            finally:
                stop_cluster(cluster)
    _print_table(results, args)


def _print_table(results: dict[str, Any], args: argparse.Namespace) -> None:
    ingested = min(args.ingested, args.articles)
    print(f"\nweb at scale: {args.articles} articles = {args.base} analysed AllSides articles written again under new ids "
          f"through Store.save_rows up to {ingested} (statement linking {'on' if args.link_statements else 'off'}), "
          f"the rest copied inside the database (INSERT ... SELECT, then Store.rebuild_summaries, ANALYZE); "
          f"newsledger serve --workers {args.workers}; {args.clients} loopback clients x {args.rounds} rounds, "
          f"an ingest of {args.ingest_during} more articles writing meanwhile (linking on)")
    print(f"{'':14}" + "".join(f"{name:>24}" for name in results))
    print(f"{'ingest':14}" + "".join(f"{r['ingest_rate']:>17.0f} art/s" for r in results.values()))
    print(f"{'copied in db':14}" + "".join(f"{r['copied']:>12} in {r['copy_seconds']:>5.0f} s" for r in results.values()))
    print(f"{'size':14}" + "".join(f"{r['size'] / 1e6:>21.0f} MB" for r in results.values()))
    for endpoint in ("search", "article page", "actor page", "/actors", "/network", "/timeline"):
        cells = []
        for r in results.values():
            values = r["times"][endpoint]
            cells.append(f"{percentile(values, 0.5) * 1000:>8.0f} / {percentile(values, 0.95) * 1000:>5.0f} ms (n={len(values)})")
        print(f"{endpoint:14}" + "".join(f"{c:>24}" for c in cells))
    print(f"{'server CPU':14}" + "".join(f"{r.get('server_cpu_ms', float('nan')):>17.1f} ms/req" for r in results.values()))
    print(f"{'load test':14}" + "".join(f"{r.get('load_seconds', float('nan')):>22.1f} s" for r in results.values()))
    print(f"{'load avg':14}" + "".join(f"{r['load_average']:>24.1f}" for r in results.values()))
    print(f"{'ingest during':14}" + "".join(f"{str(r['written_during']) + (' art, all along' if r['writer_running'] else ' art, done first'):>24}" for r in results.values()))
    print(f"(p50 / p95 per request; {os.cpu_count()} cores: the clients, the server workers and the ingest compete for them)")


if __name__ == "__main__":
    main()
