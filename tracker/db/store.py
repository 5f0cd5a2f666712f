"""Open a database for use: create it if new, upgrade it if old."""

from __future__ import annotations

from pathlib import Path

from tracker.db.engine import Database
from tracker.db.migrate import MigrationResult, upgrade


def open_database(url: str, backup_dir: Path | None = None) -> tuple[Database, MigrationResult]:
    db = Database(url)
    path = db.sqlite_path
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = upgrade(db, backup_dir)
    except Exception:
        db.dispose()
        raise
    return db, result
