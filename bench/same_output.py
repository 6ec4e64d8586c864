"""Proof that a speed change keeps the output: the pipeline's JSON for the first N AllSides articles.

    .venv/bin/python bench/same_output.py /tmp/before.jsonl          # on the tree before the change
    .venv/bin/python bench/same_output.py /tmp/after.jsonl           # after it
    cmp /tmp/before.jsonl /tmp/after.jsonl                            # must be byte-identical

One line per Document: ``Document.to_dict()`` as JSON with sorted keys.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "allsides_article_bias" / "allsides_article_bias.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="JSONL file to write")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("-n", type=int, default=150, help="how many articles (default 150)")
    args = parser.parse_args()

    from newsledger.ingest import read_paths
    from newsledger.pipeline import analyze_articles

    articles = (item.article for item in read_paths([args.corpus]) if item.article is not None)
    with open(args.out, "w", encoding="utf-8") as out:
        for document in analyze_articles(itertools.islice(articles, args.n)):
            out.write(json.dumps(document.to_dict(), sort_keys=True, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
