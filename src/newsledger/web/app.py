"""The HTTP API and the web UI over a newsledger database: ``create_app(db_url)``.

JSON under ``/api`` (documented at ``/docs``, spec at ``/openapi.json``) and server-rendered
pages (Jinja2, autoescape on) for a journalist who would rather look than read JSON. All
reads go through :mod:`newsledger.store.queries` (parameterized SQLAlchemy Core).

Article text is never trusted: the highlighted article is built by escaping every text
segment between fact boundaries (``markupsafe.escape``) and wrapping it in markup whose
attribute values are escaped too; nothing from the database is marked safe unescaped.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

import jinja2
from fastapi import Body, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsledger.store import queries as Q
from newsledger.settings import Settings
from newsledger.store.store import Store

WEB = Path(__file__).parent
MB = 1024 * 1024


@dataclass(frozen=True)
class ServeSettings:
    """How the server behaves. ``analysis`` is handed to the pipeline for /api/analyze."""

    max_upload_bytes: int = 2 * MB
    analysis: Settings = field(default_factory=Settings)
    title: str = "newsledger"


# --------------------------------------------------------------------------- body size


class BodyLimit:
    """ASGI middleware for requests with a body: one from another site's page (its Origin
    is not this server) gets 403; a body over ``limit`` bytes gets 413 before the app sees
    it, whether it announces its length or streams it."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin")
        if origin is not None and origin != b"null" and urlsplit(origin.decode("latin-1")).netloc.encode("latin-1") != headers.get(b"host"):
            # Another site's page posting to this (loopback) server: refuse, so a web page the
            # user visits cannot add articles behind their back.
            response = JSONResponse({"error": "forbidden", "detail": "cross-site request refused"}, status_code=403)
            await response(scope, _no_receive, send)
            return
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.limit:
                await self._too_large(scope, send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: dict, send: Any) -> None:
        limit_mb = self.limit / MB
        message = f"request body too large: the limit is {self.limit} bytes ({limit_mb:.1f} MB)"
        response = JSONResponse({"error": "payload too large", "detail": message}, status_code=413)
        await response(scope, _no_receive, send)


async def _no_receive() -> dict:
    return {"type": "http.disconnect"}


# --------------------------------------------------------------------------- highlighting

SPEAKER_COLOURS = 8
_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def _css(value: str) -> str:
    return _CLASS_SAFE.sub("_", value)


@dataclass
class Fact:
    id: str  # anchor id, e.g. "q3"
    kind: str  # quote | speaker | event | anon | hedge
    start: int
    end: int
    classes: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)


def _find_near(text: str, needle: str, start: int, end: int, window: int = 400) -> Optional[tuple[int, int]]:
    """The occurrence of ``needle`` nearest to ``[start, end)``, searched in a window around it."""
    if not needle:
        return None
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    best: Optional[tuple[int, int]] = None
    at = text.find(needle, lo, hi)
    while at != -1:
        distance = 0 if start <= at < end else min(abs(at - start), abs(at - end))
        if best is None or distance < best[0]:
            best = (distance, at)
        at = text.find(needle, at + 1, hi)
    return None if best is None else (best[1], best[1] + len(needle))


def article_facts(doc: dict[str, Any]) -> tuple[list[Fact], dict[str, str]]:
    """The facts of a stored document that are shown in the text, and each speaker's colour."""
    text = doc["text"]
    names = {a["id"]: a["name"] for a in doc["actors"]}
    colour: dict[str, str] = {}  # speaker key -> CSS class; unattributed quotes stay grey
    for q in doc["quotes"]:
        key = q.get("speaker") or ""
        if key not in colour:
            colour[key] = f"spk-{sum(1 for k in colour if k) % SPEAKER_COLOURS}" if key else "spk-none"
    facts: list[Fact] = []
    for i, q in enumerate(doc["quotes"]):
        key = q.get("speaker") or ""
        speaker = q.get("speaker_name") or names.get(key) or "unattributed"
        facts.append(
            Fact(
                f"q{i}",
                "quote",
                q["start"],
                q["end"],
                f"quote {q['kind']} {colour[key]}",
                f"{q['kind']} quote — {speaker}",
                {"speaker": speaker, "speaker_key": key, "quote": f"q{i}"},
            )
        )
        span = q.get("speaker_span")
        if span:
            facts.append(
                Fact(f"s{i}", "speaker", span["start"], span["end"], f"speaker {colour[key]}", f"speaker: {speaker}", {"speaker": speaker})
            )
    for i, e in enumerate(doc["events"]):
        who = f"{e.get('source_name') or '?'} → {e.get('target_name') or '?'}"
        facts.append(
            Fact(f"e{i}", "event", e["start"], e["end"], f"event ev-{_css(e['type'])}", f"{e['type']}: {who}", {"event": e["type"]})
        )
    n_anon = 0
    for c in doc["claims"]:
        if c.get("source_type") != "anonymous" or not c.get("source_text"):
            continue
        found = _find_near(text, c["source_text"], c["start"], c["end"])
        if found:
            facts.append(Fact(f"a{n_anon}", "anon", found[0], found[1], "anon", f"anonymous source: {c['source_text']}"))
            n_anon += 1
    for i, h in enumerate(doc["hedges"]):
        facts.append(Fact(f"h{i}", "hedge", h["start"], h["end"], f"hedge hedge-{_css(h['kind'])}", f"hedge ({h['kind']})"))
    n = len(text)
    facts = [f for f in facts if 0 <= f.start < f.end <= n]
    return facts, colour


def highlight(text: str, facts: list[Fact]) -> Markup:
    """The text as HTML with each fact wrapped in place. Every segment of text between two
    fact boundaries is escaped on its own; the wrapping markup carries escaped attributes."""
    bounds = sorted({0, len(text), *(f.start for f in facts), *(f.end for f in facts)})
    starts: dict[int, list[Fact]] = {}
    for f in facts:
        starts.setdefault(f.start, []).append(f)
    out: list[Markup] = []
    ordered = sorted(facts, key=lambda f: (f.start, -f.end))
    for lo, hi in zip(bounds, bounds[1:]):
        for f in starts.get(lo, ()):
            out.append(Markup('<a class="anchor" id="f-{}"></a>').format(f.id))
        segment = text[lo:hi]
        active = [f for f in ordered if f.start <= lo and f.end >= hi]
        if not active:
            out.append(escape(segment))
            continue
        classes: list[str] = []
        for f in active:
            for c in f.classes.split():
                if c not in classes:
                    classes.append(c)
        attrs = Markup(' class="fact {}" data-facts="{}" title="{}"').format(
            " ".join(classes), " ".join(f.id for f in active), "; ".join(f.title for f in active)
        )
        quote = next((f for f in active if f.kind == "quote"), None)
        if quote is not None:
            attrs += Markup(' data-quote="{}" data-speaker="{}"').format(quote.data["quote"], quote.data["speaker"])
        out.append(Markup("<span{}>{}</span>").format(attrs, segment))
    return Markup("").join(out)


def safe_url(url: Optional[str]) -> Optional[str]:
    """The URL when it is http(s), else None (a ``javascript:`` URL is shown as text only)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


# --------------------------------------------------------------------------- SVG layouts


EVENT_COLOURS = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#e7ba52", "#843c39", "#5254a3",
)


def type_colours(types: list[str]) -> dict[str, str]:
    return {t: EVENT_COLOURS[i % len(EVENT_COLOURS)] for i, t in enumerate(sorted(set(types)))}


def _spring(keys: list[str], links: list[tuple[str, str]], iterations: int = 150) -> dict[str, tuple[float, float]]:
    """Fruchterman–Reingold from a circle (the same picture on every load), scaled to [0, 1]."""
    n = len(keys)
    if n == 1:
        return {keys[0]: (0.5, 0.5)}
    pos = {key: [math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i, key in enumerate(keys)}
    k = 1.0 / math.sqrt(n)
    temperature = 0.2
    for _ in range(iterations):
        disp = {key: [0.0, 0.0] for key in keys}
        for i, a in enumerate(keys):
            pa, da = pos[a], disp[a]
            for b in keys[i + 1 :]:
                dx, dy = pa[0] - pos[b][0], pa[1] - pos[b][1]
                d2 = dx * dx + dy * dy or 1e-6
                f = k * k / d2
                da[0] += dx * f
                da[1] += dy * f
                disp[b][0] -= dx * f
                disp[b][1] -= dy * f
        for a, b in links:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = math.hypot(dx, dy) or 1e-3
            f = d / k
            disp[a][0] -= dx * f
            disp[a][1] -= dy * f
            disp[b][0] += dx * f
            disp[b][1] += dy * f
        for key in keys:
            dx, dy = disp[key]
            d = math.hypot(dx, dy) or 1e-6
            step = min(d, temperature)
            pos[key][0] += dx / d * step
            pos[key][1] += dy / d * step
        temperature = max(0.002, temperature * 0.96)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]

    def unit(value: float, low: float, high: float) -> float:
        return 0.5 if high - low < 1e-9 else (value - low) / (high - low)

    return {key: (unit(p[0], min(xs), max(xs)), unit(p[1], min(ys), max(ys))) for key, p in pos.items()}


def force_layout(keys: list[str], links: list[tuple[str, str]], width: float) -> tuple[dict[str, tuple[float, float]], float]:
    """Positions of the nodes and the height they need: each connected group of actors is
    laid out on its own, in a box sized by its number of actors, and the boxes are packed
    in rows, biggest first (one layout for all would squeeze the small groups together)."""
    neighbours: dict[str, set[str]] = {key: set() for key in keys}
    for a, b in links:
        neighbours[a].add(b)
        neighbours[b].add(a)
    groups: list[list[str]] = []
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            continue
        group, stack = [], [key]
        seen.add(key)
        while stack:
            node = stack.pop()
            group.append(node)
            for other in sorted(neighbours[node] - seen):
                seen.add(other)
                stack.append(other)
        groups.append(group)
    groups.sort(key=lambda g: (-len(g), g[0]))
    pos: dict[str, tuple[float, float]] = {}
    x, y, row_height, gap = 10.0, 10.0, 0.0, 10.0
    for group in groups:
        members = set(group)
        local = _spring(group, [(a, b) for a, b in links if a in members and b in members])
        box_w = min(width - 2 * gap, max(230.0, 170.0 * math.sqrt(len(group))))
        box_h = max(90.0, 120.0 * math.sqrt(len(group)) if len(group) > 2 else 90.0)
        if x + box_w > width - gap:
            x, y, row_height = gap, y + row_height + gap, 0.0
        for key, (ux, uy) in local.items():
            pos[key] = (round(x + 60 + ux * (box_w - 120), 1), round(y + 30 + uy * (box_h - 50), 1))
        x += box_w + gap
        row_height = max(row_height, box_h)
    return pos, y + row_height + gap


def network_svg(net: dict[str, Any], width: int = 960) -> dict[str, Any]:
    nodes = net["nodes"]
    edges = net["edges"]
    links = sorted({(e["source"], e["target"]) for e in edges})
    pos, height = force_layout([n["key"] for n in nodes], links, width)
    height = int(max(height, 200))
    colours = type_colours([e["type"] for e in edges])
    markers = {t: i for i, t in enumerate(colours, start=1)}  # the arrow head of each colour, in <defs> order
    max_weight = max((n["weight"] for n in nodes), default=1)
    radius = {n["key"]: round(5 + 12 * math.sqrt(n["weight"] / max_weight), 1) for n in nodes}
    # Parallel edges (same pair, several types) are bent apart so each colour shows.
    seen: dict[tuple[str, str], int] = {}
    drawn = []
    for e in edges:
        pair = (e["source"], e["target"])
        i = seen.get(pair, 0)
        seen[pair] = i + 1
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        dx, dy = x2 - x1, y2 - y1
        d = math.hypot(dx, dy) or 1
        bend = 12 + 14 * i
        qx, qy = (x1 + x2) / 2 - dy / d * bend, (y1 + y2) / 2 + dx / d * bend
        # End the curve at the rims of the circles so the arrow head shows.
        def rim(x: float, y: float, r: float) -> tuple[float, float]:
            vx, vy = qx - x, qy - y
            v = math.hypot(vx, vy) or 1
            return x + vx / v * (r + 2), y + vy / v * (r + 2)

        sx, sy = rim(x1, y1, radius[e["source"]])
        tx, ty = rim(x2, y2, radius[e["target"]])
        drawn.append(
            {
                **e,
                "path": f"M{sx:.1f},{sy:.1f} Q{qx:.1f},{qy:.1f} {tx:.1f},{ty:.1f}",
                "colour": colours[e["type"]],
                "marker": markers[e["type"]],
                "width": round(1.2 + 1.5 * math.log1p(e["n"]), 1),
            }
        )
    drawn_nodes = [{**n, "x": pos[n["key"]][0], "y": pos[n["key"]][1], "r": radius[n["key"]]} for n in nodes]
    return {"width": width, "height": height, "nodes": drawn_nodes, "edges": drawn, "colours": colours}


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline_svg(tl: dict[str, Any], width: int = 960, height: int = 300) -> dict[str, Any]:
    """Stacked bars per month on a continuous axis (empty months included). Events dated
    only to a year cannot be placed on it; they are counted in ``year_only``."""
    counts = {m["month"]: m["counts"] for m in tl["months"] if re.fullmatch(r"\d{4}-\d{2}", m["month"] or "")}
    year_only = sum(m["total"] for m in tl["months"] if m["month"] not in counts)
    months = _month_range(min(counts), max(counts)) if counts else []
    types = sorted({t for c in counts.values() for t in c})
    colours = type_colours(types)
    top = max((sum(c.values()) for c in counts.values()), default=1) or 1
    left, bottom, plot_h = 40, 40, height - 60
    bar_w = max(3.0, min(40.0, (width - left - 10) / max(1, len(months)) - 2))
    bars = []
    for i, month in enumerate(months):
        x = left + i * (bar_w + 2)
        y = height - bottom
        for t in types:
            n = counts.get(month, {}).get(t, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            bars.append({"x": round(x, 1), "y": round(y, 1), "w": round(bar_w, 1), "h": round(h, 1), "colour": colours[t], "type": t, "n": n, "month": month})
    every = max(1, math.ceil(56 / (bar_w + 2)))  # a label needs about 56 px
    labels = [{"x": round(left + i * (bar_w + 2) + bar_w / 2, 1), "text": m} for i, m in enumerate(months) if i % every == 0]
    return {
        "width": max(width, int(left + len(months) * (bar_w + 2) + 20)),
        "height": height,
        "bars": bars,
        "labels": labels,
        "colours": colours,
        "top": top,
        "axis_y": height - bottom,
        "year_only": year_only,
    }


# --------------------------------------------------------------------------- request models


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


# --------------------------------------------------------------------------- the app


def _page(limit: int, offset: int) -> Q.Page:
    try:
        return Q.Page(limit, offset)
    except Q.QueryError as exc:
        raise HTTPException(400, str(exc)) from exc


def _bad(exc: Exception) -> HTTPException:
    return HTTPException(400, str(exc))


LIMIT = Query(Q.DEFAULT_LIMIT, ge=1, le=Q.MAX_LIMIT, description=f"Page size, 1 to {Q.MAX_LIMIT}.")
# SQLite integers are 64-bit: a larger offset would fail in the driver (a 500), so it is
# refused as a bad parameter; no database here holds a billion items.
MAX_OFFSET = 10**9
OFFSET = Query(0, ge=0, le=MAX_OFFSET, description=f"Items to skip (paging), 0 to {MAX_OFFSET}.")
SINCE = Query(None, description="Events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).")
UNTIL = Query(None, description="Events on or before this date (YYYY-MM-DD, YYYY-MM or YYYY).")


def create_app(db_url: str | os.PathLike[str], settings: Optional[ServeSettings] = None) -> FastAPI:
    """The FastAPI app over the database at ``db_url`` (a SQLite path or a SQLAlchemy URL)."""
    settings = settings or ServeSettings()
    store = Store(db_url)
    engine = store.engine
    analyze_lock = threading.Lock()  # one analysis at a time: the spaCy model is shared

    app = FastAPI(
        title="newsledger",
        version=_version(),
        description=(
            "Who said what, and who did what to whom, when and where — and on whose word. "
            "Read-only JSON over a newsledger database, plus POST /api/analyze to add an article. "
            f"Lists are paged: `limit` (1–{Q.MAX_LIMIT}) and `offset`. Errors are JSON: "
            '`{"error": ..., "detail": ...}`.'
        ),
        openapi_tags=[
            {"name": "articles", "description": "Articles and all the facts found in them."},
            {"name": "actors", "description": "People, organisations and countries across articles."},
            {"name": "events", "description": "Who did what to whom (PLOVER event types), dyads."},
            {"name": "sourcing", "description": "How outlets source their claims."},
        ],
    )
    app.state.store = store
    app.state.settings = settings
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(WEB / "templates")), autoescape=True)
    templates = Jinja2Templates(env=environment)
    templates.env.globals["site_title"] = settings.title
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)

    # errors ------------------------------------------------------------------

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api") and request.url.path != "/openapi.json"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Any:
        label = {400: "bad request", 404: "not found", 405: "method not allowed", 413: "payload too large"}.get(exc.status_code, "error")
        if wants_html(request):
            return templates.TemplateResponse(
                request, "error.html", {"status": exc.status_code, "label": label, "message": str(exc.detail)}, status_code=exc.status_code
            )
        return JSONResponse({"error": label, "detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Any:
        problems = [
            {"parameter": ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body")), "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        text = "; ".join(f"{p['parameter']}: {p['message']}" for p in problems)
        if wants_html(request):
            return templates.TemplateResponse(request, "error.html", {"status": 400, "label": "bad request", "message": text}, status_code=400)
        return JSONResponse({"error": "bad parameter", "detail": text, "problems": problems}, status_code=422)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Any:
        # Never a stack trace in a response; the server log has it.
        if wants_html(request):
            return HTMLResponse(
                "<!doctype html><title>500 · newsledger</title><h1>500 — internal server error</h1>"
                "<p>The server failed; see its log.</p><p><a href=\"/\">Back to the articles</a></p>",
                status_code=500,
            )
        return JSONResponse({"error": "internal server error", "detail": "the server failed; see its log"}, status_code=500)

    # JSON API ----------------------------------------------------------------

    @app.get("/api/articles", tags=["articles"], summary="List and search articles")
    def api_articles(
        q: Optional[str] = Query(None, max_length=200, description="Words to find in the title or text (case-insensitive)."),
        source: Optional[str] = Query(None, max_length=200, description="Outlet name contains this."),
        limit: int = LIMIT,
        offset: int = OFFSET,
    ) -> dict[str, Any]:
        """Articles, newest first: `{total, limit, offset, items: [{id, title, date, source, url, n_chars, snippet}]}`."""
        return Q.list_articles(engine, q=q, source=source, page=_page(limit, offset))

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article with all its facts")
    def api_article(article_id: str) -> dict[str, Any]:
        """The article in the `Document.to_dict()` layout (schema newsledger/1): text, actors with
        mentions, quotes, scare quotes, events, times, places, claims, hedges, sourcing profile."""
        try:
            return store.article(article_id)
        except KeyError:
            raise HTTPException(404, f"no article with id {article_id!r}") from None

    @app.get("/api/actors", tags=["actors"], summary="List and search actors")
    def api_actors(
        name: Optional[str] = Query(None, max_length=200, description="Name or key contains this (case-insensitive)."),
        limit: int = LIMIT,
        offset: int = OFFSET,
    ) -> dict[str, Any]:
        """Actors by the number of articles they are in, with counts of mentions, quotes and events."""
        return Q.list_actors(engine, name=name, page=_page(limit, offset))

    @app.get("/api/actors/{key}", tags=["actors"], summary="One actor with its quotes and events")
    def api_actor(key: str, limit: int = LIMIT, offset: int = OFFSET) -> dict[str, Any]:
        """`key` is the actor key (`rex-tillerson`), its name (`Rex Tillerson`), its dictionary
        id, or else part of a name (the actor in most articles wins). Returns the actor, its quotes, its events as source or target, the
        articles it is in and whom it acts on."""
        actor = Q.actor_detail(engine, key, page=_page(limit, offset))
        if actor is None:
            raise HTTPException(404, f"no actor with key or name {key!r}")
        return actor

    @app.get("/api/quotes", tags=["actors"], summary="Quotes, by speaker")
    def api_quotes(
        speaker: Optional[str] = Query(None, max_length=200, description="Speaker's name contains this, or the speaker's key."),
        article: Optional[str] = Query(None, max_length=64, description="Only quotes of this article id."),
        limit: int = LIMIT,
        offset: int = OFFSET,
    ) -> dict[str, Any]:
        """Quotes with speaker, kind (direct, indirect, mixed) and article."""
        return Q.list_quotes(engine, speaker=speaker, article_id=article, page=_page(limit, offset))

    @app.get("/api/events", tags=["events"], summary="Search events")
    def api_events(
        source: Optional[str] = Query(None, max_length=200, description="Source actor: key, or name contains this."),
        target: Optional[str] = Query(None, max_length=200, description="Target actor: key, or name contains this."),
        actor: Optional[str] = Query(None, max_length=200, description="Either side: key, or name contains this."),
        type: Optional[str] = Query(None, max_length=40, description="PLOVER event type, e.g. CONSULT, ACCUSE."),
        since: Optional[str] = SINCE,
        until: Optional[str] = UNTIL,
        limit: int = LIMIT,
        offset: int = OFFSET,
    ) -> dict[str, Any]:
        """Events, newest first, with source, target, type, date, place and the words that state it."""
        try:
            return Q.list_events(
                engine, page=_page(limit, offset), source=source, target=target, actor=actor, type=type, since=since, until=until
            )
        except Q.QueryError as exc:
            raise _bad(exc) from exc

    @app.get("/api/dyads", tags=["events"], summary="Events between two actors, by month and type")
    def api_dyads(
        a: str = Query(..., min_length=1, max_length=200, description="First actor: key, name, or part of a name."),
        b: str = Query(..., min_length=1, max_length=200, description="Second actor: key, name, or part of a name."),
    ) -> dict[str, Any]:
        """Counts of events between `a` and `b` in each direction (`a_to_b`, `b_to_a`), by
        month (YYYY-MM) and PLOVER type, and totals by type."""
        try:
            return Q.dyad(engine, a, b)
        except LookupError as exc:
            raise HTTPException(404, str(exc.args[0])) from exc

    @app.get("/api/network", tags=["events"], summary="Actor network: who acts on whom")
    def api_network(
        type: Optional[str] = Query(None, max_length=40, description="Only this event type."),
        since: Optional[str] = SINCE,
        until: Optional[str] = UNTIL,
        edges: int = Query(150, ge=1, le=500, description="Most edges returned (heaviest first)."),
    ) -> dict[str, Any]:
        """Nodes (actors, with weight) and directed edges (source, target, type, n)."""
        try:
            return Q.network(engine, max_edges=edges, type=type, since=since, until=until)
        except Q.QueryError as exc:
            raise _bad(exc) from exc

    @app.get("/api/timeline", tags=["events"], summary="Event counts by month and type")
    def api_timeline(
        actor: Optional[str] = Query(None, max_length=200, description="Either side: key, or name contains this."),
        type: Optional[str] = Query(None, max_length=40, description="Only this event type."),
        since: Optional[str] = SINCE,
        until: Optional[str] = UNTIL,
    ) -> dict[str, Any]:
        try:
            return Q.timeline(engine, actor=actor, type=type, since=since, until=until)
        except Q.QueryError as exc:
            raise _bad(exc) from exc

    @app.get("/api/sourcing", tags=["sourcing"], summary="Sourcing profiles per outlet")
    def api_sourcing(
        outlet: Optional[str] = Query(None, max_length=200, description="Outlet name contains this."),
        limit: int = LIMIT,
        offset: int = OFFSET,
    ) -> dict[str, Any]:
        """Per outlet: articles, claims by source type (named, anonymous, collective,
        unattributed), hedged claims, shares, and its most used anonymous sources."""
        return Q.sourcing_profiles(engine, outlet=outlet, page=_page(limit, offset))

    def analyze_and_store(text: str, date: Optional[str], title: Optional[str], source: Optional[str], url: Optional[str], path: Optional[str] = None, raw: Optional[bytes] = None) -> tuple[str, bool]:
        from newsledger.ingest import IngestError, read_one, read_text_article
        from newsledger.pipeline import analyze_articles

        try:
            if raw is not None:
                article = _read_upload(raw, path or "upload.txt", date, read_one)
            else:
                article = read_text_article(text, path="<pasted text>", date=date)
        except IngestError as exc:
            raise HTTPException(400, exc.message + (f" — {exc.hint}" if exc.hint else "")) from exc
        if title:
            article.title = title
        if source:
            article.source = source
        if url:
            article.url = url
        with analyze_lock:
            if store.has(article.id):
                return article.id, False
            document = next(analyze_articles([article], settings.analysis))
            created = store.save(document)
        return document.id, created

    @app.post("/api/analyze", tags=["articles"], summary="Analyse a new article and store it", response_model=AnalyzeResponse, status_code=201)
    def api_analyze(request: AnalyzeRequest = Body(...)) -> AnalyzeResponse:
        """Runs the whole pipeline on `text` and stores the result. The body may be at most
        the server's upload limit (2 MB by default; 413 beyond)."""
        if not request.text.strip():
            raise HTTPException(400, "text is empty")
        article_id, created = analyze_and_store(request.text, request.date, request.title, request.source, request.url)
        return AnalyzeResponse(id=article_id, created=created, url=f"/articles/{article_id}")

    # web UI --------------------------------------------------------------------

    def render(request: Request, template: str, /, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, template, context)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_index(request: Request, q: Optional[str] = Query(None, max_length=200), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> HTMLResponse:
        result = Q.list_articles(engine, q=q, page=Q.Page(50, offset))
        return render(request, "index.html", q=q or "", result=result, stats=Q.stats(engine))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(request: Request, article_id: str) -> HTMLResponse:
        try:
            doc = store.article(article_id)
        except KeyError:
            raise HTTPException(404, f"no article with id {article_id!r}") from None
        facts, colour = article_facts(doc)
        names = {a["id"]: a["name"] for a in doc["actors"]}
        mention_counts = {a["id"]: len(a["mentions"]) for a in doc["actors"]}
        speakers: dict[str, dict[str, Any]] = {}
        for i, q in enumerate(doc["quotes"]):
            key = q.get("speaker") or ""
            entry = speakers.setdefault(
                key, {"key": key, "name": q.get("speaker_name") or names.get(key) or "unattributed", "colour": colour[key], "quotes": []}
            )
            entry["quotes"].append({"id": f"q{i}", **q})
        return render(
            request,
            "article.html",
            doc=doc,
            article=doc["article"],
            link=safe_url(doc["article"].get("url")),
            body=highlight(doc["text"], facts),
            speakers=list(speakers.values()),
            events=[{"id": f"e{i}", **e} for i, e in enumerate(doc["events"])],
            anons=[f for f in facts if f.kind == "anon"],
            hedges=[{"id": f"h{i}", **h} for i, h in enumerate(doc["hedges"])],
            actors=sorted(doc["actors"], key=lambda a: -mention_counts[a["id"]]),
            mention_counts=mention_counts,
            names=names,
            colours=type_colours([e["type"] for e in doc["events"]]),
        )

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def page_actors(request: Request, name: Optional[str] = Query(None, max_length=200), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> HTMLResponse:
        return render(request, "actors.html", name=name or "", result=Q.list_actors(engine, name=name, page=Q.Page(100, offset)))

    @app.get("/actors/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def page_actor(request: Request, key: str) -> HTMLResponse:
        actor = Q.actor_detail(engine, key, page=Q.Page(Q.MAX_LIMIT, 0))
        if actor is None:
            raise HTTPException(404, f"no actor with key or name {key!r}")
        colours = type_colours([e["type"] for e in actor["events"]])
        tl = timeline_svg(Q.timeline(engine, actor=actor["key"]), height=200)
        return render(request, "actor.html", actor=actor, colours=colours, tl=tl)

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def page_network(
        request: Request,
        type: Optional[str] = Query(None, max_length=40),
        since: Optional[str] = Query(None, max_length=10),
        until: Optional[str] = Query(None, max_length=10),
        edges: int = Query(80, ge=1, le=300),
    ) -> HTMLResponse:
        try:
            net = Q.network(engine, max_edges=edges, type=type, since=since, until=until)
        except Q.QueryError as exc:
            raise _bad(exc) from exc
        return render(
            request, "network.html", svg=network_svg(net), types=Q.event_types(engine), type=type or "", since=since or "", until=until or "", edges=edges
        )

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def page_timeline(
        request: Request,
        actor: Optional[str] = Query(None, max_length=200),
        type: Optional[str] = Query(None, max_length=40),
        since: Optional[str] = Query(None, max_length=10),
        until: Optional[str] = Query(None, max_length=10),
    ) -> HTMLResponse:
        filters = {"actor": actor, "type": type, "since": since, "until": until}
        try:
            tl = Q.timeline(engine, **filters)
            listed = Q.list_events(engine, page=Q.Page(Q.MAX_LIMIT, 0), **filters)
        except Q.QueryError as exc:
            raise _bad(exc) from exc
        colours = type_colours([t for m in tl["months"] for t in m["counts"]])
        return render(
            request, "timeline.html", tl=timeline_svg(tl), events=listed, colours=colours, types=Q.event_types(engine),
            filters={k: v or "" for k, v in filters.items()},
        )

    @app.get("/sourcing", response_class=HTMLResponse, include_in_schema=False)
    def page_sourcing(request: Request) -> HTMLResponse:
        return render(request, "sourcing.html", result=Q.sourcing_profiles(engine, page=Q.Page(Q.MAX_LIMIT, 0)))

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def page_analyze(request: Request) -> HTMLResponse:
        return render(request, "analyze.html", limit_mb=settings.max_upload_bytes / MB, error=None, form={})

    @app.post("/analyze", include_in_schema=False)
    async def page_analyze_post(
        request: Request,
        text: str = Form(""),
        date: str = Form(""),
        title: str = Form(""),
        source: str = Form(""),
        url: str = Form(""),
        file: Optional[UploadFile] = File(None),
    ) -> Any:
        raw = await file.read() if file is not None and file.filename else None
        form = {"text": text, "date": date, "title": title, "source": source, "url": url}
        if raw is None and not text.strip():
            return templates.TemplateResponse(
                request, "analyze.html", {"limit_mb": settings.max_upload_bytes / MB, "error": "Paste some text or choose a file.", "form": form}, status_code=400
            )
        from starlette.concurrency import run_in_threadpool

        try:
            article_id, _created = await run_in_threadpool(
                analyze_and_store, text, date.strip() or None, title.strip() or None, source.strip() or None, url.strip() or None,
                file.filename if raw is not None else None, raw,
            )
        except HTTPException as exc:
            return templates.TemplateResponse(
                request, "analyze.html", {"limit_mb": settings.max_upload_bytes / MB, "error": exc.detail, "form": form}, status_code=exc.status_code
            )
        return RedirectResponse(f"/articles/{article_id}", status_code=303)

    return app


_UPLOAD_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".json", ".jsonl"}


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


def _version() -> str:
    from newsledger import __version__

    return __version__
