"""Two of the model's rule components, computed on the Doc's attribute arrays instead of Token objects.

spaCy's English pipelines end with two components written in Python over Token objects:

- the ``attribute_ruler`` maps fine-grained tags (and some words in some positions) to parts
  of speech, morphology and lemmas with 179 Matcher patterns in the small model. A dozen test
  a set (``{"IN": [...]}``, ``NOT_IN``) or a regular expression, and spaCy's Matcher evaluates
  such a predicate in Python, on a Token object made for every token it tests: 19 ms an
  article, about an eighth of the whole parse, for rules that are a table lookup;
- the ``lemmatizer`` makes a Token, reads its text, part of speech and morphology (parsing the
  features into a dict) and sets its lemma, for every token of every Doc, though the lemma
  depends on the word, the part of speech and the morphology alone: 8 ms an article.

``ArrayAttributeRules`` reads the ruler's own patterns when the pipeline is loaded, matches
each on the Doc's arrays (numpy: one comparison per pattern token over every position at
once) and writes the same attributes in the same order as ``AttributeRuler.set_annotations``:
rules by number, later rules winning, the rule's index choosing the token. ``ArrayLemmatizer``
asks spaCy's lemmatizer once per (word, part of speech, morphology) and writes the lemmas as
one array. The Doc comes out the same (the tests compare every token attribute with spaCy's
components on real articles); a component with a feature not handled here keeps spaCy's.
bench/README.md has the figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

import numpy

# Attributes the rules may write, as columns of one array read and written back whole.
_WRITTEN = ("POS", "TAG", "DEP", "LEMMA", "MORPH")
# Pattern keys that name a token attribute under another name.
_ALIASES = {"TEXT": "ORTH"}
# Regular-expression answers kept per string hash, per rule (the vocabulary is bounded, but a
# long-running process may meet many words: start again past this many).
_REGEX_MEMO_LIMIT = 200_000


class UnsupportedComponent(ValueError):
    """A pattern or lemmatizer mode not handled here: spaCy's own component stays."""


@dataclass(frozen=True)
class _Test:
    """One attribute test of one pattern token."""

    column: int  # in the array of tested attributes
    kind: str  # "eq", "in", "not_in", "regex"
    value: Any  # a hash, an int array of hashes, or a compiled expression
    memo: Optional[dict] = None  # regex answers by string hash


@dataclass(frozen=True)
class _Rule:
    number: int  # the ruler's own rule index: the order attributes are written in
    index: int  # which token of the match gets the attributes
    patterns: tuple[tuple[tuple[_Test, ...], ...], ...]  # alternative patterns, each a token list
    writes: tuple[tuple[int, int], ...]  # (column in _WRITTEN, value)


class ArrayAttributeRules:
    """A drop-in for the pipeline's ``attribute_ruler`` component (same name, same output)."""

    def __init__(self, vocab: Any, rules: list[_Rule], tested: list[int], written: list[int], ruler: Any = None) -> None:
        self.vocab = vocab
        self.ruler = ruler  # spaCy's component these rules came from, kept to compare against
        self.rules = rules
        self.tested = tested
        self.written = written

    @classmethod
    def from_ruler(cls, ruler: Any) -> "ArrayAttributeRules":
        """Compile a spaCy ``AttributeRuler``'s patterns; ``UnsupportedComponent`` when one has a
        feature matched only by spaCy."""
        from spacy.attrs import IDS

        strings = ruler.vocab.strings
        tested: list[int] = []
        written = [IDS[name] for name in _WRITTEN]

        def column(name: str) -> int:
            key = _ALIASES.get(name.upper(), name.upper())
            if key not in IDS or key in ("_", "OP"):
                raise UnsupportedComponent(f"pattern attribute {name!r}")
            attr = IDS[key]
            if attr not in tested:
                tested.append(attr)
            return tested.index(attr)

        def test(name: str, value: Any) -> _Test:
            col = column(name)
            if isinstance(value, bool):
                return _Test(col, "eq", int(value))
            if isinstance(value, str):
                return _Test(col, "eq", strings.add(value))
            if isinstance(value, int):
                return _Test(col, "eq", value)
            if isinstance(value, dict) and len(value) == 1:
                (op, operand), = value.items()
                if op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in operand):
                    hashes = numpy.array([strings.add(v) for v in operand], dtype="uint64")
                    return _Test(col, op.lower(), hashes)
                if op == "REGEX" and isinstance(operand, str):
                    return _Test(col, "regex", re.compile(operand), {})
            raise UnsupportedComponent(f"pattern value {value!r} of {name!r}")

        rules: list[_Rule] = []
        for number, attrs in enumerate(ruler.attrs):
            found = ruler.matcher.get(str(number))
            if found is None:
                continue
            _on_match, patterns = found
            index = ruler.indices[number]
            compiled = []
            for pattern in patterns:
                if not -len(pattern) <= index < len(pattern):
                    # spaCy reports such a rule when it matches; its own component keeps doing so
                    raise UnsupportedComponent(f"attribute rule {number} has index {index} outside its pattern of {len(pattern)} tokens")
                tokens = []
                for spec in pattern:
                    if "OP" in spec and spec["OP"] != "1":
                        raise UnsupportedComponent(f"operator {spec['OP']!r}")
                    tokens.append(tuple(test(k, v) for k, v in spec.items() if k != "OP"))
                compiled.append(tuple(tokens))
            writes = []
            for attr, value in attrs.items():
                if attr not in written:
                    raise UnsupportedComponent(f"written attribute {attr!r}")
                writes.append((written.index(attr), int(value)))
            rules.append(_Rule(number, index, tuple(compiled), tuple(writes)))
        return cls(ruler.vocab, rules, tested, written, ruler)

    def __call__(self, doc: Any) -> Any:
        n = len(doc)
        if n == 0 or not self.rules:
            return doc
        values = doc.to_array(self.tested)  # (a list of attributes: always one column each)
        masks: dict[int, numpy.ndarray] = {}  # per test object, for this Doc
        # The values present in each tested column: most rules name one tag or one word, and a
        # rule whose value the Doc lacks is skipped with a set lookup, not an array comparison.
        present = [set(numpy.unique(values[:, c]).tolist()) for c in range(values.shape[1])]
        out: Optional[numpy.ndarray] = None
        # Rules in spaCy's order (by rule number: a later rule overwrites an earlier one's
        # attribute); within a rule every match writes the same values, so at once.
        for rule in self.rules:
            for pattern in rule.patterns:
                width = len(pattern)
                if width == 0 or width > n:
                    continue
                if any(t.kind == "eq" and t.value not in present[t.column] for tests in pattern for t in tests):
                    continue
                hit = numpy.ones(n - width + 1, dtype=bool)
                for k, tests in enumerate(pattern):
                    for t in tests:
                        mask = masks.get(id(t))
                        if mask is None:
                            mask = masks[id(t)] = self._mask(t, values[:, t.column], present[t.column])
                        hit &= mask[k : n - width + 1 + k]
                starts = numpy.flatnonzero(hit)
                if not len(starts):
                    continue
                if out is None:
                    out = doc.to_array(self.written)
                at = starts + (rule.index if rule.index >= 0 else width + rule.index)
                for col, value in rule.writes:
                    out[at, col] = value
        if out is not None:
            doc.from_array(self.written, out)
        return doc

    def _mask(self, t: _Test, column: numpy.ndarray, present: set[int]) -> numpy.ndarray:
        if t.kind == "eq":
            return column == numpy.uint64(t.value)
        if t.kind == "in":
            return numpy.isin(column, t.value)
        if t.kind == "not_in":
            return ~numpy.isin(column, t.value)
        memo = t.memo
        assert memo is not None
        if len(memo) > _REGEX_MEMO_LIMIT:
            memo.clear()
        strings = self.vocab.strings
        ok = []
        for h in present:  # the column's distinct values, read once per Doc in __call__
            answer = memo.get(h)
            if answer is None:
                answer = memo[h] = bool(t.value.search(strings[h] if h else ""))
            if answer:
                ok.append(h)
        return numpy.isin(column, numpy.array(ok, dtype="uint64"))

    # spaCy asks a pipeline component for these when the pipeline is saved or copied.
    def to_bytes(self, **_kwargs: Any) -> bytes:
        raise NotImplementedError("the array attribute rules are made from the model's ruler at load; save the model as spaCy loaded it")


class ArrayLemmatizer:
    """A drop-in for the pipeline's ``lemmatizer`` (same name, same lemmas): spaCy's own
    lemmatizer asked once per (word, part of speech, morphology), its answer kept."""

    # Distinct (word, part of speech, morphology) triples kept; a long-running process starts
    # again past this many (a news vocabulary fills ~20k in 300 articles).
    MEMO_LIMIT = 500_000

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer  # spaCy's component: lemmatizes what the memo lacks
        self.vocab = lemmatizer.vocab
        self.memo: dict[tuple[int, int, int], int] = {}

    @classmethod
    def from_lemmatizer(cls, lemmatizer: Any) -> "ArrayLemmatizer":
        # "rule" reads the word, its part of speech and morphology; "lookup" the word alone.
        # Another mode (a trained or custom lemmatizer) may read anything: keep spaCy's.
        if getattr(lemmatizer, "mode", None) not in ("rule", "lookup") or not hasattr(lemmatizer, "lemmatize"):
            raise UnsupportedComponent(f"lemmatizer mode {getattr(lemmatizer, 'mode', None)!r}")
        return cls(lemmatizer)

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not getattr(self.lemmatizer, "_validated", True):
            return self.lemmatizer(doc)  # the first Doc: spaCy's component checks its tables
        n = len(doc)
        if n == 0:
            return doc
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = values[:, 3].copy()
        overwrite = bool(getattr(self.lemmatizer, "overwrite", False))
        memo, strings, changed = self.memo, self.vocab.strings, False
        if len(memo) > self.MEMO_LIMIT:
            memo.clear()
        for i, (orth, pos, morph, lemma) in enumerate(values.tolist()):
            if lemma and not overwrite:
                continue  # set by the attribute rules already
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
            changed = True
        if changed:
            doc.from_array([LEMMA], lemmas)
        return doc

    def to_bytes(self, **_kwargs: Any) -> bytes:
        raise NotImplementedError("the array lemmatizer wraps the model's own; save the model as spaCy loaded it")


# (pipeline name, factory name, how it is made from spaCy's component)
_REPLACED = (
    ("attribute_ruler", "newsledger_array_attribute_rules", ArrayAttributeRules.from_ruler),
    ("lemmatizer", "newsledger_array_lemmatizer", ArrayLemmatizer.from_lemmatizer),
)


def install(nlp: Any) -> list[str]:
    """Put the array components in place of the pipeline's ``attribute_ruler`` and
    ``lemmatizer`` (same names); returns the names replaced (a component with a feature not
    handled here keeps spaCy's)."""
    from spacy.language import Language

    replaced = []
    for name, factory, made_from in _REPLACED:
        if name not in nlp.pipe_names:
            continue
        original = nlp.get_pipe(name)
        if isinstance(original, (ArrayAttributeRules, ArrayLemmatizer)):
            replaced.append(name)
            continue
        try:
            component = made_from(original)
        except UnsupportedComponent:
            continue
        if not Language.has_factory(factory):
            Language.factory(factory, func=_made_by_install)
        _pending.append(component)
        try:
            nlp.replace_pipe(name, factory)
        finally:
            _pending.clear()
        replaced.append(name)
    return replaced


# The component handed from ``install`` to the factory spaCy calls inside replace_pipe (a
# factory takes only serializable settings, not a compiled component).
_pending: list[Any] = []


def _made_by_install(nlp: Any, name: str) -> Any:
    if not _pending:
        raise ValueError(f"{name} is made by newsledger.stages.array_components.install, from a model's own component")
    return _pending[-1]
