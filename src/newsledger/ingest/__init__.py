"""Reading articles: text, HTML, JSON Lines and JSON files, folders of these, standard input.

Each input becomes an :class:`~newsledger.document.Article`; each failure becomes an
:class:`IngestError` that names the file (and line) and says what to do. Reading never stops
at a bad input: :func:`read_path` and :func:`read_paths` yield one :class:`IngestItem` per
article or per failure, so a batch goes on.

Decisions worth knowing:

- ``Article.text`` is the text every fact's offsets point into. A text file's text is the
  file decoded and read the way Python's text mode reads it (``Path.read_text``): line ends
  become ``\\n``, a UTF-8 byte-order mark is dropped, nothing is stripped or rewrapped.
- HTML: the article body found by trafilatura, its blocks (paragraphs, headings, list items)
  separated by a blank line like the paragraphs of a text file.
- JSON Lines / JSON: the record's ``text`` exactly as given. A record's own ``id`` is not
  kept: an article's identity is the hash of its normalized text (``Article.id``), so that the
  same article from two feeds is one article. Fields other than ``title``, ``date``,
  ``source``, ``url`` (or ``meta.url``), ``author`` and ``text`` are ignored.
- Missing metadata (title, publication date, author) is read from the article's head when
  it has one: a headline line, a byline ("By Jane Smith"), a dateline ("8 July 2017").
- A date given by the caller (``--date``) overrides whatever the article says.
- Reading does not deduplicate articles (the store does, by id), but one file given twice is
  read once.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import yaml

from newsledger.document import Article
from newsledger.knowledge.lexicon import load_yaml, read_text

PathLike = Union[str, Path]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # whole-file reads (text, HTML, JSON); JSON Lines stream
STDIN = "-"
STDIN_NAME = "<stdin>"
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")  # web archives (ingest.warc)
SUPPORTED_HINT = (
    "supported: .txt .text .md .html .htm .jsonl .ndjson .json, web archives (.warc .warc.gz .arc .arc.gz), "
    "a folder of these, - for standard input, or an http(s) URL"
)

HEAD_LINES = 8  # the title, byline and dateline are looked for in this many non-empty lines
_CHUNK = 1 << 16

# File signatures of common binary formats a user may pass by mistake (renamed or not).
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive or Office document"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"\x1f\x8b", "gzip archive"),
    (0, b"\xfd7zXZ\x00", "xz archive"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"BZh91AY&SY", "bzip2 archive"),
    (0, b"\x7fELF", "executable"),
    (0, b"MZ\x90\x00", "Windows executable"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"PAR1", "Parquet file"),
    (0, b"OggS", "Ogg media"),
    (0, b"ID3", "MP3 audio"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"\x00asm", "WebAssembly module"),
    (4, b"ftyp", "MP4 video"),
    (8, b"WEBP", "WebP image"),
    (8, b"WAVE", "WAV audio"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")


class IngestError(Exception):
    """An input that could not be read as an article. ``str()`` reads
    ``FILE[:LINE]: what went wrong — what to do``."""

    def __init__(self, path: PathLike, line: Optional[int], message: str, hint: str = "") -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}" + (f" — {self.hint}" if self.hint else "")

    def __reduce__(self):  # picklable for worker processes
        return (IngestError, (self.path, self.line, self.message, self.hint))


@dataclass
class IngestItem:
    """One article read, one input that failed, or (``skipped``) the address of an article
    the database already holds, which was therefore not fetched or read, or (``passed_over``)
    a folder entry that is no regular file; exactly one of the four is set."""

    article: Optional[Article] = None
    error: Optional[IngestError] = None
    skipped: Optional[str] = None
    # Something in a folder that is not a regular file (a FIFO, a socket, a device), left out
    # unread, as reading it could block for ever: the warning to show.
    passed_over: Optional[str] = None
    # The addresses the article was reached by (web, WARC), for the store to remember.
    urls: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.article is not None


# --------------------------------------------------------------------------------------------
# Public entry points


def read_path(path: PathLike, date: Optional[str] = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[IngestItem]:
    """Read a file, a folder (recursively, in sorted order) or ``"-"`` (standard input).

    Raises :class:`IngestError` at once when ``date`` is not an ISO date; every other problem
    is yielded as an item with ``error`` set."""
    return read_paths([path], date=date, max_bytes=max_bytes)


def read_paths(
    paths: Iterable[PathLike],
    date: Optional[str] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known_url: Any = None,
    read_archive: Any = None,
) -> Iterator[IngestItem]:
    """Read several paths as :func:`read_path` does; a file reached twice is read once.

    Web archives (.warc.gz ...) are read by ``read_archive(path, date=, known=known_url)``
    (``ingest.sources.read_sources`` passes ``ingest.warc.read_warc``; this module does not
    import it, so that the readers built on this one do not make an import cycle)."""
    checked_date = validate_date(date)
    return _read_paths(list(paths), checked_date, max_bytes, known_url, read_archive)


def read_text_article(text: str, path: Optional[str] = None, date: Optional[str] = None) -> Article:
    """An article from text already decoded. The text is kept exactly; title, author and
    publication date are read from its head; ``date`` overrides the latter."""
    checked_date = validate_date(date)
    where = path or "<text>"
    if not text.strip():
        raise IngestError(where, None, "empty text" if not text else "empty text (only white space)", "nothing to analyse")
    head = read_head(text)
    article = Article(text=text, title=head.title, date=head.date, author=head.author, path=path)
    _check_language(article)
    if checked_date:
        article.date = checked_date
    return article


def read_html_article(data: Union[bytes, str], where: str = "<html>", date: Optional[str] = None) -> Article:
    """An article from an HTML page already in memory (trafilatura): the body's blocks
    separated by blank lines, title, date, author, site name and canonical URL from the
    page; ``date`` overrides the page's. IngestError naming ``where`` when there is none."""
    return _read_html(data, where, validate_date(date))


def read_one(path: PathLike, date: Optional[str] = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Exactly one article from a file or ``"-"``, for ``newsledger analyze``; else IngestError."""
    checked_date = validate_date(date)
    name = str(path)
    if name != STDIN and Path(name).is_dir():
        raise IngestError(name, None, "is a folder", "analyze takes one article; use `newsledger ingest FOLDER` for many")
    items = _read_paths([path], checked_date, max_bytes)
    articles: list[Article] = []
    first_error: Optional[IngestError] = None
    try:
        for item in items:
            if item.article is not None:
                articles.append(item.article)
                if len(articles) > 1:
                    raise IngestError(
                        _display(name),
                        None,
                        "holds more than one article",
                        "analyze takes one article; use `newsledger ingest` for a file of many",
                    )
            elif first_error is None:
                first_error = item.error
    finally:
        items.close()
    if first_error is not None:
        raise first_error
    if not articles:
        raise IngestError(_display(name), None, "no article found", "give a file that holds one article")
    return articles[0]


def validate_date(date: Union[str, _dt.date, None]) -> Optional[str]:
    """The caller's publication date as ``YYYY-MM-DD``, or IngestError naming ``--date``."""
    if date is None:
        return None
    if isinstance(date, _dt.datetime):
        return date.date().isoformat()
    if isinstance(date, _dt.date):
        return date.isoformat()
    value = str(date).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise IngestError("--date", None, f"{date!r} is not a date", "give the publication date as YYYY-MM-DD, e.g. 2017-07-08")


# --------------------------------------------------------------------------------------------
# Paths, folders, standard input


def _display(name: str) -> str:
    return STDIN_NAME if name == STDIN else name


def _read_paths(
    paths: list[PathLike], date: Optional[str], max_bytes: int, known_url: Any = None, read_archive: Any = None
) -> Iterator[IngestItem]:
    seen: set[str] = set()
    for given in paths:
        name = str(given)
        if name == STDIN:
            if STDIN in seen:
                continue
            seen.add(STDIN)
            yield from _guard(STDIN_NAME, lambda: _read_stdin(date, max_bytes))
            continue
        path = Path(name)
        if path.is_dir():
            files = _folder_files(path)
            if not files:
                yield IngestItem(error=IngestError(name, None, "no article files in this folder", SUPPORTED_HINT))
            for file in files:
                if file.exists() and not file.is_file():  # a stat, never an open: a FIFO would block the read
                    yield IngestItem(passed_over=f"{file}: {_file_kind(file)}, not a regular file; skipped")
                    continue
                key = os.path.realpath(file)
                if key not in seen:
                    seen.add(key)
                    yield from _guard(str(file), lambda file=file: _read_file(file, date, max_bytes, known_url, read_archive))
            continue
        key = os.path.realpath(path)
        if key in seen:
            continue
        seen.add(key)
        yield from _guard(name, lambda: _read_file(path, date, max_bytes, known_url, read_archive))


def _file_kind(path: Path) -> str:
    mode = path.stat().st_mode
    for test, kind in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "a special file"


def _guard(where: str, read) -> Iterator[IngestItem]:
    """Run a reader; its IngestError or OSError becomes an item instead of ending the batch."""
    try:
        yield from read()
    except IngestError as exc:
        yield IngestItem(error=exc)
    except FileNotFoundError:
        yield IngestItem(error=IngestError(where, None, "no such file or folder", "check the path"))
    except PermissionError:
        yield IngestItem(error=IngestError(where, None, "cannot be read (permission denied)", "check the file's permissions"))
    except IsADirectoryError:
        yield IngestItem(error=IngestError(where, None, "is a folder", "give a file"))
    except OSError as exc:
        yield IngestItem(error=IngestError(where, None, f"cannot be read ({exc.strerror or exc})", "check the file"))


def _folder_files(root: Path) -> list[Path]:
    """Supported files under ``root``, recursively, sorted; hidden files and folders skipped;
    symbolic links to folders are not followed (no loops)."""
    found: list[Path] = []
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in filenames:
            if filename.startswith("."):
                continue
            if Path(filename).suffix.lower() in SUPPORTED_SUFFIXES or is_warc_name(filename):
                found.append(Path(folder) / filename)
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def is_warc_name(name: str) -> bool:
    """A web archive by its name: .warc, .arc, gzipped or not (crawl.warc.gz)."""
    return str(name).lower().endswith(WARC_SUFFIXES)


def _read_file(
    path: Path, date: Optional[str], max_bytes: int, known_url: Any = None, read_archive: Any = None
) -> Iterator[IngestItem]:
    name = str(path)
    if not path.exists():
        raise FileNotFoundError(name)
    if is_warc_name(name):  # streamed record by record, however large
        if read_archive is None:
            raise IngestError(name, None, "is a web archive", "ingest it with `newsledger ingest` (ingest.sources.read_sources)")
        yield from read_archive(path, date=date, known=known_url)
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        with open(path, "rb") as stream:
            yield from _read_jsonl(stream, name, date)
        return
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(name, None, f"unsupported file type {path.suffix!r}", SUPPORTED_HINT)
    size = path.stat().st_size
    _check_size(name, size, max_bytes)
    data = path.read_bytes()
    if suffix in HTML_SUFFIXES:
        yield IngestItem(article=_read_html(data, name, date))
    elif suffix in JSON_SUFFIXES:
        yield from _read_json(data, name, date)
    elif suffix in TEXT_SUFFIXES:
        yield IngestItem(article=_read_text_bytes(data, name, date, markdown=suffix == ".md"))
    else:  # no extension: look at the content
        yield from _read_sniffed(data, name, date)


def _check_size(where: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        mb = 1024 * 1024
        raise IngestError(
            where,
            None,
            f"file too large ({size / mb:.0f} MB > {max_bytes / mb:.0f} MB limit)",
            "split it into articles (one a line in a .jsonl file streams without limit), or raise the limit (max_bytes)",
        )


def _read_sniffed(data: Union[bytes, str], where: str, date: Optional[str]) -> Iterator[IngestItem]:
    start = data.lstrip()[:1]
    if isinstance(start, bytes):
        start = start.decode("latin-1")
    if start == "{":
        lines = data.splitlines(keepends=False) if isinstance(data, str) else data.split(b"\n")
        yield from _read_jsonl(lines, where, date)
    elif start == "<":
        yield IngestItem(article=_read_html(data, where, date))
    elif isinstance(data, str):
        yield IngestItem(article=_text_article(_universal_newlines(data), where, date, []))
    else:
        yield IngestItem(article=_read_text_bytes(data, where, date))


def _read_stdin(date: Optional[str], max_bytes: int) -> Iterator[IngestItem]:
    stream = getattr(sys.stdin, "buffer", None) or sys.stdin
    empty: Union[bytes, str] = stream.read(0)
    chunks = iter(lambda: stream.read(_CHUNK), empty)
    # Read until the first non-space character decides the format.
    head = empty
    for chunk in chunks:
        head += chunk
        if head.strip():
            break
    if not head.strip():
        raise IngestError(STDIN_NAME, None, "empty input" if not head else "empty input (only white space)", "pipe an article into newsledger")
    if head.lstrip()[:1] in ("{", b"{"):
        yield from _read_jsonl(_split_lines(_chain_one(head, chunks), empty), STDIN_NAME, date)
        return
    data = head
    for chunk in chunks:
        data += chunk
        if len(data) > max_bytes:
            _check_size(STDIN_NAME, len(data), max_bytes)
    _check_size(STDIN_NAME, len(data), max_bytes)
    yield from _read_sniffed(data, STDIN_NAME, date)


def _chain_one(first, rest: Iterator):
    yield first
    yield from rest


def _split_lines(chunks: Iterable, empty: Union[bytes, str]) -> Iterator:
    """Lines (without their ``\\n``) of a stream given in chunks, never holding more than a line."""
    newline = b"\n" if isinstance(empty, bytes) else "\n"
    pending = empty
    for chunk in chunks:
        pending += chunk
        *lines, pending = pending.split(newline)
        yield from lines
    if pending:
        yield pending


# --------------------------------------------------------------------------------------------
# Text


def _read_text_bytes(data: bytes, where: str, date: Optional[str], markdown: bool = False) -> Article:
    if not data:
        raise IngestError(where, None, "empty file", "nothing to analyse; check that the file was saved")
    text, warnings = _decode(data, where)
    return _text_article(_universal_newlines(text), where, date, warnings, markdown=markdown)


def _text_article(text: str, where: str, date: Optional[str], warnings: list[str], markdown: bool = False) -> Article:
    if not text.strip():
        raise IngestError(where, None, "empty file (only white space)", "nothing to analyse; check that the file was saved")
    head = read_head(text, markdown=markdown)
    article = Article(text=text, title=head.title, date=head.date, author=head.author, path=where, warnings=list(warnings))
    _check_language(article)
    if date:
        article.date = date
    return article


def _universal_newlines(text: str) -> str:
    """Line ends as Python's text mode gives them: ``\\r\\n`` and ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _binary_kind(data: bytes) -> Optional[str]:
    for offset, magic, kind in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return kind
    return None


def _binary_error(where: str, kind: Optional[str] = None) -> IngestError:
    what = f"binary file ({kind}), not an article" if kind else "binary file, not an article"
    return IngestError(where, None, what, "give the article's text (.txt), HTML, or JSON")


def _mostly_controls(sample: str) -> bool:
    if not sample:
        return False
    controls = sum(1 for c in sample if (c < " " or c == "\x7f") and c not in _ALLOWED_CONTROLS)
    return controls / len(sample) > 0.05


def _utf16_without_bom(data: bytes) -> Optional[str]:
    """UTF-16 text without a byte-order mark: ASCII characters leave every other byte zero."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even_zero = sample[0::2].count(0) / len(sample[0::2])
    odd_zero = sample[1::2].count(0) / len(sample[1::2])
    if odd_zero > 0.6 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.6 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def _decode(data: bytes, where: str) -> tuple[str, list[str]]:
    """Bytes of a text file -> (text, warnings), or IngestError for a binary file."""
    kind = _binary_kind(data)
    if kind:
        raise _binary_error(where, kind)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    where, None, f"starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()} (byte {exc.start})",
                    "re-save the file as UTF-8",
                ) from None
            if "\x00" in text or _mostly_controls(text[:8192]):
                raise _binary_error(where)
            return text, []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if "\x00" in text[:8192] or _mostly_controls(text[:8192]):
            encoding = _utf16_without_bom(data)
            if encoding is None:
                raise _binary_error(where)
            return data.decode(encoding, errors="replace"), [f"no byte-order mark; decoded as {encoding.upper()}"]
        return text, []
    encoding = _utf16_without_bom(data)
    if encoding:
        return data.decode(encoding, errors="replace"), [f"no byte-order mark; decoded as {encoding.upper()}"]
    sample = data[:8192]
    if b"\x00" in sample or _mostly_controls(sample.decode("latin-1")):
        raise _binary_error(where)
    try:
        return data.decode("cp1252"), ["not UTF-8; decoded as Windows-1252"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), ["not UTF-8; decoded as Latin-1 (ISO-8859-1)"]


# --------------------------------------------------------------------------------------------
# The head of an article: headline, byline, dateline


@dataclass
class Head:
    title: Optional[str] = None
    author: Optional[str] = None
    date: Optional[str] = None


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    data = yaml.safe_load(read_text("ingest.yaml"))
    # Longest prefixes first, so that "last updated" wins over "updated".
    data["byline_prefixes"] = sorted(data["byline_prefixes"], key=len, reverse=True)
    data["dateline_prefixes"] = sorted(data["dateline_prefixes"], key=len, reverse=True)
    data["not_title_patterns"] = [re.compile(p, re.IGNORECASE) for p in data["not_title_patterns"]]
    for key in ("byline_stops", "name_particles", "not_name_words", "date_words"):
        data[key] = frozenset(str(w).lower() for w in data[key])
    calendar = load_yaml("time.yaml")
    data["date_words"] |= {str(w).lower() for key in ("months", "weekdays", "zone_abbreviations") for w in calendar[key]}
    prefixes = "|".join(re.escape(str(p)) for p in data["hyphenated_name_prefixes"])
    data["hyphenated_name_prefix"] = re.compile(rf"^(?:{prefixes})-[^\W\d_]", re.IGNORECASE)
    lang = data["language_check"]
    lang["stopwords"] = {name: frozenset(str(w).lower() for w in words) for name, words in lang["stopwords"].items()}
    return data


_PART_SEPARATORS = re.compile(r"\s*(?:\||•|·|\s[—–-]\s)\s*")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")


def _clean_line(line: str, markdown: bool = False) -> str:
    line = line.strip()
    if markdown:
        line = re.sub(r"^#{1,6}\s+", "", line)
        line = re.sub(r"^([*_]{1,3})(.+?)\1$", r"\2", line).strip()
    return line


def read_head(text: str, markdown: bool = False) -> Head:
    """Title, author and publication date found at the top of an article's text, if any."""
    lines = text.splitlines()
    nonempty = [(i, _clean_line(line, markdown)) for i, line in enumerate(lines) if line.strip()][:HEAD_LINES]
    head = Head()
    if not nonempty:
        return head

    start = 0
    first_index, first = nonempty[0]
    if _date_alone(first) is None and _byline(first) is None and _looks_like_headline(first):
        followed_by_blank = first_index + 1 < len(lines) and not lines[first_index + 1].strip()
        opens_head = _opens_head([line for _i, line in nonempty[1:3]])
        # A name alone on top ("David Jackson and Aamer Madhani") is a byline without "By",
        # unless a byline or dateline follows and makes it a short headline.
        if opens_head or (followed_by_blank and not _name_like(first, 7)):
            head.title = first
            start = 1

    # The head runs from after the title to the first line of body text.
    kinds_by_line: list[Optional[list[tuple[str, str]]]] = []
    for _index, line in nonempty[start:]:
        kinds = _kinds(line)
        if kinds is None:
            break
        kinds_by_line.append(kinds)
    for kinds in kinds_by_line:
        for kind, value in kinds:
            if kind == "date" and head.date is None:
                head.date = value
            elif kind == "byline" and head.author is None:
                head.author = value
    # A bare name ("Barry Grey") is an author only beside the dateline, under a headline.
    if head.author is None and head.date is not None and head.title is not None:
        for n, kinds in enumerate(kinds_by_line):
            names = [value for kind, value in kinds if kind == "name"]
            beside_date = any(
                any(kind == "date" for kind, _ in kinds_by_line[m])
                for m in (n - 1, n, n + 1)
                if 0 <= m < len(kinds_by_line)
            )
            if names and beside_date:
                head.author = names[0]
                break

    # A dateline may also stand further down, among the first lines.
    if head.date is None:
        for _index, line in nonempty[start + len(kinds_by_line) :]:
            for part in _PART_SEPARATORS.split(line):
                found = _date_alone(part)
                if found:
                    head.date = found
                    break
            if head.date:
                break
    return head


def _opens_head(lines: list[str]) -> bool:
    """Whether these lines, right under a headline candidate, are a byline or a dateline
    (or a bare name with a dateline under it)."""
    if not lines:
        return False
    kinds = _kinds(lines[0])
    if kinds is None:
        return False
    if any(kind in ("date", "byline") for kind, _ in kinds):
        return True
    following = _kinds(lines[1]) if len(lines) > 1 else None
    return following is not None and any(kind == "date" for kind, _ in following)


_TIME_ALONE = re.compile(r"\d{1,2}[:.]\d{2}(\s*[ap]\.?m\.?)?(\s+[A-Z]{1,5})?", re.IGNORECASE)


def _kinds(line: str) -> Optional[list[tuple[str, str]]]:
    """A head line split at separators ("By Jane Smith | 8 July 2017") into (kind, value)
    pairs of kind date, time, byline or name; None when any part is body text."""
    parts = [p for p in _PART_SEPARATORS.split(line) if p.strip()]
    if not parts:
        return None
    kinds: list[tuple[str, str]] = []
    for part in parts:
        date = _date_alone(part)
        if date:
            kinds.append(("date", date))
            continue
        if _TIME_ALONE.fullmatch(part.strip()):
            kinds.append(("time", part.strip()))
            continue
        byline = _byline(part)
        if byline:
            kinds.append(("byline", byline))
            continue
        if _bare_name(part):
            kinds.append(("name", part.strip()))
            continue
        return None
    return kinds


def _looks_like_headline(line: str) -> bool:
    """Short, one sentence at most, not ending like a sentence or a clause."""
    if len(line) > 200 or len(line.split()) > 25:
        return False
    if not any(c.isalpha() for c in line) or line.startswith(("(", "[")):
        return False
    bare = line.rstrip("'\"’”")
    if bare.endswith(".") and not bare.endswith("..."):
        return False
    if line.endswith((",", ";", ":")) or _SENTENCE_BREAK.search(line):
        return False
    return not any(pattern.search(line) for pattern in _lexicon()["not_title_patterns"])


# A sentence ending inside the line ("... for now. Seven ways ..."); "Gov. Brown" is not one.
_SENTENCE_BREAK = re.compile(r"(?:[a-z]{3}|\d{2})[.!?]['\"’”]?\s+(?:\|\s+)?[A-Z]")


_NAME_TOKEN = re.compile(r"^(?:[^\W\d_]\.)+$|^[^\W\d_][\w'’.\-]*$")


def _name_like(text: str, max_tokens: int) -> bool:
    lexicon = _lexicon()
    text = text.strip()
    tokens = text.split()
    if not tokens or len(tokens) > max_tokens or len(text) > 80:
        return False
    if any(c.isdigit() for c in text):
        return False
    particles = lexicon["name_particles"]
    for position, token in enumerate(tokens):
        lower = token.lower()
        if lower in particles and 0 < position < len(tokens) - 1:
            continue
        if lexicon["hyphenated_name_prefix"].match(token):
            continue
        if not _NAME_TOKEN.match(token) or not token[0].isupper():
            return False
    return True


def _bare_name(text: str) -> bool:
    """A line that is a person's name alone: two to four capitalised words, not a section label."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 4 or text.isupper():
        return False
    not_names = _lexicon()["not_name_words"]
    if any(t.lower().strip(".,") in not_names for t in tokens):
        return False
    return _name_like(text, 4)


def _byline(text: str) -> Optional[str]:
    """The names in a byline ("By Jane Smith and Tom Lee, Reuters" -> "Jane Smith and Tom Lee")."""
    lexicon = _lexicon()
    text = text.strip().strip("*_").strip()
    lower = text.lower()
    for prefix in lexicon["byline_prefixes"]:
        if lower.startswith(prefix + " ") or lower.startswith(prefix + ":"):
            rest = text[len(prefix) :].lstrip(" :")
            break
    else:
        return None
    rest = re.split(r"[,;(|/]", rest, maxsplit=1)[0]
    words = rest.split()
    for n, word in enumerate(words):
        if n > 0 and word.lower() in lexicon["byline_stops"]:
            words = words[:n]
            break
    names = " ".join(words).strip(" .-–—")
    if names.isupper():
        names = names.title()
    return names if _name_like(names, 10) else None


@lru_cache(maxsize=4096)
def _date_alone(text: str) -> Optional[str]:
    """The ISO date of a line that is a date and nothing else ("Saturday, July 8, 2017",
    "Updated 8 July 2017 14:05 GMT"); None for anything else, relative dates included."""
    lexicon = _lexicon()
    value = text.strip().strip("*_").strip()
    if len(value) > 60 or not _YEAR.search(value):
        return None
    changed = True
    while changed:  # "Published on 8 July 2017", "Updated: ..."
        changed = False
        lower = value.lower()
        for prefix in lexicon["dateline_prefixes"]:
            if re.match(re.escape(prefix) + r"\b[:\s]*", lower):
                value = value[len(prefix) :].lstrip(" :")
                changed = True
                break
    value = re.sub(r"\b([ap])\.m\.?", r"\1m", value, flags=re.IGNORECASE)
    words = re.findall(r"[^\W\d_]+", value.lower())
    if any(w not in lexicon["date_words"] and not re.fullmatch(r"(st|nd|rd|th)", w) for w in words):
        return None
    return _parse_date(value)


def _parse_date(value: str) -> Optional[str]:
    """An absolute date with day, month and year -> ``YYYY-MM-DD``; relative dates refused."""
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", value):
        try:
            return _dt.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return None
    common = _common_date(value)
    if common:
        return common
    import dateparser  # imported here: it is slow to import and only needed for datelines

    try:
        parsed = dateparser.parse(
            value,
            languages=["en"],
            settings={
                "PARSERS": ["custom-formats", "absolute-time"],
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False,
                "STRICT_PARSING": True,
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input; a line that fails is not a date
        return None
    return parsed.date().isoformat() if parsed else None


def _common_date(value: str) -> Optional[str]:
    """The commonest datelines, "8 July 2017" and "July 8, 2017" (an ordinal, a dotted
    month or no comma allowed), read without dateparser: its import and first parse cost
    a fifth of a second, a sixth of a cold ``newsledger analyze``. Every form this accepts
    was checked against dateparser's reading; anything else (and an impossible day) is
    left to it."""
    months, pattern = _month_pattern()
    found = pattern.fullmatch(value)
    if found is None:
        return None
    day = int(found["day"] or found["day_after"])
    month = months[(found["month"] or found["month_before"]).lower()]
    try:
        return _dt.date(int(found["year"]), month, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _month_pattern() -> tuple[dict[str, int], re.Pattern[str]]:
    months = {str(name).lower(): int(number) for name, number in load_yaml("time.yaml")["months"].items()}
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    pattern = re.compile(
        rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{names})\.?,?"
        rf"|(?P<month_before>{names})\.?\s+(?P<day_after>\d{{1,2}})(?:st|nd|rd|th)?,?)\s+(?P<year>\d{{4}})",
        re.IGNORECASE,
    )
    return months, pattern


def _normalize_date(value: Any) -> tuple[Optional[str], Optional[str]]:
    """A record's date -> (ISO date or None, warning or None)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, str):
        found = _parse_date(value)
        if found:
            return found, None
    return None, f"date {value!r} not understood; the article has no date (pass --date to give one)"


# --------------------------------------------------------------------------------------------
# Language


def _check_language(article: Article) -> None:
    warning = language_warning(article.text)
    if warning:
        article.warnings.append(warning)


def language_warning(text: str) -> Optional[str]:
    """A warning when the text does not look like English, naming the likely language."""
    config = _lexicon()["language_check"]
    sample = text[: config["sample_chars"]]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 40:
        return None
    scripts: dict[str, int] = {}
    non_latin = 0
    for c in letters:
        if ord(c) < 0x250:  # Basic Latin through Latin Extended-B
            continue
        non_latin += 1
        name = unicodedata.name(c, "")
        for script in config["scripts"]:
            if name.startswith(script):
                scripts[script] = scripts.get(script, 0) + 1
                break
    if non_latin / len(letters) > 0.5:
        if scripts:
            script = max(scripts, key=scripts.get)
            return _language_message(f"probably {config['scripts'][script]}")
        return _language_message("a non-Latin script")
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) < config["min_words"]:
        return None
    shares = {lang: sum(1 for w in words if w in stop) / len(words) for lang, stop in config["stopwords"].items()}
    english = shares.pop("English", 0.0)
    if english >= config["english_min_share"]:
        return None
    best = max(shares, key=shares.get) if shares else None
    if best and shares[best] > english and shares[best] >= config["other_min_share"]:
        return _language_message(f"probably {best}")
    return None


def _language_message(detected: str) -> str:
    return f"text does not look like English (detected: {detected}); facts may be missing"


# --------------------------------------------------------------------------------------------
# HTML


def _read_html(data: Union[bytes, str], where: str, date: Optional[str]) -> Article:
    if isinstance(data, bytes):
        kind = _binary_kind(data)
        if kind:
            raise _binary_error(where, kind)
        if not data.strip():
            raise IngestError(where, None, "empty file", "nothing to analyse")
    elif not data.strip():
        raise IngestError(where, None, "empty file", "nothing to analyse")
    import trafilatura  # imported here: only HTML needs it

    no_text = IngestError(
        where, None, "no article text found in HTML",
        "the page may be only navigation or built by JavaScript; save the article's text as .txt",
    )
    try:
        result = trafilatura.bare_extraction(
            data,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            deduplicate=False,
            # Only dates the page states (meta tags, <time>), never guesses from the text or
            # a copyright line: a wrong publication date would misplace every relative date.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise various errors on hopeless markup
        raise IngestError(where, None, f"HTML could not be parsed ({type(exc).__name__})", "check the file is a web page") from None
    if result is None:
        raise no_text
    meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    blocks = [line.strip() for line in (meta.get("text") or "").splitlines() if line.strip()]
    # Menus and link lists come out as short blocks; an article has at least one sentence.
    if not blocks or max(len(b.split()) for b in blocks) < 4:
        raise no_text
    text = "\n\n".join(blocks)
    warnings: list[str] = []
    page_date, warning = _normalize_date(meta.get("date"))
    if warning:
        warnings.append(warning)
    fields = {**meta, "source": meta.get("sitename")}
    return _finish_article(text, fields, page_date, where, warnings, date)


def _clean_meta(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v).strip() for v in value if v is not None and str(v).strip())
    value = re.sub(r"\s+", " ", str(value)).strip()
    return value or None


def _fill_from_head(article: Article) -> None:
    if article.title and article.date and article.author:
        return
    head = read_head(article.text)
    article.title = article.title or head.title
    article.date = article.date or head.date
    article.author = article.author or head.author


# --------------------------------------------------------------------------------------------
# JSON Lines and JSON


_RECORD_HINT = 'each article is an object like {"title": "...", "date": "YYYY-MM-DD", "text": "..."}'


def _read_jsonl(lines: Iterable[Union[bytes, str]], where: str, date: Optional[str]) -> Iterator[IngestItem]:
    """One item per non-blank line, streamed: a bad line is an error item and reading goes on."""
    for number, raw in enumerate(lines, 1):
        warnings: list[str] = []
        if isinstance(raw, bytes):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("cp1252", errors="replace")
                warnings.append("line is not UTF-8; decoded as Windows-1252")
        else:
            line = raw
        line = line.rstrip("\r\n")
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestItem(
                error=IngestError(where, number, f"not valid JSON: {exc.msg} (column {exc.colno})", "fix or remove the line; the other lines are read")
            )
            continue
        try:
            article = _article_from_record(record, where, number, date)
        except IngestError as exc:
            yield IngestItem(error=exc)
            continue
        article.warnings[:0] = warnings
        yield IngestItem(article=article)


def _read_json(data: bytes, where: str, date: Optional[str]) -> Iterator[IngestItem]:
    kind = _binary_kind(data)
    if kind:
        raise _binary_error(where, kind)
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(where, None, f"not valid UTF-8 (byte {exc.start})", "JSON files must be UTF-8; re-save the file as UTF-8") from None
    if not content.strip():
        raise IngestError(where, None, "empty file", "nothing to analyse")
    try:
        value = json.loads(content)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # one object a line: JSON Lines under a .json name
            yield from _read_jsonl(content.split("\n"), where, date)
            return
        raise IngestError(where, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})", "fix the file") from None
    if isinstance(value, dict):
        yield IngestItem(article=_article_from_record(value, where, None, date))
        return
    if not isinstance(value, list):
        raise IngestError(where, None, f"holds a JSON {_json_type(value)}, not an article", _RECORD_HINT + ", or a list of them")
    if not value:
        raise IngestError(where, None, "holds an empty list", "nothing to analyse")
    for index, record in enumerate(value, 1):
        try:
            yield IngestItem(article=_article_from_record(record, where, None, date, item=index))
        except IngestError as exc:
            yield IngestItem(error=exc)


def _json_type(value: Any) -> str:
    return {list: "list", dict: "object", str: "string", bool: "true/false", type(None): "null"}.get(type(value), "number")


def _article_from_record(
    record: Any, where: str, line: Optional[int], date: Optional[str], item: Optional[int] = None
) -> Article:
    prefix = f"item {item}: " if item is not None else ""
    if not isinstance(record, dict):
        raise IngestError(where, line, f"{prefix}a JSON {_json_type(record)}, not an object", _RECORD_HINT)
    text = record.get("text")
    if text is None:
        raise IngestError(where, line, f'{prefix}no "text" field', _RECORD_HINT)
    if not isinstance(text, str):
        raise IngestError(where, line, f'{prefix}"text" is a JSON {_json_type(text)}, not a string', _RECORD_HINT)
    if not text.strip():
        raise IngestError(where, line, f'{prefix}"text" is empty', "give the article's text, or remove the record")
    warnings: list[str] = []
    record_date, warning = _normalize_date(record.get("date"))
    if warning:
        warnings.append(warning)
    if line is not None:
        label = f"{where}:{line}"
    elif item is not None:
        label = f"{where}[{item}]"
    else:
        label = where
    meta = record.get("meta")
    if not record.get("url") and isinstance(meta, dict) and meta.get("url"):
        # Corpora such as AllSides keep the address under meta: it is what a reader
        # follows to check a statement, so it is kept as the article's url.
        record = {**record, "url": meta["url"]}
    return _finish_article(text, record, record_date, label, warnings, date)


def _finish_article(
    text: str, fields: dict, own_date: Optional[str], path: str, warnings: list[str], date: Optional[str]
) -> Article:
    """An Article from a record's or page's fields, completed from the text's head (title,
    byline, dateline), checked for language; ``date`` (from --date) wins over its own."""
    article = Article(
        text=text,
        title=_clean_meta(fields.get("title")),
        date=own_date,
        source=_clean_meta(fields.get("source")),
        url=_clean_meta(fields.get("url")),
        author=_clean_meta(fields.get("author")),
        path=path,
        warnings=warnings,
    )
    _fill_from_head(article)
    _check_language(article)
    if date:
        article.date = date
    return article
