"""Which pronouns a person's first name allows, from the first-name data of the
``gender-guesser`` package (Jörg Michael's name dictionary, ~40,000 names by country).

A name the data does not know, or knows as used for both ("andy"), allows every pronoun:
this only removes antecedents a reader would rule out ("Maria Lopez … he said").
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from newsledger.knowledge.prepared import file_signature, prepared

PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "himself": "male",
                  "she": "female", "her": "female", "hers": "female", "herself": "female"}


def _shipped_answers() -> dict[str, str]:
    import gender_guesser.detector as detector

    data = detector.Detector(case_sensitive=False)
    return {name: data.get_gender(name) for name in data.names}


@lru_cache(maxsize=1)
def _answers() -> dict[str, str]:
    """Each first name the data knows (lower case) -> the detector's answer for it with no
    country: "male", "mostly_male", "female", "mostly_female" or "andy". Prepared once and
    read from the cache after (knowledge/prepared.py): the detector parses its 40,000-line
    file on every start, 0.15-0.3 s of a cold ``newsledger analyze``."""
    import gender_guesser.detector as detector

    data = Path(detector.__file__).with_name("data") / "nam_dict.txt"
    return prepared("given-names", [file_signature(data), Path(__file__)], _shipped_answers)


def _gender(word: str) -> str:
    """The detector's ``get_gender`` (case-insensitive, no country), from the prepared answers."""
    return _answers().get(word.strip(".,").lower(), "unknown")


@lru_cache(maxsize=4096)
def gender_of(first_name: str) -> Optional[str]:
    """"male", "female" or None (unknown or used for both)."""
    found = _gender(first_name)
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
    return _gender(word) != "unknown"
