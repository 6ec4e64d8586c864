"""How dictionary patterns are converted and matched: synsets joined to words in PETRARCH's
verb dictionaries ("&TIETYPES_MEMOS", "FIGHTER_&AIRCRAFT"), and a pattern's words after the verb
read in their order, the words of one alternative next to each other."""

from __future__ import annotations


import pytest

from conftest import load_script
from newsledger.stages import events

@pytest.fixture(scope="module")
def converter():
    return load_script("convert_cameo_verbs")


SYNSETS = {"&WEAPON": [["rifle"], ["machine", "gun"]], "&TALK_FORMS": [["talks"], ["negotiations"]]}


def test_a_synset_joined_to_a_word_is_written_out(converter):
    assert converter.element("&WEAPON_SALES", SYNSETS) == [["rifle", "sales"], ["machine", "gun", "sales"]]


def test_a_word_joined_to_a_synset_is_written_out(converter):
    assert converter.element("HEAVY_&WEAPON", SYNSETS) == [["heavy", "rifle"], ["heavy", "machine", "gun"]]


def test_a_synset_name_with_an_underscore_is_read_whole(converter):
    assert converter.element("&TALK_FORMS", SYNSETS) == "&TALK_FORMS"
    assert converter.element("PEACE_&TALK_FORMS", SYNSETS) == [["peace", "talks"], ["peace", "negotiations"]]


def test_an_unknown_synset_gives_no_element(converter):
    assert converter.element("&NOSUCH_SALES", SYNSETS) is None


def test_a_joined_synset_pattern_keeps_its_words(converter):
    pattern = converter.parse_pattern("- * &WEAPON_SALES TO +", SYNSETS)
    assert pattern["object"][0] == [["rifle", "sales"], ["machine", "gun", "sales"]]
    assert pattern["object"][1] == [["to"]]


def seq(*words: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset({w}) for w in words)


def el(*alternatives: str):
    return events._element(alternatives)


def test_pattern_words_in_their_order_match():
    assert events._in_order((el("the"), el("full")), seq("the", "full", "ties"))


def test_pattern_words_out_of_order_do_not_match():
    assert not events._in_order((el("the"), el("full")), seq("full", "ties", "with", "the", "gondor"))


def test_words_of_one_alternative_must_be_adjacent():
    assert events._in_order((el("economic memos"),), seq("economic", "memos", "from"))
    assert not events._in_order((el("economic memos"),), seq("economic", "secret", "memos"))


def test_other_words_may_come_between_elements():
    assert events._in_order((el("eid"), el("at"), el("with")), seq("eid", "at", "the", "palace", "with", "gondor"))


@pytest.fixture(scope="module")
def code(code_events):
    return code_events


def test_joint_war_games_are_military_cooperation(code):
    document = code("Russia started war games in Belarus.")
    assert any(e.type == "COOPERATE" and e.cameo == "062" for e in document.events), [(e.type, e.cameo) for e in document.events]


def test_starting_anything_in_a_country_is_not_cooperation(code):
    # the dictionary's "&FIGHT_GAMES IN +" once lost its synset and read as "started … in"
    document = code("Russia started the school year in Ukraine.")
    assert not any(e.type == "COOPERATE" for e in document.events), [(e.type, e.cameo) for e in document.events]


def test_a_synset_member_written_with_a_space_is_its_words():
    # "&NEGATVAUXVRB": [["did n't"], ["will not"]] is the tokens did + n't, will + not
    assert events._element([["did n't"], ["will not"]]) == events._element(["did n't", "will not"])
    assert events._has(events._element([["did n't"]]), {"did", "n't", "clash"})
    assert not events._has(events._element([["did n't"]]), {"did", "clash"})
