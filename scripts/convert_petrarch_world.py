#!/usr/bin/env python3
"""Convert the fictional world of PETRARCH-2's unit tests into newsledger actor files.

Usage::

    python scripts/convert_petrarch_world.py [SOURCE_DIR] [--out DIR]

SOURCE_DIR defaults to ``../shared/dev/petrarch_unittest``; the output goes to
``bench/petrarch_world/``:

* ``actors.jsonl`` the actors of ``PETR.Validate.actors.txt`` (Arnor ``ARN``, Gondor ``GON``,
  Gollum with his dated roles …) in the entry format of ``knowledge/dictionary.py``;
* ``agents.yaml``  the generic agents of ``PETR.Validate.agents.txt`` ("police", "foreign
  minister") as a ``titles`` section;
* ``LICENSE`` the MIT licence of the source files.

Pass both to the events measure: ``--actors bench/petrarch_world/actors.jsonl
bench/petrarch_world/agents.yaml``.

The TABARI format, as these files use it: ``NAME [CODE]`` or a name line followed by ``+ALIAS``
lines and indented ``[CODE DATES]`` role lines (``<D`` until D, ``>D`` from D on, ``D1-D2``);
``#`` and ``<!-- … -->`` are comments. Words are joined by ``_`` or spaces. A name that does not
end in ``_`` matches as a stem ("GONDOR" also matches "Gondorian"): the converter spells out the
common English endings, since newsledger matches whole names. ``[A/B]`` (one name standing for
several actors) keeps the first code: a dictionary entry has one actor. A country the world
shares with newsledger's shipped dictionary (Kuwait, New Zealand, Zimbabwe) takes the id of the
shipped entry with ``replace``, so that the world's codes and names (KUW, NZE; "Zealand" is
Denmark) are the ones looked up; a country with dated codes ([RHO <790606] [ZBW]) is a country,
coded by the one that holds today; an earlier dated code wins over a later one in its dates, as in
TABARI (the later one is cut around them). Agents: ``PHRASE {PLURALS}
[~CODE]`` (``{}`` = the regular plural), ``!SET!`` substitution lists.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "dev" / "petrarch_unittest"
DEFAULT_OUT = REPO / "bench" / "petrarch_world"

# Endings a TABARI stem also matches, spelled out (Gondor → Gondorian, Eriador → Eriadori).
STEM_ENDINGS = ("s", "n", "an", "ans", "ian", "ians", "i", "is", "ese", "a", "ia", "e")
# The fictional world's people: TABARI codes people and countries alike ([HOB] is a hobbit
# of the Shire), but newsledger types its actors. People with dated roles are found by their
# roles; these are the undated ones.
PEOPLE = {"ARAGORN", "BILBO", "BOROMIR", "ELROND", "FRODO", "GALADRIEL", "GANDALF", "ISILDUR",
          "ROMENDACIL", "RADAGAST THE_BROWN", "ELFSTAN FAIRBAIRN", "DODERIC BRANDYBUCK",
          "PRESIDENT_GEORGE_W._BUSH", "PRESIDENT HOSNI MURBARAK", "PRINCE OF DOL AMROTH"}
# Codes that mean "not an actor" in TABARI.
DISCARD_CODES = {"---", "+++", "###"}
SECTOR_LIKE = {"GOV", "MIL", "REB", "OPP", "COP", "JUD", "MED", "BUS", "EDU", "LEG", "SPY", "RAD", "NGO", "IGO", "CVL"}
ROLE = re.compile(r"\[([^\]]*)\]")


def words(name: str) -> str:
    return re.sub(r"[_\s]+", " ", name).strip()


def readable(name: str) -> str:
    """``MINAS_TIRITH`` → "Minas Tirith"; a short one-word name is an acronym ("IMF", "U.N.")."""
    parts = words(name).split()
    if len(parts) == 1 and (len(parts[0]) <= 4 or "." in parts[0]):
        return parts[0]
    out = ["-".join(p.capitalize() for p in w.split("-")) for w in parts]
    return " ".join(o.lower() if i and o in {"The", "Of"} else o for i, o in enumerate(out))


def stem_forms(name: str) -> list[str]:
    """For a TABARI stem (a one-word name not ending in ``_``), the name with each ending."""
    base = readable(name)
    if name.endswith("_") or " " in base or len(base) <= 4:
        return []
    return [base + ending for ending in STEM_ENDINGS]


def tabari_date(text: str) -> Optional[str]:
    digits = text.strip()
    if len(digits) == 6:
        year = int(digits[:2])
        digits = ("20" if year <= 20 else "19") + digits
    if len(digits) != 8 or not digits.isdigit():
        return None
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"


def role(text: str) -> Optional[dict]:
    """``HOBGOV 19950601 - 19990815`` → a role dict; None for discard codes."""
    text = text.strip()
    m = re.fullmatch(r"([^\s<>]+)\s*(.*)", text)
    if not m:
        return None
    code, dates = m.group(1).upper().split("/")[0], m.group(2).strip()
    if code in DISCARD_CODES or not code.isalpha():
        return {"discard": True}  # a discard code, or one newsledger cannot hold ("G77": letters only)
    start = end = None
    if dates.startswith("<"):
        end = tabari_date(dates[1:])
    elif dates.startswith(">"):
        start = tabari_date(dates[1:])
    elif "-" in dates:
        a, b = dates.split("-", 1)
        start, end = tabari_date(a), tabari_date(b)
    country, sector = split(code)
    return {"code": code, "country": country, "sector": sector, "start": start, "end": end, "title": None}


def split(code: str) -> tuple[Optional[str], Optional[str]]:
    first, rest = code[:3], [code[i:i + 3] for i in range(3, len(code), 3)]
    if first in SECTOR_LIKE:
        return None, first
    return first, next((c for c in rest if c in SECTOR_LIKE), None)


def _day(iso: str, delta: int) -> str:
    return (date.fromisoformat(iso) + timedelta(days=delta)).isoformat()


def _without(piece: tuple, taken: tuple) -> list[tuple]:
    """The period ``piece`` (start, end; None is open) less the period ``taken``."""
    (a, b), (s, e) = piece, taken
    if (s is not None and b is not None and b <= s) or (e is not None and a is not None and a >= e):
        return [piece]  # apart, or meeting on one day: TABARI's "<D" and "D-…" share D as a border
    out = []
    if s is not None and (a is None or a < s):
        out.append((a, _day(s, -1)))
    if e is not None and (b is None or b > e):
        out.append((_day(e, 1), b))
    return out


def in_tabari_order(roles: list[dict]) -> list[dict]:
    """TABARI takes the first dated code whose dates hold ("[ORCHOB 20100109-20100112]" before
    "[HOBMIL 20080120-20121109]" wins in January 2010); newsledger takes the most specific active
    role. A later dated role is cut around the dates of the earlier ones, so both read the same."""
    out: list[dict] = []
    taken: list[tuple] = []
    for r in roles:
        if not (r["start"] or r["end"]):
            out.append(r)
            continue
        pieces = [(r["start"], r["end"])]
        for period in taken:
            pieces = [p for piece in pieces for p in _without(piece, period)]
        taken.append((r["start"], r["end"]))
        out.extend({**r, "start": a, "end": b} for a, b in pieces)
    return out


def current_role(roles: list[dict]) -> dict:
    """The role that holds today: undated or open-ended ("[RHO <790606]" then "[ZBW]" is ZBW)."""
    return next((r for r in roles if r["end"] is None), roles[-1])


def shipped_country(name: str) -> Optional[str]:
    """The id of newsledger's shipped country entry that has ``name`` as a name (not as its
    capital or demonym: the world's "Athens" [GRC] must not take the place of Greece)."""
    from newsledger.knowledge.dictionary import ActorDictionary

    found = [e for e in ActorDictionary.default().lookup(name) if e.type == "country"]
    return found[0].id if found else None


def strip_comments(text: str) -> str:
    text = re.sub(r"<!.*?-->", " ", text, flags=re.DOTALL)
    return "\n".join(line.split("#", 1)[0].rstrip() for line in text.splitlines())


def convert_actors(path: Path) -> list[dict]:
    entries: list[dict] = []
    current: Optional[dict] = None
    for line in strip_comments(path.read_text(encoding="utf-8", errors="replace")).splitlines():
        if not line.strip():
            continue
        body = line.strip()
        if body.startswith("+"):
            if current is not None:
                current["names"].append(ROLE.sub("", body[1:]).strip())
            continue
        if line[0].isspace() and body.startswith("["):
            if current is not None:
                current["roles"].extend(r for r in map(role, ROLE.findall(body)) if r)
            continue
        name = ROLE.sub("", body).strip()
        current = {"names": [name], "roles": [r for r in map(role, ROLE.findall(body)) if r]}
        entries.append(current)
    out = []
    replaced: dict[str, dict] = {}  # shipped id -> the world entry that takes its place
    for raw in entries:
        roles = in_tabari_order([r for r in raw["roles"] if not r.get("discard")])
        if not roles:
            continue
        head = raw["names"][0]
        names = [readable(n) for n in raw["names"] if readable(n)]
        stems = [f for n in raw["names"] for f in stem_forms(n)]
        dated = any(r["start"] or r["end"] for r in roles)
        codes = {r["code"] for r in roles}
        is_country = all(len(c) == 3 and split(c)[0] for c in codes)
        if head in PEOPLE or dated and not is_country:
            kind = "person"
        elif is_country:
            kind = "country"  # dated too: Zimbabwe is [RHO <790606] before [ZBW]
        else:
            kind = "organization"
        entry = {"id": "PETR_" + re.sub(r"[^A-Z0-9]+", "_", words(head).upper()).strip("_"),
                 "name": readable(head), "type": kind, "roles": roles, "source": "petrarch2 unit tests"}
        if kind == "country":
            # "Gondorian officials": the stem's forms are the country's demonyms
            entry.update(country=current_role(roles)["country"], aliases=list(dict.fromkeys(names)), demonyms=stems)
            shipped = shipped_country(readable(head))
            if shipped is not None:
                # The unit tests' Kuwait is KUW, their New Zealand NZE: the world's country takes
                # the place of newsledger's entry of that name, whose own codes (KWT, NZL) and
                # aliases ("Zealand" is Denmark here) would otherwise win the lookup. A second
                # world entry for the same country ("UAE" after "United Arab Emirates") adds its names to the first.
                first = replaced.get(shipped)
                if first is not None:
                    first["aliases"] = list(dict.fromkeys(first["aliases"] + entry["aliases"]))
                    first["demonyms"] = list(dict.fromkeys(first["demonyms"] + entry["demonyms"]))
                    continue
                # the world knows no capitals: its "Seoul" is a name of South Korea, an actor
                entry.update(id=shipped, replace=True, capital="")
                replaced[shipped] = entry
        else:
            entry["aliases"] = list(dict.fromkeys(names + stems))
        out.append(entry)
    return out


def convert_agents(path: Path) -> list[dict]:
    substitutions: dict[str, list[str]] = {}
    titles: dict[str, dict] = {}
    for line in strip_comments(path.read_text(encoding="utf-8", errors="replace")).splitlines():
        body = line.strip()
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", body)
        if m:
            substitutions[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
            continue
        m = re.fullmatch(r"(.+?)\s*(\{[^}]*\})?\s*\[\s*(~?[A-Z]+~?)\s*\]", body)
        if not m:
            continue
        phrase, plurals, code = m.group(1), m.group(2), m.group(3).strip("~")
        sector = code[:3]
        singulars = expand(phrase, substitutions)
        plural_forms = [p for p in (plurals or "")[1:-1].split() if p]
        if plurals == "{}":
            plural_forms = [regular_plural(words(s)) for s in singulars]
        for singular in singulars:
            title = words(singular).lower()
            entry = titles.setdefault(title, {"title": title, "sector": sector, "phrases": []})
            for plural in plural_forms:
                entry["phrases"].extend(words(p).lower() for p in expand(plural, substitutions))
    return list(titles.values())


def expand(phrase: str, substitutions: dict[str, list[str]]) -> list[str]:
    for key, values in substitutions.items():
        if key in phrase:
            return [v for value in values for v in expand(phrase.replace(key, value), substitutions)]
    return [phrase]


def regular_plural(phrase: str) -> str:
    if phrase.endswith(("s", "x", "ch", "sh")):
        return phrase + "es"
    if re.search(r"[^aeiou]y$", phrase, re.IGNORECASE):
        return phrase[:-1] + "ies"
    return phrase + "s"


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    actors_file = args.source / "PETR.Validate.actors.txt"
    agents_file = args.source / "PETR.Validate.agents.txt"
    for path in (actors_file, agents_file):
        if not path.exists():
            print(f"error: {path} not found; pass the folder of the PETRARCH-2 unit tests", file=sys.stderr)
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    actors = convert_actors(actors_file)
    with (args.out / "actors.jsonl").open("w", encoding="utf-8") as fh:
        for entry in actors:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    titles = convert_agents(agents_file)
    with (args.out / "agents.yaml").open("w", encoding="utf-8") as fh:
        fh.write("# Generic agents of PETRARCH-2's unit tests (PETR.Validate.agents.txt, MIT: see LICENSE),\n")
        fh.write("# converted by scripts/convert_petrarch_world.py; do not edit by hand.\n")
        fh.write("titles:\n")
        for t in titles:
            fh.write(f"  - {json.dumps(t, ensure_ascii=False)}\n")
    shutil.copyfile(args.source / "LICENSE", args.out / "LICENSE")
    kinds: dict[str, int] = {}
    for a in actors:
        kinds[a["type"]] = kinds.get(a["type"], 0) + 1
    print(f"actors.jsonl: {len(actors)} entries {kinds}; agents.yaml: {len(titles)} titles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
