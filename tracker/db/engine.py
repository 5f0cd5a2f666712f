"""Engine and session factory. SQLite gets the pragmas a desktop app needs: foreign keys on,
WAL so that readers never block the writer, and a busy timeout instead of instant errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from tracker.db.changes import ChangeHub, install_change_tracking


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # Plain cursor form: the `autocommit` attribute of the docs' recipe needs Python 3.12.
    # isolation_level=None stops the driver's own implicit transactions, which leave DDL out;
    # `_sqlite_begin` then opens every transaction itself, so a migration is all or nothing.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    mode = cur.execute("PRAGMA journal_mode").fetchone()
    if mode and str(mode[0]).lower() != "memory":
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str, **kw: object) -> Engine:
    engine = sa.create_engine(url, **kw)  # type: ignore[arg-type]
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


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
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.changes = ChangeHub()
        install_change_tracking(self.sessions, self.changes)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        return sqlite_path_of(self.engine.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def subscribe(self, callback: Callable[..., None]) -> None:
        self.changes.subscribe(callback)

    def dispose(self) -> None:
        self.engine.dispose()
