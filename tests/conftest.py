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
def seed_text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_doc(analyze, seed_text):
    """The seed article analysed once for the whole session."""
    return analyze(seed_text, date="2017-07-08", title=None)


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
