"""Clause structure on spaCy's dependency parse, shared by the stages that attach a time
or a place to the event whose clause it sits in (time, place), and the parse's tokens made once.

spaCy makes a new ``Token`` object on every access (``doc[i]``, iterating a Doc or a Span,
``token.children``, ``token.head``): the stages walking the parse again and again spent more
time making Token objects than reading them. ``tokens_of(doc)`` and ``children_of(token)`` hand out
the same objects, made once per Doc. Compare tokens by ``.i``, as ever: an object from here
and one from spaCy are never the same object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


@dataclass
class ParsedTokens:
    """A Doc's Token objects and each token's dependents (in text order, as ``token.children``)."""

    doc: Any
    tokens: list
    children: list[list]


# The Doc a stage reads now: stages run one Document at a time, so one entry serves them all
# (replaced whole, so that a thread never sees half of one). It holds its Doc; the
# next Doc replaces it.
_current: Optional[ParsedTokens] = None


def parsed_tokens(doc: Any) -> ParsedTokens:
    """The Doc's tokens and dependents, made on first use and kept while the stages read it."""
    global _current
    current = _current
    if current is not None and current.doc is doc:
        return current
    from spacy.attrs import HEAD

    tokens = list(doc)
    children: list[list] = [[] for _ in tokens]
    for i, offset in enumerate(doc.to_array(HEAD).astype("int64").tolist()):
        if offset:  # a root is its own head and nobody's child
            children[i + offset].append(tokens[i])
    current = ParsedTokens(doc, tokens, children)
    _current = current
    return current


def tokens_of(doc: Any) -> list:
    """The Doc's Token objects, made once: index it (``tokens_of(doc)[i]``) or slice a sentence
    (``tokens_of(doc)[sent.start:sent.end]``) instead of ``doc[i]`` or ``for t in sent``."""
    return parsed_tokens(doc).tokens


def children_of(token: Any) -> list:
    """``token.children`` as a list of Token objects made once per Doc."""
    doc, current = token.doc, _current
    if current is None or current.doc is not doc:  # (the test inline: this runs for every walk)
        current = parsed_tokens(doc)
    return current.children[token.i]

# The dependencies that open a clause of their own: a phrase under one of these verbs
# belongs to that verb's clause, not to the clause above.
CLAUSE_DEPS = ("ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "csubj", "pcomp", "parataxis")


def depth_below(token: Any, ancestor: Any) -> Optional[int]:
    """How many arcs up from ``token`` to ``ancestor``; None when it is not an ancestor."""
    depth, tok = 0, token
    while tok.i != tok.head.i:
        tok = tok.head
        depth += 1
        if tok.i == ancestor.i:
            return depth
    return None


def clause_verb(token: Any) -> Optional[Any]:
    """The verb of the clause a token sits in; None at the root of a verbless sentence."""
    tok = token
    # Twenty arcs bound the walk: spaCy's trees are never deeper on news text.
    for _ in range(20):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in CLAUSE_DEPS:
            return tok
    return None


def in_clause_of(phrase_root: Any, event_root: Any) -> bool:
    """Whether a phrase (a place, a date) belongs to the event's clause or to a clause above it."""
    verb = clause_verb(phrase_root)
    return verb is None or verb.i == event_root.i or verb.is_ancestor(event_root)


def governed_by(token: Any) -> Optional[Any]:
    """The verb a time or place phrase is an adverbial of: its head ("met Friday"), or the
    head of its preposition ("met on Friday", "met in Hamburg"); None when it modifies a
    noun ("the 2016 election", "Friday's meeting")."""
    head = token.head
    if head.i == token.i:
        return None
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    elif token.dep_ not in ("npadvmod", "tmod", "advmod", "obl", "dobj", "attr", "nsubj", "prep"):
        return None
    return head if head.pos_ in ("VERB", "AUX") else None


def subtree_of(token: Any) -> list:
    """``token.subtree`` as a list, in the same order (each left dependent's subtree, the
    token, each right dependent's), of Token objects made once per Doc."""
    doc, current = token.doc, _current
    if current is None or current.doc is not doc:
        current = parsed_tokens(doc)
    # A stack, not recursion: a long run-on sentence can nest deeper than Python's limit.
    children = current.children
    out: list = []
    stack: list[tuple[Any, bool]] = [(token, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            out.append(node)
            continue
        below = children[node.i]
        stack.extend((child, False) for child in reversed(below) if child.i > node.i)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(below) if child.i < node.i)
    return out
