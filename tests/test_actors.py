"""The actors stage on real sentences: linking, titles, short forms, descriptions, pronouns."""

from __future__ import annotations

import json

import pytest

import newsledger
from newsledger.document import Article
from newsledger.pipeline import analyze_articles
from newsledger.settings import Settings


def actor_named(doc, name):
    found = [a for a in doc.actors if a.name == name]
    assert found, f"no actor {name!r}; actors: {[a.name for a in doc.actors]}"
    assert len(found) == 1, f"{name!r} split into {len(found)} actors"
    return found[0]


def mention_texts(actor):
    return [m.text for m in actor.mentions]


def owner_of(doc, text, occurrence=0):
    """The actor that the ``occurrence``-th appearance of ``text`` refers to (or None)."""
    at = -1
    for _ in range(occurrence + 1):
        at = doc.text.index(text, at + 1)
    for actor in doc.actors:
        for m in actor.mentions:
            if m.start <= at < m.end:
                return actor
    return None


# --- the seed article -----------------------------------------------------------------------


def test_seed_tillerson_is_one_actor_with_title_and_description(seed_doc):
    tillerson = actor_named(seed_doc, "Rex Tillerson")
    assert (tillerson.type, tillerson.country, tillerson.sector) == ("person", "USA", "GOV")
    assert tillerson.title == "Secretary of State"
    texts = mention_texts(tillerson)
    assert "US Secretary of State Rex Tillerson" in texts
    assert "Tillerson" in texts
    assert "The US secretary of state" in texts


def test_seed_russian_president_description_is_putin(seed_doc):
    putin = actor_named(seed_doc, "Vladimir Putin")
    assert (putin.country, putin.sector, putin.title) == ("RUS", "GOV", "President")
    assert "the Russian president" in mention_texts(putin)


def test_seed_bare_trump_never_becomes_an_organization(seed_doc):
    trump = actor_named(seed_doc, "Donald Trump")
    assert mention_texts(trump).count("Trump") >= 15
    assert not [a for a in seed_doc.actors if a.name == "Trump"]


def test_seed_parenthetical_he_said_is_the_reporter_not_the_subject(seed_doc):
    at = seed_doc.text.index("Trump, he said")
    he = owner_of(seed_doc, "he said", 0)
    assert seed_doc.text.index("he said") > at
    assert he is not None and he.name == "Rex Tillerson"


def test_seed_lavrov_foreign_minister(seed_doc):
    lavrov = actor_named(seed_doc, "Sergey Lavrov")
    assert (lavrov.country, lavrov.sector, lavrov.title) == ("RUS", "GOV", "Foreign Minister")
    assert "Lavrov" in mention_texts(lavrov)


def test_seed_russia_from_name_demonym_and_capital(seed_doc):
    russia = [a for a in seed_doc.actors if a.type == "country" and a.country == "RUS"]
    assert len(russia) == 1
    texts = set(mention_texts(russia[0]))
    assert {"Russia", "Moscow"} <= texts
    assert any(t.lower().startswith("russian") for t in texts)


def test_seed_schumer_is_legislator(seed_doc):
    schumer = actor_named(seed_doc, "Charles Schumer")
    assert (schumer.country, schumer.sector) == ("USA", "LEG")
    assert "Schumer" in mention_texts(schumer)


def test_seed_media_and_agencies(seed_doc):
    cnn = actor_named(seed_doc, "CNN")
    assert (cnn.type, cnn.sector, cnn.country) == ("organization", "MED", "USA")
    cia = actor_named(seed_doc, "Central Intelligence Agency")
    assert cia.sector == "SPY" and "CIA" in mention_texts(cia)


def test_seed_every_mention_is_its_own_text(seed_doc):
    for actor in seed_doc.actors:
        for m in actor.mentions:
            assert 0 <= m.start < m.end <= len(seed_doc.text)
            assert seed_doc.text[m.start : m.end] == m.text


def test_seed_mentions_nest_or_stay_apart(seed_doc):
    """Mentions never cross; the only nesting is an organization inside a person's title ("NBC correspondent ...")."""
    mentions = seed_doc.mentions
    for a in mentions:
        for b in mentions:
            if a is b or a.end <= b.start or b.end <= a.start:
                continue
            inner, outer = (a, b) if (a.end - a.start) < (b.end - b.start) else (b, a)
            assert outer.start <= inner.start and inner.end <= outer.end, (a, b)
            assert seed_doc.actor(outer.actor).type == "person"
            assert seed_doc.actor(inner.actor).type == "organization"


# --- sentences of our own -------------------------------------------------------------------


def test_title_gives_country_and_sector(analyze):
    doc = analyze("German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Monday.", date="2019-03-04")
    merkel = actor_named(doc, "Angela Merkel")
    assert (merkel.country, merkel.sector) == ("DEU", "GOV")
    assert merkel.title == "Chancellor"
    macron = actor_named(doc, "Emmanuel Macron")
    assert (macron.country, macron.title) == ("FRA", "President")


def test_pronoun_she_takes_the_previous_subject(analyze):
    doc = analyze(
        "German Chancellor Angela Merkel met French President Emmanuel Macron on Monday. "
        "She said the talks had been useful.",
        date="2019-03-04",
    )
    assert owner_of(doc, "She").name == "Angela Merkel"


def test_possessive_pronoun_takes_the_subject_of_its_clause(analyze):
    doc = analyze("Putin repeated his denials of any interference in the election.", date="2017-07-08")
    assert owner_of(doc, "his").name == "Vladimir Putin"


def test_two_people_with_the_same_surname_go_to_the_latest(analyze):
    doc = analyze(
        "Former President Bill Clinton campaigned on Tuesday for Hillary Clinton in Ohio. "
        "Clinton told the crowd that the election would be close.",
        date="2016-10-04",
    )
    bill, hillary = actor_named(doc, "Bill Clinton"), actor_named(doc, "Hillary Clinton")
    assert bill is not hillary
    assert owner_of(doc, "Clinton told") is hillary


def test_unknown_person_still_becomes_an_actor(analyze):
    doc = analyze("Local farmer Juan Perez Alvarado said the river had flooded his fields twice this year.")
    farmer = actor_named(doc, "Juan Perez Alvarado")
    assert farmer.type == "person"
    assert farmer.dictionary_id is None
    assert owner_of(doc, "his") is farmer


def test_countries_as_actors(analyze):
    doc = analyze("Iran rejected the proposal on Sunday, and China called for restraint.")
    iran, china = actor_named(doc, "Iran"), actor_named(doc, "China")
    assert (iran.type, iran.country) == ("country", "IRN")
    assert (china.type, china.country) == ("country", "CHN")


def test_demonym_maps_to_country(analyze):
    doc = analyze("Japanese officials said the missile landed in the sea.")
    japan = [a for a in doc.actors if a.country == "JPN" and a.type == "country"]
    assert japan and "Japanese" in mention_texts(japan[0])


def test_capitals_acting_are_their_countries(analyze):
    doc = analyze("Washington imposed new sanctions on Moscow after the vote.")
    assert owner_of(doc, "Washington").country == "USA"
    assert owner_of(doc, "Moscow").country == "RUS"


def test_capital_as_a_place_is_not_an_actor(analyze):
    doc = analyze("The two delegations held their talks in Moscow last week.")
    assert owner_of(doc, "Moscow") is None


def test_role_depends_on_article_date(analyze):
    then = analyze("Rex Tillerson spoke to reporters.", date="2017-07-08")
    later = analyze("Rex Tillerson spoke to reporters.", date="2020-05-01")
    assert actor_named(then, "Rex Tillerson").title == "Secretary of State"
    assert actor_named(later, "Rex Tillerson").title == "former Secretary of State"
    assert actor_named(later, "Rex Tillerson").country == "USA"


def test_description_resolves_to_title_holder(analyze):
    doc = analyze(
        "German Chancellor Angela Merkel arrived in Paris on Monday. "
        "The German chancellor later met business leaders.",
        date="2019-03-04",
    )
    assert owner_of(doc, "The German chancellor").name == "Angela Merkel"


def test_bare_president_goes_to_the_latest_president(analyze):
    doc = analyze(
        "Polish President Andrzej Duda welcomed the decision. Later, US President Donald Trump spoke in Warsaw. "
        "The president praised Poland.",
        date="2017-07-06",
    )
    assert owner_of(doc, "The president").name == "Donald Trump"


def test_pronoun_inside_a_quotation_is_left_alone(analyze):
    doc = analyze('Senator Elizabeth Warren said: "He will regret this decision."', date="2019-03-04")
    assert owner_of(doc, "He will") is None


def test_relative_who_takes_its_antecedent(analyze):
    doc = analyze("James Clapper, who led US intelligence for six years, said the report was accurate.", date="2017-07-08")
    assert owner_of(doc, "who").name == "James Clapper"


def test_intergovernmental_organization(analyze):
    doc = analyze("The United Nations said on Friday that aid convoys had reached the city.")
    un = [a for a in doc.actors if a.sector == "IGO" or (a.code or "").startswith("IGO")]
    assert un and un[0].type == "organization"


def test_news_agency_is_media(analyze):
    doc = analyze("Reuters reported that the talks had stalled.")
    reuters = actor_named(doc, "Reuters")
    assert reuters.sector == "MED"


def test_armed_group(analyze):
    doc = analyze("Hamas fighters fired rockets into southern Israel on Saturday.")
    hamas = [a for a in doc.actors if a.name.lower().startswith("hamas")]
    assert hamas and hamas[0].type in ("group", "organization")


def test_coordinated_leaders_are_two_actors(analyze):
    doc = analyze("Trump and Putin met for two hours in Hamburg.", date="2017-07-08")
    assert owner_of(doc, "Trump").name == "Donald Trump"
    assert owner_of(doc, "Putin").name == "Vladimir Putin"


def test_appositive_title(analyze):
    doc = analyze("Adam Schiff, the ranking Democrat on the House Intelligence Committee, criticized the decision.", date="2017-07-08")
    schiff = actor_named(doc, "Adam Schiff")
    assert schiff.sector == "LEG"


def test_sentence_without_entities_has_no_actors(analyze):
    doc = analyze("The weather was fine and the trains ran on time.")
    assert doc.actors == []


def test_surname_first_then_full_name_later(analyze):
    doc = analyze("Lavrov spoke first. Russian Foreign Minister Sergey Lavrov then left the room.", date="2017-07-08")
    lavrov = actor_named(doc, "Sergey Lavrov")
    assert len(lavrov.mentions) == 2


def test_author_of_the_article_is_media(settings):
    article = Article(text="Barry Smithson\n\nThe minister resigned on Friday.", author="Barry Smithson", date="2020-01-01")
    doc = next(analyze_articles([article], settings))
    author = [a for a in doc.actors if a.name == "Barry Smithson"]
    if author:  # spaCy may not see a name in a bare byline; when it does, it is the author
        assert author[0].sector == "MED" and author[0].title == "author"


def test_extra_user_dictionary(tmp_path):
    extra = tmp_path / "local.jsonl"
    extra.write_text(
        json.dumps(
            {
                "id": "MARTA_KOWALCZYK",
                "name": "Marta Kowalczyk",
                "type": "person",
                "aliases": ["Marta Kowalczyk", "Kowalczyk"],
                "roles": [{"code": "POLGOV", "country": "POL", "sector": "GOV", "start": "2018-01-01", "end": None, "title": "Mayor of Gdansk"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    settings = Settings(actor_dictionaries=(extra,))
    doc = newsledger.analyze("Marta Kowalczyk opened the new bridge on Tuesday.", date="2019-05-05", settings=settings)
    marta = actor_named(doc, "Marta Kowalczyk")
    assert (marta.country, marta.sector, marta.title) == ("POL", "GOV", "Mayor of Gdansk")
    assert marta.dictionary_id == "MARTA_KOWALCZYK"


def test_to_dict_actor_fields(analyze):
    doc = analyze("Russian President Vladimir Putin arrived in Hamburg.", date="2017-07-07")
    data = doc.to_dict()
    assert data["schema"] == "newsledger/1"
    putin = next(a for a in data["actors"] if a["name"] == "Vladimir Putin")
    assert {"id", "name", "type", "country", "sector", "title", "mentions"} <= set(putin)
    assert putin["mentions"][0]["text"] == "Russian President Vladimir Putin"


def test_religions_and_named_events_are_not_actors(analyze):
    doc = analyze("The speech at the monument to the Warsaw Uprising presented Islam as a threat.", date="2017-07-08")
    assert owner_of(doc, "Islam") is None
    assert owner_of(doc, "Uprising") is None


def test_unknown_organization_still_becomes_an_actor(analyze):
    doc = analyze("The Kestrel Valley Water Cooperative said on Monday that prices would rise.")
    coop = [a for a in doc.actors if "Kestrel" in a.name]
    assert coop and coop[0].type == "organization" and coop[0].dictionary_id is None


# --------------------------------------------------------------------------------------------
# Noise that must not become actors: datelines, captions, time zones, glued names, brackets


def test_a_dateline_is_no_actor_and_no_part_of_the_leads_subject(analyze):
    doc = analyze("WASHINGTON (Reuters) - U.S. President Donald Trump on Thursday ordered new "
                  "sanctions on Iran, the White House said.")
    dateline_end = doc.text.index("U.S. President")
    assert all(m.start >= dateline_end for a in doc.actors for m in a.mentions)
    assert "Reuters" not in [a.name for a in doc.actors]
    trump = actor_named(doc, "Donald Trump")
    assert [m.text for m in trump.mentions][0] == "U.S. President Donald Trump"
    assert all(q.start >= dateline_end for q in doc.quotes)


def test_a_dateline_city_in_capitals_is_no_actor(analyze):
    doc = analyze("SAO PAULO (Reuters) - The central bank cut its benchmark rate on Wednesday, "
                  "its third cut this year.")
    assert not [a.name for a in doc.actors if any(m.start < doc.text.index("The central") for m in a.mentions)]


def test_a_caption_printed_twice_gives_no_actor_and_no_event(analyze):
    caption = "Police detain a protester outside parliament in Kiev, Ukraine, January 20, 2014. REUTERS/Jane Doe"
    text = (f"KIEV (Reuters) - Ukrainian police arrested 30 protesters on Monday, the interior ministry said.\n\n"
            f"{caption}\n\nThe protesters had blocked the road to parliament for a week.\n\n{caption}")
    doc = analyze(text)
    captions = doc.layer.captions
    assert len(captions) == 2
    assert all(not (s <= m.start < e) for a in doc.actors for m in a.mentions for s, e in captions)
    assert "Jane Doe" not in [a.name for a in doc.actors]
    assert all(not (s <= ev.start < e) for ev in doc.events for s, e in captions)
    # The story's own arrest is still an event.
    assert any(ev.start < captions[0][0] for ev in doc.events)


@pytest.mark.parametrize(
    "text",
    [
        "The dollar rose to 110.5 yen by 1430 GMT, dealers said.",
        "Trading closed at 2100 UTC on Friday, the exchange said.",
    ],
)
def test_a_time_zone_is_no_actor(analyze, text):
    assert not [a for a in analyze(text).actors if a.name in ("GMT", "UTC")]


def test_glued_names_give_the_second_person(analyze):
    doc = analyze("Marie Yovanovitch testified on Friday.\n\n"
                  "Related: Ambassador YovanovitchLev Parnas said he had met the lawyer in Vienna.")
    parnas = actor_named(doc, "Lev Parnas")
    assert [m.text for m in parnas.mentions][0] == "Lev Parnas"
    assert not [a for a in doc.actors if "YovanovitchLev" in a.name]


def test_a_capital_inside_a_surname_is_no_glue(analyze):
    doc = analyze("Governor Ron DeSantis met Mitch McConnell and the donor Frank VanderSloot in Tampa.")
    names = {a.name for a in doc.actors if a.type == "person"}
    assert {"Ron DeSantis", "Mitch McConnell", "Frank VanderSloot"} <= names


@pytest.mark.parametrize(
    "text, name",
    [
        # spaCy's entity here runs to "(INA", leaving the bracket open.
        ("The Iraqi National Accord (INA) said it would boycott the vote.", "Iraqi National Accord"),
        ("The move by Amicus and the Transport and General Workers Union (TGWU) would be seen as a bid "
         "to carry more weight.", "Transport and General Workers Union"),
        ("MidCon Corp, a unit of Occidental Petroleum Corp <OXY>, said it would sell the pipeline.", "OXY"),
    ],
)
def test_a_name_keeps_no_stray_bracket(analyze, text, name):
    doc = analyze(text)
    assert name in [a.name for a in doc.actors]
    assert not [a.name for a in doc.actors if any(ch in a.name for ch in "()<>[]")]


def test_a_surname_is_no_place_and_a_place_is_no_surname(analyze):
    doc = analyze("Republicans criticised John Bolton on Monday. Democrats want testimony from Bolton. "
                  "A statue of George Washington was pulled down. Protesters marched in Washington, D.C. on Saturday.")
    assert "Bolton" not in [p.text for p in doc.places]
    assert "Washington" in [p.text for p in doc.places]
    washington = actor_named(doc, "George Washington")
    assert [m.text for m in washington.mentions] == ["George Washington"]


def test_the_president_is_not_the_vice_president_named_since(analyze):
    doc = analyze(
        "President Donald Trump spoke on Friday. The Vice President, Mike Pence, said the border was in crisis. "
        "Schumer said he made a plea to the president to reopen the government."
    )
    plea = next(e for e in doc.events if e.type == "REQUEST")
    assert doc.actor(plea.target).name == "Donald Trump"
    doc = analyze("The Vice President, Mike Pence, arrived in Warsaw. The vice president met Polish leaders.")
    pence = next(a for a in doc.actors if a.name == "Mike Pence")
    assert "The vice president" in [m.text for m in pence.mentions]


def test_an_organization_is_its_short_name_and_its_introduction_gives_its_sector(analyze):
    doc = analyze(
        "Following the expiry of broadcast corporation ABS-CBN's franchise, the government ordered the network to shut down. "
        "ABS-CBN Corporation is the largest broadcaster in the country. The franchise of ABS-CBN expired on Monday."
    )
    network = next(a for a in doc.actors if a.name == "ABS-CBN Corporation")
    assert [m.text for m in network.mentions if m.kind == "name"].count("ABS-CBN") == 2
    assert network.sector == "MED"
    assert "the network" in [m.text for m in network.mentions]
    # a country is no short name of a company
    doc = analyze("Mexico Holdings said it would sell the mine. Mexico rejected the offer.")
    assert not any(m.text == "Mexico" for a in doc.actors if a.type == "organization" for m in a.mentions)


def test_a_body_of_a_named_country_is_that_countrys_not_the_dictionarys_namesake(analyze):
    doc = analyze("The Supreme Court of the United Kingdom ruled on Tuesday. The Supreme Court said Parliament must meet.", date="2019-09-24")
    court = next(a for a in doc.actors if a.type == "organization" and "Supreme Court" in a.name)
    assert (court.name, court.country) == ("Supreme Court of the United Kingdom", "GBR")
    assert [m.text for m in court.mentions] == ["Supreme Court of the United Kingdom", "Supreme Court"]
    # no "of <country>": the dictionary's court; the country's own bank stays itself
    assert next(a for a in analyze("The Supreme Court ruled on Monday.").actors).country == "USA"
    assert next(a for a in analyze("The Bank of America said profits rose.").actors).name == "Bank of America"


# --- the country a title in apposition gives ---------------------------------------------------


def test_a_possessive_place_in_the_apposition_gives_its_country():
    doc = newsledger.analyze("Ricardo Rosselló Nevares, Puerto Rico's governor, announced his resignation.", date="2019-07-25")
    governor = owner_of(doc, "Ricardo")
    assert governor is not None and governor.country == "PRI", [(a.name, a.country) for a in doc.actors]


def test_a_namesake_whose_title_names_another_country_is_not_the_dictionarys_person():
    # the dictionary knows a James Smith of the Bahamas; the text's is British
    doc = newsledger.analyze("James Smith, the British ambassador, met the foreign minister.", date="2019-07-25")
    smith = owner_of(doc, "James Smith")
    assert smith is not None and smith.country == "GBR", [(a.name, a.country) for a in doc.actors]


def test_a_name_tagged_as_an_organization_that_the_dictionary_knows_as_a_person_is_that_person():
    doc = newsledger.analyze(
        "Following the vote, a United States Department of State spokesperson, Morgan Ortagus, said the United States was disappointed.",
        date="2020-01-06",
    )
    ortagus = owner_of(doc, "Morgan Ortagus")
    assert ortagus is not None and ortagus.type == "person" and ortagus.country == "USA", [(a.name, a.type, a.country) for a in doc.actors]
    # the department's name is one mention, not the department and the country inside it
    department = owner_of(doc, "Department of State")
    assert department is not None and [m.text for m in department.mentions] == ["United States Department of State"]


def test_a_bracketed_short_form_and_its_later_uses_are_the_organization():
    doc = newsledger.analyze(
        "The National Telecommunications Commission (NTC) issued an order to the network yesterday. "
        "Though the NTC is allowed to provide a provisional license, it refused.",
        date="2020-05-06",
    )
    commission = owner_of(doc, "National Telecommunications Commission")
    assert commission is not None
    assert owner_of(doc, "NTC") is commission and owner_of(doc, "NTC", 1) is commission, [(a.name, mention_texts(a)) for a in doc.actors]


def test_initials_join_the_dictionarys_actor_to_its_name_spelled_otherwise():
    # the dictionary knows "OIC"; the British spelling of its full name it may not
    doc = newsledger.analyze("The Organisation of Islamic Cooperation condemned the attack. The OIC called for calm.", date="2019-01-28")
    assert owner_of(doc, "Organisation of Islamic Cooperation") is owner_of(doc, "OIC") is not None, [(a.name, mention_texts(a)) for a in doc.actors]


def test_a_surname_the_recognizer_left_out_closes_the_name():
    doc = newsledger.analyze("Paul Manafort was sentenced by Judge Amy Berman Jackson to 73 months in federal prison.", date="2019-03-13")
    judge = owner_of(doc, "Amy")
    assert judge is not None and judge.name == "Amy Berman Jackson", [(a.name, mention_texts(a)) for a in doc.actors]
    campaign = newsledger.analyze("The Joe Biden campaign said so.", date="2020-03-13")
    assert owner_of(campaign, "Joe").name == "Joe Biden"


def test_an_airline_tagged_as_a_building_is_an_organization_of_the_people_before_it():
    doc = newsledger.analyze("Germany on Monday banned Iranian airline Mahan Air from flying in the European nation.", date="2019-01-21")
    airline = owner_of(doc, "Mahan Air")
    assert airline is not None and airline.type == "organization" and airline.country == "IRN", [(a.name, a.type, a.country) for a in doc.actors]
    assert any(e.type == "COERCE" and e.target_name == "Mahan Air" for e in doc.events), [(e.type, e.source_name, e.target_name) for e in doc.events]
    airport = newsledger.analyze("The plane landed at Heathrow Airport on Monday.", date="2019-01-21")
    assert owner_of(airport, "Heathrow") is None


def test_an_embassy_is_named_with_its_city():
    doc = newsledger.analyze("Nick Adderley wrote to the US Embassy in London asking to waive her immunity. The embassy declined the request.", date="2019-10-08")
    embassy = owner_of(doc, "US Embassy")
    assert embassy is not None and embassy.name == "US Embassy in London" and embassy.country == "USA", [(a.name, a.country) for a in doc.actors]
    assert owner_of(doc, "embassy declined") is embassy


def test_the_government_of_a_country_is_named_so_and_is_that_countrys():
    doc = newsledger.analyze("The Syrian Democratic Forces announced it had entered into an agreement with the government of Syria.", date="2019-10-14")
    government = owner_of(doc, "government")
    assert government is not None and government.name == "government of Syria" and government.country == "SYR", [(a.name, a.country) for a in doc.actors]
    assert any(e.type == "AGREE" and e.target == government.id for e in doc.events), [(e.type, e.source_name, e.target_name) for e in doc.events]


def test_a_possessive_description_is_the_actor_told_of_and_makes_none():
    doc = newsledger.analyze(
        "ABS-CBN, the country's largest network, went off air. The network said it would appeal. "
        "Duterte threatened the network's franchise renewal before. The company's profits fell.",
        date="2020-05-06",
    )
    network = owner_of(doc, "The network")
    assert network is not None and owner_of(doc, "network's") is network, [(a.name, mention_texts(a)) for a in doc.actors]
    assert owner_of(doc, "company's") is None


def test_an_airline_is_called_by_its_name_without_air():
    doc = newsledger.analyze(
        "Germany on Monday banned Iranian airline Mahan Air from flying in the European nation. "
        "Mahan has been the subject of United States sanctions since 2011.",
        date="2019-01-21",
    )
    airline = owner_of(doc, "Mahan Air")
    assert airline is not None and owner_of(doc, "Mahan has") is airline, [(a.name, mention_texts(a)) for a in doc.actors]


def test_a_makers_name_before_a_model_number_is_the_thing_made():
    doc = newsledger.analyze("Harry Dunn, a 19-year-old motorcyclist, was struck by a Volvo XC90 driving on the wrong side of the road.", date="2019-10-08")
    assert owner_of(doc, "Volvo") is None, [(a.name, a.type) for a in doc.actors]
    spokesman = newsledger.analyze("A Google spokesman declined to comment.", date="2019-10-08")
    assert owner_of(spokesman, "Google") is not None


def test_a_body_s_mention_runs_on_to_the_noun_that_ends_its_name(analyze):
    doc = analyze("The attack was claimed by the Houthi movement in Yemen. The Hezbollah group denied any role.")
    houthis = next(a for a in doc.actors if "Houthi" in a.name)
    assert mention_texts(houthis) == ["Houthi movement"]
    assert "Hezbollah group" in mention_texts(next(a for a in doc.actors if a.name.startswith("Hezbollah")))
    # a plural of people after the name stays the name's own mention ("Houthi rebels" are members)
    doc = analyze("Houthi rebels fired missiles at Riyadh on Sunday.")
    assert all(m.text != "Houthi rebels" for a in doc.actors for m in a.mentions if m.kind == "name")


def test_a_british_form_of_address_is_no_part_of_the_name_and_the_short_name_is_the_person(analyze):
    doc = analyze("Camilla Parker Bowles will marry Prince Charles. Mrs Parker Bowles will take the title Duchess of Cornwall.")
    camilla = next(a for a in doc.actors if a.name == "Camilla Parker Bowles")
    assert mention_texts(camilla) == ["Camilla Parker Bowles", "Parker Bowles"]
    assert not any(a.name.startswith("Mrs") for a in doc.actors)


def test_a_short_name_two_full_names_end_with_stays_apart(analyze):
    doc = analyze("Anne Marie Smith met John Marie Smith on Monday. Marie Smith said it was fine.")
    assert {a.name for a in doc.actors if a.type == "person"} >= {"Anne Marie Smith", "John Marie Smith", "Marie Smith"}


def test_a_surname_the_recognizer_took_for_a_place_is_the_person(analyze):
    doc = analyze("Putin spoke with Erdogan by phone about Syria.")
    assert any(a.name == "Recep Tayyip Erdoğan" for a in doc.actors), [a.name for a in doc.actors]
    doc = analyze("Protesters marched in Washington on Saturday.")
    assert not any(a.type == "person" for a in doc.actors), [a.name for a in doc.actors]


def test_a_capitalised_word_opening_a_sentence_before_a_noun_is_no_person(analyze):
    # Wikinews, "Bombs kill at least 20 at cathedral in Mindanao, Philippines" (CC BY 2.5): the
    # recognizer reads the sentence's first word as a name
    text = (
        "Bombs kill at least 20 at cathedral in Mindanao, Philippines\n\nMonday, January 28, 2019 \n\n"
        "Twin bombings yesterday struck the Jolo Cathedral in Mindanao, Philippines. The second blast affected "
        "first responders following the first; between the two blasts, at least 20 were killed.\n\n"
        "According to Chief Superintendent Graciano Mijares of the police of the Autonomous Region in Muslim "
        "Mindanao, the confirmed deaths are fourteen civilians, five Armed Forces personnel, and one member of "
        "the Coast Guard."
    )
    names = [a.name for a in analyze(text, date="2019-01-28").actors]
    assert "Twin" not in names
    assert "Jolo Cathedral" in names and "Superintendent Graciano Mijares" in names


def test_brexit_is_no_actor_and_mps_are_legislators(analyze):
    document = analyze("MPs voted against the government's Brexit deal.", date="2019-03-12")
    actors = {a.name: a for a in document.actors}
    assert "Brexit" not in actors
    assert actors["MPs"].type == "group" and actors["MPs"].sector == "LEG"


def test_a_generational_suffix_is_part_of_the_persons_mention(analyze):
    doc = analyze("The prosecutor Cyrus R. Vance, Jr. questioned Maria Alvarez Jr. and Tom Reed III on Monday.", date="2019-10-10")
    mentions = {m.text for a in doc.actors if a.type == "person" for m in a.mentions}
    assert "Cyrus R. Vance, Jr." in " ".join(mentions), mentions
    assert any(m.endswith("Alvarez Jr.") for m in mentions), mentions
    assert any(m.endswith("Reed III") for m in mentions), mentions


def test_a_court_named_for_its_jurisdiction_is_one_body(analyze):
    doc = analyze("The Court of Appeals for the D.C. Circuit vacated the conviction. The D.C. Circuit later ruled again.", date="2019-10-10")
    names = [a.name for a in doc.actors]
    assert "Court of Appeals for the D.C. Circuit" in names, names
    assert "Court of Appeals" not in names, names


def test_an_outlet_the_dictionary_lacks_is_a_news_organization_by_its_name(analyze):
    doc = analyze("Business Insider reported the strikes. The Hurriyet Daily News and the Saudi Press Agency said "
                  "the talks failed. The Post Office closed early.", date="2020-01-05")
    sectors = {a.name: a.sector for a in doc.actors}
    assert sectors.get("Business Insider") == "MED" and sectors.get("Hurriyet Daily News") == "MED"
    assert sectors.get("Saudi Press Agency") == "MED"
    assert sectors.get("Post Office") != "MED"


def test_a_committee_named_with_an_and_is_one_body(analyze):
    doc = analyze("In April, the House Oversight and Reform Committee authorized subpoenas. The Ways and Means Committee met.", date="2019-07-20")
    names = [a.name for a in doc.actors]
    assert "House Oversight and Reform Committee" in names and "Ways and Means Committee" in names, names
    assert "House of Representatives" not in names, names


def test_he_in_what_an_unnamed_person_claims_is_not_a_named_person_before(analyze):
    doc = analyze("Doctor Lukas Szumowski operated on the mayor. The attacker is reported to have jumped on stage "
                  "and claimed he was wrongfully imprisoned.", date="2019-01-14")
    doctor = actor_named(doc, "Lukas Szumowski")
    assert doctor is not None and [m.text for m in doctor.mentions] == ["Doctor Lukas Szumowski"]
