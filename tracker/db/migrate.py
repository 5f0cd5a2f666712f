"""Bring a database to the schema of this version of tracker, safely.

An existing SQLite file is copied with the online backup API before anything changes; if the
upgrade fails, that copy is put back, so the old file is exactly as it was. PostgreSQL runs the
whole upgrade in one transaction (its DDL is transactional) and rolls back on failure.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from tracker import config as app_config
from tracker.db.engine import Database
from tracker.domain.i18n import pick


class MigrationError(Exception):
    """The database could not be opened or upgraded; the message is for the user."""


@dataclass
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(app_config.MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(source: Path, dest: Path) -> Path:
    """Copy a live SQLite database consistently (other connections may be writing)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)  # pages=-1: one step, so concurrent writes cannot restart it forever
        finally:
            dst.close()
    finally:
        src.close()
    return dest


def _inspect(db: Database) -> tuple[str | None, set[str]]:
    try:
        with db.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            rev = MigrationContext.configure(conn).get_current_revision()
    except sa.exc.DatabaseError as exc:
        raise MigrationError(
            pick(
                f"데이터베이스를 열 수 없습니다. 파일이 손상되었거나 tracker 데이터베이스가 아닙니다.\n({exc.orig})",
                f"The database cannot be opened: the file is damaged or not a tracker database.\n({exc.orig})",
            )
        ) from exc
    return rev, tables


def upgrade(db: Database, backup_dir: Path | None = None) -> MigrationResult:
    head = head_revision()
    rev, tables = _inspect(db)
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
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
    if rev == head:
        return MigrationResult(rev, head)

    backup = None
    path = db.sqlite_path
    if rev is not None and path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backup_dir or path.parent / "backups"
        backup = backup_sqlite(path, folder / f"{path.stem}-before-{head}-{stamp}{path.suffix}")
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
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, head)


def _restore(db: Database, backup: Path, path: Path) -> None:
    db.engine.dispose()  # close every pooled connection before replacing the file
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, path)
