"""Actors the text gives no country take the country the article is about (the home-country
step), so that an event between "police" and "protesters" in Belgrade is a Serbian dyad; the
dictionary's actors and bodies of no country keep what they have."""

from __future__ import annotations

import newsledger


def actor(doc, name):
    return next(a for a in doc.actors if a.name.lower() == name.lower())


def test_unnamed_actors_take_the_country_of_the_places():
    doc = newsledger.analyze(
        "Thousands of protesters gathered outside the parliament in Belgrade on Tuesday. "
        "As they tried to storm the building, police fired tear gas at them."
    )
    assert actor(doc, "police").country == "SRB"
    event = next(e for e in doc.events if e.type == "ASSAULT")
    assert doc.actor(event.source).country == "SRB"


def test_a_person_the_dictionary_does_not_know_takes_the_home_country():
    doc = newsledger.analyze(
        "A car bomb killed twelve soldiers in Maidan Shahr, Afghanistan, on Monday. "
        "Sharif Hotak, a member of the provincial council, said the Taliban carried out the attack."
    )
    assert actor(doc, "Sharif Hotak").country == "AFG"


def test_an_article_about_two_countries_evenly_gives_none():
    doc = newsledger.analyze("Greece and Turkey traded accusations on Monday. A spokesman said the talks would go on.")
    assert actor(doc, "spokesman").country is None


def test_bodies_of_no_country_keep_none():
    doc = newsledger.analyze(
        "Three men were arrested in Kabul on Monday. A police spokesman said they had planned the attack. "
        "The United Nations condemned the attack in Kabul."
    )
    assert actor(doc, "United Nations").country is None
    assert actor(doc, "police spokesman").country == "AFG"
