"""The demo data (resources/demo) imports cleanly and says what the reference documents say."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker import config
from tracker.db.models import (
    Action,
    Agreement,
    Event,
    KeyPoint,
    Meeting,
    MeetingParticipant,
    Organization,
    Person,
    Trip,
)
from tracker.domain.enums import DatePrecision, MeetingKind, Side
from tracker.export.interchange import ImportRejected, import_json, to_uuid
from tracker.services.countries import seed_countries

DEMO = Path(config.RESOURCES_DIR) / "demo"
G7 = DEMO / "g7_montreal_2025.json"
COOPERATION = DEMO / "cooperation_2025.json"
IMPORT_ORDER = (G7, COOPERATION)

TRIP_TITLE = "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장"


@pytest.fixture
def demo_db(db):
    seed_countries(db)
    for path in IMPORT_ORDER:
        import_json(db, path)
    return db


def _trip(s) -> Trip:
    return s.scalars(sa.select(Trip).where(Trip.title == TRIP_TITLE)).one()


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def test_files_import_in_order(db):
    seed_countries(db)
    g7 = import_json(db, G7)
    cooperation = import_json(db, COOPERATION)
    assert g7["trips"] == 1 and g7["meetings"] == 8 and g7["itinerary_items"] == 27
    assert cooperation["agreements"] >= 1 and cooperation["channels"] >= 6


def test_cooperation_needs_the_trip_file_first(db):
    seed_countries(db)
    with pytest.raises(ImportRejected) as info:
        import_json(db, COOPERATION)
    assert any("organizations" in p for p in info.value.problems)


def test_importing_again_adds_nothing(demo_db):
    def counts():
        with demo_db.read() as s:
            return {
                m.__name__: s.scalar(sa.select(sa.func.count()).select_from(m))
                for m in (Organization, Person, Meeting, KeyPoint, MeetingParticipant, Action)
            }

    before = counts()
    for path in IMPORT_ORDER:
        import_json(demo_db, path)
    assert counts() == before


def test_trip_header(demo_db):
    with demo_db.read() as s:
        trip = _trip(s)
        assert trip.destination == "캐나다(몬트리올)"
        assert (trip.start_date, trip.end_date) == (dt.date(2025, 12, 6), dt.date(2025, 12, 11))
        assert trip.report_date == dt.date(2025, 12, 24)
        assert len(trip.purpose.splitlines()) == 2
        assert [line[:2] for line in trip.purpose_notes.splitlines()] == ["* ", "**"]
        assert [(d.country_code, d.timezone) for d in trip.destinations] == [("CA", "America/Toronto")]
        assert [e.name_ko for e in trip.events] == ["G7 산업 및 디지털·기술 장관회의"]


def test_two_members_with_their_own_periods(demo_db):
    with demo_db.read() as s:
        members = _trip(s).members
        got = [(m.person.name_ko, m.title, m.start_date, m.end_date) for m in members]
        assert got == [
            ("박진홍", "팀장", dt.date(2025, 12, 6), dt.date(2025, 12, 11)),
            ("조목은", "수석", dt.date(2025, 12, 6), dt.date(2025, 12, 10)),
        ]
        assert all(m.person.is_staff for m in members)
        assert "뉴욕" in members[1].note
        assert members[0].duties.splitlines()[0].startswith("o ")
        assert members[0].duties.splitlines()[1].startswith(" - ")


def test_meetings_and_key_points_in_the_reports_order(demo_db):
    with demo_db.read() as s:
        meetings = _trip(s).meetings
        assert [m.kind for m in meetings] == [MeetingKind.BILATERAL] * 7 + [MeetingKind.SITE_VISIT]
        assert [m.seq for m in meetings] == list(range(1, 9))
        assert [m.country_code for m in meetings] == ["US", None, "CA", "JP", "GB", "US", "DE", "CA"]
        assert [len(m.key_points) for m in meetings] == [3, 3, 3, 3, 3, 2, 3, 3]
        assert all(m.timezone == "America/Toronto" for m in meetings)
        first, oecd, germany, mila = meetings[0], meetings[1], meetings[6], meetings[7]
        assert (first.date, first.start_time, first.end_time) == (
            dt.date(2025, 12, 8),
            _time("09:35"),
            _time("09:55"),
        )
        assert (germany.date, germany.start_time) == (dt.date(2025, 12, 9), _time("13:00"))
        assert [k.text for k in first.key_points][0] == "韓 테크기업들의 미국 투자 유치 및 향후 협력 논의"
        assert oecd.key_points[0].text == "韓-WB 글로벌 디지털 서밋(’26.10월)에 OECD 참여 요청"
        assert all(m.event_id is not None for m in meetings[:7])

        assert (mila.start_time, mila.end_time) == (_time("17:00"), _time("18:10"))
        assert [k.party for k in mila.key_points] == ["한국", "밀라연구소", "퀘벡주정부"]
        crowd = [p for p in mila.participants if p.person_id is None]
        assert [p.name for p in crowd] == ["밀라연구소 연구원 및 한국대표단 등 총 26명"]


def test_each_bilateral_meeting_has_a_head_on_each_side(demo_db):
    with demo_db.read() as s:
        for meeting in _trip(s).meetings:
            if meeting.kind is not MeetingKind.BILATERAL:
                continue
            heads = [p for p in meeting.participants if p.is_head]
            assert sorted(p.side for p in heads) == [Side.THEM, Side.US], meeting.title
            us = next(p for p in heads if p.side is Side.US)
            assert us.title == "제2차관"


def test_counterparts_names_in_both_scripts(demo_db):
    with demo_db.read() as s:
        by_original = {p.name_original: p for p in s.scalars(sa.select(Person))}
        assert by_original["今川拓郎"].country_code == "JP"
        assert by_original["Karsten Wildberger"].name_ko == "카르스텐 빌트베르거"
        assert by_original["Michael Kratsios"].name_ko == "마이클 크라치오스"
        assert "William Kimmitt" in by_original  # the report misspells it 'Wiliam'
        assert "Valérie Pisano" in by_original and "Rémi Quirion" in by_original
        ised = s.scalars(sa.select(Organization).where(Organization.acronym == "ISED")).one()
        assert ised.parent.name_en == "Government of Canada"


def test_itinerary(demo_db):
    with demo_db.read() as s:
        items = _trip(s).itinerary
        assert len(items) == 27
        outbound = items[0]
        assert (outbound.date, outbound.start_time, outbound.timezone) == (
            dt.date(2025, 12, 6),
            _time("09:45"),
            "Asia/Seoul",
        )  # leaves Incheon
        assert outbound.reference == "KE035 KE3769"
        assert outbound.member.person.name_ko == "박진홍"

        overnight = [i for i in items if i.end_day_offset == 1]
        assert len(overnight) == 1
        home = overnight[0]
        assert home.reference == "AC401 KE078"
        assert (home.date, home.start_time, home.end_time) == (
            dt.date(2025, 12, 10),
            _time("07:00"),
            _time("16:50"),
        )
        assert home.timezone == "America/Toronto"  # leaves Montreal
        assert home.detail == "박진홍 팀장(몬트리올→토론토 경유→인천)"

        bilateral_lines = [i for i in items if i.meeting_id is not None and i.kind.value == "meeting"]
        assert len(bilateral_lines) == 7


def test_g7_event_sessions(demo_db):
    with demo_db.read() as s:
        event = s.scalars(
            sa.select(Event).where(Event.name_en == "G7 Industry, Digital and Technology Ministers' Meeting")
        ).one()
        assert (event.start_date, event.end_date, event.timezone) == (
            dt.date(2025, 12, 8),
            dt.date(2025, 12, 9),
            "America/Toronto",
        )
        assert event.venue == "Le Westin Montreal Hotel"
        assert len(event.sessions) == 6
        five = event.sessions[4]
        assert (five.date, five.start_time, five.end_time) == (
            dt.date(2025, 12, 9),
            _time("10:00"),
            _time("12:45"),
        )


def _action(s, key: str) -> Action:
    return s.get(Action, to_uuid(f"action:g7-2025-{key}"))


def test_oecd_action_is_due_in_october_2026(demo_db):
    with demo_db.read() as s:
        action = _action(s, "oecd-digital-summit")
        assert (action.due_date, action.due_precision) == (dt.date(2026, 10, 1), DatePrecision.MONTH)
        assert action.due.iso() == "2026-10"
        assert action.owed_by.value == "them"
        assert action.key_point.text.startswith("韓-WB 글로벌 디지털 서밋")
        assert action.counterpart_org.acronym == "OECD"


def test_tokyo_action_is_a_two_day_range(demo_db):
    with demo_db.read() as s:
        action = _action(s, "japan-tokyo-ministerial")
        assert (action.due_date, action.due_end) == (dt.date(2026, 3, 15), dt.date(2026, 3, 16))
        assert action.due.iso() == "2026-03-15/2026-03-16"
        assert action.meeting.country_code == "JP"
        assert action.owner.is_staff


def test_every_trip_action_comes_from_a_key_point_of_its_meeting(demo_db):
    with demo_db.read() as s:
        trip = _trip(s)
        actions = s.scalars(sa.select(Action).where(Action.trip_id == trip.id)).all()
        assert len(actions) >= 8
        for action in actions:
            assert action.key_point.meeting_id == action.meeting_id, action.title
            assert action.owner.is_staff and action.status.value == "open"


def test_technology_prosperity_deal(demo_db):
    with demo_db.read() as s:
        tpd = s.scalars(sa.select(Agreement).where(Agreement.title_ko.like("한-미 기술번영%"))).one()
        assert (tpd.signed_date, tpd.signed_precision) == (dt.date(2025, 10, 29), DatePrecision.DAY)
        assert tpd.kind.value == "mou" and tpd.country_code == "US"
        assert {o.acronym for o in tpd.parties} == {"MSIT", "OSTP"}


def test_ministers_meeting_and_its_officials(demo_db):
    with demo_db.read() as s:
        meeting = s.get(Meeting, to_uuid("meeting:stai-ministers-2025-1"))
        assert (meeting.date, meeting.start_time, meeting.timezone) == (
            dt.date(2025, 11, 24),
            _time("10:00"),
            "Asia/Seoul",
        )
        assert len(meeting.key_points) == 10
        assert meeting.event.channel.recurrence == "FREQ=MONTHLY"
        official = s.scalars(sa.select(Person).where(Person.phone == "044-202-6130")).one()
        position = official.positions[0]
        assert (official.name_ko, position.title_ko) == ("이정순", "과장")
        chain = [
            position.organization.name_ko,
            position.organization.parent.name_ko,
            position.organization.parent.parent.name_ko,
        ]
        assert chain == ["디지털사회기획과", "정보통신정책실", "과학기술정보통신부"]
