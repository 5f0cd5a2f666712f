"""Migration 0012 marks the audit entries written before the program marked them itself: an
entry about a row of a 대외비 meeting (a participant, a point, a follow-up, also once deleted)
says "restricted", so that a team server hides it from who lacks the label. Its downgrade
takes the marks away (an older History window would show the mark as a field). On SQLite and
on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command
from hidden_rows import restricted_meeting
from test_migration_team_roles import _alembic

from tracker import config as app_config
from tracker.db.audit import HIDDEN_MARK
from tracker.db.models import AuditEntry, KeyPoint, MeetingParticipant
from tracker.db.store import open_database
from tracker.services import meetings, records

BEFORE, REVISION = "0011", "0012"


def _marked(db) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return {
            (e.table_name, e.action, e.record_key)
            for e in s.scalars(sa.select(AuditEntry))
            if HIDDEN_MARK in (e.changes or "")
        }


def _play(url: str) -> None:
    db, _ = open_database(url)
    _secret, attendee, point = restricted_meeting(db)
    meetings.create_meeting(db, {"title": "공개 면담", "date": date(2026, 3, 5)}, key_points=["공개 요점"])
    records.update(db, KeyPoint, point, {"text": "고친 요점"})
    records.delete(db, MeetingParticipant, attendee)
    marked = _marked(db)
    assert {t for t, _a, _k in marked} == {"key_points", "meeting_participants"}
    assert {a for _t, a, _k in marked} == {"created", "updated", "deleted"}

    _alembic(db, command.downgrade, BEFORE)
    assert _marked(db) == set()
    with db.read() as s:  # the trail is whole: only the marks went
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) >= 6
    _alembic(db, command.upgrade, REVISION)
    assert _marked(db) == marked  # the entries the program marks, marked the same
    db.dispose()


def test_on_sqlite(tmp_path):
    _play(app_config.sqlite_url(tmp_path / "tracker.sqlite3"))


@pytest.mark.postgres
def test_on_postgresql(postgres_server):
    _play(postgres_server.new_database())
