"""The words of a quotation as the linking step compares them.

- ``words``: the running words, lower-cased, apostrophes unified, punctuation dropped: what
  two outlets' direct quotes of one sentence share even when one changed a comma.
- ``content_stems``: the words that carry the meaning (function words of
  ``knowledge/data/statements.yaml`` left out), reduced by a light suffix stripper to a
  common stem ("testified", "testify" -> "testify"): what a paraphrase shares with the
  words it paraphrases. The store keeps no tokens or lemmas of spaCy, and linking must run
  where only the stored rows are, so the stems are made from the text here.
- ``bands``: MinHash bands over the word shingles, the rows of the in-database index that
  finds candidate statements without comparing against every quote.
- ``word_diff``: how one occurrence's words differ from another's (trimmed, altered, merged).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import struct
from dataclasses import dataclass
from importlib import resources
from typing import Any, Optional, Sequence

import yaml

_WORD = re.compile(r"\w+(?:'\w+)*")
# Quoted stretches inside a mixed quote: the words the outlet gives as the speaker's own.
_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]+)[\"“”„«»]|(?<!\w)['‘]([^'‘’]{3,}?)['’](?!\w)")


def words(text: str) -> list[str]:
    """The running words of a text, lower-cased, with ’ read as '."""
    return _WORD.findall(text.lower().replace("’", "'").replace("‘", "'"))


@functools.lru_cache(maxsize=1)
def _knowledge() -> dict[str, Any]:
    path = resources.files("newsledger.knowledge") / "data" / "statements.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@functools.lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return frozenset(str(w).lower() for w in _knowledge().get("function_words") or ())


@functools.lru_cache(maxsize=1)
def not_speakers() -> frozenset[str]:
    return frozenset(str(w).lower() for w in _knowledge().get("not_speakers") or ())


@functools.lru_cache(maxsize=1)
def spokesperson_titles() -> tuple[str, ...]:
    return tuple(" ".join(words(str(w))) for w in _knowledge().get("spokesperson_titles") or ())


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", ""))


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: enough to meet "testified" and "testify", "charges" and
    "charged"; not a lemmatizer (a stem is compared, never shown)."""
    word = word.split("'")[0]  # "president's" -> "president"
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            word = word[: len(word) - len(suffix)] + replacement
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]  # "charge" / "charg(ed)"
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]  # "stopp(ed)" -> "stop"
    return word


def content_stems(tokens: Sequence[str]) -> frozenset[str]:
    return _content_stems(tuple(tokens))


@functools.lru_cache(maxsize=8192)
def _content_stems(tokens: tuple[str, ...]) -> frozenset[str]:
    stop = function_words()
    # A lone digit ("2 charges") says little; a year or a sum says much.
    return frozenset(stem(t) for t in tokens if t not in stop and (not t.isdigit() or len(t) > 1))


def _quoted_stretches(text: str, kind: str) -> list[str]:
    if kind == "direct":
        return [text]
    if kind == "indirect":
        return []
    return [m.group(1) or m.group(2) for m in _QUOTED.finditer(text)]


def quoted_stretches(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each quoted stretch of a mixed quote's text, inside its marks."""
    return [m.span(1) if m.group(1) is not None else m.span(2) for m in _QUOTED.finditer(text)]


def quoted_parts(text: str, kind: str) -> list[list[str]]:
    """The stretches the outlet presents as the speaker's own words: the whole text of a
    direct quote, the quoted fragments of a mixed one, none of an indirect one."""
    parts = [words(stretch) for stretch in _quoted_stretches(text, kind)]
    return [p for p in parts if p]


# A sentence ends at . ! or ? followed by a space (closing quotes and brackets kept with it).
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")


def quoted_sentences(text: str, kind: str) -> list[tuple[str, ...]]:
    """The sentences of the quoted stretches, as words: two outlets that cut one passage
    at different sentences still share a whole sentence of it. An abbreviation ("Mr.")
    cuts a sentence short; the pieces stay runs of the speaker's words."""
    found = [tuple(words(piece)) for stretch in _quoted_stretches(text, kind) for piece in _SENTENCE_END.split(stretch)]
    return [sentence for sentence in found if sentence]


# --------------------------------------------------------------------------- MinHash bands


@dataclass(frozen=True)
class BandSettings:
    """MinHash over ``num_perm`` permutations cut into ``bands`` bands of ``num_perm / bands``
    rows: two texts whose shingle sets have Jaccard similarity s share at least one band
    with probability 1 - (1 - s^r)^b; at 20 x 3 that is 0.42 at s=0.3, 0.93 at s=0.5."""

    num_perm: int = 60
    bands: int = 20
    min_words: int = 4  # shorter quotes are found through their speaker, not the index
    seed: int = 14


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[Any, Any]:
    """The (a, b) of datasketch's "affine32" permutations for the seed: the stored bands are
    the values of ``datasketch.MinHash(num_perm, seed, scheme="affine32")``. Drawn here as
    ``MinHash._init_permutations`` draws them (odd a, then b, from one RandomState) rather
    than through a MinHash: importing datasketch imports scipy, ~0.7 CPU s of every ingest."""
    import numpy as np

    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def shingles(tokens: Sequence[str]) -> set[str]:
    """Content stems and word pairs: pairs keep near-identical wordings close, stems let a
    paraphrase that reorders the words still meet them."""
    found = set(content_stems(tokens))
    found.update(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))
    return found


def bands(tokens: Sequence[str], settings: BandSettings = BandSettings()) -> list[str]:
    """The band keys of a text: ``"BB:hhhhhhhhhhhhhhhh"`` (band number, hash of its rows)."""
    return many_bands([tokens], settings)[0]


_UNSEEN = 0xFFFFFFFF  # a MinHash value no shingle has lowered yet


def many_bands(texts: Sequence[Sequence[str]], settings: BandSettings = BandSettings()) -> list[list[str]]:
    """The band keys of several texts (``bands`` of each) in one array computation: the
    MinHash of datasketch's "affine32" scheme (SHA-1's first 4 bytes of each shingle, the
    MurmurHash3 finalizer, then a * h + b mod 2^32 for each permutation), made for all the
    article's quotes at once rather than through a ``MinHash`` object per quote."""
    import numpy as np

    hashed: list[int] = []
    counts: list[int] = []
    for tokens in texts:
        found = shingles(tokens) if len(tokens) >= settings.min_words else ()
        hashed.extend(struct.unpack_from("<I", hashlib.sha1(s.encode("utf-8")).digest())[0] for s in found)
        counts.append(len(found))
    sketches = np.full((len(texts), settings.num_perm), _UNSEEN, dtype=np.uint32)
    if hashed:
        a, b = _permutations(settings.num_perm, settings.seed)
        hv = np.array(hashed, dtype=np.uint32)
        hv ^= hv >> np.uint32(16)  # the MurmurHash3 finalizer (datasketch's _fmix, 32 bits)
        hv *= np.uint32(0x85EBCA6B)
        hv ^= hv >> np.uint32(13)
        hv *= np.uint32(0xC2B2AE35)
        hv ^= hv >> np.uint32(16)
        permuted = hv.reshape(-1, 1) * a + b  # uint32: the wraparound is the modulo
        filled = [n for n, count in enumerate(counts) if count]
        starts = np.cumsum([0] + [counts[n] for n in filled[:-1]])
        sketches[filled] = np.minimum.reduceat(permuted, starts, axis=0)
    rows = settings.num_perm // settings.bands
    values = sketches.astype("<u8").tobytes()  # each value as struct.pack("<Q") packs it
    width = 8 * rows
    keys: list[list[str]] = []
    for n, count in enumerate(counts):
        if len(texts[n]) < settings.min_words:
            keys.append([])
            continue
        at = n * settings.num_perm * 8
        keys.append([
            f"{band:02d}:{hashlib.blake2b(values[at + band * width : at + (band + 1) * width], digest_size=8).hexdigest()}"
            for band in range(settings.bands)
        ])
    return keys


# --------------------------------------------------------------------------- word diff


@dataclass(frozen=True)
class WordDiff:
    """How ``other`` words a passage relative to ``reference``.

    ``label``: same | trimmed (a contiguous part of the reference, or the reference and
    more) | merged (stretches of the reference joined with the words between them left out)
    | altered (words changed or added). ``segments``: (op, words) in the other's order, op
    one of equal | insert (the other's words the reference lacks) | delete (the reference's
    words the other leaves out) | replace (the other's words standing for the reference's)."""

    label: str
    segments: list[tuple[str, str]]
    changed: list[tuple[str, str]]  # (reference words, other's words) of each replace

    def to_dict(self) -> dict:
        return {"label": self.label, "segments": [list(s) for s in self.segments], "changed": [list(c) for c in self.changed]}


def word_diff(reference: Sequence[str], other: Sequence[str]) -> WordDiff:
    matcher = difflib.SequenceMatcher(None, list(reference), list(other), autojunk=False)
    ops = matcher.get_opcodes()
    segments: list[tuple[str, str]] = []
    changed: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            segments.append(("equal", " ".join(other[j1:j2])))
        elif op == "delete":
            segments.append(("delete", " ".join(reference[i1:i2])))
        elif op == "insert":
            segments.append(("insert", " ".join(other[j1:j2])))
        else:
            segments.append(("replace", " ".join(other[j1:j2])))
            changed.append((" ".join(reference[i1:i2]), " ".join(other[j1:j2])))
    last = len(ops) - 1
    inner = [(op, i2 - i1) for k, (op, i1, i2, _j1, _j2) in enumerate(ops) if op != "equal" and 0 < k < last]
    if all(op == "equal" for op, *_ in ops):
        label = "same"
    elif any(op == "replace" for op, *_ in ops) or any(op == "insert" or size < 3 for op, size in inner):
        label = "altered"
    elif inner:
        # Words of the reference left out between two stretches it quotes: a sentence or
        # clause skipped, the two sides merged into one quote.
        label = "merged"
    else:
        label = "trimmed"  # words missing (or added) only at the ends
    return WordDiff(label, segments, changed)


def longest(parts: Sequence[Sequence[str]]) -> Optional[Sequence[str]]:
    return max(parts, key=len) if parts else None
