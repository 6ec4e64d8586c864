"""The Python API a new user meets first: ``newsledger.analyze``, ``analyze_many``,
``Document.from_dict``, the shipped type information and the public classes' docstrings."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import warnings
from importlib import resources

import pytest

import newsledger
from newsledger import Article, Document, NotEnglishWarning
from newsledger.ingest import read_text_article

HEADED = (
    "Merkel and Macron pledge closer defence ties\n\n"
    "By Jane Smith\n\n"
    "8 July 2017\n\n"
    "German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Tuesday.\n"
)
GERMAN = (
    "Die Bundeskanzlerin hat am Dienstag in Berlin mit dem französischen Präsidenten über die "
    "Verteidigung gesprochen, und die beiden Länder wollen einen neuen Vertrag unterzeichnen, "
    "sagte sie nach dem Treffen mit den Journalisten."
)


def test_analyze_reads_title_byline_and_dateline_as_the_cli_does(settings):
    doc = newsledger.analyze(HEADED, settings=settings)
    as_read = read_text_article(HEADED)  # what `newsledger analyze FILE.txt` reads
    assert (doc.article.title, doc.article.author, doc.article.date) == (as_read.title, as_read.author, as_read.date)
    assert (doc.article.title, doc.article.author, doc.article.date) == (
        "Merkel and Macron pledge closer defence ties", "Jane Smith", "2017-07-08"
    )
    assert doc.text == HEADED


def test_given_fields_win_over_the_head(settings):
    doc = newsledger.analyze(HEADED, date=_dt.date(2017, 7, 11), title="Given", author="Someone", source="Wire", settings=settings)
    assert (doc.article.title, doc.article.author, doc.article.date, doc.article.source) == ("Given", "Someone", "2017-07-11", "Wire")


@pytest.mark.parametrize("date", ["2019-13-01", "2017-02-30", "yesterday", "2017/07/08"])
def test_a_bad_date_is_a_value_error_that_says_so(date):
    with pytest.raises(ValueError, match=r"is not a date.*YYYY-MM-DD") as caught:
        newsledger.analyze("Turkey attacked Syria.", date=date)
    assert repr(date) in str(caught.value)


@pytest.mark.parametrize("text, error, words", [
    ("", ValueError, "empty"),
    ("  \n\t ", ValueError, "only white space"),
    (None, TypeError, "must be a str, not None"),
    (b"Turkey attacked Syria.", TypeError, "decode it first"),
])
def test_no_text_is_a_clear_error(text, error, words):
    with pytest.raises(error, match=words):
        newsledger.analyze(text)


def test_non_english_text_warns(settings):
    with pytest.warns(NotEnglishWarning, match="probably German"):
        doc = newsledger.analyze(GERMAN, settings=settings)
    assert any("does not look like English" in w for w in doc.to_dict()["warnings"])


def test_english_text_does_not_warn(settings):
    with warnings.catch_warnings():
        warnings.simplefilter("error", NotEnglishWarning)
        newsledger.analyze(HEADED, settings=settings)


def test_analyze_many_takes_texts_records_and_articles_in_order(settings):
    items = [
        "Turkish forces shelled Kurdish positions in Syria on Monday.",
        {"text": "China and Russia signed a trade agreement in Beijing on Friday.", "title": "Trade", "date": "2020-01-03"},
        Article(text="Iran condemned the sanctions on Tuesday."),
    ]
    docs = list(newsledger.analyze_many(items, settings=settings, date="2021-05-05"))
    assert [d.text for d in docs] == [items[0], items[1]["text"], items[2].text]
    assert [d.article.date for d in docs] == ["2021-05-05", "2020-01-03", "2021-05-05"]
    assert docs[1].article.title == "Trade"
    assert all(d.events for d in docs)


def test_analyze_many_names_the_bad_item(settings):
    with pytest.raises(ValueError, match=r'item 1: a record needs a "text" field'):
        list(newsledger.analyze_many(["Turkey attacked Syria.", {"title": "no text"}], settings=settings))
    with pytest.raises(TypeError, match=r"item 2: .*must be a str, not int"):
        list(newsledger.analyze_many(["Turkey attacked Syria.", "Iran condemned it.", 7], settings=settings))


def test_from_dict_reloads_the_json_contract(seed_doc):
    record = json.loads(json.dumps(seed_doc.to_dict()))
    again = Document.from_dict(record)
    assert again.to_dict() == seed_doc.to_dict()
    assert again.id == seed_doc.id and again.doc is None
    # The reloaded facts are objects again, with their links: a quote's speaker is an actor.
    spoken = [q for q in again.quotes if q.speaker]
    assert spoken and all(again.actor(q.speaker) is not None for q in spoken)
    assert all(m.actor == a.id for a in again.actors for m in a.mentions)
    assert all(again.text[e.start:e.end] == e.text for e in again.events)


def test_from_dict_refuses_another_schema(seed_doc):
    record = dict(seed_doc.to_dict(), schema="newsledger/0")
    with pytest.raises(ValueError, match="newsledger/0"):
        Document.from_dict(record)


def test_package_ships_its_type_information():
    assert resources.files("newsledger").joinpath("py.typed").is_file()


@pytest.mark.parametrize("cls", [newsledger.Actor, newsledger.Quote, newsledger.Event, newsledger.Claim, newsledger.Settings])
def test_public_classes_have_their_own_docstring(cls):
    # A dataclass without a docstring gets its signature, "Quote(text: str, ...)", as __doc__.
    assert dataclasses.is_dataclass(cls)
    assert cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}(")
