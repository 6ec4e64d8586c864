"""A response cache for GET requests, keyed by the request and the database's data version.

Every page and API answer is a function of the request and of what the database holds, so
an answer can be served again for as long as nothing has been committed since it was
computed. The data version says when something has been:

- SQLite: ``PRAGMA data_version`` on a connection of the cache's own, which never writes:
  its value changes whenever any other connection (an ingest process, this server's own
  ``POST /api/analyze``, SQL by hand) has committed to the file, and with nothing else:
  SQLite has no server doing work of its own.
- PostgreSQL: the store's change counter (``store/changes.py``), a row that every write
  the pages show moves in the write's own transaction: a new transaction sees the new
  number exactly when it sees the new data. Not the server's snapshot
  (``pg_current_snapshot()``), which every transaction id of the cluster moves: a write
  in another database, autovacuum, an ANALYZE, each made every answer stale.
- Any other database (and an in-memory SQLite one, which has no second connection): no
  version, no caching.

The version is read before the app runs and again after the response is complete; the
response is kept only when both readings agree, so a kept response holds the data of
exactly that version. The cache is bounded in bytes.

One computation per page and version, however many ask at once: twenty clients arriving
together (a server just started, or the first readers after an ingest's commit) used to
compute the same page side by side, each slower for the others. A request that misses
while the same page is being computed waits for that computation's answer instead
(single flight), in its process and, with ``newsledger serve --workers N``, across the
processes: they share one cache (:class:`SharedEntries`, a small SQLite file of the
server's own), so each page is computed once, not once per process.

Sharing needs versions that mean the same in every process, which SQLite's
``data_version`` is not (each connection counts on its own). What every process can say is
*when* it last saw the database change: ``DataVersion.changed_ns``, on the machine's
monotonic clock (one clock for all processes). An answer in the shared cache carries the
moment its computation was last confirmed current (``from_ns``, read just before the
version was read again at its end); it is current for a process when that moment is no
earlier than the last change the process saw: every commit that process knows of came
before the answer's data, and none it knows of came after.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Optional

from sqlalchemy.engine import Engine

from newsledger.store import changes
from newsledger.web.warmup import WARM_UP

MB = 1024 * 1024
# A page bigger than this is rare (a long article with every fact) and not worth the memory.
LARGEST_ENTRY = 2 * MB
_ENTRY_OVERHEAD = 300  # bytes of key, headers and bookkeeping counted per entry
CACHE_HEADER = b"x-newsledger-cache"
# How long a request waits for another's computation of the same page before computing it
# itself: past any page's time under load (a computation that never ends is not waited on
# for ever), short of a client's patience.
WAIT_SECONDS = 10.0
# How often a process looks in the shared cache for a page another process is computing:
# a read of the cache file costs ~50 us, a page several ms.
POLL_SECONDS = 0.004
# A claim to be computing a page older than this is a process that died meanwhile: taken over.
CLAIM_SECONDS = 30.0


class DataVersion:
    """``read()`` gives a value that changes whenever a write is committed to the database
    (None when it cannot tell: then nothing is cached). Thread-safe; its connection opens on
    first use, in the process that uses it (``serve``'s workers each open their own)."""

    def __init__(self, engine: Engine) -> None:
        self.dialect = engine.dialect.name
        self._engine = engine
        self._lock = threading.Lock()
        self._connection: Any = None
        self._last: Optional[str] = None
        # time.monotonic_ns() just after the latest reading that differed from the one
        # before it (or was the first): every change this process has seen came before it.
        self.changed_ns = 0
        database = engine.url.database
        self.usable = self.dialect == "postgresql" or (self.dialect == "sqlite" and database not in (None, "", ":memory:"))

    def read(self) -> Optional[str]:
        if not self.usable:
            return None
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = self._open()
                value = self._query()
            except Exception:  # the database gone or busy: answer uncached, try again next time
                self._discard()
                self._last = None
                self.changed_ns = time.monotonic_ns()  # what happened meanwhile is unknown
                return None
            if value != self._last:
                self._last = value
                self.changed_ns = time.monotonic_ns()
            return value

    def _open(self) -> Any:
        if self.dialect == "sqlite":
            # Autocommit (no transaction held open): each PRAGMA sees the latest commits.
            return sqlite3.connect(self._engine.url.database, isolation_level=None, check_same_thread=False, timeout=5)
        connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return connection

    def _query(self) -> str:
        if self.dialect == "sqlite":
            return str(self._connection.execute("PRAGMA data_version").fetchone()[0])
        return str(changes.counter(self._connection))

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


_SHARED_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key BLOB PRIMARY KEY, from_ns INTEGER NOT NULL, status INTEGER NOT NULL, headers TEXT NOT NULL, body BLOB NOT NULL, size INTEGER NOT NULL
);
-- With the sizes: the total kept and the oldest to drop read from this index alone. From the
-- table, each size (stored after its body) was read past the body's overflow pages, every
-- body in the cache at each put: 7.6 ms a put with 600 pages kept, the write lock held.
CREATE INDEX IF NOT EXISTS responses_by_age_and_size ON responses (from_ns, size);
CREATE TABLE IF NOT EXISTS computing (key BLOB PRIMARY KEY, owner TEXT NOT NULL, claimed_ns INTEGER NOT NULL);
"""


class SharedEntries:
    """Responses by request key in a SQLite file that the server's processes share, each
    with ``from_ns``, the moment it was last confirmed current (the module's docstring says
    why a moment and not a version). At most ``max_bytes`` of bodies (and a little per
    entry), the oldest dropped first; a writer drops the entries older than the last change
    it saw, which no process can use any more. And the claims of the pages being computed
    (``claim``/``release``), so that one process computes a page while the others wait.

    A cache only: any failure of the file (busy past its timeout, gone) is a miss, never an
    error of the request. Each process opens its own connection on first use."""

    def __init__(self, path: str, max_bytes: int) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._connection: Optional[sqlite3.Connection] = None
        self._pid = 0

    @classmethod
    def create(cls, path: str) -> None:
        """Make the file and its tables (``serve`` does, before its processes start)."""
        with sqlite3.connect(path, isolation_level=None) as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SHARED_SCHEMA)
        conn.close()

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=2)
            # Losing the cache to a crash of the machine loses only what can be computed again.
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SHARED_SCHEMA)
            self._connection, self._pid = conn, os.getpid()
        return self._connection

    def _run(self, work: Callable[[sqlite3.Connection], Any], failed: Any) -> Any:
        with self._lock:
            try:
                return work(self._db())
            except sqlite3.Error:
                self._discard()
                return failed

    def _discard(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except sqlite3.Error:
                pass

    def get(self, key: tuple, current_from_ns: int) -> Optional[tuple[int, list, bytes]]:
        """The answer kept for ``key`` if it was confirmed current at ``current_from_ns`` or later."""
        def read(conn: sqlite3.Connection) -> Optional[tuple[int, list, bytes]]:
            row = conn.execute(
                "SELECT status, headers, body FROM responses WHERE key = ? AND from_ns >= ?", (_key_bytes(key), current_from_ns)
            ).fetchone()
            if row is None:
                return None
            return row[0], [(k.encode("latin-1"), v.encode("latin-1")) for k, v in json.loads(row[1])], bytes(row[2])

        return self._run(read, None)

    def put(self, key: tuple, from_ns: int, status: int, headers: list, body: bytes, stale_before_ns: int) -> bool:
        size = len(body) + _ENTRY_OVERHEAD + sum(len(k) + len(v) for k, v in headers)
        if size > self.max_bytes:
            return False
        encoded = json.dumps([(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers])

        def write(conn: sqlite3.Connection) -> bool:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM responses WHERE from_ns < ?", (stale_before_ns,))
                conn.execute(
                    "INSERT INTO responses (key, from_ns, status, headers, body, size) VALUES (?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET from_ns = excluded.from_ns, status = excluded.status, headers = excluded.headers, "
                    "body = excluded.body, size = excluded.size WHERE excluded.from_ns > responses.from_ns",
                    (_key_bytes(key), from_ns, status, encoded, body, size),
                )
                total = conn.execute("SELECT total(size) FROM responses").fetchone()[0]
                if total > self.max_bytes:
                    dropped = []
                    for old_key, old_size in conn.execute("SELECT key, size FROM responses ORDER BY from_ns"):
                        if total <= self.max_bytes:
                            break
                        dropped.append((old_key,))
                        total -= old_size
                    conn.executemany("DELETE FROM responses WHERE key = ?", dropped)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return True

        return self._run(write, False)

    def claim(self, key: tuple, owner: str) -> bool:
        """True when ``owner`` may compute the page now: no other process claims it (or its
        claim is older than ``CLAIM_SECONDS``, a process that died)."""
        now = time.monotonic_ns()

        def write(conn: sqlite3.Connection) -> bool:
            conn.execute(
                "INSERT INTO computing (key, owner, claimed_ns) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE "
                "SET owner = excluded.owner, claimed_ns = excluded.claimed_ns WHERE computing.claimed_ns < ?",
                (_key_bytes(key), owner, now, now - int(CLAIM_SECONDS * 1e9)),
            )
            return conn.execute("SELECT changes()").fetchone()[0] == 1

        return self._run(write, True)  # the file failing: compute, as without it

    def claimed(self, key: tuple) -> bool:
        stale = time.monotonic_ns() - int(CLAIM_SECONDS * 1e9)
        return self._run(
            lambda conn: conn.execute("SELECT 1 FROM computing WHERE key = ? AND claimed_ns >= ?", (_key_bytes(key), stale)).fetchone() is not None,
            False,
        )

    def release(self, key: tuple, owner: str) -> None:
        self._run(lambda conn: conn.execute("DELETE FROM computing WHERE key = ? AND owner = ?", (_key_bytes(key), owner)), None)

    def __len__(self) -> int:
        return self._run(lambda conn: conn.execute("SELECT count(*) FROM responses").fetchone()[0], 0)


def _key_bytes(key: tuple) -> bytes:
    root, path, query = key
    return root.encode() + b"\0" + path.encode() + b"\0" + query


def _cacheable_path(path: str) -> bool:
    # Static files answer from disk with their own validators; the rest is database data.
    return not path.startswith("/static/")


Kept = tuple[int, list, bytes]  # status, headers, body


class ResponseCache:
    """ASGI middleware: a GET whose answer (status 200, at most ``LARGEST_ENTRY`` bytes) was
    computed at the database's current data version is answered from the cache: this
    process's memory, or with ``shared_file`` the file the server's processes share. A miss
    for a page that is being computed waits for that answer (single flight). The response
    carries ``x-newsledger-cache: hit`` or ``miss`` (``skip`` when it could not be cached)."""

    def __init__(self, app: Any, version: DataVersion, max_bytes: int, shared_file: Optional[str] = None) -> None:
        self.app = app
        self.version = version
        self.entries = _Entries(max_bytes)
        self.shared = SharedEntries(shared_file, max_bytes) if shared_file else None
        # The pages being computed in this process, by (key, version): their answers to be.
        self._flights: dict[tuple, asyncio.Future] = {}
        self._claims = 0

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not _cacheable_path(scope["path"]) or scope.get(WARM_UP):
            await self.app(scope, receive, send)
            return
        before = self.version.read()
        if before is None:
            await self.app(scope, receive, send)
            return
        key = (scope.get("root_path", ""), scope["path"], scope.get("query_string", b""))
        found = self._found(key, before)
        if found is not None:
            await _answer(send, found)
            return
        flight = (key, before)
        first = self._flights.get(flight)
        if first is not None:  # being computed in this process: its answer, once it is kept
            found = await _outcome(first)
            if found is not None:
                await _answer(send, found)
                return
            await self._compute(scope, receive, send, key, before, None)  # it could not be kept
            return
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._flights[flight] = future
        owner = None
        try:
            if self.shared is not None:
                owner, found = await self._claim_or_wait(key)
                if found is not None:
                    future.set_result(found)
                    await _answer(send, found)
                    return
            await self._compute(scope, receive, send, key, before, future)
        finally:
            if self._flights.get(flight) is future:
                del self._flights[flight]
            if not future.done():
                future.set_result(None)
            if owner is not None and self.shared is not None:
                self.shared.release(key, owner)

    def _found(self, key: tuple, before: str) -> Optional[Kept]:
        if self.shared is not None:
            return self.shared.get(key, self.version.changed_ns)
        return self.entries.get(key, before)

    async def _compute(self, scope: dict, receive: Any, send: Any, key: tuple, before: str, future: Optional[asyncio.Future]) -> None:
        def keep(status: int, headers: list, body: bytes) -> None:
            if self._keep(key, before, status, headers, body) and future is not None and not future.done():
                future.set_result((status, headers, body))

        await self.app(scope, receive, _Recorder(send, keep))

    def _keep(self, key: tuple, before: str, status: int, headers: list, body: bytes) -> bool:
        confirmed_ns = time.monotonic_ns()  # before the version is read again: the answer is current from then
        if self.version.read() != before:  # a commit while it was computed: not the data of ``before``
            return False
        if self.shared is not None:
            return self.shared.put(key, confirmed_ns, status, headers, body, stale_before_ns=self.version.changed_ns)
        self.entries.put(key, before, status, headers, body)
        return True

    async def _claim_or_wait(self, key: tuple) -> tuple[Optional[str], Optional[Kept]]:
        """(owner, None) when this process is to compute the page (``owner`` names its claim);
        (None, answer) when another process computed it meanwhile; (None, None) when the
        wait ran out: compute it without a claim."""
        assert self.shared is not None
        self._claims += 1
        owner = f"{os.getpid()}:{self._claims}"
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if self.shared.claim(key, owner):
                return owner, None
            while self.shared.claimed(key) and time.monotonic() < deadline:
                await asyncio.sleep(POLL_SECONDS)
                found = self.shared.get(key, self.version.changed_ns)
                if found is not None:
                    return None, found
            found = self.shared.get(key, self.version.changed_ns)
            if found is not None:
                return None, found
            # Released without an answer that could be kept (an error, a commit meanwhile): claim it.
        return None, None


async def _outcome(future: asyncio.Future) -> Optional[Kept]:
    try:
        return await asyncio.wait_for(asyncio.shield(future), WAIT_SECONDS)
    except asyncio.TimeoutError:
        return None


async def _answer(send: Any, found: Kept) -> None:
    status, headers, body = found
    await send({"type": "http.response.start", "status": status, "headers": [*headers, (CACHE_HEADER, b"hit")]})
    await send({"type": "http.response.body", "body": body})


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
