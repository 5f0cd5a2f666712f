"""Open a database for use: create it if new, upgrade it if old."""

from __future__ import annotations

import os
from pathlib import Path

from tracker import config
from tracker.db.engine import Database, sqlite_path_of
from tracker.db.migrate import MigrationResult, inspect_sqlite_file, upgrade


def open_database(
    url: str | os.PathLike[str], backup_dir: Path | None = None
) -> tuple[Database, MigrationResult]:
    """`url` is a SQLAlchemy URL, or the path of a SQLite file (quoted into a URL here, so that
    callers never build one by hand from a path)."""
    if not isinstance(url, str):
        url = config.sqlite_url(Path(url))
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
