"""The response cache (newsledger.web.cache): a GET is answered again from memory only while
nothing has been committed to the database since; a commit by another process (an ingest)
makes the next answer fresh, on SQLite and PostgreSQL; errors are not kept; memory stays
within its bound."""

from __future__ import annotations

import warnings

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from newsledger.store.store import Store
from newsledger.web.app import create_app
from newsledger.web.cache import _Entries
from newsledger.web.state import ServeSettings
from test_web_pages import _article

PAGES = ["/", "/actors", "/actors/alpha-1", "/network", "/timeline", "/api/actors", "/api/articles?limit=5", "/?q=talks"]


@pytest.fixture
def corpus(db_url):
    store = Store(db_url)
    for i in range(6):
        store.save(_article(i, f"2019-{1 + i:02d}-10", "Big Wire", "CONSULT", f"2019-{1 + i:02d}-09"))
    store.close()
    return db_url


def _cache(response) -> str:
    return response.headers.get("x-newsledger-cache", "")


def _ingest_newcomer(db_url):
    """An ingest elsewhere (its own Store, its own connections) commits an article with a new
    actor, "Gamma Newcomer"."""
    writer = Store(db_url)
    newcomer = _article(7, "2019-08-10", "Big Wire", "ACCUSE", "2019-08-09")
    newcomer.actors[0].id = newcomer.quotes[0].speaker = newcomer.events[0].source = "gamma"
    newcomer.actors[0].name = newcomer.quotes[0].speaker_name = newcomer.events[0].source_name = "Gamma Newcomer"
    writer.save(newcomer)
    writer.close()
    return newcomer


def test_a_page_is_answered_again_until_another_process_commits(corpus):
    with TestClient(create_app(corpus)) as client:
        first = {page: client.get(page) for page in PAGES}
        assert all(r.status_code == 200 and _cache(r) == "miss" for r in first.values()), {p: _cache(r) for p, r in first.items()}
        again = {page: client.get(page) for page in PAGES}
        assert {p: _cache(r) for p, r in again.items()} == {p: "hit" for p in PAGES}
        assert all(again[p].content == first[p].content for p in PAGES)
        assert again["/api/actors"].json() == first["/api/actors"].json()

        # An ingest elsewhere (its own Store, its own connections) writes a new article
        # with a new actor: every page is computed afresh, and shows it.
        newcomer = _ingest_newcomer(corpus)
        after = {page: client.get(page) for page in PAGES}
        assert {p: _cache(r) for p, r in after.items()} == {p: "miss" for p in PAGES}
        assert "Gamma Newcomer" in after["/actors"].text and "Gamma Newcomer" not in first["/actors"].text
        assert after["/api/actors"].json()["total"] == first["/api/actors"].json()["total"] + 1
        assert after["/api/articles?limit=5"].json()["items"][0]["id"] == newcomer.id
        assert "7 articles" in after["/"].text and "6 articles" in first["/"].text
        assert "ACCUSE" in after["/timeline"].text and "ACCUSE" not in first["/timeline"].text
        # ... and those fresh answers are kept for the next readers.
        assert all(_cache(client.get(page)) == "hit" for page in PAGES)


def test_errors_and_other_methods_are_never_kept(corpus):
    with TestClient(create_app(corpus)) as client:
        for _ in range(2):
            missing = client.get("/articles/no-such-article")
            assert missing.status_code == 404 and _cache(missing) == "skip"
            bad = client.get("/api/articles", params={"limit": 0})
            assert bad.status_code in (400, 422) and _cache(bad) == "skip"
        posted = client.post("/api/analyze", json={"text": ""})
        assert "x-newsledger-cache" not in posted.headers


def test_without_a_cache_every_answer_is_computed(corpus):
    with TestClient(create_app(corpus, ServeSettings(response_cache_bytes=0))) as client:
        for _ in range(2):
            response = client.get("/actors")
            assert response.status_code == 200 and "x-newsledger-cache" not in response.headers


def test_the_cache_stays_within_its_bytes_and_drops_the_least_recently_used():
    entries = _Entries(max_bytes=10_000)
    for i in range(40):
        entries.put(("", f"/page/{i}", b""), "v1", 200, [(b"content-type", b"text/html")], b"x" * 1_000)
        assert entries.bytes <= 10_000
    assert 5 <= len(entries) < 10
    assert entries.get(("", "/page/0", b""), "v1") is None  # the oldest went first
    newest = ("", "/page/39", b"")
    assert entries.get(newest, "v1") is not None
    assert entries.get(newest, "v2") is None  # another data version: of no use, and dropped
    assert entries.get(newest, "v1") is None
    entries.put(("", "/huge", b""), "v1", 200, [], b"x" * 20_000)  # bigger than the whole cache: not kept
    assert entries.get(("", "/huge", b""), "v1") is None and entries.bytes <= 10_000


def test_each_server_process_renders_every_kind_of_page_once_before_serving_without_caching_it(corpus):
    import asyncio

    from newsledger.web.warmup import warm_paths, warm_up

    app = create_app(corpus)
    paths = warm_paths(app.state.web.store.engine)
    kinds = {p.split("?")[0].split("/")[1] for p in paths}
    assert {"", "actors", "articles", "network", "timeline", "api"} <= kinds and any("?q=" in p for p in paths)
    assert asyncio.run(warm_up(app)) == len(paths)  # every one answered 200
    with TestClient(app) as client:  # the lifespan warms up again; still nothing kept
        assert all(_cache(client.get(p)) == "miss" for p in paths)


def test_an_empty_database_warms_up_what_it_has(tmp_path):
    with TestClient(create_app(str(tmp_path / "empty.db"))) as client:
        assert client.get("/").status_code == 200


def _held(monkeypatch):
    """Q.list_actors (the /actors page's query) made to wait for ``gate`` and count its calls:
    a computation that is still under way while other requests for the page arrive."""
    import threading

    from newsledger.store import queries as Q

    calls, gate, original = [], threading.Event(), Q.list_actors

    def held(*args, **kwargs):
        calls.append(1)
        assert gate.wait(timeout=60), "the test never opened the gate"
        return original(*args, **kwargs)

    monkeypatch.setattr(Q, "list_actors", held)
    return calls, gate


async def _together(apps, path: str, gate, calls) -> list:
    """GET ``path`` once through each app of ``apps`` (an app per request, repeated as
    given), all at once; the gate opens once the first computation has begun and the
    others have had their turns to arrive."""
    import asyncio

    import httpx

    clients = [httpx.AsyncClient(transport=httpx.ASGITransport(app=a), base_url="http://127.0.0.1") for a in apps]
    try:
        tasks = [asyncio.create_task(c.get(path)) for c in clients]
        for _ in range(3000):  # bounded: the first computation starts within this
            if calls:
                break
            await asyncio.sleep(0.01)
        for _ in range(30):
            await asyncio.sleep(0.01)
        gate.set()
        return await asyncio.gather(*tasks)
    finally:
        for c in clients:
            await c.aclose()


def test_requests_arriving_together_for_a_page_compute_it_once(corpus, monkeypatch):
    import asyncio

    app = create_app(corpus)
    calls, gate = _held(monkeypatch)
    answers = asyncio.run(_together([app] * 8, "/actors", gate, calls))
    assert len(calls) == 1
    assert all(r.status_code == 200 and r.content == answers[0].content for r in answers)
    assert sorted(_cache(r) for r in answers) == ["hit"] * 7 + ["miss"]


def test_server_processes_share_one_cache_and_its_answers_follow_the_commits(corpus, monkeypatch, tmp_path):
    """Two apps over one shared cache file, as ``serve --workers 2`` makes them (each its own
    connections and data version): a page the one is computing is not computed again by the
    other, which waits for its answer; after another process commits, neither is answered
    what was computed before, and the first fresh answer serves both."""
    import asyncio

    from newsledger.web.cache import SharedEntries

    shared = str(tmp_path / "responses.db")
    SharedEntries.create(shared)
    first, second = (create_app(corpus, ServeSettings(shared_cache_file=shared)) for _ in range(2))
    calls, gate = _held(monkeypatch)
    answers = asyncio.run(_together([first, second, second, first], "/actors", gate, calls))
    assert len(calls) == 1
    assert sorted(_cache(r) for r in answers) == ["hit"] * 3 + ["miss"]
    assert "Gamma Newcomer" not in answers[0].text

    _ingest_newcomer(corpus)
    with TestClient(second) as b, TestClient(first) as a:
        # Each process sees the commit at its next request (an answer confirmed before a
        # process saw the change itself cannot be told from one computed before the commit).
        assert _cache(a.get("/api/articles?limit=1")) == "miss"
        before = len(calls)  # (each app's warm-up, TestClient's lifespan, called it too)
        fresh = b.get("/actors")
        assert _cache(fresh) == "miss" and "Gamma Newcomer" in fresh.text
        again = a.get("/actors")
        assert _cache(again) == "hit" and again.content == fresh.content
        assert len(calls) == before + 1
