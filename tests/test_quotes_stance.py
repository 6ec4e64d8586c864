"""Stances: what a source supports, opposes, asks for or shows, as attribution corpora
(PARC, PolNeAR) count them. Sentences written for these tests.
"""

from __future__ import annotations


def stances(doc):
    return [(q.kind, q.text, doc.actor(q.speaker).name if doc.actor(q.speaker) else None) for q in doc.quotes]


def test_endorsing_a_candidate_is_a_stance(analyze):
    doc = analyze("Governor Lena Park endorsed Tom Alvarez for the Senate seat.")
    assert stances(doc) == [("stance", "Tom Alvarez for the Senate seat", "Lena Park")]


def test_criticising_someone_for_something_takes_the_reason(analyze):
    doc = analyze("Senator Omar Reyes criticized the governor for vetoing the budget bill.")
    assert [(k, t) for k, t, _ in stances(doc)] == [("stance", "the governor for vetoing the budget bill")]


def test_a_verb_with_its_preposition_takes_its_object(analyze):
    doc = analyze("Mayor Karen Holt called for an independent inquiry into the fire.")
    assert [(k, t) for k, t, _ in stances(doc)] == [("stance", "an independent inquiry into the fire")]


def test_asking_a_question_is_an_indirect_attribution(analyze):
    doc = analyze("A reporter asked Governor Lena Park whether she would run again.")
    kinds = [k for k, _, _ in stances(doc)]
    assert kinds == ["indirect"]
    assert "whether she would run again" in doc.quotes[0].text


def test_a_preposition_of_place_or_time_is_no_stance(analyze):
    doc = analyze("Governor Lena Park spoke after the vote in the state capital.")
    assert doc.quotes == []


def test_a_subject_that_holds_no_view_gives_nothing(analyze):
    doc = analyze("The storm destroyed the old bridge over the river.")
    assert doc.quotes == []


def test_a_negated_stance_gives_nothing(analyze):
    doc = analyze("Governor Lena Park did not endorse Tom Alvarez.")
    assert doc.quotes == []


def test_a_stance_is_no_claim(analyze):
    doc = analyze("Governor Lena Park endorsed Tom Alvarez on Monday.")
    assert [q.kind for q in doc.quotes] == ["stance"]
    stance = doc.quotes[0]
    assert all((c.start, c.end) != (stance.start, stance.end) for c in doc.claims)
