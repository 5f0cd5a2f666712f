"""The audit trail and restoring a deleted record: who changed which field from what to what,
and a meeting deleted with its key points, attendees and links put back exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker.db.models import Action, AuditEntry, KeyPoint, Meeting
from tracker.db.store import open_database
from tracker.export.demo import load_demo
from tracker.export.interchange import export_json
from tracker.services import records
from tracker.services.history import RestoreRefused, deleted_records, record_history, restore


def _busiest_meeting(db):  # type: ignore[no-untyped-def]
    """The demo meeting with the most key points that a follow-up points at."""
    with db.read() as s:
        return s.execute(
            sa.select(Meeting.id, Meeting.title)
            .join(Action, Action.meeting_id == Meeting.id)
            .join(KeyPoint, KeyPoint.meeting_id == Meeting.id)
            .group_by(Meeting.id, Meeting.title)
            .order_by(sa.func.count(KeyPoint.id).desc())
        ).first()


def _json(db, path: Path) -> dict:  # type: ignore[no-untyped-def]
    """Every record; a follow-up's stamps left aside: the deletion unlinked it and the restore
    linked it again, two changes that move its version forward, never back."""
    export_json(db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    for row in doc["records"]["actions"]:
        row.pop("updated_at"), row.pop("version")
    return doc


@pytest.fixture
def demo(db):  # type: ignore[no-untyped-def]
    load_demo(db)
    return db


def test_a_change_says_who_changed_which_field_from_what_to_what(demo) -> None:
    meeting_id, title = _busiest_meeting(demo)
    demo.actor = "한서윤"
    records.update(demo, Meeting, meeting_id, {"title": "새 제목", "location": "오타와"})
    latest = record_history(demo, "meetings", meeting_id)[0]
    assert latest.actor == "한서윤" and latest.action == "updated"
    assert {(c.field, c.before, c.after) for c in latest.changes} >= {("title", title, "새 제목")}
    assert "location" in {c.field for c in latest.changes}
    assert "version" not in {c.field for c in latest.changes}  # stamps are not changes


def test_a_created_record_is_traced_with_the_computers_login(demo) -> None:
    point = records.create(
        demo, KeyPoint, {"meeting_id": _busiest_meeting(demo)[0], "seq": 99, "text": "추가 논의"}
    )
    entry = record_history(demo, "key_points", point.id)[0]
    assert entry.action == "created" and entry.label == "추가 논의" and entry.actor


def test_a_deleted_meeting_comes_back_with_everything_it_took(demo, tmp_path) -> None:
    meeting_id, title = _busiest_meeting(demo)
    before = _json(demo, tmp_path / "before.json")
    records.delete(demo, Meeting, meeting_id)
    with demo.read() as s:
        assert s.get(Meeting, meeting_id) is None
        assert (
            s.scalar(
                sa.select(sa.func.count()).select_from(KeyPoint).where(KeyPoint.meeting_id == meeting_id)
            )
            == 0
        )

    listed = deleted_records(demo)
    assert [(e.table, e.label) for e in listed] == [("meetings", title)]  # once, not per key point
    restored = restore(demo, listed[0].id)
    assert restored > 1
    assert _json(demo, tmp_path / "after.json") == before  # the follow-up points at it again, too
    assert deleted_records(demo) == []
    with pytest.raises(RestoreRefused):
        restore(demo, listed[0].id)
    assert record_history(demo, "meetings", meeting_id)[0].action == "restored"


def test_on_postgresql_the_role_is_named_and_a_restore_works(postgres_server, tmp_path) -> None:
    db, _ = open_database(postgres_server.new_database())
    load_demo(db)
    meeting_id, _ = _busiest_meeting(db)
    before = _json(db, tmp_path / "before.json")
    records.delete(db, Meeting, meeting_id)
    entry = deleted_records(db)[0]
    assert entry.actor == "postgres"
    restore(db, entry.id)
    assert _json(db, tmp_path / "after.json") == before
    with db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) >= 2
    db.dispose()


def test_the_trail_of_a_row_of_a_restricted_record_says_restricted(db) -> None:
    """On a team server the audit trail is hidden from who lacks the 대외비 label when an
    entry says "restricted": a participant, point or follow-up of a 대외비 meeting says so in
    every entry, also once deleted (its own row does not), while the field changes a History
    window lists stay the record's own."""
    from datetime import date

    from hidden_rows import restricted_meeting

    from tracker.db.audit import HIDDEN_MARK
    from tracker.db.models import MeetingParticipant
    from tracker.services import meetings

    secret, attendee, point = restricted_meeting(db)
    public = meetings.create_meeting(
        db, {"title": "공개 면담", "date": date(2026, 3, 5)}, key_points=["공개 요점"]
    )
    records.update(db, KeyPoint, point, {"text": "고친 요점"})
    records.delete(db, MeetingParticipant, attendee)
    records.create(db, Action, {"title": "후속 조치", "meeting_id": secret.id, "owed_by": "us"})

    with db.read() as s:
        trail = list(s.scalars(sa.select(AuditEntry)))
    marked = {(e.table_name, e.action) for e in trail if HIDDEN_MARK in (e.changes or "")}
    assert {("meeting_participants", "created"), ("meeting_participants", "deleted")} <= marked
    assert {("key_points", "created"), ("key_points", "updated"), ("actions", "created")} <= marked
    assert not any(HIDDEN_MARK in (e.changes or "") for e in trail if str(public.id) in (e.changes or ""))
    assert all('"restricted"' in (e.changes or "") for e in trail if str(secret.id) in (e.changes or ""))
    (updated,) = [e for e in record_history(db, "key_points", point) if e.action == "updated"]
    assert [c.field for c in updated.changes] == ["text"]  # the mark is no field
