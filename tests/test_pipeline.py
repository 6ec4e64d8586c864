"""The pipeline as a whole: the Python API, batching, the JSON contract and its spans."""

from __future__ import annotations

import datetime
import json

import pytest

import newsledger
from newsledger.document import Article, article_id_for
from newsledger.stages.nlp import ModelNotInstalled
from newsledger.pipeline import analyze_articles, stage_names
from newsledger.settings import Settings

FACT_LISTS = ("quotes", "scare_quotes", "events", "times", "places", "claims", "hedges")


def test_stages_run_in_the_documented_order():
    assert stage_names() == ["nlp", "actors", "quotes", "events", "time", "place", "home_country", "link", "sourcing"]


def test_every_fact_span_is_its_own_text(seed_doc):
    data = seed_doc.to_dict()
    text = data["text"]
    for name in FACT_LISTS:
        for fact in data[name]:
            assert 0 <= fact["start"] < fact["end"] <= len(text), (name, fact)
            if "text" in fact and name not in ("events",):
                assert text[fact["start"] : fact["end"]] == fact["text"], (name, fact)
    for actor in data["actors"]:
        for m in actor["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


def test_json_round_trips(seed_doc):
    data = seed_doc.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_references_point_at_actors_of_the_same_document(seed_doc):
    ids = {a.id for a in seed_doc.actors}
    assert len(ids) == len(seed_doc.actors)
    for quote in seed_doc.quotes:
        assert quote.speaker is None or quote.speaker in ids
    for event in seed_doc.events:
        assert event.source is None or event.source in ids
        assert event.target is None or event.target in ids


def test_analyze_accepts_a_date_object():
    doc = newsledger.analyze("Russian President Vladimir Putin spoke on Friday.", date=datetime.date(2017, 7, 8))
    assert doc.article.date == "2017-07-08"


def test_batch_keeps_input_order(settings):
    texts = [
        "German Chancellor Angela Merkel arrived in Paris.",
        "Japanese Prime Minister Shinzo Abe met reporters.",
        "Iran rejected the proposal.",
    ]
    articles = [Article(text=t, date="2017-07-08") for t in texts]
    docs = list(analyze_articles(articles, settings))
    assert [d.text for d in docs] == texts
    assert [d.id for d in docs] == [article_id_for(t) for t in texts]


def test_same_text_same_id():
    assert article_id_for("Putin spoke.\r\n") == article_id_for("Putin  spoke.\n\n")
    assert article_id_for("Putin spoke.") != article_id_for("Trump spoke.")


def test_long_article_is_cut_with_a_warning():
    settings = Settings(max_chars=60)
    doc = newsledger.analyze("Iran rejected the proposal. " * 10, settings=settings)
    assert any("only the first 60" in w for w in doc.to_dict()["warnings"])
    assert all(m.end <= 60 for m in doc.mentions)


def test_unknown_model_is_a_clear_error():
    with pytest.raises(ModelNotInstalled, match="not installed"):
        newsledger.analyze("Iran rejected the proposal.", settings=Settings(model="xx_no_such_pipeline"))


def test_a_blank_line_ends_a_sentence(analyze):
    doc = analyze("Ceasefire holds in the north\n\nRebel commanders said on Sunday that the truce was holding.")
    starts = [s.text.strip() for s in doc.doc.sents if s.text.strip()]
    assert starts[0] == "Ceasefire holds in the north"
    assert starts[1].startswith("Rebel commanders")


# --------------------------------------------------------------------------------------------
# Invisible marks: parsed without them, kept in the text and in every span


def _spans_index_the_text(doc) -> None:
    data = doc.to_dict()
    text = data["text"]
    for name in FACT_LISTS:
        for fact in data[name]:
            if "text" in fact and name != "events":
                assert text[fact["start"] : fact["end"]] == fact["text"], (name, fact)
    for actor in data["actors"]:
        for m in actor["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]


@pytest.mark.parametrize("mark", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_an_invisible_mark_inside_a_name_does_not_hide_the_person(mark):
    # Parsed as written, "Angela Mer\u200bkel" is two entities, "Angela" and nothing.
    text = f"Angela Mer{mark}kel met Emmanuel Macron in Paris on Tuesday."
    doc = newsledger.analyze(text)
    assert doc.text == text and doc.doc.text == text
    assert (f"Angela Mer{mark}kel", "PERSON") in [(e.text, e.label_) for e in doc.doc.ents]
    assert "Angela Merkel" in [a.name for a in doc.actors]
    _spans_index_the_text(doc)


def test_marks_between_words_and_at_the_ends_stay_in_the_tokens():
    from newsledger.stages import nlp

    text = "\ufeffThe senator\u200b said \u200b the bill was dead.\n\n\u200bIt was \u00adnot.\u200b"
    doc = newsledger.analyze(text).doc
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text
    # The parse is the one of the cleaned text, token for token.
    clean = nlp.load(Settings().model)(nlp.text_for_parse(text))
    assert [t.text.replace("\u200b", "").replace("\ufeff", "").replace("\u00ad", "") for t in doc] == [t.text for t in clean]
    assert [(t.tag_, t.lemma_, t.dep_, t.head.i) for t in doc] == [(t.tag_, t.lemma_, t.dep_, t.head.i) for t in clean]
    assert [s.start for s in doc.sents] == [s.start for s in clean.sents]
    assert [s.start for s in doc.sents][1:] != []  # the blank line still ends the first sentence


def test_a_text_without_marks_keeps_its_own_parse():
    from newsledger.stages import nlp

    text = "Chancellor Angela Merkel arrived in Paris on Monday."
    assert nlp.text_for_parse(text) is text
    parsed = nlp.load(Settings().model)(text)
    assert nlp.over_original(parsed, text) is parsed



def test_doc_length_is_the_length_of_the_docs_text():
    from spacy.tokens import Doc

    from newsledger.document import doc_length
    from newsledger.stages import nlp

    model = nlp.load(Settings().model)
    texts = ["", " ", "Merkel arrived.", "Merkel arrived.  \n\n", "\u200bMer\u200bkel said \u200b no.\u200b"]
    docs = [nlp.over_original(model(nlp.text_for_parse(t)), t) for t in texts]
    docs.append(Doc.from_docs(docs[2:4], ensure_whitespace=False))  # a long article's pieces joined
    assert [doc_length(doc) for doc in docs] == [len(doc.text) for doc in docs]
    assert [doc.text for doc in docs[:-1]] == texts

def test_a_text_of_only_marks_is_analysed_without_error():
    doc = newsledger.analyze("\u200b\u200b \ufeff")
    assert doc.doc.text == "\u200b\u200b \ufeff" and doc.actors == []


def test_a_name_outside_the_dictionary_is_written_without_its_marks():
    text = ("Local mayor Jo\u200bhanna Kurtzberg welcomed the delegation on Friday. "
            "Kurtz\u00adberg said the visit was an honour for the town.")
    doc = newsledger.analyze(text)
    people = [a for a in doc.actors if a.type == "person"]
    assert [a.name for a in people] == ["Johanna Kurtzberg"]
    # The surname with a soft hyphen in it is still the mayor.
    assert "Kurtz\u00adberg" in [m.text for m in people[0].mentions]
    _spans_index_the_text(doc)
