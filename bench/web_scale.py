"""The web UI at scale, on SQLite and PostgreSQL (issue 15): ingest rate, database size, and
p50/p95 response times of search, article page, actor page, /actors, /network and /timeline
under concurrent loopback clients while an ingest writes.

How the database is built: the first ``--base`` AllSides articles (../shared/corpora) are
analysed once with the real pipeline (cached under ``--cache``); their stored rows are then
written again and again through ``Store.save_rows`` (the ingest's own write path: FTS
triggers or tsvector columns, statement linking, summaries, one transaction per chunk)
under new article ids (the id with the copy's number) and with the dates moved by a year per
copy, until the database holds ``--articles``. The ingest rate is that write path's rate
(analysis excluded: it is bench/throughput.py's subject). Statement linking is left out of
the build unless ``--link-statements``: against copies of the same quotes it costs ~0.3 s an
article here (each quote meets every earlier copy), which no real corpus does; the ingest
that writes during the load test links as usual.

Then ``newsledger serve`` runs on 127.0.0.1 in its own process, ``--clients`` threads each
make ``--rounds`` rounds of the six requests (bounded loops: a fixed number of requests),
and an ingest process writes ``--ingest-during`` more copies meanwhile.

    python bench/web_scale.py [--articles 20000] [--base 150] [--clients 20] [--rounds 5] [--only sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import socket
import statistics
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

    def client(number: int) -> None:
        rng = random.Random(number)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
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

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print(f"  {len(errors)} failed requests, e.g. {errors[:3]}", file=sys.stderr)
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(name: str, url: str, base: list[dict], args: argparse.Namespace) -> dict[str, Any]:
    print(f"{name}: building {args.articles} articles ...", file=sys.stderr)
    written, seconds = grow(url, base, args.articles, link=args.link_statements)
    result: dict[str, Any] = {"articles": args.articles, "ingest_rate": written / seconds if seconds else 0.0, "size": database_size(url)}
    actors, ids = sample_targets(url)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "newsledger.cli", "serve", "--db", url, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    writer = None
    try:
        wait_until_up(port, time.monotonic() + 300)
        # The ingest writing meanwhile: its own process, a bounded number of new copies.
        script = (
            "import sys, pickle; sys.path.insert(0, %r); import web_scale as w; "
            "base = pickle.load(open(%r, 'rb')); w.grow(%r, base, %d, first_copy=1000)"
        ) % (str(Path(__file__).parent), str(args.cache / f"web_scale_base_{args.base}.pickle"), url, args.articles + args.ingest_during)
        writer = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
        started = time.perf_counter()
        result["times"] = load(port, args.clients, args.rounds, actors, ids)
        result["load_seconds"] = time.perf_counter() - started
        result["writer_running"] = writer.poll() is None
    finally:
        if writer is not None:
            writer.wait(timeout=1800)
        server.terminate()
        server.wait(timeout=60)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--base", type=int, default=150, help="AllSides articles analysed and then copied")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the six requests per client")
    parser.add_argument("--ingest-during", type=int, default=1000, help="articles the concurrent ingest writes")
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--link-statements", action="store_true", help="link statements while building (slow: see grow)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsledger-bench")
    args = parser.parse_args()
    if not CORPUS.exists():
        raise SystemExit(f"needs {CORPUS} (the team's shared corpora)")
    base = base_rows(args.base, args.cache)
    results = {}
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
    print(f"\nweb at scale: AllSides x copies, {args.base} analysed articles repeated to {args.articles} "
          f"(statement linking {'on' if args.link_statements else 'off'} while building, on in the concurrent ingest); "
          f"{args.clients} loopback clients x {args.rounds} rounds, an ingest of {args.ingest_during} more articles writing meanwhile")
    print(f"{'':14}" + "".join(f"{name:>24}" for name in results))
    print(f"{'ingest':14}" + "".join(f"{r['ingest_rate']:>17.0f} art/s" for r in results.values()))
    print(f"{'size':14}" + "".join(f"{r['size'] / 1e6:>21.0f} MB" for r in results.values()))
    for endpoint in ("search", "article page", "actor page", "/actors", "/network", "/timeline"):
        cells = []
        for r in results.values():
            values = r["times"][endpoint]
            cells.append(f"{percentile(values, 0.5) * 1000:>8.0f} / {percentile(values, 0.95) * 1000:>5.0f} ms (n={len(values)})")
        print(f"{endpoint:14}" + "".join(f"{c:>24}" for c in cells))
    print("(p50 / p95 per request; 2 shared cores: the clients, the server and the ingest compete for them)")


if __name__ == "__main__":
    main()
