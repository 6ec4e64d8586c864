"""What every worker of the local engine needs before its first article, loaded once.

The local engine (``batch.ingest_local``) starts its workers through a *fork server*: a
fresh, single-threaded Python process that imports this module and then forks one worker
per request. Each worker thus starts with spaCy and the stages imported, the model loaded
and the stages' knowledge (actor dictionary, gazetteer, lexicons, Matcher patterns) in
memory, shared copy-on-write, instead of importing and loading all of it again itself: the
cost is paid once per ingest, not once per worker (bench/README.md has the figures).

Why a fork server and not a fork of the ingesting process: that process may run threads
(the progress bar redraws from one) and holds the database connection; a fork copies
locks held by other threads as held forever. The fork server has neither.

The parent sets two variables for the server's start only: ``NEWSLEDGER_PRELOAD`` (so
that importing this module anywhere else loads nothing) and ``NEWSLEDGER_MODEL``, the model
of its settings (``Settings().model`` reads it); the knowledge is loaded by analysing one
short article with those settings. Nothing here may fail the server: whatever goes wrong,
the worker's own initializer loads the model again and reports the real error.
"""

from __future__ import annotations

import os

PRELOAD_VARIABLE = "NEWSLEDGER_PRELOAD"

# A short article that reaches every stage's knowledge: a dictionary actor, a place, a
# quote with a speech verb, a date, an attribution. "The 3rd of August" is a date the time
# stage leaves to dateparser (July 8, 2017 it reads itself): dateparser's first parse, with
# the stage's own parser and settings, builds its locale and time-zone tables, ~0.2 CPU s
# that each worker would otherwise pay on its first such date.
WARM_UP_TEXT = (
    "Russian Foreign Minister Sergey Lavrov met US Secretary of State Rex Tillerson in Hamburg "
    'on July 8, 2017. "We agreed on a ceasefire," Lavrov said, according to officials. '
    "The talks resume on the 3rd of August."
)


def preload() -> None:
    """Import the stages, load the model and the stages' knowledge, in this process."""
    from newsledger.document import Article
    from newsledger import pipeline
    from newsledger.settings import Settings
    from newsledger.stages import nlp

    settings = Settings()
    nlp.load(settings.model)
    for _ in pipeline.analyze_articles([Article(text=WARM_UP_TEXT, date="2017-07-08")], settings):
        pass


if os.environ.get(PRELOAD_VARIABLE) == "1":
    try:
        preload()
    except Exception:  # noqa: BLE001 - see the module's docstring: the worker reports it
        pass
