"""Statements across outlets (issue 14): one utterance by one speaker, and every article
that reports it.

This package is the part of linking that needs no database: the words of a quote as they
are compared (``wording``) and the verification of a candidate pair (``matching``). The
store keeps statements, their occurrences and the MinHash bands (``store/statements.py``)
and links each article as it is saved, in the article's own transaction.
"""

from newsledger.statements.matching import Link, LinkSettings, Said, Speaker, compare, match_speakers, speaker_match
from newsledger.statements.wording import BandSettings, WordDiff, bands, word_diff, words

__all__ = [
    "BandSettings", "Link", "LinkSettings", "Said", "Speaker", "WordDiff", "bands", "compare", "match_speakers", "speaker_match", "word_diff",
    "words",
]
