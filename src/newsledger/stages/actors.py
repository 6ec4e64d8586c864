"""The actors stage: entity mentions grouped into actors, linked to the actor dictionary.

What it does, in order, over the spaCy parse:

1. people first: each PERSON entity, with the title and affiliation written before it
   ("US Secretary of State Rex Tillerson", "NBC correspondent Hallie Jackson") or in an
   appositive ("Adam Schiff, the ranking Democrat on ..."), linked to the dictionary by name;
   with them the people the recognizer typed as organizations ("Carly Fiorina" as ORG, "Fox
   News' Bret Baier" as one ORG) or left untagged, read by the first-name data;
2. short forms: a surname ("Tillerson") or a dictionary alias of a person found in this
   document becomes a mention of that person wherever it stands, whatever label spaCy gave it
   (a bare "Trump" is often tagged ORG);
3. organizations, countries (names, demonyms, capitals used as actors) and groups;
4. descriptions ("the US secretary of state", "the Russian president") resolved to the most
   recent actor holding that title;
5. pronouns ("he", "his") resolved to the most salient person, outside quotations (the window
   counts the sentences the narrator speaks, so "he said" after a long quote reaches back past
   it; the subject of the quoted words is not the pronoun that reports them; with nobody before,
   the person the next sentence names), and the relative "who" to the actor it hangs on.

No coreference model installs offline here, so coreference is rules on the parse. The
lexicon of those rules is ``data/coreference.yaml``; the knowledge of who is who is the actor
dictionary (``newsledger.knowledge.dictionary``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from newsledger.knowledge.gender import gender_of, is_known_given_name, pronoun_fits
from newsledger.knowledge.dictionary import ActorDictionary, Entry, Role
from newsledger.document import Actor, Document, Mention
from newsledger.settings import Settings
from newsledger.stage import seam, stage
from newsledger.syntax import children_of, tokens_of
from newsledger.text import visible
from newsledger.knowledge.lexicon import load_yaml, relative_pronouns, speech_verbs
from newsledger.knowledge.nominals import nominals
from newsledger.knowledge.gazetteer import gazetteer, key as gazetteer_key



@lru_cache(maxsize=8)
def rules(lexicons: Optional[Path] = None) -> dict:
    """The coreference word lists (``coreference.yaml`` and the shared lists), with the
    user's lexicon folder merged in; built once per folder."""
    data = dict(load_yaml("coreference.yaml", lexicons))
    for key in (
        "person_pronouns", "title_modifiers", "title_prepositions", "locative_prepositions", "place_prepositions", "place_nouns",
        "not_actors", "event_name_heads", "name_particles", "not_actor_openings",
    ):
        data[key] = frozenset(w.lower() for w in data[key])
    data["reporting_verbs"] = speech_verbs("speech", lexicons=lexicons)
    data["relative_pronouns"] = relative_pronouns("person", lexicons=lexicons)
    return data


@lru_cache(maxsize=8)
def _dictionary(extra: tuple[Path, ...]) -> ActorDictionary:
    return ActorDictionary.load(extra) if extra else ActorDictionary.default()


def _exact_title(dictionary: ActorDictionary, text: str) -> Optional[tuple[str, str]]:
    """(sector, title) when ``text`` is itself a title the dictionary knows, with nothing before it
    (the dictionary's own lookup forgives a leading country; here the country is read apart)."""
    found = dictionary.agent(text)
    if found is None or _norm(found[1] or "") != _norm(text):
        return None
    return found


@lru_cache(maxsize=1)
def _name_order() -> tuple[frozenset[str], frozenset[str]]:
    data = load_yaml("names.yaml")
    families = frozenset(w for names in data["family_names"].values() for w in names)
    return frozenset(data["surname_first_countries"]), families


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    return frozenset(load_yaml("names.yaml").get("honorifics") or ())


@lru_cache(maxsize=1)
def _organization_name_words() -> frozenset[str]:
    return frozenset(w.lower() for w in load_yaml("names.yaml").get("organization_name_words") or ())


def person_shaped(words: list[str]) -> bool:
    """Whether two or three words read as a person's name: each capitalized (an apostrophe or
    hyphen inside allowed: "D'Souza", "Ocasio-Cortez"), the first a given name the first-name
    data knows as a man's or a woman's, none a word of organization names (names.yaml)."""
    if not 2 <= len(words) <= 3:
        return False
    for w in words:
        letters = w.replace("’", "").replace("'", "").replace("-", "")
        if not (w[:1].isupper() and letters.isalpha() and not w.isupper()):
            return False
        if w.lower() in _organization_name_words():
            return False
    return words[0].isalpha() and gender_of(words[0]) is not None


def _family_name_first(words: list[str], country: Optional[str]) -> bool:
    """Whether a person's name puts the family name first (names.yaml)."""
    if not 2 <= len(words) <= 3:
        return False
    countries, families = _name_order()
    if words[0] not in families:
        return False
    if country in countries:
        return True
    # Without the country: a hyphenated given name ("Moon Jae-in"), or two given words of
    # which the first is no Western given name ("Kim Jong Un", not "Lee Harvey Oswald").
    given = words[1:]
    return "-" in given[-1] or (len(given) == 2 and not is_known_given_name(given[0]))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", visible(text).replace("’", "'")).strip().lower()


_GLUED = re.compile(r"\b([A-Z][a-z]+)(?=[A-Z][a-z])")


def _glued_at(name: str, particles: frozenset[str]) -> int:
    """Where the second of two glued names begins ("YovanovitchLev Parnas" -> 11), else 0."""
    for m in _GLUED.finditer(name):
        if m.group(1).lower() not in particles:
            return m.end()
    return 0


_OPENERS, _CLOSERS = "([{<", ")]}>"


def _balanced(tokens: list) -> list:
    """An entity without the bracket it opens or closes on its own: "Transport and General
    Workers Union (TGWU" -> "Transport and General Workers Union", "OXY>" -> "OXY"."""
    for k, token in enumerate(tokens):
        if token.text in _OPENERS and _CLOSERS[_OPENERS.index(token.text)] not in {t.text for t in tokens[k + 1 :]}:
            return _balanced(tokens[:k]) if k else _balanced(tokens[1:])
        if token.text in _CLOSERS and _OPENERS[_CLOSERS.index(token.text)] not in {t.text for t in tokens[:k]}:
            return _balanced(tokens[k + 1 :]) if k + 1 < len(tokens) else _balanced(tokens[:k])
    return tokens


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _norm(text)).strip("-") or "actor"


@dataclass
class _Cluster:
    """An actor under construction."""

    key: str
    name: str
    type: str
    entry: Optional[Entry] = None
    country: Optional[str] = None
    sector: Optional[str] = None
    title: Optional[str] = None
    code: Optional[str] = None
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind)
    aliases: set[str] = field(default_factory=set)
    # The key of the body in the person's title ("White House spokesman Hogan Gidley").
    affiliation: Optional[str] = None

    @property
    def surnames(self) -> set[str]:
        words = self.name.split()
        out = {words[-1]} if self.type == "person" and len(words) > 1 else set()
        if self.type == "person" and _family_name_first(words, self.country):
            # "Kim Jong Un" is "Mr. Kim", not "Mr. Un".
            out = {words[0]}
        if self.entry is not None and self.type == "person":
            out |= {a for a in self.entry.aliases if " " not in a.strip() and a[:1].isupper()}
        return out


@dataclass
class _TitleInfo:
    title: Optional[str] = None
    sector: Optional[str] = None
    country: Optional[str] = None
    start: Optional[int] = None  # char offset where the title/affiliation prefix begins
    # The organization named before the title ("NBC correspondent"): (entry or None, start, end).
    affiliation: Optional[tuple[Optional[Entry], int, int]] = None


class _ActorBuilder:
    def __init__(self, document: Document, dictionary: ActorDictionary, lexicons: Optional[Path] = None):
        self.document = document
        self.doc = document.doc
        self.dictionary = dictionary
        self.rules = rules(lexicons)
        self.lexicons = lexicons
        self.date = document.article.date
        self.clusters: dict[str, _Cluster] = {}
        # Char spans already assigned to a mention; the dateline and photo captions from the
        # start ("CAIRO (Reuters) -", "... REUTERS/Larry Downing"): no name there is an actor.
        # Kept sorted, so that an overlap check is a bisection, not a scan (long articles were
        # quadratic).
        self.taken: list[tuple[int, int]] = sorted(document.layer.furniture)
        # Sentence start -> whether the sentence stands wholly inside quotation marks.
        self._quoted_sentences: dict[int, bool] = {}
        self._longest_taken = max((e - s for s, e in self.taken), default=0)

    # ---- bookkeeping -------------------------------------------------------------
    def _overlaps(self, start: int, end: int) -> bool:
        lo = bisect.bisect_left(self.taken, (start - self._longest_taken, -1))
        hi = bisect.bisect_left(self.taken, (end, -1))
        return any(s < end and start < e for s, e in self.taken[lo:hi])

    def _add_mention(self, cluster: _Cluster, start: int, end: int, kind: str) -> None:
        if end <= start or self._overlaps(start, end):
            return
        # the body in a title before the name may be there already, as the person's affiliation
        if not any(s == start and e == end for s, e, _ in cluster.mentions):
            cluster.mentions.append((start, end, kind))
        bisect.insort(self.taken, (start, end))
        self._longest_taken = max(self._longest_taken, end - start)
        if kind in ("name", "demonym", "capital"):
            cluster.aliases.add(self.document.text[start:end])

    def _cluster(self, key: str, name: str, type_: str, entry: Optional[Entry] = None) -> _Cluster:
        cluster = self.clusters.get(key)
        if cluster is None:
            # A name never carries the zero-width marks of web copy ("Jo\u200bhanna"); its mentions do.
            cluster = _Cluster(key=key, name=visible(name), type=type_, entry=entry)
            if entry is not None:
                self._apply_entry(cluster, entry)
            self.clusters[key] = cluster
        return cluster

    def _role(self, entry: Entry) -> tuple[Optional[Role], bool]:
        """The role the entry holds on the article date; else its latest earlier one (a former holder)."""
        role = entry.role_on(self.date)
        if role is not None or not entry.roles:
            return role, False
        earlier = [r for r in entry.roles if r.end and (self.date is None or r.end <= self.date)]
        if earlier:
            return max(earlier, key=lambda r: r.end or ""), True
        return None, False

    def _apply_entry(self, cluster: _Cluster, entry: Entry) -> None:
        cluster.entry = entry
        cluster.name = entry.name
        if entry.type:
            cluster.type = entry.type
        if entry.type == "country":
            cluster.country = entry.country or entry.id
            cluster.code = cluster.country
            return
        role, former = self._role(entry)
        if role is not None:
            cluster.country = cluster.country or role.country
            cluster.sector = cluster.sector or role.sector
            cluster.code = role.code
            if role.title and not cluster.title:
                cluster.title = f"former {role.title}" if former else role.title

    # ---- tokens and spans ----------------------------------------------------------
    def _clean_span(self, span) -> Optional[tuple[int, int]]:
        """Char offsets of an entity without a leading 'the', possessive or trailing space."""
        tokens = _balanced([t for t in span])
        while tokens and (tokens[0].lower_ in ("the",) or tokens[0].is_space or tokens[0].is_punct):
            tokens = tokens[1:]
        # "Mrs Parker Bowles": the form of address is no part of the name (names.yaml honorifics)
        while len(tokens) > 1 and (tokens[0].text in _honorifics() or tokens[0].text + "." in _honorifics() and tokens[1].text == "."):
            tokens = tokens[2:] if tokens[1].text == "." else tokens[1:]
        # The recognizer runs a name on into the word after it at times ("Patrice Talon of" ORG
        # in "Patrice Talon of Benin"): a name never ends in a preposition or a conjunction.
        while tokens and (tokens[-1].is_space or tokens[-1].is_punct or tokens[-1].text in self.rules["name_trailers"] or tokens[-1].pos_ in ("ADP", "CCONJ", "DET") and tokens[-1].is_lower):
            tokens = tokens[:-1]
        if not tokens:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        start, end = _join_hyphenated(self.document.text, start, end)
        text = self.document.text[start:end]
        # A byline glued to the next line ("Barry Grey\n8 July"): keep the first line.
        if "\n" in text:
            end = start + text.index("\n")
        return (start, end) if end > start else None

    def _locative(self, token) -> bool:
        head = token.head
        while head.dep_ in ("compound", "amod", "appos", "conj") and head.head.i != head.i:
            head = head.head
        if token.dep_ == "pobj" and token.head.lower_ in self.rules["locative_prepositions"]:
            return True
        return head.dep_ == "pobj" and head.head.lower_ in self.rules["locative_prepositions"]

    # ---- 1. people ---------------------------------------------------------------------
    def _title_before(self, ent) -> _TitleInfo:
        """Title and affiliation written just before a name: 'Russian Foreign Minister Sergey Lavrov'."""
        sent_start = ent.sent.start
        first = ent.start
        window = []
        i = first - 1
        while i >= sent_start and len(window) < 8:
            tok = self.doc[i]
            if tok.is_space or tok.is_punct and tok.text not in ("-", "."):
                break
            joins_nouns = (
                tok.lower_ == "and" and window and _common_noun(window[0]) and i > sent_start and _common_noun(self.doc[i - 1])
            )  # "trade and industry commissioner"
            if tok.lower_ == "the" or tok.pos_ in ("VERB", "AUX", "PRON", "ADP", "CCONJ") and tok.lower_ not in self.rules["title_prepositions"] and not joins_nouns:
                break
            if tok.ent_type_ == "PERSON" or self._overlaps(tok.idx, tok.idx + len(tok.text)):
                break  # another person's name ("Donald Trump and Russian President ...")
            window.insert(0, tok)
            i -= 1
        # A preposition opens no title: "spoke to President ..." is "President".
        while window and window[0].pos_ == "ADP":
            window = window[1:]
        best = _TitleInfo()
        for cut in range(len(window)):
            phrase = window[cut:]
            title_text = self.document.text[phrase[0].idx : phrase[-1].idx + len(phrase[-1].text)]
            agent = _exact_title(self.dictionary, title_text)
            of_country = None
            if agent is None:
                found = self._title_of_place(phrase)
                if found is None:
                    continue
                agent, of_country = found
            prefix = window[:cut]
            info = self._prefix_info(prefix)
            if info is None:
                continue
            info.country = info.country or of_country
            info.sector = info.sector or agent[0]
            info.title = re.sub(r"\s+", " ", title_text).strip()  # the title as the article writes it
            info.start = phrase[0].idx if not prefix or self._names_a_person(prefix) else prefix[0].idx
            best = info
            break
        if not best.title:
            best = self._common_title(window)
        if best.title:
            # "former" directly before the title belongs to it.
            modifiers = [t for t in window if t.lower_ in self.rules["title_modifiers"]]
            if any(t.lower_ == "former" for t in modifiers):
                best.title = f"former {best.title}"
        return best

    def _names_a_person(self, tokens) -> bool:
        """"Trump lawyer John Dowd": the person before the title is an actor of their own, not
        part of the lawyer's mention."""
        text = self.document.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]
        return self.dictionary.country(text) is None and any(e.type == "person" for e in self.dictionary.lookup(text))

    def _common_title(self, window) -> _TitleInfo:
        """A role the dictionary does not list, written in lower case before a name and ending
        in a noun for a person ("AU trade and industry commissioner Albert Muchanga", "his
        lawyer John Dowd"): the title is those words, the actor or country before them the
        prefix as for a known title."""
        if not window or not _common_noun(window[-1]) or window[-1].lemma_.lower() not in nominals(self.lexicons).persons:
            return _TitleInfo()
        k = len(window) - 1
        while k > 0 and (_common_noun(window[k - 1]) or window[k - 1].pos_ == "ADJ" and window[k - 1].is_lower or window[k - 1].lower_ == "and" and k > 1):
            k -= 1
        if window[k].lower_ == "and":
            k += 1
        prefix, run = window[:k], window[k:]
        info = self._prefix_info(prefix) or _TitleInfo()
        info.title = re.sub(r"\s+", " ", self.document.text[run[0].idx : run[-1].idx + len(run[-1].text)]).strip()
        # The mention takes in a country or body before the role ("AU ... commissioner"), not a
        # person ("Trump lawyer John Dowd": Trump is an actor of his own).
        owner = self.document.text[prefix[0].idx : prefix[-1].idx + len(prefix[-1].text)] if prefix else ""
        whole = info.affiliation is not None or bool(owner) and self.dictionary.country(owner) is not None
        info.start = prefix[0].idx if whole else run[0].idx
        if not whole:
            info.country = info.affiliation = None
        return info

    def _title_of_place(self, phrase) -> Optional[tuple[tuple[str, str], Optional[str]]]:
        """A title that names its post by a place or body after "of", "to" or "for" ("Ambassador
        to Germany", "First Minister of Scotland", "Special Envoy for Syria"): (the dictionary's
        sector and title for the words before the preposition, the country of the place)."""
        for k in range(len(phrase) - 2, 0, -1):
            if phrase[k].lower_ not in self.rules["title_prepositions"]:
                continue
            place = phrase[k + 1 :]
            if not all(t.pos_ == "PROPN" or t.is_title for t in place):
                return None
            head = phrase[:k]
            agent = None
            for j in range(len(head)):
                if j and (head[j - 1].ent_type_ in ("GPE", "NORP", "ORG") or self.dictionary.country(head[j - 1].text)):
                    return None  # "US Ambassador to ...": the country before is the prefix's, read apart
                agent = _exact_title(self.dictionary, self.document.text[head[j].idx : head[-1].idx + len(head[-1].text)])
                if agent is not None:
                    break
            if agent is None:
                return None
            if phrase[k].lower_ != "of":
                return agent, None  # an ambassador "to Germany", an envoy "for Syria" serves another country
            return agent, self._region(self.document.text[place[0].idx : place[-1].idx + len(place[-1].text)])
        return None

    def _region(self, text: str) -> Optional[str]:
        """The country (alpha-3) of a country, or of a state or region the gazetteer knows
        ("Scotland", "Texas"), named by ``text``; None for anything else, cities included
        (a city is often a given name too)."""
        country = self.dictionary.country(text)
        if country is not None:
            return country.country or country.id
        from newsledger.knowledge.gazetteer import gazetteer

        place = gazetteer(self.lexicons).lookup(text, strict=True)
        if place is not None and place.kind in ("country", "state", "region"):
            return place.country
        return None

    def _prefix_info(self, tokens) -> Optional[_TitleInfo]:
        """What stands before a title: a country ('US', 'Russian'), an organization ('NBC',
        'Senate'), modifiers ('former'). None when it is something else."""
        info = _TitleInfo()
        words = [t for t in tokens if t.lower_ not in self.rules["title_modifiers"]]
        if not words:
            return info
        text = self.document.text[words[0].idx : words[-1].idx + len(words[-1].text)]
        country = self.dictionary.country(text)
        if country is not None:
            info.country = country.country or country.id
            return info
        span = (words[0].idx, words[-1].idx + len(words[-1].text))
        entries = self.dictionary.lookup(text)
        if entries:
            entry = entries[0]
            role, _ = self._role(entry)
            if role is not None:
                # "Trump lawyer": the lawyer shares the president's country, not his sector.
                info.country, info.sector = role.country, role.sector if entry.type != "person" else None
            elif entry.type == "country":
                info.country = entry.country or entry.id
            if entry.type not in ("country", "person"):
                info.affiliation = (entry, *span)
            return info
        if all(t.pos_ == "PROPN" or t.is_title for t in words) and len(words) <= 4:
            if all(t.ent_type_ == "ORG" for t in words):
                info.affiliation = (None, *span)  # an organization the dictionary does not know
            return info
        return None

    def _title_after(self, ent) -> _TitleInfo:
        """A title in an appositive: 'Adam Schiff, the ranking Democrat on the House Intelligence Committee'."""
        root = ent.root
        candidates = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            candidates.append(root.head)
        for cand in candidates:
            if cand.pos_ not in ("NOUN", "PROPN") or cand.ent_type_ == "PERSON":
                continue
            # The name itself hangs on the title when the title comes first ("Britain's
            # Ambassador to the UN Karen Pierce", "Pierce" in apposition): not part of it.
            tokens = [t for t in cand.subtree if (not t.is_punct or t.text == "-") and not ent.start <= t.i < ent.end]
            if tokens and tokens[0].lower_ in ("the", "a", "an"):
                tokens = tokens[1:]
            if not tokens or len(tokens) > 10:
                continue
            # The longest run of words around the head noun that the dictionary knows as a title.
            head_i = cand.i
            spans = sorted(
                ((a, b) for a in range(tokens[0].i, head_i + 1) for b in range(head_i + 1, tokens[-1].i + 2)),
                key=lambda ab: ab[0] - ab[1],
            )
            title = re.sub(r"\s+", " ", self.document.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]).strip()
            for left, right in spans:
                agent = _exact_title(self.dictionary, self.doc[left:right].text)
                if agent is None:
                    continue
                info = _TitleInfo(sector=agent[0], title=title)
                self._country_in_title(tokens, info)
                return info
            if cand.pos_ == "NOUN" and cand.lemma_.lower() in nominals(self.lexicons).persons:
                # "a United States Department of State spokesperson, Morgan Ortagus": a role the
                # dictionary does not list, whose body or country the phrase names
                info = _TitleInfo(title=title)
                self._country_in_title(tokens, info)
                if info.country or info.affiliation:
                    return info
        return _TitleInfo()

    def _country_in_title(self, tokens, info: _TitleInfo) -> None:
        """The country a title in apposition names: a place or people ("Puerto Rico's governor",
        "the British ambassador"), else a body the dictionary knows ("a State Department
        spokesperson"), which is then whom the person speaks for."""
        first, last = tokens[0].i, tokens[-1].i
        inside = []  # (label, start, end) of each entity, the whole of it ("Puerto Rico", not "Puerto") without its "'s"
        for ent_ in self.doc.ents:
            words_ = [t for t in ent_ if t.tag_ != "POS"]
            if first <= ent_.start and ent_.end - 1 <= last and words_:
                inside.append((ent_.label_, words_[0].idx, words_[-1].idx + len(words_[-1].text)))
        for label, start, end in inside:
            if label in ("GPE", "NORP"):
                info.country = self._region(self.document.text[start:end])
                if info.country is not None:
                    return
        for label, start, end in inside:
            if label != "ORG":
                continue
            entries = [e for e in self.dictionary.lookup(self.document.text[start:end]) if e.type not in ("person", "country")]
            if entries:
                info.country = info.country or entries[0].country
                info.affiliation = (entries[0], start, end)
                return

    def _link_person(self, name: str, title_text: str) -> Optional[Entry]:
        for text in (name, f"{title_text} {name}".strip()):
            entries = [e for e in self.dictionary.lookup(text) if e.type == "person"]
            if entries:
                active = [e for e in entries if e.role_on(self.date) is not None]
                return (active or entries)[0]
        return None

    def _person_in_organization(self, ent) -> Optional[tuple[int, int, Optional[tuple[int, int]]]]:
        """A person the recognizer read as an organization: "Carly Fiorina" tagged ORG, or a
        name swallowed with its employer ("Fox News' Bret Baier"). ``(start, end, employer)``
        of the person's name, the employer's span or None; None when the entity reads as an
        organization. A person's name here is two or three capitalized words whose first is
        a given name the first-name data knows as a man's or a woman's, and none of which is a
        word of organization names (names.yaml)."""
        tokens = [t for t in ent if not t.is_space]
        while tokens and tokens[-1].pos_ in ("ADP", "CCONJ", "DET") and tokens[-1].is_lower:
            tokens = tokens[:-1]  # "Patrice Talon of" tagged ORG before "Benin"
        employer = None
        for k, t in enumerate(tokens):
            if t.tag_ == "POS" or t.lower_ in ("'s", "’s") or (t.text in ("'", "’") and k and tokens[k - 1].text.endswith("s")):
                employer = (tokens[0].idx, tokens[k - 1].idx + len(tokens[k - 1].text)) if k else None
                tokens = tokens[k + 1 :]
                break
        known = self.dictionary.lookup(ent.text)
        if known and not all(e.type == "person" for e in known):
            return None  # an organization the dictionary knows ("Morgan Ortagus" tagged ORG is its person)
        # "UN Special Envoy for Syria Geir Pedersen" tagged "Syria Geir Pedersen" ORG: the place
        # closes the title before the name, it is no employer.
        tokens = tokens[self._place_before_name(tokens) :]
        if not tokens or not (known or person_shaped([t.text for t in tokens])):
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text), employer

    def _place_before_name(self, tokens) -> int:
        """How many leading tokens of an entity are a country or a known body glued to the
        person's name after it ("Syria Geir Pedersen", "the United Nations Karen Pierce"); 0
        when there is none."""
        for k in range(1, len(tokens) - 1):
            words = [t for t in tokens[:k] if t.lower_ != "the"]
            if not words:
                continue
            text = self.document.text[words[0].idx : words[-1].idx + len(words[-1].text)]
            known = self._region(text) is not None or any(e.type != "person" for e in self.dictionary.lookup(text))
            if known and person_shaped([t.text for t in tokens[k:]]):
                return k
        return 0

    def collect_people(self) -> None:
        for ent in self.doc.ents:
            employer = employer_cluster = None
            if ent.label_ == "ORG":
                found = self._person_in_organization(ent)
                if found is None:
                    continue
                start, end, employer = found
                if employer is not None:
                    entries = [e for e in self.dictionary.lookup(self.document.text[employer[0] : employer[1]]) if e.type not in ("person", "country")]
                    employer_cluster = self._add_affiliation(entries[0] if entries else None, *employer)
                ent = self.doc.char_span(start, end, alignment_mode="expand")
                if ent is None:
                    continue
            elif ent.label_ != "PERSON":
                continue
            else:
                glued_place = self._place_before_name([t for t in ent])
                if glued_place:
                    ent = ent[glued_place:]
            ent = self._with_given_name_before(ent)
            ent = self._with_surname_after(ent)
            span = self._clean_span(ent)
            if span is None:
                continue
            start, end = span
            glued = _glued_at(self.document.text[start:end], self.rules["name_particles"])
            start += glued
            name = visible(self.document.text[start:end])
            if not any(c.isalpha() for c in name) or name.islower():
                continue
            if self._named_other_than_person(name):
                continue  # "Minas Tirith" read as a person: the dictionary knows it (collect_unrecognized_names)
            if name.split()[0].lower() in self.rules["not_actor_openings"]:
                continue  # "Superstorm Sandy", "Hurricane Katrina" read as people
            # The title before glued names is the first one's ("Ambassador YovanovitchLev Parnas").
            before = self._title_before(ent) if not glued else _TitleInfo()
            after = self._title_after(ent) if not before.title else _TitleInfo()
            info = before if before.title else after
            title_text = self.document.text[before.start : start].strip() if before.start is not None else ""
            words = name.split()
            if len(words) == 1:
                continue  # a surname alone: linked once every full name is known (step 2)
            entry = self._link_person(name, title_text)
            if entry is not None and info.country and entry.country and entry.country != info.country and entry.role_on(self.date) is None:
                # "James Smith, the British ambassador": a namesake of the dictionary's Bahamian
                # minister of 2003–07 (one in office then may be told by a region: "Hong Kong
                # leader Carrie Lam", whom the dictionary codes CHN)
                entry = None
            key = entry.id if entry is not None else f"person:{_norm(name)}"
            cluster = self._cluster(key, name, "person", entry)
            if entry is None and len(name) > len(cluster.name):
                cluster.name = name
            self._enrich(cluster, info)
            mention_start = before.start if before.start is not None else start
            if employer is not None:
                mention_start = employer[0]  # "Fox News' Bret Baier": the employer's name belongs to the person's mention
            self._add_mention(cluster, mention_start, end, "name")
            body = employer_cluster
            if info.affiliation is not None:
                body = self._add_affiliation(*info.affiliation)
            if body is not None and cluster.affiliation is None and body.key != cluster.key:
                # The body in the title is whom the person speaks for: "the White House said"
                # and its spokesman's words are one source's.
                cluster.affiliation = body.key

    def _with_given_name_before(self, ent):
        """"Tennis great Billie Jean King" tagged "Jean King": a capitalized proper noun just
        before a person's name, outside any entity, that the first-name data knows as a given
        name and the dictionary not as a title, opens the name."""
        if ent.start == 0 or len(ent) > 2:
            return ent
        before = self.doc[ent.start - 1]
        if not (before.pos_ == "PROPN" and before.is_alpha and before.is_title and not before.ent_type_ and before.whitespace_ == " "):
            return ent
        if not is_known_given_name(before.text) or _exact_title(self.dictionary, before.text) or self.dictionary.lookup(before.text):
            return ent
        return self.doc[ent.start - 1 : ent.end]

    def _with_surname_after(self, ent):
        """"Judge Amy Berman Jackson" tagged "Amy Berman": the capitalized proper noun just after
        a person's name, outside any entity, whose compounds the name's words are, closes it."""
        if ent.end >= len(self.doc):
            return ent
        after = self.doc[ent.end]
        if not (after.pos_ == "PROPN" and after.is_alpha and after.is_title and not after.ent_type_):
            return ent
        if ent[-1].dep_ != "compound" or ent[-1].head.i != after.i or ent[-1].whitespace_ != " ":
            return ent
        if _exact_title(self.dictionary, after.text) or self.dictionary.country(after.text) is not None:
            return ent
        return self.doc[ent.start : ent.end + 1]

    def collect_missed_people(self) -> None:
        """People the recognizer left untagged ("Bret Baier noticed", "Dinesh D'Souza said"): a
        run of two or three capitalized proper nouns outside any entity whose first word is a
        given name the first-name data knows as a man's or a woman's, with no word of
        organization names and no dictionary entry for another kind of actor."""
        for match_start, match_end in _untagged_name_runs(self.doc):
            tokens = list(self.doc[match_start:match_end])
            words = [t.text for t in tokens]
            if words[0] in _honorifics() and len(words) > 1:
                # "Tony Blair criticised Mr Livingstone": a form of address makes a person of the
                # name it comes before (and is no part of it)
                match_start += 1
                tokens, words = tokens[1:], words[1:]
            elif not person_shaped(words):
                continue
            start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            name = visible(self.document.text[start:end])
            if self._overlaps(start, end) or self._named_other_than_person(name):
                continue
            if any(_exact_title(self.dictionary, text) for text in (name, *words)):
                continue  # "The Vice President, Mike Pence": a title, not a name
            entry = self._link_person(name, "")
            cluster = self._cluster(entry.id if entry is not None else f"person:{_norm(name)}", name, "person", entry)
            span = self.doc[match_start:match_end]
            before = self._title_before(span)
            if before.title:
                self._enrich(cluster, before)
            self._add_mention(cluster, before.start if before.start is not None else start, end, "name")

    def _add_affiliation(self, entry: Optional[Entry], start: int, end: int) -> _Cluster:
        """The organization in a person's title is an actor too; its mention nests inside the
        person's, and a lookup over the whole name still finds the person (longest overlap)."""
        text = self.document.text[start:end]
        if entry is not None:
            cluster = self._cluster(entry.id, entry.name, entry.type or "organization", entry)
        else:
            cluster = self._cluster(f"org:{_norm(text)}", text, "organization")
        if (start, end, "name") not in cluster.mentions:
            cluster.mentions.append((start, end, "name"))
            cluster.aliases.add(text)
        return cluster

    def _enrich(self, cluster: _Cluster, info: _TitleInfo) -> None:
        if info.title and (cluster.title is None or cluster.entry is None or not cluster.title.startswith("former")):
            # The article's own words for the role win over the dictionary's.
            cluster.title = info.title
        if info.country and not cluster.country:
            cluster.country = info.country
        if info.sector and not cluster.sector:
            cluster.sector = info.sector

    # ---- 2. short forms -----------------------------------------------------------------
    def link_short_forms(self) -> None:
        by_surname: dict[str, list[_Cluster]] = {}
        for cluster in self.clusters.values():
            if cluster.type != "person":
                continue
            for surname in cluster.surnames:
                by_surname.setdefault(_norm(surname), []).append(cluster)
        # Single-word person names the document does not spell out ("Obama said"): ask the
        # dictionary, whether spaCy saw a PERSON, an ORG or no entity at all.
        for start, end in self._single_names():
            text = _norm(self.document.text[start:end])
            if text in by_surname:
                continue
            entries = [e for e in self.dictionary.lookup(text) if e.type == "person" and e.role_on(self.date)]
            if len(entries) == 1:
                cluster = self._cluster(entries[0].id, entries[0].name, "person", entries[0])
                by_surname.setdefault(text, []).append(cluster)
        by_given = self._given_names(by_surname)
        if not by_surname and not by_given:
            return
        for token in tokens_of(self.doc):
            if not (token.pos_ == "PROPN" or token.is_title or token.ent_type_):
                continue
            candidates = by_surname.get(_norm(token.text))
            if not candidates and token.pos_ == "PROPN" and token.ent_type_ not in ("GPE", "LOC", "NORP", "FAC"):
                # (a place is no one's first name: "Montana" after "Montana Native Vote")
                candidates = by_given.get(_norm(token.text))
            if not candidates:
                continue
            if token.ent_type_ in ("GPE", "LOC", "FAC") and self._locative(token):
                continue  # "marched in Washington, D.C.": the place, not George Washington
            capital_of = self.dictionary.country(token.text) if token.ent_type_ == "GPE" else None
            if capital_of is not None and self._country_kind(token.text, capital_of) == "capital":
                # "leaders backing Washington's position": the capital for its government (not
                # "Jordan said", Rep. Jim Jordan: a country's name is a surname as often)
                continue
            start, end = token.idx, token.idx + len(token.text)
            if self._overlaps(start, end):
                continue
            cluster = self._nearest(candidates, start)
            if self._another_given_name(token, cluster):
                continue  # "Hamza bin Laden, son of Osama bin Laden": the father is not the son
            info = self._title_before(self.doc[token.i : token.i + 1])
            if info.title and info.start is not None:
                self._enrich(cluster, info)
                start = info.start
            self._add_mention(cluster, start, end, "name")

    def _another_given_name(self, token, cluster: _Cluster) -> bool:
        """The surname is the last word of a person's full name (a PERSON entity) whose other
        capitalized words are none of the cluster's name: another person of the family."""
        if token.ent_type_ != "PERSON":
            return False
        ent = next((e for e in self.doc.ents if e.start <= token.i < e.end), None)
        if ent is None or ent.end - 1 != token.i:
            return False
        known = {_norm(w) for w in cluster.name.split()} | {_norm(a) for a in cluster.aliases}
        given = [
            t for t in ent
            if t.i != token.i and t.is_title and t.is_alpha and t.text not in _honorifics() and t.text + "." not in _honorifics()
            and not _exact_title(self.dictionary, t.text)
        ]
        return bool(given) and all(_norm(t.text) not in known for t in given)

    def fold_name_tails(self) -> None:
        """"Camilla Parker Bowles … Mrs Parker Bowles": a person named by the last words of one
        other person's full name is that person (one-word surnames are linked in
        ``link_short_forms``); with two such full names it stays apart."""
        people = [c for c in self.clusters.values() if c.type == "person" and c.mentions]
        for short in people:
            words = short.name.split()
            if len(words) < 2 or short.entry is not None:
                continue
            longer = [c for c in people if c is not short and c.mentions and len(c.name.split()) > len(words) and c.name.split()[-len(words):] == words]
            if len(longer) == 1:
                self._fold_into(longer[0], short)

    def extend_name_suffixes(self) -> None:
        """"Cyrus R. Vance, Jr.", "Martin Luther King Jr.": the recognizer often leaves the
        generational suffix out of the name; it is part of the person's mention (and of the name
        when no dictionary entry gives one)."""
        text = self.document.text
        suffix = re.compile(r",? (?:Jr|Sr)\.?(?![\w])|,? (?:II|III|IV)(?![\w])")
        for cluster in self.clusters.values():
            if cluster.type != "person":
                continue
            for i, (s, e, kind) in enumerate(list(cluster.mentions)):
                found = suffix.match(text, e) if kind == "name" else None
                if found is None:
                    continue
                self._release_mentions(e, found.end(), but=cluster)  # "Jr." the recognizer took for a person of its own
                if self._overlaps(e, found.end()):
                    continue
                cluster.mentions[i] = (s, found.end(), kind)
                self.taken.remove((s, e))
                bisect.insort(self.taken, (s, found.end()))
                self._longest_taken = max(self._longest_taken, found.end() - s)
                cluster.aliases.add(text[s : found.end()])
                if cluster.entry is None and not re.search(r"\b(?:Jr|Sr|II|III|IV)\.?$", cluster.name):
                    cluster.name = f"{cluster.name}{found.group(0)}"

    def _joined_names(self, joiner: str, index: dict):
        """Each organization mention right before ``joiner`` (a regex: " of (the )?") and a name
        of ``index`` (start -> (end, kind, cluster)): (body, its mention, where the name starts,
        the name's entry). The recognizer cuts such names in two; the callers join them."""
        text = self.document.text
        for cluster in list(self.clusters.values()):
            if cluster.type != "organization":
                continue
            for s, e, kind in sorted(cluster.mentions):
                joint = re.match(joiner, text[e : e + 12])
                found = index.get(e + joint.end()) if joint else None
                if found is not None and found[2] is not cluster:
                    yield cluster, (s, e, kind), e + joint.end(), found

    def _join(self, cluster: _Cluster, mention: tuple, start: int, found: tuple) -> _Cluster:
        """The body named by ``mention`` and the name at ``start`` together, as one organization."""
        end, kind, other = found
        other.mentions.remove((start, end, kind))
        self.taken.remove((start, end))
        name = re.sub(r"^(?:the|The) ", "", self.document.text[mention[0] : end])
        body = self._cluster(f"organization:{_norm(name)}", name, "organization")
        self._add_mention(body, mention[0], end, "name")
        return body

    def attach_countries_of(self) -> None:
        """"The Supreme Court of the United Kingdom": the recognizer cuts the name before "of
        the United Kingdom" and the dictionary then reads "Supreme Court" as the US court. A
        body's name right before "of <country>", where the dictionary gave it another country
        (or none), is that country's body: the whole phrase one organization of the country,
        and the body's other mentions in the article ("the Supreme Court") with it."""
        at = {s: (e, k, c) for c in self.clusters.values() if c.type == "country" and c.country for s, e, k in c.mentions}
        joined: set[int] = set()
        for cluster, mention, start, found in self._joined_names(r" of (?:the )?", at):
            if id(cluster) in joined or found[2].country == cluster.country:
                continue
            joined.add(id(cluster))
            others = [m for m in cluster.mentions if m != mention]
            for m in cluster.mentions:
                self.taken.remove((m[0], m[1]))
            cluster.mentions.clear()
            body = self._join(cluster, mention, start, found)
            body.country, body.sector = found[2].country, cluster.sector
            for m in others:
                self._add_mention(body, *m)

    def join_bodies_for(self) -> None:
        """"The Court of Appeals for the D.C. Circuit", "the Court of Appeals for the Second
        Circuit": the recognizer cuts a court's or committee's name before "for the" and the
        jurisdiction it serves. A body named right before "for (the) <another body's name>" is
        one organization under the whole phrase (coreference.yaml ``bodies_for``); the
        jurisdiction's other mentions stay its own."""
        heads = re.compile(r"\b(?:%s)\b" % "|".join(re.escape(w) for w in self.rules.get("bodies_for") or ()))
        starts = {s: (e, k, c) for c in self.clusters.values() if c.type == "organization" for s, e, k in c.mentions}
        for cluster, mention, start, found in self._joined_names(r" for (?:the )?", starts):
            if mention not in cluster.mentions or not heads.search(self.document.text[mention[0] : mention[1]]):
                continue
            cluster.mentions.remove(mention)
            self.taken.remove(mention[:2])
            starts.pop(mention[0], None)
            starts.pop(start, None)
            body = self._join(cluster, mention, start, found)
            body.country, body.sector = body.country or cluster.country, body.sector or cluster.sector

    def extend_and_named_bodies(self) -> None:
        """"the House Oversight and Reform Committee", "the Ways and Means Committee": the
        recognizer keeps only the words after "and" ("Reform Committee") and the dictionary
        reads "House" as the House; a committee's name (coreference.yaml ``and_named_bodies``)
        right after "<Capitalized words> and " runs back over them, one organization."""
        text = self.document.text
        endings = tuple(self.rules.get("and_named_bodies") or ())
        for cluster in list(self.clusters.values()):
            if cluster.type != "organization" or cluster.entry is not None:
                continue
            for s, e, kind in sorted(cluster.mentions):
                if not text[s:e].endswith(endings):
                    continue
                before = re.search(r"((?:[A-Z][\w'-]*\s+)+)and\s+$", text[max(0, s - 80) : s])
                if before is None:
                    continue
                start = s - len(before.group(0))
                self._release_mentions(start, s)
                cluster.mentions.remove((s, e, kind))
                self.taken.remove((s, e))
                name = text[start:e]
                body = self._cluster(f"organization:{_norm(name)}", name, "organization")
                body.country, body.sector = body.country or cluster.country, body.sector or cluster.sector
                self._add_mention(body, start, e, "name")

    def countries_before_organizations(self) -> None:
        """"Iranian airline Mahan Air", "Russian oil company Rosneft": a people or country just
        before the common nouns that introduce an organization the dictionary gives no
        country is the organization's country."""
        countries = {s: c for c in self.clusters.values() if c.type == "country" and c.country for s, _e, _k in c.mentions}
        for cluster in self.clusters.values():
            if cluster.type != "organization" or cluster.country:
                continue
            for s, _e, kind in sorted(cluster.mentions):
                if kind != "name":
                    continue
                span = self.doc.char_span(s, s + 1, alignment_mode="expand")
                if span is None:
                    continue
                k = span.start - 1
                nouns = 0
                while k >= 0 and nouns < 3 and _common_noun(self.doc[k]):
                    k, nouns = k - 1, nouns + 1
                if nouns and k >= 0 and self.doc[k].idx in countries:
                    cluster.country = countries[self.doc[k].idx].country
                    break

    def _fold_into(self, keep: _Cluster, fold: _Cluster) -> None:
        """One actor found twice: ``fold``'s mentions and aliases become ``keep``'s, and ``fold``
        (left with no mention) is no actor."""
        keep.mentions.extend(m for m in fold.mentions if m not in keep.mentions)
        keep.aliases |= fold.aliases
        fold.mentions = []

    def _mention_everywhere(self, cluster: _Cluster, name: str) -> None:
        """``name``, as a whole word, is a mention of ``cluster`` wherever no other is."""
        for match in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", self.document.text):
            if not self._overlaps(match.start(), match.end()):
                self._add_mention(cluster, match.start(), match.end(), "name")

    def link_acronyms(self) -> None:
        """"The National Telecommunications Commission (NTC) … the NTC": a word in capitals in
        brackets right after an organization's name, or spelling the initials of the one
        organization of the article whose name has them, is that organization. Its own actor, if
        the recognizer made one, is folded in; the dictionary's reading of the short form yields
        to a bracketed definition, not to initials alone."""
        text = self.document.text
        defined: dict[str, _Cluster] = {}
        by_initials: dict[str, list[_Cluster]] = {}
        for cluster in self.clusters.values():
            if cluster.type != "organization":
                continue
            for start, end, kind in cluster.mentions:
                if kind != "name":
                    continue
                bracketed = re.match(r"\s*\(([A-Z][A-Z0-9&]{1,9})\)", text[end : end + 14])
                if bracketed:
                    defined.setdefault(bracketed.group(1), cluster)
                words = re.findall(r"[^\W\d_][\w'’]*", text[start:end])
                capitals = [w for w in words if w[0].isupper()]
                if len(capitals) >= 2 and not any(w.isupper() and len(w) > 1 for w in capitals):
                    initials = "".join(w[0] for w in capitals)
                    if cluster not in by_initials.setdefault(initials, []):
                        by_initials[initials].append(cluster)
        owner_of = dict(defined)
        for initials, clusters in by_initials.items():
            if initials not in owner_of and len(clusters) == 1:
                owner_of[initials] = clusters[0]
        if not owner_of:
            return
        folded: dict[str, str] = {}
        for cluster in list(self.clusters.values()):
            owner = owner_of.get(cluster.name)
            if owner is None or owner is cluster or not cluster.mentions:
                continue
            if cluster.entry is not None and owner.entry is not None and cluster.entry.id != owner.entry.id:
                continue  # the dictionary knows both as two actors
            # the dictionary's actor keeps its identity ("OIC" is the dictionary's, "Organisation
            # of Islamic Cooperation" in British spelling not): the other is folded into it
            keep, fold = (cluster, owner) if owner.entry is None and cluster.entry is not None else (owner, cluster)
            keep.country = keep.country or fold.country
            keep.sector = keep.sector or fold.sector
            self._fold_into(keep, fold)
            keep.aliases.add(fold.name)
            folded[fold.key] = keep.key
            owner_of[cluster.name] = keep
        for cluster in self.clusters.values():
            if cluster.affiliation in folded:
                cluster.affiliation = folded[cluster.affiliation]
        # the short form where the recognizer saw nothing ("the NTC is allowed")
        for short, owner in owner_of.items():
            if not owner.mentions:
                continue
            if short not in defined and not any(_norm(text[s:e]) == _norm(short) for s, e, _k in owner.mentions):
                continue
            self._mention_everywhere(owner, short)

    def link_organization_short_names(self) -> None:
        """"ABS-CBN Corporation … the franchise of ABS-CBN": an organization's name without its
        corporate suffix (coreference.yaml) is a mention of it wherever the recognizer missed it
        (all-caps and hyphenated short names often are)."""
        suffixes = set(self.rules.get("organization_suffixes") or ())
        for cluster in list(self.clusters.values()):
            words = cluster.name.split()
            if cluster.type != "organization" or len(words) < 2 or words[-1] not in suffixes:
                continue
            short = " ".join(words[:-1])
            if len(short) < 3 or not any(ch.isupper() for ch in short) or self.dictionary.country(short) is not None:
                continue
            for other in self.clusters.values():
                # "Mahan has been …" read as a person of that one name: the organization's short name
                if other is not cluster and other.entry is None and _norm(other.name) == _norm(short) and other.mentions:
                    self._fold_into(cluster, other)
            self._mention_everywhere(cluster, short)

    def fold_cut_organization_names(self) -> None:
        """"– European Court of Justice" read as "European Court": an organization of no
        dictionary entry whose name is the opening of one other organization's name, cut before
        its "of" ("European Court" of "European Court of Justice"), is that organization."""
        orgs = [c for c in self.clusters.values() if c.type == "organization" and c.mentions]
        for short in orgs:
            if short.entry is not None or len(short.name.split()) < 2:
                continue
            longer = [c for c in orgs if c is not short and c.mentions and c.name.startswith(short.name + " of ")]
            if len(longer) == 1:
                self._fold_into(longer[0], short)

    def _given_names(self, by_surname: dict[str, list[_Cluster]]) -> dict[str, list[_Cluster]]:
        """"Megyn was incredulous", "Hillary said": a given name alone is the one person of the
        article whose full name opens with it, when the first-name data knows it as a given
        name and no one's surname is that word."""
        found: dict[str, list[_Cluster]] = {}
        for cluster in self.clusters.values():
            words = cluster.name.split()
            if cluster.type != "person" or len(words) < 2 or _family_name_first(words, cluster.country):
                continue
            given = _norm(words[0])
            if given in by_surname or not words[0].isalpha() or not is_known_given_name(words[0]):
                continue
            found.setdefault(given, []).append(cluster)
        return {name: clusters for name, clusters in found.items() if len(clusters) == 1}

    def _single_names(self) -> list[tuple[int, int]]:
        spans = []
        for ent in self.doc.ents:
            if ent.label_ in ("PERSON", "ORG") and len(ent) == 1:
                span = self._clean_span(ent)
                if span is not None:
                    spans.append(span)
            elif ent.label_ in ("GPE", "LOC", "NORP") and len(ent) == 1 and self.dictionary.country(ent.text) is None:
                # "Putin spoke with Erdogan by phone": a surname the recognizer took for a place,
                # which names no country and stands where no place does
                span = self._clean_span(ent)
                if span is not None and not self._only_a_place(*span):
                    spans.append(span)
        for token in tokens_of(self.doc):
            # (a surname that is also a word may be read as a common noun where it opens the
            # sentence: "Trump thanked Bolton" tags "Trump" NN; only a dictionary person active
            # on the date takes it, as for any lone name)
            if (token.pos_ == "PROPN" or token.pos_ == "NOUN" and token.is_sent_start) and not token.ent_type_ and token.is_title and len(token.text) > 2:
                spans.append((token.idx, token.idx + len(token.text)))
        return spans

    def _nearest(self, clusters: list[_Cluster], position: int) -> _Cluster:
        """Of several actors sharing a surname, the one mentioned last before ``position``."""
        if len(clusters) == 1:
            return clusters[0]

        def last_before(cluster: _Cluster) -> int:
            before = [s for s, _e, _k in cluster.mentions if s < position]
            return max(before) if before else -1

        return max(clusters, key=last_before)

    # ---- 3. organizations, countries, groups ------------------------------------------------
    def collect_lone_names(self) -> None:
        """A person the article names by one word only ("Valastro praised Christie", "Ms.
        Ocasio-Cortez said") whom no full name or dictionary entry claimed: still an actor."""
        for ent in self.doc.ents:
            if ent.label_ != "PERSON":
                continue
            span = self._clean_span(ent)
            if span is None or self._overlaps(*span):
                continue
            name = visible(self.document.text[span[0] : span[1]])
            if len(name.split()) != 1 or not name[:1].isupper() or name.isupper() and len(name) <= 4:
                continue
            if _norm(name) in self.rules["not_actors"] or self._named_other_than_person(name):
                continue
            word = ent[0]
            if len(ent) == 1 and word.is_sent_start and word.dep_ in ("compound", "amod") and word.head.tag_ in ("NN", "NNS"):
                if self.document.text.count(name) == 1:
                    # "Twin bombings struck …": a word capitalised only to open the sentence,
                    # before a common noun it describes, never named again, is no one's name
                    continue
            cluster = self._cluster(f"person:{_norm(name)}", name, "person")
            before = self._title_before(ent)
            if before.title:
                self._enrich(cluster, before)
            self._add_mention(cluster, before.start if before.start is not None else span[0], span[1], "name")

    def collect_others(self) -> None:
        for ent in self.doc.ents:
            label = ent.label_
            if label == "PERSON":
                continue
            span = self._clean_span(ent)
            if span is None or self._overlaps(*span):
                continue
            start, end = span
            text = self.document.text[start:end]
            if not any(c.isalpha() for c in text) or _norm(text) in self.rules["not_actors"]:
                continue
            if text.split()[0].lower() in self.rules["not_actor_openings"]:
                continue  # "Superstorm Sandy": a storm, no one
            end = self._with_place_of_body(text, end)
            text = self.document.text[start:end]
            entries = [e for e in self.dictionary.lookup(text) if e.type != "person"]
            country = self.dictionary.country(text) if label in ("GPE", "NORP", "LOC", "ORG") else None
            if country is not None and (not entries or _is_the_country(entries[0], country)):
                kind = self._country_kind(text, country)
                if kind == "capital" and self._locative(ent.root):
                    continue  # "a press conference in Warsaw": a place, not the government
                if kind is None:
                    continue
                cluster = self._cluster(f"country:{country.country or country.id}", country.name, "country", country)
                self._add_mention(cluster, start, end, kind)
                continue
            if label == "ORG" and self._names_a_product(ent):
                continue
            if not entries and label == "GPE" and self._state_as_side(ent, text):
                # "Native American groups sued the state of Montana", "Texas sued the
                # administration": a state that acts or is acted on is its government
                cluster = self._cluster(f"state:{_norm(text)}", f"State of {text}", "organization")
                cluster.country = cluster.country or "USA"
                cluster.sector = cluster.sector or "GOV"
                root = ent.root
                if root.dep_ == "pobj" and root.head.head.lemma_.lower() == "state":
                    # "the US state of Montana": the whole phrase names it (not the country
                    # a bare "the state" would stand for)
                    phrase = [t for t in root.head.head.subtree if t.dep_ != "det" and t.i <= root.i]
                    if phrase:
                        self._release_countries(phrase[0].idx, start)  # "US state of Montana": the country is in its name
                        if not self._overlaps(phrase[0].idx, start):
                            start = phrase[0].idx
                self._add_mention(cluster, start, end, "name")
                continue
            if entries:
                entry = entries[0]
                cluster = self._cluster(entry.id, entry.name, entry.type or "organization", entry)
                self._add_mention(cluster, start, end, "name")
                continue
            # "banned Iranian airline Mahan Air" (tagged FAC): a company by the last word of its name
            operator = label in ("FAC", "PRODUCT") and len(text.split()) > 1 and text.split()[-1] in self.rules.get("operator_name_heads", ())
            if (
                (label == "ORG" or operator or (label == "NORP" and self._named_for_a_country(ent)))
                and _looks_like_organization(text)
                and not self._is_modifier(ent)
                and _norm(text.split()[-1]) not in self.rules["event_name_heads"]
            ):
                cluster = self._cluster(f"org:{_norm(text)}", text, "organization")
                self._add_mention(cluster, start, end, "name")

    def _state_as_side(self, ent, text: str) -> bool:
        """A US state (the gazetteer's) named as a side: a clause's subject or object, an owner,
        the "of" of "the state of X", or what an act is against; not a place ("in Montana",
        "Montana voters", "the Montana law")."""
        if gazetteer_key(text) not in gazetteer().states:
            return False
        root = ent.root
        if root.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "poss") and not self._locative(root):
            return True
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() == "state":
            return True
        return root.dep_ == "pobj" and root.head.lower_ in ("against", "by", "with")

    def _named_for_a_country(self, ent) -> bool:
        """"Saudi Arabia's state-owned Saudi Aramco" (tagged NORP): a demonym and a singular
        proper noun that is no country, no demonym and no entry of the dictionary is a body
        named for its country ("Saudi Aramco"; "Turkish Airlines" is ORG already); "Greek
        Orthodox", "Syrian Kurds" (``faith_and_people_words``), "South Korean" are not."""
        words = [t for t in ent if not t.is_punct]
        if len(words) < 2 or self.dictionary.country(words[0].text) is None:
            return False
        last = words[-1]
        return (
            last.tag_ == "NNP"
            and last.text not in self.rules.get("faith_and_people_words", ())
            and self.dictionary.country(last.text) is None
            and not self.dictionary.lookup(last.text)
            and self.dictionary.agent(last.text) is None
        )

    def extend_to_body_heads(self) -> None:
        """"the Houthi movement", "the Hezbollah group": the entity recognizer stops at the name
        proper; the mention of the body runs on to the lower-case noun it modifies
        (``body_name_heads``), so the mention is the phrase the text names the body by."""
        heads = set(self.rules.get("body_name_heads", ()))
        for cluster in self.clusters.values():
            if cluster.type not in ("organization", "group"):
                continue
            for i, (start, end, kind) in enumerate(cluster.mentions):
                if kind != "name":
                    continue
                span = self.doc.char_span(start, end, alignment_mode="expand")
                if span is None or span.end >= len(self.doc):
                    continue
                after = self.doc[span.end]
                if not (after.is_lower and after.pos_ == "NOUN" and after.lemma_ in heads and span[-1].head.i == after.i):
                    continue
                new_end = after.idx + len(after)
                k = bisect.bisect_left(self.taken, (start, end))
                if k == len(self.taken) or self.taken[k] != (start, end) or self._overlaps(end, new_end):
                    continue  # a mention nested in another (a body in a person's title) stays as it is
                del self.taken[k]
                bisect.insort(self.taken, (start, new_end))
                self._longest_taken = max(self._longest_taken, new_end - start)
                cluster.mentions[i] = (start, new_end, kind)
                cluster.aliases.add(self.document.text[start:new_end])

    def _with_place_of_body(self, name: str, end: int) -> int:
        """"the US Embassy in London": where a body told apart by its place is, when the place is
        named right after it (coreference.yaml ``bodies_named_by_place``), ends its name."""
        if not any(name.endswith(body) for body in self.rules.get("bodies_named_by_place", ())):
            return end
        found = re.match(r" in ((?:[A-Z][\w.'-]*)(?: [A-Z][\w.'-]*){0,2})", self.document.text[end : end + 40])
        if found is None:
            return end
        place = self.doc.char_span(end + 4, end + found.end(), alignment_mode="contract")
        if place is None or not len(place) or any(t.ent_type_ not in ("GPE", "LOC") for t in place):
            return end
        return end + found.end()

    def _names_a_product(self, ent) -> bool:
        """"struck by a Volvo XC90", "a Boeing 737-800 jet": a maker's name after "a" and before
        a model number is the thing made, no actor."""
        if ent.start == 0 or self.doc[ent.start - 1].lower_ not in ("a", "an"):
            return False
        model = self.doc[ent.end] if ent.end < len(self.doc) else None
        return any(any(ch.isdigit() for ch in t.text) for t in [*ent[1:], *([model] if model is not None else [])])

    def collect_unrecognized_names(self) -> None:
        """Names of the dictionary the entity recognizer missed or mislabelled ("Arnor",
        "Gondor and Osgiliath" as a work of art): runs of proper nouns (and capitalized
        adjectives, for demonyms) with no mention yet, matched longest first. A person is
        taken only by the entry's full name: a lone surname is linked in step 2 or not at all."""
        doc, text = self.doc, self.document.text
        runs: list[list] = []
        tokens = tokens_of(doc)
        for token in tokens:
            # the tagger reads an unknown name as a noun at times ("Fornost and Gondor welcome")
            name_like = token.pos_ == "PROPN" or (
                token.pos_ in ("ADJ", "NOUN") and token.text[:1].isupper() and not token.is_sent_start or token.pos_ == "NOUN" and token.is_title
            )
            glued = token.text == "-" and runs and runs[-1][-1].i == token.i - 1 and not token.whitespace_ and not tokens[token.i - 1].whitespace_
            if name_like or glued:
                if runs and runs[-1][-1].i == token.i - 1:
                    runs[-1].append(token)
                else:
                    runs.append([token])
        for run in runs:
            i = 0
            while i < len(run):
                for j in range(len(run), i, -1):
                    start, end = run[i].idx, run[j - 1].idx + len(run[j - 1])
                    if self._overlaps(start, end) or run[j - 1].text == "-":
                        continue
                    if self._dictionary_name(start, end, text[start:end], run[i]):
                        i = j - 1
                        break
                i += 1

    def _named_other_than_person(self, name: str) -> bool:
        """The dictionary has the name as a country or organization, and no person by it."""
        entries = self.dictionary.lookup(name)
        if any(e.type == "person" for e in entries) or self.dictionary.lookup_surname(name):
            return False
        return bool(entries) or self.dictionary.country(name) is not None

    def _dictionary_name(self, start: int, end: int, name: str, first) -> bool:
        if _norm(name) in self.rules["not_actors"]:
            return False
        entries = self.dictionary.lookup(name)
        country = self.dictionary.country(name)
        if country is not None and (not entries or _is_the_country(entries[0], country)):
            kind = self._country_kind(name, country)
            if kind is None or kind == "capital" and self._locative(first):
                return False
            cluster = self._cluster(f"country:{country.country or country.id}", country.name, "country", country)
            self._add_mention(cluster, start, end, kind)
            return True
        entries = [e for e in entries if e.type != "person" or _norm(e.name) == _norm(name)]
        if not entries:
            return False
        entry = entries[0]
        cluster = self._cluster(entry.id, entry.name, entry.type or "organization", entry)
        self._add_mention(cluster, start, end, "name")
        return True

    def _is_modifier(self, ent) -> bool:
        """'a McCarthyite-style column': a name inside a hyphenated adjective names no actor."""
        end = ent.end_char
        return end < len(self.document.text) and self.document.text[end] == "-"

    def _country_kind(self, text: str, country: Entry) -> Optional[str]:
        norm = _norm(text)
        if country.capital and norm == _norm(country.capital):
            return "capital"
        if any(norm == _norm(d) or norm == "the " + _norm(d) for d in country.demonyms):
            return "demonym"
        return "name"

    # ---- 4. descriptions ----------------------------------------------------------------------
    def resolve_descriptions(self) -> None:
        doc = self.doc
        tokens = tokens_of(doc)
        for token in tokens:
            if token.lower_ not in self.rules["description_determiners"]:
                continue
            best = None
            for stop in range(min(len(doc), token.i + 8), token.i + 1, -1):
                # The checks read the tokens made once; the Span is made only for a phrase that passes them.
                words = tokens[token.i + 1 : stop]
                if words[-1].tag_ in ("NNS", "NNPS") or words[-1].pos_ not in ("NOUN", "PROPN") or any(t.is_punct or t.is_space for t in words):
                    continue
                if stop < len(doc) and tokens[stop].pos_ == "PROPN":
                    continue  # "the Russian President Vladimir Putin": the name does the work
                span = doc[token.i + 1 : stop]
                found = self._description(span)
                if found is not None:
                    best = (span, found)
                    break
            if best is None:
                continue
            span, (title, country) = best
            start, end = token.idx, span.end_char
            cluster = self._holder_of(title, country, start)
            if cluster is None:
                continue
            # "The US secretary of state": the "US" inside describes the person, it is not a mention of its own.
            self._release_countries(start, end)
            if not self._overlaps(start, end):
                self._add_mention(cluster, start, end, "title")

    def _release_countries(self, start: int, end: int) -> None:
        self._release_mentions(start, end, types=("country",))

    def _release_mentions(self, start: int, end: int, types: Optional[tuple[str, ...]] = None, but: Optional[_Cluster] = None) -> None:
        """Drop the mentions inside ``[start, end)`` (of clusters of ``types``, not of ``but``):
        their words become part of a longer name."""
        for cluster in self.clusters.values():
            if cluster is but or types is not None and cluster.type not in types:
                continue
            inside = [m for m in cluster.mentions if start <= m[0] and m[1] <= end]
            for m in inside:
                cluster.mentions.remove(m)
                self.taken.remove((m[0], m[1]))

    def _description(self, span) -> Optional[tuple[str, Optional[str]]]:
        """'US secretary of state' -> ('secretary of state', 'USA'); 'president' -> ('president', None)."""
        for cut in range(0, min(3, len(span))):
            # The part of speech first: it is cheaper to read than the title's text and entry.
            if span[cut].pos_ not in ("NOUN", "PROPN", "ADJ"):
                continue
            title_text = span[cut:].text
            agent = _exact_title(self.dictionary, title_text)
            if agent is None:
                continue
            country = None
            if cut:
                entry = self.dictionary.country(span[:cut].text)
                if entry is None:
                    continue
                country = entry.country or entry.id
            return _norm(agent[1] or title_text), country
        return None

    def _holder_of(self, title: str, country: Optional[str], position: int) -> Optional[_Cluster]:
        subordinate = nominals(self.lexicons).subordinate_title_words
        candidates: list[tuple[int, _Cluster]] = []
        for cluster in self.clusters.values():
            if cluster.type != "person" or not cluster.title:
                continue
            held = _norm(cluster.title)
            if held != title and not held.endswith(" " + title):
                continue
            if held != title and any(w in subordinate for w in re.split(r"[\s-]+", held[: -len(title)])):
                continue  # "the president" is not the Vice President, nor a former president
            if country and cluster.country != country:
                continue
            before = [s for s, _e, _k in cluster.mentions if s < position]
            if before:
                candidates.append((max(before), cluster))
        if not candidates:
            return None
        candidates.sort(key=lambda c: -c[0])
        if len(candidates) > 1 and _same_sentence(self.document, candidates[0][0], candidates[1][0]):
            # Two holders of the title last seen together ("Senator Smith and Senator Jones
            # met. The senator said ..."): the description does not guess; it stays unnamed.
            return None
        return candidates[0][1]

    # ---- 5. pronouns ---------------------------------------------------------------------------
    def resolve_pronouns(self) -> None:
        people = [c for c in self.clusters.values() if c.type == "person"]
        if not people:
            return
        owner: dict[tuple[int, int], _Cluster] = {}
        for cluster in self.clusters.values():
            for s, e, _k in cluster.mentions:
                owner[(s, e)] = cluster
        sents = list(self.doc.sents)
        sent_index = {s.start: n for n, s in enumerate(sents)}
        for token in tokens_of(self.doc):
            lower = token.lower_
            if lower in self.rules["relative_pronouns"] and token.dep_ in ("nsubj", "nsubjpass", "poss"):
                self._resolve_relative(token, owner)
                continue
            if lower not in self.rules["person_pronouns"] or token.pos_ != "PRON":
                continue
            if self._in_quote(token.idx):
                continue
            sent = token.sent
            n = sent_index.get(sent.start, 0)
            cluster = self._antecedent(token, self._sentences_before(sents, n), sent, owner)
            if cluster is None and n + 1 < len(sents):
                cluster = self._named_after(token, sents[n + 1], owner)
            if cluster is not None:
                self._add_mention(cluster, token.idx, token.idx + len(token.text), "pronoun")
                owner[(token.idx, token.idx + len(token.text))] = cluster

    def _sentences_before(self, sents: list, n: int) -> list:
        """The two sentences before sentence ``n`` that the narrator speaks: a sentence
        wholly inside quotation marks names no antecedent (its mentions are the quoted
        speaker's words), so after `"...four sentences...," he said` the window reaches back
        to the sentence before the quote. Earliest first; at most a dozen sentences back."""
        window = self.rules["pronoun_window"]
        out: list = []
        for k in range(n - 1, max(-1, n - 1 - window["max_sentences_back"]), -1):
            if not self._wholly_quoted(sents[k]):
                out.insert(0, sents[k])
                if len(out) == window["narrated_sentences"]:
                    break
        return out

    def _wholly_quoted(self, sent) -> bool:
        known = self._quoted_sentences.get(sent.start)
        if known is not None:
            return known
        words = [t for t in tokens_of(self.doc)[sent.start : sent.end] if not (t.is_punct or t.is_space)]
        region = self.document.layer.region_at(words[0].idx) if words else None
        quoted = not words or (region is not None and words[-1].idx < region.outer_end)
        self._quoted_sentences[sent.start] = quoted
        return quoted

    def _named_after(self, pronoun, next_sent, owner) -> Optional[_Cluster]:
        """`"We will win," she said. Maria Lopez, the mayor, spoke after the vote.`: a reporting
        pronoun with no antecedent before it is the person the next sentence names as its
        subject (the speaker introduced after the quote), when the pronoun fits the name."""
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.head.lemma_ not in self.rules["reporting_verbs"]:
            return None
        if self.document.layer.paragraph_of(next_sent.start_char) - self.document.layer.paragraph_of(pronoun.idx) > 1:
            return None
        for s, e, cluster in self._person_mentions_in(next_sent.start_char, next_sent.end_char, owner, pronoun.lower_):
            if not self._in_quote(s) and any(k == "name" and (s, e) == (ms, me) for ms, me, k in cluster.mentions) and self._is_subject(s, e):
                return cluster
        return None

    def _quoted_subjects(self, pronoun, owner) -> set[int]:
        """`"Cruz is our best debater," he says`: who is the subject of the words a reporting
        pronoun attributes is not the one speaking them. The start offsets of the named
        subjects in the quotation that closes just before the pronoun (or opens right after its
        verb)."""
        text, layer = self.document.text, self.document.layer
        region = None
        before = pronoun.idx
        while before > 0 and (text[before - 1].isspace() or text[before - 1] in ",;:—–-"):
            before -= 1
        if before > 0:
            region = layer.region_at(before - 1)
        verb = pronoun.head
        if region is None and verb.i + 1 < len(self.doc):
            after = verb.idx + len(verb.text)
            while after < len(text) and (text[after].isspace() or text[after] in ",:"):
                after += 1
            region = layer.region_at(after)
        if region is None:
            return set()
        starts = set()
        for (s, e), cluster in owner.items():
            if region.inner_start <= s < region.inner_end and cluster.type == "person" and self._is_subject(s, e):
                starts.add(s)
        return starts

    def _person_mentions_in(self, start: int, end: int, owner, pronoun: str = "") -> list[tuple[int, int, _Cluster]]:
        out = [
            (s, e, c) for (s, e), c in owner.items()
            if c.type == "person" and start <= s and e <= end and pronoun_fits(pronoun, c.name)
        ]
        return sorted(out, key=lambda x: x[0])

    def _antecedent(self, pronoun, previous_sents, sent, owner) -> Optional[_Cluster]:
        same = [m for m in self._person_mentions_in(sent.start_char, pronoun.idx, owner, pronoun.lower_) if not self._in_quote(m[0])]
        excluded: set[int] = set()
        # Actors the pronoun cannot be: the subjects of the quotation it attributes.
        not_speaker: set[int] = set()
        if pronoun.dep_ in ("nsubj", "nsubjpass") and pronoun.head.lemma_ in self.rules["reporting_verbs"]:
            # "Trump, he said, returned ...": the reported clause's subject is not the reporter.
            verb = pronoun.head
            for tok in (verb.head, *children_of(verb)):
                for child in children_of(tok):
                    if child.dep_ in ("nsubj", "nsubjpass"):
                        excluded.add(child.idx)
            quoted = self._quoted_subjects(pronoun, owner)
            not_speaker = {id(c) for (s, _e), c in owner.items() if s in quoted}
        same = [m for m in same if not any(m[0] <= x < m[1] for x in excluded) and id(m[2]) not in not_speaker]
        ahead = self._main_subject_ahead(pronoun, sent, owner)
        if ahead is not None:
            return ahead
        if pronoun.dep_ not in ("nsubj", "nsubjpass"):
            subjects = [m for m in same if self._is_subject(m[0], m[1])]
            if subjects:
                return subjects[-1][2]
        if same:
            subjects = [m for m in same if self._is_subject(m[0], m[1])]
            return (subjects or same)[-1][2]
        if self._speaks_of_itself(pronoun):
            return None
        for prev in reversed(previous_sents):
            mentions = [
                m for m in self._person_mentions_in(prev.start_char, prev.end_char, owner, pronoun.lower_)
                if not self._in_quote(m[0]) and id(m[2]) not in not_speaker
            ]
            if not mentions:
                continue
            subjects = [m for m in mentions if self._is_subject(m[0], m[1])]
            return (subjects or mentions)[0 if subjects else -1][2]
        return None

    def _speaks_of_itself(self, pronoun) -> bool:
        """"The attacker … claimed he was wrongfully imprisoned": the subject of what a person
        told by a common noun says is that person (an unnamed actor made later, in
        coreference), not a named one of the sentences before."""
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.head.dep_ not in ("ccomp", "xcomp"):
            return False
        verb = pronoun.head.head
        if verb.lemma_ not in self.rules["reporting_verbs"] and verb.lemma_ not in ("claim", "allege", "insist", "complain", "argue"):
            return False
        speakers = [c for c in children_of(verb) if c.dep_ in ("nsubj", "nsubjpass")]
        hops = 0
        while not speakers and verb.dep_ in ("conj", "xcomp") and verb.head is not verb and hops < 3:
            # "The attacker is reported to have jumped on stage and claimed he …"
            verb, hops = verb.head, hops + 1
            speakers = [c for c in children_of(verb) if c.dep_ in ("nsubj", "nsubjpass")]
        return any(s.pos_ == "NOUN" and s.lemma_.lower() in nominals(self.lexicons).persons for s in speakers)

    def _main_subject_ahead(self, pronoun, sent, owner) -> Optional[_Cluster]:
        """'Following his meeting with Trump, Putin said ...': a pronoun in a phrase fronted before the
        main clause points forward to that clause's subject."""
        root = sent.root
        if pronoun.i >= root.i or pronoun.dep_ in ("nsubj", "nsubjpass"):
            return None
        branch = pronoun
        while branch.head.i != root.i and branch.head.i != branch.i:
            branch = branch.head
        if branch.dep_ not in ("prep", "advcl", "npadvmod", "advmod"):
            return None
        subjects = [c for c in children_of(root) if c.dep_ in ("nsubj", "nsubjpass") and c.i > pronoun.i]
        for subject in subjects:
            for (s, e), cluster in owner.items():
                if cluster.type == "person" and s <= subject.idx < e:
                    return cluster
        return None

    def _is_subject(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        # Not through "compound": "Trump" in "Trump campaign chairman Paul Manafort said"
        # modifies the subject, it is not the subject.
        while root.dep_ in ("appos", "conj") and root.head.i != root.i:
            root = root.head
        return root.dep_ in ("nsubj", "nsubjpass")

    def _resolve_relative(self, token, owner) -> None:
        head = token.head
        if head.dep_ != "relcl":
            return
        antecedent = head.head
        for (s, e), cluster in owner.items():
            if s <= antecedent.idx < e:
                self._add_mention(cluster, token.idx, token.idx + len(token.text), "relative")
                return

    def _in_quote(self, position: int) -> bool:
        return self.document.layer.in_quotation(position)

    # ---- output ------------------------------------------------------------------------------
    def drop_places(self) -> None:
        """A name the dictionary does not know, read as a person or an organization, that the
        article only ever gives as where something is or happens ("a military base in Maidan
        Shahr", "withdrew from Tell Tamer and Ain Issa", "the Khurais oil field"): a place, no
        actor. A person's name (a known given name first) stays whatever its role."""
        for key, cluster in list(self.clusters.items()):
            if cluster.entry is not None or cluster.type not in ("person", "organization") or not cluster.mentions:
                continue
            if cluster.type == "person" and person_shaped(cluster.name.split()):
                continue
            if all(self._only_a_place(s, e) for s, e, _k in cluster.mentions):
                del self.clusters[key]
                for s, e, _k in cluster.mentions:
                    self.taken.remove((s, e))

    def _only_a_place(self, start: int, end: int) -> bool:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head  # "from Tell Tamer and Ain Issa"
        if root.dep_ == "pobj":
            return root.head.lower_ in self.rules["place_prepositions"]
        head = root
        while head.dep_ in ("compound", "nmod", "amod") and head.head.i > head.i:
            head = head.head  # "the Khurais oil field"
        return head is not root and head.lemma_.lower() in self.rules["place_nouns"]

    def _country_in_name(self, cluster: _Cluster) -> Optional[str]:
        """The country an organization the dictionary does not know names in its own name:
        "Iraqi Foreign Ministry", "Hong Kong Police Force", "Foreign Ministry of Iraq",
        "Democratic Rally in Cyprus". (A dictionary entry without a country is international:
        it keeps none.)"""
        if cluster.type != "organization" or cluster.entry is not None:
            return None
        words = cluster.name.split()
        for n in (3, 2, 1):
            if len(words) > n:
                country = self._region(" ".join(words[:n]))
                if country is not None:
                    return country
        match = re.search(r"\b(?:of|in)\s+(?:the\s+)?([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})$", cluster.name)
        return self._region(match.group(1)) if match else None

    def _sector_of_introduction(self, cluster: _Cluster) -> Optional[str]:
        """"broadcast corporation ABS-CBN", "the news agency Saba", "newspaper Kathimerini": an
        organization the dictionary lacks, introduced by a noun of a class of nominals.yaml (a
        news organization), takes the class's sector, so that "the network" later is it."""
        if cluster.type != "organization" or cluster.entry is not None:
            return None
        tokens = tokens_of(self.doc)
        start = min(s for s, _e, _k in cluster.mentions)
        first = self.doc.char_span(start, start + 1, alignment_mode="expand").start
        before = [t for t in tokens[max(0, first - 2) : first] if t.is_lower and t.pos_ in ("NOUN", "ADJ", "PROPN")]
        if not before or before[-1].i != first - 1:
            return None
        lemmas = [t.lemma_.lower() for t in before]
        lexicon = nominals(self.lexicons)
        cls = lexicon.noun_class(" ".join(lemmas[-2:])) or lexicon.noun_class(lemmas[-1])
        if cls is None or cls.type != "organization" or len(cls.sectors) != 1:
            return None
        return next(iter(cls.sectors))

    def _sector_of_name(self, cluster: _Cluster) -> Optional[str]:
        """"Business Insider", "the Daily Mail", "Hurriyet Daily News", "Saudi Press Agency": an
        organization the dictionary lacks whose name ends as news outlets' names do
        (coreference.yaml ``media_name_endings``) is a news organization."""
        if cluster.type != "organization" or cluster.entry is not None:
            return None
        name = cluster.name.strip()
        endings = self.rules.get("media_name_endings") or ()
        return "MED" if any(name == e or name.endswith(" " + e) for e in endings) else None

    def actors(self) -> list[Actor]:
        clusters = [c for c in self.clusters.values() if c.mentions]
        clusters.sort(key=lambda c: min(s for s, _e, _k in c.mentions))
        author = _norm(self.document.article.author or "")
        actors, used_ids = [], set()
        id_of: dict[str, str] = {}
        for cluster in clusters:
            if author and _norm(cluster.name) == author:
                cluster.sector = cluster.sector or "MED"
                cluster.title = cluster.title or "author"
            actor_id = _slug(cluster.name)
            while actor_id in used_ids:
                actor_id += "-2"
            used_ids.add(actor_id)
            id_of[cluster.key] = actor_id
            text = self.document.text
            mentions = [
                Mention(start=s, end=e, text=text[s:e], actor=actor_id, kind=k)
                for s, e, k in sorted(cluster.mentions)
            ]
            aliases = sorted({cluster.name, *cluster.aliases} - {""})
            actors.append(
                Actor(
                    id=actor_id,
                    name=cluster.name,
                    type=cluster.type,
                    country=cluster.country or self._country_in_name(cluster),
                    sector=cluster.sector or self._sector_of_introduction(cluster) or self._sector_of_name(cluster),
                    title=cluster.title,
                    aliases=aliases,
                    mentions=mentions,
                    dictionary_id=cluster.entry.id if cluster.entry else None,
                    code=cluster.code,
                )
            )
        for cluster, actor in zip(clusters, actors):
            if cluster.affiliation is not None:
                actor.affiliation = id_of.get(cluster.affiliation)
        return actors


def _common_noun(token) -> bool:
    """A singular or plural common noun in lower case ("commissioner", "industry")."""
    return token.pos_ == "NOUN" and token.is_lower


def _untagged_name_runs(doc) -> list[tuple[int, int]]:
    """Token spans of two or three proper nouns in a row that no entity covers (a spaCy
    Matcher, longest match: no Python loop over the tokens)."""
    from spacy.matcher import Matcher

    matcher = _name_run_matcher(doc.vocab)
    return [(s, e) for _id, s, e in matcher(doc)]


_NAME_RUN_MATCHERS: dict[int, object] = {}


def _name_run_matcher(vocab):
    from spacy.matcher import Matcher

    matcher = _NAME_RUN_MATCHERS.get(id(vocab))
    if matcher is None:
        given = {"POS": "PROPN", "ENT_TYPE": "", "IS_TITLE": True}
        # The tagger reads an unusual surname as a common noun at times ("D'Souza").
        other = {"POS": {"IN": ["PROPN", "NOUN"]}, "ENT_TYPE": "", "IS_TITLE": True}
        matcher = Matcher(vocab)
        matcher.add("NAME_RUN", [[given, other], [given, other, other]], greedy="LONGEST")
        _NAME_RUN_MATCHERS[id(vocab)] = matcher
    return matcher


def _join_hyphenated(text: str, start: int, end: int) -> tuple[int, int]:
    """A name the recognizer cut at a hyphen ("Ms. Ocasio-Cortez" tagged "Cortez"): take
    in the capitalized words joined to it by hyphens on either side."""
    while start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
        word = start - 1
        while word > 0 and (text[word - 1].isalpha() or text[word - 1] in "'’"):
            word -= 1
        if not text[word].isupper():
            break
        start = word
    while end + 1 < len(text) and text[end] == "-" and text[end + 1].isupper():
        word = end + 1
        while word < len(text) and (text[word].isalpha() or text[word] in "'’"):
            word += 1
        end = word
    return start, end


def _is_the_country(entry: Entry, country: Entry) -> bool:
    """An entry that is the country itself, whatever type the dictionary gave it (Phoenix
    files some states as organizations: "Serbia" must still act as a country)."""
    return entry.type == "country" or entry.id == country.id or _norm(entry.name) == _norm(country.name)


def _same_sentence(document: Document, a: int, b: int) -> bool:
    sentence = document.layer.sentence_at(a)
    return sentence is not None and sentence.start_char <= b < sentence.end_char


def _looks_like_organization(text: str) -> bool:
    words = text.split()
    return bool(words) and len(words) <= 8 and (text[0].isupper() or text.isupper()) and not text.isdigit()


def run(document: Document, settings: Settings) -> None:
    if document.doc is None:
        raise ValueError("the actors stage needs the nlp stage first (document.doc is None)")
    dictionary = _dictionary(tuple(settings.actor_dictionaries))
    builder = _ActorBuilder(document, dictionary, settings.lexicons)
    builder.collect_people()
    builder.collect_missed_people()
    builder.link_short_forms()
    builder.fold_name_tails()
    builder.extend_name_suffixes()
    builder.collect_lone_names()
    builder.collect_others()
    builder.collect_unrecognized_names()
    builder.extend_and_named_bodies()
    builder.extend_to_body_heads()
    builder.link_acronyms()
    builder.link_organization_short_names()
    builder.fold_cut_organization_names()
    builder.attach_countries_of()
    builder.join_bodies_for()
    builder.countries_before_organizations()
    builder.drop_places()
    builder.resolve_descriptions()
    builder.resolve_pronouns()
    document.actors = builder.actors()
    # Descriptions, unnamed people, groups and documents: a seam a learned resolver can replace.
    seam("coreference", settings)(document, settings)
    _without_furniture(document)


def _without_furniture(document: Document) -> None:
    """No mention inside the dateline or a photo caption, whoever made it (the coreference
    seam reads "Police detain a protester ... REUTERS/Gleb Garanich" too): a caption printed
    twice would give its event twice, and "CAIRO (Reuters) -" is no subject of the lead."""
    furniture = document.layer.furniture
    if not furniture:
        return
    kept = []
    for actor in document.actors:
        mentions = [m for m in actor.mentions if not any(s <= m.start and m.end <= e for s, e in furniture)]
        if len(mentions) != len(actor.mentions):
            actor.mentions = mentions
        if mentions:
            kept.append(actor)
    ids = {a.id for a in kept}
    for actor in kept:
        if actor.affiliation is not None and actor.affiliation not in ids:
            actor.affiliation = None
    document.actors = kept


STAGE = stage("actors", requires=("doc",), assigns=("actors",))(run)
