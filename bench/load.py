"""Load: concurrent readers on `newsledger serve` while `newsledger ingest` writes.

Builds (or reuses) a database of at least N articles: a few generated articles analysed
with the real pipeline, then copied with all their facts under new ids (bench/web_10k.py's
``grow``). Starts ``newsledger serve`` on a free loopback port (default host, so this also
shows it binds 127.0.0.1) and ``newsledger ingest --workers 1`` of new articles into the
same file; once the ingest is writing, C client threads (keep-alive connections) request
for D seconds, at random:

    /articles/{id}   /api/articles/{id}   /api/actors[?name=]   /api/events[?actor=]   /actors/{key}

and the script prints p50/p95 latency, requests/s, the number of 5xx responses and of
"database is locked" errors (in responses, in the server log and in the ingest's output),
and the articles the ingest wrote during the run. Bounded: loopback only, at most
``--max-requests`` requests, ``--duration`` seconds.

    .venv/bin/python bench/load.py                      # 5,000 articles, 20 clients, 60 s
    .venv/bin/python bench/load.py --db /tmp/big.db --n 5000 --clients 20 --duration 60 --json out.json
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_10k import grow  # noqa: E402

LOCKED = "database is locked"

PEOPLE = [
    ("Foreign Minister", "Ana Brnabic", "Serbia"),
    ("President", "Samia Suluhu Hassan", "Tanzania"),
    ("Prime Minister", "Luc Frieden", "Luxembourg"),
    ("Defence Minister", "Richard Marles", "Australia"),
    ("President", "Gabriel Boric", "Chile"),
    ("Finance Minister", "Nirmala Sitharaman", "India"),
    ("Prime Minister", "Petr Fiala", "Czech Republic"),
    ("President", "Bola Tinubu", "Nigeria"),
]
CITIES = ["Belgrade", "Dodoma", "Luxembourg", "Canberra", "Santiago", "New Delhi", "Prague", "Abuja"]
TOPICS = ["energy prices", "a grain deal", "arms exports", "student visas", "a debt swap", "border checks"]


def generated_article(rng: random.Random, n: int, tag: str = "") -> str:
    """A short news item (three or four sentences) naming two officials of two countries."""
    (t1, p1, c1), (t2, p2, c2) = rng.sample(PEOPLE, 2)
    city, topic = rng.choice(CITIES), rng.choice(TOPICS)
    sentences = [
        f"{c1}'s {t1.lower()}, {p1}, met {t2} {p2} of {c2} in {city} on Monday to discuss {topic}.",
        f'"We agreed on more than we expected," {p1.split()[-1]} told reporters.',
        f"Officials close to the talks said {c2} would send a delegation within {n % 7 + 2} weeks.",
    ]
    if rng.random() < 0.5:
        sentences.append(f"{p2.split()[-1]} accused the opposition of blocking a deal on {topic}.")
    return " ".join(sentences) + f" Report {tag}{n}."


def write_corpus(folder: Path, count: int, seed: int, tag: str) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"{tag}{n:05d}.txt").write_text(generated_article(rng, n, tag) + "\n", encoding="utf-8")


def build_database(db: Path, n: int, seed_articles: int = 16, settings: Any = None) -> int:
    """A database of at least ``n`` articles; returns its article count."""
    from newsledger.pipeline import analyze_articles
    from newsledger.document import Article
    from newsledger.settings import Settings
    from newsledger.store import Store

    if db.exists():
        with Store(db) as store:
            if store.count() >= n:
                return store.count()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory(prefix="newsledger-load-") as folder:
        small = Path(folder) / "seed.db"
        with Store(small) as store:
            texts = [generated_article(rng, i, "seed-") for i in range(seed_articles)]
            articles = [Article(text=t, date="2024-03-04", source=rng.choice(["Wire A", "Wire B"])) for t in texts]
            for document in analyze_articles(articles, settings or Settings(date="2024-03-04")):
                store.save(document)
        grow(str(small), str(db), n)
    with closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def article_count(db: Path) -> int:
    with closing(sqlite3.connect(db, timeout=30)) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def targets(db: Path, rng: random.Random) -> tuple[list[str], list[str], list[str]]:
    """Article ids, actor keys and actor names to request."""
    with closing(sqlite3.connect(db, timeout=30)) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY random() LIMIT 500")]
        actors = conn.execute("SELECT actor_id, name FROM actors GROUP BY actor_id ORDER BY count(*) DESC LIMIT 40").fetchall()
    return ids, [a[0] for a in actors], [a[1] for a in actors]


@dataclass
class Result:
    articles_at_start: int = 0
    articles_ingested_during_run: int = 0
    clients: int = 0
    duration_s: float = 0.0
    requests: int = 0
    requests_per_s: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    status_5xx: int = 0
    status_other: dict[str, int] = field(default_factory=dict)
    locked: int = 0
    client_errors: int = 0
    by_endpoint_p50_ms: dict[str, float] = field(default_factory=dict)

    def lines(self) -> str:
        return (
            f"articles: {self.articles_at_start} at start, {self.articles_ingested_during_run} written by the ingest during the run\n"
            f"clients: {self.clients}, duration {self.duration_s:.1f} s, requests {self.requests} ({self.requests_per_s:.1f}/s)\n"
            f"latency: p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, max {self.max_ms:.1f} ms\n"
            f"5xx: {self.status_5xx}, 'database is locked': {self.locked}, connection errors: {self.client_errors}, other statuses: {self.status_other}\n"
            f"p50 by endpoint (ms): {self.by_endpoint_p50_ms}"
        )


def _wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/articles?limit=1")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not answer within the time limit")
        time.sleep(0.1)


def run_load(
    db: Path,
    ingest_corpus: Path,
    clients: int = 20,
    duration: float = 60.0,
    max_requests: int = 1_000_000,
    seed: int = 1,
    log_dir: Optional[Path] = None,
) -> Result:
    """Serve ``db``, ingest ``ingest_corpus`` into it, and hammer the server meanwhile."""
    rng = random.Random(seed)
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="newsledger-load-logs-"))
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server_log = open(log_dir / "serve.log", "w+b")
    ingest_log = open(log_dir / "ingest.log", "w+b")
    server = subprocess.Popen([sys.executable, "-m", "newsledger.cli", "serve", "--db", str(db), "--port", str(port)],
                              stdout=server_log, stderr=subprocess.STDOUT, env=env)
    ingest: Optional[subprocess.Popen] = None
    result = Result(clients=clients)
    try:
        _wait_ready(port, server)
        ids, keys, names = targets(db, rng)
        result.articles_at_start = article_count(db)
        ingest = subprocess.Popen(
            [sys.executable, "-m", "newsledger.cli", "ingest", str(ingest_corpus), "--db", str(db),
             "--workers", "1", "--batch-size", "2", "--date", "2024-03-05", "--no-progress"],
            stdout=ingest_log, stderr=subprocess.STDOUT, env=env,
        )
        # Readers start once the writer is writing (its model loaded, first commit done).
        deadline = time.monotonic() + 120
        while article_count(db) == result.articles_at_start:
            if ingest.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the ingest wrote nothing; see " + str(log_dir / "ingest.log"))
            time.sleep(0.05)
        before = article_count(db)

        def pick(r: random.Random) -> tuple[str, str]:
            kind = r.randrange(5)
            if kind == 0:
                return "/articles/{id}", f"/articles/{r.choice(ids)}"
            if kind == 1:
                return "/api/articles/{id}", f"/api/articles/{r.choice(ids)}"
            if kind == 2:
                return "/api/actors", "/api/actors" + (f"?name={quote(r.choice(names))}" if r.random() < 0.5 else "")
            if kind == 3:
                return "/api/events", "/api/events" + (f"?actor={quote(r.choice(keys))}" if r.random() < 0.5 else "")
            return "/actors/{key}", f"/actors/{quote(r.choice(keys), safe='')}"

        lock = threading.Lock()
        samples: list[tuple[str, float, int, bool]] = []
        errors = [0]
        stop_at = time.monotonic() + duration
        budget = [max_requests]

        def client(n: int) -> None:
            r = random.Random(seed * 1000 + n)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine: list[tuple[str, float, int, bool]] = []
            while time.monotonic() < stop_at:
                with lock:
                    if budget[0] <= 0:
                        break
                    budget[0] -= 1
                name, path = pick(r)
                start = time.perf_counter()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    with lock:
                        errors[0] += 1
                    continue
                mine.append((name, time.perf_counter() - start, response.status, LOCKED.encode() in body))
            conn.close()
            with lock:
                samples.extend(mine)

        began = time.monotonic()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result.duration_s = time.monotonic() - began
        result.articles_ingested_during_run = article_count(db) - before
    finally:
        if ingest is not None and ingest.poll() is None:
            ingest.terminate()
            ingest.wait(timeout=60)
        server.terminate()
        server.wait(timeout=30)
    latencies = sorted(s[1] * 1000 for s in samples)
    result.requests = len(samples)
    result.requests_per_s = len(samples) / result.duration_s if result.duration_s else 0.0
    if latencies:
        result.p50_ms = statistics.median(latencies)
        result.p95_ms = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
        result.max_ms = latencies[-1]
    result.status_5xx = sum(1 for s in samples if s[2] >= 500)
    for s in samples:
        if s[2] != 200 and s[2] < 500:
            result.status_other[str(s[2])] = result.status_other.get(str(s[2]), 0) + 1
    logs = b""
    for log in (server_log, ingest_log):
        log.seek(0)
        logs += log.read()
        log.close()
    result.locked = sum(1 for s in samples if s[3]) + logs.count(LOCKED.encode())
    result.client_errors = errors[0]
    by_endpoint: dict[str, list[float]] = {}
    for name, seconds, _status, _locked in samples:
        by_endpoint.setdefault(name, []).append(seconds * 1000)
    result.by_endpoint_p50_ms = {k: round(statistics.median(v), 1) for k, v in sorted(by_endpoint.items())}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=None, help="Database to use (built to --n articles when smaller). Default: a temporary file.")
    parser.add_argument("--n", type=int, default=5000, help="Articles in the database at least (default 5000).")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="Seconds of load (default 60).")
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--ingest-articles", type=int, default=3000, help="New articles for the concurrent ingest (more than it can write in the run).")
    parser.add_argument("--json", type=Path, default=None, help="Write the figures as JSON here.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsledger-load-") as folder:
        db = args.db or Path(folder) / "load.db"
        t0 = time.monotonic()
        total = build_database(db, args.n)
        print(f"database {db}: {total} articles (ready in {time.monotonic() - t0:.1f} s)", flush=True)
        corpus = Path(folder) / "incoming"
        write_corpus(corpus, args.ingest_articles, seed=int(time.time()), tag=f"load-{int(time.time())}-")
        result = run_load(db, corpus, clients=args.clients, duration=args.duration, max_requests=args.max_requests,
                          log_dir=Path(folder))
        print(result.lines())
        if args.json:
            args.json.write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
        failed = result.status_5xx or result.locked or result.client_errors
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
