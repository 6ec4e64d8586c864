"""What the routers share, kept on the app (``app.state.web``) and handed to routes as
dependencies, so the routers are plain modules and not closures over ``create_app``."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Optional

from fastapi import Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine

from newsledger.settings import Settings
from newsledger.store.store import Store

MB = 1024 * 1024


@dataclass(frozen=True)
class ServeSettings:
    """How the server behaves. ``analysis`` is handed to the pipeline for /api/analyze;
    ``response_cache_bytes`` bounds the cache of answers (0: none; :mod:`newsledger.web.cache`),
    which is each process's own in memory, or with ``shared_cache_file`` (``serve --workers
    N`` sets it) one file that the server's processes share."""

    max_upload_bytes: int = 2 * MB
    response_cache_bytes: int = 64 * MB
    shared_cache_file: Optional[str] = None
    analysis: Settings = field(default_factory=Settings)
    title: str = "newsledger"


@dataclass
class WebState:
    store: Store
    settings: ServeSettings
    templates: Jinja2Templates
    # One analysis at a time: the spaCy model is shared by every request.
    analyze_lock: threading.Lock = field(default_factory=threading.Lock)


# Dependencies: ``async def`` so that FastAPI calls them in the event loop, not through its
# thread pool (a thread hand-over per dependency per request, for an attribute lookup).


async def web_state(request: Request) -> WebState:
    return request.app.state.web


async def store_of(request: Request) -> Store:
    return request.app.state.web.store


async def engine_of(request: Request) -> Engine:
    return request.app.state.web.store.engine
