"""Security, systematically: SQL injection strings in every query and path parameter of
every JSON endpoint and web page (no 5xx, nothing changed in the database), and in article
text (stored verbatim); path traversal on the static route; script, ``javascript:`` URLs and
event-handler attributes in article text and in every metadata field, escaped on every page;
bodies over the limit refused with 413, streamed or not; the default bind address; no stack
trace in any response. tests/test_api.py has the first cases of each; these sweep them."""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import threading
import time
import warnings
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from fastapi.routing import iter_route_contexts

from newsledger.store import queries as Q
from newsledger.web.app import ServeSettings, create_app
from newsledger.document import (
    Actor,
    Article,
    Claim,
    Document,
    Event,
    Hedge,
    Mention,
    Place,
    PlaceRef,
    Quote,
    ScareQuote,
    Span,
    TimeExpr,
)
from newsledger.store.store import TABLES, Store

SQLI = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "1; DROP TABLE articles; --",
    "'); DELETE FROM actors; --",
    '" OR ""="',
    "%' UNION SELECT id, text, 1, 2, 3, 4, 5 FROM articles --",
    "' AND 1=(SELECT count(*) FROM sqlite_master) --",
    "x' ORDER BY 100 --",
    "\\'; UPDATE articles SET title = 'pwned'; --",
    "' || (SELECT sql FROM sqlite_master) || '",
    "%",
    "_",
    "[a-z]*",
    "'\x00 OR 1=1",
    "-42",
    "99999999999999999999999",
    "1e309",
]

# Markup that would run if a page printed it raw: in text, in attributes, in URLs.
XSS = {
    "script": '<script>alert("xss-1")</script>',
    "breakout": '"><script>alert("xss-2")</script>',
    "single": "' onmouseover='alert(3)' data-x='",
    "double": '" onfocus="alert(4)" autofocus="',
    "img": "<img src=x onerror=alert(5)>",
    "svg": "<svg onload=alert(6)>",
    "js_url": "javascript:alert(7)",
    "title_end": "</title><script>alert(8)</script>",
    "anchor": '<a href="javascript:alert(9)">click</a>',
    "template": "{{ 7*7 }}{% raw %}",
}

# Everything the web UI shows; every one must be free of injected markup.
PAGES = ["/", "/actors", "/network", "/timeline", "/sourcing", "/analyze"]


# --------------------------------------------------------------------------- fixtures


def _hostile_document() -> Document:
    """A stored document with a payload in every field a page can show: text, metadata,
    actor names, keys, titles and aliases, quote and event fields, places, sources, hedges."""
    sentences = [
        f"{XSS['img']} Minister {XSS['script']} met envoy {XSS['svg']} in Quito on Monday.",
        f'"{XSS["breakout"]} is our position," the minister said.',
        f"Sources {XSS['single']} said the talks {XSS['double']} would go on.",
        f"A page linked to {XSS['js_url']} and {XSS['anchor']} and {XSS['title_end']} and {XSS['template']}.",
    ]
    text = " ".join(sentences)

    def span(needle: str, after: int = 0) -> tuple[int, int]:
        at = text.index(needle, after)
        return at, at + len(needle)

    article = Article(
        text=text,
        title=XSS["title_end"] + XSS["script"],
        date="2024-02-05",
        source=XSS["img"] + " Wire",
        url=XSS["js_url"],
        author=XSS["double"],
        path=XSS["svg"] + ".txt",
        warnings=[XSS["anchor"]],
    )
    doc = Document(article=article)
    m1, m2 = span(XSS["script"]), span(XSS["svg"])
    minister = Actor(
        id='min"><script>alert(10)</script>', name=XSS["script"], type="person", country="ECU", sector="GOV",
        title=XSS["single"], aliases=[XSS["img"]], code=XSS["double"],
        mentions=[Mention(m1[0], m1[1], XSS["script"], 'min"><script>alert(10)</script>')],
    )
    envoy = Actor(
        id="javascript:alert(11)", name=XSS["svg"], type="organization", country="ECU", aliases=[XSS["anchor"]],
        mentions=[Mention(m2[0], m2[1], XSS["svg"], "javascript:alert(11)")],
    )
    doc.actors = [minister, envoy]
    q = span(XSS["breakout"])
    doc.quotes = [
        Quote(text=XSS["breakout"], start=q[0], end=q[1], kind="direct", speaker=minister.id, speaker_name=XSS["script"],
              cue=Span(*span("said"), "said"), speaker_span=Span(*span("the minister"), "the minister"))
    ]
    doc.scare_quotes = [ScareQuote(text=XSS["breakout"], start=q[0], end=q[1])]
    met = span("met")
    doc.events = [
        Event(type="CONSULT", start=met[0], end=met[1], cameo="040", source=minister.id, source_name=XSS["script"],
              target=envoy.id, target_name=XSS["svg"], date="2024-02-05",
              place=PlaceRef(name=XSS["img"], country="ECU", lat=-0.2, lon=-78.5), text=XSS["anchor"]),
        Event(type='ACCUSE" onclick="alert(12)', start=met[0], end=met[1], source=envoy.id, source_name=XSS["svg"],
              target=minister.id, target_name=XSS["script"], date="2024-01", text=XSS["title_end"]),
    ]
    doc.times = [TimeExpr(text="on Monday", start=span("on Monday")[0], end=span("on Monday")[1], value="2024-02-05")]
    quito = span("Quito")
    doc.places = [Place(text="Quito", start=quito[0], end=quito[1], name=XSS["img"], country="ECU", region=XSS["svg"])]
    s = span(XSS["single"])
    doc.claims = [
        Claim(text="the talks would go on", start=s[1], end=s[1] + 10, source_type="anonymous", source_text="Sources " + XSS["single"],
              via=XSS["anchor"], hedges=[XSS["double"]]),
    ]
    doc.hedges = [Hedge(text=XSS["double"], start=span(XSS["double"])[0], end=span(XSS["double"])[1], kind='doubt" onclick="x')]
    doc.sourcing = {"named": 1, "anonymous": 1, "collective": 0, "unattributed": 0, "hedged": 1,
                    "anonymous_sources": ["Sources " + XSS["single"], XSS["script"]]}
    return doc


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory, analyze):
    path = tmp_path_factory.mktemp("security") / "news.db"
    store = Store(path)
    hostile = _hostile_document()
    store.save(hostile)
    plain = analyze(
        "President Daniel Noboa of Ecuador met Colombian President Gustavo Petro in Quito on Monday. "
        '"We will secure the border together," Noboa said. Petro accused armed groups of smuggling.',
        date="2024-02-05", source="Andes Wire", title="Noboa and Petro meet",
    )
    store.save(plain)
    store.close()
    return path, {"hostile": hostile.id, "plain": plain.id, "actors": [a.id for a in hostile.actors] + [a.id for a in plain.actors]}


@pytest.fixture(scope="module")
def client(hostile_db, settings):
    with TestClient(create_app(hostile_db[0], ServeSettings(analysis=settings)), raise_server_exceptions=False) as c:
        yield c


def _counts(db: Path) -> dict[str, int]:
    with Store(db) as store:
        return {table: store.count(table) for table in TABLES}


# --------------------------------------------------------------------------- HTML audit


class _Audit(HTMLParser):
    """Every start tag of a page: scripts that are not ours, event-handler attributes and
    script URLs are the markup an injection would add."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.problems.append(f"inline or foreign <script> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler <{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                if re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "vbscript:", "data:")):
                    self.problems.append(f"script URL <{tag} {name}={value!r}>")
        if tag in ("img", "iframe", "object", "embed", "base", "meta") and tag != "meta":
            self.problems.append(f"injected <{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append(f"<meta http-equiv> {attrs}")


def audit(html: str) -> list[str]:
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser.problems


def test_the_audit_catches_injected_markup() -> None:
    for payload in ("<script>alert(1)</script>", '<a href="javascript:alert(1)">x</a>', "<img src=x onerror=alert(1)>",
                    '<p title="" onfocus="alert(4)">', "<a href=' JaVaScRiPt:alert(1)'>x</a>", '<script src="//evil.example/x.js">'):
        assert audit(f"<html><body>{payload}</body></html>"), payload
    assert audit('<html><script src="/static/app.js"></script><a href="/actors/javascript%3Aalert">x</a></html>') == []


# --------------------------------------------------------------------------- XSS


def _hostile_pages(ids: dict) -> list[tuple[str, int]]:
    """(path, expected status): every page with the hostile data, pages echoing hostile
    parameters, and error pages quoting a hostile id back."""
    actor_pages = [f"/actors/{quote(key, safe='')}" for key in ids["actors"]]
    echoed = [f"/?q={quote(XSS['script'])}", f"/actors?name={quote(XSS['breakout'])}",
              f"/timeline?actor={quote(XSS['double'])}", "/?q=Quito", "/actors?name=alert"]
    errors = [f"/articles/{quote(XSS['script'], safe='')}", f"/actors/{quote(XSS['img'], safe='')}", "/timeline?since=" + quote(XSS["svg"][:10])]
    # A type that is no PLOVER type is refused (400), its error page quoting it back.
    bad_types = [f"/timeline?type={quote(XSS['single'][:40])}", f"/network?type={quote(XSS['svg'])}"]
    shown = PAGES + [f"/articles/{ids['hostile']}", f"/articles/{ids['plain']}"] + actor_pages + echoed
    return [(path, 200) for path in shown] + [(errors[0], 404), (errors[1], 404), (errors[2], 400)] + [(p, 400) for p in bad_types]


def test_no_page_runs_injected_markup(client, hostile_db) -> None:
    pages = _hostile_pages(hostile_db[1])
    for path, status in pages:
        response = client.get(path)
        assert response.status_code == status, (path, response.status_code)
        assert "text/html" in response.headers["content-type"], path
        assert audit(response.text) == [], path


def test_payloads_are_shown_as_text(client, hostile_db) -> None:
    ids = hostile_db[1]
    article = client.get(f"/articles/{ids['hostile']}").text
    for name in ("script", "breakout", "img", "svg", "title_end", "anchor"):
        escaped = XSS[name].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped.split('"')[0] in article, name  # quotes may be &#34; or &quot;
    assert "{{ 7*7 }}" in article and "javascript:alert(7)" in article
    assert 'href="javascript:' not in article.lower()
    for path in ("/", "/actors", "/network", "/timeline", "/sourcing"):
        html = client.get(path).text
        assert "&lt;script&gt;alert(" in html or "&lt;svg onload" in html or "&lt;img src=x" in html, path
    minister = client.get("/actors/" + quote(ids["actors"][0], safe=""))
    assert minister.status_code == 200 and "&lt;script&gt;alert(&#34;xss-1&#34;)&lt;/script&gt;" in minister.text


# --------------------------------------------------------------------------- SQL injection

# Every query parameter of every endpoint, with the values the others need to be valid.
QUERY_PARAMETERS = [
    ("/api/articles", "q", {}), ("/api/articles", "source", {}), ("/api/articles", "limit", {}), ("/api/articles", "offset", {}),
    ("/api/actors", "name", {}), ("/api/actors", "limit", {}), ("/api/actors", "offset", {}),
    ("/api/actors/daniel-noboa", "limit", {}), ("/api/actors/daniel-noboa", "offset", {}),
    ("/api/quotes", "speaker", {}), ("/api/quotes", "article", {}), ("/api/quotes", "limit", {}), ("/api/quotes", "offset", {}),
    *[("/api/events", p, {}) for p in ("source", "target", "actor", "type", "since", "until", "limit", "offset")],
    ("/api/dyads", "a", {"b": "Petro"}), ("/api/dyads", "b", {"a": "Noboa"}),
    *[("/api/network", p, {}) for p in ("type", "since", "until", "edges")],
    *[("/api/timeline", p, {}) for p in ("actor", "type", "since", "until")],
    ("/api/sourcing", "outlet", {}), ("/api/sourcing", "limit", {}), ("/api/sourcing", "offset", {}),
    ("/", "q", {}), ("/", "offset", {}), ("/actors", "name", {}), ("/actors", "offset", {}),
    *[("/network", p, {}) for p in ("type", "since", "until", "edges")],
    *[("/timeline", p, {}) for p in ("actor", "type", "since", "until")],
    *[(path, p, {}) for path in ("/api/claims", "/claims", "/claims.csv") for p in ("source_type", "source_text", "outlet")],
    ("/api/claims", "limit", {}), ("/api/claims", "offset", {}),
    ("/actors.csv", "name", {}), ("/quotes.csv", "speaker", {}), ("/quotes.csv", "article", {}), ("/sourcing.csv", "outlet", {}),
    *[("/events.csv", p, {}) for p in ("source", "target", "actor", "type", "since", "until")],
    *[(path, p, {}) for path in ("/api/statements", "/statements") for p in ("speaker", "since", "until", "min_articles", "flag")],
]
PATH_PARAMETERS = ["/api/articles/{}", "/api/actors/{}", "/articles/{}", "/actors/{}", "/api/statements/{}", "/statements/{}"]
SEARCHES = {("/api/articles", "q"), ("/api/articles", "source"), ("/api/actors", "name"), ("/api/quotes", "speaker"), ("/api/sourcing", "outlet")}
LEAKS = ("Traceback", "sqlite3", "OperationalError", "syntax error", "sqlalchemy", "SELECT ")


def test_the_parameter_table_covers_every_route(client) -> None:
    # The app includes its routers lazily: list the routes behind them too.
    get_routes = [r for r in iter_route_contexts(client.app.routes) if r.methods and "GET" in r.methods]
    routes = {r.path for r in get_routes}
    covered = {re.sub(r"/daniel-noboa$", "/{key}", path) for path, _, _ in QUERY_PARAMETERS}
    covered |= {
        p.replace("{}", "{article_id}") if "articles" in p else p.replace("{}", "{statement_id}") if "statements" in p else p.replace("{}", "{key}")
        for p in PATH_PARAMETERS
    }
    covered |= {"/sourcing", "/analyze"}  # no parameters
    with_params = {r.path for r in get_routes if r.path not in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect")}
    assert "/api/events" in with_params and "/timeline" in with_params, routes
    assert {p.replace("{key:path}", "{key}") for p in with_params} <= covered, routes


@pytest.mark.parametrize("path,param,others", QUERY_PARAMETERS, ids=[f"{p}?{n}" for p, n, _ in QUERY_PARAMETERS])
def test_sql_in_a_query_parameter_is_only_a_value(client, hostile_db, path, param, others) -> None:
    before = _counts(hostile_db[0])
    for payload in SQLI:
        response = client.get(path, params={**others, param: payload})
        assert response.status_code < 500, (payload, response.status_code, response.text[:300])
        for leak in LEAKS:  # the payload itself may be quoted back in a 400's message
            assert leak.lower() in payload.lower() or leak not in response.text, (payload, leak)
        if (path, param) in SEARCHES and payload not in ("%", "_"):
            body = response.json()  # no payload matches everything
            assert body.get("total", len(body["items"])) == 0 and body["items"] == [], payload
    assert _counts(hostile_db[0]) == before


@pytest.mark.parametrize("template", PATH_PARAMETERS)
def test_sql_in_a_path_parameter_is_only_a_value(client, hostile_db, template) -> None:
    before = _counts(hostile_db[0])
    for payload in SQLI:
        response = client.get(template.format(quote(payload, safe="")))
        assert response.status_code in (404, 400), (payload, response.status_code)
        for leak in LEAKS:  # the payload itself may be quoted back in a 400's message
            assert leak.lower() in payload.lower() or leak not in response.text, (payload, leak)
    assert _counts(hostile_db[0]) == before


def test_sql_in_article_text_and_metadata_is_stored_verbatim(client, hostile_db) -> None:
    before = _counts(hostile_db[0])
    text = ("Robert'); DROP TABLE articles; -- told the council in Leeds on Monday that the vote "
            "' OR 1=1 -- had been rigged, according to two councillors.\n")
    meta = {"title": "x'); DELETE FROM actors; --", "source": "' OR '1'='1", "url": "https://example.org/?id=1' OR '1'='1"}
    response = client.post("/api/analyze", json={"text": text, "date": "2024-03-04", **meta})
    assert response.status_code == 201, response.text
    stored = client.get(f"/api/articles/{response.json()['id']}").json()
    assert stored["text"] == text
    assert {k: stored["article"][k] for k in meta} == meta
    after = _counts(hostile_db[0])
    assert after["articles"] == before["articles"] + 1
    assert all(after[t] >= before[t] for t in TABLES)
    assert client.get("/api/articles", params={"source": "' OR '1'='1"}).json()["total"] == 1


# --------------------------------------------------------------------------- path traversal

TRAVERSALS = [
    "/static/../../etc/passwd",
    "/static/../../../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/%252e%252e/%252e%252e/etc/passwd",
    "/static/....//....//....//etc/passwd",
    "/static/..%5c..%5c..%5cetc%5cpasswd",
    "/static/..\\..\\..\\etc\\passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/../templates/base.html",
    "/static/..%2ftemplates%2fbase.html",
    "/static/%2e%2e/%2e%2e/api.py",
    "/static/..%2f..%2fapi.py",
    "/static/..%00/..%00/etc/passwd",
    "/static/app.js%00.png",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
]
SECRETS = ("root:", "{% block", "{%", "def create_app", "import ")


@pytest.fixture(scope="module")
def live_server(hostile_db, settings):
    """The app behind a real uvicorn on a free loopback port: raw paths reach it as sent
    (an HTTP client library would normalise the ``..`` away)."""
    import uvicorn

    config = uvicorn.Config(create_app(hostile_db[0], ServeSettings(max_upload_bytes=4096, analysis=settings)),
                            host="127.0.0.1", port=0, log_level="critical", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def _raw_get(port: int, path: str) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode("latin-1"))
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def test_static_files_are_served(live_server) -> None:
    status, body = _raw_get(live_server, "/static/app.js")
    assert status == 200 and body


@pytest.mark.parametrize("path", TRAVERSALS)
def test_path_traversal_on_static_never_reads_a_file(live_server, path) -> None:
    status, body = _raw_get(live_server, path)
    assert status in (400, 404), (status, body[:200])
    text = body.decode("utf-8", "replace")
    for secret in SECRETS:
        assert secret not in text, secret
    assert "Traceback" not in text


# --------------------------------------------------------------------------- size limits


def test_streamed_body_over_the_limit_is_413(live_server) -> None:
    """A chunked body announces no length: counted as it arrives, cut at the limit."""
    conn = http.client.HTTPConnection("127.0.0.1", live_server, timeout=30)
    chunks = (b'{"text": "' + b"word " * 2000 + b'"}',)
    conn.request("POST", "/api/analyze", body=iter(chunks), headers={"Content-Type": "application/json"}, encode_chunked=True)
    response = conn.getresponse()
    assert response.status == 413
    assert b"4096 bytes" in response.read()
    conn.close()


def test_declared_length_over_the_limit_is_413_before_the_body(live_server) -> None:
    with socket.create_connection(("127.0.0.1", live_server), timeout=10) as sock:
        sock.sendall(b"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000000\r\nConnection: close\r\n\r\n")
        data = sock.recv(65536)
    assert data.split()[1] == b"413"


def test_upload_form_over_the_limit_is_413(client, hostile_db, settings) -> None:
    small = TestClient(create_app(hostile_db[0], ServeSettings(max_upload_bytes=2048, analysis=settings)))
    before = _counts(hostile_db[0])
    for field in ("text", "title", "source", "url"):
        response = small.post("/analyze", data={"text": "short", field: "x" * 5000} if field != "text" else {"text": "x " * 3000})
        assert response.status_code == 413, field
    assert small.post("/analyze", files={"file": ("big.html", b"<p>" + b"a" * 4000 + b"</p>", "text/html")}).status_code == 413
    assert _counts(hostile_db[0]) == before


# --------------------------------------------------------------------------- binding


def _listening_addresses(port: int) -> set[str]:
    """The local addresses listening on ``port`` (Linux /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads /proc/net/tcp")
def test_serve_listens_on_loopback_only_by_default(hostile_db) -> None:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsledger.cli", "serve", "--db", str(hostile_db[0]), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not _listening_addresses(port):
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/api/articles?limit=1")
        assert conn.getresponse().status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stderr.close()


# --------------------------------------------------------------------------- stack traces

ROUTES_AND_FUNCTIONS = [
    ("/api/articles", "list_articles"), ("/api/actors", "list_actors"), ("/api/actors/x", "actor_detail"),
    ("/api/quotes", "list_quotes"), ("/api/events", "list_events"), ("/api/dyads?a=x&b=y", "dyad"),
    ("/api/network", "network"), ("/api/timeline", "timeline"), ("/api/sourcing", "sourcing_profiles"),
    ("/actors", "list_actors"), ("/actors/x", "actor_detail"), ("/network", "network"), ("/timeline", "timeline"),
    ("/sourcing", "sourcing_profiles"),
]


@pytest.mark.parametrize("path,function", ROUTES_AND_FUNCTIONS)
def test_an_internal_error_shows_no_stack_trace(hostile_db, monkeypatch, path, function) -> None:
    broken = TestClient(create_app(hostile_db[0]), raise_server_exceptions=False)

    def explode(*_a, **_k):
        raise RuntimeError(f"secret detail from {Path(Q.__file__)} SELECT * FROM articles")

    monkeypatch.setattr(Q, function, explode)
    response = broken.get(path)
    assert response.status_code == 500
    for leak in ("Traceback", "secret detail", "RuntimeError", "query.py", "SELECT", 'File "'):
        assert leak not in response.text, leak


def test_a_database_error_shows_no_stack_trace(hostile_db, monkeypatch, tmp_path) -> None:
    from sqlalchemy.exc import OperationalError

    app = create_app(hostile_db[0])
    broken = TestClient(app, raise_server_exceptions=False)

    def locked(*_a, **_k):
        raise OperationalError("SELECT * FROM articles WHERE id = ?", ("x",), Exception("database is locked"))

    from newsledger.store import queries

    monkeypatch.setattr(Store, "article", locked)
    monkeypatch.setattr(queries, "article_for_page", locked)  # the page's own read (mentions counted)
    for path in ("/api/articles/abc", "/articles/abc"):
        response = broken.get(path)
        assert response.status_code == 500
        assert "Traceback" not in response.text and "SELECT" not in response.text and "locked" not in response.text
