"""The field's speech, request and issuing conventions on news prose (issue 13), on sentences of
our own: an accusation verb's clause names who is accused; "encouraged Y to …" asks Y; a decree or
a message acts for whoever issues it; and the sentences that look alike but must code otherwise."""

from __future__ import annotations

import pytest

from newsledger.document import Document


@pytest.fixture(scope="module")
def code(code_events):
    return code_events


def triples(document: Document) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.source_name, e.target_name) for e in document.events]


def has(document: Document, type_: str, source: str | None, target: str | None) -> bool:
    return any(
        e.type == type_
        and (source is None and e.source is None or source is not None and source in (e.source_name or ""))
        and (target is None and e.target is None or target is not None and target in (e.target_name or ""))
        for e in document.events
    )


def assert_quiet(code, sentence: str, date: str) -> None:
    """The sentence codes no event at all."""
    document = code(sentence, date=date)
    assert not document.events, triples(document)


# ---- an accusation's clause names who is accused


def test_alleged_that_y_did_something_is_an_accusation_of_y(code):
    document = code("Senator Mark Warner alleged Russia had hidden the true number of casualties.")
    assert has(document, "ACCUSE", "Warner", "Russia"), triples(document)


def test_claims_y_does_something_is_an_accusation_of_y(code):
    document = code("Israel claims Hezbollah smuggles rockets into Lebanon.")
    assert has(document, "ACCUSE", "Israel", "Hezbollah"), triples(document)


def test_a_claim_about_numbers_accuses_no_one(code):
    document = code("Taliban spokesman Zabiullah Mujahid claimed 90 soldiers were dead.")
    assert not any(e.type == "ACCUSE" for e in document.events), triples(document)


def test_alleged_as_adjective_of_ties_is_no_accusation(code):
    document = code("The airline's director, Ali Rezaei, has alleged ties to the Islamic Revolutionary Guard Corps.")
    assert not any(e.type == "ACCUSE" for e in document.events), triples(document)


# ---- "encouraged Y to …" asks Y


def test_encouraging_allies_such_as_y_to_act_is_a_request_to_y(code):
    document = code("The United States has been encouraging allies such as France to restrict the airline's flights.")
    assert has(document, "REQUEST", "United States", "France"), triples(document)


def test_encouraging_unnamed_firms_asks_no_actor_and_targets_not_the_place(code):
    document = code("With the United States encouraging companies to stop trading in Venezuela, exports fell.")
    assert not any(e.type == "REQUEST" and e.target_name and "Venezuela" in e.target_name for e in document.events), triples(document)
    assert not any(e.type == "SUPPORT" for e in document.events), triples(document)


def test_encouraging_a_move_without_to_is_no_request(code):
    document = code("Germany encouraged the agreement between Serbia and Kosovo.")
    assert not any(e.type == "REQUEST" for e in document.events), triples(document)


# ---- an instrument acts for whoever issues it


def test_a_decree_banning_acts_for_its_signer(code):
    document = code("President Kais Saied signed a decree banning anyone wearing a face mask from entering courts.")
    assert has(document, "COERCE", "Saied", None), triples(document)


def test_a_message_blaming_acts_for_its_poster(code):
    document = code("Secretary of State Antony Blinken posted a message on Twitter blaming Iran for the attack.")
    assert has(document, "ACCUSE", "Blinken", "Iran"), triples(document)
    assert not any(e.source_name == "Twitter" for e in document.events), triples(document)


def test_soldiers_attacking_a_village_are_still_the_ones_who_attack(code):
    document = code("Witnesses saw Sudanese soldiers attacking the town of Geneina, said Human Rights Watch.")
    assert not any(e.type == "ASSAULT" and e.source_name == "Human Rights Watch" for e in document.events), triples(document)


# ---- calling someone a criminal, conversations, events referred to again


def test_naming_groups_as_terrorists_accuses_each_once(code):
    document = code("President Erdogan named both the Kurdistan Workers' Party (PKK) and the People's Protection Units (YPG) as terrorists.")
    accused = [e.target_name for e in document.events if e.type == "ACCUSE"]
    assert len(accused) == 2, triples(document)


def test_naming_someone_as_ambassador_is_no_accusation(code):
    document = code("President Joe Biden named Rahm Emanuel as ambassador to Japan.")
    assert not any(e.type == "ACCUSE" for e in document.events), triples(document)


def test_two_leaders_who_spoke_on_the_phone_consulted(code):
    document = code("On Monday, French President Emmanuel Macron and Russian President Vladimir Putin spoke on the phone.")
    assert any(e.type == "CONSULT" and {e.source_name, e.target_name} >= {"Emmanuel Macron", "Vladimir Putin"} for e in document.events), triples(document)


def test_speaking_at_a_rally_is_no_consultation(code):
    document = code("Opposition leader Raila Odinga spoke at a rally in Nairobi on Sunday.")
    assert not any(e.type == "CONSULT" for e in document.events), triples(document)


def test_condemning_the_operation_accuses_who_launched_it(code):
    document = code("On Wednesday, Turkey began a military offensive into northern Syria. The operation was condemned by the Arab League.")
    assert has(document, "ACCUSE", "Arab League", "Turkey"), triples(document)


# ---- purposes and participles


def test_a_purpose_clause_is_not_an_event_that_happened(code):
    document = code("The Kurds reached an agreement with Damascus for the Syrian Army to deploy along the border with Turkey.")
    assert all(e.mode != "asserted" for e in document.events if e.type == "MOBILIZE"), [(e.type, e.mode) for e in document.events]


def test_territory_a_group_controlled_is_no_concession(code):
    document = code("Syrian government forces began deploying into previously SDF controlled territory yesterday.")
    assert not any(e.type == "CONCEDE" for e in document.events), triples(document)


# ---- coordinated people, agreements named for a body, mutual events with one side


def test_the_party_a_petitioner_belongs_to_is_not_a_petitioner(code):
    document = code("The court had been petitioned by Gina Miller of the Liberal Democrats and 20 co-petitioners for a ruling.")
    assert not any(e.source_name == "Liberal Democrats" for e in document.events), triples(document)


def test_signing_an_agreement_named_for_a_body_targets_the_body(code):
    document = code(
        "Nigerian President Muhammadu Buhari and Beninese President Patrice Talon signed the "
        "African Continental Free Trade Area agreement on Sunday."
    )
    signers = {e.source_name for e in document.events if e.type == "AGREE" and e.target_name == "African Continental Free Trade Area"}
    assert {"Muhammadu Buhari", "Patrice Talon"} <= signers, triples(document)


def test_signing_the_paris_agreement_does_not_target_paris(code):
    document = code("Chancellor Angela Merkel signed the Paris agreement in 2016.")
    assert not any(e.target_name == "Paris" for e in document.events), triples(document)


def test_a_meeting_place_and_purpose_are_not_the_other_side(code):
    document = code("Leaders of African Union member states met in Niamey for an African Union summit.")
    assert not any(e.type == "CONSULT" and e.target_name == "African Union" for e in document.events), triples(document)


def test_a_mutual_event_with_no_other_side_is_not_recorded(code):
    document = code("African leaders have negotiated the deal over the last four years.")
    assert not any(e.type in ("CONSULT", "AGREE") for e in document.events), triples(document)


def test_a_negotiation_between_two_named_sides_is_recorded(code):
    document = code("Ethiopia and Egypt negotiated the dam agreement over four years.")
    assert any(e.type == "CONSULT" and {e.source_name, e.target_name} == {"Ethiopia", "Egypt"} for e in document.events), triples(document)


def test_conceding_that_a_rival_won_is_a_concession_to_the_rival(code):
    document = code("Former president Donald Trump conceded that Joe Biden had won the election.")
    assert has(document, "CONCEDE", "Trump", "Biden"), triples(document)


def test_conceding_a_death_toll_concedes_to_no_one(code):
    document = code("The Egyptian army conceded that 40 soldiers had died in the ambush.")
    assert not any(e.type == "CONCEDE" and e.target is not None for e in document.events), triples(document)


# ---- the wide target search


def test_condemning_an_attack_by_a_group_accuses_the_group_not_the_place(code):
    document = code("The Egyptian government condemned an attack by Hamas fighters in southern Israel on Thursday.")
    assert any(e.type == "ACCUSE" and e.target_name == "Hamas" for e in document.events), triples(document)
    assert not any(e.type == "ACCUSE" and e.target_name == "Israel" for e in document.events), triples(document)


def test_a_hospital_where_someone_died_of_injuries_is_not_who_injured_him(code):
    document = code("Harry Dunn was hit by a car on the road. He died from his injuries at John Radcliffe Hospital a short time later.")
    assert not any(e.source_name == "John Radcliffe Hospital" for e in document.events), triples(document)


def test_an_agent_of_no_country_takes_the_country_its_phrase_names(code):
    # PETRARCH's agent merged with its country (BLR + activists): the activists, of Belarus.
    document = code("Human rights activists in Belarus condemned the arrests by Russia on Sunday.")
    accuse = next(e for e in document.events if e.type == "ACCUSE")
    source = document.actor(accuse.source)
    assert (source.name, source.country) == ("Human rights activists", "BLR"), triples(document)


def test_a_named_actor_keeps_its_own_name_before_its_country(code):
    document = code("Amnesty International in Belarus condemned the arrests by Russia on Sunday.")
    assert not any(e.source_name == "Belarus" for e in document.events), triples(document)


# ---- receiving, and reporters taken for doers


def test_receiving_aid_makes_the_receiver_the_target(code):
    document = code("Analysts say Hezbollah received weapons from Iran for years.")
    assert has(document, "AID", "Iran", "Hezbollah"), triples(document)
    assert not has(document, "AID", "Hezbollah", None), triples(document)


def test_a_givers_adjective_gives_aid_received_in_the_passive(code):
    document = code("Direct Iranian assistance is received by the Houthis.")
    assert has(document, "AID", "Iran", "Houthis"), triples(document)


def test_officials_reporting_a_toll_did_not_kill_anyone(code):
    document = code("The attack was the deadliest since August, with officials reporting at the time 150 soldiers and 95 civilians killed.")
    assert not any(e.type == "ASSAULT" and e.source_name == "officials" for e in document.events), triples(document)


# ---- requests: calls joined, letters asking, requests declined


def test_joining_calls_asking_y_to_act_is_a_request_to_y(code):
    document = code("On Monday, Prime Minister Boris Johnson joined growing calls asking the United States to waive her immunity.")
    assert has(document, "REQUEST", "Boris Johnson", "United States"), triples(document)


def test_writing_to_y_asking_to_act_asks_y(code):
    document = code("Police chief Nick Adderley wrote to the Russian Embassy asking to waive the diplomat's immunity.")
    assert any(e.type == "REQUEST" and "Adderley" in (e.source_name or "") and "Russia" in (e.target_name or "") for e in document.events), triples(document)


def test_declining_the_request_answers_the_nearest_request_of_the_paragraph(code):
    document = code(
        "Prime Minister Boris Johnson urged the United States to act.\n\n"
        "Police chief Nick Adderley wrote to the Russian Embassy asking to waive the immunity. "
        "The Russian Embassy declined the request."
    )
    rejected = [e.target_name for e in document.events if e.type == "REJECT"]
    assert rejected and "Adderley" in (rejected[0] or ""), triples(document)


def test_it_in_a_clause_announced_or_indicated_stands_for_the_speaker(code):
    document = code("Ethiopia indicated it would sign the agreement with Egypt next week.")
    assert any(e.source_name == "Ethiopia" and e.target_name == "Egypt" for e in document.events), triples(document)


# ---- a court's findings


def test_a_court_finding_someones_act_unlawful_accuses_them(code):
    document = code("On Wednesday, the Supreme Court found that President Jacob Zuma's decision was unlawful.")
    assert any(e.type == "ACCUSE" and "Zuma" in (e.target_name or "") for e in document.events), triples(document)


def test_finding_illegal_weapons_accuses_no_one(code):
    document = code("Police found illegal weapons in a warehouse near the port.")
    assert not any(e.type == "ACCUSE" for e in document.events), triples(document)


def test_an_order_declaring_acts_for_who_makes_it(code):
    document = code("The High Court will make an Order declaring that President Jacob Zuma's decision was unlawful.")
    assert not any(e.source_name == "Order" for e in document.events), triples(document)


def test_saying_that_y_accused_z_accuses_y(code):
    document = code("Prime Minister Benjamin Netanyahu said Hamas had blamed Egypt for the failure of the talks.")
    assert has(document, "ACCUSE", "Netanyahu", "Hamas"), triples(document)


# ---- "the subject of sanctions", "the target of an attack"


def test_the_subject_of_sanctions_is_their_target(code):
    document = code("Venezuela has been the subject of United States sanctions since 2017.")
    assert has(document, "COERCE", "United States", "Venezuela"), triples(document)


def test_the_target_of_an_attack_is_its_target(code):
    document = code("In 2004, the Saudi Interior Ministry was the target of an al-Qaeda suicide attack.")
    assert any(e.type == "ASSAULT" and e.source_name and "Qaeda" in e.source_name and e.target is not None for e in document.events), triples(document)


def test_the_subject_of_a_debate_is_not_sanctioned(code):
    document = code("Venezuela has been the subject of a long debate about United States sanctions.")
    assert not has(document, "COERCE", "United States", "Venezuela"), triples(document)


# ---- demands, refusals and whose act is condemned (the second batch of Wikinews dev)
def test_saying_that_someone_should_or_must_act_demands_it_of_them(code):
    assert has(code("Merkel said Russia should release the prisoners."), "REQUEST", "Merkel", "Russia")
    assert has(code("Russia must release the prisoners, Merkel said."), "REQUEST", "Merkel", "Russia")
    assert has(code("Pompeo said Iraq needs to protect American personnel.", date="2019-08-19"), "REQUEST", "Pompeo", "Iraq")
    # the wished-for act is not asserted: no attack by Israel
    document = code("Rouhani said Israel must stop attacking Gaza.")
    assert triples(document) == [("REQUEST", "Hassan Rouhani", "Israel")], triples(document)


def test_what_should_happen_with_no_one_asked_is_no_demand(code):
    assert not code("Merkel said the talks should continue.").events
    assert not any(e.type == "REQUEST" for e in code("Trump said we must win the election.").events)


def test_telling_someone_to_act_is_a_demand_telling_reporters_is_not(code):
    assert has(code("Pompeo told Iraq to protect American personnel.", date="2019-08-19"), "REQUEST", "Pompeo", "Iraq")
    assert not code("The president told reporters that the talks had failed.").events


def test_refusing_an_act_of_no_code_of_its_own_rejects_its_recipient(code):
    assert has(code("The commission refused to provide Russia with a license."), "REJECT", "commission", "Russia")
    assert not code("The minister declined to comment.").events


def test_the_agent_of_a_condemned_act_is_the_target(code):
    # the parse hangs "by Russia" on the verb, not on "arrests"
    assert has(code("Human rights activists in Belarus condemned the arrests by Russia on Sunday."), "ACCUSE", "activists", "Russia")
    assert has(code("Erdogan attacked the decision by Donald Trump to recognise the Golan Heights."), "ACCUSE", "Erdo", "Trump")


def test_alleged_involvement_accuses_whose_involvement_it_is(code):
    document = code("Saudi Arabia and the United States have alleged Iranian involvement in the attack.")
    assert has(document, "ACCUSE", "Saudi Arabia", "Iran") and has(document, "ACCUSE", "United States", "Iran"), triples(document)
    assert not code("His director has alleged ties to the Revolutionary Guards.").events


def test_a_participle_after_the_clause_shares_its_subject_even_with_a_preposition_of_its_own(code):
    document = code("Solicitor General Jose Calida filed a petition on Monday, accusing Russia of violating the treaty.")
    assert has(document, "ACCUSE", "Calida", "Russia"), triples(document)


def test_a_state_of_emergency_declared_is_coercion_and_lifted_is_not(code):
    assert has(code("President Trump declared a state of emergency on Friday.", date="2019-02-15"), "COERCE", "Trump", None)
    assert not any(e.type == "COERCE" for e in code("The state of emergency remains in force.").events)


def test_denying_what_was_asked_is_a_rejection(code):
    assert has(code("Congress has repeatedly denied funding for the wall."), "REJECT", "Congress", None)
    assert has(code("The court denied bail to the journalist Mahmoud Hussein."), "REJECT", "court", "Mahmoud Hussein")


def test_calling_an_act_a_violation_accuses_and_an_organization_has_the_country_it_names(code):
    for text in ("The Iraqi Foreign Ministry characterized the attack as a serious violation of Iraqi sovereignty.",
                 "The Foreign Ministry of Iraq characterized the attack as a serious violation of Iraqi sovereignty."):
        document = code(text)
        accuse = next(e for e in document.events if e.type == "ACCUSE")
        assert document.actor(accuse.source).country == "IRQ", triples(document)
    # an international body keeps no country: "Islamic Cooperation" is no country
    document = code("The Organisation of Islamic Cooperation condemned the attack.")
    assert all(a.country is None for a in document.actors if "Islamic" in a.name)


def test_criticism_by_or_from_someone_accuses_and_faced_criticism_runs_back(code):
    document = code("Erdogan pledged to convert the museum despite criticism by the Greek foreign minister and UNESCO.", date="2019-03-31")
    assert has(document, "ACCUSE", "UNESCO", "Erdo"), triples(document)
    assert has(code("The decision drew condemnation from Germany.", date="2019-03-31"), "ACCUSE", "Germany", None)
    assert not code("There has been criticism of the plan.").events


def test_judging_the_move_or_the_decision_judges_who_made_it(code):
    document = code("Turkey imposed sanctions on Greece. Germany condemned the decision.")
    assert has(document, "ACCUSE", "Germany", "Turkey"), triples(document)
    # with nothing done before, the move is no one's
    assert has(code("Germany condemned the move."), "ACCUSE", "Germany", None)


def test_at_someones_request_they_ask_whoever_acts(code):
    document = code("At the Iraqi government's request, US troops left the base.")
    assert has(document, "REQUEST", "Iraq", "United States"), triples(document)
    # the one who acts is no actor: no request half told
    assert not any(e.type == "REQUEST" for e in code("Parliament was suspended at the behest of Boris Johnson.", date="2019-09-24").events)


# ---- meetings of several, passives whose agent hangs on a statement, receptions


def test_three_countries_meeting_gives_every_pair(code):
    document = code("On Thursday the delegations of Cyprus, Greece and Israel met for their seventh trilateral summit in Athens.")
    pairs = {frozenset((e.source_name, e.target_name)) for e in document.events if e.type == "CONSULT"}
    assert pairs == {frozenset(p) for p in (("Cyprus", "Greece"), ("Cyprus", "Israel"), ("Greece", "Israel"))}, triples(document)


def test_condemned_in_a_statement_by_several_is_each_ones_accusation(code):
    document = code("Turkey was condemned in a joint statement by Egypt, Greece and Cyprus on October 8.")
    for country in ("Egypt", "Greece", "Cyprus"):
        assert has(document, "ACCUSE", country, "Turkey"), triples(document)


def test_met_with_applause_is_no_meeting_but_met_by_someone_is(code):
    applause = code("Tomasz Stefaniak was met with applause early today upon announcing to journalists that the mayor remained alive.")
    assert not [e for e in applause.events if e.type == "CONSULT"], triples(applause)
    greeted = code("Vladimir Putin was met by Donald Trump at the airport.")
    assert has(greeted, "CONSULT", "Trump", "Putin"), triples(greeted)


def test_meeting_someone_at_a_place_is_a_meeting_not_an_intent(code):
    document = code("Donald Trump met Vladimir Putin at the airport in Helsinki.")
    assert has(document, "CONSULT", "Trump", "Putin") and not [e for e in document.events if e.type == "AGREE"], triples(document)


def test_a_second_participle_shares_the_first_ones_passive_subject(code):
    document = code("Maria Kalesnikava headed the campaign of Viktar Babaryka, who was arrested and banned from the election.")
    assert not [e for e in document.events if e.source_name and "Babaryka" in e.source_name], triples(document)


def test_two_verbs_before_one_object_share_it(code):
    document = code("The police arrested and charged the protesters.")
    assert has(document, "COERCE", "police", "protesters") and has(document, "ACCUSE", "police", "protesters"), triples(document)


# ---- judgements told by nouns and by what a speaker says someone is


def test_a_critic_of_someone_said_by_a_copula_or_apposition_accuses_them(code):
    copula = code("Navalny is an outspoken critic of Russian president Vladimir Putin.")
    assert has(copula, "ACCUSE", "Navalny", "Putin"), triples(copula)
    apposition = code("Alexei Navalny, a critic of Vladimir Putin, was flown to Berlin.")
    assert has(apposition, "ACCUSE", "Navalny", "Putin"), triples(apposition)
    reviewer = code("The film critic of the New York Times liked the movie.")
    assert not [e for e in reviewer.events if e.type == "ACCUSE"], triples(reviewer)


def test_disagreeing_is_disapproval_of_the_other(code):
    both = code("Trump and Bolton disagreed over North Korea.")
    assert has(both, "ACCUSE", "Trump", "Bolton") and has(both, "ACCUSE", "Bolton", "Trump"), triples(both)
    one = code("Putin disagreed with Merkel on Ukraine.")
    assert has(one, "ACCUSE", "Putin", "Merkel"), triples(one)


def test_saying_someone_is_the_culprit_accuses_them_but_not_saying_they_are_not(code):
    perpetrators = code("Arnel dela Vega of the army's Western Mindanao Command said the Abu Sayyaf Group are the suspected perpetrators.")
    assert has(perpetrators, "ACCUSE", "Vega", "Abu Sayyaf"), triples(perpetrators)
    behind = code("US officials said Iran was behind the attack on the tankers.")
    assert has(behind, "ACCUSE", "officials", "Iran"), triples(behind)
    cleared = code("Pompeo said Russia was not responsible.")
    assert not [e for e in cleared.events if e.type == "ACCUSE"], triples(cleared)


def test_calling_for_someone_to_act_asks_them_whatever_the_parse_makes_of_for(code):
    groups = code("Legal and religious groups have also called for the bill to be dropped.")
    assert [e for e in groups.events if e.type == "REQUEST"], triples(groups)
    congress = code("Trump called for Congress to fund the wall.")
    assert has(congress, "REQUEST", "Trump", "Congress"), triples(congress)


def test_a_relative_pronoun_read_as_the_object_is_no_unknown_target(code):
    document = code("Friday night was the fourth night in a row that Serbians protested.")
    assert has(document, "PROTEST", "Serbia", None), triples(document)


def test_seconding_and_thanking_are_support(code):
    seconded = code("The proposal was quickly seconded by German Chancellor Angela Merkel.")
    assert any(e.type == "SUPPORT" and "Merkel" in (e.source_name or "") for e in seconded.events), triples(seconded)
    thanked = code("Merkel thanked Macron for his leadership.")
    assert has(thanked, "SUPPORT", "Merkel", "Macron"), triples(thanked)


def test_a_killing_is_an_assault_by_whoever_the_possessive_names_and_none_without(code):
    named = code("The move follows the United States' killing of Qasem Soleimani in an airstrike last week.")
    assert has(named, "ASSAULT", "United States", "Soleimani"), triples(named)
    unnamed = code("The killing of George Floyd sparked protests.")
    assert not [e for e in unnamed.events if e.type == "ASSAULT"], triples(unnamed)


def test_using_force_against_someone_assaults_them(code):
    document = code("Although the police have used force against protesters before, this is the first such report.")
    assert has(document, "ASSAULT", "police", "protesters"), triples(document)


def test_being_under_sanctions_is_being_their_target(code):
    document = code("Because of its drilling operations there, Turkey is already under EU sanctions.")
    assert any(e.type == "COERCE" and e.target_name == "Turkey" for e in document.events), triples(document)


def test_what_someone_is_asked_to_do_is_not_done_and_they_is_no_one_named_after_it(code):
    document = code("They had asked Hong Kong Chief Executive Carrie Lam, who is supported by the mainland Chinese government, to resign from her position.")
    assert not [e for e in document.events if e.type == "CONCEDE" and e.mode == "asserted"], [(e.type, e.mode) for e in document.events]
    assert not [e for e in document.events if e.type == "REQUEST" and "government" in (e.source_name or "")], triples(document)


def test_a_conjoined_passive_takes_the_first_verbs_subject(code):
    document = code("Because of its drilling operations there, Turkey is already under EU sanctions, and was condemned in a joint statement by Egypt, Greece and Cyprus on October 8.")
    for country in ("Egypt", "Greece", "Cyprus"):
        assert has(document, "ACCUSE", country, "Turkey"), triples(document)


def test_claiming_responsibility_for_an_attack_is_the_attack(code):
    document = code("The Yemen-based Houthi movement claimed responsibility for the attacks on Saudi Aramco facilities.")
    assert any(e.type == "ASSAULT" and "Houthi" in (e.source_name or "") for e in document.events), triples(document)
    nobody = code("Nobody has claimed responsibility for the attack.")
    assert not nobody.events, triples(nobody)


def test_questioning_someones_power_criticises_them_and_the_body_in_a_title_is_no_party(code):
    document = code("Senate Minority Whip Dick Durbin and Representative Adam Schiff both yesterday questioned Trump's power to declare an emergency.")
    assert has(document, "ACCUSE", "Durbin", "Trump") and has(document, "ACCUSE", "Schiff", "Trump"), triples(document)
    assert not [e for e in document.events if e.source_name == "Senate"], triples(document)


def test_a_cease_and_desist_order_restricts_whom_it_is_issued_to(code):
    document = code("The National Telecommunications Commission (NTC) issued a cease and desist order to the network ABS-CBN yesterday.")
    assert any(e.type == "COERCE" and "Telecommunications" in (e.source_name or "") for e in document.events), triples(document)


def test_the_agent_of_a_participle_after_an_attack_is_its_author(code):
    for sentence in ("Dozens died in the attack, reportedly conducted by the Taliban.", "Airstrikes launched by Saudi Arabia hit Sanaa on Monday."):
        document = code(sentence)
        assert [e for e in document.events if e.type == "ASSAULT" and e.source_name in ("Taliban", "Saudi Arabia")], triples(document)


def test_a_leader_on_what_his_own_country_must_do_asks_no_one_and_a_court_hearing_is_no_talks(code):
    own = code("Prime Minister Boris Johnson has repeatedly stated that Britain must leave by that date with or without a deal.")
    assert not [e for e in own.events if e.type == "REQUEST"], triples(own)
    other = code("German Chancellor Angela Merkel said Russia must release the sailors.")
    assert has(other, "REQUEST", "Merkel", "Russia"), triples(other)
    hearing = code("For three days last week, the court heard arguments from the two sides.")
    assert not [e for e in hearing.events if e.type == "CONSULT"], triples(hearing)


def test_expecting_an_apology_or_assurances_from_someone_asks_them(code):
    quoted = code('President of Ukraine Volodymyr Zelenskyy said, "We expect from Iran assurances of their readiness for a full and open investigation."')
    assert has(quoted, "REQUEST", "Zelensky", "Iran"), triples(quoted)
    growth = code("Analysts expect growth from China this year.")
    assert not [e for e in growth.events if e.type == "REQUEST"], triples(growth)


def test_a_participle_after_an_attack_noun_names_its_target(code):
    document = code("A few hours before the jet crashed, Iran launched missiles targeting US troops in Iraqi military bases.")
    assert has(document, "ASSAULT", "Iran", "United States"), triples(document)


def test_an_event_noun_a_relative_clause_belongs_to_is_its_subject_but_an_unknown_country_is_not(code):
    strike = code("Iran launched missiles in response to the US airstrike that killed Iranian general Qasem Soleimani at a Baghdad airport.")
    assert has(strike, "ASSAULT", "United States", "Soleimani"), triples(strike)
    unknown = code("Schumer said Trump sided with the leader of a country that attacked American and French elections.")
    assert not [e for e in unknown.events if e.type == "ASSAULT"], triples(unknown)


def test_restrictions_on_flights_to_a_country_restrict_the_country(code):
    document = code("On Friday, the United States Department of Transportation announced new restrictions on flights to Cuba.")
    assert has(document, "COERCE", "Transportation", "Cuba"), triples(document)


# ---- a claimed act: whom it struck was told before, with no one doing it
def test_claiming_responsibility_takes_whom_the_act_told_before_struck(code):
    # (spaCy tags "Saudi Aramco" NORP: a demonym and a name of no country, a company)
    doc = code("Saudi Aramco was hit by drones on Saturday. The Houthis claimed responsibility for the attacks.")
    assert has(doc, "ASSAULT", "Houthis", "Saudi Aramco"), triples(doc)
    doc = code("The Nigerian army was attacked near Maiduguri on Sunday. Boko Haram claimed the attack.")
    assert has(doc, "ASSAULT", "Boko Haram", "Nigerian army")


def test_what_belongs_to_a_company_struck_strikes_the_company(code):
    doc = code(
        "Yesterday, oil facilities belonging to Saudi Arabia's state-owned Saudi Aramco were hit by drone strikes. "
        "The Houthi movement claimed responsibility for the attacks."
    )
    assert has(doc, "ASSAULT", "Houthi", "Saudi Aramco"), triples(doc)
    assert not any(a.name == "Greek Orthodox" for a in code("Greek Orthodox leaders met on Sunday.").actors)


def test_a_claimed_act_with_a_named_attacker_before_takes_its_target(code):
    doc = code("Gunmen opened fire on the Indian embassy in Kabul on Monday. The attack was claimed by the Taliban.")
    assert has(doc, "ASSAULT", "Taliban", "Indian embassy")


def test_a_claim_with_nothing_told_before_keeps_no_target(code):
    doc = code("The Houthis claimed responsibility for the attacks.")
    assert has(doc, "ASSAULT", "Houthis", None)
    # an act of another type told before is not the one claimed
    doc = code("Saudi Arabia was criticized by Iran on Friday. The Houthis claimed responsibility for the attacks.")
    assert has(doc, "ASSAULT", "Houthis", None)


# ---- one sentence, one event it must give (type, a word of the source's name, of the target's)

NEWS_EVENTS = [
    ("The US urged that Iran allow inspectors into the site.", "REQUEST", "United States", "Iran"),  # a subjunctive clause demanded
    ("The report recommended that the army withdraw.", "REQUEST", "report", "army"),
    # a wrong said of someone accuses them (coder.yaml blame verbs)
    ("Pelosi said Trump had betrayed the country.", "ACCUSE", "Pelosi", "Trump"),
    ("Ukraine said Russia violated the ceasefire on Sunday.", "ACCUSE", "Ukraine", "Russia"),
    ("Biden said Putin had rigged the election.", "ACCUSE", "Biden", "Putin"),
    ("The minister hit out at the unions on Tuesday.", "ACCUSE", "minister", "unions"),  # an idiom of criticism
    ("Human rights groups accused the army of war crimes.", "ACCUSE", "Human rights groups", "army"),  # accusing of a crime accuses
    ("The court convicted the former minister of crimes against humanity.", "COERCE", "court", "former minister"),  # convicting charges
    ("Rebels withdrew from the city after talks on Sunday.", "RETREAT", "Rebels", None),  # a retreat from a place
    ("Germany pledged 500 million euros in humanitarian aid to Syria.", "AGREE", "Germany", "Syria"),  # a pledge is the intent to give (CAMEO 033)
    ("Japan gave Indonesia 10 million dollars on Monday.", "AID", "Japan", "Indonesia"),  # a gift is aid
    # (a title's words in the reported clause voice nothing: "opposition leader" is no opposition)
    ("The German government said Russian opposition leader Alexei Navalny was poisoned with Novichok.", "ASSAULT", None, "Navalny"),  # poisoned, by no one named
    ("Criticism of the plan came from Germany on Monday.", "ACCUSE", "Germany", None),  # criticism that comes from X is X's
    ("Queen Elizabeth II suspended parliament at the behest of Boris Johnson, the current prime minister, on September 10.", "REQUEST", "Boris Johnson", "Queen Elizabeth II"),  # at_the_behest_of_x_the_subject_acts_on_x_s_request
    ("Parliament was suspended by Queen Elizabeth II at the request of Boris Johnson.", "REQUEST", "Boris Johnson", "Queen Elizabeth II"),  # at_the_request_of_x_in_a_passive_asks_its_agent
    ("The ruling concerned the suspension of parliament by Queen Elizabeth II at the request of Boris Johnson.", "REQUEST", "Boris Johnson", "Queen Elizabeth II"),  # at_the_request_of_x_after_a_noun_asks_the_noun_s_agent
    ("Erdogan also attacked the proclamation of Golan Heights as official Israeli territory by the President of the United States Donald Trump.", "ACCUSE", "Erdo", "Donald Trump"),  # attacking_a_proclamation_by_x_accuses_x_not_the_country_of_x_s_title
    ("Protesters in Lagos condemned the killing of a teenager by police.", "ACCUSE", "Protesters", "police"),  # condemning_a_killing_by_police_accuses_the_police
    ("Turkey began a military offensive into Syria on Wednesday. Russian airstrikes continued on Thursday.", "ASSAULT", "Russia", None),  # a_noun_act_of_another_source_is_still_its_own
    ("Cyprus, Greece and Israel met in Nicosia on Monday.", "CONSULT", "Greece", "Israel"),  # three_who_met_still_met_each_other
    ("The United States gave Niger 10 million dollars in aid.", "AID", "United States", "Niger"),  # giving_a_country_money_still_aids_it
    ("Russia refused to meet Ukraine in Minsk.", "REJECT", "Russia", "Ukraine"),  # one_side_that_refused_to_meet_still_rejects
    ("The Syrian Democratic Forces opposed the withdrawal of US troops.", "REJECT", "Syrian Democratic Forces", "United States"),  # opposing_a_withdrawal_rejects_it
    ("Iran said it would retaliate against the United States.", "THREATEN", "Iran", "United States"),  # said_it_would_retaliate_is_a_threat
    ("The United States withdrew from the Paris climate agreement.", "SANCTION", "United States", None),  # withdrawing_from_a_deal_named_for_a_city_has_no_party_named
    ("A suicide bomber killed 20 people at a market in Kabul.", "ASSAULT", "bomber", "people"),  # a_suicide_bomber_who_killed_people_assaults_them
    ("A gunman opened fire on worshippers at a mosque in Christchurch.", "ASSAULT", "gunman", "worshippers"),  # a_gunman_who_opened_fire_on_worshippers_assaults_them
    ("The Houthis launched drones at Saudi oil facilities.", "ASSAULT", "Houthis", "Saudi Arabia"),  # drones_launched_at_a_country_s_facilities_assault_it
    ("Farmers blocked roads in protest against the new law.", "PROTEST", "Farmers", None),  # blocking_roads_in_protest_is_a_protest_by_the_subject
    ("Erdogan said Turkey would not accept the decision.", "REJECT", "Turkey", None),  # not_accepting_a_decision_rejects_it
    # an attack between politicians or parties is made in words (coder.yaml verbal_attack)
    ("The Tories attacked Labour in a statement on Monday.", "ACCUSE", "Conservative Party", "Labour Party"),
    ("Trump attacked Biden on Twitter.", "ACCUSE", "Trump", "Biden"),
    ("Boateng attacked the Tory plans.", "ACCUSE", "Boateng", "Conservative Party"),  # attacking a party's plans criticizes the party
    ("The Liberal Democrats backed Tory demands for a delay.", "SUPPORT", "Liberal Democrats", "Conservative Party"),  # backing is support, not concession
    ("The House of Representatives impeached President Donald Trump on Wednesday.", "ACCUSE", "House of Representatives", "Trump"),
    # a speaker judging someone, or what someone did, wrong criticizes them (coder.yaml disapproval)
    ('"President Trump treats the rule of law with utter contempt," said California Attorney General Xavier Becerra.', "ACCUSE", "Becerra", "Trump"),
    ("Becerra said Trump's declaration was unconstitutional.", "ACCUSE", "Becerra", "Trump"),  # the owner of the judged document
    ("Pelosi said Trump is a threat to democracy.", "ACCUSE", "Pelosi", "Trump"),
    ('"Mr Blair has broken the pledges he made," Mr Howard said.', "ACCUSE", "Howard", "Blair"),
    ("Warren said Bloomberg's record is racist.", "ACCUSE", "Warren", "Bloomberg"),
    ('Cherry said: "Every day that Parliament stays shut, the British government is breaking the law."', "ACCUSE", "Cherry", "British government"),
    # naming someone's act by a word of disapproval criticizes them
    ('Pelosi called Trump\'s conduct a "breach of his Constitutional responsibilities".', "ACCUSE", "Pelosi", "Trump"),
    ('Johnson\'s plan was branded "unworkable" by the Labour leader Jeremy Corbyn.', "ACCUSE", "Corbyn", "Johnson"),
    ("Macron called the decision by Turkey a mistake.", "ACCUSE", "Macron", "Turkey"),
    # an act told by its own side's speaker is that side's act, no accusation of it
    ("The OIC condemned the attack, OIC head Yousef Al-Othaimeen said.", "ACCUSE", "OIC", None),
    ("Iran seized the British tanker, Iranian foreign minister Javad Zarif said.", "COERCE", "Iran", "United Kingdom"),
    ("Russia attacked the convoy, Ukrainian president Volodymyr Zelensky said.", "ACCUSE", "Zelensky", "Russia"),
    # an ultimatum threatens; a refusal joined to a request rejects its maker
    ("The protesters had given the government until Thursday to withdraw the bill.", "THREATEN", "protesters", "government"),
    ("The government asked Judge Miller to delay his ruling, but he declined.", "REJECT", "Miller", "government"),
    ("Trump urged Iran to release the sailors, but Tehran refused.", "REJECT", "Iran", "Trump"),
    # an accusation to come is no threat
    ("Pelosi said she would launch an impeachment inquiry into Trump.", "ACCUSE", "Pelosi", "Trump"),
    # armed men are attacked with force, whoever's they are
    ("Rebels fought government troops near Idlib.", "ASSAULT", "Rebels", "government troops"),
    ("Rebels attacked government troops.", "ASSAULT", "Rebels", "government troops"),
    # a resignation is done to no one
    ("Ricardo Rosselló Nevares, Puerto Rico's governor, announced his resignation in a video broadcast to the U.S. island territory.", "CONCEDE", "Rosselló", None),
    ("Adil Abdul-Mahdi spoke out against the attack by the United States.", "ACCUSE", "Abdul-Mahdi", "United States"),
    ("The Conservatives accepted Prime Minister Tony Blair's promise.", "AGREE", "Conservative Party", "Blair"),
    ("The motion claims Trump's declaration is unconstitutional.", "ACCUSE", "motion", "Trump"),  # the owner of the thing accused
    ("Macron criticised the plan that Johnson announced.", "ACCUSE", "Macron", "Johnson"),  # the relative clause's subject made it
    ("The EU voiced criticism of Trump's decision.", "ACCUSE", "European Union", "Trump"),
    ("Becerra said the emergency that Trump declared was unconstitutional.", "ACCUSE", "Becerra", "Trump"),
    # judging someone right supports them (coder.yaml approval)
    ("Merkel called Macron a true friend.", "SUPPORT", "Merkel", "Macron"),
    ("Vázquez said Rosselló's decision was right.", "SUPPORT", "Vázquez", "Rosselló"),
    ("Trump called the Mueller investigation a witch hunt.", "ACCUSE", "Trump", "Mueller"),
    ("Senator Warren slammed Facebook on Tuesday.", "ACCUSE", "Warren", "Facebook"),  # a company the small model leaves untagged
    ("Senator Warren railed against Boeing on Tuesday.", "ACCUSE", "Warren", "Boeing"),
    ("Senator Warren excoriated Boeing on Tuesday.", "ACCUSE", "Warren", "Boeing"),
    ("Protesters clashed with police in Santiago.", "ASSAULT", "Protesters", "police"),  # a hand pattern's own preposition names the other side
    ("Rebels fought with government troops near Idlib.", "ASSAULT", "Rebels", "government troops"),
    # an event noun after "with" of a passive light verb befalls the passive's subject
    ("Iran was hit with new US sanctions.", "COERCE", "United States", "Iran"),
    ("Russia was slapped with sanctions by the EU.", "COERCE", "European Union", "Russia"),
    ("Tony Blair criticised Mr Livingstone.", "ACCUSE", "Blair", "Livingstone"),  # a form of address makes a person
    ("Blair said it was time for Mr Livingstone to say sorry.", "REQUEST", "Blair", "Livingstone"),  # the act it is time for is demanded
    ("Pelosi said it was time for Trump to resign.", "REQUEST", "Pelosi", "Trump"),
    ("There was no agreement between Israel and Hamas.", "AGREE", "Israel", "Hamas"),  # stays, negated
    # calling someone's claim false denies it (coder.yaml denial)
    ("Iran called the US accusations baseless.", "REJECT", "Iran", "United States"),
    ("Moscow said Ukraine's claims were lies.", "REJECT", "Russia", "Ukraine"),
    ("MPs voted against the deal on Tuesday.", "REJECT", "MPs", None),  # MPs are legislators
    ("Labour MPs criticised Corbyn.", "ACCUSE", "Labour MPs", "Corbyn"),
    ("Lorenzana urged vigilant locals to assist authorities.", "REQUEST", "Lorenzana", "vigilant locals"),  # locals, villagers, citizens are people
    ("The government urged citizens to stay at home.", "REQUEST", "government", "citizens"),
    # two sides exchanging fire assault each other
    ("India and Pakistan exchanged fire across the border on Sunday.", "ASSAULT", "India", "Pakistan"),
    ("India and Pakistan exchanged fire across the border on Sunday.", "ASSAULT", "Pakistan", "India"),
    # leaving a deal reduces relations with its other parties
    ("US President Donald Trump withdrew the US from a nuclear nonproliferation treaty with Iran.", "SANCTION", "Donald Trump", "Iran"),
    ("Trump pulled the United States out of the Iran nuclear deal.", "SANCTION", "Donald Trump", "Iran"),
    # a state acting on its own citizen keeps the citizen as its target
    ("Hong Kong police arrested pro-democracy activist Joshua Wong.", "COERCE", "Hong Kong", "Joshua Wong"),
    ("Russia jailed opposition leader Alexei Navalny.", "COERCE", "Russia", "Alexei Navalny"),
    # a court finding against a party
    ("The court ruled against Trump.", "ACCUSE", "court", "Trump"),
    ("The judge issued a ruling against President Donald Trump.", "ACCUSE", "judge", "Trump"),
    # an adjective of intent: the act to come is intended (AGREE) or threatened (THREATEN)
    ("Iran is ready to negotiate with the United States.", "AGREE", "Iran", "United States"),
    ("Turkey was eager to meet with Russia.", "AGREE", "Turkey", "Russia"),
    ("Russia is prepared to attack Ukraine, the minister warned.", "THREATEN", "Russia", "Ukraine"),
    ("China is determined to retaliate against the United States.", "THREATEN", "China", "United States"),
    ("Iran is not willing to negotiate with the United States.", "REJECT", "Iran", "United States"),  # intent denied refuses
    ("Police fired on protesters on Tuesday.", "ASSAULT", "Police", "protesters"),  # (the date's "on" aside)
    # repression and annexation as nouns, by whoever the possessive or "by" names
    ("China's repression of the Uighurs continued.", "ASSAULT", "China", "Uighurs"),
    ("The occupation of the West Bank by Israel began in 1967.", "COERCE", "Israel", "West Bank"),
    # a speaker citing someone's hostile act accuses them, as saying it does
    ("In the letter, Pompeo cited the Cuban government's ongoing repression of the Cuban people as his motivation.", "ACCUSE", "Pompeo", "Cuba"),
    ("Merkel pointed to Russia's annexation of Crimea.", "ACCUSE", "Merkel", "Russia"),
    # verb senses: combat only when the phrase says so; a duration's "for" is no pattern's
    ("Government troops engaged in heavy fighting with rebels.", "ASSAULT", "Government troops", "rebels"),
    ("Kurdish forces fought against ISIS for months.", "ASSAULT", "Kurdish forces", "Islamic State"),
    # a venue is no side; a conjunction left in a phrase is no part of the actor's name
    ("Obama and congressional leaders met at the White House.", "CONSULT", "Barack Obama", "congressional leaders"),
    ("The US slapped Iran with new sanctions.", "COERCE", "United States", "Iran"),  # hit/slapped X with sanctions
    ("Merkel told Putin that Russia must withdraw.", "REQUEST", "Merkel", "Russia"),  # the demand, not a withdrawal
    ("Police beat protesters in the square.", "ASSAULT", "Police", "protesters"),  # (not beating a rival in the ratings)
    ("McConnell has at times pushed back on Trump.", "REJECT", "McConnell", "Trump"),  # resistance in words
    ("Troops pushed back the rebels.", "ASSAULT", "Troops", "rebels"),  # and by force
    # a crowd told by its number alone protests
    ("Thousands demonstrated against the government in Belgrade on Tuesday.", "PROTEST", "Thousands", "government"),
    ("Hundreds protested outside the parliament on Sunday.", "PROTEST", "Hundreds", None),
    # a people by its demonym is its country's side
    ("Hongkongers have been protesting since early June.", "PROTEST", "Hong Kong", None),
    ("Thousands of Puerto Ricans protested in San Juan.", "PROTEST", "Puerto Rico", None),
    # whose doing, fault or (of a hostile act) work it was, is accused
    ("The minister said the attack was the work of Hamas.", "ACCUSE", "minister", "Hamas"),
    ("Trump said it was China's fault.", "ACCUSE", "Trump", "China"),
    ('The minister said the bombing was "clearly" Russia\'s doing.', "ACCUSE", "minister", "Russia"),  # the parse hangs the noun on the quoted adverb
    ("Hong Kong student groups had given the government until Thursday to throw it out.", "THREATEN", "student groups", "government"),  # a deadline is an ultimatum's
    # a vote is the body's act: what it votes to do, whom it votes for
    ("The Senate voted to hold the attorney general in contempt of Congress.", "ACCUSE", "Senate", "attorney general"),
    ("Democrats voted for Nancy Pelosi as Speaker.", "SUPPORT", "Democratic Party", "Nancy Pelosi"),
    # clemency eases a legal sanction on whom it frees (CAMEO 081), told by a verb or a noun
    ("The governor pardoned three protesters on Friday.", "CONCEDE", "governor", "protesters"),
    ("The president granted Joe Arpaio a full and unconditional pardon.", "CONCEDE", "president", "Joe Arpaio"),
    ("The president issued a series of pardons on Monday.", "CONCEDE", "president", None),
    ("The activist was granted clemency by the governor.", "CONCEDE", "governor", "activist"),
    ("The company finally gave up after the strike.", "CONCEDE", "company", None),  # yielding
    ("The general approved the attacks on the Israeli embassy.", "ASSAULT", "general", "Israel"),  # who approves an attack is its author
    ("Maria Lopez testified that she was beaten by Carlos Ruiz.", "ACCUSE", "Maria Lopez", "Carlos Ruiz"),  # testimony is speech
    ("Colonel Ivanov orchestrated the attacks on the Georgian border posts.", "ASSAULT", "Ivanov", "Georgia"),  # who orchestrated an attack made it
    ("Republicans voted to authorize a lawsuit against President Obama.", "ACCUSE", "Republican Party", "Barack Obama"),  # who authorizes a suit brings it
    ("The government took action against the protesters on Monday.", "COERCE", "government", "protesters"),
    ("The appeals court vacated the conviction of Maria Lopez on Friday.", "CONCEDE", "appeals court", "Maria Lopez"),  # a sanction lifted
    ("The minister refused to testify before the Senate committee.", "REJECT", "minister", "Senate"),  # refusing an act that codes nothing
    ('The prime minister told the Jewish Chronicle: "I attack Michael Howard politically."', "ACCUSE", "prime minister", "Michael Howard"),  # an attack in words
    ("That has been attacked by the Tories as too little, too late.", "ACCUSE", "Conservative Party", None),
    ("Iran rejected US claims that it attacked the tanker.", "REJECT", "Iran", "United States"),  # whose claim is denied
    ("During the trilateral meeting of Cyprus, Greece and Israel on Monday, a new route was considered.", "CONSULT", "Cyprus", "Greece"),  # a meeting of the sides, told in a phrase of time
    ("The United States had been allied with the Kurdish militias for years.", "COOPERATE", "United States", "Kurdish militias"),  # an alliance
    ("The House Oversight and Reform Committee subpoenaed the attorney general.", "REQUEST", "House Oversight and Reform Committee", "attorney general"),
    ("The president dissolved parliament and called new elections.", "COERCE", "president", "parliament"),  # a legislature shut by another power
    ("Israel and the Palestinians are engaged in talks in Cairo.", "CONSULT", "Israel", "Palestine"),  # a state's subject does it
    ("Kerry called on Israeli and Palestinian leaders to restart negotiations.", "REQUEST", "Kerry", "Israel"),  # demonyms coordinated are sides
    ("Israeli Prime Minister Benjamin Netanyahu found the raid justified and called Trump's order swift, forceful and decisive.", "SUPPORT", "Benjamin Netanyahu", "Donald Trump"),
]


@pytest.mark.parametrize("sentence,type_,source,target", NEWS_EVENTS, ids=[f"{row[1]}:{row[0][:40]}" for row in NEWS_EVENTS])
def test_news_sentence_gives_its_event(code, sentence, type_, source, target):
    document = code(sentence)
    assert has(document, type_, source, target), triples(document)


# ---- one sentence and an event type it must not give

NEWS_NON_EVENTS = [
    ("Biden said Putin had not rigged the election.", "ACCUSE"),  # a wrong denied accuses no one
    ("The German government said Russian opposition leader Alexei Navalny was poisoned with Novichok.", "ACCUSE"),  # no disapproval voiced
    ("The documents were released at the request of Senator Chuck Grassley.", "REQUEST"),  # at_the_request_of_x_with_no_one_acting_codes_nothing
    ("The Civil Human Rights Front had sent the police a plan for the march.", "MOBILIZE"),  # sending_the_police_a_plan_mobilizes_no_one
    ("Senator Elizabeth Warren opposed Donald Trump on trade.", "REJECT"),  # opposing_a_person_is_still_criticism
    ("The White House statement demonstrates a complete lack of understanding.", "PROTEST"),  # a_statement_that_demonstrates_a_lack_protests_nothing
    ("A man attacked the mayor with a knife.", "ACCUSE"),  # a side of no political sector: force, not words
    ("Protesters attacked police officers with bricks.", "ACCUSE"),
    ("Becerra said the declaration was not unconstitutional.", "ACCUSE"),  # a judgement denied
    ("Mr Howard said the weather was appalling.", "ACCUSE"),  # judging no actor
    ("Johnson said it was unacceptable that the talks had failed.", "ACCUSE"),  # "it" judges no one
    ("Arnor will abandon its ties with Gondor, the minister said.", "ACCUSE"),  # a prediction, not a judgement
    ("Israel attacked Hamas positions in Gaza.", "ACCUSE"),  # military positions, not a stance
    ("Pelosi did not call Trump's conduct a breach.", "ACCUSE"),
    ("The reporters asked him about the deal, but he declined to comment.", "REJECT"),  # declining to comment
    ("He gave his staff the day off.", "REQUEST"),
    ("Iran said the attack was baseless.", "REJECT"),  # only a claim is denied
    ("Moscow said Ukraine's claims were lies.", "ACCUSE"),  # denied, not criticized
    ("Trump cancelled his visit to Denmark.", "CONSULT"),  # a visit called off is no visit
    ("Trump postponed his meeting with Kim.", "CONSULT"),
    ("Pelosi said it was not time for Trump to resign.", "REQUEST"),
    ("Iran was hit with new US sanctions.", "ASSAULT"),  # hit with sanctions, not force
    ("He said the weather was right for sailing.", "SUPPORT"),
    ("Merkel did not call Macron a true friend.", "SUPPORT"),
    ("Organizers of the rally said they were fighting corruption.", "ASSAULT"),  # fighting an ill
    ("Firefighters battled the blaze for hours.", "ASSAULT"),
    ("Rebels fought government troops near Idlib.", "ACCUSE"),
    ("Pelosi said she would launch an impeachment inquiry into Trump.", "THREATEN"),
    ("The EU plans to investigate Google.", "THREATEN"),
    ("Iran seized the British tanker, Iranian foreign minister Javad Zarif said.", "ACCUSE"),  # Iran's own minister tells of Iran's act
    ('The president called the notion a "waste of time".', "ACCUSE"),  # a notion no one's
    ("The court issued its ruling on Monday.", "ACCUSE"),  # a ruling against no one
    ("Russia is prepared to attack Ukraine, the minister warned.", "ASSAULT"),  # intended, not done
    ("The European Union is willing to lift sanctions on Iran.", "RETREAT"),
    ("Iran is not willing to negotiate with the United States.", "AGREE"),
    # a date's "on" is no pattern's "on": firing on someone, calling on someone
    ("The president fired the defence minister on Tuesday.", "ASSAULT"),
    ("The senator called the proposal a disaster on Tuesday.", "REQUEST"),
    ("The Warsaw Uprising of 1944 against German occupation began.", "COERCE"),  # an occupation of no one named
    ("Biden said the bill was the work of Congress.", "ACCUSE"),  # a bill is no hostile act
    ("Clinton has fought for education and inclusion in politics for women.", "ACCUSE"),  # championing a cause
    ("The conservative group will engage in Republican primaries.", "ASSAULT"),  # taking part
    ("Kurdish forces fought against ISIS for months.", "ACCUSE"),
    # senses of news prose that are no force, no meeting, no occupation
    ("Obama strikes a hopeful note.", "ASSAULT"),
    ("Her ratings hit a record low.", "ACCUSE"),
    ("Fallon beats out both Colbert and Kimmel.", "ASSAULT"),
    ("Colbert beat Kimmel in the ratings.", "ASSAULT"),
    ("Jonas has also hosted a fundraiser for Rubio.", "CONSULT"),
    ("CNN hosted a debate for the Republican candidates on Tuesday.", "CONSULT"),
    ("The Republican National Committee moved to officially bring Trump into the fold.", "COERCE"),
    ("Republicans can learn a little bit from Democrats.", "CONSULT"),
    ("Senator Mike Lee attended Brigham Young University.", "CONSULT"),  # a school is no meeting
    ("Neil Kinnock went to Cardiff University.", "CONSULT"),
    ("The Conservatives will be gunning for Labour at the election.", "ASSAULT"),  # an aim, no gunfire
    ("Brown has still got to overcome the reluctance of other finance ministers.", "ASSAULT"),
    ("Brown has still got to overcome the reluctance of other finance ministers.", "CONSULT"),  # "got to" is "must"
    # a state of mind or a reproach is asked of no one; a prediction cited demands nothing
    ("MacDonell said that the first minister should know about the report.", "REQUEST"),
    ("Senator Bob Corker said the president should have been more forceful.", "REQUEST"),
    ("Howard pointed to predictions that Labour will need to raise taxes.", "REQUEST"),
    # telling a programme what one thinks is no act of the teller's; another's act told is theirs
    ("Cunningham told BBC Radio 4's Today programme that the plan was wrong.", "AGREE"),
    ("Merkel told Putin that Russia must withdraw.", "RETREAT"),
    # a post held, a number grown, an advantage: no cooperation
    ("The former home secretary would serve again in government.", "COOPERATE"),
    ("The Liberal Democrats want to increase both their votes and their Commons seats.", "COOPERATE"),
    ("The European Union benefits Germany.", "COOPERATE"),
    ("McConnell has at times pushed back on Trump.", "ASSAULT"),
    ("Trump said it was not China's fault.", "ACCUSE"),
    ("The suspect appeared in court on Monday.", "COERCE"),  # a hearing attended is no arrest
    ("Republicans voted to authorize a lawsuit against President Obama.", "CONCEDE"),  # authorizing is no yielding
    ("Officials said militants attacked a security checkpoint in Mosul.", "ACCUSE"),  # the news attribution tells the attack
    ("The judge ordered Paul Manafort to pay restitution to the Internal Revenue Service.", "COOPERATE"),  # part of a sentence
    ("Members of the House Judiciary Committee do not all agree on how impeachment inquiries work.", "REJECT"),  # a disagreement within
    ("Congress passed several landmark pieces of legislation, including the Glass-Steagall Act.", "CONCEDE"),  # a law passed yields nothing
    ("Neil Gorsuch has been confirmed to fill the Supreme Court vacancy.", "CONCEDE"),
    ("Trump is going to kill the concept of a border tax.", "ASSAULT"),  # ending a plan
    ("The spokesman declined to comment on the case.", "REJECT"),  # declining to speak rejects no one
    ("Labour strategists told the paper he would be set loose on Conservative leader Michael Howard in attacking his plans.", "ASSAULT"),  # a clause told is not the teller's act
    ("The House voted on the bill on Tuesday.", "AGREE"),  # a vote is no agreement with anyone
    ("Supporters of the Popular Mobilization Forces gathered outside the embassy.", "MOBILIZE"),  # a word of a name
    ("The new governor swore to uphold the constitution of Puerto Rico.", "ACCUSE"),  # an oath disapproves of no one
    # a clause of time is no content of the claim; papers said to be privileged accuse no one
    ("Minutes before the Oversight Committee voted to refer them to the House, Trump claimed the documents were privileged.", "ACCUSE"),
]


def test_a_country_telling_again_its_forces_act_without_a_target_is_no_new_event(code):
    document = code("US military forces killed Qasem Soleimani in an airstrike on Friday. The United States carried out the airstrike at Baghdad International Airport.", date="2020-01-05")
    assaults = [e for e in document.events if e.type == "ASSAULT"]
    assert any(e.target_name and "Soleimani" in e.target_name for e in assaults), triples(document)
    assert all(e.target is not None for e in assaults), triples(document)


def test_they_after_a_demonym_of_a_thing_is_not_the_country(code):
    document = code("Spanton met the officers Antoine Quirin and Nicolas Redouane at an Irish pub. They offered Spanton a tour of the headquarters.", date="2019-02-02")
    assert not any(e.source_name == "Ireland" for e in document.events), triples(document)


def test_a_body_modifying_the_officers_the_appositions_name_is_no_side(code):
    document = code("The House voted to hold two Cabinet officers, Wilbur Ross and William Barr, in contempt.")
    targets = {e.target_name for e in document.events if e.type == "ACCUSE"}
    assert {"Wilbur Ross", "William Barr"} <= targets, triples(document)
    assert not any("Cabinet" in (t or "") for t in targets), triples(document)


@pytest.mark.parametrize("sentence,type_", NEWS_NON_EVENTS, ids=[f"no-{row[1]}:{row[0][:40]}" for row in NEWS_NON_EVENTS])
def test_news_sentence_does_not_give_the_type(code, sentence, type_):
    document = code(sentence)
    assert not any(e.type == type_ for e in document.events), triples(document)


# ---- an act told again by a noun with no target is the act told before


def test_a_noun_restating_an_earlier_act_without_its_target_is_no_new_event(code):
    doc = code("Turkey began a military offensive into Syria on Wednesday. Turkish airstrikes continued on Thursday.")
    assaults = [e for e in doc.events if e.type == "ASSAULT"]
    assert [(e.source_name, e.target_name) for e in assaults] == [("Turkey", "Syria")], triples(doc)


def test_a_request_told_again_without_its_addressee_is_no_new_event(code):
    doc = code(
        "Police chief Nick Adderley wrote to the US Embassy in London asking it to waive her immunity. "
        "Adderley later urged the immunity be waived."
    )
    requests = [e for e in doc.events if e.type == "REQUEST"]
    assert requests and all(e.target is not None for e in requests), triples(doc)


# ---- subjects named together who went somewhere did not visit each other


def test_two_who_visited_a_hospital_did_not_visit_each_other(code):
    doc = code("President Andrzej Duda and Prime Minister Mateusz Morawiecki visited the hospital on Monday.")
    assert not any(e.type == "CONSULT" and e.source and e.target for e in doc.events), triples(doc)


# ---- a mutual act both sides failed at; a negated ability


def test_two_sides_that_could_not_agree_did_not_agree_and_rejected_no_one(code):
    doc = code("The president and Congress could not agree on a national budget.")
    agree = [e for e in doc.events if e.type == "AGREE"]
    assert agree and agree[0].negated and agree[0].mode == "negated", triples(doc)
    assert not any(e.type == "REJECT" for e in doc.events), triples(doc)


def test_could_without_a_negation_is_still_a_possibility(code):
    doc = code("Russia could attack Ukraine within weeks.")
    assert all(e.mode == "hypothetical" for e in doc.events if e.type == "ASSAULT"), triples(doc)


def test_two_sides_that_failed_to_agree_did_not_agree(code):
    doc = code("Israel and Hamas failed to agree on the terms on Sunday.")
    assert any(e.type == "AGREE" and e.negated for e in doc.events), triples(doc)
    assert not any(e.type == "REJECT" for e in doc.events), triples(doc)


# ---- a hostile act its doer says it will do is a threat


def test_i_will_destroy_in_the_speaker_s_own_words_is_a_threat(code):
    doc = code('"If Turkey does anything off limits, I will totally destroy the economy of Turkey," Trump wrote.')
    assert has(doc, "THREATEN", "Trump", "Turkey"), triples(doc)
    assert not any(e.type == "ASSAULT" for e in doc.events), triples(doc)


def test_what_one_may_do_or_another_will_do_is_no_threat(code):
    doc = code("Trump said he can and may declare a national state of emergency.")
    assert not any(e.type == "THREATEN" for e in doc.events), triples(doc)
    doc = code("Iran said the United States would attack Syria.")
    assert has(doc, "ACCUSE", "Iran", "United States"), triples(doc)


# ---- a crowd told by its number alone (rows of NEWS_EVENTS); "demonstrate" in the sense of show


def test_a_number_that_is_money_is_no_crowd(code):
    doc = code("The company lost thousands in the crash.")
    assert not any(a.name.lower() == "thousands" for a in doc.actors), [a.name for a in doc.actors]


# ---- a journalist acted on is a side; two sides exchanging fire


def test_a_journalist_sentenced_is_a_side_but_reporters_told_are_an_audience(code):
    doc = code("The court sentenced the journalist to five years in prison.")
    assert has(doc, "COERCE", "court", "journalist"), triples(doc)
    doc = code("Putin told reporters in Moscow that the talks had ended.")
    assert not any(a.name == "reporters" for a in doc.actors), [a.name for a in doc.actors]


# ---- leaving a deal reduces relations with its other parties (rows of NEWS_EVENTS), but
# pulling troops out of a country is a retreat


def test_pulling_troops_out_of_a_country_is_still_a_retreat(code):
    doc = code("The United States pulled its troops out of Syria.")
    assert any(e.type == "RETREAT" for e in doc.events), triples(doc)


# ---- a leader acting on his own country (a state acting on its own citizen keeps the citizen as
# its target: rows of NEWS_EVENTS)


def test_a_leader_acting_on_his_own_country_does_not_target_it(code):
    doc = code("Trump pulled the United States out of the Iran nuclear deal.")
    assert not any(e.target_name == "United States" for e in doc.events), triples(doc)


# ---- "in protest", "went on strike", "would not accept the decision"


def test_workers_who_went_on_strike_protest(code):
    doc = code("Workers went on strike in Paris on Thursday.")
    assert any(e.type == "PROTEST" and e.cameo == "143" for e in doc.events), triples(doc)
    doc = code("Israeli jets carried out a strike on Gaza.")
    assert has(doc, "ASSAULT", "Israel", "Gaza"), triples(doc)


def test_strikes_by_unions_stop_work_and_strikes_by_jets_attack(code):
    doc = code("In 1978, trade unions carried out strikes that brought the country to a standstill.")
    assert any(e.type == "PROTEST" and e.cameo == "143" for e in doc.events), triples(doc)
    assert not any(e.type == "ASSAULT" for e in doc.events), triples(doc)
    doc = code("Israeli jets carried out strikes on Gaza.")
    assert has(doc, "ASSAULT", "Israel", "Gaza"), triples(doc)


def test_statements_of_condemnation_that_came_from_several_are_each_one_s(code):
    doc = code("Statements of condemnation have come from UN Secretary-General Antonio Guterres and President Rodrigo Duterte.")
    assert has(doc, "ACCUSE", "Guterres", None) and has(doc, "ACCUSE", "Duterte", None), triples(doc)


def test_would_in_what_a_past_speech_verb_reports_is_the_future(code):
    reported = code("Pelosi said she would launch an impeachment inquiry into Trump.")
    assert [e.mode for e in reported.events if e.type == "ACCUSE"] == ["future"], triples(reported)
    # "would" on its own, told by no one, stays a possibility
    alone = code("Pelosi would launch an impeachment inquiry into Trump.")
    assert [e.mode for e in alone.events if e.type == "ACCUSE"] == ["hypothetical"], triples(alone)


def test_a_surname_tagged_as_a_common_noun_where_it_opens_the_sentence_is_still_the_person(code):
    # the small model tags "Trump" NN here; the dictionary knows the one person of that name
    document = code("Trump thanked Bolton for his service.", date="2019-09-10")
    assert {a.name for a in document.actors} >= {"Donald Trump", "John Bolton"}
    assert has(document, "SUPPORT", "Donald Trump", "John Bolton"), triples(document)
    # a common word that opens a sentence is no one
    assert not code("Power was restored on Monday.", date="2019-09-10").actors


def test_a_meeting_place_is_not_the_other_side(code):
    document = code("Obama and congressional leaders met at the White House.")
    assert not any(e.target_name == "White House" for e in document.events), triples(document)
    assert "and congressional leaders" not in {a.name for a in document.actors}


def test_what_is_done_without_an_act_is_not_that_act(code):
    document = code("Trump acted without consulting Congress.")
    assert not any(e.type == "CONSULT" and e.mode == "asserted" for e in document.events), triples(document)
    assert not any(e.type == "REJECT" for e in document.events), triples(document)  # no refusal either
    assert has(code("Pelosi said Trump should resign."), "REQUEST", "Pelosi", "Trump")


def test_police_alleging_the_accused_attacked_accuse_the_accused(code):
    document = code("Brenton Tarrant appeared in court on Saturday, charged with murder. Police alleged the accused performed two attacks.", date="2019-03-17")
    assert has(document, "ACCUSE", "Police", "Brenton Tarrant"), triples(document)


def test_speaking_out_against_an_attack_accuses_who_carried_it_out(code):
    document = code("US military forces killed Qasem Soleimani in an airstrike at Baghdad airport. Iraq's prime minister Adil Abdul-Mahdi spoke out against the attack.", date="2020-01-05")
    assert has(document, "ACCUSE", "Adil Abdul-Mahdi", "US military forces") or has(document, "ACCUSE", "Adil Abdul-Mahdi", "United States"), triples(document)


def test_a_quote_after_a_colon_naming_culprits_accuses_them_for_its_speaker(code):
    document = code('In a statement released after the raid, the Interior Ministry justified the raid as "lawful" in nature: '
                    '"At the request of the governor, the police have taken decisive action to protect residents. '
                    'The Northern Brigade were responsible for the bombing of the market."', date="2020-01-05")
    quote = next(q for q in document.quotes if q.text.startswith("At the request"))
    assert document.actor(quote.speaker).name == "Interior Ministry"
    assert has(document, "ACCUSE", "Interior Ministry", "Northern Brigade"), triples(document)

    # action taken is no arrest, and who asked for it is not whom it is against
    assert not any(e.type == "COERCE" for e in document.events), triples(document)


def test_a_leaders_new_act_with_no_target_is_not_his_countrys_earlier_act(code):
    document = code("Iraq threatened Kuwait over the border on Monday. Prime Minister Nouri al-Maliki has vowed to fight the nomination.", date="2014-08-12")
    assert has(document, "THREATEN", "Nouri al-Maliki", None), triples(document)


def test_an_agentless_passive_takes_the_agent_of_the_act_the_story_told_before(code):
    document = code("US military forces killed Qasem Soleimani in an airstrike at Baghdad airport. "
                    "Abu Mahdi al-Muhandis, who was also killed in the airstrike, led the militia. "
                    "The United States government levied sanctions against Soleimani in 2007. He was further sanctioned in 2011.", date="2020-01-05")
    assert has(document, "ASSAULT", "US military forces", "Abu Mahdi al-Muhandis"), triples(document)
    sanctions = [e for e in document.events if e.type == "COERCE" and e.target_name and "Soleimani" in e.target_name]
    assert len(sanctions) == 2 and all(e.source_name == "United States government" for e in sanctions), triples(document)


def test_an_agentless_passive_the_story_told_no_author_of_stays_agentless(code):
    document = code("The mayor opened a new school on Monday. The journalist Mahmoud Hussein was arrested on Friday.", date="2020-01-05")
    assert has(document, "COERCE", None, "Mahmoud Hussein"), triples(document)


def test_what_is_needed_to_be_done_is_not_done(code):
    document = code("A majority vote of the House of Representatives is needed to impeach an official.", date="2019-09-25")
    assert not [e for e in document.events if e.mode == "asserted"], triples(document)


def test_a_pardon_hung_on_the_apposition_of_its_recipient_pardons_only_the_recipient(code):
    document = code("Trump granted David Safavian, formerly the General Services Administration's chief of staff, a full and unconditional pardon.", date="2020-02-21")
    pardons = [e for e in document.events if e.type == "CONCEDE"]
    assert [e.target_name for e in pardons] == ["David Safavian"], triples(document)


def test_vacating_his_conviction_lifts_the_sanction_on_whom_his_is(code):
    document = code("David Safavian was convicted in 2006. The appeals court vacated his conviction and ordered a new trial.", date="2020-02-21")
    assert has(document, "CONCEDE", "appeals court", "David Safavian"), triples(document)


def test_a_state_passive_is_no_act_done_to_its_subject(code):
    document = code("CNN interviewed Ehud Olmert on Monday. Olmert was engaged in a long career.", date="2014-08-06")
    assert not any(e.type == "CONSULT" and e.source_name == "CNN" and e.target_name and "Olmert" in e.target_name and "engaged" in e.text for e in document.events), triples(document)


def test_a_ruling_against_its_attempt_accuses_the_body_told_of_before(code):
    document = code("For weeks, the Trump administration has been trying to add the question to the census. "
                    "In late June, the Supreme Court ruled against its initial attempt.", date="2019-07-20")
    assert has(document, "ACCUSE", "Supreme Court", "Trump administration"), triples(document)


def test_a_refusal_with_no_one_named_answers_the_request_before_it(code):
    document = code("In April, the House Oversight and Reform Committee authorized subpoenas for documents on the census. "
                    "Attorney General William Barr and Commerce Secretary Wilbur Ross, however, refused to hand over the documents.", date="2019-07-20")
    assert has(document, "REJECT", "William Barr", "House Oversight and Reform Committee"), triples(document)
    assert has(document, "REJECT", "Wilbur Ross", "House Oversight and Reform Committee"), triples(document)


def test_denying_a_claim_rejects_its_owner_not_whom_it_is_about(code):
    document = code("Chancellor Gordon Brown vigorously denied Conservative claims that he had misled Parliament.", date="2005-02-01")
    assert not any(e.type == "REJECT" and e.target_name == "Parliament" for e in document.events), triples(document)
    assert not any(e.source is not None and e.source == e.target for e in document.events), triples(document)


def test_a_refusal_is_the_refusers_not_the_place_before_them(code):
    document = code("In Antwerp, Belgium, a doctor refused to treat the patient.", date="2014-08-06")
    assert not any(e.source_name == "Belgium" for e in document.events), triples(document)


def test_a_meeting_told_in_a_phrase_of_time_is_asserted(code):
    document = code("During the trilateral meeting of Cyprus, Greece and Israel on Monday, a new route was considered.", date="2019-10-07")
    meetings = [e for e in document.events if e.type == "CONSULT"]
    assert meetings and all(e.mode == "asserted" for e in meetings), triples(document)


def test_its_in_a_sentence_with_no_verb_above_it_ends(code):
    # the walk up from "its" to its clause's verb stops at a root that is no verb
    document = code("Its own plans for the region. The court ruled against its attempt.", date="2019-07-20")
    assert all(e.target is None or e.source != e.target for e in document.events), triples(document)


# ---- senses of opinion and campaign prose (sentences after AllSides stories, read by hand)


def test_a_meeting_with_a_leader_is_held_not_intended(code):
    document = code("President Dwight Eisenhower met with Soviet leader Nikita Khrushchev at the retreat in 1959.", date="2019-09-10")
    assert has(document, "CONSULT", "Eisenhower", "Khrushchev"), triples(document)
    assert not any(e.type == "AGREE" for e in document.events), triples(document)


def test_calling_off_a_meeting_is_no_meeting(code):
    document = code("President Trump called off a secret meeting with Taliban leaders at Camp David.", date="2019-09-10")
    assert not any(e.type == "CONSULT" and e.mode == "asserted" and not e.negated for e in document.events), triples(document)
    assert any(e.target_name == "Taliban" for e in document.events), triples(document)


def test_a_challenge_of_a_ruling_still_accuses(code):
    document = code("The Democratic Party challenged Governor Kemp over the purge of voter rolls.", date="2019-09-10")
    assert any(e.type == "ACCUSE" and "Kemp" in (e.target_name or "") for e in document.events), triples(document)


def test_a_school_strike_is_a_protest_not_an_attack(code):
    document = code("Swedish activist Greta Thunberg began her solitary school strike in August 2018.", date="2019-09-10")
    assert has(document, "PROTEST", "Greta Thunberg", None), triples(document)
    assert not any(e.type == "ASSAULT" for e in document.events), triples(document)


def test_asking_whether_is_a_question_not_a_request(code):
    document = code("Republican senators asked whether the plan would work.", date="2019-09-10")
    assert not any(e.type == "REQUEST" for e in document.events), triples(document)
    document = code("Republican senators asked the president to withdraw the plan.", date="2019-09-10")
    assert any(e.type == "REQUEST" for e in document.events), triples(document)


def test_a_claim_of_its_own_members_attack_accuses_no_one(code):
    document = code("The Taliban said its members carried out a suicide bombing in Kabul.", date="2019-09-10")
    assert not any(e.type == "ACCUSE" for e in document.events), triples(document)
    assert any(e.type == "ASSAULT" for e in document.events), triples(document)


def test_deferring_to_the_president_yields_to_him(code):
    document = code("The Republican congressional leadership is deferring to President Trump on guns.", date="2019-09-10")
    assert not any(e.type == "REJECT" for e in document.events), triples(document)
    assert any(e.type == "CONCEDE" and "Trump" in (e.target_name or "") for e in document.events), triples(document)


def test_considering_a_run_and_conducting_a_survey_are_no_events(code):
    assert_quiet(code, "John Bolton briefly considered running for president in 2016.", date="2019-09-10")
    assert_quiet(code, "The survey of 1,314 adults was conducted by The Marist Poll.", date="2019-09-10")


# ---- sentences after Reuters wire stories (1987), read by hand


# ---- sentences after the fourth batch's dev articles (Wikinews, 2019-2020)


def test_a_lawmaker_urging_his_colleagues_asks_them(code):
    document = code('Cruz said, "I urge my colleagues to submit this constitutional amendment to the states."', date="2019-01-06")
    assert any(e.type == "REQUEST" and "colleagues" in (e.target_name or "") for e in document.events), triples(document)


def test_a_country_before_a_persons_title_is_no_side(code):
    document = code("Former United States presidential candidate Senator Ted Cruz and Representative Francis Rooney "
                    "proposed to set term limits for members of Congress.", date="2019-01-06")
    assert document.events and not any(e.source_name == "United States" for e in document.events), triples(document)


def test_a_decree_instructing_archbishops_asks_them(code):
    document = code("The decree instructs archbishops to notify the Vatican of any sexual allegations.", date="2019-05-12")
    assert any(e.type == "REQUEST" and e.source_name and "decree" in e.source_name.lower() and "archbishops" in (e.target_name or "") for e in document.events), triples(document)


def test_removing_a_governor_and_confirming_a_nominee(code):
    document = code("Pedro Pierluisi was sworn in as governor. On Wednesday the Puerto Rico Supreme Court removed Governor Pierluisi.", date="2019-08-08")
    assert any(e.type == "COERCE" and "Pierluisi" in (e.target_name or "") for e in document.events), triples(document)
    document = code("While the House of Representatives confirmed Pierluisi's nomination on Friday, the Senate did not.", date="2019-08-08")
    assert has(document, "SUPPORT", "House of Representatives", "Pierluisi"), triples(document)
    document = code("The board removed the restrictions on travel.", date="2019-08-08")
    assert not any(e.type == "COERCE" for e in document.events), triples(document)


def test_a_currencys_country_is_no_side_and_founding_is_no_cooperation(code):
    document = code("The State Department offered a one million US dollar reward for information leading to his capture.", date="2019-09-17")
    assert not any(e.target_name == "United States" for e in document.events), triples(document)
    document = code("Osama bin Laden founded Al-Qaeda in 1988.", date="2019-09-17")
    assert not any(e.type == "COOPERATE" for e in document.events), triples(document)


def test_a_fathers_full_name_is_not_his_sons_surname(code):
    document = code("Hamza bin Laden, son of the late Al-Qaeda founder Osama bin Laden, has been killed.", date="2019-09-17")
    son = next(a for a in document.actors if a.name == "Hamza bin Laden")
    assert all(m.text != "Laden" for m in document.mentions if m.actor == son.id), [(m.text, m.actor) for m in document.mentions]
    document = code("Emily Spanton testified. The court found that Mme Spanton did not lie.", date="2019-02-02")
    assert len([a for a in document.actors if "Spanton" in a.name]) == 1, [a.name for a in document.actors]


def test_each_other_is_each_side_to_the_other_or_no_dyad(code):
    document = code("Israel and Hamas accused each other of violating the truce.", date="2019-10-16")
    assert has(document, "ACCUSE", "Israel", "Hamas") and has(document, "ACCUSE", "Hamas", "Israel"), triples(document)
    document = code('Carrie Lam said, "We have to put aside differences and stop attacking each other."', date="2019-10-16")
    assert not any(e.type == "ASSAULT" for e in document.events), triples(document)


def test_a_us_state_sued_is_a_side(code):
    document = code("On Thursday, the Native American Rights Fund filed a lawsuit against the state of Montana over its 2018 ballot law.", date="2020-03-15")
    assert has(document, "ACCUSE", "Native American Rights Fund", "State of Montana"), triples(document)
    document = code("Texas sued the Trump administration over the rule.", date="2020-03-15")
    assert has(document, "ACCUSE", "Texas", "Trump administration"), triples(document)
    document = code("He was born in Montana and later moved to Texas.", date="2020-03-15")
    assert not any("Montana" in a.name or "Texas" in a.name for a in document.actors), [a.name for a in document.actors]


def test_a_lawsuit_is_an_accusation_not_an_arrest_and_a_post_removed_expels_no_one(code):
    document = code("Glawischnig-Piesczek sued Facebook in Austria for defamation.", date="2019-10-06")
    assert has(document, "ACCUSE", "Glawischnig-Piesczek", "Facebook") and not any(e.type == "COERCE" for e in document.events), triples(document)
    document = code("An Austrian court ordered Facebook to remove a post made by a user in Ireland.", date="2019-10-06")
    assert not any(e.cameo == "174" for e in document.events), triples(document)


# ---- senses of election prose (after BBC politics stories of 2005, read by hand)


@pytest.mark.parametrize("sentence", [
    "Manchester can handle the crowds.",
    "The Tories are seizing a poll advantage.",
    "Charles Kennedy, Labour leader Tony Blair and Conservative leader Michael Howard all step up their campaigns today.",
    "Parmjit Singh Gill overturned a big Labour majority.",
    'Charles Kennedy said: "We have got to demonstrate to people that we are credible."',
    "Shipyard workers could barely suppress their anger at Mr Blair's failure.",
    "The Liberal Democrats would match Labour's promise on pensions.",
    "Labour's ambition is not simply tackling idleness but attacking ignorance.",
    "Labour and the Tories have signalled their intention to fight the election on the economy.",
])
def test_election_prose_that_codes_no_event(code, sentence):
    assert_quiet(code, sentence, date="2005-04-01")


# ---- senses of US news prose (after AllSides stories of 2019-2020, read by hand)


def test_praise_defence_and_strikes_by_workers(code):
    document = code('"I give them great credit," President Trump said of the governors.', date="2020-04-21")
    assert any(e.type == "SUPPORT" for e in document.events) and not any(e.type == "AID" for e in document.events), triples(document)
    document = code("The Fox News host defended anti-lockdown protesters.", date="2020-04-21")
    assert any(e.type == "SUPPORT" and "protesters" in (e.target_name or "") for e in document.events), triples(document)
    document = code("The teachers unions have struck twice this year.", date="2020-04-21")
    assert any(e.type == "PROTEST" for e in document.events) and not any(e.type == "ASSAULT" for e in document.events), triples(document)


def test_two_descriptions_of_one_person_are_one_side(code):
    document = code("Dean, a former DNC chairman and 2004 presidential candidate, defended the committee's rules.", date="2019-09-10")
    assert {e.source_name for e in document.events} == {"Dean"}, triples(document)


def test_questioning_a_declaration_criticizes_its_maker_not_an_interrogation(code):
    document = code("President Donald Trump declared a national emergency on Friday. Senator Dick Durbin and Representative "
                    "Adam Schiff both questioned the President's declaration of a national emergency.", date="2019-02-16")
    assert has(document, "ACCUSE", "Adam Schiff", "Donald Trump"), triples(document)
    assert_quiet(code, "The suspect was questioned by police for six hours.", date="2019-02-16")


# ---- sentences after Wikinews stories outside the gold corpus, read by hand


def test_dying_does_nothing_to_anyone(code):
    assert_quiet(code, "Mohammad Mir-Mohammadi, a council member of the Expediency Discernment Council, died of COVID-19.", date="2020-03-03")


def test_yet_to_concede_is_not_done_and_no_rejection(code):
    document = code("President Trump has yet to concede the election.", date="2020-11-07")
    assert all(e.negated and e.type == "CONCEDE" for e in document.events) and document.events, triples(document)


def test_coming_to_someones_defense_or_aid(code):
    document = code("Conservative groups have come to Rittenhouse's defense.", date="2020-11-22")
    assert any(e.type == "SUPPORT" and "Rittenhouse" in (e.target_name or "") for e in document.events), triples(document)
    document = code("Britain came to the aid of Kuwait.", date="2020-11-22")
    assert has(document, "AID", "United Kingdom", "Kuwait"), triples(document)


# ---- sentences after Reuters wire stories (1987), read by hand


def test_farmers_blockading_a_road_protest(code):
    document = code("Spanish farmers blockaded the border crossing with France at La Junquera.", date="1987-03-20")
    assert any(e.type == "PROTEST" for e in document.events) and not any(e.type in ("COERCE", "ASSAULT") for e in document.events), triples(document)
    document = code("Israeli navy ships blockaded the port of Gaza.", date="1987-03-20")
    assert not any(e.type == "PROTEST" for e in document.events), triples(document)


def test_a_topic_discussed_in_a_body_is_no_side(code):
    document = code("Foreign ministers were also due to discuss proposals in the U.S. Congress.", date="1987-03-20")
    assert not any(e.target_name == "Congress" for e in document.events), triples(document)
    document = code("The ministers discussed ties with China on Monday.", date="1987-03-20")
    assert any(e.type == "CONSULT" and e.target_name == "China" for e in document.events), triples(document)


def test_blocking_a_measure_rejects_and_an_admitted_killing_is_a_killing(code):
    document = code("Senate Democrats blocked the nomination on Thursday.", date="2020-03-01")
    assert any(e.type == "REJECT" for e in document.events) and not any(e.type in ("COERCE", "ASSAULT") for e in document.events), triples(document)
    document = code("The government admitted killing the protesters.", date="2020-03-01")
    assert has(document, "ASSAULT", "government", "protesters"), triples(document)
    document = code("Thousands demonstrated against the war in London.", date="2020-03-01")
    assert any(e.type == "PROTEST" for e in document.events), triples(document)


def test_campaign_prose_relative_places_and_adjectives(code):
    document = code("Kennedy is visiting a mixture of rural seats, where his party is hoping to make gains from the Conservatives.", date="2005-04-01")
    assert not any(e.target_name in ("party", "Conservative Party") for e in document.events), triples(document)
    assert_quiet(code, "Women candidates are set to stand in winnable or target seats.", date="2005-04-01")
    assert_quiet(code, "Michael Howard has finally revealed the full scale of his planned Tory tax cuts.", date="2005-04-01")
    document = code("Joe Biden phoned Emmanuel Macron on Wednesday.", date="2020-11-11")
    assert has(document, "CONSULT", "Joe Biden", "Macron"), triples(document)


def test_a_judgement_shown_or_of_an_unnamed_document(code):
    document = code('Jennifer Daskal of American University said, "In so ruling, the European Court of Justice demonstrated a '
                    'shocking ignorance of the technology involved."', date="2019-10-06")
    assert has(document, "ACCUSE", "Jennifer Daskal", "European Court of Justice"), triples(document)
    document = code('Delegate Aumua Amata said, "The ruling is particularly unwelcome and inappropriate."', date="2019-12-16")
    assert not any(e.target_name == "ruling" for e in document.events), triples(document)


def test_an_organization_name_cut_before_its_of_is_the_whole(code):
    document = code("The European Court of Justice (ECJ) ruled on Thursday. Its ruling was later quoted in full.\n\n"
                    "– European Court of Justice", date="2019-10-06")
    assert len([a for a in document.actors if a.name.startswith("European Court")]) == 1, [a.name for a in document.actors]


def test_foreign_powers_told_to_leave_are_asked(code):
    document = code('President Hassan Rouhani of Iran said if the goal is peace and security, then foreign powers should '
                    '"get out of the region".', date="2019-09-23")
    assert has(document, "REQUEST", "Hassan Rouhani", "foreign powers"), triples(document)
    document = code("The military seized power in a coup.", date="2019-09-23")
    assert not any(a.name.lower() == "power" for a in document.actors), [a.name for a in document.actors]


def test_not_just_is_no_negation_and_a_poll_share_is_no_side(code):
    document = code("The committee is not just examining reports about the Islamic State.", date="2015-11-20")
    assert document.events and not any(e.negated for e in document.events), triples(document)
    document = code("Seventy-two percent say the federal government should investigate.", date="2015-11-20")
    assert not any("percent" in (e.source_name or "") for e in document.events), triples(document)


def test_going_to_meet_is_a_meeting_to_come(code):
    document = code("Trump is going to meet Putin in Helsinki.", date="2018-07-10")
    assert any(e.type == "CONSULT" and e.mode == "future" for e in document.events), triples(document)


def test_powers_are_states_only_after_a_word_of_states(code):
    document = code("World powers signed the nuclear deal with Iran.", date="2015-07-14")
    assert any(e.type == "AGREE" and e.source_name == "World powers" for e in document.events), triples(document)
    document = code("The administration has expanded the government's deportation powers.", date="2019-07-14")
    assert not any("powers" in a.name for a in document.actors), [a.name for a in document.actors]


# ---- more US news prose (after AllSides stories of 2014, read by hand)


def test_ripping_a_politician_is_criticism_and_a_gun_pulled_out_is_no_retreat(code):
    document = code("Republicans were ripping President Obama over the prisoner swap.", date="2014-06-09")
    assert any(e.type == "ACCUSE" and "Obama" in (e.target_name or "") for e in document.events), triples(document)
    document = code("Jerad Miller pulled out a handgun and shot Officer Igor Soldo.", date="2014-06-09")
    assert not any(e.type == "RETREAT" for e in document.events) and any(e.type == "ASSAULT" for e in document.events), triples(document)


# ---- and of 2017 (read by hand)


def test_felt_compelled_is_no_coercion_and_a_twitter_attack_is_words(code):
    document = code("The police department in Gainesville also felt compelled to chide the president.", date="2017-07-30")
    assert not any(e.type == "COERCE" for e in document.events), triples(document)
    document = code("President Trump launched a twitter attack on Senator Mitch McConnell.", date="2017-08-10")
    assert has(document, "ACCUSE", "Trump", "Mitch McConnell") and not any(e.type == "ASSAULT" for e in document.events), triples(document)
    document = code("Israeli jets launched an attack on Gaza.", date="2017-08-10")
    assert any(e.type == "ASSAULT" for e in document.events), triples(document)


# ---- British political prose of 2004-05 (BBC, read by hand)


def test_operations_led_against_a_side_are_an_attack(code):
    document = code("General Petraeus led the operations against the rebels.", date="2005-01-01")
    assert any(e.type == "ASSAULT" and "rebels" in (e.target_name or "") for e in document.events), triples(document)


# ---- Reuters wire copy of 1987 (read by hand)


def test_war_reports_and_topics_of_talks(code):
    document = code("Iran reported launching a new offensive east of Iraq's southern city of Basra.", date="1987-04-01")
    assert has(document, "ASSAULT", "Iran", "Iraq") and not any(e.type == "THREATEN" for e in document.events), triples(document)
    document = code("Iranian troops inflicted severe losses on Iraqi troops.", date="1987-04-01")
    assert any(e.type == "ASSAULT" for e in document.events), triples(document)
    document = code('Jeremy Corbyn said, "We are not prepared to risk inflicting the disaster of no deal on our communities."', date="2019-08-28")
    assert not any(e.type == "ASSAULT" for e in document.events), triples(document)
    document = code("Geoffrey Howe and George Shultz plan to discuss the growing crisis in trade relations with Japan.", date="1987-04-01")
    assert not any(e.target_name == "Japan" for e in document.events), triples(document)
    document = code("The committee wanted to stress GATT's importance and did not discuss specifics.", date="1987-04-01")
    assert not any(e.type == "REJECT" for e in document.events), triples(document)


# ---- US political prose of 2013 (AllSides, read by hand)


def test_a_storm_is_no_actor_and_a_compliment_is_praise(code):
    document = code("Republicans initially declined to approve disaster relief for victims of Superstorm Sandy.", date="2013-01-30")
    assert not any("Sandy" in a.name for a in document.actors), [a.name for a in document.actors]
    document = code("Paul Ryan also gave a back-handed compliment to Hillary Clinton.", date="2013-01-30")
    assert has(document, "SUPPORT", "Paul Ryan", "Hillary Clinton"), triples(document)


# Sentences read by hand in stories of AllSides, BBC politics, Reuters and Wikinews outside the
# gold corpus, each with the date of its story: prose whose verbs and nouns look like events of
# the dictionary's but tell none (a sense, an admission, a finding, a topic). Kept with a mode
# they may be (a question, a condition), asserted never.
NO_ASSERTED_EVENT = [
    ('"We will not be attending," Trump said in a Twitter message.', "2018-06-08"),
    ("The G-7, G-20 and Asia-Pacific Economic Cooperation summits will be held this year.", "2018-06-08"),
    ('"We don\'t take orders from foreign powers," Amash said.', "2019-09-20"),
    ("Thai police are dealing with a militant network.", "2019-08-05"),
    ("The White House and the Pentagon did not immediately respond to CNBC's request for comment.", "2020-04-21"),
    ("Trump was asked by a reporter whether he would resign.", "2020-04-21"),
    ("The ruling, overturning a 1972 Supreme Court precedent, was written by Justice Gorsuch.", "2020-04-21"),
    ("The announcement caught some senior Department of Homeland Security officials off guard.", "2020-04-21"),
    ("A student at a high school in Cranston tested positive for COVID-19.", "2020-04-21"),
    ("Paulino hasn't even heard from 15 students.", "2020-04-21"),
    ("Trump has demolished America's credibility.", "2020-03-01"),
    ("Trump has isolated the US and rallied the world.", "2020-03-01"),
    ("The report by the committee also acknowledged that a quick reaction force was not ready.", "2020-03-01"),
    ("He is simply appealing to anti-Trump prejudices.", "2020-03-01"),
    ('"We back the senator," said the Democratic Socialists of America in a press release.', "2020-03-01"),
    ("The report also agrees with the administration on the timeline.", "2020-03-01"),
    ("Polls consistently demonstrate that a majority of Americans want change.", "2020-03-01"),
    ("Transport Secretary Grant Shapps announced the measure at the UK Government's daily coronavirus briefing.", "2020-06-05"),
    ("The government will work to ensure that the agreed increases in services take place.", "2020-06-05"),
    ("Various opinion polls showed national support for de Blasio at about one percent.", "2020-06-05"),
    ("President Trump reportedly amassed 1,330 delegates.", "2020-06-05"),
    ("A Quinnipiac University poll taken between Oct. 29 and Nov. 2 asking the same question found similar results.", "2015-11-22"),
    ("He didn't discuss the Affordable Care Act, a website, a broken promise.", "2015-11-22"),
    ("Police officers in tactical gear pull back from the building.", "2015-11-22"),
    ("David Vitter also had to overcome voters' frustration with the current Republican Gov. Bobby Jindal.", "2015-11-22"),
    ("The prime minister went back on a pledge to Mr Brown.", "2005-02-01"),
    ("Martin Bell insisted on BBC Radio 4's Today programme that the show was fair.", "2005-02-01"),
    ("Members of the Cabinet had raided the dressing-up box.", "2005-02-01"),
    ("Gordon Brown appeared to have taken the initiative over the government's response.", "2005-02-01"),
    ('"We are not going to be forming the next government," Dick Morris said.', "2005-02-01"),
    ("Senator Marco Rubio spoke before heading into a classified Senate briefing.", "2014-06-09"),
    ("American, French and British leaders prepare to honor the Allied troops who landed in Normandy.", "2014-06-09"),
    ("Czarnezki said they had trained additional staff.", "2014-06-09"),
    ("The Army has moved to discharge 79 of the worst-offending soldiers.", "2014-06-09"),
    ("The office employs sexual assault response coordinators.", "2014-06-09"),
    ('"Why now?" Senator Dianne Feinstein asked.', "2014-06-09"),
    ("Brociti Investments Limited controls Burisma.", "2014-06-09"),
    ("The judge's striking down of the state's gay marriage ban surprised many.", "2014-06-09"),
    ("In Estonia, Mr. Pence gave a forceful speech.", "2017-08-10"),
    ("The message reinforced Mr. Trump's support for NATO.", "2017-08-10"),
    ("The military is taking sides in the dispute.", "2017-08-10"),
    ("Senator Feinstein said she was encouraged by Wray's opposition.", "2017-08-10"),
    ("Wray won't want to meet the same fate as Comey.", "2017-08-10"),
    ("Chinese officials said the efforts will not yield practical results.", "2017-08-10"),
    ("Margaret Hassan, who led Care International operations in Iraq, spoke to the BBC.", "2005-01-01"),
    ("The dossier contained details about his private life.", "2005-01-01"),
    ("Goldsmith will receive a letter of resignation from Mr MacDonald.", "2005-01-01"),
    ('"It was a great deal," he said of the contract.', "2005-01-01"),
    ("The Scottish Executive has seconded 11 staff to the water company.", "2005-01-01"),
    ("Leaked documents have suggested the ex-minister David Blunkett should quit.", "2005-01-01"),
    ("The government should recognise shortcomings of the Treasury's Barker Review.", "2005-01-01"),
    ("Senator Ron Johnson pressed Clinton on the attacks.", "2013-01-30"),
    ("He opposed the Iraq War while campaigning for president.", "2013-01-30"),
    ("Lawmakers charged with oversight of the State Department want answers.", "2013-01-30"),
    ("Obama and others shoot skeet at Camp David.", "2013-01-30"),
    ("The clause permits the president to fill vacancies.", "2013-01-30"),
    ("The party would try to improve its standing with voters.", "2013-01-30"),
]


@pytest.mark.parametrize("sentence, date", NO_ASSERTED_EVENT)
def test_prose_that_asserts_no_event(code, sentence, date):
    document = code(sentence, date=date)
    assert not [e for e in document.events if e.mode == "asserted"], triples(document)


# One sentence, the date of its story, and an event it must give (type, a word of the source's
# name, of the target's; None: no target), after stories read by hand.
DATED_EVENTS = [
    ("The minister said Russia was responsible for the deaths of 298 people.", "2014-07-20", "ACCUSE", "minister", "Russia"),  # responsible_for_a_duty_is_no_blame
    ("US officials said Iran was responsible for the attack on the tankers.", "2019-06-14", "ACCUSE", "US officials", "Iran"),  # responsible_for_a_duty_is_no_blame
    ("The court ruled in favor of a lawsuit filed by the Puerto Rico Senate on Sunday against Pedro Pierluisi.", "2019-08-08", "ACCUSE", "Senate", "Pierluisi"),  # a_lawsuit_filed_by_x_against_y_is_xs
    ("New sanctions imposed by the United States on Iran took effect on Monday.", "2019-06-24", "COERCE", "United States", "Iran"),  # a_lawsuit_filed_by_x_against_y_is_xs
    ("Protesters demonstrated against the government in Minsk.", "2005-04-01", "PROTEST", "Protesters", "government"),  # a_protest_and_a_post_attacked_still_code
    ("The Taliban attacked a police checkpoint in Ghazni.", "2019-01-24", "ASSAULT", "Taliban", "police"),  # a_protest_and_a_post_attacked_still_code
    ("On Wednesday, the Supreme Court of Puerto Rico issued a ruling finding in favor of a lawsuit filed by the " "Puerto Rico Senate against Pedro Pierluisi.", "2019-08-08", "ACCUSE", "Supreme Court of Puerto Rico", "Pedro Pierluisi"),  # a_ruling_for_a_side_supports_it_for_a_suit_accuses_its_target
    ("The court found in favor of the plaintiffs on Monday.", "2019-08-08", "SUPPORT", "court", "plaintiffs"),  # a_ruling_for_a_side_supports_it_for_a_suit_accuses_its_target
    ('Peter Iseley of the victim group Ending Clergy Abuse said, "The church should establish the law for reporting."', "2019-05-12", "REQUEST", "Peter Iseley", "church"),  # a_victims_advocate_saying_the_church_should_act_demands_it
    ("Hamza bin Laden, son of the late Al-Qaeda founder Osama bin Laden, has been killed in a US counter-terrorism operation.", "2019-09-17", "ASSAULT", "United States", "Hamza bin Laden"),  # killed_in_a_countrys_operation_is_that_countrys_act
    ("Speaking in the Legislative Council, Carrie Lam was interrupted by protesting legislators.", "2019-10-16", "PROTEST", "legislators", "Carrie Lam"),  # interrupted_by_protesting_legislators_is_their_protest
    ('Regina Ip said: "The behavior of my colleagues in disrupting the policy address is anti-democratic."', "2019-10-16", "ACCUSE", "Regina Ip", "colleagues"),  # a_hyphenated_judgement_is_read_whole
    ("Fox News host Tucker Carlson has urged Trump to stiff-arm his hawkish advisors.", "2019-09-10", "REQUEST", "Tucker Carlson", "Trump"),  # a_named_commentator_urging_is_a_request
    ('Mayor Paweł Adamowicz was stabbed by Stefan W. on Sunday. Interior Minister Joachim Brudziński called the stabbing ' '"an act of inexplicable barbarity."', "2019-01-14", "ACCUSE", "Brudziński", "Stefan W."),  # naming_an_act_told_before_judges_its_doer
]


@pytest.mark.parametrize("sentence, date, type_, source, target", DATED_EVENTS)
def test_dated_sentence_gives_its_event(code, sentence, date, type_, source, target):
    document = code(sentence, date=date)
    assert has(document, type_, source, target), triples(document)


def test_a_character_attacked_is_criticized(code):
    document = code("John Bel Edwards and his supporters attacked David Vitter's character.", date="2015-11-22")
    assert has(document, "ACCUSE", "John Bel Edwards", "Vitter") and not any(e.type == "ASSAULT" for e in document.events), triples(document)


def test_a_capital_for_its_government_is_not_a_namesake(code):
    document = code("George Washington refused to surrender. Today, world leaders are backing Washington's position on Iran.", date="2018-06-08")
    assert any(e.type == "SUPPORT" and e.target_name == "United States" for e in document.events), triples(document)
    document = code("Ricardo Rosselló Nevares, Puerto Rico's governor, announced his resignation shortly before midnight Wednesday night "
                    "in an internet video broadcast to the U.S. island territory.", date="2019-07-25")
    assert any(e.type == "CONCEDE" for e in document.events), triples(document)


def test_a_countrys_name_as_a_surname_still_links(code):
    document = code("Rep. Jim Jordan spoke on Monday. Jordan said the committee had failed the country.", date="2019-11-13")
    person = next(a for a in document.actors if a.name == "Jim Jordan")
    assert sum(1 for m in document.mentions if m.actor == person.id) >= 2, [(m.text, m.actor) for m in document.mentions]


# One sentence, the date of its story, and an event type it must not give, after stories read by
# hand (the dated companion of NEWS_NON_EVENTS).
DATED_NON_EVENTS = [
    ("Former Colorado Governor John Hickenlooper is challenging Colorado Sen. Cory Gardner in next year's election.", "2019-09-10", "ACCUSE"),  # a_challenger_in_an_election_accuses_no_one
    ("Beto O'Rourke hit every county in Texas during his Senate campaign.", "2019-09-10", "ASSAULT"),  # campaigning_in_every_county_is_no_blow
    ("Reagan told reporters that he did not remember when he had approved an August 1985 shipment of U.S. arms to Iran.", "1987-03-19", "REJECT"),  # a_clause_of_time_under_a_negated_verb_is_not_negated
    ("Under the proposed contract, workers in one area of the plant would be responsible for the entire product, " "said Kevin Woodward, a steward with the UAW local.", "1987-03-19", "ACCUSE"),  # responsible_for_a_duty_is_no_blame
    ("Trade disputes between the U.S. and Japan are expected to dominate the talks.", "1987-03-20", "ASSAULT"),  # dominating_the_talks_is_no_force
    ("The court did not rule in favor of the plaintiffs.", "2019-08-08", "SUPPORT"),  # a_ruling_for_a_side_supports_it_for_a_suit_accuses_its_target
]


@pytest.mark.parametrize("sentence, date, type_", DATED_NON_EVENTS)
def test_dated_sentence_does_not_give_the_type(code, sentence, date, type_):
    document = code(sentence, date=date)
    assert not any(e.type == type_ for e in document.events), triples(document)
