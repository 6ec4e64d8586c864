"""The database: schema (``schema``), the fact <-> row mapping (``rows``), the Store and its
queries. It knows the Document and nothing above it (no pipeline, stages, run or web)."""

from newsledger.store.errors import StoreError, describe
from newsledger.store.rows import DOCUMENT_FACTS, FactSpec, Nested, Rows, document_from_rows, document_rows
from newsledger.store.migrations import DB_VERSION, MIGRATIONS
from newsledger.store.schema import FACT_TABLES, TABLES, articles, metadata, schema_version
from newsledger.store.store import Store, database_url, make_engine

__all__ = [
    "DB_VERSION",
    "DOCUMENT_FACTS",
    "FACT_TABLES",
    "FactSpec",
    "MIGRATIONS",
    "Nested",
    "Rows",
    "Store",
    "StoreError",
    "TABLES",
    "articles",
    "database_url",
    "describe",
    "document_from_rows",
    "document_rows",
    "make_engine",
    "metadata",
    "schema_version",
]
