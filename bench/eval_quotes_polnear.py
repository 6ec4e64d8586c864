"""Measure the quotes stage on PolNeAR (../shared/dev/polnear): figures only, no text copied.

    .venv/bin/python bench/eval_quotes_polnear.py [dev|train] [max_articles]

Measure (../shared/dev/polnear/README.md): a prediction matches a gold content when their
Dice overlap is >= 0.5 (whole span or one fragment); the speaker is right when the
predicted speaker phrase or one of the speaker actor's mentions overlaps the gold speaker
span, or the person's surname occurs in it. Precision over predictions that hold quotation
marks (direct, mixed) against gold contents with quotation marks; recall over those, and
over all attributions.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from newsledger.stages import actors
from newsledger.stages import nlp
from newsledger.stages import quotes
from newsledger.document import Article, Document
from newsledger.settings import Settings

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "dev" / "polnear"


def dice(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * inter / ((a[1] - a[0]) + (b[1] - b[0]))


def main(split: str = "dev", limit: int | None = None) -> None:
    path = POLNEAR / f"polnear_{split}.jsonl"
    if not path.exists():
        sys.exit(f"{path} is absent: this measure needs the team's shared data beside the checkout")
    settings = Settings()
    model = nlp.load(settings.model)
    articles = [json.loads(line) for line in path.open(encoding="utf-8")][:limit]
    n = dict(pred_q=0, pred_q_ok=0, pred_q_span=0, gold=0, gold_q=0, rec=0, rec_sp=0, rec_q=0, rec_q_sp=0)
    started = time.time()
    for art in articles:
        doc = Document(article=Article(text=art["text"]))
        doc.doc = model(art["text"])
        actors.run(doc, settings)
        quotes.run(doc, settings)

        def matches(q, g) -> bool:
            spans = [tuple(g["quote_span"])] + [tuple(f) for f in g.get("quote_fragments") or []]
            return any(dice((q.start, q.end), s) >= 0.5 for s in spans)

        def speaker_ok(q, g) -> bool:
            gs = g.get("speaker_span")
            if not gs:
                return q.speaker is None and q.speaker_span is None
            if q.speaker_span and q.speaker_span.start < gs[1] and gs[0] < q.speaker_span.end:
                return True
            actor = doc.actor(q.speaker)
            if actor is None:
                return False
            if any(m.start < gs[1] and gs[0] < m.end for m in actor.mentions):
                return True
            return actor.type == "person" and actor.name.split()[-1] in art["text"][gs[0] : gs[1]]

        for q in doc.quotes:
            if q.kind not in ("direct", "mixed"):
                continue
            n["pred_q"] += 1
            hits = [g for g in art["quotes"] if g["kind"] != "indirect" and matches(q, g)]
            n["pred_q_span"] += bool(hits)
            n["pred_q_ok"] += any(speaker_ok(q, g) for g in hits)
        for g in art["quotes"]:
            quoted = g["kind"] != "indirect"
            hits = [q for q in doc.quotes if matches(q, g)]
            good = any(speaker_ok(q, g) for q in hits)
            n["gold"] += 1
            n["rec"] += bool(hits)
            n["rec_sp"] += good
            if quoted:
                n["gold_q"] += 1
                n["rec_q"] += bool(hits)
                n["rec_q_sp"] += good
    p = n["pred_q_ok"] / max(1, n["pred_q"])
    r = n["rec_q_sp"] / max(1, n["gold_q"])
    print(f"PolNeAR {split}: {len(articles)} articles in {time.time() - started:.0f}s")
    print(f"quoted contents, span+speaker: P {p:.3f}  R {r:.3f}  F1 {2 * p * r / max(1e-9, p + r):.3f}")
    print(f"quoted contents, span only:    P {n['pred_q_span'] / max(1, n['pred_q']):.3f}  R {n['rec_q'] / max(1, n['gold_q']):.3f}")
    print(f"all attributions recall: span {n['rec'] / n['gold']:.3f}  span+speaker {n['rec_sp'] / n['gold']:.3f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "dev", int(sys.argv[2]) if len(sys.argv) > 2 else None)
