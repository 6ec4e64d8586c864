"""The actor dictionary: converted Phoenix data, curated updates, lookups, user files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import load_script
from newsledger.knowledge.dictionary import DATA_DIR, ActorDictionary, Entry, Role, normalize

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.default()


def only(entries: list[Entry]) -> Entry:
    assert entries, "no entry found"
    return entries[0]


# ------------------------------------------------------------------ converted Phoenix facts
def test_lavrov_is_russian_foreign_minister_since_2004(actors):
    lavrov = only(actors.lookup("Sergey Lavrov"))
    assert lavrov.id == "SERGEY_LAVROV" and lavrov.type == "person" and lavrov.country == "RUS"
    minister = [r for r in lavrov.roles if r.title == "Foreign Minister"]
    assert minister == [Role("RUSGOV", "RUS", "GOV", "2004-03-09", None, "Foreign Minister")]
    # Aliases from the "+" lines, made readable.
    assert {"Sergey V. Lavrov", "Russian Foreign Minister Sergey Lavrov", "Lavrov"} <= set(lavrov.aliases)


def test_a_closed_date_range_from_six_digit_dates(actors):
    lavrov = actors.get("SERGEY_LAVROV")
    envoy = next(r for r in lavrov.roles if r.start == "1994-09-22")
    assert envoy.end == "2004-07-12" and envoy.title == "Ambassador to the UN"
    assert lavrov.role_on("2000-01-01") == envoy
    assert lavrov.role_on("1990-01-01") is None or lavrov.role_on("1990-01-01").sector != "GOV"


def test_role_on_picks_the_role_active_on_the_date(actors):
    tillerson = only(actors.lookup("Tillerson"))
    role = tillerson.role_on("2017-07-08")
    assert (role.code, role.sector, role.title) == ("USAGOV", "GOV", "Secretary of State")
    assert tillerson.role_on("2019-06-01") is None


def test_trump_is_in_government_in_2017_and_not_in_2022(actors):
    trump = only(actors.lookup("Donald Trump"))
    assert trump.role_on("2017-07-08").sector == "GOV"
    assert trump.role_on("2017-07-08").title == "President"
    in_2022 = trump.role_on("2022-06-01")
    assert in_2022 is None or in_2022.sector != "GOV"
    assert trump.role_on("2025-06-01").title == "President"


def test_role_on_prefers_the_specific_and_the_latest(actors):
    lavrov = actors.get("SERGEY_LAVROV")
    # In spring 2004 both the UN post and the ministry overlap: the newer one wins.
    assert lavrov.role_on("2004-05-01").title == "Foreign Minister"
    # No date: the latest role.
    assert actors.get("DONALD_TRUMP").role_on(None).start == "2025-01-20"


def test_role_active_on_open_ends_and_unknown_date():
    role = Role("USAGOV", "USA", "GOV", "2017-02-01", "2018-03-31", "Secretary of State")
    assert role.active_on("2017-02-01") and role.active_on("2018-03-31T23:00:00")
    assert not role.active_on("2018-04-01") and not role.active_on("2016-12-31")
    assert role.active_on(None)
    assert Role("RUSGOV", start="2004-03-09").active_on("2030-01-01")
    assert Role("XGOV", end="1999-01-01").active_on("1950-06-01")


def test_open_ended_phoenix_role_is_closed_by_the_curated_update(actors):
    kerry = actors.get("JOHN_KERRY")
    secretary = kerry.role_on("2015-01-01")
    assert secretary.title == "Secretary of State"
    assert kerry.role_on("2019-01-01") is None or kerry.role_on("2019-01-01").sector != "GOV"


def test_congress_and_intelligence_roles(actors):
    schumer = only(actors.lookup("Chuck Schumer"))
    assert schumer.role_on("2017-07-08").title == "Senate Minority Leader"
    assert schumer.role_on("2022-06-01").title == "Senate Majority Leader"
    assert schumer.role_on("2017-07-08").sector == "LEG"
    clapper = only(actors.lookup("James Clapper"))
    assert clapper.role_on("2016-01-01").code == "USAGOVSPY"  # a government office over the spies
    assert clapper.role_on("2016-01-01").title == "Director of National Intelligence"
    assert clapper.role_on("2018-01-01") is None or clapper.role_on("2018-01-01").sector == "ELI"
    assert actors.get("GINA_HASPEL").role_on("2019-01-01").title == "CIA Director"
    schiff = only(actors.lookup("Adam Schiff"))
    assert schiff.role_on("2017-07-08").sector == "LEG"


# ------------------------------------------------------------------ lookup
def test_lookup_ignores_case_punctuation_accents_and_the(actors):
    assert [e.id for e in actors.lookup("U.N.")] == [e.id for e in actors.lookup("un")] == ["UNITED_NATIONS"]
    assert actors.lookup("the Kremlin")[0].id == actors.lookup("KREMLIN")[0].id == "KREMLIN"
    assert actors.lookup("Erdoğan")[0].id == actors.lookup("Erdogan")[0].id == "RECEP_TAYYIP_ERDOGAN"
    assert actors.lookup("People\u2019s Daily")[0].id == actors.lookup("People's Daily")[0].id
    assert normalize("  The  U.S.  ") == normalize("us") == "us"


def test_lookup_is_exact_not_partial(actors):
    assert actors.lookup("Zorblax Quuxington") == []
    assert actors.lookup("") == []
    # A word of a name is not the name.
    assert all(e.id != "SERGEY_LAVROV" for e in actors.lookup("Sergey"))


def test_duplicate_phoenix_entries_are_folded_into_one(actors):
    entries = actors.lookup("United Nations")
    assert [e.id for e in entries] == ["UNITED_NATIONS"]
    assert actors.get("THE_UN") is None
    # Phoenix filed Ban Ki-moon under the UN entry: he is a person of his own here.
    assert "Ban Ki-moon" not in actors.get("UNITED_NATIONS").aliases
    assert actors.lookup("Ban Ki-moon")[0].type == "person"


def test_lookup_surname(actors):
    found = actors.lookup_surname("Tillerson")
    assert found and found[0].id == "REX_TILLERSON"
    assert actors.lookup_surname("Qwertyuiop") == []


# ------------------------------------------------------------------ countries
@pytest.mark.parametrize("text, code", [
    ("Russia", "RUS"), ("Russian", "RUS"), ("Russians", "RUS"), ("Moscow", "RUS"),
    ("U.S.", "USA"), ("American", "USA"), ("Americans", "USA"), ("Washington", "USA"),
    ("Britain", "GBR"), ("UK", "GBR"), ("British", "GBR"), ("London", "GBR"),
    ("Syrian", "SYR"), ("Damascus", "SYR"), ("Israelis", "ISR"), ("Chinese", "CHN"),
    ("Burma", "MMR"), ("Ukrainian", "UKR"), ("South Korean", "KOR"),
])
def test_country_by_name_demonym_or_capital(actors, text, code):
    entry = actors.country(text)
    assert entry is not None and entry.id == code and entry.type == "country"


def test_country_entry_fields(actors):
    russia = actors.country("Russia")
    assert russia.country == "RUS" and russia.capital == "Moscow"
    assert "Russians" in russia.demonyms and "Moscow" not in russia.aliases
    assert russia.lat == pytest.approx(55.75, abs=0.1) and russia.lon == pytest.approx(37.6, abs=0.1)
    assert len([e for e in actors if e.type == "country" and len(e.id) == 3]) >= 249


@pytest.mark.parametrize("text", ["Kandahar", "Helmand", "Alabama", "Lavrov", "Reuters", "blue"])
def test_not_a_country(actors, text):
    assert actors.country(text) is None


# ------------------------------------------------------------------ agents and titles
@pytest.mark.parametrize("text, sector, title", [
    ("foreign minister", "GOV", "Foreign Minister"),
    ("Secretary of State", "GOV", "Secretary of State"),
    ("correspondent", "MED", "correspondent"),
    ("senate minority leader", "LEG", "Senate Minority Leader"),
    ("rebels", "REB", "rebel"),
    ("Russian foreign minister", "GOV", "Foreign Minister"),
    ("policemen", "COP", "police officer"),
    ("ministers", "GOV", "minister"),
    ("farmers", "AGR", "farmer"),
])
def test_agent(actors, text, sector, title):
    assert actors.agent(text) == (sector, title)


def test_agent_unknown(actors):
    assert actors.agent("banana split") is None
    assert actors.agent("") is None


# ------------------------------------------------------------------ curated groups
@pytest.mark.parametrize("text, entry_id", [
    ("UNHCR", "UNHCR"), ("WHO", "WORLD_HEALTH_ORGANIZATION"), ("NATO", "NATO"),
    ("IAEA", "IAEA"), ("UN Security Council", "UN_SECURITY_COUNCIL"), ("G20", "G20"),
    ("African Union", "AFRICAN_UNION"), ("European Commission", "EUROPEAN_COMMISSION"),
    ("OPEC", "ORGANIZATION_OF_PETROLEUM_EXPORTING_COUNTRIES"), ("WTO", "WORLD_TRADE_ORGANIZATION"),
])
def test_international_organizations(actors, text, entry_id):
    entry = only(actors.lookup(text))
    assert entry.id == entry_id and entry.type == "organization"
    assert entry.role_on("2020-01-01").sector == "IGO" and entry.country is None


@pytest.mark.parametrize("text, country", [
    ("Reuters", "GBR"), ("AP", "USA"), ("New York Times", "USA"), ("TASS", "RUS"),
    ("Xinhua", "CHN"), ("Al Jazeera", "QAT"), ("CNN", "USA"),
])
def test_news_outlets(actors, text, country):
    entry = only(actors.lookup(text))
    assert entry.type == "organization" and entry.role_on(None).sector == "MED" and entry.country == country


def test_wikileaks_is_media(actors):
    entry = only(actors.lookup("WikiLeaks"))
    assert entry.type == "organization" and entry.role_on(None).sector == "MED"


def test_armed_groups(actors):
    isis = {e.id for name in ("Islamic State", "ISIS", "ISIL", "Daesh") for e in actors.lookup(name)}
    assert isis == {"THE_ISLAMIC_STATE"}
    houthis = only(actors.lookup("Houthis"))
    assert houthis.type == "group" and houthis.country == "YEM" and houthis.role_on(None).sector == "REB"
    assert only(actors.lookup("Hezbollah")).country == "LBN"
    assert only(actors.lookup("al-Shabaab")).country == "SOM"
    assert only(actors.lookup("Wagner Group")).country == "RUS"
    assert only(actors.lookup("HTS")).id == "HAYAT_TAHRIR_AL_SHAM"


@pytest.mark.parametrize("text, code", [
    ("Pentagon", "USAMIL"), ("Kremlin", "RUSGOV"), ("White House", "USAGOV"),
    ("Democrats", "USAPTY"), ("GOP", "USAPTY"), ("Congress", "USALEG"), ("CIA", "USASPY"),
    ("Labour", "GBRPTY"),
])
def test_agencies_and_parties(actors, text, code):
    assert only(actors.lookup(text)).role_on("2017-07-08").code == code


# ------------------------------------------------------------------ user files
def test_user_yaml_adds_an_actor_and_extends_another(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "- id: JANE_ROE\n"
        "  name: Jane Roe\n"
        "  type: person\n"
        "  aliases: [Jane Roe, Roe]\n"
        "  roles:\n"
        "    - {code: CANGOV, start: 2024-01-15, title: Minister of Fisheries}\n"
        "- id: SERGEY_LAVROV\n"
        "  aliases: [Comrade Lavrov]\n",
        encoding="utf-8",
    )
    actors = ActorDictionary.load([extra])
    roe = only(actors.lookup("roe"))
    assert (roe.country, roe.role_on("2024-06-01").title) == ("CAN", "Minister of Fisheries")
    assert roe.role_on("2023-06-01") is None
    assert only(actors.lookup("Comrade Lavrov")).id == "SERGEY_LAVROV"
    assert actors.get("SERGEY_LAVROV").role_on("2017-07-08").title == "Foreign Minister"
    # The shipped default is not changed by a user file.
    assert ActorDictionary.default().lookup("Comrade Lavrov") == []


def test_user_jsonl_overrides_a_name(tmp_path):
    extra = tmp_path / "mine.jsonl"
    extra.write_text(json.dumps({"id": "REUTERS", "name": "Reuters News Agency", "aliases": ["Reuters Wire"]}) + "\n")
    actors = ActorDictionary.load([extra])
    entry = only(actors.lookup("Reuters Wire"))
    assert entry.name == "Reuters News Agency" and entry.role_on(None).sector == "MED"


def test_malformed_yaml_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: A\n  name: A\n  aliases: [unclosed\n- id: B\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.yaml:\d+: not valid YAML"):
        ActorDictionary.load([bad])


def test_entry_without_id_names_its_line(tmp_path):
    bad = tmp_path / "noid.yaml"
    bad.write_text("- id: OK_ONE\n  name: Ok One\n- name: Nobody\n  type: person\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"noid\.yaml:3: .*needs an 'id'"):
        ActorDictionary.load([bad])


def test_misspelt_field_is_an_error_not_silence(tmp_path):
    bad = tmp_path / "typo.yaml"
    bad.write_text("- id: JANE_ROE\n  name: Jane Roe\n  alias: [Roe]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"typo\.yaml:1: JANE_ROE: unknown field\(s\) \['alias'\]"):
        ActorDictionary.load([bad])


def test_malformed_jsonl_and_bad_dates(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "X", "name": "X"}\n{"id": "Y", "name": \n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: not valid JSON"):
        ActorDictionary.load([bad])
    dates = tmp_path / "dates.yaml"
    dates.write_text("- id: Z\n  name: Z\n  roles: [{code: USAGOV, start: 17/07/2017}]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"dates\.yaml:1: .*ISO date"):
        ActorDictionary.load([dates])
    with pytest.raises(ValueError, match="not found"):
        ActorDictionary.load([tmp_path / "missing.yaml"])
    with pytest.raises(ValueError, match=r"\.jsonl or \.yaml"):
        (tmp_path / "actors.csv").write_text("id,name\n")
        ActorDictionary.load([tmp_path / "actors.csv"])


def test_default_is_loaded_once(actors):
    assert ActorDictionary.default() is actors


# ------------------------------------------------------------------ the converter
@pytest.fixture(scope="module")
def converter():
    module = load_script("convert_phoenix_actors")
    import pycountry

    module.ISO3.update(c.alpha_3 for c in pycountry.countries)
    module.COUNTRY_CODES.update(module.ISO3 | module.EXTRA_COUNTRY_CODES)
    return module


def test_converter_dates_names_and_codes(converter):
    assert converter.parse_date("070723") == "2007-07-23"
    assert converter.parse_date("320101") == "1932-01-01"
    assert converter.parse_date("20040309") == "2004-03-09"
    assert converter.parse_date("1920030320") == "2003-03-20"  # a typo in the source
    assert converter.parse_date("9008223") is None
    assert converter.readable("SERGEY_LAVROV_") == "Sergey Lavrov"
    assert converter.readable("MUHAMMAD_AL-BARADEI") == "Muhammad al-Baradei"
    assert converter.readable("MITCH_MCCONNELL") == "Mitch McConnell"
    assert converter.readable("OSAMA_BIN_LADEN") == "Osama bin Laden"
    assert converter.readable("UN_SECURITY_COUNCIL", "organization", frozenset({"UN"})) == "UN Security Council"
    assert converter.split_code("RUSGOV") == ("RUS", "GOV", ["GOV"])
    assert converter.split_code("IGOUNOREFHCR") == (None, "IGO", ["IGO", "REF"])
    assert converter.split_code("IMGMUSALQ")[0] is None  # MUS = Muslim here, not Mauritius
    assert converter.split_code("MNCUSA") == ("USA", "BUS", ["BUS"])


def test_converter_reads_the_tabari_format(converter, tmp_path):
    source = tmp_path / "x.actors.txt"
    source.write_text(
        "# comment\n"
        "JOHN_Q_PUBLIC_  # CountryInfo.txt\n"
        "+J._Q._PUBLIC\n"
        "\t[USAGOV 990101-030630] # Sec State\n"
        "\t[USAELI >030630]\n"
        "SOME_OLD_NAME_OF_THE_FRONT\n"
        "FREEDOM_FRONT_ [GRCREB] [ELI] # two codes on the name line\n"
        "NO_CODE_AT_THE_END\n",
        encoding="utf-8",
    )
    entries = converter.parse_actor_file(source, "countries")
    assert [e.name for e in entries] == ["JOHN_Q_PUBLIC_", "FREEDOM_FRONT_"]
    john, front = entries
    assert john.aliases == ["J._Q._PUBLIC"]
    assert john.roles[0]["start"] == "1999-01-01" and john.roles[0]["end"] == "2003-06-30"
    assert john.roles[0]["title"] == "Secretary of State"
    assert john.roles[1]["start"] == "2003-06-30" and john.roles[1]["end"] is None
    # A name without a code is a synonym of the next entry.
    assert "SOME_OLD_NAME_OF_THE_FRONT" in front.aliases
    assert [r["code"] for r in front.roles] == ["GRCREB", "ELI"]


def test_shipped_files_are_present_and_licensed():
    for name in ("phoenix.jsonl", "countries.jsonl", "agents.tsv", "updates.yaml", "LICENSE-phoenix.txt", "README.md"):
        assert (DATA_DIR / name).exists(), name
    assert "Copyright (c) 2014 Open Event Data" in (DATA_DIR / "LICENSE-phoenix.txt").read_text()
    assert "LICENSE-phoenix.txt" in (DATA_DIR / "README.md").read_text()
    assert (DATA_DIR / "phoenix.jsonl").stat().st_size < 20_000_000


def test_default_dictionary_loads_fast_in_a_fresh_process():
    code = (
        "import resource\n"
        "from newsledger.knowledge.dictionary import ActorDictionary\n"
        "d = ActorDictionary.default(); d.lookup('Lavrov'); d.country('Russian')\n"
        "r = resource.getrusage(resource.RUSAGE_SELF)\n"
        "print(r.ru_utime + r.ru_stime)\n"
    )
    cpu = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert cpu < 3.0, f"loading the actor dictionary took {cpu:.2f}s of CPU"
