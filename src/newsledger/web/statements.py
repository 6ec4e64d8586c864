"""Statements across outlets in the web UI and the JSON API (issue 14).

``/api/statements`` and ``/api/statements/{id}`` return ``statement_queries``' data as it
is; ``/statements`` lists them and ``/statements/{id}`` shows the occurrences side by side,
each one's wording diffed against the longest direct wording."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.engine import Engine

from newsledger.store import queries as Q
from newsledger.store.statement_queries import list_statements, statement_detail
from newsledger.web.params import fixed_page, page
from newsledger.web.state import engine_of
from newsledger.web.views import NotFound

api_router = APIRouter(prefix="/api", tags=["statements"])
page_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

SPEAKER = Query(None, description="Speaker's name contains this, or the speaker's key.")
SINCE = Query(None, description="First reported on or after this date (YYYY-MM-DD, YYYY-MM, YYYY).")
UNTIL = Query(None, description="First reported on or before this date.")
MIN_ARTICLES = Query(None, ge=1, le=1_000_000, description="Reported by at least this many articles.")
FLAG = Query(None, description="wording, attribution or relay.")


def _listing(engine: Engine, paging: Q.Page, **filters: Any) -> dict[str, Any]:
    try:
        return list_statements(engine, page=paging, **filters)
    except Q.QueryError as exc:
        raise HTTPException(400, str(exc)) from exc


def _detail(engine: Engine, statement_id: str) -> dict[str, Any]:
    found = statement_detail(engine, statement_id)
    if found is None:
        raise NotFound(f"no statement with id {statement_id!r}")
    return found


@api_router.get("/statements", summary="Statements: one utterance and every article that reports it")
def api_statements(
    speaker: Optional[str] = SPEAKER, since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    min_articles: Optional[int] = MIN_ARTICLES, flag: Optional[str] = FLAG,
    paging: Q.Page = Depends(page), engine: Engine = Depends(engine_of),
) -> dict[str, Any]:
    return _listing(engine, paging, speaker=speaker, since=since, until=until, min_articles=min_articles, flag=flag)


@api_router.get("/statements/{statement_id}", summary="One statement with all its occurrences and their wording diffs")
def api_statement(statement_id: str, engine: Engine = Depends(engine_of)) -> dict[str, Any]:
    return _detail(engine, statement_id)


def _render(request: Request, template: str, **context: Any) -> HTMLResponse:
    from newsledger.web.pages import render

    return render(request, template, **context)


@page_router.get("/statements")
def page_statements(
    request: Request, speaker: Optional[str] = SPEAKER, since: Optional[str] = SINCE, until: Optional[str] = UNTIL,
    min_articles: Optional[int] = Query(2, ge=1, le=1_000_000), flag: Optional[str] = FLAG,
    paging: Q.Page = Depends(fixed_page(50)), engine: Engine = Depends(engine_of),
) -> HTMLResponse:
    form = {"speaker": speaker or "", "since": since or "", "until": until or "", "min_articles": min_articles or 1, "flag": flag or ""}
    result = _listing(engine, paging, speaker=speaker, since=since, until=until, min_articles=min_articles, flag=flag)
    for item in result["items"]:
        item["words"] = max((o["text"] for o in item["occurrences"]), key=len, default="")
    return _render(request, "statements.html", result=result, form=form)


@page_router.get("/statements/{statement_id}")
def page_statement(request: Request, statement_id: str, engine: Engine = Depends(engine_of)) -> HTMLResponse:
    from newsledger.web.highlight import safe_url

    statement = _detail(engine, statement_id)
    for occurrence in statement["occurrences"]:
        occurrence["safe_url"] = safe_url(occurrence["url"])  # never a javascript: link from a stored record
    return _render(request, "statement.html", statement=statement)
