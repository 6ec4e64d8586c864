"""Throughput and memory of newsledger against spaCy alone, on a real news corpus.

    .venv/bin/python bench/throughput.py                       # 1k articles, all cores
    .venv/bin/python bench/throughput.py --sizes 1000 10000    # and 10k
    .venv/bin/python bench/throughput.py --modes spacy ingest --profile 100

Each measurement runs in a fresh process (so its peak RSS is its own): the corpus's first N
articles are copied to a temporary JSONL file, then

- ``spacy``:    spaCy alone, ``nlp.pipe`` with the same model, batch size and processes
                (spaCy's ``n_process``: parsed Docs are sent back to the parent);
- ``spacy_pool``: spaCy alone in the same process pool as ``ingest`` (each worker loads
                the model once and parses chunks of ``batch size`` articles; only counts
                come back): the parser's limit in the layout newsledger uses;
- ``nproc``:    the newsledger pipeline with spaCy's ``n_process`` (stages in the parent);
- ``ingest``:   ``newsledger ingest --workers N``: reading, the whole pipeline in a process
                pool, and writing SQLite — what a user runs;
- ``dask``:     ``newsledger ingest --engine dask`` on a LocalCluster of N workers, Parquet out.

Words are whitespace-separated words of the article texts, the same count for every mode.
Peak RSS: the measuring process (parent) and the largest of its child processes (workers).
``--profile N`` times each stage over N articles parsed beforehand and prints the top
functions by own time (cProfile) — where the non-spaCy time goes.
See bench/README.md for the last figures.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import itertools
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "allsides_article_bias" / "allsides_article_bias.jsonl"
MODES = ("spacy", "spacy_pool", "nproc", "ingest", "dask")


def _articles(path: Path):
    from newsledger.ingest import read_paths

    for item in read_paths([path]):
        if item.article is not None:
            yield item.article


_pool_model = None
_pool_batch = 32


def _pool_init(model: str, batch_size: int) -> None:
    global _pool_model, _pool_batch
    from newsledger.stages import nlp

    _pool_model = nlp.load(model)
    _pool_batch = batch_size


def _pool_parse(texts: list[str]) -> int:
    return sum(1 for _ in _pool_model.pipe(texts, batch_size=_pool_batch))


def _peak_rss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def run_mode(mode: str, corpus: Path, workers: int, batch_size: int) -> dict:
    """One measurement, in this process. Returns seconds, articles, words, peak RSS."""
    from newsledger.stages import nlp
    from newsledger.settings import Settings

    settings = dataclasses.replace(Settings(), batch_size=batch_size)
    words = sum(len(a.text.split()) for a in _articles(corpus))
    if mode in ("spacy", "nproc"):
        nlp.load(settings.model)  # load time is not throughput
    started = time.perf_counter()
    if mode == "spacy":
        model = nlp.load(settings.model)
        texts = (a.text[: settings.max_chars] for a in _articles(corpus))
        n = sum(1 for _ in model.pipe(texts, batch_size=batch_size, n_process=workers))
    elif mode == "spacy_pool":
        import multiprocessing

        from newsledger.run.batch import chunked

        pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_pool_init, initargs=(settings.model, batch_size))
        try:
            # Worker start-up (model load) is counted, as it is in ``ingest``.
            chunks = ([a.text for a in chunk] for chunk in chunked(_articles(corpus), batch_size))
            n = sum(pool.imap(_pool_parse, chunks))
        finally:
            pool.terminate()
    elif mode == "nproc":
        from newsledger.pipeline import analyze_articles

        n = sum(1 for _ in analyze_articles(_articles(corpus), settings, n_process=workers))
    elif mode == "ingest":
        from newsledger.run.ingest import ingest_paths

        with tempfile.TemporaryDirectory() as tmp:
            report = ingest_paths([corpus], Path(tmp) / "bench.db", settings, progress=False, workers=workers)
        n = report.new
    elif mode == "dask":
        from newsledger.run.batch import ingest_dask_paths

        with tempfile.TemporaryDirectory() as tmp:
            report = ingest_dask_paths([corpus], Path(tmp) / "pq", None, settings, progress=False, workers=workers)
        n = report.new
    else:
        raise SystemExit(f"unknown mode {mode}")
    seconds = time.perf_counter() - started
    own, children = _peak_rss_mb()
    return {"mode": mode, "seconds": seconds, "articles": n, "words": words, "rss_parent_mb": own, "rss_child_mb": children}


def profile_stages(corpus: Path, n: int, batch_size: int, top: int = 25) -> str:
    """Time each stage on n parsed articles (one process) and list the top functions."""
    from newsledger.stages import nlp
    from newsledger.pipeline import _prepare, _stages
    from newsledger.settings import Settings

    settings = dataclasses.replace(Settings(), batch_size=batch_size)
    model = nlp.load(settings.model)
    articles = list(itertools.islice(_articles(corpus), n))
    started = time.perf_counter()
    documents = []
    for parsed, document in model.pipe(((a.text, _prepare(a, settings)) for a in articles), as_tuples=True, batch_size=batch_size):
        document.doc = parsed
        documents.append(document)
    parse_seconds = time.perf_counter() - started
    stages = _stages()
    # Warm up: the stages load their lexicons and gazetteers on first use; that is start-up, not throughput.
    warm = next(model.pipe([(articles[0].text, _prepare(dataclasses.replace(articles[0], warnings=[]), settings))], as_tuples=True))
    warm[1].doc = warm[0]
    for _name, stage in stages:
        stage(warm[1], settings)
    stage_seconds = {name: 0.0 for name, _ in stages}
    profiler = cProfile.Profile()
    for document in documents:
        for name, stage in stages:
            t = time.perf_counter()
            profiler.enable()
            stage(document, settings)
            profiler.disable()
            stage_seconds[name] += time.perf_counter() - t
    out = io.StringIO()
    total_stages = sum(stage_seconds.values())
    out.write(f"profile on {len(documents)} articles, one process\n")
    out.write(f"  spaCy parse      {parse_seconds:8.2f} s\n")
    for name, seconds in stage_seconds.items():
        out.write(f"  stage {name:<10} {seconds:8.2f} s  ({seconds / max(total_stages, 1e-9):.0%} of stages)\n")
    out.write(f"  stages total     {total_stages:8.2f} s  = {total_stages / max(parse_seconds, 1e-9):.0%} of the parse time\n\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def _sample(corpus: Path, n: int, folder: Path) -> Path:
    path = folder / f"sample-{n}.jsonl"
    with open(corpus, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for line in itertools.islice((line for line in src if line.strip()), n):
            dst.write(line)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    parser.add_argument("--profile", type=int, default=0, help="profile the stages on this many articles")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one mode and print JSON
    args = parser.parse_args()

    if args.one:
        print(json.dumps(run_mode(args.one, args.corpus, args.workers, args.batch_size)))
        return
    if not args.corpus.exists():
        raise SystemExit(f"no corpus at {args.corpus}; give one with --corpus (JSONL, one article a line)")
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print(f"corpus {args.corpus.name}, workers {args.workers}, batch {args.batch_size}, cpus {os.cpu_count()}, load avg {' '.join(load)}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            sample = _sample(args.corpus, size, Path(tmp))
            by_mode = {}
            for mode in args.modes:
                command = [sys.executable, __file__, "--one", mode, "--corpus", str(sample),
                           "--workers", str(args.workers), "--batch-size", str(args.batch_size)]
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    print(f"{mode} at {size}: failed\n{done.stderr[-2000:]}")
                    continue
                r = json.loads(done.stdout.strip().splitlines()[-1])
                r["size"] = size
                r["words_per_s"] = r["words"] / r["seconds"]
                r["articles_per_s"] = r["articles"] / r["seconds"]
                by_mode[mode] = r
                results.append(r)
                print(f"{size:>6} {mode:<7} {r['seconds']:8.1f} s {r['articles_per_s']:8.2f} articles/s {r['words_per_s']:9.0f} words/s"
                      f"  peak RSS parent {r['rss_parent_mb']:6.0f} MB, largest child {r['rss_child_mb']:6.0f} MB", flush=True)
            for mode in ("nproc", "ingest", "dask"):
                for base_mode in ("spacy", "spacy_pool"):
                    base = by_mode.get(base_mode)
                    if base and mode in by_mode:
                        print(f"{size:>6} {mode}/{base_mode} words/s ratio: {by_mode[mode]['words_per_s'] / base['words_per_s']:.2f}")
            if "dask" in by_mode and "ingest" in by_mode:
                print(f"{size:>6} dask/ingest words/s ratio: {by_mode['dask']['words_per_s'] / by_mode['ingest']['words_per_s']:.2f}")
        if args.profile:
            sample = _sample(args.corpus, args.profile, Path(tmp))
            print(profile_stages(sample, args.profile, args.batch_size))
    with open("/proc/loadavg") as f:
        print(f"load avg at the end: {' '.join(f.read().split()[:3])}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
