"""The noun classes of descriptions and unnamed actors (``data/nominals.yaml``), read once.

Knowledge, not a stage: the actors stage (titles written in lower case), the quotes stage
and coreference all ask which nouns name a person, a group, an organization or a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from newsledger.knowledge.lexicon import load_yaml


@dataclass(frozen=True)
class NounClass:
    name: str
    nouns: frozenset[str]
    type: str
    sectors: frozenset[str]


@dataclass(frozen=True)
class Nominals:
    persons: frozenset[str]
    groups: frozenset[str]
    organizations: frozenset[str]
    documents: frozenset[str]
    indefinite: frozenset[str]
    definite: frozenset[str]
    audiences: frozenset[str]
    audience_verbs: frozenset[str]
    governing: frozenset[str]
    located_by_place: frozenset[str]
    unresolving_modifiers: frozenset[str]
    subordinate_title_words: frozenset[str]
    crowd_numbers: frozenset[str]
    relational: frozenset[str]
    installations: frozenset[str]
    power_modifiers: frozenset[str]
    indefinite_pronouns: dict[str, str]
    classes: tuple[NounClass, ...]
    phrases: dict[str, str]
    defendants: dict[str, Any]

    def kind_of(self, head: Any) -> Optional[str]:
        """person | group | organization | document for a head noun token, or None."""
        lemma, lower = head.lemma_.lower(), head.lower_
        if lemma in self.documents or lower in self.documents:
            return "document"
        if lemma in self.organizations or lower in self.organizations:
            return "organization" if head.tag_ not in ("NNS", "NNPS") else "group"
        if lower == "powers" and not any(c.dep_ in ("amod", "compound") and c.lower_ in self.power_modifiers for c in head.children):
            return None  # "foreign powers", "world powers" are states; "the government's deportation powers" are authority
        if lemma in self.groups or lower in self.groups:
            return "group"
        if lemma in self.persons or lower in self.persons:
            return "group" if head.tag_ in ("NNS", "NNPS") else "person"
        if lower in self.crowd_numbers and head.dep_ == "nsubj" and not any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            # a crowd that does something; "lost thousands" counts money
            return "group"
        return None

    def noun_class(self, words: str) -> Optional[NounClass]:
        for cls in self.classes:
            if words in cls.nouns:
                return cls
        return None


@lru_cache(maxsize=8)
def nominals(lexicons: Optional[Path] = None) -> Nominals:
    """``nominals.yaml``, merged with the user's own of that name in ``lexicons``."""
    raw = load_yaml("nominals.yaml", lexicons)

    def words(key: str) -> frozenset[str]:
        return words_of(raw.get(key))

    defendants = raw.get("defendants") or {}

    classes = tuple(
        NounClass(name, frozenset(str(n).lower() for n in spec["nouns"]), spec["type"], frozenset(spec.get("sectors") or ()))
        for name, spec in (raw.get("classes") or {}).items()
    )
    return Nominals(
        persons=words("persons"),
        groups=words("groups"),
        organizations=words("organizations"),
        documents=words("documents"),
        indefinite=words("indefinite_determiners"),
        definite=words("definite_determiners"),
        audiences=words("audiences"),
        audience_verbs=words("audience_verbs"),
        governing=words("governing_bodies"),
        located_by_place=words("located_by_place"),
        unresolving_modifiers=words("unresolving_modifiers"),
        subordinate_title_words=words("subordinate_title_words"),
        crowd_numbers=words("crowd_numbers"),
        relational=words("relational_groups"),
        installations=words("installations"),
        power_modifiers=words("power_modifiers"),
        indefinite_pronouns={str(k).lower(): str(v) for k, v in (raw.get("indefinite_pronouns") or {}).items()},
        classes=classes,
        phrases={str(k).lower(): v for k, v in (raw.get("phrases") or {}).items() if v},
        defendants={
            **{key: words_of(defendants.get(key)) for key in ("nouns", "patient_verbs", "subject_verbs")},
            "sentences_back": int(defendants.get("sentences_back", 4)),
        },
    )


def words_of(values: Any) -> frozenset[str]:
    """A YAML list of words as a set of lower-case strings."""
    return frozenset(str(w).lower() for w in values or ())
