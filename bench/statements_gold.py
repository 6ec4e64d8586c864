"""Pairwise precision and recall of cross-article statement links on the gold of
bench/statements_gold/ (issue 14), by kind of link.

    .venv/bin/python bench/statements_gold.py [--gold bench/statements_gold/allsides.json] [--db DB] [--show]

The gold's articles are read from the shared corpus, ingested into a fresh database (or
--db, reused when it holds them) and linked the way `newsledger ingest` links. A gold
occurrence is a span the reader marked; every other double-quoted passage of a gold article
is a statement of its own. A system occurrence stands for the gold occurrence it overlaps
most (at least half of the shorter of the two); pairs of system occurrences with no gold
counterpart are counted apart as unjudged. Kinds of a pair: direct (two whole-sentence
quotes), paraphrase (one side indirect), partial (the rest).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import and_, select

ROOT = Path(__file__).resolve().parents[1]
QUOTED = re.compile(r'[“"]([^”"]+)[”"]')


def corpus_path(gold: dict) -> Path:
    for base in (ROOT.parent / "shared" / "corpora", Path("/work/shared/corpora")):
        if (base / gold["corpus"]).exists():
            return base / gold["corpus"]
    sys.exit(f"corpus {gold['corpus']} not found under ../shared/corpora")


def gold_occurrences(gold: dict, texts: dict[str, str]) -> list[dict]:
    """Every gold occurrence with its statement; unmarked quoted passages as singletons."""
    found = []
    for story in gold["stories"]:
        marked = defaultdict(list)
        for statement in story["statements"]:
            for o in statement["occurrences"]:
                found.append({**o, "statement": statement["id"]})
                marked[o["article"]].append((o["start"], o["end"]))
        for article in story["articles"]:
            for m in QUOTED.finditer(texts[article["id"]]):
                s, e = m.span(1)
                if not any(min(e, me) - max(s, ms) > 0 for ms, me in marked[article["id"]]):
                    found.append({"article": article["id"], "start": s, "end": e, "kind": "direct", "statement": f"single:{article['id']}:{s}"})
    return found


def pair_kind(a: dict, b: dict) -> str:
    kinds = {a["kind"], b["kind"]}
    if "indirect" in kinds:
        return "paraphrase"
    return "direct" if kinds == {"direct"} else "partial"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", default=str(ROOT / "bench" / "statements_gold" / "allsides.json"))
    parser.add_argument("--db", default=None)
    parser.add_argument("--show", action="store_true", help="print every false positive and missed pair")
    args = parser.parse_args()

    from newsledger.document import article_id_for
    from newsledger.run.ingest import ingest_paths
    from newsledger.store import Store
    from newsledger.store.schema import quotes
    from newsledger.store.statements import statement_occurrences

    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    wanted = {a["id"] for s in gold["stories"] for a in s["articles"]}
    records = {}
    with open(corpus_path(gold), encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in wanted:
                records[record["id"]] = record
    texts = {k: r["text"] for k, r in records.items()}
    stored_id = {k: article_id_for(t) for k, t in texts.items()}
    corpus_id = {v: k for k, v in stored_id.items()}

    folder = Path(tempfile.mkdtemp(prefix="statements-gold-"))
    db = args.db or str(folder / "gold.db")
    source = folder / "gold.jsonl"
    # In date order, as a feed would bring them: who reported first depends on it.
    with open(source, "w", encoding="utf-8") as out:
        for record in sorted(records.values(), key=lambda r: (r["date"] or "", r["id"])):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    report = ingest_paths([str(source)], db, progress=False, workers=1)
    print(f"ingest: {report.summary()}", file=sys.stderr)

    golds = gold_occurrences(gold, texts)
    with Store(db) as store, store.engine.connect() as conn:
        rows = conn.execute(
            select(statement_occurrences.c.article_id, statement_occurrences.c.quote_idx, statement_occurrences.c.statement_id,
                   quotes.c.start_char, quotes.c.end_char, quotes.c.text, quotes.c.kind)
            .join(quotes, and_(quotes.c.article_id == statement_occurrences.c.article_id, quotes.c.idx == statement_occurrences.c.quote_idx))
            .where(statement_occurrences.c.article_id.in_(list(corpus_id)))
        ).mappings().all()

    def counterpart(row) -> int | None:
        best, best_overlap = None, 0
        for n, g in enumerate(golds):
            if g["article"] != corpus_id[row["article_id"]]:
                continue
            overlap = min(row["end_char"], g["end"]) - max(row["start_char"], g["start"])
            shorter = min(row["end_char"] - row["start_char"], g["end"] - g["start"])
            if overlap > best_overlap and overlap >= 0.5 * shorter:
                best, best_overlap = n, overlap
        return best

    mapped = [(dict(r), counterpart(r)) for r in rows]
    gold_pairs = {}
    for a, b in itertools.combinations(range(len(golds)), 2):
        ga, gb = golds[a], golds[b]
        if ga["statement"] == gb["statement"] and ga["article"] != gb["article"]:
            gold_pairs[(a, b)] = pair_kind(ga, gb)
    system_pairs, unjudged = {}, 0
    by_statement = defaultdict(list)
    for row, g in mapped:
        by_statement[row["statement_id"]].append((row, g))
    for members in by_statement.values():
        for (ra, ga), (rb, gb) in itertools.combinations(members, 2):
            if ra["article_id"] == rb["article_id"]:
                continue
            if ga is None or gb is None:
                unjudged += 1
                continue
            if ga != gb and golds[ga]["article"] != golds[gb]["article"]:
                key = (min(ga, gb), max(ga, gb))
                system_pairs[key] = pair_kind(golds[key[0]], golds[key[1]])

    def figures(kind: str | None) -> dict:
        g = {p for p, k in gold_pairs.items() if kind in (None, k)}
        s = {p for p, k in system_pairs.items() if kind in (None, k)}
        tp = len(g & s)
        return {"gold_pairs": len(g), "system_pairs": len(s), "true": tp,
                "precision": round(tp / len(s), 3) if s else None, "recall": round(tp / len(g), 3) if g else None}

    result = {"all": figures(None), **{k: figures(k) for k in ("direct", "partial", "paraphrase")},
              "unjudged_system_pairs": unjudged, "gold_occurrences_found": sum(1 for _r, g in mapped if g is not None),
              "gold_occurrences": len(golds), "quotes": len(rows)}
    print(json.dumps(result, indent=1))
    if args.show:
        def said(n: int) -> str:
            g = golds[n]
            return f"{g['statement']} {records[g['article']]['source']}: {texts[g['article']][g['start']:g['end']][:90]!r}"
        for p in sorted(set(system_pairs) - set(gold_pairs)):
            print("FALSE", system_pairs[p], "|", said(p[0]), "<->", said(p[1]))
        for p in sorted(set(gold_pairs) - set(system_pairs)):
            print("MISSED", gold_pairs[p], "|", said(p[0]), "<->", said(p[1]))


if __name__ == "__main__":
    main()
