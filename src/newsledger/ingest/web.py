"""Reading articles from the web: pages by URL, and the pages feeds and sitemaps list.

:func:`read_urls` fetches each URL, politely, and yields one :class:`IngestItem` per article
page, per URL already stored (``skipped``) and per failure (an :class:`FetchError` naming the
URL and saying what to do). A URL that turns out to be an RSS/Atom feed, a sitemap or a
sitemap index is not an article: the pages it lists are fetched in its place.
:func:`fetch` gets one URL's bytes, the rules below applied.

Politeness, all of it in :class:`FetchSettings` (settings are data):

- one clear User-Agent naming newsledger; robots.txt read once per host and obeyed
  (its Crawl-delay too, up to ``max_crawl_delay``); a robots.txt that answers 4xx allows
  everything, one that cannot be fetched (5xx, no answer) forbids the host, as RFC 9309 says;
- at most ``per_host`` requests in flight to one host and ``delay`` seconds between the starts
  of two requests to it; at most ``concurrency`` requests in flight in all;
- a timeout on every request; 429 and 5xx answers, timeouts and dropped connections retried
  ``retries`` times, waiting ``backoff`` seconds doubled each time (or the server's
  Retry-After), never more than ``max_backoff``;
- redirects followed by hand (up to ``max_redirects``) so that robots.txt is asked for every
  hop; a page larger than ``max_bytes`` is refused before it is read whole; a response that
  is neither HTML nor XML (a PDF, an image, JSON) is refused without being downloaded.

What an article from the web carries: ``url`` its canonical URL (the page's
``<link rel=canonical>``/og:url, else the address it was served from), ``source`` the outlet
(the page's site name, else the host without ``www.``), ``fetched_at`` when it was fetched,
``path`` the URL as given (for messages). ``IngestItem.urls`` lists every address the page
was reached by, so that the store remembers them and a rerun fetches none of them again.
"""

from __future__ import annotations

import datetime as _dt
import email.utils
import threading
import time
import urllib.robotparser
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Union
from urllib.parse import urldefrag, urljoin, urlsplit

from newsledger.document import Article
from newsledger.ingest import IngestError, IngestItem, read_html_article, validate_date
from newsledger.ingest.feeds import FeedError, Links, PageLink, gunzip, is_gzip, listing_kind, read_links

USER_AGENT = "newsledger/0.1 (news analysis software; obeys robots.txt, one request at a time per host)"
ROBOTS_TOKEN = "newsledger"  # the product token robots.txt groups are matched against
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Listings and pages are also served under these (feeds as text/plain, sitemaps gzipped);
# the body decides what it is.
SNIFFED_TYPES = frozenset(
    {
        "", "text/xml", "application/xml", "application/rss+xml", "application/atom+xml", "application/rdf+xml",
        "text/plain", "application/gzip", "application/x-gzip", "application/octet-stream",
    }
)


@dataclass(frozen=True)
class FetchSettings:
    """How politely and how patiently to fetch. Defaults suit crawling someone else's site."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0  # seconds to connect, and between two bytes of the answer
    delay: float = 1.0  # seconds between the starts of two requests to one host
    per_host: int = 1  # requests in flight to one host at once
    concurrency: int = 8  # requests in flight in all
    retries: int = 3  # further tries after a 429, a 5xx, a timeout or a dropped connection
    backoff: float = 2.0  # seconds before the first retry; doubled for each further one
    max_backoff: float = 60.0  # the longest wait before a retry, Retry-After included
    max_bytes: int = 10 * 1024 * 1024  # a larger page is refused
    max_redirects: int = 5
    robots: bool = True  # obey robots.txt (turn off only for a site that is yours)
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay is obeyed up to this many seconds


class FetchError(IngestError):
    """A URL that could not be fetched or read as an article. ``str()`` reads ``URL: what went wrong — what to do``."""

    def __init__(self, url: str, message: str, hint: str = "") -> None:
        super().__init__(url, None, message, hint)
        self.url = url

    def __reduce__(self):  # picklable for worker processes
        return (FetchError, (self.url, self.message, self.hint))


@dataclass
class Page:
    """One fetched response: the address asked for, the one that answered, the bytes."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content_type: str  # media type only, lower case ("text/html")
    charset: Optional[str]
    body: bytes
    fetched_at: str  # ISO UTC time
    redirects: list[str] = field(default_factory=list)  # the addresses in between


def normalize_url(url: str) -> str:
    """The URL to fetch and to remember: fragment dropped, scheme and host in lower case.
    ValueError when it is not an http(s) URL."""
    text = url.strip()
    text, _fragment = urldefrag(text)
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http(s) URL")
    rest = text[len(parts.scheme) + 3 + len(parts.netloc) :]
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{rest or '/'}"


def is_url(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def outlet_from_host(url: str) -> Optional[str]:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else (host or None)


# --------------------------------------------------------------------------------------------
# Politeness


class _HostGate:
    """Per host: at most ``per_host`` requests in flight, ``delay`` seconds between starts."""

    def __init__(self, per_host: int, delay: float, stopped: threading.Event) -> None:
        self.slots = threading.Semaphore(max(1, per_host))
        self.lock = threading.Lock()
        self.delay = delay
        self.next_start = 0.0
        self.stopped = stopped

    def __enter__(self) -> "_HostGate":
        self.slots.acquire()
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + self.delay
        if start > now and self.stopped.wait(start - now):
            self.slots.release()
            raise _Stopped()
        return self

    def __exit__(self, *exc) -> None:
        self.slots.release()


class _Stopped(Exception):
    """The fetcher was stopped (Ctrl-C): a waiting request gives up at once."""


class Fetcher:
    """An HTTP client that keeps the rules of :class:`FetchSettings`; safe to share between threads."""

    def __init__(self, settings: Optional[FetchSettings] = None, transport=None) -> None:
        import httpx  # imported here: only the web needs it

        self.settings = settings or FetchSettings()
        self._httpx = httpx
        self.client = httpx.Client(
            headers={"User-Agent": self.settings.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=False,
            transport=transport,
            limits=httpx.Limits(max_connections=max(1, self.settings.concurrency)),
        )
        self._lock = threading.Lock()
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, Union[urllib.robotparser.RobotFileParser, FetchError, None]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._stopped = threading.Event()

    def stop(self) -> None:
        """Make every request waiting for its turn or for a retry give up now (Ctrl-C)."""
        self._stopped.set()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # the one public call --------------------------------------------------------------

    def fetch(self, url: str) -> Page:
        """GET ``url`` (a normalized http(s) URL), following redirects; FetchError on failure."""
        asked = url
        hops: list[str] = []
        for _hop in range(self.settings.max_redirects + 1):
            self._check_robots(url, asked)
            status, headers, body, fetched_at = self._get_with_retries(url, asked)
            if status in REDIRECT_STATUSES:
                location = headers.get("location")
                if not location:
                    raise FetchError(asked, f"HTTP {status} redirect without a Location", "the server is misconfigured; try the target address")
                try:
                    target = normalize_url(urljoin(url, location))
                except ValueError:
                    raise FetchError(asked, f"redirects to {location!r}, not an http(s) URL", "give the article's own address") from None
                if target in hops or target == asked:
                    raise FetchError(asked, "redirect loop", "open the address in a browser to see where it leads")
                hops.append(target)
                url = target
                continue
            if not 200 <= status < 300:
                raise FetchError(asked, f"HTTP {status}" + _at(url, asked), _status_hint(status))
            content_type, charset = _media_type(headers.get("content-type", ""))
            return Page(asked, url, status, content_type, charset, body, fetched_at, redirects=hops[:-1])
        raise FetchError(asked, f"more than {self.settings.max_redirects} redirects", "give the address the page ends at")

    # robots.txt -----------------------------------------------------------------------

    def _check_robots(self, url: str, asked: str) -> None:
        if not self.settings.robots:
            return
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robots_locks.setdefault(host, threading.Lock())
        with lock:  # one fetch of robots.txt per host, however many threads ask
            if host not in self._robots:
                self._robots[host] = self._read_robots(host)
        rules = self._robots[host]
        if isinstance(rules, FetchError):
            raise FetchError(asked, rules.message, rules.hint)
        if rules is not None and not rules.can_fetch(ROBOTS_TOKEN, url):
            raise FetchError(asked, "forbidden by the site's robots.txt" + _at(url, asked), "newsledger does not fetch what a site asks crawlers to leave alone")

    def _read_robots(self, host: str) -> Union[urllib.robotparser.RobotFileParser, FetchError, None]:
        address = host + "/robots.txt"
        try:
            status, _headers, body, _at_time = self._get_with_retries(address, address, follow=True)
        except FetchError as exc:
            return FetchError(address, f"robots.txt could not be fetched ({exc.message}); the site is treated as closed", "try again later")
        if 400 <= status < 500:
            return None  # no robots.txt: everything allowed
        if not 200 <= status < 300:
            return FetchError(address, f"robots.txt answered HTTP {status}; the site is treated as closed", "try again later")
        rules = urllib.robotparser.RobotFileParser()
        rules.parse(body.decode("utf-8", errors="replace").splitlines())
        delay = rules.crawl_delay(ROBOTS_TOKEN)
        if delay:
            gate = self._gate(host)
            gate.delay = max(gate.delay, min(float(delay), self.settings.max_crawl_delay))
        return rules

    # requests -------------------------------------------------------------------------

    def _gate(self, host: str) -> _HostGate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.settings.per_host, self.settings.delay, self._stopped)
            return gate

    def _get_with_retries(self, url: str, asked: str, follow: bool = False):
        httpx = self._httpx
        settings = self.settings
        parts = urlsplit(url)
        gate = self._gate(f"{parts.scheme}://{parts.netloc}")
        attempt = 0
        while True:
            retry_after: Optional[float] = None
            try:
                with gate:
                    status, headers, body, fetched_at = self._get(url, asked, follow)
            except _Stopped:
                raise FetchError(asked, "not fetched: stopped", "it is fetched on the next run") from None
            except httpx.TimeoutException:
                problem = f"timed out (no answer within {settings.timeout:g} s)"
            except httpx.TransportError as exc:
                problem = f"could not connect ({type(exc).__name__}: {exc})"
            except (httpx.HTTPError, httpx.InvalidURL) as exc:  # a broken answer (bad compression ...): no retry
                raise FetchError(asked, f"the answer could not be read ({type(exc).__name__}: {exc})" + _at(url, asked), "check the address in a browser") from None
            else:
                if status not in RETRY_STATUSES:
                    return status, headers, body, fetched_at
                problem = f"HTTP {status}"
                retry_after = _retry_after(headers.get("retry-after"))
            if attempt >= settings.retries:
                tries = f" after {attempt + 1} tries" if attempt else ""
                raise FetchError(asked, problem + tries + _at(url, asked), "it is retried on the next run; raise --timeout or --retries if it keeps failing")
            pause = settings.backoff * (2**attempt)
            if retry_after is not None:
                pause = max(pause, retry_after)
            if self._stopped.wait(min(pause, settings.max_backoff)):
                raise FetchError(asked, f"not fetched: stopped while waiting to retry after {problem}", "it is fetched on the next run")
            attempt += 1

    def _get(self, url: str, asked: str, follow: bool):
        """One GET, streamed: a body larger than max_bytes, or of a type no reader takes, is not read whole."""
        limit = self.settings.max_bytes
        fetched_at = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
        with self.client.stream("GET", url, follow_redirects=follow) as response:
            status = response.status_code
            headers = response.headers
            if not 200 <= status < 300:
                return status, headers, b"", fetched_at
            content_type, _charset = _media_type(headers.get("content-type", ""))
            if content_type not in HTML_TYPES and content_type not in SNIFFED_TYPES and not follow:
                raise FetchError(asked, f"not a web page (Content-Type: {content_type})" + _at(url, asked), "give the address of an article page, a feed or a sitemap")
            declared = headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(asked, f"page too large ({int(declared) / 2**20:.0f} MB > {limit / 2**20:.0f} MB limit)", "raise max_bytes if the page really is an article")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(asked, f"page too large (over the {limit / 2**20:.0f} MB limit)", "raise max_bytes if the page really is an article")
                chunks.append(chunk)
            return status, headers, b"".join(chunks), fetched_at


def _at(url: str, asked: str) -> str:
    return "" if url == asked else f" (at {url})"


def _status_hint(status: int) -> str:
    if status == 404 or status == 410:
        return "the page is gone; check the address"
    if status in (401, 403):
        return "the site refuses access (a paywall or a login); newsledger cannot read it"
    return "check the address in a browser"


def _media_type(header: str) -> tuple[str, Optional[str]]:
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip().strip('"') or None
    return kind.strip().lower(), charset


def _retry_after(value: Optional[str]) -> Optional[float]:
    """Retry-After in seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return max(0.0, (when - _dt.datetime.now(_dt.timezone.utc)).total_seconds())


def fetch(url: str, settings: Optional[FetchSettings] = None) -> Page:
    """One URL's response, the politeness rules applied; FetchError on failure."""
    try:
        address = normalize_url(url)
    except ValueError as exc:
        raise FetchError(url, str(exc), "give an address starting with http:// or https://") from None
    with Fetcher(settings) as fetcher:
        return fetcher.fetch(address)


# --------------------------------------------------------------------------------------------
# Pages -> articles, listings -> links


def article_from_page(page: Page, date: Optional[str] = None, hints: Optional[dict] = None) -> Article:
    """The article of an HTML page (trafilatura), with its canonical URL, outlet and fetch time."""
    data: Union[bytes, str] = page.body
    if page.charset:
        try:
            data = page.body.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            data = page.body  # a wrong charset label: let trafilatura guess from the bytes
    try:
        article = read_html_article(data, page.url)
    except FetchError:
        raise
    except IngestError as exc:
        raise FetchError(page.url, exc.message + _at(page.final_url, page.url), exc.hint) from None
    canonical = article.url
    if canonical:
        try:
            canonical = normalize_url(urljoin(page.final_url, canonical))
        except ValueError:
            canonical = None
    article.url = canonical or page.final_url
    hints = hints or {}
    article.source = article.source or hints.get("source") or outlet_from_host(article.url)
    article.title = article.title or hints.get("title")
    article.date = date or article.date or hints.get("date")
    article.fetched_at = page.fetched_at
    article.path = page.url
    return article


def _page_addresses(page: Page, article: Article) -> tuple[str, ...]:
    return tuple(a for a in dict.fromkeys([page.url, *page.redirects, page.final_url, article.url or ""]) if a)


def read_page(fetcher: Fetcher, url: str, date: Optional[str] = None, hints: Optional[dict] = None) -> Union[IngestItem, Links]:
    """Fetch one URL: an article item, an error item, or the Links of a feed or sitemap."""
    try:
        page = fetcher.fetch(url)
        body = page.body
        if is_gzip(body):
            body = gunzip(body, fetcher.settings.max_bytes)
        # By the body, whatever the Content-Type says: feeds come as text/html or text/plain too.
        if listing_kind(body) is not None:
            return read_links(body, page.final_url)
        if page.content_type not in HTML_TYPES and not _looks_like_html(body):
            raise FetchError(url, f"not a web page (Content-Type: {page.content_type or 'none'}, and no HTML in it)", "give the address of an article page, a feed or a sitemap")
        page.body = body
        article = article_from_page(page, date, hints)
        return IngestItem(article=article, urls=_page_addresses(page, article))
    except FetchError as exc:
        return IngestItem(error=exc)
    except FeedError as exc:
        return IngestItem(error=FetchError(url, str(exc), "check the feed's address; it is read again on the next run"))
    except IngestError as exc:
        return IngestItem(error=FetchError(url, exc.message, exc.hint))
    except Exception as exc:  # anything else a page can make a parser raise costs that page only
        return IngestItem(error=FetchError(url, f"could not be read ({type(exc).__name__}: {exc})", "check the address in a browser"))


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<p", b"<div", b"<meta", b"<title"))


# --------------------------------------------------------------------------------------------
# Many URLs


def read_urls(
    urls: Iterable[str],
    settings: Optional[FetchSettings] = None,
    date: Optional[str] = None,
    known: Optional[Callable[[str], bool]] = None,
    fetcher: Optional[Fetcher] = None,
) -> Iterator[IngestItem]:
    """Fetch URLs and the pages their feeds and sitemaps list; one item per article page,
    per URL ``known`` says is stored (``skipped``; it is not fetched), and per failure.
    Items come as fetches finish, not in input order. ``known`` is called in the caller's
    thread. Raises IngestError at once when ``date`` is not an ISO date."""
    checked_date = validate_date(date)
    return _read_urls(list(urls), settings or FetchSettings(), checked_date, known, fetcher)


def _read_urls(
    urls: list[str],
    settings: FetchSettings,
    date: Optional[str],
    known: Optional[Callable[[str], bool]],
    fetcher: Optional[Fetcher],
) -> Iterator[IngestItem]:
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    queue: deque[PageLink] = deque(PageLink(url) for url in urls)
    seen: set[str] = set()
    pool = ThreadPoolExecutor(max(1, settings.concurrency), thread_name_prefix="newsledger-fetch")
    pending: set[Future] = set()
    window = 2 * max(1, settings.concurrency)  # bounded: a sitemap of 50,000 pages is not all in flight
    try:
        while queue or pending:
            while queue and len(pending) < window:
                link = queue.popleft()
                try:
                    address = normalize_url(link.url)
                except ValueError as exc:
                    yield IngestItem(error=FetchError(link.url, str(exc), "give an address starting with http:// or https://"))
                    continue
                if address in seen:
                    continue
                seen.add(address)
                if known is not None and known(address):
                    yield IngestItem(skipped=address)
                    continue
                pending.add(pool.submit(read_page, fetcher, address, date, link.hints()))
            if not pending:
                continue
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                if isinstance(result, Links):
                    queue.extend(result.pages)
                    queue.extend(PageLink(url) for url in result.sitemaps)
                else:
                    yield result
    finally:
        if pending:  # stopped early (Ctrl-C, or the consumer closed us): waiting requests give up
            fetcher.stop()
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)  # a request under way ends within its timeout
        if own_fetcher:
            fetcher.close()
