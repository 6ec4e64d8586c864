"""Proof that a change to statement linking keeps every link, and its cost per article.

    .venv/bin/python bench/statements_replay.py analyze 600 /tmp/rows.pkl       # real pipeline rows, once
    .venv/bin/python bench/statements_replay.py replay /tmp/rows.pkl 450 150 /tmp/before.json
    .venv/bin/python bench/statements_replay.py replay cheap 1000 150 /tmp/before.json   # bench documents
    ... the change ...
    .venv/bin/python bench/statements_replay.py replay /tmp/rows.pkl 450 150 /tmp/after.json
    .venv/bin/python bench/statements_replay.py same /tmp/before.json /tmp/after.json

``replay`` stores the first BASE articles' rows (linked as they are saved), then saves PROBE
more one at a time, timing ``link_article`` (wall and CPU: other helpers' load moves the
wall figure, not the CPU one) and the garbage collector; then writes every row of the four
statement tables (but ``updated_at``) to DUMP. ``same`` says whether two dumps are identical.
``cheap`` takes bench/statements_linking.py's documents (quoted passages, no pipeline); a
pickle of ``document_rows`` (``analyze``) the real pipeline's quotes, with their kinds.
To time the tree before a change, run it from an exported copy: ``git archive HEAD src |
tar -x -C /tmp/base`` and ``PYTHONPATH=/tmp/base/src``.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import pickle
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "allsides_article_bias" / "allsides_article_bias.jsonl"


def analyze(n: int, out: str) -> None:
    from newsledger.ingest import read_paths
    from newsledger.pipeline import analyze_articles
    from newsledger.store.rows import document_rows

    articles = (item.article for item in read_paths([CORPUS]) if item.article is not None)
    rows = [document_rows(d) for d in analyze_articles(itertools.islice(articles, n))]
    with open(out, "wb") as f:
        pickle.dump(rows, f)
    print(f"{len(rows)} articles, {sum(len(r['quotes']) for r in rows)} quotes")


def replay(source: str, base_n: int, probe_n: int, dump_path: str) -> None:
    import newsledger.store.statements as linking
    import newsledger.store.store as store_module
    from newsledger.store import Store
    from sqlalchemy import text

    if source == "cheap":
        sys.path.insert(0, str(Path(__file__).parent))
        import statements_linking as bench

        rows = [store_module.document_rows(bench.cheap_document(r)) for r in bench.records(base_n + probe_n)]
    else:
        with open(source, "rb") as f:
            rows = pickle.load(f)[: base_n + probe_n]
    timing, wall, cpu, collected = [False], [0.0], [0.0], [0.0, 0.0]
    real = linking.link_article

    def timed(conn, article_rows, settings=linking.Linking()):
        if not timing[0]:
            return real(conn, article_rows, settings)
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            return real(conn, article_rows, settings)
        finally:
            wall[0] += time.perf_counter() - started
            cpu[0] += time.process_time() - started_cpu

    def collecting(phase, _info):
        if timing[0]:
            if phase == "start":
                collected[1] = time.perf_counter()
            else:
                collected[0] += time.perf_counter() - collected[1]

    store_module.link_article = timed
    gc.callbacks.append(collecting)
    base, probe = rows[:base_n], rows[base_n:]
    with Store(tempfile.mktemp(prefix="statements-replay-", suffix=".db")) as store:
        for at in range(0, len(base), 200):
            store.save_rows(base[at : at + 200])
        timing[0] = True
        started = time.perf_counter()
        for article_rows in probe:
            store.save_rows([article_rows])
        saving = time.perf_counter() - started
        timing[0] = False
        dump = {}
        with store.engine.connect() as conn:
            for table, order in (("statements", "id"), ("statement_occurrences", "article_id, quote_idx"),
                                 ("statement_bands", "band, article_id, quote_idx"), ("statement_fragments", "article_id, start_char")):
                columns = [c for c in conn.execute(text(f"SELECT * FROM {table} LIMIT 0")).keys() if c != "updated_at"]
                dump[table] = [list(r) for r in conn.execute(text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"))]
        quotes = store.count("quotes")
    with open(dump_path, "w") as out:
        json.dump(dump, out, default=str)
    per = 1000 / max(1, len(probe))
    print(f"{len(probe)} saved over {len(base)} stored ({quotes} quotes): linking {wall[0] * per:.2f} ms an article "
          f"(CPU {cpu[0] * per:.2f}), save incl. linking {saving * per:.2f}, garbage collection in the saves {collected[0] * per:.2f}")
    print({table: len(found) for table, found in dump.items()})


def same(before: str, after: str) -> None:
    with open(before) as a, open(after) as b:
        old, new = json.load(a), json.load(b)
    differ = [t for t in old if old[t] != new.get(t)]
    for table in differ:
        gone = {json.dumps(r) for r in old[table]} - {json.dumps(r) for r in new[table]}
        came = {json.dumps(r) for r in new[table]} - {json.dumps(r) for r in old[table]}
        print(f"{table}: {len(old[table])} -> {len(new[table])} rows; only before {sorted(gone)[:3]}; only after {sorted(came)[:3]}")
    print("identical" if not differ else "DIFFERENT")
    sys.exit(1 if differ else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    a = commands.add_parser("analyze")
    a.add_argument("n", type=int)
    a.add_argument("out")
    r = commands.add_parser("replay")
    r.add_argument("source", help="a pickle of document_rows, or 'cheap'")
    r.add_argument("base", type=int)
    r.add_argument("probe", type=int)
    r.add_argument("dump")
    s = commands.add_parser("same")
    s.add_argument("before")
    s.add_argument("after")
    args = parser.parse_args()
    if args.command == "analyze":
        analyze(args.n, args.out)
    elif args.command == "replay":
        replay(args.source, args.base, args.probe, args.dump)
    else:
        same(args.before, args.after)


if __name__ == "__main__":
    main()
