"""Check the Wikinews gold files against their texts (plain Python; does not import newsledger).

    python examples/wikinews/check_gold.py

Every span must give back its text exactly (text[start:end]), every speaker, source and target
must be an actor of the file, every mention must occur in the text, event types must be PLOVER's.
"""
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
          "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
VALUE = re.compile(r"^(\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}([+-]\d{2}:\d{2}|Z))?)?)?|\d{4}-W\d{2}|P[\dYMWDTHS]+|"
                   r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}|\d{4}-\d{2}/\d{4}-\d{2})$")


def check(path: Path) -> list[str]:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (HERE / gold["file"]).read_text(encoding="utf-8")
    errors = []

    def span(kind, item, field, span_field):
        start, end = item[span_field]
        if not (0 <= start < end <= len(text)) or text[start:end] != item[field]:
            errors.append(f"{kind}: {span_field} {item[span_field]} gives {text[start:end]!r}, not {item[field]!r}")

    names = {a["name"] for a in gold["actors"]}
    for a in gold["actors"]:
        for m in a["mentions"]:
            if m not in text:
                errors.append(f"actor {a['name']}: mention {m!r} not in text")
    for q in gold["quotes"]:
        span("quote", q, "quote", "span")
        if q["speaker"] not in names:
            errors.append(f"quote speaker {q['speaker']!r} is not an actor")
        if q["kind"] not in ("direct", "indirect", "mixed"):
            errors.append(f"quote kind {q['kind']!r}")
    for s in gold["scare_quotes"]:
        span("scare quote", s, "text", "span")
    for e in gold["events"]:
        span("event", e, "evidence", "evidence_span")
        if e["type"] not in PLOVER or not set(e["also"]) <= PLOVER:
            errors.append(f"event type {e['type']} / {e['also']}")
        for side in ("source", "target"):
            if e[side] is not None and e[side] not in names:
                errors.append(f"event {side} {e[side]!r} is not an actor")
        if e["source"] is None:
            errors.append(f"event without a source: {e['evidence']!r}")
        if e["date"] is not None and not VALUE.match(e["date"]):
            errors.append(f"event date {e['date']!r}")
    for t in gold["times"]:
        span("time", t, "text", "span")
        if not VALUE.match(t["value"]):
            errors.append(f"time value {t['value']!r}")
    for p in gold["places"]:
        span("place", p, "text", "span")
    for c in gold["claims"]:
        span("claim", c, "evidence", "evidence_span")
    for h in gold["hedges"]:
        span("hedge", h, "text", "span")
    return errors


def main() -> int:
    bad = 0
    for path in sorted((HERE / "gold").glob("*.json")):
        errors = check(path)
        bad += len(errors)
        print(f"{path.name}: {'ok' if not errors else str(len(errors)) + ' errors'}")
        for e in errors:
            print("  ", e)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
