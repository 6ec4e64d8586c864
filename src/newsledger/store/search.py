"""Full-text search over article text (with titles) and quote text.

SQLite: FTS5 tables ``articles_fts`` and ``quotes_fts`` (Porter stemmer over unicode61),
filled by triggers on ``articles`` and ``quotes``, so every writer keeps them in step in
its own transaction. PostgreSQL: a generated ``search`` tsvector column on each table
(English configuration) with a GIN index, computed by the server on insert. Both are made
by migration 6 (``create_indexes``), which also indexes the rows already stored.

A search is words, "quoted phrases" and word* prefixes, all required. The words are taken
from the query (letters and digits only) and put into the engine's own query syntax, so
nothing the user types is ever query syntax or SQL. Snippets are keyword-in-context
fragments; the matched words come back as ``(start, end)`` spans into the snippet, for the
caller to highlight (the web UI escapes the text and wraps the spans in ``<mark>``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import and_, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.engine import Connection

# Markers put around each match by snippet()/ts_headline(); private-use characters no
# article carries (any that one does is dropped from snippets before marking).
_OPEN, _CLOSE = "\ue000", "\ue001"
_SNIPPET_WORDS = 24
_TERM = re.compile(r'"([^"]*)"|([^\W_]+)(\*?)')
_WORD = re.compile(r"[^\W_]+")
# Texts longer than this are indexed on their first part only: PostgreSQL's tsvector has a
# 1 MB limit, and no news article comes near it.
_PG_INDEXED_CHARS = 500_000


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase
    prefix: bool = False


def parse(query: Optional[str]) -> list[Term]:
    """The terms of a search: words, "phrases" and word* prefixes (letters and digits only)."""
    terms: list[Term] = []
    for phrase, word, star in _TERM.findall(query or ""):
        if phrase:
            words = tuple(w.lower() for w in _WORD.findall(phrase))
            if words:
                terms.append(Term(words))
        elif word:
            terms.append(Term((word.lower(),), prefix=bool(star)))
    return terms


def fts5_query(terms: list[Term]) -> str:
    # Each term a quoted FTS5 string: its words are letters and digits, so no operator
    # (AND, NEAR, column filters) can come from the user.
    return " ".join('"' + " ".join(t.words) + '"' + ("*" if t.prefix else "") for t in terms)


def tsquery(terms: list[Term], name: str) -> Any:
    """The terms as a PostgreSQL tsquery expression (bound parameters ``name0``, ``name1`` ...):
    a word through to_tsquery (its letters and digits are no operator), a prefix as
    ``word:*``, a phrase through phraseto_tsquery, which keeps the gaps of stop words."""
    parts, params = [], {}
    for i, t in enumerate(terms):
        key = f"{name}{i}"
        if len(t.words) > 1:
            parts.append(f"phraseto_tsquery('english', :{key})")
            params[key] = " ".join(t.words)
        else:
            parts.append(f"to_tsquery('english', :{key})")
            params[key] = t.words[0] + (":*" if t.prefix else "")
    return text("(" + " && ".join(parts) + ")").bindparams(**params)


def marked(snippet: Optional[str]) -> tuple[str, list[tuple[int, int]]]:
    """A snippet with match markers -> (plain text, spans of the matches in it)."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    at, start = 0, None
    for ch in snippet or "":
        if ch == _OPEN:
            start = at
        elif ch == _CLOSE:
            if start is not None and at > start:
                spans.append((start, at))
            start = None
        else:
            plain.append(ch)
            at += 1
    return "".join(plain), spans


# --------------------------------------------------------------------------- the indexes

_SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"
_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(article_id UNINDEXED, title, text, tokenize='{_SQLITE_TOKENIZER}')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(article_id UNINDEXED, idx UNINDEXED, text, tokenize='{_SQLITE_TOKENIZER}')",
    # The FTS rows are copies kept by triggers, not external content: an external-content
    # table keys on rowid, which VACUUM may renumber in tables without an INTEGER PRIMARY KEY.
    "CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts (article_id, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN "
    "DELETE FROM articles_fts WHERE article_id = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS quotes_fts_insert AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts (article_id, idx, text) VALUES (new.article_id, new.idx, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS quotes_fts_delete AFTER DELETE ON quotes BEGIN "
    "DELETE FROM quotes_fts WHERE article_id = old.article_id AND idx = old.idx; END",
)
_SQLITE_BACKFILL = (
    "INSERT INTO articles_fts (article_id, title, text) SELECT id, title, text FROM articles",
    "INSERT INTO quotes_fts (article_id, idx, text) SELECT article_id, idx, text FROM quotes",
)
_PG_DDL = (
    # Title words weigh more (A) than body words (D) for ranking; GENERATED ... STORED:
    # the server computes it on every insert, whoever writes, and for the rows already there.
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    f"to_tsvector('english', left(text, {_PG_INDEXED_CHARS}))) STORED",
    "CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING gin (search)",
    f"ALTER TABLE quotes ADD COLUMN IF NOT EXISTS search tsvector GENERATED ALWAYS AS (to_tsvector('english', left(text, {_PG_INDEXED_CHARS}))) STORED",
    "CREATE INDEX IF NOT EXISTS ix_quotes_search ON quotes USING gin (search)",
)


def create_indexes(conn: Connection) -> None:
    """Migration 6: the full-text indexes of this dialect, filled with the rows stored so far."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        fresh = conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'articles_fts'").scalar() == 0
        for statement in _SQLITE_DDL:
            conn.exec_driver_sql(statement)
        if fresh:
            for statement in _SQLITE_BACKFILL:
                conn.exec_driver_sql(statement)
    elif dialect == "postgresql":
        for statement in _PG_DDL:
            conn.exec_driver_sql(statement)
    # Another dialect has no full-text index: search falls back to substring matching.


def supported(conn: Connection) -> bool:
    return conn.dialect.name in ("sqlite", "postgresql")


# --------------------------------------------------------------------------- searching

# The FTS5 tables as SQLAlchemy sees them in a join (their rowid is the FTS row's).
_articles_fts = table("articles_fts", column("rowid"), column("article_id"))
_quotes_fts = table("quotes_fts", column("rowid"), column("article_id"), column("idx"))


@dataclass(frozen=True)
class Matching:
    """How to find the rows matching a search, in one dialect. ``alone`` is the searched
    table by itself (SQLite: the FTS table, so that counting and ranking read the index
    and nothing else), ``joined`` the same joined to the rows' own tables (for filters on
    them), ``where`` the match condition, ``keys`` the columns naming a matched row
    (article id; quote article id and idx), ``newest`` the order of the newest matches
    first (SQLite: the FTS index's own order, which is the order of ingest; PostgreSQL:
    the publication date), ``score`` how well a row matches (bm25, lower is better in
    SQLite; ts_rank of the ``search`` column, higher is better, in PostgreSQL) and
    ``fts_rowid`` (SQLite) each row's FTS entry, to find it again for its snippet."""

    alone: Any
    joined: Any
    where: Any
    keys: tuple[Any, ...]
    newest: tuple[Any, ...]
    score: Any
    search_column: Any = None  # PostgreSQL: the tsvector ``score`` reads
    searched_table: str = ""  # PostgreSQL: the table whose rows match (for the planner's share)
    query: Any = None  # PostgreSQL: the tsquery
    fts_rowid: Any = None


def _text_match(table_name: str, query: Any) -> Any:
    return literal_column(f"{table_name}.search").op("@@")(query)


# bm25 weights of the FTS5 columns (article_id, title, text): a title word counts as three
# body words, as PostgreSQL's setweight 'A' ranks above 'D'.
_ARTICLE_BM25 = "bm25(0.0, 3.0, 1.0)"
_QUOTE_BM25 = "bm25(0.0, 0.0, 1.0)"

# The tables come from the caller (queries.py): the schema imports this module for its
# migration, so this module does not import the schema.


def match_articles(conn: Connection, terms: list[Term], articles: Any) -> Matching:
    if conn.dialect.name == "sqlite":
        # FTS5's rank column with its ranking function given in the query: FTS5 computes it
        # from the index as it walks the matches.
        where = text("articles_fts MATCH :fts AND articles_fts.rank MATCH :bm25").bindparams(
            bindparam("fts", fts5_query(terms)), bindparam("bm25", _ARTICLE_BM25)
        )
        return Matching(
            alone=_articles_fts,
            joined=_articles_fts.join(articles, articles.c.id == _articles_fts.c.article_id),
            where=where,
            keys=(_articles_fts.c.article_id.label("id"),),
            newest=(_articles_fts.c.rowid.desc(),),
            score=literal_column("articles_fts.rank"),
            fts_rowid=_articles_fts.c.rowid,
        )
    return Matching(
        alone=articles,
        joined=articles,
        where=_text_match("articles", tsquery(terms, "tsq")),
        keys=(articles.c.id.label("id"),),
        newest=(articles.c.date.desc(), articles.c.id),
        score=None,
        search_column=literal_column("articles.search"),
        searched_table="articles",
        query=tsquery(terms, "rtsq"),
    )


def match_quotes(conn: Connection, terms: list[Term], quotes: Any, articles: Any) -> Matching:
    joined = quotes.join(articles, articles.c.id == quotes.c.article_id)
    keys = (quotes.c.article_id.label("article_id"), quotes.c.idx.label("idx"))
    if conn.dialect.name == "sqlite":
        where = text("quotes_fts MATCH :qfts AND quotes_fts.rank MATCH :qbm25").bindparams(
            bindparam("qfts", fts5_query(terms)), bindparam("qbm25", _QUOTE_BM25)
        )
        on = and_(_quotes_fts.c.article_id == quotes.c.article_id, _quotes_fts.c.idx == quotes.c.idx)
        return Matching(
            alone=_quotes_fts,
            joined=_quotes_fts.join(quotes, on).join(articles, articles.c.id == quotes.c.article_id),
            where=where,
            keys=(_quotes_fts.c.article_id.label("article_id"), _quotes_fts.c.idx.label("idx")),
            newest=(_quotes_fts.c.rowid.desc(),),
            score=literal_column("quotes_fts.rank"),
            fts_rowid=_quotes_fts.c.rowid,
        )
    return Matching(
        alone=joined,
        joined=joined,
        where=_text_match("quotes", tsquery(terms, "qtsq")),
        keys=keys,
        newest=(articles.c.date.desc(), quotes.c.article_id, quotes.c.idx),
        score=None,
        search_column=literal_column("quotes.search"),
        searched_table="quotes",
        query=tsquery(terms, "rqtsq"),
    )


# Ranking is done on the newest RANK_WINDOW matches: a word in most of a 100k-article
# archive would otherwise rank tens of thousands of rows on every search (bm25 of 78k
# matches took 55 ms on a quiet core here, ts_rank is slower). Past the window, older
# matches follow newest first.
RANK_WINDOW = 200


# PostgreSQL counts the matches up to this many, then says "at least": each counted match
# is a heap visit (and a phrase's a re-check of the tsvector): a word in most of 100k
# articles took 90 ms to count exactly on a busy core here, a phrase 185 ms to 10,000
# (SQLite counts its FTS index's entries without visiting rows: exact).
COUNT_CAP = 1_000


def count_matches(conn: Connection, matching: Matching, filters: list[Any]) -> tuple[int, bool]:
    """How many rows match (with the filters), and whether that is exact: False when
    PostgreSQL stopped counting at ``COUNT_CAP``."""
    source = matching.joined if filters else matching.alone
    where = [matching.where, *filters]
    if conn.dialect.name == "sqlite":
        return int(conn.execute(select(func.count()).select_from(source).where(*where)).scalar_one()), True
    # The GIN index finds the matches; a sequential scan (which the planner picks for a
    # common word, costing the tsvector match as cheap) reads every article's tsvector
    # from TOAST: 2.5 s instead of 15 ms at 100k articles. Only for this count.
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    try:
        capped = select(literal_column("1")).select_from(source).where(*where).limit(COUNT_CAP + 1).subquery()
        n = int(conn.execute(select(func.count()).select_from(capped)).scalar_one())
    finally:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = on")
    return min(n, COUNT_CAP), n <= COUNT_CAP


def ranked(conn: Connection, matching: Matching, filters: list[Any], limit: int, offset: int) -> list[dict[str, Any]]:
    """A page of the matches (their ``keys``, and ``fts_rowid`` in SQLite): the newest
    ``RANK_WINDOW`` best first, then the older ones newest first."""
    source = matching.joined if filters else matching.alone
    where = [matching.where, *filters]
    extra = [matching.fts_rowid.label("fts_rowid")] if matching.fts_rowid is not None else []
    base = select(*matching.keys, *extra).select_from(source).where(*where)
    rows: list[Any] = []
    in_window = max(0, min(limit, RANK_WINDOW - offset))
    if conn.dialect.name == "sqlite":
        # The window's oldest entry, then bm25 inside FTS5 over the entries from it on.
        cut = conn.execute(
            select(matching.fts_rowid).select_from(source).where(*where).order_by(*matching.newest).limit(1).offset(RANK_WINDOW - 1)
        ).scalar()
        if cut is None:  # fewer matches than the window: all of them ranked
            return _mapped(conn, base.order_by(matching.score, matching.fts_rowid).limit(limit).offset(offset))
        if in_window:
            rows += _mapped(conn, base.where(matching.fts_rowid >= cut).order_by(matching.score, matching.fts_rowid).limit(in_window).offset(offset))
        if in_window < limit:
            older = base.where(matching.fts_rowid < cut).order_by(*matching.newest)
            rows += _mapped(conn, older.limit(limit - in_window).offset(max(0, offset - RANK_WINDOW)))
        return rows
    if in_window:
        window = base.add_columns(matching.search_column.label("search")).order_by(*matching.newest).limit(RANK_WINDOW).subquery()
        score = func.ts_rank(window.c.search, matching.query)
        keys = [window.c[k.name] for k in matching.keys]
        query = select(*keys).order_by(score.desc(), *keys).limit(in_window).offset(offset)
        if _share_of_rows(conn, base, matching.searched_table) < _COMMON:
            # Found by the GIN index, then sorted by date. Left to itself the planner walks
            # the date index and tests each article's tsvector (read from TOAST, ~40 us a
            # row here): fine for a word in most articles, 300 ms for one in 7% of them.
            conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            try:
                rows += _mapped(conn, query)
            finally:
                conn.exec_driver_sql("SET LOCAL enable_indexscan = on")
                conn.exec_driver_sql("SET LOCAL enable_seqscan = on")
        else:
            rows += _mapped(conn, query)
    if in_window < limit:
        rows += _mapped(conn, base.order_by(*matching.newest).limit(limit - in_window).offset(max(offset, RANK_WINDOW)))
    return rows


# Above this share of the rows matching, the newest matches are found faster by walking the
# date index and testing each row (a few hundred rows) than through the GIN index (every
# match a heap visit, ~1 us each): the crossing, with the costs measured here, is ~25%.
_COMMON = 0.25


def _share_of_rows(conn: Connection, query: Any, table_name: str) -> float:
    """The planner's estimate of the share of the searched table's rows the query returns
    (PostgreSQL's statistics of the tsvector column's lexemes; planning only, ~1 ms)."""
    sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))  # the words are letters and digits (parse)
    plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + sql).scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    estimated = plan[0]["Plan"]["Plan Rows"]
    rows = conn.execute(text("SELECT reltuples FROM pg_class WHERE oid = CAST(:table AS regclass)"), {"table": table_name}).scalar_one() or 0
    return estimated / rows if rows > 0 else 1.0


def _mapped(conn: Connection, query: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(query).mappings()]


def _marked_by_key(conn: Connection, statement: str, params: dict[str, Any], keys: list[Any]) -> dict[Any, str]:
    params = {**params, **{f"k{i}": k for i, k in enumerate(keys)}}
    sql = statement.format(keys=", ".join(f":k{i}" for i in range(len(keys))))
    return {key: snippet for key, snippet in conn.execute(text(sql), params)}


def article_snippets(conn: Connection, terms: list[Term], rows: list[dict[str, Any]]) -> dict[str, tuple[str, list[tuple[int, int]]]]:
    """Keyword-in-context snippets of these articles' text (rows with ``id``, and
    ``fts_rowid`` in SQLite): id -> (snippet, match spans into it)."""
    if not rows:
        return {}
    if conn.dialect.name == "sqlite":
        by_rowid = _marked_by_key(
            conn,
            f"SELECT rowid, snippet(articles_fts, 2, '{_OPEN}', '{_CLOSE}', '…', {_SNIPPET_WORDS}) FROM articles_fts "
            "WHERE articles_fts MATCH :fts AND rowid IN ({keys})",
            {"fts": fts5_query(terms)},
            [r["fts_rowid"] for r in rows],
        )
        return {r["id"]: marked(by_rowid.get(r["fts_rowid"])) for r in rows}
    texts = dict(
        conn.execute(
            text(f"SELECT id, left(text, :indexed) FROM articles WHERE id IN ({', '.join(f':k{i}' for i in range(len(rows)))})"),
            {"indexed": _PG_INDEXED_CHARS, **{f"k{i}": r["id"] for i, r in enumerate(rows)}},
        ).all()
    )
    spans = _pg_word_matches(conn, terms, texts)
    return {r["id"]: _window(texts.get(r["id"], ""), spans.get(r["id"], [])) for r in rows}


def _lexemes(conn: Connection, words: list[str]) -> dict[str, Optional[str]]:
    """Each word's lexeme in PostgreSQL's English configuration (None for a stop word)."""
    if not words:
        return {}
    found: dict[str, Optional[str]] = {}
    for word, vector in conn.execute(text("SELECT w, to_tsvector('english', w)::text FROM unnest(CAST(:words AS text[])) AS w"), {"words": words}):
        # A word of letters and digits gives one lexeme at most, printed as 'lexeme':1.
        found[word] = vector.split("'")[1] if vector else None
    return found


def _pg_word_matches(conn: Connection, terms: list[Term], texts: dict[str, str]) -> dict[str, list[tuple[int, int]]]:
    """The words of each text that the search matched, as PostgreSQL's own stemming reads
    them: ts_headline would be simpler but drops whatever looks like an HTML tag, and a
    snippet must show the text as stored."""
    wanted = sorted({w for t in terms for w in t.words})
    lexeme = _lexemes(conn, wanted)
    exact = {lexeme[w] for t in terms if not t.prefix for w in t.words if lexeme.get(w)}
    # A prefix matches lexemes that start with the prefix's own lexeme, as to_tsquery('x:*') does.
    prefixes = [lexeme.get(w) or w for t in terms if t.prefix for w in t.words]
    # Only words that begin as a wanted lexeme does can stem to it (English stemming cuts a
    # word's ending and may change its last letter, "happy" -> "happi"): the texts are
    # searched for those words alone, and only they are looked up.
    heads = sorted({lx[: max(3, len(lx) - 1)] for lx in (*exact, *prefixes)}, key=len, reverse=True)
    if not heads:
        return {key: [] for key in texts}
    candidate = re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, heads)) + r")[^\W_]*", re.IGNORECASE)
    words_of = {key: [(m.start(), m.end(), m.group().lower()) for m in candidate.finditer(value)] for key, value in texts.items()}
    distinct = sorted({w for spans in words_of.values() for _, _, w in spans} - set(lexeme))
    lexeme.update(_lexemes(conn, distinct))
    matched: dict[str, list[tuple[int, int]]] = {}
    for key, spans in words_of.items():
        matched[key] = [
            (start, end) for start, end, w in spans
            if (lx := lexeme.get(w)) is not None and (lx in exact or any(lx.startswith(p) for p in prefixes))
        ]
    return matched


_WINDOW_BEFORE, _WINDOW_AFTER = 60, 140


def _window(body: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The text around the first match (whole words, "…" where cut) and the matches in it."""
    if not spans:
        return body[:200], []
    start = max(0, spans[0][0] - _WINDOW_BEFORE)
    end = min(len(body), spans[0][1] + _WINDOW_AFTER)
    while start > 0 and not body[start - 1].isspace():
        start -= 1
    while end < len(body) and not body[end].isspace():
        end += 1
    head = "…" if start > 0 else ""
    tail = "…" if end < len(body) else ""
    shift = len(head) - start
    inside = [(a + shift, b + shift) for a, b in spans if a >= start and b <= end]
    return head + body[start:end] + tail, inside


def quote_highlights(conn: Connection, terms: list[Term], rows: list[dict[str, Any]]) -> list[list[tuple[int, int]]]:
    """Where the terms match in each of these quotes (rows with ``article_id``, ``idx``, ``text``,
    and ``fts_rowid`` in SQLite): spans into the quote's text, one list per row."""
    if not rows:
        return []
    if conn.dialect.name == "sqlite":
        by_rowid = _marked_by_key(
            conn,
            f"SELECT rowid, highlight(quotes_fts, 2, '{_OPEN}', '{_CLOSE}') FROM quotes_fts WHERE quotes_fts MATCH :qfts AND rowid IN ({{keys}})",
            {"qfts": fts5_query(terms)},
            [r["fts_rowid"] for r in rows],
        )
        found = [by_rowid.get(r["fts_rowid"]) for r in rows]
        # Spans count in the text as stored; the markers were the only characters removed.
        return [marked(m)[1] if m is not None else [] for m in found]
    spans = _pg_word_matches(conn, terms, {i: r["text"] or "" for i, r in enumerate(rows)})
    return [spans[i] for i in range(len(rows))]
