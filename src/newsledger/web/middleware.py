"""ASGI middleware that guards request bodies before the app sees them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse

MB = 1024 * 1024



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

