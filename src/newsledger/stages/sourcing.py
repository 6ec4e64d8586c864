"""The sourcing stage: on whose word does each claim rest, and how is it hedged?

Runs last, over the parse and the facts of the earlier stages. In order:

1. hedges and evidentials ("alleged", "reportedly", "so-called", "without evidence",
   "clearly") found with a spaCy ``Matcher`` built once per process from
   ``data/sourcing.yaml``; adjacent hedges make one phrase ("largely unsubstantiated
   allegations");
2. attributions read off the parse: a verb of saying or believing whose subject is an
   anonymous or collective source ("The officials say they believe ...", "critics argue"),
   "according to" + such a source, relays ("CNN, citing unnamed officials, wrote ...",
   "The article cited unnamed US officials"), and claim nouns with their source
   ("the claims of US intelligence agencies that ...");
3. claims: every quote (its speaker classified as named, anonymous or collective; a quote
   whose own words open with an anonymous attribution rests on that source, relayed by the
   speaker), the anonymous and collective attributions no quote covers, the claim nouns,
   and every asserted event outside them (the author's word);
4. each hedge attached to the claim that contains it, else to the nearest claim of its
   sentence, else to a claim of its own (the author's hedged sentence);
5. the per-article profile in ``document.sourcing``.

Which words make a source anonymous or collective is data (``data/sourcing.yaml``), not code.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from newsledger.document import Claim, Document, Hedge, Quote
from newsledger.settings import Settings
from newsledger.stage import stage
from newsledger.knowledge.lexicon import load_yaml, speech_verbs
from newsledger.syntax import children_of, subtree_of, tokens_of

SOURCE_TYPES = ("named", "anonymous", "collective", "document", "unattributed")
QUOTE_CHARS = "\"“”‘’«»„'"
PROPER_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
CLAIM_MODES = frozenset({"asserted", "negated"})  # events that the text states as having happened


# ---------------------------------------------------------------------------------------------
# The lexicon


def lexicon_data(lexicons: Optional[Path] = None) -> dict[str, Any]:
    return load_yaml("sourcing.yaml", lexicons)


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def phrase_pattern(phrase: str) -> list[dict[str, Any]]:
    """A phrase of the lexicon syntax (see the head of data/sourcing.yaml) -> a Matcher pattern."""
    pattern: list[dict[str, Any]] = []
    for piece in phrase.split():
        if piece == "*":
            pattern += [{"IS_PUNCT": False, "OP": "?"}, {"IS_PUNCT": False, "OP": "?"}]
            continue
        optional = piece.startswith("(") and piece.endswith(")")
        if optional:
            piece = piece[1:-1]
        if piece.startswith("@"):
            specs = [{"POS": {"IN": [pos.upper() for pos in piece[1:].split("|")]}}]
        elif piece.startswith("~"):
            lemma, _, pos = piece[1:].partition("/")
            lemma = lemma.lower()
            # spaCy's English lemmas are lower case except for proper nouns ("Allegations" in a headline).
            spec: dict[str, Any] = {"LEMMA": {"IN": sorted({lemma, lemma.capitalize(), lemma.upper()})}}
            if pos:
                spec["POS"] = pos.upper()
            specs = [spec]
        else:
            specs = [{"LOWER": t.lower_} for t in _tokenizer()(piece)]
        if optional:
            for s in specs:
                s["OP"] = "?"
        pattern += specs
    return pattern


def _matcher_patterns(data: dict[str, Any]) -> dict[str, list[list[dict[str, Any]]]]:
    """The lexicon's phrases as Matcher patterns by label, in the order they are added.
    Kept prepared (``knowledge.prepared``), keyed by the phrases and spaCy's version:
    ``phrase_pattern`` tokenizes with a blank English pipeline, and making one costs about
    a tenth of a cold ``newsledger analyze``."""
    from spacy import __version__ as spacy_version

    from newsledger.knowledge.prepared import prepared

    sources = data["sources"]
    phrases = {f"HEDGE_{kind}": list(found) for kind, found in data["hedges"].items()}
    phrases["EXCEPTION"] = list(data["hedge_exceptions"])
    phrases["MARKER"] = list(sources["anonymous_markers"])
    phrases["QUALIFIER"] = list(sources["anonymous_qualifiers"])
    phrases["ATTRIBUTION"] = list(data["attribution_prepositions"])
    key = json.dumps(phrases, ensure_ascii=False)
    return prepared("sourcing-patterns", [key, spacy_version, Path(__file__)],
                    lambda: {label: [phrase_pattern(p) for p in found] for label, found in phrases.items()})


# Operators under which a token pattern takes exactly one token; "?" zero or one.
_ONE_TOKEN_OPS = (None, "1", "!")


class AnchoredMatcher:
    """A spaCy Matcher run only around the tokens its patterns cannot match without.

    The Matcher starts every pattern at every token, so its cost is patterns × tokens: on
    long articles, a tenth of spaCy's own parse time for this lexicon. Every pattern here
    has a token it needs (its *anchor*: the required token with the longest, so rarest,
    words) and a bounded length, so each match lies within ``longest`` tokens of an anchor
    occurrence. The Matcher runs on the disjoint stretches of the document around those
    occurrences (about a quarter of its tokens) and finds exactly the matches it finds on
    the whole document, in the same order: a match cannot leave its stretch, and inside a
    stretch the Matcher sees the same tokens. A pattern without such an anchor (or of
    unbounded length) makes it run on the whole document, as before."""

    def __init__(self, matcher, patterns: list[list[dict[str, Any]]]):
        self.matcher = matcher
        self.anchors: Optional[dict[str, set[str]]] = {"LOWER": set(), "LEMMA": set()}
        self.longest = 0
        self._hashes: Optional[tuple[Any, Any]] = None
        for pattern in patterns:
            anchor = _anchor(pattern)
            if anchor is None or any(spec.get("OP") not in (*_ONE_TOKEN_OPS, "?") for spec in pattern):
                self.anchors = None
                break
            attribute, words = anchor
            self.anchors[attribute].update(words)
            self.longest = max(self.longest, len(pattern))

    def __call__(self, doc, hits: Optional[list[int]] = None) -> list[tuple[int, int, int]]:
        """The matches; ``hits``: the positions of this matcher's anchors, when the caller has them."""
        if self.anchors is None or not len(doc):
            return self.matcher(doc)
        found = []
        for start, end in self._stretches(doc, hits):
            found += [(key, start + s, start + e) for key, s, e in self.matcher(doc[start:end])]
        return found

    def _stretches(self, doc, hits: Optional[list[int]] = None) -> list[tuple[int, int]]:
        if hits is None:
            hits = self._hits(doc)
        stretches: list[tuple[int, int]] = []
        reach = self.longest
        for position in hits:
            start, end = max(0, position - reach + 1), min(len(doc), position + reach)
            if stretches and start <= stretches[-1][1]:
                stretches[-1] = (stretches[-1][0], end)
            else:
                stretches.append((start, end))
        return stretches

    def _hits(self, doc) -> list[int]:
        import numpy
        from spacy.attrs import LEMMA, LOWER

        if self._hashes is None:
            strings = doc.vocab.strings
            self._hashes = tuple(numpy.array(sorted(strings.add(w) for w in self.anchors[a]), dtype="uint64")
                                 for a in ("LOWER", "LEMMA"))
        lower, lemma = self._hashes
        columns = doc.to_array([LOWER, LEMMA])
        return numpy.flatnonzero(numpy.isin(columns[:, 0], lower) | numpy.isin(columns[:, 1], lemma)).tolist()


class MatchersByLabel:
    """One ``AnchoredMatcher`` per label, each run around its own label's anchors only.

    One Matcher for all labels starts every pattern of every label in every stretch that
    any label's anchor opens: patterns × tokens of the union (192 patterns over ~26 % of
    the tokens). Per label, each pattern starts only near its own label's anchors, within
    its own label's longest reach: about a thirteenth of the work on AllSides articles.
    A label's matches are the ones the one Matcher finds for it (the stretch argument of
    ``AnchoredMatcher``, label by label), in the same order; the labels come one after the
    other, in the order they were added. The readers of the matches look at one label at a
    time (``Matches``), so this is all they can tell."""

    def __init__(self, vocab, patterns_by_label: dict[str, list[list[dict[str, Any]]]]):
        from spacy.matcher import Matcher

        self.by_label: list[AnchoredMatcher] = []
        for label, patterns in patterns_by_label.items():
            matcher = Matcher(vocab)
            matcher.add(label, patterns)
            self.by_label.append(AnchoredMatcher(matcher, patterns))
        # Which labels each anchor word opens, by attribute: one pass over a Doc's columns
        # finds every label's anchors (numpy's isin sorts the columns again at each call).
        self._labels_of: dict[str, dict[int, list[int]]] = {"LOWER": {}, "LEMMA": {}}
        self._whole = any(m.anchors is None for m in self.by_label)
        if not self._whole:
            for index, matcher in enumerate(self.by_label):
                for attribute, words in matcher.anchors.items():
                    for word in words:
                        self._labels_of[attribute].setdefault(vocab.strings.add(word), []).append(index)

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        if self._whole or not len(doc):
            return [match for matcher in self.by_label for match in matcher(doc)]
        from spacy.attrs import LEMMA, LOWER

        hits: list[list[int]] = [[] for _ in self.by_label]
        lower_labels, lemma_labels = self._labels_of["LOWER"], self._labels_of["LEMMA"]
        for position, (word, lemma_of) in enumerate(doc.to_array([LOWER, LEMMA]).tolist()):
            if word not in lower_labels and lemma_of not in lemma_labels:
                continue
            for index in (*lower_labels.get(word, ()), *lemma_labels.get(lemma_of, ())):
                if not hits[index] or hits[index][-1] != position:  # an anchor by its word and its lemma
                    hits[index].append(position)
        found: list[tuple[int, int, int]] = []
        for matcher, at in zip(self.by_label, hits):
            if at:
                found += matcher(doc, at)
        return found


def _anchor(pattern: list[dict[str, Any]]) -> Optional[tuple[str, list[str]]]:
    """(attribute, words) of the token a pattern needs whose words are longest (rarer), or None."""
    best = None
    for spec in pattern:
        if spec.get("OP") not in (None, "1"):
            continue
        for attribute in ("LOWER", "LEMMA"):
            value = spec.get(attribute)
            words = [value] if isinstance(value, str) else value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else None
            if words and all(isinstance(w, str) for w in words):
                length = min(len(w) for w in words)
                if best is None or length >= best[0]:
                    best = (length, attribute, list(words))
    return (best[1], best[2]) if best else None


@dataclass
class Lexicon:
    matcher: Any  # MatchersByLabel; labels HEDGE_<kind>, EXCEPTION, MARKER, QUALIFIER, ATTRIBUTION
    kind_priority: list[str]
    modifiers: frozenset[str]
    not_hedging: frozenset[str]
    anonymous_heads: frozenset[str]
    qualified_heads: frozenset[str]
    collective_heads: frozenset[str]
    collective_quantifiers: frozenset[str]
    named_inclusion: frozenset[str]
    people_nouns: frozenset[str]
    institution_heads: frozenset[str]
    document_nouns: frozenset[str]
    undisclosed_heads: frozenset[str]
    speech_verbs: frozenset[str]
    relay_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    outlet_relays: "OutletRelays"


@dataclass(frozen=True)
class OutletRelays:
    """The words by which a named speaker's words reach the article through an outlet
    (sourcing.yaml ``outlet_relays``)."""

    listener_verbs: frozenset[str]
    listener_prepositions: frozenset[str]
    setting_prepositions: frozenset[str]
    setting_nouns: frozenset[str]
    outlet_sectors: frozenset[str]
    outlet_words: frozenset[str]


_LEXICONS: dict[tuple[int, Optional[Path]], tuple[Any, Lexicon]] = {}


def lexicon(vocab, lexicons: Optional[Path] = None) -> Lexicon:
    """The lexicon compiled for a spaCy vocabulary, once per process and lexicon folder."""
    cached = _LEXICONS.get((id(vocab), lexicons))
    if cached is not None and cached[0] is vocab:
        return cached[1]
    data = lexicon_data(lexicons)
    sources = data["sources"]
    matcher = MatchersByLabel(vocab, _matcher_patterns(data))

    def words(items: Iterable[str]) -> frozenset[str]:
        return frozenset(str(w).lower() for w in items)

    lex = Lexicon(
        matcher=matcher,
        kind_priority=list(data["hedge_kind_priority"]),
        modifiers=words(data["hedge_modifiers"]),
        not_hedging=words(data["not_hedging_kinds"]),
        anonymous_heads=words(sources["anonymous_heads"]),
        qualified_heads=words(sources["qualified_heads"]),
        collective_heads=words(sources["collective_heads"]),
        collective_quantifiers=words(sources["collective_quantifiers"]),
        named_inclusion=words(sources["named_inclusion"]),
        people_nouns=words(sources["people_nouns"]),
        institution_heads=words(sources["institution_heads"]),
        document_nouns=words(sources["document_nouns"]),
        undisclosed_heads=words(sources["undisclosed_heads"]),
        speech_verbs=speech_verbs("speech", "belief", "claim", lexicons=lexicons),
        relay_verbs=speech_verbs("relay", lexicons=lexicons),
        claim_nouns=words(data["claim_nouns"]),
        outlet_relays=OutletRelays(**{key: words(values) for key, values in data["outlet_relays"].items()}),
    )
    _LEXICONS[(id(vocab), lexicons)] = (vocab, lex)
    return lex


# ---------------------------------------------------------------------------------------------
# Working types


@dataclass
class Source:
    """Who a claim rests on."""

    type: str  # named | anonymous | collective | unattributed
    actor: Optional[str] = None  # Actor.id
    text: Optional[str] = None  # the words that describe the source


@dataclass
class Attribution:
    """A source with a cue and the words attributed to it, read off the parse."""

    source: Source
    subject: tuple[int, int]  # chars of the source's words
    cue: tuple[int, int]  # chars of the cue ("say", "according to")
    content: tuple[int, int]  # chars of the attributed words
    sentence: tuple[int, int]
    used: bool = False


@dataclass
class Relay:
    """One source passing on another: "CNN, citing unnamed officials, ..."."""

    relayer_actor: Optional[str]
    relayer_text: str
    relayer_is_document: bool  # "The article cited ...": the relayer is the outlet that wrote it
    source: Source
    sentence: tuple[int, int]
    paragraph: int


@dataclass
class WorkingClaim:
    claim: Claim
    hedge_kinds: list[str] = field(default_factory=list)
    sentence: Optional[tuple[int, int]] = None
    origin: str = ""  # quote | attribution | frame | event | hedge
    relay_sentence: Optional[tuple[int, int]] = None  # where the text says whom the claim was passed on from


@dataclass
class Matches:
    """The lexicon's matches over one Doc, by label, as token spans (start, end)."""

    by_label: dict[str, list[tuple[int, int]]]

    def get(self, label: str) -> list[tuple[int, int]]:
        return self.by_label.get(label, [])

    def any_within(self, label: str, start: int, end: int, skip: Optional[tuple[int, int]] = None) -> bool:
        """Is a match of ``label`` inside tokens [start, end), outside the token span ``skip``?"""
        for s, e in self.get(label):
            if s >= start and e <= end and not (skip and s >= skip[0] and e <= skip[1]):
                return True
        return False


def _matches(doc, lex: Lexicon) -> Matches:
    by_label: dict[str, list[tuple[int, int]]] = {}
    strings = doc.vocab.strings
    for match_id, start, end in lex.matcher(doc):
        by_label.setdefault(strings[match_id], []).append((start, end))
    return Matches(by_label)


# ---------------------------------------------------------------------------------------------
# ``Token.sent`` scans the whole document on every call, which costs more than spaCy itself
# on a long article: a table built once per Doc.

_SENTENCES_KEY = "newsledger.stages.sourcing.sentences"


def _sent(token):
    """``token.sent``, from a table built once per Doc."""
    doc = token.doc
    table = doc.user_data.get(_SENTENCES_KEY)
    if table is None:
        spans = list(doc.sents)
        owner = [0] * len(doc)
        for k, span in enumerate(spans):
            for i in range(span.start, span.end):
                owner[i] = k
        table = (spans, owner)
        doc.user_data[_SENTENCES_KEY] = table
    spans, owner = table
    return spans[owner[token.i]]


# ---------------------------------------------------------------------------------------------
# Hedges


def find_hedges(doc, lex: Lexicon, matches: Matches) -> list[Hedge]:
    # An exception covers the words it spans: "as soon as possible" is no hedge at "possible".
    excepted = {i for s, e in matches.get("EXCEPTION") for i in range(s, e)}
    found: list[tuple[int, int, str]] = []
    for label, spans in matches.by_label.items():
        if not label.startswith("HEDGE_"):
            continue
        kind = label[len("HEDGE_") :]
        for s, e in spans:
            if s not in excepted:
                found.append((s, e, kind))
    rank = {k: i for i, k in enumerate(lex.kind_priority)}
    found.sort(key=lambda x: (x[0], -x[1]))
    merged: list[list] = []  # [start, end, kind]
    for s, e, kind in found:
        # Overlapping or touching hedges make one phrase: "unsubstantiated allegations".
        if merged and s <= merged[-1][1] and _sent(doc[s]).start == _sent(doc[merged[-1][0]]).start:
            last = merged[-1]
            last[1] = max(last[1], e)
            if rank.get(kind, 99) < rank.get(last[2], 99):
                last[2] = kind
        else:
            merged.append([s, e, kind])
    hedges = []
    for s, e, kind in merged:
        # A degree adverb that modifies the hedge joins it: "largely unsubstantiated".
        while s > 0 and doc[s - 1].lower_ in lex.modifiers and s <= doc[s - 1].head.i < e:
            s -= 1
        span = doc[s:e]
        hedges.append(Hedge(text=span.text, start=span.start_char, end=span.end_char, kind=kind))
    return hedges


# ---------------------------------------------------------------------------------------------
# Sources


def _lemma(token) -> str:
    return token.lemma_.lower()


def _is_plural(token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or _lemma(token) in ("people",)


def _noun_phrase(head) -> tuple[int, int]:
    """Token span of the phrase a head noun stands for, cut at a comma, dash or bracket after
    the head (the non-restrictive part: ", who made vague assertions")."""
    left, right = head.left_edge.i, head.right_edge.i + 1
    doc = tokens_of(head.doc)  # indexed below: Token objects made once
    for i in range(head.i + 1, right):
        if doc[i].text in {",", "—", "–", "(", ";", ":"} or doc[i].text == "--":
            right = i
            break
    for i in range(head.i - 1, left - 1, -1):
        if doc[i].text in {",", "—", "–", ")", ";", ":"}:
            left = i + 1
            break
    while left < right and (doc[left].text in QUOTE_CHARS or doc[left].is_punct):
        left += 1
    while right > left and (doc[right - 1].text in QUOTE_CHARS or doc[right - 1].is_punct):
        right -= 1
    return left, max(right, left + 1)


# An apostrophe inside or at the end of a word ("O’Rourke", "the Post’s", "the players’"),
# which the quotation marks around a source's words must not take with them.
_APOSTROPHE = re.compile(r"(?<=\w)[’'](?=\w|\s|$)")


def describe(doc, start: int, end: int) -> str:
    """Readable words of a source: quotation marks dropped (apostrophes kept), white space collapsed."""
    text = doc[start:end].text
    kept = {m.start() for m in _APOSTROPHE.finditer(text)}
    text = "".join(ch for i, ch in enumerate(text) if ch not in QUOTE_CHARS or ch == "'" or i in kept)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ,;:")


def _person_name_at(document: Document, token) -> Optional[str]:
    """The id of a person actor named by ``token`` (a name, not a title or pronoun), if any."""
    # By bisection over the document's mentions: this runs for every token of a source's
    # phrase, and a scan of every actor made long articles quadratic.
    for m in document.mentions_overlapping(token.idx, token.idx + 1):
        if m.kind == "name" and m.start <= token.idx < m.end:
            actor = document.actor(m.actor)
            if actor is not None and actor.type == "person":
                return actor.id
    return None


def _is_name(document: Document, token) -> bool:
    return token.ent_type_ == "PERSON" or _person_name_at(document, token) is not None


def _named_inclusion(document: Document, head, lex: Lexicon):
    """A person's name hanging on a generic head through "including", "such as" or an
    appositive: "officials from the ministry, including spokesman Ivan Petrov"."""
    for token in subtree_of(head):
        # A person's mention may begin with its title ("spokesman Ivan Petrov"): the name is
        # the proper noun, not the title word the mention also covers.
        if token.i == head.i or token.pos_ != "PROPN" or not _is_name(document, token):
            continue
        node = token
        while node.i != head.i and node.head.i != node.i:
            if node.dep_ == "appos" and node.head.i == head.i:
                return token
            if node.lower_ in lex.named_inclusion or _lemma(node) in lex.named_inclusion:
                return token
            if node.lower_ == "as" and node.i > 0 and node.doc[node.i - 1].lower_ == "such":
                return token
            node = node.head
    return None


def _actor_for(document: Document, doc, head, span: tuple[int, int]) -> Optional[str]:
    at = document.actor_at(head.idx, head.idx + len(head.text))
    if at is None:
        s, e = doc[span[0] : span[1]].start_char, doc[span[0] : span[1]].end_char
        at = document.actor_at(s, e)
    return at.id if at else None


def classify_source(
    document: Document,
    doc,
    head,
    lex: Lexicon,
    matches: Matches,
    context: Optional[tuple[int, int, Optional[tuple[int, int]]]] = None,
) -> Source:
    """Named, anonymous or collective, from the head noun of the source's words and what
    hangs on it. ``context`` = (start, end, skip) in tokens: where else anonymity markers
    count ("..., who spoke on condition of anonymity"), leaving out the reported words."""
    np = _noun_phrase(head)
    text = describe(doc, *np)
    lemma, lower = _lemma(head), head.lower_
    subtree = (head.left_edge.i, head.right_edge.i + 1)

    included = _named_inclusion(document, head, lex)
    if included is not None:
        actor = _person_name_at(document, included)
        name_span = next((e for e in doc.ents if e.start <= included.i < e.end), doc[included.i : included.i + 1])
        return Source("named", actor or None, describe(doc, name_span.start, name_span.end))
    if _is_name(document, head):
        return Source("named", _actor_for(document, doc, head, np), text)

    def marked() -> bool:
        if matches.any_within("MARKER", *subtree):
            return True
        return bool(context) and matches.any_within("MARKER", context[0], context[1], context[2])

    # "The Palestinian Authority", "the Port Authority": a head noun of anonymous sources that
    # is part of an organisation's name names that organisation.
    in_a_name = head.pos_ == "PROPN" and head.ent_type_ in ("ORG", "FAC", "GPE")
    if (lemma in lex.anonymous_heads or lower in lex.anonymous_heads) and not in_a_name:
        return Source("anonymous", None, text)
    # "Some Republicans", "many Democrats": an unnamed part of a named group.
    if _is_plural(head) and (lemma in lex.people_nouns or head.pos_ == "PROPN" or head.ent_type_ == "NORP") and any(
        c.dep_ in ("det", "amod", "nummod", "quantmod") and c.lower_ in lex.collective_quantifiers for c in children_of(head)
    ):
        return Source("collective", None, text)
    if (head.pos_ == "PROPN" or head.ent_type_ in PROPER_ENTITY_LABELS) and not (
        lemma in lex.qualified_heads or lemma in lex.collective_heads
    ):
        # A name ("CNN", "the Kremlin", "Democrats"): markers elsewhere in the sentence are
        # about somebody else ("CNN, citing unnamed officials, ...").
        return Source("named", _actor_for(document, doc, head, np), text)
    if lemma in lex.qualified_heads or lower in lex.qualified_heads:
        qualified = matches.any_within("QUALIFIER", head.i, subtree[1]) or any(
            c.dep_ == "relcl" for c in children_of(head)
        )
        if qualified or marked():
            return Source("anonymous", None, text)
        return Source("collective", None, text)
    if marked() and head.pos_ != "PRON":
        return Source("anonymous", None, text)
    if lemma in lex.collective_heads or lower in lex.collective_heads:
        return Source("collective", None, text)
    return Source("named", _actor_for(document, doc, head, np), text)


# ---------------------------------------------------------------------------------------------
# Attributions from the parse


def _clause_content(verb, sentence) -> tuple[int, int]:
    """Token span of what a verb of saying reports: its clausal complement, else the sentence
    without the verb's subject."""
    for c in children_of(verb):
        if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX"):
            return c.left_edge.i, c.right_edge.i + 1
    return sentence.start, sentence.end


def _token_span_chars(doc, span: tuple[int, int]) -> tuple[int, int]:
    s = doc[span[0] : span[1]]
    return s.start_char, s.end_char


def _subject_of(token):
    for c in children_of(token):
        if c.dep_ in ("nsubj",):
            return c
    return None


def _nearest_source_noun(sentence, start: int, lex: Lexicon):
    """The first noun after ``start`` in the sentence that is an anonymous or collective head:
    the parse often hangs "unnamed officials" in odd places ("cited, with one exception,
    unnamed officials")."""
    for token in tokens_of(sentence.doc)[sentence.start : sentence.end]:
        if token.i < start or token.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        lemma = _lemma(token)
        if lemma in lex.anonymous_heads or lemma in lex.qualified_heads or lemma in lex.collective_heads:
            return token
    return None


def find_attributions(document: Document, doc, lex: Lexicon, matches: Matches) -> list[Attribution]:
    """Verbs of saying and believing, and "according to", whose source is anonymous or collective."""
    out: list[Attribution] = []
    for token in tokens_of(doc):
        if token.pos_ not in ("VERB", "AUX") or _lemma(token) not in lex.speech_verbs:
            continue
        subject = _subject_of(token)
        if subject is None or subject.pos_ == "PRON" and subject.lower_ not in lex.collective_heads:
            continue
        sentence = _sent(token)
        content = _clause_content(token, sentence)
        skip = content if content != (sentence.start, sentence.end) else None
        source = classify_source(document, doc, subject, lex, matches, (sentence.start, sentence.end, skip))
        if source.type not in ("anonymous", "collective"):
            continue
        np = _noun_phrase(subject)
        if content == (sentence.start, sentence.end):
            # No complement in the parse ("..., officials said."): the sentence minus the frame.
            frame = (min(np[0], token.i), max(np[1], token.i + 1))
            content = (sentence.start, frame[0]) if frame[0] - sentence.start >= sentence.end - frame[1] else (frame[1], sentence.end)
        content = _trim_punct(doc, content)
        if sum(1 for t in tokens_of(doc)[content[0] : content[1]] if t.is_alpha) < 2:
            continue
        out.append(
            Attribution(
                source=source,
                subject=_token_span_chars(doc, np),
                cue=(token.idx, token.idx + len(token.text)),
                content=_token_span_chars(doc, content),
                sentence=(sentence.start_char, sentence.end_char),
            )
        )
    for s, e in matches.get("ATTRIBUTION"):
        sentence = _sent(doc[s])
        last = doc[e - 1]
        objects = [c for c in children_of(last) if c.dep_ in ("pobj", "dobj")]
        head = objects[0] if objects else _nearest_source_noun(sentence, e, lex)
        if head is None or head.i >= sentence.end:
            continue
        np = _noun_phrase(head)
        source = classify_source(document, doc, head, lex, matches, None)
        if source.type not in ("anonymous", "collective"):
            continue
        phrase = (s, max(np[1], e))
        # The attributed words: the rest of the sentence on the longer side of the phrase.
        before = (sentence.start, phrase[0])
        after = (phrase[1], sentence.end)
        content = before if before[1] - before[0] >= after[1] - after[0] else after
        content = _trim_punct(doc, content)
        if sum(1 for t in tokens_of(doc)[content[0] : content[1]] if t.is_alpha) < 2:
            continue
        out.append(
            Attribution(
                source=source,
                subject=_token_span_chars(doc, np),
                cue=_token_span_chars(doc, (s, e)),
                content=_token_span_chars(doc, content),
                sentence=(sentence.start_char, sentence.end_char),
            )
        )
    return out


def _trim_punct(doc, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    while s < e and doc[s].is_punct:
        s += 1
    while e > s and doc[e - 1].is_punct:
        e -= 1
    return s, e


def find_relays(document: Document, doc, lex: Lexicon, matches: Matches, paragraphs: list[int]) -> list[Relay]:
    """"X cited/quoted Y", "X, citing Y, ..." : X passes on what Y said."""
    out: list[Relay] = []
    for token in tokens_of(doc):
        if _lemma(token) not in lex.relay_verbs or token.pos_ not in ("VERB",):
            continue
        relayer = _subject_of(token)
        if relayer is None and token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
            relayer = token.head  # "The Post, quoting people familiar with the matter, said ..."
        elif relayer is None and token.dep_ in ("advcl", "xcomp", "conj"):
            relayer = _subject_of(token.head)
        if relayer is None:
            continue
        sentence = _sent(token)
        objects = [c for c in children_of(token) if c.dep_ in ("dobj", "pobj")]
        cited = objects[0] if objects else None
        if cited is None or cited.pos_ == "PRON":
            cited = _nearest_source_noun(sentence, token.i + 1, lex)
        if cited is None:
            continue
        source = classify_source(document, doc, cited, lex, matches, None)
        rel_np = _noun_phrase(relayer)
        rel_chars = _token_span_chars(doc, rel_np)
        is_document = _lemma(relayer) in lex.document_nouns and relayer.pos_ != "PROPN"
        actor = None if is_document else _actor_for(document, doc, relayer, rel_np)
        out.append(
            Relay(
                relayer_actor=actor,
                relayer_text=describe(doc, *rel_np),
                relayer_is_document=is_document,
                source=source,
                sentence=(sentence.start_char, sentence.end_char),
                paragraph=_paragraph_of(paragraphs, rel_chars[0]),
            )
        )
    return out


def find_claim_frames(document: Document, doc, lex: Lexicon, matches: Matches) -> list[tuple[Source, tuple[int, int], tuple[int, int]]]:
    """"the claims of US intelligence agencies ... that X", "Moscow's assertion that X":
    (source, content chars, sentence chars). Without a "that"-clause there is no claim to audit;
    without a source the claim is the author's report of an anonymous charge (unattributed)."""
    out = []
    for token in tokens_of(doc):
        if token.pos_ != "NOUN" or _lemma(token) not in lex.claim_nouns:
            continue
        sentence = _sent(token)
        # The "that" of the claim's clause, a few words on, whatever the parse hung it on
        # ("the claims of X—asserted without evidence—that ..."); the main verb of the
        # sentence coming first means the "that" belongs to something else.
        that = None
        for t in tokens_of(doc)[token.i + 1 : min(sentence.end, token.i + 14)]:
            if t.lower_ == "that" and t.dep_ == "mark" and t.head.i > token.i:
                that = t
                break
            if t.text == ";" or (t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN"):
                break
        if that is None:
            continue
        content = _trim_punct(doc, (that.i + 1, max(that.head.right_edge.i + 1, that.i + 2)))
        agent = None
        for c in children_of(token):
            if c.dep_ == "poss":
                agent = c
            elif c.dep_ == "prep" and c.lower_ in ("of", "by", "from"):
                objs = [g for g in children_of(c) if g.dep_ == "pobj"]
                if objs and _is_agent(document, doc, objs[0], lex):
                    agent = objs[0]
        if agent is not None and (agent.pos_ != "PRON" or agent.lower_ not in ("its", "their", "his", "her")):
            source = classify_source(document, doc, agent, lex, matches, None)
        elif agent is not None:
            actor = _actor_for(document, doc, agent, (agent.i, agent.i + 1))
            source = Source("named", actor, agent.text) if actor else Source("unattributed")
        else:
            source = Source("unattributed")
        out.append((source, _token_span_chars(doc, content), (sentence.start_char, sentence.end_char)))
    return out


def _is_agent(document: Document, doc, token, lex: Lexicon) -> bool:
    """Can this noun say something? A name, an actor, a source noun — not "fraud" or "interference"."""
    lemma = _lemma(token)
    if token.pos_ in ("PROPN", "PRON") or token.ent_type_ in PROPER_ENTITY_LABELS:
        return True
    if lemma in lex.anonymous_heads or lemma in lex.qualified_heads or lemma in lex.collective_heads:
        return True
    if lemma in lex.institution_heads:
        return True
    np = _noun_phrase(token)
    s, e = _token_span_chars(doc, np)
    return document.actor_at(token.idx, token.idx + len(token.text)) is not None or (
        document.actor_at(s, e) is not None and token.tag_ == "NNS"
    )


# ---------------------------------------------------------------------------------------------
# Claims


def _paragraph_of(starts: list[int], char: int) -> int:
    """The paragraph index of ``char`` among paragraph ``starts`` (the text layer's)."""
    return max(0, bisect.bisect_right(starts, char) - 1)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _dice(a: tuple[int, int], b: tuple[int, int]) -> float:
    total = (a[1] - a[0]) + (b[1] - b[0])
    return 2 * _overlap(a, b) / total if total else 0.0


def _sentence_chars(doc, start: int, end: int) -> tuple[int, int]:
    span = doc.char_span(start, max(end, start + 1), alignment_mode="expand")
    if span is None or len(span) == 0:
        return start, end
    first, last = _sent(span[0]), _sent(span[-1])
    return first.start_char, last.end_char


def _quote_source(document: Document, doc, quote: Quote, lex: Lexicon, matches: Matches, earlier: list[WorkingClaim], paragraphs: list[int]) -> Source:
    """The source of a quote's claim. Every source is an actor now, so the type follows the
    speaker actor: a named actor is a named source, a document a document; for an unnamed
    person or group the words decide between anonymous ("officials familiar with the talks")
    and collective ("critics")."""
    source = _source_from_words(document, doc, quote, lex, matches, earlier, paragraphs)
    actor = document.actor(quote.speaker)
    if actor is None:
        return source
    if source.type in ("anonymous", "collective"):
        # The words are the finer judge ("citing two sources", "who asked not to be named").
        return Source(source.type, source.actor or (actor.id if not actor.named else None), source.text)
    if actor.type == "document" and not actor.named:
        return Source("document", actor.id, source.text or actor.name)
    if not actor.named:
        # The speaker's words were a pronoun or a role: judge the unnamed actor by its own
        # first mention ("Officials met … They said" → the officials, anonymous).
        first = doc.char_span(actor.mentions[0].start, actor.mentions[0].end, alignment_mode="expand") if actor.mentions else None
        if first is not None and len(first):
            own = classify_source(document, doc, first.root, lex, matches, None)
            if own.type in ("anonymous", "collective"):
                return Source(own.type, actor.id, own.text)
            # A writer the article never names is no named source: "the author wrote" of an
            # anonymous op-ed is an anonymous one (read as named, it made the op-ed's sentences
            # "named in one outlet, anonymous in another").
            if _lemma(first.root) in lex.undisclosed_heads:
                return Source("anonymous", actor.id, own.text)
    if source.type in ("named", "unattributed"):
        return Source("named", actor.id, source.text or actor.name)
    return source


def _source_from_words(document: Document, doc, quote: Quote, lex: Lexicon, matches: Matches, earlier: list[WorkingClaim], paragraphs: list[int]) -> Source:
    actor = document.actor(quote.speaker)
    span_chars = (quote.speaker_span.start, quote.speaker_span.end) if quote.speaker_span else None
    if span_chars:
        span = doc.char_span(span_chars[0], span_chars[1], alignment_mode="expand")
        if span is not None and len(span):
            head = span.root
            if head.pos_ in ("VERB", "AUX"):
                nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN", "PRON")]
                head = nouns[-1] if nouns else head
            quote_tokens = doc.char_span(quote.start, quote.end, alignment_mode="expand")
            skip = (quote_tokens.start, quote_tokens.end) if quote_tokens is not None else None
            sent_first, sent_last = _sent(span[0]), _sent(span[-1])
            source = classify_source(document, doc, head, lex, matches, (sent_first.start, sent_last.end, skip))
            if source.type == "named":
                if head.pos_ == "PRON" and actor is None and head.lower_ in ("they", "them"):
                    # "They said ...": the unnamed group the text was just talking about.
                    previous = _antecedent_source(earlier, paragraphs, span_chars[0]) or _antecedent_subject(
                        document, doc, head, lex, matches
                    )
                    if previous is not None:
                        return previous
                if actor is not None and source.actor is None:
                    source.actor = actor.id
                if head.pos_ == "PRON" and actor is not None:
                    source.text = actor.name
            return source
    if actor is not None:
        return Source("named", actor.id, quote.speaker_name or actor.name)
    if quote.speaker_name:
        return Source("named", None, quote.speaker_name)
    return Source("unattributed")


def _antecedent_source(earlier: list[WorkingClaim], paragraphs: list[int], char: int) -> Optional[Source]:
    here = _paragraph_of(paragraphs, char)
    for wc in reversed(earlier):
        c = wc.claim
        if c.start >= char or here - _paragraph_of(paragraphs, c.start) > 1:
            continue
        if c.source_type in ("anonymous", "collective"):
            return Source(c.source_type, None, c.source_text)
        return None
    return None


def _antecedent_subject(document: Document, doc, pronoun, lex: Lexicon, matches: Matches) -> Optional[Source]:
    """"Officials met on Monday. They said ...": the plural subject of the sentence before, when
    it is an anonymous or collective source."""
    sentence = _sent(pronoun)
    if sentence.start == 0:
        return None
    previous = _sent(doc[sentence.start - 1])
    for token in previous:
        if token.dep_ in ("nsubj", "nsubjpass") and _is_plural(token):
            source = classify_source(document, doc, token, lex, matches, None)
            return source if source.type in ("anonymous", "collective") else None
    return None


def _claim(text: str, span: tuple[int, int], source: Source, via: Optional[str] = None) -> Claim:
    return Claim(
        text=text[span[0] : span[1]],
        start=span[0],
        end=span[1],
        source_type=source.type,
        # The actor the claim rests on, named or not (an unnamed source links to its claims).
        source=source.actor if source.type != "unattributed" else None,
        source_text=source.text,
        via=via,
    )


def _via(document: Document, quote: Quote) -> Optional[str]:
    if quote.speaker:
        return quote.speaker
    if quote.speaker_name:
        return quote.speaker_name
    return quote.speaker_span.text if quote.speaker_span else None


def outlet_relay(document: Document, doc, quote: Quote, lex: Lexicon) -> Optional[str]:
    """The outlet a named speaker's quote came through, its actor id (or its words): "told
    Fox News", "said in an interview with CNN", "told CNN's Anderson Cooper", "according to
    Reuters"; None when there is none, or it is the article's own ("told Reuters" in Reuters)."""
    relays = lex.outlet_relays
    found = None
    if quote.cue is not None:
        cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
        verb = next((t for t in cue if t.pos_ in ("VERB", "AUX") and _lemma(t) in relays.listener_verbs), None) if cue is not None else None
        if verb is not None:
            found = _listener_outlet(document, verb, relays)
    if found is None:
        found = _according_to_outlet(document, doc, quote, relays)
    if found is None or found == quote.speaker or _own_outlet(document, found):
        return None
    return found


def _listener_outlet(document: Document, verb, relays: OutletRelays) -> Optional[str]:
    for child in children_of(verb):
        if child.dep_ in ("dobj", "dative", "iobj", "obj"):
            found = _outlet_at(document, child, relays)  # "told Fox News", "told CNN's Anderson Cooper"
        elif child.dep_ == "prep" and child.lower_ in relays.listener_prepositions | relays.setting_prepositions:
            found = None
            for pobj in children_of(child):
                if pobj.dep_ != "pobj":
                    continue
                if child.lower_ in relays.listener_prepositions or child.lower_ in ("in",):
                    found = found or _outlet_at(document, pobj, relays)  # "spoke to the Times", "wrote in the Post"
                if _lemma(pobj) in relays.setting_nouns:
                    found = found or _setting_outlet(document, pobj, relays)  # "in an interview with CNN"
        else:
            continue
        if found is not None:
            return found
    return None


def _setting_outlet(document: Document, noun, relays: OutletRelays) -> Optional[str]:
    """The outlet of "an interview with CNN", "an appearance on Fox News", "a CNN interview"."""
    for child in children_of(noun):
        if child.dep_ in ("poss", "compound", "nmod"):
            found = _outlet_at(document, child, relays)
        elif child.dep_ == "prep" and child.lower_ in relays.listener_prepositions:
            found = next((o for o in (_outlet_at(document, p, relays) for p in children_of(child) if p.dep_ == "pobj") if o), None)
        else:
            continue
        if found is not None:
            return found
    return None


def _according_to_outlet(document: Document, doc, quote: Quote, relays: OutletRelays) -> Optional[str]:
    """"according to Reuters" in the quote's sentence, beside a named speaker; not inside the
    quoted words ("And this person instead, according to the New York Times, chose not only
    to stay," Pompeo said: his words, not the Times' relay of them). A reported clause is
    the outlet's words: its "according to Reuters" is the outlet's attribution."""
    start, end = _sentence_chars(doc, quote.start, quote.end)
    span = doc.char_span(start, end, alignment_mode="expand")
    for token in span if span is not None else ():
        quoted = quote.kind != "indirect" and quote.start <= token.idx < quote.end
        if token.lower_ == "according" and not quoted:
            for to in children_of(token):
                if to.lower_ == "to":
                    found = next((o for o in (_outlet_at(document, p, relays) for p in children_of(to) if p.dep_ == "pobj") if o), None)
                    if found is not None:
                        return found
    return None


def _outlet_at(document: Document, token, relays: OutletRelays) -> Optional[str]:
    """The outlet ``token`` names, or names through its possessor ("CNN's Anderson Cooper",
    "NBC's Today show"): an actor of a media sector, else a proper name ending in an outlet word."""
    for candidate in (token, *(c for c in children_of(token) if c.dep_ in ("poss", "compound"))):
        actor = document.actor_at(candidate.idx, candidate.idx + len(candidate.text))
        if actor is not None and (actor.sector or "").lower() in relays.outlet_sectors:
            return actor.id
        if candidate.pos_ == "PROPN" and candidate.lower_ in relays.outlet_words and candidate.i > 0 and tokens_of(candidate.doc)[candidate.i - 1].pos_ in ("PROPN", "DET"):
            return actor.id if actor is not None else describe(candidate.doc, *_noun_phrase(candidate))
    return None


def _own_outlet(document: Document, outlet: str) -> bool:
    """The outlet is the article's own: "told Reuters" in a Reuters article is no relay."""
    source = document.article.source
    if not source:
        return False
    actor = document.actor(outlet)
    names = [outlet.replace("-", " ")] + ([actor.name] if actor is not None else [])
    own = set(_outlet_name_words(source))
    return any((found := set(_outlet_name_words(name))) and (found <= own or own <= found) for name in names)


def _outlet_name_words(name: str) -> list[str]:
    return [w for w in re.findall(r"\w+", name.lower()) if w != "the"]


def build_claims(document: Document, doc, lex: Lexicon, matches: Matches, paragraphs: list[int]) -> list[WorkingClaim]:
    text = document.text
    attributions = find_attributions(document, doc, lex, matches)
    claims: list[WorkingClaim] = []

    for quote in sorted(document.quotes, key=lambda q: q.start):
        if quote.kind == "stance":
            continue  # "endorsed Cruz": a stance on something, not a claim
        qspan = (quote.start, quote.end)
        source = _quote_source(document, doc, quote, lex, matches, claims, paragraphs)
        via = None
        for a in attributions:
            if a.used:
                continue
            inside = qspan[0] <= a.cue[0] and a.cue[1] <= qspan[1]
            if inside and _overlap(a.sentence, qspan) >= 0.5 * (qspan[1] - qspan[0]):
                # The quote's own words open with "The officials say ...": it rests on them,
                # and the speaker relays it.
                if source.type == "named" or source.type == "unattributed":
                    via = _via(document, quote)
                    source = a.source
                a.used = True
            elif not inside and (
                (quote.speaker_span and _overlap(a.subject, (quote.speaker_span.start, quote.speaker_span.end)))
                or _dice(a.content, qspan) >= 0.5
                or (qspan[0] <= a.content[0] and a.content[1] <= qspan[1])
                or (a.content[0] <= qspan[0] and qspan[1] <= a.content[1] and a.cue[1] <= qspan[0] + 2 and a.cue[0] >= qspan[0] - 80)
            ):
                if source.type == "unattributed":
                    source = a.source
                a.used = True
        if via is None and source.type == "named":
            via = outlet_relay(document, doc, quote, lex)
        claims.append(WorkingClaim(_claim(text, qspan, source, via), sentence=_sentence_chars(doc, *qspan), origin="quote"))

    for a in attributions:
        if a.used:
            continue
        if any(_dice(a.content, (c.claim.start, c.claim.end)) >= 0.5 for c in claims):
            continue
        via = None
        for q in document.quotes:
            if q.start <= a.cue[0] and a.cue[1] <= q.end:
                via = _via(document, q)
        claims.append(WorkingClaim(_claim(text, a.content, a.source, via), sentence=a.sentence, origin="attribution"))

    for source, content, sentence in find_claim_frames(document, doc, lex, matches):
        if content[1] <= content[0]:
            continue
        if any(
            (c.claim.start <= content[0] and content[1] <= c.claim.end) or _dice(content, (c.claim.start, c.claim.end)) >= 0.5
            for c in claims
        ):
            continue
        claims.append(WorkingClaim(_claim(text, content, source), sentence=sentence, origin="frame"))

    _apply_relays(document, doc, lex, matches, claims, paragraphs)

    covered = [(c.claim.start, c.claim.end) for c in claims]
    seen_events: set[tuple[int, int]] = set()
    for event in sorted(document.events, key=lambda e: (e.start, e.end)):
        span = (event.start, event.end)
        if event.mode not in CLAIM_MODES or span in seen_events or span[1] <= span[0]:
            continue
        seen_events.add(span)
        if any(_overlap(span, c) >= 0.5 * (span[1] - span[0]) for c in covered):
            continue
        if event.claimed_by:
            actor = document.actor(event.claimed_by)
            source = Source("named", event.claimed_by, actor.name if actor else None)
        else:
            source = Source("unattributed")
        claims.append(WorkingClaim(_claim(text, span, source), sentence=_sentence_chars(doc, *span), origin="event"))
    claims.sort(key=lambda c: (c.claim.start, c.claim.end))
    return claims


def _apply_relays(document: Document, doc, lex: Lexicon, matches: Matches, claims: list[WorkingClaim], paragraphs: list[int]) -> None:
    for relay in find_relays(document, doc, lex, matches, paragraphs):
        relayer_actor, relayer_text = relay.relayer_actor, relay.relayer_text
        if relay.relayer_is_document:
            # "The article cited ...": the outlet whose words the text quoted last.
            before = [
                c
                for c in claims
                if c.claim.source_type == "named"
                and c.claim.start < relay.sentence[0]
                and relay.paragraph - _paragraph_of(paragraphs, c.claim.start) <= 1
            ]
            in_sentence = [c for c in claims if c.claim.source_text and c.claim.source_text.lower() == relayer_text.lower()
                           and _overlap((c.claim.start, c.claim.end), relay.sentence) > 0]
            if before and not in_sentence:
                last = max(before, key=lambda c: c.claim.start)
                relayer_actor, relayer_text = last.claim.source, last.claim.source_text or relayer_text
        for wc in claims:
            c = wc.claim
            if c.source_type != "named" or c.via is not None:
                continue
            same_sentence = _overlap((c.start, c.end), relay.sentence) > 0 or (
                wc.sentence is not None and _overlap(wc.sentence, relay.sentence) > 0
            )
            same_paragraph = _paragraph_of(paragraphs, c.start) == relay.paragraph
            by_relayer = (relayer_actor is not None and c.source == relayer_actor) or (
                relayer_actor is None and c.source_text and c.source_text.lower() == relayer_text.lower()
            )
            if by_relayer and (same_sentence or same_paragraph):
                c.source_type = relay.source.type
                c.source = relay.source.actor if relay.source.type == "named" else None
                c.source_text = relay.source.text
                c.via = relayer_actor or relayer_text
                wc.relay_sentence = relay.sentence


def attach_hedges(document: Document, doc, hedges: list[Hedge], claims: list[WorkingClaim]) -> None:
    text = document.text
    for hedge in hedges:
        hspan = (hedge.start, hedge.end)
        containing = [c for c in claims if c.claim.start <= hspan[0] and hspan[1] <= c.claim.end]
        sentence = _sentence_chars(doc, *hspan)
        relayed = [c for c in claims if c.relay_sentence and _overlap(c.relay_sentence, sentence) > 0]
        reported = [c for c in containing if c.origin in ("quote", "attribution")]
        if reported or (containing and not relayed):
            target = min(reported or containing, key=lambda c: c.claim.end - c.claim.start)
        elif relayed:
            # "cited unnamed officials, whose assertions were devoid of substantiation": the
            # hedge is about what those sources said, the claims passed on from them.
            for wc in relayed:
                wc.claim.hedges.append(hedge.text)
                wc.hedge_kinds.append(hedge.kind)
            continue
        else:
            near = [
                c
                for c in claims
                if _overlap((c.claim.start, c.claim.end), sentence) > 0
                or (c.sentence is not None and _overlap(c.sentence, sentence) > 0)
            ]
            if near:
                target = min(near, key=lambda c: _distance((c.claim.start, c.claim.end), hspan))
            else:
                # A hedge with no claim around it hedges the writer's own sentence.
                target = WorkingClaim(_claim(text, sentence, Source("unattributed")), sentence=sentence, origin="hedge")
                claims.append(target)
        target.claim.hedges.append(hedge.text)
        target.hedge_kinds.append(hedge.kind)
    claims.sort(key=lambda c: (c.claim.start, c.claim.end))


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if _overlap(a, b):
        return 0
    return b[0] - a[1] if a[1] <= b[0] else a[0] - b[1]


def profile(claims: list[WorkingClaim], not_hedging: frozenset[str]) -> dict[str, Any]:
    """Counts and shares of claims by source type, hedged claims (a booster does not hedge),
    and the anonymous sources in order of first use."""
    counts = {t: 0 for t in SOURCE_TYPES}
    hedged = 0
    anonymous_sources: list[str] = []
    seen: set[str] = set()
    for wc in claims:
        c = wc.claim
        counts[c.source_type] = counts.get(c.source_type, 0) + 1
        if any(k not in not_hedging for k in wc.hedge_kinds):
            hedged += 1
        if c.source_type == "anonymous" and c.source_text:
            key = c.source_text.lower()
            if key not in seen:
                seen.add(key)
                anonymous_sources.append(c.source_text)
    total = len(claims)
    shares = {t: round(counts[t] / total, 3) if total else 0.0 for t in SOURCE_TYPES}
    shares["hedged"] = round(hedged / total, 3) if total else 0.0
    return {**counts, "hedged": hedged, "total": total, "shares": shares, "anonymous_sources": anonymous_sources}


def run(document: Document, settings: Settings) -> None:
    """Fill ``document.hedges``, ``document.claims`` and ``document.sourcing``."""
    doc = document.doc
    if doc is None or len(doc) == 0:
        document.sourcing = profile([], frozenset())
        return
    lex = lexicon(doc.vocab, settings.lexicons)
    try:
        matches = _matches(doc, lex)
        paragraphs = document.layer.paragraph_starts
        hedges = find_hedges(doc, lex, matches)
        claims = build_claims(document, doc, lex, matches, paragraphs)
        attach_hedges(document, doc, hedges, claims)
    finally:
        doc.user_data.pop(_SENTENCES_KEY, None)
    document.hedges = hedges
    document.claims = [wc.claim for wc in claims]
    document.sourcing = profile(claims, lex.not_hedging)


STAGE = stage("sourcing", requires=("doc", "actors", "quotes", "events"), assigns=("claims", "hedges", "sourcing"))(run)
