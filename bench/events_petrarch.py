"""The team's event measure (../shared/eval/events.py) on PETRARCH-2's unit tests, by category.

    .venv/bin/python bench/events_petrarch.py [--category PATTERN] [--misses] [--json FILE]

Runs newsledger with the fictional world's actors (bench/petrarch_world/, made by
scripts/convert_petrarch_world.py) over ../shared/dev/petrarch_unittest/records.jsonl and prints
type recall, dyad recall and precision overall, per record category (SYNSET, COMPOUND, AGENT,
MODIFY, PATTERN, VERB …) and per gold PLOVER type. The definitions are the shared measure's own:
its functions are imported, not copied. ``--verbs world`` (the default) codes with the unit tests' own verb dictionary, converted into
bench/petrarch_world/lexicons/ (their gold was coded with it: "departed from" is AGREE there);
``--verbs shipped`` with newsledger's own CAMEO dictionary and patterns. ``--misses`` lists each record with a missed gold event (``--extras``: with a predicted type its gold lacks)
and what was predicted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(SHARED / "eval"))
import events as measure  # noqa: E402  (../shared/eval/events.py)

RECORDS = SHARED / "dev" / "petrarch_unittest" / "records.jsonl"
LEXICONS = REPO / "bench" / "petrarch_world" / "lexicons"
WORLD = [REPO / "bench" / "petrarch_world" / "actors.jsonl", REPO / "bench" / "petrarch_world" / "agents.yaml"]


def score(pred: dict, record: dict) -> dict:
    """The shared measure's counts for one record, and which gold events were missed."""
    actors = {a.get("id"): a for a in pred.get("actors", [])}
    pevs = [(e.get("type"), (actors.get(e.get("source")) or {}).get("country"),
             (actors.get(e.get("target")) or {}).get("country")) for e in pred.get("events", [])]
    gevs = [(measure.plover_type(e), measure.country(e.get("source")), measure.country(e.get("target")))
            for e in record.get("events", [])]
    gevs = [g for g in gevs if g[0]]
    gtypes, ptypes = {g[0] for g in gevs}, {p[0] for p in pevs}
    n = defaultdict(int)
    n["pred"] = len(pevs)
    n["pred_ok"] = sum(1 for p in pevs if p[0] in gtypes)
    misses = []
    for g in gevs:
        n["gold"] += 1
        n["type_hit"] += g[0] in ptypes
        hit = None
        if g[1] and g[2]:
            n["dyad_gold"] += 1
            hit = any(p == g or (g[0] in measure.MUTUAL and p == (g[0], g[2], g[1])) for p in pevs)
            n["dyad_hit"] += hit
        if g[0] not in ptypes or hit is False:
            misses.append(g)
    return {"counts": n, "gold": gevs, "pred": pevs, "misses": misses}


def summary(n: dict) -> dict:
    return {"gold": n["gold"], "type_recall": round(n["type_hit"] / max(1, n["gold"]), 3),
            "dyad_recall": round(n["dyad_hit"] / max(1, n["dyad_gold"]), 3),
            "precision": round(n["pred_ok"] / max(1, n["pred"]), 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--category", help="only records of this category")
    ap.add_argument("--misses", action="store_true", help="list the records with missed gold events")
    ap.add_argument("--extras", action="store_true", help="list the records with a predicted type their gold does not have")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--verbs", choices=("world", "shipped"), default="world",
                    help="world: the unit tests' own verb dictionary, which their gold was coded with "
                         "(bench/petrarch_world/lexicons); shipped: newsledger's CAMEO dictionary and patterns")
    args = ap.parse_args()
    if args.verbs == "world":
        os.environ["NEWSLEDGER_LEXICONS"] = str(LEXICONS)
    predict = measure.load_predictor("newsledger", [str(p) for p in WORLD])
    records = [json.loads(line) for line in RECORDS.open(encoding="utf-8")]
    if args.category:
        records = [r for r in records if r["meta"].get("category") == args.category]
    total: dict = defaultdict(int)
    by_category: dict = defaultdict(lambda: defaultdict(int))
    by_type: dict = defaultdict(lambda: defaultdict(int))
    for r in records:
        d = r["meta"].get("date")
        d = f"{d[:4]}-{d[4:6]}-{d[6:]}" if d and len(d) == 8 and d.isdigit() else d
        try:
            pred = predict(r["text"], d)
        except Exception as e:  # the shared measure counts the gold as missed
            print(f"error on {r['id']}: {e!r}", file=sys.stderr)
            pred = {}
        s = score(pred, r)
        for key, value in s["counts"].items():
            total[key] += value
            by_category[r["meta"].get("category")][key] += value
        for g in s["gold"]:
            by_type[g[0]]["gold"] += 1
            by_type[g[0]]["type_hit"] += g[0] in {p[0] for p in s["pred"]}
        extra = {p[0] for p in s["pred"]} - {g[0] for g in s["gold"]}
        if args.misses and s["misses"] or args.extras and extra:
            print(f"{r['id']}: {r['text']}\n   gold {s['gold']}\n   pred {s['pred']}")
    out = {"all": summary(total),
           "categories": {c: summary(n) for c, n in sorted(by_category.items())},
           "types": {t: {"gold": n["gold"], "type_recall": round(n["type_hit"] / n["gold"], 3)} for t, n in sorted(by_type.items())}}
    print(f"{'':10} {'gold':>5} {'type_rec':>8} {'dyad_rec':>8} {'prec':>6}")
    for name, row in [("ALL", out["all"]), *out["categories"].items()]:
        print(f"{name:10} {row['gold']:5} {row['type_recall']:8.3f} {row['dyad_recall']:8.3f} {row['precision']:6.3f}")
    print("by type: " + ", ".join(f"{t} {v['type_recall']:.2f}/{v['gold']}" for t, v in out["types"].items()))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
