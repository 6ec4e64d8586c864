"""Read-side queries over statements, shared by ``newsledger query statements``, the API,
the web pages and the export.

A statement as a reader gets it (``statement_item``)::

    {"id", "speaker", "speaker_name", "first_date", "first_source", "flags",
     "n_articles", "n_sources",
     "occurrences": [{"article_id", "url", "source", "date", "start", "end", "text", "kind",
                      "attribution": {"type", "speaker_name", "via", "hedges"},
                      "cue", "link", "wording"}]}

``start``/``end`` are offsets into that article's text; ``wording`` is the word-level diff
of a direct occurrence against the statement's longest direct wording (``label`` same |
trimmed | altered | merged, and its ``segments``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Optional, Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection, Engine

from newsledger.statements.wording import quoted_parts, word_diff
from newsledger.store.queries import Page, QueryError, check_date
from newsledger.store.schema import articles, quotes
from newsledger.store.statements import FLAGS, statement_fragments, statement_occurrences, statements


def _contains(column: Any, needle: str) -> Any:
    return func.lower(column).contains(needle.lower(), autoescape=True)


def _where(speaker: Optional[str], since: Optional[str], until: Optional[str], min_articles: Optional[int], flag: Optional[str]) -> list[Any]:
    where: list[Any] = []
    if speaker:
        where.append(or_(statements.c.speaker_key == speaker, _contains(statements.c.speaker_name, speaker)))
    since, until = check_date(since, "since"), check_date(until, "until")
    if since:
        where.append(statements.c.first_date >= since)
    if until:
        # "2019-01" as until means the whole month: every date that starts with it.
        where.append(statements.c.first_date <= until + "~")
    if min_articles is not None:
        if min_articles < 1:
            raise QueryError(f"min_articles must be 1 or more, not {min_articles}")
        where.append(statements.c.n_articles >= min_articles)
    if flag:
        if flag not in FLAGS:
            raise QueryError(f"unknown flag {flag!r}; flags are {', '.join(FLAGS)}")
        where.append(statements.c[FLAGS[flag]].is_(True))
    return where


def list_statements(
    engine: Engine,
    speaker: Optional[str] = None,
    since: Optional[str] = None,
    until: Optional[str] = None,
    min_articles: Optional[int] = None,
    flag: Optional[str] = None,
    page: Page = Page(),
) -> dict[str, Any]:
    """Statements, the most widely reported first, with all their occurrences."""
    where = _where(speaker, since, until, min_articles, flag)
    query = (
        select(statements)
        .where(*where)
        .order_by(statements.c.n_articles.desc(), statements.c.first_date.desc(), statements.c.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(statements).where(*where)).scalar_one()
        rows = [dict(r) for r in conn.execute(query).mappings()]
        occurrences = occurrences_of(conn, [r["id"] for r in rows])
    items = [statement_item(r, occurrences.get(r["id"], [])) for r in rows]
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


def statement_detail(engine: Engine, statement_id: str) -> Optional[dict[str, Any]]:
    with engine.connect() as conn:
        row = conn.execute(select(statements).where(statements.c.id == statement_id)).mappings().first()
        if row is None:
            return None
        return statement_item(dict(row), occurrences_of(conn, [statement_id]).get(statement_id, []))


def article_statements(engine: Engine, article_id: str) -> dict[int, dict[str, Any]]:
    """For each quote of an article (by its idx): its statement id and how many other
    outlets report it — the article page's "also reported by N outlets"."""
    with engine.connect() as conn:
        own = list(
            conn.execute(
                select(statement_occurrences.c.quote_idx, statement_occurrences.c.statement_id).where(
                    statement_occurrences.c.article_id == article_id
                )
            )
        )
        ids = sorted({sid for _idx, sid in own})
        others: dict[str, set] = defaultdict(set)
        if ids:
            query = (
                select(statement_occurrences.c.statement_id, statement_occurrences.c.article_id, statement_occurrences.c.source)
                .where(statement_occurrences.c.statement_id.in_(ids), statement_occurrences.c.article_id != article_id)
            )
            for sid, other_article, source in conn.execute(query):
                others[sid].add(source or other_article)
            fragment = statement_fragments.c
            query = select(fragment.statement_id, fragment.article_id, fragment.source).where(fragment.statement_id.in_(ids), fragment.article_id != article_id)
            for sid, other_article, source in conn.execute(query):
                others[sid].add(source or other_article)
    return {idx: {"statement_id": sid, "other_outlets": len(others.get(sid, ()))} for idx, sid in own}


def occurrences_of(conn: Connection, statement_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not statement_ids:
        return found
    query = (
        select(
            statement_occurrences,
            quotes.c.text,
            quotes.c.kind,
            quotes.c.start_char,
            quotes.c.end_char,
            quotes.c.cue_text,
            articles.c.url,
            articles.c.title,
        )
        .join(quotes, and_(quotes.c.article_id == statement_occurrences.c.article_id, quotes.c.idx == statement_occurrences.c.quote_idx))
        .join(articles, articles.c.id == statement_occurrences.c.article_id)
        .where(statement_occurrences.c.statement_id.in_(list(statement_ids)))
        .order_by(statement_occurrences.c.date, statement_occurrences.c.article_id, statement_occurrences.c.quote_idx)
    )
    for row in conn.execute(query).mappings():
        found[row["statement_id"]].append(dict(row))
    # The quoted fragments linked to the statements (scare quotes, stretches of mixed
    # quotes): occurrences of kind "fragment", with no quote of their own.
    fragment = statement_fragments.c
    query = (
        select(statement_fragments, articles.c.url, articles.c.title)
        .join(articles, articles.c.id == fragment.article_id)
        .where(fragment.statement_id.in_(list(statement_ids)))
    )
    for row in conn.execute(query).mappings():
        named = row["speaker_key"] is not None and bool(row["speaker_named"])
        found[row["statement_id"]].append({
            **dict(row), "quote_idx": None, "kind": "fragment", "cue_text": None, "via": None, "hedges": [],
            "attribution": "unattributed" if row["speaker_key"] is None else "named" if named else "anonymous",
        })
    for items in found.values():
        items.sort(key=lambda o: (o["date"] or "", o["article_id"], o["start_char"]))
    return found


def statement_flags_list(row: dict[str, Any]) -> list[str]:
    return [name for name, column in FLAGS.items() if row.get(column)]


def statement_item(row: dict[str, Any], occurrences: list[dict[str, Any]]) -> dict[str, Any]:
    def parts_of(o: dict[str, Any]) -> list[list[str]]:
        return [] if o["kind"] == "fragment" else quoted_parts(o["text"], o["kind"])  # a fragment is no wording to diff

    verbatim = [part for o in occurrences for part in parts_of(o)]
    reference = max(verbatim, key=len) if verbatim else None
    items = []
    for o in occurrences:
        parts = parts_of(o)
        wording = None
        if reference is not None and parts:
            wording = word_diff(reference, max(parts, key=len)).to_dict()
        items.append(
            {
                "article_id": o["article_id"],
                "quote_idx": o["quote_idx"],
                "url": o["url"],
                "title": o["title"],
                "source": o["source"],
                "date": o["date"],
                "start": o["start_char"],
                "end": o["end_char"],
                "text": o["text"],
                "kind": o["kind"],
                "cue": o["cue_text"],
                "attribution": {"type": o["attribution"], "speaker_name": o["speaker_name"], "via": o["via"], "hedges": list(o["hedges"] or [])},
                "link": o["link_kind"],
                "wording": wording,
            }
        )
    return {
        "id": row["id"],
        "speaker": row["speaker_key"],
        "speaker_name": row["speaker_name"],
        "first_date": row["first_date"],
        "first_source": row["first_source"],
        "flags": statement_flags_list(row),
        "n_articles": row["n_articles"],
        "n_sources": row["n_sources"],
        "occurrences": items,
    }
