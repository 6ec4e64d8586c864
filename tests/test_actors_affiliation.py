"""The body in a person's title is the person's affiliation: "White House spokesman Hogan
Gidley" speaks for the White House (issue 14: "the White House said" and his quoted words
are one source's)."""

from __future__ import annotations

import newsledger


def test_spokesman_of_a_known_body_is_affiliated_with_it():
    doc = newsledger.analyze(
        "Earlier on Tuesday, the White House said the president was unlikely to hand over his tax returns. "
        "“He's not inclined to do so at this time,” White House spokesman Hogan Gidley told Fox News."
    )
    gidley = next(a for a in doc.actors if a.name == "Hogan Gidley")
    assert gidley.affiliation == next(a.id for a in doc.actors if a.name == "White House")


def test_a_title_with_a_country_gives_no_affiliation():
    doc = newsledger.analyze("Russian Foreign Minister Sergey Lavrov said the talks would continue.")
    lavrov = next(a for a in doc.actors if a.name == "Sergey Lavrov")
    assert lavrov.affiliation is None


def test_a_person_before_a_role_is_no_affiliation():
    doc = newsledger.analyze("Trump lawyer John Dowd said the president had done nothing wrong.")
    dowd = next(a for a in doc.actors if a.name == "John Dowd")
    assert dowd.affiliation is None
