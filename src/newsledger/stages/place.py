"""The place stage: place mentions resolved offline to a country and coordinates, and
each event given the place where the text says it happened.

Candidates are spaCy's GPE, LOC and FAC entities, the gazetteer's regions and aliases
that spaCy misses ("Donbas", "the Gaza Strip"), and proper nouns after a locative
preposition ("in Mariupol"). They resolve against the gazetteer
(``newsledger.knowledge.gazetteer``); ``places.yaml`` holds the words below.

A mention is a *place* when the text locates something there: the object of a locative
preposition ("in Hamburg", "occupation of Iraq"), a "City, Country" apposition, a zone
("Damascus time"), the object of a verb of movement or territory ("invaded Ukraine"), or a
city or region in most other positions. A country, or a capital or seat of government
standing for its government, is an *actor* and not a place when it acts or is acted upon
("Russia said", "talks with Moscow", "sanctions on Iran"), or modifies a noun ("US
President", "Russia's interference"). A prepositional phrase opening the sentence ("On
North Korea, ...") names a place as the subject matter: it is listed, but it locates no
event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import numpy
from spacy.attrs import DEP, POS
from spacy.symbols import pobj

from newsledger.document import Document, Place
from newsledger.settings import Settings
from newsledger.stage import stage
from newsledger.knowledge.gazetteer import Gazetteer, GazetteerEntry, gazetteer, key
from newsledger.knowledge.lexicon import load_yaml

PLACE_LABELS = ("GPE", "LOC", "FAC")
# Entities a gazetteer phrase may sit inside only when the phrase is the whole entity.
NAME_LABELS = ("ORG", "PERSON", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "NORP", "FAC")


@dataclass
class PlaceLexicon:
    direction_qualifiers: frozenset[str]
    locative_prepositions: frozenset[str]
    actor_prepositions: frozenset[str]
    topic_prepositions: frozenset[str]
    country_actor_prepositions: frozenset[str]
    role_nouns: frozenset[str]
    place_verbs: frozenset[str]
    topic_verbs: frozenset[str]
    area_suffixes: frozenset[str]
    affiliation_prepositions: frozenset[str]


@lru_cache(maxsize=8)
def lexicon(lexicons: Optional[Path] = None) -> PlaceLexicon:
    data = load_yaml("places.yaml", lexicons)

    def words(name: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(name) or [])

    return PlaceLexicon(
        direction_qualifiers=words("direction_qualifiers"),
        locative_prepositions=words("locative_prepositions"),
        actor_prepositions=words("actor_prepositions"),
        topic_prepositions=words("topic_prepositions"),
        country_actor_prepositions=words("country_actor_prepositions"),
        role_nouns=words("role_nouns"),
        place_verbs=words("place_verbs"),
        topic_verbs=words("topic_verbs"),
        area_suffixes=words("area_suffixes"),
        affiliation_prepositions=words("affiliation_prepositions"),
    )


# --------------------------------------------------------------------------- mentions


@dataclass
class _Mention:
    start: int
    end: int
    entry: Optional[GazetteerEntry]
    role: str = "locative"  # locative | topic | actor | modifier | affiliation | name
    region: Optional[str] = None
    root: Any = None  # spaCy token
    label: str = ""
    name_start: int = 0  # the name within the mention: after a direction qualifier,
    name_end: int = 0  # before a word like "province"


def _candidate_spans(doc: Any, text: str, gaz: Gazetteer, lex: PlaceLexicon) -> list[tuple[int, int, str]]:
    """(start, end, label) of possible place mentions, overlaps resolved longest-first."""
    ents = list(doc.ents)  # each access to doc.ents walks the whole Doc
    spans: list[tuple[int, int, str]] = [(e.start_char, e.end_char, e.label_) for e in ents if e.label_ in PLACE_LABELS]
    name_ents = [(e.start_char, e.end_char) for e in ents if e.label_ in NAME_LABELS]
    if gaz.alias_pattern is not None:
        for m in gaz.alias_pattern.finditer(text):
            s, e = m.span()
            # Inside a longer name ("the Gaza Health Ministry"): not a place.
            if any(ns <= s and e <= ne and (ne - ns) > (e - s) for ns, ne in name_ents):
                continue
            spans.append((s, e, "ALIAS"))
    # Proper nouns after a locative preposition that spaCy did not tag as a place.
    # Only the proper-noun objects of prepositions become Token objects (that is costly).
    columns = doc.to_array([DEP, POS])
    for i in numpy.nonzero(columns[:, 0] == pobj)[0]:
        tok = doc[int(i)]
        if tok.pos_ != "PROPN":
            # "in Ukraine's Donetsk region": the area word is the object, the name its compound.
            if tok.lower_ in lex.area_suffixes and tok.i > 0 and doc[tok.i - 1].pos_ == "PROPN" and doc[tok.i - 1].dep_ == "compound":
                left = doc[tok.i - 1]
                while left.i > 0 and doc[left.i - 1].dep_ == "compound" and doc[left.i - 1].pos_ == "PROPN":
                    left = doc[left.i - 1]
                s, e = left.idx, tok.idx + len(tok.text)
                if not any(ns <= s and e <= ne and (ne - ns) > (e - s) for ns, ne in name_ents):
                    entry = gaz.lookup(text[left.idx : doc[tok.i - 1].idx + len(doc[tok.i - 1].text)], strict=True)
                    if entry is not None:
                        spans.append((s, e, "PREP"))
            continue
        if tok.head.lower_ in lex.locative_prepositions:
            left = tok
            while left.i > 0 and doc[left.i - 1].dep_ == "compound" and doc[left.i - 1].pos_ == "PROPN" and doc[left.i - 1].head.i == tok.i:
                left = doc[left.i - 1]
            s, e = left.idx, tok.idx + len(tok.text)
            # Not part of a longer name ("the University of Kent"); spaCy's label of the
            # name itself may be wrong ("in Kharkiv" as an ORG).
            if any(ns <= s and e <= ne and (ne - ns) > (e - s) for ns, ne in name_ents):
                continue
            entry = gaz.lookup(text[s:e], strict=True)
            # Without spaCy's word for it, only a well-known place: a country, region or
            # state, or a city of 100,000 people or more.
            if entry is not None and (entry.kind != "city" or entry.population >= 100_000):
                spans.append((s, e, "PREP"))
    spans.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    kept: list[tuple[int, int, str]] = []
    for s, e, label in spans:
        if kept and s < kept[-1][1]:
            ks, ke, kl = kept[-1]
            if e - s > ke - ks:
                kept[-1] = (s, e, label)
            continue
        kept.append((s, e, label))
    return kept


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    m = re.match(r"(?i)the\s+", text[s:e])
    if m and e - s > m.end():
        s += m.end()
    while e > s and text[e - 1] in ",;:'’ ":  # not ".": "U.S."
        e -= 1
    if text[s:e].endswith("'s") or text[s:e].endswith("’s"):
        e -= 2
    return s, e


_DIRECTION_CACHE: dict[frozenset[str], re.Pattern[str]] = {}


def _direction_pattern(lex: PlaceLexicon) -> re.Pattern[str]:
    pattern = _DIRECTION_CACHE.get(lex.direction_qualifiers)
    if pattern is None:
        words = sorted(lex.direction_qualifiers, key=len, reverse=True)
        pattern = re.compile(r"(?i)(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")\s+$")
        _DIRECTION_CACHE[lex.direction_qualifiers] = pattern
    return pattern


def _opens_sentence(prep: Any) -> bool:
    for tok in prep.sent:
        if tok.i == prep.i:
            return True
        if not (tok.is_punct or tok.is_space or tok.pos_ in ("CCONJ", "ADV")):
            return False
    return False


def _role(root: Any, entry: Optional[GazetteerEntry], lex: PlaceLexicon, place_roots: set[int]) -> str:
    """What a mention does in its sentence: locative | topic (places) or actor |
    modifier | affiliation | name (not places). A conjunct takes the role of the first
    ("in Syria or Eastern Europe")."""
    tok = root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    dep, head = tok.dep_, tok.head
    state = entry is not None and entry.stands_for_state
    if dep == "pobj":
        prep = head.lower_
        governor = head.head
        if prep in lex.affiliation_prepositions and governor.i != head.i and (governor.lower_ in lex.role_nouns or governor.lemma_.lower() in lex.role_nouns):
            return "affiliation"
        if prep in lex.topic_prepositions and _opens_sentence(head):
            return "topic"
        if prep in lex.actor_prepositions or head.dep_ == "agent":
            return "actor"
        if prep in lex.country_actor_prepositions and state:
            return "actor"
        if prep in lex.locative_prepositions:
            return "locative"
        return "actor" if state else "locative"
    if dep in ("appos", "npadvmod") and head.i in place_roots:
        return "locative"  # "Hamburg, Germany"
    if dep in ("compound", "amod", "nmod", "poss", "nummod"):
        if head.lower_ == "time":
            return "locative"  # "Damascus time"
        if dep == "poss" and (head.lower_ in lex.area_suffixes or head.i in place_roots):
            return "locative"  # "Ukraine's Donetsk region", "Syria's Idlib"
        if state or dep == "poss":
            return "modifier"
        if head.pos_ == "PROPN" and head.ent_type_ not in PLACE_LABELS:
            return "name"  # "the Warsaw Uprising"
        return "locative"
    if dep == "dobj":
        if head.lemma_.lower() in lex.place_verbs:
            return "locative"
        if head.lemma_.lower() in lex.topic_verbs:
            return "topic"  # "the topics discussed included Ukraine"
        return "actor" if state else "locative"
    if dep in ("nsubj", "nsubjpass", "csubj", "attr", "dative", "oprd"):
        return "actor" if state else "locative"
    return "actor" if state and dep != "ROOT" else "locative"


PLACE_ROLES = ("locative", "topic")


def find_places(document: Document, lexicons: Optional[Path] = None) -> list[tuple[Place, str, Any]]:
    """Every place mention as (Place, role, root token), in text order, whatever its role
    (``run`` keeps the places; the others are countries acting, modifiers and so on)."""
    doc = document.doc
    if doc is None:
        return []
    gaz, lex = gazetteer(lexicons), lexicon(lexicons)
    text = document.text  # not doc.text, which spaCy rebuilds from the tokens at each access
    direction = _direction_pattern(lex)
    suffix = _suffix_pattern(lex)
    mentions: list[_Mention] = []
    for s, e, label in _candidate_spans(doc, text, gaz, lex):
        s, e = _trim(text, s, e)
        if e <= s:
            continue
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        mention = _Mention(start=s, end=e, entry=None, root=span.root, label=label, name_start=s, name_end=e)
        m = direction.search(text, max(0, s - 30), s)
        if m:
            whole = gaz.lookup(text[m.start(1) : e])
            if whole is not None:
                mention.entry = whole  # "North Korea", "Eastern Europe": one name
                mention.name_start = m.start(1)
            else:
                mention.region = m.group(1).lower()
            mention.start = m.start(1)
        m = suffix.search(text, mention.name_start, e)
        if m and m.start() > mention.name_start:
            mention.name_end = m.start()  # "Hama province" -> Hama
        mentions.append(mention)

    # Countries and regions first: they give the context that picks among cities.
    context: list[str] = []
    for mention in mentions:
        if mention.entry is None:
            k = key(text[mention.name_start : mention.name_end])
            if k not in gaz.preferred:
                mention.entry = gaz.regions.get(k) or gaz.countries.get(k) or gaz.states.get(k)
        if mention.entry is not None and mention.entry.country and mention.entry.kind != "city":
            context.append(mention.entry.country)
    # "Georgia" the country or the state: the state when the article is about the US.
    for mention in mentions:
        entry = mention.entry
        if entry is not None and entry.kind == "country":
            state = gaz.states.get(key(text[mention.name_start : mention.name_end]))
            if state is not None and context.count("USA") > context.count(entry.country):
                mention.entry = state
    for i, mention in enumerate(mentions):
        if mention.entry is None:
            strict = mention.label not in PLACE_LABELS and mention.label != "PREP"
            within = _apposed_country(text, mentions, i)
            mention.entry = gaz.lookup(text[mention.name_start : mention.name_end], within=within, context=context, strict=strict)

    place_roots = {m.root.i for m in mentions}
    out: list[tuple[Place, str, Any]] = []
    for mention in mentions:
        if mention.entry is None and mention.label not in PLACE_LABELS:
            continue
        role = _role(mention.root, mention.entry, lex, place_roots)
        if mention.entry is None and mention.label == "GPE" and not (role == "locative" and mention.root.dep_ == "pobj"):
            continue  # a name the gazetteer does not know and no preposition locates: not enough
        entry = mention.entry
        surface = text[mention.start : mention.end]
        if entry is None:
            name = text[mention.name_start : mention.end]
            place = Place(text=surface, start=mention.start, end=mention.end, name=name, region=mention.region)
        else:
            # A region spanning countries is itself the region; a qualifier narrows a place.
            region = mention.region or (entry.name if entry.kind == "region" and entry.country is None else None)
            place = Place(
                text=surface,
                start=mention.start,
                end=mention.end,
                name=entry.name,
                country=entry.country,
                lat=entry.lat,
                lon=entry.lon,
                region=region,
            )
        out.append((place, role, mention.root))
    return out


def _apposed_country(text: str, mentions: list[_Mention], i: int) -> Optional[str]:
    """The country of the place named right after this one: "Minsk, Belarus"."""
    if i + 1 >= len(mentions):
        return None
    here, after = mentions[i], mentions[i + 1]
    if after.entry is None or not re.fullmatch(r"\s*,\s*", text[here.end : after.start]):
        return None
    return after.entry.country


_SUFFIX_CACHE: dict[frozenset[str], re.Pattern[str]] = {}


def _suffix_pattern(lex: PlaceLexicon) -> re.Pattern[str]:
    pattern = _SUFFIX_CACHE.get(lex.area_suffixes)
    if pattern is None:
        words = sorted(lex.area_suffixes, key=len, reverse=True)
        pattern = re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in words) + r")$")
        _SUFFIX_CACHE[lex.area_suffixes] = pattern
    return pattern


# --------------------------------------------------------------------------- events


def _in_a_persons_name(names: list[tuple[int, int]], place: Place, root: Any) -> bool:
    """A place word that the actors stage (when it ran) read as a person's name, and that
    spaCy did not itself tag a place: "testimony from Bolton" is John Bolton, not the town."""
    return root.ent_type_ not in PLACE_LABELS and any(s <= place.start and place.end <= e for s, e in names)


def run(document: Document, settings: Settings) -> None:
    found = find_places(document, settings.lexicons)
    for place, role, root in found:
        place.role, place.head = role, root.i
    names = [(m.start, m.end) for a in document.actors if a.type == "person" for m in a.mentions if m.kind == "name"]
    document.places = [p for p, role, root in found if role in PLACE_ROLES and not _in_a_persons_name(names, p, root)]


STAGE = stage("place", requires=("doc",), assigns=("places",))(run)
