"""The field's knowledge as data files: where each shipped file is, and a user's folder that
overrides or extends a shipped file of the same name.

Every stage reads its word lists through ``read_text``/``load_yaml`` so that there is one
place that knows where data lives (``knowledge/data/``) and one rule for a user's own folder.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def shipped_path(name: str) -> Path:
    """The shipped data file ``name`` (a path relative to ``knowledge/data``, e.g. ``events/coder.yaml``)."""
    return DATA_DIR / name


def read_text(name: str) -> str:
    return shipped_path(name).read_text(encoding="utf-8")
