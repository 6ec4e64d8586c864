"""List the quote-span errors of newsledger on PolNeAR-style gold, for study (not a measure:
the team's measure is ../shared/eval/quotes.py, whose matching rules this script imports).

usage: python bench/quote_span_errors.py --data ../shared/dev/polnear/polnear_train.jsonl \
           --limit 150 [--offset 0] [--cache /tmp/pred.jsonl] [--reuse] > errors.tsv

Lines, tab-separated, one per error:
- ``MISSED  <why>  id  gold kind  gold speaker  | gold span text | nearest predicted span text``:
  a gold direct or mixed quote that no prediction matches (Dice >= 0.5 on the span or a
  fragment). <why> is ``none`` (no prediction overlaps it), ``short`` (the nearest prediction
  lies inside the gold span), ``long`` (it covers the gold span) or ``shifted``.
- ``SPURIOUS  <why>  id  pred kind  speaker_span  | predicted text | nearest gold text``: a
  prediction with a quotation mark in or beside it (what the F1 precision counts) that matches
  no gold direct quote. <why> is ``indirect`` (it matches a gold indirect attribution),
  ``overlap`` (it overlaps a gold quote without matching) or ``none``.
- ``MISSED_ALL  id  cue  | gold text``: a gold attribution of any kind that nothing matches
  (what all_recall counts); with --all only.
A summary of the counts by category, and of the missed attributions by cue, goes to standard
error. ``--cache`` keeps the predictions (one JSON a line) and ``--reuse`` reads them back, so
the listing can be re-cut without analysing again.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "shared" / "eval"))

QMARKS = '"“”'


def _short(text: str, n: int = 160) -> str:
    text = text.replace("\n", " ⏎ ").replace("\t", " ")
    return text if len(text) <= n else text[: n // 2] + " … " + text[-n // 2 :]


def _why(pred: tuple[int, int], gold: tuple[int, int]) -> str:
    if pred[0] >= gold[0] and pred[1] <= gold[1]:
        return "short"
    if pred[0] <= gold[0] and pred[1] >= gold[1]:
        return "long"
    return "shifted"


def _predictions(docs: list[dict], cache: str | None, reuse: bool) -> list[dict]:
    if reuse and cache and Path(cache).exists():
        by_id = {}
        for line in open(cache, encoding="utf-8"):
            row = json.loads(line)
            by_id[row["id"]] = row["pred"]
        return [by_id[d["id"]] for d in docs]
    import newsledger

    preds = []
    out = open(cache, "w", encoding="utf-8") if cache else None
    for d in docs:
        pred = newsledger.analyze(d["text"], date=d.get("date")).to_dict()
        pred = {"quotes": pred["quotes"], "actors": pred["actors"]}
        preds.append(pred)
        if out:
            out.write(json.dumps({"id": d["id"], "pred": pred}) + "\n")
    return preds


def main() -> None:
    from quotes import dice, matches, speaker_right  # the team's scorer: the same rules

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--cache")
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--all", action="store_true", help="also list missed attributions of every kind")
    args = ap.parse_args()
    docs = [json.loads(line) for line in open(args.data, encoding="utf-8")][args.offset :]
    if args.limit:
        docs = docs[: args.limit]
    preds = _predictions(docs, args.cache, args.reuse)
    counts: collections.Counter = collections.Counter()
    missed_cues: collections.Counter = collections.Counter()
    for d, pred in zip(docs, preds):
        text = d["text"]
        golds = d["quotes"]
        pqs = pred["quotes"]
        for g in golds:
            direct = g["kind"] in ("direct", "mixed")
            gs = tuple(g["quote_span"])
            match = next((q for q in pqs if matches((q["start"], q["end"]), g)), None)
            if match is None and args.all:
                counts["missed_all"] += 1
                missed_cues[(g.get("cue") or "").lower()] += 1
                print("\t".join(["MISSED_ALL", d["id"], g["kind"], (g.get("cue") or "")[:30], _short(text[gs[0]:gs[1]])]))
            if not direct:
                continue
            counts["gold_direct"] += 1
            if match is not None:
                right = speaker_right(pred, match, g, text)
                counts["matched_right" if right else "matched_wrong_speaker" if right is False else "matched_no_gold_speaker"] += 1
                continue
            nearest = max(pqs, key=lambda q: dice((q["start"], q["end"]), gs), default=None)
            if nearest is None or dice((nearest["start"], nearest["end"]), gs) == 0:
                why, near = "none", ""
            else:
                why = _why((nearest["start"], nearest["end"]), gs)
                near = f"[{nearest['kind']} {dice((nearest['start'], nearest['end']), gs):.2f}] " + _short(nearest["text"])
            counts[f"missed_{why}"] += 1
            print("\t".join(["MISSED", why, d["id"], g["kind"], (g.get("speaker") or "")[:30], _short(text[gs[0]:gs[1]]), near]))
        for q in pqs:
            ps = (q["start"], q["end"])
            if not any(c in text[max(0, ps[0] - 1) : ps[1] + 1] for c in QMARKS):
                continue
            counts["pred_marked"] += 1
            hit = next((g for g in golds if matches(ps, g)), None)
            if hit is not None and hit["kind"] in ("direct", "mixed"):
                continue
            if hit is not None:
                why, near = "indirect", hit
            else:
                near = max(golds, key=lambda g: dice(ps, tuple(g["quote_span"])), default=None)
                why = "overlap" if near is not None and dice(ps, tuple(near["quote_span"])) > 0 else "none"
            counts[f"spurious_{why}"] += 1
            spk = (q.get("speaker_span") or {}).get("text") or ""
            near_text = _short(text[near["quote_span"][0] : near["quote_span"][1]]) if near and why != "none" else ""
            print("\t".join(["SPURIOUS", why, d["id"], q["kind"], spk[:30], _short(q["text"]), near_text]))
    print(json.dumps(dict(sorted(counts.items()))), file=sys.stderr)
    if args.all:
        print("missed attributions by cue:", json.dumps(missed_cues.most_common(60)), file=sys.stderr)


if __name__ == "__main__":
    main()
