"""List the speaker errors of newsledger on PolNeAR-style gold, for study (not a measure:
the team's measure is ../shared/eval/quotes.py).

usage: python bench/quote_errors.py --data ../shared/dev/polnear/polnear_train.jsonl --limit 150 > errors.tsv
Each line: article id, gold speaker words, predicted speaker_span, predicted speaker name,
whether the actor is named, the quote's first words. Only matched direct quotes with a
wrong speaker are listed; a summary goes to standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "eval"))


def main() -> None:
    from quotes import matches, speaker_right  # the team's scorer: the same rules

    import newsledger

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--offset", type=int, default=0)
    args = ap.parse_args()
    docs = [json.loads(line) for line in open(args.data, encoding="utf-8")][args.offset :]
    if args.limit:
        docs = docs[: args.limit]
    counts = {"matched": 0, "wrong": 0, "no_speaker": 0, "missed": 0}
    for d in docs:
        pred = newsledger.analyze(d["text"], date=d.get("date")).to_dict()
        actors = {a["id"]: a for a in pred["actors"]}
        for g in d["quotes"]:
            if g["kind"] not in ("direct", "mixed"):
                continue
            pq = next((q for q in pred["quotes"] if matches((q["start"], q["end"]), g)), None)
            if pq is None:
                counts["missed"] += 1
                print("\t".join(["MISSED", d["id"], (g.get("speaker") or "")[:40], "", "", "", g["quote"][:70].replace("\n", " ")]))
                continue
            right = speaker_right(pred, pq, g, d["text"])
            if right is None:
                continue
            counts["matched"] += 1
            if right:
                continue
            counts["wrong"] += 1
            actor = actors.get(pq.get("speaker")) or {}
            counts["no_speaker"] += not actor
            span = (pq.get("speaker_span") or {}).get("text", "")
            print("\t".join(["WRONG", d["id"], (g.get("speaker") or "")[:40], span[:40], actor.get("name", "")[:40],
                             str(actor.get("named", "")), g["quote"][:70].replace("\n", " ")]))
    print(json.dumps(counts), file=sys.stderr)


if __name__ == "__main__":
    main()
