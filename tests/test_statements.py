"""Statements across outlets (issue 14): linking at save time, in the article's transaction.

Documents are built by hand (no model): each test says which quotes, by which speakers,
reach the store, and what must become one statement.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

from newsledger.document import Actor, Article, Claim, Document, Quote
from newsledger.statements import Said, compare, word_diff, words
from newsledger.store import Store
from newsledger.store.statement_queries import article_statements, list_statements, statement_detail
from newsledger.store.statements import statement_bands, statement_occurrences, statements

SPEAKERS = {
    "stone": ("roger-stone", "Roger Stone", True, None),
    "stone-short": ("stone", "Stone", True, None),
    "sanders": ("sarah-huckabee-sanders", "Sarah Huckabee Sanders", True, None),
    "trump": ("donald-trump", "Donald Trump", True, None),
    "pence": ("mike-pence", "Mike Pence", True, None),
    "official": ("senior-official", "a senior official", False, "white-house"),
    "aide": ("aide", "an aide", False, "white-house"),
    "white-house": ("white-house", "White House", True, None),
    "gidley": ("hogan-gidley", "Hogan Gidley", True, "white-house"),
}


def document(text: str, quoted: list[tuple[str, str, str]], source: str, date: str = "2019-01-25", via: dict | None = None) -> Document:
    """An article whose text holds each (speaker, kind, words) once, quoted by that speaker."""
    doc = Document(Article(text=text, source=source, date=date, url=f"https://{source.lower().replace(' ', '')}.example/a"))
    actors: dict[str, Actor] = {}
    for speaker, kind, said in quoted:
        start = text.index(said)
        key, name, named, affiliation = SPEAKERS[speaker]
        if key not in actors:
            actors[key] = Actor(id=key, name=name, type="person", named=named, affiliation=affiliation)
        doc.quotes.append(Quote(text=said, start=start, end=start + len(said), kind=kind, speaker=key, speaker_name=name))
        doc.claims.append(
            Claim(text=said, start=start, end=start + len(said), source_type="named" if named else "anonymous", source=key,
                  via=(via or {}).get(said))
        )
    doc.actors = list(actors.values())
    return doc


def article(quoted: list[tuple[str, str, str]], source: str, date: str = "2019-01-25", via: dict | None = None) -> Document:
    text = f"{source} reports. " + " ".join(f"{speaker} said: “{said}”" for speaker, _kind, said in quoted) + " End."
    return document(text, quoted, source, date, via)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "s.db") as opened:
        yield opened


def statement_of(store: Store, doc: Document, idx: int) -> str:
    with store.engine.connect() as conn:
        return conn.execute(
            select(statement_occurrences.c.statement_id).where(
                statement_occurrences.c.article_id == doc.id, statement_occurrences.c.quote_idx == idx
            )
        ).scalar_one()


def linked(store: Store, a: Document, b: Document, ia: int = 0, ib: int = 0) -> bool:
    return statement_of(store, a, ia) == statement_of(store, b, ib)


STONE = "I will not testify against the president because I would have to bear false witness against him"


def test_same_words_link_and_are_not_flagged(store):
    a, b = article([("stone", "direct", STONE)], "Outlet A"), article([("stone", "direct", STONE)], "Outlet B", "2019-01-26")
    store.save(a), store.save(b)
    assert linked(store, a, b)
    item = statement_detail(store.engine, statement_of(store, a, 0))
    assert item["n_articles"] == 2 and item["flags"] == []
    assert item["first_date"] == "2019-01-25" and item["first_source"] == "Outlet A"
    assert [o["source"] for o in item["occurrences"]] == ["Outlet A", "Outlet B"]


def test_trimmed_quote_links_with_wording_flag_and_trimmed_diff(store):
    a = article([("stone", "direct", STONE)], "Outlet A")
    b = article([("stone", "direct", "I will not testify against the president because I would have to bear false witness")], "Outlet B")
    store.save(a), store.save(b)
    assert linked(store, a, b)
    item = statement_detail(store.engine, statement_of(store, a, 0))
    assert item["flags"] == ["wording"]
    assert {o["source"]: o["wording"]["label"] for o in item["occurrences"]} == {"Outlet A": "same", "Outlet B": "trimmed"}


def test_one_word_altered_links_with_the_change_in_the_diff(store):
    a = article([("stone", "direct", STONE)], "Outlet A")
    b = article([("stone", "direct", STONE.replace("bear false witness", "give false witness"))], "Outlet B")
    store.save(a), store.save(b)
    assert linked(store, a, b)
    diff = next(o["wording"] for o in statement_detail(store.engine, statement_of(store, a, 0))["occurrences"] if o["source"] == "Outlet B")
    assert diff["label"] == "altered" and diff["changed"] == [["bear", "give"]]


def test_partial_inside_direct_links_as_partial(store):
    a = article([("stone", "direct", STONE)], "Outlet A")
    b_text = "Stone said he would not “bear false witness against him” in court."
    b = document(b_text, [("stone-short", "mixed", "he would not “bear false witness against him” in court")], "Outlet B")
    store.save(a), store.save(b)
    assert linked(store, a, b)
    with store.engine.connect() as conn:
        kind = conn.execute(select(statement_occurrences.c.link_kind).where(statement_occurrences.c.article_id == b.id)).scalar_one()
    assert kind == "partial"


def test_paraphrase_links_to_the_direct_quote(store):
    a = article([("stone", "direct", STONE)], "Outlet A")
    b_text = "Roger Stone said he will not testify against the president."
    b = document(b_text, [("stone", "indirect", "he will not testify against the president")], "Outlet B")
    store.save(a), store.save(b)
    assert linked(store, a, b)


def test_same_speaker_different_statement_does_not_link(store):
    a = article([("stone", "direct", STONE)], "Outlet A")
    b = article([("stone", "direct", "I will plead not guilty and I fully expect to be vindicated in court")], "Outlet B")
    c_text = "Stone said he would fight the charges against him in court."
    c = document(c_text, [("stone", "indirect", "he would fight the charges against him in court")], "Outlet C")
    for doc in (a, b, c):
        store.save(doc)
    assert not linked(store, a, b) and not linked(store, a, c)


def test_different_speakers_same_words_do_not_link(store):
    slogan = "There was no collusion and this is a total witch hunt against the president"
    a, b = article([("trump", "direct", slogan)], "Outlet A"), article([("pence", "direct", slogan)], "Outlet B")
    store.save(a), store.save(b)
    assert not linked(store, a, b)


def test_anonymous_and_named_for_one_body_link_with_attribution_flag(store):
    said = "The president has done nothing wrong and the charges have nothing to do with him"
    a = article([("white-house", "direct", said)], "Outlet A")
    b = article([("official", "direct", said)], "Outlet B")
    c = article([("pence", "direct", said)], "Outlet C")  # another named speaker: not the body's
    for doc in (a, b, c):
        store.save(doc)
    assert linked(store, a, b) and not linked(store, a, c)
    assert statement_detail(store.engine, statement_of(store, a, 0))["flags"] == ["attribution"]


def test_unnamed_speakers_link_only_with_the_same_description_or_body(store):
    said = "We expect the talks to resume next week in Geneva with both delegations present"
    a = article([("official", "direct", said)], "Outlet A")
    b = article([("aide", "direct", said)], "Outlet B")  # same body (white-house)
    store.save(a), store.save(b)
    assert linked(store, a, b)
    assert compare(Said(said, "direct", "aide", named=False, affiliation="kremlin"), Said(said, "direct", "senior-official", named=False, affiliation="white-house")) is None


def test_a_platform_taken_for_the_speaker_is_no_other_attribution(store):
    """One outlet's quote stage took "Twitter" for the tweet's speaker: the statement is
    still Trump's, and no outlet attributes it to another speaker."""
    SPEAKERS["twitter"] = ("twitter", "Twitter", True, None)
    try:
        tweet = "If the committee does indeed exist, the agency must turn its records over to Congress at once"
        a, b = article([("trump", "direct", tweet)], "Outlet A"), article([("twitter", "direct", tweet)], "Outlet B")
        c = article([("pence", "direct", tweet)], "Outlet C", date="2019-01-26")
        store.save(a), store.save(b)
        item = statement_detail(store.engine, statement_of(store, a, 0))
        assert linked(store, a, b) and item["speaker"] == "donald-trump" and item["flags"] == []
        store.save(c)  # another named speaker's words are another statement
        assert not linked(store, a, c)
    finally:
        del SPEAKERS["twitter"]


def test_relayed_quote_is_flagged(store):
    a = article([("stone", "direct", STONE)], "Outlet A")
    b = article([("stone", "direct", STONE)], "Outlet B", via={STONE: "CNN"})
    store.save(a), store.save(b)
    item = statement_detail(store.engine, statement_of(store, a, 0))
    via = {o["source"]: o["attribution"]["via"] for o in item["occurrences"]}
    assert "relay" in item["flags"] and via == {"Outlet A": None, "Outlet B": "CNN"}


def test_merged_from_two_sentences(store):
    first = "The indictment today does not allege Russian collusion by Roger Stone or anyone else"
    second = "Rather the indictment focuses on alleged false statements Mr. Stone made to Congress"
    a = article([("stone", "direct", first + ". " + second)], "Outlet A")
    b = article([("stone", "direct", first), ("stone", "direct", second)], "Outlet B")
    store.save(a), store.save(b)
    assert linked(store, a, b, 0, 0) and linked(store, a, b, 0, 1)
    labels = {o["quote_idx"]: o["wording"]["label"] for o in statement_detail(store.engine, statement_of(store, a, 0))["occurrences"] if o["article_id"] == b.id}
    assert labels == {0: "trimmed", 1: "trimmed"}
    assert word_diff(words(first + " " + second), words(first + " " + second.split(" focuses")[0] + " made to Congress")).label == "merged"


def test_a_quote_bridging_two_stored_statements_moves_their_bands(store):
    """Two stored statements that one later quote holds whole become one; the bands of
    both move with their occurrences (found by their words' bands, not by a scan)."""
    first = "The indictment today does not allege Russian collusion by Roger Stone or anyone else"
    second = "Rather the indictment focuses on alleged false statements Mr. Stone made to Congress"
    b = article([("stone", "direct", first), ("stone", "direct", second)], "Outlet B")
    store.save(b)
    assert not linked(store, b, b, 0, 1)
    a = article([("stone", "direct", first + ". " + second)], "Outlet A")
    store.save(a)
    assert linked(store, a, b, 0, 0) and linked(store, a, b, 0, 1)
    with store.engine.connect() as conn:
        bands = conn.execute(select(statement_bands.c.article_id, statement_bands.c.quote_idx, statement_bands.c.statement_id)).all()
        ids = set(conn.execute(select(statements.c.id)).scalars())
    assert len(bands) == 3 * 20 and {sid for _a, _q, sid in bands} == {statement_of(store, a, 0)} <= ids


def test_a_quote_holding_the_words_of_a_statement_only_reported_in_other_words_joins_it(store):
    """Outlet B reports the second sentence in its own words before anyone quotes it; a
    later quote of both sentences joins B's report to the statement of the first."""
    first = "The indictment today does not allege Russian collusion by Roger Stone or anyone else"
    second = "Rather the indictment focuses on alleged false statements Mr. Stone made to Congress"
    a = article([("stone", "direct", first)], "Outlet A")
    reported = "the charges focus on false statements he made to Congress"
    b = document(f"Stone said {reported}.", [("stone", "indirect", reported)], "Outlet B")
    store.save(a), store.save(b)
    assert not linked(store, a, b)
    other = article([("stone", "direct", first + ". I will fight this in court and I expect to win")], "Outlet D")
    store.save(other)
    assert linked(store, a, other) and not linked(store, other, b)  # holds the first sentence only
    c = article([("stone", "direct", first + ". " + second)], "Outlet C")
    store.save(c)
    assert linked(store, a, c) and linked(store, b, c)


def test_an_old_statement_sharing_one_band_is_no_candidate_but_one_sharing_several_is(store):
    """One band in common is as often chance as a witness; the candidates found by a single
    band are the recent statements only, so that their number does not grow with the corpus."""
    from newsledger.statements.wording import bands
    from newsledger.store.statements import Linking, _ArticleLinking

    old = article([("stone", "direct", STONE)], "Outlet A", date="2017-01-25")
    store.save(old)
    keys = bands(words(STONE))
    stored = statement_of(store, old, 0)
    quote = Said("words of no one", "direct", date="2019-01-25")  # no speaker: found by its bands alone
    with store.engine.connect() as conn:
        def candidates(date: str, shared: list[str]) -> list[str]:
            linking = _ArticleLinking(conn, Linking(), {"id": "new", "date": date, "source": "B"}, [(quote, shared)])
            return linking._candidate_ids(quote, shared)

        assert candidates("2019-01-25", keys[:1]) == []
        assert candidates("2019-01-25", keys[:2]) == [stored]
        assert candidates("2017-01-27", keys[:1]) == [stored]
    # ... and a re-quote two years on still links: near-identical words share many bands.
    again = article([("stone", "direct", STONE + " in any way")], "Outlet B", date="2019-01-25")
    store.save(again)
    assert linked(store, old, again)


def test_every_quote_belongs_to_exactly_one_statement_and_reingest_changes_nothing(store):
    docs = [article([("stone", "direct", STONE), ("trump", "direct", "witch hunt")], f"Outlet {i}") for i in "ABC"]
    for doc in docs:
        assert store.save(doc)
    def snapshot():
        with store.engine.connect() as conn:
            return {t.name: sorted(tuple(str(v) for k, v in r.items() if k != "updated_at") for r in conn.execute(select(t)).mappings())
                    for t in (statements, statement_occurrences, statement_bands)}
    before = snapshot()
    assert len(before["statement_occurrences"]) == store.count("quotes") == 6
    assert len(before["statements"]) == 2
    assert not store.save(docs[1]) and store.save_rows([]) == []
    assert snapshot() == before


def test_article_page_counts_other_outlets(store):
    a, b = article([("stone", "direct", STONE)], "Outlet A"), article([("stone", "direct", STONE)], "Outlet B")
    store.save(a), store.save(b)
    assert article_statements(store.engine, a.id) == {0: {"statement_id": f"{a.id}:0", "other_outlets": 1}}


def test_query_filters(store):
    a, b = article([("stone", "direct", STONE)], "Outlet A", "2019-01-25"), article([("stone", "direct", STONE)], "Outlet B", "2019-01-26")
    c = article([("trump", "direct", "a total and complete witch hunt by the radical left")], "Outlet C", "2019-02-02")
    for doc in (a, b, c):
        store.save(doc)
    assert list_statements(store.engine)["total"] == 2
    assert [i["speaker_name"] for i in list_statements(store.engine, min_articles=2)["items"]] == ["Roger Stone"]
    assert list_statements(store.engine, speaker="trump")["total"] == 1
    assert list_statements(store.engine, since="2019-02")["total"] == 1
    assert list_statements(store.engine, until="2019-01")["total"] == 1
    assert list_statements(store.engine, flag="wording")["total"] == 0


def test_kill_during_linking_leaves_no_half_linked_statement(tmp_path):
    """A real kill (SIGKILL) in the middle of linking the second article: after it, the
    database holds the first article fully linked and nothing of the second."""
    db = tmp_path / "k.db"
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {os.path.dirname(__file__)!r})
        from test_statements import article, STONE
        from newsledger.store import Store
        import newsledger.store.statements as linking

        store = Store({str(db)!r})
        store.save(article([("stone", "direct", STONE)], "Outlet A"))
        real = linking._refresh
        def refresh_then_die(*args):
            real(*args)  # the statement row is updated, the transaction still open
            os.kill(os.getpid(), signal.SIGKILL)
        linking._refresh = refresh_then_die
        store.save(article([("stone", "direct", STONE), ("trump", "direct", "witch hunt")], "Outlet B"))
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == -9, run.stderr
    with Store(db) as store:
        assert store.count("articles") == 1
        with store.engine.connect() as conn:
            rows = conn.execute(select(statements.c.n_occurrences, statements.c.n_articles)).all()
            occurrences = conn.execute(select(func.count()).select_from(statement_occurrences)).scalar_one()
            band_articles = set(conn.execute(select(statement_bands.c.article_id)).scalars())
        assert rows == [(1, 1)] and occurrences == 1 and len(band_articles) == 1
        # Rerun: the second article is saved and linked whole.
        assert store.save(article([("stone", "direct", STONE), ("trump", "direct", "witch hunt")], "Outlet B"))
        assert json.loads(json.dumps(list_statements(store.engine, min_articles=2)["total"])) == 1


def test_articles_stored_before_statements_are_linked_by_the_migration(tmp_path):
    """Migration 5 runs ``link_unlinked``: articles stored without statements (a database
    made before them) get every quote linked, across articles."""
    from sqlalchemy import delete

    from newsledger.store.statements import link_unlinked

    with Store(tmp_path / "old.db") as store:
        a, b = article([("stone", "direct", STONE)], "Outlet A"), article([("stone", "direct", STONE)], "Outlet B")
        store.save(a), store.save(b)
        with store.engine.begin() as conn:  # as a version-4 database holds them: no statement rows
            for table in (statement_bands, statement_occurrences, statements):
                conn.execute(delete(table))
        with store.engine.begin() as conn:
            assert link_unlinked(conn) == 2
            assert link_unlinked(conn) == 0  # nothing left to link: running it again changes nothing
        assert linked(store, a, b)


def test_api_and_pages(tmp_path):
    from fastapi.testclient import TestClient

    from newsledger.web.app import ServeSettings, create_app

    db = tmp_path / "w.db"
    with Store(db) as store:
        a = article([("stone", "direct", STONE)], "Outlet A")
        b = article([("stone", "direct", STONE.replace("bear false witness", "give false witness"))], "Outlet B")
        store.save(a), store.save(b)
        sid = statement_of(store, a, 0)
    client = TestClient(create_app(str(db), ServeSettings()))
    listing = client.get("/api/statements", params={"min_articles": 2}).json()
    assert listing["total"] == 1 and listing["items"][0]["flags"] == ["wording"]
    assert client.get(f"/api/statements/{sid}").json()["n_articles"] == 2
    assert client.get("/api/statements/nope").status_code == 404
    assert client.get("/api/statements", params={"flag": "colour"}).status_code == 400
    page = client.get(f"/statements/{sid}").text
    assert '<mark class="diff-rep">give</mark>' in page and "Outlet B" in page
    assert "also reported by 1 outlet<" in client.get(f"/articles/{a.id}").text
    assert "Roger Stone" in client.get("/statements").text


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export(tmp_path, fmt):
    from newsledger.run.export import export

    db = tmp_path / "e.db"
    with Store(db) as store:
        store.save(article([("stone", "direct", STONE)], "Outlet A"))
        store.save(article([("stone", "direct", STONE), ("trump", "direct", "witch hunt")], "Outlet B"))
    out = tmp_path / f"statements.{fmt}"
    assert export(db, fmt, out, table="statements") == {out.name: 2 if fmt == "jsonl" else 3}
    if fmt == "jsonl":
        first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
        assert set(first) >= {"id", "speaker", "speaker_name", "first_date", "first_source", "flags", "occurrences"}
        assert set(first["occurrences"][0]) >= {"article_id", "url", "source", "date", "start", "end", "text", "kind", "attribution"}
    elif fmt == "csv":
        header = out.read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("statement_id,speaker,speaker_name,first_date")
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert sorted(set(table.column("source").to_pylist())) == ["Outlet A", "Outlet B"]


# --------------------------------------------------------------------------- a report, then the quote


GIDLEY = "As I understand it, the president’s pretty clear: Once he’s out of audit, he’ll think about doing it, but he’s not inclined to do so at this time"
UNLIKELY = "Trump was unlikely to hand over his tax returns"


def body_and_spokesman(source: str, spokesman_title: str | None = "White House spokesman") -> Document:
    """Reuters, 2019-04-23: the White House's answer summed up, then quoted from its spokesman."""
    text = f"{source}: Earlier on Tuesday, the White House said {UNLIKELY}. “{GIDLEY},” White House spokesman Hogan Gidley told Fox News in an interview."
    doc = Document(Article(text=text, source=source, date="2019-04-23", url=f"https://{source.lower()}.example/a"))
    for said, kind, key, name in ((UNLIKELY, "indirect", "white-house", "White House"), (GIDLEY, "direct", "hogan-gidley", "Hogan Gidley")):
        start = text.index(said)
        doc.quotes.append(Quote(text=said, start=start, end=start + len(said), kind=kind, speaker=key, speaker_name=name))
        doc.claims.append(Claim(text=said, start=start, end=start + len(said), source_type="named", source=key))
    doc.actors = [
        Actor(id="white-house", name="White House", type="organization"),
        Actor(id="hogan-gidley", name="Hogan Gidley", type="person", affiliation="white-house", title=spokesman_title),
    ]
    return doc


def test_a_body_s_statement_summed_up_then_quoted_from_its_spokesman_is_one_statement(store):
    politico = article([("gidley", "direct", GIDLEY)], "Politico", date="2019-04-23")  # the quote alone
    reuters, newsmax = body_and_spokesman("Reuters"), body_and_spokesman("Newsmax")
    for doc in (politico, reuters, newsmax):
        store.save(doc)
    # The report shares no word with the quote; it joins it through the quote that follows it.
    assert linked(store, reuters, reuters, 0, 1) and linked(store, reuters, politico, 0, 0) and linked(store, newsmax, politico, 0, 0)
    # Reuters names the White House and its spokesman, Newsmax too: one attribution, not two.
    assert "attribution" not in statement_detail(store.engine, statement_of(store, politico, 0))["flags"]


def test_a_member_of_a_body_quoted_after_its_report_is_another_statement(store):
    """Reuters: "Democrats say they are confident of succeeding in any legal fight." followed by
    "“Secretary Mnuchin is again choosing to violate the law ...,” Rep. Bill Pascrell said":
    a Democrat is not the party's voice; nor is a named person's paraphrase and the quote that
    follows one statement (Pompeo "was not the author" / "I come from a place ...")."""
    reuters = body_and_spokesman("Reuters", spokesman_title="Congressman")
    store.save(reuters)
    assert not linked(store, reuters, reuters, 0, 1)
    pompeo = "I come from a place where if you’re not in a position to execute the commander’s intent, you have a singular option, that is to leave"
    report = "he was not the author of the memo"
    text = f"Secretary of State Mike Pompeo said {report}. “{pompeo},” he told reporters."
    doc = document(text, [("pence", "indirect", report), ("pence", "direct", pompeo)], "Reuters", date="2018-09-06")
    store.save(doc)
    assert not linked(store, doc, doc, 0, 1)


def test_a_quote_whose_speaker_was_not_found_is_no_other_attribution(store):
    """CBN: "one statement from Mueller in particular ...: 'The Constitution requires ...'":
    no cue, so no speaker found; Reuters: "..., Mueller said". Both name Mueller."""
    said = "The Constitution requires a process other than the criminal justice system to formally accuse a sitting president of wrongdoing"
    named = article([("trump", "direct", said)], "Reuters", date="2019-05-30")
    text = f"It was one statement in particular that Democrats took as their cue: “{said}.” End."
    unattributed = Document(Article(text=text, source="CBN", date="2019-05-30", url="https://cbn.example/a"))
    start = text.index(said)
    unattributed.quotes.append(Quote(text=said, start=start, end=start + len(said), kind="direct"))
    unattributed.claims.append(Claim(text=said, start=start, end=start + len(said), source_type="unattributed"))
    store.save(named), store.save(unattributed)
    assert linked(store, named, unattributed)
    assert statement_detail(store.engine, statement_of(store, named, 0))["flags"] == []


def test_a_new_quote_s_occurrence_is_the_quote_s_said_as_its_stored_row_reads(store):
    # Linking takes a new occurrence's Said from its quote's (store.statements._as_stored)
    # instead of making it again from the occurrence row: both must be the same in every
    # field, the speaker's title (which the row does not keep) left out.
    from newsledger.store.rows import document_rows
    from newsledger.store.statements import _as_stored, _occurrences_in, _said, _stored_said

    doc = article(
        [("official", "mixed", "called it a “witch hunt” and a “disgrace” to the country"), ("stone", "direct", STONE)],
        "Daily Example",
    )
    doc.actors[0].title = "White House spokesman"
    store.save(doc)
    rows = document_rows(doc)
    speakers = {r["actor_id"]: r for r in rows["actors"]}
    with store.engine.connect() as conn:
        stored = {o["quote_idx"]: o for o in _occurrences_in(conn, [doc.id])}
    assert len(stored) == 2
    for quote in rows["quotes"]:
        said = _said(quote, speakers.get(quote["speaker_id"]), doc.article.date)
        assert _as_stored(said) == _stored_said(stored[quote["idx"]])
    assert _said(rows["quotes"][0], speakers["senior-official"], doc.article.date).title == "White House spokesman"
