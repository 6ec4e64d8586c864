"""The field's knowledge as data files: where each shipped file is, and a user's folder that
overrides or extends a shipped file of the same name.

Every stage reads its word lists through ``read_text``/``load_yaml`` so that there is one
place that knows where data lives (``knowledge/data/``) and one rule for a user's own folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
# libyaml's loader when PyYAML was built with it: several times faster on the big files.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def shipped_path(name: str) -> Path:
    """The shipped data file ``name`` (a path relative to ``knowledge/data``, e.g. ``events/coder.yaml``)."""
    return DATA_DIR / name


def read_text(name: str) -> str:
    return shipped_path(name).read_text(encoding="utf-8")


@lru_cache(maxsize=32)
def load_yaml(name: str) -> Any:
    """The parsed YAML file ``name``; parsed once per process (callers must not mutate it)."""
    return yaml.load(read_text(name), Loader=_LOADER)


@lru_cache(maxsize=8)
def _speech_verb_tags() -> dict[str, frozenset[str]]:
    """``speech_verbs.yaml`` as lemma -> tags, every tag checked against the declared ones."""
    data = load_yaml("speech_verbs.yaml")
    declared = set(data["tags"])
    verbs: dict[str, frozenset[str]] = {}
    for lemma, tags in data["verbs"].items():
        unknown = sorted(set(tags) - declared)
        if unknown:
            raise ValueError(f"speech_verbs.yaml: {lemma!r} has undeclared tag(s) {', '.join(unknown)}; declare them under 'tags'")
        verbs[str(lemma).lower()] = frozenset(tags)
    return verbs


def speech_verbs(*tags: str) -> frozenset[str]:
    """The lemmas of ``speech_verbs.yaml`` that carry any of ``tags`` ("speech", "belief", ...)."""
    declared = load_yaml("speech_verbs.yaml")["tags"]
    unknown = [t for t in tags if t not in declared]
    if unknown:
        raise ValueError(f"no speech-verb tag {', '.join(map(repr, unknown))}; the tags are {', '.join(declared)}")
    wanted = set(tags)
    return frozenset(lemma for lemma, have in _speech_verb_tags().items() if have & wanted)


def relative_pronouns(*kinds: str) -> frozenset[str]:
    """The relative pronouns of ``grammar.yaml`` of the given kinds ("person", "thing")."""
    table = load_yaml("grammar.yaml")["relative_pronouns"]
    return frozenset(str(w).lower() for kind in kinds for w in table[kind])
