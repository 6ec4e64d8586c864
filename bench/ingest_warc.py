"""Ingest from a web archive against ingest of the same articles as JSON Lines (issue 16).

    .venv/bin/python bench/ingest_warc.py                      # 1,000 articles; memory at 1k and 10k
    .venv/bin/python bench/ingest_warc.py --n 300 --workers 2
    .venv/bin/python bench/ingest_warc.py --memory-sizes 1000 10000 --ingest-memory   # full ingest at both sizes too

The corpus's first N articles are written twice into a temporary folder: as a JSONL file
(title, date, url, source, text) and as a gzipped WARC (warcio) of HTML pages holding the
same articles (a ``<p>`` per paragraph, canonical link, site name), each with its request
record, as a crawler writes them. Each measurement runs in a fresh process, so its peak RSS
is its own:

- ``read_jsonl`` / ``read_warc``: reading only (``read_paths``; ``read_warc`` with trafilatura
  extraction), articles per second: what fetching and extraction cost;
- ``ingest_jsonl`` / ``ingest_warc``: ``ingest_paths`` into a fresh SQLite file (reading, the
  whole pipeline, writing), articles per second, and the ratio of the two: the target is
  within 10 % (extraction must not be the bottleneck);
- memory: peak RSS of reading the WARC of 1k and of 10k records (``--ingest-memory``: of the
  whole ingest too): flat means streaming.

Figures depend on the machine's load; bench/README.md has the last ones.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "allsides_article_bias" / "allsides_article_bias.jsonl"


def records(corpus: Path, n: int) -> list[dict]:
    out = []
    with open(corpus, encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            if not (record.get("text") or "").strip():
                continue
            out.append(record)
            if len(out) >= n:
                break
    if len(out) < n:
        sys.exit(f"{corpus} has only {len(out)} articles with text; asked for {n}")
    return out


def page(record: dict, url: str) -> bytes:
    title = html.escape(record.get("title") or "")
    paragraphs = [p.strip() for p in record["text"].split("\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    date = f'<meta property="article:published_time" content="{record["date"]}">' if record.get("date") else ""
    return (
        f'<!DOCTYPE html><html><head><title>{title}</title><link rel="canonical" href="{url}">'
        f'<meta property="og:site_name" content="{html.escape(record.get("source") or "Bench Wire")}">{date}</head>'
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>{body}</article>"
        f"<footer>Copyright Bench Wire</footer></body></html>"
    ).encode("utf-8")


def write_inputs(folder: Path, corpus: Path, n: int) -> tuple[Path, Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    jsonl, warc = folder / f"articles-{n}.jsonl", folder / f"crawl-{n}.warc.gz"
    with open(jsonl, "w", encoding="utf-8") as out_jsonl, open(warc, "wb") as out_warc:
        writer = WARCWriter(out_warc, gzip=True)
        for i, record in enumerate(records(corpus, n)):
            url = f"https://bench.example.org/news/{i}"
            out_jsonl.write(json.dumps({k: record.get(k) for k in ("title", "date", "source", "text")} | {"url": url}) + "\n")
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(f"GET /news/{i} HTTP/1.1\r\n\r\n".encode()))
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            response = writer.create_warc_record(url, "response", payload=io.BytesIO(page(record, url)), http_headers=headers)
            writer.write_record(response)
    return jsonl, warc


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: after fork and exec, ru_maxrss keeps the
    parent's peak (the parent held the whole corpus while writing the inputs)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, path: str, db: str, workers: int) -> None:
    """One measurement in this fresh process; prints its figures as JSON."""
    started = time.perf_counter()
    if mode.startswith("read"):
        from newsledger.ingest.sources import read_sources as read_paths

        articles = 0
        curve = {}  # peak RSS after every 1,000 records: flat means nothing accumulates
        for n, item in enumerate(read_paths([path]), 1):
            articles += item.article is not None
            if n % 1000 == 0:
                curve[n] = round(peak_rss_mb())
        figures = {"articles": articles, "curve": curve}
    else:
        from newsledger.run.ingest import ingest_paths

        report = ingest_paths([path], db, progress=False, workers=workers)
        figures = {"articles": report.new, "failed": report.failed}
    seconds = time.perf_counter() - started
    rss_mb = peak_rss_mb()
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({**figures, "seconds": seconds, "rss_mb": rss_mb, "children_rss_mb": children_mb}))


def measure(mode: str, path: Path, folder: Path, workers: int) -> dict:
    db = folder / f"{mode}-{path.stem}.db"
    if db.exists():
        db.unlink()
    command = [sys.executable, __file__, "--child", mode, str(path), str(db), "--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", type=int, default=1000, help="articles for the rate comparison")
    parser.add_argument("--workers", type=int, default=1, help="processes for the ingest runs (the same for both)")
    parser.add_argument("--repeats", type=int, default=1, help="ingest runs of each kind, alternating; medians reported")
    parser.add_argument("--memory-sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--ingest-memory", action="store_true", help="also measure the whole ingest's memory at each size")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "PATH", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, workers=args.workers)
        return

    with tempfile.TemporaryDirectory(prefix="newsledger-bench-warc-") as tmp:
        folder = Path(tmp)
        jsonl, warc = write_inputs(folder, args.corpus, args.n)
        print(f"{args.n} articles from {args.corpus.name}: JSONL {jsonl.stat().st_size / 2**20:.1f} MB, "
              f"WARC {warc.stat().st_size / 2**20:.1f} MB (gzipped, with request records)")
        print(f"\n{'mode':14} {'articles':>8} {'seconds':>8} {'art/s':>8} {'peak RSS MB':>12}")
        results: dict[str, list[dict]] = {}
        runs = [("read_jsonl", jsonl), ("read_warc", warc)]
        for repeat in range(args.repeats):
            # Alternating order: a shared machine's load drifts, and each kind sees it the same.
            pair = [("ingest_jsonl", jsonl), ("ingest_warc", warc)]
            runs += pair if repeat % 2 == 0 else pair[::-1]
        for mode, path in runs:
            r = measure(mode, path, folder, args.workers)
            results.setdefault(mode, []).append(r)
            print(f"{mode:14} {r['articles']:>8} {r['seconds']:>8.1f} {r['articles'] / r['seconds']:>8.1f} {max(r['rss_mb'], r['children_rss_mb']):>12.0f}")
        jsonl_rate = statistics.median(r["articles"] / r["seconds"] for r in results["ingest_jsonl"])
        warc_rate = statistics.median(r["articles"] / r["seconds"] for r in results["ingest_warc"])
        results = {mode: rs[0] for mode, rs in results.items()}
        extraction = results["read_warc"]["seconds"] / max(1, results["read_warc"]["articles"])
        print(f"\ningest from WARC / ingest from JSONL: {warc_rate / jsonl_rate:.2f} (target >= 0.90); "
              f"extraction costs {extraction * 1000:.1f} ms an article, "
              f"{extraction * warc_rate:.0%} of the WARC ingest's time")

        print(f"\nmemory, reading the WARC{' and ingesting it' if args.ingest_memory else ''}:")
        for size in args.memory_sizes:
            _, big = write_inputs(folder, args.corpus, size)
            r = measure("read_warc", big, folder, args.workers)
            line = f"  {size:>6} records: read {r['rss_mb']:.0f} MB peak RSS ({r['articles'] / r['seconds']:.0f} art/s)"
            if len(r["curve"]) > 1:
                line += "; peak RSS MB after each 1,000: " + " ".join(str(v) for v in r["curve"].values())
            if args.ingest_memory:
                i = measure("ingest_warc", big, folder, args.workers)
                line += f", ingest {i['rss_mb']:.0f} MB (workers {i['children_rss_mb']:.0f} MB)"
            print(line)


if __name__ == "__main__":
    main()
