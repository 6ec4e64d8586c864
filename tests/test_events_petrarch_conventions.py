"""PETRARCH-2's reading of a dictionary pattern's words around the verb, on a tiny dictionary of
our own in a lexicon folder: the words between subject and verb (auxiliaries, adverbs) count with
the subject's ("% HAVE": "A and B have delayed …"); a compound pattern ("%") codes the event
from each member of the compound subject to the other; the words after the verb include its
clause ("allowed that X isn't a real pleasant place"); the target search reads the object's
participle phrases ("blocked the roads leading into X")."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import coder_with_dictionary
from newsledger.document import Document
from newsledger.stages import events

DICTIONARY = [
    {"kind": "pattern", "block": "ALLOW", "line": 5, "subject": [], "object": [[["real", "pleasant"]]], "preps": [],
     "cameo": "112", "cameo_target": None, "reverse": False, "plover": "ACCUSE", "plover_mode": "", "found_with": None},
    {"kind": "block", "block": "ALLOW", "line": 4, "cameo": "080", "plover": "CONCEDE", "plover_mode": "",
     "verbs": [{"lemma": "allow", "words": [], "forms": [], "cameo": None, "plover": None, "plover_mode": ""}]},
    {"kind": "block", "block": "EXCLUDE", "line": 6, "cameo": "1721", "plover": "COERCE", "plover_mode": "",
     "verbs": [{"lemma": "block", "words": [], "forms": [], "cameo": None, "plover": None, "plover_mode": ""},
               {"lemma": "cordon", "words": ["off"], "forms": ["cordoned"], "cameo": None, "plover": None, "plover_mode": ""}]},
    {"kind": "block", "block": "PARADE", "line": 7, "cameo": "190", "plover": "ASSAULT", "plover_mode": "",
     "verbs": [{"lemma": "parade", "words": [], "forms": [], "cameo": None, "plover": None, "plover_mode": ""}]},
    {"kind": "pattern", "block": "DELAY", "line": 2, "subject": [[["have"]]], "object": [], "preps": [], "compound": True,
     "cameo": "191", "cameo_target": None, "reverse": False, "plover": "COERCE", "plover_mode": "", "found_with": None},
    {"kind": "pattern", "block": "DELAY", "line": 3, "subject": [[["heavily"]]], "object": [], "preps": [],
     "cameo": "112", "cameo_target": None, "reverse": False, "plover": "ACCUSE", "plover_mode": "", "found_with": None},
    {"kind": "block", "block": "DELAY", "line": 1, "cameo": "120", "plover": "REJECT", "plover_mode": "",
     "verbs": [{"lemma": "delay", "words": [], "forms": [], "cameo": None, "plover": None, "plover_mode": ""}]},
]


@pytest.fixture(scope="module")
def code(settings, tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("lexicons")
    yield coder_with_dictionary(settings, folder, DICTIONARY)
    events.lexicon.cache_clear()


def dyads(document: Document) -> set[tuple[str, str | None, str | None]]:
    return {(e.type, e.source_name, e.target_name) for e in document.events}


def test_an_auxiliary_before_the_verb_is_a_subject_word_and_the_compound_codes_both_ways(code):
    document = code("Egypt and Ethiopia have delayed their meeting on the dam.")
    assert {("COERCE", "Egypt", "Ethiopia"), ("COERCE", "Ethiopia", "Egypt")} <= dyads(document), dyads(document)


def test_without_the_auxiliary_the_compound_pattern_does_not_match(code):
    document = code("Egypt and Ethiopia delayed their meeting on the dam.")
    assert not any(e.type == "COERCE" for e in document.events), dyads(document)


def test_an_adverb_before_the_verb_is_a_subject_word(code):
    document = code("Egypt heavily delayed the talks with Ethiopia.")
    assert ("ACCUSE", "Egypt", "Ethiopia") in dyads(document), dyads(document)
    plain = code("Egypt delayed the talks with Ethiopia.")
    assert not any(e.type == "ACCUSE" for e in plain.events), dyads(plain)


def test_a_patterns_words_after_the_verb_are_read_in_its_clause(code):
    document = code("Egypt allowed that Libya isn't a real pleasant place to visit.")
    assert ("ACCUSE", "Egypt", "Libya") in dyads(document), dyads(document)
    plain = code("Egypt allowed that Libya isn't a safe place to visit.")
    assert ("CONCEDE", "Egypt", "Libya") in dyads(plain), dyads(plain)


def test_the_target_search_reads_the_objects_participle_phrase(code):
    document = code("Egypt has blocked the roads leading into Libya.")
    assert ("COERCE", "Egypt", "Libya") in dyads(document), dyads(document)


def test_a_particle_read_as_a_preposition_still_has_its_object(code):
    document = code("Egypt has cordoned off the roads leading into Libya.")
    assert ("COERCE", "Egypt", "Libya") in dyads(document), dyads(document)


def test_the_target_search_reads_an_adverbs_phrase(code):
    document = code("Egypt has paraded very close to the border with Libya.")
    assert ("ASSAULT", "Egypt", "Libya") in dyads(document), dyads(document)
    far = code("Egypt has paraded very quickly.")
    assert not any(e.type == "ASSAULT" for e in far.events), dyads(far)


def test_the_target_search_reads_the_object_of_the_objects_participle(code):
    document = code("Egypt has blocked the convoy supporting Libya.")
    assert ("COERCE", "Egypt", "Libya") in dyads(document), dyads(document)
