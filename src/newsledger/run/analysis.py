"""Analysis that survives a bad article: spaCy batch speed with per-article isolation.

The one place every engine analyses through (``run.ingest`` in one process, the workers of
``run.batch``), so a broken article costs only itself whichever engine ran.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace
from typing import Callable, Iterable, Iterator

from newsledger.document import Article, Document
from newsledger import pipeline
from newsledger.settings import Settings


def _fresh(article: Article) -> Article:
    # The pipeline prepares articles in place (date, warnings); analysing one again after a
    # failed batch must start from the article as read.
    return replace(article, warnings=list(article.warnings))


def analyze_resilient(
    articles_in: Iterable[Article],
    settings: Settings,
    on_failure: Callable[[Article, BaseException], None],
    n_process: int = 1,
) -> Iterator[Document]:
    """``pipeline.analyze_articles`` that survives an article that makes a stage fail: the
    articles of the broken batch are analysed one by one, the culprit reported through
    ``on_failure``, and batching resumes with the rest. Yields in input order."""
    # pipeline.analyze_articles is looked up at each call, not bound at import, so that
    # a wrapper put in its place (a test counting what is analysed) sees every call.
    pending: deque[Article] = deque()
    source = iter(articles_in)
    source_failed = False

    def feed() -> Iterator[Article]:
        nonlocal source_failed
        while True:
            try:
                article = next(source)
            except StopIteration:
                return
            except BaseException:
                source_failed = True
                raise
            pending.append(article)
            yield _fresh(article)

    while True:
        try:
            for document in pipeline.analyze_articles(feed(), settings, n_process=n_process):
                pending.popleft()
                yield document
            return
        except Exception:
            if source_failed:
                raise
            suspects = list(pending)
            pending.clear()
        for article in suspects:
            try:
                document = next(pipeline.analyze_articles([_fresh(article)], settings))
            except Exception as exc:  # one bad article must not stop the batch
                on_failure(article, exc)
                continue
            yield document
