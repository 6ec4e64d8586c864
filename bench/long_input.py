"""Long inputs: time and peak memory of one very long article, as a user meets them.

    .venv/bin/python bench/long_input.py                        # a 20 MB text and a 5 MB JSONL line
    .venv/bin/python bench/long_input.py --text-mb 5 --jsonl-mb 2 --corpus ../shared/corpora/bbc_news/bbc_news.jsonl

Each case runs as a fresh process, as a user's command does, and is measured from outside:
wall-clock seconds and the process's peak resident memory (``wait4``'s ru_maxrss, so its
own and nothing else's):

- ``text``: ``newsledger analyze FILE.txt --json`` on a text of ``--text-mb`` MB (articles of
  the corpus joined by blank lines, repeated to the size);
- ``jsonl``: ``newsledger ingest FILE.jsonl --db DB --workers 1`` on a JSON Lines file of one
  record whose text is ``--jsonl-mb`` MB.

The target (issue 17) is a peak below 1.5 GB for any single input. Articles longer than
``Settings.max_chars`` (1,000,000 characters) are analysed in that prefix, with a warning;
the parse is done in paragraph-sized pieces (``newsledger.pipeline.piece_bounds``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc_news" / "bbc_news.jsonl"
SEED = REPO / "examples" / "seed" / "trump-putin-hamburg-2017-07-08.txt"
NEWSLEDGER = Path(sys.executable).with_name("newsledger")
TARGET_MB = 1536


def long_text(corpus: Path, size: int) -> str:
    """Corpus articles joined by blank lines, repeated and cut to ``size`` characters (at a
    paragraph end)."""
    if corpus.is_file():
        texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8") if line.strip()]
    else:
        texts = [SEED.read_text(encoding="utf-8")]
    unit = "\n\n".join(t.strip() for t in texts) + "\n\n"
    text = unit * (size // len(unit) + 1)
    cut = text.rfind("\n\n", 0, size)
    return text[: cut + 2 if cut > 0 else size]


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB, exit status of one command run as a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        sys.stderr.write(process.stderr.read().decode("utf-8", "replace")[-2000:])
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL corpus the long text is made of (default: BBC News; else the seed article)")
    parser.add_argument("--text-mb", type=float, default=20.0, help="size of the long text (default 20)")
    parser.add_argument("--jsonl-mb", type=float, default=5.0, help="size of the JSONL record's text (default 5)")
    parser.add_argument("--cases", nargs="+", default=["text", "jsonl"], choices=["text", "jsonl"])
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsledger-long-") as folder:
        work = Path(folder)
        if "text" in args.cases:
            text = work / "long.txt"
            text.write_text(long_text(args.corpus, int(args.text_mb * 1e6)), encoding="utf-8")
            rows.append((f"analyze, a {text.stat().st_size / 1e6:.0f} MB text", measure([str(NEWSLEDGER), "analyze", str(text), "--json"])))
        if "jsonl" in args.cases:
            record = {"title": "A very long record", "date": "2024-01-01", "text": long_text(args.corpus, int(args.jsonl_mb * 1e6))}
            jsonl = work / "long.jsonl"
            jsonl.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            command = [str(NEWSLEDGER), "ingest", str(jsonl), "--db", str(work / "long.db"), "--workers", "1", "--no-progress"]
            rows.append((f"ingest, one {jsonl.stat().st_size / 1e6:.0f} MB JSONL line", measure(command)))
    print(f"{'case':<34} {'seconds':>8} {'peak RSS':>10}  target < {TARGET_MB} MB")
    for name, (seconds, peak, code) in rows:
        verdict = "ok" if peak < TARGET_MB and code == 0 else ("FAILED (exit %d)" % code if code else "OVER")
        print(f"{name:<34} {seconds:>8.1f} {peak:>7.0f} MB  {verdict}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
