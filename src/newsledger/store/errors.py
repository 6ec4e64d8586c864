"""The store's one error type, shared by the schema (a database newer than this code) and the
Store, and the plain-words reading of a database driver's error (``describe``)."""

from __future__ import annotations


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says why and what to do."""


# libpq and psycopg report a lost server in several words, by SQLSTATE when the server said
# goodbye (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx) and
# without one when the socket just closed.
_GONE = ("server closed the connection", "terminating connection", "connection is lost", "consuming input failed",
         "connection already closed", "eof detected", "the connection is closed", "server conn crashed")
_UNREACHABLE = ("connection refused", "no such file or directory", "could not translate host name", "timeout expired",
                "name or service not known", "network is unreachable", "no route to host", "could not connect")


def describe(exc: BaseException) -> str:
    """What a database error means and what to do, from the driver's error (``exc.orig`` for a
    SQLAlchemy error); the caller says which database."""
    orig = getattr(exc, "orig", None) or exc
    message = " ".join(str(orig).split()) or type(orig).__name__
    low = message.lower()
    sqlstate = getattr(orig, "sqlstate", None) or ""
    if sqlstate == "28P01" or "password authentication failed" in low or "no password supplied" in low:
        return (
            f"the server refused the login: wrong user name or password ({message}); "
            "give the right password in the URL (postgresql://user:password@host/db), in PGPASSWORD or in ~/.pgpass"
        )
    if sqlstate == "3D000" or ("database" in low and "does not exist" in low):
        return f"the database does not exist ({message}); create it (createdb NAME) or fix its name in the URL"
    if sqlstate in ("28000",) or ("role" in low and "does not exist" in low):
        return f"the server does not know this user ({message}); fix the user name in the URL"
    if sqlstate.startswith("57P") or any(g in low for g in _GONE):
        return f"the database server went away ({message}); start it again"
    if any(u in low for u in _UNREACHABLE):
        return (
            f"cannot reach the database server ({message}); "
            "check that it is running and that the host, port or socket folder in the URL are right"
        )
    if sqlstate == "42501" or "permission denied" in low:
        return f"the database user may not do this ({message}); use a user that owns the database or may create tables in it"
    return message
