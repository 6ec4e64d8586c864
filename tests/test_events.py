"""The events stage: PLOVER/CAMEO coding of who did what to whom, with negation and modality.

The sentences are our own wire-style sentences. Each document goes through spaCy and the stages
the coder depends on (actors, quotes) and the coder itself, so that these tests measure the
coder and not the stages after it.
"""

from __future__ import annotations

import unicodedata
from typing import Optional

import pytest

from newsledger.stages import events
from newsledger.document import Document, Event


@pytest.fixture(scope="module")
def code(code_events):
    return lambda text, **kw: code_events(text, date='2019-03-14', **kw)


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def _is(document: Document, actor_id: Optional[str], who: Optional[str]) -> bool:
    """``who`` is an actor's name (or part of it, accents aside) or its ISO country code."""
    if who is None:
        return actor_id is None
    actor = document.actor(actor_id)
    if actor is None:
        return False
    # A country code matches the country and any actor of it ("the Dutch ambassador" is NLD).
    return _plain(who) in _plain(actor.name) or (len(who) == 3 and who.isupper() and actor.country == who)


ANY = "*"  # in CASES: any target, or none


def find(document: Document, type_: str, source: Optional[str], target: Optional[str], symmetric: bool = False) -> Optional[Event]:
    for e in document.events:
        if e.type != type_:
            continue
        if _is(document, e.source, source) and (target == ANY or _is(document, e.target, target)):
            return e
        if symmetric and _is(document, e.source, target) and _is(document, e.target, source):
            return e
    return None


def show(document: Document) -> str:
    return "; ".join(f"{e.source_name} -{e.type}/{e.cameo}{'/neg' if e.negated else ''}/{e.mode}-> {e.target_name}" for e in document.events)


# (sentence, PLOVER type, CAMEO prefix, source, target): one or more per PLOVER type.
CASES = [
    # CONSULT
    ("German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Tuesday.", "CONSULT", "04", "Merkel", "Macron"),
    ("Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow.", "CONSULT", "04", "Xi Jinping", "Putin"),
    ("Indian Prime Minister Narendra Modi visited Japan on Monday.", "CONSULT", "042", "Modi", "JPN"),
    ("Turkish President Recep Tayyip Erdogan spoke by phone with US President Donald Trump.", "CONSULT", "04", "Erdogan", "Trump"),
    # AGREE
    ("Israel and Hamas agreed to a ceasefire brokered by Egypt on Thursday.", "AGREE", "03", "ISR", "Hamas"),
    ("Colombia reached an agreement with the FARC rebels after four years of talks.", "AGREE", "03", "COL", "FARC"),
    ("Iran and the United States announced a deal on prisoner exchanges.", "AGREE", "03", "IRN", "USA"),
    # SUPPORT
    ("French President Emmanuel Macron praised German Chancellor Angela Merkel for her leadership.", "SUPPORT", "05", "Macron", "Merkel"),
    ("The European Union expressed support for Ukraine.", "SUPPORT", "05", "European Union", "UKR"),
    # COOPERATE
    ("Japan will share intelligence with South Korea on missile launches.", "COOPERATE", "06", "JPN", "KOR"),
    ("India and France held joint naval exercises in the Indian Ocean.", "COOPERATE", "062", "IND", "FRA"),
    # AID
    ("The United Nations sent humanitarian aid to Yemen on Sunday.", "AID", "07", "United Nations", "YEM"),
    ("Germany delivered weapons to Ukraine last month.", "AID", "072", "DEU", "UKR"),
    ("Sweden granted asylum to the Russian dissident Alexei Navalny.", "AID", "075", "SWE", "Navalny"),
    # CONCEDE
    ("Venezuelan President Nicolas Maduro made concessions to the opposition.", "CONCEDE", "08", "Maduro", ANY),
    # RETREAT
    ("Russia withdrew its troops from the Ukrainian border.", "RETREAT", "087", "RUS", "UKR"),
    ("Iran released two British prisoners on Friday.", "RETREAT", "084", "IRN", "GBR"),
    ("The United States lifted sanctions on Sudan.", "RETREAT", "085", "USA", "SDN"),
    # REQUEST
    ("The European Union urged Israel to halt settlement construction.", "REQUEST", "02", "European Union", "ISR"),
    ("UN Secretary-General Antonio Guterres called on Myanmar to end the violence.", "REQUEST", "02", "Guterres", "MMR"),
    ("Pakistan demanded an apology from India.", "REQUEST", "10", "PAK", "IND"),
    # ACCUSE
    ("US Secretary of State Mike Pompeo accused Iran of attacking oil tankers.", "ACCUSE", "112", "Pompeo", "IRN"),
    ("German Foreign Minister Heiko Maas condemned Russia for the poisoning.", "ACCUSE", "11", "Maas", "RUS"),
    ("British Prime Minister Theresa May raised allegations of Russian interference.", "ACCUSE", "112", "May", "RUS"),
    ("The United States criticized Saudi Arabia over the killing of Jamal Khashoggi.", "ACCUSE", "11", "USA", "SAU"),
    # REJECT
    ("Iran rejected the proposal from the United States.", "REJECT", "12", "IRN", "USA"),
    ("China vetoed the resolution on Syria.", "REJECT", "129", "CHN", ANY),
    # THREATEN
    ("North Korea threatened to attack Guam.", "THREATEN", "13", "PRK", ANY),
    ("US President Donald Trump threatened Mexico with tariffs.", "THREATEN", "13", "Trump", "MEX"),
    # PROTEST
    ("Thousands of opposition supporters protested against President Nicolas Maduro in Caracas.", "PROTEST", "14", "opposition supporters", "Maduro"),
    ("Students in Hong Kong staged a protest against the Chinese government.", "PROTEST", "14", "Students", "CHN"),
    # sanctions: COERCE, mode restrict, as the CAMEO→PLOVER 2021 table files CAMEO 163
    ("The European Union imposed sanctions on Belarus on Monday.", "COERCE", "163", "European Union", "BLR"),
    # SANCTION
    ("Saudi Arabia cut diplomatic ties with Qatar.", "SANCTION", "161", "SAU", "QAT"),
    ("The United States suspended military aid to Pakistan.", "SANCTION", "162", "USA", "PAK"),
    # MOBILIZE
    ("Russia deployed troops to the border with Ukraine.", "MOBILIZE", "15", "RUS", "UKR"),
    ("China sent warships to the South China Sea near Taiwan.", "MOBILIZE", "15", "CHN", ANY),
    # COERCE
    ("Egyptian police arrested the journalist Mahmoud Hussein.", "COERCE", "173", "EGY", "Mahmoud Hussein"),
    ("Turkey expelled the Dutch ambassador.", "SANCTION", "161", "TUR", "NLD"),
    ("Israel imposed a blockade on Gaza.", "COERCE", "191", "ISR", "Gaza"),
    # ASSAULT
    ("Israeli warplanes struck Gaza on Monday.", "ASSAULT", "19", "ISR", "Gaza"),
    ("Syrian government forces shelled Idlib overnight.", "ASSAULT", "19", "SYR", "Idlib"),
    ("Saudi-led coalition jets bombed Yemen.", "ASSAULT", "19", "SAU", "YEM"),
    ("Hamas fired rockets at Israel on Saturday.", "ASSAULT", "19", "Hamas", "ISR"),
    ("Boko Haram fighters attacked a military base in Nigeria on Sunday.", "ASSAULT", "19", "Boko Haram", ANY),
]


@pytest.mark.parametrize("text,type_,cameo,source,target", CASES, ids=[c[0][:40] for c in CASES])
def test_codes_event(code, text, type_, cameo, source, target):
    document = code(text)
    found = find(document, type_, source, target, symmetric=type_ in ("CONSULT", "AGREE", "COOPERATE"))
    assert found is not None, show(document)
    assert found.cameo.startswith(cameo), show(document)
    assert not found.negated
    assert document.text[found.start : found.end] == found.text
    assert found.start < found.end


def test_every_plover_type_has_a_test_case():
    assert {c[1] for c in CASES} == set(
        "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
    )


# ---- roles: passive voice, coordination, pronouns and titles


def test_passive_swaps_source_and_target(code):
    document = code("The aid convoy in Aleppo was attacked by Russian warplanes.")
    e = find(document, "ASSAULT", "RUS", None)
    assert e is not None, show(document)


def test_passive_with_named_target(code):
    document = code("Ukraine was invaded by Russia in 2022.")
    e = next((e for e in document.events if e.type in ("ASSAULT", "COERCE")), None)
    assert e is not None, show(document)
    assert _is(document, e.source, "RUS") and _is(document, e.target, "UKR")


def test_passive_without_agent_keeps_the_target(code):
    document = code("The journalist Mahmoud Hussein was arrested in Cairo.")
    e = find(document, "COERCE", None, "Mahmoud Hussein")
    assert e is not None, show(document)


def test_coordinated_subjects_meet_each_other(code):
    document = code("Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan met in Sochi.")
    e = find(document, "CONSULT", "Putin", "Erdogan", symmetric=True)
    assert e is not None, show(document)


def test_coordinated_objects_give_one_event_each(code):
    document = code("The United States imposed sanctions on Iran and Venezuela.")
    assert find(document, "COERCE", "USA", "IRN") is not None, show(document)
    assert find(document, "COERCE", "USA", "VEN") is not None, show(document)


def test_pronoun_subject_resolves_through_actors(code):
    document = code("German Chancellor Angela Merkel arrived in Kiev on Monday. She met Ukrainian President Petro Poroshenko.")
    e = find(document, "CONSULT", "Merkel", "Poroshenko", symmetric=True)
    assert e is not None, show(document)


def test_demonym_names_the_target(code):
    document = code("The prime minister raised allegations of Chinese espionage.")
    assert any(_is(document, e.target, "CHN") and e.type == "ACCUSE" for e in document.events), show(document)


def test_possessive_pronoun_is_not_the_actor_of_the_phrase(code):
    document = code("US President Donald Trump spoke on Monday. His opponents denounced the Republican Party.")
    assert find(document, "ACCUSE", "Trump", None) is None
    assert find(document, "ACCUSE", "Trump", "Republican") is None


def test_nominal_meeting_between(code):
    document = code("A meeting between Iranian President Hassan Rouhani and French President Emmanuel Macron took place in New York.")
    assert find(document, "CONSULT", "Rouhani", "Macron", symmetric=True) is not None, show(document)


def test_joint_press_conference_with(code):
    document = code("At a joint press conference with Japanese Prime Minister Shinzo Abe, Indian Prime Minister Narendra Modi praised the new rail link.")
    assert find(document, "CONSULT", "Modi", "Abe", symmetric=True) is not None, show(document)


# ---- negation


def test_did_not_attack_is_negated(code):
    document = code("Russia did not attack Ukraine on Monday, the ministry said.")
    e = find(document, "ASSAULT", "RUS", "UKR")
    assert e is not None, show(document)
    assert e.negated and e.mode == "negated"


def test_refused_to_meet_is_a_rejection(code):
    document = code("Iranian President Hassan Rouhani refused to meet US President Donald Trump.")
    assert find(document, "REJECT", "Rouhani", "Trump") is not None, show(document)
    assert find(document, "CONSULT", "Rouhani", "Trump", symmetric=True) is None, show(document)


def test_failed_to_reach_agreement_is_negated(code):
    document = code("Greece and Turkey failed to reach an agreement on the maritime border.")
    e = find(document, "AGREE", "GRC", "TUR", symmetric=True)
    assert e is not None, show(document)
    assert e.negated


def test_there_was_no_agreement_takes_the_pair_being_talked_about(code):
    document = code(
        "Indian Prime Minister Narendra Modi and Pakistani Prime Minister Imran Khan held talks in Lahore. "
        "Officials said there was no agreement on Kashmir."
    )
    e = find(document, "AGREE", "Modi", "Imran Khan", symmetric=True)
    assert e is not None, show(document)
    assert e.negated


def test_denied_attacking_is_a_rejection(code):
    document = code("North Korea denied the accusation from South Korea.")
    e = next((e for e in document.events if e.type == "REJECT"), None)
    assert e is not None, show(document)
    assert _is(document, e.source, "PRK")
    assert e.cameo == "016"


def test_asserted_event_is_not_negated(code):
    document = code("Israeli jets struck Syria on Tuesday.")
    e = find(document, "ASSAULT", "ISR", "SYR")
    assert e is not None and not e.negated and e.mode == "asserted"


# ---- modality


def test_will_meet_is_future(code):
    document = code("US President Donald Trump will meet Chinese President Xi Jinping in Osaka.")
    e = find(document, "CONSULT", "Trump", "Xi Jinping", symmetric=True)
    assert e is not None, show(document)
    assert e.mode == "future" and not e.negated


def test_may_impose_is_hypothetical(code):
    document = code("The European Union may impose sanctions on Turkey.")
    e = find(document, "COERCE", "European Union", "TUR")
    assert e is not None, show(document)
    assert e.mode == "hypothetical"


def test_plans_to_is_an_intent(code):
    document = code("Japan plans to send aid to the Philippines.")
    assert find(document, "AGREE", "JPN", "PHL") is not None, show(document)
    assert find(document, "AID", "JPN", "PHL") is None, show(document)


def test_threatened_to_codes_the_threat_not_the_attack(code):
    document = code("Iran threatened to attack Saudi Arabia.")
    assert any(e.type == "THREATEN" and _is(document, e.source, "IRN") for e in document.events), show(document)
    assert find(document, "ASSAULT", "IRN", "SAU") is None, show(document)


# ---- quotes


def test_an_attack_reported_in_a_quote_is_the_speakers_accusation(code):
    document = code('"Russia attacked Ukraine without warning," Ukrainian President Volodymyr Zelensky said.')
    e = find(document, "ACCUSE", "Zelensky", "RUS")
    assert e is not None, show(document)
    assert document.actor(e.claimed_by) is not None and "Zelensky" in document.actor(e.claimed_by).name


def test_first_person_in_quote_is_the_speaker(code):
    # (the speaker's own strike to come, in the speaker's words: a threat, CAMEO 138)
    document = code('"We will strike Hamas," Israeli Prime Minister Benjamin Netanyahu said.')
    e = next((e for e in document.events if e.type == "THREATEN"), None)
    assert e is not None, show(document)
    assert _is(document, e.source, "Netanyahu") and _is(document, e.target, "Hamas")
    assert e.cameo == "138"


def test_event_outside_quotes_has_no_claimant(code):
    document = code("Israeli warplanes struck Gaza on Monday.")
    assert document.events and all(e.claimed_by is None for e in document.events)


# ---- negative cases: no event where there is none


@pytest.mark.parametrize(
    "text",
    [
        "The weather in Paris was sunny on Tuesday.",
        "Apple shares rose 3 percent on Wednesday.",
        "I think the talks were useful, the analyst said.",
        "Google fired three engineers last week.",
        "The minister said the plan was going well.",
    ],
)
def test_no_event_without_actors_or_action(code, text):
    document = code(text)
    assert [e for e in document.events if e.source and e.target] == [], show(document)


def test_criticising_an_event_targets_who_did_it(code):
    document = code(
        "US President Donald Trump met North Korean leader Kim Jong Un in Hanoi. "
        "Senator Chuck Schumer called the meeting disgraceful."
    )
    e = next((e for e in document.events if e.type == "ACCUSE"), None)
    assert e is not None, show(document)
    assert _is(document, e.source, "Schumer") and _is(document, e.target, "Trump")


def test_event_span_stays_in_its_sentence(code):
    document = code("Hamas fired rockets at Israel. Israel struck Gaza.")
    for e in document.events:
        assert "." not in document.text[e.start : e.end - 1], show(document)


# ---- the pattern data


def test_patterns_cover_all_sixteen_types_with_at_least_300():
    counts = events.pattern_counts()
    types = set(
        "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
    )
    assert types <= set(counts)
    assert sum(counts[t] for t in types) >= 300
    assert all(counts[t] >= 5 for t in types)


def test_converted_pattern_carries_cameo_and_plover_type():
    lex = events.lexicon()
    meet = [p for entry in lex.verbs["meet"] for p in entry.patterns if p.cameo == "036"]
    assert meet and meet[0].type == "AGREE"
    defaults = [entry.default for entry in lex.verbs["shell"] if entry.default is not None]
    assert defaults and defaults[0].type == "ASSAULT"


def test_noun_with_light_verb_pattern_is_indexed():
    lex = events.lexicon()
    assert any(p.light and "hold" in p.light and p.type == "CONSULT" for p in lex.nouns["talk"])
    assert any(p.type == "COERCE" and p.cameo == "163" for p in lex.nouns["sanction"])


def test_seed_core_events_found(seed_text, code, seed_gold):
    document = code(seed_text)
    from newsledger.evaluate import score_events

    result = score_events(document, seed_gold)
    assert result["missed"] == [], result


# ---- more wire-copy shapes


def test_negated_future_meeting_is_a_rejection_between_them(code):
    document = code("US President Donald Trump and North Korean leader Kim Jong Un will not meet next month.")
    assert find(document, "REJECT", "Trump", "Kim Jong Un", symmetric=True) is not None, show(document)


def test_meeting_reporters_is_not_a_consultation(code):
    document = code("Russian President Vladimir Putin met reporters in Moscow on Thursday.")
    assert not [e for e in document.events if e.type == "CONSULT"], show(document)


def test_police_with_demonym_is_the_source(code):
    document = code("Kenyan police fired tear gas at opposition supporters in Nairobi.")
    e = next((e for e in document.events if e.type == "ASSAULT"), None)
    assert e is not None, show(document)
    assert _is(document, e.source, "KEN")


def test_no_event_across_a_blank_line(code):
    document = code("Israel strikes Gaza\n\nThe Egyptian foreign ministry said on Monday that talks would resume.")
    for e in document.events:
        assert "\n\n" not in e.text, show(document)


def test_prisoner_exchange_is_a_release(code):
    document = code("Russia and Ukraine exchanged prisoners on Saturday.")
    assert any(e.type == "RETREAT" and e.cameo.startswith("084") for e in document.events), show(document)


def test_sanctions_noun_with_demonym_source(code):
    document = code("New American sanctions on Venezuela took effect on Friday.")
    e = next((e for e in document.events if e.type == "COERCE"), None)
    assert e is not None, show(document)
    assert _is(document, e.target, "VEN")


def test_ceasefire_declared_is_retreat(code):
    document = code("The Saudi-led coalition declared a ceasefire in Yemen on Wednesday.")
    e = next((e for e in document.events if e.type == "RETREAT"), None)
    assert e is not None, show(document)
    assert e.cameo == "0871"


def test_event_text_is_the_evidence_span(code):
    document = code("Iran and the United States announced a deal on prisoner exchanges.")
    e = find(document, "AGREE", "IRN", "USA", symmetric=True)
    assert e is not None, show(document)
    assert "announced a deal" in e.text
    assert e.text == document.text[e.start : e.end]


def test_attacking_a_decision_is_criticism_not_force(code):
    document = code("Senator Elizabeth Warren attacked the decision of US President Donald Trump.")
    assert not [e for e in document.events if e.type == "ASSAULT"], show(document)
    assert any(e.type == "ACCUSE" and _is(document, e.source, "Warren") for e in document.events), show(document)


def test_sports_defeat_is_no_event(code):
    document = code("Pakistan defeated India by six wickets in Manchester on Sunday.")
    assert not document.events, show(document)


def test_troops_leaving_a_country_is_a_retreat(code):
    document = code("American troops left Afghanistan in August.")
    e = next((e for e in document.events if e.type == "RETREAT"), None)
    assert e is not None, show(document)
    assert _is(document, e.source, "USA")


def test_warning_needs_someone_warned(code):
    assert not code("French Finance Minister Bruno Le Maire warned that growth would slow.").events
    document = code("US Secretary of State Mike Pompeo warned Iran against attacking shipping.")
    assert any(e.type == "THREATEN" and _is(document, e.target, "IRN") for e in document.events), show(document)


def test_denial_answers_the_last_accusation(code):
    document = code(
        "US Secretary of State Mike Pompeo accused Iran of attacking two oil tankers. "
        "Iranian Foreign Minister Mohammad Javad Zarif repeated his denials."
    )
    e = next((e for e in document.events if e.type == "REJECT"), None)
    assert e is not None, show(document)
    assert _is(document, e.source, "Zarif") and _is(document, e.target, "Pompeo")


# ---- The field's conventions (coder.yaml): nested, negated and intended events. Our sentences.
CONVENTIONS = [
    # speech: "X said Y attacked Z" is X ACCUSE Y
    ("Russia said Ukraine attacked its border posts on Monday.", "ACCUSE", "112", "RUS", "UKR"),
    # intent: a hostile intent is a threat, a cooperative one an agreement to act
    ("Iran wants to attack Israel.", "THREATEN", "138", "IRN", "ISR"),
    ("North Korea plans to attack South Korea.", "THREATEN", "138", "PRK", "KOR"),
    ("Japan said it will give aid to the Philippines.", "AGREE", "030", "JPN", "PHL"),
    # negation folded into the code: refusals and negated cooperation are REJECT
    ("Germany refused to send troops to Mali.", "REJECT", "120", "DEU", "MLI"),
    ("France would not back the plan proposed by Italy.", "REJECT", "120", "FRA", "ITA"),
    ("Hungary did not meet Poland on Monday.", "REJECT", "120", "HUN", "POL"),
    # targets beyond the direct object: carried up from the embedded verb, an indirect object
    ("China agreed to buy soybeans from Brazil.", "AGREE", "030", "CHN", "BRA"),
    ("The United States gave Niger $10 million.", "AID", "071", "USA", "NER"),
    # compound actors: one event per dyad
    ("India and Pakistan attacked Afghanistan.", "ASSAULT", "19", "IND", "AFG"),
    ("India and Pakistan attacked Afghanistan.", "ASSAULT", "19", "PAK", "AFG"),
]


@pytest.mark.parametrize("text,type_,cameo,source,target", CONVENTIONS)
def test_convention(code, text, type_, cameo, source, target):
    document = code(text)
    event = find(document, type_, source, target)
    assert event is not None, show(document)
    assert event.cameo.startswith(cameo), show(document)
    assert event.mode == "asserted" and not event.negated, show(document)


@pytest.mark.parametrize("text,forbidden", [
    ("Russia said Ukraine attacked its border posts on Monday.", "ASSAULT"),  # the accusation replaces it
    ("Germany refused to send troops to Mali.", "MOBILIZE"),
    ("Iran wants to attack Israel.", "ASSAULT"),
    ("A judge dismissed the lawsuit against Google.", "ACCUSE"),  # a ruling, not an accusation
    ("Canada hosted a show for Mexico.", "CONSULT"),  # a show is no visit
    ("The president ordered a review of the policy.", "AGREE"),
    ("The army demolished homes in the West Bank.", "ASSAULT"),  # coercion against property
])
def test_convention_gives_no_such_event(code, text, forbidden):
    document = code(text)
    assert not [e for e in document.events if e.type == forbidden], show(document)


def test_an_attribution_to_an_unnamed_official_is_no_accusation(code):
    document = code("Arnor troops attacked Gondor on Monday, a senior official said.")
    assert not [e for e in document.events if e.type == "ACCUSE"], show(document)


def test_no_agreement_stays_a_negated_agreement(code):
    document = code("There was no agreement between Russia and Ukraine.")
    assert not [e for e in document.events if e.type == "REJECT"], show(document)


@pytest.mark.parametrize("text,mode", [
    ("If Russia attacks Ukraine, NATO will respond.", "conditional"),
    ("Will Iran attack Israel?", "question"),
])
def test_conditions_and_questions_are_not_asserted(code, text, mode):
    document = code(text)
    attacks = [e for e in document.events if e.type == "ASSAULT"]
    assert attacks and all(e.mode == mode for e in attacks), show(document)


def test_a_lexicon_folder_brings_its_own_verb_dictionary(tmp_path, settings):
    """A user's events/cameo_verbs.jsonl replaces the shipped verb dictionary."""
    folder = tmp_path / "events"
    folder.mkdir()
    (folder / "cameo_verbs.jsonl").write_text(
        '{"kind":"block","block":"FROB","line":1,"cameo":"190","plover":"ASSAULT","plover_mode":"",'
        '"verbs":[{"lemma":"frobnicate","words":[],"forms":["frobnicated"],"cameo":null}]}\n', encoding="utf-8")
    lex = events.lexicon(tmp_path)
    assert "frobnicate" in lex.verbs
    assert all(entry.hand for entry in lex.verbs["attack"])  # the shipped dictionary's entries are gone
