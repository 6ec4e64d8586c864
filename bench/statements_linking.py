"""Linking cost as a share of ingest time, at 1k and 10k stored articles (issue 14).

    .venv/bin/python bench/statements_linking.py [--sizes 1000,10000] [--sample 60] [--probe 200]

Two figures, measured apart because a 10k ingest through the pipeline takes hours here:

1. ingest time per article: ``newsledger ingest`` (analysis + save, linking included) over
   ``--sample`` AllSides articles, one process;
2. linking time per article with N articles already stored: the corpus's articles are
   stored with their double-quoted passages as quotes (speaker: the nearest capitalised
   name after the quote, as "said Jane Smith" gives it; a passage of four words or fewer
   with no such name is a scare quote, linked as a fragment) until N are stored, then the next
   ``--probe`` are saved and ``link_article`` timed in each save.

The share is (2) / (1); "flat" means (2) at 10k is close to (2) at 1k: the candidate step
reads index rows, never every stored quote. Times are CPU time (``time.process_time``): the
machine is shared, and wall time measures the other processes too. With ``--same-probe`` every
size is probed with the same articles (those after the largest size), each store holding the
N articles just before them: the growth is then the corpus's alone, not that of later
articles quoting more.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides_article_bias" / "allsides_article_bias.jsonl"
QUOTED = re.compile(r"[“\"]([^”\"]{3,400})[”\"]")
NAME = re.compile(r"\b(?:said|says|wrote|told)\s+((?:[A-Z][a-z]+\s?){1,3})|((?:[A-Z][a-z]+\s){1,2}[A-Z][a-z]+)\s+(?:said|says|wrote)")


def records(limit: int):
    with open(CORPUS if CORPUS.exists() else "/work/shared/corpora/allsides_article_bias/allsides_article_bias.jsonl", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= limit:
                return
            yield json.loads(line)


def cheap_document(record: dict):
    """A Document with the record's quoted passages as direct quotes: realistic wording
    and speakers for the index, without the cost of the pipeline."""
    from newsledger.document import Actor, Article, Document, Quote, ScareQuote

    doc = Document(Article(text=record["text"], source=record.get("source"), date=record.get("date")))
    actors: dict[str, Actor] = {}
    for m in QUOTED.finditer(record["text"]):
        after = record["text"][m.end(1): m.end(1) + 60]
        found = NAME.search(after)
        name = (found.group(1) or found.group(2)).strip() if found else None
        if name is None and len(m.group(1).split()) <= 4:
            # A few words nobody is said to have said: a scare quote, linked as a fragment.
            doc.scare_quotes.append(ScareQuote(text=m.group(0), start=m.start(), end=m.end()))
            continue
        key = re.sub(r"[^a-z]+", "-", name.lower()).strip("-") if name else None
        if key and key not in actors:
            actors[key] = Actor(id=key, name=name, type="person")
        doc.quotes.append(Quote(text=m.group(1), start=m.start(1), end=m.end(1), kind="direct", speaker=key, speaker_name=name))
    doc.actors = list(actors.values())
    return doc


def ingest_seconds_per_article(sample: int, folder: Path) -> float:
    from newsledger.run.ingest import ingest_paths

    source = folder / "sample.jsonl"
    with open(source, "w", encoding="utf-8") as out:
        for record in records(sample):
            out.write(json.dumps(record) + "\n")
    ingest_paths([str(source)], folder / "warm.db", progress=False, workers=1)  # model load not counted
    with open(source, "w", encoding="utf-8") as out:
        for record in list(records(2 * sample))[sample:]:
            out.write(json.dumps(record) + "\n")
    started = time.process_time()
    report = ingest_paths([str(source)], folder / "warm.db", progress=False, workers=1)
    return (time.process_time() - started) / max(1, report.new)


def linking_seconds_per_article(size: int, probe: int, folder: Path, end: Optional[int] = None) -> tuple[float, float, int]:
    """Linking and save time per probe article after ``size`` stored: the first ``size``
    articles and the ``probe`` after them, or (``end``) the ``size`` before ``end`` and the
    ``probe`` from it."""
    import newsledger.store.statements as linking
    from newsledger.store import Store

    spent = [0.0]
    real = linking.link_article

    def timed(conn, rows, settings=linking.Linking()):
        started = time.process_time()
        try:
            return real(conn, rows, settings)
        finally:
            spent[0] += time.process_time() - started

    import newsledger.store.store as store_module

    store_module.link_article = timed
    first = 0 if end is None else end - size
    stream = itertools.islice(records(first + size + probe), first, None)
    with Store(folder / f"link-{size}.db") as store:
        batch = []
        for n, record in enumerate(stream):
            batch.append(store_module.document_rows(cheap_document(record)))
            if n + 1 == size:
                break
            if len(batch) == 200:
                store.save_rows(batch)
                batch = []
        store.save_rows(batch)
        spent[0] = 0.0
        started = time.process_time()
        probed = 0
        for record in stream:
            store.save(cheap_document(record))
            probed += 1
        total = time.process_time() - started
        quotes = store.count("quotes")
    store_module.link_article = real
    return spent[0] / max(1, probed), total / max(1, probed), quotes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--sample", type=int, default=60)
    parser.add_argument("--probe", type=int, default=200)
    parser.add_argument("--ingest-ms", type=float, default=None,
                        help="ingest time per article measured before (the pipeline is not run): the share is taken of it")
    parser.add_argument("--same-probe", action="store_true", help="probe every size with the articles after the largest")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="statements-bench-"))
    if args.ingest_ms is not None:
        ingest = args.ingest_ms / 1000
        print(f"ingest (given): {args.ingest_ms:.0f} ms per article", flush=True)
    else:
        ingest = ingest_seconds_per_article(args.sample, folder)
        print(f"ingest (pipeline + save + linking): {ingest * 1000:.0f} ms per article over {args.sample} articles", flush=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        link, save, quotes = linking_seconds_per_article(size, args.probe, folder, max(sizes) if args.same_probe else None)
        print(f"{size:>6} stored ({quotes} quotes): linking {link * 1000:.1f} ms per article "
              f"(save incl. linking {save * 1000:.1f} ms) = {link / ingest:.1%} of ingest time (target <= 5%)", flush=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
