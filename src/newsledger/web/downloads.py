"""CSV downloads of the listings (actors, quotes, events, claims, sourcing): the same
parameters and view functions as the pages and the API, every page of the listing
streamed, nested fields flattened to columns."""

from __future__ import annotations

import csv
import io
from typing import Any, Callable, Iterator, Optional

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse
from sqlalchemy.engine import Engine

from newsledger.store import queries as Q
from newsledger.web import views
from newsledger.web.params import ACTOR_NAME, ARTICLE_ID, SPEAKER, ClaimFilter, EventFilter, claim_filter, event_filter, outlet_filter
from newsledger.web.state import engine_of

router = APIRouter(include_in_schema=False)

# A cell starting with one of these is a formula to a spreadsheet: it is prefixed with a
# quote so that a payload in an article ("=HYPERLINK(...)") stays text when the file is opened.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def flatten(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """One row: nested dicts become ``parent_child`` columns, lists one '; '-joined cell."""
    row: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            row.update(flatten(value, f"{name}_"))
        elif isinstance(value, list):
            row[name] = "; ".join(
                " ".join(str(v) for v in x.values() if v is not None) if isinstance(x, dict) else str(x) for x in value
            )
        else:
            row[name] = value
    return row


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_stream(fetch: Callable[[Q.Page], dict[str, Any]]) -> Iterator[str]:
    """The rows of every page ``fetch`` returns, as CSV text; the columns are those of the
    first page's rows (every row of a listing has the same keys)."""
    offset, columns = 0, None
    buffer = io.StringIO()
    writer: Optional[Any] = None
    while True:
        result = fetch(Q.Page(Q.MAX_LIMIT, offset))
        rows = [flatten(item) for item in result["items"]]
        for row in rows:
            if writer is None:
                columns = list(row)
                writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
                writer.writeheader()
            writer.writerow({k: _cell(row.get(k)) for k in columns or ()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        offset += len(rows)
        if len(rows) < Q.MAX_LIMIT or ("total" in result and offset >= result["total"]):
            return


def csv_response(name: str, fetch: Callable[[Q.Page], dict[str, Any]]) -> StreamingResponse:
    return StreamingResponse(
        csv_stream(fetch),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="newsledger-{name}.csv"'},
    )


@router.get("/actors.csv")
def actors_csv(name: Optional[str] = ACTOR_NAME, engine: Engine = Depends(engine_of)) -> StreamingResponse:
    return csv_response("actors", lambda page: views.actors(engine, page, name=name))


@router.get("/quotes.csv")
def quotes_csv(speaker: Optional[str] = SPEAKER, article: Optional[str] = ARTICLE_ID, engine: Engine = Depends(engine_of)) -> StreamingResponse:
    return csv_response("quotes", lambda page: views.quotes(engine, page, speaker=speaker, article_id=article))


@router.get("/events.csv")
def events_csv(filters: EventFilter = Depends(event_filter), engine: Engine = Depends(engine_of)) -> StreamingResponse:
    views.events(engine, filters, Q.Page(1, 0))  # a bad filter is a 400 before the download starts
    return csv_response("events", lambda page: views.events(engine, filters, page))


@router.get("/claims.csv")
def claims_csv(filters: ClaimFilter = Depends(claim_filter), engine: Engine = Depends(engine_of)) -> StreamingResponse:
    return csv_response("claims", lambda page: views.claims(engine, filters, page))


@router.get("/sourcing.csv")
def sourcing_csv(outlet: Optional[str] = outlet_filter(), engine: Engine = Depends(engine_of)) -> StreamingResponse:
    return csv_response("sourcing", lambda page: views.sourcing(engine, page, outlet=outlet))
