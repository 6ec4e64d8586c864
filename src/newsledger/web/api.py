"""The JSON API under ``/api`` (documented at ``/docs``, spec at ``/openapi.json``). Each
route parses its parameters (:mod:`newsledger.web.params`) and returns its view's data
(:mod:`newsledger.web.views`) as it is."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine

from newsledger.store import queries as Q
from newsledger.store.store import Store
from newsledger.web import views
from newsledger.web.params import (
    ACTOR_NAME, ARTICLE_ID, ARTICLE_TEXT, PUBLISHED_SINCE, PUBLISHED_UNTIL, QUOTE_TEXT, SPEAKER, ClaimFilter, EventFilter, claim_filter, edge_count, event_filter, network_filter, outlet_filter, page, timeline_filter,
)
from newsledger.web.state import WebState, engine_of, store_of, web_state

router = APIRouter(prefix="/api")


class AnalyzeRequest(BaseModel):
    text: str = Field(..., min_length=1, description="The article text (plain text).")
    date: Optional[str] = Field(None, description="Publication date, YYYY-MM-DD; anchors relative time.")
    title: Optional[str] = Field(None, description="Headline; read from the text's head when absent.")
    source: Optional[str] = Field(None, description="Outlet name.")
    url: Optional[str] = Field(None, description="Where the article was published.")


class AnalyzeResponse(BaseModel):
    id: str = Field(..., description="The article id; GET /api/articles/{id} returns its facts.")
    created: bool = Field(..., description="False when the same text was already stored.")
    url: str = Field(..., description="The article page in the web UI.")


@router.get("/articles", tags=["articles"], summary="List and search articles")
def api_articles(
    q: Optional[str] = ARTICLE_TEXT,
    source: Optional[str] = outlet_filter(),
    since: Optional[str] = PUBLISHED_SINCE,
    until: Optional[str] = PUBLISHED_UNTIL,
    paging: Q.Page = Depends(page),
    engine: Engine = Depends(engine_of),
) -> dict[str, Any]:
    """Articles, newest first: `{total, limit, offset, items: [{id, title, date, source, url, n_chars, snippet, matches}]}`.
    With `q`, the best matches first (the newest 1,000 matches ranked, older ones after), `snippet` is the text around
    the matches and `matches` the `[start, end)` spans of the matched words in it; `total_exact` is false when `total`
    is a lower bound (PostgreSQL counts up to 1,000 matches)."""
    return views.articles(engine, paging, q=q, source=source, since=since, until=until)


@router.get("/articles/{article_id}", tags=["articles"], summary="One article with all its facts")
def api_article(article_id: str, store: Store = Depends(store_of)) -> dict[str, Any]:
    """The article in the `Document.to_dict()` layout (schema newsledger/1): text, actors with
    mentions, quotes, scare quotes, events, times, places, claims, hedges, sourcing profile."""
    return views.article(store, article_id)


@router.get("/actors", tags=["actors"], summary="List and search actors")
def api_actors(name: Optional[str] = ACTOR_NAME, paging: Q.Page = Depends(page), engine: Engine = Depends(engine_of)) -> dict[str, Any]:
    """Actors by the number of articles they are in, with counts of mentions, quotes and events."""
    return views.actors(engine, paging, name=name)


@router.get("/actors/{key}", tags=["actors"], summary="One actor with its quotes and events")
def api_actor(key: str, paging: Q.Page = Depends(page), engine: Engine = Depends(engine_of)) -> dict[str, Any]:
    """`key` is the actor key (`rex-tillerson`), its name (`Rex Tillerson`), its dictionary
    id, or else part of a name (the actor in most articles wins). Returns the actor, its quotes, its events as source or target, the
    articles it is in and whom it acts on."""
    return views.actor(engine, key, paging)


@router.get("/quotes", tags=["actors"], summary="Quotes, by speaker")
def api_quotes(
    speaker: Optional[str] = SPEAKER,
    article: Optional[str] = ARTICLE_ID,
    search: Optional[str] = QUOTE_TEXT,
    paging: Q.Page = Depends(page),
    engine: Engine = Depends(engine_of),
) -> dict[str, Any]:
    """Quotes with speaker, kind (direct, indirect, mixed) and article. With `search`, each
    item's `matches` are the `[start, end)` spans of the matched words in its `text`."""
    return views.quotes(engine, paging, speaker=speaker, article_id=article, search=search)


@router.get("/events", tags=["events"], summary="Search events")
def api_events(
    filters: EventFilter = Depends(event_filter), paging: Q.Page = Depends(page), engine: Engine = Depends(engine_of)
) -> dict[str, Any]:
    """Events, newest first, with source, target, type, date, place and the words that state it."""
    return views.events(engine, filters, paging)


@router.get("/dyads", tags=["events"], summary="Events between two actors, by month and type")
def api_dyads(
    a: str = Query(..., min_length=1, max_length=200, description="First actor: key, name, or part of a name."),
    b: str = Query(..., min_length=1, max_length=200, description="Second actor: key, name, or part of a name."),
    engine: Engine = Depends(engine_of),
) -> dict[str, Any]:
    """Counts of events between `a` and `b` in each direction (`a_to_b`, `b_to_a`), by
    month (YYYY-MM) and PLOVER type, and totals by type."""
    return views.dyad(engine, a, b)


@router.get("/network", tags=["events"], summary="Actor network: who acts on whom")
def api_network(
    filters: EventFilter = Depends(network_filter), edges: int = Depends(edge_count(150, 500)), engine: Engine = Depends(engine_of)
) -> dict[str, Any]:
    """Nodes (actors, with weight) and directed edges (source, target, type, n)."""
    return views.network(engine, filters, edges)


@router.get("/timeline", tags=["events"], summary="Event counts by month and type")
def api_timeline(filters: EventFilter = Depends(timeline_filter), engine: Engine = Depends(engine_of)) -> dict[str, Any]:
    return views.timeline(engine, filters)


@router.get("/sourcing", tags=["sourcing"], summary="Sourcing profiles per outlet")
def api_sourcing(outlet: Optional[str] = outlet_filter(), paging: Q.Page = Depends(page), engine: Engine = Depends(engine_of)) -> dict[str, Any]:
    """Per outlet: articles, claims by source type (named, anonymous, collective,
    unattributed), hedged claims, shares, and its most used anonymous sources."""
    return views.sourcing(engine, paging, outlet=outlet)


@router.get("/claims", tags=["sourcing"], summary="Claims, by source")
def api_claims(filters: ClaimFilter = Depends(claim_filter), paging: Q.Page = Depends(page), engine: Engine = Depends(engine_of)) -> dict[str, Any]:
    """Claims with their source (type and words) and article, newest first: e.g. every
    claim an outlet attributes to `officials` (`source_type=anonymous&source_text=officials`)."""
    return views.claims(engine, filters, paging)


@router.post("/analyze", tags=["articles"], summary="Analyse a new article and store it", response_model=AnalyzeResponse, status_code=201)
def api_analyze(request: AnalyzeRequest = Body(...), web: WebState = Depends(web_state)) -> AnalyzeResponse:
    """Runs the whole pipeline on `text` and stores the result. The body may be at most
    the server's upload limit (2 MB by default; 413 beyond)."""
    if not request.text.strip():
        raise HTTPException(400, "text is empty")
    article_id, created = views.analyze_and_store(web, request.text, request.date, request.title, request.source, request.url)
    return AnalyzeResponse(id=article_id, created=created, url=f"/articles/{article_id}")
