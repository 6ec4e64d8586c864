"""Builds records.jsonl from the hand-coded sentences in gold.py (read from the articles, never from newsledger).

Checks: each text occurs verbatim in its article; every type is one of the 16 PLOVER types.
Split by position in file order: every third record (n % 3 == 2) is "test".
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "..", "shared", "corpora", "wikinews_2019_2020", "wikinews_2019_2020.jsonl")
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
sys.path.insert(0, HERE)
from gold import ARTICLES  # noqa: E402

arts = {}
for line in open(CORPUS, encoding="utf-8"):
    r = json.loads(line)
    arts[r["title"]] = r
out, bad = [], 0
for slug, title, sents in ARTICLES:
    a = arts[title]
    for k, (text, evs) in enumerate(sents, 1):
        if text not in a["text"]:
            print("NOT VERBATIM", slug, k, text[:80]); bad += 1
        events = []
        for e in evs:
            src, tgt, typ = e[:3]
            if typ not in TYPES:
                print("BAD TYPE", slug, k, typ); bad += 1
            ev = {"source": src, "target": tgt, "plover_2021": typ}
            if len(e) > 3 and e[3]:
                ev["note"] = e[3]
            events.append(ev)
        if not events:
            print("NO EVENTS", slug, k); bad += 1
        out.append({"id": f"wn-{slug}-{k}", "dataset": "wikinews_sentences", "language": "en", "code_scheme": "PLOVER",
                    "text": text, "events": events,
                    "meta": {"date": a["date"].replace("-", ""), "article": a["id"], "url": a["meta"]["url"]}})
for n, r in enumerate(out):
    r["meta"]["part"] = "test" if n % 3 == 2 else "dev"
if bad:
    sys.exit(f"{bad} problems")
with open(os.path.join(HERE, "records.jsonl"), "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
from collections import Counter
c = Counter(e["plover_2021"] for r in out for e in r["events"])
parts = Counter(r["meta"]["part"] for r in out)
print(len(out), "records", sum(c.values()), "events", len({r["meta"]["article"] for r in out}), "articles", dict(parts))
print(sorted(c.items(), key=lambda x: -x[1]))
