"""What a server process does once before it answers anyone: each kind of page rendered
once, so that its first readers do not pay for what every later one finds ready.

The first request of each kind in a fresh process costs several times a later one: Jinja
compiles the page's templates, SQLAlchemy compiles its statements, modules imported on
first use load, and SQLite's first reads of the file fault its pages into the memory map.
``newsledger serve`` starts its worker processes together and a waiting crowd of clients
arrives at once, so those costs all fell on the first second of service (the slowest
requests of a load test were those, at 1–1.5 s). The response cache lets the warm-up's
requests by (``WARM_UP`` in their scope): it prepares the code paths, not answers.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote, urlencode

from newsledger.store import queries as Q

log = logging.getLogger(__name__)
_WORD = re.compile(r"[^\W\d_]{4,}")
WARM_UP = "newsledger.warm_up"  # set in the scope of the warm-up's own requests


def warm_paths(engine: Any) -> list[str]:
    """The pages to render once: one of each kind the UI serves, on the data there is (the
    newest article, the actor in most articles, a word of that article's title searched)."""
    paths = ["/", "/actors", "/network", "/timeline", "/sourcing", "/api/articles?limit=1", "/api/actors?limit=1"]
    newest = Q.list_articles(engine, page=Q.Page(1, 0))["items"]
    if newest:
        article = newest[0]
        paths += [f"/articles/{quote(article['id'], safe='')}", f"/api/articles/{quote(article['id'], safe='')}"]
        word = _WORD.search(article.get("title") or "")
        if word:
            paths.append("/?" + urlencode({"q": word.group().lower()}))
    top = Q.list_actors(engine, page=Q.Page(1, 0))["items"]
    if top:
        paths.append(f"/actors/{quote(top[0]['key'], safe='')}")
    return paths


async def warm_up(app: Any) -> int:
    """Render the ``warm_paths`` through the app; the number that answered 200. A failure
    is logged, never raised: a server that cannot warm up still serves."""
    try:
        paths = warm_paths(app.state.web.store.engine)
    except Exception:  # an empty or odd database: nothing to warm
        log.debug("warm-up skipped", exc_info=True)
        return 0
    answered = 0
    for target in paths:
        path, _, query = target.partition("?")
        status: list[int] = []

        async def receive() -> dict:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])

        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
            "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 0), WARM_UP: True,
        }
        try:
            await app(scope, receive, send)
        except Exception:
            log.warning("warm-up of %s failed", path, exc_info=True)
            continue
        answered += status == [200]
    return answered
