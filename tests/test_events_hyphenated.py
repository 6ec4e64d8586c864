"""Hyphenated event nouns: one token each ("cease-fire", "walk-out"), found by the events stage
as their unhyphenated patterns; other hyphenated words are split as before."""

from __future__ import annotations

import pytest

from newsledger.stages import nlp


@pytest.fixture(scope="module")
def model(settings):
    return nlp.load(settings.model)


@pytest.fixture(scope="module")
def code(code_events):
    return code_events


def words(model, text: str) -> list[str]:
    return [t.text for t in model(text)]


def test_a_hyphenated_event_noun_is_one_token(model):
    assert "cease-fire" in words(model, "The cease-fire held for a week.")
    assert "Walk-outs" in words(model, "Walk-outs spread to the ports.")


def test_punctuation_after_it_is_still_split(model):
    assert words(model, '"A cease-fire," he said.')[:4] == ['"', "A", "cease-fire", ","]


def test_other_hyphenated_words_are_split_as_before(model):
    assert "-" in words(model, "a pro-Russian leader")
    assert "-" in words(model, "a 19-year-old student")


def test_a_hyphenated_ceasefire_codes_as_the_unhyphenated_one(code):
    spelled = [(e.type, e.cameo) for e in code("Hamas and Israel announced a cease-fire.").events]
    plain = [(e.type, e.cameo) for e in code("Hamas and Israel announced a ceasefire.").events]
    assert spelled and spelled == plain


def test_a_cease_fire_agreed_between_two_sides(code):
    document = code("Armenia and Azerbaijan agreed to a cease-fire on Saturday.")
    assert any(e.type == "AGREE" and "ceasefire" in e.context for e in document.events), [(e.type, e.context) for e in document.events]
