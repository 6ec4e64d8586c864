#!/usr/bin/env python3
"""Convert PETRARCH2's CAMEO verb dictionary and the CAMEO→PLOVER table into newsledger data.

Reads (from the team's shared dictionaries, not shipped at run time):

* ``phoenix/CAMEO.2.0.txt`` — the PETRARCH2 verb dictionary (MIT, Open Event Data Alliance):
  noun synsets (``&CEASEFIRE`` ``+TRUCE`` …), verb blocks (``---  MEET_PEOPLE  [040]  ---``
  followed by verbs ``MEET {MEETS MET MEETING}``, multi-word verbs ``+MEET_WITH``) and phrase
  patterns (``- * (FOR TALKS)  [036:036]  # MEET``).
* ``plover/CAMEO2PLOVER-2021.txt`` — the PLOVER project's CAMEO→PLOVER table (CC BY-SA 4.0).

Writes into ``src/newsledger/knowledge/data/events/``:

* ``cameo_plover.tsv`` — the table as TSV: cameo, plover type, PLOVER mode, context, description.
* ``cameo_verbs.jsonl`` — one JSON object a line. ``{"kind": "synset", "name": "&TREATY",
  "members": [["treaty"], ["written", "agreement"], …]}`` lines give the noun synsets the
  patterns refer to by name. ``{"kind": "block", ...}`` lines give a verb
  block: its verbs (lemma, extra words of a multi-word verb, inflected forms, own CAMEO code)
  and its default code. ``{"kind": "pattern", ...}`` lines give a phrase pattern of the block:
  the words required around the subject (``subject``), after the verb (``object``), in
  prepositional phrases (``preps``), the CAMEO code and the PLOVER type and mode looked up in the
  table. A pattern element is a list of alternatives, each alternative a list of words that
  must all occur (lower case, as written in the dictionary: matching compares them with the
  token's form and lemma). Codes ``---`` (no event) are kept: they block a verb's default code.

The PLOVER type of a CAMEO code is the table's; codes the table lacks (the 01x statements and
02x appeals, which PLOVER dropped or folded into REQUEST) are looked up in the hand-written
``cameo_plover_supplement.tsv`` beside the output. Run from the repository root::

    python scripts/convert_cameo_verbs.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "newsledger" / "knowledge" / "data" / "events"

BLOCK_RE = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
CODE_RE = re.compile(r"\[([^\]]*)\]")
# Place holders of PETRARCH patterns that stand for actors or skipped words, not for words.
MARKERS = {"$", "+", "^", "%", "*"}


def read_plover_table(path: Path) -> dict[str, dict[str, str]]:
    """``{cameo: {plover, mode, context, description}}`` from CAMEO2PLOVER-2021.txt."""
    table: dict[str, dict[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line.startswith("~"):
            continue
        code, _, rest = line.partition(":")
        code = code.strip()
        if not code.isdigit():
            continue  # two-digit header lines ("03: AGREE") name the root: the fallback of unlisted codes
        rest, _, description = rest.partition("#")
        fields = [f.strip() for f in rest.split(",")]
        fields += [""] * (3 - len(fields))
        table.setdefault(
            code,
            {"plover": fields[0], "mode": fields[1], "context": fields[2].replace(" ", ""), "description": description.strip()},
        )
    return table


def read_supplement(path: Path) -> dict[str, dict[str, str]]:
    """The hand-written mapping for codes the PLOVER table lacks (``cameo<TAB>plover<TAB>mode``)."""
    table: dict[str, dict[str, str]] = {}
    if not path.exists():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        parts += [""] * (4 - len(parts))
        table[parts[0].strip()] = {"plover": parts[1].strip(), "mode": parts[2].strip(), "context": "", "description": parts[3].strip()}
    return table


def plover_for(code: Optional[str], table: dict, supplement: dict) -> tuple[Optional[str], str]:
    """PLOVER (type, mode) of a CAMEO code: the table's for the code or its nearest parent."""
    if not code:
        return None, ""
    for source in (table, supplement):
        for length in range(len(code), 1, -1):
            entry = source.get(code[:length])
            if entry is not None:
                return (entry["plover"] or None), entry["mode"]
    return None, ""


def words_of(phrase: str) -> list[str]:
    """``PEACE_DEAL`` → ``["peace", "deal"]``; a trailing ``_`` (exact form in PETRARCH) dropped."""
    return [w for w in phrase.strip("_").lower().split("_") if w]


def read_synsets(lines: list[str]) -> dict[str, list[list[str]]]:
    """Every ``&NAME`` block of the file, wherever it stands: TABARI-style files (PETRARCH's
    validation verbs) define synsets between the verb blocks too (``&ACCORDSYN`` after ``ABANDON``).
    A member may itself be a synset (``+&TIETYPES``): its members are written out in its place."""
    raw_sets: dict[str, list[str]] = {}
    current: Optional[str] = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("&"):
            current = line.rstrip("_")
            raw_sets[current] = []
        elif line.startswith("+") and current:
            raw_sets[current].append(line[1:].strip())
        elif not line:
            continue
        else:
            current = None

    def members(name: str, seen: frozenset[str]) -> list[list[str]]:
        out: list[list[str]] = []
        for member in raw_sets.get(name, []):
            nested = member.rstrip("_")
            if nested.startswith("&"):
                if nested in raw_sets and nested not in seen:
                    out.extend(members(nested, seen | {nested}))
            elif words_of(member):
                out.append(words_of(member))
        return out

    return {name: members(name, frozenset({name})) for name in raw_sets}


def parse_code(text: str) -> tuple[Optional[str], Optional[str], bool]:
    """``036:036`` → (``036``, ``036``, False); ``:020`` → (``020``, None, True) — the event runs
    from the target to the subject; ``---`` → (None, None, False)."""
    text = text.strip().rstrip("!").strip()
    main, _, second = text.partition(":")
    main, second = main.strip(), second.strip()
    if main in ("", "---") and second and second != "---":
        return second, None, True
    if main in ("", "---"):
        return None, None, False
    return main, (second or None), False


def tokenize_pattern(body: str) -> list[str]:
    # the verb's place may be glued to its words ("IN_*", "*_OUT"): it stands alone here
    body = re.sub(r"_?\*_?", " * ", body)
    return re.findall(r"\(|\)|\{|\}|[^\s(){}]+", body)


def element(token: str, synsets: dict[str, list[list[str]]]):
    """One pattern word as alternatives: ``TALKS`` → ``[["talks"]]``; ``&TREATY`` → the name of
    the synset, whose members (the alternatives) are written once as a ``synset`` record."""
    if token in MARKERS:
        return None
    if token.startswith("&") and synsets.get(token.rstrip("_")):
        return token.rstrip("_")  # a reference to a synset record
    if "&" in token:
        return _joined_element(token, synsets)
    words = words_of(token)
    return [words] if words else None


def _joined_element(token: str, synsets: dict[str, list[list[str]]]):
    """A synset joined to words ("&TIETYPES_MEMOS", "FIGHTER_&AIRCRAFT"): each member of the
    synset with the words around it, as alternatives written out. Synset names may hold "_"
    themselves ("&FIGHT_OF_WORDS"): the longest name that is a synset is taken. None when a
    synset is unknown (the pattern then cannot be met as written)."""
    parts = [p for p in token.strip("_").split("_") if p]
    alternatives: list[list[str]] = [[]]
    i = 0
    while i < len(parts):
        if parts[i].startswith("&"):
            for j in range(len(parts), i, -1):
                name = "_".join(parts[i:j])
                if synsets.get(name):
                    alternatives = [a + m for a in alternatives for m in synsets[name]]
                    i = j
                    break
            else:
                return None
        else:
            alternatives = [a + [parts[i].lower()] for a in alternatives]
            i += 1
    return alternatives or None


def parse_pattern(body: str, synsets: dict) -> Optional[dict]:
    """The words of a pattern line (without its code), split around the verb's place ``*``."""
    tokens = tokenize_pattern(body)
    if "*" not in tokens:
        return None
    star = tokens.index("*")
    subject: list = []
    obj: list = []
    preps: list = []
    depth_paren = False
    current_prep: Optional[dict] = None
    expect_prep = False
    for i, tok in enumerate(tokens):
        if i == star or tok in ("{", "}"):
            continue
        if tok == "(":
            depth_paren, expect_prep = True, True
            continue
        if tok == ")":
            if current_prep is not None:
                preps.append(current_prep)
            depth_paren, current_prep = False, None
            continue
        if depth_paren and expect_prep:
            expect_prep = False
            if tok in MARKERS:
                current_prep = {"prep": [], "elements": []}
            else:
                current_prep = {"prep": [p.lower() for p in tok.split("/") if p], "elements": []}
                continue
        el = element(tok, synsets)
        if el is None:
            continue
        if depth_paren and current_prep is not None:
            current_prep["elements"].append(el)
        elif i < star:
            subject.append(el)
        else:
            obj.append(el)
    # "%" before the verb: the subject is a compound ("A and B agree"), coded both ways
    compound = "%" in tokens[:star]
    # "+ * MONEY $" ("X received money from Y"): PETRARCH's "+" marks the target and "$" the
    # source; a target before the verb and a source after it make the subject the target
    subject_is_target = "+" in tokens[:star] and "$" in tokens[star + 1:]
    return {"subject": subject, "object": obj, "preps": preps, **({"compound": True} if compound else {}),
            **({"subject_is_target": True} if subject_is_target else {})}


def _element_refs(record: dict):
    for el in record["subject"] + record["object"] + [e for p in record["preps"] for e in p["elements"]]:
        if isinstance(el, str):
            yield el


def parse_verb_line(line: str) -> Optional[dict]:
    """``MEET {MEETS MET MEETING}`` or ``+MEET_WITH {+MET_WITH}`` or ``DECLINE [120]``."""
    code_match = CODE_RE.search(line)
    own_code = None
    if code_match:
        own_code, _, _ = parse_code(code_match.group(1))
        line = line[: code_match.start()] + line[code_match.end():]
    forms: list[str] = []
    brace = re.search(r"\{([^}]*)\}", line)
    if brace:
        forms = [f.lstrip("+").lower() for f in brace.group(1).split()]
        line = line[: brace.start()] + line[brace.end():]
    head = line.strip().split()
    if not head:
        return None
    # A multi-word verb marks its verb with "+": "+MEET_WITH" is the verb "meet" and then "with";
    # "WIRE_+TAP" the verb "tap" with "wire" just before it (PETRARCH's compound verbs).
    front, _, rest = head[0].rpartition("+") if "+" in head[0].lstrip("+") else ("", "", head[0].lstrip("+"))
    words = words_of(rest)
    if not words:
        return None
    record = {
        "lemma": words[0],
        "words": words[1:],  # the rest of a multi-word verb: a particle, preposition or object
        "forms": sorted({f.rpartition("+")[2].split("_")[0] for f in forms if f.rpartition("+")[2]} - {words[0]}),
        "cameo": own_code,
    }
    if words_of(front):
        record["before"] = words_of(front)  # words that come just before the verb, in this order
    return record


def convert(dictionary: Path, table_path: Path, out: Path, verbs_only: bool = False) -> dict:
    table = read_plover_table(table_path)
    supplement_path = out / "cameo_plover_supplement.tsv"
    supplement = read_supplement(supplement_path if supplement_path.exists() else OUT / supplement_path.name)
    lines = dictionary.read_text(encoding="latin-1").splitlines()
    # CAMEO.2.0.txt marks where its verb blocks start; older TABARI-style files (PETRARCH's
    # validation verbs) just begin the first block after the synsets.
    start = next((i for i, l in enumerate(lines) if l.startswith("####### VERB PATTERNS")), None)
    if start is None:
        start = next(i for i, l in enumerate(lines) if BLOCK_RE.match(l.strip())) - 1
    end = next((i for i, l in enumerate(lines) if l.startswith("######## TRANSFORMATIONS")), len(lines))
    synsets = read_synsets(lines[:end])

    records: list[dict] = []
    block: Optional[dict] = None

    def close_block() -> None:
        if block and block["verbs"]:
            records.append(block)

    in_synset = False
    for lineno in range(start + 1, end):
        raw = lines[lineno]
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        header = BLOCK_RE.match(stripped)
        if header:
            close_block()
            cameo, _, reverse = parse_code(header.group(2))
            plover, mode = plover_for(cameo, table, supplement)
            block = {
                "kind": "block",
                "block": header.group(1),
                "line": lineno + 1,
                "cameo": cameo,
                "plover": plover,
                "plover_mode": mode,
                "verbs": [],
            }
            continue
        if stripped.startswith("&"):
            in_synset = True  # a synset defined between blocks (read by read_synsets): no verbs of the block
            continue
        if in_synset and stripped.startswith("+"):
            continue
        in_synset = False
        if block is None:
            continue
        if stripped.startswith("-"):
            body, _, comment = stripped[1:].partition("#")
            code_match = CODE_RE.search(body)
            if not code_match:
                continue
            cameo, cameo_target, reverse = parse_code(code_match.group(1))
            if cameo is not None and not cameo[:2].isdigit():
                # TABARI's special codes ("[+++]", "[###]") are none PETRARCH-2 codes with: the
                # pattern neither codes nor blocks, the block's other patterns apply
                continue
            parsed = parse_pattern(body[: code_match.start()], synsets)
            if parsed is None or not (parsed["subject"] or parsed["object"] or parsed["preps"] or parsed.get("compound")):
                continue
            plover, mode = plover_for(cameo, table, supplement)
            records.append(
                {
                    "kind": "pattern",
                    "block": block["block"],
                    "line": lineno + 1,
                    **parsed,
                    "cameo": cameo,
                    "cameo_target": cameo_target,
                    "reverse": reverse,
                    "plover": plover,
                    "plover_mode": mode,
                    "found_with": comment.strip().split(" ")[0].lower() or None,
                }
            )
            continue
        verb = parse_verb_line(stripped.split("#", 1)[0])
        if verb:
            plover, mode = plover_for(verb["cameo"], table, supplement)
            verb["plover"], verb["plover_mode"] = plover, mode
            block["verbs"].append(verb)
    close_block()

    out.mkdir(parents=True, exist_ok=True)
    used = sorted({el for r in records if r["kind"] == "pattern" for el in _element_refs(r)})
    synset_records = [{"kind": "synset", "name": name, "members": synsets[name]} for name in used]
    with (out / "cameo_verbs.jsonl").open("w", encoding="utf-8") as fh:
        for record in synset_records + records:
            fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    if not verbs_only:
        with (out / "cameo_plover.tsv").open("w", encoding="utf-8") as fh:
            fh.write("# CAMEO -> PLOVER, converted from CAMEO2PLOVER-2021.txt (PLOVER project, CC BY-SA 4.0)\n")
            fh.write("cameo\tplover\tmode\tcontext\tdescription\n")
            for code in sorted(table):
                e = table[code]
                fh.write(f"{code}\t{e['plover']}\t{e['mode']}\t{e['context']}\t{e['description']}\n")

    counts: Counter = Counter()
    for r in records:
        if r["kind"] == "pattern":
            counts[r["plover"] or "(none)"] += 1
        else:
            for v in r["verbs"]:
                counts[(v["plover"] or r["plover"]) or "(none)"] += 1 if (v["cameo"] or r["cameo"]) else 0
    return {"records": len(records), "per_type": dict(sorted(counts.items()))}


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the team's shared data folder")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dictionary", type=Path, help="another verb dictionary in the same format (e.g. PETRARCH's "
                        "PETR.Validate.verbs.txt); only cameo_verbs.jsonl is written then")
    args = parser.parse_args(argv)
    dictionary = args.dictionary or args.shared / "dictionaries" / "phoenix" / "CAMEO.2.0.txt"
    table = args.shared / "dictionaries" / "plover" / "CAMEO2PLOVER-2021.txt"
    for path in (dictionary, table):
        if not path.exists():
            print(f"error: {path} not found; pass --shared PATH to the folder holding dictionaries/", file=sys.stderr)
            return 2
    summary = convert(dictionary, table, args.out, verbs_only=args.dictionary is not None)
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
