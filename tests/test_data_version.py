"""The data version the web cache keys on (web/cache.py DataVersion), on SQLite and
PostgreSQL: a write that stores something, by another connection, moves it; on PostgreSQL
it is the store's change counter (store/changes.py), which nothing else moves: not a
transaction in another database of the same server, not ANALYZE or VACUUM, not an ingest
of articles already stored."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from newsledger.store import changes
from newsledger.store.store import Store, database_url
from newsledger.web.cache import DataVersion
from test_web_pages import _article


def _version_of(url: str) -> DataVersion:
    """The web cache's reading of the data version, on an engine of its own (as the server)."""
    return DataVersion(Store(url).engine)


def test_a_write_by_another_connection_moves_the_version(db_url):
    version = _version_of(db_url)
    before = version.read()
    assert before is not None
    assert version.read() == before  # nothing written: the same
    with Store(db_url) as writer:
        assert writer.save(_article(1, "2019-01-10", "Big Wire", "CONSULT", "2019-01-09"))
    after = version.read()
    assert after is not None and after != before
    with Store(db_url) as writer:
        writer.rebuild_summaries()
    assert version.read() != after
    version.close()


def test_a_write_that_stores_nothing_new_moves_no_counter(db_url):
    with Store(db_url) as store:
        assert store.save(_article(1, "2019-01-10", "Big Wire", "CONSULT", "2019-01-09"))
        with store.engine.connect() as conn:
            stored = changes.counter(conn)
        assert not store.save(_article(1, "2019-01-10", "Big Wire", "CONSULT", "2019-01-09"))
        assert store.save_rows([]) == []
        with store.engine.connect() as conn:
            assert changes.counter(conn) == stored


def test_chunks_written_by_several_connections_each_count(db_url):
    from concurrent.futures import ThreadPoolExecutor

    from newsledger.store.rows import document_rows

    with Store(db_url) as store:
        with store.engine.connect() as conn:
            start = changes.counter(conn)
        chunks = [[document_rows(_article(10 * c + i, "2019-02-10", "Big Wire", "CONSULT", "2019-02-09")) for i in range(3)] for c in range(4)]
        with ThreadPoolExecutor(4) as pool:
            assert all(all(flags) for flags in pool.map(store.save_rows, chunks))
        with store.engine.connect() as conn:
            assert changes.counter(conn) == start + 4


def test_another_database_of_the_server_and_its_maintenance_leave_the_version(postgres):
    url = postgres.new_database()
    with Store(url) as store:
        store.save(_article(1, "2019-01-10", "Big Wire", "CONSULT", "2019-01-09"))
    version = _version_of(url)
    before = version.read()
    assert before is not None

    other = postgres.new_database()
    with Store(other) as elsewhere:  # another database of the same cluster: a schema, an article
        elsewhere.save(_article(2, "2019-02-10", "Big Wire", "CONSULT", "2019-02-09"))
    engine = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.execute(text("VACUUM articles"))
        conn.execute(text("SELECT txid_current()"))  # a transaction id taken and finished, here
    engine.dispose()
    assert version.read() == before

    with Store(url) as store:
        store.save(_article(3, "2019-03-10", "Big Wire", "CONSULT", "2019-03-09"))
    assert version.read() != before
    version.close()
