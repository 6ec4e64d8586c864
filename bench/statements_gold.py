"""Pairwise precision and recall of cross-article statement links on the gold of
bench/statements_gold/ (issue 14), by kind of link.

    .venv/bin/python bench/statements_gold.py [--gold bench/statements_gold/allsides.json] [--db DB] [--show]

The same scoring as `newsledger eval bench/statements_gold` (``newsledger.evaluate``,
``evaluate_statements``): the gold's articles are read from the shared corpus, ingested into
a fresh database (or --db) and linked the way `newsledger ingest` links. A gold occurrence
is a span the reader marked; every other double-quoted passage of a gold article is a
statement of its own. The system's occurrences are its linked quotes and its linked quoted
fragments (scare quotes, stretches of mixed quotes: ``statement_fragments``). A system
occurrence stands for the gold occurrence it overlaps most
(at least half of the shorter of the two); pairs of system occurrences with no gold
counterpart are counted apart as unjudged. Kinds of a pair: direct (two whole-sentence
quotes), paraphrase (one side indirect), partial (the rest).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT / "bench" / "statements_gold" / "allsides.json"))
    parser.add_argument("--db", default=None, help="keep the linked database here (a fresh one is made and removed otherwise)")
    parser.add_argument("--show", action="store_true", help="print every false positive and missed pair")
    args = parser.parse_args()

    from newsledger.evaluate import STATEMENT_LINK_KINDS, evaluate_statements

    gold_path = Path(args.gold)
    result = evaluate_statements(gold_path, json.loads(gold_path.read_text(encoding="utf-8")), db=args.db)
    figures = {kind: result[kind].scores() for kind in ("links", *STATEMENT_LINK_KINDS)}
    print(json.dumps({**figures, "occurrences": result["occurrences"]}, indent=1))
    if args.show:
        for line in result["extra"]:
            print("FALSE", line)
        for line in result["missed"]:
            print("MISSED", line)


if __name__ == "__main__":
    main()
