"""The events stage: who did what to whom, coded in PLOVER with the nearest CAMEO code.

Over the dependency parse, each verb (and each event noun such as "talks", "an agreement",
"sanctions", "allegations") is looked up by lemma in the pattern index built once per process
from ``data/events/``: the patterns converted from PETRARCH2's CAMEO verb dictionary
(``cameo_verbs.jsonl``, by ``scripts/convert_cameo_verbs.py``) and the hand-written ones
(``hand_patterns.yaml``). The most specific pattern whose words occur around the verb wins:
its CAMEO code gives the event, the CAMEO→PLOVER table its PLOVER type. Source and target come
from the subject and object (swapped in passives, "by X" as agent), each resolved to an actor
through ``Document.actor_at``; coordinated actors give one event each. Negation ("did not",
"no agreement", "refused to") and modality ("will", "may", "plans to", "threatened to") come
from ``data/events/coder.yaml``. An event inside a quote is claimed by the quote's speaker.

A converted pattern codes only when both a source and a target actor are found (PETRARCH's own
rule); a hand-written one codes with one. A few discourse rules fill what a sentence leaves
implicit: "there was no agreement" takes the pair of the talks just reported, "called the
meeting disgraceful" targets who held the meeting, a bare denial answers the last accusation
against the denier.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from newsledger.document import Actor, Document, Event
from newsledger.settings import Settings
from newsledger.stage import stage
from newsledger.knowledge.lexicon import load_yaml, read_text
from newsledger.knowledge.nominals import nominals
from newsledger.syntax import children_of, subtree_of, tokens_of

# A pattern element is a tuple of alternatives; an alternative, a tuple of words each given as the
# set of forms it may take in the text (form or lemma of a token).
Word = frozenset[str]
Alternative = tuple[Word, ...]
Element = tuple[Alternative, ...]


def _forms(word: str) -> Word:
    """The forms a dictionary word accepts: itself and its singular ("talks" → "talk")."""
    word = word.lower()
    forms = {word}
    if len(word) > 3 and word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if len(word) > 3 and word.endswith("es"):
        forms.add(word[:-2])
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
    return frozenset(forms)


def _element(alternatives: Iterable[Iterable[str] | str]) -> Element:
    out = []
    for alt in alternatives:
        # a word given with a space ("did n't", a synset member) is the words of its tokens
        words = alt.split() if isinstance(alt, str) else [w for part in alt for w in str(part).split()]
        out.append(tuple(_forms(w) for w in words))
    return tuple(out)


@dataclass(frozen=True)
class Prep:
    preps: frozenset[str]  # empty: any preposition
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Pattern:
    """One way a verb or noun signals an event, with the CAMEO code and PLOVER type it gives."""

    id: str
    cameo: Optional[str]  # None: the words signal no event (they block the verb's default)
    type: Optional[str]
    plover_mode: str = ""
    subject: tuple[Element, ...] = ()
    object: tuple[Element, ...] = ()
    preps: tuple[Prep, ...] = ()
    reverse: bool = False  # the event runs from the object to the subject ("faced criticism")
    light: Optional[frozenset[str]] = None  # nouns: the verbs that may govern them ("hold talks")
    target_preps: tuple[str, ...] = ()  # nouns: prepositions that introduce the other party
    near: tuple[Word, ...] = ()  # nouns: the other words of a compound ("press" of "press conference")
    bare: bool = True  # nouns: may code without a light verb ("the meeting between X and Y")
    needs_target: bool = False  # codes only with a target ("warned Iran", not "warned that …")
    compound: bool = False  # PETRARCH's "%": the subject must be a compound ("A and B agree"), coded between them
    # PETRARCH's "+ * MONEY $": the subject is the target, the phrase after the verb the source
    # (a passive verb already reads so: "+ BEEN * BY $" is not turned round again)
    subject_is_target: bool = False
    hand: bool = False
    # nouns: prepositions that introduce who does it ("at the behest of X"), and whether the
    # clause the noun's phrase hangs on is the event's target ("the Queen acted at X's request")
    source_preps: tuple[str, ...] = ()
    clause_is_target: bool = False
    # nouns: the subject of the clause an "in" phrase of the noun hangs on does it ("farmers
    # blocked roads in protest against the law")
    clause_is_source: bool = False

    @cached_property
    def anchor(self) -> frozenset[str]:
        """Words of which at least one must be near the verb for the pattern to match: a cheap
        test that skips most patterns before the full one."""
        for element in self.subject + self.object:
            return frozenset(form for alt in element for form in alt[0])
        for prep in self.preps:
            if prep.elements:
                return frozenset(form for alt in prep.elements[0] for form in alt[0])
            if prep.preps:
                return prep.preps
        return frozenset()

    @property
    def size(self) -> int:
        n = sum(len(e[0]) for e in self.subject + self.object)
        n += sum(1 + sum(len(e[0]) for e in p.elements) for p in self.preps)
        return n


class BlockPatterns(list):
    """The patterns of a dictionary block, one list shared by all the verbs of the block,
    with their anchor index built once for all of them: per verb, the same index was
    rebuilt for each of the block's verbs, the top cost of the stage's first articles."""

    @cached_property
    def by_anchor(self) -> tuple[dict[str, list[tuple[int, Pattern]]], list[tuple[int, Pattern]]]:
        index: dict[str, list[tuple[int, Pattern]]] = {}
        free: list[tuple[int, Pattern]] = []
        for i, p in enumerate(self):
            if not p.anchor:
                free.append((i, p))
            for word in p.anchor:
                index.setdefault(word, []).append((i, p))
        return index, free


@dataclass
class VerbEntry:
    """A verb of a dictionary block: its extra words ("meet with"), default code and patterns."""

    words: tuple[Word, ...]
    default: Optional[Pattern]
    patterns: list[Pattern]
    hand: bool = False
    # words that come just before the verb, in this order ("wire tap": PETRARCH's "WIRE_+TAP")
    before: tuple[Word, ...] = ()

    def fits(self, verb) -> bool:
        """The verb's text has the entry's words just before it."""
        if not self.before:
            return True
        start = verb.i - len(self.before)
        if start < verb.sent.start:
            return False
        doc = verb.doc
        return all(word & {doc[start + k].lower_, doc[start + k].lemma_.lower()} for k, word in enumerate(self.before))

    @cached_property
    def by_anchor(self) -> tuple[dict[str, list[tuple[int, Pattern]]], list[tuple[int, Pattern]]]:
        """The patterns indexed by their anchor words, and those with no anchor."""
        patterns = self.patterns if isinstance(self.patterns, BlockPatterns) else BlockPatterns(self.patterns)
        return patterns.by_anchor

    def candidates(self, ctx: "Context") -> list[Pattern]:
        """The patterns that may match, in their order in the data (which breaks ties)."""
        index, free = self.by_anchor
        found = dict(free)
        for key in ctx.all_keys:
            found.update(index.get(key, ()))
        return [found[i] for i in sorted(found)]


def _coder_words(key: str) -> cached_property:
    """A Lexicon property: coder.yaml's list ``key`` as a frozenset, made on first use."""
    return cached_property(lambda self: frozenset(self.coder.get(key) or ()))


@dataclass
class Lexicon:
    verbs: dict[str, list[VerbEntry]] = field(default_factory=dict)
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    coder: dict[str, Any] = field(default_factory=dict)
    types: dict[str, tuple[str, str]] = field(default_factory=dict)  # cameo -> (PLOVER type, mode)
    contexts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # cameo -> PLOVER contexts
    demand_pattern: Optional[Pattern] = None  # "X said Y should …" (coder.yaml ``demand``)
    blame_pattern: Optional[Pattern] = None  # "X said Y was behind it" (coder.yaml ``blame``)
    # "X said Y's plan is illegal" / "… was justified" (coder.yaml ``disapproval``, ``approval``)
    judgement_patterns: dict[str, Pattern] = field(default_factory=dict)

    # coder.yaml word lists the parse walks test for every token, as sets made once
    instrument_nouns = _coder_words("instrument_nouns")
    non_target_preps = _coder_words("non_target_preps")
    date_preps = _coder_words("date_preps")
    venue_preps = _coder_words("venue_preps")
    negating_preps = _coder_words("negating_preps")
    speech_governors = _coder_words("speech_governors")
    citing_verbs = _coder_words("citing_verbs")
    quantity_nouns = _coder_words("quantity_nouns")
    asking_nouns = _coder_words("asking_nouns")
    alleging_verbs = _coder_words("alleging_verbs")
    refusal_non_acts = _coder_words("refusal_non_acts")
    claim_nouns = _coder_words("claim_nouns")
    intent_adjectives = _coder_words("intent_adjectives")
    question_verbs = _coder_words("question_verbs")
    own_member_nouns = _coder_words("own_member_nouns")
    operation_nouns = _coder_words("operation_nouns")
    intransitive_protests = _coder_words("intransitive_protests")
    currency_nouns = _coder_words("currency_nouns")

    def pattern_count(self) -> dict[str, int]:
        """Patterns per PLOVER type (each verb default and each phrase pattern counts once)."""
        counts: dict[str, int] = {}
        seen: set[int] = set()
        for entries in self.verbs.values():
            for entry in entries:
                for p in ([entry.default] if entry.default else []) + entry.patterns:
                    if id(p) in seen:
                        continue
                    seen.add(id(p))
                    counts[p.type or "(none)"] = counts.get(p.type or "(none)", 0) + 1
        for patterns in self.nouns.values():
            for p in patterns:
                if id(p) not in seen:
                    seen.add(id(p))
                    counts[p.type or "(none)"] = counts.get(p.type or "(none)", 0) + 1
        return dict(sorted(counts.items()))


def _read(name: str) -> str:
    return read_text(f"events/{name}")


def _verb_dictionary(lexicons: Optional[Path]) -> str:
    """The converted verb dictionary: a lexicon folder's own ``events/cameo_verbs.jsonl``
    (another TABARI/PETRARCH dictionary converted by ``scripts/convert_cameo_verbs.py
    --dictionary``) takes the place of the shipped one."""
    user = Path(lexicons) / "events" / "cameo_verbs.jsonl" if lexicons is not None else None
    if user is not None and user.is_file():
        return user.read_text(encoding="utf-8")
    return _read("cameo_verbs.jsonl")


def _type_table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for name in ("cameo_plover.tsv", "cameo_plover_supplement.tsv"):
        for line in _read(name).splitlines():
            if not line.strip() or line.startswith("#") or line.startswith("cameo\t"):
                continue
            parts = line.split("\t") + ["", ""]
            table.setdefault(parts[0].strip(), (parts[1].strip(), parts[2].strip()))
    return table


def _context_table() -> dict[str, tuple[str, ...]]:
    """CAMEO code -> its PLOVER contexts from the table ("military;legal" is two)."""
    table: dict[str, tuple[str, ...]] = {}
    for name in ("cameo_plover.tsv", "cameo_plover_supplement.tsv"):
        for line in _read(name).splitlines():
            if not line.strip() or line.startswith("#") or line.startswith("cameo\t"):
                continue
            parts = line.split("\t") + ["", "", ""]
            table.setdefault(parts[0].strip(), tuple(c.strip() for c in parts[3].split(";") if c.strip()))
    return table


def _plover(cameo: Optional[str], table: dict[str, tuple[str, str]], overrides: dict[str, str]) -> tuple[Optional[str], str]:
    if not cameo:
        return None, ""
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in overrides:
            return overrides[cameo[:n]], table.get(cameo, ("", ""))[1]
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            plover, mode = table[cameo[:n]]
            return (plover or None), mode
    return None, ""


def _converted_patterns(lex: Lexicon, overrides: dict[str, str], lexicons: Optional[Path] = None) -> None:
    blocks: dict[str, BlockPatterns] = {}
    block_records: list[dict] = []
    synsets: dict[str, Element] = {}

    def element(el: Any) -> Element:
        return synsets[el] if isinstance(el, str) else _element(el)

    for line in _verb_dictionary(lexicons).splitlines():
        r = json.loads(line)
        if r["kind"] == "synset":
            synsets[r["name"]] = _element(r["members"])
            continue
        if r["kind"] == "block":
            block_records.append(r)
            continue
        ptype, mode = _plover(r["cameo"], lex.types, overrides)
        blocks.setdefault(r["block"], BlockPatterns()).append(
            Pattern(
                id=f"cameo:{r['line']}",
                cameo=r["cameo"],
                type=ptype,
                plover_mode=mode,
                subject=tuple(element(e) for e in r["subject"]),
                object=tuple(element(e) for e in r["object"]),
                preps=tuple(Prep(frozenset(p["prep"]), tuple(element(e) for e in p["elements"])) for p in r["preps"]),
                reverse=r["reverse"],
                compound=bool(r.get("compound")),
                subject_is_target=bool(r.get("subject_is_target")),
            )
        )
    for b in block_records:
        patterns = blocks.get(b["block"], [])
        for v in b["verbs"]:
            code = v["cameo"] or b["cameo"]
            ptype, mode = _plover(code, lex.types, overrides)
            default = Pattern(id=f"cameo:{b['line']}:{v['lemma']}", cameo=code, type=ptype, plover_mode=mode) if code else None
            entry = VerbEntry(words=tuple(_forms(w) for w in v["words"]), default=default, patterns=patterns,
                              before=tuple(_forms(w) for w in v.get("before", ())))
            for key in {v["lemma"], *v["forms"]}:
                lex.verbs.setdefault(key, []).append(entry)


def _hand_pattern(i: int, spec: dict, lex: Lexicon, overrides: dict[str, str], noun: bool) -> Pattern:
    cameo = None if spec.get("cameo") in (None, "---") else str(spec["cameo"])
    ptype, mode = _plover(cameo, lex.types, overrides)
    if spec.get("type"):
        ptype = spec["type"]
    preps = []
    target_preps: list[str] = []
    if noun:  # a noun's prepositions name who the event is with or against; they are not required
        for prep in spec.get("preps", []) or []:
            target_preps.extend(str(prep).split("/"))
    for prep in ([] if noun else spec.get("preps", []) or []):
        if isinstance(prep, str):
            preps.append(Prep(frozenset(prep.split("/")), ()))
        else:
            for name, elements in prep.items():
                preps.append(Prep(frozenset(name.split("/")), tuple(_element(e) for e in elements or [])))
    light = spec.get("light")
    return Pattern(
        id=f"hand:{'noun' if noun else 'verb'}:{i}",
        cameo=cameo,
        type=ptype,
        plover_mode=spec.get("mode", mode) or "",
        subject=tuple(_element(e) for e in spec.get("subject", []) or []),
        object=tuple(_element(e) for e in spec.get("object", []) or []),
        preps=tuple(preps),
        target_preps=tuple(target_preps),
        reverse=bool(spec.get("reverse", False)),
        light=frozenset(light) if light else None,
        bare=bool(spec.get("bare", not light)),
        needs_target=bool(spec.get("needs_target", False)),
        hand=True,
        source_preps=tuple(str(spec["source_preps"]).split("/")) if spec.get("source_preps") else (),
        clause_is_target=bool(spec.get("clause_is_target", False)),
        clause_is_source=bool(spec.get("clause_is_source", False)),
        compound=bool(spec.get("compound", False)),
    )


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


@lru_cache(maxsize=4)
def lexicon(lexicons: Optional[Path] = None) -> Lexicon:
    """The pattern index, built once per process and lexicon folder (a user's
    ``events/coder.yaml`` and ``events/hand_patterns.yaml`` merged in)."""
    lex = Lexicon()
    lex.coder = load_yaml("events/coder.yaml", lexicons)
    lex.types = _type_table()
    lex.contexts = _context_table()
    hand = load_yaml("events/hand_patterns.yaml", lexicons)
    overrides = {str(k): v for k, v in (hand.get("type_overrides") or {}).items()}
    _converted_patterns(lex, overrides, lexicons)
    # Hand-written verb patterns come first in a lemma's list: on equal specificity they win.
    for i, spec in enumerate(hand.get("verbs", []) or []):
        pattern = _hand_pattern(i, spec, lex, overrides, noun=False)
        words = tuple(_forms(w) for w in spec.get("words", []) or [])
        for lemma in _as_list(spec["lemma"]):
            entries = lex.verbs.setdefault(lemma, [])
            if pattern.size == 0 and not words:
                entries.insert(0, VerbEntry(words=(), default=pattern, patterns=[], hand=True))
            else:
                entries.insert(0, VerbEntry(words=words, default=None, patterns=[pattern], hand=True))
    demand = lex.coder.get("demand")
    if demand:
        lex.demand_pattern = replace(_hand_pattern(0, {"cameo": demand["cameo"]}, lex, overrides, noun=False), id="hand:demand")
    blame = lex.coder.get("blame")
    if blame:
        lex.blame_pattern = replace(_hand_pattern(0, {"cameo": blame["cameo"]}, lex, overrides, noun=False), id="hand:blame")
    for kind in JUDGEMENTS:
        if lex.coder.get(kind):
            spec = {"cameo": lex.coder[kind]["cameo"]}
            lex.judgement_patterns[kind] = replace(_hand_pattern(0, spec, lex, overrides, noun=False), id=f"hand:{kind}")
    for i, spec in enumerate(hand.get("nouns", []) or []):
        pattern = _hand_pattern(i, spec, lex, overrides, noun=True)
        for noun in _as_list(spec["noun"]):
            *before, head = noun.split()
            found = replace(pattern, near=tuple(_forms(w) for w in before)) if before else pattern
            for key in _forms(head):
                bucket = lex.nouns.setdefault(key, [])
                if all(p is not found for p in bucket):
                    bucket.append(found)
    return lex


# ---------------------------------------------------------------------------------------------
# Reading the parse

PRUNED = {"relcl", "acl", "advcl", "ccomp", "parataxis", "appos", "punct", "cc", "conj", "mark"}


def _phrase(token, prune: set[str] = PRUNED) -> list:
    """The token's phrase: its subtree without clauses, appositions and coordinated phrases."""
    out = [token]
    stack = [c for c in children_of(token) if c.dep_ not in prune]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in children_of(t) if c.dep_ not in prune)
    return out


def _verb_keys(token) -> set[str]:
    """A verb's lemma and the stems of its form: the small model's lemmatizer slips at times
    ("staged" → "stag")."""
    word = token.lower_
    keys = {token.lemma_.lower(), word}
    for suffix, add in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            keys.add(word[: -len(suffix)] + add)
    return keys


def _keys(tokens: Iterable) -> set[str]:
    keys: set[str] = set()
    for t in tokens:
        keys.add(t.lower_)
        # "SDF controlled territory": a participle modifying a noun is no "control" of a pattern
        if not (t.dep_ == "amod" and t.tag_ in ("VBN", "VBG")):
            keys.add(t.lemma_.lower())
    return keys


def _has(element: Element, keys: set[str]) -> bool:
    return any(all(word & keys for word in alt) for alt in element)


def _conjuncts(token) -> list:
    out = [token]
    for c in children_of(token):
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


@dataclass
class Context:
    """What surrounds a verb (or an event noun's light verb): the words the patterns test."""

    subject_keys: set[str]
    object_keys: set[str]
    preps: list[tuple[str, set[str]]]  # (preposition, words of its object)
    compound_subject: bool = False  # "A and B agree"
    # the tokens after the verb in text order (objects and prepositional phrases), for the order
    # of a pattern's words; None when unknown (an event noun's context)
    after_parts: Optional[tuple] = None  # (verb index, lists of tokens), sorted into ``after`` on demand
    # indexes in ``preps`` of the verb's own prepositional phrases that a pattern's words after
    # the verb may fall in (not a passive's "by" phrase, nor phrases of time and manner)
    verb_preps: frozenset[int] = frozenset()

    @cached_property
    def all_keys(self) -> set[str]:
        keys = self.subject_keys | self.phrase_keys
        for name, words in self.preps:  # a passive's "by" phrase too: "(BY &AIRCRAFT)"
            keys.add(name)
            keys |= words
        return keys

    @cached_property
    def sequence(self) -> Optional[tuple[frozenset[str], ...]]:
        """The forms of the tokens after the verb, in order: built only when a pattern is tested for its order."""
        if self.after_parts is None:
            return None
        start, parts = self.after_parts
        after = sorted({t.i: t for part in parts for t in part if t.i > start}.items())
        return tuple(frozenset((t.lower_, t.lemma_.lower())) for _, t in after)

    @cached_property
    def phrase_keys(self) -> set[str]:
        """The words of the verb phrase after the verb: its objects and its prepositional
        phrases, prepositions included. PETRARCH matches a pattern's words after the verb
        against this whole phrase ("celebrated Eid at X with Y" is "* EID AT ^ WITH +")."""
        keys = set(self.object_keys)
        for i, (name, words) in enumerate(self.preps):
            if i not in self.verb_preps:
                continue
            keys.add(name)
            keys |= words
        return keys


def _tells_when(prep) -> bool:
    """A prepositional phrase whose object is a date or a time ("on Tuesday", "at noon", "in
    2019"): with a preposition of coder.yaml ``date_preps`` it says when, and names no side or
    thing a pattern's preposition could mean (not "until Thursday": an ultimatum's deadline)."""
    objects = [c for c in children_of(prep) if c.dep_ == "pobj"]
    # the whole phrase: "for two days of talks" is about the talks
    return bool(objects) and all(
        t.ent_type_ in ("DATE", "TIME") or t.pos_ in ("DET", "ADP", "CCONJ", "PUNCT") for o in objects for t in subtree_of(o)
    )


def _verb_context(verb, lex: Lexicon) -> Context:
    """A verb's context as its dictionary and hand patterns read it (coder.yaml's phrases of time
    and manner, of dates, and speech verbs' reported clauses left out)."""
    return _context(verb, skip=lex.non_target_preps, date_preps=lex.date_preps, speech_verbs=lex.speech_governors)


def _for_marker(clause):
    """The "for" that opens ``clause`` as its marker ("called for Congress to fund it"), or None."""
    return next((g for g in children_of(clause) if g.dep_ == "mark" and g.lower_ == "for"), None)


def _object_infinitive(verb, clause) -> bool:
    """``clause`` (an advcl of ``verb``) is a "to" infinitive with no subject nor marker of its own
    standing right after the verb's direct object ("instructs archbishops to notify …")."""
    objects = [c for c in children_of(verb) if c.dep_ in ("dobj", "obj")]
    if not objects or clause.i < objects[0].i:
        return False
    kids = children_of(clause)
    if any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in kids) or not any(c.dep_ == "aux" and c.lower_ == "to" for c in kids):
        return False
    return clause.left_edge.i == objects[0].right_edge.i + 1


def _context(
    verb, extra_objects: Iterable = (), skip: frozenset[str] = frozenset(), date_preps: frozenset[str] = frozenset(), speech_verbs: frozenset[str] = frozenset()
) -> Context:
    """What surrounds the verb; ``skip``: prepositions whose phrases are not part of the verb
    phrase a pattern reads (coder.yaml ``non_target_preps``: "met amid the threat of …");
    ``date_preps``: prepositions whose phrase of a date only says when (coder.yaml ``date_preps``);
    ``speech_verbs``: verbs whose reported clause about another subject is not read as theirs."""
    subject_tokens: list = []
    object_tokens: list = []
    compound = False
    preps: list[tuple[str, set[str]]] = []
    heads = [verb]
    if verb.dep_ == "xcomp" and verb.head.i == verb.i - 1:
        # "will not wire tap": the parse hangs the second verb on the first, whose auxiliaries
        # stand between the subject and the verb all the same
        subject_tokens.extend(t for c in children_of(verb.head) if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < verb.head.i for t in subtree_of(c))
    for c in children_of(verb):
        dep = c.dep_
        if dep in ("nsubj", "nsubjpass", "csubj"):
            subject_tokens.extend(_phrase(c))
            compound = any(g.dep_ == "conj" for g in children_of(c))
        elif dep in ("aux", "auxpass", "neg", "advmod") and c.i < verb.i:
            # PETRARCH reads the words between the subject and the verb with the subject's: "%
            # HAVE" is "A and B have delayed", "HEAVILY" is "was heavily criticized"
            subject_tokens.extend(subtree_of(c))
        elif dep in ("dobj", "obj", "attr", "oprd", "acomp", "prt", "advmod", "dative", "npadvmod", "neg"):
            if dep == "dative" and c.pos_ != "ADP" and any(g.dep_ in ("dobj", "obj") for g in children_of(verb)):
                # "had sent the police a plan": what is sent is the plan; the police receive it
                # (a target, found as such), and send no troops of "sent police"
                continue
            # the object's own words; its prepositional phrases are matched as such below
            object_tokens.extend(_phrase(c, PRUNED | {"prep"}))
            if dep in ("dobj", "obj", "attr", "oprd"):
                heads.append(c)
        elif dep == "ccomp" and c.i > verb.i and not (
            verb.lemma_.lower() in speech_verbs and any(g.dep_ in ("nsubj", "nsubjpass") and g.pos_ in ("NOUN", "PROPN", "PRON") for g in children_of(c))
        ):
            # PETRARCH reads a pattern's words after the verb in its clause too: "allowed that
            # Mordor isn't a real pleasant place" is "* REAL PLEASANT"; not a title's words ("said
            # Russian opposition leader Navalny was poisoned" voices no opposition). Not what a
            # speaker tells of another's act ("told Putin that Russia must withdraw", "told the
            # paper he would be set loose on Howard in attacking …" is no withdrawal or attack of
            # the speaker's): the speech conventions read that clause.
            object_tokens.extend(t for t in subtree_of(c) if not (t.dep_ == "compound" and t.head.dep_ in ("compound", "nsubj", "nsubjpass") and t.head.pos_ in ("NOUN", "PROPN")))
        elif dep == "xcomp":
            words = _phrase(c, PRUNED - {"ccomp"})
            object_tokens.extend(words)
            preps.append(("to", _keys(t for t in words if t.lower_ != "to")))
            heads.append(c)
        elif dep == "advcl" and _object_infinitive(verb, c):
            # "The decree instructs archbishops to notify the Vatican": the parse at times takes
            # the object's infinitive for a clause of purpose; it is what the object is told to do
            preps.append(("to", _keys(t for t in _phrase(c, PRUNED - {"ccomp"}) if t.lower_ != "to")))
        elif dep == "advcl" and c.i > verb.i and (marker := _for_marker(c)) is not None and marker.i == verb.i + 1:
            # "called for the bill to be dropped": the parse reads "for" as the clause's marker,
            # not the verb's preposition
            preps.append(("for", _keys(t for t in subtree_of(c) if t.lower_ != "for")))
    for extra in extra_objects:
        object_tokens.extend(_phrase(extra))
        heads.append(extra)
    after_parts: list = [object_tokens]
    verb_preps: set[int] = set()
    for head in heads:
        for c in children_of(head):
            if c.dep_ in ("prep", "agent", "dative") and c.pos_ == "ADP" or c.dep_ == "agent":
                if c.lower_ in date_preps and _tells_when(c):
                    continue  # "fired Bolton on Tuesday" fires on no one: a pattern's "on" is not a date's
                words = [t for t in _phrase(c) if t is not c]
                preps.append((c.lower_, _keys(words)))
                passive_agent = c.dep_ == "agent" or (c.lower_ == "by" and any(x.dep_ == "auxpass" for x in children_of(head)))
                # "celebrated Eid at X with Y": the verb's own phrases, not the object's ("claims
                # of US intelligence"), nor "was attacked by warplanes", whose agent is no object
                if head is verb and verb.pos_ in ("VERB", "AUX") and not passive_agent and c.lower_ not in skip:
                    verb_preps.add(len(preps) - 1)
                    after_parts.append([c, *words])
                for grand in children_of(c):  # "to the north of X": a prep within the prep
                    if c.lower_ == "out" and grand.dep_ == "prep" and grand.lower_ == "of":
                        # "pulled the US out of the deal": the parse hangs "of" on "out"
                        preps.append(("of", _keys(t for t in _phrase(grand) if t is not grand)))
                    if grand.dep_ == "pobj":
                        for g in children_of(grand):
                            if g.dep_ == "prep":
                                preps.append((g.lower_, _keys(t for t in _phrase(g) if t is not g)))
    return Context(_keys(subject_tokens), _keys(object_tokens), preps, compound, (verb.i, after_parts), frozenset(verb_preps))


def _matches(pattern: Pattern, ctx: Context) -> bool:
    anchor = pattern.anchor
    if anchor and not (anchor & ctx.all_keys):
        return False
    if pattern.compound and not ctx.compound_subject:
        return False
    for el in pattern.subject:
        if not _has(el, ctx.subject_keys):
            return False
    for el in pattern.object:
        if not _has(el, ctx.phrase_keys):
            return False
    if pattern.object and ctx.sequence is not None and not _in_order(pattern.object, ctx.sequence):
        return False
    for prep in pattern.preps:
        if not any(
            (not prep.preps or name in prep.preps) and all(_has(el, words) for el in prep.elements)
            for name, words in ctx.preps
        ):
            return False
    return True


def _in_order(elements: tuple[Element, ...], sequence: tuple[frozenset[str], ...]) -> bool:
    """The pattern's words after the verb occur in its order (PETRARCH reads them left to right:
    "* THE FULL" is not met by "full … the"), the words of one alternative next to each other;
    other words may come between elements."""
    pos = 0
    for element in elements:
        found = None
        for start in range(pos, len(sequence)):
            for alt in element:
                if start + len(alt) <= len(sequence) and all(word & sequence[start + k] for k, word in enumerate(alt)):
                    found = start + len(alt)
                    break
            if found is not None:
                break
        if found is None:
            return False
        pos = found
    return True


def _words_present(words: tuple[Word, ...], ctx: Context) -> bool:
    keys = ctx.object_keys | {name for name, _ in ctx.preps}
    return all(w & keys for w in words)


def _verb_entries(verb, lex: Lexicon) -> list[VerbEntry]:
    """The dictionary's entries for the verb: its lemma's; but a form the dictionary lists as a
    verb of its own, which the lemma's entry does not claim, comes first (PETRARCH looks verbs up
    by their form: "left" is LEFT [032:033], "departed for", not LEAVE)."""
    lemma = verb.lemma_.lower()
    entries = lex.verbs.get(lemma) or lex.verbs.get(verb.lower_)
    if not entries:
        return next((lex.verbs[k] for k in sorted(_verb_keys(verb)) if k in lex.verbs), [])
    own = lex.verbs.get(verb.lower_) if verb.lower_ != lemma else None
    if own and own is not entries and not any(e is o for e in entries for o in own):
        return [*own, *entries]
    return entries


def _best_verb_pattern(verb, lex: Lexicon, ctx: Context, hand_only: bool = False, entries: Optional[list[VerbEntry]] = None) -> Optional[Pattern]:
    """``entries``: the verb's ``_verb_entries``, when the caller has them."""
    if entries is None:
        entries = _verb_entries(verb, lex)
    if not entries:
        return None
    best: Optional[Pattern] = None
    best_score = -1.0
    default: Optional[Pattern] = None
    default_score = -1
    for entry in entries:
        if entry.words and not _words_present(entry.words, ctx):
            continue
        if hand_only and not entry.hand:
            continue
        if not entry.fits(verb):
            continue
        extra = len(entry.words) + len(entry.before)
        for p in entry.candidates(ctx):
            if _matches(p, ctx):
                score = p.size + extra + (0.5 if p.hand else 0.0)
                if score > best_score:
                    best, best_score = p, score
        if entry.default is not None and extra > default_score:
            default, default_score = entry.default, extra
    return best if best is not None else default


# ---------------------------------------------------------------------------------------------
# Roles, negation, modality


# Particles of phrasal verbs ("cordon off", "shut down", "lock up") the parse may take for prepositions.
PARTICLES = {"off", "down", "up", "out"}

SAME_SUBJECT_MARKERS = {"by", "after", "before", "while", "when", "in", "without", "upon", "on", "since"}


def _instrument_verb(noun, instruments: frozenset[str]):
    """The verb whose object is the document or message the noun is, or holds ("signed a decree
    banning …", "posted a message on Twitter blaming …"): whoever issues it does what it does.
    None when the noun is no such instrument."""
    for _ in range(3):
        if noun.lemma_.lower() in instruments and noun.dep_ in ("dobj", "obj", "nsubjpass") and noun.head.pos_ == "VERB":
            return noun.head
        if noun.dep_ == "pobj" and noun.head.pos_ == "ADP" and noun.head.head.pos_ in ("NOUN", "PROPN"):
            noun = noun.head.head
        else:
            return None
    return None


def _climb_subject(verb, instruments: frozenset[str] = frozenset()):
    """The subject of the verb, or of the verb it hangs from ("X opened the meeting by raising …",
    "X met Y and agreed …", "X signed a decree banning …" with ``instruments``), with whether it
    is a passive subject."""
    seen = 0
    token = verb
    while token is not None and seen < 4:
        # "The US has been encouraging": the small model at times hangs the subject on an auxiliary
        children = [*children_of(token), *(g for c in children_of(token) if c.dep_ in ("aux", "auxpass") for g in children_of(c))]
        for c in children:
            if c.dep_ in ("nsubj", "csubj"):
                return c, False
            if c.dep_ in ("nsubjpass", "csubjpass"):
                return c, True
        if token.dep_ in ("xcomp", "conj") and token.head is not token:
            token = token.head
            if token.dep_ == "acomp" and token.head is not token:  # "is about to restore", "is able to"
                token = token.head
        elif token.dep_ in ("pcomp", "advcl") and token.head is not token:
            # "opened the meeting by raising …", "after meeting X, he said": same subject;
            # not "denounced Trump for failing …", whose subject is the object
            # (a marker stands before its verb: the "of" of "accusing Russia of …" is the verb's own)
            marker = token.head if token.dep_ == "pcomp" else next((c for c in children_of(token) if c.dep_ in ("mark", "prep") and c.i < token.i), None)
            # "wrote to the embassy asking to waive …": a participle with no marker shares the subject
            # (not an infinitive of purpose: sharing it with "to meet", "to sign" found one more
            # event on the dev parts and three more wrong ones)
            free_participle = marker is None and token.dep_ == "advcl" and token.tag_ == "VBG"
            if not free_participle and (marker is None or marker.lower_ not in SAME_SUBJECT_MARKERS):
                return None, False
            token = token.head
            if token.pos_ == "ADP" and token.head is not token:  # "by raising": prep → verb
                token = token.head
        elif token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN") and token.tag_ == "VBG":
            issuer = _instrument_verb(token.head, instruments)
            if issuer is None:
                return token.head, False
            token = issuer
        else:
            return None, False
        seen += 1
    return None, False


def _object_control(verb):
    """For "urged X to meet" the embedded verb's subject is the governor's object."""
    head = verb.head
    if verb.dep_ == "xcomp":
        for c in children_of(head):
            if c.dep_ in ("dobj", "obj"):
                return c
    return None


def _negated(token, lex: Lexicon) -> bool:
    negators = set(lex.coder["negators"])
    for c in children_of(token):
        if c.dep_ == "neg" and _only_limits(c, lex):
            continue  # "is not just examining reports": more than that, not nothing
        if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in negators):
            return True
    return False


def _only_limits(neg, lex: Lexicon) -> bool:
    """"not just", "not only", "not merely" (coder.yaml ``limiting_adverbs``): a negation of a
    limit, the act itself done."""
    nxt = neg.doc[neg.i + 1] if neg.i + 1 < len(neg.doc) else None
    return nxt is not None and nxt.lower_ in (lex.coder.get("limiting_adverbs") or ())


# Prepositions of a phrase of time: what such a phrase tells happened, whatever its clause's
# verb says of its own act ("During the trilateral meeting …, the route was considered").
TIME_PREPS = {"during", "after", "before", "since", "following", "amid", "amidst", "throughout"}


def _governors(token):
    """The verbs above the token through xcomp/ccomp-like links, nearest first."""
    out = []
    t = token
    for _ in range(4):
        if t.dep_ in ("xcomp", "ccomp", "pcomp", "advcl", "dobj", "pobj", "attr", "nsubj", "nsubjpass") and t.head is not t:
            t = t.head
            if t.pos_ == "ADP" and t.lower_ in TIME_PREPS:
                break  # "During the meeting of X and Y, the plan was considered": a time, not what is considered
            if t.pos_ == "ADP" and t.head is not t:
                t = t.head
            out.append(t)
            if t.pos_ in ("VERB", "AUX"):
                if t.dep_ not in ("xcomp",):
                    break
        else:
            break
    return out


def _mode_and_negation(trigger, verb, lex: Lexicon) -> tuple[str, bool]:
    coder = lex.coder
    negated = _negated(trigger, lex) or (verb is not None and verb is not trigger and _negated(verb, lex))
    mode = "asserted"
    for clause_verb in [v for v in (verb, trigger) if v is not None]:
        for c in children_of(clause_verb):
            if c.dep_ == "aux" and c.lower_ in coder["modal_auxiliaries"]:
                mode = coder["modal_auxiliaries"][c.lower_]
                if c.lower_ in coder.get("reported_future", ()) and _reported_in_past(clause_verb, lex):
                    mode = "future"  # "Pelosi said she would launch an inquiry": "will", told in the past
                if negated and c.lower_ in coder.get("ability_modals", ()):
                    mode = "asserted"  # "could not agree", "cannot accept": it did not, does not happen
    for c in children_of(trigger):
        if c.dep_ == "amod" and c.lemma_.lower() in coder["modal_modifiers"]:
            mode = coder["modal_modifiers"][c.lemma_.lower()]
    start = verb if verb is not None else trigger
    below = start
    for gov in _governors(start):
        lemma = gov.lemma_.lower()
        # "did not remember when he had approved the shipment": a clause of time or reason under
        # a negated verb is no act left undone (only a complement carries the negation down)
        through_adverbial = below.dep_ == "advcl" and any(c.dep_ == "advmod" and c.tag_ == "WRB" or c.dep_ == "mark" for c in children_of(below))
        below = gov
        if lemma in coder["negating_governors"]:
            negated = not negated if _negated(gov, lex) else True
        elif lemma in coder["modal_governors"] and mode == "asserted":
            mode = coder["modal_governors"][lemma]
        if _negated(gov, lex) and gov.pos_ in ("VERB", "AUX") and lemma not in coder["negating_governors"] and not through_adverbial:
            negated = True
        if _intent_adjective(gov, lex) and (_negated(gov, lex) or gov.head is not gov and _negated(gov.head, lex)):
            negated = True  # "is not willing to negotiate", "was never ready to withdraw"
        for c in children_of(gov):
            if c.dep_ == "aux" and c.lower_ in coder["modal_auxiliaries"] and mode == "asserted":
                mode = coder["modal_auxiliaries"][c.lower_]
    if _left_undone(start, lex) or _yet_to_be_done(start, lex):
        negated = True  # "acted without consulting Congress", "has yet to concede": it was not done
    if negated and mode == "asserted":
        mode = "negated"
    # "If Russia attacks Ukraine, …": a condition; "Will Iran attack?": a question. Neither is asserted.
    for clause_verb in [start, *_governors(start)[:1]]:
        if any(c.dep_ == "mark" and c.lower_ in coder["conditional_markers"] for c in children_of(clause_verb)):
            return "conditional", negated
    # "an agreement … for the Syrian Army to enter and deploy": a purpose, intended, not done
    clause = start.head if start.dep_ == "conj" else start
    if any(c.dep_ == "mark" and c.lower_ in coder.get("purpose_markers", ()) for c in children_of(clause)) and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in children_of(clause)
    ):
        return "hypothetical", negated
    if trigger.sent.text.rstrip().rstrip("\"”'").endswith("?"):
        return "question", negated
    return mode, negated


def _reported_in_past(clause_verb, lex: Lexicon) -> bool:
    """The clause is what a speech verb in the past tense reports ("said she would …"), where
    "would" is the "will" of the words reported."""
    gov = clause_verb.head if clause_verb.dep_ == "ccomp" else None
    return gov is not None and gov.tag_ == "VBD" and gov.lemma_.lower() in lex.coder["speech_governors"]


def _actor_of(document: Document, token, follow_preps: bool = True) -> Optional[Actor]:
    """The actor a noun phrase refers to: the head word's mention, else its phrase's, else
    (``follow_preps``) the actor of its "of"/"with" phrase."""
    found = document.actor_at(token.idx, token.idx + len(token))
    if found is not None:
        return found
    for c in children_of(token):
        # "banned Iranian airline Mahan Air": the apposition names the head; the demonym in the
        # phrase only modifies it
        if c.dep_ == "appos" or (c.dep_ == "compound" and c.i > token.i):
            found = document.actor_at(c.idx, c.idx + len(c))
            if found is not None:
                return found
    phrase = [t for t in _phrase(token, PRUNED | {"prep"}) if not (t.dep_ == "poss" and t.pos_ == "PRON")]
    if len(phrase) > 1:
        start = min(t.idx for t in phrase)
        end = max(t.idx + len(t) for t in phrase)
        found = document.actor_at(start, end)
        if found is not None and not any(
            _currency_modifier(t) and getattr(document.actor_at(t.idx, t.idx + len(t)), "id", None) == found.id for t in phrase
        ):  # ("a one million US dollar reward": a currency's country is no side)
            return found
    if token.pos_ == "NOUN" and token.lemma_.lower() in nominals().installations:
        # "attacked a police checkpoint", "an army base": a post stands for whose it is
        for c in children_of(token):
            if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < token.i and not _names_a_place(document, c):
                found = document.actor_at(c.idx, c.idx + len(c))
                if found is not None:
                    return found
    if token.pos_ == "NOUN" and nominals().kind_of(token) in ("person", "group"):
        # "Osgiliath soldiers", "Hamas fighters": a common noun of people named for an actor is
        # its people (not "EU money", "UK exports": a thing named for one is no one)
        for c in children_of(token):
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < token.i and not _names_a_place(document, c):
                found = document.actor_at(c.idx, c.idx + len(c))
                if found is not None:
                    return found
    for c in children_of(token):
        if c.dep_ == "appos":
            found = document.actor_at(c.idx, c.idx + len(c))
            if found is not None:
                return found
        if follow_preps and _owner_prep(c, token):
            for g in children_of(c):
                if g.dep_ == "pobj":
                    found = _actor_of(document, g)
                    if found is not None:
                        return found
    return None


def _coordinated_actors(document: Document, token) -> Optional[list[tuple[Actor, Any]]]:
    """Actors of a coordinated noun phrase ("US President Donald Trump and Russian President
    Vladimir Putin"), read from the mentions inside it, since the parse of such phrases is often
    wrong. A demonym or capital just before another actor's mention is its modifier ("Russian
    President Vladimir Putin"), not an actor of its own. None when the phrase has no "and"."""
    tokens = sorted(_phrase(token, (PRUNED - {"conj", "cc", "appos"}) | {"prep"}), key=lambda t: t.i)
    if token.dep_ in ("nsubj", "nsubjpass"):
        # A long coordinated name phrase is often parsed as a chain of appositions and compounds
        # that leaves its first names outside the subject: take the name words just before it.
        doc = token.doc
        i = tokens[0].i - 1
        while i >= 0 and doc[i].dep_ != "ROOT" and (
            doc[i].pos_ in ("PROPN", "ADJ", "DET") or doc[i].lower_ in (",", "of", "and", "&")
        ):
            i -= 1
        extra = [doc[j] for j in range(i + 1, tokens[0].i)]
        if any(t.pos_ == "PROPN" for t in extra):
            tokens = extra + tokens
    # (an "and" of the names, not of adjectives inside an apposition: "Safavian, …, a full and
    # unconditional pardon")
    if not any(
        t.dep_ == "cc" and t.lower_ in ("and", "&")
        and (t.head.pos_ in ("NOUN", "PROPN") or document.actor_at(t.head.idx, t.head.idx + len(t.head)) is not None)  # "Israeli and Palestinian leaders"
        # ("Dean, a former DNC chairman and 2004 presidential candidate,": two descriptions of one
        # person, in apposition to the name, join no second side)
        and not (t.head.dep_ == "appos" and t.head.pos_ == "NOUN")
        for t in tokens
    ):
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    mentions = [m for m in document.mentions if m.start < end and m.end > start]
    doc = token.doc
    # "two Cabinet officers, Wilbur Ross and William Barr": the appositions name the people; the
    # body before the common noun says only whose officers they are
    modifiers = set()
    if token.pos_ == "NOUN" and any(c.dep_ == "appos" for c in children_of(token)):
        modifiers = {t.i for c in children_of(token) if c.dep_ == "compound" and c.i < token.i for t in subtree_of(c)}
    out: list[tuple[Actor, Any]] = []
    for i, m in enumerate(mentions):
        if modifiers:
            root = doc.char_span(m.start, m.end, alignment_mode="expand")
            if root is not None and root.root.i in modifiers:
                continue
        prev = mentions[i - 1] if i else None
        if prev is not None and document.text[prev.end : m.start].strip() == "(":
            continue  # "People's Protection Units (YPG)": the short name of the one just named
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        actor = document.actor(m.actor)
        if nxt is not None and nxt.actor != m.actor:
            gap = document.text[m.end : nxt.start]
            close = len(gap.split()) <= 3 and "," not in gap and " and " not in f" {gap} "
            following = document.actor(nxt.actor)
            # "Russian President Vladimir Putin"; "Senate Minority Whip Dick Durbin", "former United
            # States presidential candidate Ted Cruz": the body or country before a person's title
            # is whose the person is
            of_person = following is not None and following.type == "person" and actor is not None and actor.type in ("organization", "country")
            if close and (m.kind in ("demonym", "capital", "title", "description") or of_person):
                continue
        if any(o.actor != m.actor and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in mentions):
            continue  # "Senate Minority Whip Dick Durbin": the body inside a person's title is whose he is
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and _of_a_person(document, span.root):
            continue  # "Joanna Cherry of the SNP and 78 co-petitioners": whose she is, not a party
        if actor is not None and all(actor.id != a.id for a, _ in out):
            out.append((actor, span.root if span is not None else token))
    return out


def _of_a_person(document: Document, token) -> bool:
    """The token is the object of an "of" that says where a named person belongs ("Patrice Talon
    of Benin", "Joanna Cherry of the Scottish National Party")."""
    if token.dep_ != "pobj" or token.head.lower_ != "of" or token.head.head is token.head:
        return False
    owner = token.head.head
    actor = document.actor_at(owner.idx, owner.idx + len(owner))
    return actor is not None and actor.type == "person"


def _owner_prep(prep, head) -> bool:
    """A prepositional phrase that says whose the head is: "the government of X", "the border
    with X"; for a common noun also "soldiers from X", "activists in X"."""
    if prep.dep_ != "prep":
        return False
    if prep.lower_ in ("of", "with"):
        return True
    # "soldiers from X", "activists in X"; "allies such as X", "countries including X and Y",
    # whose examples are the members the noun stands for. Not an event noun's: "an attack in X"
    # is where it happened, not whose it is
    if head.pos_ != "NOUN":
        return False
    if prep.lower_ == "by":
        # "attacked the proclamation … by Trump", "condemned the arrests by Russia": whose act
        return True
    if prep.lower_ in ("from", "in"):
        # an event noun that codes on its own; "troops", "soldiers" code only as the object of a
        # light verb ("sent troops to X"): they name people, whose country "from X" says
        nouns = lexicon(None).nouns  # the same cache entry as code()'s lexicon(None): lexicon() is another
        patterns = nouns.get(head.lemma_.lower(), []) + nouns.get(head.lower_, [])
        if prep.lower_ == "in" and nominals().kind_of(head) not in ("person", "group", "organization"):
            return False  # "proposals in the U.S. Congress": a thing in a place or body is not its
        return not any(p.bare for p in patterns)
    return prep.lower_ == "including" or prep.lower_ == "as" and any(c.lower_ == "such" for c in children_of(prep))


FIRST_PERSON = {"i", "we", "me", "us", "our", "my"}
# "banned anyone wearing a niqab": an object that is no one in particular leaves the event
# one-sided (a null target), not with an unknown target
INDEFINITE = {"anyone", "anybody", "everyone", "everybody", "someone", "somebody", "nobody", "whoever"}


def _speaker_for(document: Document, token) -> Optional[Actor]:
    """ "We will strike back," the minister said: inside a quote, I and we are its speaker."""
    if token.lower_ not in FIRST_PERSON:
        return None
    for q in document.quotes:
        if q.start <= token.idx < q.end and q.speaker and q.kind in ("direct", "mixed"):
            return document.actor(q.speaker)
    return None


def _actors(document: Document, tokens: Iterable) -> list[tuple[Actor, Any]]:
    out: list[tuple[Actor, Any]] = []
    for tok in tokens:
        if tok.lemma_.lower() in ("percent", "%", "percentage", "majority", "minority") and any(c.dep_ == "nummod" or c.like_num for c in children_of(tok)):
            continue  # "72 percent say the government should investigate": a share of a poll, no side
        if _currency_modifier(tok):
            continue  # "a one million US dollar reward": a currency's country is no side
        speaker = _speaker_for(document, tok)
        if speaker is not None:
            out.append((speaker, tok))
            continue
        coordinated = _coordinated_actors(document, tok)
        if coordinated:
            out.extend(a for a in coordinated if all(a[0].id != o.id for o, _ in out))
            continue
        for conj in _conjuncts(tok):
            actor = _actor_of(document, conj, follow_preps=False)
            if actor is not None and not actor.named and not actor.country:
                # "human rights activists in Arnor": an agent of no country stands for the
                # country its phrase names (PETRARCH merges agents with their country)
                owners = [a for c in children_of(conj) if _owner_prep(c, conj) for a in _actors(document, [g for g in children_of(c) if g.dep_ == "pobj"])]
                owners = [a for a in owners if a[0].named]
                if owners:  # "the ambassadors of A, B and C": each of them
                    out.extend(a for a in owners if all(a[0].id != o.id for o, _ in out))
                    continue
            if actor is not None:
                if all(actor.id != a.id for a, _ in out):
                    out.append((actor, conj))
                continue
            # "the ambassadors of A, B and C", "ties with A and B": every actor of the phrase
            for c in children_of(conj):
                if _owner_prep(c, conj):
                    found = _actors(document, [g for g in children_of(c) if g.dep_ == "pobj"])
                    out.extend(a for a in found if all(a[0].id != o.id for o, _ in out))
                    if found:
                        break
            else:
                # "oil facilities belonging to Saudi Aramco were hit", "a tanker owned by Iran":
                # a thing struck or seized stands for whose it is
                owners = [c for c in children_of(conj) if c.dep_ == "acl" and c.lemma_.lower() in lexicon(None).coder.get("owner_participles", ())]
                found = _actors(document, [g for c in owners for p in children_of(c) if p.dep_ in ("prep", "agent") and p.lower_ in ("to", "by") for g in children_of(p) if g.dep_ == "pobj"])
                out.extend(a for a in found if all(a[0].id != o.id for o, _ in out))
    return out


def _currency_modifier(token) -> bool:
    """The token modifies a currency's name ("US" of "US dollar"; coder.yaml ``currency_nouns``)."""
    return token.dep_ in ("compound", "nmod", "amod") and token.head.lemma_.lower() in lexicon(None).currency_nouns


def _target_objects(head, names: Iterable[str], lex: Lexicon) -> list:
    """The head's prepositions' objects that may name a target: not a noun of asking ("at the
    direction of X", coder.yaml ``asking_nouns``), which says who asked."""
    return [o for o in _prep_objects(head, names) if o.lemma_.lower() not in lex.asking_nouns]


def _prep_objects(head, names: Iterable[str]) -> list:
    """Objects of the head's prepositions, in the order of ``names``."""
    found: list = []
    by_name: dict[str, list] = {}
    for c in children_of(head):
        if c.dep_ in ("prep", "agent") or (c.dep_ == "dative" and c.pos_ == "ADP"):
            for g in children_of(c):
                if g.dep_ == "pobj":
                    by_name.setdefault(c.lower_, []).append(g)
    for name in names:
        found.extend(by_name.get(name, []))
    return found


# ---------------------------------------------------------------------------------------------
# Coding


@dataclass
class Candidate:
    pattern: Pattern
    trigger: Any  # the verb or event noun
    verb: Any  # the clause's verb (the light verb of a noun), or None
    sources: list[tuple[Actor, Any]]
    targets: list[tuple[Actor, Any]]
    start: int
    end: int
    nominal: bool


def _span(tokens: Iterable, sent) -> tuple[int, int]:
    toks = []
    for t in tokens:
        if t is None:
            continue
        toks.extend(_phrase(t, PRUNED | {"prep", "poss"}) if t.pos_ in ("NOUN", "PROPN") else [t])
    toks = [t for t in toks if sent.start <= t.i < sent.end]
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t) for t in toks)
    return start, end


def _target_preps(pattern: Pattern, lex: Lexicon) -> list[str]:
    by_type = lex.coder.get("target_preps_by_type", {}) or {}
    typed = [str(p) for p in by_type.get(pattern.type, lex.coder["target_preps"])]
    # a hand pattern's bare preposition names the other side ("clashed with police"); not one of
    # place ("met at the White House": where, not with whom) unless the type's own list has it
    # ("fired at the crowd")
    own = sorted({name for p in pattern.preps if not p.elements for name in p.preps} - set(typed) - lex.venue_preps) if pattern.hand else []
    return typed + own


def _pronoun_speaker(document: Document, subject, verb, lex: Lexicon) -> list[tuple[Actor, Any]]:
    """ "Japan said it will give aid": the unresolved pronoun subject of a reported clause is its speaker."""
    if subject.pos_ != "PRON" or subject.lower_ not in ("it", "they", "he", "she"):
        return []
    nest, gov = _nested_under(verb, lex)
    if nest != "speech":
        return []
    speaker, passive = _climb_subject(gov)
    if speaker is None or passive:
        return []
    # "Sarea said it had carried out the attack": "it" is not the person who speaks, nor "he" a
    # country; the pronoun must fit the speaker it would stand for
    people = subject.lower_ in ("he", "she")
    return [a for a in _actors(document, [speaker]) if (a[0].type == "person") == people or subject.lower_ == "they"]


def _object_words(pattern: Pattern) -> set[str]:
    """The forms of the words a pattern requires after its verb."""
    return {form for element in pattern.object for alt in element for word in alt for form in word}


def _codes_an_event(verb, lex: Lexicon) -> bool:
    """The verb has an event pattern of its own (not one that blocks it)."""
    entries = _verb_entries(verb, lex)
    if not entries:
        return False  # (before its context: most verbs have no entry)
    pattern = _best_verb_pattern(verb, lex, _verb_context(verb, lex), entries=entries)
    return pattern is not None and pattern.cameo is not None and pattern.type is not None


def _verb_candidate(document: Document, verb, lex: Lexicon, sent, hand_only: bool = False) -> Optional[Candidate]:
    entries = _verb_entries(verb, lex)
    if not entries:
        return None  # no pattern could code it: its context is not worth reading
    if verb.lemma_.lower() in lex.coder["refusal_governors"] and any(_codes_an_event(c, lex) for c in children_of(verb) if c.dep_ == "xcomp"):
        return None  # "refused to send troops": the refused act codes, as a rejection
    if verb.dep_ == "conj" and verb.head.pos_ == "ADJ" and verb.head.dep_ == "amod" or verb.dep_ == "amod":
        return None  # "winnable or target seats", "agreed increases in services": an adjective
    if verb.lemma_.lower() in ("go", "move") and any(c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in children_of(c)) for c in children_of(verb)):
        # "we are not going to be forming the next government": "going to" tells a future, no
        # visit; "the Army has moved to discharge 79 soldiers": a step taken, no deployment
        return None
    felt = ("feel", "seem", "appear", "look")
    if not _prep_objects(verb, ["by"]) and (
        verb.tag_ == "VBN" and verb.dep_ in ("xcomp", "acomp", "oprd") and verb.head.lemma_.lower() in felt
        or any(c.dep_ == "aux" and (c.lemma_.lower() in felt or c.lower_ in ("felt", "feels", "seemed", "seems")) for c in children_of(verb))  # ("felt/aux compelled")
    ):
        return None  # "the department felt compelled to chide the president": a state felt, no one compelled
    if verb.lemma_.lower() in lex.intransitive_protests and any(c.dep_ in ("dobj", "obj", "ccomp") for c in children_of(verb)):
        return None  # "polls demonstrate a majority support the plan": to show, no protest
    if verb.lemma_.lower() in lex.question_verbs and _asks_a_question(verb):
        return None  # "critics ask whether the plan will work": a question raised, nothing requested
    # "refused to provide the network with a license": an act of no code of its own; the refusal
    # codes, its target carried up from the refused act below
    ctx = _verb_context(verb, lex)
    pattern = _best_verb_pattern(verb, lex, ctx, hand_only, entries)
    if pattern is None or pattern.cameo is None or pattern.type is None:
        return None
    subject, climbed_passive = _climb_subject(verb, lex.instrument_nouns)
    if subject is not None and subject.tag_ == "WDT" and verb.dep_ == "relcl" and verb.head.lemma_.lower() in lex.nouns:
        # "the US airstrike that killed Soleimani": the relative pronoun stands for the event
        # noun the clause belongs to, whose author its phrase names (not "a country that
        # attacked …": an unknown source stays unknown)
        subject = verb.head
    own_passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children_of(verb))
    if own_passive and verb.lemma_.lower() in lex.coder.get("subject_passives", ()) and not _prep_objects(verb, ["by"]):
        # "The US had been allied with Kurdish groups": a passive in form, its subject the doer
        own_passive = False
        subject = next((c for c in children_of(verb) if c.dep_ == "nsubjpass"), subject)
    # "Babaryka, who was arrested and banned from the election": the second participle shares the
    # first one's auxiliary and passive subject, who undergoes it
    shared_passive = not own_passive and climbed_passive and verb.dep_ == "conj" and verb.tag_ == "VBN"
    if own_passive and verb.lemma_.lower() in (*lex.coder.get("reception_passives", ()), *lex.coder.get("state_passives", ())) and not _prep_objects(verb, ["by"]):
        return None
    passive_subjects = [c for c in children_of(verb) if c.dep_ in ("nsubjpass", "csubjpass")]
    if shared_passive or own_passive and not passive_subjects and verb.dep_ == "conj" and subject is not None:
        # "Turkey is under EU sanctions, and was condemned by Egypt": the conjunct's subject
        # is the first verb's
        own_passive, passive_subjects = True, [subject]
    controlled = _object_control(verb)
    # "gave Niger $10m": the indirect object is the party the act is for
    objects = [c for c in children_of(verb) if c.dep_ == "dative" and c.pos_ != "ADP"] + [c for c in children_of(verb) if c.dep_ in ("dobj", "obj")]
    if not objects:
        # "cordoned off the roads": the small model often reads a phrasal verb's particle as a
        # preposition, its object as the preposition's
        objects = [g for c in children_of(verb) if c.dep_ == "prep" and c.lower_ in PARTICLES and c.i == verb.i + 1 for g in children_of(c) if g.dep_ == "pobj"]
    if not objects and not own_passive:
        # "police arrested and charged the protesters": two verbs joined before one object share it
        # (not "arrested him and charged them", nor a second verb with a subject of its own)
        for conj in children_of(verb):
            if conj.dep_ == "conj" and conj.pos_ == "VERB" and all(verb.i < t.i < conj.i and t.dep_ in ("cc", "advmod", "punct") for t in verb.doc[verb.i + 1 : conj.i]):
                if not any(c.dep_ in ("nsubj", "nsubjpass") for c in children_of(conj)):
                    objects = [c for c in children_of(conj) if c.dep_ in ("dobj", "obj")]
                break
    sources: list = []
    targets: list = []
    if own_passive:
        agents = _prep_objects(verb, ["by"])
        if not agents:
            # "was condemned in a joint statement by Egypt, Greece and Cyprus": the parse hangs the
            # agent on the statement, whose authors do the act
            agents = [a for n in _prep_objects(verb, ["in", "through", "with"]) if n.lemma_.lower() in lex.instrument_nouns for a in _prep_objects(n, ["by", "from"])]
        sources = _actors(document, agents)
        targets = _actors(document, passive_subjects)
    else:
        if controlled is not None:
            sources = _actors(document, [controlled])
        elif subject is not None:
            if subject.lemma_.lower() in lex.instrument_nouns and verb.dep_ in ("ccomp", "xcomp") and verb.head is not verb:
                # "the Court will make an Order declaring …" (the order parsed as the subject): the
                # order acts for whoever makes it
                issuer, passive = _climb_subject(verb.head, lex.instrument_nouns)
                if issuer is None or passive:
                    return None
                subject = issuer
            if any(c.dep_ == "acl" and c.lemma_.lower() in lex.coder["speech_governors"] for c in children_of(subject)):
                # "with officials reporting 150 soldiers killed": the parse takes the reporters for
                # the subject of what they report
                return None
            if _is_act_noun(document, subject):
                # "Trump's coddling of Putin was threatening democracy": an act is the subject,
                # not the one whose act it is
                return None
            sources = _actors(document, [subject])
            if not sources:  # "Old foes Gondor and Osgiliath have renewed ties": two subjects in the parse
                # (the subject itself is among them: ``c is not subject`` compared objects spaCy made
                # anew, never the same, and the output has always counted it)
                others = [c for c in children_of(subject.head) if c.dep_ == subject.dep_]
                sources = _actors(document, others)
        # "celebrated Iftar with X" ("* IFTAR AT ^ ^ +"): a name the pattern spells out in its own
        # words is what the event is, not whom it is with (not "released British prisoners",
        # "expelled the Dutch ambassador": common nouns whose phrase names the other side)
        own_words = _object_words(pattern)
        targets = _actors(document, [o for o in objects if not (o.pos_ == "PROPN" and {o.lower_, o.lemma_.lower()} & own_words)])
        # "Trump withdrew the US from the treaty with Iran": a leader's own country is not the
        # other side; the search goes on to the phrases of the object and the verb
        targets = [t for t in targets if not any(_own_country(s[0], t[0]) for s in sources)]
        if not targets and pattern.cameo == "016" and objects and objects[0].lemma_.lower() in lex.claim_nouns:
            # "Brown denied Conservative claims that he had misled Parliament": denying a claim
            # rejects whose claim it is, not whom the claim is about (none named: the last accuser,
            # _answer_accusation)
            if not sources:
                return None
            claim = objects[0]
            owners = [c for c in children_of(claim) if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < claim.i] + _prep_objects(claim, ["by", "from", "of"])
            own = {a.id for a, _ in sources}
            targets = [t for t in _actors(document, owners) if t[0].id not in own]
            return Candidate(pattern, verb, verb, sources, targets, *_span([verb, claim, *(t for _, t in sources + targets)], sent), nominal=False)
        if not targets and pattern.type in lex.coder.get("addressee_types", ()):
            # "called for Congress to fund the wall": who is to act is asked
            for c in children_of(verb):
                if c.dep_ == "advcl" and _for_marker(c) is not None:
                    targets = _actors(document, [g for g in children_of(c) if g.dep_ == "nsubj"])
    by_passive = verb.head.dep_ == "agent" or verb.head.lower_ == "by" and any(c.dep_ == "auxpass" for c in children_of(verb.head.head))
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and by_passive and objects:
        # "Lam was interrupted by protesting legislators": the parse reads the adjective as a
        # gerund, the agent as its object; the agent does it, to the passive's subject
        sources = _actors(document, objects)
        targets = _actors(document, [c for c in children_of(verb.head.head) if c.dep_ == "nsubjpass"])
    reciprocal = any(_reciprocal(o) for o in objects)
    if reciprocal and len(sources) <= 1:
        return None  # "we have to stop attacking each other": a call to a side's own members, no dyad
    if not targets and not own_passive and objects:
        # "condemned the arrests by Russia", "attacked the decision by Trump to …": the parse hangs
        # the object's agent on the active verb; whose act it is, is the target
        agents = [g for c in children_of(verb) if c.dep_ == "prep" and c.lower_ == "by" and c.i > objects[-1].i for g in children_of(c) if g.dep_ == "pobj"]
        targets = [t for t in _actors(document, agents) if not any(_own_country(s[0], t[0]) for s in sources)]
    if not targets and not own_passive and pattern.type in lex.coder.get("clause_target_types", ()):
        # "Hotak alleged the government are hiding the figures", "claims Mahan flies fighters to
        # Syria": an accusation's clause names who is accused, its subject, whatever it says they did
        clauses = [c for c in children_of(verb) if c.dep_ == "ccomp"][:1]  # a second is most often a misread relative clause
        # not a clause of time the parse took for the content ("minutes before the Committee
        # voted …, Trump claimed the documents were privileged")
        clauses = [c for c in clauses if not any(m.dep_ == "mark" and m.lower_ in lex.coder.get("time_marks", ()) for m in children_of(c))]
        # not a count ("claimed 90 soldiers were dead"): a toll names victims, not who is accused
        subjects = [s for c in clauses for s in children_of(c) if s.dep_ in ("nsubj", "nsubjpass")]
        # ("ruled the government's practice is unconstitutional": a thing's owner is accused)
        targets = _judged_nouns(document, [s for s in subjects if not any(n.dep_ == "nummod" or n.like_num for n in children_of(s)) and not s.like_num])
        # ("claimed the documents were privileged" says what papers are, accusing no one)
        targets = [t for t in targets if t[0].named or t[0].type != "document"]
    preps = _target_preps(pattern, lex)
    if not targets and pattern.hand and not own_passive:
        # "vacated his conviction", "overturned her sentence": of a hand pattern's object, whose it
        # is (a possessive pronoun the actors stage resolved) is whom the act befalls
        owners = [c for o in objects for c in children_of(o) if c.dep_ == "poss" and c.pos_ == "PRON" and c.lower_ not in FIRST_PERSON]
        targets = [t for t in _actors(document, owners) if all(t[0].id != s[0].id for s in sources)]
    if not targets:
        # "A and B met on the sidelines of the G20": a mutual event between a compound subject
        # looks for its other side in the object only; so do hand-written patterns, whose own
        # target prepositions are searched below
        mutual = len(sources) > 1 and (pattern.type in lex.coder["symmetric_types"] or pattern.compound)
        with_only = verb.lemma_.lower() in (lex.coder.get("with_only_verbs") or ())
        targets = _wide_targets(
            document, None if mutual or pattern.hand else verb, objects, preps, lex,
            # ("Howe and Shultz plan to discuss the crisis in trade relations with Japan": the two
            # discuss it with each other; Japan is the topic's)
            with_only and (pattern.size == 0 or mutual),
        )
    if not targets:
        targets = _actors(document, _target_objects(verb, preps, lex))
        if not targets:
            for obj in objects:
                targets = _actors(document, _prep_objects(obj, preps))
                if targets:
                    break
    if not targets and not any(c.dep_ in ("dobj", "obj") for c in children_of(verb)):
        # "agreed to buy soybeans from Brazil": the embedded verb's target is carried up; not
        # past an object, who is asked or made to do it ("encouraged firms to stop trading in Iran")
        for x in children_of(verb):
            if x.dep_ == "xcomp" and x.pos_ == "VERB":
                embedded = [c for c in children_of(x) if c.dep_ in ("dobj", "obj", "dative")]
                targets = _actors(document, embedded) or _wide_targets(document, x, embedded, preps, lex)
                if targets:
                    break
    if not targets and pattern.type in lex.coder.get("addressee_types", ()) and verb.dep_ == "advcl" and verb.tag_ == "VBG":
        # "wrote to the US Embassy asking to waive her immunity": whom the letter is to is asked
        targets = _actors(document, _prep_objects(verb.head, ["to"]))
    if not sources and subject is not None and not own_passive:
        sources = _pronoun_speaker(document, subject, verb, lex)
    targets = [t for t in targets if all(t[0].id != s[0].id for s in sources)]
    if not sources and not own_passive and subject is not None and subject.pos_ == "PRON" and subject.lower_ not in FIRST_PERSON:
        # a subject we cannot resolve ("a country that attacked …") is an unknown source, not an
        # unstated one: an event with half its dyad unknown is not worth recording
        return None
    # "ask them": an object we cannot resolve is an unknown target (not a relative pronoun the
    # parse made the object: "the fourth night that Serbians protested")
    if not targets and not own_passive and any(o.pos_ == "PRON" and o.lower_ not in FIRST_PERSON | INDEFINITE and o.tag_ not in ("WDT", "WP") for o in objects):
        return None
    if pattern.reverse or pattern.subject_is_target and not own_passive:
        sources, targets = targets, sources
    if not pattern.hand and not hand_only and not (sources and targets) and not (
        len(sources) > 1 and (pattern.type in lex.coder["symmetric_types"] or pattern.compound)
    ):
        # a one-sided match of a dictionary pattern: the hand-written patterns may still code it
        return _verb_candidate(document, verb, lex, sent, hand_only=True)
    if reciprocal:
        # "Israel and Hamas accused each other": each does it to the other (PETRARCH's "%")
        pattern, targets = replace(pattern, compound=True), []
    evidence = [verb] + [t for _, t in sources + targets]
    evidence += [c for c in children_of(verb) if c.dep_ in ("prt", "neg", "dobj", "obj") and c.i > verb.i]
    start, end = _span(evidence, sent)
    return Candidate(pattern, verb, verb, sources, targets, start, end, nominal=False)


def _wide_targets(
    document: Document, verb, objects: list, preps: list[str], lex: Lexicon, mutual_type: bool = False, only: Optional[set[str]] = None
) -> list[tuple[Actor, Any]]:
    """PETRARCH's search for the target of a dictionary pattern when the object is no actor: the
    object phrase's possessives and prepositional phrases, nearest first ("restored ties with X",
    "welcomed the resumption of ties between X and Y", "X's government"), then the verb's own
    prepositional phrases, the type's target prepositions first ("departed from X"), then those of
    coder.yaml ``wide_target_preps``. Phrases of time and manner (``non_target_preps``) are never
    searched."""
    skip = set(lex.coder.get("non_target_preps") or ())
    if mutual_type and only is None:
        # "were due to discuss proposals in the U.S. Congress": what is discussed is the topic;
        # only "ties with X", "talks between X and Y" name the other side in its phrase
        only = {"with", "between", "among"}
    queue = list(objects)
    seen = 0
    while queue and seen < 12:
        node = queue.pop(0)
        seen += 1
        for c in children_of(node):
            if c.dep_ == "poss" and c.pos_ != "PRON" or c.dep_ == "dobj" and node.dep_ == "acl":
                # "X's government"; "boycotted the parade supporting X": the participle's object
                found = _actors(document, [c])
                if found:
                    return found
            if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i < node.i and not _names_a_place(document, c):
                # "signed the African Continental Free Trade Area agreement": the name in the phrase
                found = _actors(document, [c])
                if found:
                    return found
            if c.dep_ == "relcl" and c.tag_ != "VBN" and not any(g.dep_ == "advmod" and g.tag_ == "WRB" for g in children_of(c)):
                # "the state of emergency Trump declared": the relative clause's subject made it
                # (not "rural seats, where his party is hoping to make gains": a place's clause)
                found = _actors(document, [g for g in children_of(c) if g.dep_ == "nsubj" and g.pos_ != "PRON"])
                if found:
                    return found
            if c.dep_ == "acl":  # "the plan proposed by Italy"
                agents = [g for a in children_of(c) if a.dep_ == "agent" for g in children_of(a) if g.dep_ == "pobj"]
                found = _actors(document, agents)
                if found:
                    return found
                if c.tag_ in ("VBG", "VBN"):
                    queue.append(c)  # "cordoned off the roads leading into X": the participle's phrases
            if c.dep_ in ("prep", "agent") and c.lower_ not in skip and (only is None or c.lower_ in only):
                for g in children_of(c):
                    if g.dep_ == "pobj" and g.lemma_.lower() not in lex.asking_nouns:
                        found = _actors(document, [g])
                        if found:
                            return found
                        queue.append(g)
    if verb is None:
        return []
    # a mutual event's other side is "with" or "between" it (the type's own prepositions), never
    # where or what for ("met in Niamey for an AU summit")
    wide = set() if mutual_type else set(lex.coder.get("wide_target_preps") or ())
    names = [c.lower_ for c in children_of(verb) if c.dep_ == "prep" and c.lower_ not in skip]
    ordered = [p for p in preps if p in names] + [n for n in names if n not in preps and n in wide]
    prep_objects = _target_objects(verb, ordered, lex)
    if not prep_objects:
        # "marched very close to the border with X": the phrase of an adverb of the verb
        for adverb in (c for c in children_of(verb) if c.dep_ == "advmod"):
            names = [c.lower_ for c in children_of(adverb) if c.dep_ == "prep" and c.lower_ not in skip]
            prep_objects += _prep_objects(adverb, [p for p in preps if p in names] + [n for n in names if n not in preps and n in wide])
    # the first phrase that names an actor, as PETRARCH takes the first target it meets: "left
    # for Minas Tirith for meetings of the committee" is a visit to Minas Tirith, not to both
    for obj in prep_objects:
        found = _actors(document, [obj])
        if found:
            return found
    # "bargain for asylum in Gondor": the phrases of the verb's phrases, nearest first, by the
    # prepositions of the wide search (not "died from his injuries at the hospital")
    return _wide_targets(document, None, prep_objects, preps, lex, only=wide)


# Event nouns whose modifier names the actor who does them ("Russian airstrikes").
INNER_SOURCE_TYPES = {"SANCTION", "COERCE", "AID", "ASSAULT", "MOBILIZE", "THREATEN"}


def _of_phrase_head(head, patterns: list[Pattern]) -> bool:
    """``head`` opens a pattern's "X of Y" noun ("state" of "state of emergency") and is the
    object or subject of a verb."""
    if head.pos_ != "NOUN" or head.dep_ not in ("dobj", "obj", "nsubjpass", "attr", "nsubj") or head.head.pos_ not in ("VERB", "AUX"):
        return False
    forms = {head.lower_, head.lemma_.lower()}
    return any(p.near and p.near[0] & forms for p in patterns)


def _apposed_to(token):
    """The head of a chain of appositions ("Safavian, formerly the chief of staff, a pardon")."""
    while token.dep_ == "appos" and token.head.i != token.i:
        token = token.head
    return token


def _noun_candidate(document: Document, noun, lex: Lexicon, patterns: list[Pattern], sent) -> Optional[Candidate]:
    light = None
    if noun.dep_ in ("dobj", "obj", "nsubjpass", "attr", "nsubj") and noun.head.pos_ in ("VERB", "AUX"):
        light = noun.head
    elif noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB" and noun.head.lower_ in ("to", "in", "into"):
        light = noun.head.head  # "came to an agreement", "engaged in talks"
    elif noun.dep_ == "pobj" and noun.head.lower_ == "on" and noun.head.head.lemma_.lower() in ("go", "remain", "stay"):
        light = noun.head.head  # "workers went on strike", "remained on hunger strike"
    elif noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.pos_ == "VERB" and any(c.dep_ == "nsubjpass" for c in children_of(noun.head.head)):
        light = noun.head.head  # "Iran was hit with new US sanctions": the passive's subject is its target
    elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in lex.quantity_nouns and noun.head.head.dep_ in ("dobj", "obj", "nsubjpass") and noun.head.head.head.pos_ == "VERB":
        light = noun.head.head.head  # "issued a series of seven pardons"
    elif noun.dep_ == "appos" and (name := _apposed_to(noun)).dep_ in ("dative", "dobj") and name.head.pos_ == "VERB":
        # "granted Stanton a full pardon", "granted Safavian, formerly the agency's chief of staff,
        # a full pardon": the pardon parsed as an apposition of the name (or of its own)
        light = name.head
    elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and _of_phrase_head(noun.head.head, patterns):
        # "declared a state of emergency": the phrase's head is "state", which the verb governs
        light = noun.head.head.head
    if light is None or not any(p.light and _verb_keys(light) & p.light for p in patterns):
        # "a lawsuit filed by the Senate against Pierluisi", "sanctions imposed by the US on Iran
        # took effect": a participle of a light verb after the noun is its verb, its agent the
        # doer, its phrases the other side
        light = next((c for c in children_of(noun) if c.dep_ == "acl" and c.tag_ == "VBN" and any(p.light and _verb_keys(c) & p.light for p in patterns)), light)
    ctx = _context(light, [noun]) if light is not None else _context(noun)
    ctx.object_keys |= _keys(_phrase(noun))
    ctx.after_parts = None  # a noun's words come before and after it: no order to read
    ctx.verb_preps = frozenset()  # a noun pattern's words are the noun phrase's
    near_keys = _keys(sent[max(noun.i - 4 - sent.start, 0) : noun.i - sent.start + 4])
    best, best_score = None, -1.0
    light_keys = _verb_keys(light) if light is not None else set()
    for p in patterns:
        if p.near and not all(w & near_keys for w in p.near):
            continue
        if light is not None and p.light is not None and not (light_keys & p.light):
            if not p.bare:
                continue
        if light is None and not p.bare:
            continue
        if not _matches(p, ctx):
            continue
        score = p.size + len(p.near) + (2 if (light is not None and p.light and light_keys & p.light) else 0)
        if score > best_score:
            best, best_score = p, score
    if best is None or best.cameo is None or best.type is None:
        return None
    verb_is_light = light is not None and best.light is not None and bool(light_keys & best.light)
    sources: list = []
    targets: list = []
    # "a meeting between X and Y"
    between = _prep_objects(noun, ["between", "among"])
    if between:
        both = _actors(document, between)
        sources, targets = both[:1], both[1:]
    elif best.type in lex.coder["symmetric_types"]:
        # "the trilateral meeting of Cyprus, Greece and Israel": a mutual event "of" two or more
        # sides is between them (not "a meeting of the council", one side)
        of = _actors(document, _prep_objects(noun, ["of"]))
        if len(of) > 1:
            sources, targets = of[:1], of[1:]
    if not sources:
        for c in children_of(noun):
            if c.dep_ == "poss":
                sources = _actors(document, [c])
        if not sources and best.source_preps:
            sources = _actors(document, _prep_objects(noun, list(best.source_preps)))
        if not sources:
            # "criticism by UNESCO"; "condemnation from Russia" (an evaluation's "from" is its author)
            sources = _actors(document, _prep_objects(noun, ["by", "from"] if best.type in EVALUATIONS else ["by"]))
    # a preposition that names who does it names no one it is done to ("the behest of X")
    target_preps = [p for p in best.target_preps or _target_preps(best, lex) if p not in best.source_preps]
    if not targets:
        targets = _actors(document, _prep_objects(noun, target_preps))
    if not sources and not verb_is_light:
        # "the attack, reportedly conducted by the Taliban", "airstrikes launched by Saudi Arabia":
        # the agent of a participle that tells who did it (one of the noun's light verbs; not a
        # third party's: "a ceasefire brokered by Egypt")
        participles = [c for c in children_of(noun) if c.dep_ == "acl"]
        governor = noun.head.head if noun.dep_ == "pobj" else None
        if governor is not None and governor.pos_ in ("VERB", "AUX"):
            # "Dozens died in the attack, reportedly conducted by the Taliban": the parse hangs the
            # participle on the verb; it follows the noun, the phrase's last word
            participles += [c for c in children_of(governor) if c.dep_ == "advcl" and c.i > noun.i and all(t.i <= noun.i for t in subtree_of(noun))]
        for c in participles:
            if c.tag_ == "VBN" and best.light is not None and _verb_keys(c) & best.light and c.lemma_.lower() not in lex.coder.get("third_party_verbs", ()):
                sources = _actors(document, [g for a in children_of(c) if a.dep_ == "agent" for g in children_of(a) if g.dep_ == "pobj"])
                if sources:
                    break
    if not sources and best.clause_is_source and noun.dep_ == "pobj" and noun.head.lower_ == "in":
        # "farmers blocked roads in protest against the new law": the clause's subject protests
        # (the parse may hang the phrase on the verb's object)
        governor = noun.head.head
        if governor.pos_ in ("NOUN", "PROPN") and governor.dep_ in ("dobj", "obj"):
            governor = governor.head
        subject, passive = _climb_subject(governor) if governor.pos_ in ("VERB", "AUX") else (None, False)
        if subject is not None and not passive:
            sources = _actors(document, [subject])
    if not sources and noun.dep_ == "pobj" and noun.head.lower_ == "for":
        # "the Houthi movement claimed responsibility for the attacks": whoever claims them did them
        claim = noun.head.head
        if claim.lemma_.lower() in lex.coder.get("responsibility_nouns", ()) and claim.head.lemma_.lower() in lex.coder.get("responsibility_claims", ()):
            subject, passive = _climb_subject(claim.head)
            if subject is not None and not passive:
                sources = _actors(document, [subject])
    if not sources and not verb_is_light and best.type in EVALUATIONS:
        # "Navalny is an outspoken critic of Putin", "Navalny, a critic of Putin,": a noun for
        # one who judges, said of someone by a copula or an apposition, is that one's judgement
        if noun.dep_ == "attr" and noun.head.lemma_.lower() in ("be", "become", "remain"):
            sources = _actors(document, [c for c in children_of(noun.head) if c.dep_ == "nsubj"])
        elif noun.dep_ == "appos":
            sources = _actors(document, [noun.head])
    if not sources and targets and light is None and best.type in lex.coder["symmetric_types"] and noun.dep_ == "pobj":
        # "At a joint press conference with Abe, Putin said …": the clause's subject takes part
        head = noun.head.head
        if head.pos_ in ("VERB", "AUX"):
            subject, _ = _climb_subject(head)
            if subject is not None:
                sources = _actors(document, [subject])
    if not sources and verb_is_light and best.source_preps and "nsubj" in (noun.dep_, noun.head.head.dep_):
        # "condemnation came from Washington": the light verb's phrase says who
        sources = _actors(document, _prep_objects(light, list(best.source_preps)))
    if not sources and verb_is_light:
        if light.lemma_.lower() in lex.coder.get("state_passives", ()) and noun.dep_ == "pobj":
            # "ISIS is engaged in fighting", "Israel and the Palestinians are engaged in talks":
            # the state's subject does it
            sources = _actors(document, [c for c in children_of(light) if c.dep_ in ("nsubjpass", "nsubj")])
        elif noun.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in children_of(light)) or light.dep_ == "acl" and light.head.i == noun.i:
            sources = _actors(document, _prep_objects(light, ["by"]))
        elif not any(c.dep_ == "expl" for c in children_of(light)):  # "there was no agreement": no subject
            subject, _ = _climb_subject(light)
            # (the noun itself counts as a subject: ``subject is not noun`` compared objects spaCy
            # made anew, never the same, and the output has always read it so)
            if subject is not None:
                sources = _actors(document, [subject]) or _pronoun_speaker(document, subject, light, lex)
    if not targets:
        targets = _actors(document, _prep_objects(noun, target_preps))
    if not targets and best.type in ("COERCE", "SANCTION"):
        # "restrictions on flights to Cuba", "sanctions on imports from Iran": what is restricted
        # is the trade with the country named in its phrase
        for obj in _prep_objects(noun, target_preps):
            targets = _actors(document, _prep_objects(obj, ["to", "from", "with"]))
            if targets:
                break
    if not targets and best.type in EVALUATIONS:
        # "a lawsuit against the state of emergency Trump declared", "criticism of Trump's
        # decision": judging a thing judges whose it is
        targets = _judged_nouns(document, _prep_objects(noun, target_preps))
    if not targets:
        # "launched missiles targeting US troops", "strikes aimed at rebel positions": the
        # participle after the noun names whom it is against
        for c in children_of(noun):
            if c.dep_ == "acl" and c.lemma_.lower() in lex.coder.get("aiming_verbs", ()):
                targets = _actors(document, [g for g in children_of(c) if g.dep_ in ("dobj", "obj")] + _prep_objects(c, ["at", "against", "on"]))
                if targets:
                    break
    if not targets and verb_is_light:
        targets = _actors(document, _prep_objects(light, target_preps))
    if not targets and verb_is_light and noun.dep_ in ("dobj", "obj", "appos"):
        # "granted Stanton a pardon", "gave Niger $10m in aid": the light verb's indirect object
        targets = _actors(document, [c for c in children_of(light) if c.dep_ == "dative" and c.pos_ != "ADP"])
        if not targets and noun.dep_ == "appos":
            targets = _actors(document, [_apposed_to(noun)])  # the name the pardon hangs on
    if sources and not targets and best.type not in INNER_SOURCE_TYPES:
        # "signed the African Continental Free Trade Area agreement": the body the agreement sets
        # up or belongs to is the other side (an organisation; a country or city there more often
        # says where: "the Paris agreement")
        names = [c for c in children_of(noun) if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i < noun.i]
        targets = [a for a in _actors(document, names) if a[0].type == "organization" and not _names_a_place(document, a[1])]
    if not targets and noun.dep_ == "pobj" and noun.head.lower_ == "of":
        # "Mahan has been the subject of US sanctions", "the embassy was the target of an attack":
        # who the copula's subject is, the event befalls
        role = noun.head.head
        if role.lemma_.lower() in (lex.coder.get("patient_nouns") or ()) and role.dep_ == "attr" and role.head.pos_ in ("AUX", "VERB"):
            targets = _actors(document, [c for c in children_of(role.head) if c.dep_ == "nsubj"])
    if not targets and noun.dep_ == "pobj" and noun.head.lower_ == "under" and noun.head.head.lemma_.lower() in ("be", "remain", "come", "fall", "stay"):
        # "Turkey is already under EU sanctions", "the convoy came under attack": the event
        # befalls the subject
        targets = [t for t in _actors(document, [c for c in children_of(noun.head.head) if c.dep_ == "nsubj"]) if all(t[0].id != s[0].id for s in sources)]
    if sources and not targets and noun.dep_ == "pobj" and (
        best.clause_is_target or noun.head.lower_ in (lex.coder.get("concessive_preps") or ()) and best.type in EVALUATIONS
    ):
        # "the Queen suspended parliament at the behest of Johnson": the one asked is who acts;
        # "Erdogan pledged it despite criticism by UNESCO": what is criticised is the subject's doing
        head = noun.head.head
        if head.pos_ in ("VERB", "AUX"):
            subject, passive = _climb_subject(head)
            if subject is not None and not passive:
                targets = _actors(document, [subject])
            elif passive:  # "parliament was suspended by the Queen at the request of Johnson"
                targets = _actors(document, _prep_objects(head, ["by"]))
        elif head.pos_ in ("NOUN", "PROPN"):
            # "the prorogation of parliament by the Queen at the request of Johnson": the act's
            # "by" phrase, before the request (the parse may hang the request on a noun above it)
            agents = [t for t in subtree_of(head) if t.i < noun.i and t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.head.pos_ == "NOUN"]
            targets = _actors(document, agents[-1:])
    if verb_is_light and not targets and (
        (noun.dep_ == "pobj" and noun.head.lower_ == "with") or (noun.dep_ in ("dobj", "obj") and any(c.dep_ == "auxpass" for c in children_of(light)))
    ):
        # "Iran was hit with new sanctions", "Hall was granted clemency by Trump": the passive's
        # subject is whom it befalls (its "by" agent, when named, is the source already, above)
        targets = _actors(document, [c for c in children_of(light) if c.dep_ == "nsubjpass"])
    if best.reverse and not targets and best.type in INNER_SOURCE_TYPES:
        # "received Iranian assistance": the giver, still inside the noun phrase, is the other side
        modifiers = [c for c in children_of(noun) if c.dep_ in ("amod", "compound", "nmod") and not _names_a_place(document, c)]
        targets = [a for a in _actors(document, modifiers) if all(a[0].id != s[0].id for s in sources)]
    elif not sources and best.type in INNER_SOURCE_TYPES:
        # "U.S. sanctions", "Israeli airstrikes": the actor inside the noun phrase does it
        modifiers = [c for c in children_of(noun) if c.dep_ in ("amod", "compound", "nmod") and not _names_a_place(document, c)]
        sources = _actors(document, modifiers)
    targets = [t for t in targets if all(t[0].id != s[0].id for s in sources)]
    if best.reverse:
        sources, targets = targets, sources
    evidence = [noun] + [t for _, t in sources + targets]
    if verb_is_light:
        evidence.append(light)
    start, end = _span(evidence, sent)
    return Candidate(best, noun, light if verb_is_light else None, sources, targets, start, end, nominal=True)


def _demand_candidate(document: Document, verb, lex: Lexicon, sent) -> Optional[tuple[Candidate, Any]]:
    """"Rouhani said foreign powers should get out of the region", "Merkel said Russia must
    release them", "… needs to leave": a speaker saying that someone should or must act demands
    it of them (coder.yaml ``demand``), whatever the act; the act itself is not asserted. With
    the clause it governs, which codes nothing more."""
    rule = lex.coder.get("demand") or {}
    # "protesters demanded that the president resign": a verb of demanding with a clause demands
    # the clause's act of its subject, with no modal
    demanding = verb.lemma_.lower() in (rule.get("verbs") or ())
    if lex.demand_pattern is None or verb.lemma_.lower() not in lex.coder["speech_governors"] and not demanding:
        return None
    for clause in children_of(verb):
        if clause.dep_ != "ccomp" or clause.pos_ not in ("VERB", "AUX"):
            continue
        parts = children_of(clause)
        # (the subjunctive's bare verb, which the tagger may read as a present: "urged that Iran
        # allow", not "urged that the talks had failed")
        modal = demanding and clause.tag_ in ("VB", "VBP") or any(c.dep_ == "aux" and c.lower_ in rule["modals"] for c in parts)
        needs = clause.lemma_.lower() in rule["need_verbs"] and any(c.dep_ == "xcomp" for c in parts)
        # "said the first minister should know", "… should have acted": a state of mind, or a
        # reproach for what was not done, asks for no act
        unaskable = clause.lemma_.lower() in (rule.get("stative_verbs") or ()) or any(
            c.dep_ == "aux" and c.lemma_.lower() == "have" and clause.tag_ == "VBN" for c in parts
        )
        if (modal or needs) and not unaskable:
            return _said_of_subject(document, verb, clause, lex.demand_pattern, lex, sent)
        # "Blair said it was time for Mr Livingstone to say sorry": the act it is time for is
        # demanded of whoever the "for" names
        timely = [
            act
            for c in parts
            if c.dep_ == "attr" and c.lemma_.lower() in (rule.get("time_nouns") or ())
            for act in children_of(c)
            if act.dep_ in ("relcl", "acl") and any(m.dep_ == "mark" and m.lower_ == "for" for m in children_of(act))
        ]
        if clause.lemma_.lower() == "be" and timely and not _negated(clause, lex):
            return _said_of_subject(document, verb, timely[0], lex.demand_pattern, lex, sent)
    return None


def _blame_candidate(document: Document, verb, lex: Lexicon, sent) -> Optional[tuple[Candidate, Any]]:
    """"Dela Vega said the Abu Sayyaf Group are the suspected perpetrators", "officials said Iran
    was behind the attack", "Pelosi said Trump had betrayed the country": a speaker saying someone
    is the culprit, or did a wrong, accuses them (coder.yaml ``blame``), with the reported clause,
    which codes nothing more."""
    if lex.blame_pattern is None or verb.lemma_.lower() not in lex.coder["speech_governors"]:
        return None
    rule = lex.coder["blame"]  # the pattern is made from it
    for clause in children_of(verb):
        if clause.dep_ == "ccomp" and clause.lemma_.lower() in (rule.get("verbs") or ()) and not _negated(clause, lex):
            # "Pelosi said Trump had betrayed the country", "Ukraine said Russia violated the
            # ceasefire": a wrong said of someone, no event of its own, accuses them
            return _said_of_subject(document, verb, clause, lex.blame_pattern, lex, sent)
        if clause.dep_ != "ccomp" or clause.lemma_.lower() != "be":
            continue
        parts = children_of(clause)
        # ("the crash was "likely" Iran's doing": the parse hangs the noun on the quoted adverb)
        nouns = [c for c in parts if c.dep_ == "attr"] + [
            g for c in parts if c.dep_ == "acomp" for g in children_of(c) if g.dep_ in ("ccomp", "attr", "dobj") and g.lemma_.lower() in (rule.get("owned_nouns") or ())
        ]
        for noun in nouns:
            if not _negated(clause, lex) and (
                noun.lemma_.lower() in (rule.get("owned_nouns") or ())
                or noun.lemma_.lower() in (rule.get("authored_nouns") or ()) and _hostile_subject(clause, lex)
            ):
                # "Trump said it was China's fault", "… the attack was the work of Hamas": whose
                # fault or doing it is, is accused
                owners = [g for g in children_of(noun) if g.dep_ == "poss"] + _prep_objects(noun, ["of"])
                if owners:
                    return _said_of_subject(document, verb, clause, lex.blame_pattern, lex, sent, culprits=owners)
        if _names_a_culprit(clause, lex):
            return _said_of_subject(document, verb, clause, lex.blame_pattern, lex, sent)
    for kind, pattern in lex.judgement_patterns.items():
        for clause in children_of(verb):
            if clause.dep_ == "ccomp" and _judges(clause, lex, kind) and not _codes_here(document, clause, lex, sent):
                found = _said_of_subject(document, verb, clause, pattern, lex, sent, owners=True)
                # the news attribution ("…, a senior official said") is no actor's judgement
                if found is not None and all(a.named and a.sector != "MED" for a, _ in found[0].sources):
                    return found
    return None


def _names_a_culprit(clause, lex: Lexicon) -> bool:
    """A copula clause, not negated, that calls its subject the culprit (coder.yaml ``blame``:
    "are the suspected perpetrators", "were responsible for the deaths", "was behind the attack")."""
    rule = lex.coder["blame"]
    if clause.lemma_.lower() != "be" or _negated(clause, lex):
        return False
    if any(c.dep_ == "aux" and c.lower_ in lex.coder["modal_auxiliaries"] for c in children_of(clause)):
        return False  # "workers would be responsible for the entire product": a duty to come, no culprit
    return any(
        c.dep_ == "attr" and c.lemma_.lower() in rule["nouns"]
        or c.dep_ == "acomp" and c.lemma_.lower() in rule["adjectives"] and _answers_for_a_wrong(c, lex)
        or c.dep_ == "prep" and c.lower_ in rule["preps"]
        for c in children_of(clause)
    )


def _answers_for_a_wrong(adjective, lex: Lexicon) -> bool:
    """"responsible", "accountable" for a hostile act or a harm (coder.yaml ``blame.harms``), or
    for nothing named ("said Russia was responsible"); not "responsible for the entire product"."""
    answered = _prep_objects(adjective, ["for"])
    if not answered:
        return True
    harms = lex.coder["blame"].get("harms") or ()
    for noun in answered:
        lemma = noun.lemma_.lower()
        if lemma in harms or any(p.type in lex.coder["hostile_types"] for p in lex.nouns.get(lemma, ())):
            return True
        if noun.pos_ == "VERB" or any(c.dep_ == "pcomp" for c in children_of(noun.head)):
            return True  # "responsible for killing …": an act, read by its verb
    return False


# Judgements a speaker makes of someone (coder.yaml): denial rejects their claim, disapproval
# criticizes, approval supports.
JUDGEMENTS = ("denial", "disapproval", "approval")  # the narrowest first: a claim called a lie is denied


def _judges(clause, lex: Lexicon, kind: str) -> bool:
    """The clause, not negated nor told by a modal, calls its subject, or what its subject did,
    wrong (coder.yaml ``disapproval``: "Trump's declaration is unconstitutional", "… is a
    disgrace", "Mr Blair has abandoned the workers", "treats the rule of law with contempt"),
    right (``approval``: "the strike was justified"), or, of a claim, false (``denial``)."""
    rule = lex.coder[kind]
    if clause.pos_ not in ("VERB", "AUX") or _negated(clause, lex):
        return False
    if rule.get("judged") and not any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in rule["judged"] for c in children_of(clause)):
        return False  # "the accusations were baseless": only a claim is denied
    if any(c.dep_ == "aux" and c.lower_ in lex.coder["modal_auxiliaries"] for c in children_of(clause)):
        return False  # "Arnor will abandon ties", "could harm": a prediction, no judgement
    lemma = clause.lemma_.lower()
    parts = children_of(clause)
    if lemma in (rule.get("verbs") or ()) or kind == "disapproval" and lemma in (lex.coder.get("blame", {}).get("verbs") or ()):
        return True
    if lemma == "be" and (
        _predicate_adjectives(parts) & set(rule["adjectives"])
        or any(c.dep_ == "attr" and bool(_judgement_words(c) & set(rule["nouns"])) for c in parts)
    ):
        return True
    if lemma in (rule.get("broken") or {}).get("verbs", ()) and any(
        c.dep_ in ("dobj", "obj") and c.lemma_.lower() in rule["broken"]["objects"] for c in parts
    ):
        return True  # "has broken the pledges he made"
    shown = rule.get("shown") or {}
    if lemma in (shown.get("verbs") or ()) and any(
        c.dep_ in ("dobj", "obj") and (_judgement_words(c) & (set(rule["nouns"]) | set(shown.get("objects") or ()))) for c in parts
    ):
        return True  # "the court demonstrated a shocking ignorance of the technology", "raises critical questions"
    # "treats the rule of law with contempt" (the parse may hang the phrase on the object)
    phrases = [c for c in parts if c.dep_ == "prep"] + [p for c in parts if c.dep_ in ("dobj", "obj") for p in children_of(c) if p.dep_ == "prep"]
    return any(g.dep_ == "pobj" and g.lemma_.lower() in (rule.get("manner_nouns") or ()) for c in phrases for g in children_of(c))


def _predicate_adjectives(parts) -> set[str]:
    """The lemmas of a copula's adjectives, and the hyphenated words the tokenizer cut into
    several of them ("is anti - democratic" is "anti-democratic")."""
    adjectives = [c for c in parts if c.dep_ == "acomp"]
    found = {c.lemma_.lower() for c in adjectives}
    run: list = []
    for c in adjectives + [None]:
        if c is not None and (not run or c.i == run[-1].i + 1):
            run.append(c)
            continue
        if len(run) > 1:
            found.add("".join(t.lower_ for t in run))
        run = [c] if c is not None else []
    return found


def _judgement_words(token) -> set[str]:
    """The forms a judging word is looked up by: itself, its lemma, and with its modifiers ("a
    true friend", "the right decision", "witch hunt")."""
    modified = " ".join(t.lower_ for t in subtree_of(token) if t.dep_ in ("compound", "amod") and t.head.i == token.i or t.i == token.i)
    words = {token.lower_, token.lemma_.lower(), modified}
    if token.lemma_.lower() in ("act", "display", "example", "case", "form", "kind", "sign"):
        # "an act of inexplicable barbarity", "a display of contempt": what kind of act it is
        words |= {g.lemma_.lower() for g in _prep_objects(token, ["of"])}
    return words


def _codes_here(document: Document, verb, lex: Lexicon, sent) -> bool:
    """The verb codes an event of its own here, which the conventions then read (a hostile act
    said of Y is X ACCUSE Y already): no judgement is made of it as well."""
    candidate = _verb_candidate(document, verb, lex, sent)
    return candidate is not None and candidate.pattern.type is not None


def _quoted_judgement(document: Document, sent, lex: Lexicon) -> Optional[Candidate]:
    """A sentence of a direct quote whose main clause judges someone (``_judges``): the quote's
    speaker criticizes or supports them ("'Mr Blair has forgotten the taxpayers,' he said" is
    read by the speech verb; this is a quote's sentence on its own, as after a colon)."""
    root = sent.root
    if root.lemma_.lower() in lex.coder["speech_governors"]:
        return None
    kind = next((k for k in lex.judgement_patterns if _judges(root, lex, k)), None)
    # "General Soleimani and his Quds Force were responsible for the deaths of hundreds": the
    # speaker names the culprits
    blamed = kind is None and lex.blame_pattern is not None and _names_a_culprit(root, lex)
    if (kind is None and not blamed) or _codes_here(document, root, lex, sent):
        return None
    quote = next((q for q in document.quotes if q.kind == "direct" and q.speaker and q.start <= root.idx < q.end), None)
    speaker = document.actor(quote.speaker) if quote is not None else None
    if speaker is None or not speaker.named:
        return None
    targets = [t for t in _judged(document, root) if t[0].id != speaker.id and not _own_country(speaker, t[0])]
    if not targets:
        return None
    start, end = _span([root, *(t for _, t in targets)], sent)
    pattern = lex.blame_pattern if blamed else lex.judgement_patterns[kind]
    return Candidate(pattern, root, root, [(speaker, root)], targets, start, end, nominal=False)


def _refused_act_candidate(document: Document, verb, lex: Lexicon, sent) -> Optional[tuple[Candidate, Any]]:
    """"Barr and Ross refused to hand over the documents", "declined to testify before the
    committee": refusing an act that codes no event of its own is a rejection (CAMEO 12,
    coder.yaml ``negated_cooperation``) of whom the act was for, or of the request it answers
    (``_answer_request``). Not a refusal to speak ("declined to comment": coder.yaml
    ``refusal_non_acts``)."""
    if verb.lemma_.lower() not in lex.coder["refusal_governors"] or lex.demand_pattern is None or _negated(verb, lex):
        return None
    acts = [c for c in children_of(verb) if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    if not acts or acts[0].lemma_.lower() in lex.refusal_non_acts or _verb_candidate(document, acts[0], lex, sent) is not None:
        return None
    subject, passive = _climb_subject(verb)
    if subject is None or passive:
        return None
    # (the subject's own words name the refuser: "In Antwerp, Belgium, a doctor refused to treat"
    # is no refusal of Belgium's)
    refusers = [a for a in _actors(document, [subject]) if a[0].type != "document" and any(subject.left_edge.idx <= m.start < subject.right_edge.idx + len(subject.right_edge) for m in a[0].mentions)]
    if not refusers:
        return None
    own = {a.id for a, _ in refusers}
    targets = [t for t in _actors(document, _prep_objects(acts[0], ["to", "before", "with"])) if t[0].id not in own]
    start, end = _span([verb, acts[0], *(t for _, t in refusers + targets)], sent)
    return Candidate(_rejection_pattern(lex, "hand:refused-act"), verb, verb, refusers, targets, start, end, nominal=False), acts[0]


def _rejection_pattern(lex: Lexicon, pattern_id: str) -> Pattern:
    """The demand pattern recoded as a rejection (coder.yaml ``negated_cooperation``): what a
    refusal candidate codes."""
    rule = lex.coder["negated_cooperation"]
    return replace(lex.demand_pattern, id=pattern_id, cameo=rule["cameo"], type=rule["type"])


def _answer_request(document: Document, event: Event, earlier: list[Event]) -> None:
    """A refusal with no one named ("Barr and Ross refused to hand over the documents") answers
    the last request of its paragraph made of the refusers or of no one named ("the committee
    authorized subpoenas for the documents"): its maker is the target."""
    if event.type != "REJECT" or event.target or not event.source:
        return
    layer = document.layer
    home = layer.paragraph_of(event.start)
    for e in reversed(earlier):
        if layer.paragraph_of(e.start) != home:
            return
        if e.type == "REQUEST" and e.source and e.source != event.source and e.target in (None, event.source):
            event.target, event.target_name = e.source, e.source_name
            return


def _refusal_candidate(document: Document, verb, lex: Lexicon, sent) -> Optional[tuple[Candidate, Any]]:
    """"The government asked Judge Miller to delay his ruling, but he declined": a refusal with no
    act of its own, joined to a request, rejects the request (CAMEO 12, coder.yaml
    ``negated_cooperation``) and its maker."""
    if verb.lemma_.lower() not in lex.coder["refusal_governors"] or verb.dep_ != "conj" or lex.demand_pattern is None:
        return None
    parts = children_of(verb)
    if any(c.dep_ in ("xcomp", "ccomp", "dobj", "obj") for c in parts):
        return None  # "declined to comment", "rejected the plan": the act refused is its own
    request = verb.head
    asked = _verb_candidate(document, request, lex, sent) if request.pos_ == "VERB" else None
    if asked is None or asked.pattern.type != "REQUEST" or not asked.sources:
        return None
    refusers = _actors(document, [c for c in parts if c.dep_ == "nsubj"]) or asked.targets
    targets = [a for a in asked.sources if all(a[0].id != r[0].id for r in refusers)]
    if not refusers or not targets:
        return None
    start, end = _span([verb, *(t for _, t in refusers + targets)], sent)
    return Candidate(_rejection_pattern(lex, "hand:refusal"), verb, verb, refusers, targets, start, end, nominal=False), verb


def _favor_candidate(document: Document, verb, lex: Lexicon, sent, lemma: Optional[str] = None) -> Optional[tuple[Candidate, Any]]:
    """"The Supreme Court ruled in favor of the administration": a ruling for a side supports it
    (CAMEO 051); "issued a ruling finding in favor of a lawsuit filed by the Senate against
    Pierluisi": a ruling for a suit is against whom the suit is (the gold's convention: a ruling
    against a party is ACCUSE). coder.yaml ``favor``: the verbs and the nouns of suits."""
    rule = lex.coder.get("favor") or {}
    if (lemma or verb.lemma_.lower()) not in (rule.get("verbs") or ()) or _negated(verb, lex):
        return None
    favor = [g for g in _prep_objects(verb, ["in"]) if g.lemma_.lower() in ("favor", "favour")]
    if not favor and verb.pos_ == "NOUN" and verb.head.pos_ == "VERB":
        # ("issued a ruling finding in favor of …": the phrase hung on the issuing, right after)
        favor = [g for g in _prep_objects(verb.head, ["in"]) if g.lemma_.lower() in ("favor", "favour") and g.head.i == verb.i + 1]
    benefits = _prep_objects(favor[0], ["of"]) if favor else []
    if not benefits:
        return None
    subject, passive = _climb_subject(verb)
    if subject is None and verb.dep_ in ("dobj", "acl", "xcomp", "advcl") and verb.head.pos_ in ("VERB", "NOUN"):
        # "issued a ruling finding in favor of …": the parse hangs the finding on the issuing
        issuer = verb.head if verb.head.pos_ == "VERB" else verb.head.head
        subject, passive = _climb_subject(issuer) if issuer.pos_ == "VERB" else (None, False)
    sources = _actors(document, [subject]) if subject is not None and not passive else []
    if not sources:
        return None
    benefit = benefits[0]
    if benefit.lemma_.lower() in (rule.get("suit_nouns") or ()):
        against = _prep_objects(benefit, ["against"]) + [g for c in children_of(benefit) if c.dep_ == "acl" for g in _prep_objects(c, ["against"])]
        targets, pattern = _actors(document, against), lex.judgement_patterns.get("disapproval")
    else:
        targets, pattern = _actors(document, [benefit]), lex.judgement_patterns.get("approval")
    targets = [t for t in targets if all(t[0].id != a.id for a, _ in sources)]
    if pattern is None or not targets:
        return None
    start, end = _span([verb, benefit, *(t for _, t in sources + targets)], sent)
    return Candidate(pattern, verb, verb, sources, targets, start, end, nominal=False), favor[0]


def _naming_candidate(document: Document, verb, lex: Lexicon, sent, earlier: Optional[list[Event]] = None) -> Optional[tuple[Candidate, Any]]:
    """"Pelosi called Trump's conduct a breach of his responsibilities", "the scheme has been
    branded a disgraceful waste by MPs": naming someone, or what someone did, by a word of
    disapproval (coder.yaml ``disapproval``) criticizes them; by one of approval ("called Trump's
    order decisive", ``approval``) supports them."""
    lemma = verb.lemma_.lower()
    kinds = [k for k in lex.judgement_patterns if lemma in (lex.coder[k].get("naming_verbs") or ())]
    if not kinds or _negated(verb, lex):
        return None
    parts = children_of(verb)
    passive = [c for c in parts if c.dep_ == "nsubjpass"]
    objects = passive or [c for c in parts if c.dep_ in ("dobj", "obj")]
    if not objects:
        # "called Trump's order swift, forceful and decisive", the parse taking the order for
        # the complement: the noun is what is named, its adjectives what it is called
        objects = [c for c in parts if c.dep_ == "oprd" and c.pos_ in ("NOUN", "PROPN") and any(g.dep_ in ("amod", "conj") and g.pos_ == "ADJ" for g in children_of(c))]
    complements = [c for c in parts if c.dep_ in ("oprd", "xcomp", "acomp") and c not in objects or passive and c.dep_ in ("dobj", "obj", "attr")]
    # (the parse may take the name for the object's apposition: "called the decision by Turkey a mistake")
    complements += [c for o in objects for c in children_of(o) if c.dep_ == "appos"]
    # (or for adjectives after it: "called Trump's order swift, forceful and decisive")
    complements += [c for o in objects for c in subtree_of(o) if c.dep_ in ("amod", "conj") and c.pos_ == "ADJ" and c.i > o.i]
    complement, kind = next(
        (
            (c, k)
            for k in kinds
            for c in complements
            if _judgement_words(c) & (set(lex.coder[k]["adjectives"]) | set(lex.coder[k]["nouns"]))
            and (not lex.coder[k].get("judged") or any(o.lemma_.lower() in lex.coder[k]["judged"] for o in objects))
        ),
        (None, None),
    )
    if complement is None or kind is None or not objects:
        return None
    if passive:
        speakers = [g for t in subtree_of(verb) if t.dep_ == "agent" or t.lower_ == "by" and t.dep_ == "prep" for g in children_of(t) if g.dep_ == "pobj"]
    else:
        # ("found the strike justified and called Trump's order decisive": a shared subject)
        subject, subject_passive = _climb_subject(verb)
        speakers = [subject] if subject is not None and not subject_passive else []
        if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and not _actors(document, speakers[:1]):
            # "Netanyahu found the strike justified and called …": the parse hangs the second verb
            # on the clause the first governs; the subject is the first verb's
            subject, subject_passive = _climb_subject(verb.head.head)
            speakers = [subject] if subject is not None and not subject_passive else []
    sources = _actors(document, speakers[:1])
    targets = [t for t in _judged_nouns(document, objects) if all(t[0].id != a.id for a, _ in sources)]
    if not targets and earlier:
        # "called the stabbing 'an act of inexplicable barbarity'": naming an act told before
        # judges who did it
        targets = [t for t in _refers_to_event(document, objects[0], lex, earlier) if all(t[0].id != a.id for a, _ in sources)]
    if not sources or not targets:
        return None
    start, end = _span([verb, complement, *(t for _, t in sources + targets)], sent)
    return Candidate(lex.judgement_patterns[kind], verb, verb, sources, targets, start, end, nominal=False), complement


def _judged(document: Document, clause) -> list[tuple[Actor, Any]]:
    """Whom a judging clause judges: its subject, or the owner of a subject that is a thing
    ("Trump's declaration", "the behaviour of my colleagues", "the Tory plans")."""
    return _judged_nouns(document, [c for c in children_of(clause) if c.dep_ in ("nsubj", "nsubjpass")])


def _judged_nouns(document: Document, nouns: list) -> list[tuple[Actor, Any]]:
    """The actors the nouns name or, for a noun that is a thing, its owner's ("Trump's
    declaration", "the behaviour of my colleagues", "the decision by Turkey")."""
    subjects = [c for c in nouns if c.lower_ not in FIRST_PERSON and c.lower_ not in ("it", "this", "that", "there")]
    found = _actors(document, subjects)
    if found and any(a.type != "document" for a, _ in found):
        return found
    # "Trump's declaration is unconstitutional": a document judged is its issuer's doing
    owners = [
        g
        for subject in subjects
        for c in children_of(subject)
        for g in (
            [c]
            if c.dep_ == "poss" and c.lower_ not in FIRST_PERSON or c.dep_ == "compound" and c.pos_ == "PROPN"
            else [x for x in children_of(c) if x.dep_ == "pobj"]
            if c.dep_ == "prep" and c.lower_ in ("of", "by")
            # "the state of emergency Trump declared": who made it
            else [x for x in children_of(c) if x.dep_ == "nsubj" and x.pos_ != "PRON"]
            if c.dep_ == "relcl" and c.tag_ != "VBN"
            else []
        )
    ]
    resolved = _actors(document, owners)
    if not resolved:
        # "the Supreme Court ruled against its initial attempt": "its", "their" unresolved by the
        # actors stage, as the body the story spoke of last
        resolved = [a for o in owners if o.pos_ == "PRON" and o.lower_ in ("its", "their") for a in _possessive_owner(document, o)]
    # ("the ruling is particularly unwelcome": a document no one is named for is no side judged)
    return resolved or [f for f in found if f[0].named or f[0].type != "document"]


def _possessive_owner(document: Document, pronoun) -> list[tuple[Actor, Any]]:
    """The body "its"/"their" stands for: the latest organization, country or group that is a
    subject in the pronoun's sentence before it or in the two sentences before, other than the
    subject of the pronoun's own clause (a court does not rule against its own attempt)."""
    clause = pronoun.head
    for _ in range(6):  # (spaCy makes a new Token for each .head: compare positions, never identity)
        if clause.pos_ in ("VERB", "AUX") or clause.head.i == clause.i:
            break
        clause = clause.head
    own_subject, _ = _climb_subject(clause) if clause.pos_ in ("VERB", "AUX") else (None, False)
    sent = pronoun.sent
    # (two sentences back: the parse cuts a sentence at a quoted question)
    window: list = []
    first = sent
    for _ in range(2):
        if first.start == 0:
            break
        first = sent.doc[first.start - 1].sent
        window = list(first) + window
    window += [t for t in sent if t.i < pronoun.i]
    found: list[tuple[Actor, Any]] = []
    for t in window:
        if t.dep_ not in ("nsubj", "nsubjpass") or (own_subject is not None and t.i == own_subject.i):
            continue
        actor = _actor_of(document, t, follow_preps=False)
        if actor is not None and actor.type in ("organization", "country", "group"):
            found = [(actor, t)]
    return found


def _hostile_subject(clause, lex: Lexicon) -> bool:
    """The clause's subject is an event noun of a hostile type ("the attack", "the bombing")."""
    hostile = lex.coder["hostile_types"]
    return any(
        c.dep_ == "nsubj" and any(p.type in hostile for p in lex.nouns.get(c.lower_, ()))
        for c in children_of(clause)
    )


def _said_of_subject(
    document: Document, verb, clause, pattern: Pattern, lex: Lexicon, sent, owners: bool = False, culprits: Optional[list] = None
) -> Optional[tuple[Candidate, Any]]:
    """The speaker of ``verb`` does ``pattern``'s event to the subject of the clause it reports
    (``owners``: or to the owner of a subject that is a thing, ``_judged``; ``culprits``: or to
    these tokens of the clause, "it was China's fault")."""
    subjects = [c for c in children_of(clause) if c.dep_ == "nsubj" and c.lower_ not in FIRST_PERSON]
    if culprits is not None:
        targets = _actors(document, culprits)
    else:
        targets = _judged(document, clause) if owners else _actors(document, subjects)
    subject, passive = _climb_subject(verb)
    if subject is None or passive or not targets:
        return None
    sources = _actors(document, [subject]) or _pronoun_speaker(document, subject, verb, lex)
    # "Johnson has stated that Britain must leave": a leader on what his own country must do asks
    # no one
    targets = [t for t in targets if all(t[0].id != s[0].id and not _own_country(s[0], t[0]) for s in sources)]
    if not sources or not targets:
        return None
    start, end = _span([verb, subject, *subjects, clause], sent)
    return Candidate(pattern, verb, verb, sources, targets, start, end, nominal=False), clause


def _is_embedded_under_event(token, coded: set[int]) -> bool:
    """A verb whose governor already coded an event ("threatened to strike", "agreed to meet"):
    the governor's event stands for both."""
    for gov in _governors(token)[:2]:
        if gov.i in coded:
            return True
    return False


def _claimed_by(document: Document, start: int, end: int) -> Optional[str]:
    for q in document.quotes:
        if q.start <= start and end <= q.end and q.speaker:
            return q.speaker
    return None


def _own_country(source: Actor, target: Actor) -> bool:
    """The source is a person and the target that person's country ("Trump withdrew the US from
    the deal"). Not the other way round: "Hong Kong police arrested Joshua Wong", "Russia jailed
    Navalny" is a state acting on its own citizen."""
    return source.type == "person" and target.type == "country" and bool(source.country) and source.country == target.country


def _nested_under(token, lex: Lexicon) -> tuple[Optional[str], Any]:
    """The nearest governor that carries a convention: ("intent", verb) for "wants to attack"
    (or the adjective of "is ready to attack"), ("speech", verb) for "said Y attacked Z";
    (None, None) otherwise."""
    for gov in _governors(token):
        if _intent_adjective(gov, lex):
            return "intent", gov
        if gov.pos_ not in ("VERB", "AUX"):
            continue
        lemma = gov.lemma_.lower()
        if lemma in lex.coder["intent_governors"]:
            return "intent", gov
        if lemma in lex.speech_governors or lemma in lex.citing_verbs and token.pos_ == "NOUN":
            return "speech", gov
    return None, None


def _yet_to_be_done(verb, lex: Lexicon) -> bool:
    """"Trump has yet to concede", "is yet to respond": an act not done so far (coder.yaml
    ``pending_adverbs``' "yet" on the "have"/"be" the verb's "to" clause hangs on)."""
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in ("have", "be"):
        return False
    return any(c.dep_ == "advmod" and c.lower_ == "yet" for c in (*children_of(verb.head), *children_of(verb)))


def _left_undone(verb, lex: Lexicon) -> bool:
    """The verb is the act of a preposition of coder.yaml ``negating_preps``: "acted without
    consulting Congress" did not consult it."""
    return verb.dep_ == "pcomp" and verb.head.lower_ in lex.negating_preps


def _intent_adjective(token, lex: Lexicon) -> bool:
    """"ready", "willing", "prepared" (coder.yaml ``intent_adjectives``) said of someone: the
    clause under it is an act intended, not done."""
    return token.pos_ == "ADJ" and (token.lower_ in lex.intent_adjectives or token.lemma_.lower() in lex.intent_adjectives)


def _implied_agent(document: Document, candidate: "Candidate", event: Event, earlier: list[Event], lex: Lexicon) -> Optional[Actor]:
    """Who did an act the passive tells without its agent, when the story told it before:
    "Muhandis, who was also killed in the airstrike" (the airstrike told before, by whom);
    "He was further sanctioned in 2011", "Holder was held in contempt", "Johnson was impeached"
    after the same act (same type and CAMEO code) by a named side, of the same target or in the
    same paragraph. None when the story names no one."""
    if not candidate.pattern.hand:
        return None  # (the dictionary's passives include states: "Israel and the Palestinians are engaged")
    verb = candidate.trigger
    for noun in _prep_objects(verb, ["in", "by", "during"]):
        lemma = noun.lemma_.lower()
        same_act = any(p.type == event.type for p in lex.nouns.get(lemma, ()))
        if same_act or lemma in lex.operation_nouns:
            # "was killed in a US counter-terrorism operation", "in an Israeli airstrike": whose
            # the operation is, its modifier says
            owners = [a for a in _actors(document, [c for c in children_of(noun) if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < noun.i]) if a[0].id != event.target]
            if owners:
                return owners[0][0]
        if same_act:
            found = _refers_to_event(document, noun, lex, earlier)
            if found and found[0][0].id != event.target:
                return found[0][0]
    layer = document.layer
    home = layer.paragraph_of(event.start)
    for o in reversed(earlier):
        if o.source is None or o.source == event.target or o.type != event.type or (o.cameo or "")[:3] != (event.cameo or "")[:3]:
            continue
        # the same target; or, of a hand-written act of the very same code, the same paragraph
        # ("Congress voted to hold a Cabinet officer in contempt … Holder was held in contempt")
        if o.target == event.target or o.cameo == event.cameo and layer.paragraph_of(o.start) == home:
            return document.actor(o.source)
    return None


def _for_comment(trigger) -> bool:
    """"a request for comment", "asked for comment": what the press asks."""
    return any(g.lemma_.lower() in ("comment", "comments") for g in _prep_objects(trigger, ["for"]))


def _modified_out_of_event(noun, lemma: str, lex: Lexicon) -> bool:
    """An event noun after a word that makes it none (coder.yaml ``not_event_compounds``: "press
    release"; ``not_event_modifiers``: "a great deal")."""
    words = {"compound": (lex.coder.get("not_event_compounds") or {}).get(lemma, ()), "amod": (lex.coder.get("not_event_modifiers") or {}).get(lemma, ())}
    return any(c.lower_ in words.get(c.dep_, ()) for c in children_of(noun))


def _named_before_plural(candidate: "Candidate") -> bool:
    """Every side of a plural event noun is a name before it ("the G-7, G-20 and APEC summits")."""
    tokens = [t for _, t in candidate.sources + candidate.targets if t is not None]
    return bool(tokens) and all(t.dep_ in ("compound", "nmod", "conj") and t.i < candidate.trigger.i for t in tokens)


def _of_the_press(document: Document, actor_id: Optional[str]) -> bool:
    """The actor is a news outlet (sector MED) or its unnamed people ("a reporter",
    "journalists"); not a named host or columnist, whose urging is a commentator's act ("Fox News
    host Tucker Carlson has urged Trump to …")."""
    actor = document.actor(actor_id) if actor_id else None
    if actor is None:
        return False
    if actor.sector == "MED" and actor.type != "person":
        return True
    words = actor.name.lower().split()
    return bool(words) and words[-1].rstrip("s") in {"reporter", "journalist", "correspondent", "interviewer"}


def _same_side(document: Document, one: Optional[str], other: Optional[str]) -> bool:
    """The same actor, or a country and its own forces or government ("US military forces killed
    Soleimani … The United States carried out the airstrike"): one side of a story's act (read
    of an event noun told again, not of a verb's new act: "Maliki vowed to fight …")."""
    if one is None or other is None:
        return False
    if one == other:
        return True
    a, b = document.actor(one), document.actor(other)
    if a is None or b is None or not a.country or a.country != b.country:
        return False
    return "country" in (a.type, b.type)


def _inside_a_name(document: Document, token) -> bool:
    """The token is one word of a longer name the actors stage found."""
    return any(
        m.kind == "name" and (m.end - m.start) > len(token.text)
        for m in document.mentions_overlapping(token.idx, token.idx + len(token.text))
    )


def _names_a_place(document: Document, token) -> bool:
    """A modifier mentioned as a city standing for its country ("a Kabul car bombing"): there it
    says where, not who."""
    return any(m.kind == "capital" and m.start <= token.idx < m.end for m in document.mentions)


def _is_act_noun(document: Document, token) -> bool:
    """A gerund noun ("coddling", "shelling") that is no actor's mention: it names an act."""
    return (
        token.pos_ == "NOUN"
        and token.tag_ == "NN"
        and token.lower_.endswith("ing")
        and document.actor_at(token.idx, token.idx + len(token)) is None
    )


def _claim_noun(token, lex: Lexicon):
    """The noun whose content clause the token heads ("the claims that Y hacked Z", "reports
    that X had shelled Y"), when it is one of coder.yaml ``claim_nouns``; else None. A relative
    clause ("the claims that were made") is not content: its "that" is a subject, not a mark."""
    head = token.head
    if token.dep_ not in ("acl", "relcl", "ccomp") or head is token or head.pos_ != "NOUN":
        return None
    if head.lemma_.lower() not in lex.coder.get("claim_nouns", ()):
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in children_of(token)):
        return None
    return head


def _claim_owners(document: Document, noun) -> list[tuple[Actor, Any]]:
    """Who makes the claim: its possessive ("Russia's claims"), its "of"/"by" phrase."""
    owners = [c for c in children_of(noun) if c.dep_ == "poss"]
    return _actors(document, owners) or _actors(document, _prep_objects(noun, ["by", "of", "from"]))


@dataclass
class Coded:
    """What an event candidate finally codes as, once the conventions are applied."""

    type: str
    cameo: Optional[str]
    sources: list
    targets: list
    mode: str
    negated: bool


def _reciprocal(token) -> bool:
    """"each other", "one another"."""
    return token.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in children_of(token))


def _asks_a_question(verb) -> bool:
    """The verb's clause is an indirect question ("ask whether …", "asked him why …", "wondered
    what …"): marked by "whether"/"if" or opened by a wh-word; or the verb asks no one for nothing
    ("'…?' Feinstein asked": the words of a question)."""
    if not any(c.dep_ in ("dobj", "obj", "dative", "xcomp", "ccomp", "prep", "advcl") for c in children_of(verb)) and not any(
        c.dep_ == "nsubjpass" for c in children_of(verb)
    ):
        return True
    for c in children_of(verb):
        if c.dep_ != "ccomp":
            continue
        opener = c.doc[c.left_edge.i]
        if opener.lower_ in ("whether", "if") or opener.tag_ in ("WDT", "WP", "WP$", "WRB"):
            return True
    return False


def _own_members(sources: list, lex: Lexicon) -> bool:
    """A source named as the speaker's own people by a possessive ("The Taliban said its members
    carried out the bombing", "… their fighters"): a claim of the act, no accusation of anyone."""
    return any(
        token is not None and token.lemma_.lower() in lex.own_member_nouns
        and any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in children_of(token))
        for _, token in sources
    )


def _speaks_for(document: Document, speakers: list, sources: list) -> bool:
    """A speaker telling of an act by the body or country they speak for ("The OIC condemned the
    attack, OIC head Yousef Al-Othaimeen said", "Iran seized the tanker, Iranian foreign minister
    Zarif said"): the act is told by its own side, no accusation of it."""
    for speaker, token in speakers:
        for source, _ in sources:
            if speaker.affiliation == source.id:
                return True
            if _own_country(speaker, source):
                return True
            # the body named in the speaker's own phrase ("OIC head", "the ministry's spokesman")
            if token is not None and any(
                c.dep_ in ("compound", "poss", "nmod", "amod") and (a := document.actor_at(c.idx, c.idx + len(c))) is not None and a.id == source.id
                for c in subtree_of(token)
                if c is not token
            ):
                return True
    return False


def _in_words(c: Candidate, rule: Optional[dict]) -> bool:
    """An attack whose sides are all people or bodies of politics, none a country (coder.yaml
    ``verbal_attack``): "The Tories attacked Labour" is criticism. A side the text gives no
    sector may be anyone ("a man attacked the mayor"), so every side must be political."""
    if not rule or c.nominal or c.pattern.type != "ASSAULT" or c.trigger.lemma_.lower() not in rule["verbs"]:
        return False
    if any(a.dep_ == "advmod" and a.lower_ in (rule.get("verbal_adverbs") or ()) or a.dep_ == "prep" and a.lower_ == "as" for a in children_of(c.trigger)):
        return True  # "I attack Michael Howard politically", "attacked by the Tories as too little, too late"
    if not c.sources or not c.targets:
        return False
    if not all(a.type != "country" and a.sector in rule["political_sectors"] for a, _ in c.sources):
        return False
    # a politician attacking a person or body that bears no arms ("Blair attacked Tory leader
    # Michael Howard") speaks; attacking rebels or troops need not
    armed = set(rule.get("armed_sectors") or ())
    return all(a.type in ("person", "organization") and a.sector not in armed for a, _ in c.targets)


def _apply_conventions(document: Document, c: Candidate, mode: str, negated: bool, lex: Lexicon) -> Coded:
    """Negation, intent and speech as the field codes them (coder.yaml): a negated cooperative
    event is REJECT; an intended one ("wants to", "plans to", "vowed to") is THREATEN when hostile
    and AGREE when cooperative; "X said Y attacked Z" is X ACCUSE Y; "X said it will send aid to
    Y" is X AGREE Y. Anything else codes as it is."""
    coder = lex.coder
    kind = "cooperative" if c.pattern.type in coder["cooperative_types"] else "hostile" if c.pattern.type in coder["hostile_types"] else None
    coded = Coded(c.pattern.type, c.pattern.cameo, c.sources, c.targets, mode, negated)
    clause = c.verb if c.verb is not None else c.trigger
    if _in_words(c, coder.get("verbal_attack")):
        rule = coder["verbal_attack"]
        coded = replace(coded, type=rule["type"], cameo=rule["cameo"])
        kind = "hostile"
    refused = any(g.lemma_.lower() in coder["refusal_governors"] for g in _governors(clause)[:2])
    pending = any(a.dep_ == "advmod" and a.lower_ in coder.get("pending_adverbs", ()) for v in (c.trigger, c.verb) if v is not None for a in children_of(v)) or _yet_to_be_done(clause, lex)
    # "the president and Congress could not agree", "failed to agree": a mutual event both sides
    # could not bring about is no rejection of one by the other; it stays the mutual type, negated
    # ("Trump and Kim will not meet" is a decision: a rejection between them)
    unable = any(a.dep_ == "aux" and a.lower_ in coder.get("ability_modals", ()) for a in children_of(clause)) or any(
        g.lemma_.lower() == "fail" for g in _governors(clause)[:1]
    )
    failed_together = unable and not refused and c.pattern.type in coder["symmetric_types"] and len(c.sources) > 1 and not c.targets
    # "members of the committee do not all agree on how inquiries work": one side not agreeing
    # with no one named is a disagreement within it, no rejection of anyone
    # (not what is not accepted: "Turkey would not accept the decision" rejects it)
    within = (
        not refused and c.pattern.type in coder["symmetric_types"] and len(c.sources) == 1 and not c.targets
        and not c.nominal and (
            not any(x.dep_ in ("dobj", "obj", "xcomp", "ccomp") for x in children_of(clause))
            # "the committee did not discuss specifics": a topic not discussed rejects no one
            or clause.lemma_.lower() in (coder.get("with_only_verbs") or ())
        )
    )
    failed_together = failed_together or within
    # "acted without consulting Congress": not done, and no refusal of anyone either
    if negated and not failed_together and not _left_undone(clause, lex) and (refused or kind == "cooperative" and not c.nominal and not pending):
        # "would not back the plan", "refused to meet"; not "there was no agreement", which says
        # that an event did not happen rather than that someone rejected it
        rule = coder["negated_cooperation"]
        return replace(coded, type=rule["type"], cameo=rule["cameo"], mode="asserted", negated=False)
    if kind is None or negated:
        return coded
    claim = _claim_noun(clause, lex)
    if claim is not None:
        # "the claims of X that Y hacked Z": X accuses Y, as "X said Y hacked Z"; a claim no one
        # is named for leaves the act alleged, not asserted
        claimants = [a for a in _claim_owners(document, claim) if a[0].named]
        if kind == "hostile" and claimants and c.sources and not {a.id for a, _ in claimants} & {a.id for a, _ in c.sources}:
            rule = coder["speech"]["hostile"]
            return replace(coded, type=rule["type"], cameo=rule["cameo"], sources=claimants[:1], targets=c.sources, mode="asserted")
        return replace(coded, mode=coder.get("claimed_mode", "hypothetical"))
    nest, gov = _nested_under(clause, lex)
    # "will launch an inquiry into X", "plans to criticize": an accusation to come threatens no one
    threat = kind == "hostile" and coded.type not in (coder["intent"].get("no_threat_types") or ())
    if nest == "intent" and (threat or kind == "cooperative"):
        rule = coder["intent"][kind]
        return replace(coded, type=rule["type"], cameo=rule["cameo"], mode="asserted")
    if nest == "speech":
        subject, passive = _climb_subject(gov)
        if (subject is None or passive) and gov.tag_ == "VBN" and not _prep_objects(gov, ["by"]):
            # "it was claimed that …", "claims, asserted without evidence, that Y hacked Z": said
            # by no one the text names, the act is alleged, not asserted
            return replace(coded, mode=coder.get("claimed_mode", "hypothetical"))
        speakers = _actors(document, [subject]) if subject is not None and not passive else []
        # the news attribution ("…, a senior official said", "AFP reported") is no actor's claim
        # (an unnamed body that alleges as an institution counts: "Police alleged the accused
        # performed two attacks"; not the news attribution "militants attacked a checkpoint,
        # officials said", which tells the attack)
        speakers = [
            a for a in speakers
            if (a[0].named or a[0].type in ("group", "organization") and a[0].sector in INSTITUTION_SECTORS and gov.lemma_.lower() in lex.alleging_verbs)
            and a[0].sector != "MED"
        ]
        spoken = {a.id for a, _ in speakers}
        if (
            kind == "hostile" and speakers and c.sources and not spoken & {a.id for a, _ in c.sources}
            and not _speaks_for(document, speakers, c.sources) and not _own_members(c.sources, lex)
        ):
            rule = coder["speech"]["hostile"]
            return replace(coded, type=rule["type"], cameo=rule["cameo"], sources=speakers[:1], targets=c.sources, mode="asserted")
        if kind == "cooperative" and speakers and mode in ("future", "hypothetical"):
            rule = coder["speech"]["cooperative_intent"]
            return replace(coded, type=rule["type"], cameo=rule["cameo"], mode="asserted")
        if threat and spoken & {a.id for a, _ in c.sources} and _says_it_will(clause, lex):
            # "Iran said it would retaliate against the US": a hostile act its doer says it will do
            # is a threat, issued (CAMEO 13)
            rule = coder["intent"]["hostile"]
            return replace(coded, type=rule["type"], cameo=rule["cameo"], mode="asserted")
    if threat and c.sources and _says_it_will(clause, lex):
        # "… I will totally destroy the economy of Turkey", "we would strike back": the speaker's
        # own hostile act to come, in the speaker's own words, is a threat issued
        subject, passive = _climb_subject(clause)
        if subject is not None and not passive and subject.lower_ in FIRST_PERSON and document.layer.in_quotation(subject.idx):
            rule = coder["intent"]["hostile"]
            return replace(coded, type=rule["type"], cameo=rule["cameo"], mode="asserted")
    return coded


def _says_it_will(clause, lex: Lexicon) -> bool:
    """The clause tells an act to come by a modal of will ("will", "would"; coder.yaml
    ``threat_modals``), not of possibility ("he can and may declare an emergency")."""
    modals = lex.coder.get("threat_modals", ())
    return any(a.dep_ == "aux" and a.lower_ in modals for a in children_of(clause))


def _states_negation(pattern: Pattern, lex: Lexicon) -> bool:
    """The pattern's own words hold the negation ("WILL NOT *" [081], "NOT * AID"): its code is
    already that of the act not done, and the negation is not applied a second time."""
    negators = {str(n) for n in lex.coder["negators"]}
    elements = pattern.subject + pattern.object + tuple(e for p in pattern.preps for e in p.elements)
    return any(word & negators for element in elements for alt in element for word in alt)


def _events_from(document: Document, c: Candidate, lex: Lexicon) -> list[Event]:
    mode, negated = _mode_and_negation(c.trigger, c.verb, lex)
    if negated and _states_negation(c.pattern, lex):
        negated = False
        mode = "asserted" if mode == "negated" else mode
    coded = _apply_conventions(document, c, mode, negated, lex)
    mode, negated = coded.mode, coded.negated
    # "announced his resignation in a video broadcast to the U.S. island territory", "would resign
    # leadership of the party": some acts are done to no one (coder.yaml ``one_sided_codes``)
    one_sided = c.pattern.cameo in (lex.coder.get("one_sided_codes") or ())
    sources, targets = coded.sources, [] if one_sided else coded.targets
    pairs: list[tuple[Optional[tuple], Optional[tuple]]] = []
    if not targets and len(sources) > 1 and c.pattern.compound:
        # PETRARCH's "%" ("A and B have delayed their meeting"): each does it to the other
        pairs = [(a, b) for a in sources for b in sources if a[0].id != b[0].id]
    elif not targets and len(sources) > 1 and c.pattern.type in lex.coder["symmetric_types"] and (
        c.nominal or c.trigger.lemma_.lower() not in lex.coder.get("side_by_side_verbs", ())
    ):
        # "Cyprus, Greece and Israel met": each pair met, not only the first named with the rest;
        # between the others only names ("Amash and former governor and Senator Lincoln Chafee":
        # a title read as a conjunct of its own is no second party)
        pairs = [(a, b) for i, a in enumerate(sources) for b in sources[i + 1 :] if i == 0 or a[0].named and b[0].named]
    else:
        for s in sources or [None]:
            for t in targets or [None]:
                pairs.append((s, t))
    text = document.text
    claimed = _claimed_by(document, c.start, c.end)
    subtype, contexts = _plover_fields(document, c, coded, lex)
    events = []
    for s, t in pairs:
        if s is not None and t is not None and _own_country(s[0], t[0]):
            t = None  # "Trump withdrew the US from the deal": a leader and his own country
        if s is None and t is None:
            continue
        events.append(
            Event(
                type=coded.type,
                start=c.start,
                end=c.end,
                cameo=coded.cameo,
                source=s[0].id if s else None,
                source_name=s[0].name if s else None,
                target=t[0].id if t else None,
                target_name=t[0].name if t else None,
                negated=negated,
                mode=mode,
                text=text[c.start : c.end],
                claimed_by=claimed,
                subtype=subtype,
                context=contexts,
            )
        )
    return events


def _plover_fields(document: Document, c: Candidate, coded: "Coded", lex: Lexicon) -> tuple[Optional[str], list[str]]:
    """PLOVER's subtype (the table's mode of the code: "visit", "restrict") and contexts: the
    table's for the code, then those coder.yaml ``context_words`` find in the event's sentence
    ("a ceasefire", "the election", "sanctions")."""
    subtype: Optional[str] = None
    contexts: list[str] = []
    code = coded.cameo or ""
    for n in range(len(code), 1, -1):
        if code[:n] in lex.types:
            subtype = lex.types[code[:n]][1] or None
            contexts.extend(lex.contexts.get(code[:n], ()))
            break
    words = lex.coder.get("context_words") or {}
    if words:
        sent = c.trigger.sent
        keys = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        for context, cues in words.items():
            if context not in contexts and any(all(w in keys for w in str(cue).split()) for cue in cues):
                contexts.append(context)
    return subtype, contexts


def _implicit_dyad(document: Document, c: Candidate, earlier: list[Event], lex: Lexicon) -> list[Event]:
    """An event noun with no participants of its own ("there was no agreement") takes those of the
    last event of the same type shortly before: the text is still talking about that pair."""
    if c.pattern.type not in lex.coder["symmetric_types"]:
        return []
    if any(t.like_num or t.ent_type_ == "DATE" for t in children_of(c.trigger)):
        return []  # "a 1994 agreement": dated, another event than the talks just reported
    known = {a.id for a, _ in c.sources + c.targets}
    window = int(lex.coder.get("implicit_dyad_window", 1500))
    sources_of = (lex.coder.get("implicit_dyad_from") or {}).get(c.pattern.type, [c.pattern.type])
    recent = [e for e in earlier if e.source and e.target and c.start - e.end <= window]
    # the nearest event of the same type, else the nearest of the next type in the list
    ordered = [e for t in sources_of for e in reversed(recent) if e.type == t]
    for e in ordered[:1]:
            s, t = document.actor(e.source), document.actor(e.target)
            if s is None or t is None or (known and not known & {s.id, t.id}):
                return []
            c.sources, c.targets = [(s, None)], [(t, None)]
            return _events_from(document, c, lex)
    return []


def _refers_to_event(document: Document, noun, lex: Lexicon, earlier: list[Event]) -> list[tuple[Actor, Any]]:
    """ "called the meeting disgraceful": criticising an event is criticising who did it."""
    patterns = lex.nouns.get(noun.lemma_.lower())
    # "the operation was condemned": a noun that names no event of its own yet stands for one
    types = set((lex.coder.get("event_reference_nouns") or {}).get(noun.lemma_.lower(), ()))
    if not patterns and not types:
        return []
    types |= {p.type for p in patterns or () if p.type}
    if "ANY" in types:
        types = {e.type for e in earlier} - EVALUATIONS
    # the nearest such event of the same paragraph ("wrote asking … The embassy declined the
    # request"), else the first, of both sides if there is one: in news, the one the story is about
    layer = document.layer
    home = layer.paragraph_of(noun.idx)
    here = sorted((e for e in reversed(earlier) if e.type in types and e.source and layer.paragraph_of(e.start) == home), key=lambda e: e.target is None)
    for e in here[:1] or sorted((e for e in earlier if e.type in types and e.source), key=lambda e: e.target is None):
        actor = document.actor(e.source)
        return [(actor, noun)] if actor else []
    return []


def _act_agent(document: Document, verb, noun, sources: list) -> list[tuple[Actor, Any]]:
    """ "attacked the proclamation of the Golan Heights as Israeli territory by Donald Trump":
    judging an act is judging whom its "by" phrase names. The phrase is the object's, or hangs
    on a noun of the clause after it (the parse often puts it under the last noun before it);
    a passive verb's own "by" is its source, not taken here. In "by the President of the United
    States Donald Trump" the person named, not the country of the title, nor a title the
    coreference gives back to the judge himself."""
    agents = [
        t for t in subtree_of(verb)
        if t.i > noun.i and t.dep_ == "pobj" and t.head.lower_ == "by" and t.head.head.pos_ in ("NOUN", "PROPN")
    ]
    if not agents:
        return []
    own = {actor.id for actor, _ in sources}
    found: list[tuple[Actor, Any]] = []
    for t in subtree_of(agents[0]):
        actor = document.actor_at(t.idx, t.idx + len(t))
        if actor is not None and actor.id not in own and all(actor.id != a.id for a, _ in found):
            found.append((actor, t))
    named = [a for a in found if a[0].named]
    return [a for a in named if a[0].type != "country"][:1] or named[:1] or found[:1]


# Sectors of an unnamed body whose statement is its institution's ("police said", "the military
# said"): a speaker of the speech conventions though it has no name.
INSTITUTION_SECTORS = {"COP", "MIL", "GOV", "JUD", "LEG", "SPY"}


# Event types that judge another event ("called the meeting disgraceful"): their target is
# whoever did the event judged.
EVALUATIONS = {"ACCUSE", "SUPPORT", "REJECT", "PROTEST"}


def _same_paragraph(candidate: "Candidate", layer, text: str) -> None:
    """A fact never spans a blank line: sides from other paragraphs are dropped, the span cut."""
    home = layer.paragraph_of(candidate.trigger.idx)

    def keep(pairs: list) -> list:
        return [p for p in pairs if p[1] is None or layer.paragraph_of(p[1].idx) == home]

    candidate.sources, candidate.targets = keep(candidate.sources), keep(candidate.targets)
    lo, hi = layer.paragraphs[home]
    tokens = [candidate.trigger] + [t for _, t in candidate.sources + candidate.targets if t is not None]
    if candidate.verb is not None:
        tokens.append(candidate.verb)
    candidate.start = max(candidate.start, lo, min(t.idx for t in tokens))
    candidate.end = min(candidate.end, hi)
    while candidate.end > candidate.start and text[candidate.end - 1].isspace():
        candidate.end -= 1


def code(document: Document, lexicons: Optional[Path] = None) -> list[Event]:
    """All events of the document, in text order."""
    lex = lexicon(lexicons)
    doc = document.doc
    if doc is None:
        return []
    events: list[Event] = []
    # acts told with no one doing them ("facilities were hit by drone strikes"), kept for
    # whoever later claims them (_claimed_act_target); never recorded themselves
    agentless: list[tuple[str, Actor, int]] = []  # (type, whom it befell, where its telling ends)
    layer = document.layer
    headline = _headline(document)
    doc_tokens = tokens_of(doc)  # Token objects made once, not on each walk of a sentence
    for sent in doc.sents:
        if headline is not None and sent.start_char < headline[1] and sent.end_char > headline[0]:
            # A headline restates the lead in headline grammar (present tense for the past, "to"
            # for plans, no articles) that the parse misreads: its events are the body's, told again.
            # (Coding the headline's acts by a side the body codes nothing of, last, found one more
            # core event on the dev parts and five more wrong ones: misread names, a capital for
            # its country, a court for its country.)
            continue
        coded: set[int] = set()
        found_in_sentence: list[tuple[Candidate, list[Event]]] = []
        # Event nouns first: "announced an agreement" is coded by the noun and its light verb,
        # which then codes nothing more on its own.
        for token in doc_tokens[sent.start : sent.end]:
            if token.pos_ not in ("NOUN", "PROPN"):
                continue
            lemma = token.lemma_.lower()
            # "cease-fire" (one token, stages/nlp.py) is also the "ceasefire" of the patterns
            patterns = lex.nouns.get(lemma) or lex.nouns.get(token.lower_)
            if "-" in lemma and lemma.replace("-", "") in lex.nouns:
                patterns = [*(patterns or []), *(p for p in lex.nouns[lemma.replace("-", "")] if all(p is not q for q in patterns or []))]
            if patterns and token.pos_ == "PROPN" and _inside_a_name(document, token):
                continue  # "the Popular Mobilization Forces", "Operation Protective Edge": a name's word
            if patterns and _modified_out_of_event(token, lemma, lex):
                continue  # "in a press release": no one released; "it was a great deal": a quantity
            if patterns and token.dep_ == "compound" and token.head.pos_ == "NOUN" and token.head.lemma_.lower() not in lex.nouns:
                continue  # "sexual assault response coordinators": a noun naming another's kind, no act
            if patterns:
                candidate = _noun_candidate(document, token, lex, patterns, sent)
                if candidate is None:
                    continue
                coded.add(token.i)
                if candidate.verb is not None:
                    coded.add(candidate.verb.i)
                found_in_sentence.append((candidate, []))
        for token in doc_tokens[sent.start : sent.end]:
            if token.pos_ == "VERB" and token.i not in coded:
                demand = (
                    _demand_candidate(document, token, lex, sent)
                    or _blame_candidate(document, token, lex, sent)
                    or _naming_candidate(document, token, lex, sent, events)
                    or _favor_candidate(document, token, lex, sent)
                    or _refusal_candidate(document, token, lex, sent)
                    or _refused_act_candidate(document, token, lex, sent)
                )
                if demand is not None:
                    coded.update((token.i, demand[1].i))
                    found_in_sentence.append((demand[0], []))
            elif token.pos_ == "NOUN" and token.lemma_.lower() == "finding" and token.i not in coded:
                # "issued a ruling finding in favor of …": the parse reads the finding as a noun
                favored = _favor_candidate(document, token, lex, sent, lemma="find")
                if favored is not None:
                    coded.update((token.i, favored[1].i))
                    found_in_sentence.append((favored[0], []))
        judged = _quoted_judgement(document, sent, lex) if sent.root.i not in coded else None
        if judged is not None:
            coded.add(sent.root.i)
            found_in_sentence.append((judged, []))
        for token in doc_tokens[sent.start : sent.end]:
            if token.pos_ != "VERB" or token.i in coded or _is_embedded_under_event(token, coded):
                continue
            candidate = _verb_candidate(document, token, lex, sent)
            if candidate is None:
                continue
            if not candidate.targets and not candidate.pattern.reverse and candidate.pattern.type in EVALUATIONS:
                # "called the meeting disgraceful", "the operation was condemned by X"
                objects = [c for c in children_of(token) if c.dep_ in ("dobj", "obj", "nsubjpass")]
                # "spoke out against the attack", "protested over the arrests": the act judged
                # in the verb's own phrase (prt included: "spoke out against")
                objects += _prep_objects(token, ["against", "over"]) + [g for p in children_of(token) if p.dep_ == "prt" for g in _prep_objects(p, ["against"])]
                if objects:
                    candidate.targets = _act_agent(document, token, objects[0], candidate.sources) or _refers_to_event(document, objects[0], lex, events)
                judged = [o for o in objects if o.dep_ != "pobj" or o.head.lower_ == "against"]
                if judged and not candidate.targets and candidate.pattern.hand and not (candidate.pattern.compound and len(candidate.sources) > 1):
                    # "ruled against its initial attempt": whose the thing judged is (not what
                    # "over" names: "Trump and Bolton disagreed over North Korea" is its topic)
                    own = {a.id for a, _ in candidate.sources}
                    candidate.targets = [t for t in _judged_nouns(document, judged[:1]) if t[0].id not in own and t[0].type != "document"]
            own = {a.country for a, _ in candidate.sources if a.country}
            if candidate.pattern.hand and candidate.pattern.type in ("SANCTION", "REJECT") and all(t.country in own for t, _ in candidate.targets):
                # "withdrew from the nuclear treaty with Iran", "pulled the US out of the Iran
                # nuclear deal" (whom it pulls out is its own country): the deal's other parties
                parties = [t for t in _parties_to(document, token, lex) if all(t[0].id != s[0].id for s in candidate.sources)]
                candidate.targets = parties or candidate.targets
            coded.add(token.i)
            found_in_sentence.append((candidate, []))
        found_in_sentence.sort(key=lambda pair: pair[0].start)
        sentence_events: list[Event] = []
        for candidate, _ in found_in_sentence:
            _same_paragraph(candidate, layer, document.text)
            if not candidate.sources and candidate.pattern.type:
                agentless.extend((candidate.pattern.type, actor, candidate.end) for actor, _ in candidate.targets)
            two_sided = bool(candidate.sources and candidate.targets) or (
                len(candidate.sources) > 1 and (candidate.pattern.type in lex.coder["symmetric_types"] or candidate.pattern.compound)
            )
            if candidate.pattern.needs_target and not candidate.targets and not (
                len(candidate.sources) > 1 and (candidate.pattern.type in lex.coder["symmetric_types"] or candidate.pattern.compound)
            ):
                continue
            if not candidate.pattern.hand and not two_sided:
                # The dictionary was written for a coder that codes only sentences naming both
                # sides; its patterns alone are too weak evidence for a one-sided event.
                continue
            found = _events_from(document, candidate, lex)
            if candidate.nominal and candidate.pattern.type in lex.coder["symmetric_types"]:
                # a mutual event told by a noun needs both sides: "held talks" alone says little
                found = [e for e in found if e.source and e.target]
                if not found and len(candidate.sources) + len(candidate.targets) <= 1:
                    found = _implicit_dyad(document, candidate, events + sentence_events, lex)
            for e in found:
                if candidate.nominal and e.negated and e.type in lex.coder["cooperative_types"] and any(
                    g.lemma_.lower() in lex.coder["negating_governors"] for g in _governors(candidate.trigger)[:1]
                ):
                    # "cancelled his visit to Denmark": a meeting called off is no event (the
                    # cancelling is one of its own); "there was no agreement" stays, negated
                    continue
                if candidate.nominal and candidate.trigger.tag_ == "NNS" and e.type in lex.coder["symmetric_types"] and _named_before_plural(candidate):
                    continue  # "the G-7, G-20 and APEC summits": a summit of each, not one between them
                if e.target is None and e.type in lex.coder["symmetric_types"] and lex.coder.get("mutual_needs_other_side", False):
                    continue  # "African leaders have negotiated the deal", "we haven't yet agreed": with whom is not said
                if e.source is None and lex.coder.get("source_required", True) and not _names_its_patient(document, candidate, e):
                    # no one who does it ("people were killed", "an assault in Ghazni"): an
                    # agentless act is no event of PLOVER's, which always has a source
                    continue
                if e.source is None:
                    agent = _implied_agent(document, candidate, e, events + sentence_events, lex)
                    if agent is not None:
                        e = replace(e, source=agent.id, source_name=agent.name)
                if e.target is None and e.source is not None and _claims_an_act(candidate, lex):
                    _claimed_act_target(e, agentless, events + sentence_events, lex)
                if candidate.nominal and _repeats(e, events + sentence_events, lex):
                    continue  # "the meeting", "his meeting with Trump": the event told again
                if e.target is None and any(
                    o.type == e.type and o.target and (o.source == e.source or candidate.nominal and _same_side(document, o.source, e.source)) for o in events
                ):
                    # "Turkey began an offensive into Syria … Turkish airstrikes", "Adderley wrote to
                    # the embassy asking … he urged the immunity be waived": the same act, told again
                    # without whom it is aimed at
                    continue
                if _repeats(e, sentence_events, lex):
                    continue
                if e.source is not None and e.source == e.target:
                    continue  # no one does an event to themselves ("Brown denied claims … he had misled")
                if getattr(document.actor(e.source) if e.source else None, "type", None) == "document" and (
                    e.type in lex.coder["symmetric_types"] or candidate.nominal or e.type in ("CONCEDE", "AID")
                    or e.type == "REQUEST" and candidate.trigger.lemma_.lower() in ("suggest", "indicate", "show", "imply")
                ):
                    # "the report also agrees with the administration", "polls showed national
                    # support for de Blasio", "leaked documents have suggested …": a finding, no act
                    # of the document's
                    continue
                if e.type in lex.coder.get("press_asks_no_one", ()) and (_of_the_press(document, e.source) or _for_comment(candidate.trigger)):
                    # "did not immediately respond to CNBC's request for comment", "he was asked by
                    # a reporter": the news asking its questions is how it reports, no political act
                    continue
                sentence_events.append(e)
        # "Israeli airstrikes hit Gaza": the one-sided event of the noun is the verb's, told whole
        sentence_events = [
            e for e in sentence_events
            if e.target is not None or not any(o.type == e.type and o.source == e.source and o.target is not None for o in sentence_events)
        ]
        for e in sentence_events:
            _answer_accusation(document, e, events)
            _answer_request(document, e, events)
        events.extend(sentence_events)
    events.sort(key=lambda e: (e.start, e.end))
    return events


def _parties_to(document: Document, verb, lex: Lexicon) -> list[tuple[Actor, Any]]:
    """The other parties to a deal the verb leaves or rejects: "the treaty with Iran", "the Iran
    nuclear deal" (a name before the noun), "the agreement between X and Y"."""
    deals = set(lex.coder.get("deal_nouns", ()))
    nouns = [n for n in _prep_objects(verb, ["from", "of"]) if n.lemma_.lower() in deals]
    # "pulled the US out of the deal": the parse hangs "of" on "out"
    nouns += [g for p in children_of(verb) if p.dep_ == "prep" and p.lower_ == "out" for o in children_of(p) if o.lower_ == "of" for g in children_of(o) if g.dep_ == "pobj" and g.lemma_.lower() in deals]
    nouns += [c for c in children_of(verb) if c.dep_ in ("dobj", "obj") and c.lemma_.lower() in deals]
    for noun in nouns:
        found = _actors(document, _prep_objects(noun, ["with", "between"]))
        if not found:
            names = [c for c in children_of(noun) if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN" and c.i < noun.i]
            found = [a for a in _actors(document, names) if a[0].type in ("country", "organization")]
        if found:
            return found
    return []


def _claims_an_act(candidate: "Candidate", lex: Lexicon) -> bool:
    """An event noun that someone claims ("the Houthis claimed responsibility for the attacks",
    "the attack was claimed by the Houthis", "ISIS claimed the bombing"): the act was told
    before, with whom it struck."""
    if not candidate.nominal:
        return False
    noun = candidate.trigger
    claims = set(lex.coder.get("responsibility_claims", ()))
    if noun.dep_ == "pobj" and noun.head.lower_ == "for":
        owner = noun.head.head
        return owner.lemma_.lower() in lex.coder.get("responsibility_nouns", ()) and owner.head.lemma_.lower() in claims
    return noun.dep_ in ("dobj", "nsubjpass") and noun.head.lemma_.lower() in claims


def _claimed_act_target(event: Event, agentless: list[tuple[str, Actor, int]], earlier: list[Event], lex: Lexicon) -> None:
    """A claimed act with no target of its own takes whom the latest act of its type told
    shortly before befell ("oil facilities of Saudi Aramco were hit by drone strikes … The Houthi
    movement claimed responsibility for the attacks": the Houthis' attack on Saudi Aramco): an
    act told with no one doing it first, since that is the act the claim answers."""
    window = int(lex.coder.get("implicit_dyad_window", 1500))
    near = lambda end: 0 <= event.start - end <= window
    told = [(actor.id, actor.name) for type_, actor, end in agentless if type_ == event.type and near(end)]
    told = told or [(e.target, e.target_name) for e in earlier if e.type == event.type and e.target and near(e.end)]
    told = [(id_, name) for id_, name in told if id_ != event.source]
    if told:
        event.target, event.target_name = told[-1]


def _names_its_patient(document: Document, candidate: "Candidate", event: Event) -> bool:
    """An agentless passive verb whose subject is a named actor ("the journalist Mahmoud Hussein
    was arrested"): the act is stated with the one it befell, worth keeping with a null source."""
    if candidate.nominal or event.target is None:
        return False
    patients = [c for c in children_of(candidate.trigger) if c.dep_ == "nsubjpass"]
    if not patients:
        return False
    target = document.actor(event.target)
    # the target must be the passive's own subject, not one found through an earlier event
    # and named by it, not by its possessive ("Trump's conference was condemned")
    own = [document.actor_at(t.idx, t.idx + len(t)) for p in patients for t in [p, *(c for c in children_of(p) if c.dep_ == "appos")]]
    return target is not None and target.named and any(a is not None and a.id == target.id for a in own)


def _headline(document: Document) -> Optional[tuple[int, int]]:
    """``(start, end)`` of the article's title when its text opens with it as a paragraph of its
    own; None otherwise."""
    title = (document.article.title or "").strip()
    if not title:
        return None
    paragraphs = document.layer.paragraphs
    if len(paragraphs) < 2:  # a text of one paragraph is all body
        return None
    start, end = paragraphs[0]
    if document.text[start:end].strip() != title:
        return None
    return start, end


def _answer_accusation(document: Document, event: Event, earlier: list[Event]) -> None:
    """A denial with no one named ("Putin repeated his denials") answers the last accusation
    against the denier or the denier's country: its accuser is the target."""
    if event.cameo != "016" or event.target or not event.source:
        return
    denier = document.actor(event.source)
    if denier is None:
        return
    for e in reversed(earlier):
        if e.type != "ACCUSE" or not e.source or e.source == event.source:
            continue
        accused = document.actor(e.target)
        if accused is not None and (accused.id == denier.id or (accused.type == "country" and accused.country and accused.country == denier.country)):
            event.target, event.target_name = e.source, e.source_name
            return


def _repeats(event: Event, earlier: list[Event], lex: Lexicon) -> bool:
    symmetric = event.type in lex.coder["symmetric_types"]
    for e in earlier:
        if e.type != event.type or e.negated != event.negated:
            continue
        same = (e.source, e.target) == (event.source, event.target)
        if symmetric and (e.source, e.target) == (event.target, event.source):
            same = True
        if same:
            return True
    return False


def pattern_counts() -> dict[str, int]:
    return lexicon().pattern_count()


def run(document: Document, settings: Settings) -> None:
    """The events stage: fill ``document.events``."""
    document.events = code(document, settings.lexicons)


STAGE = stage("events", requires=("doc", "actors", "quotes"), assigns=("events",))(run)
