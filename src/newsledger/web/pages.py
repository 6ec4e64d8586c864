"""The HTML pages (Jinja2, autoescape on) for a journalist who would rather look than read
JSON. Each page renders the data of the same view as its API twin
(:mod:`newsledger.web.views`), with the same parameters (:mod:`newsledger.web.params`),
adding only what is drawn: charts (:mod:`newsledger.web.charts`) and the highlighted text
(:mod:`newsledger.web.highlight`)."""

from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool

from newsledger.store import queries as Q
from newsledger.store.store import Store
from newsledger.web import views
from newsledger.web.charts import SMALL_SAMPLE, SOURCE_COLOURS, network_svg, sourcing_bars, timeline_svg
from newsledger.web.highlight import UNNAMED, article_facts, highlight, marked_spans, safe_url, speaker_key, unnamed_actors
from newsledger.web.params import (
    ACTOR_NAME, ARTICLE_TEXT, PUBLISHED_SINCE, PUBLISHED_UNTIL, ClaimFilter, EventFilter, claim_filter, edge_count, fixed_page, network_filter, outlet_filter,
    timeline_filter,
)
from newsledger.web.state import MB, WebState, engine_of, store_of, web_state

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
SEARCH_PAGE = 20  # search results per page (the article list shows 50)
ACTOR_PAGE = 50  # quotes, events and articles listed on an actor's page
TIMELINE_EVENTS = 50  # the newest events listed under the timeline (the CSV has them all)


def render(request: Request, template: str, /, status_code: int = 200, **context: Any) -> HTMLResponse:
    return request.app.state.web.templates.TemplateResponse(request, template, context, status_code=status_code)


@router.get("/")
def page_index(
    request: Request,
    q: Optional[str] = ARTICLE_TEXT,
    source: Optional[str] = outlet_filter(),
    since: Optional[str] = PUBLISHED_SINCE,
    until: Optional[str] = PUBLISHED_UNTIL,
    paging: Q.Page = Depends(fixed_page(50)),
    engine: Engine = Depends(engine_of),
) -> HTMLResponse:
    if q and q.strip():
        # Search results are ranked and each carries a snippet the engine cuts from the
        # article's text: a shorter page (20, as search engines show) costs fewer snippets.
        paging = Q.Page(SEARCH_PAGE, paging.offset)
    result = views.articles(engine, paging, q=q, source=source, since=since, until=until)
    for item in result["items"]:
        item["snippet_html"] = marked_spans(item["snippet"] or "", item.get("matches") or [])
    form = {"q": q or "", "source": source or "", "since": since or "", "until": until or ""}
    return render(request, "index.html", q=q or "", form=form, result=result, stats=Q.stats(engine))


@router.get("/articles/{article_id}")
def page_article(request: Request, article_id: str, store: Store = Depends(store_of)) -> HTMLResponse:
    doc, counted = views.article_for_page(store.engine, article_id)
    facts, colour = article_facts(doc)
    names = {a["id"]: a["name"] for a in doc["actors"]}
    mention_counts = {a["id"]: counted.get(a["id"], 0) for a in doc["actors"]}
    speakers: dict[str, dict[str, Any]] = {}
    unnamed = unnamed_actors(doc)
    from newsledger.store.statement_queries import article_statements

    reported = article_statements(store.engine, article_id)  # quote idx -> its statement, other outlets
    for i, q in enumerate(doc["quotes"]):
        key = speaker_key(q, unnamed)
        name = {UNNAMED: "Unnamed sources", "": "No source"}.get(key) or q.get("speaker_name") or names.get(key) or key
        entry = speakers.setdefault(key, {"key": key, "name": name, "link": key not in ("", UNNAMED), "colour": colour[key], "quotes": []})
        entry["quotes"].append({"id": f"q{i}", **q, "statement": reported.get(i)})
    # Named speakers first, then the quotes whose source is described but unnamed, then those with none.
    order = sorted(speakers.values(), key=lambda s: {UNNAMED: 1, "": 2}.get(s["key"], 0))
    return render(
        request,
        "article.html",
        doc=doc,
        article=doc["article"],
        link=safe_url(doc["article"].get("url")),
        body=highlight(doc["text"], facts),
        speakers=order,
        events=[{"id": f"e{i}", **e} for i, e in enumerate(doc["events"])],
        anons=[f for f in facts if f.kind == "anon"],
        hedges=[{"id": f"h{i}", **h} for i, h in enumerate(doc["hedges"])],
        actors=sorted(doc["actors"], key=lambda a: -mention_counts[a["id"]]),
        mention_counts=mention_counts,
        names=names,
    )


@router.get("/actors")
def page_actors(
    request: Request, name: Optional[str] = ACTOR_NAME, paging: Q.Page = Depends(fixed_page(100)), engine: Engine = Depends(engine_of)
) -> HTMLResponse:
    return render(request, "actors.html", name=name or "", result=views.actors(engine, paging, name=name))


@router.get("/actors/{key:path}")
def page_actor(request: Request, key: str, engine: Engine = Depends(engine_of)) -> HTMLResponse:
    # The newest ACTOR_PAGE of each list (the counts above them are the true totals; the
    # CSV downloads and /api/actors/{key} page through the rest): rendering is the page's cost.
    actor = views.actor(engine, key, Q.Page(ACTOR_PAGE, 0))
    tl = timeline_svg(views.actor_timeline(engine, actor["key"]), height=200)
    return render(request, "actor.html", actor=actor, tl=tl)


@router.get("/network")
def page_network(
    request: Request,
    filters: EventFilter = Depends(network_filter),
    edges: int = Depends(edge_count(80, 300)),
    engine: Engine = Depends(engine_of),
) -> HTMLResponse:
    net = views.network(engine, filters, edges)
    form = filters.form()
    return render(
        request, "network.html", svg=network_svg(net), types=Q.event_types(engine), type=form["type"], since=form["since"], until=form["until"], edges=edges
    )


@router.get("/timeline")
def page_timeline(request: Request, filters: EventFilter = Depends(timeline_filter), engine: Engine = Depends(engine_of)) -> HTMLResponse:
    tl = views.timeline(engine, filters)
    listed = views.events(engine, filters, Q.Page(TIMELINE_EVENTS, 0))
    return render(request, "timeline.html", tl=timeline_svg(tl), events=listed, types=Q.event_types(engine), filters=filters.form())


@router.get("/sourcing")
def page_sourcing(request: Request, engine: Engine = Depends(engine_of)) -> HTMLResponse:
    result = views.sourcing(engine, Q.Page(Q.MAX_LIMIT, 0))
    return render(
        request, "sourcing.html", result=result, bars=sourcing_bars(result["items"]), source_colours=SOURCE_COLOURS, small_sample=SMALL_SAMPLE
    )


@router.get("/claims")
def page_claims(request: Request, filters: ClaimFilter = Depends(claim_filter), engine: Engine = Depends(engine_of)) -> HTMLResponse:
    return render(request, "claims.html", result=views.claims(engine, filters, Q.Page(Q.MAX_LIMIT, 0)), filters=filters)


@router.get("/analyze")
def page_analyze(request: Request, web: WebState = Depends(web_state)) -> HTMLResponse:
    return render(request, "analyze.html", limit_mb=web.settings.max_upload_bytes / MB, error=None, form={})


@router.post("/analyze", response_model=None)
async def page_analyze_post(
    request: Request,
    text: str = Form(""),
    date: str = Form(""),
    title: str = Form(""),
    source: str = Form(""),
    url: str = Form(""),
    file: Optional[UploadFile] = File(None),
    web: WebState = Depends(web_state),
) -> HTMLResponse | RedirectResponse:
    raw = await file.read() if file is not None and file.filename else None
    form = {"text": text, "date": date, "title": title, "source": source, "url": url}
    limit_mb = web.settings.max_upload_bytes / MB
    if raw is None and not text.strip():
        return render(request, "analyze.html", status_code=400, limit_mb=limit_mb, error="Paste some text or choose a file.", form=form)
    try:
        article_id, _created = await run_in_threadpool(
            views.analyze_and_store, web, text, date.strip() or None, title.strip() or None, source.strip() or None, url.strip() or None,
            file.filename if raw is not None else None, raw,
        )
    except views.BadInput as exc:
        return render(request, "analyze.html", status_code=400, limit_mb=limit_mb, error=exc.message, form=form)
    return RedirectResponse(f"/articles/{article_id}", status_code=303)
