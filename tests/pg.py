"""A throwaway PostgreSQL cluster for the tests: ``initdb`` + ``pg_ctl`` in a temporary
folder, listening on a unix socket in that folder only (no TCP port), stopped and removed
at the end of the session.

The binaries are looked up on PATH, then under /usr/lib/postgresql/*/bin (Debian's
``postgresql`` package, which ``.ci/run`` installs). PostgreSQL refuses to run as root, so
under root the cluster runs as the ``postgres`` user that package creates.

Logins: the superuser ``newsledger`` without a password (``trust`` on the socket), and
``PASSWORD_USER`` whose password is ``PASSWORD`` (scram-sha-256), for the wrong-password test.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional
from urllib.parse import quote

SUPERUSER = "newsledger"
PASSWORD_USER = "reporter"
PASSWORD = "right-password"
_PORT = 5432  # only names the socket file (.s.PGSQL.5432) in our own folder


class NoPostgres(RuntimeError):
    """No cluster can be started here; the message says why (the tests skip with it)."""


def binaries() -> Path:
    """The folder holding initdb and pg_ctl."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    raise NoPostgres("PostgreSQL's initdb and pg_ctl are not installed (Debian: apt-get install postgresql)")


@dataclass
class Cluster:
    root: Path
    bin: Path
    user: Optional[str]  # the OS user the server runs as; None: this process's own
    _names: "itertools.count[int]" = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: Optional[str] = None) -> str:
        """A newsledger --db URL for a database of this cluster, over its unix socket."""
        login = quote(user) + (":" + quote(password) if password is not None else "")
        return f"postgresql://{login}@/{database}?host={quote(str(self.socket_dir))}&port={_PORT}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        kwargs = {"user": self.user} if self.user else {}
        result = subprocess.run([str(self.bin / args[0]), *args[1:]], capture_output=True, text=True, timeout=120, **kwargs)
        if check and result.returncode != 0:
            raise NoPostgres(f"{args[0]} failed (status {result.returncode}): {(result.stderr or result.stdout).strip()[-800:]}")
        return result

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the superuser, outside a transaction (CREATE DATABASE ...)."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=_PORT, user=SUPERUSER, dbname=database, autocommit=True) as conn:
            conn.execute(statement)

    def new_database(self, prefix: str = "test") -> str:
        """A fresh, empty database; returns its URL."""
        name = f"{prefix}_{next(self._names)}"
        self.sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; ``mode="immediate"`` is a crash as the clients see it."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def is_running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0


def start_cluster() -> Cluster:
    """initdb a cluster in a fresh temporary folder and start it; NoPostgres when it cannot be."""
    folder = binaries()
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            raise NoPostgres("running as root and there is no 'postgres' user to run the server as") from None
        user = "postgres"
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise NoPostgres(f"psycopg is not installed ({exc}); pip install -e '.[test]'") from exc
    # /tmp itself, not pytest's tmp_path: the server's user must reach the folder, and a
    # unix socket path must stay under ~100 characters.
    root = Path(tempfile.mkdtemp(prefix="newsledger-pg-"))
    cluster = Cluster(root=root, bin=folder, user=user)
    if user:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    try:
        cluster._run("initdb", "-D", str(cluster.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                     "--locale=C", "--no-sync")
        cluster.socket_dir.mkdir()
        if user:
            os.chown(cluster.socket_dir, entry.pw_uid, entry.pw_gid)
        with open(cluster.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "\n# newsledger tests: the socket in our folder only, no TCP; fsync off (only an OS crash could lose a commit, and the tests kill servers, not machines)\n"
                f"listen_addresses = ''\nunix_socket_directories = '{cluster.socket_dir}'\nport = {_PORT}\n"
                "fsync = off\nfull_page_writes = off\nmax_connections = 100\n"
                # autovacuum stays on, as on a real server: nothing the tests check may depend
                # on a server doing no work of its own (the web cache's data version does not).
                "shared_buffers = 64MB\n"
            )
        # The password user first: pg_hba.conf takes the first line that matches.
        (cluster.data / "pg_hba.conf").write_text(
            f"local all {PASSWORD_USER} scram-sha-256\nlocal all all trust\n", encoding="utf-8"
        )
        cluster.start()
        cluster.sql(f"CREATE ROLE {PASSWORD_USER} LOGIN PASSWORD '{PASSWORD}'")
    except BaseException:
        stop_cluster(cluster)
        raise
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    try:
        if (cluster.data / "postmaster.pid").exists():
            cluster.stop("immediate")
    finally:
        shutil.rmtree(cluster.root, ignore_errors=True)


def cluster_for_fixture() -> Iterator[Cluster]:
    """A started cluster for a pytest fixture to yield from, stopped after the fixture's
    scope; where none can start, the fixture's tests skip with the reason."""
    import pytest

    try:
        cluster = start_cluster()
    except NoPostgres as exc:
        pytest.skip(f"no PostgreSQL server for the tests: {exc}")
    yield cluster
    stop_cluster(cluster)
