"""The quotes stage: who said what.

It fills ``Document.quotes`` (direct, indirect and mixed quotations, each with its cue and
speaker) and ``Document.scare_quotes`` (quotation marks around words nobody is said to have
said). It works on the spaCy parse and on the actor mentions of the actors stage; the
lexicon (cue verbs and phrases, speech nouns, markers of scare quotes and titles) is
``data/quotes.yaml``.

How, in order:

1. **Quoted regions.** Quotation marks are paired on the characters: curly marks by their
   shape, straight marks by what stands beside them (an apostrophe in "don't", "Trump's",
   "'90s" or "rock 'n' roll" opens nothing). A region left open at a paragraph's end runs on
   when the next paragraph opens with a quotation mark (the print convention) or closes one
   before opening another. Single-quoted regions count only outside double-quoted ones
   (inside, they are part of the quote).
2. **Reported clauses.** Every verb of saying that governs a clause ("Lavrov said the
   ceasefire ..."), a parenthetical "he said" inside the clause it reports, and "according
   to X" give a reported clause. A clause with no quotation marks is indirect speech; one
   that holds a quoted fragment is a mixed quote (the span is the clause); one that is
   nearly all quoted is left to step 3 as a direct quote.
3. **Direct quotes.** Each remaining region looks for its attribution: a cue right after it
   (`"...," she said`), right before it (`He declared, "..."`, `X said: "..."`), a
   sentence ending in a colon before it (even across a paragraph break), a cue verb that
   governs it in the parse (`called it a "defined agreement"`), or the previous quote whose
   attribution sits between the two (`"...," he said. "..."`).
4. **Speaker.** The subject of the cue (relative "who" → the noun it hangs on; "saying",
   "telling reporters" → the subject of the verb they depend on; a statement, column or
   article → whoever issued it), resolved to an actor through the actor mentions that
   cover the speaker's head word. When no actor is there the speaker stays ``None`` and
   ``speaker_span`` keeps the words ("officials") for the sourcing stage.
5. **Scare quotes.** A short region with no attribution, or one marked "so-called", is a
   scare quote; a region after "titled", "the book" etc. is a title and neither.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from newsledger.document import Document, Quote, ScareQuote, Span, doc_length
from newsledger.settings import Settings
from newsledger.stage import seam, stage
from newsledger.knowledge.gender import pronoun_fits
from newsledger.stages.coreference import add_mention
from newsledger.knowledge.lexicon import load_yaml, relative_pronouns, speech_verbs
from newsledger.syntax import tokens_of
from newsledger.text import ALL_MARKS, Region

SENTENCE_END = {".", "!", "?"}
# Dependency labels through which a quoted fragment can be the words of a cue verb.
SPEECH_ENTRY = {"ccomp", "parataxis", "xcomp", "oprd", "attr", "acomp"}
# Dependency labels by which an evaluating verb's complement holds the quoted words.
EVALUATED_DEPS = {"dobj", "dative", "prep", "xcomp", "pcomp", "pobj", "ccomp", "advcl", "oprd"}
# Dependency labels by which a verb's complement holds quoted words that are its subject's.
HELD_DEPS = {"dobj", "dative", "prep", "xcomp", "pcomp", "ccomp", "oprd"}
# Dependency labels that lead away from the content of a verb: climbing stops there.
CLIMB_STOP = {"nsubj", "nsubjpass", "csubj", "csubjpass", "relcl", "appos", "agent", "expl"}
# Children left out of a speaker's phrase ("Adam Schiff, the ranking Democrat, ..." → "Adam Schiff").
SPEAKER_PHRASE_CUT = {"relcl", "appos", "acl", "punct", "advcl", "parataxis"}
# Words by which the sentence after a quote speaks of it ("So said ...", "That is what she told ...").
BACK_REFERENCES = {"so", "that", "this", "it", "what", "thus"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
# `"PENCE: Well, ..."`: a speaker label in capitals opens a transcript line.
TRANSCRIPT_LABEL = re.compile(r"([A-Z][A-Z.'’ -]{1,40}[A-Z.]):[ \t\u00a0]+")
# `"..." ― Karen Bobadilla.`: a name after a dash signs the quote.
DASH_NAME = re.compile(r"[ \t\u00a0]*(([―—–]|--)[ \t\u00a0]*)((?:[A-Z][\w.'’-]*[ \t\u00a0]?){1,5})")


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]
    # Verbs of believing and claiming report a held view in a clause ("experts believe that
    # ..."): indirect attributions, never the cue of a direct quote.
    belief_verbs: frozenset[str]
    direct_only_verbs: frozenset[str]
    naming_verbs: frozenset[str]
    characterizing_verbs: frozenset[str]
    # "accused X of '…'", "urged X to '…'": the object and complement carry the words.
    evaluating_verbs: frozenset[str]
    object_is_clause_verbs: frozenset[str]
    relative_pronouns: frozenset[str]
    speech_nouns: frozenset[str]
    audience_nouns: frozenset[str]
    not_sources: frozenset[str]
    scare_markers: tuple[str, ...]
    title_markers: frozenset[str]
    min_words_unattributed_quote: int
    max_cue_distance: int
    direct_share_of_clause: float
    naming_object_ratio: float
    max_continuation_gap: int
    # A verb above quoted words that is no cue makes them its subject's, unless light ("be").
    holder_light_verbs: frozenset[str]
    holder_pronouns: frozenset[str]
    title_small_words: frozenset[str]
    # Verbs whose object is a source's stance or request ("endorsed Cruz", "called for a ban").
    stance_cues: frozenset[str]
    stance_prepositions: frozenset[str]
    stance_verb_prepositions: frozenset[str]
    addressee_verbs: frozenset[str]
    title_prepositions: frozenset[str]
    max_title_words: int

    @property
    def direct_cues(self) -> frozenset[str]:
        return self.speech_verbs | self.direct_only_verbs | self.naming_verbs | self.characterizing_verbs


@lru_cache(maxsize=8)
def lexicon(lexicons: Optional[Path] = None) -> Lexicon:
    """The quotes stage's words: ``quotes.yaml`` and the cue verbs of ``speech_verbs.yaml``,
    with the user's lexicon folder merged in; built once per folder."""
    raw: dict[str, Any] = load_yaml("quotes.yaml", lexicons)

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw.get(key) or ())

    return Lexicon(
        speech_verbs=speech_verbs("speech", lexicons=lexicons),
        belief_verbs=speech_verbs("belief", "claim", lexicons=lexicons),
        direct_only_verbs=speech_verbs("direct-only", lexicons=lexicons),
        naming_verbs=speech_verbs("naming", lexicons=lexicons),
        characterizing_verbs=speech_verbs("characterizing", lexicons=lexicons),
        evaluating_verbs=speech_verbs("evaluating", lexicons=lexicons),
        object_is_clause_verbs=speech_verbs("no-noun-object", lexicons=lexicons),
        relative_pronouns=relative_pronouns("person", "thing", lexicons=lexicons),
        speech_nouns=words("speech_nouns"),
        audience_nouns=words("audience_nouns"),
        not_sources=words("not_sources"),
        scare_markers=tuple(sorted((str(w).lower() for w in raw.get("scare_markers") or ()), key=len, reverse=True)),
        title_markers=words("title_markers"),
        min_words_unattributed_quote=int(raw.get("min_words_unattributed_quote", 6)),
        max_cue_distance=int(raw.get("max_cue_distance", 12)),
        direct_share_of_clause=float(raw.get("direct_share_of_clause", 0.85)),
        naming_object_ratio=float(raw.get("naming_object_ratio", 2.4)),
        max_continuation_gap=int(raw.get("max_continuation_gap", 80)),
        holder_light_verbs=words("holder_light_verbs"),
        holder_pronouns=words("holder_pronouns"),
        title_small_words=words("title_small_words"),
        stance_cues=speech_verbs("stance", "characterizing", "evaluating", "naming", lexicons=lexicons)
        | (speech_verbs("speech", lexicons=lexicons) - speech_verbs("no-noun-object", lexicons=lexicons)),
        stance_prepositions=words("stance_prepositions"),
        stance_verb_prepositions=words("stance_verb_prepositions"),
        addressee_verbs=words("addressee_verbs"),
        title_prepositions=words("title_prepositions"),
        max_title_words=int(raw.get("max_title_words", 8)),
    )


# --------------------------------------------------------------------------- quoted regions


# --------------------------------------------------------------------------- the stage


def run(document: Document, settings: Settings) -> None:
    doc = document.doc
    if doc is None:
        raise ValueError("the quotes stage needs the nlp stage first (document.doc is None)")
    _QuoteFinder(document, lexicon(settings.lexicons), settings).find()


@dataclass
class _Attribution:
    cue: Any  # spaCy Token
    speaker: Any = None  # spaCy Token: head of the speaker phrase, or None
    cue_span: Optional[tuple[int, int]] = None
    signature: bool = False  # `"..." ― Name`: signs one quote only
    inherited: bool = False  # the voice of the paragraph before: the quote is the quoted words alone
    # `Rubio bemoaned a climate in which people "hate each other"`: the quoted words sit in
    # the complement of a verb that is no cue; the quote is that complement.
    holder: bool = False


def _possible_cues(doc, cues: frozenset[str]) -> list[int]:
    """The positions of the tokens whose lemma (lower-cased) is a cue, or whose word is
    "according": read from the Doc's columns, each distinct lemma looked at once, instead of
    making and reading a Token for every word of the text."""
    import numpy
    from spacy.attrs import LEMMA, LOWER

    columns = doc.to_array([LEMMA, LOWER])
    strings = doc.vocab.strings
    lemmas = numpy.unique(columns[:, 0])
    cue_lemmas = numpy.array([h for h in lemmas.tolist() if strings[h].lower() in cues], dtype="uint64")
    wanted = numpy.isin(columns[:, 0], cue_lemmas) | (columns[:, 1] == strings.add("according"))
    return numpy.flatnonzero(wanted).tolist()


class _QuoteFinder:
    def __init__(self, document: Document, lex: Lexicon, settings: Optional[Settings] = None) -> None:
        self.document = document
        self.settings = settings or Settings()
        self.doc = document.doc
        self.text = document.text
        self.lex = lex
        # The parsed text is a prefix of the article text (long articles are cut).
        self.parsed_length = doc_length(self.doc)
        # Copies: this stage marks the regions it has used, the shared layer stays as scanned.
        self.regions = [dataclasses.replace(r) for r in document.layer.quoted_regions]
        self.region_starts = [r.outer_start for r in self.regions]
        # Token.sent walks the sentences each time: look sentences up once.
        self.sentences = list(self.doc.sents)
        self.sentence_of = [0] * len(self.doc)
        for k, sent in enumerate(self.sentences):
            for i in range(sent.start, sent.end):
                self.sentence_of[i] = k
        self.quotes: list[Quote] = []
        self.scare: list[ScareQuote] = []
        self.quote_regions: dict[int, _Attribution] = {}
        # Quotes of the stance pass ("I asked the minister whether ..."): whoever asks or
        # endorses is not the voice a later "she said" falls back to.
        self.stances: set[int] = set()

    @property
    def mentions(self) -> list:
        # The speakers seam adds actors as quotes are found: always the document's current list.
        return self.document.mentions

    # ------------------------------------------------------------------ driver

    def find(self) -> None:
        self._reported_clauses()
        self._direct_quotes()
        self.document.quotes = sorted(self.quotes, key=lambda q: (q.start, q.end))
        self.document.scare_quotes = sorted(self.scare, key=lambda s: s.start)

    # ------------------------------------------------------------------ helpers on the parse

    def _region_of_char(self, pos: int) -> Optional[Region]:
        k = bisect.bisect_right(self.region_starts, pos) - 1
        if k >= 0 and pos < self.regions[k].outer_end:
            return self.regions[k]
        return None

    def _in_region(self, token) -> bool:
        return self._region_of_char(token.idx) is not None

    def _tokens(self, start: int, end: int):
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    @staticmethod
    def _negated(token) -> bool:
        return any(c.dep_ == "neg" for c in token.children)

    def _is_cue(self, token, lemmas: frozenset[str]) -> bool:
        return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in lemmas or (
            token.tag_.startswith("VB") and token.lemma_.lower() in lemmas
        )

    # ------------------------------------------------------------------ speakers

    def _speaker_of(self, verb, depth: int = 0):
        """The head token of whoever speaks through ``verb``, or None."""
        # The subject nearest the verb: a bad parse can hang two on it.
        # A speaker never stands inside quotation marks when its verb stands outside them.
        verb_quoted = self._in_region(verb)
        subjects = sorted(
            (
                c
                for c in verb.children
                if c.dep_ in ("nsubj", "nsubjpass") and (_is_word(c) or c.like_num) and (verb_quoted or not self._in_region(c))
            ),
            key=lambda c: abs(c.i - verb.i),
        )
        for child in subjects:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in self.lex.relative_pronouns:
                    if verb.dep_ == "relcl":
                        return self._owner(verb.head)
                    continue
                if verb.lemma_.lower() == "quote" and child.dep_ == "nsubjpass":
                    return self._owner(child)
                if child.dep_ == "nsubjpass":
                    continue
                return self._owner(child)
        if depth >= 3:
            return None
        head = verb.head
        if head.i == verb.i or self._in_region(head) and not verb_quoted:
            # The parse hangs the cue on the quoted words: their subject is not the speaker.
            # A participle ("told Newsmax that Romney "had a crazy policy," adding, ...") is
            # still the reporter's, whose cue takes the quoted words.
            reporter = self._reporter_of_quoted(head) if verb.tag_ == "VBG" and head.i != verb.i else None
            if reporter is not None:
                return self._speaker_of(reporter, depth + 1)
            return self._name_just_before(verb) if depth == 0 else None
        if (
            verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.dep_ == "ccomp" and head.i < verb.i
            and any(c.tag_ == "MD" for c in head.children)
            and self._is_cue(verb, self.lex.speech_verbs) and self._is_cue(head.head, self.lex.speech_verbs | self.lex.belief_verbs)
        ):
            # "Gidley indicated that the administration would reject the request, repeating
            # the president's claim ...": after a reported intent or forecast (a modal), a
            # speech participle is the reporter's, though the parse hangs it on the clause's
            # verb. After a reported event ("Comey says Trump invited him to dinner, telling
            # him ...") it goes on with the event's subject.
            head = head.head
        if verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "pcomp"):
            if head.dep_ == "prep":  # "quoted as saying"
                means = head.lower_ == "by"
                head = head.head
                if means and verb.tag_ == "VBG" and head.dep_ == "dobj" and head.head.pos_ in ("VERB", "AUX"):
                    # "Trump didn't help matters by tweeting that ...": the parse hangs the
                    # "by" phrase on the object; whoever does the verb does the gerund.
                    head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return self._speaker_of(head, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep":
            return self._speaker_of(head.head, depth + 1)
        if verb.dep_ == "acl" and head.lemma_.lower() in self.lex.speech_nouns:
            return self._owner(head)
        return self._name_just_before(verb) if depth == 0 else None

    def _reporter_of_quoted(self, token):
        """The cue verb outside quotation marks that takes the quoted words ``token`` stands in."""
        outer = token
        while self._in_region(outer) and outer.head.i != outer.i:
            outer = outer.head
        if outer.i == token.i or self._in_region(outer):
            return None
        return outer if self._is_cue(outer, self.lex.speech_verbs | self.lex.direct_only_verbs) else None

    def _name_just_before(self, verb):
        """"In a statement to the Observer, her adviser, Jake Sullivan, said: ...": the small
        parser hangs the name on something else and leaves the cue without a subject; a
        person's name right before the cue (a comma between at most) is the speaker."""
        after = self.doc[verb.i + 1] if verb.i + 1 < len(self.doc) else None
        if after is None or not (after.text == ":" or after.text in ALL_MARKS or after.text == "," and self._region_of_char(after.idx + 2) is not None):
            return None  # only a cue that opens quoted words: 'Jake Sullivan, said: "..."'
        i = verb.i - 1
        if i >= 0 and self.doc[i].text == ",":
            i -= 1
        if i < 0:
            return None
        token = self.doc[i]
        if token.pos_ != "PROPN" or self._in_region(token):
            return None
        actor = self.document.actor_at(token.idx, token.idx + len(token.text))
        return token if actor is not None and actor.type == "person" else None

    def _owner(self, noun, depth: int = 0):
        """The speaker behind ``noun``: itself, the name in its apposition ("the former director,
        James Clapper, who said"), or for a statement/column/article, whoever issued it."""
        if noun.pos_ == "NOUN":
            for child in noun.children:
                if child.dep_ == "appos" and child.pos_ == "PROPN":
                    return child
        if noun.lemma_.lower() not in self.lex.speech_nouns or depth > 2:
            return noun
        for child in noun.children:
            if child.dep_ == "poss":
                return self._owner(child, depth + 1)
        for child in noun.children:
            if child.dep_ == "compound" and child.i == noun.i - 1 and self._can_issue(child):
                # "a White House statement", "eyewitness reports", "police accounts": the
                # issuer written before the noun.
                return child
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.pos_ in ("PROPN", "NOUN", "PRON"):
                        return self._owner(pobj, depth + 1)
        if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ == "VERB":
            issuer = self._speaker_of(noun.head)
            if issuer is not None and issuer is not noun:
                return issuer
        return noun

    def _can_issue(self, token) -> bool:
        """A word before a speech noun that names who issued it: an actor's mention or a noun
        for a person or a group (not "press" in "press release", "news" in "news conference")."""
        from newsledger.knowledge.nominals import nominals

        if self.document.actor_at(token.idx, token.idx + len(token.text)) is not None:
            return True
        lexicon = nominals(self.settings.lexicons if self.settings else None)
        lemma = token.lemma_.lower()
        return token.pos_ == "NOUN" and (lemma in lexicon.persons or lemma in lexicon.groups)

    def _phrase(self, head) -> tuple[int, int]:
        """Character span of the speaker phrase around ``head``, without relative clauses and appositions."""
        cut: set[int] = set()
        for t in head.subtree:
            if t is not head and t.dep_ in SPEAKER_PHRASE_CUT:
                cut.update(x.i for x in t.subtree)
        allowed = {t.i for t in head.subtree if not (t.is_space or "\n" in t.text_with_ws and t is not head)} - cut
        allowed.add(head.i)
        lo = hi = head.i
        while lo - 1 in allowed:
            lo -= 1
        while hi + 1 in allowed:
            hi += 1
        start = self.doc[lo].idx
        end = self.doc[hi].idx + len(self.doc[hi].text)
        return start, end

    def _actor_for(self, head, span: tuple[int, int]) -> Optional[str]:
        """The actor whose mention covers the speaker's head word (longest overlap with the phrase)."""
        h_start, h_end = head.idx, head.idx + len(head.text)
        best, best_overlap = None, 0
        for m in self.document.mentions_overlapping(h_start, h_end):
            overlap = min(span[1], m.end) - max(span[0], m.start)
            if overlap > best_overlap:
                best, best_overlap = m.actor, overlap
        if best is None:
            actor = self.document.actor_at(h_start, h_end)
            return actor.id if actor else None
        return best

    def _cue_span(self, cue) -> tuple[int, int]:
        """The cue verb with its particle, an audience object ("told reporters") and a
        speech-noun phrase ("said in a statement") when they follow it closely."""
        end_tok = cue
        for child in cue.children:
            if child.i <= cue.i or child.i - end_tok.i > 3:
                continue
            if child.dep_ == "prt":
                end_tok = max(end_tok, child, key=lambda t: t.i)
            elif child.dep_ in ("dobj", "dative") and child.lemma_.lower() in self.lex.audience_nouns:
                end_tok = max(end_tok, child, key=lambda t: t.i)
            elif child.dep_ == "prep":
                pobjs = [p for p in child.children if p.dep_ == "pobj"]
                if pobjs and pobjs[0].lemma_.lower() in self.lex.speech_nouns:
                    end_tok = max(end_tok, pobjs[0], key=lambda t: t.i)
        return cue.idx, end_tok.idx + len(end_tok.text)

    def _attribution(self, cue, speaker=None) -> _Attribution:
        if speaker is None:
            speaker = self._speaker_of(cue)
        return _Attribution(cue=cue, speaker=speaker, cue_span=self._cue_span(cue))

    def _make_quote(self, start: int, end: int, kind: str, attribution: Optional[_Attribution]) -> Quote:
        dateline = self.document.layer.dateline
        if dateline and dateline[0] <= start < dateline[1] < end:
            start = dateline[1]  # "CAIRO (Reuters) - ...": where the story was filed, not what was said
        start, end = _trim(self.text, start, end)
        if kind != "direct":
            # A clause or complement never cuts a quotation in two: the parse may leave a
            # mark outside ("told “CBS This Morning” Monday" starting at "CBS").
            first, last = self._region_of_char(start), self._region_of_char(max(start, end - 1))
            if first is not None and first.outer_start < start:
                start = first.outer_start
            if last is not None and end < last.outer_end:
                end = last.outer_end
            end = self._paragraph_limit(start, end)
            start, end = _trim(self.text, start, end)
        quote = Quote(text=self.text[start:end], start=start, end=end, kind=kind)
        if attribution is None:
            return quote
        if attribution.cue_span:
            cs, ce = attribution.cue_span
            quote.cue = Span(cs, ce, self.text[cs:ce])
        if attribution.speaker is not None:
            ss, se = self._phrase(attribution.speaker)
            quote.speaker_span = Span(ss, se, self.text[ss:se])
            actor_id = self._actor_for(attribution.speaker, (ss, se))
            if attribution.speaker.pos_ == "PRON" and actor_id is not None and actor_id in self._clause_subjects(start, end):
                # "Trump, he said, returned ...": the "he" who reports a clause is not its subject;
                # the voice is the one of the quotes before.
                actor_id = self._previous_speaker(start, exclude=actor_id)
            if actor_id is None:
                actor_id = self._source_actor(attribution.speaker, (ss, se), start)
            if actor_id is not None:
                quote.speaker = actor_id
                actor = self.document.actor(actor_id)
                quote.speaker_name = actor.name if actor else None
        return quote

    def _reports_quotation(self, verb) -> bool:
        """A speech cue with a subject of its own whose colon opens a quotation (`the president
        told him: "..."`)."""
        if not self._is_cue(verb, self.lex.speech_verbs) or not any(c.dep_ == "nsubj" for c in verb.children):
            return False
        for colon in verb.children:
            if colon.text == ":" and colon.i > verb.i:
                region = self._region_of_char(colon.idx + 1) or self._region_of_char(colon.idx + 2)
                return region is not None and self._after_colon(region)
        return False

    def _after_colon(self, region: Region) -> bool:
        pos = region.outer_start - 1
        while pos >= 0 and self.text[pos].isspace():
            pos -= 1
        return pos >= 0 and self.text[pos] == ":"

    def _paragraph_limit(self, start: int, end: int) -> int:
        """``end``, or the end of ``start``'s paragraph when the span runs past it: a reported
        clause or mixed quote never crosses a paragraph break (a bad parse or sentence split
        runs on into the next paragraph). Only a quotation left open at the paragraph's end in
        the press style (the next paragraph opens with a mark) carries it on."""
        paragraphs = self.document.layer
        while True:
            paragraph_end = paragraphs.paragraph_bounds(start)[1]
            if end <= paragraph_end:
                return end
            region = self._region_of_char(max(start, paragraph_end - 1))
            if region is None or region.outer_end <= paragraph_end:
                return paragraph_end
            start = region.outer_end - 1  # the open quotation goes on: so does the span

    def _clause_subjects(self, start: int, end: int) -> set[str]:
        """Actors that are the subject of a verb in the text ``[start, end)``."""
        subjects: set[str] = set()
        for t in self._tokens(start, end):
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ != "PRON":
                actor = self.document.actor_at(t.idx, t.idx + len(t.text))
                if actor is not None:
                    subjects.add(actor.id)
        # The subject cut off by "he said" ("Trump, he said, returned") stands just before.
        head = self._tokens(max(0, start - 40), start)
        for t in head:
            if t.dep_ == "nsubj" and t.head.idx >= start:
                actor = self.document.actor_at(t.idx, t.idx + len(t.text))
                if actor is not None:
                    subjects.add(actor.id)
        return subjects

    def _source_actor(self, head, span: tuple[int, int], quote_start: int) -> Optional[str]:
        """Whenever the text gives a source, the quote's speaker is an actor: a pronoun the
        actors stage left unresolved goes to the voice before the quote; other words become
        an actor through the speakers seam (a description, an unnamed source, a missed name)."""
        if head.pos_ == "PRON":
            found = self._pronoun_source(head, quote_start)
            actor = self.document.actor(found)
            if actor is not None and self.document.actor_at(head.idx, head.idx + len(head.text)) is None:
                # The pronoun is a mention of the speaker it resolves to, as the actors stage's are.
                add_mention(self.document, actor, head.idx, head.idx + len(head.text), "pronoun")
            return found
        made = seam("speakers", self.settings)(self.document, head, span, self.settings)
        return made.id if made is not None else None

    def _pronoun_source(self, pronoun, quote_start: int) -> Optional[str]:
        """"…four sentences…," he said: the window is counted from the start of the quote,
        not from the pronoun. He/she: the previous quote's speaker if a person, else the
        nearest person named before the quote; they/it/we: the nearest organization, group
        or country before it."""
        lower = pronoun.lower_
        if lower in ("he", "she", "him", "her"):
            wanted = ("person",)
        elif lower in ("they", "it", "we", "them", "us"):
            wanted = ("organization", "group", "country", "document") if lower != "they" else ("organization", "group", "country", "person")
        else:
            return None
        layer = self.document.layer
        sentence = layer.sentence_at(quote_start) or layer.sentence_at(pronoun.idx)
        k = self.sentence_of[sentence.start] if sentence is not None else 0
        horizon = self.sentences[max(0, k - 3)].start_char
        if lower == "they":
            voice = self._narrated_voice(horizon, quote_start, wanted)
            if voice is not None:
                return voice
        for quote in sorted(self.quotes, key=lambda q: q.start, reverse=True):
            if quote.start >= quote_start or quote.start < horizon or id(quote) in self.stances:
                continue
            actor = self.document.actor(quote.speaker)
            if actor is not None and actor.type in wanted and actor.named and pronoun_fits(lower, actor.name):
                return actor.id
            if actor is not None:
                break
        best = None
        # a pronoun points back: not to a name after it ("They had asked Carrie Lam, who is
        # supported by the Chinese government, to resign": not the government)
        before = min(quote_start, pronoun.idx)
        for m in self.document.mentions_overlapping(horizon, before):
            if m.start >= before:
                break
            if m.start < horizon or m.kind == "pronoun" or layer.in_quotation(m.start):
                continue
            if m.kind == "demonym" and self._describes_a_thing(m):
                continue  # "met the officers at an Irish pub. They worked for …": not Ireland
            actor = self.document.actor(m.actor)
            if actor is not None and actor.type in wanted and (actor.named or lower in ("they", "it")) and pronoun_fits(lower, actor.name):
                best = actor.id
        return best

    def _describes_a_thing(self, mention) -> bool:
        """A demonym that modifies a noun naming no actor ("an Irish pub", "Russian gas"): an
        adjective of a thing, no one a pronoun can point back to."""
        words = list(self._tokens(mention.start, mention.end))
        if not words or words[-1].dep_ not in ("amod", "compound"):
            return False
        head = words[-1].head
        return head.pos_ == "NOUN" and self.document.actor_at(head.idx, head.idx + len(head.text)) is None

    def _narrated_voice(self, horizon: int, quote_start: int, wanted: tuple) -> Optional[str]:
        """`The newspaper said ... In the piece, the official denounces Trump's "amorality".
        "The root of the problem ...," they wrote.`: after the last quote, the narrator names
        who speaks or takes a stance (the subject of a cue verb); a "they" goes to that voice
        (a singular "they" for an anonymous author), not to the outlet quoted before."""
        floor = horizon
        for quote in self.quotes:
            if quote.end <= quote_start and id(quote) not in self.stances:
                floor = max(floor, quote.end)
        cues = self.lex.speech_verbs | self.lex.stance_cues
        for t in reversed(self._tokens(floor, quote_start)):
            if t.pos_ == "PRON" or self._in_region(t):
                continue
            after = self.doc[t.i + 1] if t.i + 1 < len(self.doc) else None
            # The small tagger reads a cue in the present tense as a noun ("the official
            # denounces"): a cue word right after the subject counts as its verb.
            if not (t.dep_ == "nsubj" and self._is_cue(t.head, cues) or after is not None and after.lemma_.lower() in cues and after.tag_ in ("VBZ", "VBD", "NNS")):
                continue
            actor = self.document.actor_at(t.idx, t.idx + len(t.text)) or self._described_before(t)
            if actor is not None and actor.type in wanted:
                return actor.id
        return None

    def _described_before(self, noun):
        """`the official` left without a mention (the parse made it a modifier): the unnamed
        actor an earlier description with the same head word stands for."""
        if noun.i == 0 or self.doc[noun.i - 1].lower_ != "the" or not noun.is_lower:
            return None
        best = None
        for actor in self.document.actors:
            if actor.named or actor.type != "person":
                continue
            for m in actor.mentions:
                if m.start < noun.idx and m.kind != "pronoun" and m.text.lower().split()[-1:] == [noun.lower_]:
                    if best is None or m.start > best[0]:
                        best = (m.start, actor)
        return best[1] if best else None

    def _previous_speaker(self, pos: int, exclude: str) -> Optional[str]:
        for quote in sorted(self.quotes, key=lambda q: q.start, reverse=True):
            if quote.start < pos and quote.speaker and quote.speaker != exclude and id(quote) not in self.stances:
                actor = self.document.actor(quote.speaker)
                if actor is not None and actor.type == "person":
                    return quote.speaker
        return None

    # ------------------------------------------------------------------ reported clauses

    def _clause_span(self, head, exclude: Iterable = ()) -> Optional[tuple[int, int]]:
        """The longest contiguous run of ``head``'s subtree, without nested attributions."""
        excluded = {t.i for e in exclude for t in e.subtree}
        for t in head.subtree:
            if t is not head and t.dep_ in ("advcl", "parataxis") and self._is_cue(t, self.lex.direct_cues):
                excluded.update(x.i for x in t.subtree)
        tokens = [t for t in head.subtree if t.i not in excluded]
        if not tokens:
            return None
        runs: list[list] = [[tokens[0]]]
        for t in tokens[1:]:
            if t.i == runs[-1][-1].i + 1:
                runs[-1].append(t)
            else:
                runs.append([t])
        # The run holding the head is the clause; a subject cut off by "he said" goes with it
        # only when it is the longest run.
        best = max(runs, key=lambda r: sum(len(t.text_with_ws) for t in r))
        while best and (best[0].dep_ in ("mark", "cc") or best[0].dep_ == "punct" and best[0].text not in ALL_MARKS or best[0].is_space):
            best = best[1:]
        while best and (best[-1].is_punct and best[-1].text not in ALL_MARKS or best[-1].is_space):
            best = best[:-1]
        if len(best) < 2:
            return None
        return best[0].idx, best[-1].idx + len(best[-1].text)

    def _reported_clauses(self) -> None:
        lex = self.lex
        reporting = lex.speech_verbs | lex.belief_verbs
        any_cue = reporting | lex.stance_cues
        tokens = tokens_of(self.doc)
        for i in _possible_cues(self.doc, any_cue):
            token = tokens[i]
            lemma = token.lemma_.lower()
            if lemma not in any_cue and token.lower_ != "according" or self._in_region(token):
                continue
            if token.lower_ == "according" and token.i + 1 < len(self.doc) and self.doc[token.i + 1].lower_ == "to":
                self._according_to(token)
                continue
            if self._negated(token):
                continue
            if not self._is_cue(token, reporting):
                if self._is_cue(token, lex.stance_cues):
                    self._stance(token)
                continue
            # A clause before the verb inside quotation marks is a direct quote (step 3).
            comps = [c for c in token.children if c.dep_ == "ccomp" and (c.i > token.i or not self._in_region(c))]
            if not comps and token.dep_ != "parataxis" and lemma not in lex.object_is_clause_verbs and lemma in lex.stance_cues:
                self._stance(token)  # "announced his candidacy", "disclosed the payments"
                continue
            if token.dep_ == "parataxis" and not comps and token.head.pos_ in ("VERB", "AUX") and token.head.i > token.i:
                # "Trump, he said, returned to the question": the cue sits inside the clause it reports.
                if self._reports_quotation(token.head):
                    continue  # "at which, Comey wrote, the president told him: "..."": the president's
                clause = self._clause_span(token.head, exclude=[token])
                if clause:
                    self._add_reported(clause, token)
                continue
            if not comps and lemma in lex.object_is_clause_verbs:
                # The small parser reads "said other topics the two discussed included X" as an
                # object with a relative clause: an object that holds a finite verb is the clause.
                comps = [
                    c
                    for c in token.children
                    if c.dep_ == "dobj" and c.i > token.i and c.pos_ in ("NOUN", "PROPN", "NUM")
                    and any(t.tag_ in FINITE_TAGS for t in c.subtree)
                ]
            for comp in comps:
                if comp.pos_ not in ("VERB", "AUX") and comp.dep_ == "ccomp":
                    continue
                if self._reports_quotation(comp):
                    # "The Post reported ... the president told him: "I need loyalty."": a cue
                    # with its own subject and quoted words is a report of its own; the quoted
                    # words are the president's, not the Post's.
                    continue
                clause = self._clause_span(comp)
                if clause:
                    self._add_reported(clause, token)

    def _stance(self, verb) -> None:
        """`Walker endorsed Cruz`, `she criticized Singer for the vote`, `Trump called for a
        ban`, `asked Mook whether ...`: a source's stance on, or request about, what the verb
        takes after it. Attribution corpora (PARC, PolNeAR) count these; newsledger gives them
        kind ``stance`` (``indirect`` when what follows is a clause). Only a subject that can
        hold a view (an actor, a personal pronoun) counts; complements with quotation marks
        are left to the direct quotes."""
        content = self._stance_content(verb)
        if content is None:
            return
        (start, end), clausal = content
        if any(r.outer_start < end and start < r.outer_end for r in self.regions):
            return
        if any(q.start < end and start < q.end for q in self.quotes):
            return
        attribution = self._attribution(verb)
        if attribution.speaker is None or not self._can_hold_words(attribution.speaker):
            return
        if attribution.speaker.idx >= start and attribution.speaker.idx < end:
            return
        quote = self._make_quote(start, end, "indirect" if clausal else "stance", attribution)
        self.stances.add(id(quote))
        self.quotes.append(quote)

    def _stance_content(self, verb) -> Optional[tuple[tuple[int, int], bool]]:
        """The words a stance verb takes: its object and the complements after it, or the
        object of a preposition that follows it ("called for", "talked about")."""
        children = [c for c in verb.children if c.i > verb.i]
        particles = {c.i for c in children if c.dep_ == "prt"}
        picked: list = []
        for c in children:
            if c.dep_ in ("punct", "cc", "conj", "advcl", "advmod", "npadvmod", "parataxis"):
                if picked:
                    break
                continue
            if c.dep_ in ("dobj", "dative") and (c.lemma_.lower() in self.lex.audience_nouns or verb.lemma_.lower() in self.lex.addressee_verbs):
                continue  # "told reporters", "told Breitbart News": whom the words were for
            if c.dep_ in ("dobj", "dative", "xcomp", "ccomp", "oprd"):
                picked.append(c)
            elif c.dep_ == "prep" and not picked and c.i - 1 in {verb.i} | particles:
                # "called for a ban", "talked about Zika"; not "spoke after the summit".
                objects = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
                if c.lower_ not in self.lex.stance_verb_prepositions or not objects or objects[0].ent_type_ in ("DATE", "TIME"):
                    return None
                picked.append(objects[0])
            elif c.dep_ == "prep" and picked and c.lower_ in self.lex.stance_prepositions:
                picked.append(c)
            elif picked:
                break
        if not picked:
            return None
        start = min(t.left_edge.idx for t in picked)
        last = max((t.right_edge for t in picked), key=lambda t: t.i)
        while last.i > picked[0].i and (last.is_punct or last.is_space):
            last = self.doc[last.i - 1]
        if self.sentence_of[last.i] != self.sentence_of[verb.i]:
            return None
        clausal = any(c.dep_ == "ccomp" for c in picked)
        return (start, last.idx + len(last.text)), clausal

    def _according_to(self, token) -> None:
        to = self.doc[token.i + 1]
        pobjs = [c for c in to.children if c.dep_ == "pobj"]
        if not pobjs or pobjs[0].lemma_.lower() in self.lex.not_sources:
            return
        source = self._owner(pobjs[0])
        head = token.head
        if head.i == token.i or head.pos_ not in ("VERB", "AUX"):
            return
        clause = self._clause_span(head, exclude=[token])
        if clause:
            attribution = _Attribution(cue=token, speaker=source, cue_span=(token.idx, to.idx + len(to.text)))
            self._add_reported(clause, token, attribution)

    def _add_reported(self, clause: tuple[int, int], cue, attribution: Optional[_Attribution] = None) -> None:
        start, end = clause
        end = self._paragraph_limit(start, end)
        inside: list[Region] = []
        for r in self.regions:
            if r.inner_end <= start or r.inner_start >= end:
                continue
            if r.outer_start < start - 1 or r.inner_start <= start + 1 and (r.outer_end >= end - 1 or self._after_colon(r)):
                # The clause begins inside a quotation, or is the quotation: the parse has run
                # past the marks, and the quotation is a direct quote of its own. A clause that
                # opens with quoted words and goes on past them (`said "we need more
                # information" about the inquiry`) is a mixed quote, unless a colon opens the
                # quotation (`told reporters: "It's not mine" after ...`): the words after the
                # closing mark are the narrator's.
                return
            inside.append(r)
            start = min(start, r.outer_start)  # the opening mark, when the parse left it out
            end = max(end, r.outer_end)
        attribution = attribution or self._attribution(cue)
        if attribution.speaker is None:
            return  # "needless to say", "that is to say": no one speaks
        if any(q.start < end and start < q.end for q in self.quotes):
            return
        quoted = sum(r.inner_end - r.inner_start for r in inside)
        if inside and quoted >= self.lex.direct_share_of_clause * (end - start - 2 * len(inside)):
            return  # essentially a direct quote: the region pass takes it with this cue
        for r in inside:
            r.used = True
        if inside:
            end = self._more_quoted_words(end)
        self.quotes.append(self._make_quote(start, end, "mixed" if inside else "indirect", attribution))

    # ------------------------------------------------------------------ direct quotes

    def _direct_quotes(self) -> None:
        previous: Optional[tuple[Region, Quote]] = None
        for region in self.regions:
            if region.used:
                continue
            inner = self.text[region.inner_start : region.inner_end]
            if not inner.strip():
                continue
            if self._is_title(region):
                continue
            if self._has_scare_marker(region):
                self.scare.append(self._scare(region))
                continue
            label = TRANSCRIPT_LABEL.match(self.text, region.inner_start)
            if label and self._label_attribution(label) is not None:
                # `"PENCE: Well, look, ..."`: a transcript line, its speaker named in capitals.
                attribution = self._label_attribution(label)
                quote = self._make_quote(label.end(), region.inner_end, "direct", attribution)
                self.quote_regions[region.outer_start] = attribution
                self.quotes.append(quote)
                previous = (region, quote)
                continue
            tokens = self._tokens(region.inner_start, region.inner_end)
            sentence_like = self._sentence_like(inner, tokens)
            attribution = None
            finders = (
                (self._cue_after, self._cue_before, self._colon_intro, self._governing, self._next_sentence)
                if sentence_like
                else (self._governing, self._cue_after, self._cue_before, self._colon_intro, self._holder)
            )
            for finder in finders:
                attribution = finder(region, tokens)
                if attribution is not None:
                    break
            if attribution is None and previous is not None and (sentence_like or inner[:1].isupper()):
                attribution = self._continuation(region, *previous)
            if attribution is None and sentence_like:
                attribution = self._paragraph_voice(region)
            if attribution is None or attribution.speaker is None and not sentence_like:
                if sentence_like:
                    quote = self._make_quote(region.inner_start, region.inner_end, "direct", attribution)
                    self.quotes.append(quote)
                    previous = (region, quote)
                else:
                    self.scare.append(self._scare(region))
                continue
            if attribution.inherited:
                start, end, kind = region.inner_start, region.inner_end, "direct"
            else:
                start, end, kind = self._naming_span(region, attribution)
                layer = self.document.layer
                if kind == "mixed" and layer.paragraph_of(start) != layer.paragraph_of(region.inner_start):
                    # A cue found in the paragraph before (after a colon) names no object here.
                    start, end, kind = region.inner_start, region.inner_end, "direct"
                if kind == "mixed":
                    end = self._more_quoted_words(end)
            quote = self._make_quote(start, end, kind, attribution)
            self.quote_regions[region.outer_start] = attribution
            self.quotes.append(quote)
            previous = (region, quote)
            if kind == "mixed":
                clause = self._naming_clause(region, attribution, quote.end)
                if clause is not None:
                    self.quotes.append(self._make_quote(*clause, "indirect", attribution))

    def _more_quoted_words(self, end: int) -> int:
        """`called him a "talented guy" when required to "deliver a speech"`: further quoted
        words later in the same sentence, with no cue between, go on with the mixed quote
        (its span runs to their end and they are no quote of their own)."""
        sentence = self.document.layer.sentence_at(max(0, end - 1))
        if sentence is None:
            return end
        k = bisect.bisect_left(self.region_starts, end)
        cues = self.lex.direct_cues | self.lex.evaluating_verbs
        while k < len(self.regions):
            r = self.regions[k]
            if r.used or r.outer_start >= sentence.end_char or r.outer_end > sentence.end_char + 1:
                break
            between = [t for t in self._tokens(end, r.outer_start) if not (t.is_punct or t.is_space)]
            if len(between) > self.lex.max_cue_distance or any(self._is_cue(t, cues) for t in between):
                break
            if any(t.text in SENTENCE_END for t in self._tokens(end, r.outer_start)):
                break
            if self._paragraph_limit(end - 1, r.outer_end) < r.outer_end:
                break  # quoted words of the next paragraph are no part of this sentence
            r.used = True
            end = r.outer_end
            k += 1
        return end

    def _naming_span(self, region: Region, attribution: _Attribution) -> tuple[int, int, str]:
        """`called the meeting "disgraceful"`: the quote is the naming, object included, when
        the object is short beside the quoted words; otherwise the quoted words alone."""
        cue = attribution.cue
        lemma = cue.lemma_.lower()
        if attribution.holder:
            start, end = self._complement_bounds(cue, region)
            return start, end, "mixed"
        if lemma in self.lex.evaluating_verbs and lemma not in self.lex.naming_verbs | self.lex.characterizing_verbs and cue.idx < region.outer_start:
            # "accused Sanders of subjecting her to an 'artful smear'": the words from the
            # verb's first complement to the end of the quoted ones.
            after = [c for c in cue.children if c.i > cue.i and c.dep_ in EVALUATED_DEPS and c.left_edge.idx < region.outer_start]
            if after:
                start = min(t.idx for t in after[0].subtree)
                if region.outer_end - start <= 4 * self.lex.naming_object_ratio * max(1, region.inner_end - region.inner_start):
                    return start, region.outer_end, "mixed"
            return region.inner_start, region.inner_end, "direct"
        if lemma not in self.lex.naming_verbs | self.lex.characterizing_verbs or cue.idx > region.outer_start:
            return region.inner_start, region.inner_end, "direct"
        # The object, or (as a small parser hangs it) the complement whose subtree holds it:
        # "called [both Trump and Clinton "crazy"]oprd".
        objects = [
            c for c in cue.children
            if c.dep_ in ("dobj", "dative", "oprd", "ccomp", "xcomp") and c.i > cue.i and c.left_edge.idx < region.outer_start
        ]
        if not objects:
            return region.inner_start, region.inner_end, "direct"
        start = min(t.idx for t in objects[0].subtree)
        inner = region.inner_end - region.inner_start
        if region.outer_end - start > self.lex.naming_object_ratio * inner or start < cue.idx:
            return region.inner_start, region.inner_end, "direct"
        return start, region.outer_end, "mixed"

    def _naming_clause(self, region: Region, attribution: _Attribution, end: int) -> Optional[tuple[int, int]]:
        """`calling him an "untruthful slime ball" who should be prosecuted for leaking
        classified information`: a relative clause on the quoted name, after the closing
        mark, is what the speaker said of the one named, in the narrator's words: an
        indirect quote of the same cue. Only for a cue that names or characterizes (a
        relative clause on words someone "said" is the narrator's description of them)."""
        cue = attribution.cue
        if cue is None or attribution.holder or cue.lemma_.lower() not in self.lex.naming_verbs | self.lex.characterizing_verbs:
            return None
        inside = self._tokens(region.inner_start, region.inner_end)
        within = {t.i for t in inside}
        for head in (t for t in inside if t.head.i not in within or t.head.i == t.i):
            for clause in head.children:
                if clause.dep_ != "relcl" or clause.left_edge.idx < end:
                    continue
                words = list(clause.subtree)
                start, stop = words[0].idx, words[-1].idx + len(words[-1])
                if self._paragraph_limit(start, stop) < stop or any(r.inner_end > start and r.inner_start < stop for r in self.regions):
                    return None  # across a paragraph, or holding quoted words of its own
                if any(q.start < stop and start < q.end for q in self.quotes):
                    return None
                return start, stop
        return None

    def _label_attribution(self, label: re.Match) -> Optional[_Attribution]:
        name = self.doc.char_span(label.start(1), label.end(1), alignment_mode="expand")
        if name is None or sum(ch.isalpha() for ch in label.group(1)) < 2:
            return None
        colon = label.end(1)
        return _Attribution(cue=name.root, speaker=name.root, cue_span=(colon, colon + 1), signature=True)

    def _scare(self, region: Region) -> ScareQuote:
        return ScareQuote(text=self.text[region.outer_start : region.outer_end], start=region.outer_start, end=region.outer_end)

    def _words_before(self, pos: int, n: int) -> list[str]:
        """The last ``n`` words before ``pos`` in its own sentence (a title marker at the end
        of the sentence before, "... the new album.⏎⏎“We had ...", marks nothing)."""
        before = self.text[max(0, pos - 60) : pos]
        before = re.split(r"[.!?]\s|\n", before)[-1]
        return [w.lower().strip(",") for w in re.findall(r"[\w’'-]+|,", before)][-n:]

    def _is_title(self, region: Region) -> bool:
        words = [w for w in self._words_before(region.outer_start, 3) if w not in (",", "the", "a", "an")]
        if words and any(w in self.lex.title_markers for w in words[-2:]):
            return True
        return self._is_title_case(region) and (self._names_a_work(region) or self._modifies_next_noun(region))

    def _is_title_case(self, region: Region) -> bool:
        """`“Good Morning America”`, `“Never Trump”`: a few words, each capitalised but the
        small ones ("of", "the"), with no sentence's end inside."""
        inner = self.text[region.inner_start : region.inner_end].strip().rstrip(",")
        words = re.findall(r"[^\W\d_][\w’'-]*", inner)
        if not words or len(words) > self.lex.max_title_words or re.search(r"[.!?]", inner[:-1] if inner.endswith(".") else inner):
            return False
        return words[0][:1].isupper() and all(w[:1].isupper() or w.lower() in self.lex.title_small_words for w in words)

    def _names_a_work(self, region: Region) -> bool:
        """After a possessive (`ABC’s “Good Morning America”`) or "on"/"at" (`said on “Meet the
        Press”`): the title of a show, a paper, a programme."""
        before = self.text[max(0, region.outer_start - 30) : region.outer_start].rstrip()
        if re.search(r"\w[’']s$|s[’']$", before):
            return True
        words = [w for w in self._words_before(region.outer_start, 3) if w not in ("the", "a", "an")]
        return bool(words) and words[-1] in self.lex.title_prepositions  # "at the “Red Neck Country Club”"

    def _modifies_next_noun(self, region: Region) -> bool:
        """`the “Never Trump” movement`, `“Ted Cruz” campaign pins`: a name used as a modifier."""
        tokens = self._tokens(region.inner_start, region.inner_end)
        inside = {t.i for t in tokens}
        return any(
            t.head.i not in inside and t.head.idx >= region.outer_end and t.dep_ in ("compound", "amod", "nmod")
            and t.head.pos_ in ("NOUN", "PROPN")
            for t in tokens
        )

    def _has_scare_marker(self, region: Region) -> bool:
        before = self.text[max(0, region.outer_start - 30) : region.outer_start].lower().rstrip()
        return any(before.endswith(marker) for marker in self.lex.scare_markers)

    def _sentence_like(self, inner: str, tokens: list) -> bool:
        words = [t for t in tokens if t.is_alpha]
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in tokens)
        starts_upper = inner.lstrip()[:1].isupper()
        return has_verb and starts_upper and len(words) >= self.lex.min_words_unattributed_quote or (
            has_verb and len(words) >= 2 * self.lex.min_words_unattributed_quote
        )

    def _cue_after(self, region: Region, tokens: list) -> Optional[_Attribution]:
        """`"...," she said` / `"...," said the minister` / `"...," according to X`."""
        if not region.closed:
            return None
        dash = DASH_NAME.match(self.text, region.outer_end)
        if dash:
            name_start, name_end = _trim(self.text, dash.start(3), dash.end(3))
            name = self.doc.char_span(name_start, name_end, alignment_mode="expand")
            if name is not None and any(t.pos_ == "PROPN" for t in name):
                return _Attribution(
                    cue=name.root, speaker=name.root, cue_span=(dash.start(2), dash.end(2)), signature=True
                )
        last = self.text[region.inner_start : region.inner_end].rstrip()[-1:]
        if last == ".":
            return None  # the sentence ended inside the marks: what follows is a new sentence
        # `"...," Kiedis said, mentioning the album is "in the home stretch."`: after a quote
        # closed on a comma, the cue is the quote's even when it reports a clause after it.
        comma_ended = last == ","
        after = self._tokens(region.outer_end, min(self.parsed_length, region.outer_end + 400))
        # `"...," Malkia Cyril, the director of ..., told the paper`: the subject right after
        # the quote whose verb is a cue, however long its apposition.
        for t in after[:4]:
            if t.text in SENTENCE_END or t.is_space and "\n" in t.text:
                break
            if t.dep_ == "nsubj" and t.head.i > t.i and self._is_cue(t.head, self.lex.speech_verbs | self.lex.direct_only_verbs):
                if self.sentence_of[t.head.i] == self.sentence_of[t.i] and not self._has_own_content(t.head, region, objects_only=comma_ended):
                    return self._attribution(t.head)
        seen = 0
        for t in after:
            if t.is_space and "\n" in t.text or t.text in ALL_MARKS:
                return None
            if t.text in SENTENCE_END or t.text == ";":
                return None
            seen += 1
            if seen > self.lex.max_cue_distance:
                return None
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                to = self.doc[t.i + 1]
                pobjs = [c for c in to.children if c.dep_ == "pobj"]
                if pobjs:
                    return _Attribution(cue=t, speaker=self._owner(pobjs[0]), cue_span=(t.idx, to.idx + len(to.text)))
                return None
            if self._is_cue(t, self.lex.speech_verbs | self.lex.direct_only_verbs):
                if self._has_own_content(t, region, objects_only=comma_ended):
                    return None
                attribution = self._attribution(t)
                if attribution.speaker is None:
                    # A parse that lost the subject: the name between the quote and the cue
                    # (`"...," Tulsa police Chief Chuck Jordan said`) or right after it (`said Jordan`).
                    before_cue = [x for x in after if x.i < t.i and x.pos_ in ("PROPN", "PRON", "NOUN")]
                    after_cue = [x for x in after if t.i < x.i <= t.i + 2 and x.pos_ == "PROPN"]
                    named = [x for x in before_cue if x.pos_ == "PROPN"] or before_cue or after_cue
                    if named and named is not after_cue and named[0].pos_ == "PROPN":
                        # The first name's last word: `"...," Brent Bozell III, founder of the
                        # Media Research Center, tells ...` speaks as Bozell, not the Center.
                        head = named[0]
                        while head.i + 1 < len(self.doc) and self.doc[head.i + 1].pos_ == "PROPN":
                            head = self.doc[head.i + 1]
                        attribution.speaker = head
                    elif named:
                        attribution.speaker = named[-1] if named is not after_cue else named[0]
                return attribution if attribution.speaker is not None else None
            if t.pos_ == "VERB" and t.text[:1].islower() and t.dep_ not in ("amod", "compound"):
                return None  # another verb: the words after the quote say something else
        return None

    def _has_own_content(self, cue, region: Region, objects_only: bool = False) -> bool:
        """The cue reports something else after it ("He said the plan failed"); with
        ``objects_only``, only an object counts ("published a column")."""
        addressee = cue.lemma_.lower() in self.lex.addressee_verbs  # "tells Breitbart News"
        for child in cue.children:
            if addressee and child.dep_ == "dobj":
                continue
            if child.i > cue.i and child.dep_ in (("dobj",) if objects_only else ("ccomp", "dobj")) and child.lemma_.lower() not in self.lex.audience_nouns:
                if not (region.outer_start <= child.idx < region.outer_end) and child.pos_ != "PRON":
                    return True
        return False

    def _cue_before(self, region: Region, tokens: list) -> Optional[_Attribution]:
        """`He declared, "..."` / `X said: "..."` / `telling reporters, "..."`."""
        before = self._tokens(max(0, region.outer_start - 300), region.outer_start)
        before = [t for t in before if t.idx < region.outer_start]
        # What stands between the cue and the mark must belong to the cue (its object, an
        # audience, "in a statement", a time) and hold no clause of its own.
        between: list = []
        for t in reversed(before):
            if t.is_space and "\n" in t.text:
                return None
            if t.text in SENTENCE_END or (t.text in ALL_MARKS and t.idx < region.outer_start):
                return None
            if len(between) > self.lex.max_cue_distance:
                return None
            if t.lower_ == "according" and t.i + 1 < len(self.doc) and self.doc[t.i + 1].lower_ == "to":
                # `According to the newspaper, "..."`
                to = self.doc[t.i + 1]
                pobjs = [c for c in to.children if c.dep_ == "pobj"]
                inside_to = {x.i for x in to.subtree}
                if pobjs and all(b.i in inside_to or b.is_punct for b in between) and pobjs[0].lemma_.lower() not in self.lex.not_sources:
                    return _Attribution(cue=t, speaker=self._owner(pobjs[0]), cue_span=(t.idx, to.idx + len(to.text)))
                return None
            if self._is_cue(t, self.lex.speech_verbs | self.lex.direct_only_verbs | self.lex.naming_verbs) and not self._negated(t):
                if any(b.i not in {x.i for x in t.subtree} for b in between if not b.is_punct):
                    return None
                if any(b.dep_ in ("ccomp", "advcl", "relcl", "conj") and b.pos_ in ("VERB", "AUX") for b in between):
                    return None
                attribution = self._attribution(t)
                return attribution if attribution.speaker is not None else None
            between.append(t)
        return None

    def _colon_intro(self, region: Region, tokens: list) -> Optional[_Attribution]:
        """A quote after a sentence ending in a colon, on the same line or in the next paragraph."""
        pos = region.outer_start - 1
        while pos >= 0 and self.text[pos].isspace():
            pos -= 1
        if pos < 0 or self.text[pos] != ":":
            return None
        colon = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if colon is None:
            return None
        label = self._speaker_label(pos)
        if label is not None:
            return label
        sent = self.sentences[self.sentence_of[colon[0].i]]
        candidates = [t for t in sent if t.i < colon[0].i and not self._in_region(t)]
        headline_cue = self._headline_cue(candidates, colon[0])
        if headline_cue is not None:
            return headline_cue
        # A sentence cut at a paragraph break inside it has no verb of its own: take the one before.
        if not any(t.pos_ in ("VERB", "AUX") for t in candidates) and sent.start > 0:
            previous_sent = self.sentences[self.sentence_of[sent.start - 1]]
            candidates = [t for t in previous_sent if not self._in_region(t)] + candidates
        for t in reversed(candidates):
            if self._is_cue(t, self.lex.direct_cues) and not self._negated(t):
                attribution = self._attribution(t)
                if attribution.speaker is not None:
                    return attribution
        # the main verb before the colon: the root, or the verb the parse hung on the quote's own
        # ("the Department justified the strike as defensive: "…the military has taken …"")
        roots = [t for t in candidates if t.pos_ in ("VERB", "AUX") and (t.dep_ == "ROOT" or t.head.i > colon[0].i)]
        for root in roots:
            speaker = self._speaker_of(root)
            if speaker is not None:
                return _Attribution(cue=root, speaker=speaker, cue_span=(root.idx, root.idx + len(root.text)))
        return None

    def _headline_cue(self, candidates: list, colon) -> Optional[_Attribution]:
        """`Trump tweets: "..."`, `Spokesman says: "..."`: headline style, a name and a cue in
        the present tense before the colon; the small tagger reads the cue as a plural noun
        ("tweets", "writes"), leaving the line without a verb."""
        if len(candidates) < 2 or candidates[-1].i != colon.i - 1:
            return None
        cue, name = candidates[-1], candidates[-2]
        if cue.pos_ != "NOUN" or not cue.lower_.endswith("s") or cue.lemma_.lower() not in self.lex.direct_cues:
            return None
        actor = self.document.actor_at(name.idx, name.idx + len(name.text))
        if actor is None or actor.type not in ("person", "organization", "group", "country"):
            return None
        return _Attribution(cue=cue, speaker=name, cue_span=(cue.idx, cue.idx + len(cue.text)))

    def _speaker_label(self, colon: int) -> Optional[_Attribution]:
        """`Kasich: “We are going all the way.”`: a line that opens with a name and a colon
        (a headline, a transcript): the name, an actor of the article, speaks."""
        start = self.document.layer.paragraph_bounds(colon)[0]
        words = self.text[start:colon].split()
        if not words or len(words) > 5 or not all(w[:1].isupper() for w in words):
            return None
        actor = self.document.actor_at(start, colon)
        if actor is None or actor.type not in ("person", "organization", "group"):
            return None
        name = self.doc.char_span(start, colon, alignment_mode="expand")
        if name is None:
            return None
        return _Attribution(cue=name.root, speaker=name.root, cue_span=(colon, colon + 1), signature=True)

    def _next_sentence(self, region: Region, tokens: list) -> Optional[_Attribution]:
        """`"We will win." So said the mayor on Tuesday.` / `... That is what she told reporters.`:
        the next sentence speaks of the quote with "so", "that", "this" or "it"."""
        if not region.closed:
            return None
        after = self._tokens(region.outer_end, min(self.parsed_length, region.outer_end + 300))
        words = []
        for t in after:
            if t.is_space and "\n" in t.text or t.text in ALL_MARKS:
                break
            words.append(t)
            if t.text in SENTENCE_END and len(words) > 1:
                break
        for t in words:
            if self._is_cue(t, self.lex.speech_verbs | self.lex.direct_only_verbs) and not self._negated(t):
                refers_back = any(
                    x.lower_ in BACK_REFERENCES and (x.head.i == t.i or x.head.head.i == t.i)
                    and x.dep_ in ("advmod", "dobj", "dative", "nsubj", "attr", "ccomp", "pobj")
                    for x in words
                )
                has_content = any(c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") for c in t.children)
                if refers_back and not has_content:
                    attribution = self._attribution(t)
                    if attribution.speaker is not None and attribution.speaker.lower_ not in BACK_REFERENCES:
                        return attribution
        return None

    def _governing(self, region: Region, tokens: list) -> Optional[_Attribution]:
        """A cue verb above the quoted words in the parse: `called it a "defined agreement"`."""
        inside = {t.i for t in tokens}
        heads = [t for t in tokens if t.head.i not in inside and not t.is_punct]
        for start in heads:
            node = start
            # "described Britain's vote to leave the EU as 'fantastic'": the "as" may hang lower.
            through_as = False
            for _ in range(8):
                parent = node.head
                if parent is node:
                    break
                if node.dep_ in CLIMB_STOP:
                    break
                if self._in_region(parent) and parent.i not in inside:
                    break
                through_as = through_as or node.dep_ == "prep" and node.lower_ == "as"
                lemma = parent.lemma_.lower()
                if parent.tag_.startswith("VB") and not self._negated(parent):
                    if lemma in self.lex.naming_verbs and node.dep_ == "prep" and node.lower_ in self.lex.stance_verb_prepositions:
                        # "called for more 'flexibility' for advisers": a stance, its object the quote.
                        attribution = self._attribution(parent)
                        attribution.holder = True
                        return attribution
                    if lemma in self.lex.naming_verbs or (lemma in self.lex.characterizing_verbs and through_as):
                        return self._attribution(parent)
                    # Through a complement, not the object: "attacked the 'austerity budget'"
                    # holds a scare quote, "accused X of an 'artful smear'" the accuser's words.
                    if lemma in self.lex.evaluating_verbs and node.dep_ in EVALUATED_DEPS - {"dobj", "dative"} and node.i > parent.i:
                        attribution = self._attribution(parent)
                        if attribution.speaker is not None:
                            return attribution
                    if lemma in self.lex.speech_verbs | self.lex.direct_only_verbs and (
                        node.dep_ in SPEECH_ENTRY or node.dep_ in ("dobj", "npadvmod") and node.i in inside
                    ):
                        return self._attribution(parent)
                node = parent
        return None

    def _holder(self, region: Region, tokens: list) -> Optional[_Attribution]:
        """`Rubio bemoaned the climate in which people "literally hate each other"`: quoted
        words in the complement of a verb that is no cue, whose subject is an actor (or a
        personal pronoun): attribution corpora (PARC, PolNeAR) count them as that subject's
        words. The first verb above the words decides; a cue verb that did not take them
        (`denounced X for "undermining"`, a scare quote) or a light verb ("be", "have") gives
        nothing."""
        inside = {t.i for t in tokens}
        known = self.lex.direct_cues | self.lex.evaluating_verbs | self.lex.belief_verbs | self.lex.holder_light_verbs
        for start in (t for t in tokens if t.head.i not in inside and not t.is_punct):
            node = start
            for _ in range(8):
                parent = node.head
                # A relative clause stays inside the complement ("a climate in which people ...").
                if parent is node or node.dep_ in CLIMB_STOP - {"relcl"} or self._in_region(parent) and parent.i not in inside:
                    break
                if parent.tag_.startswith("VB"):
                    if parent.lemma_.lower() in known or node.dep_ not in HELD_DEPS or node.i < parent.i:
                        return None
                    speaker = self._speaker_of(parent)
                    if speaker is None or not self._can_hold_words(speaker):
                        return None
                    return _Attribution(cue=parent, speaker=speaker, cue_span=self._cue_span(parent), holder=True)
                node = parent
        return None

    def _can_hold_words(self, speaker) -> bool:
        """A subject that can have said or meant something: a personal pronoun, or a word that
        is a mention of an actor (not "the rant", "his coddling of Putin")."""
        if speaker.pos_ == "PRON":
            return speaker.lower_ in self.lex.holder_pronouns
        return self.document.actor_at(speaker.idx, speaker.idx + len(speaker.text)) is not None

    def _complement_bounds(self, verb, region: Region) -> tuple[int, int]:
        """From the verb's first complement after it to the end of the complement that holds
        the quoted words (and at least to the closing mark)."""
        complements = [c for c in verb.children if c.i > verb.i and c.dep_ in HELD_DEPS]
        holding = next((c for c in complements if c.left_edge.idx <= region.inner_start < c.right_edge.idx + len(c.right_edge.text)), None)
        if not complements or holding is None:
            return region.inner_start, region.inner_end
        start = complements[0].left_edge.idx
        first = complements[0]
        objects = [o for o in first.children if o.dep_ in ("pobj", "pcomp")]
        if first.dep_ == "prep" and first.i == verb.i + 1 and objects:
            start = objects[0].left_edge.idx  # "called for [more 'flexibility' ...]"
        last = holding.right_edge
        while last.i > holding.left_edge.i and (last.is_punct and last.text not in ALL_MARKS or last.is_space):
            last = self.doc[last.i - 1]
        return start, max(region.outer_end, last.idx + len(last.text))

    def _paragraph_voice(self, region: Region) -> Optional[_Attribution]:
        """A paragraph that is a quote and nothing more, after a paragraph whose last sentence
        has a person speak ("Valastro praised Christie's leadership." ⏎ "We need someone
        who…"): the print convention gives it that person's voice."""
        layer = self.document.layer
        k = layer.paragraph_of(region.outer_start)
        start, end = layer.paragraphs[k]
        if region.outer_start != start or k == 0:
            return None
        rest = self.text[region.outer_end : end].strip(" \t.,;:")
        if rest and not self._is_quote_run(region.outer_end, end):
            return None
        prev_start, prev_end = layer.paragraphs[k - 1]
        sentence = layer.sentence_at(max(prev_start, prev_end - 1))
        if sentence is None:
            return None
        for quote in reversed(self.quotes):
            if id(quote) in self.stances:
                continue
            if prev_start <= quote.start < prev_end:
                earlier = self.quote_regions.get(self._region_start_before(quote.end))
                if earlier is not None and earlier.speaker is not None and not earlier.signature:
                    return dataclasses.replace(earlier, inherited=True)
                break
        root = sentence.root
        cues = self.lex.speech_verbs | self.lex.evaluating_verbs | self.lex.characterizing_verbs | self.lex.direct_only_verbs
        if root.lemma_.lower() not in cues or self._negated(root):
            return None
        subjects = [c for c in root.children if c.dep_ == "nsubj"]
        if not subjects:
            return None
        actor = self.document.actor_at(subjects[0].idx, subjects[0].idx + len(subjects[0].text))
        if actor is None or actor.type != "person" or not actor.named:
            return None
        return _Attribution(cue=root, speaker=subjects[0], cue_span=self._cue_span(root), inherited=True)

    def _is_quote_run(self, start: int, end: int) -> bool:
        """Only further quoted regions (and spaces) between ``start`` and ``end``."""
        pos = start
        for r in self.regions:
            if r.outer_end <= pos or r.outer_start >= end:
                continue
            if self.text[pos : r.outer_start].strip(" \t\n.,;:"):
                return False
            pos = r.outer_end
        return not self.text[pos:end].strip(" \t\n.,;:")

    def _region_start_before(self, pos: int) -> int:
        starts = [r.outer_start for r in self.regions if r.outer_start < pos]
        return starts[-1] if starts else -1

    def _continuation(self, region: Region, prev_region: Region, prev_quote: Quote) -> Optional[_Attribution]:
        """`"...," he said. "..."`: the next quote goes on in the same voice."""
        attribution = self.quote_regions.get(prev_region.outer_start)
        if attribution is None or attribution.signature:
            return None
        gap_start, gap_end = prev_region.outer_end, region.outer_start
        gap = self.text[gap_start:gap_end]
        if not gap.strip(" \t\n.,;:—–-"):
            return attribution
        cue = attribution.cue
        if not (gap_start <= cue.idx < gap_end):
            return None
        # Between the two quotes stands only the attribution sentence of the first.
        words = [t for t in self._tokens(gap_start, gap_end) if not (t.is_punct or t.is_space)]
        if len(words) > self.lex.max_continuation_gap or any(self.sentence_of[t.i] != self.sentence_of[cue.i] for t in words):
            return None
        return attribution


# A word with an apostrophe or a hyphen inside is still a word ("O’Rourke", "D'Souza").
_INNER_PUNCT = re.compile(r"[’'\-]")


def _is_word(token) -> bool:
    return token.is_alpha or (token.text[:1].isalpha() and _INNER_PUNCT.sub("", token.text).isalpha())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


STAGE = stage("quotes", requires=("doc", "actors"), assigns=("quotes", "scare_quotes"))(run)
