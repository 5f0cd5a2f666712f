"""Working away from the network: an offline copy taken with `checkout`, edited on both sides,
and merged back with `sync`; a record changed on both sides is listed and lost on neither.
Every case runs twice: the team's database on the real PostgreSQL server the suite starts (set
to Seoul's time zone, as a ministry's server may be), and as a SQLite file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from database_json import json_of

from tracker.db.models import Action, KeyPoint, Meeting, Topic
from tracker.db.store import open_database
from tracker.export.demo import load_demo
from tracker.export.offline_state import NotACheckout
from tracker.export.sync import CopyExists, SyncFailed, SyncInterrupted, checkout, sync
from tracker.export.sync_plan import OFFLINE, SERVER
from tracker.services import history, records
from tracker.services.attachments import add_attachment, verify_attachments


def _fresh(template: Path, path: Path):  # type: ignore[no-untyped-def]
    shutil.copyfile(template, path)
    return open_database(path)[0]


@pytest.fixture(params=["server", "file"])
def team(request, db):  # type: ignore[no-untyped-def]
    """The division's database."""
    if request.param == "file":
        load_demo(db)
        yield db
        return
    url = request.getfixturevalue("postgres_server").new_database()
    admin = sa.create_engine(url)
    with admin.begin() as conn:  # times come back at +09:00
        conn.exec_driver_sql(f"ALTER DATABASE {sa.make_url(url).database} SET timezone TO 'Asia/Seoul'")
    admin.dispose()
    server, _ = open_database(url)
    load_demo(server)
    yield server
    server.dispose()


@pytest.fixture
def trip(team, _migrated_template, tmp_path):  # type: ignore[no-untyped-def]
    """The officer's offline copy of it."""
    local = _fresh(_migrated_template, tmp_path / "trip.sqlite3")
    checkout(team, local)
    yield local
    local.dispose()


def _meetings(db, n: int = 2) -> list[Meeting]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list(s.scalars(sa.select(Meeting).order_by(Meeting.date, Meeting.id)).all()[:n])


def _title(db, meeting_id) -> str | None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        found = s.get(Meeting, meeting_id)
        return found.title if found else None


def test_the_checkout_holds_every_record_and_a_sync_right_after_does_nothing(team, trip, tmp_path):
    assert json_of(trip, tmp_path / "a.json") == json_of(team, tmp_path / "b.json")
    result = sync(trip, team)
    assert result.nothing_to_do and result.conflicts == []
    assert json_of(trip, tmp_path / "c.json") == json_of(team, tmp_path / "d.json")


def test_changes_of_different_records_reach_both_sides_and_a_second_sync_is_a_no_op(team, trip, tmp_path):
    first, second = _meetings(team)
    records.update(trip, Meeting, first.id, {"title": "출장 중 고친 제목"})
    records.update(team, Meeting, second.id, {"title": "본부에서 고친 제목"})

    result = sync(trip, team)

    assert result.conflicts == []
    assert result.sent["update"] == 1 and result.received["update"] == 1
    for side in (trip, team):
        assert _title(side, first.id) == "출장 중 고친 제목"
        assert _title(side, second.id) == "본부에서 고친 제목"
    assert json_of(trip, tmp_path / "a.json") == json_of(team, tmp_path / "b.json")
    # the offline edit is in the team's history, named and dated
    changed = [e for e in history.record_history(team, "meetings", first.id) if e.action == "updated"]
    assert changed and changed[0].changes[0].after == "출장 중 고친 제목"

    again = sync(trip, team)
    assert again.nothing_to_do and again.conflicts == []
    assert json_of(team, tmp_path / "c.json") == json_of(team, tmp_path / "b.json")


def test_a_record_created_offline_goes_to_the_team(team, trip):
    meeting = _meetings(trip, 1)[0]
    made = records.create(trip, Action, {"title": "출장 중 약속한 자료 송부", "meeting_id": meeting.id})

    result = sync(trip, team)

    assert result.sent["insert"] == 1
    with team.read() as s:
        assert s.get(Action, made.id).title == "출장 중 약속한 자료 송부"


def test_the_same_record_changed_on_both_sides_is_listed_and_lost_on_neither(team, trip, tmp_path):
    meeting = _meetings(team, 1)[0]
    records.update(trip, Meeting, meeting.id, {"title": "오프라인 제목"})
    records.update(team, Meeting, meeting.id, {"title": "서버 제목"})
    other = _meetings(team)[1]
    records.update(trip, Meeting, other.id, {"title": "다른 기록은 간다"})

    result = sync(trip, team)

    assert len(result.conflicts) == 1
    conflict = result.conflicts[0]
    assert conflict.table == "meetings" and conflict.reason == "both_changed"
    assert conflict.offline.changed_at and conflict.server.changed_at and conflict.server.author
    assert "오프라인 제목" in conflict.describe() or "서버 제목" in conflict.describe()
    assert _title(team, meeting.id) == "서버 제목"  # the server keeps its version
    assert _title(trip, meeting.id) == "오프라인 제목"  # and the copy keeps the officer's
    assert _title(team, other.id) == "다른 기록은 간다"  # the rest went through

    again = sync(trip, team)  # still listed until the officer settles it
    assert len(again.conflicts) == 1 and again.nothing_to_do


def test_a_conflict_settled_for_the_offline_version_keeps_the_server_version_in_its_history(team, trip):
    meeting = _meetings(team, 1)[0]
    records.update(trip, Meeting, meeting.id, {"title": "오프라인 제목"})
    records.update(team, Meeting, meeting.id, {"title": "서버 제목"})

    result = sync(trip, team, take=OFFLINE)

    assert result.conflicts == [] and result.settled == 1
    assert _title(team, meeting.id) == _title(trip, meeting.id) == "오프라인 제목"
    changed = history.record_history(team, "meetings", meeting.id)[0]
    assert (changed.changes[0].before, changed.changes[0].after) == ("서버 제목", "오프라인 제목")
    with team.read() as s, trip.read() as t:  # version only goes up, and both agree on it
        assert s.get(Meeting, meeting.id).version == t.get(Meeting, meeting.id).version > meeting.version + 1
    assert sync(trip, team).nothing_to_do


def test_a_conflict_settled_for_the_server_keeps_the_offline_version_in_the_copys_history(team, trip):
    meeting = _meetings(team, 1)[0]
    records.update(trip, Meeting, meeting.id, {"title": "오프라인 제목"})
    records.update(team, Meeting, meeting.id, {"title": "서버 제목"})

    sync(trip, team, take=SERVER)

    assert _title(trip, meeting.id) == "서버 제목"
    changed = history.record_history(trip, "meetings", meeting.id)[0]
    assert (changed.changes[0].before, changed.changes[0].after) == ("오프라인 제목", "서버 제목")


def test_deletions_travel_both_ways_and_can_be_restored(team, trip):
    first, second = _meetings(team)
    records.delete(trip, Meeting, first.id)
    records.delete(team, Meeting, second.id)

    result = sync(trip, team)

    assert result.conflicts == []
    for side in (trip, team):
        assert _title(side, first.id) is None and _title(side, second.id) is None
        with side.read() as s:  # the key points went with their meetings
            gone = (first.id, second.id)
            assert not s.scalars(sa.select(KeyPoint).where(KeyPoint.meeting_id.in_(gone))).all()
    # the meeting deleted offline is in the team's deleted records, and comes back whole
    entry = next(e for e in history.deleted_records(team) if e.key == str(first.id))
    history.restore(team, entry.id)
    assert _title(team, first.id) == first.title
    assert sync(trip, team).received["insert"] >= 1
    assert _title(trip, first.id) == first.title


def test_what_a_sync_writes_of_a_restricted_meeting_says_restricted_in_the_trail(team, trip):
    """The trail a sync writes names what travelled; an entry about a row of a 대외비 meeting
    is marked as the sessions' own trail marks it, so that a team server hides it."""
    from tracker.db.audit import HIDDEN_MARK
    from tracker.db.models import AuditEntry, MeetingParticipant
    from tracker.domain.enums import Classification

    secret = _meetings(team, 1)[0]
    records.update(team, Meeting, secret.id, {"classification": Classification.RESTRICTED})
    sync(trip, team)
    with trip.read() as s:
        attendee = s.scalars(
            sa.select(MeetingParticipant.id).where(MeetingParticipant.meeting_id == secret.id)
        ).first()
    assert attendee is not None
    records.delete(trip, MeetingParticipant, attendee)
    assert sync(trip, team).conflicts == []
    with team.read() as s:
        (entry,) = s.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.table_name == "meeting_participants", AuditEntry.action == "deleted"
            )
        ).all()
    assert HIDDEN_MARK in entry.changes


def test_a_record_deleted_offline_but_changed_on_the_server_is_a_conflict(team, trip):
    meeting = _meetings(team, 1)[0]
    records.delete(trip, Meeting, meeting.id)
    records.update(team, Meeting, meeting.id, {"title": "서버에서 고침"})

    result = sync(trip, team)

    assert [c.table for c in result.conflicts] == ["meetings"]
    assert not result.conflicts[0].offline.present and result.conflicts[0].server.present
    assert _title(team, meeting.id) == "서버에서 고침"


def test_a_deletion_on_the_server_is_held_while_offline_work_refers_to_it(team, trip):
    meeting = _meetings(team, 1)[0]
    records.delete(team, Meeting, meeting.id)
    made = records.create(trip, Action, {"title": "출장 중 추가한 후속조치", "meeting_id": meeting.id})

    result = sync(trip, team)

    reasons = sorted(c.reason for c in result.conflicts)
    assert reasons == ["refers_to_deleted", "still_used"]
    held = next(c for c in result.conflicts if c.reason == "still_used")
    assert "deleted on the server, still used offline" in held.describe()
    with trip.read() as s:  # nothing made offline is lost
        assert s.get(Action, made.id) is not None and s.get(Meeting, meeting.id) is not None
    # not even by taking the server's side: new work is never removed by a choice
    assert len(sync(trip, team, take=SERVER).conflicts) == 2
    with trip.read() as s:
        assert s.get(Action, made.id) is not None
    # putting the meeting back on the server lets the offline follow-up through
    entry = next(e for e in history.deleted_records(team) if e.key == str(meeting.id))
    history.restore(team, entry.id)
    result = sync(trip, team)
    assert result.conflicts == [] and result.sent["insert"] == 1


def test_a_sync_that_fails_midway_leaves_both_databases_as_they_were(team, trip, tmp_path, monkeypatch):
    first, second = _meetings(team)
    records.update(trip, Meeting, first.id, {"title": "오프라인"})
    records.update(team, Meeting, second.id, {"title": "서버"})
    before = json_of(trip, tmp_path / "a.json"), json_of(team, tmp_path / "b.json")

    import tracker.export.sync as module

    real = module._apply

    def apply_then_fail(conn, ops, actor):  # type: ignore[no-untyped-def]
        real(conn, ops, actor)
        if ops and ops[0].side == "offline":
            raise SyncInterrupted("lost the line")

    monkeypatch.setattr(module, "_apply", apply_then_fail)
    with pytest.raises(SyncInterrupted):
        sync(trip, team)
    assert (json_of(trip, tmp_path / "c.json"), json_of(team, tmp_path / "d.json")) == before

    monkeypatch.setattr(module, "_apply", real)
    assert sync(trip, team).conflicts == []
    assert _title(team, first.id) == "오프라인" and _title(trip, second.id) == "서버"


def test_a_checkout_is_made_only_into_a_new_database_and_a_sync_only_from_one(
    team, trip, _migrated_template, tmp_path
):
    with pytest.raises(CopyExists):
        checkout(team, trip)  # already full of records
    plain = _fresh(_migrated_template, tmp_path / "plain.sqlite3")
    with pytest.raises(NotACheckout):
        sync(plain, team)
    plain.dispose()


def test_a_photo_attached_offline_reaches_the_team_with_its_file(team, trip, tmp_path):
    meeting = _meetings(trip, 1)[0]
    photo = tmp_path / "현장 사진.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    add_attachment(trip, photo, meeting_id=meeting.id, caption="출장 중 찍은 사진")

    result = sync(trip, team)

    assert result.sent["insert"] == 1 and result.files_copied == 1
    assert verify_attachments(team) == []  # the record and its file, checksum and all


def test_a_sync_a_constraint_refuses_changes_nothing_and_says_why(team, trip, tmp_path):
    records.create(trip, Topic, {"name_ko": "반도체 공급망"})
    records.create(team, Topic, {"name_ko": "반도체 공급망"})  # the same name, made apart
    first = _meetings(team, 1)[0]
    records.update(team, Meeting, first.id, {"title": "본부에서 고침"})
    before = json_of(trip, tmp_path / "a.json"), json_of(team, tmp_path / "b.json")

    with pytest.raises(SyncFailed, match="constraint"):
        sync(trip, team)

    assert (json_of(trip, tmp_path / "c.json"), json_of(team, tmp_path / "d.json")) == before


def test_a_deletion_offline_is_held_while_a_colleagues_new_record_refers_to_it(team, trip):
    meeting = _meetings(team, 1)[0]
    records.delete(trip, Meeting, meeting.id)
    theirs = records.create(team, Action, {"title": "동료가 추가한 후속조치", "meeting_id": meeting.id})

    result = sync(trip, team)

    assert sorted(c.reason for c in result.conflicts) == ["refers_to_deleted", "still_used"]
    held = next(c for c in result.conflicts if c.reason == "still_used")
    assert "deleted offline, still used on the server" in held.describe()
    with team.read() as s:  # the colleague's follow-up keeps its meeting on the server
        assert s.get(Action, theirs.id).meeting_id == meeting.id
    assert _title(team, meeting.id) == meeting.title
    # taking the server's side brings the meeting back into the copy, with the follow-up
    result = sync(trip, team, take=SERVER)
    assert result.conflicts == []
    with trip.read() as s:
        assert s.get(Action, theirs.id).meeting_id == meeting.id
    assert sync(trip, team).nothing_to_do


def test_a_copy_synced_against_a_new_empty_database_is_refused_untouched(
    team, trip, _migrated_template, tmp_path
):
    empty = _fresh(_migrated_template, tmp_path / "empty.sqlite3")
    before = json_of(trip, tmp_path / "a.json")
    with pytest.raises(SyncFailed, match="none of this copy's records"):
        sync(trip, empty)
    assert json_of(trip, tmp_path / "b.json") == before
    empty.dispose()
