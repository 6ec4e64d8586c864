"""The events stage's precision guards, on sentences of our own: no event without a source
(unless an agentless passive names who it befell), no events from a headline that restates the
body, pronoun subjects of reported clauses only standing for a speaker they fit, and pending
negation ("not yet agreed") kept apart from rejection."""

from __future__ import annotations

import pytest

from newsledger.document import Document


@pytest.fixture(scope="module")
def code(code_events):
    return code_events


def types(document: Document) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.source_name, e.target_name) for e in document.events]


def test_an_attack_with_no_one_who_does_it_gives_no_event(code):
    document = code("The base has been closed since a bombing in Herat in 2016.")
    assert not document.events, types(document)


def test_generic_victims_of_an_agentless_passive_give_no_event(code):
    document = code("Three people were killed in the blast on Tuesday.")
    assert not document.events, types(document)


def test_an_agentless_passive_keeps_a_named_target(code):
    document = code("The opposition leader Alexei Navalny was arrested in Moscow.")
    assert any(e.type == "COERCE" and e.source is None and "Navalny" in (e.target_name or "") for e in document.events), types(document)


def test_the_same_attack_with_its_author_is_coded(code):
    document = code("Rebels carried out a bombing in Herat in 2016.")
    assert any(e.type == "ASSAULT" and e.source is not None for e in document.events), types(document)


def test_a_headline_gives_no_event_of_its_own(code):
    title = "Kenya expels Somali envoy"
    text = title + "\n\nKenya on Tuesday expelled the ambassador of Somalia, officials said.\n"
    document = code(text, title=title)
    headline_end = len(title)
    assert all(e.start > headline_end for e in document.events), types(document)
    assert document.events, "the body's event is still coded"


def test_a_first_paragraph_that_is_not_the_title_is_coded(code):
    text = "Kenya expels Somali envoy\n\nOfficials said so on Tuesday.\n"
    document = code(text, title="Diplomatic row in East Africa")
    assert any(e.start < 26 for e in document.events), types(document)


def test_it_does_not_stand_for_a_person_who_speaks(code):
    document = code("Houthi spokesman Yahya Sarea said it had carried out the attack on Saudi Arabia.")
    assert not any(e.source_name == "Yahya Sarea" and e.type == "ASSAULT" for e in document.events), types(document)


def test_it_stands_for_a_country_that_speaks(code):
    document = code("Japan said it will give aid to Nepal.")
    assert any(e.source_name == "Japan" and e.type in ("AGREE", "AID") for e in document.events), types(document)


def test_not_yet_agreed_is_a_pending_agreement_not_a_rejection(code):
    document = code("Nigeria and Ghana have not yet agreed on the rules of origin.")
    assert not any(e.type == "REJECT" for e in document.events), types(document)
    assert any(e.type == "AGREE" and e.negated for e in document.events), types(document)


def test_would_not_back_is_still_a_rejection(code):
    document = code("Nigeria would not back the plan of Ghana.")
    assert any(e.type == "REJECT" for e in document.events), types(document)


def test_the_claims_of_a_named_party_are_its_accusation(code):
    document = code("Ministers rejected the claims of Ukraine that Russia had shelled the port of Odesa.")
    assert any(e.type == "ACCUSE" and e.source_name == "Ukraine" and e.target_name == "Russia" for e in document.events), types(document)
    assert not any(e.type == "ASSAULT" and e.mode == "asserted" for e in document.events), types(document)


def test_an_unowned_report_leaves_the_act_alleged(code):
    document = code("There were reports that the Syrian army had shelled villages near Idlib.")
    shelling = [e for e in document.events if e.type == "ASSAULT"]
    assert shelling and all(e.mode == "hypothetical" for e in shelling), types(document)


def test_a_relative_clause_on_a_claim_noun_is_not_its_content(code):
    document = code("Russia denied the claims that Ukraine made on Monday.")
    assert not any(e.mode == "hypothetical" for e in document.events), types(document)


def test_a_claim_said_by_no_one_leaves_the_act_alleged(code):
    document = code("It was claimed that Iran had attacked the tanker of Norway.")
    attacks = [e for e in document.events if e.type == "ASSAULT"]
    assert attacks and all(e.mode == "hypothetical" for e in attacks), types(document)


def test_a_named_speaker_still_accuses(code):
    document = code("Norway said that Iran had attacked its tanker.")
    assert any(e.type == "ACCUSE" and e.source_name == "Norway" for e in document.events), types(document)


def test_an_act_as_subject_is_not_its_author(code):
    document = code("Germany's handling of the crisis was threatening the European Union.")
    assert not any(e.type == "THREATEN" and e.source_name == "Germany" for e in document.events), types(document)


def test_an_actor_as_subject_still_threatens(code):
    document = code("Germany was threatening the European Union with sanctions.")
    assert any(e.type in ("THREATEN", "SANCTION", "COERCE") and e.source_name == "Germany" for e in document.events), types(document)


def test_a_leaders_own_country_gives_way_to_the_other_side(code):
    document = code("Last year Trump withdrew the US from a nuclear treaty with Iran.")
    assert any(e.source_name == "Donald Trump" and e.target_name == "Iran" for e in document.events), types(document)


def test_a_city_before_an_attack_noun_says_where_not_who(code):
    document = code("Last week a Kabul car bombing killed five people.")
    assert not any(e.source_name == "Afghanistan" for e in document.events), types(document)


def test_a_demonym_before_an_attack_noun_is_its_author(code):
    document = code("Israeli airstrikes hit Gaza on Monday.")
    assert any(e.type == "ASSAULT" and e.source_name == "Israel" for e in document.events), types(document)


def test_the_noun_event_told_whole_by_its_verb_is_one_event(code):
    document = code("Israeli airstrikes hit Gaza on Monday.")
    assert [(e.type, e.target_name) for e in document.events] == [("ASSAULT", "Gaza")], types(document)


def test_a_condemned_act_targets_its_author(code):
    document = code("Turkey launched an offensive against the Kurds in Syria. The offensive was condemned by the European Union.")
    assert any(e.type == "ACCUSE" and e.source_name == "European Union" and e.target_name == "Turkey" for e in document.events), types(document)


def test_a_dated_agreement_is_not_the_talks_just_reported(code):
    document = code("Police in Leeds spoke with Anne Marsh on Friday. Under a 1994 agreement, staff at the base have immunity.")
    assert not any(e.type == "AGREE" for e in document.events), types(document)


def test_issuing_an_opinion_is_no_cooperation(code):
    document = code("The Supreme Court of Canada issued an opinion on the powers of Parliament.")
    assert not any(e.type == "COOPERATE" for e in document.events), types(document)


def test_issuing_a_grant_is_still_aid(code):
    document = code("The Supreme Court of Canada issued a grant to Parliament.")
    assert any(e.type in ("AID", "COOPERATE") for e in document.events), types(document)
