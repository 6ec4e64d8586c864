"""PETRARCH-2's verb dictionary syntax as the converter and the coder read it: a compound verb's
"+" marks its verb ("WIRE_+TAP" is "tap" just after "wire"), synsets may be defined between
the verb blocks and inside each other, and a pattern that holds its own negation ("WILL NOT *")
codes the act not done, without negating it again. A form listed as a verb of its own ("LEFT")
is looked up before its lemma's entry ("LEAVE"); the wide target search takes the first phrase
that names an actor. Also: "soldiers from X" are X's soldiers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import coder_with_dictionary, load_script
from newsledger.document import Document
from newsledger.stages import events

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def converter():
    return load_script("convert_cameo_verbs")


def test_a_plus_inside_a_compound_verb_marks_the_verb(converter):
    verb = converter.parse_verb_line("WIRE_+TAP {WIRE_+TAPPED  WIRE_+TAPPING }")
    assert (verb["lemma"], verb["words"], verb["before"]) == ("tap", [], ["wire"])
    assert verb["forms"] == ["tapped", "tapping"]


def test_a_leading_plus_keeps_the_words_after_the_verb(converter):
    verb = converter.parse_verb_line("+MEET_WITH {+MET_WITH}")
    assert (verb["lemma"], verb["words"]) == ("meet", ["with"])
    assert "before" not in verb


def test_a_target_before_the_verb_and_a_source_after_it_turn_the_roles(converter):
    assert converter.parse_pattern("+ * MONEY $", {})["subject_is_target"] is True
    assert "subject_is_target" not in converter.parse_pattern("$ * MONEY +", {})
    assert "subject_is_target" not in converter.parse_pattern("* MONEY +", {})


def test_synsets_between_blocks_and_inside_synsets_are_read(converter):
    lines = ["&TIES", "+MILITARY", "+ECONOMIC", "", "--- ABANDON [345] ---", "ABANDON",
             "&NEAR_SET", "+&TIES", "+CLOSER", "", "--- ACCORD [---] ---", "ACCORD"]
    synsets = converter.read_synsets(lines)
    assert synsets["&NEAR_SET"] == [["military"], ["economic"], ["closer"]]


def test_a_synset_between_blocks_gives_no_verbs(converter, tmp_path):
    source = tmp_path / "verbs.txt"
    source.write_text("&TIES\n+MILITARY\n\n--- ABANDON  [345]  ---\nABANDON\n\n&NEAR_SET\n+&TIES\n+CLOSER\n\n"
                      "--- ACCORD  [---] ---\nACCORD\n- INCHING &NEAR_SET *  [083]\n", encoding="latin-1")
    table = REPO.parent / "shared" / "dictionaries" / "plover" / "CAMEO2PLOVER-2021.txt"
    if not table.exists():
        pytest.skip("the shared CAMEO->PLOVER table is not here")
    converter.convert(source, table, tmp_path, verbs_only=True)
    records = [json.loads(line) for line in (tmp_path / "cameo_verbs.jsonl").read_text().splitlines()]
    lemmas = {v["lemma"] for r in records if r["kind"] == "block" for v in r["verbs"]}
    assert lemmas == {"abandon", "accord"}
    pattern = next(r for r in records if r["kind"] == "pattern")
    assert pattern["subject"] == [[["inching"]], "&NEAR_SET"]


VERB = {"cameo": None, "plover": None, "plover_mode": "", "words": [], "forms": []}
DICTIONARY = [
    {"kind": "block", "block": "CONFISCATE", "line": 1, "cameo": "1711", "plover": "COERCE", "plover_mode": "",
     "verbs": [{**VERB, "lemma": "tap", "forms": ["tapped", "tapping"], "before": ["wire"]}]},
    {"kind": "pattern", "block": "CONFISCATE", "line": 2, "subject": [[["will"]], [["not"]]], "object": [], "preps": [],
     "cameo": "081", "cameo_target": None, "reverse": False, "plover": "CONCEDE", "plover_mode": "", "found_with": None},
    {"kind": "block", "block": "CELEBRATE", "line": 5, "cameo": "---", "plover": None, "plover_mode": "",
     "verbs": [{**VERB, "lemma": "celebrate"}]},
    {"kind": "pattern", "block": "CELEBRATE", "line": 6, "subject": [], "object": [[["iftar"]]], "preps": [],
     "cameo": "044", "cameo_target": None, "reverse": False, "plover": "CONSULT", "plover_mode": "", "found_with": None},
    {"kind": "block", "block": "RECEIVE", "line": 7, "cameo": "---", "plover": None, "plover_mode": "",
     "verbs": [{**VERB, "lemma": "receive"}]},
    {"kind": "pattern", "block": "RECEIVE", "line": 8, "subject": [], "object": [[["money"]]], "preps": [], "subject_is_target": True,
     "cameo": "071", "cameo_target": None, "reverse": False, "plover": "AID", "plover_mode": "", "found_with": None},
    {"kind": "block", "block": "LEAVE", "line": 3, "cameo": "012", "plover": None, "plover_mode": "",
     "verbs": [{**VERB, "lemma": "leave"}]},
    {"kind": "block", "block": "LEFT", "line": 4, "cameo": "032", "plover": "AGREE", "plover_mode": "",
     "verbs": [{**VERB, "lemma": "left"}]},
]


@pytest.fixture(scope="module")
def code(settings, tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("lexicons")
    # the tiny dictionary alone, as the unit tests' world codes: no hand-written patterns
    yield coder_with_dictionary(settings, folder, DICTIONARY, hand_patterns=False)
    events.lexicon.cache_clear()


def coded(document: Document) -> set[tuple[str, str | None, str | None]]:
    countries = {a.id: a.country for a in document.actors}
    return {(e.type, countries.get(e.source), countries.get(e.target)) for e in document.events}


def test_a_compound_verb_codes_with_its_front_word(code):
    document = code("Soldiers from Russia wire tapped all communication links leading into Ukraine.")
    assert coded(document) == {("COERCE", "RUS", "UKR")}


def test_the_verb_without_its_front_word_codes_nothing(code):
    document = code("Soldiers from Russia tapped all communication links leading into Ukraine.")
    assert not document.events, coded(document)


def test_a_pattern_with_its_own_negation_is_not_negated_again(code):
    document = code("Soldiers from Russia will not wire tap the communication links leading into Ukraine.")
    assert {(e.type, e.cameo, e.negated) for e in document.events} == {("CONCEDE", "081", False)}


def test_without_the_negation_the_verb_keeps_its_own_code(code):
    document = code("Soldiers from Russia will wire tap the communication links leading into Ukraine.")
    assert {(e.type, e.cameo) for e in document.events} == {("COERCE", "1711")}


def test_a_form_listed_as_a_verb_of_its_own_is_looked_up_first(code):
    document = code("Russia's foreign minister left for Beijing on Monday for talks with officials of the European Union.")
    assert coded(document) == {("AGREE", "RUS", "CHN")}


def test_another_form_of_the_lemma_keeps_the_lemma_entry(code):
    # "leaves" is LEAVE's (012, no PLOVER event), not LEFT's
    document = code("Russia's foreign minister leaves for Beijing on Monday for talks with officials of the European Union.")
    assert not document.events, coded(document)


def test_a_name_the_pattern_spells_out_is_not_the_target(code):
    document = code("Turkey has celebrated Iftar at Doha with the emir of Qatar.")
    assert coded(document) == {("CONSULT", "TUR", "QAT")}
    iftar = [a for a in document.actors if a.name == "Iftar"]
    assert not iftar or all(e.target != iftar[0].id for e in document.events)


def test_with_no_other_side_the_named_event_codes_nothing(code):
    document = code("Turkey has celebrated Iftar.")
    assert not document.events, [(e.type, e.source_name, e.target_name) for e in document.events]


def test_the_subject_of_a_target_first_pattern_is_the_target(code):
    document = code("Ukraine has received money from Germany.")
    assert coded(document) == {("AID", "DEU", "UKR")}


def test_without_the_pattern_word_the_roles_are_not_turned(code):
    # RECEIVE has no code of its own: "received visitors" matches no pattern and codes nothing
    document = code("Ukraine has received visitors from Germany.")
    assert not document.events, coded(document)


def test_a_tabari_special_code_gives_no_pattern(converter, tmp_path):
    source = tmp_path / "verbs.txt"
    source.write_text("--- RESTORE  [064]  ---\nRESTORE\n- * FXLL DIPLOMATIC  [+++]\n- * DIPLXMATIC  [###]\n"
                      "- * TIES  [064]\n- * CARD  [---]\n", encoding="latin-1")
    table = REPO.parent / "shared" / "dictionaries" / "plover" / "CAMEO2PLOVER-2021.txt"
    if not table.exists():
        pytest.skip("the shared CAMEO->PLOVER table is not here")
    converter.convert(source, table, tmp_path, verbs_only=True)
    records = [json.loads(line) for line in (tmp_path / "cameo_verbs.jsonl").read_text().splitlines()]
    # "---" still blocks the verb's default; "+++" and "###" are left out
    assert [r["cameo"] for r in records if r["kind"] == "pattern"] == ["064", None]
