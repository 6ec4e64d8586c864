"""Clause structure on spaCy's dependency parse, shared by the stages that attach a time
or a place to the event whose clause it sits in (time, place)."""

from __future__ import annotations

from typing import Any, Optional

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
