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
