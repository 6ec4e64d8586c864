"""A "they" after the narrator names a new voice goes to that voice, not to the outlet quoted
before (issue 14: the anonymous op-ed's words given to the newspaper that printed it)."""

from __future__ import annotations

import newsledger


TEXT = (
    "The New York Times said in a note that the author, a senior official in the administration, "
    "asked that the essay be published anonymously.\n\n"
    "The newspaper said the person's identity was known to its editors.\n\n"
    "In the essay, the official criticizes the president's conduct and describes his impulses as erratic.\n\n"
    '"The root of the problem is the president\'s amorality," they wrote.'
)


def test_they_wrote_goes_to_the_author_described_not_the_outlet():
    doc = newsledger.analyze(TEXT)
    quote = next(q for q in doc.quotes if "root of the problem" in q.text)
    speaker = doc.actor(quote.speaker)
    assert speaker is not None and speaker.type == "person" and "official" in speaker.name.lower()


def test_they_after_the_outlet_itself_is_still_the_outlet():
    doc = newsledger.analyze(
        "The New York Times defended its decision on Wednesday.\n\n"
        '"We believe publishing this essay anonymously is the only way to deliver this perspective," '
        "the newspaper said. \"It is a rare step,\" they added."
    )
    quote = next(q for q in doc.quotes if "rare step" in q.text)
    assert "New York Times" in doc.actor(quote.speaker).name
