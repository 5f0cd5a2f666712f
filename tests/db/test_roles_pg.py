"""Team roles, enforced by the PostgreSQL server itself (migration 0010): an officer writes, a
reader (a minister's office) reads and is refused every write with a message it can act on,
and a 대외비 meeting is seen only by those granted the label."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from hidden_rows import restricted_meeting, secret_point
from team_roles import Team

from tracker.db import roles
from tracker.db.engine import Database
from tracker.db.models import AuditEntry, KeyPoint, Meeting
from tracker.db.roles import PermissionRefused
from tracker.domain import i18n
from tracker.domain.enums import Classification
from tracker.services import meetings, records

pytestmark = pytest.mark.postgres


@pytest.fixture
def team(postgres_server):
    team = Team(postgres_server, postgres_server.new_database())
    yield team
    team.close()


def _meeting(db: Database, title: str, classification: Classification = Classification.NONE) -> Meeting:
    return meetings.create_meeting(
        db,
        {"title": title, "date": date(2026, 3, 4), "classification": classification},
        key_points=["첫째 요점"],
    )


def _titles(db: Database) -> set[str]:
    return {m.title for m in meetings.list_meetings(db)}


def _count(db: Database, model: type) -> int:
    with db.read() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def test_an_officer_writes_and_the_trail_names_them(team):
    officer = team.member(roles.OFFICER)
    created = _meeting(officer, "한-캐 장관 면담")
    assert _titles(team.admin) == {"한-캐 장관 면담"}
    records.update(officer, Meeting, created.id, {"title": "한-캐 장관 양자면담"})
    assert _titles(team.admin) == {"한-캐 장관 양자면담"}
    with team.admin.read() as s:
        actors = set(s.scalars(sa.select(AuditEntry.actor)))
    assert actors == {officer.engine.url.username}
    assert roles.access(officer) == roles.Access(
        can_write=True, sees_restricted=False, user=officer.engine.url.username
    )


def test_a_reader_reads_everything_it_may_see(team):
    _meeting(team.admin, "한-캐 장관 면담")
    reader = team.member(roles.READER)
    assert _titles(reader) == {"한-캐 장관 면담"}
    assert _count(reader, KeyPoint) == 1
    assert not roles.access(reader).can_write


def test_the_server_refuses_a_readers_write_and_says_so(team):
    existing = _meeting(team.admin, "한-캐 장관 면담")
    reader = team.member(roles.READER)

    i18n.set_language("ko")
    with pytest.raises(PermissionRefused) as refused:
        _meeting(reader, "몰래 만든 면담")
    assert refused.value.reason == "read_only"
    assert str(refused.value).startswith("읽기 전용 권한입니다")
    assert "Nothing was changed" in refused.value.message("en")
    with pytest.raises(PermissionRefused):
        records.update(reader, Meeting, existing.id, {"title": "고친 제목"})
    with pytest.raises(PermissionRefused):
        records.delete(reader, Meeting, existing.id)
    assert _titles(team.admin) == {"한-캐 장관 면담"}

    # The server itself, not the program: plain SQL from the reader's login is refused too.
    with reader.engine.connect() as conn, pytest.raises(sa.exc.ProgrammingError) as raw:
        conn.execute(sa.text("UPDATE meetings SET title = 'x'"))
    assert raw.value.orig.sqlstate == "42501"


def test_a_restricted_meeting_is_seen_only_with_the_label(team):
    _meeting(team.admin, "공개 면담")
    secret = _meeting(team.admin, "대외비 면담", Classification.RESTRICTED)
    officer = team.member(roles.OFFICER)
    reader = team.member(roles.READER)
    cleared = team.member(roles.READER, confidential=True)

    for db in (officer, reader):
        assert _titles(db) == {"공개 면담"}
        assert _count(db, KeyPoint) == 1  # the public meeting's point only
        with db.read() as s:
            assert s.get(Meeting, secret.id) is None
            trail = " ".join(e.changes or "" for e in s.scalars(sa.select(AuditEntry)))
        assert "공개 면담" in trail and "대외비 면담" not in trail
    assert _titles(cleared) == {"공개 면담", "대외비 면담"}
    assert _count(cleared, KeyPoint) == 2

    # A 대외비 point of a public meeting: the meeting stays in sight, the point does not.
    public = next(m for m in meetings.list_meetings(team.admin) if m.title == "공개 면담")
    secret_point(team.admin, public.id)
    with officer.read() as s:
        assert set(s.scalars(sa.select(KeyPoint.text))) == {"첫째 요점"}
    assert _count(cleared, KeyPoint) == 3
    assert roles.access(cleared).sees_restricted


def test_an_officer_without_the_label_cannot_make_a_record_restricted(team):
    officer = team.member(roles.OFFICER)
    mine = _meeting(officer, "공개 면담")
    with pytest.raises(PermissionRefused) as refused:
        records.update(officer, Meeting, mine.id, {"classification": Classification.RESTRICTED})
    assert refused.value.reason == "restricted"
    with team.admin.read() as s:
        assert s.get(Meeting, mine.id).classification == Classification.NONE
    cleared = team.member(roles.OFFICER, confidential=True)
    records.update(cleared, Meeting, mine.id, {"classification": Classification.RESTRICTED})
    assert _titles(officer) == set()
    assert _titles(cleared) == {"공개 면담"}


def test_a_delete_never_takes_rows_its_deleter_cannot_see(team):
    """The server's ON DELETE CASCADE / SET NULL does not ask the policies: without migration
    0011 an officer without the label deleting a public meeting deleted its hidden 대외비 key
    points too, unseen, unaudited and beyond restore."""
    from tracker.db.models import Organization, Trip

    public = _meeting(team.admin, "공개 면담")
    secret_point(team.admin, public.id)
    ministry = records.create(team.admin, Organization, {"name_ko": "캐나다 혁신과학경제개발부"})
    trip = records.create(
        team.admin,
        Trip,
        {"title": "캐나다 출장", "start_date": date(2026, 3, 1), "end_date": date(2026, 3, 6)},
    )
    secret = meetings.create_meeting(
        team.admin,
        {"title": "대외비 면담", "date": date(2026, 3, 4), "classification": Classification.RESTRICTED,
         "trip_id": trip.id},
    )  # fmt: skip
    with team.admin.write() as s:
        s.execute(
            sa.text("INSERT INTO meeting_organizations (meeting_id, organization_id) VALUES (:m, :o)"),
            {"m": secret.id, "o": ministry.id},
        )
    officer = team.member(roles.OFFICER)
    i18n.set_language("ko")
    # The public meeting (its hidden point), the organization (a hidden meeting's link to it),
    # the trip (a hidden meeting would lose its trip): each refused whole, with the reason.
    for model, key in ((Meeting, public.id), (Organization, ministry.id), (Trip, trip.id)):
        with pytest.raises(PermissionRefused) as refused:
            records.delete(officer, model, key)
        assert refused.value.reason == "hidden_rows"
        assert (
            "대외비 권한" in refused.value.message()
            and "아무것도 바뀌지 않았습니다" in refused.value.message()
        )
    with team.admin.read() as s:
        assert set(s.scalars(sa.select(KeyPoint.text).where(KeyPoint.meeting_id == public.id))) == {
            "첫째 요점",
            "비공개 요점",
        }
        assert s.get(Meeting, secret.id).trip_id == trip.id
        links = s.execute(sa.text("SELECT count(*) FROM meeting_organizations")).scalar()
        assert links == 1 and s.get(Organization, ministry.id) is not None

    # What hides nothing is deleted as before; whoever holds the label deletes the rest.
    plain = _meeting(officer, "다른 공개 면담")
    records.delete(officer, Meeting, plain.id)
    cleared = team.member(roles.OFFICER, confidential=True)
    records.delete(cleared, Meeting, public.id)
    with team.admin.read() as s:
        assert s.get(Meeting, public.id) is None and s.get(Meeting, plain.id) is None
        assert s.scalar(sa.select(sa.func.count()).select_from(KeyPoint)) == 0


def test_the_trail_of_what_belongs_to_a_restricted_meeting_stays_hidden(team):
    """A deleted participant of a 대외비 meeting is no row any more, so the policy cannot ask
    whether it is hidden: its entry says "restricted" (tracker/db/audit.py) and stays hidden."""
    from tracker.db.models import MeetingParticipant

    cleared = team.member(roles.OFFICER, confidential=True)
    officer = team.member(roles.OFFICER)
    secret, attendee, _point = restricted_meeting(cleared)
    records.delete(cleared, MeetingParticipant, attendee)
    with cleared.read() as s:
        seen_cleared = {(e.table_name, e.action) for e in s.scalars(sa.select(AuditEntry))}
    with officer.read() as s:
        seen = [e for e in s.scalars(sa.select(AuditEntry))]
    assert ("meeting_participants", "deleted") in seen_cleared
    assert [e for e in seen if e.table_name == "meeting_participants"] == []
    assert all(str(secret.id) not in (e.changes or "") for e in seen)
