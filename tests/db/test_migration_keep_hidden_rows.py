"""Migration 0011 (keep hidden rows): nothing at all on a personal SQLite file; on PostgreSQL
every table whose rows can be hidden gets its trigger, the downgrade takes them away and a
second upgrade puts them back."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from test_migration_team_roles import _alembic, sqlite_untouched

from tracker.db.engine import Database

BEFORE, REVISION = "0010", "0011"
HIDEABLE = {
    "meetings", "trips", "key_points", "meeting_participants", "meeting_organizations", "meeting_topics",
    "actions", "trip_destinations", "trip_members", "trip_events", "itinerary_items", "attachments",
}  # fmt: skip


def test_on_sqlite_it_changes_nothing_but_the_revision(tmp_path):
    sqlite_untouched(tmp_path / "tracker.sqlite3", BEFORE, REVISION)


def _guarded(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(
            conn.execute(
                sa.text(
                    "SELECT event_object_table FROM information_schema.triggers WHERE trigger_name = 'tracker_keep_hidden'"
                )
            ).scalars()
        )


@pytest.mark.postgres
def test_on_postgresql_every_hideable_table_is_guarded_and_downgrade_removes_it(postgres_server):
    db = Database(postgres_server.new_database())
    _alembic(db, command.upgrade, REVISION)
    assert _guarded(db) == HIDEABLE
    _alembic(db, command.downgrade, BEFORE)
    assert _guarded(db) == set()
    with db.engine.connect() as conn:
        left = conn.execute(
            sa.text("SELECT count(*) FROM pg_proc WHERE proname LIKE 'tracker_keep_hidden%'")
        ).scalar()
    assert left == 0
    _alembic(db, command.upgrade, REVISION)
    assert _guarded(db) == HIDEABLE
    db.dispose()
