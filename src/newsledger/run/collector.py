"""The cyclic garbage collector's pace during an ingest: collections of the youngest
objects a seventieth as often.

CPython starts a collection of its youngest generation every 700 container objects
(dicts, lists, dataclass instances) allocated beyond those freed. An ingest allocates
millions of them and frees nearly all by reference counting: the parse's and the stages'
facts in a worker, the rows, the linking's candidates and the SQL parameters in the
writing parent. Each collection then walks whatever young objects are alive at that
moment, which are almost never garbage. Measured over 300 AllSides articles: 0.5 CPU s
of the parent's 4.4 s of writing and about 0.7 s of the workers' were collections
(bench/README.md, "Ingest layout"); at one every ``YOUNG_THRESHOLD`` allocations they
cost a tenth of that. Reference counting still frees every object that is not in a
cycle at once; cyclic garbage waits for the next collection, at most that many objects.

The older generations keep CPython's thresholds (10 and 10): with rarer young
collections they run rarer too, in the same proportion.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

YOUNG_THRESHOLD = 50_000


def collect_less() -> None:
    """For the rest of this process (a worker): young collections every ``YOUNG_THRESHOLD``
    allocations, the older generations' thresholds as they were."""
    young, middle, oldest = gc.get_threshold()
    if 0 < young < YOUNG_THRESHOLD:  # 0: collection turned off, and left so
        gc.set_threshold(YOUNG_THRESHOLD, middle, oldest)


@contextmanager
def collecting_less() -> Iterator[None]:
    """``collect_less`` inside the block (the ingesting process, which the caller may go on
    using), the thresholds as they were after it."""
    before = gc.get_threshold()
    collect_less()
    try:
        yield
    finally:
        gc.set_threshold(*before)
