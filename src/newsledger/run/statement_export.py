"""Export of statements (issue 14): JSON Lines with one statement a line in the shape of
``newsledger query statements --json``, or CSV/Parquet with one row per occurrence and the
statement's own columns repeated (a table a spreadsheet or pandas reads as it is).

Statements are read in slices by id, so an export of a large database needs little memory.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any, Iterator, Union

from sqlalchemy import select

from newsledger.store import Store
from newsledger.store.statement_queries import occurrences_of, statement_item
from newsledger.store.statements import statements

SLICE = 500

# One row per occurrence: (column, what it holds). docs/EXPORT.md repeats this list.
OCCURRENCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("statement_id", "the statement's id"),
    ("speaker", "the speaker's actor key (named or not); empty when the text gives no source"),
    ("speaker_name", "the speaker's name or description"),
    ("first_date", "date of the earliest article reporting it"),
    ("first_source", "outlet of that article"),
    ("flags", "wording, attribution, relay: what a reader should look at, separated by spaces"),
    ("n_articles", "articles reporting it"),
    ("article_id", "this occurrence's article"),
    ("url", "its URL"),
    ("source", "its outlet"),
    ("date", "its date"),
    ("start", "offset where the quote starts in the article's text"),
    ("end", "offset where it ends (exclusive)"),
    ("text", "the quote's words as this article gives them"),
    ("kind", "direct, mixed or indirect; fragment for a few quoted words (a scare quote, a stretch of a mixed quote) found in the statement's words"),
    ("attribution", "named, anonymous, collective, document or unattributed"),
    ("attributed_to", "the speaker as this article names or describes it"),
    ("via", "whom this article has it from, when it relays it"),
    ("hedges", "hedges on the quote, separated by '; '"),
    ("link", "how it joined the statement: first, direct, partial or paraphrase"),
    ("wording", "its wording against the longest direct one: same, trimmed, altered or merged"),
)


def iter_statements(store: Store) -> Iterator[dict[str, Any]]:
    last = ""
    with store.engine.connect() as conn:
        while True:
            rows = [dict(r) for r in conn.execute(select(statements).where(statements.c.id > last).order_by(statements.c.id).limit(SLICE)).mappings()]
            if not rows:
                return
            found = occurrences_of(conn, [r["id"] for r in rows])
            for row in rows:
                yield statement_item(row, found.get(row["id"], []))
            last = rows[-1]["id"]


def occurrence_rows(store: Store) -> Iterator[list[Any]]:
    for s in iter_statements(store):
        for o in s["occurrences"]:
            yield [
                s["id"], s["speaker"], s["speaker_name"], s["first_date"], s["first_source"], " ".join(s["flags"]), s["n_articles"],
                o["article_id"], o["url"], o["source"], o["date"], o["start"], o["end"], o["text"], o["kind"],
                o["attribution"]["type"], o["attribution"]["speaker_name"], o["attribution"]["via"], "; ".join(o["attribution"]["hedges"]),
                o["link"], (o["wording"] or {}).get("label"),
            ]


def export_statements(db: Union[str, os.PathLike[str]], fmt: str, out: Union[str, os.PathLike[str]]) -> dict[str, int]:
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    names = [c for c, _ in OCCURRENCE_COLUMNS]
    count = 0
    with Store(db) as store:
        if fmt == "jsonl":
            with open(target, "w", encoding="utf-8") as handle:
                for item in iter_statements(store):
                    handle.write(json.dumps(item, ensure_ascii=False) + "\n")
                    count += 1
        elif fmt == "csv":
            with open(target, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(names)
                for row in occurrence_rows(store):
                    writer.writerow(["" if v is None else v for v in row])
                    count += 1
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            ints = {"n_articles", "start", "end"}
            schema = pa.schema([pa.field(n, pa.int64() if n in ints else pa.string()) for n in names])
            with pq.ParquetWriter(target, schema) as writer:
                batch: list[dict[str, Any]] = []
                for row in occurrence_rows(store):
                    batch.append(dict(zip(names, row)))
                    if len(batch) >= 2000:
                        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                        count, batch = count + len(batch), []
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
    return {target.name: count}
