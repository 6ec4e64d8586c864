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


def _name(text: Optional[str]) -> str:
    """An actor's name as compared with gold: a leading article is no part of it.

    Gold writes the mention as the text has it ("The State Department said"), the actors
    stage names the actor without it ("State Department"): the same actor.
    """
    return re.sub(r"^(?:the|a|an) ", "", _norm(text))


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
        self.by_name = {_name(a["name"]): a for a in gold.get("actors", [])}

    def names_for(self, name: str) -> set[str]:
        actor = self.by_name.get(_name(name))
        names = {_name(name)}
        if actor:
            names |= {_name(m) for m in actor.get("mentions", [])}
        return names

    def unnamed(self, name: str) -> bool:
        """An actor the text never names: the gold's author of an act nobody claimed ("a missile
        strike", "threats from unknown people"), which a prediction states as a null source."""
        actor = self.by_name.get(_name(name))
        return actor is not None and not actor.get("mentions")

    def country_of(self, name: str) -> Optional[str]:
        actor = self.by_name.get(_name(name))
        if actor and actor.get("type") == "country":
            return actor.get("country")
        return None


def score_actors(document: Document, gold: dict) -> dict[str, Any]:
    golds = gold.get("actors", [])
    preds = document.actors

    def ok(g, p):
        names = {_name(g["name"])} | {_name(m) for m in g.get("mentions", [])}
        if _name(p.name) in names:
            return 2.0
        # An actor the dictionary names in full ("Central Intelligence Agency") that the text
        # calls by a gold name ("CIA").
        said = {_name(m.text) for m in p.mentions if m.kind == "name"}
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
        said = {_name(m.text) for m in preds[pi].mentions}
        for m in golds[gi].get("mentions", []):
            gold_mentions += 1
            found += _name(m) in said
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
    # Gold files annotate direct, indirect and mixed quotes; a stance ("endorsed Cruz") is
    # an attribution they do not mark.
    preds = [q for q in document.quotes if q.kind != "stance"]
    actors = _GoldActors(gold)

    def speaker_ok(g, p) -> bool:
        if not g.get("speaker"):
            return p.speaker is None
        if p.speaker is None:
            return False
        actor = document.actor(p.speaker)
        name = actor.name if actor else p.speaker_name
        return _name(name) in actors.names_for(g["speaker"])

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
        if actor_id is None:
            return actors.unnamed(gold_name)
        actor = document.actor(actor_id)
        if actor is None:
            return False
        names = actors.names_for(gold_name)
        if _name(actor.name) in names:
            return True
        # as the actors are scored: an actor the dictionary names in full ("Charles Schumer")
        # that the text calls by a gold name ("Chuck Schumer")
        if any(m.kind == "name" and _name(m.text) in names for m in actor.mentions):
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
        if is_statements_gold(gold):  # links across articles, not one article's facts
            links = evaluate_statements(gold_path, gold, settings)
            _accumulate(totals.setdefault("statements", {}), links)
            per_file.append({"gold": str(gold_path), "scores": {"statements": _plain(links)}})
            continue
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


# --------------------------------------------------------------------------- statements (issue 14)
#
# A statements gold file (bench/statements_gold/README.md) names articles of a corpus of
# JSON lines and groups their quotations into statements by reading; it keeps ids and
# offsets only. Its articles are ingested into a fresh database, linked the way
# `newsledger ingest` links, and the cross-article links are scored pair by pair.

STATEMENT_LINK_KINDS = ("direct", "partial", "paraphrase")
_QUOTED_PASSAGE = re.compile(r'[“"]([^”"]+)[”"]')


def is_statements_gold(gold: Any) -> bool:
    return isinstance(gold, dict) and isinstance(gold.get("stories"), list) and "corpus" in gold


def statements_corpus(gold_path: Path, gold: dict) -> Path:
    """The corpus a statements gold names: next to the gold file, or in the team's
    shared corpora (``../shared/corpora`` of the repository or of the gold's folder)."""
    name = str(gold["corpus"])
    bases = [gold_path.parent, Path(__file__).resolve().parents[2].parent / "shared" / "corpora"]
    bases += [parent / "shared" / "corpora" for parent in gold_path.resolve().parents]
    for base in bases:
        if (base / name).is_file():
            return base / name
    raise GoldError(f"{gold_path}: its corpus {name!r} was not found next to it or under ../shared/corpora")


def statement_gold_occurrences(gold: dict, texts: dict[str, str]) -> list[dict[str, Any]]:
    """Every occurrence the reader grouped, with its statement; every other double-quoted
    passage of a gold article is a statement of its own (a link to it is a false positive)."""
    found: list[dict[str, Any]] = []
    for story in gold["stories"]:
        marked: dict[str, list[tuple[int, int]]] = {}
        for statement in story["statements"]:
            for occurrence in statement["occurrences"]:
                found.append({**occurrence, "statement": statement["id"]})
                marked.setdefault(occurrence["article"], []).append((occurrence["start"], occurrence["end"]))
        for article in story["articles"]:
            spans = marked.get(article["id"], [])
            for m in _QUOTED_PASSAGE.finditer(texts[article["id"]]):
                span = m.span(1)
                if not any(overlaps(span, other) for other in spans):
                    found.append({"article": article["id"], "start": span[0], "end": span[1], "kind": "direct",
                                  "statement": f"single:{article['id']}:{span[0]}"})
    return found


def statement_pair_kind(a: dict, b: dict) -> str:
    """paraphrase (one side indirect), direct (both whole-sentence quotes), partial (the rest)."""
    kinds = {a["kind"], b["kind"]}
    if "indirect" in kinds:
        return "paraphrase"
    return "direct" if kinds == {"direct"} else "partial"


def score_statement_links(gold: dict, texts: dict[str, str], system: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Pairwise precision and recall of cross-article links, overall and by kind of link.

    ``system``: the stored occurrences, each ``{"article", "start", "end", "statement_id"}``
    with ``article`` the gold's article id. A system occurrence stands for the gold
    occurrence it overlaps most (at least half of the shorter of the two); a pair of system
    occurrences either of which stands for no gold occurrence is counted as unjudged."""
    golds = statement_gold_occurrences(gold, texts)
    by_article: dict[str, list[int]] = {}
    for n, g in enumerate(golds):
        by_article.setdefault(g["article"], []).append(n)

    def counterpart(occurrence: dict[str, Any]) -> Optional[int]:
        best, best_overlap = None, 0
        for n in by_article.get(occurrence["article"], ()):
            g = golds[n]
            overlap = min(occurrence["end"], g["end"]) - max(occurrence["start"], g["start"])
            shorter = min(occurrence["end"] - occurrence["start"], g["end"] - g["start"])
            if overlap > best_overlap and overlap >= 0.5 * shorter:
                best, best_overlap = n, overlap
        return best

    gold_pairs: dict[tuple[int, int], str] = {}
    for a in range(len(golds)):
        for b in range(a + 1, len(golds)):
            if golds[a]["statement"] == golds[b]["statement"] and golds[a]["article"] != golds[b]["article"]:
                gold_pairs[(a, b)] = statement_pair_kind(golds[a], golds[b])
    members: dict[str, list[tuple[dict[str, Any], Optional[int]]]] = {}
    mapped = 0
    for occurrence in system:
        g = counterpart(occurrence)
        mapped += g is not None
        members.setdefault(occurrence["statement_id"], []).append((occurrence, g))
    system_pairs: dict[tuple[int, int], str] = {}
    unjudged = 0
    for group in members.values():
        for i, (oa, ga) in enumerate(group):
            for ob, gb in group[i + 1 :]:
                if oa["article"] == ob["article"]:
                    continue
                if ga is None or gb is None:
                    unjudged += 1
                    continue
                if ga != gb and golds[ga]["article"] != golds[gb]["article"]:
                    key = (min(ga, gb), max(ga, gb))
                    system_pairs[key] = statement_pair_kind(golds[key[0]], golds[key[1]])

    def tally(kind: Optional[str]) -> Tally:
        g = {p for p, k in gold_pairs.items() if kind in (None, k)}
        s = {p for p, k in system_pairs.items() if kind in (None, k)}
        return Tally(tp=len(g & s), fp=len(s - g), fn=len(g - s))

    def said(n: int) -> str:
        g = golds[n]
        return f"{g['statement']} {g['article']}: {texts[g['article']][g['start']:g['end']][:80]!r}"

    return {
        "links": tally(None),
        **{kind: tally(kind) for kind in STATEMENT_LINK_KINDS},
        "occurrences": {"found": mapped, "of": len(golds), "unjudged_pairs": unjudged},
        "extra": [f"{system_pairs[p]}: {said(p[0])} <-> {said(p[1])}" for p in sorted(set(system_pairs) - set(gold_pairs))],
        "missed": [f"{gold_pairs[p]}: {said(p[0])} <-> {said(p[1])}" for p in sorted(set(gold_pairs) - set(system_pairs))],
    }


def evaluate_statements(gold_path: Path, gold: dict, settings: Optional[Settings] = None, db: Optional[str] = None) -> dict[str, Any]:
    """Ingest the gold's articles (in date order, as a feed brings them: who reported first
    depends on it) into ``db`` or a fresh database, and score the links made."""
    import tempfile

    from sqlalchemy import and_, select

    from newsledger.document import article_id_for
    from newsledger.run.ingest import ingest_paths
    from newsledger.store import Store
    from newsledger.store.schema import quotes
    from newsledger.store.statements import statement_fragments, statement_occurrences

    wanted = {a["id"] for story in gold["stories"] for a in story["articles"]}
    records: dict[str, dict] = {}
    with open(statements_corpus(gold_path, gold), encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("id") in wanted:
                records[record["id"]] = record
    if wanted - set(records):
        raise GoldError(f"{gold_path}: articles not in its corpus: {', '.join(sorted(wanted - set(records)))}")
    texts = {k: r["text"] for k, r in records.items()}
    gold_id = {article_id_for(t): k for k, t in texts.items()}
    with tempfile.TemporaryDirectory(prefix="statements-gold-") as folder:
        source = Path(folder) / "gold.jsonl"
        with open(source, "w", encoding="utf-8") as out:
            for record in sorted(records.values(), key=lambda r: (r.get("date") or "", r["id"])):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        db = db or str(Path(folder) / "gold.db")
        ingest_paths([str(source)], db, settings=settings, progress=False, workers=1)
        occurrence, quote = statement_occurrences.c, quotes.c
        with Store(db) as store, store.engine.connect() as conn:
            rows = conn.execute(
                select(occurrence.article_id, occurrence.statement_id, quote.start_char, quote.end_char)
                .join(quotes, and_(quote.article_id == occurrence.article_id, quote.idx == occurrence.quote_idx))
                .where(occurrence.article_id.in_(list(gold_id)))
            ).mappings().all()
            fragment = statement_fragments.c
            # A quoted fragment linked to a statement is a partial occurrence of it.
            rows += conn.execute(
                select(fragment.article_id, fragment.statement_id, fragment.start_char, fragment.end_char)
                .where(fragment.article_id.in_(list(gold_id)), fragment.statement_id.is_not(None))
            ).mappings().all()
    system = [{"article": gold_id[r["article_id"]], "start": r["start_char"], "end": r["end_char"], "statement_id": r["statement_id"]} for r in rows]
    return score_statement_links(gold, texts, system)
