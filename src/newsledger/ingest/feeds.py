"""Feeds and sitemaps: the article addresses an RSS/Atom feed or a (news) sitemap lists.

:func:`read_links` takes the bytes of a fetched feed or sitemap and returns its
:class:`Links`: the article pages it lists (each with what the listing says about it: title,
publication date, outlet), and for a sitemap index the sitemaps it points to. Parsing only:
fetching is ``ingest.web``'s, which follows the links.

Decisions worth knowing:

- The kind is read from the document's root element, not from its Content-Type: servers
  label feeds ``text/xml``, ``text/plain`` or ``text/html`` as often as correctly.
- RSS and Atom are read by ``feedparser`` from the bytes (never from a URL: it would fetch
  on its own, past the politeness rules). A feed it can read only partly is used as far as
  it goes; one that yields no page and has an XML error is an error.
- Sitemaps are read by lxml with entities and network access off. A gzipped sitemap
  (``sitemap.xml.gz``) is unpacked up to the same byte limit as a page.
- What a listing says about a page fills only what the page itself does not say.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import io
import re
import time
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urljoin

FEED = "feed"
SITEMAP = "sitemap"
SITEMAP_INDEX = "sitemap index"

_ROOT = re.compile(rb"<\s*(?:[\w.-]+:)?([A-Za-z][\w.-]*)")
_ROOT_KINDS = {b"rss": FEED, b"feed": FEED, b"rdf": FEED, b"channel": FEED, b"urlset": SITEMAP, b"sitemapindex": SITEMAP_INDEX}
_PROLOGUE = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)


class FeedError(ValueError):
    """A feed or sitemap that cannot be read; the message says what is wrong with it."""


@dataclass
class PageLink:
    """An article page a feed or sitemap lists, with what the listing says about it."""

    url: str
    title: Optional[str] = None
    date: Optional[str] = None  # ISO date of publication
    source: Optional[str] = None  # outlet (a news sitemap's publication name)

    def hints(self) -> dict[str, str]:
        return {k: v for k, v in (("title", self.title), ("date", self.date), ("source", self.source)) if v}


@dataclass
class Links:
    """What a feed or sitemap lists: article pages, and (sitemap index) further sitemaps."""

    kind: str
    pages: list[PageLink] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def listing_kind(data: bytes) -> Optional[str]:
    """FEED, SITEMAP or SITEMAP_INDEX when the bytes are one, by their root element; else None."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    while True:
        found = _PROLOGUE.match(head)
        if not found:
            break
        head = head[found.end() :]
    root = _ROOT.match(head.lstrip())
    return _ROOT_KINDS.get(root.group(1).lower()) if root else None


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def gunzip(data: bytes, max_bytes: int) -> bytes:
    """A gzipped sitemap unpacked, refusing more than ``max_bytes`` (a zip bomb stays small)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise FeedError(f"gzip data could not be unpacked ({exc})") from None
    if len(out) > max_bytes:
        raise FeedError(f"unpacked sitemap larger than the {max_bytes // (1024 * 1024)} MB limit")
    return out


def read_links(data: bytes, url: str) -> Links:
    """The pages (and sitemaps) a feed or sitemap at ``url`` lists; FeedError when it is neither."""
    kind = listing_kind(data)
    if kind == FEED:
        return _read_feed(data, url)
    if kind in (SITEMAP, SITEMAP_INDEX):
        return _read_sitemap(data, url, kind)
    raise FeedError("XML that is neither an RSS/Atom feed nor a sitemap")


def _read_feed(data: bytes, url: str) -> Links:
    import feedparser  # imported here: only feeds need it

    # From the bytes, never a URL string: feedparser would fetch a URL itself.
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url})
    links = Links(FEED)
    for entry in parsed.entries:
        link = entry.get("link") or _alternate(entry)
        if not link:
            continue
        links.pages.append(
            PageLink(url=urljoin(url, link.strip()), title=_clean(entry.get("title")), date=_feed_date(entry))
        )
    if not links.pages and parsed.get("bozo"):
        reason = parsed.get("bozo_exception")
        raise FeedError(f"malformed feed ({type(reason).__name__}: {reason})" if reason else "malformed feed")
    return links


def _alternate(entry) -> Optional[str]:
    for link in entry.get("links") or ():
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return None


def _feed_date(entry) -> Optional[str]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return _dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
            except ValueError:
                continue
    return None


def _clean(value) -> Optional[str]:
    if not value:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _read_sitemap(data: bytes, url: str, kind: str) -> Links:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"malformed sitemap ({exc})") from None
    if root is None:
        raise FeedError("malformed sitemap (no XML element could be read)")
    links = Links(kind)
    if kind == SITEMAP_INDEX:
        for loc in root.iter("{*}loc"):
            if loc.text and loc.text.strip():
                links.sitemaps.append(urljoin(url, loc.text.strip()))
        return links
    for item in root.iter("{*}url"):
        loc = _child_text(item, "loc")
        if not loc:
            continue
        # Google News sitemaps: <news:news><news:publication><news:name>, <news:publication_date>, <news:title>.
        date = _child_text(item, "publication_date") or _child_text(item, "lastmod")
        links.pages.append(
            PageLink(
                url=urljoin(url, loc),
                title=_clean(_child_text(item, "title")),
                date=_iso_date(date),
                source=_clean(_child_text(item, "name")),
            )
        )
    return links


def _child_text(element, name: str) -> Optional[str]:
    found = next(element.iter("{*}" + name), None)
    if found is None or not found.text:
        return None
    return found.text.strip() or None


def _iso_date(value: Optional[str]) -> Optional[str]:
    if value and re.match(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return _dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    return None
