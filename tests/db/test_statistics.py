"""The planner gets statistics: a database never analyzed is analyzed (bounded) when the app
closes or after a bulk load; later closes run `PRAGMA optimize`; a failure never reaches the
caller."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from tracker.db.statistics import has_statistics, refresh_statistics
from tracker.export.demo import load_demo


def _stat_rows(db, table: str) -> int:
    with db.engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = :t"), {"t": table}
        ).scalar_one()


def test_a_database_never_analyzed_gets_statistics_on_close(db):
    load_demo(db)
    assert not has_statistics(db)
    refresh_statistics(db)
    assert has_statistics(db) and _stat_rows(db, "meetings") > 0


def test_a_bulk_load_refreshes_them(db):
    refresh_statistics(db)  # analyzed while nearly empty
    load_demo(db)
    refresh_statistics(db, bulk_load=True)
    with db.engine.connect() as conn:
        stat = conn.execute(
            sa.text("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_meetings_country_date'")
        ).scalar()
    assert stat is not None and int(stat.split()[0]) > 0  # the meetings loaded are counted


def test_a_failure_is_logged_not_raised(db, caplog, monkeypatch):
    db.dispose()
    monkeypatch.setattr(db, "engine", sa.create_engine("sqlite:////nonexistent-folder/x.sqlite3"))
    with caplog.at_level(logging.WARNING):
        refresh_statistics(db)
    assert "statistics" in caplog.text
