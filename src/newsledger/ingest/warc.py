"""Reading articles from web archives: WARC and ARC files, gzipped or not (CC-NEWS, a crawl of your own).

:func:`read_warc` streams an archive record by record (``warcio``) and yields one
:class:`IngestItem` per HTML page the crawl got with status 200: an article, an error naming
the record's URL and where it is in the file, or ``skipped`` for a URL whose article the
database already holds (``known``; the page is then not even extracted, which is what
makes a rerun after a kill cheap). Memory does not grow with the archive: one record's
payload at a time, and at most ``max_bytes`` of it.

Every other record is passed over without a message, as a crawl is mostly such records:
requests, metadata, revisits, redirects, errors, images, scripts and style sheets.
What a page from an archive carries is what one fetched live carries (``ingest.web``):
its canonical URL, its outlet, and as ``fetched_at`` the record's WARC-Date.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Callable, Iterator, Optional, Union

from newsledger.ingest import IngestError, IngestItem
from newsledger.ingest.web import HTML_TYPES, FetchError, Page, _media_type, article_from_page, normalize_url

DEFAULT_MAX_RECORD_BYTES = 10 * 1024 * 1024


def read_warc(
    path: Union[str, os.PathLike[str]],
    date: Optional[str] = None,
    known: Optional[Callable[[str], bool]] = None,
    max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[IngestItem]:
    """One item per HTML 200 response in the archive, in file order; see the module's doc."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    name = str(path)
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream, arc2warc=True)
        last = None
        try:
            for record in records:
                last = record
                item = _read_record(record, records, name, date, known, max_bytes)
                if item is not None:
                    yield item
            if last is not None and _cut_short(last):
                uri = last.rec_headers.get_header("WARC-Target-URI") or last.rec_type
                yield IngestItem(error=IngestError(name, None, f"the archive ends inside the record of {uri}: the file is cut short", "the records before it were read; fetch the file again for the rest"))
        except ArchiveLoadFailed as exc:
            yield IngestItem(error=IngestError(name, None, f"not a readable WARC/ARC file ({exc})", "check the file; the records before this point were read"))
        except (OSError, EOFError, ValueError) as exc:  # a truncated gzip member, a cut download
            yield IngestItem(error=IngestError(name, None, f"archive ends in a broken record ({type(exc).__name__}: {exc})", "the records before it were read; fetch the file again for the rest"))


def _read_record(record, records, name: str, date: Optional[str], known, max_bytes: int) -> Optional[IngestItem]:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type, charset = _media_type(record.http_headers.get_header("Content-Type") or "")
    if content_type not in HTML_TYPES:
        return None
    target = record.rec_headers.get_header("WARC-Target-URI") or ""
    try:
        address = normalize_url(target)
    except ValueError:
        address = target
    if known is not None and address and known(address):
        return IngestItem(skipped=address)
    body = _read_at_most(record.content_stream(), max_bytes + 1)
    if _cut_short(record):
        return None  # a page cut off by the end of the file: read_warc reports the file
    # Asked only now: warcio finds a record's offset by reading the record to its end.
    where = f"{address or 'record'} (in {name} at byte {records.get_record_offset()})"
    if len(body) > max_bytes:
        return IngestItem(error=IngestError(where, None, f"page larger than the {max_bytes // 2**20} MB limit", "pass a larger max_bytes if it really is an article"))
    page = Page(
        url=address or where,
        final_url=address or where,
        status=200,
        content_type=content_type,
        charset=charset,
        body=body,
        fetched_at=_iso_time(record.rec_headers.get_header("WARC-Date")),
    )
    try:
        article = article_from_page(page, date)
    except FetchError as exc:
        return IngestItem(error=IngestError(where, None, exc.message, exc.hint))
    except IngestError as exc:
        return IngestItem(error=IngestError(where, None, exc.message, exc.hint))
    article.path = where
    return IngestItem(article=article, urls=tuple(a for a in dict.fromkeys([address, article.url]) if a))


def _cut_short(record) -> bool:
    """True when the file ended before the record's declared length (a cut download)."""
    return getattr(record.raw_stream, "limit", 0) > 0


def _read_at_most(stream, limit: int) -> bytes:
    """Up to ``limit`` bytes: a stream's read(n) may return fewer than n before its end."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(min(1 << 16, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _iso_time(value: Optional[str]) -> Optional[str]:
    """WARC-Date (``2024-06-10T08:15:00Z``, maybe with fractions) as ISO UTC; None when absent or odd."""
    if not value:
        return None
    try:
        when = _dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.timezone.utc)
    return when.astimezone(_dt.timezone.utc).replace(microsecond=0).isoformat()


def warc_paths(paths: list[Union[str, os.PathLike[str]]]) -> list[Path]:
    """The web archives among paths and in folders under them, sorted, each once."""
    from newsledger.ingest import is_warc_name

    found: dict[str, Path] = {}
    for given in paths:
        path = Path(given)
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            if is_warc_name(candidate.name):
                found.setdefault(os.path.realpath(candidate), candidate)
    return list(found.values())
