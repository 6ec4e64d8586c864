"""The place stage: place mentions resolved offline to country and coordinates, and
events located from their sentence or paragraph.

These tests run spaCy (loaded once per session) and the place stage alone.
"""

from __future__ import annotations

from typing import Optional

import pytest

from newsledger.stages import nlp
from newsledger.stages import link
from newsledger.stages import place as place_stage
from newsledger.document import Article, Document, Event, Place
from newsledger.evaluate import overlaps


@pytest.fixture(scope="session")
def placed(settings):
    """``placed(text, events=("met",))`` -> Document after spaCy and the place stage."""
    model = nlp.load(settings.model)

    def run(text: str, events: tuple[str, ...] = ()) -> Document:
        document = Document(article=Article(text=text, date="2021-06-01"))
        document.doc = model(text)
        for trigger in events:
            at = text.index(trigger)
            document.events.append(Event(type="CONSULT", start=at, end=at + len(trigger), text=trigger))
        place_stage.run(document, settings)
        link.locate_events(document)  # the link step attaches them to the events
        return document

    return run


def place_at(document: Document, surface: str, nth: int = 0) -> Optional[Place]:
    at = -1
    for _ in range(nth + 1):
        at = document.text.index(surface, at + 1)
    hits = [p for p in document.places if overlaps((p.start, p.end), (at, at + len(surface)))]
    return hits[0] if hits else None


CITIES = [
    ("Trump and Putin met on the sidelines of the G20 summit in Hamburg.", "Hamburg", "DEU"),
    ("Protesters gathered in Minsk, Belarus, on Sunday.", "Minsk", "BLR"),
    ("Shelling was reported near Idlib and in Aleppo.", "Aleppo", "SYR"),
    ("Clashes broke out in Kiev overnight.", "Kiev", "UKR"),  # an older spelling of Kyiv
    ("The envoy flew to Bogotá for talks.", "Bogotá", "COL"),
    ("Hundreds rallied in Washington against the war.", "Washington", "USA"),
]


@pytest.mark.parametrize("text,surface,country", CITIES)
def test_cities_resolve_to_their_country(placed, text, surface, country):
    place = place_at(placed(text), surface)
    assert place is not None and place.country == country
    assert place.lat is not None and place.lon is not None


def test_coordinates_are_the_city(placed):
    hamburg = place_at(placed("Leaders met in Hamburg on Friday."), "Hamburg")
    assert hamburg is not None and abs(hamburg.lat - 53.55) < 0.1 and abs(hamburg.lon - 10.0) < 0.1


def test_a_city_named_with_its_state_is_there(placed):
    document = placed("Storms flooded streets in Paris, Texas, while Paris itself stayed dry.")
    assert place_at(document, "Paris").country == "USA"
    assert place_at(document, "Texas").country == "USA"


def test_the_article_context_picks_the_city(placed):
    # There is a Damascus in Maryland; an article about Syria means the Syrian capital,
    # however often it names the United States.
    text = "US and Russian diplomats discussed Syria. The truce starts at noon Damascus time, US officials said."
    assert place_at(placed(text), "Damascus").country == "SYR"


def test_region_qualifier_is_kept(placed):
    document = placed("They announced a de-escalation zone in southwestern Syria.")
    place = place_at(document, "southwestern Syria")
    assert (place.text, place.name, place.country, place.region) == ("southwestern Syria", "Syria", "SYR", "southwestern")


def test_province_word_and_qualifier(placed):
    place = place_at(placed("Government jets struck villages in northern Hama province."), "Hama")
    assert (place.country, place.region) == ("SYR", "northern")


def test_regions_across_countries_have_no_country(placed):
    document = placed("Tensions rose in Eastern Europe and across the Middle East.")
    assert place_at(document, "Eastern Europe").country is None
    assert place_at(document, "Eastern Europe").name == "Eastern Europe"
    assert place_at(document, "Middle East").country is None


@pytest.mark.parametrize(
    "text,surface,country",
    [
        ("Heavy fighting continued in the Donbas region.", "Donbas", "UKR"),
        ("Air strikes hit the Gaza Strip overnight.", "Gaza Strip", "PSE"),
        ("Russia annexed Crimea in 2014.", "Crimea", "UKR"),
        ("Rights groups documented abuses in Chechnya.", "Chechnya", "RUS"),
        ("Tanks rolled into North Korea's border towns in the exercise scenario near Seoul.", "Seoul", "KOR"),
    ],
)
def test_gazetteer_regions(placed, text, surface, country):
    place = place_at(placed(text), surface)
    assert place is not None and place.country == country


def test_invaded_country_is_a_place(placed):
    assert place_at(placed("The army invaded Ukraine in February."), "Ukraine").country == "UKR"


@pytest.mark.parametrize(
    "text,surface",
    [
        ("Russia said it would retaliate.", "Russia"),  # a country acting
        ("The United States imposed sanctions on Iran.", "Iran"),  # a country acted upon
        ("The US President spoke to reporters.", "US"),  # a modifier
        ("Washington imposed new tariffs on Chinese steel.", "Washington"),  # a capital for its government
        ("Tillerson held talks with Moscow about the truce.", "Moscow"),
        ("Ties between the two countries soured over Russia's interference.", "Russia"),
        ("Senator Schumer, Democrat of New York, criticized the deal.", "New York"),  # an affiliation
        ("The Kremlin denied the report.", "Kremlin"),
    ],
)
def test_countries_and_capitals_acting_are_not_places(placed, text, surface):
    assert place_at(placed(text), surface) is None


def test_seat_of_government_as_a_location_is_a_place(placed):
    place = place_at(placed("The two leaders held talks at the Kremlin."), "Kremlin")
    assert place is not None and place.country == "RUS"


def test_people_named_like_towns_are_not_places(placed):
    document = placed("NBC correspondent Hallie Jackson asked about the report.")
    assert document.places == []


# --------------------------------------------------------------------------- events


def test_event_located_in_its_sentence(placed):
    text = (
        "Trump and Putin met for two hours on the sidelines of the G20 summit in Hamburg, "
        "amid fears of a clash in Syria or Eastern Europe."
    )
    event = placed(text, events=("met",)).events[0]
    assert event.place is not None and (event.place.name, event.place.country) == ("Hamburg", "DEU")


def test_event_keeps_the_region(placed):
    text = "Tillerson and Lavrov announced an agreement on a ceasefire in southwestern Syria."
    event = placed(text, events=("announced",)).events[0]
    assert (event.place.name, event.place.country) == ("southwestern Syria", "SYR")


def test_event_falls_back_to_its_paragraph(placed):
    text = "Ministers gathered in Vienna on Monday.\nThey agreed to extend the deal.\n\nIn Tehran, officials welcomed it."
    event = placed(text, events=("agreed",)).events[0]
    assert event.place is not None and event.place.name == "Vienna"


def test_topic_does_not_locate_an_event(placed):
    text = "On North Korea, the two ministers acknowledged there was no agreement."
    document = placed(text, events=("acknowledged",))
    assert place_at(document, "North Korea").country == "PRK"  # listed as a place ...
    assert document.events[0].place is None  # ... but the talks did not happen there


def test_place_in_another_clause_is_not_preferred(placed):
    text = "Russian forces shelled the outskirts of Kharkiv, officials in Kyiv said."
    event = placed(text, events=("shelled",)).events[0]
    assert event.place.name == "Kharkiv"


# --------------------------------------------------------------------------- seed gold


def test_seed_gold_places(settings, seed_text, seed_gold):
    """Recall of the gold places (span overlap and same country) on the seed article."""
    document = Document(article=Article(text=seed_text, date=seed_gold["date"]))
    document.doc = nlp.load(settings.model)(seed_text)
    place_stage.run(document, settings)
    found = [
        g
        for g in seed_gold["places"]
        if any(overlaps(tuple(g["span"]), (p.start, p.end)) and p.country == g.get("country") for p in document.places)
    ]
    assert len(found) / len(seed_gold["places"]) >= 0.8, [g["text"] for g in seed_gold["places"] if g not in found]


def test_georgia_the_state_in_a_us_story(placed):
    document = placed("Tornadoes tore through Alabama and Georgia, the US weather service said.")
    assert place_at(document, "Georgia").country == "USA"


def test_georgia_the_country(placed):
    document = placed("Russian troops remain in Georgia, the foreign ministry in Tbilisi said.")
    assert place_at(document, "Georgia").country == "GEO"


def test_no_parse_no_places(settings):
    document = Document(article=Article(text="Talks in Geneva.", date=None))
    place_stage.run(document, settings)
    assert document.places == []


def test_place_of_another_clause_does_not_locate_the_event(placed):
    text = "The minister, who had flown in from Kyiv, condemned the strikes."
    assert placed(text, events=("condemned",)).events[0].place is None


def test_possessive_country_of_a_region_is_a_place(placed):
    text = "Fighting flared along the front line in eastern Ukraine's Donetsk region."
    document = placed(text, events=("flared",))
    assert (place_at(document, "Ukraine").country, place_at(document, "Ukraine").region) == ("UKR", "eastern")
    assert place_at(document, "Donetsk").name == "Donetsk"
    assert document.events[0].place.name == "Donetsk"
