"""Every kind of input at once: files, folders, standard input, web archives and URLs.

:func:`read_sources` is what ``newsledger ingest`` reads through: paths go to
``ingest.read_paths`` (web archives to ``ingest.warc.read_warc``), http(s) URLs of article
pages, feeds and sitemaps to ``ingest.web.read_urls``. One :class:`IngestItem` per article,
per failure, and per address whose article is already stored (``skipped``).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Optional

from newsledger.ingest import DEFAULT_MAX_BYTES, IngestItem, PathLike, read_paths, validate_date
from newsledger.ingest.warc import read_warc
from newsledger.ingest.web import is_url, read_urls


def read_sources(
    sources: Iterable[PathLike],
    date: Optional[str] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch: Any = None,
    known_url: Optional[Callable[[str], bool]] = None,
) -> Iterator[IngestItem]:
    """Read files, folders, standard input, WARC/ARC files and http(s) URLs. ``fetch``: the
    ``web.FetchSettings``; ``known_url(url)``: True for an address whose article is stored,
    which is then neither fetched (a page) nor extracted (a WARC record). Files come first,
    then the URLs, fetched concurrently. Raises IngestError at once when ``date`` is not an
    ISO date."""
    checked_date = validate_date(date)
    given = list(sources)
    urls = [str(s) for s in given if is_url(str(s))]
    paths = [s for s in given if not is_url(str(s))]
    return _read_sources(paths, urls, checked_date, max_bytes, fetch, known_url)


def _read_sources(paths, urls, date, max_bytes, fetch, known_url) -> Iterator[IngestItem]:
    if paths:
        yield from read_paths(paths, date, max_bytes, known_url=known_url, read_archive=read_warc)
    if urls:
        yield from read_urls(urls, fetch, date=date, known=known_url)
