"""Quoted words held by a verb that is no cue, and quoted titles and names.

Sentences written for these tests; none comes from the seed article or a gold set.
"""

from __future__ import annotations


def quotes_of(doc):
    return [(q.kind, q.text) for q in doc.quotes]


def test_quoted_words_in_the_object_of_a_plain_verb_are_its_subjects(analyze):
    doc = analyze("Mayor Karen Holt bemoaned the current mood in which neighbours “barely talk to each other” because of the vote.")
    assert len(doc.quotes) == 1
    q = doc.quotes[0]
    assert q.kind == "mixed"
    assert q.text.startswith("the current mood in which neighbours “barely talk to each other”")
    assert doc.actor(q.speaker).name == "Karen Holt"
    assert q.cue.text == "bemoaned"
    assert doc.scare_quotes == []


def test_a_subject_that_is_no_actor_holds_no_words(analyze):
    doc = analyze("The long speech praised family, faith and the “spirit of the frontier” before a cheering hall.")
    assert doc.quotes == []
    assert [s.text for s in doc.scare_quotes] == ["“spirit of the frontier”"]


def test_a_light_verb_holds_no_words(analyze):
    doc = analyze("The senator has a “complicated relationship” with the party leadership.")
    assert doc.quotes == []
    assert [s.text for s in doc.scare_quotes] == ["“complicated relationship”"]


def test_a_show_after_a_possessive_is_a_title(analyze):
    doc = analyze("Governor Anna Berg spoke about the budget on Sunday on NBC’s “Weekend Report With Tom Hale.”")
    assert all("Weekend Report" not in q.text for q in doc.quotes)
    assert doc.scare_quotes == []


def test_a_show_after_on_is_a_title(analyze):
    doc = analyze("Senator Paul Ortiz appeared on “Sunday Morning Politics” with his wife.")
    assert doc.quotes == []
    assert doc.scare_quotes == []


def test_a_quoted_name_modifying_a_noun_is_a_name(analyze):
    doc = analyze("The “Stop Ortiz” movement held a rally outside the convention hall on Monday.")
    assert doc.quotes == []
    assert doc.scare_quotes == []


def test_lower_case_words_after_a_possessive_stay_a_scare_quote(analyze):
    doc = analyze("The government's “reform” of the pension system has angered unions across the country.")
    assert doc.quotes == []
    assert [s.text for s in doc.scare_quotes] == ["“reform”"]


def test_naming_whose_object_the_parser_hangs_inside_the_complement(analyze):
    doc = analyze("Senator Lindsey Graham called both Trump and Clinton “crazy”.")
    q = [q for q in doc.quotes if q.kind != "stance"][0]
    assert q.text == "both Trump and Clinton “crazy”"
    assert q.kind == "mixed"


def test_characterizing_as_that_hangs_low_in_the_object(analyze):
    doc = analyze("Trump described Britain’s vote to leave the European Union as “fantastic,” and left.")
    q = doc.quotes[0]
    assert q.text == "Britain’s vote to leave the European Union as “fantastic,”"
    assert q.kind == "mixed"


def test_call_for_quoted_words_is_a_stance_on_the_object(analyze):
    doc = analyze("Senator Ana Ruiz called for more “flexibility” for military advisers in Iraq.")
    q = doc.quotes[0]
    assert q.text == "more “flexibility” for military advisers in Iraq"
    assert q.kind == "mixed"


def test_reported_clause_keeps_the_opening_mark_the_parse_left_out(analyze):
    doc = analyze("Barack Obama said “it gets me mad” every time he thinks about the shooting.")
    q = doc.quotes[0]
    assert q.text == "“it gets me mad” every time he thinks about the shooting"


def test_a_complement_never_cuts_a_quotation_in_two(analyze):
    doc = analyze("Senator Ana Ruiz criticized the “reckless and costly” plan for the harbour on Monday.")
    for q in doc.quotes:
        assert q.text.count("“") == q.text.count("”")


def test_further_quoted_words_in_the_sentence_go_on_with_a_mixed_quote(analyze):
    doc = analyze("Governor Chris Christie called him a “talented guy” when required to “deliver a speech, read a teleprompter.”")
    assert [(q.kind, q.text) for q in doc.quotes if q.kind != "stance"] == [
        ("mixed", "him a “talented guy” when required to “deliver a speech, read a teleprompter.”")
    ]


def test_quoted_words_after_another_cue_stay_apart(analyze):
    doc = analyze("Senator Ana Ruiz called the plan “reckless” and the governor called it “a farce.”")
    texts = [q.text for q in doc.quotes if q.kind != "stance"]
    assert len(texts) == 2
    assert all(t.count("“") == 1 for t in texts)


def test_a_place_named_in_title_case_after_at_the_is_a_title(analyze):
    doc = analyze("Senator Paul Ortiz spoke to donors at the “Blue Ridge Country Club” on Friday.")
    assert [q for q in doc.quotes if q.kind != "stance"] == []
    assert doc.scare_quotes == []
