"""Full-text search over article and quote text (SQLite FTS5, PostgreSQL tsvector + GIN):
kept in step at ingest, stemmed, phrases and prefixes, keyword-in-context snippets whose
match spans point at the matched words, user text never read as query syntax, filters by
outlet and date; the CLI and the web UI on top."""

from __future__ import annotations

import json
import warnings

import pytest
from sqlalchemy import text

from conftest import is_sqlite
from newsledger.document import Article, Document, Quote
from newsledger.store import Store
from newsledger.store import queries as Q


def _doc(body: str, title: str, date: str, source: str, quotes: list[str] = ()) -> Document:
    document = Document(article=Article(text=body, title=title, date=date, source=source))
    for q in quotes:
        start = body.index(q)
        document.quotes.append(Quote(text=q, start=start, end=start + len(q), kind="direct"))
    return document


DOCS = [
    _doc('The minister said "sanctions against Moscow are working" on Monday. Farmers protested in Brussels.',
         "Sanctions debate", "2022-03-01", "Example Wire", ["sanctions against Moscow are working"]),
    _doc('Farmers blocked roads near Brussels. "We are protesting for our livelihoods," a farmer said. <script>alert(1)</script>',
         "Farm protests grow", "2023-01-15", "Daily Example", ["We are protesting for our livelihoods,"]),
    _doc("Officials in Lima counted the votes overnight. The count was slow but orderly, observers said.",
         "Lima counts", "2024-06-02", "Example Wire"),
]


@pytest.fixture
def store(db_url):
    with Store(db_url) as s:
        for d in DOCS:
            assert s.save(d)
        yield s


def _titles(result) -> list[str]:
    return [i["title"] for i in result["items"]]


def test_words_are_stemmed_and_all_required(store) -> None:
    assert _titles(Q.list_articles(store.engine, q="PROTEST")) == ["Farm protests grow", "Sanctions debate"]
    assert _titles(Q.list_articles(store.engine, q="protesting farmers brussels")) == ["Farm protests grow", "Sanctions debate"]
    assert _titles(Q.list_articles(store.engine, q="farmers lima")) == []
    assert Q.list_articles(store.engine, q="protest")["total"] == 2


def test_phrases_prefixes_and_titles(store) -> None:
    assert _titles(Q.list_articles(store.engine, q='"against Moscow"')) == ["Sanctions debate"]
    assert _titles(Q.list_articles(store.engine, q='"Moscow sanctions"')) == []
    assert _titles(Q.list_articles(store.engine, q="observ*")) == ["Lima counts"]
    assert _titles(Q.list_articles(store.engine, q="debate")) == ["Sanctions debate"]  # a title word


def test_snippet_spans_point_at_the_matched_words(store) -> None:
    result = Q.list_articles(store.engine, q="protest farmers")
    assert result["items"]
    for item in result["items"]:
        words = [item["snippet"][a:b].lower() for a, b in item["matches"]]
        assert words and all(w.startswith(("protest", "farmer")) for w in words), words
        assert "\ue000" not in item["snippet"] and "\ue001" not in item["snippet"]
    farm = next(i for i in result["items"] if i["title"] == "Farm protests grow")
    assert "<script>alert(1)</script>" in farm["snippet"]  # the text as stored; escaping is the page's


def test_user_text_is_never_query_syntax(store) -> None:
    for hostile in ("%", "M_rkel", '"', "NEAR(a b)", "title:Lima", "a OR b", "*", "'; DROP TABLE articles; --", "-lima", "lima)"):
        result = Q.list_articles(store.engine, q=hostile)  # no syntax error, whatever it holds
        assert result["total"] >= 0
    assert Q.list_articles(store.engine, q="%")["total"] == 0
    # Operators are plain words: "lima OR farmers" needs all three words (no article has "or" and both).
    assert Q.list_articles(store.engine, q="lima OR farmers")["total"] == 0
    assert _titles(Q.list_articles(store.engine, q="title:Lima")) == []  # the words "title" and "lima", no column filter
    assert store.count() == 3


def test_outlet_and_date_filters(store) -> None:
    assert _titles(Q.list_articles(store.engine, source="example wire")) == ["Lima counts", "Sanctions debate"]
    assert _titles(Q.list_articles(store.engine, since="2023", until="2023-12")) == ["Farm protests grow"]
    assert _titles(Q.list_articles(store.engine, q="farmers", source="Daily")) == ["Farm protests grow"]
    assert _titles(Q.list_articles(store.engine, q="farmers", until="2022-12-31")) == ["Sanctions debate"]
    with pytest.raises(Q.QueryError, match="since"):
        Q.list_articles(store.engine, since="2024-02-30")
    with pytest.raises(Q.QueryError, match="after until"):
        Q.list_articles(store.engine, since="2024", until="2023")


def test_quote_search_with_highlights(store) -> None:
    result = Q.list_quotes(store.engine, search_text="protest")
    assert result["total"] == 1
    item = result["items"][0]
    assert [item["text"][a:b] for a, b in item["matches"]] == ["protesting"]
    assert Q.list_quotes(store.engine, search_text="brussels")["total"] == 0  # in the article, not in a quote
    assert Q.list_quotes(store.engine, search_text="moscow sanctions")["items"][0]["title"] == "Sanctions debate"


def test_the_index_follows_every_insert_and_a_late_migration(db_url) -> None:
    with Store(db_url) as s:
        s.save(DOCS[0])
        assert Q.list_articles(s.engine, q="moscow")["total"] == 1
        s.save(DOCS[0])  # already there: no second index entry
        assert Q.list_articles(s.engine, q="moscow")["total"] == 1
        if is_sqlite(db_url):
            with s.engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM articles_fts")).scalar_one() == 1
                assert conn.execute(text("SELECT count(*) FROM quotes_fts")).scalar_one() == 1


def test_a_database_made_before_search_is_indexed_when_it_upgrades(tmp_path) -> None:
    from newsledger.store.migrations import MIGRATIONS, migrate

    db = tmp_path / "old.db"
    with Store(db) as s:
        s.save(DOCS[2])
        with s.engine.begin() as conn:  # back to version 5, as an older newsledger left it
            for name in ("articles_fts", "quotes_fts"):
                conn.execute(text(f"DROP TABLE {name}"))
            for trigger in ("articles_fts_insert", "articles_fts_delete", "quotes_fts_insert", "quotes_fts_delete"):
                conn.execute(text(f"DROP TRIGGER {trigger}"))
            from newsledger.store.summaries import SUMMARY_TABLES

            for table in SUMMARY_TABLES:  # migration 7 comes after: undone too
                conn.execute(text(f"DROP TABLE {table.name}"))
            conn.execute(text("DELETE FROM schema_version WHERE version >= 6"))
    assert [m.version for m in MIGRATIONS][5] == 6
    with Store(db) as s:
        assert s.version >= 6
        assert _titles(Q.list_articles(s.engine, q="orderly")) == ["Lima counts"]


def test_cli_query_articles_and_quotes_search(store) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    runner = CliRunner()
    found = runner.invoke(app, ["query", "articles", "--db", store.url if not is_sqlite(store.url) else store.url[len("sqlite:///"):],
                                "--search", "farmers", "--outlet", "Daily", "--json"])
    assert found.exit_code == 0, found.output
    body = json.loads(found.output)
    assert [i["title"] for i in body["items"]] == ["Farm protests grow"] and body["items"][0]["matches"]
    table = runner.invoke(app, ["query", "quotes", "--db", store.url if not is_sqlite(store.url) else store.url[len("sqlite:///"):],
                                "--search", "sanctions"])
    assert table.exit_code == 0 and "Moscow" in table.output and "quotes (1 of 1)" in table.output
    bad = runner.invoke(app, ["query", "articles", "--db", store.url if not is_sqlite(store.url) else store.url[len("sqlite:///"):],
                              "--since", "March"])
    assert bad.exit_code == 2 and "since must be a date" in bad.output


def test_web_search_box_marks_matches_and_escapes_the_text(store) -> None:
    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from newsledger.web.app import create_app

    with TestClient(create_app(store.url)) as client:
        page = client.get("/", params={"q": "farmers", "source": "Daily"})
        assert page.status_code == 200
        assert "<mark>Farmers</mark>" in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and "<script>alert(1)" not in page.text
        assert "Sanctions debate" not in page.text  # another outlet
        dated = client.get("/", params={"since": "2024-01-01", "until": "2024-12-31"})
        assert "Lima counts" in dated.text and "Farm protests grow" not in dated.text
        api = client.get("/api/quotes", params={"search": "livelihood"}).json()
        assert api["total"] == 1 and api["items"][0]["matches"]
        assert client.get("/api/articles", params={"since": "soon"}).status_code == 400


def test_ranking_puts_the_best_match_first_and_pages_cover_every_match_once(db_url, monkeypatch) -> None:
    from newsledger.store import search

    bodies = [f"Report {i} on the harbour. " + ("Ferry ferry ferry strike. " if i == 5 else "A ferry ran late. ") for i in range(9)]
    with Store(db_url) as s:
        for i, body in enumerate(bodies):
            s.save(_doc(body, f"Harbour {i}", f"2020-01-{10 + i:02d}", "Port Wire"))
        first = Q.list_articles(s.engine, q="ferry")
        assert first["total"] == 9 and first["items"][0]["title"] == "Harbour 5"  # three ferries in a short text
        # A window smaller than the matches: the newest ranked, the older ones after, none twice or lost.
        monkeypatch.setattr(search, "RANK_WINDOW", 4)
        seen = []
        for offset in range(0, 9, 2):
            page = Q.list_articles(s.engine, q="ferry", page=Q.Page(2, offset))
            assert page["total"] == 9
            seen += [item["title"] for item in page["items"]]
        assert sorted(seen) == sorted(f"Harbour {i}" for i in range(9))
        newest_four = {f"Harbour {i}" for i in range(5, 9)}
        assert set(seen[:4]) == newest_four and seen[0] == "Harbour 5"
        assert seen[4:] == [f"Harbour {i}" for i in (4, 3, 2, 1, 0)]
        with_filter = Q.list_articles(s.engine, q="ferry", source="port", page=Q.Page(3, 3))
        assert [i["title"] for i in with_filter["items"]] == seen[3:6]


def test_a_count_past_the_cap_says_it_is_a_lower_bound(store, monkeypatch) -> None:
    from newsledger.store import search

    assert Q.list_articles(store.engine, q="farmers")["total_exact"] is True
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    capped = Q.list_articles(store.engine, q="farmers")
    if is_sqlite(store.url):  # FTS5 counts its index's entries: always exact
        assert (capped["total"], capped["total_exact"]) == (2, True)
    else:
        assert (capped["total"], capped["total_exact"]) == (1, False)
    assert len(capped["items"]) == 2  # the page is not cut by the count
