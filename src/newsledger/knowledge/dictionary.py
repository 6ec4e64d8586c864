"""The actor dictionary: who is who, loaded from data files.

The shipped files live in ``newsledger/knowledge/data/actors/``:

* ``countries.jsonl`` one entry per country (pycountry), with demonyms and capital;
* ``phoenix.jsonl``   people, organizations and armed groups converted from the Phoenix /
                      PETRARCH2 dictionaries (``scripts/convert_phoenix_actors.py``);
* ``updates.yaml``    hand-curated additions: leaders since 2015, international
                      organizations, armed groups, news outlets, agencies, parties, and a
                      ``titles`` section of common English titles;
* ``country_aliases.yaml`` other names of countries ("the U.S.", "Burma"), which the
                      gazetteer reads too;
* ``agents.tsv``      generic agents ("minister", "police", "rebels") and their sector.

User files (JSONL or YAML, the same fields) are merged after the shipped ones: an entry
whose ``id`` already exists extends it (aliases and roles are added; ``name``, ``type``,
``capital`` … replace the old values; ``remove_aliases`` drops aliases), a new ``id`` adds
an actor. Each entry::

    {"id": "SERGEY_LAVROV", "name": "Sergey Lavrov", "type": "person",
     "aliases": ["Lavrov", ...],
     "roles": [{"code": "RUSGOV", "country": "RUS", "sector": "GOV",
                "start": "2004-03-09", "end": null, "title": "Foreign Minister"}]}

Lookups are case-insensitive and ignore punctuation, accents and a leading "the":
"U.S." == "US", "Erdoğan" == "Erdogan", "the Kremlin" == "Kremlin".
"""

from __future__ import annotations

import json
import marshal
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date as _date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data" / "actors"
SHIPPED_FILES = ("countries.jsonl", "phoenix.jsonl", "updates.yaml", "country_aliases.yaml")
AGENTS_FILE = "agents.tsv"
ENTRY_TYPES = {"person", "organization", "country", "group"}
ENTRY_KEYS = {"id", "name", "type", "aliases", "roles", "country", "capital", "lat", "lon", "population",
              "source", "demonyms", "places", "absorbs", "remove_aliases", "replace"}
ROLE_KEYS = {"code", "country", "sector", "start", "end", "title"}
# First three letters of a CAMEO code that are not a country but a kind of actor, and the
# sector they stand for.
INTERNATIONAL_PREFIXES = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "IMG": "REB", "INT": None}
SECTOR_CODES = {
    "GOV", "MIL", "LEG", "JUD", "OPP", "REB", "PTY", "SPY", "COP", "INS", "SEP", "UAF", "ELI",
    "BUS", "MED", "CVL", "AGR", "DEV", "EDU", "ENV", "HLH", "HRI", "LAB", "REF", "MOD", "RAD",
    "CRM", "AMN", "IRC", "REL", "PRO", "IGO", "NGO",
}
# Sectors that say little about what a person does now ("elite": a former office holder).
VAGUE_SECTORS = {None, "ELI"}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
# ASCII punctuation: apostrophes and periods vanish ("U.S." -> "us"), the rest separates words.
_ASCII_FOLD = str.maketrans({**{chr(c): " " for c in range(128) if not chr(c).isalnum()}, "'": None, ".": None})


def normalize(text: str) -> str:
    """The form names are compared in: lower case, accents and apostrophes and periods
    dropped, other punctuation turned into spaces, a leading "the" removed.

    >>> normalize("the U.S.") == normalize("US")
    True
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
        text = "".join(c for c in text if not unicodedata.combining(c) and (c.isascii() or c.isalnum()))
    words = text.lower().translate(_ASCII_FOLD).split()
    if words and words[0] == "the" and len(words) > 1:
        del words[0]
    return " ".join(words)


_ASCII_FOLD_KEEP_LINES = {**_ASCII_FOLD, ord("\n"): "\n"}


def normalize_many(texts: list[str]) -> list[str]:
    """``[normalize(t) for t in texts]``, folding all ASCII texts in one pass (the alias
    index has tens of thousands of them)."""
    out = [""] * len(texts)
    ascii_positions = []
    for position, text in enumerate(texts):
        if text.isascii() and "\n" not in text:
            ascii_positions.append(position)
        else:
            out[position] = normalize(text)
    folded = "\n".join(texts[p] for p in ascii_positions).lower().translate(_ASCII_FOLD_KEEP_LINES).split("\n")
    for position, line in zip(ascii_positions, folded):
        words = line.split()
        if words and words[0] == "the" and len(words) > 1:
            del words[0]
        out[position] = " ".join(words)
    return out


@dataclass(frozen=True)
class Role:
    """A position an actor holds, with the dates it holds it (ISO dates; None = open)."""

    code: str
    country: Optional[str] = None
    sector: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    title: Optional[str] = None

    def active_on(self, date: Optional[str]) -> bool:
        """True when ``date`` (ISO, a time part is ignored) falls within the role; open ends
        count as open; every role is active when the date is unknown (None)."""
        if date is None:
            return True
        day = date[:10]
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "country": self.country, "sector": self.sector,
                "start": self.start, "end": self.end, "title": self.title}


@dataclass
class Entry:
    """One actor of the dictionary. ``country`` is the alpha-3 of a country entry, and for
    other entries the country of their latest role (None for international actors)."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    country: Optional[str] = None
    capital: Optional[str] = None
    demonyms: list[str] = field(default_factory=list)
    lat: Optional[float] = None
    lon: Optional[float] = None
    places: list[str] = field(default_factory=list)  # other places coded as this country
    population: Optional[int] = None
    source: Optional[str] = None

    def role_on(self, date: Optional[str]) -> Optional[Role]:
        """The most specific role active on ``date``: one with a real sector and a title
        wins, then the most recently started. With no date, the latest role."""
        if date is None:
            if not self.roles:
                return None
            return max(self.roles, key=lambda r: (r.end or "9999-99-99", r.start or "", r.sector not in VAGUE_SECTORS, r.title is not None))
        active = [r for r in self.roles if r.active_on(date)]
        if not active:
            return None
        return max(active, key=lambda r: (r.sector not in VAGUE_SECTORS, r.title is not None, r.start or ""))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type,
                               "aliases": list(self.aliases), "roles": [r.to_dict() for r in self.roles]}
        for key in ("country", "capital", "lat", "lon", "population", "source"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.demonyms:
            out["demonyms"] = list(self.demonyms)
        return out


def _code_sectors(code: str) -> list[str]:
    """All sector codes in a CAMEO code: ``USAGOVSPY`` -> ["GOV", "SPY"]."""
    return [code[i:i + 3] for i in range(0, len(code), 3) if code[i:i + 3] in SECTOR_CODES]


def split_code(code: str) -> tuple[Optional[str], Optional[str]]:
    """``RUSGOV`` -> ("RUS", "GOV"); ``IGOUNO`` -> (None, "IGO"); ``USA`` -> ("USA", None)."""
    code = code.upper()
    first, rest = code[:3], [code[i:i + 3] for i in range(3, len(code), 3)]
    if first in INTERNATIONAL_PREFIXES:
        return None, INTERNATIONAL_PREFIXES[first]
    if first in SECTOR_CODES:
        return None, first
    sector = next((c for c in rest if c in SECTOR_CODES), None)
    return first, sector


class _Source:
    """Where an entry came from, for error messages: file and line."""

    def __init__(self, path: Path, line: int):
        self.path, self.line = path, line

    def error(self, message: str) -> ValueError:
        return ValueError(f"{self.path}:{self.line}: {message}")


class ActorDictionary:
    """Actors by alias, countries by name/demonym/capital, titles by phrase."""

    def __init__(self, entries: Iterable[Entry] = (), agents: Optional[dict[str, tuple[str, str]]] = None):
        self._entries = _EntryTable()
        self._curated: set[str] = set()
        for entry in entries:
            self._entries[entry.id] = entry
        self._agents: dict[str, tuple[str, str]] = dict(agents or {})
        self._alias_index: Optional[dict[str, list[str]]] = None
        self._surname_index: Optional[dict[str, list[str]]] = None
        self._country_index: Optional[dict[str, str]] = None
        self._shared: set[str] = set()  # ids whose Entry objects belong to another dictionary

    # ------------------------------------------------------------------ loading
    @classmethod
    def default(cls) -> "ActorDictionary":
        """The shipped dictionary, loaded once per process (from its prepared form)."""
        return _default_dictionary()

    @classmethod
    def load(cls, extra: Iterable[Path | str] = ()) -> "ActorDictionary":
        """The shipped files plus user files (JSONL or YAML, merged in the order given).
        A malformed user file raises ValueError naming the file and line. The shipped part
        is shared with ``default()`` (entries a user file changes are copied first), so
        this costs little more than reading the user files."""
        extra = [Path(p) for p in extra]
        for path in extra:
            if not path.exists():
                raise ValueError(f"{path}: actor dictionary file not found")
        if not extra:
            return cls._prepared()
        dictionary = _default_dictionary()._shallow_copy()
        for path in extra:
            dictionary.merge_file(path, curated=True)
        return dictionary

    @classmethod
    def _load_shipped(cls) -> "ActorDictionary":
        dictionary = cls()
        for name in SHIPPED_FILES:
            if name.endswith(".jsonl"):
                dictionary._add_generated(DATA_DIR / name)
            else:
                # Shipped YAML is parsed without per-mapping line numbers (3x faster).
                dictionary.merge_file(DATA_DIR / name, curated=True, track_lines=False)
        dictionary._load_agents(DATA_DIR / AGENTS_FILE)
        return dictionary

    @classmethod
    def _prepared(cls) -> "ActorDictionary":
        """The shipped dictionary from its prepared form (``knowledge.prepared``): its
        indexes as built from the files, and each entry decoded on first use. A new process
        reads this in a few tens of milliseconds instead of parsing and indexing the files
        (about a second); without a writable cache it is built from the files each time."""
        from newsledger.knowledge.prepared import prepared

        sources = [*(DATA_DIR / name for name in SHIPPED_FILES), DATA_DIR / AGENTS_FILE, Path(__file__)]
        return cls._from_state(prepared("actors", sources, lambda: cls._load_shipped()._state()))

    def _state(self) -> dict[str, Any]:
        """This dictionary as plain values (for ``marshal``), indexes included."""
        return {
            "entries": {entry_id: marshal.dumps(_pack(entry)) for entry_id, entry in self._entries.items()},
            "curated": sorted(self._curated),
            "agents": self._agents,
            "aliases": self._aliases(),
            "surnames": self._surnames(),
            "countries": self._countries(),
        }

    @classmethod
    def _from_state(cls, state: dict[str, Any]) -> "ActorDictionary":
        dictionary = cls()
        dictionary._entries = _EntryTable(state["entries"])
        dictionary._curated = set(state["curated"])
        dictionary._agents = state["agents"]
        dictionary._alias_index = state["aliases"]
        dictionary._surname_index = state["surnames"]
        dictionary._country_index = state["countries"]
        return dictionary

    def _shallow_copy(self) -> "ActorDictionary":
        """A dictionary sharing this one's entries until it changes them."""
        copy = ActorDictionary()
        copy._entries = self._entries.copy()
        copy._curated = set(self._curated)
        copy._agents = dict(self._agents)
        copy._shared = set(self._entries)
        return copy

    def _add_generated(self, path: Path) -> None:
        """The converter's JSONL files: trusted, unique ids, so read without the checks
        and merging user files get (this is most of the load time)."""
        text = path.read_text(encoding="utf-8").strip()
        items = json.loads("[" + ",".join(text.splitlines()) + "]") if text else []
        entries = self._entries
        new_object = object.__new__
        for raw in items:
            roles = []
            for fields in raw.pop("roles", ()):
                # Filling __dict__ directly skips the frozen dataclass's per-field
                # object.__setattr__ calls: a third of the load time otherwise.
                role = new_object(Role)
                role.__dict__.update(fields)
                roles.append(role)
            located = [r for r in roles if r.country]
            if raw.get("country") is None and located:
                raw["country"] = max(located, key=lambda r: (r.end or "9999-99-99", r.start or "")).country
            fields = dict(_ENTRY_DEFAULTS)
            fields.update(raw)
            fields["roles"] = roles
            fields["aliases"] = raw.get("aliases") or [raw["name"]]
            for key in ("demonyms", "places"):
                if not fields[key]:
                    fields[key] = []
            entry = new_object(Entry)
            entry.__dict__.update(fields)
            entries[raw["id"]] = entry
        self._alias_index = self._surname_index = self._country_index = None

    def merge_file(self, path: Path, curated: bool = False, track_lines: bool = True) -> None:
        """Merge the entries (and ``titles``) of a JSONL or YAML file."""
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".json", ".ndjson"):
            items = list(_read_jsonl(path))
            titles: list[tuple[dict, _Source]] = []
        elif suffix in (".yaml", ".yml"):
            items, titles = _read_yaml(path, track_lines)
        else:
            raise ValueError(f"{path}: an actor dictionary must be .jsonl or .yaml, not {suffix or 'no extension'}")
        for raw, source in items:
            self._merge(raw, source, curated)
        for raw, source in titles:
            self._add_title(raw, source)
        self._alias_index = self._surname_index = self._country_index = None

    def _merge(self, raw: Any, source: _Source, curated: bool) -> None:
        if not isinstance(raw, dict):
            raise source.error(f"an actor entry must be a mapping with an 'id', got {type(raw).__name__}")
        entry_id = raw.get("id")
        if not entry_id or not isinstance(entry_id, str):
            raise source.error("an actor entry needs an 'id' (a string such as SERGEY_LAVROV)")
        unknown = set(raw) - ENTRY_KEYS
        if unknown:
            raise source.error(f"{entry_id}: unknown field(s) {sorted(unknown)}; known: {sorted(ENTRY_KEYS)}")
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise source.error(f"{entry_id}: 'aliases' must be a list of strings")
        roles = [_role(r, source, entry_id) for r in (raw.get("roles") or [])]
        kind = raw.get("type")
        if kind is not None and kind not in ENTRY_TYPES:
            raise source.error(f"{entry_id}: type must be one of {sorted(ENTRY_TYPES)}, not {kind!r}")
        existing = self._entries.get(entry_id)
        if existing is not None and entry_id in self._shared:
            existing = replace(existing, aliases=list(existing.aliases), roles=list(existing.roles),
                               demonyms=list(existing.demonyms), places=list(existing.places))
            self._entries[entry_id] = existing
            self._shared.discard(entry_id)
        if existing is None:
            name = raw.get("name")
            if not name or not isinstance(name, str):
                raise source.error(f"{entry_id}: a new actor needs a 'name'")
            existing = Entry(id=entry_id, name=name, type=kind or "person")
            self._entries[entry_id] = existing
        elif raw.get("replace"):
            existing.aliases, existing.roles = [], []
        if raw.get("name"):
            existing.name = raw["name"]
        if kind:
            existing.type = kind
        for key in ("capital", "lat", "lon", "population", "source"):
            if raw.get(key) is not None:
                setattr(existing, key, raw[key])
        if raw.get("country"):
            existing.country = raw["country"]
        # "absorbs": other entries that are the same actor (Phoenix has UN, THE_UN, U_N …):
        # their aliases join this entry and they are removed. Their roles are not taken
        # (Phoenix sometimes files an official's roles under the organization).
        for other_id in raw.get("absorbs") or []:
            other = self._entries.pop(other_id, None)
            if other is not None and other is not existing:
                aliases = [*aliases, *other.aliases]
        removed = {normalize(a) for a in raw.get("remove_aliases") or []}
        known = {normalize(a) for a in existing.aliases if normalize(a) not in removed}
        merged_aliases = [a for a in existing.aliases if normalize(a) not in removed]
        for alias in [existing.name, *aliases]:
            key = normalize(alias)
            if key and key not in known and key not in removed:
                known.add(key)
                merged_aliases.append(alias)
        existing.aliases = merged_aliases
        for key in ("demonyms", "places"):
            values = raw.get(key) or []
            if values:
                current = getattr(existing, key)
                seen = {normalize(v) for v in current}
                current.extend(v for v in values if normalize(v) not in seen)
        if roles:
            # A dated role left open ("[USAGOV >20090120]": Phoenix stops around 2015) is
            # superseded by a later file that gives the roles of that country and sector.
            new_keys = {(r.code, r.start, r.end) for r in roles}
            given = {(r.country, sector) for r in roles for sector in _code_sectors(r.code)}
            # Likewise an undated role without a country ("[MED]") when the later file says
            # which country ("GBRMED").
            given_sectors = {r.sector for r in roles if r.country}
            existing.roles = [
                r for r in existing.roles
                if (r.code, r.start, r.end) in new_keys
                or not (r.end is None and r.start is not None and (r.country, r.sector) in given)
                and not (r.start is None and r.end is None and r.country is None and r.sector in given_sectors)
            ]
            by_key = {(r.code, r.start, r.end): i for i, r in enumerate(existing.roles)}
            for role in roles:
                index = by_key.get((role.code, role.start, role.end))
                if index is None:
                    existing.roles.append(role)
                else:
                    existing.roles[index] = role  # the later file corrects the earlier one
        if not raw.get("country") and existing.type != "country":
            located = [r for r in existing.roles if r.country]
            if located:
                existing.country = max(located, key=lambda r: (r.end or "9999-99-99", r.start or "")).country
        if curated:
            self._curated.add(entry_id)

    def _add_title(self, raw: Any, source: _Source) -> None:
        if not isinstance(raw, dict) or not raw.get("title") or not raw.get("sector"):
            raise source.error("a title needs 'title' and 'sector' (and optional 'phrases')")
        title, sector = str(raw["title"]), str(raw["sector"]).upper()
        for phrase in [title, *(raw.get("phrases") or [])]:
            self._agents[normalize(phrase)] = (sector, title)

    def _load_agents(self, path: Path) -> None:
        curated = dict(self._agents)
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#") or not line.strip():
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 2:
                    continue
                phrase, sector = parts[0], parts[1]
                title = parts[2] if len(parts) > 2 and parts[2] else phrase
                self._agents.setdefault(normalize(phrase), (sector, title))
        self._agents.update(curated)  # hand-curated titles win over Phoenix agents

    # ------------------------------------------------------------------ queries
    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __contains__(self, entry_id: str) -> bool:
        return entry_id in self._entries

    def get(self, entry_id: str) -> Optional[Entry]:
        return self._entries.get(entry_id)

    def lookup(self, text: str) -> list[Entry]:
        """Entries with an alias equal to ``text`` (normalized). Curated entries and the
        ones whose canonical name matches come first, then the most recently active."""
        key = normalize(text)
        ids = self._aliases().get(key, [])
        entries = [self._entries[i] for i in ids]
        if len(entries) > 1:
            entries.sort(key=lambda e: (e.id not in self._curated, normalize(e.name) != key,
                                        _negated(_latest_start(e))))
        return entries

    def lookup_surname(self, surname: str) -> list[Entry]:
        """People whose name ends with ``surname`` ("Lavrov", "bin Laden"), most recently
        active first."""
        entries = [self._entries[i] for i in self._surnames().get(normalize(surname), [])]
        entries.sort(key=lambda e: (e.id not in self._curated, _negated(_latest_start(e))))
        return entries

    def country(self, text: str) -> Optional[Entry]:
        """The country named by ``text``: its name or an alias ("Russia", "U.S.", "Britain"),
        a demonym ("Russian", "Russians", "American") or its capital ("Moscow")."""
        index = self._countries()
        entry_id = index.get(normalize(text))
        return self._entries.get(entry_id) if entry_id else None

    def agent(self, text: str) -> Optional[tuple[str, str]]:
        """A generic title or description -> (sector, canonical title): "foreign minister"
        -> ("GOV", "Foreign Minister"), "rebels" -> ("REB", "rebel"). A leading country or
        demonym is ignored ("Russian foreign minister" -> the foreign minister)."""
        key = normalize(text)
        if not key:
            return None
        found = self._agent_key(key)
        if found is None:
            words = key.split()
            for cut in (2, 1):
                if len(words) > cut and self.country(" ".join(words[:cut])) is not None:
                    found = self._agent_key(" ".join(words[cut:]))
                    if found:
                        break
        return found

    def _agent_key(self, key: str) -> Optional[tuple[str, str]]:
        found = self._agents.get(key)
        if found is None:
            singular = _singular(key)
            if singular != key:
                found = self._agents.get(singular)
        return found

    # ------------------------------------------------------------------ indexes
    def _surnames(self) -> dict[str, list[str]]:
        if self._surname_index is None:
            index: dict[str, list[str]] = {}
            for entry in self._entries.values():
                if entry.type != "person":
                    continue
                words = normalize(entry.name).split()
                for n in (1, 2):
                    if len(words) > n:
                        index.setdefault(" ".join(words[-n:]), []).append(entry.id)
            self._surname_index = index
        return self._surname_index

    def _aliases(self) -> dict[str, list[str]]:
        if self._alias_index is None:
            index: dict[str, list[str]] = {}
            pairs = [(entry.id, alias) for entry in self._entries.values() for alias in entry.aliases or [entry.name]]
            keys = normalize_many([alias for _, alias in pairs])
            for (entry_id, _alias), key in zip(pairs, keys):
                if not key:
                    continue
                ids = index.get(key)
                if ids is None:
                    index[key] = [entry_id]
                elif ids[-1] != entry_id:
                    ids.append(entry_id)
            self._alias_index = index
        return self._alias_index

    def _countries(self) -> dict[str, str]:
        if self._country_index is None:
            countries = [e for e in self._entries.values() if e.type == "country"]
            # Current states before historical ones, big before small (for shared capitals).
            countries.sort(key=lambda e: (len(e.id) != 3 or not e.id.isupper(), -(e.population or 0)))
            index: dict[str, str] = {}
            for field_name in ("aliases", "demonyms", "capital"):
                for entry in countries:
                    values = getattr(entry, field_name)
                    for value in [values] if isinstance(values, str) else values or []:
                        key = normalize(value)
                        if key:
                            index.setdefault(key, entry.id)
            self._country_index = index
        return self._country_index


_ENTRY_FIELDS = ("id", "name", "type", "aliases", "roles", "country", "capital", "demonyms", "lat", "lon",
                 "places", "population", "source")
_ROLE_FIELDS = ("code", "country", "sector", "start", "end", "title")


def _pack(entry: Entry) -> tuple:
    values = [getattr(entry, name) for name in _ENTRY_FIELDS]
    values[4] = tuple(tuple(getattr(role, name) for name in _ROLE_FIELDS) for role in entry.roles)
    return tuple(values)


def _unpack(packed: bytes) -> Entry:
    # Filled through __dict__ as in ``_add_generated``: the frozen Role's __init__ would
    # triple the cost when a user file makes every entry decode.
    new_object = object.__new__
    values = dict(zip(_ENTRY_FIELDS, marshal.loads(packed)))
    roles = []
    for fields in values["roles"]:
        role = new_object(Role)
        role.__dict__.update(zip(_ROLE_FIELDS, fields))
        roles.append(role)
    values["roles"] = roles
    entry = new_object(Entry)
    entry.__dict__.update(values)
    return entry


class _EntryTable:
    """Entries by id, each kept as its packed bytes (``_pack``) until first asked for: an
    article needs a few dozen of the 26,000 entries, so decoding them all would be waste."""

    __slots__ = ("_items",)

    def __init__(self, items: Optional[dict[str, Entry | bytes]] = None):
        self._items: dict[str, Entry | bytes] = items if items is not None else {}

    def __getitem__(self, entry_id: str) -> Entry:
        value = self._items[entry_id]
        if type(value) is bytes:
            value = self._items[entry_id] = _unpack(value)
        return value

    def get(self, entry_id: str) -> Optional[Entry]:
        return self[entry_id] if entry_id in self._items else None

    def __setitem__(self, entry_id: str, entry: Entry) -> None:
        self._items[entry_id] = entry

    def pop(self, entry_id: str, default: Optional[Entry] = None) -> Optional[Entry]:
        if entry_id not in self._items:
            return default
        entry = self[entry_id]
        del self._items[entry_id]
        return entry

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def values(self) -> Iterator[Entry]:
        for entry_id in list(self._items):
            yield self[entry_id]

    def items(self) -> Iterator[tuple[str, Entry]]:
        for entry_id in list(self._items):
            yield entry_id, self[entry_id]

    def copy(self) -> "_EntryTable":
        # Packed entries stay packed in the copy; a decoded Entry is shared (``_shared``).
        return _EntryTable(dict(self._items))


_ENTRY_DEFAULTS = {"country": None, "capital": None, "demonyms": None, "lat": None, "lon": None,
                   "places": None, "population": None, "source": None}


@lru_cache(maxsize=1)
def _default_dictionary() -> ActorDictionary:
    return ActorDictionary.load()


def _latest_start(entry: Entry) -> str:
    return max((r.start or "" for r in entry.roles), default="")


def _negated(iso: str) -> tuple[int, ...]:
    """A sort key that puts later dates first."""
    return tuple(-ord(c) for c in iso)


def _singular(phrase: str) -> str:
    """The singular of the last word of an English phrase, for regular plurals and a few
    common irregular ones ("rebels", "militias", "policemen", "ministries")."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("men") and len(last) > 3:
        last = last[:-3] + "man"
    elif last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith(("sses", "shes", "ches", "xes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 3:
        last = last[:-1]
    return f"{head} {last}" if head else last


def _iso(value: Any, source: _Source, what: str) -> Optional[str]:
    if value is None or value == "":
        return None
    if isinstance(value, _date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            _date.fromisoformat(text)
            return text
        except ValueError:
            pass
    raise source.error(f"{what} must be an ISO date YYYY-MM-DD, got {value!r}")


def _role(raw: Any, source: _Source, entry_id: str) -> Role:
    if not isinstance(raw, dict) or not raw.get("code"):
        raise source.error(f"{entry_id}: each role needs a 'code' such as USAGOV")
    unknown = set(raw) - ROLE_KEYS
    if unknown:
        raise source.error(f"{entry_id}: unknown role field(s) {sorted(unknown)}; known: {sorted(ROLE_KEYS)}")
    code = str(raw["code"]).upper()
    if not re.fullmatch(r"[A-Z]{3,}", code):
        raise source.error(f"{entry_id}: role code {raw['code']!r} is not a CAMEO code (letters, like RUSGOV)")
    country, sector = split_code(code)
    start = _iso(raw.get("start"), source, f"{entry_id}: role start")
    end = _iso(raw.get("end"), source, f"{entry_id}: role end")
    if start and end and start > end:
        raise source.error(f"{entry_id}: role {code} ends ({end}) before it starts ({start})")
    return Role(
        code=code,
        country=raw.get("country", country),
        sector=raw.get("sector", sector),
        start=start,
        end=end,
        title=raw.get("title"),
    )


def _read_jsonl(path: Path) -> Iterator[tuple[Any, _Source]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                yield json.loads(line), _Source(path, number)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg}); each line must be one actor object") from None


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A YAML loader that remembers the line of each mapping, for error messages."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path, track_lines: bool = True) -> tuple[list[tuple[Any, _Source]], list[tuple[Any, _Source]]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader if track_lines else _FastLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"{path}:{line}: not valid YAML ({problem})") from None
    if data is None:
        return [], []
    if isinstance(data, dict):
        unknown = set(data) - {"actors", "titles", "__line__"}
        if unknown:
            raise ValueError(f"{path}:1: unknown section(s) {sorted(unknown)}; expected 'actors' and/or 'titles'")
        actors, titles = data.get("actors") or [], data.get("titles") or []
    elif isinstance(data, list):
        actors, titles = data, []
    else:
        raise ValueError(f"{path}:1: expected a list of actors or a mapping with 'actors'/'titles'")
    if not isinstance(actors, list) or not isinstance(titles, list):
        raise ValueError(f"{path}:1: 'actors' and 'titles' must be lists")

    def with_source(items: list) -> list[tuple[Any, _Source]]:
        out = []
        for item in items:
            line = item.pop("__line__", 0) if isinstance(item, dict) else 0
            if isinstance(item, dict):
                for role in item.get("roles") or []:
                    if isinstance(role, dict):
                        role.pop("__line__", None)
            out.append((item, _Source(path, line)))
        return out

    return with_source(actors), with_source(titles)
