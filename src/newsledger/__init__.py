"""newsledger: who said what, and who did what to whom, when and where — and on whose word."""

from newsledger.document import (
    Actor,
    Article,
    Claim,
    Document,
    Event,
    Hedge,
    Mention,
    Place,
    Quote,
    ScareQuote,
    TimeExpr,
)
from newsledger.pipeline import NotEnglishWarning, analyze, analyze_articles, analyze_many
from newsledger.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Claim",
    "Document",
    "Event",
    "Hedge",
    "Mention",
    "NotEnglishWarning",
    "Place",
    "Quote",
    "ScareQuote",
    "Settings",
    "TimeExpr",
    "analyze",
    "analyze_articles",
    "analyze_many",
]
