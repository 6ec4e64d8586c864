"""Shared fixtures. spaCy loads once per test session (the pipeline caches the model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsledger
from newsledger.settings import Settings

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SEED_TEXT = EXAMPLES / "seed" / "trump-putin-hamburg-2017-07-08.txt"
SEED_GOLD = EXAMPLES / "gold" / "trump-putin-hamburg-2017-07-08.json"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def analyze(settings):
    """``analyze(text, date="2017-07-08")`` -> Document, the whole pipeline."""

    def run(text: str, date: str | None = "2017-07-08", **kw):
        return newsledger.analyze(text, date=date, settings=settings, **kw)

    return run


@pytest.fixture(scope="session")
def code_events(settings):
    """``code_events(text, date="2021-05-04", title=None)`` -> Document: the actors, quotes
    and events stages alone on the parse, as the event tests want them (no time, place or
    sourcing to blur what the coder did)."""
    return events_coder(settings)


def events_coder(settings: Settings):
    """The function behind ``code_events``, with the given settings (a lexicon folder of a test's own)."""
    from newsledger.document import Article, Document
    from newsledger.stages import actors, events, nlp, quotes

    model = nlp.load(settings.model)

    def run(text: str, date: str | None = "2021-05-04", title: str | None = None) -> Document:
        document = Document(article=Article(text=text, title=title, date=date))
        document.doc = model(text)
        actors.run(document, settings)
        quotes.run(document, settings)
        events.run(document, settings)
        return document

    return run


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_doc(analyze, seed_text):
    """The seed article analysed once for the whole session."""
    return analyze(seed_text, date="2017-07-08", title=None)


def load_script(name: str):
    """One of the repository's scripts/ (the dictionary converters) imported as a module."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def coder_with_dictionary(settings: Settings, folder: Path, dictionary: list[dict], *, hand_patterns: bool = True):
    """A function coding a text's events with a CAMEO verb dictionary of the test's own.

    The dictionary's records (``cameo_verbs.jsonl``'s format) go into a lexicon folder that
    overrides the shipped one; without ``hand_patterns`` the hand-written patterns are
    replaced by none, so that the tiny dictionary alone codes, as PETRARCH's unit tests do.
    The stages up to events run on each text. Clear ``events.lexicon``'s cache after use.
    """
    from dataclasses import replace

    (folder / "events").mkdir()
    (folder / "events" / "cameo_verbs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in dictionary), encoding="utf-8")
    if not hand_patterns:
        (folder / "events" / "hand_patterns.yaml").write_text("verbs: !replace []\nnouns: !replace []\n", encoding="utf-8")
    return events_coder(replace(settings, lexicons=folder))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a clear reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} (the team's shared data), which is not beside this checkout")
    return path


def fact_counts(document) -> dict[str, int]:
    """How many rows each store table should hold for one analysed document (0 included)."""
    return {
        "articles": 1,
        "actors": len(document.actors),
        "mentions": sum(len(a.mentions) for a in document.actors),
        "quotes": len(document.quotes),
        "scare_quotes": len(document.scare_quotes),
        "events": len(document.events),
        "times": len(document.times),
        "places": len(document.places),
        "claims": len(document.claims),
        "hedges": len(document.hedges),
        "sourcing": 1 if document.sourcing else 0,
    }


# --------------------------------------------------------------------------- databases
#
# The store, query, API, crash and export tests run against SQLite and PostgreSQL: they take
# ``db_url`` (a fresh database per test) or ``module_db_url`` (one per module), each
# parametrised over both. The PostgreSQL half needs a server: a throwaway cluster (tests/pg.py)
# starts on first use and stops at the end of the session; where none can start, those
# tests skip with the reason.

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres():
    """The session's throwaway PostgreSQL cluster (tests/pg.py), or a skip saying why not."""
    from pg import cluster_for_fixture

    yield from cluster_for_fixture()


def _fresh_database(request, backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return str(folder / "news.db")
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A fresh, empty database: a SQLite file path, or a PostgreSQL URL."""
    return _fresh_database(request, request.param, tmp_path)


@pytest.fixture(scope="module", params=BACKENDS)
def module_db_url(request, tmp_path_factory) -> str:
    """A fresh database shared by one module's tests, on each backend in turn."""
    return _fresh_database(request, request.param, tmp_path_factory.mktemp(request.param))


def is_sqlite(url: str) -> bool:
    return "://" not in str(url) or str(url).startswith("sqlite")


def count_articles(url: str) -> int:
    """Articles stored so far, 0 before the schema exists; safe to call while an ingest
    writes (it opens no Store, so it creates and migrates nothing)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from newsledger.store import database_url

    engine = _polling_engines.get(url)
    if engine is None:
        engine = _polling_engines[url] = create_engine(database_url(url))
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM articles")).scalar_one())
    except (OperationalError, ProgrammingError):  # not created yet
        return 0


_polling_engines: dict = {}
