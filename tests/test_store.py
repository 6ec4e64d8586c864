"""The store: schema and migrations, round trips of analysed documents, idempotent and
resumable ingest (a real subprocess killed with SIGKILL, then rerun)."""

from __future__ import annotations

import datetime
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError

from newsledger.document import (
    Actor,
    Article,
    Claim,
    Document,
    Event,
    Hedge,
    Mention,
    Place,
    PlaceRef,
    Quote,
    ScareQuote,
    Span,
    TimeExpr,
)
from conftest import fact_counts, is_sqlite
from newsledger.store import DB_VERSION, TABLES, Store, StoreError, schema_version

HOSTILE = "'); DROP TABLE articles;--"

FEW_SENTENCES = (
    "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin on Tuesday. "
    '"We will not let Ukraine down," Scholz told reporters after the talks. '
    "Macron said Europe needed to spend more on its own defence. "
    "Officials familiar with the discussions said the two leaders disagreed on energy prices."
)

OTHER_SENTENCES = (
    "The Japanese foreign minister, Yoko Kamikawa, arrived in Manila on Monday for talks with her "
    "Philippine counterpart. Kamikawa said Tokyo would supply coastal radar systems to the Philippines. "
    '"The situation in the South China Sea is a grave concern," she said.'
)


def _json(value):
    """The JSON a consumer would see: tuples become lists, ints stay ints."""
    return json.loads(json.dumps(value))



def _rows_per_table(db: str, article_id: str) -> dict[str, int]:
    with Store(db) as s, s.engine.connect() as conn:
        counts = {"articles": conn.execute(text("SELECT count(*) FROM articles WHERE id = :id"), {"id": article_id}).scalar_one()}
        for table in TABLES:
            if table != "articles":
                counts[table] = conn.execute(text(f"SELECT count(*) FROM {table} WHERE article_id = :id"), {"id": article_id}).scalar_one()
    return counts


def hand_built_document(text: str = FEW_SENTENCES, title: str = "Scholz and Macron meet") -> Document:
    """A document with every fact type and every optional field set somewhere, so that the
    round trip covers what a given pipeline version may leave empty."""
    article = Article(
        text=text, title=title, date="2024-03-12", source="Example Wire", url="https://example.org/a?b=1&c='2'",
        author="A. Writer", path="wire/a.txt", warnings=["non-UTF-8 bytes replaced"],
    )
    document = Document(article=article)
    scholz = Actor(
        id="olaf-scholz", name="Olaf Scholz", type="person", country="DEU", sector="GOV", title="Chancellor",
        aliases=["Scholz", "Olaf Scholz"], dictionary_id="Q61053", code="DEUGOV",
        mentions=[Mention(24, 35, "Olaf Scholz", "olaf-scholz"), Mention(149, 155, "Scholz", "olaf-scholz")],
    )
    macron = Actor(
        id="emmanuel-macron", name="Emmanuel Macron", type="person", country="FRA", sector="GOV",
        mentions=[Mention(59, 74, "Emmanuel Macron", "emmanuel-macron"), Mention(196, 202, "Macron", "emmanuel-macron")],
    )
    officials = Actor(id="officials", name="officials", type="group")  # an actor with no mentions
    document.actors = [scholz, macron, officials]
    document.quotes = [
        Quote(text="We will not let Ukraine down,", start=99, end=130, kind="direct", speaker="olaf-scholz",
              speaker_name="Olaf Scholz", cue=Span(156, 160, "told"), speaker_span=Span(149, 155, "Scholz")),
        Quote(text="Europe needed to spend more on its own defence", start=208, end=254, kind="indirect",
              speaker="emmanuel-macron", speaker_name="Emmanuel Macron", cue=Span(203, 207, "said")),
        Quote(text="the two leaders disagreed", start=300, end=325, kind="indirect"),
    ]
    document.scare_quotes = [ScareQuote(text="defence", start=247, end=254)]
    document.events = [
        Event(type="CONSULT", start=0, end=97, cameo="040", source="olaf-scholz", source_name="Olaf Scholz",
              target="emmanuel-macron", target_name="Emmanuel Macron", date="2024-03-12",
              place=PlaceRef(name="Berlin", country="DEU", lat=52.52437, lon=13.41053), text="met"),
        Event(type="AGREE", start=256, end=340, negated=True, mode="reported", date=None, date_from_article=True,
              place=None, text="disagreed", claimed_by="officials"),
    ]
    document.times = [TimeExpr(text="on Tuesday", start=85, end=95, value="2024-03-12", kind="date")]
    document.places = [Place(text="Berlin", start=78, end=84, name="Berlin", country="DEU", lat=52.52437, lon=13.41053, region="Berlin")]
    document.claims = [
        Claim(text="the two leaders disagreed on energy prices", start=300, end=342, source_type="anonymous",
              source_text="Officials familiar with the discussions", via="Example Wire", hedges=["familiar with"]),
        Claim(text="Europe needed to spend more", start=208, end=235, source_type="named", source="emmanuel-macron"),
    ]
    document.hedges = [Hedge(text="familiar with", start=266, end=279, kind="reportative")]
    document.sourcing = {
        "named": 1, "anonymous": 1, "collective": 0, "unattributed": 0, "hedged": 1,
        "anonymous_sources": ["Officials familiar with the discussions"], "share_named": 0.5,
    }
    document.warnings = ["quote at 300 has no speaker"]
    return document


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A SQLite file, for what only SQLite has (pragmas, paths)."""
    return tmp_path / "news.db"


@pytest.fixture
def store(db_url: str):
    s = Store(db_url)
    yield s
    s.close()


# --------------------------------------------------------------------------- schema


def test_schema_created_and_version_recorded(db_url: str) -> None:
    with Store(db_url) as first:
        assert set(TABLES) | {"schema_version"} <= set(first.tables())
        assert first.version == DB_VERSION >= 1
    with Store(db_url) as again:  # reopening applies nothing twice
        with again.engine.connect() as conn:
            versions = conn.execute(select(schema_version.c.version)).scalars().all()
    assert versions == list(range(1, DB_VERSION + 1))


def test_database_from_a_newer_version_is_refused(db_url: str) -> None:
    with Store(db_url) as s, s.engine.begin() as conn:
        now = datetime.datetime.now(datetime.timezone.utc)
        conn.execute(insert(schema_version), {"version": DB_VERSION + 1, "description": "future", "applied_at": now})
    with pytest.raises(StoreError, match="upgrade newsledger"):
        Store(db_url)


def test_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout(db: Path) -> None:
    with Store(db) as store, store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_path_and_url_open_the_same_database(db: Path) -> None:
    with Store(str(db)) as by_path:
        assert by_path.save(hand_built_document())
    with Store(f"sqlite:///{db}") as by_url:
        assert by_url.count() == 1
        assert by_url.known_ids() == {hand_built_document().id}


def test_unusable_targets_give_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store(tmp_path / "no-such-folder" / "news.db")
    with pytest.raises(StoreError):
        Store("nosuchdialect://user@host/db")


# --------------------------------------------------------------------------- round trips


def test_hand_built_document_round_trips_every_field(store: Store) -> None:
    document = hand_built_document()
    assert store.save(document) is True
    assert store.article(document.id) == _json(document.to_dict())
    assert {t: store.count(t) for t in TABLES} == fact_counts(document)
    back = store.document(document.id)
    assert back.article.path == "wire/a.txt"
    assert back.events[1].place is None and back.events[1].negated is True
    assert back.quotes[2].cue is None and back.quotes[0].speaker_span == Span(149, 155, "Scholz")


def test_fact_rows_carry_article_id_and_offsets(store: Store) -> None:
    document = hand_built_document()
    store.save(document)
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT article_id, start_char, end_char, text, kind FROM mentions ORDER BY idx")
        ).all()
        event = conn.execute(
            text("SELECT source_name, target_name, place_country, place_lat FROM events WHERE type = 'CONSULT'")
        ).one()
    assert [(r.start_char, r.end_char, r.text) for r in rows] == [
        (m.start, m.end, m.text) for a in document.actors for m in a.mentions
    ]
    assert {r.article_id for r in rows} == {document.id}
    assert tuple(event) == ("Olaf Scholz", "Emmanuel Macron", "DEU", pytest.approx(52.52437))


def test_analysed_sentences_round_trip(store: Store, analyze) -> None:
    document = analyze(FEW_SENTENCES, date="2024-03-12")
    assert document.actors, "the pipeline found no actors in a text naming Scholz and Macron"
    assert store.save(document)
    assert store.article(document.id) == _json(document.to_dict())
    assert {t: store.count(t) for t in TABLES} == fact_counts(document)
    assert store.count("mentions") >= 4


def test_seed_article_round_trips_with_all_fact_tables(store: Store, seed_doc) -> None:
    assert store.save(seed_doc)
    assert store.article(seed_doc.id) == _json(seed_doc.to_dict())
    counts = {t: store.count(t) for t in TABLES}
    assert counts == fact_counts(seed_doc)
    # The seed article has actors, quotes and time expressions whatever the stage versions.
    assert counts["actors"] > 5 and counts["mentions"] > counts["actors"] and counts["quotes"] > 3


# --------------------------------------------------------------------------- idempotency


def test_same_article_twice_is_stored_once(db_url: str) -> None:
    document = hand_built_document()
    with Store(db_url) as s:
        assert s.save(document) is True
        before = {t: s.count(t) for t in TABLES}
        assert s.save(document) is False
        assert s.save(hand_built_document(title="another title, same text")) is False
    with Store(db_url) as reopened:
        assert reopened.save(document) is False
        assert {t: reopened.count(t) for t in TABLES} == before
        assert reopened.has(document.id)


def test_same_text_with_other_line_endings_is_the_same_article(store: Store) -> None:
    store.save(hand_built_document(text=FEW_SENTENCES))
    assert store.save(Document(article=Article(text=FEW_SENTENCES.replace(". ", ".\r\n") + "\n\n"))) is False
    assert store.count() == 1


def test_two_articles_keep_their_facts_apart(store: Store) -> None:
    first, second = hand_built_document(), hand_built_document(text=OTHER_SENTENCES, title="Kamikawa in Manila")
    second.actors = second.actors[:1]  # the same actor id in another article is another row
    assert store.save(first) and store.save(second)
    assert store.known_ids() == {first.id, second.id} and first.id != second.id
    assert store.count() == 2 and store.count("actors") == 4
    assert store.article(second.id)["article"]["title"] == "Kamikawa in Manila"
    assert len(store.article(second.id)["actors"]) == 1
    assert store.article(first.id) == _json(first.to_dict())


def test_unknown_names_are_errors(store: Store) -> None:
    with pytest.raises(ValueError, match="no table"):
        store.count("articles; DROP TABLE articles")
    with pytest.raises(KeyError):
        store.article("0123456789abcdef")
    assert store.document("0123456789abcdef") is None
    assert not store.has("0123456789abcdef")


# --------------------------------------------------------------------------- safety


def test_hostile_text_is_stored_verbatim(store: Store) -> None:
    body = f"Mr {HOSTILE} said \"{HOSTILE}\" and left. <script>alert('x')</script> \u0000 \U0001F600"
    document = hand_built_document(text=body, title=HOSTILE)
    document.article.author = "O'Brien \"; DELETE FROM actors; --"
    document.actors[0].name = HOSTILE
    document.quotes[0].text = HOSTILE
    assert store.save(document)
    stored = store.article(document.id)
    if not is_sqlite(store.url):
        # PostgreSQL text cannot hold U+0000: it is stored as U+FFFD, every offset kept.
        body = body.replace("\u0000", "\ufffd")
    assert stored["text"] == body
    assert stored["article"]["title"] == HOSTILE
    assert stored["article"]["author"] == "O'Brien \"; DELETE FROM actors; --"
    assert stored["actors"][0]["name"] == HOSTILE and stored["quotes"][0]["text"] == HOSTILE
    assert {"articles", "actors"} <= set(store.tables()) and store.count("actors") == 3


def test_a_failing_save_leaves_nothing_of_the_article(store: Store) -> None:
    document = hand_built_document()
    # A quote without a kind breaks a NOT NULL constraint after the article row, its
    # actors and mentions were already inserted in the same transaction.
    document.quotes[1].kind = None
    with pytest.raises(IntegrityError):
        store.save(document)
    assert not store.has(document.id)
    assert {t: store.count(t) for t in TABLES} == {t: 0 for t in TABLES}
    good = hand_built_document()
    assert store.save(good) and store.count() == 1


# --------------------------------------------------------------------------- ingest

PEOPLE = [
    ("President", "Cyril Ramaphosa", "South Africa"),
    ("Prime Minister", "Anthony Albanese", "Australia"),
    ("Chancellor", "Olaf Scholz", "Germany"),
    ("President", "Luiz Inacio Lula da Silva", "Brazil"),
    ("Foreign Minister", "Penny Wong", "Australia"),
    ("Prime Minister", "Narendra Modi", "India"),
    ("President", "Gustavo Petro", "Colombia"),
    ("Defence Minister", "Boris Pistorius", "Germany"),
    ("President", "William Ruto", "Kenya"),
    ("Prime Minister", "Mark Carney", "Canada"),
]
CITIES = ["Nairobi", "Canberra", "Brasilia", "Pretoria", "New Delhi", "Ottawa", "Bogota", "Geneva", "Jakarta", "Lisbon"]
TOPICS = ["grain exports", "a new trade corridor", "climate finance", "debt relief", "border security",
          "the price of fertiliser", "a joint naval exercise", "visa rules for students"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "last week", "on March 3", "earlier this month"]


def generated_article(rng: random.Random, n: int) -> str:
    """A short, real-looking news article: meetings, quotes, anonymous sourcing, hedges."""
    (t1, p1, c1), (t2, p2, c2) = rng.sample(PEOPLE, 2)
    city, topic, day = rng.choice(CITIES), rng.choice(TOPICS), rng.choice(DAYS)
    last1, last2 = p1.split()[-1], p2.split()[-1]
    sentences = [
        f"{c1}'s {t1.lower()}, {p1}, met {t2} {p2} of {c2} in {city} {day} to discuss {topic}.",
        f'"We have made real progress, but there is more to do," {last1} told reporters after the meeting.',
        f"{last2} said the two governments would set up a working group on {topic} within {n + 2} weeks.",
        f"Officials familiar with the talks said {c2} had pushed for a written agreement, which {c1} reportedly resisted.",
        f"The two leaders last met in {rng.choice(CITIES)} in {2010 + n % 14}.",
        f"{last1} accused critics at home of exaggerating the cost of the deal.",
        f"According to a statement from {last2}'s office, a second round of talks is planned for {rng.choice(['June', 'July', 'September'])}.",
    ]
    rng.shuffle(sentences[3:])
    return " ".join(sentences) + f" Article {n} of the series."


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts = [generated_article(rng, n) for n in range(count)]
    for n, body in enumerate(texts):
        (folder / f"article-{n:03d}.txt").write_text(body + "\n", encoding="utf-8")
    return texts


def test_ingest_paths_stores_new_skips_known_and_reports_bad_items(tmp_path: Path, db_url: str, settings) -> None:
    from newsledger.run.ingest import ingest_paths

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    (corpus / "feed.jsonl").write_text(
        json.dumps({"title": "Wong in Suva", "date": "2024-05-02", "text": "Penny Wong arrived in Suva on Thursday."}) + "\n"
        + "{this is not json\n",
        encoding="utf-8",
    )
    db = db_url
    first = ingest_paths([corpus], db, settings, date="2024-05-01", progress=False)
    assert (first.new, first.skipped, first.failed) == (4, 0, 1)
    assert "feed.jsonl:2" in first.errors[0]
    assert first.summary() == "ingested 4 new, 0 already present, 1 failed"
    again = ingest_paths([corpus], db, settings, date="2024-05-01", progress=False)
    assert (again.new, again.skipped, again.failed) == (0, 4, 1)
    with Store(db) as s:
        assert s.count() == 4
        titles = {s.article(i)["article"]["title"] for i in s.known_ids()}
    assert "Wong in Suva" in titles


def test_known_articles_are_skipped_before_analysis(tmp_path: Path, db_url: str, settings, monkeypatch) -> None:
    import newsledger.pipeline as pipeline
    from newsledger.run.ingest import ingest_paths

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 4, seed=11)
    db = db_url
    assert ingest_paths([corpus], db, settings, progress=False).new == 4
    analysed: list[str] = []
    original = pipeline.analyze_articles

    def counting(articles, *args, **kwargs):
        return original((analysed.append(a.id) or a for a in articles), *args, **kwargs)

    monkeypatch.setattr(pipeline, "analyze_articles", counting)
    (corpus / "article-new.txt").write_text(OTHER_SENTENCES, encoding="utf-8")
    report = ingest_paths([corpus], db, settings, progress=False)
    assert (report.new, report.skipped) == (1, 4)
    assert len(analysed) == 1


def test_an_article_that_breaks_a_stage_fails_alone(tmp_path: Path, db_url: str, settings, monkeypatch) -> None:
    import newsledger.pipeline as pipeline
    from newsledger.run.ingest import ingest_paths

    from newsledger.stage import Stage

    original = pipeline.registry

    def explode(document, settings):
        if "EXPLODE" in document.text:
            raise RuntimeError("stage broke on purpose")

    exploding = Stage("explode", explode, requires=("doc",), assigns=("nothing",))
    monkeypatch.setattr(pipeline, "registry", lambda: original() + (exploding,))
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 5, seed=3)
    (corpus / "article-002.txt").write_text("EXPLODE: Kenya's president, William Ruto, flew to Addis Ababa.", encoding="utf-8")
    db = db_url
    report = ingest_paths([corpus], db, settings, progress=False)
    assert (report.new, report.failed) == (4, 1)
    assert "article-002.txt" in report.errors[0] and "stage broke on purpose" in report.errors[0]
    with Store(db) as s:
        assert all("EXPLODE" not in s.article(i)["text"] for i in s.known_ids())


def test_cli_ingest_summary_and_exit_codes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsledger.cli import app

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2, seed=5)
    db = tmp_path / "news.db"
    runner = CliRunner()
    ok = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--date", "2024-05-01", "--no-progress"])
    assert ok.exit_code == 0, ok.output
    assert "ingested 2 new, 0 already present, 0 failed" in ok.output
    (corpus / "broken.jsonl").write_text("{nope\n", encoding="utf-8")
    some_failed = runner.invoke(app, ["ingest", str(corpus), "--db", str(db), "--no-progress"])
    assert some_failed.exit_code == 1
    assert "ingested 0 new, 2 already present, 1 failed" in some_failed.output
    assert runner.invoke(app, ["ingest", str(corpus)]).exit_code == 2  # no --db
    assert runner.invoke(app, ["ingest", str(tmp_path / "missing"), "--db", str(db)]).exit_code == 2
    assert runner.invoke(app, ["ingest", str(corpus), "--db", "nosuchdialect://x/y"]).exit_code == 2


def _count_articles(db: str) -> int:
    from conftest import count_articles

    return count_articles(db)


def _ingest_command(corpus: Path, db: str) -> list[str]:
    # --batch-size 2: articles are committed one after another from the start, so there
    # is a wide window in which to kill the process mid-ingest.
    return [sys.executable, "-m", "newsledger.cli", "ingest", str(corpus), "--db", str(db),
            "--date", "2024-05-01", "--no-progress", "--batch-size", "2"]


def test_killed_ingest_resumes_with_nothing_lost_or_duplicated(tmp_path: Path, db_url: str, analyze) -> None:
    corpus, db = tmp_path / "corpus", db_url
    total = 40
    write_corpus(corpus, total, seed=2024)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(_ingest_command(corpus, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 180
    try:
        while _count_articles(db) < 3:
            if proc.poll() is not None:
                pytest.fail(f"ingest ended (status {proc.returncode}) before 3 articles: {proc.stderr.read().decode()}")
            if time.monotonic() > deadline:
                pytest.fail("no 3 articles stored within 180 s")
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    if is_sqlite(db):
        with closing(sqlite3.connect(db)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(db) as s, s.engine.connect() as conn:
        survivors = list(conn.execute(text("SELECT id FROM articles")).scalars())
        fact_ids = set(conn.execute(text("SELECT article_id FROM mentions UNION SELECT article_id FROM quotes")).scalars())
    assert 3 <= len(survivors) < total, "the kill came too late to test a resume"
    assert fact_ids <= set(survivors), "facts of an article that was not committed"

    def assert_complete(article_id: str) -> None:
        with Store(db) as s:
            stored = s.article(article_id)
        fresh = analyze(stored["text"], date=stored["article"]["date"])
        assert fresh.id == article_id
        assert _rows_per_table(db, article_id) == fact_counts(fresh)
        assert [m["text"] for a in stored["actors"] for m in a["mentions"]] == [
            m.text for a in fresh.actors for m in a.mentions
        ]

    for article_id in survivors[:3]:  # committed before the kill: all their facts are there
        assert_complete(article_id)

    rerun = subprocess.run(_ingest_command(corpus, db), capture_output=True, text=True, env=env, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"ingested {total - len(survivors)} new, {len(survivors)} already present, 0 failed" in rerun.stdout
    if is_sqlite(db):
        with closing(sqlite3.connect(db)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store(db) as s, s.engine.connect() as conn:
        assert tuple(conn.execute(text("SELECT count(*), count(DISTINCT id) FROM articles")).one()) == (total, total)
        assert conn.execute(text("SELECT count(*) FROM articles WHERE id NOT IN (SELECT article_id FROM mentions)")).scalar_one() == 0
        resumed = list(conn.execute(text("SELECT id FROM articles ORDER BY ingested_at DESC LIMIT 2")).scalars())
    for article_id in resumed:
        assert_complete(article_id)
