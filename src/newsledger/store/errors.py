"""The store's one error type, shared by the schema (a database newer than this code) and the Store."""


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says why and what to do."""
