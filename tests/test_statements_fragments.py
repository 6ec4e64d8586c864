"""Statements across outlets (issue 14): quoted fragments and the story's other articles.

A fragment is a scare quote (words in quotation marks nobody is said to have said) or a
quoted stretch of a mixed quote that is not the quote's own (the other stretches of one
that quotes several, or the only one of a report mostly in the outlet's words). Each links,
as a partial occurrence, to the statement whose words hold it word for word in an article
of the same story. Documents are built by hand (no model).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from newsledger.document import Actor, Article, Claim, Document, Quote, ScareQuote
from newsledger.statements import Said
from newsledger.statements.matching import fragment_link, speaker_match, story_link
from newsledger.store import Store
from newsledger.store.statements import statement_fragments, statements
from test_statements import statement_of, store  # noqa: F401  (the store fixture and the lookup of a quote's statement)

SPEAKERS = {
    "warren": ("elizabeth-warren", "Elizabeth Warren", True, None),
    "graham": ("lindsey-graham", "Lindsey Graham", True, None),
    "trump": ("donald-trump", "Donald Trump", True, None),
    "twitter": ("twitter", "Twitter", True, None),
    "author": ("author", "the author", False, None),
    "official": ("official", "the official", False, None),
}

PLEDGE = "We will restore the rule of law as the lodestar of this committee and hold every agency to account"
BUDGET = "The budget we passed tonight is a down payment on a fairer economy for working families"


def document(text: str, quoted: list[tuple[str, str, str]], source: str, date: str = "2021-03-04", scare: tuple[str, ...] = ()) -> Document:
    """An article whose text holds each (speaker, kind, words) once, and each scare quote."""
    doc = Document(Article(text=text, source=source, date=date, url=f"https://{source.lower().replace(' ', '')}.example/a"))
    actors: dict[str, Actor] = {}
    for speaker, kind, said in quoted:
        start = text.index(said)
        key, name, named, affiliation = SPEAKERS[speaker]
        actors.setdefault(key, Actor(id=key, name=name, type="person", named=named, affiliation=affiliation))
        doc.quotes.append(Quote(text=said, start=start, end=start + len(said), kind=kind, speaker=key, speaker_name=name))
        doc.claims.append(Claim(text=said, start=start, end=start + len(said), source_type="named" if named else "anonymous", source=key))
    for words in scare:
        start = text.index(words)
        doc.scare_quotes.append(ScareQuote(text=words, start=start, end=start + len(words)))
    doc.actors = list(actors.values())
    return doc


def fragment_statement(store: Store, doc: Document, words: str) -> str | None:
    start = doc.text.index(words)
    with store.engine.connect() as conn:
        return conn.execute(
            select(statement_fragments.c.statement_id).where(statement_fragments.c.article_id == doc.id, statement_fragments.c.start_char == start)
        ).scalar_one()


def first_report() -> Document:
    text = f"Warren spoke after the vote. “{PLEDGE}.” She added: “{BUDGET}.”"
    return document(text, [("warren", "direct", PLEDGE), ("warren", "direct", BUDGET)], "Outlet A")


# --------------------------------------------------------------------------- scare quotes


def test_a_scare_quote_of_the_story_links_as_partial_to_the_sentence_quoted_whole(store):
    a = first_report()
    text = f"Warren called the rule of law the committee's “lodestar of this committee” on Thursday. “{BUDGET},” she said."
    b = document(text, [("warren", "direct", BUDGET)], "Outlet B", scare=("“lodestar of this committee”",))
    store.save(a), store.save(b)
    assert statement_of(store, a, 1) == statement_of(store, b, 0)  # what makes B an article of A's story
    assert fragment_statement(store, b, "“lodestar of this committee”") == statement_of(store, a, 0)
    with store.engine.connect() as conn:
        row = conn.execute(select(statements).where(statements.c.id == statement_of(store, a, 0))).mappings().one()
        kind = conn.execute(select(statement_fragments.c.link_kind).where(statement_fragments.c.article_id == b.id)).scalar_one()
    assert row["n_articles"] == 2 and kind == "partial"


def test_a_scare_quote_stored_first_links_when_a_later_article_quotes_the_sentence(store):
    text = f"Warren made the rule of law the “lodestar of this committee” on Thursday. “{BUDGET},” she said."
    b = document(text, [("warren", "direct", BUDGET)], "Outlet B", scare=("“lodestar of this committee”",))
    store.save(b)
    assert fragment_statement(store, b, "“lodestar of this committee”") is None  # nobody reports the words yet
    a = first_report()
    store.save(a)
    assert fragment_statement(store, b, "“lodestar of this committee”") == statement_of(store, a, 0)


def test_a_scare_quote_in_an_article_of_another_story_does_not_link(store):
    a = first_report()
    text = "The bakery's owner called the new recipe the “lodestar of this committee” of tasters, laughing."
    b = document(text, [], "Outlet B", scare=("“lodestar of this committee”",))
    store.save(a), store.save(b)
    assert fragment_statement(store, b, "“lodestar of this committee”") is None


def test_a_one_word_scare_quote_does_not_link_inside_a_long_quote(store):
    a = first_report()
    text = f"Warren called the vote a “down payment” and the rule of law a “lodestar” for the panel. “{BUDGET},” she said."
    b = document(text, [("warren", "direct", BUDGET)], "Outlet B", scare=("“lodestar”", "“down payment”"))
    store.save(a), store.save(b)
    assert fragment_statement(store, b, "“lodestar”") is None  # one word of a 20-word sentence: an epithet, no witness
    assert fragment_statement(store, b, "“down payment”") == statement_of(store, a, 1)


def test_a_scare_quote_far_in_time_does_not_link(store):
    a = first_report()
    text = f"A month on, Warren still calls the rule of law the “lodestar of this committee”. “{BUDGET},” she said again."
    b = document(text, [("warren", "direct", BUDGET)], "Outlet B", date="2021-04-10", scare=("“lodestar of this committee”",))
    store.save(a), store.save(b)
    assert fragment_statement(store, b, "“lodestar of this committee”") is None


def test_two_outlets_quoting_the_same_fragment_only_make_a_statement_of_it(store):
    a = first_report()
    b_text = f"Warren called the plan a “fairer economy” pledge. “{PLEDGE},” she said."
    c_text = f"Warren promised a “fairer economy” again. “{PLEDGE},” she told reporters."
    b = document(b_text, [("warren", "direct", PLEDGE)], "Outlet B", scare=("“fairer economy”",))
    c = document(c_text, [("warren", "direct", PLEDGE)], "Outlet C", scare=("“fairer economy”",))
    for doc in (a, b, c):
        store.save(doc)
    # A's budget sentence holds the words: both fragments join its statement.
    assert fragment_statement(store, b, "“fairer economy”") == fragment_statement(store, c, "“fairer economy”") == statement_of(store, a, 1)


# --------------------------------------------------------------------------- mixed quotes


def test_each_stretch_of_a_mixed_quote_reports_its_own_statement(store):
    a = first_report()
    said = "she would “hold every agency to account” and called the budget “a down payment on a fairer economy for working families”"
    b = document(f"Warren said {said}.", [("warren", "mixed", said)], "Outlet B")
    store.save(a), store.save(b)
    # The quote stands for its longest stretch (the budget); its other stretch is a fragment of the pledge.
    assert statement_of(store, b, 0) == statement_of(store, a, 1)
    assert fragment_statement(store, b, "hold every agency to account") == statement_of(store, a, 0)


def test_a_mixed_quote_by_another_named_speaker_does_not_link_on_shared_words(store):
    a = first_report()
    said = "the bill would “hold every agency to account” once signed into law by the president"
    b = document(f"Graham said {said}. “{BUDGET},” Warren said.", [("graham", "mixed", said), ("warren", "direct", BUDGET)], "Outlet B")
    store.save(a), store.save(b)
    assert statement_of(store, b, 1) == statement_of(store, a, 1)  # one story
    assert statement_of(store, b, 0) != statement_of(store, a, 0)
    assert fragment_statement(store, b, "hold every agency to account") != statement_of(store, a, 0)


def test_within_a_story_an_unnamed_official_and_the_author_link_on_a_kept_stretch():
    # "the author" quoted whole by one outlet, "the official" quoted in a few words by another:
    # the speakers are not known to be one, the words are the witness.
    direct = Said("Given the turmoil there were whispers of removing him, but no one wanted to precipitate a constitutional crisis.",
                  "direct", "author", named=False, date="2018-09-06")
    mixed = Said("the cabinet weighed removing him but no one wanted to “precipitate a constitutional crisis” in the end",
                 "mixed", "official", named=False, date="2018-09-05")
    assert speaker_match(direct, mixed) == "unknown"
    link = story_link(mixed, direct)
    assert link is not None and link.kind == "partial"
    other = Said("No one wanted a constitutional crisis over the budget talks this week.", "direct", "author", named=False, date="2018-09-06")
    assert story_link(mixed, other) is None  # two words of it, not the stretch


def test_fragment_rules_on_their_own():
    sentence = Said("James Comey is a proven LEAKER and LIAR who lied to Congress under OATH", "direct", "donald-trump", "Donald Trump", date="2018-04-13")
    assert fragment_link(Said("LEAKER and LIAR", "direct", date="2018-04-13"), sentence) is not None  # no speaker: the words do it
    assert fragment_link(Said("LIAR", "direct", date="2018-04-13"), sentence) is None  # one word, unknown speaker
    assert fragment_link(Said("liar and leaker", "direct", date="2018-04-13"), sentence) is None  # not the words in order
    assert fragment_link(Said("LEAKER and LIAR", "direct", "mike-pence", "Mike Pence", date="2018-04-13"), sentence) is None  # another speaker


# --------------------------------------------------------------------------- speakers, re-ingest


def test_a_platform_taken_for_the_speaker_links_as_unknown_on_long_identical_words():
    tweet = "If the anonymous person does indeed exist, the Times must, for national security purposes, turn him over at once"
    by_trump = Said(tweet, "direct", "donald-trump", "Donald Trump", date="2018-09-06")
    by_twitter = Said(tweet, "direct", "twitter", "Twitter", date="2018-09-06")
    assert speaker_match(by_trump, by_twitter) == "unknown"
    assert story_link(by_trump, by_twitter) is not None
    assert speaker_match(by_trump, Said(tweet, "direct", "mike-pence", "Mike Pence")) is None


def test_reingest_changes_no_fragment(store):
    a = first_report()
    text = f"Warren called the rule of law the committee's “lodestar of this committee” on Thursday. “{BUDGET},” she said."
    b = document(text, [("warren", "direct", BUDGET)], "Outlet B", scare=("“lodestar of this committee”",))
    store.save(a), store.save(b)

    def snapshot():
        with store.engine.connect() as conn:
            return sorted(tuple(str(v) for v in r) for r in conn.execute(select(statement_fragments)))

    before = snapshot()
    assert before
    assert not store.save(b) and not store.save(a)
    assert snapshot() == before


def test_a_linked_fragment_is_an_occurrence_of_kind_fragment_in_the_statement_and_counts_as_an_outlet(store):
    from newsledger.store.statement_queries import article_statements, statement_detail

    a = first_report()
    text = f"Warren called the rule of law the committee's “lodestar of this committee” on Thursday. “{BUDGET},” she said."
    b = document(text, [("warren", "direct", BUDGET)], "Outlet B", scare=("“lodestar of this committee”",))
    store.save(a), store.save(b)
    item = statement_detail(store.engine, statement_of(store, a, 0))
    kinds = {o["source"]: (o["kind"], o["link"]) for o in item["occurrences"]}
    assert kinds == {"Outlet A": ("direct", "first"), "Outlet B": ("fragment", "partial")}
    fragment = next(o for o in item["occurrences"] if o["kind"] == "fragment")
    assert text[fragment["start"] : fragment["end"]] == "“lodestar of this committee”" and fragment["wording"] is None
    assert item["flags"] == [] and item["n_articles"] == 2
    assert article_statements(store.engine, a.id)[0]["other_outlets"] == 1


def test_one_speakers_fragment_with_a_pronoun_for_the_name_links_on_a_long_kept_run():
    tweet = Said("It was my great honor to fire James Comey!", "direct", "donald-trump", "Donald Trump", date="2018-04-13")
    fragment = Said("It was my great honor to fire him.", "direct", "donald-trump", "Donald Trump", date="2018-04-13")
    assert fragment_link(fragment, tweet) is not None
    # Another speaker, or only a short run of the words kept: no link.
    assert fragment_link(Said("It was my great honor to fire him.", "direct", "mike-pence", "Mike Pence", date="2018-04-13"), tweet) is None
    assert fragment_link(Said("It was my honor to serve him.", "direct", "donald-trump", "Donald Trump", date="2018-04-13"), tweet) is None


def test_a_report_quoting_two_statements_does_not_bridge_them(store):
    # One outlet's sentence quotes two tweets ("slime ball" and "my great honor"); the two
    # tweets quoted whole elsewhere stay two statements.
    first = "James Comey is a weak and untruthful slime ball who was a terrible Director of the FBI"
    second = "It was my great honor to fire James Comey and I would do it again tomorrow"
    a = document(f"Trump wrote: “{first}.” Later: “{second}.”", [("trump", "direct", first), ("trump", "direct", second)], "Outlet A", date="2018-04-13")
    said = "calling Comey an “untruthful slime ball” and adding that it was “my great honor to fire James Comey” in a second post"
    b = document(f"Trump lashed out, {said}.", [("trump", "mixed", said)], "Outlet B", date="2018-04-13")
    store.save(a), store.save(b)
    assert statement_of(store, a, 0) != statement_of(store, a, 1)
    stretches = {fragment_statement(store, b, "untruthful slime ball"), fragment_statement(store, b, "my great honor to fire James Comey")}
    assert stretches == {statement_of(store, a, 0), statement_of(store, a, 1)}


CRISIS = "Given the turmoil there were early whispers within the cabinet of removing him. But no one wanted to precipitate a constitutional crisis"
SUCCEED = "We want the administration to succeed and think that many of its policies have already made America safer"


def test_within_a_story_a_report_of_a_few_words_joins_the_sentence_quoted_whole(store):
    # Outlet B (first) has the official's words in a report; outlet A quotes the author's
    # sentence whole. One other sentence quoted by both makes them one story.
    report = "aides talked in private of invoking the amendment, though nobody would “precipitate a constitutional crisis” over it"
    b = document(f"The official said {report}. “{SUCCEED},” the official wrote.", [("official", "mixed", report), ("official", "direct", SUCCEED)],
                 "Outlet B", date="2018-09-05")
    a = document(f"“{CRISIS},” the author wrote. “{SUCCEED}.”", [("author", "direct", CRISIS), ("author", "direct", SUCCEED)], "Outlet A", date="2018-09-06")
    store.save(b), store.save(a)
    assert statement_of(store, a, 1) == statement_of(store, b, 1)
    assert statement_of(store, a, 0) == statement_of(store, b, 0)
    assert fragment_statement(store, b, "precipitate a constitutional crisis") == statement_of(store, a, 0)


def test_the_same_few_words_in_another_story_do_not_join(store):
    a = document(f"“{CRISIS},” the author wrote.", [("author", "direct", CRISIS)], "Outlet A", date="2018-09-06")
    report = "the court fight over the border money would “precipitate a constitutional crisis” within weeks"
    c = document(f"Graham said {report}.", [("graham", "mixed", report)], "Outlet C", date="2018-09-06")
    store.save(a), store.save(c)
    assert statement_of(store, a, 0) != statement_of(store, c, 0)
    assert fragment_statement(store, c, "precipitate a constitutional crisis") is None


def test_a_one_word_fragment_needs_one_speaker_a_short_quote_and_an_uncommon_word():
    short = Said("It's possible, but I don't know.", "direct", "james-comey", "James Comey", date="2018-04-15")
    assert fragment_link(Said("possible", "direct", "james-comey", "James Comey", date="2018-04-15"), short) is not None
    assert fragment_link(Said("possible", "direct", date="2018-04-15"), short) is None  # no speaker
    order = Said("the administration was considering a “secondary order” soon", "mixed", "donald-trump", "Donald Trump", date="2020-04-22")
    assert fragment_link(Said("order", "direct", "donald-trump", "Donald Trump", date="2020-04-22"), order) is None


def test_a_long_word_two_outlets_of_one_story_quote_alone_is_one_statement(store):
    """USA TODAY's "lodestar," and the Guardian's “lodestar”: the op-ed's word, quoted alone
    by both reports of the story (no speaker either side); a short word ("failing") is an
    epithet anyone repeats, and stays apart."""
    a = first_report()
    b_text = f"Sleuths noted the word “lodestar” and the “failing” press. “{BUDGET},” Warren said."
    c_text = f"The piece used the term \"lodestar,\" and mocked the \"failing\" press. \"{BUDGET},\" she said."
    b = document(b_text, [("warren", "direct", BUDGET)], "Outlet B", scare=("“lodestar”", "“failing”"))
    c = document(c_text, [("warren", "direct", BUDGET)], "Outlet C", scare=('"lodestar,"', '"failing"'))
    for doc in (a, b, c):
        store.save(doc)
    shared = fragment_statement(store, b, "“lodestar”")
    assert shared is not None and shared == fragment_statement(store, c, '"lodestar,"')
    assert fragment_statement(store, b, "“failing”") is None and fragment_statement(store, c, '"failing"') is None


def test_a_long_word_alone_needs_the_same_word_alone_on_the_other_side():
    lodestar = Said("lodestar", "direct", date="2018-09-06")
    assert fragment_link(lodestar, Said("“lodestar,”", "direct", date="2018-09-06")) is not None
    sentence = Said("John McCain was a lodestar for restoring honor to public life", "direct", date="2018-09-06")
    assert fragment_link(lodestar, sentence) is None  # one word of a long sentence, no speaker: no witness
    assert fragment_link(lodestar, Said("lodestars", "direct", date="2018-09-06")) is None
