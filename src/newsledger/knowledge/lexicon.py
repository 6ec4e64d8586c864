"""The field's knowledge as data files: where each shipped file is, and a user's folder that
overrides or extends a shipped file of the same name.

Every stage reads its word lists through ``load_yaml`` (or ``read_text``) so that there is
one place that knows where data lives (``knowledge/data/``) and one rule for a user's own
folder (``--lexicons DIR``, ``NEWSLEDGER_LEXICONS``, ``Settings.lexicons``; docs/LEXICONS.md):
a user file ``DIR/quotes.yaml`` is merged into the shipped ``quotes.yaml`` — mappings key by
key, lists extended, a value tagged ``!replace`` put in place of the shipped one. Loaders
take the folder as a parameter and cache what they build per folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
# libyaml's loader when PyYAML was built with it: several times faster on the big files.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# The shipped files a user folder may override: those whose readers take the folder. The
# actor dictionary has its own option (--actors); the others are read once per process.
USER_LEXICONS = (
    "speech_verbs.yaml",
    "nominals.yaml",
    "grammar.yaml",
    "quotes.yaml",
    "sourcing.yaml",
    "coreference.yaml",
    "places.yaml",
    "home_country.yaml",
    "events/coder.yaml",
    "events/hand_patterns.yaml",
)


class LexiconError(ValueError):
    """A user lexicon that cannot be read or merged; the message names the file and line."""


def shipped_path(name: str) -> Path:
    """The shipped data file ``name`` (a path relative to ``knowledge/data``, e.g. ``events/coder.yaml``)."""
    return DATA_DIR / name


def read_text(name: str) -> str:
    return shipped_path(name).read_text(encoding="utf-8")


@lru_cache(maxsize=32)
def _shipped_yaml(name: str) -> Any:
    return yaml.load(read_text(name), Loader=_LOADER)


def load_yaml(name: str, lexicons: Optional[Path] = None) -> Any:
    """The YAML lexicon ``name``: the shipped file, with the user's file of the same name in
    the folder ``lexicons`` merged into it when there is one. Parsed once per process (and
    again when the user's file changes); callers must not mutate the result."""
    user = Path(lexicons) / name if lexicons is not None else None
    if user is None or not user.is_file():
        return _shipped_yaml(name)
    stat = user.stat()
    return _merged_yaml(name, user, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _merged_yaml(name: str, user: Path, mtime_ns: int, size: int) -> Any:
    if name not in USER_LEXICONS:
        raise LexiconError(f"{user}: {name} cannot be overridden from a lexicon folder; the files that can are {', '.join(USER_LEXICONS)}")
    data, node = _read_user(user)
    return _merge(_shipped_yaml(name), data, node, user, top=True)


class _Replace:
    """A user value tagged ``!replace``: it takes the place of the shipped value."""

    def __init__(self, value: Any):
        self.value = value


class _UserLoader(yaml.SafeLoader):
    """The pure-Python loader (user files are small), with ``!replace``."""


def _construct_replace(loader: yaml.SafeLoader, node: yaml.Node) -> _Replace:
    if isinstance(node, yaml.MappingNode):
        return _Replace(loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return _Replace(loader.construct_sequence(node, deep=True))
    return _Replace(loader.construct_scalar(node))


_UserLoader.add_constructor("!replace", _construct_replace)


def _read_user(path: Path) -> tuple[Any, Optional[yaml.Node]]:
    """The user's file parsed, with its node tree (for the line of a key in an error)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read the file ({exc})") from exc
    loader = _UserLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise LexiconError(f"{where}: not valid YAML: {problem}") from exc
    finally:
        loader.dispose()
    return data, node


def _child(node: Optional[yaml.Node], key: Any) -> Optional[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == str(key):
                return v
    return None


def _line(path: Path, node: Optional[yaml.Node]) -> str:
    return f"{path}:{node.start_mark.line + 1}" if node is not None else str(path)


def _kind(value: Any) -> str:
    return "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else "a single value"


def _merge(shipped: Any, user: Any, node: Optional[yaml.Node], path: Path, top: bool = False) -> Any:
    """Mappings key by key, lists extended (without repeats), single values replaced;
    ``!replace`` puts the user's value in place of the shipped one."""
    if user is None and top:
        return shipped  # an empty file changes nothing
    if isinstance(user, _Replace):
        return _strip(user.value)
    if isinstance(shipped, dict):
        if not isinstance(user, dict):
            raise LexiconError(f"{_line(path, node)}: the shipped {path.name} has a mapping here; the file gives {_kind(user)}")
        merged = dict(shipped)
        for key, value in user.items():
            child = _child(node, key)
            if key in shipped:
                merged[key] = _merge(shipped[key], value, child, path)
            elif top:
                raise LexiconError(f"{_line(path, child)}: {path.name} has no key {key!r}; its keys are {', '.join(map(str, shipped))}")
            else:
                merged[key] = _strip(value)
        return merged
    if isinstance(shipped, list):
        if not isinstance(user, list):
            raise LexiconError(f"{_line(path, node)}: the shipped {path.name} has a list here; the file gives {_kind(user)} (a list is extended: write [word, ...])")
        return shipped + [item for item in _strip(user) if item not in shipped]
    if isinstance(user, (dict, list)):
        raise LexiconError(f"{_line(path, node)}: the shipped {path.name} has a single value here; the file gives {_kind(user)}")
    return user


def _strip(value: Any) -> Any:
    """A user value with any nested ``!replace`` tags taken off (nothing below to replace)."""
    if isinstance(value, _Replace):
        return _strip(value.value)
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def check_folder(lexicons: Path) -> list[str]:
    """Every YAML file of a user lexicon folder read and merged now, so that a bad one is an
    error before any article is read; returns the names it overrides."""
    folder = Path(lexicons)
    if not folder.is_dir():
        raise LexiconError(f"{folder}: the lexicon folder does not exist (--lexicons / NEWSLEDGER_LEXICONS)")
    names = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        if not shipped_path(name).is_file():
            raise LexiconError(f"{path}: there is no shipped lexicon {name} to override; the files that can be overridden are {', '.join(USER_LEXICONS)}")
        load_yaml(name, folder)
        names.append(name)
    return names


# --------------------------------------------------------------------------- shared lists


@lru_cache(maxsize=8)
def _speech_verb_tags(lexicons: Optional[Path]) -> tuple[dict[str, frozenset[str]], tuple[str, ...]]:
    """``speech_verbs.yaml`` as lemma -> tags, every tag checked against the declared ones."""
    data = load_yaml("speech_verbs.yaml", lexicons)
    declared = tuple(data["tags"])
    verbs: dict[str, frozenset[str]] = {}
    for lemma, tags in data["verbs"].items():
        tags = [tags] if isinstance(tags, str) else list(tags or ())
        unknown = sorted(set(tags) - set(declared))
        if unknown:
            where = _where_in_user("speech_verbs.yaml", lexicons, ("verbs", lemma))
            raise LexiconError(f"{where}: the verb {lemma!r} has undeclared tag(s) {', '.join(unknown)}; the tags are {', '.join(declared)} (declare a new one under 'tags')")
        verbs[str(lemma).lower()] = frozenset(tags)
    return verbs, declared


def _where_in_user(name: str, lexicons: Optional[Path], keys: tuple[Any, ...]) -> str:
    """file:line of a key path in the user's file when it is there, else the shipped file."""
    if lexicons is not None and (Path(lexicons) / name).is_file():
        path = Path(lexicons) / name
        _, node = _read_user(path)
        for key in keys:
            found = _child(node, key)
            if found is None:
                break
            node = found
        return _line(path, node)
    return str(shipped_path(name))


def speech_verbs(*tags: str, lexicons: Optional[Path] = None) -> frozenset[str]:
    """The lemmas of ``speech_verbs.yaml`` that carry any of ``tags`` ("speech", "belief", ...)."""
    verbs, declared = _speech_verb_tags(Path(lexicons) if lexicons is not None else None)
    unknown = [t for t in tags if t not in declared]
    if unknown:
        raise ValueError(f"no speech-verb tag {', '.join(map(repr, unknown))}; the tags are {', '.join(declared)}")
    wanted = set(tags)
    return frozenset(lemma for lemma, have in verbs.items() if have & wanted)


def relative_pronouns(*kinds: str, lexicons: Optional[Path] = None) -> frozenset[str]:
    """The relative pronouns of ``grammar.yaml`` of the given kinds ("person", "thing")."""
    table = load_yaml("grammar.yaml", lexicons)["relative_pronouns"]
    return frozenset(str(w).lower() for kind in kinds for w in table[kind])
