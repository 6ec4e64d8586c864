"""The home-country step: actors the text gives no country take the country the article
is about.

News names the country once and then writes "police", "the interior minister",
"protesters", "Judge Amy Berman Jackson" without it; a reader takes them for that country's,
and PLOVER scores a dyad by its sides' countries. The article's country is the one its
places and its actors' mentions name most, when it leads clearly (``home_country.yaml``);
an actor the dictionary knows keeps what its entry says, and so do bodies of no country
(IGO, NGO, multinationals) and whoever acts on the country itself or is acted on by it. Runs after the place stage, whose places it counts; events
refer to actors by id, so their dyads follow.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from newsledger.document import Document
from newsledger.knowledge.lexicon import load_yaml
from newsledger.settings import Settings
from newsledger.stage import stage


@dataclass(frozen=True)
class HomeRule:
    min_mentions: int
    min_share: float
    keep_sectors: frozenset[str]


@lru_cache(maxsize=8)
def rule(lexicons: Optional[Path] = None) -> HomeRule:
    data = load_yaml("home_country.yaml", lexicons)
    return HomeRule(
        min_mentions=int(data["min_mentions"]),
        min_share=float(data["min_share"]),
        keep_sectors=frozenset(data["keep_sectors"]),
    )


def home_country(document: Document, home: HomeRule) -> Optional[str]:
    """The country the article's places and actor mentions name most, if it leads by the
    rule's margin; else None."""
    counts: Counter[str] = Counter(p.country for p in document.places if p.country)
    for actor in document.actors:
        if actor.country:
            counts[actor.country] += max(1, len(actor.mentions))
    if not counts:
        return None
    country, top = counts.most_common(1)[0]
    if top < home.min_mentions or top <= home.min_share * sum(counts.values()):
        return None
    return country


def run(document: Document, settings: Settings) -> None:
    """Give the article's country to each actor that has none, is not in the dictionary and
    is not a body of no country."""
    home = rule(settings.lexicons)
    country = home_country(document, home)
    if country is None:
        return
    facing = facing_the_country(document, country)
    for actor in document.actors:
        if actor.country is None and actor.dictionary_id is None and actor.sector not in home.keep_sectors and actor.id not in facing:
            actor.country = country


def facing_the_country(document: Document, country: str) -> set[str]:
    """The actors on the other side of an event from the home country itself ("Militants
    fired rockets at Israel"): who acts on a country as a whole, or is acted on by it, is
    most often from elsewhere, so the article's country says nothing of theirs."""
    countries = {a.id for a in document.actors if a.type == "country" and a.country == country}
    facing: set[str] = set()
    for event in document.events:
        for side, other in ((event.source, event.target), (event.target, event.source)):
            if side is not None and other in countries:
                facing.add(side)
    return facing


STAGE = stage("home_country", requires=("actors", "events", "places"), assigns=("actors.country",))(run)
