"""Checks records.jsonl on its own (without gold.py): every line parses, ids are unique, every type is one of
the 16 PLOVER types, every text occurs verbatim in its article, and the split is every third record = test.

Also gives an oracle predictor (the gold itself) to check that ../../../shared/eval/events.py reads the format:
  PYTHONPATH=bench/events_wikinews .venv/bin/python ../shared/eval/events.py --data bench/events_wikinews/records.jsonl --predictor check:oracle
must print type_recall 1.0 and dyad_recall 1.0. (newsledger is not involved.)
"""
import json
import os
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "..", "shared", "corpora", "wikinews_2019_2020", "wikinews_2019_2020.jsonl")
TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
RECS = [json.loads(l) for l in open(os.path.join(HERE, "records.jsonl"), encoding="utf-8")]
BY_TEXT = {r["text"]: r for r in RECS}


def oracle(text, date):
    r = BY_TEXT[text]
    actors, events = {}, []
    for e in r["events"]:
        for code in (e["source"], e["target"]):
            actors.setdefault(code, {"id": code, "country": code[:3] or None})
        events.append({"type": e["plover_2021"], "source": e["source"], "target": e["target"]})
    return {"actors": list(actors.values()), "events": events}


def main():
    arts = {json.loads(l)["id"]: json.loads(l) for l in open(CORPUS, encoding="utf-8")}
    assert len({r["id"] for r in RECS}) == len(RECS), "duplicate ids"
    for n, r in enumerate(RECS):
        assert r["text"] in arts[r["meta"]["article"]]["text"], r["id"]
        assert r["meta"]["url"] == arts[r["meta"]["article"]]["meta"]["url"], r["id"]
        assert r["meta"]["part"] == ("test" if n % 3 == 2 else "dev"), r["id"]
        assert r["events"], r["id"]
        for e in r["events"]:
            assert e["plover_2021"] in TYPES, (r["id"], e)
            assert isinstance(e["source"], str) and isinstance(e["target"], str), r["id"]
    ev = [(r["meta"]["part"], e["plover_2021"]) for r in RECS for e in r["events"]]
    print(len(RECS), "records,", len(ev), "events,", len({r["meta"]["article"] for r in RECS}), "articles")
    for part in ("dev", "test"):
        c = Counter(t for p, t in ev if p == part)
        print(part, sum(1 for r in RECS if r["meta"]["part"] == part), "records", sum(c.values()), "events",
              dict(sorted(c.items(), key=lambda x: (-x[1], x[0]))))
    print("ok")


if __name__ == "__main__":
    main()
