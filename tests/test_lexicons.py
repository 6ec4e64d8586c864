"""The lexicons as one body of data: the tagged speech-verb lexicon the stages share, the
country names place and actor agree on, and a user's lexicon folder (docs/LEXICONS.md)
that extends or replaces a shipped file, with a bad file named by file and line."""

from __future__ import annotations

import dataclasses

import pytest
from typer.testing import CliRunner

import newsledger
from newsledger.cli import app
from newsledger.knowledge.lexicon import LexiconError, check_folder, load_yaml, speech_verbs

MUTTERED = "The minister muttered that the talks had failed."
SAID = "The minister said that the talks had failed."


def analyze_with(settings, text, folder=None):
    return newsledger.analyze(text, date="2017-07-08", settings=dataclasses.replace(settings, lexicons=folder))


# --------------------------------------------------------------------------- the shared lexicon


def test_each_stage_selects_its_verbs_by_tag():
    speech = speech_verbs("speech")
    # Quotes and coreference read the verbs of saying; sourcing adds belief and claim verbs.
    assert {"say", "tell", "tweet"} <= speech
    assert "believe" not in speech and "believe" in speech_verbs("speech", "belief", "claim")
    assert "ask" in speech_verbs("direct-only") and "ask" not in speech
    with pytest.raises(ValueError, match="no speech-verb tag 'speach'"):
        speech_verbs("speach")


def test_a_verb_of_saying_only_in_the_quote_lexicon_now_attributes_a_claim(settings):
    # "vow" was among the quotes stage's 72 verbs but not sourcing's 46: with one lexicon a
    # collective source that vows is audited like one that says.
    doc = analyze_with(settings, "Many critics vowed that the plan would collapse within a year.")
    assert [(c.source_type, c.text) for c in doc.claims] == [("collective", "the plan would collapse within a year")]


def test_congo_is_the_same_country_as_place_and_as_actor(settings):
    doc = analyze_with(settings, "Fighting resumed in Congo on Tuesday. Congo accused Rwanda of backing the rebels.")
    assert [p.country for p in doc.places if p.text == "Congo"] == ["COD"]
    assert "COD" in {a.country for a in doc.actors if a.name.startswith("Democratic Republic")}


# --------------------------------------------------------------------------- a user's folder


def test_a_user_folder_adds_a_cue_verb(settings, tmp_path):
    assert analyze_with(settings, MUTTERED).quotes == []
    (tmp_path / "speech_verbs.yaml").write_text("verbs:\n  mutter: [speech]\n", encoding="utf-8")
    doc = analyze_with(settings, MUTTERED, tmp_path)
    [quote] = doc.quotes
    assert quote.kind == "indirect"
    assert quote.text == "the talks had failed"
    assert quote.cue.text == "muttered"
    # The shipped verbs are still there: the folder extends, it does not replace.
    assert len(analyze_with(settings, SAID, tmp_path).quotes) == 1


def test_replace_puts_the_users_value_in_place_of_the_shipped_one(settings, tmp_path):
    (tmp_path / "speech_verbs.yaml").write_text("verbs:\n  say: !replace [direct-only]\n", encoding="utf-8")
    assert len(analyze_with(settings, SAID).quotes) == 1
    # "say" now only introduces direct quotes: its "that" clause is no reported speech.
    assert analyze_with(settings, SAID, tmp_path).quotes == []


def test_bad_yaml_is_an_error_naming_file_and_line(tmp_path):
    bad = tmp_path / "quotes.yaml"
    bad.write_text("speech_nouns:\n  - statement\n  - [unclosed\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"{bad}:4: not valid YAML"):
        load_yaml("quotes.yaml", tmp_path)


def test_a_list_given_as_a_mapping_is_an_error_naming_file_and_line(tmp_path):
    bad = tmp_path / "quotes.yaml"
    bad.write_text("# my nouns\nspeech_nouns:\n  communique: yes\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"{bad}:3: the shipped quotes.yaml has a list here; the file gives a mapping"):
        load_yaml("quotes.yaml", tmp_path)


def test_an_undeclared_tag_is_an_error_naming_file_and_line(tmp_path):
    bad = tmp_path / "speech_verbs.yaml"
    bad.write_text("verbs:\n  mutter: [speech]\n  grumble: [speach]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"{bad}:3: the verb 'grumble' has undeclared tag\(s\) speach"):
        speech_verbs("speech", lexicons=tmp_path)


def test_a_misspelt_key_or_file_name_is_an_error(tmp_path):
    (tmp_path / "quotes.yaml").write_text("speech_noun: [communique]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"quotes.yaml:1: quotes.yaml has no key 'speech_noun'"):
        check_folder(tmp_path)
    (tmp_path / "quotes.yaml").unlink()
    (tmp_path / "quote.yaml").write_text("speech_nouns: [communique]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"there is no shipped lexicon quote.yaml"):
        check_folder(tmp_path)


def test_the_command_line_stops_on_a_bad_lexicon_before_reading_articles(tmp_path):
    (tmp_path / "sourcing.yaml").write_text("hedges:\n  doubt: [supposedly\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", "--lexicons", str(tmp_path), "no-such-article.txt"])
    assert result.exit_code == 2
    assert f"{tmp_path / 'sourcing.yaml'}:" in result.output.replace("\n", "")
