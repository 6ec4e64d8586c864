"""The time stage: expressions normalized to ISO 8601 against the article date, and
events dated from the text.

These tests run spaCy (loaded once per session) and the time stage alone, so that they
measure this stage whatever the other stages do.
"""

from __future__ import annotations

from typing import Optional

import pytest

from newsledger.stages import nlp
from newsledger.stages import link
from newsledger.stages import time as time_stage
from newsledger.document import Article, Document, Event
from newsledger.evaluate import overlaps


@pytest.fixture(scope="session")
def timed(settings):
    """``timed(text, date)`` -> Document after spaCy and the time stage."""
    model = nlp.load(settings.model)

    def run(text: str, date: Optional[str] = "2017-07-08", events: tuple[str, ...] = ()) -> Document:
        document = Document(article=Article(text=text, date=date))
        document.doc = model(text)
        for trigger in events:
            at = text.index(trigger)
            document.events.append(Event(type="CONSULT", start=at, end=at + len(trigger), text=trigger))
        time_stage.run(document, settings)
        link.date_events(document)  # the link step attaches them to the events
        return document

    return run


def value_of(document: Document, surface: str) -> tuple[Optional[str], str]:
    """(value, kind) of the time expression whose span covers ``surface``."""
    at = document.text.index(surface)
    hits = [t for t in document.times if t.start <= at and at + len(surface) <= t.end]
    assert hits, f"no time expression covers {surface!r}: {[(t.text, t.value) for t in document.times]}"
    return hits[0].value, hits[0].kind


# text, article date, the words of the expression, its value
CASES = [
    # weekdays in past-tense copy: the latest such day on or before the article date
    ("Fighting resumed in Aleppo on Friday, activists said.", "2017-07-08", "Friday", "2017-07-07"),
    ("Fighting resumed in Aleppo on Friday, activists said.", "2017-07-07", "Friday", "2017-07-07"),
    ("Troops withdrew from the border town on Friday.", "2024-01-03", "Friday", "2023-12-29"),
    ("Thousands marched through the capital on Sunday to protest the sanctions.", "2019-05-08", "Sunday", "2019-05-05"),
    # weekdays in future copy
    ("The ceasefire will take effect on Tuesday.", "2017-07-08", "Tuesday", "2017-07-11"),
    ("Foreign ministers will meet next Tuesday in Brussels.", "2017-07-08", "next Tuesday", "2017-07-11"),
    ("The truce is set to take effect on Monday at dawn.", "2021-05-20", "Monday", "2021-05-24"),
    # days relative to the article
    ("Police detained dozens of protesters yesterday in Minsk.", "2019-03-12", "yesterday", "2019-03-11"),
    ("The central bank raised interest rates today.", "2022-09-21", "today", "2022-09-21"),
    ("The rebels seized the town three days ago.", "2017-07-08", "three days ago", "2017-07-05"),
    ("The rebels seized the town two years ago.", "2017-07-08", "two years ago", "2015"),
    # months, years, weeks relative to the article
    ("The European Union extended sanctions on Russia last month.", "2020-01-15", "last month", "2019-12"),
    ("Exports to Iran fell sharply last year, customs data showed.", "2020-01-15", "last year", "2019"),
    ("Talks between the two delegations resumed this week.", "2020-02-28", "this week", "2020-W09"),
    ("Shelling has been the heaviest since January, the monitors said.", "2017-07-08", "January", "2017-01"),
    # absolute dates; the year implied by the article date
    ("The talks were held in Geneva on 8 July 2017.", "2018-01-01", "8 July 2017", "2017-07-08"),
    ("Voting is due to begin on July 9, 2017, officials said.", "2017-06-01", "July 9, 2017", "2017-07-09"),
    ("The truce took effect on March 3 after weeks of talks.", "2022-03-05", "March 3", "2022-03-03"),
    ("The offensive began on December 28, the army said.", "2024-01-03", "December 28", "2023-12-28"),
    # years
    ("The embargo on arms sales was imposed in 2014.", "2017-07-08", "2014", "2014"),
    ("Sanctions followed the 2016 US election.", "2017-07-08", "2016", "2016"),
    ("Veterans of the uprising of 1944 laid wreaths.", "2019-08-01", "1944", "1944"),
    ("Fighting in the 1990s left thousands dead.", "2017-07-08", "the 1990s", "199X"),
    # clock times with their zone and date
    ("Lavrov said the truce would begin at noon Damascus time on July 9.", "2017-07-08", "noon Damascus time on July 9", "2017-07-09T12:00+03:00"),
    ("Rebels said the assault began at 3 p.m. GMT on Thursday.", "2017-07-08", "3 p.m. GMT on Thursday", "2017-07-06T15:00+00:00"),
    ("Polling stations close at 8 p.m. Kyiv time on March 1.", "2020-02-28", "8 p.m. Kyiv time on March 1", "2020-03-01T20:00+02:00"),
    ("Polling stations close at 8 p.m. Kyiv time on July 1.", "2020-06-28", "8 p.m. Kyiv time on July 1", "2020-07-01T20:00+03:00"),
    ("Police said the march began at 10:30 a.m. local time in Caracas on Friday.", "2017-07-08", "10:30 a.m. local time", "2017-07-07T10:30-04:00"),
]


@pytest.mark.parametrize("text,date,surface,value", CASES)
def test_expression_value(timed, text, date, surface, value):
    got, _kind = value_of(timed(text, date), surface)
    assert got == value


DURATIONS = [
    ("The two leaders met for more than two hours behind closed doors.", "more than two hours", "PT2H"),
    ("The siege of the port lasted three days.", "three days", "P3D"),
    ("The conflict has been raging for nearly a year.", "nearly a year", "P1Y"),
    ("Negotiators talked for 90 minutes before the walkout.", "90 minutes", "PT90M"),
    # vague amounts are durations with no value: no number is invented
    ("Protests against the austerity plan have continued for weeks.", "weeks", None),
    ("Violence has gripped the border region for decades.", "decades", None),
]


@pytest.mark.parametrize("text,surface,value", DURATIONS)
def test_durations(timed, text, surface, value):
    got, kind = value_of(timed(text), surface)
    assert (got, kind) == (value, "duration")


def test_recurrence_is_a_set(timed):
    assert value_of(timed("Aid convoys cross the border daily, the UN said."), "daily") == ("P1D", "set")


def test_duration_and_weekday_stay_apart(timed):
    document = timed("Putin and Erdogan met for more than two hours Friday in Sochi.")
    spans = sorted((t.text, t.value) for t in document.times)
    assert spans == [("Friday", "2017-07-07"), ("more than two hours", "PT2H")]


def test_counts_are_not_years(timed):
    document = timed("The ministry said 1,944 people were displaced by the floods.")
    assert all(t.value != "1944" for t in document.times)


def test_vague_noun_phrases_are_not_times(timed):
    document = timed("Reporters spent the day at the border crossing.")
    assert document.times == []


def test_no_article_date_leaves_relative_values_empty_with_a_warning(timed):
    document = timed("Troops withdrew on Friday after talks on 8 July 2017.", date=None)
    assert value_of(document, "Friday") == (None, "relative")
    assert value_of(document, "8 July 2017")[0] == "2017-07-08"
    assert any("no date" in w for w in document.warnings)


def test_article_date_gives_no_warning(timed):
    assert timed("Troops withdrew on Friday.").warnings == []


# --------------------------------------------------------------------------- events


def test_event_takes_the_date_its_verb_governs(timed):
    document = timed("Russian and Ukrainian negotiators met in Istanbul on Tuesday.", "2022-03-31", events=("met",))
    event = document.events[0]
    assert (event.date, event.date_from_article) == ("2022-03-29", False)


def test_event_without_a_date_gets_the_article_date_flagged(timed):
    document = timed("The two sides signed the accord in Doha.", "2020-02-29", events=("signed",))
    event = document.events[0]
    assert (event.date, event.date_from_article) == ("2020-02-29", True)


def test_duration_does_not_date_an_event(timed):
    document = timed("The foreign ministers talked for two hours.", "2019-11-20", events=("talked",))
    assert document.events[0].date_from_article is True


def test_year_inside_a_noun_phrase_does_not_date_the_event(timed):
    document = timed("The senator denounced the 2016 election result.", "2017-07-08", events=("denounced",))
    assert (document.events[0].date, document.events[0].date_from_article) == ("2017-07-08", True)


def test_paragraph_carries_the_date_to_the_next_sentence(timed):
    text = "Troops entered the village on Monday. They burned dozens of houses, residents said."
    document = timed(text, "2023-10-12", events=("burned",))
    assert (document.events[0].date, document.events[0].date_from_article) == ("2023-10-09", False)


def test_date_does_not_cross_a_paragraph(timed):
    text = "Troops entered the village on Monday.\n\nThe president condemned the raids."
    document = timed(text, "2023-10-12", events=("condemned",))
    assert document.events[0].date_from_article is True


def test_future_event_date(timed):
    document = timed("The ceasefire will take effect at noon Damascus time on July 9.", "2017-07-08", events=("take effect",))
    assert document.events[0].date == "2017-07-09T12:00+03:00"


# --------------------------------------------------------------------------- seed gold


def test_seed_gold_times(settings, seed_text, seed_gold):
    """Recall of the gold times (span overlap and same value) on the seed article."""
    document = Document(article=Article(text=seed_text, date=seed_gold["date"]))
    document.doc = nlp.load(settings.model)(seed_text)
    time_stage.run(document, settings)
    found = [
        g
        for g in seed_gold["times"]
        if any(overlaps(tuple(g["span"]), (t.start, t.end)) and t.value == g["value"] for t in document.times)
    ]
    assert len(found) / len(seed_gold["times"]) >= 0.85, [g["text"] for g in seed_gold["times"] if g not in found]


def test_dateline_span_has_no_trailing_space(timed):
    document = timed("Friday, January 4, 2019\u00a0\n\nRescuers searched the rubble.", "2019-01-04")
    assert any(t.text == "Friday, January 4, 2019" and t.value == "2019-01-04" for t in document.times)


def test_decimal_number_is_not_a_clock_time(timed):
    document = timed("Inflation rose 2.48 percent in March.", "2019-04-10")
    assert all(t.kind != "datetime" for t in document.times)


def test_date_in_another_clause_does_not_date_the_event(timed):
    text = "Lavrov, who arrived in Manila on Thursday, met his Chinese counterpart."
    document = timed(text, "2017-08-07", events=("met",))
    assert document.events[0].date_from_article is True


def test_vague_future_reference_has_no_value(timed):
    document = timed("Talks will resume in the coming weeks, diplomats said.", "2023-11-15")
    assert value_of(document, "coming weeks") == (None, "duration")


@pytest.mark.parametrize("form", ["{d} {m} {y}", "{m} {d}, {y}", "{m}. {d}th", "{d} {m}", "{m} {y}", "{m}"])
def test_common_dates_are_read_without_dateparser_as_dateparser_reads_them(form):
    from newsledger.stages import time as time_stage

    for day, month, year in ((8, "july", 2017), (1, "sept", 2001), (29, "feb", 2024), (31, "dec", 1999)):
        value = form.format(d=day, m=month, y=year)
        parsed = time_stage._date_parser().get_date_data(value)
        expected = (parsed.date_obj.year, parsed.date_obj.month, parsed.date_obj.day, parsed.period, "{y}" in form)
        assert time_stage._common_date(value) == expected, value
    assert time_stage._common_date("february 30, 2017") is None  # left to dateparser
