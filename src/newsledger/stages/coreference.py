"""Coreference beyond names: descriptions, unnamed people, groups and documents as actors.

The actors stage finds the actors the article names and resolves titles and pronouns to
them. This step, run at its end, makes every other source or side an actor too:

1. **Descriptions of an actor named before** — "the influential US daily", "the Republican
   lawmaker", "the world body" — resolve to the most recent named actor of the description's
   noun class (``knowledge/data/nominals.yaml``: a daily is a news organization, a lawmaker a
   legislator …), checked against a demonym in the phrase ("the Russian daily" is Russian).
   When two actors of that class are in play, the description does not guess: it becomes an
   unnamed actor.
2. **Unnamed people, groups and documents** — "a spokeswoman for the ministry", "a senior
   official", "police", "rebels", "the report", "a poll" — become actors with ``named``
   false, their description as name, ``affiliation`` from "for/of/at X", and country and
   sector from the phrase (a demonym; the Phoenix agents dictionary: "police" → COP).
   Repeated mentions of one unnamed source ("a senior official … the official") and the
   same description twice ("officials" … "Officials") are one actor.

``resolve(document, settings)`` is the seam a learned resolver can replace (Settings.seams
or the ``newsledger.seams`` entry-point group, name ``coreference``). ``speaker_actor`` is
the function the quotes stage calls when the words that name a quote's source are no
actor yet.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional

from newsledger.document import Actor, Document, Mention
from newsledger.knowledge.lexicon import speech_verbs
from newsledger.knowledge.nominals import Nominals, NounClass, nominals  # noqa: F401  (the stages read them here too)
from newsledger.settings import Settings
from newsledger.syntax import children_of, subtree_of, tokens_of

# Dependency labels that make a noun phrase a side of its clause: only those become actors
# (a "report" in "according to the report" is a source, in "a report on jobs" a topic).
SIDE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "conj", "appos", "agent", "obj", "iobj", "ROOT"})
# Prepositions by which a phrase names the body its head speaks or acts for.
AFFILIATION_PREPS = frozenset({"for", "of", "at", "from", "with", "within", "inside"})
# Prepositions by which an indefinite pronoun says whom its source stands among: "someone in
# the audience", "one of the protesters", "some among the delegates".
INDEFINITE_AMONG = frozenset({"in", "among", "of", "from", "at"})
# Prepositions that place a phrase's noun somewhere ("police in Hong Kong"), and the fewer that
# place the whole clause: on a verb, "at"/"on"/"to" usually name a target or a goal.
NOUN_LOCATIVE_PREPS = frozenset({"in", "at", "across", "throughout", "inside"})
CLAUSE_LOCATIVE_PREPS = frozenset({"in", "across", "throughout", "inside"})
# Words before a nominal that make it no actor: "no official", "every source".
NEGATING_DETERMINERS = frozenset({"no", "every", "each", "any", "whatever", "which", "what"})


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _norm(text)).strip("-") or "actor"


def new_actor_id(document: Document, name: str) -> str:
    used = {a.id for a in document.actors}
    actor_id = _slug(name)
    while actor_id in used:
        actor_id += "-2"
    return actor_id


def add_mention(document: Document, actor: Actor, start: int, end: int, kind: str) -> Mention:
    mention = Mention(start=start, end=end, text=document.text[start:end], actor=actor.id, kind=kind)
    actor.mentions.append(mention)
    actor.mentions.sort(key=lambda m: (m.start, m.end))
    return mention


# --------------------------------------------------------------------------- phrases


@dataclass
class Phrase:
    """A noun phrase that may stand for an actor: its tokens, head, and how it opens."""

    tokens: list[Any]
    head: Any
    determiner: Optional[str]

    @property
    def start(self) -> int:
        return self.tokens[0].idx

    @property
    def end(self) -> int:
        last = self.tokens[-1]
        return last.idx + len(last.text)

    @property
    def modifiers(self) -> list[Any]:
        return [t for t in self.tokens if t.i < self.head.i and t.dep_ != "det"]

    def description(self) -> str:
        """The phrase without its opening determiner or quantifier: "a senior official" →
        "senior official"."""
        tokens = self.tokens[1:] if self.determiner else self.tokens
        if not tokens:
            return self.head.text
        # The span's text is the document's text from the first token to the end of the
        # last; ``Doc.text`` would rebuild the whole document's text at each call.
        text = tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text
        return re.sub(r"\s+", " ", text).strip()


# Left dependents that belong to a noun phrase's description.
LEFT_DEPS = frozenset({"det", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "npadvmod", "advmod", "case", "predet"})


def _phrase(head: Any, lexicon: Optional[Nominals] = None) -> Phrase:
    """The head noun with its left modifiers (determiner, adjectives, compounds, numbers),
    nearest first, as long as they run on without punctuation."""
    start = head.i
    lefts = [c for c in children_of(head) if c.i < head.i]  # ``head.lefts``, made once
    for child in sorted(lefts, key=lambda t: -t.i):
        if child.dep_ not in LEFT_DEPS:
            break
        sub = subtree_of(child)
        if any((t.is_punct and t.text not in ("-", "'s", "’s")) or t.is_space for t in sub):
            break
        start = min(start, min(t.i for t in sub))
    tokens = tokens_of(head.doc)[start : head.i + 1]
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].dep_ == "case"):
        tokens = tokens[1:]
    first = tokens[0]
    lexicon = lexicon or nominals()
    opens = first.lower_ in lexicon.indefinite or first.lower_ in lexicon.definite or first.dep_ == "det"
    return Phrase(tokens=tokens, head=head, determiner=first.lower_ if opens and first.i != head.i else None)


def _speaks(head: Any) -> bool:
    """A document noun as a source: the subject of a clause ("the report found"), the agent
    of a passive ("was cited by a study") or "according to the indictment"."""
    if head.dep_ in ("nsubj", "nsubjpass"):
        return True
    if head.dep_ == "pobj":
        prep = head.head
        if prep.dep_ == "agent":
            return True
        if prep.lower_ == "to" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "according":
            return True
        if prep.lower_ in ("in", "by") and prep.head.pos_ == "VERB":
            return prep.head.lemma_.lower() in ("say", "state", "write", "report", "find", "show", "claim", "allege", "cite", "quote")
    return False


def _affiliation_object(head: Any) -> Optional[Any]:
    """"a spokeswoman for the ministry" → the token "ministry"."""
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in AFFILIATION_PREPS:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


# --------------------------------------------------------------------------- the resolver


class _Resolver:
    def __init__(self, document: Document, dictionary: Any, lexicons: Optional[Path] = None):
        self.document = document
        self.doc = document.doc
        self.lex = nominals(lexicons)
        self.lexicons = lexicons
        self.dictionary = dictionary
        # Unnamed actors made here, by normalized description and by head lemma.
        self.by_description: dict[str, Actor] = {}
        self.last_by_head: dict[str, Actor] = {}
        self._index: Optional[list[tuple[int, int, str]]] = None
        self._index_starts: list[int] = []
        self._longest = 0
        self.added: list[tuple[int, int, Actor]] = []

    # ---- helpers
    def covered(self, token: Any) -> Optional[Actor]:
        """The actor with a mention over ``token``: the actors stage's mentions (a snapshot
        indexed once: this pass looks up every noun) or one this pass has added."""
        if self._index is None:
            self._index = sorted((m.start, m.end, m.actor) for m in self.document.mentions)
            self._index_starts = [m[0] for m in self._index]
            self._longest = max((e - s for s, e, _ in self._index), default=0)
        start, end = token.idx, token.idx + len(token.text)
        best, best_overlap = None, 0
        lo = bisect.bisect_left(self._index_starts, start - self._longest)
        for s, e, actor_id in self._index[lo : bisect.bisect_left(self._index_starts, end)]:
            overlap = min(end, e) - max(start, s)
            if overlap > best_overlap:
                best, best_overlap = actor_id, overlap
        if best is None:
            for s, e, actor in reversed(self.added):
                if s < end and start < e:
                    return actor
            return None
        return self.document.actor(best)

    def add(self, actor: Actor, start: int, end: int) -> None:
        add_mention(self.document, actor, start, end, "description")
        self.added.append((start, end, actor))

    def _country_in(self, tokens: Iterable[Any]) -> Optional[str]:
        for t in tokens:
            if t.pos_ in ("ADJ", "PROPN", "NOUN") and t.ent_type_ in ("NORP", "GPE", ""):
                entry = self.dictionary.country(t.text) if self.dictionary is not None else None
                if entry is not None:
                    return entry.country or entry.id
        return None

    def _sector_of(self, phrase: Phrase) -> Optional[str]:
        if self.dictionary is None:
            return None
        for text in (phrase.description(), phrase.head.text, phrase.head.lemma_):
            found = self.dictionary.agent(text)
            if found is not None:
                return found[0]
        return None

    # ---- 1. descriptions
    def _class_of(self, phrase: Phrase) -> Optional[NounClass]:
        head = phrase.head.lemma_.lower()
        two = " ".join(t.lemma_.lower() for t in phrase.tokens[-2:])
        return self.lex.noun_class(two) or self.lex.noun_class(head)

    def _compatible(self, actor: Actor, cls: NounClass, country: Optional[str], head: str, words: frozenset[str] = frozenset()) -> bool:
        if not actor.named or actor.type != cls.type:
            return False
        if country and actor.country and actor.country != country:
            return False
        if country and not actor.country:
            return False
        title = _norm(actor.title or "")
        if any(w in self.lex.subordinate_title_words and w not in words for w in re.split(r"[\s-]+", title)):
            return False  # "the president" is not the Vice President, "the minister" not a former one
        if head in title.split() or (title and title.endswith(head)):
            return True
        if not cls.sectors:
            return cls.name != "candidate" or "candidate" in title or "nominee" in title
        return (actor.sector or "") in cls.sectors

    def resolve_description(self, phrase: Phrase) -> Optional[Actor]:
        """The named actor a definite description points back to, when one alone fits."""
        text = _norm(phrase.description())
        for fixed, name in self.lex.phrases.items():
            if text == fixed or text.endswith(" " + fixed):
                return next((a for a in self.document.actors if _norm(a.name) == _norm(name)), None)
        found = self._resolve_by_class(phrase)
        return found if found is not None else self._resolve_by_own_word(phrase)

    def _resolve_by_own_word(self, phrase: Phrase) -> Optional[Actor]:
        """"The embassy" after "the US Embassy in London", "the agency" after "the Saudi Press
        Agency", "the commissioner" after "AU trade and industry commissioner Albert Muchanga":
        the one named actor whose name (an organization's) or title (a person's) holds the
        description's noun, most recent first; two last seen in one sentence stay apart."""
        head = phrase.head
        if head.tag_ != "NN" or not head.is_lower:
            return None
        lemma = head.lemma_.lower()
        kind = self.lex.kind_of(head)
        if kind not in ("person", "organization"):
            return None
        words = {t.lower_ for t in phrase.modifiers}
        if any(t.lower_ in self.lex.unresolving_modifiers for t in phrase.modifiers):
            return None
        last_seen: dict[str, int] = {}
        for actor in self.document.actors:
            if actor.type != kind:
                continue
            # An unnamed source seen last ("a senior official ... the official") keeps the
            # description: it is its own, through the unnamed actors' path.
            own = _norm(actor.title or "") if kind == "person" and actor.named else _norm(actor.name)
            own_words = set(re.findall(r"[\w'-]+", own))
            if lemma not in own_words and head.lower_ not in own_words or not words <= own_words:
                continue
            before = [m.start for m in actor.mentions if m.end <= phrase.start]
            if before:
                last_seen[actor.id] = max(before)
        found = self._most_recent(last_seen)
        return found if found is not None and found.named else None

    def _most_recent(self, last_seen: dict[str, int]) -> Optional[Actor]:
        if not last_seen:
            return None
        ranked = sorted(last_seen.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1:
            # Two candidates last seen in one sentence ("Senator Smith and Senator Jones met"):
            # ambiguous, the description stays unnamed.
            sentence = self.document.layer.sentence_at(ranked[0][1])
            if sentence is not None and sentence.start_char <= ranked[1][1] < sentence.end_char:
                return None
        return self.document.actor(ranked[0][0])

    def _resolve_by_class(self, phrase: Phrase) -> Optional[Actor]:
        cls = self._class_of(phrase)
        if cls is None:
            return None
        if phrase.head.tag_ in ("NNS", "NNPS") and cls.type != "country":
            return None  # "the networks", "the senators": many, not the one named before
        if any(t.lower_ in self.lex.unresolving_modifiers for t in phrase.modifiers):
            return None  # "the next president", "a future senator": no holder named so far
        country = self._country_in(phrase.modifiers)
        head = phrase.head.lemma_.lower()
        words = frozenset(t.lower_ for t in phrase.modifiers)
        # The most recent compatible actor named before, and no other compatible one
        # mentioned between the two: "the senator" with two senators in play stays unnamed.
        last_seen: dict[str, int] = {}
        for actor in self.document.actors:
            if not self._compatible(actor, cls, country, head, words):
                continue
            before = [m.start for m in actor.mentions if m.end <= phrase.start]
            if before:
                last_seen[actor.id] = max(before)
        return self._most_recent(last_seen)

    # ---- 2. unnamed actors
    def unnamed_actor(self, phrase: Phrase, kind: str, start: Optional[int] = None) -> Actor:
        description = phrase.description()
        owner_words = [t for t in phrase.tokens if start is not None and t.idx < start and self.covered(t) is not None]
        owner_countries = all(t.pos_ == "ADJ" or t.ent_type_ == "NORP" or (self.covered(t) and self.covered(t).type == "country") for t in owner_words)
        # "the Trump administration": a governing body named for its leader keeps the name
        led_body = phrase.head.lemma_.lower() in self.lex.governing and bool(owner_words) and all(
            t.dep_ == "compound" and t.head.i == phrase.head.i or t.head.dep_ == "compound" for t in owner_words
        )
        if start is not None and start > phrase.start and not owner_countries and not led_body:
            # A name inside the phrase is the owner, not part of the description: "the Trump
            # and Obama administrations" → "administrations" (affiliated to the names).
            description = self.document.text[start : phrase.end]
        obj = _affiliation_object(phrase.head)
        body = self.covered(obj) if obj is not None else None
        if (
            obj is not None
            and obj.i - phrase.head.i <= 6
            and "\n" not in phrase.head.doc[phrase.head.i : obj.i + 1].text
            and ((body is not None and body.type != "country") or self.lex.kind_of(obj) in ("organization", "group"))
        ):
            # "a spokeswoman for the ministry": the body belongs to the description.
            description = f"{description} {phrase.head.doc[phrase.head.i + 1 : obj.i + 1].text}"
        of_country = None
        if (
            obj is not None
            and body is not None
            and body.type == "country"
            and obj.head.lower_ == "of"
            and obj.i - phrase.head.i <= 5
            and phrase.head.lemma_.lower() in self.lex.governing
        ):
            # "the government of Syria": a country's governing body, named so
            description = f"{description} {phrase.head.doc[phrase.head.i + 1 : obj.i + 1].text}"
            of_country = body.country
        key = _norm(description)
        head = phrase.head.lemma_.lower()
        definite = phrase.determiner in self.lex.definite
        actor = self.by_description.get(key)
        # "the Russian government" after "the Syrian government" is another body
        phrase_country = of_country or self._country_in(phrase.modifiers)
        if actor is None and definite and phrase.determiner in ("the", "this", "that"):
            # "a senior official ... the official": the same unnamed source.
            earlier = self.last_by_head.get(head)
            # ("the government of mainland China" after "the Hong Kong government", whose country
            # is set only at the end of the pass: a body named by its country is that country's)
            if earlier is not None and earlier.type == kind and (phrase_country is None or earlier.country in (None, phrase_country)) and (
                of_country is None or earlier.country == of_country
            ):
                actor = earlier
        if actor is not None and phrase_country and not actor.named and actor.country in (None, phrase_country) and _norm(actor.name) == head and key != head:
            # "Assad's government … the government of Syria", "the government … the Philippine
            # government": the fuller name of the same body
            actor.name, actor.country = description, phrase_country
            self.by_description[key] = actor
        if actor is None:
            country = phrase_country
            if country is None and head in self.lex.governing:
                country = self._only_country_in_paragraph(phrase.start)
            actor = Actor(
                id=new_actor_id(self.document, description),
                name=description,
                type=kind,
                country=country,
                sector=self._sector_of(phrase),
                named=False,
            )
            self.document.actors.append(actor)
            self.by_description[key] = actor
        self.last_by_head[head] = actor
        return actor

    def _only_country_in_paragraph(self, position: int) -> Optional[str]:
        """"The government said": the article's government only when its paragraph so far
        names one country and no other."""
        start, _ = self.document.layer.paragraph_bounds(position)
        countries = {
            a.country for a in self.document.actors
            if a.type == "country" and a.country and any(start <= m.start < position for m in a.mentions)
        }
        return countries.pop() if len(countries) == 1 else None

    def affiliate(self, actor: Actor, head: Any) -> None:
        obj = _affiliation_object(head)
        if obj is None:
            return
        body = self.covered(obj)
        if body is None or body.id == actor.id:
            return
        if actor.affiliation is None:
            actor.affiliation = body.id
        actor.country = actor.country or body.country
        if body.sector and (actor.sector in (None, "MED") or actor.type == "group"):
            actor.sector = body.sector if actor.type != "document" else actor.sector

    # ---- the pass
    def candidate(self, head: Any) -> Optional[Phrase]:
        """The phrase headed by ``head`` when it may stand for an actor not yet found."""
        # (a compound too before a post of its side: "attacked a police checkpoint")
        installation = head.dep_ == "compound" and head.head.lemma_.lower() in self.lex.installations
        if head.pos_ not in ("NOUN", "PROPN") or head.dep_ not in SIDE_DEPS and head.dep_ != "poss" and not installation:
            return None
        if head.pos_ == "PROPN" and head.lemma_.lower() not in self.lex.groups and head.lemma_.lower() not in self.lex.organizations:
            return None  # names are the actors stage's own business
        if self.covered(head) is not None:
            return None
        if any(c.dep_ in ("appos", "compound", "flat") and self.covered(c) is not None and not self._country_body(head, c) for c in children_of(head)):
            return None  # "the journalist Mahmoud Hussein": the name is the actor
        if head.dep_ == "appos" and self.covered(head.head) is not None:
            return None  # "Mike Pence, the vice president": the same
        subject = head.dep_ in ("nsubj", "nsubjpass") or (head.dep_ == "pobj" and head.head.dep_ == "agent")
        phrase = _phrase(head, self.lex)
        if phrase.tokens[0].lower_ in NEGATING_DETERMINERS:
            return None
        if not subject:
            # "met reporters": an audience is no side; "its troops": the side is the owner.
            if head.lemma_.lower() in self.lex.audiences and self._addressed(head):
                return None
            if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in children_of(head)) and head.lemma_.lower() not in self.lex.relational:
                return None
        return phrase

    def defendant(self, head: Any) -> Optional[Actor]:
        """The person "the accused" (``head``) is: the latest named person told shortly before as
        charged, arrested or tried (nominals.yaml ``defendants``); None when there is none."""
        rules = self.lex.defendants
        sents = list(self.doc.sents)
        here = next(n for n, s in enumerate(sents) if s.start <= head.i < s.end)
        floor = sents[max(0, here - rules["sentences_back"])].start_char
        found: Optional[Actor] = None
        for m in sorted(self.document.mentions, key=lambda m: m.start):
            if m.end > head.idx or m.kind == "pronoun":
                continue
            # ("the accused" told before, however far back, is the story's accused; a name must
            # have been told as charged within the window)
            if m.start < floor and m.kind != "description":
                continue
            actor = self.document.actor(m.actor)
            if actor is None or actor.type != "person" or not actor.named:
                continue
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            side = span.root
            while side.dep_ in ("appos", "compound", "flat") and side.head is not side:
                side = side.head  # "An Australian, Brenton Tarrant, appeared in court"
            if m.kind == "description" and span.root.lower_ in rules["nouns"]:
                found = actor  # "the accused" told before is the same one
                continue
            verb = side.head
            patient = side.dep_ in ("nsubjpass", "dobj", "obj") and verb.lemma_.lower() in rules["patient_verbs"]
            subject = side.dep_ == "nsubj" and (
                verb.lemma_.lower() in rules["subject_verbs"]
                or any(c.dep_ in ("advcl", "conj") and c.tag_ == "VBN" and c.lemma_.lower() in rules["patient_verbs"] for c in children_of(verb))
            )
            if patient or subject:
                found = actor  # the latest such mention wins
        return found

    def _of_a_country(self, phrase: Phrase) -> bool:
        """"the government of mainland China": a governing body its phrase names by country is
        that country's, not the government told of before."""
        if phrase.head.lemma_.lower() not in self.lex.governing:
            return False
        obj = _affiliation_object(phrase.head)
        body = self.covered(obj) if obj is not None else None
        return body is not None and body.type == "country" and obj.head.lower_ == "of"

    def _country_body(self, head: Any, name: Any) -> bool:
        """"the United States government", "the Trump administration": a governing body named for
        a country or a person is a body of its own (as "the Iranian government" is), not the
        country or the person."""
        if head.lemma_.lower() not in self.lex.governing or name.dep_ != "compound" or name.i > head.i:
            return False
        owner = self.covered(name)
        return owner is not None and owner.type in ("country", "person")

    def _addressed(self, head: Any) -> bool:
        """The audience noun is who the clause's verb addresses ("told reporters", "spoke to the
        press", "a briefing for journalists"), not one it acts on ("sentenced the journalist")."""
        governor = head.head
        if governor.pos_ == "ADP":
            governor = governor.head
        return governor.pos_ not in ("VERB", "AUX") or governor.lemma_.lower() in self.lex.audience_verbs

    def mention_span(self, phrase: Phrase) -> tuple[int, int, Optional[Actor]]:
        """Where the new mention goes: the whole phrase, or after a name inside it ("the
        Christie supporter" → "supporter"; "Clinton's campaign" → "campaign"), whose actor
        is returned as the phrase's owner."""
        owner, start = None, phrase.start
        tokens = tokens_of(self.doc)
        for t in phrase.tokens:
            if t.i == phrase.head.i:
                break
            found = self.covered(t)
            if found is not None:
                owner = found
                nxt = tokens[t.i + 1]
                start = nxt.idx if nxt.i <= phrase.head.i else start
                # (and past a conjunction the parse left in the phrase: "Obama and Congressional
                # leaders" is Obama and the leaders)
                while nxt.i < phrase.head.i and nxt.lower_ in ("'s", "’s", "'", "’", "-", "and", "or", "&", ","):
                    nxt = tokens[nxt.i + 1]
                    start = nxt.idx
        return start, phrase.end, owner

    def run(self) -> None:
        made: list[tuple[Actor, Any, Optional[Actor]]] = []
        cue_verbs = speech_verbs("speech", "direct-only", lexicons=self.lexicons)
        for head in tokens_of(self.doc):
            if head.dep_ == "nsubj" and head.lower_ in self.lex.indefinite_pronouns and head.pos_ in ("PRON", "NUM", "DET"):
                # "Someone in the audience shouted", "one said ... another said": the source of
                # what is said, an unnamed actor (before the quotes stage looks for speakers).
                if head.head.lemma_.lower() in cue_verbs and self.covered(head) is None:
                    _indefinite_speaker(self.document, head, self.lex.indefinite_pronouns[head.lower_], resolver=self)
                continue
            if head.lower_ in self.lex.defendants["nouns"] and head.i > 0 and self.doc[head.i - 1].lower_ == "the" and self.covered(head) is None:
                accused = self.defendant(head)
                if accused is not None:
                    self.add(accused, self.doc[head.i - 1].idx, head.idx + len(head.text))
                    continue
            phrase = self.candidate(head)
            if phrase is None:
                continue
            start, end, owner = self.mention_span(phrase)
            if owner is None and phrase.determiner in self.lex.definite and not self._of_a_country(phrase):
                resolved = self.resolve_description(phrase)
                if resolved is not None:
                    self.add(resolved, start, end)
                    continue
            if head.dep_ == "poss":
                # "the network's franchise": an owner is an actor already told of, or none
                earlier = self.last_by_head.get(head.lemma_.lower()) if owner is None and phrase.determiner in ("the", "this", "that") else None
                if earlier is not None:
                    self.add(earlier, start, end)
                continue
            kind = self.lex.kind_of(head)
            if kind is None:
                continue
            if kind == "document" and not _speaks(head):
                continue  # a document is an actor when it speaks: "the report said", "according to a poll"
            actor = self.unnamed_actor(phrase, kind, start)
            self.add(actor, start, end)
            made.append((actor, head, owner))
        for actor, head, owner in made:
            if owner is not None and actor.affiliation is None and owner.type in ("organization", "country", "group", "person"):
                actor.affiliation = owner.id
                actor.country = actor.country or owner.country
            self.affiliate(actor, head)
        for actor, head, _ in made:
            if actor.country is None and head.lemma_.lower() in self.lex.located_by_place:
                actor.country = self._country_where(head)

    def _country_where(self, head: Any) -> Optional[str]:
        """The country of the place the sentence puts an unnamed actor in: a locative phrase on
        its noun ("police in Hong Kong", "officials at the ministry in Kabul") or on the verb of
        its clause ("clashed with police in Mong Kok"). Not "at"/"on" on the verb: "fired rockets
        at Israel" names a target, not where the militants are."""
        holders = [(head, NOUN_LOCATIVE_PREPS)]
        verb, hops = head.head, 0
        while verb.pos_ not in ("VERB", "AUX") and verb.i != verb.head.i and hops < 3:
            verb, hops = verb.head, hops + 1
        if verb.pos_ in ("VERB", "AUX") and verb.i != head.i:
            holders.append((verb, CLAUSE_LOCATIVE_PREPS))
            # The clause's other sides are in the same place: "police fired tear gas at
            # protesters in Hong Kong" (the parse hangs the place on the protesters).
            for side in children_of(verb):
                if side.i == head.i:
                    continue
                if side.dep_ in ("nsubj", "nsubjpass", "dobj", "dative"):
                    holders.append((side, CLAUSE_LOCATIVE_PREPS))
                elif side.dep_ == "prep":
                    holders.extend((obj, CLAUSE_LOCATIVE_PREPS) for obj in children_of(side) if obj.dep_ == "pobj" and obj.i != head.i)
        for holder, preps in holders:
            for prep in children_of(holder):
                if prep.dep_ != "prep" or prep.lower_ not in preps:
                    continue
                for place in children_of(prep):
                    if place.dep_ == "pobj" and place.ent_type_ in ("GPE", "LOC"):
                        country = self._country_of_place(_entity_text(place))
                        if country is not None:
                            return country
        return None

    def _country_of_place(self, text: str) -> Optional[str]:
        from newsledger.knowledge.gazetteer import gazetteer

        entry = self.dictionary.country(text) if self.dictionary is not None else None
        if entry is not None:
            return entry.country or entry.id
        place = gazetteer(self.lexicons).lookup(text, strict=True)
        return place.country if place is not None else None


def _entity_text(token: Any) -> str:
    """The whole named entity ``token`` is part of ("Hong Kong" for "Kong")."""
    tokens = tokens_of(token.doc)
    start = end = token.i
    while start > 0 and tokens[start].ent_iob_ == "I":
        start -= 1
    while end + 1 < len(tokens) and tokens[end + 1].ent_iob_ == "I":
        end += 1
    return token.doc[start : end + 1].text


def resolve(document: Document, settings: Settings) -> None:
    """The coreference seam: descriptions to the actors they describe, and an unnamed actor
    for every person, group or document that speaks or acts without a name."""
    from newsledger.stages.actors import _dictionary

    if document.doc is None:
        return
    _Resolver(document, _dictionary(tuple(settings.actor_dictionaries)), settings.lexicons).run()
    _first_person_author(document)


def _first_person_author(document: Document) -> None:
    """"I" outside quotation marks in an article with a byline is its author: a columnist's
    "I asked him …" or "I was told …" rests on the author's word."""
    author = (document.article.author or "").strip()
    if not author or len(author) > 80:
        return
    layer = document.layer
    mentions = [t for t in document.doc if t.lower_ in ("i", "me", "my") and t.pos_ == "PRON" and not layer.in_quotation(t.idx)]
    if not mentions:
        return
    actor = next((a for a in document.actors if a.named and _norm(a.name) == _norm(author)), None)
    if actor is None:
        actor = Actor(id=new_actor_id(document, author), name=author, type="person", sector="MED", title="author")
        document.actors.append(actor)
    for token in mentions:
        if document.actor_at(token.idx, token.idx + len(token.text)) is None:
            add_mention(document, actor, token.idx, token.idx + len(token.text), "pronoun")


# --------------------------------------------------------------------------- speakers


def speaker_actor(document: Document, head: Any, span: tuple[int, int], settings: Optional[Settings] = None) -> Optional[Actor]:
    """An actor for the words that name a quote's source when none covers them yet: a name
    the actors stage missed becomes a named actor, a description an unnamed one. Pronouns
    are not resolved here (the quotes stage falls back to the previous speaker)."""
    lexicon = nominals(settings.lexicons if settings else None)
    if head.pos_ == "PRON" and head.lower_ in lexicon.indefinite_pronouns:
        # "someone in the audience shouted", "some in the crowd chanted": a source the text
        # gives without a name, an unnamed person or group.
        return _indefinite_speaker(document, head, lexicon.indefinite_pronouns[head.lower_], settings)
    # A name may hold a hyphen or an apostrophe ("Ocasio-Cortez", "O’Connor").
    if head.pos_ == "PRON" or not (head.is_alpha or any(ch in head.text for ch in "-’'")):
        return None
    start, end = span
    if end - start > 120:
        return None
    for child in head.children:
        if child.dep_ == "appos":
            named = document.actor_at(child.idx, child.idx + len(child.text))
            if named is not None:
                # "The Vice President, Mike Pence, said": the name in apposition speaks.
                return named
    from newsledger.stages.actors import person_shaped

    # A name the tagger read as a common noun ("Dinesh D'Souza said" with "D'Souza" a NOUN):
    # capitalized compounds opening with a known given name.
    compounds = [t for t in head.lefts if t.dep_ in ("compound", "flat") and t.i >= head.i - 2]
    misread_name = head.pos_ != "PROPN" and person_shaped([t.text for t in (*compounds, head)])
    if misread_name or head.pos_ == "PROPN" and head.lemma_.lower() not in nominals(settings.lexicons if settings else None).groups:
        name_tokens = [t for t in head.doc[head.i : head.i + 1]]
        left = head
        while left.i > 0 and head.doc[left.i - 1].dep_ in ("compound", "flat") and (
            head.doc[left.i - 1].pos_ == "PROPN" or misread_name and head.doc[left.i - 1] in compounds
        ):
            left = head.doc[left.i - 1]
            name_tokens.insert(0, left)
        name = " ".join(t.text for t in name_tokens)
        kind = "person" if head.ent_type_ in ("PERSON", "") or misread_name else ("country" if head.ent_type_ == "GPE" else "organization")
        existing = next((a for a in document.actors if a.named and _norm(a.name) == _norm(name)), None)
        actor = existing or Actor(id=new_actor_id(document, name), name=name, type=kind, named=True)
        if existing is None:
            document.actors.append(actor)
        add_mention(document, actor, name_tokens[0].idx, head.idx + len(head.text), "name")
        return actor
    from newsledger.stages.actors import _dictionary

    resolver = _Resolver(document, _dictionary(tuple(settings.actor_dictionaries)) if settings else None, settings.lexicons if settings else None)
    phrase = _phrase(head, resolver.lex)
    if phrase.determiner in resolver.lex.definite:
        resolved = resolver.resolve_description(phrase)
        if resolved is not None:
            add_mention(document, resolved, phrase.start, phrase.end, "description")
            return resolved
    kind = resolver.lex.kind_of(head) or ("group" if head.tag_ in ("NNS", "NNPS") else "person")
    # The same description as an unnamed actor already made is that actor; a new one gets
    # its country, sector and affiliation as the coreference pass gives them.
    for actor in document.actors:
        if not actor.named:
            resolver.by_description.setdefault(_norm(actor.name), actor)
    start, end, owner = resolver.mention_span(phrase)
    actor = resolver.unnamed_actor(phrase, kind, start)
    resolver.add(actor, start, end)
    if owner is not None and actor.affiliation is None and owner.id != actor.id:
        actor.affiliation = owner.id
        actor.country = actor.country or owner.country
    resolver.affiliate(actor, head)
    return actor


def _indefinite_speaker(
    document: Document, head: Any, kind: str, settings: Optional[Settings] = None, resolver: Optional[_Resolver] = None
) -> Actor:
    """An unnamed actor for an indefinite pronoun that speaks, named by the pronoun with whom
    it stands among when the parse hangs that on it ("someone in the audience"). Each is a
    new source: "one said ... another said", "someone shouted ... someone else replied"."""
    if resolver is None:
        from newsledger.stages.actors import _dictionary

        resolver = _Resolver(document, _dictionary(tuple(settings.actor_dictionaries)) if settings else None, settings.lexicons if settings else None)
    name = head.text
    among = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ in INDEFINITE_AMONG), None)
    if among is not None:
        last = max(t.i for t in among.subtree)
        if last - head.i <= 6 and "\n" not in head.doc[head.i : last + 1].text:
            name = head.doc[head.i : last + 1].text
    actor = Actor(id=new_actor_id(document, name), name=name, type=kind, named=False)
    document.actors.append(actor)
    resolver.add(actor, head.idx, head.idx + len(head.text))
    resolver.affiliate(actor, head)
    return actor
