"""Statistics for the query planner.

Without them SQLite guesses how many rows each index selects, and on ten years of records it
guessed wrong (a country's trips read through the whole table). SQLite's own advice: run
`PRAGMA optimize` before closing, and ANALYZE after a bulk load. `analysis_limit` bounds
each index's sampling, so this takes a fraction of a second even on a large file.
PostgreSQL's autovacuum keeps its statistics; only a bulk load is worth an ANALYZE there.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.domain.errors import BusyError

log = logging.getLogger(__name__)

SAMPLE_ROWS = 1000  # per index: enough for the planner's choice, quick on any size


def has_statistics(db: Database) -> bool:
    """SQLite: ANALYZE has run at least once on this file."""
    with db.engine.connect() as conn:
        return (
            conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first()
            is not None
        )


def refresh_statistics(db: Database, *, bulk_load: bool = False) -> None:
    """Bring the planner's statistics up to date: before closing, and with `bulk_load` after
    many rows were written at once (demo data, an import). Never fails its caller: the
    statistics only make queries faster."""
    try:
        if db.is_sqlite:
            analyze = bulk_load or not has_statistics(db)
            with db.write() as conn:  # it writes sqlite_stat1: the write lock first, as every write
                conn.exec_driver_sql(f"PRAGMA analysis_limit={SAMPLE_ROWS}")
                conn.exec_driver_sql("ANALYZE" if analyze else "PRAGMA optimize")
        elif bulk_load and db.engine.dialect.name == "postgresql":
            with db.write() as conn:
                conn.exec_driver_sql("ANALYZE")
    except (sa.exc.DBAPIError, BusyError):
        log.warning("could not update the query planner's statistics", exc_info=True)
