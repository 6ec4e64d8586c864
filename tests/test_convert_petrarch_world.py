"""The converter of the PETRARCH-2 unit tests' world (scripts/convert_petrarch_world.py): a
country with dated codes stays a country, and a world country that newsledger also ships takes
the place of the shipped entry (its codes and names are the world's), once per country."""

from __future__ import annotations


import pytest

from conftest import load_script
from newsledger.knowledge.dictionary import ActorDictionary

@pytest.fixture(scope="module")
def converter():
    return load_script("convert_petrarch_world")


ACTORS = """\
ZIMBABWE
\t[RHO <790606]
\t[ZBW]
KUWAIT  [KUW]
SOUTH_KOREA [KOR]
+SEOUL
DENMARK [DNK]
+ZEALAND
NEW_ZEALAND [NZE]
UNITED_ARAB_EMIRATES [UAE]
UAE [UAE]
GONDOR [GON]
GOLLUM
\t[HOB <950601]
\t[HOBGOV 950601-990815]
"""


@pytest.fixture(scope="module")
def world(converter, tmp_path_factory):
    path = tmp_path_factory.mktemp("world") / "actors.txt"
    path.write_text(ACTORS, encoding="utf-8")
    entries = converter.convert_actors(path)
    out = path.with_name("actors.jsonl")
    import json
    out.write_text("".join(json.dumps(e) + "\n" for e in entries), encoding="utf-8")
    return {e["name"]: e for e in entries}, ActorDictionary.load([out])


def test_a_country_with_dated_codes_is_a_country(world):
    entries, _ = world
    assert entries["Zimbabwe"]["type"] == "country"
    assert entries["Zimbabwe"]["country"] == "ZBW"  # the code that holds today
    assert entries["Gollum"]["type"] == "person"  # dated codes with a sector: a person


def test_the_world_country_takes_the_place_of_the_shipped_one(world):
    _, dictionary = world
    assert dictionary.country("Kuwait").country == "KUW"
    assert dictionary.country("New Zealand").country == "NZE"
    assert [e.country for e in dictionary.lookup("Zealand")] == ["DNK"]


def test_a_world_name_is_no_capital(world):
    _, dictionary = world
    korea = dictionary.lookup("Seoul")[0]
    assert korea.country == "KOR" and not korea.capital


def test_a_second_entry_for_a_country_adds_to_the_first(world):
    entries, dictionary = world
    assert "UAE" not in entries  # one entry, with both names
    emirates = dictionary.get(entries["United Arab Emirates"]["id"])
    assert {"United Arab Emirates", "UAE"} <= set(emirates.aliases)
    assert (emirates.name, emirates.country) == ("United Arab Emirates", "UAE")


def test_a_fictional_country_keeps_its_own_entry(world):
    entries, dictionary = world
    assert entries["Gondor"]["id"] == "PETR_GONDOR"
    assert dictionary.country("Gondor").country == "GON"


def test_an_earlier_dated_code_overrides_a_later_one_in_its_dates(converter):
    roles = [converter.role(r) for r in ("HOB", "HOBCIV <20080120", "ORCHOB 20100109-20100112", "HOBMIL 20080120-20121109")]
    ordered = converter.in_tabari_order(roles)
    military = [(r["start"], r["end"]) for r in ordered if r["code"] == "HOBMIL"]
    # cut around the orc days; the border day shared with "<20080120" stays as written
    assert military == [("2008-01-20", "2010-01-08"), ("2010-01-13", "2012-11-09")]


def test_dated_codes_that_do_not_overlap_are_kept_as_written(converter):
    roles = [converter.role(r) for r in ("HOBGOV 19950601-19990815", "HOBREB >19990816")]
    assert converter.in_tabari_order(roles) == roles
