"""Watch: poll feeds and sitemaps, ingesting what is new, until stopped.

Each round is one ``ingest_paths`` over the feed URLs: a feed is fetched again every round
(a listing is never "stored"), the pages it lists that the database already holds are not
fetched, the rest are fetched, analysed and stored. A feed that is down or malformed is one
error in that round's report; the next round tries it again.
"""

from __future__ import annotations

import os
import re
import time
from typing import Any, Callable, Optional, Sequence, Union

from newsledger.run.ingest import ingest_paths
from newsledger.run.progress import IngestReport
from newsledger.settings import Settings

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds from ``"15m"``, ``"30s"``, ``"1h30m"``, ``"2d"`` or a bare number of seconds."""
    value = str(text).strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", value)
    if not parts or re.sub(r"(\d+(?:\.\d+)?)\s*([smhd])", "", value).strip():
        raise ValueError(f"{text!r} is not a duration; write it like 30s, 15m, 1h or 1h30m")
    return sum(float(number) * _UNITS[unit] for number, unit in parts)


def watch_feeds(
    feeds: Sequence[str],
    db_url: Union[str, os.PathLike[str]],
    settings: Optional[Settings] = None,
    every: float = 900.0,
    rounds: Optional[int] = None,
    fetch: Any = None,
    workers: int = 1,
    console: Any = None,
    on_round: Optional[Callable[[int, IngestReport], None]] = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[IngestReport]:
    """Ingest from ``feeds`` every ``every`` seconds, ``rounds`` times (None: until Ctrl-C or
    SIGTERM). ``on_round(n, report)`` is called after each round. Returns the rounds' reports;
    the last one has ``interrupted`` set when the watch was stopped during a round."""
    settings = settings or Settings()
    reports: list[IngestReport] = []
    number = 0
    try:
        while rounds is None or number < rounds:
            number += 1
            started = time.monotonic()
            report = ingest_paths(list(feeds), db_url, settings, progress=False, workers=workers, console=console, fetch=fetch)
            reports.append(report)
            if on_round is not None:
                on_round(number, report)
            if report.interrupted or (rounds is not None and number >= rounds):
                break
            # The next round starts `every` seconds after this one started, not after it ended.
            sleep(max(0.0, every - (time.monotonic() - started)))
    except KeyboardInterrupt:
        pass  # stopped between rounds: every stored article is complete
    return reports
