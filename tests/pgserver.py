"""A throwaway PostgreSQL server for the test session.

`postgres_server` runs initdb in a temporary directory, starts the server on a free port of
127.0.0.1 with its own unix socket directory, trust authentication and fsync off, and stops it
and deletes the directory when the session ends. Each test asks for a database of its own with
`postgres_server.new_database()`.

Without PostgreSQL server binaries the tests that need it are skipped, unless the environment
variable TRACKER_REQUIRE_POSTGRES is set (CI sets it to 1): then they fail, so that a machine
that should test PostgreSQL cannot quietly stop doing so.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REQUIRE_ENV = "TRACKER_REQUIRE_POSTGRES"
SUPERUSER = "postgres"
SERVER_USER = "postgres"  # the account that runs the server when the tests run as root


def _required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip() not in ("", "0")


def _version_key(path: str) -> tuple[int, ...]:
    name = Path(path).parent.name  # /usr/lib/postgresql/<version>/bin
    return tuple(int(part) for part in re.findall(r"\d+", name)) or (0,)


def find_server_binaries() -> tuple[Path, Path] | None:
    """initdb and pg_ctl of the newest PostgreSQL under /usr/lib/postgresql, else from PATH."""
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        initdb, pg_ctl = Path(bindir, "initdb"), Path(bindir, "pg_ctl")
        if os.access(initdb, os.X_OK) and os.access(pg_ctl, os.X_OK) and Path(bindir, "postgres").exists():
            return initdb, pg_ctl
    initdb_path, pg_ctl_path = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb_path and pg_ctl_path:
        return Path(initdb_path), Path(pg_ctl_path)
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PostgresServer:
    initdb: Path
    pg_ctl: Path
    base: Path
    host: str = "127.0.0.1"
    port: int = 0
    run_as: str | None = None  # run the server binaries as this user (when we are root)
    startup_seconds: float = 0.0
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "sock"

    @property
    def log_file(self) -> Path:
        return self.base / "server.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@{self.host}:{self.port}/{database}"

    # --- running the binaries -------------------------------------------------------------

    def _run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(a) for a in args]
        if self.run_as:
            cmd = ["runuser", "-u", self.run_as, "--", *cmd]
        env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        env.pop("PGDATA", None)
        proc = subprocess.run(cmd, cwd=self.base, env=env, capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise RuntimeError(
                f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}{self._log_tail()}"
            )
        return proc

    def _log_tail(self) -> str:
        try:
            text = self.log_file.read_text(errors="replace")
        except OSError:
            return ""
        return "\n--- server log ---\n" + "\n".join(text.splitlines()[-30:])

    def init(self) -> None:
        self.socket_dir.mkdir()
        if self.run_as:
            user = pwd.getpwnam(self.run_as)
            for path in (self.base, self.socket_dir):
                os.chown(path, user.pw_uid, user.pw_gid)
        self._run(
            self.initdb,
            "--pgdata", self.data_dir,
            "--username", SUPERUSER,
            "--auth", "trust",
            "--encoding", "UTF8",
            "--locale", "C.UTF-8",
            "--no-sync",
            "--no-instructions",
        )  # fmt: skip
        with open(self.data_dir / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "\n# test server\n"
                f"listen_addresses = '{self.host}'\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                "fsync = off\n"
                "synchronous_commit = off\n"
                "full_page_writes = off\n"
                "max_connections = 50\n"
            )

    def start(self, attempts: int = 5) -> None:
        for attempt in range(attempts):
            self.port = _free_port()
            proc = self._run(
                self.pg_ctl, "start", "--pgdata", self.data_dir, "--log", self.log_file,
                "--wait", "--timeout", "60", "-o", f"-p {self.port}",
                check=False,
            )  # fmt: skip
            if proc.returncode == 0:
                return
            # Someone may have taken the port between our probe and the server's bind.
            if "could not bind" not in self._log_tail() or attempt == attempts - 1:
                raise RuntimeError(f"PostgreSQL did not start:\n{proc.stdout}{proc.stderr}{self._log_tail()}")
            self.log_file.unlink(missing_ok=True)

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            self._run(
                self.pg_ctl, "stop", "--pgdata", self.data_dir, "--mode", "immediate", "--wait", check=False
            )  # fmt: skip

    # --- for the tests --------------------------------------------------------------------

    def new_database(self) -> str:
        """Create a fresh, empty UTF-8 database and return its SQLAlchemy URL."""
        import psycopg
        from psycopg import sql

        name = f"test_{os.getpid()}_{next(self._counter)}"
        create = sql.SQL(
            "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
        ).format(sql.Identifier(name))
        with psycopg.connect(
            host=self.host, port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(create)
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    binaries = find_server_binaries()
    run_as = None
    problem = None
    if binaries is None:
        problem = (
            "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or on PATH; "
            "install the `postgresql` package to run these tests"
        )
    elif os.geteuid() == 0:
        # initdb refuses to run as root: use the account the distribution's package creates.
        try:
            pwd.getpwnam(SERVER_USER)
            run_as = SERVER_USER
        except KeyError:
            problem = f"running as root and there is no `{SERVER_USER}` user to run PostgreSQL as"
    if problem is not None:
        if _required():
            pytest.fail(f"{REQUIRE_ENV} is set but PostgreSQL cannot run: {problem}", pytrace=False)
        pytest.skip(f"PostgreSQL not available: {problem}")

    assert binaries is not None
    base = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
    server = PostgresServer(initdb=binaries[0], pg_ctl=binaries[1], base=base, run_as=run_as)
    try:
        started = time.monotonic()
        server.init()
        server.start()
        server.startup_seconds = time.monotonic() - started
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)
