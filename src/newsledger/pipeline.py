"""The ordered list of stages over a Document, and batching.

A stage is a plain function ``stage(document, settings) -> None`` that reads the document
and adds its facts. ``STAGES`` lists them in order; the nlp stage runs first, batched.
"""

from __future__ import annotations

import datetime as _dt
from typing import Callable, Iterable, Iterator, Optional

from . import nlp
from .document import Article, Document
from .settings import Settings

Stage = Callable[[Document, Settings], None]


def _stages() -> list[tuple[str, Stage]]:
    # Imported here so that each stage module may import the pipeline's helpers freely.
    from . import actors

    stages: list[tuple[str, Stage]] = [("actors", actors.run)]
    for name in ("quotes", "events", "time", "place", "sourcing"):
        try:
            module = __import__(f"newsledger.{name}", fromlist=["run"])
        except ModuleNotFoundError as exc:
            if exc.name != f"newsledger.{name}":
                raise
            continue
        stages.append((name, module.run))
    return stages


STAGE_ORDER = ("actors", "quotes", "events", "time", "place", "sourcing")


def stage_names() -> list[str]:
    """The stages this installation runs, in order."""
    return [name for name, _stage in _stages()]


def _prepare(article: Article, settings: Settings) -> Document:
    if settings.date:
        article.date = settings.date
    if len(article.text) > settings.max_chars:
        article.warnings.append(
            f"article is {len(article.text):,} characters; only the first {settings.max_chars:,} were analysed"
        )
    return Document(article=article)


def _analysed_text(document: Document, settings: Settings) -> str:
    return document.text[: settings.max_chars]


def run_stages(document: Document, settings: Settings) -> Document:
    for _name, stage in _stages():
        stage(document, settings)
    return document


def analyze_articles(
    articles: Iterable[Article], settings: Optional[Settings] = None, n_process: int = 1
) -> Iterator[Document]:
    """Run the whole pipeline over articles, spaCy batched with ``nlp.pipe``; yields in input order."""
    settings = settings or Settings()
    model = nlp.load(settings.model)
    documents = (_prepare(a, settings) for a in articles)
    pairs = ((_analysed_text(d, settings), d) for d in documents)
    stages = _stages()
    for parsed, document in model.pipe(pairs, as_tuples=True, batch_size=settings.batch_size, n_process=n_process):
        document.doc = parsed
        for _name, stage in stages:
            stage(document, settings)
        yield document


def analyze(
    text: str,
    date: Optional[str | _dt.date] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    url: Optional[str] = None,
    settings: Optional[Settings] = None,
) -> Document:
    """Analyse one article's text. ``date`` (ISO string or date) anchors relative time."""
    if isinstance(date, _dt.date):
        date = date.isoformat()
    article = Article(text=text, date=date, title=title, source=source, url=url)
    return next(analyze_articles([article], settings))
