"""syntax.tokens_of / children_of / subtree_of hand out the parse as spaCy does, in its order."""

from __future__ import annotations

from newsledger.stages import nlp
from newsledger.syntax import children_of, subtree_of, tokens_of


def test_tokens_children_and_subtrees_are_spacys_in_spacys_order(settings, seed_text):
    doc = nlp.load(settings.model)(seed_text)
    assert [t.i for t in tokens_of(doc)] == [t.i for t in doc]
    for token in doc:
        assert [c.i for c in children_of(token)] == [c.i for c in token.children]
        assert [t.i for t in subtree_of(token)] == [t.i for t in token.subtree]


def test_a_run_on_sentence_deeper_than_the_recursion_limit_still_has_its_subtree(settings):
    # One sentence of relative clauses nested 400 deep: the parse's depth passes Python's limit
    # (1000) for a recursive walk.
    doc = nlp.load(settings.model)(" ".join(["the man who saw the dog that chased the cat"] * 400))
    root = next(t for t in doc if t.head.i == t.i)
    assert [t.i for t in subtree_of(root)] == [t.i for t in root.subtree]
