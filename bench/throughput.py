"""Throughput and memory of newsledger against spaCy alone, on a real news corpus.

    .venv/bin/python bench/throughput.py                       # 300 allsides articles, all cores
    .venv/bin/python bench/throughput.py --repeats 3           # medians of 3 alternating runs
    .venv/bin/python bench/throughput.py --sizes 1000 10000 --modes spacy_pool ingest
    .venv/bin/python bench/throughput.py --modes --profile 100 # only the per-stage profile

The two targets of issue 11 are printed as ratios of words per second, each with its target:

- one process: the whole pipeline (``pipeline_one``) against spaCy alone (``spacy_one``);
- the ``ingest`` layout: ``ingest`` against ``spacy_pool`` with the same workers.

Each measurement runs in a fresh process (so its peak RSS is its own): the corpus's first N
articles are copied to a temporary JSONL file, then

- ``spacy_one``: spaCy alone in one process, ``nlp.pipe(texts, batch_size)``;
- ``pipeline_one``: the whole pipeline in one process, ``analyze_articles(articles)``;
- ``spacy``:    spaCy alone, ``nlp.pipe`` with the same model, batch size and processes
                (spaCy's ``n_process``: parsed Docs are sent back to the parent);
- ``spacy_pool``: spaCy alone in the same process pool as ``ingest`` (each worker loads
                the model once and parses chunks of ``batch size`` articles; only counts
                come back): the parser's limit in the layout newsledger uses;
- ``nproc``:    the newsledger pipeline with spaCy's ``n_process`` (stages in the parent);
- ``ingest``:   ``newsledger ingest --workers N``: reading, the whole pipeline in a process
                pool, and writing SQLite — what a user runs (its workers are forked from a
                fork server that loaded the model and the knowledge once; its and their CPU
                time is counted, the server being stopped and waited for at the end);
- ``dask``:     ``newsledger ingest --engine dask`` on a LocalCluster of N workers, Parquet out.

"spaCy alone" is the model as spaCy ships it (``spacy.load``); newsledger's loader runs the same
model with its attribute rules and lemmatizer computed on arrays (``stages/array_components.py``,
the same output) and its paragraph breaks, so the ratios count what newsledger's parse saves as well
as what its stages cost. ``--modes --profile N`` gives the stages' share of newsledger's own parse.

Words are whitespace-separated words of the article texts, the same count for every mode.
Peak RSS: the measuring process (parent) and the largest of its child processes (workers).
``--repeats R`` runs the chosen modes R times, alternately (a mode and its baseline back to
back see the same load on a shared machine), and reports the medians. Beside words per
second, words per CPU second (user + system of the process and its workers): on a machine
other processes load, the CPU ratio moves far less than the wall-clock one.
``--profile N`` times each stage over N articles parsed beforehand (CPU time, no profiler),
then profiles them on a second parse and prints the top functions by own time (cProfile) —
where the non-spaCy time goes.
See bench/README.md for the last figures.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import functools
import io
import itertools
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "allsides_article_bias" / "allsides_article_bias.jsonl"
MODES = ("spacy_one", "pipeline_one", "spacy", "spacy_pool", "nproc", "ingest", "dask")
DEFAULT_MODES = ("spacy_one", "pipeline_one", "spacy_pool", "ingest")
TARGET = 0.85  # issue 11: the whole pipeline at >= 0.85 of spaCy alone
# (mode, its baseline, what the ratio is): printed with the target.
TARGET_RATIOS = (("pipeline_one", "spacy_one", "one process"), ("ingest", "spacy_pool", "ingest layout"))


def _articles(path: Path):
    from newsledger.ingest import read_paths

    for item in read_paths([path]):
        if item.article is not None:
            yield item.article


_pool_model = None
_pool_batch = 32


@functools.lru_cache(maxsize=2)
def _spacy_alone(model: str):
    """The baseline: the model as spaCy ships it (``spacy.load``), not newsledger's loader,
    which swaps in its faster attribute rules and lemmatizer (stages/array_components.py) and adds its own
    sentence breaks: what "spaCy alone" means here and in bench/cold_start.py."""
    import spacy

    return spacy.load(model)


def _pool_init(model: str, batch_size: int) -> None:
    global _pool_model, _pool_batch
    _pool_model = _spacy_alone(model)
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
    if mode in ("spacy", "spacy_one"):
        _spacy_alone(settings.model)  # load time is not throughput
    if mode in ("nproc", "pipeline_one"):
        nlp.load(settings.model)
    if mode == "pipeline_one":
        _warm_up(settings)  # nor is the stages' first loading of their lexicons
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    if mode == "spacy_one":
        model = _spacy_alone(settings.model)
        texts = (a.text[: settings.max_chars] for a in _articles(corpus))
        n = sum(1 for _ in model.pipe(texts, batch_size=batch_size))
    elif mode == "pipeline_one":
        from newsledger.pipeline import analyze_articles

        n = sum(1 for _ in analyze_articles(_articles(corpus), settings))
    elif mode == "spacy":
        model = _spacy_alone(settings.model)
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
    cpu_seconds = _cpu_seconds() - cpu_started
    own, children = _peak_rss_mb()
    return {"mode": mode, "seconds": seconds, "cpu_seconds": cpu_seconds, "articles": n, "words": words,
            "rss_parent_mb": own, "rss_child_mb": children}


def _cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and its finished children (the workers)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def _warm_up(settings) -> None:
    """One short article through the whole pipeline: the stages load their lexicons, the
    dictionary and the gazetteer on first use (start-up, measured by bench/cold_start.py)."""
    from newsledger.document import Article
    from newsledger.pipeline import analyze_articles

    text = ("Russian Foreign Minister Sergey Lavrov met US Secretary of State Rex Tillerson in Hamburg "
            "on July 8, 2017. \"We agreed on a ceasefire,\" Lavrov said, according to officials.")
    for _ in analyze_articles([Article(text=text, date="2017-07-08")], settings):
        pass


def profile_stages(corpus: Path, n: int, batch_size: int, top: int = 25) -> str:
    """Time each stage on n parsed articles (one process) and list the top functions."""
    from newsledger.stages import nlp
    from newsledger.pipeline import _prepare, resolve
    from newsledger.settings import Settings

    settings = dataclasses.replace(Settings(), batch_size=batch_size)
    model = nlp.load(settings.model)
    articles = list(itertools.islice(_articles(corpus), n))
    stages = [s for s in resolve(settings) if not s.batched]
    _warm_up(settings)

    def parsed() -> list:
        documents = []
        pairs = ((a.text[: settings.max_chars], _prepare(dataclasses.replace(a, warnings=[]), settings)) for a in articles)
        for doc, document in model.pipe(pairs, as_tuples=True, batch_size=batch_size):
            document.doc = doc
            documents.append(document)
        return documents

    started = time.process_time()
    documents = parsed()
    parse_seconds = time.process_time() - started
    stage_seconds = {s.name: 0.0 for s in stages}
    for document in documents:
        for current in stages:
            t = time.process_time()
            current.run(document, settings)
            stage_seconds[current.name] += time.process_time() - t
    profiler = cProfile.Profile()
    for document in parsed():
        profiler.enable()
        for current in stages:
            current.run(document, settings)
        profiler.disable()
    out = io.StringIO()
    total_stages = sum(stage_seconds.values())
    out.write(f"profile on {len(documents)} articles, one process, CPU seconds\n")
    out.write(f"  spaCy parse      {parse_seconds:8.2f} s\n")
    for name, seconds in stage_seconds.items():
        out.write(f"  stage {name:<10} {seconds:8.2f} s  ({seconds / max(total_stages, 1e-9):.0%} of stages)\n")
    out.write(f"  stages total     {total_stages:8.2f} s  = {total_stages / max(parse_seconds, 1e-9):.0%} of the parse time"
              f" (pipeline/spaCy bound: {parse_seconds / max(parse_seconds + total_stages, 1e-9):.2f})\n\n")
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def _sample(corpus: Path, n: int, folder: Path) -> Path:
    path = folder / f"sample-{n}.jsonl"
    with open(corpus, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for line in itertools.islice((line for line in src if line.strip()), n):
            dst.write(line)
    return path


def _load_average() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def _measure(mode: str, sample: Path, args) -> Optional[dict]:
    command = [sys.executable, __file__, "--one", mode, "--corpus", str(sample),
               "--workers", str(args.workers), "--batch-size", str(args.batch_size)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"{mode}: failed\n{done.stderr[-2000:]}")
        return None
    r = json.loads(done.stdout.strip().splitlines()[-1])
    r["words_per_s"] = r["words"] / r["seconds"]
    r["words_per_cpu_s"] = r["words"] / r["cpu_seconds"]
    r["articles_per_s"] = r["articles"] / r["seconds"]
    return r


def _ratio_lines(size: int, runs: dict[str, list[dict]]) -> list[str]:
    """The target ratios (median words/s of a mode over its baseline's), then the others."""
    def rate(mode: str, key: str = "words_per_s") -> float:
        return statistics.median(r[key] for r in runs[mode])

    lines = []
    for mode, base, what in TARGET_RATIOS:
        if runs.get(mode) and runs.get(base):
            ratio = rate(mode) / rate(base)
            cpu_ratio = rate(mode, "words_per_cpu_s") / rate(base, "words_per_cpu_s")
            pairs = [m["words_per_s"] / b["words_per_s"] for m, b in zip(runs[mode], runs[base])]
            verdict = "met" if ratio >= TARGET else "NOT met"
            lines.append(f"{size:>6} {what}: {mode}/{base} = {ratio:.2f} (per repeat {', '.join(f'{p:.2f}' for p in pairs)};"
                         f" target >= {TARGET}: {verdict}); per CPU second {cpu_ratio:.2f}")
    for mode in ("nproc", "ingest", "dask"):
        for base in ("spacy", "spacy_pool"):
            if (mode, base) != ("ingest", "spacy_pool") and runs.get(mode) and runs.get(base):
                lines.append(f"{size:>6} {mode}/{base} words/s ratio: {rate(mode) / rate(base):.2f}")
    if runs.get("dask") and runs.get("ingest"):
        lines.append(f"{size:>6} dask/ingest words/s ratio: {rate('dask') / rate('ingest'):.2f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[300])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--modes", nargs="*", default=list(DEFAULT_MODES), choices=MODES)
    parser.add_argument("--repeats", type=int, default=1, help="run the modes this many times, alternately; medians")
    parser.add_argument("--profile", type=int, default=0, help="profile the stages on this many articles")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one mode and print JSON
    args = parser.parse_args()

    if args.one:
        print(json.dumps(run_mode(args.one, args.corpus, args.workers, args.batch_size)))
        return
    if not args.corpus.exists():
        raise SystemExit(f"no corpus at {args.corpus}; give one with --corpus (JSONL, one article a line)")
    print(f"corpus {args.corpus.name}, workers {args.workers}, batch {args.batch_size}, cpus {os.cpu_count()}, "
          f"repeats {args.repeats}, load avg {_load_average()}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes if args.modes else []:
            sample = _sample(args.corpus, size, Path(tmp))
            runs: dict[str, list[dict]] = {mode: [] for mode in args.modes}
            for repeat in range(args.repeats):
                for mode in args.modes:
                    r = _measure(mode, sample, args)
                    if r is None:
                        continue
                    r.update(size=size, repeat=repeat)
                    runs[mode].append(r)
                    results.append(r)
                    print(f"{size:>6} {mode:<12} {r['seconds']:8.1f} s {r['articles_per_s']:8.2f} articles/s {r['words_per_s']:9.0f} words/s"
                          f" ({r['words_per_cpu_s']:6.0f} per CPU s)"
                          f"  peak RSS parent {r['rss_parent_mb']:6.0f} MB, largest child {r['rss_child_mb']:6.0f} MB"
                          f"  (load {_load_average()})", flush=True)
            for line in _ratio_lines(size, runs):
                print(line)
        if args.profile:
            sample = _sample(args.corpus, args.profile, Path(tmp))
            print(profile_stages(sample, args.profile, args.batch_size))
    print(f"load avg at the end: {_load_average()}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
