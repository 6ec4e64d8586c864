"""The HTTP API, the web pages (server side) and ``newsledger query``, on a small database
built once with the real pipeline: the seed article, a few short articles of our own and a
hostile one."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note about httpx2; the client works as is
    from fastapi.testclient import TestClient

from markupsafe import Markup
from typer.testing import CliRunner

from newsledger.store import queries as Q
from newsledger.web.app import ServeSettings, create_app
from newsledger.web.highlight import Fact, highlight, safe_url
from newsledger.cli import app as cli_app
from newsledger.store.store import Store

SUMMIT = (
    "Merkel and Macron pledge closer defence ties\n\n"
    "BERLIN — German Chancellor Angela Merkel met French President Emmanuel Macron in Berlin on Tuesday "
    "to discuss European defence. \"We will build this army together, step by step,\" Merkel told reporters "
    "after the talks. Macron said the two countries would sign a new friendship treaty next month.\n"
)
SHELLING = (
    "Turkish shelling hits Kurdish town\n\n"
    "Turkish forces shelled Kurdish positions near the Syrian town of Kobani on Monday, killing four fighters. "
    "A senior Kurdish official, speaking on condition of anonymity, said the strikes had allegedly been ordered "
    "from Ankara. The Turkish government did not comment.\n"
)
HOSTILE = (
    "Ministry website defaced\n\n"
    "Hackers defaced the website of the Interior Ministry on Wednesday, officials said. "
    "Interior Minister John Carver said the page showed \"<script>window.__pwned = 1; alert(1)</script> and worse\". "
    "Visitors also saw <img src=x onerror=\"window.__pwned = 2\"> and a link to javascript:alert(1), "
    "according to a source at the ministry.\n"
)
HOSTILE_META = {
    "title": "<script>window.__pwned = 3</script>Defaced",
    "source": "<img src=x onerror=alert(1)>",
    "url": "javascript:alert(document.cookie)",
}


def build_db(path: str, analyze, seed_doc) -> dict[str, str]:
    """A database of the seed article and three short ones; returns their ids by name."""
    store = Store(path)
    ids = {"seed": seed_doc.id}
    store.save(seed_doc)
    for name, text, date, kw in (
        ("summit", SUMMIT, "2019-01-15", {"source": "Example Wire"}),
        ("shelling", SHELLING, "2019-10-14", {"source": "Daily Example"}),
        ("hostile", HOSTILE, "2019-11-20", HOSTILE_META),
    ):
        document = analyze(text, date=date, **kw)
        store.save(document)
        ids[name] = document.id
    store.close()
    return ids


@pytest.fixture(scope="module")
def db(module_db_url, analyze, seed_doc):
    """(database, ids by name): the same small corpus in SQLite, then in PostgreSQL."""
    ids = build_db(module_db_url, analyze, seed_doc)
    return module_db_url, ids


@pytest.fixture(scope="module")
def client(db, settings):
    app = create_app(db[0], ServeSettings(analysis=settings))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def ids(db):
    return db[1]


# --------------------------------------------------------------------------- articles


def test_articles_are_listed_newest_first_and_paged(client):
    body = client.get("/api/articles").json()
    assert body["total"] == 4
    dates = [a["date"] for a in body["items"]]
    assert dates == sorted(dates, reverse=True)
    page = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert [a["id"] for a in page["items"]] == [a["id"] for a in body["items"][2:4]]


def test_article_search_matches_text_case_insensitively(client, ids):
    body = client.get("/api/articles", params={"q": "KOBANI"}).json()
    assert [a["id"] for a in body["items"]] == [ids["shelling"]]
    assert client.get("/api/articles", params={"q": "no such words anywhere"}).json()["total"] == 0


def test_search_text_is_a_parameter_not_sql(client):
    for hostile in ("%", "M_rkel", "Ger%ellor", "\"; DROP TABLE articles; --"):
        response = client.get("/api/articles", params={"q": hostile})
        assert response.status_code == 200
        assert response.json()["total"] == 0, hostile
    # SQL in a search is words like any other: "' OR 1=1 --" finds what "or 1 1" finds
    # (PostgreSQL drops "or" as a stop word and finds the article saying "alert(1)"), never all.
    injected = client.get("/api/articles", params={"q": "' OR 1=1 --"}).json()
    assert injected["total"] == client.get("/api/articles", params={"q": "or 1 1"}).json()["total"] < 4
    assert client.get("/api/articles").json()["total"] == 4


@pytest.mark.parametrize("params", [{"limit": 201}, {"limit": 0}, {"offset": -1}, {"limit": "ten"}])
def test_bad_paging_is_a_clear_4xx(client, params):
    response = client.get("/api/articles", params=params)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "bad parameter"
    assert next(iter(params)) in body["detail"]


def test_one_article_has_all_its_facts(client, ids):
    body = client.get(f"/api/articles/{ids['seed']}").json()
    for key in ("article", "text", "actors", "quotes", "events", "times", "places", "claims", "hedges", "sourcing"):
        assert key in body
    assert any(q["speaker_name"] == "Rex Tillerson" for q in body["quotes"])
    assert body["actors"] and all("mentions" in a for a in body["actors"])


def test_the_article_page_lists_every_actor_with_its_number_of_mentions(client, ids):
    import html
    import re

    body = client.get(f"/api/articles/{ids['seed']}").json()
    page = client.get(f"/articles/{ids['seed']}").text
    listed = page[page.index('<ul class="actors">'):]
    shown = {
        html.unescape(key): int(n)
        for key, n in re.findall(r'<li><a class="actor-link" href="/actors/([^"]+)">.*?<span class="count">(\d+)</span></li>', listed)
    }
    from urllib.parse import unquote

    shown = {unquote(k): n for k, n in shown.items()}
    assert shown == {a["id"]: len(a["mentions"]) for a in body["actors"]}
    assert max(shown.values()) > 1  # counted, not one per actor


def test_the_article_pages_read_is_the_stored_document_with_mentions_counted(db):
    """``queries.article_for_page`` (on PostgreSQL one statement of JSON-aggregated rows)
    gives what ``Store.article`` gives, every fact table's values with their types, but the
    mention lists emptied and counted."""
    url, ids = db
    store = Store(url)
    try:
        seen_types = set()
        for article_id in ids.values():
            full = store.article(article_id)
            counts = {a["id"]: len(a["mentions"]) for a in full["actors"] if a["mentions"]}
            for actor in full["actors"]:
                actor["mentions"] = []
            document, mention_counts = Q.article_for_page(store.engine, article_id)
            assert document == full
            assert mention_counts == counts
            assert [type(v) for v in document["article"].values()] == [type(v) for v in full["article"].values()]
            for facts in (document["places"], document["events"], document["actors"], document["claims"]):
                seen_types |= {type(v) for fact in facts for v in fact.values()}
        # The JSON path carried floats (places' coordinates), booleans, lists and None as such.
        assert {float, bool, list, type(None), int, str} <= seen_types
        assert Q.article_for_page(store.engine, "0000000000000000") is None
    finally:
        store.close()


def test_unknown_article_is_404_json(client):
    response = client.get("/api/articles/0000000000000000")
    assert response.status_code == 404
    assert response.json() == {"error": "not found", "detail": "no article with id '0000000000000000'"}


# --------------------------------------------------------------------------- actors, quotes


def test_actor_search_gives_counts(client):
    body = client.get("/api/actors", params={"name": "tillerson"}).json()
    assert [a["key"] for a in body["items"]] == ["rex-tillerson"]
    tillerson = body["items"][0]
    assert tillerson["quotes"] >= 3 and tillerson["mentions"] >= 3 and tillerson["articles"] == 1


def test_actor_by_key_or_name_has_its_quotes_and_events(client):
    by_key = client.get("/api/actors/rex-tillerson").json()
    by_name = client.get("/api/actors/Rex Tillerson").json()
    assert by_key["key"] == by_name["key"] == "rex-tillerson"
    assert by_key["quotes"] and all(q["speaker"] == "rex-tillerson" for q in by_key["quotes"])
    assert all("rex-tillerson" in (e["source"], e["target"]) for e in by_key["events"])


def test_unknown_actor_is_404(client):
    response = client.get("/api/actors/x' OR '1'='1")
    assert response.status_code == 404
    assert "no actor" in response.json()["detail"]


def test_quotes_by_speaker(client):
    body = client.get("/api/quotes", params={"speaker": "Merkel"}).json()
    assert body["total"] >= 1
    assert all("Merkel" in q["speaker_name"] for q in body["items"])
    assert any("army together" in q["text"] for q in body["items"])


# --------------------------------------------------------------------------- events, dyads


def test_events_filter_by_type_and_source(client):
    body = client.get("/api/events", params={"type": "consult"}).json()
    assert body["total"] >= 1 and all(e["type"] == "CONSULT" for e in body["items"])
    trump = client.get("/api/events", params={"source": "donald-trump"}).json()
    assert trump["total"] >= 1 and all(e["source"] == "donald-trump" for e in trump["items"])


def test_events_filter_by_dates(client):
    everything = client.get("/api/events", params={"limit": 200}).json()
    july = client.get("/api/events", params={"since": "2017-07-01", "until": "2017-07", "limit": 200}).json()
    assert july["total"] >= 1
    assert all(e["date"].startswith("2017-07") for e in july["items"])
    later = [e for e in everything["items"] if e["date"] and e["date"] >= "2019"]
    assert later, "the 2019 articles should give dated events"
    assert july["total"] < everything["total"]


@pytest.mark.parametrize(
    "params, words",
    [({"since": "last week"}, "since must be a date"), ({"until": "2019-02-30"}, "not a real date"), ({"since": "2019-05-01", "until": "2019-01-01"}, "after")],
)
def test_bad_dates_are_400_with_the_reason(client, params, words):
    response = client.get("/api/events", params=params)
    assert response.status_code == 400
    assert words in response.json()["detail"]


def test_dyad_counts_by_month_and_type(client):
    body = client.get("/api/dyads", params={"a": "donald-trump", "b": "Vladimir Putin"}).json()
    assert client.get("/api/dyads", params={"a": "trump", "b": "putin"}).json() == body
    assert body["a"]["key"] == "donald-trump" and body["b"]["key"] == "vladimir-putin"
    assert body["total"] >= 1
    july = next(m for m in body["months"] if m["month"] == "2017-07")
    assert july["a_to_b"].get("CONSULT", 0) >= 1
    assert sum(body["by_type"].values()) == body["total"]


def test_dyad_errors(client):
    assert client.get("/api/dyads", params={"a": "donald-trump"}).status_code == 422
    missing = client.get("/api/dyads", params={"a": "donald-trump", "b": "nobody-at-all"})
    assert missing.status_code == 404 and "nobody-at-all" in missing.json()["detail"]


def test_network_and_timeline(client):
    net = client.get("/api/network").json()
    keys = {n["key"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in keys and e["target"] in keys for e in net["edges"])
    assert all(e["source"] != e["target"] for e in net["edges"])
    tl = client.get("/api/timeline").json()
    months = [m["month"] for m in tl["months"]]
    assert months == sorted(months) and "2017-07" in months


# --------------------------------------------------------------------------- sourcing


def test_sourcing_profiles_per_outlet(client):
    body = client.get("/api/sourcing").json()
    outlets = {o["outlet"]: o for o in body["items"]}
    assert {"Example Wire", "Daily Example", "(unknown)"} <= set(outlets)
    seed = outlets["(unknown)"]
    assert seed["anonymous"] >= 1 and seed["named"] >= 1
    assert 0 <= seed["shares"]["named"] <= 1
    only = client.get("/api/sourcing", params={"outlet": "daily"}).json()["items"]
    assert [o["outlet"] for o in only] == ["Daily Example"]


# --------------------------------------------------------------------------- analyze, limits, errors


def test_analyze_stores_and_returns_the_id(client):
    text = (
        "Japan and South Korea agree to resume talks\n\n"
        "TOKYO — Japanese Prime Minister Shinzo Abe said on Friday that Japan would resume trade talks with "
        "South Korea. \"Dialogue is the only way forward,\" Abe told parliament.\n"
    )
    response = client.post("/api/analyze", json={"text": text, "date": "2019-08-02", "source": "Test Wire"})
    assert response.status_code == 201
    body = response.json()
    article = client.get(f"/api/articles/{body['id']}").json()
    assert body["created"] is True and body["url"] == f"/articles/{body['id']}"
    assert article["article"]["source"] == "Test Wire" and article["article"]["date"] == "2019-08-02"
    assert any(a["name"] == "Shinzo Abe" for a in article["actors"])
    again = client.post("/api/analyze", json={"text": text, "date": "2019-08-02"}).json()
    assert again == {**body, "created": False}


@pytest.mark.parametrize(
    "payload, status, words",
    [({"text": ""}, 422, "text"), ({"text": "   \n "}, 400, "empty"), ({"text": "Someone said something.", "date": "yesterday"}, 400, "not a date"), ({}, 422, "text")],
)
def test_analyze_rejects_bad_input(client, payload, status, words):
    response = client.post("/api/analyze", json=payload)
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_upload_over_the_limit_is_413(db, settings):
    small = TestClient(create_app(db[0], ServeSettings(max_upload_bytes=1000, analysis=settings)))
    response = small.post("/api/analyze", json={"text": "word " * 400})
    assert response.status_code == 413
    assert "1000 bytes" in response.json()["detail"]
    form = small.post("/analyze", files={"file": ("big.txt", b"x" * 5000, "text/plain")})
    assert form.status_code == 413
    assert small.post("/api/analyze", json={"text": ""}).status_code == 422  # under the limit: the app answers


def test_server_errors_hide_the_traceback(db, monkeypatch):
    app = create_app(db[0])
    broken = TestClient(app, raise_server_exceptions=False)

    def explode(*_a, **_k):
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(Q, "list_articles", explode)
    response = broken.get("/api/articles")
    assert response.status_code == 500
    assert response.json() == {"error": "internal server error", "detail": "the server failed; see its log"}
    assert "secret" not in response.text and "Traceback" not in response.text


def test_openapi_documents_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/actors", "/api/actors/{key}", "/api/events", "/api/dyads", "/api/sourcing", "/api/analyze"):
        assert path in paths, path
        operation = next(iter(paths[path].values()))
        assert operation.get("summary") and operation.get("description"), path
    limit = next(p for p in paths["/api/articles"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200 and limit["description"]
    assert not any(p.startswith("/articles") for p in paths), "web pages stay out of the API spec"


# --------------------------------------------------------------------------- highlighting and escaping


def test_highlight_escapes_every_segment_and_wraps_facts():
    text = 'He said "<b>hi</b>" & left.'
    facts = [
        Fact("q0", "quote", 8, 20, "quote spk-0", "direct quote — A <x>", {"speaker": "A \"<x>\"", "quote": "q0"}),
        Fact("e0", "event", 0, 7, "event ev-CONSULT", "CONSULT: a → b"),
    ]
    html = highlight(text, facts)
    assert isinstance(html, Markup)
    assert "<b>" not in html and "&lt;b&gt;hi&lt;/b&gt;" in html and "&amp; left." in html
    assert '<a class="anchor" id="f-q0"></a>' in html and '<a class="anchor" id="f-e0"></a>' in html
    assert 'data-speaker="A &#34;&lt;x&gt;&#34;"' in html
    assert re.sub(r"<[^>]+>", "", str(html)) == str(Markup.escape(text))  # the text, whole and in order


def test_overlapping_facts_share_the_inner_segment():
    text = "abcdefghij"
    facts = [Fact("q0", "quote", 0, 6, "quote spk-1", "q", {"speaker": "A", "quote": "q0"}), Fact("h0", "hedge", 4, 8, "hedge", "h")]
    html = str(highlight(text, facts))
    inner = re.search(r'<span class="fact ([^"]+)" data-facts="([^"]+)"[^>]*>ef</span>', html)
    assert inner and set(inner.group(2).split()) == {"q0", "h0"}
    assert "quote" in inner.group(1) and "hedge" in inner.group(1)
    assert re.search(r'data-facts="h0"[^>]*>gh</span>', html)


@pytest.mark.parametrize(
    "url, safe",
    [("https://example.org/a?b=1", True), ("http://x.test", True), ("javascript:alert(1)", False), (" JavaScript:alert(1)", False), ("data:text/html,x", False), ("", False), (None, False)],
)
def test_only_http_urls_become_links(url, safe):
    assert (safe_url(url) is not None) is safe


def test_hostile_article_page_shows_text_and_runs_nothing(client, ids):
    html = client.get(f"/articles/{ids['hostile']}").text
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html.lower()
    assert "&lt;script&gt;window.__pwned = 1; alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "javascript:alert(document.cookie)" in html  # shown as text
    assert "&lt;script&gt;window.__pwned = 3&lt;/script&gt;Defaced" in html  # the title
    # The only scripts on the page are our own.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js">']


def test_hostile_metadata_is_escaped_in_lists(client):
    for path in ("/", "/?q=defaced", "/sourcing", "/timeline", "/actors"):
        html = client.get(path).text
        assert "<script>window.__pwned" not in html and "<img src=x" not in html, path


# --------------------------------------------------------------------------- web pages


def test_article_page_highlights_quotes_by_speaker(client, ids):
    html = client.get(f"/articles/{ids['seed']}").text
    spans = re.findall(r'<span class="fact ([^"]*)"[^>]*data-quote="(q\d+)" data-speaker="([^"]*)">', html)
    tillerson = {q for cls, q, speaker in spans if speaker == "Rex Tillerson"}
    assert tillerson, "Tillerson's quotes are highlighted"
    colours = {re.search(r"spk-\w+", cls).group() for cls, q, speaker in spans if speaker == "Rex Tillerson"}
    assert len(colours) == 1, "one colour per speaker"
    for q in tillerson:
        assert f'href="#f-{q}"' in html and f'id="f-{q}"' in html  # side list links to the span
    assert 'href="/actors/rex-tillerson"' in html
    assert 'class="fact event' in html and 'class="fact hedge' in html


def test_actor_network_timeline_sourcing_pages(client):
    actor = client.get("/actors/rex-tillerson").text
    assert "<h1 class=\"actor-name\">Rex Tillerson</h1>" in actor and "<blockquote>" in actor
    assert client.get("/actors/nobody-at-all").status_code == 404
    network = client.get("/network").text
    assert "<svg id=\"network\"" in network and network.count('class="edge"') >= 1
    assert 'href="/actors/donald-trump"' in network
    assert "<rect class=\"bar\"" in client.get("/timeline").text
    assert client.get("/timeline", params={"since": "bad"}).status_code == 400
    assert "Example Wire" in client.get("/sourcing").text
    listing = client.get("/", params={"q": "Kobani"}).text
    assert "Turkish shelling hits Kurdish town" in listing and "Merkel and Macron" not in listing


def test_analyze_form_redirects_to_the_article(client):
    text = "Protesters marched in Santiago on Sunday. \"We want change,\" said student leader Maria Lopez.\n"
    response = client.post("/analyze", data={"text": text, "date": "2019-10-27"}, follow_redirects=False)
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/articles/[0-9a-f]{16}", location)
    assert "Santiago" in client.get(location).text


def test_analyze_form_takes_a_file_and_reports_errors(client):
    upload = b"Flooding in Jakarta\n\nHeavy rain flooded parts of Jakarta on Thursday, officials said.\n"
    response = client.post("/analyze", files={"file": ("jakarta.txt", upload, "text/plain")}, data={"date": "2020-01-02"}, follow_redirects=False)
    assert response.status_code == 303
    assert "Jakarta" in client.get(response.headers["location"]).text
    empty = client.post("/analyze", data={"text": "  "})
    assert empty.status_code == 400 and "Paste some text" in empty.text
    bad_date = client.post("/analyze", data={"text": "Rain fell.", "date": "soon"})
    assert bad_date.status_code == 400 and "not a date" in bad_date.text


# --------------------------------------------------------------------------- newsledger query


def run_cli(*args: str):
    return CliRunner().invoke(cli_app, list(args))


def test_query_actors_json(db):
    result = run_cli("query", "actors", "--db", str(db[0]), "--name", "tillerson", "--json")
    assert result.exit_code == 0, result.output
    assert [a["key"] for a in json.loads(result.output)["items"]] == ["rex-tillerson"]


def test_query_tables(db):
    quotes = run_cli("query", "quotes", "--db", str(db[0]), "--speaker", "Tillerson")
    assert quotes.exit_code == 0 and "Rex Tillerson" in quotes.output and "quotes (" in quotes.output
    events = run_cli("query", "events", "--db", str(db[0]), "--type", "CONSULT", "--since", "2017-07-01", "--until", "2017-07-31")
    assert events.exit_code == 0 and "CONSULT" in events.output and "2019-" not in events.output
    sourcing = run_cli("query", "sourcing", "--db", str(db[0]), "--outlet", "Example Wire")
    assert sourcing.exit_code == 0 and "Example Wire" in sourcing.output and "Daily Example" not in sourcing.output


def test_query_events_json_filters(db):
    result = run_cli("query", "events", "--db", str(db[0]), "--source", "donald-trump", "--target", "vladimir-putin", "--json")
    items = json.loads(result.output)["items"]
    assert items and all(e["source"] == "donald-trump" and e["target"] == "vladimir-putin" for e in items)


def test_query_errors(db, tmp_path):
    bad = run_cli("query", "events", "--db", str(db[0]), "--since", "July")
    assert bad.exit_code == 2 and "since must be a date" in bad.output
    missing = run_cli("query", "actors", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 2 and "no such database" in missing.output
    too_many = run_cli("query", "actors", "--db", str(db[0]), "--limit", "1000")
    assert too_many.exit_code == 2 and "limit" in too_many.output


def test_serve_binds_loopback_by_default(db, monkeypatch, tmp_path):
    import uvicorn

    calls = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.update(kw, app=app))
    result = run_cli("serve", "--db", str(db[0]))
    assert result.exit_code == 0, result.output
    assert calls["host"] == "127.0.0.1" and calls["port"] == 8000
    assert calls["app"].state.settings.max_upload_bytes == 2 * 1024 * 1024
    missing = run_cli("serve", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 2 and "no such database" in missing.output


def test_cross_site_posts_are_refused(client):
    text = "Officials in Lima said on Monday that the vote would go ahead.\n"
    evil = client.post("/analyze", data={"text": text}, headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert evil.status_code == 403
    assert client.post("/api/analyze", json={"text": text}, headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.get("/api/articles", params={"q": "Lima"}).json()["total"] == 0
    same = client.post("/api/analyze", json={"text": text}, headers={"Origin": "http://testserver"})
    assert same.status_code == 201


def test_web_server_error_page_hides_the_traceback(db, monkeypatch):
    broken = TestClient(create_app(db[0]), raise_server_exceptions=False)
    monkeypatch.setattr(Q, "stats", lambda *_a: 1 / 0)
    response = broken.get("/")
    assert response.status_code == 500
    assert "internal server error" in response.text and "ZeroDivision" not in response.text


def test_serve_with_workers_hands_each_process_the_same_app(db, monkeypatch):
    from newsledger.web import app as web_app
    from newsledger.web import workers

    calls = {}
    monkeypatch.setattr(workers, "serve_workers", lambda host, port, n, log_level: calls.update(host=host, port=port, workers=n) or 0)
    monkeypatch.setenv("NEWSLEDGER_SERVE_DB", "")  # restored (removed) after the test: serve sets both
    monkeypatch.setenv("NEWSLEDGER_SERVE_SETTINGS", "")
    result = run_cli("serve", "--db", str(db[0]), "--workers", "2", "--max-upload-mb", "3")
    assert result.exit_code == 0, result.output
    assert calls == {"host": "127.0.0.1", "port": 8000, "workers": 2}
    assert workers.APP == "newsledger.web.app:app_from_environment"
    worker = web_app.app_from_environment()  # what each worker process builds
    assert worker.state.settings.max_upload_bytes == 3 * 1024 * 1024
    assert TestClient(worker).get("/api/articles").json()["total"] == TestClient(create_app(db[0])).get("/api/articles").json()["total"]
    assert run_cli("serve", "--db", str(db[0]), "--workers", "0").exit_code == 2


def _sockets_of(pid: int) -> set[int]:
    from os import listdir, readlink

    found = set()
    for fd in listdir(f"/proc/{pid}/fd"):
        try:
            target = readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            found.add(int(target[8:-1]))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads which process holds each connection from Linux's /proc")
def test_serve_workers_share_the_connections_of_clients_arriving_together(db, tmp_path):
    """Twenty keep-alive clients connecting at once are spread over the worker processes
    (with one shared socket they piled onto one: 18 and 2), and SIGTERM stops them all."""
    import os
    import signal
    import subprocess
    import sys

    import httpx

    from newsledger.web import workers

    if not workers.balanced():
        pytest.skip("no SO_REUSEPORT here: uvicorn's shared socket serves")
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, "-m", "newsledger.cli", "serve", "--db", str(db[0]), "--port", "0", "--workers", "2"],
                                  stdout=subprocess.DEVNULL, stderr=out)
    clients = []
    try:
        import time

        port, deadline = None, time.monotonic() + 120  # a bound on start-up, not a measure of it
        while port is None and server.poll() is None and time.monotonic() < deadline:
            found = re.search(r"serving on http://127\.0\.0\.1:(\d+)", log.read_text())  # named before any worker starts
            port = int(found.group(1)) if found else time.sleep(0.05)
        assert port is not None, log.read_text()
        clients = [httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) for _ in range(20)]
        for client in clients:  # each connects now and keeps its connection
            assert client.get("/api/articles", params={"limit": 1}).status_code == 200
        children = [int(c) for c in open(f"/proc/{server.pid}/task/{server.pid}/children").read().split()]
        # The worker processes (multiprocessing's resource tracker is a child too).
        children = [c for c in children if b"spawn_main" in open(f"/proc/{c}/cmdline", "rb").read()]
        assert len(children) == 2
        connections = set()
        with open("/proc/net/tcp") as table:
            for line in table.readlines()[1:]:
                fields = line.split()
                if int(fields[1].split(":")[1], 16) == port and fields[3] == "01":  # established, server side
                    connections.add(int(fields[9]))
        per_worker = [len(_sockets_of(child) & connections) for child in children]
        assert sum(per_worker) == 20 and min(per_worker) >= 3, per_worker  # all 20 on one: 1 in 500,000 by chance
        # One response cache for both processes: a page is computed once, whichever asks
        # (each process its own: a miss in each). A new page each try: PostgreSQL's own
        # autovacuum commits now and then, and a commit makes the next answer fresh.
        tries = []
        for attempt in range(3):
            tries.append([client.get(f"/actors?try={attempt}").headers.get("x-newsledger-cache") for client in clients])
            if tries[-1] == ["miss"] + ["hit"] * 19:
                break
        assert tries[-1] == ["miss"] + ["hit"] * 19, tries
    finally:
        for client in clients:
            client.close()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=120) == 0, log.read_text()
    assert all(not os.path.exists(f"/proc/{child}") for child in children)


def test_a_server_process_answers_nobody_before_the_other_processes_are_ready(db, monkeypatch):
    """``serve --workers N``: each process, warmed up, waits at a barrier for the others
    before it answers (a client the kernel handed to a late process waited seconds while
    the other idled); here the barrier's other party is this test."""
    import threading

    from newsledger.web import workers

    together = threading.Barrier(2)
    monkeypatch.setattr(workers, "_together", together)
    answers: list[int] = []

    def worker() -> None:
        with TestClient(create_app(db[0])) as client:  # the lifespan: warm-up, then the barrier
            answers.append(client.get("/api/articles", params={"limit": 1}).status_code)

    thread = threading.Thread(target=worker)
    thread.start()
    for _ in range(6000):  # bounded: the app's start-up reaches the barrier within this
        if together.n_waiting == 1:
            break
        thread.join(timeout=0.02)
    assert together.n_waiting == 1 and answers == []  # warmed up, waiting, answering nobody
    together.wait(timeout=60)  # the other process is ready too
    thread.join(timeout=120)
    assert answers == [200]
