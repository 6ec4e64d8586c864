"""The attribute rules and the lemmatizer on arrays give the Doc spaCy's own components give."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from newsledger.stages import array_components, nlp
from newsledger.stages.array_components import ArrayAttributeRules, ArrayLemmatizer

REPO = Path(__file__).resolve().parents[1]
COMPARED = ["ORTH", "POS", "TAG", "DEP", "HEAD", "LEMMA", "MORPH", "ENT_IOB", "ENT_TYPE", "SENT_START"]

# Sentences reaching the ruler's rarer rules: contractions and their lemmas ("gonna", "ain't",
# "let's", "y'all", "'em"), "there is", "but" as an adverb, pronoun case by position, white space.
RARE_FORMS = (
    "We're gonna win, ain't we? Let's go, y'all.  There is hope, but they told 'em nothing.\n\n"
    "It hit me. I saw it; you saw me. She'd have gone. Somebody's gotta say it, c'mon."
)


@pytest.fixture(scope="module")
def model(settings):
    return nlp.load(settings.model)


def _before_rules(model, text: str):
    """The Doc as the pipeline has it when the attribute rules run."""
    doc = model.make_doc(text)
    for name, component in model.pipeline:
        if name == "attribute_ruler":
            return doc
        doc = component(doc)
    raise AssertionError("no attribute_ruler in the pipeline")


def _texts() -> list[str]:
    texts = [RARE_FORMS, (REPO / "examples/seed/trump-putin-hamburg-2017-07-08.txt").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((REPO / "examples/wikinews/seed").glob("*.txt"))[:8]]
    return texts


def test_the_pipeline_runs_the_array_components_under_spacys_names(model):
    assert isinstance(model.get_pipe("attribute_ruler"), ArrayAttributeRules)
    assert isinstance(model.get_pipe("lemmatizer"), ArrayLemmatizer)
    names = model.pipe_names
    assert names.index("attribute_ruler") == names.index("parser") + 1 == names.index("lemmatizer") - 1


@pytest.mark.parametrize("index", range(10))
def test_every_token_attribute_is_what_spacys_ruler_sets(model, index):
    text = _texts()[index]
    rules = model.get_pipe("attribute_ruler")
    before = _before_rules(model, text)
    theirs, ours = rules.ruler(before.copy()), rules(before.copy())
    assert (theirs.to_array(COMPARED) == ours.to_array(COMPARED)).all()
    assert [str(t.morph) for t in theirs] == [str(t.morph) for t in ours]
    # the lemmatizer after it: spaCy's on spaCy's rules, ours on ours
    lemmatizer = model.get_pipe("lemmatizer")
    theirs, ours = lemmatizer.lemmatizer(theirs), lemmatizer(ours)
    assert [t.lemma_ for t in theirs] == [t.lemma_ for t in ours]
    assert (theirs.to_array(COMPARED) == ours.to_array(COMPARED)).all()


def test_rare_forms_get_the_models_lemmas_and_parts_of_speech(model):
    doc = model(RARE_FORMS)
    by_text = {}
    for t in doc:
        by_text.setdefault(t.text, t)
    assert (by_text["gon"].lemma_, by_text["na"].lemma_) == ("go", "to")
    assert by_text["ai"].lemma_ == "be"
    assert by_text["'em"].lemma_ == "them"
    assert by_text["There"].pos_ == "PRON" and by_text["is"].pos_ == "VERB"
    assert by_text[" "].pos_ == "SPACE" and by_text[" "].tag_ == "_SP"


def _blank_with_ruler(patterns: list[dict]):
    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return blank


def test_a_ruler_with_rules_it_can_match_is_replaced_and_gives_the_same_tokens():
    patterns = [
        {"patterns": [[{"LOWER": {"IN": ["ok", "okay"]}}]], "attrs": {"POS": "INTJ", "LEMMA": "okay"}},
        {"patterns": [[{"LOWER": {"REGEX": "^wh"}}, {"IS_PUNCT": True}]], "attrs": {"POS": "PRON"}, "index": -2},
        {"patterns": [[{"ORTH": "Okay"}]], "attrs": {"POS": "ADJ"}},  # later rule wins over the first
    ]
    text = "Okay, who? ok then. What. Whatever"
    reference = _blank_with_ruler(patterns)
    expected = [(t.pos_, t.lemma_) for t in reference(text)]
    replaced = _blank_with_ruler(patterns)
    assert array_components.install(replaced) == ["attribute_ruler"]
    assert isinstance(replaced.get_pipe("attribute_ruler"), ArrayAttributeRules)
    assert [(t.pos_, t.lemma_) for t in replaced(text)] == expected
    assert expected[0] == ("ADJ", "okay") and expected[2] == ("PRON", "")


def test_a_ruler_with_an_operator_keeps_spacys_component():
    blank = _blank_with_ruler([{"patterns": [[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}]], "attrs": {"LEMMA": "good"}, "index": -1}])
    assert array_components.install(blank) == []
    assert not isinstance(blank.get_pipe("attribute_ruler"), ArrayAttributeRules)
    assert blank("very very good")[2].lemma_ == "good"


def test_the_lemmatizer_keeps_each_answer_and_gives_it_again(model):
    lemmatizer = model.get_pipe("lemmatizer")
    first = [t.lemma_ for t in model("The senators were meeting; the senator met them.")]
    assert first == ["the", "senator", "be", "meet", ";", "the", "senator", "meet", "they", "."]
    assert lemmatizer.memo  # and a second Doc reads the same words from the memo
    assert [t.lemma_ for t in model("The senators were meeting; the senator met them.")] == first


def test_a_lemmatizer_of_another_mode_is_not_replaced():
    class TrainedLemmatizer:  # reads more than the word, its tag and morphology
        mode = "trained"

        def lemmatize(self, token):
            return [token.text]

    with pytest.raises(array_components.UnsupportedComponent):
        ArrayLemmatizer.from_lemmatizer(TrainedLemmatizer())


def test_a_rule_whose_index_falls_outside_its_pattern_keeps_spacys_component_and_its_error():
    blank = _blank_with_ruler([{"patterns": [[{"LOWER": "ok"}]], "attrs": {"LEMMA": "okay"}, "index": 2}])
    assert array_components.install(blank) == []
    with pytest.raises(ValueError, match="E1001"):
        blank("ok then")
