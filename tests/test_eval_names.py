"""`newsledger eval` compares actor names as names: a leading article is no part of one."""

from __future__ import annotations

from newsledger.evaluate import score_events, score_quotes

TEXT = ('The State Department condemned the attack. "We will respond," the State Department said. '
        'The Foreign Ministry said it was not consulted.')


def _gold(speaker: str, source: str) -> dict:
    quote = "We will respond,"
    start = TEXT.index(quote)
    return {
        "actors": [
            {"name": "The State Department", "type": "organization", "mentions": ["The State Department", "the State Department"]},
            {"name": "Foreign Ministry", "type": "organization", "mentions": ["The Foreign Ministry"]},
        ],
        "quotes": [{"quote": quote, "span": [start, start + len(quote)], "speaker": speaker}],
        "events": [{"type": "ACCUSE", "source": source, "target": None, "core": True,
                    "evidence_span": [0, TEXT.index(".") + 1]}],
    }


def test_a_speaker_named_without_the_article_matches_gold_written_with_it(analyze):
    document = analyze(TEXT)
    speaker = document.actor(next(q.speaker for q in document.quotes if q.text.startswith("We will")))
    assert speaker is not None and not speaker.name.lower().startswith("the ")
    assert score_quotes(document, _gold("The State Department", "The State Department"))["tally"].tp == 1
    # the speaker is still checked: the other gold actor is not a match
    assert score_quotes(document, _gold("Foreign Ministry", "The State Department"))["tally"].tp == 0


def test_an_event_source_matches_gold_through_its_name_without_the_article(analyze):
    document = analyze(TEXT)
    accusations = [e for e in document.events if e.type == "ACCUSE"]
    assert accusations, [(e.type, e.source_name) for e in document.events]
    gold = _gold("The State Department", "The State Department")
    gold["events"][0]["target"] = accusations[0].target and document.actor(accusations[0].target).name
    assert score_events(document, gold)["tally"].tp == 1
    gold["events"][0]["source"] = "Foreign Ministry"
    assert score_events(document, gold)["tally"].tp == 0


def test_an_event_side_the_dictionary_names_in_full_matches_gold_by_the_name_the_text_uses(analyze):
    text = "Chuck Schumer condemned Russia on Friday."
    document = analyze(text, date="2019-01-07")
    accuse = next(e for e in document.events if e.type == "ACCUSE")
    assert document.actor(accuse.source).name == "Charles Schumer"  # the dictionary's name
    gold = {
        "actors": [{"name": "Chuck Schumer", "type": "person", "mentions": ["Chuck Schumer"]},
                   {"name": "Russia", "type": "country", "country": "RUS", "mentions": ["Russia"]}],
        "events": [{"type": "ACCUSE", "source": "Chuck Schumer", "target": "Russia", "core": True, "evidence_span": [0, len(text)]}],
    }
    assert score_events(document, gold)["tally"].tp == 1
    gold["actors"][0]["mentions"] = ["Senator Schumer"]  # a name the text does not use: no match
    gold["actors"][0]["name"] = "Senator Schumer"
    gold["events"][0]["source"] = "Senator Schumer"
    assert score_events(document, gold)["tally"].tp == 0


def test_an_agentless_event_matches_gold_whose_author_the_text_never_names(analyze):
    # The gold convention (examples/wikinews/README.md): an act nobody in the text is said to
    # have done has a source actor with no mentions; the prediction states it as a null source.
    text = "The journalist Mahmoud Hussein was arrested on Friday."
    document = analyze(text, date="2019-01-07")
    arrest = next(e for e in document.events if e.type == "COERCE")
    assert arrest.source is None
    gold = {
        "actors": [{"name": "unknown arresting authority", "type": "organization", "mentions": []},
                   {"name": "Mahmoud Hussein", "type": "person", "mentions": ["Mahmoud Hussein"]}],
        "events": [{"type": "COERCE", "source": "unknown arresting authority", "target": "Mahmoud Hussein",
                    "core": True, "evidence_span": [0, len(text)]}],
    }
    assert score_events(document, gold)["tally"].tp == 1
    # an author the text names is not matched by a null source
    gold["actors"][0]["mentions"] = ["police"]
    assert score_events(document, gold)["tally"].tp == 0
