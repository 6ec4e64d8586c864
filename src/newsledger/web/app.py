"""The HTTP API and the web UI over a newsledger database: ``create_app(db_url)``.

The app is put together here from its parts: the JSON API router (:mod:`newsledger.web.api`),
the HTML pages router (:mod:`newsledger.web.pages`), both reading through the view
functions of :mod:`newsledger.web.views`, and the error handlers that answer in JSON under
``/api`` and with a page elsewhere. All reads go through :mod:`newsledger.store.queries`
(parameterized SQLAlchemy Core).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any, AsyncIterator, Optional

import jinja2
import jinja2.filters
from sqlalchemy import event
from fastapi import FastAPI, Request
from fastapi_offline import FastAPIOffline
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsledger.store import queries as Q
from newsledger.store.store import Store
from newsledger.web import api, downloads, pages
from newsledger.web import workers as workers_module
from newsledger.web.cache import DataVersion, ResponseCache, SharedEntries
from newsledger.web.charts import event_colour
from newsledger.web.middleware import BodyLimit
from newsledger.web.state import ServeSettings, WebState
from newsledger.web.warmup import warm_up
from newsledger.web.views import BadInput, NotFound

__all__ = ["ServeSettings", "create_app", "serve"]

WEB = Path(__file__).parent
LABELS = {400: "bad request", 404: "not found", 405: "method not allowed", 413: "payload too large"}


def create_app(db_url: str | os.PathLike[str], settings: Optional[ServeSettings] = None) -> FastAPI:
    """The FastAPI app over the database at ``db_url`` (a SQLite path or a SQLAlchemy URL)."""
    settings = settings or ServeSettings()
    # The docs pages load Swagger UI and ReDoc from the package's own copies, not a CDN, so
    # /docs and /redoc work on a machine without internet access.
    app = FastAPIOffline(
        lifespan=_lifespan,
        favicon_url="/static/favicon.svg",
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
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(WEB / "templates")), autoescape=True)
    templates = Jinja2Templates(env=environment)
    templates.env.globals["site_title"] = settings.title
    templates.env.filters["event_colour"] = event_colour
    templates.env.filters["urlencode"] = _urlencode
    store = Store(db_url)
    _read_tuned(store)
    app.state.web = WebState(store=store, settings=settings, templates=templates)
    app.state.store, app.state.settings = store, settings  # for callers that inspect the app (cli, tests)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes)
    if settings.response_cache_bytes > 0:
        app.add_middleware(
            ResponseCache, version=DataVersion(store.engine), max_bytes=settings.response_cache_bytes, shared_file=settings.shared_cache_file
        )
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(downloads.router)
    from newsledger.web import statements as statement_routes

    app.include_router(statement_routes.api_router)
    app.include_router(statement_routes.page_router)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(Q.QueryError, bad_parameter)
    app.add_exception_handler(BadInput, bad_parameter)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, server_error)
    return app


@functools.lru_cache(maxsize=65_536)
def _quoted(value: str) -> str:
    return jinja2.filters.do_urlencode(value)


def _urlencode(value: Any) -> str:
    # Jinja's urlencode, remembered for strings: a page links the same article ids and
    # actor keys over and over (an actor page quotes a few hundred), each quoted afresh.
    return _quoted(value) if isinstance(value, str) else jinja2.filters.do_urlencode(value)


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Each server process renders one page of each kind before it answers anyone (warmup.py),
    # and with ``serve --workers N`` starts answering when the others can too (workers.py).
    await warm_up(app)
    await workers_module.ready_together()
    yield


def _read_tuned(store: Store) -> None:
    """SQLite: the server's connections read the file through a memory map (shared by every
    connection and worker process, up to SQLite's limit of 2 GB) rather than SQLite's 2 MB
    page cache per connection: a page of a 100k-article archive reads B-tree pages all
    over a file of gigabytes, and most were copied in again from the OS on every request
    (an article's twelve queries: 1.6 -> 0.5 ms)."""
    if store.engine.dialect.name != "sqlite" or store.engine.url.database in (None, "", ":memory:"):
        return  # (an in-memory database lives in its one connection: never closed here)

    @event.listens_for(store.engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA mmap_size = {_SQLITE_MAP_BYTES}")

    store.engine.dispose()  # the connection the migrations used opens again, mapped


_SQLITE_MAP_BYTES = 2**31


# --------------------------------------------------------------------------- serving

# What ``serve`` hands its worker processes: each builds its own app (and its own database
# connections) from these, as uvicorn's workers import the app by name.
_WORKER_DB = "NEWSLEDGER_SERVE_DB"
_WORKER_SETTINGS = "NEWSLEDGER_SERVE_SETTINGS"


def serve(db_url: str, settings: ServeSettings, host: str, port: int, workers: int = 1) -> None:
    """Serve the app with uvicorn on ``host:port``. With ``workers`` > 1, that many server
    processes share the port, each with its own share of the connections (workers.py):
    page rendering is Python, and one process uses one core."""
    import uvicorn

    if workers <= 1:
        sys.setswitchinterval(workers_module.SWITCH_INTERVAL)  # this process serves: see workers.py
        uvicorn.run(create_app(db_url, settings), host=host, port=port, log_level="info")
        return
    create_app(db_url, settings).state.store.close()  # a bad database fails here, once, before the workers start
    with tempfile.TemporaryDirectory(prefix="newsledger-serve-") as folder:
        if settings.response_cache_bytes > 0 and settings.shared_cache_file is None:
            # One cache for all the processes: each page computed once, not once per process.
            shared = os.path.join(folder, "responses.db")
            SharedEntries.create(shared)
            settings = dataclasses.replace(settings, shared_cache_file=shared)
        os.environ[_WORKER_DB] = os.fspath(db_url)
        os.environ[_WORKER_SETTINGS] = base64.b64encode(pickle.dumps(settings)).decode("ascii")
        if not workers_module.balanced():
            uvicorn.run(workers_module.APP, factory=True, host=host, port=port, workers=workers, log_level="info")
            return
        code = workers_module.serve_workers(host, port, workers, log_level="info")
    if code:
        raise SystemExit(code)


def app_from_environment() -> FastAPI:
    """The app of one worker process of ``serve`` (the settings its parent process left)."""
    settings = pickle.loads(base64.b64decode(os.environ[_WORKER_SETTINGS]))
    return create_app(os.environ[_WORKER_DB], settings)


# --------------------------------------------------------------------------- errors


def wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and request.url.path != "/openapi.json"


def error_response(request: Request, status: int, detail: Any, headers: Optional[dict[str, str]] = None) -> Response:
    label = LABELS.get(status, "error")
    if wants_html(request):
        templates = request.app.state.web.templates
        return templates.TemplateResponse(request, "error.html", {"status": status, "label": label, "message": str(detail)}, status_code=status)
    return JSONResponse({"error": label, "detail": detail}, status_code=status, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return error_response(request, exc.status_code, exc.detail, getattr(exc, "headers", None))


async def not_found(request: Request, exc: Exception) -> Response:
    return error_response(request, 404, str(exc))


async def bad_parameter(request: Request, exc: Exception) -> Response:
    return error_response(request, 400, str(exc))


async def validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"parameter": ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body")), "message": e.get("msg", "")}
        for e in exc.errors()
    ]
    text = "; ".join(f"{p['parameter']}: {p['message']}" for p in problems)
    if wants_html(request):
        return error_response(request, 400, text)
    return JSONResponse({"error": "bad parameter", "detail": text, "problems": problems}, status_code=422)


async def server_error(request: Request, exc: Exception) -> Response:
    # Never a stack trace in a response; the server log has it.
    if wants_html(request):
        return HTMLResponse(
            "<!doctype html><title>500 · newsledger</title><h1>500 — internal server error</h1>"
            "<p>The server failed; see its log.</p><p><a href=\"/\">Back to the articles</a></p>",
            status_code=500,
        )
    return JSONResponse({"error": "internal server error", "detail": "the server failed; see its log"}, status_code=500)


def _version() -> str:
    from newsledger import __version__

    return __version__
