"""Which pronouns a person's first name allows, from the first-name data of the
``gender-guesser`` package (Jörg Michael's name dictionary, ~40,000 names by country).

A name the data does not know, or knows as used for both ("andy"), allows every pronoun:
this only removes antecedents a reader would rule out ("Maria Lopez … he said").
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                  "she": "female", "her": "female", "hers": "female", "herself": "female"}


@lru_cache(maxsize=1)
def _detector():
    # Loaded on the first pronoun: the data takes ~0.15 s to read.
    import gender_guesser.detector as detector

    return detector.Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def gender_of(first_name: str) -> Optional[str]:
    """"male", "female" or None (unknown or used for both)."""
    found = _detector().get_gender(first_name.strip(".,"))
    # "mostly_male" names (Terry, Kim) are too often the other: they allow both.
    if found == "male":
        return "male"
    if found == "female":
        return "female"
    return None


def pronoun_fits(pronoun: str, name: str) -> bool:
    """Whether a personal pronoun can stand for a person of this name."""
    wanted = PRONOUN_GENDER.get(pronoun.lower())
    words = name.split()
    if wanted is None or len(words) < 2:
        return True
    have = gender_of(words[0])
    return have is None or have == wanted


def is_known_given_name(word: str) -> bool:
    """Whether the name data knows ``word`` as a given name at all."""
    return _detector().get_gender(word.strip(".,")) != "unknown"
