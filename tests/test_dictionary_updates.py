"""The hand-curated people of 2015-2025 (knowledge/data/actors/updates.yaml) on real sentences:
the pipeline finds them in the dictionary and gives them their country (an event's dyad
needs it) and the sector of their office on the article's date."""

from __future__ import annotations

import pytest

from newsledger.stages.actors import _dictionary


def actor_named(doc, name):
    found = [a for a in doc.actors if a.name == name]
    assert found, f"no actor {name!r}; actors: {[(a.name, a.country) for a in doc.actors]}"
    return found[0]


CASES = [
    # (sentence, date, canonical name, country, sector or None)
    ("Special Counsel Robert Mueller questioned the president's former aides on Tuesday.", "2018-03-06",
     "Robert Mueller", "USA", "JUD"),
    ("Senator Lindsey Graham criticized the decision to withdraw troops from Syria.", "2019-10-08",
     "Lindsey Graham", "USA", "LEG"),
    ("Paul Manafort was sentenced to 47 months in prison on Thursday.", "2019-03-07",
     "Paul Manafort", "USA", None),
    ("Governor Ricardo Rosselló resigned after two weeks of protests in San Juan.", "2019-07-24",
     "Ricardo Rosselló", "PRI", "GOV"),
]


@pytest.mark.parametrize("text,date,name,country,sector", CASES, ids=[c[2] for c in CASES])
def test_new_people_get_their_country(analyze, text, date, name, country, sector):
    doc = analyze(text, date=date)
    actor = actor_named(doc, name)
    assert actor.dictionary_id is not None
    assert actor.country == country
    if sector is not None:
        assert actor.sector == sector


@pytest.mark.parametrize("surname", ["Lam", "Khan", "Ahmed", "Kim", "Lee", "Moon", "Sanchez", "May", "Brown", "Cruz"])
def test_short_common_surnames_are_not_aliases(surname):
    people = [e for e in _dictionary(()).lookup(surname) if e.type == "person" and e.id in {
        "CARRIE_LAM", "SADIQ_KHAN", "ABIY_AHMED", "PEDRO_SANCHEZ", "TED_CRUZ", "GORDON_BROWN"}]
    assert people == []
