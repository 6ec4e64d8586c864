"""The stage contract: what a stage is, what it needs and what it adds.

A stage is a plain function ``run(document, settings) -> None`` that reads a ``Document`` and
adds its facts. Like spaCy's ``Language.factory(..., requires=, assigns=)``, each stage says
which layers of the document it reads (``requires``) and which it fills (``assigns``); the
pipeline checks once, at load, that every requirement is assigned by a stage before it.

Layer names are the ``Document`` fields (``actors``, ``quotes``, ``events`` …), dotted for a
field of a fact (``events.date``), plus ``text`` (there from ingest) and ``doc`` (the spaCy
parse, assigned by the nlp stage).

A stage is found through the Python entry-point group ``newsledger.stages``: a separate package
declares ``[project.entry-points."newsledger.stages"] quotes = "mypkg.quotes:STAGE"`` and its
stage runs in place of the shipped one of that name, or beside the shipped ones for a new name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Optional

if TYPE_CHECKING:  # pragma: no cover
    from newsledger.document import Document
    from newsledger.settings import Settings

StageFunction = Callable[["Document", "Settings"], None]

# What every document has before any stage runs.
INITIAL_LAYERS = frozenset({"text", "article"})


@dataclass(frozen=True)
class Stage:
    """One stage of the pipeline: a name, the layers it reads and fills, and its function."""

    name: str
    run: Optional[StageFunction]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    # Where the stage comes from, for ``newsledger stages``: a module or a distribution.
    origin: str = ""
    # Batched stages (the spaCy parse) are run by the pipeline over many documents at once;
    # ``run`` is None for them.
    batched: bool = False
    doc: str = field(default="", compare=False)

    def describe(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""


def stage(name: str, *, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()) -> Callable[[StageFunction], Stage]:
    """Declare a stage function: ``STAGE = stage("quotes", requires=(...), assigns=(...))(run)``,
    or as a decorator on ``run``. The module keeps ``run`` importable under its own name."""

    def declare(function: StageFunction) -> Stage:
        return Stage(
            name=name,
            run=function,
            requires=tuple(requires),
            assigns=tuple(assigns),
            origin=function.__module__,
            doc=function.__doc__ or "",
        )

    return declare


class StageError(ValueError):
    """A pipeline that cannot run as configured: a missing, unknown or misordered stage."""


# --------------------------------------------------------------------------- seams
# Sub-steps a trained model may one day replace, each one callable with one signature (as
# citron has a class per part of an attribution):
#   coreference(document, settings) -> None
#       after the actors stage has found the named actors: resolve descriptions and make
#       unnamed people, groups and documents actors (adds actors and mentions).
#   speakers(document, head_token, (start, end), settings) -> Actor | None
#       the actor for the words that name a quote's source, made if need be.
# Replace one with ``Settings(seams=(("coreference", "mypkg.coref:resolve"),))`` or an
# entry point in the group ``newsledger.seams``.
SEAM_ENTRY_POINT_GROUP = "newsledger.seams"
SEAMS = {
    "coreference": "newsledger.stages.coreference:resolve",
    "speakers": "newsledger.stages.coreference:speaker_actor",
}


def load_reference(reference: str, what: str, default_attribute: str = "") -> Any:
    """The object ``module:attribute`` names (``default_attribute`` when the reference gives
    none): how a stage and a seam are named in Settings and entry points."""
    import importlib

    module_name, _, attribute = reference.partition(":")
    try:
        return getattr(importlib.import_module(module_name), attribute or default_attribute)
    except (ImportError, AttributeError) as exc:
        raise StageError(f"{what} {reference!r} cannot be loaded: {exc}") from exc


def _load_callable(reference: str) -> Callable[..., Any]:
    found = load_reference(reference, "seam")
    if not callable(found):
        raise StageError(f"seam {reference!r} is not callable")
    return found


def seam(name: str, settings: Optional["Settings"] = None) -> Callable[..., Any]:
    """The callable that does sub-step ``name``: the one the settings name, else an entry
    point of that name, else the shipped one."""
    if name not in SEAMS:
        raise StageError(f"no seam {name!r} (known: {', '.join(SEAMS)})")
    for seam_name, reference in getattr(settings, "seams", ()) or ():
        if seam_name == name:
            return _cached_callable(reference)
    return _cached_callable(_plugged_seams().get(name, SEAMS[name]))


@lru_cache(maxsize=32)
def _cached_callable(reference: str) -> Callable[..., Any]:
    return _load_callable(reference)


@lru_cache(maxsize=1)
def _plugged_seams() -> dict[str, str]:
    from importlib.metadata import entry_points

    return {point.name: point.value for point in entry_points(group=SEAM_ENTRY_POINT_GROUP)}
