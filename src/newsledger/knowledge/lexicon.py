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
