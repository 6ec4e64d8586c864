"""The shared text layer's view of wire-copy furniture: the dateline and photo captions.

Sentences are written for these tests in the shapes of Reuters, AP and NPR copy.
"""

from __future__ import annotations

import pytest

from newsledger.text import TextLayer


@pytest.mark.parametrize(
    "text, dateline",
    [
        ("CAIRO (Reuters) - Egypt's army said on Monday it had killed 12 militants.", "CAIRO (Reuters) - "),
        ("WASHINGTON, May 3 (AP) — The Senate voted on Tuesday to end the shutdown.", "WASHINGTON, May 3 (AP) — "),
        ("SANAA, Yemen (AP) — Hundreds marched through the capital on Friday.", "SANAA, Yemen (AP) — "),
        ("BATON ROUGE, La. (AP) — The governor signed the bill on Thursday.", "BATON ROUGE, La. (AP) — "),
        ("LONDON/BRUSSELS (Reuters) - Fears of a second wave grew on Monday.", "LONDON/BRUSSELS (Reuters) - "),
        ("(Reuters) - Protesters shut down a highway in Atlanta on Saturday.", "(Reuters) - "),
        ("BEIRUT — Syrian troops advanced on the town overnight.", "BEIRUT — "),
        # A byline first: the dateline opens the next paragraph.
        ("By Jane Roe, Associated Press\n\nPYONGYANG, North Korea (AP) — The North fired a missile.",
         "PYONGYANG, North Korea (AP) — "),
    ],
)
def test_a_dateline_is_found_with_its_dash(text, dateline):
    span = TextLayer(text).dateline
    assert span is not None and text[span[0] : span[1]] == dateline


@pytest.mark.parametrize(
    "text",
    [
        "NATO said on Monday it would send more troops to the Baltic states.",
        "The U.S. - China talks resumed in Geneva on Monday.",
        "US - The talks resumed on Monday.",
        "Egypt's army said on Monday (Reuters reported) that it had killed 12 militants.",
    ],
)
def test_text_without_a_dateline(text):
    assert TextLayer(text).dateline is None


def test_photo_captions_and_credits_are_found_and_the_story_is_not():
    paragraphs = [
        "Police arrested 30 protesters outside parliament on Monday.",
        "Police detain a protester outside parliament in Kiev, January 20, 2014. REUTERS/Jane Doe",
        "Senator Ann Roe speaks at a news conference in 2011. (AP Photo/John Smith)",
        "Enlarge this image toggle caption Mary Major/Getty Images",
        "The protesters had blocked the road, which leads to the Getty Images office, for a week.",
    ]
    text = "\n\n".join(paragraphs)
    layer = TextLayer(text)
    assert [text[s:e] for s, e in layer.captions] == paragraphs[1:4]
    assert layer.furniture == layer.captions  # no dateline here


# --------------------------------------------------------------------------- related-link widgets
#
# The Hill inlines, after a person's name, a box with the full name glued to three headlines
# and a "MORE" link. The sentences below are written for these tests in the shapes the
# AllSides copy of The Hill shows (one real fragment: "Donald John TrumpGOP senators balk").

from newsledger.text import related_links, without_related_links  # noqa: E402

CRUZ_WIDGET = "Rafael (Ted) Edward CruzSenate panel sets hearing on drug prices Cruz: 'We will not back down' MORE"


@pytest.mark.parametrize(
    "before, widget, after",
    [
        # the printed surname again, glued to the first headline
        ("Sen. Ted Cruz ", CRUZ_WIDGET, " (R-Texas) said on Monday that the bill would fail."),
        ("The official blasted President Trump ",
         "Donald John TrumpGOP senators balk at lengthy impeachment trial Warren rallies voters in Iowa MORE",
         " in an op-ed on Wednesday."),
        ("Sen. Bernie Sanders ", "Bernie Sanders2020 hopefuls court union voters Sanders rests after heart procedure MORE",
         " has waged a long campaign."),
        # the printed first name and surname again, a space before the headlines
        ("Speaker Paul Ryan ", "Paul Davis Ryan Retirees weigh new savings plan Governors meet in Denver MORE",
         " (R-Wis.) is retiring."),
        # the printed first name again, the full name glued: the printed surname after the widget
        ("press secretary Sarah Huckabee ",
         "Sarah Elizabeth SandersBill Press: briefings matter White House defends schedule MORE", " Sanders said."),
        # the printed name glued to the full name
        ("a former aide, George Papadopoulos",
         "George Demetrios PapadopoulosThe Hill's Campaign Report: races to watch Aide launches House bid MORE",
         ", to an Australian diplomat."),
        # a possessive after the closer
        ("Hillary Clinton ", "Hillary Diane Rodham ClintonClinton book tour draws crowds Democrats weigh 2020 field MORE",
         "’s campaign paid for the research."),
    ],
)
def test_a_related_link_widget_is_found_from_the_full_name_to_more(before, widget, after):
    text = before + widget + after
    assert [text[s:e] for s, e in related_links(text)] == [widget]
    blanked = without_related_links(text)
    assert len(blanked) == len(text)
    assert blanked == before + " " * len(widget) + after


def test_two_widgets_in_one_sentence_are_two_spans():
    lee = "Michael (Mike) Shumway LeeSenators press NSA on phone program Lee and Paul offer bill MORE"
    text = f"Sens. Ted Cruz {CRUZ_WIDGET} (R-Texas) and Mike Lee {lee} (R-Utah) voted no."
    assert [text[s:e] for s, e in related_links(text)] == [CRUZ_WIDGET, lee]


@pytest.mark.parametrize(
    "text",
    [
        "MORE FROM CHANGING AMERICA\n\nThe governor signed the bill.",
        "ADVERTISEMENT\n\nMORE THAN 8 MILLION CASES\n\nThe count rose again.",
        "Trump said Trump would sign it. Voters want MORE, he said.",
        "Senator Ann Roe Ann Roe said it twice.\n\nMORE",
        "The Hill's Morning Report leads with Vindman. More Democrats back the inquiry.",
    ],
)
def test_text_without_a_related_link_widget(text):
    assert related_links(text) == []
    assert without_related_links(text) is text


def test_a_widget_is_furniture_and_its_quotation_marks_quote_nothing():
    text = f"Sen. Ted Cruz {CRUZ_WIDGET} (R-Texas) called the plan “a disgrace.”"
    layer = TextLayer(text)
    widget = (text.index("Rafael"), text.index(" (R-Texas)"))
    assert layer.related_links == [widget] and layer.furniture == [widget]
    assert [text[r.inner_start : r.inner_end] for r in layer.quoted_regions] == ["a disgrace."]


def test_the_parse_reads_the_sentence_around_a_widget():
    import newsledger

    text = (
        "A senior official blasted President Trump Donald John TrumpWarren says 'we will fight' Warren "
        "unveils a housing plan MORE in a column on Wednesday.\n\n"
        "“We are trying to do what is right,” Sen. Ted Cruz " + CRUZ_WIDGET + " (R-Texas) told reporters."
    )
    document = newsledger.analyze(text)
    assert document.text == text
    assert len(document.doc.text) == len(text)
    # The widget is spaces in the parse: one sentence runs on over it, and no name comes from it.
    widget = text.index("Donald John"), text.index(" in a column")
    assert document.doc.text[widget[0] : widget[1]].isspace()
    assert len(list(document.doc.sents)) == 2
    names = {a.name for a in document.actors}
    assert not any("Warren" in name for name in names)
    assert not [m for a in document.actors for m in a.mentions if any(s <= m.start < e for s, e in document.layer.related_links)]
    (quote,) = [q for q in document.quotes if "do what is right" in q.text]
    assert quote.speaker_name == "Ted Cruz"
    assert not [q for q in document.quotes if "we will fight" in q.text]


def test_a_widget_stays_blanked_beside_invisible_marks():
    from newsledger.stages import nlp
    from newsledger.settings import Settings

    text = "Sen. Ted Cru\u200bz " + CRUZ_WIDGET + " (R-Texas) voted no."
    parsed = nlp.load(Settings().model)(nlp.text_for_parse(text))
    doc = nlp.over_original(parsed, text)
    assert len(doc.text) == len(text)
    assert doc.text == without_related_links(text)
    assert "Cru\u200bz" in [t.text for t in doc]
