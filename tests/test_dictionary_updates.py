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
    ("Philippine President Rodrigo Duterte threatened the network.", "2017-07-08",
     "Rodrigo Duterte", "PHL", "GOV"),
    ("Ethiopian Prime Minister Abiy Ahmed ordered troops into Tigray.", "2020-11-04",
     "Abiy Ahmed", "ETH", "GOV"),
    ("New Zealand Prime Minister Jacinda Ardern announced a ban on semi-automatic weapons.", "2019-03-21",
     "Jacinda Ardern", "NZL", "GOV"),
    ("Belarusian opposition leader Svetlana Tsikhanouskaya met European foreign ministers in Brussels.", "2020-09-21",
     "Svetlana Tsikhanouskaya", "BLR", "OPP"),
    ("Alexander Lukashenko said he would not hand over power.", "2020-08-17",
     "Alexander Lukashenko", "BLR", "GOV"),
    ("Venezuelan opposition leader Juan Guaidó declared himself interim president.", "2019-01-23",
     "Juan Guaidó", "VEN", "OPP"),
    ("Hong Kong leader Carrie Lam withdrew the extradition bill.", "2019-09-04",
     "Carrie Lam", None, "GOV"),
    ("Khalifa Haftar ordered his forces to advance on Tripoli.", "2019-04-04",
     "Khalifa Haftar", "LBY", "MIL"),
    ("Austrian Chancellor Sebastian Kurz called a snap election.", "2019-05-18",
     "Sebastian Kurz", "AUT", "GOV"),
    ("Greek Prime Minister Kyriakos Mitsotakis met Turkish President Recep Tayyip Erdogan.", "2023-12-07",
     "Kyriakos Mitsotakis", "GRC", "GOV"),
    ("Iraqi Prime Minister Mustafa al-Kadhimi survived a drone attack on his residence.", "2021-11-07",
     "Mustafa al-Kadhimi", "IRQ", "GOV"),
    ("The strike killed Qasem Soleimani near Baghdad airport.", "2020-01-03",
     "Qasem Soleimani", "IRN", None),
    ("Bolivia's interim president Jeanine Áñez was arrested on Saturday.", "2021-03-13",
     "Jeanine Áñez", "BOL", None),
    ("Scottish First Minister Nicola Sturgeon called for a second independence referendum.", "2017-03-13",
     "Nicola Sturgeon", "GBR", "GOV"),
    ("Aung San Suu Kyi defended Myanmar at the International Court of Justice.", "2019-12-11",
     "Aung San Suu Kyi", "MMR", "GOV"),
    ("IAEA chief Rafael Grossi arrived in Tehran for talks.", "2024-05-06",
     "Rafael Grossi", None, "IGO"),
]


@pytest.mark.parametrize("text,date,name,country,sector", CASES, ids=[c[2] for c in CASES])
def test_new_people_get_their_country(analyze, text, date, name, country, sector):
    doc = analyze(text, date=date)
    actor = actor_named(doc, name)
    assert actor.dictionary_id is not None
    if country is None:  # an international official, or Hong Kong (HKG or CHN)
        assert actor.country in (None, "HKG", "CHN")
    else:
        assert actor.country == country
    if sector is not None:
        assert actor.sector == sector


@pytest.mark.parametrize("surname", ["Lam", "Khan", "Ahmed", "Kim", "Lee", "Moon", "Sanchez", "Sánchez", "May",
                                     "Johnson", "Brown", "Cruz", "Martin", "Wong", "Scott", "Murphy", "Correa"])
def test_short_common_surnames_are_not_aliases(surname):
    """A bare common surname names nobody: 'Lam' is not Carrie Lam, 'Khan' not Sadiq Khan."""
    assert [e.id for e in _dictionary(()).lookup(surname) if e.type == "person"] == []


def test_a_common_surname_alone_does_not_become_the_new_person(analyze):
    doc = analyze("Mr. Lam, a shopkeeper in Kowloon, said business had been slow.", date="2019-09-04")
    assert not [a for a in doc.actors if a.name == "Carrie Lam"]


@pytest.mark.parametrize("alias,entry_id", [
    ("Duterte", "RODRIGO_DUTERTE"), ("Tsikhanouskaya", "SVETLANA_TSIKHANOUSKAYA"), ("Haftar", "KHALIFA_HAFTAR"),
    ("Mitsotakis", "KYRIAKOS_MITSOTAKIS"), ("Guaido", "JUAN_GUAIDO"), ("Soleimani", "QASEM_SOLEIMANI"),
])
def test_distinctive_surnames_are_aliases(alias, entry_id):
    assert [e.id for e in _dictionary(()).lookup(alias)][:1] == [entry_id]
