"""``newsledger eval``: the pipeline against hand-made gold files, precision/recall/F1 per stage.

Gold format and matching rules: ``examples/gold/README.md`` (a copy of the team's gold README).
Actors, which that README leaves open, match like quote speakers do: a predicted actor
matches a gold actor when its canonical name equals the gold name or one of the gold
mentions (case-insensitive); each gold actor is matched once, so an actor split in two
counts one hit and one false positive.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

from newsledger.document import Document
from newsledger.settings import Settings


class GoldError(ValueError):
    pass


def _norm(text: Optional[str]) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("’", "'")).strip().lower()


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Tally") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def scores(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def dice(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    total = (a[1] - a[0]) + (b[1] - b[0])
    return 2 * inter / total if total else 0.0


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _match(golds: list, preds: list, ok: Callable[[Any, Any], float]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching by the best score ``ok(gold, pred)`` (> 0 means a match)."""
    candidates = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            score = ok(g, p)
            if score > 0:
                candidates.append((score, gi, pi))
    candidates.sort(key=lambda c: -c[0])
    used_g, used_p, pairs = set(), set(), []
    for _score, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


class _GoldActors:
    def __init__(self, gold: dict):
        self.by_name = {_norm(a["name"]): a for a in gold.get("actors", [])}

    def names_for(self, name: str) -> set[str]:
        actor = self.by_name.get(_norm(name))
        names = {_norm(name)}
        if actor:
            names |= {_norm(m) for m in actor.get("mentions", [])}
        return names

    def country_of(self, name: str) -> Optional[str]:
        actor = self.by_name.get(_norm(name))
        if actor and actor.get("type") == "country":
            return actor.get("country")
        return None


def score_actors(document: Document, gold: dict) -> dict[str, Any]:
    golds = gold.get("actors", [])
    preds = document.actors

    def ok(g, p):
        names = {_norm(g["name"])} | {_norm(m) for m in g.get("mentions", [])}
        if _norm(p.name) in names:
            return 2.0
        # An actor the dictionary names in full ("Central Intelligence Agency") that the text
        # calls by a gold name ("CIA").
        said = {_norm(m.text) for m in p.mentions if m.kind == "name"}
        return 1.0 if said & names else 0.0

    pairs = _match(golds, preds, ok)
    # Gold lists the actors the article names; an unnamed actor that matches no gold one
    # ("a senior official", "police") is scored through the quotes and claims it speaks,
    # not counted as an extra actor here.
    matched = {p for _, p in pairs}
    unmatched_unnamed = sum(1 for i, p in enumerate(preds) if not p.named and i not in matched)
    tally = Tally(tp=len(pairs), fp=len(preds) - len(pairs) - unmatched_unnamed, fn=len(golds) - len(pairs))
    attributes = {}
    wrong = []
    for attr in ("type", "country", "sector", "title"):
        right = 0
        for gi, pi in pairs:
            want, got = golds[gi].get(attr), getattr(preds[pi], attr)
            if _norm(want) == _norm(got):
                right += 1
            else:
                wrong.append(f"{golds[gi]['name']} {attr} {got!r}≠{want!r}")
        attributes[attr] = {"right": right, "of": len(pairs)}
    gold_mentions = found = 0
    for gi, pi in pairs:
        said = {_norm(m.text) for m in preds[pi].mentions}
        for m in golds[gi].get("mentions", []):
            gold_mentions += 1
            found += _norm(m) in said
    return {
        "tally": tally,
        "attributes": attributes,
        "mentions": {"found": found, "of": gold_mentions},
        "wrong": wrong,
        "missed": [golds[i]["name"] for i in range(len(golds)) if i not in {g for g, _ in pairs}],
        "extra": [preds[i].name for i in range(len(preds)) if i not in matched and preds[i].named],
        "unnamed": {"found": sum(1 for p in preds if not p.named), "matching_gold": sum(1 for i in matched if not preds[i].named)},
    }


def score_quotes(document: Document, gold: dict) -> dict[str, Any]:
    golds = gold.get("quotes", [])
    preds = document.quotes
    actors = _GoldActors(gold)

    def speaker_ok(g, p) -> bool:
        if not g.get("speaker"):
            return p.speaker is None
        if p.speaker is None:
            return False
        actor = document.actor(p.speaker)
        name = actor.name if actor else p.speaker_name
        return _norm(name) in actors.names_for(g["speaker"])

    def span_ok(g, p):
        d = dice(tuple(g["span"]), (p.start, p.end))
        return d if d >= 0.5 else 0.0

    span_pairs = _match(golds, preds, span_ok)
    span = Tally(tp=len(span_pairs), fp=len(preds) - len(span_pairs), fn=len(golds) - len(span_pairs))
    both_pairs = _match(golds, preds, lambda g, p: span_ok(g, p) if speaker_ok(g, p) else 0.0)
    both = Tally(tp=len(both_pairs), fp=len(preds) - len(both_pairs), fn=len(golds) - len(both_pairs))
    matched = {g for g, _ in both_pairs}
    return {
        "tally": both,
        "span": span,
        "missed": [g["quote"][:80] for i, g in enumerate(golds) if i not in matched],
        "extra": [p.text[:80] for i, p in enumerate(preds) if i not in {q for _, q in both_pairs}],
    }


def score_scare_quotes(document: Document, gold: dict) -> dict[str, Any]:
    golds = gold.get("scare_quotes", [])
    preds = document.scare_quotes
    pairs = _match(golds, preds, lambda g, p: dice(tuple(g["span"]), (p.start, p.end)) if dice(tuple(g["span"]), (p.start, p.end)) >= 0.5 else 0)
    return {"tally": Tally(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs))}


# Events the text does not assert (a condition, a question, a possibility): kept with their mode,
# not scored as events the article states.
NOT_ASSERTED = {"hypothetical", "conditional", "question"}


def score_events(document: Document, gold: dict) -> dict[str, Any]:
    golds = gold.get("events", [])
    preds = [e for e in document.events if e.mode not in NOT_ASSERTED]
    actors = _GoldActors(gold)

    def role_ok(gold_name: Optional[str], actor_id: Optional[str]) -> bool:
        if not gold_name:
            return actor_id is None
        actor = document.actor(actor_id)
        if actor is None:
            return False
        if _norm(actor.name) in actors.names_for(gold_name):
            return True
        country = actors.country_of(gold_name)
        return country is not None and actor.country == country

    def ok(g, p):
        if p.type != g["type"] and p.type not in g.get("also", []):
            return 0.0
        if bool(p.negated) != bool(g.get("negated")):
            return 0.0
        straight = role_ok(g.get("source"), p.source) and role_ok(g.get("target"), p.target)
        crossed = g.get("symmetric") and role_ok(g.get("source"), p.target) and role_ok(g.get("target"), p.source)
        if not (straight or crossed):
            return 0.0
        near = 1.0 + (dice(tuple(g["evidence_span"]), (p.start, p.end)) if g.get("evidence_span") else 0.0)
        return near

    pairs = _match(golds, preds, ok)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    tp = sum(1 for g, _ in pairs if golds[g].get("core", True))
    fn = sum(1 for i, g in enumerate(golds) if g.get("core", True) and i not in matched_gold)
    fp = len(preds) - len(matched_pred)
    # per PLOVER type: a found core gold event counts for its type, an extra for its own type
    by_type: dict[str, dict[str, int]] = {}
    for gi, _ in pairs:
        if golds[gi].get("core", True):
            by_type.setdefault(golds[gi]["type"], {"tp": 0, "fp": 0, "fn": 0})["tp"] += 1
    for i, g in enumerate(golds):
        if g.get("core", True) and i not in matched_gold:
            by_type.setdefault(g["type"], {"tp": 0, "fp": 0, "fn": 0})["fn"] += 1
    for i, p in enumerate(preds):
        if i not in matched_pred:
            by_type.setdefault(p.type, {"tp": 0, "fp": 0, "fn": 0})["fp"] += 1
    name = Path(str(gold.get("file") or gold.get("id") or "")).stem
    return {
        "tally": Tally(tp, fp, fn),
        "by_type": by_type,
        "missed": [f"{name}: {g['source']} {g['type']} {g['target']}" for i, g in enumerate(golds) if g.get("core", True) and i not in matched_gold],
        "extra": [f"{name}: {p.source_name} {p.type} {p.target_name}" for i, p in enumerate(preds) if i not in matched_pred],
    }


def score_times(document: Document, gold: dict) -> dict[str, Any]:
    golds = gold.get("times", [])
    preds = document.times
    pairs = _match(golds, preds, lambda g, p: 1.0 if overlaps(tuple(g["span"]), (p.start, p.end)) and g["value"] == p.value else 0.0)
    span_pairs = _match(golds, preds, lambda g, p: 1.0 if overlaps(tuple(g["span"]), (p.start, p.end)) else 0.0)
    return {
        "tally": Tally(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)),
        "span": Tally(len(span_pairs), len(preds) - len(span_pairs), len(golds) - len(span_pairs)),
        "missed": [f"{g['text']}={g['value']}" for i, g in enumerate(golds) if i not in {x for x, _ in pairs}],
    }


def score_places(document: Document, gold: dict) -> dict[str, Any]:
    golds = gold.get("places", [])
    preds = document.places
    pairs = _match(golds, preds, lambda g, p: 1.0 if overlaps(tuple(g["span"]), (p.start, p.end)) and g.get("country") == p.country else 0.0)
    return {
        "tally": Tally(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)),
        "missed": [f"{g['text']}={g.get('country')}" for i, g in enumerate(golds) if i not in {x for x, _ in pairs}],
    }


def score_claims(document: Document, gold: dict) -> dict[str, Any]:
    golds = gold.get("claims", [])
    right = found = 0
    for g in golds:
        spans = [tuple(g["evidence_span"])] if g.get("evidence_span") else []
        at = document.text.find(g["claim"])
        if at >= 0:
            spans.append((at, at + len(g["claim"])))
        near = [c for c in document.claims if any(overlaps(s, (c.start, c.end)) for s in spans)]
        if near:
            found += 1
            right += any(c.source_type == g["source_type"] for c in near)
    return {"source_type_accuracy": {"right": right, "found": found, "of": len(golds)}}


def score_hedges(document: Document, gold: dict) -> dict[str, Any]:
    golds = gold.get("hedges", [])
    preds = document.hedges
    pairs = _match(golds, preds, lambda g, p: 1.0 if overlaps(tuple(g["span"]), (p.start, p.end)) else 0.0)
    return {
        "tally": Tally(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)),
        "missed": [g["text"] for i, g in enumerate(golds) if i not in {x for x, _ in pairs}],
    }


# stage name -> (the pipeline stage whose output it scores, scorer)
SCORERS: dict[str, tuple[str, Callable[[Document, dict], dict]]] = {
    "actors": ("actors", score_actors),
    "quotes": ("quotes", score_quotes),
    "scare_quotes": ("quotes", score_scare_quotes),
    "events": ("events", score_events),
    "times": ("time", score_times),
    "places": ("place", score_places),
    "claims": ("sourcing", score_claims),
    "hedges": ("sourcing", score_hedges),
}


def gold_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.json")))
        elif path.is_file():
            files.append(path)
        else:
            raise GoldError(f"{path}: no such gold file or folder")
    if not files:
        raise GoldError("no gold files (*.json) found in " + ", ".join(str(p) for p in paths))
    return files


def _article_path(gold_path: Path, gold: dict) -> Path:
    name = gold.get("file")
    if not name:
        raise GoldError(f"{gold_path}: gold file has no 'file' field naming its article")
    for candidate in (gold_path.parent.parent / name, gold_path.parent / name, gold_path.parent / Path(name).name):
        if candidate.is_file():
            return candidate
    raise GoldError(f"{gold_path}: its article {name!r} was not found next to the gold folder")


def evaluate_paths(paths: Iterable[Path], settings: Optional[Settings] = None) -> dict[str, Any]:
    from newsledger.ingest import read_one
    from newsledger.pipeline import analyze_articles, stage_names

    settings = settings or Settings()
    files = gold_files(paths)
    running = set(stage_names())
    totals: dict[str, dict[str, Any]] = {}
    per_file = []
    for gold_path in files:
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise GoldError(f"{gold_path}: not a readable gold JSON file ({exc})") from exc
        article = read_one(_article_path(gold_path, gold), date=gold.get("date"))
        document = next(analyze_articles([article], settings))
        file_scores = {}
        for stage, (needs, scorer) in SCORERS.items():
            if needs not in running:
                continue
            result = scorer(document, gold)
            file_scores[stage] = _plain(result)
            _accumulate(totals.setdefault(stage, {}), result)
        per_file.append({"gold": str(gold_path), "scores": file_scores})
    return {"files": len(files), "stages": {k: _plain(v) for k, v in totals.items()}, "per_file": per_file}


def _accumulate(total: dict[str, Any], result: dict[str, Any]) -> None:
    for key, value in result.items():
        if isinstance(value, Tally):
            total.setdefault(key, Tally()).add(value)
        elif isinstance(value, dict):
            inner = total.setdefault(key, {})
            for k, v in value.items():
                if isinstance(v, dict):
                    slot = inner.setdefault(k, {})
                    for kk, vv in v.items():
                        slot[kk] = slot.get(kk, 0) + vv
                else:
                    inner[k] = inner.get(k, 0) + v
        elif isinstance(value, list):
            total.setdefault(key, []).extend(value)


def _plain(result: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.scores() if isinstance(v, Tally) else v) for k, v in result.items()}


def print_scores(result: dict[str, Any], console) -> None:
    from rich.table import Table

    table = Table(title=f"newsledger eval — {result['files']} gold file(s)")
    for column in ("stage", "measure", "P", "R", "F1", "tp/fp/fn"):
        table.add_column(column, justify="right" if column in ("P", "R", "F1") else "left")
    for stage, scores in result["stages"].items():
        for key, value in scores.items():
            if isinstance(value, dict) and "f1" in value:
                measure = {"tally": "match", "span": "span only"}.get(key, key)
                if stage == "quotes" and key == "tally":
                    measure = "span+speaker"
                table.add_row(stage, measure, f"{value['precision']:.3f}", f"{value['recall']:.3f}", f"{value['f1']:.3f}", f"{value['tp']}/{value['fp']}/{value['fn']}")
    console.print(table)
    by_type = result["stages"].get("events", {}).get("by_type")
    if by_type:
        types = Table(title="events per PLOVER type (core gold)")
        for column in ("type", "P", "R", "tp/fp/fn"):
            types.add_column(column, justify="left" if column == "type" else "right")
        for name, n in sorted(by_type.items()):
            precision = n["tp"] / (n["tp"] + n["fp"]) if n["tp"] + n["fp"] else 0.0
            recall = n["tp"] / (n["tp"] + n["fn"]) if n["tp"] + n["fn"] else 0.0
            types.add_row(name, f"{precision:.3f}", f"{recall:.3f}", f"{n['tp']}/{n['fp']}/{n['fn']}")
        console.print(types)
    for stage, scores in result["stages"].items():
        details = []
        for key, value in scores.items():
            if key == "attributes":
                details.append("attributes right: " + ", ".join(f"{a} {v['right']}/{v['of']}" for a, v in value.items()))
            elif key == "mentions":
                details.append(f"gold mentions found: {value['found']}/{value['of']}")
            elif key == "source_type_accuracy":
                details.append(f"claims found {value['found']}/{value['of']}, source type right {value['right']}/{value['of']}")
            elif key in ("missed", "extra", "wrong") and value:
                shown = value if stage == "events" and key == "missed" else value[:12]  # every missed event is listed
                details.append(f"{key}: " + "; ".join(str(v) for v in shown) + (" …" if len(value) > len(shown) else ""))
        if details:
            console.print(f"[bold]{stage}[/]: " + " | ".join(details), highlight=False)
