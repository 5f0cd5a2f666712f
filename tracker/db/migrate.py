"""Bring a database to the schema of this version of tracker, safely.

An existing SQLite file is first inspected read-only (a file tracker refuses is never changed),
then copied with the online backup API and the copy verified before anything changes; if the
upgrade fails, that copy is put back, so the old file is exactly as it was. PostgreSQL runs the
whole upgrade in one transaction (its DDL is transactional) and rolls back on failure.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from tracker import config as app_config
from tracker.db import schema_version
from tracker.db.backup import (
    BackupError,
    backup_folder,
    backup_sqlite,
    connect_read_only,
    is_damage,
    restore,
    unique_path,
)
from tracker.db.engine import Database
from tracker.domain.i18n import pick

if TYPE_CHECKING:  # Alembic is imported only when a migration has to run (it is slow to load)
    from alembic.config import Config


class MigrationError(Exception):
    """The database could not be opened or upgraded; the message is for the user.
    `damaged` says the file itself is damaged (the recovery dialog then offers a backup)."""

    def __init__(self, message: str, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


__all__ = ["MigrationError", "MigrationResult", "backup_sqlite", "inspect_sqlite_file", "upgrade"]


@dataclass
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(app_config.MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = schema_version.head_revision()
    if head is None:  # not a plain chain of files: Alembic knows
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    chain = schema_version.revision_chain()
    if chain is not None:
        return set(chain)
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _cannot_open(exc: BaseException) -> MigrationError:
    return MigrationError(
        pick(
            f"데이터베이스를 열 수 없습니다. 파일이 손상되었거나 tracker 데이터베이스가 아닙니다.\n({exc})",
            f"The database cannot be opened: the file is damaged or not a tracker database.\n({exc})",
        ),
        damaged=is_damage(exc),
    )


def _inspect(db: Database) -> tuple[str | None, set[str]]:
    from alembic.runtime.migration import MigrationContext

    try:
        with db.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            rev = MigrationContext.configure(conn).get_current_revision()
    except sa.exc.OperationalError as exc:
        if db.sqlite_path is None:  # a server that refused or did not answer: not damage
            raise MigrationError(
                pick(
                    f"데이터베이스 서버에 연결할 수 없습니다.\n({exc.orig})",
                    f"The database server cannot be reached.\n({exc.orig})",
                )
            ) from exc
        raise _cannot_open(exc.orig or exc) from exc
    except sa.exc.DatabaseError as exc:
        raise _cannot_open(exc.orig or exc) from exc
    return rev, tables


def inspect_sqlite_file(path: Path) -> str | None:
    """The schema revision of an existing SQLite file, read without changing a byte of it or
    leaving a -wal/-shm file beside it; raises MigrationError for a file tracker must not open."""
    try:
        with closing(connect_read_only(path)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            rev = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                rev = row[0] if row else None
    except sqlite3.Error as exc:
        raise _cannot_open(exc) from exc
    _judge(rev, tables)
    return rev


def _judge(rev: str | None, tables: set[str]) -> None:
    """Refuse a database that is not tracker's, or is from a newer tracker."""
    known = _known_revisions()
    if rev is None and tables - {"alembic_version"}:
        raise MigrationError(
            pick(
                "이 데이터베이스는 tracker가 만든 것이 아닙니다(스키마 버전 정보 없음). 다른 파일을 선택하세요.",
                "This database was not made by tracker (it has no schema version). Choose another file.",
            )
        )
    if rev is not None and rev not in known:
        raise MigrationError(
            pick(
                f"이 데이터베이스는 더 새로운 버전의 tracker로 만들어졌습니다(스키마 {rev}). 프로그램을 업데이트하세요.",
                f"This database was made by a newer tracker (schema {rev}). Update the program.",
            )
        )


def upgrade(db: Database, backup_dir: Path | None = None) -> MigrationResult:
    head = head_revision()
    if schema_version.stored_revision(db.engine) == head:
        return MigrationResult(head, head)  # the usual start: one read, no migration machinery
    rev, tables = _inspect(db)
    _judge(rev, tables)
    if rev == head:
        return MigrationResult(rev, head)

    backup = None
    path = db.sqlite_path
    if rev is not None and path is not None:
        folder = backup_dir or backup_folder(path)
        try:
            backup = backup_sqlite(path, unique_path(folder, f"{path.stem}-before-{head}", path.suffix))
        except BackupError as exc:  # no verified copy: the upgrade does not start
            raise MigrationError(
                pick(
                    f"업그레이드 전 백업을 만들지 못해 업그레이드하지 않았습니다.\n{exc}",
                    f"No verified backup could be made before the upgrade, so nothing was upgraded.\n{exc}",
                ),
                damaged=exc.damaged,
            ) from exc
    try:
        _run_upgrade(db, head)
    except Exception as exc:
        if backup is not None and path is not None:
            _restore(db, backup, path)
        raise MigrationError(
            pick(
                f"데이터베이스 업그레이드에 실패하여 원래 상태로 되돌렸습니다: {exc}",
                f"The database upgrade failed; the database was left as it was: {exc}",
            )
        ) from exc
    return MigrationResult(rev, head, backup)


def _run_upgrade(db: Database, head: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with db.write() as conn:  # the write lock up front, as every write transaction takes it
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, head)


def _restore(db: Database, backup: Path, path: Path) -> None:
    db.engine.dispose()  # close every pooled connection before replacing the file
    # Verified when it was made, a moment ago; the half-upgraded file is not worth keeping.
    restore(backup, path, verified=True, keep=False)
