"""The summaries kept at ingest (per actor, per outlet, network edges, months) are the true
counts: the same as counting the fact tables, on SQLite and PostgreSQL, after chunked
saves, re-saves, and a migration that builds them for a database stored before them."""

from __future__ import annotations

import random
import warnings
from collections import Counter

import pytest
from sqlalchemy import text

from newsledger.document import Actor, Article, Claim, Document, Event, Mention, Quote
from newsledger.store import Store, document_rows
from newsledger.store import queries as Q

TYPES = ["ACCUSE", "CONSULT", "AGREE"]

ARTICLES = 90  # alpha-0 speaks three times in each of 70: 210 quotes, more than a page (200) shows
WORDS = ("grain tariff border vote budget rail port fishing vaccine treaty drought court strike bond oil wheat "
         "pension census bridge ferry loan reactor canal harvest quota asylum").split()


def _doc(i: int) -> Document:
    """Alpha{i % 9 // 7} (alpha-0 in 70 of 90) quoted three times in words of its own (so
    that no two quotes are one statement), acting on Beta; an anonymous claim."""
    rng = random.Random(i)
    said = [" ".join(rng.sample(WORDS, 6)) for _ in range(3)]
    alpha = "alpha-0" if i % 9 < 7 else "alpha-1"
    body = f"Report {i}. Minister {alpha} met envoy Beta. " + " ".join(f'"{q}," {alpha} said.' for q in said) + " Officials said talks went on."

    def at(needle: str) -> tuple[int, int]:
        start = body.index(needle)
        return start, start + len(needle)

    outlet = ("Big Wire", "Small Post", None)[i % 3]
    doc = Document(article=Article(text=body, title=f"Talks {i}", date=f"2019-{1 + i % 12:02d}-10", source=outlet))
    a, b = at(f"Minister {alpha}"), at("envoy Beta")
    doc.actors = [
        Actor(id=alpha, name=alpha.title(), type="person", mentions=[Mention(a[0], a[1], alpha, alpha)]),
        Actor(id="beta", name="Beta", type="person", mentions=[Mention(b[0], b[1], "Beta", "beta")]),
    ]
    doc.quotes = [Quote(text=q, start=at(q)[0], end=at(q)[1], kind="direct", speaker=alpha, speaker_name=alpha.title()) for q in said]
    met = at("met")
    doc.events = [
        Event(type=TYPES[i % 3], start=met[0], end=met[1], source=alpha, source_name=alpha.title(), target="beta",
              target_name="Beta", date=f"2019-{1 + i % 12:02d}-09" if i % 7 else None, text="met")
    ]
    c = at("talks went on")
    doc.claims = [Claim(text="talks went on", start=c[0], end=c[1], source_type="anonymous", source_text="Officials")]
    doc.sourcing = {"named": 3, "anonymous": 1, "collective": 0, "unattributed": 0, "hedged": 0, "anonymous_sources": ["Officials"]}
    return doc


def _corpus() -> list:
    return [_doc(i) for i in range(ARTICLES)]


@pytest.fixture
def store(db_url):
    docs = _corpus()
    with Store(db_url) as s:
        for start in range(0, len(docs), 25):  # chunks, as the pooled ingest writes them
            s.save_rows([document_rows(d) for d in docs[start : start + 25]])
        assert s.save_rows([document_rows(d) for d in docs[:10]]) == [False] * 10  # already there: not counted again
        yield s


def true_actor_counts(conn) -> dict[str, dict[str, int]]:
    """Counted from the fact tables, as the listings did before summaries."""
    counts: dict[str, Counter] = {}
    for field, sql in (
        ("articles", "SELECT actor_id, count(DISTINCT article_id) FROM actors GROUP BY actor_id"),
        ("mentions", "SELECT actor_id, count(*) FROM mentions GROUP BY actor_id"),
        ("quotes", "SELECT speaker_id, count(*) FROM quotes WHERE speaker_id IS NOT NULL GROUP BY speaker_id"),
        ("events_as_source", "SELECT source_id, count(*) FROM events WHERE source_id IS NOT NULL GROUP BY source_id"),
        ("events_as_target", "SELECT target_id, count(*) FROM events WHERE target_id IS NOT NULL GROUP BY target_id"),
    ):
        for key, n in conn.execute(text(sql)):
            counts.setdefault(key, Counter())[field] = n
    fields = ("articles", "mentions", "quotes", "events_as_source", "events_as_target")
    return {k: {f: c[f] for f in fields} for k, c in counts.items() if c["articles"]}


def listed_actor_counts(engine) -> dict[str, dict[str, int]]:
    listed, offset = {}, 0
    while True:
        page = Q.list_actors(engine, page=Q.Page(Q.MAX_LIMIT, offset))
        for a in page["items"]:
            listed[a["key"]] = {f: a[f] for f in ("articles", "mentions", "quotes", "events_as_source", "events_as_target")}
        offset += Q.MAX_LIMIT
        if offset >= page["total"]:
            return listed


def test_actor_listing_is_the_true_counts(store) -> None:
    with store.engine.connect() as conn:
        truth = true_actor_counts(conn)
    assert listed_actor_counts(store.engine) == truth
    assert Q.list_actors(store.engine)["total"] == len(truth)
    assert truth["alpha-0"]["quotes"] == 210
    alpha = Q.resolve_actor(store.engine, "Alpha-0")
    assert {f: alpha[f] for f in truth["alpha-0"]} == truth["alpha-0"]
    assert Q.resolve_actor(store.engine, "alph")["key"] == "alpha-0"  # the one in most articles
    assert Q.resolve_actor(store.engine, "nobody at all") is None


def test_actor_page_gives_the_true_number_of_quotes(store) -> None:
    detail = Q.actor_detail(store.engine, "alpha-0", page=Q.Page(Q.MAX_LIMIT, 0))
    assert len(detail["quotes"]) == 200 and detail["quotes_total"] == 210
    assert detail["events_total"] == 70 and detail["acts_on"] == [{"key": "beta", "name": "Beta", "events": 70}]
    pytest.importorskip("fastapi")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from newsledger.web.app import create_app

    with TestClient(create_app(store.url)) as client:
        page = client.get("/actors/alpha-0")
        assert page.status_code == 200 and "210 quotes" in page.text and "70 events" in page.text
        assert "newest 50 of 210" in page.text and page.text.count("<blockquote>") == 50


def test_network_and_timeline_from_summaries_equal_counting_the_events(store) -> None:
    with store.engine.connect() as conn:
        edges = {
            (src, tgt, kind): n
            for src, tgt, kind, n in conn.execute(
                text("SELECT source_id, target_id, type, count(*) FROM events WHERE source_id <> target_id GROUP BY source_id, target_id, type")
            )
        }
    assert {(e["source"], e["target"], e["type"]): e["n"] for e in Q.network(store.engine)["edges"]} == edges
    consult = Q.network(store.engine, type="consult")["edges"]
    assert consult and {(e["source"], e["target"], e["type"]): e["n"] for e in consult} == {k: n for k, n in edges.items() if k[2] == "CONSULT"}
    # A date bound as a full day makes the query count the events; month-wide or none reads the summaries.
    assert Q.network(store.engine, since="2019-01") == Q.network(store.engine, since="2019-01-01")
    assert Q.timeline(store.engine) == Q.timeline(store.engine, since="1000-01-01")
    assert Q.timeline(store.engine, type="AGREE", since="2019-03", until="2019-05") == Q.timeline(
        store.engine, type="AGREE", since="2019-03-01", until="2019-05-31"
    )
    assert Q.actor_timeline(store.engine, "alpha-1") == Q.timeline(store.engine, actor="alpha-1")
    with store.engine.connect() as conn:
        dated = conn.execute(text("SELECT count(*) FROM events WHERE date IS NOT NULL")).scalar_one()
        kinds = sorted(conn.execute(text("SELECT DISTINCT type FROM events")).scalars())
    assert sum(m["total"] for m in Q.timeline(store.engine)["months"]) == dated
    assert Q.event_types(store.engine) == kinds
    with pytest.raises(Q.QueryError):
        Q.timeline(store.engine, since="2019-13")


def test_sourcing_and_corpus_counts_are_the_true_counts(store) -> None:
    with store.engine.connect() as conn:
        truth = {
            outlet: (n, named, anonymous)
            for outlet, n, named, anonymous in conn.execute(
                text(
                    "SELECT coalesce(a.source, '(unknown)'), count(*), sum(s.named), sum(s.anonymous) "
                    "FROM articles a JOIN sourcing s ON s.article_id = a.id GROUP BY coalesce(a.source, '(unknown)')"
                )
            )
        }
        counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in ("articles", "quotes", "events")}
    profiles = Q.sourcing_profiles(store.engine)["items"]
    assert {p["outlet"]: (p["articles"], p["named"], p["anonymous"]) for p in profiles} == truth
    assert all(p["top_anonymous_sources"] == [{"text": "Officials", "n": p["articles"]}] for p in profiles)
    assert Q.stats(store.engine) == {**counts, "actors": 3}


def test_a_database_stored_before_summaries_gets_them_on_upgrade(tmp_path) -> None:
    db = tmp_path / "old.db"
    docs = _corpus()[:40]
    with Store(db) as s:
        s.save_rows([document_rows(d) for d in docs])
        before = listed_actor_counts(s.engine), Q.sourcing_profiles(s.engine), Q.network(s.engine), Q.timeline(s.engine)
        from newsledger.store.summaries import SUMMARY_TABLES

        with s.engine.begin() as conn:  # as an older newsledger left it: no summaries, version 6
            for table in SUMMARY_TABLES:
                conn.execute(text(f"DROP TABLE {table.name}"))
            conn.execute(text("DELETE FROM schema_version WHERE version >= 7"))
    with Store(db) as s:
        assert (listed_actor_counts(s.engine), Q.sourcing_profiles(s.engine), Q.network(s.engine), Q.timeline(s.engine)) == before


def _summary_contents(engine) -> dict[str, list[tuple]]:
    from newsledger.store.summaries import SUMMARY_TABLES

    with engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(t.select())) for t in SUMMARY_TABLES}


def test_rebuilding_in_the_database_gives_the_summaries_ingest_kept(store) -> None:
    kept = _summary_contents(store.engine)
    assert len(kept["actor_fact_dates"]) == 90 * 2 + 210 + 60 + 70 * 2 + 20 * 2  # articles, quotes, events per side
    store.rebuild_summaries()  # counted by INSERT ... SELECT, not by Counts
    assert _summary_contents(store.engine) == kept


def test_actor_page_lists_are_newest_first_and_complete_across_pages(store) -> None:
    first = Q.actor_detail(store.engine, "alpha-0", page=Q.Page(150, 0))
    second = Q.actor_detail(store.engine, "alpha-0", page=Q.Page(150, 150))
    listed = first["quotes"] + second["quotes"]
    with store.engine.connect() as conn:
        truth = conn.execute(
            text("SELECT q.article_id, q.idx FROM quotes q JOIN articles a ON a.id = q.article_id "
                 "WHERE q.speaker_id = 'alpha-0' ORDER BY a.date DESC, q.article_id, q.idx")
        ).all()
    assert [(q["article_id"], q["idx"]) for q in listed] == [tuple(t) for t in truth]
    assert len(listed) == first["quotes_total"] == 210
    assert [e["date"] or "" for e in first["events"]] == sorted((e["date"] or "" for e in first["events"]), reverse=True)
    assert len(first["events"]) == first["events_total"] == 70
    assert len(first["in_articles"]) == 70


def test_event_list_totals_from_the_summary_are_the_counts(store) -> None:
    checks = [
        ({}, "SELECT count(*) FROM events"),
        ({"type": "consult"}, "SELECT count(*) FROM events WHERE type = 'CONSULT'"),
        ({"since": "2019-03", "until": "2019-05"}, "SELECT count(*) FROM events WHERE date >= '2019-03' AND substr(date, 1, 7) <= '2019-05'"),
        ({"type": "AGREE", "until": "2019"}, "SELECT count(*) FROM events WHERE type = 'AGREE' AND substr(date, 1, 4) <= '2019'"),
        ({"since": "2019-03-10"}, "SELECT count(*) FROM events WHERE date >= '2019-03-10'"),  # a day: counted in events
        ({"actor": "beta"}, "SELECT count(*) FROM events WHERE target_id = 'beta'"),
    ]
    with store.engine.connect() as conn:
        for filters, sql in checks:
            truth = conn.execute(text(sql)).scalar_one()
            assert truth > 0 and Q.list_events(store.engine, **filters)["total"] == truth, filters


def test_a_version_7_database_gets_actor_fact_dates_and_event_counts_on_upgrade(tmp_path) -> None:
    db = tmp_path / "v7.db"
    with Store(db) as s:
        s.save_rows([document_rows(d) for d in _corpus()[:30]])
        before = _summary_contents(s.engine), Q.actor_detail(s.engine, "alpha-0", page=Q.Page(50, 0))
        with s.engine.begin() as conn:  # as version 7 left it
            conn.execute(text("DROP TABLE actor_fact_dates"))
            conn.execute(text("DROP INDEX ix_actor_summary_articles"))
            conn.execute(text("ALTER TABLE actor_summary DROP COLUMN events"))
            conn.execute(text("DELETE FROM schema_version WHERE version >= 8"))
    with Store(db) as s:
        assert s.version >= 8
        assert (_summary_contents(s.engine), Q.actor_detail(s.engine, "alpha-0", page=Q.Page(50, 0))) == before
