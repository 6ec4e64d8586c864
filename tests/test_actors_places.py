"""Names the dictionary does not know that the article gives only as where something is or
happens are places, not actors; the same kind of name acting or speaking stays an actor."""

from __future__ import annotations

import newsledger


def names(doc):
    return [a.name for a in doc.actors]


def test_town_after_in_is_no_actor():
    doc = newsledger.analyze(
        "A car bomb was rammed into a military base in Maidan Shahr on Monday, killing dozens of soldiers."
    )
    assert "Maidan Shahr" not in names(doc)


def test_name_before_a_place_noun_is_no_actor():
    doc = newsledger.analyze("Drones struck the Abqaiq plant and the Khurais oil field before dawn on Saturday.")
    assert "Abqaiq" not in names(doc) and "Khurais" not in names(doc)


def test_a_name_that_also_acts_stays_an_actor():
    doc = newsledger.analyze(
        "Protesters gathered outside Ghazni Holdings on Monday. Ghazni Holdings said it would close the mine."
    )
    assert any(n.startswith("Ghazni") for n in names(doc))


def test_a_person_met_at_a_place_stays_a_person():
    doc = newsledger.analyze("Reporters spoke with Maria Lopez at the hospital in Tijuana on Monday.")
    assert "Maria Lopez" in names(doc)
