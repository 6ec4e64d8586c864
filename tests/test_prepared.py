"""Prepared forms of the shipped knowledge: a cache that never changes a result."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.knowledge import prepared as prepared_module
from newsledger.knowledge.dictionary import ActorDictionary
from newsledger.knowledge.prepared import prepared


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "words.txt"
    path.write_text("alpha\nbeta\n", encoding="utf-8")
    return path


def counting_build(path: Path, calls: list[int]):
    def build():
        calls.append(1)
        return {"words": path.read_text(encoding="utf-8").split(), "pair": ("a", 1)}

    return build


def test_a_second_call_reads_the_prepared_file(tmp_path, source, monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_CACHE", str(tmp_path / "cache"))
    calls: list[int] = []
    first = prepared("words", [source], counting_build(source, calls))
    second = prepared("words", [source], counting_build(source, calls))
    assert first == second == {"words": ["alpha", "beta"], "pair": ("a", 1)}
    assert len(calls) == 1


def test_an_edited_source_is_rebuilt(tmp_path, source, monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_CACHE", str(tmp_path / "cache"))
    calls: list[int] = []
    prepared("words", [source], counting_build(source, calls))
    source.write_text("gamma\n", encoding="utf-8")
    assert prepared("words", [source], counting_build(source, calls))["words"] == ["gamma"]
    assert len(calls) == 2


def test_an_unwritable_cache_folder_falls_back_to_building(tmp_path, source, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    # A folder below a regular file can never be created (true for root as well).
    monkeypatch.setenv("NEWSLEDGER_CACHE", str(blocker / "cache"))
    calls: list[int] = []
    for _ in range(2):
        assert prepared("words", [source], counting_build(source, calls))["words"] == ["alpha", "beta"]
    assert len(calls) == 2


def test_a_damaged_prepared_file_is_rebuilt(tmp_path, source, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSLEDGER_CACHE", str(folder))
    calls: list[int] = []
    prepared("words", [source], counting_build(source, calls))
    (written,) = folder.glob("words-*.marshal")
    written.write_bytes(b"\x00garbage")
    assert prepared("words", [source], counting_build(source, calls))["words"] == ["alpha", "beta"]
    assert len(calls) == 2


def test_the_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_CACHE", "off")
    assert prepared_module.cache_dir() is None


def test_the_prepared_dictionary_is_the_dictionary_built_from_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLEDGER_CACHE", str(tmp_path / "cache"))
    ActorDictionary._prepared()  # writes the prepared file
    from_cache = ActorDictionary._prepared()
    from_files = ActorDictionary._load_shipped()
    assert list(from_cache._entries) == list(from_files._entries)
    assert all(vars(entry) == vars(from_cache.get(entry.id)) for entry in from_files)
    assert from_cache._alias_index == from_files._aliases()
    assert from_cache._surname_index == from_files._surnames()
    assert from_cache._country_index == from_files._countries()
    assert from_cache._agents == from_files._agents and from_cache._curated == from_files._curated


def test_the_prepared_gazetteer_is_the_gazetteer_built_from_its_sources(tmp_path, monkeypatch):
    from newsledger.knowledge import gazetteer as places

    monkeypatch.setenv("NEWSLEDGER_CACHE", str(tmp_path / "cache"))
    built = places.build_gazetteer()
    for _ in range(2):  # built and written, then read back
        from_cache = places._from_state(prepared("gazetteer-test", [], lambda: places._state(places.build_gazetteer())))

    def row(entry):
        return None if entry is None else tuple(getattr(entry, name) for name in places._ENTRY_FIELDS)

    for name in places._TABLES:
        table, copy = getattr(built, name), getattr(from_cache, name)
        assert list(table) == list(copy) and all(row(table[k]) == row(copy[k]) for k in table), name
    for name in places._LIST_TABLES:
        table, copy = getattr(built, name), getattr(from_cache, name)
        assert list(table) == list(copy), name
        assert all([row(e) for e in table[k]] == [row(e) for e in copy[k]] for k in table), name
    assert built.alias_pattern.pattern == from_cache.alias_pattern.pattern
    assert (built.ambiguous, built.preferred) == (from_cache.ambiguous, from_cache.preferred)
    # One object per place, as built: a country is the same entry under its name and code.
    assert from_cache.countries["russia"] is from_cache.country_by_code["RUS"]
    for name, context in (("Damascus", ["SYR"]), ("Damascus", ["USA"]), ("Paris", []), ("Georgia", []), ("Kiev", [])):
        assert row(built.lookup(name, context=context)) == row(from_cache.lookup(name, context=context))


def test_the_prepared_given_names_answer_as_the_detector_does(tmp_path, monkeypatch):
    import gender_guesser.detector as detector

    from newsledger.knowledge import gender

    monkeypatch.setenv("NEWSLEDGER_CACHE", str(tmp_path / "cache"))
    gender._answers.cache_clear()
    gender.gender_of.cache_clear()
    try:
        for _ in range(2):  # built and written, then read back
            gender._answers.cache_clear()
            answers = gender._answers()
        assert list((tmp_path / "cache").glob("given-names-*.marshal"))
        data = detector.Detector(case_sensitive=False)
        # every name of the data, in another case too, and names it lacks
        for name in [*data.names, "DONALD", "Mary-Jane", "Kim", "Terry.", "Xzqwv", "Putin"]:
            assert gender._gender(name) == data.get_gender(name.strip(".,")), name
        assert len(answers) == len(data.names)
        assert (gender.gender_of("Angela"), gender.gender_of("Vladimir"), gender.gender_of("Kim")) == ("female", "male", None)
        assert gender.is_known_given_name("Sergey") and not gender.is_known_given_name("Hamburg")
    finally:
        gender._answers.cache_clear()
        gender.gender_of.cache_clear()
