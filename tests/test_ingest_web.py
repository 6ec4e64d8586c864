"""Ingest from the web and from web archives, against a local HTTP server this module starts.

The server listens on 127.0.0.1 only, on a port the system picks; no traffic leaves the
machine. It serves article pages, a feed, a sitemap index, a robots.txt that forbids one
path, a page that answers 429 then 200, one that never answers in time, a redirect, a
non-HTML response and a 20 MB page. Every case ends in a stored article or a clear per-URL
error, and a rerun fetches only what is missing. No test depends on timing: the slow page
waits for an event the teardown sets, far longer than the client's timeout.
"""

from __future__ import annotations

import gzip
import io
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.cli import app
from newsledger.ingest import is_warc_name
from newsledger.ingest.sources import read_sources
from newsledger.ingest.feeds import FEED, SITEMAP, SITEMAP_INDEX, listing_kind, read_links
from newsledger.ingest.warc import read_warc
from newsledger.ingest.web import FetchError, FetchSettings, normalize_url, read_urls
from newsledger.run.export import export
from newsledger.run.ingest import ingest_paths
from newsledger.run.watch import parse_every, watch_feeds
from newsledger.store import Store

SENTENCES = [
    "Rescue teams reached the flooded villages in the north of the province on Sunday, officials said.",
    "Two days of heavy rain washed away bridges and roads, cutting off thousands of residents.",
    "\u201cThe water came up in less than an hour,\u201d said a farmer who spent the night on his roof.",
    "The regional governor asked the national government for helicopters and emergency funds.",
]

# slug -> headline; each page's text differs, so each is its own article.
PAGES = {
    "floods": "Floods cut off northern villages",
    "summit": "Leaders meet in Hamburg for talks",
    "grain": "Turkey and Ukraine sign a grain deal",
    "election": "Opposition wins the regional election",
    "strike": "Port workers go on strike over pay",
    "drills": "Navy holds drills near the strait",
    "target": "Ministers agree on a border plan",
    "retry": "Court rules on the fishing dispute",
    "private": "A page robots.txt forbids",
    "alias": "The same floods under another address",
}
BIG_BYTES = 20 * 1024 * 1024


def article_html(slug: str, host: str, canonical: bool = True) -> bytes:
    title = PAGES[slug]
    body = "".join(f"<p>{s.replace('Sunday', slug.capitalize() + ' day')} ({slug}, {n})</p>" for n, s in enumerate(SENTENCES))
    link = f'<link rel="canonical" href="http://{host}/news/{slug}">' if canonical else ""
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{link}"
        f'<meta property="og:site_name" content="Local Wire">'
        f'<meta property="article:published_time" content="2024-06-10T08:00:00Z">'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode("utf-8")


class NewsServer:
    """The test's web site; ``hits`` counts requests per path."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.release = threading.Event()  # set at teardown: the slow page answers then
        self.feed_broken = False
        self.extra_feed_items: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                outer.hits[self.path] += 1
                outer.user_agents.add(self.headers.get("User-Agent", ""))
                try:
                    outer.answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a page too large, a timeout): expected

        self.user_agents: set[str] = set()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.host = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.base = f"http://{self.host}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def send(self, handler, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", headers: dict | None = None) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    def answer(self, h) -> None:
        path = h.path.split("?", 1)[0]
        if path == "/robots.txt":
            return self.send(h, 200, b"User-agent: *\nDisallow: /news/private\n", "text/plain")
        if path.startswith("/news/"):
            slug = path.rsplit("/", 1)[1]
            if slug == "retry" and self.hits[path] == 1:
                return self.send(h, 429, b"slow down", "text/plain", {"Retry-After": "0"})
            if slug in PAGES:
                return self.send(h, 200, article_html(slug, self.host, canonical=slug != "alias"))
            return self.send(h, 404, b"not found", "text/plain")
        if path == "/old/target":
            return self.send(h, 301, b"", headers={"Location": "/news/target"})
        if path == "/slow":
            self.release.wait(10)  # bounded: the teardown sets it long before
            return self.send(h, 200, article_html("floods", self.host))
        if path == "/report.pdf":
            return self.send(h, 200, b"%PDF-1.4 " + b"x" * 1000, "application/pdf")
        if path == "/big":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(BIG_BYTES))
            h.end_headers()
            chunk = b"<p>" + b"word " * 2000 + b"</p>"
            sent = 0
            while sent < BIG_BYTES:  # bounded by the size
                part = chunk[: BIG_BYTES - sent]
                h.wfile.write(part)
                sent += len(part)
            return None
        if path == "/feed.xml":
            if self.feed_broken:
                return self.send(h, 200, b"<rss><channel><item><title>unclosed", "application/rss+xml")
            items = ["/news/floods", "/news/summit", *self.extra_feed_items]
            entries = "".join(
                f"<item><title>Item {n}</title><link>{self.base}{p}</link><pubDate>Mon, 10 Jun 2024 08:00:00 GMT</pubDate></item>"
                for n, p in enumerate(items)
            )
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>{entries}</channel></rss>'
            return self.send(h, 200, body.encode(), "application/rss+xml")
        if path == "/sitemap_index.xml":
            body = (
                '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{self.base}/sitemap-news.xml</loc></sitemap>"
                f"<sitemap><loc>{self.base}/sitemap-more.xml.gz</loc></sitemap></sitemapindex>"
            )
            return self.send(h, 200, body.encode(), "application/xml")
        if path == "/sitemap-news.xml":
            body = (
                '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                f"<url><loc>{self.base}/news/grain</loc><news:news><news:publication><news:name>Local Wire</news:name>"
                "<news:language>en</news:language></news:publication><news:publication_date>2024-06-11</news:publication_date>"
                "<news:title>Grain deal</news:title></news:news></url>"
                f"<url><loc>{self.base}/news/election</loc></url></urlset>"
            )
            return self.send(h, 200, body.encode(), "application/xml")
        if path == "/sitemap-more.xml.gz":
            body = (
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{self.base}/news/strike</loc></url></urlset>"
            )
            return self.send(h, 200, gzip.compress(body.encode()), "application/x-gzip")
        return self.send(h, 404, b"not found", "text/plain")


@pytest.fixture()
def server():
    site = NewsServer()
    site.thread.start()
    try:
        yield site
    finally:
        site.release.set()
        site.httpd.shutdown()
        site.httpd.server_close()
        site.thread.join(timeout=10)


# Quick and impatient, for tests: no delay between requests, no waiting before a retry.
FAST = FetchSettings(delay=0.0, backoff=0.0, timeout=0.5, retries=1, concurrency=4, per_host=2)


def by_url(items) -> dict[str, object]:
    out = {}
    for item in items:
        if item.article is not None:
            out[item.article.path] = item.article
        elif item.error is not None:
            out[item.error.path] = item.error
        else:
            out[item.skipped] = "skipped"
    return out


# --------------------------------------------------------------------------- fetching, no analysis


def test_every_kind_of_url_ends_in_an_article_or_a_clear_error(server: NewsServer) -> None:
    u = server.url
    asked = [u("/news/floods"), u("/news/private"), u("/news/retry"), u("/slow"), u("/old/target"),
             u("/report.pdf"), u("/big"), u("/news/missing"), "ftp://example.org/x"]
    got = by_url(read_urls(asked, FAST))
    assert set(got) == set(asked)

    floods = got[u("/news/floods")]
    assert floods.url == u("/news/floods") and floods.source == "Local Wire" and floods.date == "2024-06-10"
    assert floods.title == PAGES["floods"] and floods.fetched_at and floods.fetched_at.endswith("+00:00")
    assert "Rescue teams" in floods.text

    retry = got[u("/news/retry")]
    assert retry.title == PAGES["retry"] and server.hits["/news/retry"] == 2  # 429, then 200

    moved = got[u("/old/target")]
    assert moved.url == u("/news/target") and moved.title == PAGES["target"]

    def error(url: str) -> str:
        value = got[url]
        assert isinstance(value, FetchError), (url, value)
        assert str(value).startswith(url + ": ")
        return str(value)

    assert "robots.txt" in error(u("/news/private")) and server.hits["/news/private"] == 0
    assert "timed out" in error(u("/slow")) and "retried on the next run" in error(u("/slow"))
    assert "not a web page (Content-Type: application/pdf)" in error(u("/report.pdf"))
    assert "too large (20 MB > 10 MB limit)" in error(u("/big"))
    assert "HTTP 404" in error(u("/news/missing"))
    assert "not an http(s) URL" in error("ftp://example.org/x")
    assert server.hits["/robots.txt"] == 1  # once per host
    assert all(agent.startswith("newsledger/") for agent in server.user_agents)


def test_a_feed_and_a_sitemap_index_are_followed_to_their_pages(server: NewsServer) -> None:
    got = by_url(read_urls([server.url("/feed.xml"), server.url("/sitemap_index.xml")], FAST))
    wanted = {server.url(f"/news/{slug}") for slug in ("floods", "summit", "grain", "election", "strike")}
    assert set(got) == wanted
    assert all(not isinstance(v, FetchError) for v in got.values()), got
    grain = got[server.url("/news/grain")]
    assert grain.source == "Local Wire"


def test_a_malformed_feed_is_one_clear_error(server: NewsServer) -> None:
    server.feed_broken = True
    [item] = list(read_urls([server.url("/feed.xml")], FAST))
    assert item.error is not None and str(item.error).startswith(server.url("/feed.xml") + ": malformed feed")


def test_listings_are_told_apart_by_their_root_element() -> None:
    assert listing_kind(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><rss version="2.0">') == FEED
    assert listing_kind(b'<feed xmlns="http://www.w3.org/2005/Atom">') == FEED
    assert listing_kind(b"<urlset>") == SITEMAP and listing_kind(b"<sitemapindex>") == SITEMAP_INDEX
    assert listing_kind(b"<!DOCTYPE html><html>") is None
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>A</title>'
            b'<link href="/a/1"/><updated>2024-06-09T10:00:00Z</updated></entry></feed>')
    links = read_links(atom, "http://example.org/feed")
    assert [(p.url, p.title, p.date) for p in links.pages] == [("http://example.org/a/1", "A", "2024-06-09")]


def test_addresses_are_normalized_before_they_are_compared() -> None:
    assert normalize_url("HTTP://Example.ORG/a?b=1#top") == "http://example.org/a?b=1"
    assert normalize_url("https://example.org") == "https://example.org/"
    with pytest.raises(ValueError):
        normalize_url("mailto:someone@example.org")


# --------------------------------------------------------------------------- into the database


def test_ingest_urls_stores_articles_and_a_rerun_fetches_only_what_is_missing(server: NewsServer, tmp_path: Path, settings) -> None:
    db = tmp_path / "web.db"
    u = server.url
    asked = [u("/news/floods"), u("/news/private"), u("/news/missing"), u("/old/target"), u("/news/alias"), u("/feed.xml"), u("/report.pdf")]
    first = ingest_paths(asked, db, settings, progress=False, fetch=FAST)
    # floods, target (by the redirect), alias, summit (from the feed; floods is in it too)
    assert first.new == 4, first.errors
    assert first.failed == 3 and len(first.errors) == 3
    assert any(e.startswith(u("/news/private") + ":") for e in first.errors)
    with Store(db) as store:
        assert store.has_url(u("/old/target")) and store.has_url(u("/news/target"))
        assert store.has_url(u("/news/alias"))  # no canonical link: stored under its own address

    hits_before = server.hits.copy()
    second = ingest_paths(asked, db, settings, progress=False, fetch=FAST)
    assert second.new == 0 and second.failed == 3
    fetched_again = {path for path in server.hits if server.hits[path] > hits_before[path]}
    # Only robots.txt (once a run), the feed (a listing is read each time) and what failed
    # are asked for again; the page robots.txt forbids is never asked for.
    assert fetched_again == {"/robots.txt", "/feed.xml", "/news/missing", "/report.pdf"}
    assert second.skipped == 4  # floods, target, alias, and summit from the feed (floods in it is the same URL)

    out = tmp_path / "events.jsonl"
    export(db, "jsonl", out, layout="gdelt")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    docs = tmp_path / "docs.jsonl"
    export(db, "jsonl", docs)
    stored = [json.loads(line)["article"] for line in docs.read_text(encoding="utf-8").splitlines()]
    assert {a["url"] for a in stored} == {u("/news/floods"), u("/news/target"), u("/news/alias"), u("/news/summit")}
    assert all(a["fetched_at"] and a["source"] == "Local Wire" for a in stored)
    assert rows, "the articles have events"
    for row in rows:  # GDELT 2.0's SOURCEURL and DATEADDED (YYYYMMDDHHMMSS, the fetch time) come from the fetch
        assert row["SOURCEURL"].startswith(server.base) and row["outlet"] == "Local Wire" and row["fetched_at"]
        assert str(row["DATEADDED"]) == row["fetched_at"][:19].replace("-", "").replace("T", "").replace(":", "")


def test_the_same_text_under_a_second_address_is_not_stored_twice(server: NewsServer, tmp_path: Path, settings) -> None:
    db = tmp_path / "dup.db"
    assert ingest_paths([server.url("/news/floods")], db, settings, progress=False, fetch=FAST).new == 1
    # The same page asked for with a query string: fetched (its address is new), not stored again.
    report = ingest_paths([server.url("/news/floods?ref=rss")], db, settings, progress=False, fetch=FAST)
    assert (report.new, report.skipped) == (0, 1)
    with Store(db) as store:
        assert store.count() == 1 and store.has_url(server.url("/news/floods?ref=rss"))


def test_cli_ingest_urls_file_and_watch(server: NewsServer, tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "cli.db"
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# morning list\n{server.url('/news/drills')}\n\n{server.url('/news/missing')}\n", encoding="utf-8")
    fast = ["--delay", "0", "--timeout", "0.5", "--retries", "0"]
    result = runner.invoke(app, ["ingest", "--urls", str(listing), server.url("/news/election"), "--db", str(db), "--no-progress", "--workers", "1", *fast])
    assert result.exit_code == 1, result.output  # one URL failed, the others are stored
    assert "ingested 2 new, 0 already present, 1 failed" in result.output
    assert f"{server.url('/news/missing')}: HTTP 404" in result.output

    server.extra_feed_items = ["/news/grain"]
    result = runner.invoke(app, ["watch", server.url("/feed.xml"), "--db", str(db), "--every", "0s", "--rounds", "2", "--workers", "1", *fast])
    assert result.exit_code == 0, result.output
    assert "round 1: ingested 3 new" in result.output and "round 2: ingested 0 new, 3 already present" in result.output
    assert server.hits["/news/grain"] == 1


def test_watch_survives_a_feed_that_is_down_or_malformed(server: NewsServer, tmp_path: Path, settings) -> None:
    server.feed_broken = True
    rounds = []
    watch_feeds([server.url("/feed.xml"), server.url("/gone.xml")], tmp_path / "w.db", settings, every=0, rounds=2,
                fetch=FAST, on_round=lambda n, report: rounds.append(report))
    assert [r.failed for r in rounds] == [2, 2]
    server.feed_broken = False
    watch_feeds([server.url("/feed.xml")], tmp_path / "w.db", settings, every=0, rounds=1, fetch=FAST, on_round=lambda n, r: rounds.append(r))
    assert rounds[-1].new == 2


def test_parse_every() -> None:
    assert parse_every("15m") == 900 and parse_every("30s") == 30 and parse_every("1h") == 3600 and parse_every("90") == 90
    assert parse_every("1h30m") == 5400
    with pytest.raises(ValueError):
        parse_every("soon")


# --------------------------------------------------------------------------- web archives


def write_warc(path: Path, host: str = "news.example.org", slugs=("floods", "summit", "grain")) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=str(path).endswith(".gz"))

        def response(url: str, status: str, content_type: str, body: bytes, date: str = "2024-06-10T08:15:00Z") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": date})
            writer.write_record(record)

        writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "the test"}))
        for slug in slugs:
            url = f"http://{host}/news/{slug}"
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(f"GET /news/{slug} HTTP/1.1\r\n\r\n".encode()))
            writer.write_record(request)
            response(url, "200 OK", "text/html; charset=utf-8", article_html(slug, host))
        response(f"http://{host}/news/gone", "404 Not Found", "text/html", b"<html><body>gone</body></html>")
        response(f"http://{host}/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
        response(f"http://{host}/old", "301 Moved Permanently", "text/html", b"")
        response(f"http://{host}/menu", "200 OK", "text/html", b"<html><body><a href='/'>Home</a></body></html>")


def test_warc_html_200_responses_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    assert is_warc_name(path.name) and is_warc_name("x.ARC")
    items = list(read_warc(path))
    articles = [i.article for i in items if i.article is not None]
    errors = [i.error for i in items if i.error is not None]
    assert [a.title for a in articles] == [PAGES[s] for s in ("floods", "summit", "grain")]
    assert articles[0].url == "http://news.example.org/news/floods" and articles[0].source == "Local Wire"
    assert articles[0].fetched_at == "2024-06-10T08:15:00+00:00"
    # the page with no article text is the one error, and it names its URL and place in the file
    assert len(errors) == 1 and str(errors[0]).startswith(f"http://news.example.org/menu (in {path} at byte ")
    assert "no article text" in str(errors[0])


def test_warc_ingest_resumes_without_extracting_again(tmp_path: Path, settings) -> None:
    path = tmp_path / "crawl.warc"  # not gzipped: both forms are read
    write_warc(path)
    db = tmp_path / "warc.db"
    first = ingest_paths([path], db, settings, progress=False)
    assert (first.new, first.failed) == (3, 1)
    second = ingest_paths([tmp_path], db, settings, progress=False)  # the folder: the archive found in it
    assert (second.new, second.skipped, second.failed) == (0, 3, 1)
    with Store(db) as store:
        items = list(read_sources([path], known_url=store.has_url))
    assert [i.skipped for i in items if i.skipped] == [f"http://news.example.org/news/{s}" for s in ("floods", "summit", "grain")]


def test_a_truncated_warc_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    write_warc(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    items = list(read_warc(path))
    assert any(i.article is not None for i in items)
    assert items[-1].error is not None and str(items[-1].error).startswith(str(path))


def test_dask_splits_a_list_of_warc_files_across_workers(tmp_path: Path, settings) -> None:
    first, second = tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"
    write_warc(first, "a.example.org", ("floods", "summit", "grain"))
    write_warc(second, "b.example.org", ("election", "strike", "drills"))
    db, out = tmp_path / "dask.db", tmp_path / "parquet"
    report = ingest_paths([first, second], db, settings, progress=False, engine="dask", workers=2, parquet=out)
    assert (report.new, report.failed) == (6, 2), report.errors  # the two menu pages have no text
    with Store(db) as store:
        assert store.count() == 6 and store.has_url("http://b.example.org/news/drills")
    again = ingest_paths([first, second], db, settings, progress=False, engine="dask", workers=2, parquet=out)
    assert (again.new, again.skipped) == (0, 6)


def test_an_unexpected_parser_failure_costs_only_its_page(server: NewsServer, monkeypatch) -> None:
    from newsledger.ingest import web

    real = web.article_from_page

    def fragile(page, date=None, hints=None):
        if page.url.endswith("/summit"):
            raise RuntimeError("parser crashed")
        return real(page, date, hints)

    monkeypatch.setattr(web, "article_from_page", fragile)
    got = by_url(read_urls([server.url("/news/summit"), server.url("/news/grain")], FAST))
    assert str(got[server.url("/news/summit")]).endswith("could not be read (RuntimeError: parser crashed) — check the address in a browser")
    assert got[server.url("/news/grain")].title == PAGES["grain"]
