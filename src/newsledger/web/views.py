"""One data function per view, shared by the JSON API and the HTML pages (as Datasette's
views are): each takes the database and parsed parameters and returns the view's data.
The API returns it as JSON; the page renders it, adding only what is drawn (charts,
highlighting).

A view raises :class:`NotFound` for something that is not there and
:class:`newsledger.store.queries.QueryError` for a parameter it cannot use; the app turns
them into a 404 and a 400, as JSON or as a page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Optional

from sqlalchemy.engine import Engine

from newsledger.store import queries as Q
from newsledger.store.store import Store
from newsledger.web.params import ClaimFilter, EventFilter
from newsledger.web.state import WebState


class NotFound(LookupError):
    """The article, actor or pair asked for is not in the database; the message says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def articles(
    engine: Engine, page: Q.Page, q: Optional[str] = None, source: Optional[str] = None,
    since: Optional[str] = None, until: Optional[str] = None,
) -> dict[str, Any]:
    return Q.list_articles(engine, q=q, source=source, since=since, until=until, page=page)


def article(store: Store, article_id: str) -> dict[str, Any]:
    try:
        return store.article(article_id)
    except KeyError:
        raise NotFound(f"no article with id {article_id!r}") from None


def article_for_page(engine: Engine, article_id: str) -> tuple[dict[str, Any], dict[str, int]]:
    """The article as ``article`` gives it, its actors' mentions counted, not listed."""
    found = Q.article_for_page(engine, article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    return found


def actors(engine: Engine, page: Q.Page, name: Optional[str] = None) -> dict[str, Any]:
    return Q.list_actors(engine, name=name, page=page)


def actor(engine: Engine, key: str, page: Q.Page) -> dict[str, Any]:
    found = Q.actor_detail(engine, key, page=page)
    if found is None:
        raise NotFound(f"no actor with key or name {key!r}")
    return found


def quotes(
    engine: Engine, page: Q.Page, speaker: Optional[str] = None, article_id: Optional[str] = None, search: Optional[str] = None
) -> dict[str, Any]:
    return Q.list_quotes(engine, speaker=speaker, article_id=article_id, page=page, search_text=search)


def events(engine: Engine, filters: EventFilter, page: Q.Page) -> dict[str, Any]:
    return Q.list_events(engine, page=page, **filters.given())


def dyad(engine: Engine, a: str, b: str) -> dict[str, Any]:
    try:
        return Q.dyad(engine, a, b)
    except LookupError as exc:
        raise NotFound(str(exc.args[0])) from exc


def network(engine: Engine, filters: EventFilter, edges: int) -> dict[str, Any]:
    return Q.network(engine, max_edges=edges, **filters.given())


def timeline(engine: Engine, filters: EventFilter) -> dict[str, Any]:
    return Q.timeline(engine, **filters.given())


def actor_timeline(engine: Engine, key: str) -> dict[str, Any]:
    return Q.actor_timeline(engine, key)


def sourcing(engine: Engine, page: Q.Page, outlet: Optional[str] = None) -> dict[str, Any]:
    return Q.sourcing_profiles(engine, outlet=outlet, page=page)


def claims(engine: Engine, filters: ClaimFilter, page: Q.Page) -> dict[str, Any]:
    return Q.list_claims(engine, source_type=filters.source_type, source_text=filters.source_text, outlet=filters.outlet, page=page)


class BadInput(ValueError):
    """Input the pipeline cannot read (an empty text, a file of an unknown kind, a bad date)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_UPLOAD_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".json", ".jsonl"}


def analyze_and_store(
    web: WebState,
    text: str,
    date: Optional[str],
    title: Optional[str],
    source: Optional[str],
    url: Optional[str],
    path: Optional[str] = None,
    raw: Optional[bytes] = None,
) -> tuple[str, bool]:
    """Reads a pasted text or an uploaded file (``raw``, named ``path``) as ``newsledger
    analyze`` would, runs the pipeline and stores the document: (its id, whether it is new)."""
    from newsledger.ingest import IngestError, read_one, read_text_article
    from newsledger.pipeline import analyze_articles

    try:
        if raw is not None:
            article = _read_upload(raw, path or "upload.txt", date, read_one)
        else:
            article = read_text_article(text, path="<pasted text>", date=date)
    except IngestError as exc:
        raise BadInput(exc.message + (f" — {exc.hint}" if exc.hint else "")) from exc
    if title:
        article.title = title
    if source:
        article.source = source
    if url:
        article.url = url
    with web.analyze_lock:
        if web.store.has(article.id):
            return article.id, False
        document = next(analyze_articles([article], web.settings.analysis))
        created = web.store.save(document)
    return document.id, created


def _read_upload(raw: bytes, filename: str, date: Optional[str], read_one: Any) -> Any:
    """An uploaded file read as ``newsledger analyze`` reads a file (text, HTML or one-line JSONL)."""
    suffix = Path(filename).suffix.lower()
    suffix = suffix if suffix in _UPLOAD_SUFFIXES else ".txt"
    with tempfile.TemporaryDirectory(prefix="newsledger-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(raw)
        article = read_one(path, date=date)
    article.path = Path(filename).name
    return article
