"""``newsledger serve --workers N``: N server processes, each listening on a socket of its
own, so that the kernel shares the connections out among them.

uvicorn's own workers share one listening socket, and whichever process wakes first takes
the next connection: twenty keep-alive clients arriving at once ended up 18 and 2 (16/4,
19/1), and stayed so for as long as they were connected, one process doing nearly all the
work while the other idled. Here the parent binds N sockets to the same address with
``SO_REUSEPORT`` before any worker starts (a bad address fails here, once), and Linux
spreads new connections across them by a hash of each connection's addresses, whether or
not their worker is up yet (they wait in its socket's queue). Each worker builds its own
app (``app_from_environment``) and database connections. Where the system has no
``SO_REUSEPORT``, uvicorn's shared socket serves instead.

No process answers before all are ready (``ready_together``: each waits for the others at
the end of its start-up, its warm-up done). The kernel hands a connection to a socket
whether or not its process is up, and a process starting beside another on a busy machine
came up seconds later: the clients the kernel gave it waited for all that time while the
other process, ready, had little to do (the slowest requests of a load test's first
seconds, 2-3 s). Together, the first clients wait only for the start-up itself.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import signal
import socket
import sys
from typing import Any

APP = "newsledger.web.app:app_from_environment"
BACKLOG = 2048  # uvicorn's default
# How long a server process's thread keeps the GIL while another waits for it (Python's
# default is 5 ms). A page that misses the cache runs in a pool thread for several ms of
# Python; the event loop, which answers from the cache in a fraction of a millisecond, and
# the other pages' threads each waited up to 5 ms per turn behind it. At 1 ms, 20 clients
# on a 100k-article archive (bench/web_scale.py, 2 cores, an ingest writing): p95 of search
# 254-373 -> 156-175 ms, actor page 150-323 -> 128-131 ms, and less CPU a request
# (3.2-4.4 -> 2.8 ms: fewer threads spinning for the lock).
SWITCH_INTERVAL = 0.001
# How long a process waits for the others to be ready: past a start-up on a busy machine.
# One that never comes (it failed) ends the server anyway (serve_workers).
READY_SECONDS = 300.0
_together: Any = None  # in a worker process: the barrier it meets the others at (multiprocessing.Barrier)


def balanced() -> bool:
    """True where the kernel can share connections among sockets bound to one address."""
    return hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` with ``SO_REUSEPORT`` (others like it may share it), listening."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serve_workers(host: str, port: int, workers: int, log_level: str = "info") -> int:
    """Run ``workers`` server processes on ``host:port`` until one of them ends or this
    process is told to stop (SIGTERM, SIGINT), then stop them all; the exit code."""
    first = listening_socket(host, port)
    port = first.getsockname()[1]  # port 0: the one the system chose, for all of them
    sockets = [first] + [listening_socket(host, port) for _ in range(workers - 1)]
    context = multiprocessing.get_context("spawn")
    together = context.Barrier(workers)
    processes = [
        context.Process(target=_worker, args=(sock, log_level, together), name=f"newsledger-web-{i}") for i, sock in enumerate(sockets)
    ]
    stopping = False

    def stop(_signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for process in processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes the requests under way

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    shown = f"[{host}]" if ":" in host else host
    print(f"INFO:     newsledger serving on http://{shown}:{port} with {workers} worker processes (Press CTRL+C to quit)", file=sys.stderr, flush=True)
    try:
        for process in processes:
            process.start()
        for sock in sockets:
            sock.close()  # each worker holds its own copy now
        multiprocessing.connection.wait([p.sentinel for p in processes])
        if not stopping:  # a worker ended by itself: the server stops as a whole
            stop(signal.SIGTERM, None)
        for process in processes:
            process.join()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    codes = [p.exitcode or 0 for p in processes]
    return 0 if stopping else max(codes, key=abs)


async def ready_together() -> None:
    """In a worker process of ``serve_workers``: wait until every worker has got this far
    (the app's start-up calls it last, after its warm-up). Elsewhere: nothing to wait for."""
    import asyncio
    import threading

    if _together is None:
        return
    try:
        await asyncio.to_thread(_together.wait, READY_SECONDS)
    except threading.BrokenBarrierError:  # one never came: serve anyway (the parent stops the rest)
        pass


def _worker(sock: socket.socket, log_level: str, together: Any = None) -> None:
    import uvicorn

    global _together
    _together = together
    sys.setswitchinterval(SWITCH_INTERVAL)

    config = uvicorn.Config(APP, factory=True, log_level=log_level)
    uvicorn.Server(config).run(sockets=[sock])
