"""A response cache for GET requests, keyed by the request and the database's data version.

Every page and API answer is a function of the request and of what the database holds, so
an answer can be served again for as long as nothing has been committed since it was
computed. The data version says that without the store's help:

- SQLite: ``PRAGMA data_version`` on a connection of the cache's own, which never writes:
  its value changes whenever any other connection (an ingest process, this server's own
  ``POST /api/analyze``) has committed to the file.
- PostgreSQL: the text of ``pg_current_snapshot()`` (xmin, xmax and the transactions in
  progress), which is the whole definition of what a new transaction sees: two equal
  snapshots see the same committed rows, and any commit that writes changes it (its
  transaction had an id, now finished).
- Any other database (and an in-memory SQLite one, which has no second connection): no
  version, no caching.

The version is read before the app runs and again after the response is complete; the
response is kept only when both readings agree, so a kept response holds the data of
exactly that version. The cache is bounded in bytes (least recently used entries go
first) and each worker process of ``newsledger serve`` has its own.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from typing import Any, Callable, Optional

from sqlalchemy.engine import Engine

from newsledger.web.warmup import WARM_UP

MB = 1024 * 1024
# A page bigger than this is rare (a long article with every fact) and not worth the memory.
LARGEST_ENTRY = 2 * MB
_ENTRY_OVERHEAD = 300  # bytes of key, headers and bookkeeping counted per entry
CACHE_HEADER = b"x-newsledger-cache"


class DataVersion:
    """``read()`` gives a value that changes whenever a write is committed to the database
    (None when it cannot tell: then nothing is cached). Thread-safe; its connection opens on
    first use, in the process that uses it (``serve``'s workers each open their own)."""

    def __init__(self, engine: Engine) -> None:
        self.dialect = engine.dialect.name
        self._engine = engine
        self._lock = threading.Lock()
        self._connection: Any = None
        database = engine.url.database
        self.usable = self.dialect == "postgresql" or (self.dialect == "sqlite" and database not in (None, "", ":memory:"))

    def read(self) -> Optional[str]:
        if not self.usable:
            return None
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = self._open()
                return self._query()
            except Exception:  # the database gone or busy: answer uncached, try again next time
                self._discard()
                return None

    def _open(self) -> Any:
        if self.dialect == "sqlite":
            # Autocommit (no transaction held open): each PRAGMA sees the latest commits.
            return sqlite3.connect(self._engine.url.database, isolation_level=None, check_same_thread=False, timeout=5)
        connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return connection

    def _query(self) -> str:
        if self.dialect == "sqlite":
            return str(self._connection.execute("PRAGMA data_version").fetchone()[0])
        return str(self._connection.exec_driver_sql("SELECT pg_current_snapshot()::text").scalar_one())

    def _discard(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:
                pass

    def close(self) -> None:
        with self._lock:
            self._discard()


class _Entries:
    """Responses by request key, each with the version it was computed at; at most
    ``max_bytes`` of bodies (and a little per entry), least recently used evicted first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[tuple, tuple[str, int, list, bytes, int]] = OrderedDict()  # version, status, headers, body, size
        self._lock = threading.Lock()

    def get(self, key: tuple, version: str) -> Optional[tuple[int, list, bytes]]:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            if found[0] != version:  # computed before the last commit: of no more use
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return found[1], found[2], found[3]

    def put(self, key: tuple, version: str, status: int, headers: list, body: bytes) -> None:
        size = len(body) + _ENTRY_OVERHEAD + sum(len(k) + len(v) for k, v in headers)
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._items:
                self._drop(key)
            self._items[key] = (version, status, headers, body, size)
            self.bytes += size
            while self.bytes > self.max_bytes:
                self._drop(next(iter(self._items)))

    def _drop(self, key: tuple) -> None:
        self.bytes -= self._items.pop(key)[4]

    def __len__(self) -> int:
        return len(self._items)


def _cacheable_path(path: str) -> bool:
    # Static files answer from disk with their own validators; the rest is database data.
    return not path.startswith("/static/")


class ResponseCache:
    """ASGI middleware: a GET whose answer (status 200, at most ``LARGEST_ENTRY`` bytes) was
    computed at the database's current data version is answered from memory. The response
    carries ``x-newsledger-cache: hit`` or ``miss`` (``skip`` when it could not be cached)."""

    def __init__(self, app: Any, version: DataVersion, max_bytes: int) -> None:
        self.app = app
        self.version = version
        self.entries = _Entries(max_bytes)

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not _cacheable_path(scope["path"]) or scope.get(WARM_UP):
            await self.app(scope, receive, send)
            return
        before = self.version.read()
        if before is None:
            await self.app(scope, receive, send)
            return
        key = (scope.get("root_path", ""), scope["path"], scope.get("query_string", b""))
        found = self.entries.get(key, before)
        if found is not None:
            status, headers, body = found
            await send({"type": "http.response.start", "status": status, "headers": [*headers, (CACHE_HEADER, b"hit")]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, _Recorder(send, lambda status, headers, body: self._keep(key, before, status, headers, body)))

    def _keep(self, key: tuple, before: str, status: int, headers: list, body: bytes) -> None:
        if self.version.read() == before:  # no commit while it was computed: the data of ``before``
            self.entries.put(key, before, status, headers, body)


class _Recorder:
    """Passes the response on as it comes and keeps a copy of it; when it is complete, a 200
    with no ``cache-control: no-store`` and small enough, hands it to ``keep``."""

    def __init__(self, send: Any, keep: Callable[[int, list, bytes], None]) -> None:
        self.send = send
        self.keep = keep
        self.status = 0
        self.headers: list = []
        self.chunks: list[bytes] = []
        self.size = 0
        self.cacheable = False

    async def __call__(self, message: dict) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
            no_store = any(k.lower() == b"cache-control" and b"no-store" in v.lower() for k, v in self.headers)
            self.cacheable = self.status == 200 and not no_store
            message = {**message, "headers": [*self.headers, (CACHE_HEADER, b"miss" if self.cacheable else b"skip")]}
        elif message["type"] == "http.response.body" and self.cacheable:
            body = message.get("body", b"")
            self.size += len(body)
            if self.size > LARGEST_ENTRY:
                self.cacheable, self.chunks = False, []
            else:
                self.chunks.append(body)
            if not message.get("more_body", False) and self.cacheable:
                await self.send(message)
                self.keep(self.status, self.headers, b"".join(self.chunks))
                return
        await self.send(message)
