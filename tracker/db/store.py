"""Open a database for use: create it if new, upgrade it if old."""

from __future__ import annotations

from pathlib import Path

from tracker.db.engine import Database, sqlite_path_of
from tracker.db.migrate import MigrationResult, inspect_sqlite_file, upgrade


def open_database(url: str, backup_dir: Path | None = None) -> tuple[Database, MigrationResult]:
    path = sqlite_path_of(url)
    if path is not None and path.is_file() and path.stat().st_size > 0:
        # Judge an existing file read-only first: opening it for writing switches it to WAL,
        # which would change a file that is then refused.
        inspect_sqlite_file(path)
    db = Database(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = upgrade(db, backup_dir)
    except Exception:
        db.dispose()
        raise
    return db, result
