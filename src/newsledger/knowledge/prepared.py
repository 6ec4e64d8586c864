"""Prepared forms of the shipped knowledge: indexes built once from the data files and kept
in a cache file, so that a new process reads one compact file instead of parsing and
indexing megabytes of JSON and YAML (the actor dictionary alone is 7 MB of JSONL).

A prepared file is named by a hash of its sources' contents (the data files and the module
that builds from them) and of the Python version, so an edited data file, a new version of
newsledger or another Python rebuilds it; nothing has to be invalidated by hand. It holds
plain values only (dicts, lists, tuples, strings, numbers) written with ``marshal``: no
code runs when it is read.

Where: ``$NEWSLEDGER_CACHE`` if set, else ``$XDG_CACHE_HOME/newsledger``, else
``~/.cache/newsledger``. ``NEWSLEDGER_CACHE=off`` turns the cache off. When the folder
cannot be created or written (a read-only home, a sandbox) or a file there is unreadable,
the value is built in memory as without a cache: slower, the same result. No network.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

CACHE_ENV = "NEWSLEDGER_CACHE"
KEEP_VERSIONS = 3


def cache_dir() -> Optional[Path]:
    """The folder prepared files go to, or None when the cache is off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        if configured.strip().lower() in ("", "0", "off", "no", "false"):
            return None
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsledger"


Source = Union[Path, str]


def source_hash(name: str, sources: Iterable[Source]) -> str:
    """A hash of the sources: a Path by its contents, a string as it is."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(f"{name}\0{sys.version_info[:2]}\0{marshal.version}\0".encode())
    for source in sources:
        if isinstance(source, Path):
            digest.update(source.name.encode() + b"\0")
            digest.update(source.read_bytes())
        else:
            digest.update(source.encode())
        digest.update(b"\0")
    return digest.hexdigest()


def file_signature(path: Path) -> str:
    """A large third-party data file by path, size and modification time (an upgrade of its
    package rewrites it), for a key that must not read megabytes at every start."""
    status = path.stat()
    return f"{path}:{status.st_size}:{status.st_mtime_ns}"


def prepared(name: str, sources: Iterable[Source], build: Callable[[], Any]) -> Any:
    """``build()``, or the value it returned last time for the same ``sources`` (the
    files and texts it is built from, the module that builds it among them).

    ``build`` must return plain values that ``marshal`` can write (no class instances).
    """
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        path = folder / f"{name}-{source_hash(name, sources)}.marshal"
    except OSError:
        return build()
    try:
        with open(path, "rb") as fh:
            data = fh.read()  # marshal.load(fh) reads object by object: several times slower
        return _loads(data)
    except FileNotFoundError:
        pass
    except (OSError, EOFError, ValueError, TypeError):
        pass  # a truncated or foreign file: rebuilt and replaced below
    value = build()
    _write(folder, path, name, value)
    return value


def _loads(data: bytes) -> Any:
    # Hundreds of thousands of new lists and tuples would set off the cyclic collector many
    # times over (a third of the read time), and none of them can be garbage yet.
    with long_lived():
        return marshal.loads(data)


@contextmanager
def long_lived() -> Iterator[None]:
    """Around the loading of what lives as long as the process (the model, the prepared
    knowledge): no cyclic collection while it loads, and afterwards everything loaded is
    moved out of the collector's view (``gc.freeze``). Otherwise every full collection of
    the process walks the model's and the lexicons' hundreds of thousands of objects again:
    about a tenth of a cold ``newsledger analyze``. Reference counting still frees
    everything as usual; only cycles that are garbage at that moment would stay."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()


def _write(folder: Path, path: Path, name: str, value: Any) -> None:
    """Write atomically (parallel workers may build at once) and drop the stale versions;
    any failure leaves the cache as it was and is not an error."""
    try:
        data = marshal.dumps(value)
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as fh:
                fh.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        # Keep a few versions (two checkouts may share the folder), drop older ones.
        versions = sorted(folder.glob(f"{name}-*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in versions[KEEP_VERSIONS:]:
            stale.unlink(missing_ok=True)
    except (OSError, ValueError):
        return
