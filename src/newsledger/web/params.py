"""Query parameters shared by the JSON API and the HTML pages, each declared once.

A route takes its parameters through these dependencies, so an API endpoint and the page
that shows the same view accept the same names with the same limits and descriptions.
The dependencies return parsed values (:class:`EventFilter`, :class:`newsledger.store.queries.Page`)
that the data functions in :mod:`newsledger.web.views` take.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable, Optional

from fastapi import HTTPException, Query

from newsledger.store import queries as Q

# SQLite integers are 64-bit: a larger offset would fail in the driver (a 500), so it is
# refused as a bad parameter; no database here holds a billion items.
MAX_OFFSET = 10**9

LIMIT = Query(Q.DEFAULT_LIMIT, ge=1, le=Q.MAX_LIMIT, description=f"Page size, 1 to {Q.MAX_LIMIT}.")
OFFSET = Query(0, ge=0, le=MAX_OFFSET, description=f"Items to skip (paging), 0 to {MAX_OFFSET}.")
SINCE = Query(None, description="Events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).")
UNTIL = Query(None, description="Events on or before this date (YYYY-MM-DD, YYYY-MM or YYYY).")
ACTOR = Query(None, max_length=200, description="Either side: key, or name contains this.")
SOURCE_ACTOR = Query(None, max_length=200, description="Source actor: key, or name contains this.")
TARGET_ACTOR = Query(None, max_length=200, description="Target actor: key, or name contains this.")
EVENT_TYPE = Query(None, max_length=40, description="PLOVER event type, e.g. CONSULT, ACCUSE.")
ONLY_TYPE = Query(None, max_length=40, description="Only this event type.")
ARTICLE_TEXT = Query(None, max_length=200, description='Full-text search of title and text: words, "a phrase", prefix*; all required.')
QUOTE_TEXT = Query(None, max_length=200, description='Full-text search of the quote\'s words: words, "a phrase", prefix*; all required.')
PUBLISHED_SINCE = Query(None, description="Articles published on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).")
PUBLISHED_UNTIL = Query(None, description="Articles published on or before this date (YYYY-MM-DD, YYYY-MM or YYYY).")
ACTOR_NAME = Query(None, max_length=200, description="Name or key contains this (case-insensitive).")
SPEAKER = Query(None, max_length=200, description="Speaker's name contains this, or the speaker's key.")
ARTICLE_ID = Query(None, max_length=64, description="Only quotes of this article id.")


# The dependencies below are ``async def`` though they wait for nothing: FastAPI runs a
# plain ``def`` dependency in its thread pool, a hand-over to another thread and back for
# each of them on every request; these only build a small object from the parameters.


def outlet_filter() -> Any:
    """The outlet filter, a new declaration for each use: FastAPI names a declaration after
    the parameter it is first bound to, and this one is bound to ``source`` and ``outlet``."""
    return Query(None, max_length=200, description="Outlet name contains this.")


@dataclass(frozen=True)
class EventFilter:
    """Which events a view counts: by actor (either side, source, target), type and dates."""

    source: Optional[str] = None
    target: Optional[str] = None
    actor: Optional[str] = None
    type: Optional[str] = None
    since: Optional[str] = None
    until: Optional[str] = None

    def given(self) -> dict[str, Optional[str]]:
        """The filters as keyword arguments for the queries (unset ones left out)."""
        return {name: value for name, value in asdict(self).items() if value is not None}

    def form(self) -> dict[str, str]:
        """Every filter as text for a form's fields ('' when unset)."""
        return {name: value or "" for name, value in asdict(self).items()}


async def event_filter(
    source: Optional[str] = SOURCE_ACTOR,
    target: Optional[str] = TARGET_ACTOR,
    actor: Optional[str] = ACTOR,
    type: Optional[str] = EVENT_TYPE,
    since: Optional[str] = SINCE,
    until: Optional[str] = UNTIL,
) -> EventFilter:
    """Events listed: any side, type and dates."""
    return EventFilter(source=source, target=target, actor=actor, type=type, since=since, until=until)


async def timeline_filter(
    actor: Optional[str] = ACTOR,
    type: Optional[str] = ONLY_TYPE,
    since: Optional[str] = SINCE,
    until: Optional[str] = UNTIL,
) -> EventFilter:
    """Events counted by month: one actor on either side, type and dates."""
    return EventFilter(actor=actor, type=type, since=since, until=until)


async def network_filter(type: Optional[str] = ONLY_TYPE, since: Optional[str] = SINCE, until: Optional[str] = UNTIL) -> EventFilter:
    """Events drawn in the network: type and dates."""
    return EventFilter(type=type, since=since, until=until)


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims a listing shows: by source type, exact source words and outlet."""

    source_type: Optional[str] = None
    source_text: Optional[str] = None
    outlet: Optional[str] = None


async def claim_filter(
    source_type: Optional[str] = Query(None, max_length=20, description="named, anonymous, collective or unattributed."),
    source_text: Optional[str] = Query(None, max_length=500, description="The source's words, exactly (e.g. `officials`)."),
    outlet: Optional[str] = Query(None, max_length=200, description="The outlet, exactly as the sourcing profiles name it."),
) -> ClaimFilter:
    return ClaimFilter(source_type=source_type, source_text=source_text, outlet=outlet)


def edge_count(default: int, most: int) -> Callable[..., int]:
    """The ``edges`` parameter with its default and bound: the API returns more edges than
    the page draws legibly, so each declares its own numbers and shares the rest."""

    async def edges(edges: int = Query(default, ge=1, le=most, description="Most edges returned (heaviest first).")) -> int:
        return edges

    return edges


async def page(limit: int = LIMIT, offset: int = OFFSET) -> Q.Page:
    """``limit`` and ``offset`` as a page of a listing."""
    try:
        return Q.Page(limit, offset)
    except Q.QueryError as exc:
        raise HTTPException(400, str(exc)) from exc


def fixed_page(size: int) -> Callable[..., Q.Page]:
    """Paging for a page of the web UI: a fixed page size and the ``offset`` parameter."""

    async def paged(offset: int = OFFSET) -> Q.Page:
        return Q.Page(size, offset)

    return paged
