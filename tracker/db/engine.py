"""Engine and session factory. SQLite gets the pragmas a desktop app needs: foreign keys on,
WAL so that readers never block the writer, and a busy timeout instead of instant errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from tracker.db.audit import install_audit, login_name
from tracker.db.changes import ChangeHub, Changes, install_change_tracking
from tracker.db.roles import refusals_reported
from tracker.domain.errors import BusyError
from tracker.domain.private_files import private_database, private_file

# How long a write waits for another writer (a second window, an import, the reminder timer)
# before it gives up and says so: SQLite's busy timeout, PostgreSQL's lock_timeout.
LOCK_TIMEOUT_SECONDS = 5
# Execution option of the connections that write: their transactions take the lock at BEGIN.
WRITE = "tracker_write"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Plain cursor form: the `autocommit` attribute of the docs' recipe needs Python 3.12.
    # isolation_level=None stops the driver's own implicit transactions, which leave DDL out;
    # `_sqlite_begin` then opens every transaction itself, so a migration is all or nothing.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(LOCK_TIMEOUT_SECONDS * 1000)}")
    mode = cur.execute("PRAGMA journal_mode").fetchone()
    if mode and str(mode[0]).lower() != "memory":
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_create_private(_dialect, _record, cargs, cparams) -> None:  # type: ignore[no-untyped-def]
    # SQLite would create a new file 0644, and its -wal and -shm take the main file's mode:
    # create it 0600 first. (A path SQLite cannot open is left for SQLite to report.)
    target = cargs[0] if cargs else cparams.get("database")
    if isinstance(target, str) and target not in ("", ":memory:") and not cparams.get("uri"):
        with suppress(OSError):
            private_file(target, create=True)


def _sqlite_private(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Whatever the URL's form, SQLite names the file it opened: tighten it (and a -wal/-shm
    # left by an older version) before anything is read or written.
    for _seq, name, path in dbapi_connection.execute("PRAGMA database_list").fetchall():
        if name == "main" and path:
            private_database(path)


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # A transaction that writes takes the write lock at BEGIN, where SQLite waits out the busy
    # timeout. A deferred one would have to upgrade its read snapshot at its first write, and
    # SQLite refuses that at once, without waiting, when another writer committed meanwhile.
    # Reads stay deferred, so they never wait for a writer (WAL).
    immediate = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _postgres_lock_timeout(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Without it a save waits forever for a row a colleague's long import holds.
    with dbapi_connection.cursor() as cur:
        cur.execute(f"SET lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'")
    dbapi_connection.commit()  # a SET inside a transaction that rolls back would be undone


def make_engine(url: str, **kw: object) -> Engine:
    engine = sa.create_engine(url, **kw)  # type: ignore[arg-type]
    if engine.dialect.name == "sqlite":
        event.listen(engine, "do_connect", _sqlite_create_private)
        event.listen(engine, "connect", _sqlite_private)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgres_lock_timeout)
    return engine


# SQLite's BUSY and LOCKED (with their extended codes); PostgreSQL's lock_not_available
# (lock_timeout), deadlock_detected and serialization_failure.
_SQLITE_BUSY_CODES = (5, 6)
_POSTGRES_BUSY_STATES = ("55P03", "40P01", "40001")


def is_busy(exc: BaseException) -> bool:
    """The database refused because another writer held it too long (or in a deadlock)."""
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return int(code) & 0xFF in _SQLITE_BUSY_CODES
    return getattr(orig, "sqlstate", None) in _POSTGRES_BUSY_STATES


@contextmanager
def busy_reported() -> Iterator[None]:
    """Turn a write that could not get the lock in time into BusyError, whose message the
    dialogs show: nothing was written, and the user may simply try again."""
    try:
        yield
    except sa.exc.DBAPIError as exc:
        if is_busy(exc):
            raise BusyError(seconds=LOCK_TIMEOUT_SECONDS) from exc
        raise


def sqlite_path_of(url: str | sa.URL) -> Path | None:
    """The file a SQLite URL names (None for another database or an in-memory one). The URL's
    database part is already unquoted by SQLAlchemy; with `?uri=true` it is a `file:` URI of its
    own, whose path is percent-decoded here so that backups copy that very file."""
    url = sa.make_url(url)
    name = url.database
    if url.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    if str(url.query.get("uri", "")).lower() in ("true", "1") and name.startswith("file:"):
        parts = urlsplit(name)
        if "mode=memory" in parts.query:
            return None
        return Path(unquote(parts.path))
    return Path(name)


class Database:
    """One database: its engine, a session factory, and the hub that announces changes."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self.url = url
        self.engine = engine or make_engine(url)
        # The same engine and pool; its transactions say up front that they will write.
        self.writer = self.engine.execution_options(**{WRITE: True})
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.changes = ChangeHub()
        install_change_tracking(self.sessions, self.changes)
        # Who the audit trail names: set by the program (the officer's own name), else the
        # PostgreSQL role or the login of this computer.
        self.actor: str | None = None
        self._account: str | None = None
        install_audit(self.sessions, self._actor_of)
        if self.engine.dialect.name == "postgresql":
            self._install_live(own_engine=engine is None)

    def _install_live(self, own_engine: bool) -> None:
        """Commits tell the server's other connections what changed; the hub's feed (started by
        whoever shows records) hears theirs. A Database over another's engine (a background
        job) shares that engine's origin and leaves the listening to the first."""
        from tracker.db import live

        origin = live.origin_of(self.engine)
        live.install_notify(self.sessions, origin, self._actor_of)
        if own_engine:
            self.changes.set_feed(live.LiveListener(self.engine, self.changes, origin))

    def tell_others(self, conn: Connection, changes: Changes) -> None:
        """On a team server, what a write without a session (an import, a restore) changed is
        told to the other programs when `conn`'s transaction commits (sessions tell theirs at
        every flush); the caller publishes it to this program's own views."""
        if self.engine.dialect.name != "postgresql":
            return
        from tracker.db import live

        who = self.actor or str(conn.execute(sa.text("SELECT current_user")).scalar())
        live.notify(conn, changes, live.origin_of(self.engine), who)

    def _actor_of(self, session: Session) -> str:
        if self.actor:
            return self.actor
        if self._account is None:
            self._account = (
                login_name()
                if self.is_sqlite
                else str(session.connection().execute(sa.text("SELECT current_user")).scalar())
            )
        return self._account

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        return sqlite_path_of(self.engine.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error. It takes the write
        lock at its start, waiting for another writer up to LOCK_TIMEOUT_SECONDS, then raises
        BusyError; a write the server does not allow this user raises PermissionRefused."""
        with (
            busy_reported(),
            refusals_reported(),
            self.sessions(bind=self.writer) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A Core connection in one write transaction (imports, generators, upgrades), locked
        and reported as `transaction()` is."""
        with busy_reported(), refusals_reported(), self.writer.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def subscribe(self, callback: Callable[..., None]) -> None:
        self.changes.subscribe(callback)

    def dispose(self) -> None:
        self.changes.stop_feed()
        self.engine.dispose()
