"""The ordered list of stages over a Document, and batching.

Stages are declared (``newsledger.stage``) and registered in one place, ``registry()``: the
shipped ones, then those that installed packages add or replace through the entry-point group
``newsledger.stages``. ``resolve(settings)`` applies the user's order, disabled and replaced
stages and checks, once, that each stage's requirements are assigned by a stage before it.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from importlib.metadata import entry_points
from typing import Any, Iterable, Iterator, Optional

from newsledger.document import Article, Document
from newsledger.settings import Settings
from newsledger.stage import INITIAL_LAYERS, Stage, StageError, load_reference

ENTRY_POINT_GROUP = "newsledger.stages"

# The shipped stages, in their order. Each module declares ``STAGE``.
SHIPPED = (
    "newsledger.stages.nlp",
    "newsledger.stages.actors",
    "newsledger.stages.quotes",
    "newsledger.stages.events",
    "newsledger.stages.time",
    "newsledger.stages.place",
    "newsledger.stages.home_country",
    "newsledger.stages.link",
    "newsledger.stages.sourcing",
)


def load_stage(reference: str) -> Stage:
    """The stage named by ``module:attribute`` (or a module that declares ``STAGE``)."""
    found = load_reference(reference, "stage", default_attribute="STAGE")
    if not isinstance(found, Stage):
        raise StageError(f"{reference!r} is not a newsledger Stage (declare it with newsledger.stage.stage)")
    return found


@lru_cache(maxsize=1)
def registry() -> tuple[Stage, ...]:
    """Every stage this installation knows, in the default order: the shipped ones, each
    replaced by an entry point of the same name, then new entry-point stages placed right
    after the last stage that assigns something they require."""
    stages = [load_stage(reference) for reference in SHIPPED]
    for point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda p: p.name):
        plugged = point.load()
        if not isinstance(plugged, Stage):
            raise StageError(f"entry point {point.name!r} = {point.value!r} is not a newsledger Stage")
        plugged = _renamed(plugged, point.name, f"{point.value} (entry point{_distribution(point)})")
        names = [s.name for s in stages]
        if plugged.name in names:
            stages[names.index(plugged.name)] = plugged
        else:
            stages.insert(_insertion_point(stages, plugged), plugged)
    return tuple(stages)


def _distribution(point) -> str:
    dist = getattr(point, "dist", None)
    return f" of {dist.name} {dist.version}" if dist is not None else ""


def _renamed(found: Stage, name: str, origin: str) -> Stage:
    return Stage(name=name, run=found.run, requires=found.requires, assigns=found.assigns,
                 origin=origin, batched=found.batched, doc=found.doc)


def _insertion_point(stages: list[Stage], new: Stage) -> int:
    needed = set(new.requires)
    position = 0
    for i, existing in enumerate(stages):
        if needed & set(existing.assigns):
            position = i + 1
    return max(position, 1)  # never before the parse


def resolve(settings: Optional[Settings] = None) -> tuple[Stage, ...]:
    """The stages to run under ``settings``, checked: an unknown or misordered stage, or a
    requirement no earlier stage assigns, is a ``StageError`` that names it."""
    settings = settings or Settings()
    known = {s.name: s for s in registry()}
    for name, reference in settings.replace:
        replacement = load_stage(reference)
        known[name] = _renamed(replacement, name, reference)
    for name in settings.disable:
        if name not in known:
            raise StageError(f"cannot disable stage {name!r}: no such stage (known: {', '.join(known)})")
    order = list(settings.stages) if settings.stages else [s.name for s in registry()]
    for name in order:
        if name not in known:
            raise StageError(f"unknown stage {name!r} in the configured order (known: {', '.join(known)})")
    if len(set(order)) != len(order):
        raise StageError(f"a stage is listed twice in {order}")
    chosen = [known[name] for name in order if name not in settings.disable]
    check_order(chosen)
    return tuple(chosen)


def check_order(stages: Iterable[Stage]) -> None:
    available = set(INITIAL_LAYERS)
    for position, current in enumerate(stages):
        if current.batched and position != 0:
            raise StageError(f"stage {current.name!r} parses in batches and must come first")
        for need in current.requires:
            if need not in available and need.split(".")[0] not in available:
                assigned_by = [s.name for s in registry() if need in s.assigns]
                hint = f" (assigned by {', '.join(assigned_by)}: run it before {current.name!r})" if assigned_by else ""
                raise StageError(f"stage {current.name!r} requires {need!r}, which no stage before it assigns{hint}")
        available.update(current.assigns)


def stage_names(settings: Optional[Settings] = None) -> list[str]:
    """The stages this installation runs, in order."""
    return [s.name for s in resolve(settings)]


def _prepare(article: Article, settings: Settings) -> Document:
    if settings.date:
        article.date = settings.date
    if len(article.text) > settings.max_chars:
        article.warnings.append(
            f"article is {len(article.text):,} characters; only the first {settings.max_chars:,} were analysed"
        )
    return Document(article=article)


def _analysed_text(document: Document, settings: Settings) -> str:
    return document.text[: settings.max_chars]


# Long texts are parsed in pieces (spaCy's advice for long documents): the parser's memory
# grows with the characters of a batch, ~3 GB for 1,000,000 characters parsed at once. A
# text longer than PIECE_CHARS is cut at paragraph ends (else line ends, sentence ends,
# spaces) into pieces of at most PIECE_CHARS, and a batch is closed once its texts reach
# BATCH_CHARS; the pieces' parses are joined into one Doc over the whole text.
PIECE_CHARS = 10_000
BATCH_CHARS = 100_000


def piece_bounds(text: str, limit: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """``[start, end)`` of consecutive pieces covering ``text``, each at most ``limit``
    characters, cut right after a blank line when there is one in reach, else after a line
    end, a sentence end or a space; a piece ends with its white space, so the next starts a
    paragraph (or sentence, or word) as the parser expects."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > limit:
        window_end = start + limit
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            found = text.rfind(separator, start + 1, window_end)
            if found > start:
                cut = found + len(separator)
                break
        if cut <= start:
            cut = window_end  # one word longer than a piece: cut it
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _parse_units(documents: Iterable[Document], settings: Settings, nlp_module) -> Iterator[tuple[str, tuple]]:
    """``(text to parse, (original piece, document, piece number, pieces))`` for every piece
    of every document's analysed text."""
    for document in documents:
        text = _analysed_text(document, settings)
        bounds = piece_bounds(text) if len(text) > PIECE_CHARS else [(0, len(text))]
        for number, (start, end) in enumerate(bounds):
            piece = text[start:end]
            # Invisible marks ("Vla\u200bdimir") are left out of the parse and put back in its tokens.
            yield nlp_module.text_for_parse(piece), (piece, document, number, len(bounds))


def _char_batches(units: Iterable[tuple[str, tuple]], max_texts: int, max_chars: int) -> Iterator[list[tuple[str, tuple]]]:
    batch: list[tuple[str, tuple]] = []
    chars = 0
    for unit in units:
        if batch and (len(batch) >= max_texts or chars + len(unit[0]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(unit)
        chars += len(unit[0])
    if batch:
        yield batch


def _parsed(model, units: Iterator[tuple[str, tuple]], settings: Settings, n_process: int) -> Iterator[tuple[Any, tuple]]:
    if n_process != 1:
        # spaCy's own processes take one stream; pieces of at most PIECE_CHARS bound its batches.
        yield from model.pipe(units, as_tuples=True, batch_size=settings.batch_size, n_process=n_process)
        return
    for batch in _char_batches(units, settings.batch_size, BATCH_CHARS):
        yield from model.pipe(batch, as_tuples=True, batch_size=len(batch))


def analyze_articles(
    articles: Iterable[Article], settings: Optional[Settings] = None, n_process: int = 1
) -> Iterator[Document]:
    """Run the whole pipeline over articles, spaCy batched with ``nlp.pipe``; yields in input
    order. Long texts are parsed in paragraph-sized pieces (``piece_bounds``) joined into one
    Doc, so memory stays bounded whatever the length; offsets index the whole text."""
    import numpy
    from spacy.tokens import Doc

    from newsledger.stages import nlp

    settings = settings or Settings()
    stages = resolve(settings)
    if not stages or stages[0].name != "nlp":
        raise StageError("the pipeline must start with the nlp stage (the parse every other stage reads)")
    model = nlp.load(settings.model)
    documents = (_prepare(a, settings) for a in articles)
    per_document = [s for s in stages if not s.batched]
    pieces: list[Any] = []
    for parsed, (piece, document, number, count) in _parsed(model, _parse_units(documents, settings, nlp), settings, n_process):
        parsed = nlp.over_original(parsed, piece)
        if count == 1:
            document.doc = parsed
        else:
            parsed.tensor = numpy.zeros((0,), dtype="float32")  # the token vectors of every piece would stay in memory; no stage reads them
            pieces.append(parsed)
            if number < count - 1:
                continue
            document.doc = Doc.from_docs(pieces, ensure_whitespace=False)
            pieces = []
        for current in per_document:
            current.run(document, settings)
        yield document


class NotEnglishWarning(UserWarning):
    """The text does not look like English: the pipeline reads English, facts may be missing."""


def analyze(
    text: str,
    date: Optional[str | _dt.date] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    url: Optional[str] = None,
    settings: Optional[Settings] = None,
    author: Optional[str] = None,
) -> Document:
    """Analyse one article's text as ``newsledger analyze FILE.txt`` does.

    The title, byline and dateline are read from the text's head when not given; ``date``
    (``YYYY-MM-DD`` or a ``datetime.date``) is the publication date, which anchors relative
    time and wins over a dateline. A bad ``date`` or an empty text is a ``ValueError`` that
    says so, a text that is not a ``str`` a ``TypeError``; a text that does not look like
    English gives a ``NotEnglishWarning`` (and the same line in ``Document.warnings``)."""
    article = _article_from_text(text, date=date, title=title, source=source, url=url, author=author)
    return next(analyze_articles([article], settings))


def analyze_many(
    articles: Iterable[str | Article | dict],
    n_process: int = 1,
    settings: Optional[Settings] = None,
    date: Optional[str | _dt.date] = None,
) -> Iterator[Document]:
    """Analyse many articles, parsed in batches (``settings.batch_size``) over ``n_process``
    processes; yields one Document per article, in input order, as they are done.

    Each item is a text (read as ``analyze`` reads it), an ``Article``, or a dict with
    ``text`` and any of ``title``, ``date``, ``source``, ``url``, ``author`` (a JSON Lines
    record). ``date`` is the publication date of the items that give none. A bad item is a
    ``ValueError`` (or ``TypeError``) naming its position, raised when the iteration reaches
    its batch; to skip bad items and store the rest, use ``newsledger ingest``."""
    default_date = _checked_date(date, "date")

    def prepared() -> Iterator[Article]:
        for position, item in enumerate(articles):
            try:
                if isinstance(item, Article):
                    if default_date and not item.date:
                        item.date = default_date
                    yield item
                elif isinstance(item, dict):
                    if "text" not in item:
                        raise ValueError('a record needs a "text" field (and may give title, date, source, url, author)')
                    fields = {k: item.get(k) for k in ("title", "source", "url", "author")}
                    yield _article_from_text(item.get("text"), date=item.get("date") or default_date, **fields)
                else:
                    yield _article_from_text(item, date=default_date)
            except (TypeError, ValueError) as exc:
                raise type(exc)(f"item {position}: {exc}") from exc

    return analyze_articles(prepared(), settings, n_process=n_process)


def _checked_date(date: Optional[str | _dt.date], name: str) -> Optional[str]:
    from newsledger.ingest import IngestError, validate_date

    try:
        return validate_date(date)
    except IngestError:
        raise ValueError(
            f"{name}={date!r} is not a date: give the publication date as 'YYYY-MM-DD' (e.g. '2017-07-08') or a datetime.date"
        ) from None


def _article_from_text(
    text: object,
    date: Optional[str | _dt.date] = None,
    title: Optional[str] = None,
    source: Optional[str] = None,
    url: Optional[str] = None,
    author: Optional[str] = None,
) -> Article:
    """An Article as the CLI reads a text file: title, byline and dateline from the head,
    the language checked; the fields given win over what the head says."""
    import warnings

    from newsledger.ingest import language_warning, read_text_article

    if not isinstance(text, str):
        hint = " (decode it first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"the article's text must be a str, not {'None' if text is None else type(text).__name__}{hint}")
    if not text.strip():
        raise ValueError("the article's text is empty" + (" (only white space)" if text else "") + ": nothing to analyse")
    checked_date = _checked_date(date, "date")
    article = read_text_article(text)
    for name, value in (("title", title), ("source", source), ("url", url), ("author", author)):
        if value is not None:
            setattr(article, name, value)
    if checked_date:
        article.date = checked_date
    not_english = language_warning(text)  # read_text_article put the same line in article.warnings
    if not_english:
        warnings.warn(not_english, NotEnglishWarning, stacklevel=3)
    return article
