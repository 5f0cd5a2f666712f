"""Saving a trip whole: the trip row, destinations, members and itinerary in one transaction,
keeping the ids of what is kept, and writing nothing when any part is wrong."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa

from tracker.db.models import ItineraryItem, Position, Trip, TripDestination, TripMember
from tracker.domain.enums import ItineraryKind
from tracker.domain.errors import ConflictError, ValidationError
from tracker.domain.i18n import set_language
from tracker.services import directory, events, records, trips
from tracker.services.countries import seed_countries
from tracker.services.trip_save import (
    OutsideTripError,
    TripPartError,
    event_choices,
    find_events,
    member_title,
    save_trip,
)

FIELDS = {
    "title": "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장",
    "destination": "캐나다(몬트리올)",
    "start_date": date(2025, 12, 6),
    "end_date": date(2025, 12, 11),
}


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


@pytest.fixture
def staff(cdb):
    park = directory.create_person(cdb, {"name_ko": "박진홍", "is_staff": True})
    cho = directory.create_person(cdb, {"name_ko": "조목은", "is_staff": True})
    return park, cho


@pytest.fixture
def g7(cdb):
    return events.create_event(
        cdb,
        {
            "name_ko": "G7 산업 및 디지털·기술 장관회의",
            "name_en": "G7 IDT Ministerial",
            "start_date": date(2025, 12, 8),
            "end_date": date(2025, 12, 9),
            "city": "몬트리올",
            "timezone": "America/Toronto",
        },
    )


def _members(staff):
    park, cho = staff
    return [
        {
            "person_id": park.id,
            "title": "팀장",
            "role": "총괄",
            "start_date": date(2025, 12, 6),
            "end_date": date(2025, 12, 11),
            "duties": "o 한-캐 AI 협력 강화 및 G7 장관회의 지원 총괄",
        },
        {
            "person_id": cho.id,
            "title": "수석",
            "role": "실무",
            "start_date": date(2025, 12, 6),
            "end_date": date(2025, 12, 10),
            "note": "※ 조목은 수석은 미국(뉴욕)-캐나다(몬트리올)-미국(뉴욕) 일정으로 합류",
        },
    ]


def _itinerary():
    return [
        {
            "date": date(2025, 12, 6),
            "start_time": time(9, 45),
            "end_time": time(13, 54),
            "timezone": "Asia/Seoul",
            "end_timezone": "America/Toronto",
            "kind": ItineraryKind.FLIGHT,
            "description": "출국 및 현지도착",
            "detail": "박진홍 팀장(인천→아틀란타→몬트리올)",
            "reference": "KE035 KE3769",
            "member_id": 0,
        },
        {
            "date": date(2025, 12, 8),
            "start_time": time(9),
            "end_time": time(9, 35),
            "timezone": "America/Toronto",
            "kind": ItineraryKind.SESSION,
            "description": "개회식",
        },
        {
            "date": date(2025, 12, 10),
            "start_time": time(7),
            "end_time": time(16, 50),
            "end_day_offset": 1,
            "timezone": "America/Toronto",
            "end_timezone": "Asia/Seoul",
            "kind": ItineraryKind.FLIGHT,
            "description": "캐나다 출국 및 인천 입국",
            "reference": "AC401 KE078",
            "member_id": 0,
        },
        {
            "date": date(2025, 12, 10),
            "start_time": time(9, 35),
            "end_time": time(11, 15),
            "kind": ItineraryKind.FLIGHT,
            "description": "캐나다 출국 및 뉴욕 입국",
            "member_id": 1,
        },
    ]


def _create(cdb, staff, event_ids=()):
    return save_trip(
        cdb,
        None,
        FIELDS,
        destinations=[{"country_code": "CA", "city": "몬트리올", "timezone": "America/Toronto"}],
        members=_members(staff),
        itinerary=_itinerary(),
        event_ids=list(event_ids),
    )


def _counts(cdb):
    with cdb.read() as s:
        return {
            m.__tablename__: s.scalar(sa.select(sa.func.count()).select_from(m))
            for m in (Trip, TripDestination, TripMember, ItineraryItem)
        }


def _as_dicts(trip):
    """What an editor sends back for an unchanged trip: every row with its id."""
    keep = (
        "id",
        "date",
        "start_time",
        "end_time",
        "end_day_offset",
        "timezone",
        "end_timezone",
        "kind",
        "description",
        "detail",
        "reference",
        "member_id",
        "meeting_id",
        "event_id",
    )
    return (
        [
            {"id": d.id, "country_code": d.country_code, "city": d.city, "timezone": d.timezone}
            for d in trip.destinations
        ],
        [
            {
                "id": m.id,
                "person_id": m.person_id,
                "title": m.title,
                "role": m.role,
                "start_date": m.start_date,
                "end_date": m.end_date,
                "duties": m.duties,
                "note": m.note,
            }
            for m in trip.members
        ],
        [{k: getattr(i, k) for k in keep} for i in trip.itinerary],
    )


def test_create_saves_every_part_in_order(cdb, staff, g7):
    trip = _create(cdb, staff, [g7.id])
    park, cho = staff
    assert trip.title == FIELDS["title"] and trip.version == 1
    assert [(d.country_code, d.city, d.seq) for d in trip.destinations] == [("CA", "몬트리올", 1)]
    assert [(m.person_id, m.title, m.seq, m.end_date) for m in trip.members] == [
        (park.id, "팀장", 1, date(2025, 12, 11)),
        (cho.id, "수석", 2, date(2025, 12, 10)),
    ]
    lines = trip.itinerary
    assert [i.seq for i in lines] == [1, 2, 3, 4]
    home = lines[2]
    assert (home.start_time, home.end_time, home.end_day_offset, home.reference) == (
        time(7),
        time(16, 50),
        1,
        "AC401 KE078",
    )
    assert (home.timezone, home.end_timezone) == ("America/Toronto", "Asia/Seoul")
    # A line names its traveller by position in the member list.
    assert [i.member.person_id if i.member else None for i in lines] == [park.id, None, park.id, cho.id]
    assert [e.name_ko for e in trip.events] == ["G7 산업 및 디지털·기술 장관회의"]


def test_update_keeps_ids_and_member_links(cdb, staff, g7):
    trip = _create(cdb, staff, [g7.id])
    destinations, members, itinerary = _as_dicts(trip)
    park_id, cho_id = members[0]["id"], members[1]["id"]
    kept_line = itinerary[2]["id"]
    # Reorder the members, edit one, add a traveller; drop the opening session; add a line.
    third = directory.create_person(cdb, {"name_ko": "김민수", "is_staff": True})
    members = [
        members[1],
        {**members[0], "duties": "o 총괄"},
        {
            "id": "new-1",
            "person_id": third.id,
            "title": "사무관",
            "start_date": date(2025, 12, 8),
            "end_date": date(2025, 12, 9),
        },
    ]
    itinerary = [
        itinerary[0],
        itinerary[2],
        itinerary[3],
        {
            "date": date(2025, 12, 9),
            "start_time": time(17),
            "end_time": time(18),
            "kind": ItineraryKind.SITE_VISIT,
            "description": "현장방문(밀라연구소)",
            "member_id": "new-1",
        },
    ]
    saved = save_trip(
        cdb,
        trip.id,
        {**FIELDS, "report_date": date(2025, 12, 24)},
        destinations=destinations,
        members=members,
        itinerary=itinerary,
        event_ids=[],
        expected_version=trip.version,
    )
    assert saved.id == trip.id and saved.report_date == date(2025, 12, 24)
    assert saved.version == trip.version + 1
    assert [m.id for m in saved.members][:2] == [cho_id, park_id]
    assert [m.seq for m in saved.members] == [1, 2, 3]
    assert saved.members[1].duties == "o 총괄"
    new_member = saved.members[2]
    assert new_member.id not in (park_id, cho_id)
    lines = {i.description: i for i in saved.itinerary}
    assert lines["캐나다 출국 및 인천 입국"].id == kept_line
    assert lines["캐나다 출국 및 인천 입국"].member_id == park_id
    assert lines["출국 및 현지도착"].member_id == park_id
    assert lines["캐나다 출국 및 뉴욕 입국"].member_id == cho_id
    assert lines["현장방문(밀라연구소)"].member_id == new_member.id
    assert "개회식" not in lines
    assert saved.events == []
    assert _counts(cdb) == {"trips": 1, "trip_destinations": 1, "trip_members": 3, "itinerary_items": 4}


def test_removed_member_and_lines_are_deleted(cdb, staff):
    trip = _create(cdb, staff)
    destinations, members, itinerary = _as_dicts(trip)
    saved = save_trip(
        cdb,
        trip.id,
        FIELDS,
        destinations=[],
        members=members[:1],
        itinerary=[line for line in itinerary if line["member_id"] != members[1]["id"]],
    )
    assert [m.id for m in saved.members] == [members[0]["id"]]
    assert len(saved.itinerary) == 3 and saved.destinations == []


def test_member_period_outside_the_trip_is_refused_and_nothing_is_written(cdb, staff):
    members = _members(staff)
    members[1]["end_date"] = date(2025, 12, 12)
    with pytest.raises(ValidationError) as err:
        save_trip(cdb, None, FIELDS, members=members, itinerary=_itinerary())
    assert isinstance(err.value, TripPartError)
    assert (err.value.section, err.value.row, err.value.field) == ("members", 1, "end_date")
    assert isinstance(err.value.cause, OutsideTripError)
    assert str(err.value) == (
        "Trip member 2: The end date 2025-12-12 is outside the trip period (2025-12-06 – 2025-12-11)."
    )
    set_language("ko")
    assert str(err.value) == "출장자 2: 출장기간(2025-12-06~2025-12-11) 밖의 종료일입니다: 2025-12-12"
    assert _counts(cdb) == {"trips": 0, "trip_destinations": 0, "trip_members": 0, "itinerary_items": 0}


def test_update_with_a_bad_member_changes_nothing(cdb, staff):
    trip = _create(cdb, staff)
    destinations, members, itinerary = _as_dicts(trip)
    members[0]["start_date"] = date(2025, 12, 1)
    with pytest.raises(TripPartError):
        save_trip(
            cdb,
            trip.id,
            {**FIELDS, "title": "바뀐 제목"},
            destinations=[],
            members=members,
            itinerary=itinerary[:1],
        )
    again = trips.get_trip(cdb, trip.id)
    assert again.title == FIELDS["title"] and again.version == trip.version
    assert len(again.destinations) == 1 and len(again.itinerary) == 4
    assert again.members[0].start_date == date(2025, 12, 6)


def test_shortening_the_trip_checks_members_against_the_new_period(cdb, staff):
    trip = _create(cdb, staff)
    destinations, members, itinerary = _as_dicts(trip)
    with pytest.raises(TripPartError) as err:
        save_trip(
            cdb,
            trip.id,
            {**FIELDS, "end_date": date(2025, 12, 10)},
            destinations=destinations,
            members=members,
            itinerary=[],
        )
    assert (err.value.section, err.value.row, err.value.field) == ("members", 0, "end_date")


def test_itinerary_date_outside_the_trip_is_refused(cdb, staff):
    lines = _itinerary()
    lines[3]["date"] = date(2025, 12, 12)
    with pytest.raises(TripPartError) as err:
        save_trip(cdb, None, FIELDS, members=_members(staff), itinerary=lines)
    assert (err.value.section, err.value.row, err.value.field) == ("itinerary", 3, "date")
    assert "Itinerary line 4" in str(err.value) and "2025-12-12" in str(err.value)
    assert _counts(cdb)["trips"] == 0


def test_other_row_errors_name_the_row(cdb, staff):
    lines = _itinerary()
    lines[1]["description"] = "  "
    with pytest.raises(TripPartError) as err:
        save_trip(cdb, None, FIELDS, members=_members(staff), itinerary=lines)
    assert (err.value.section, err.value.row, err.value.code) == ("itinerary", 1, "required")
    lines = _itinerary()
    lines[0]["timezone"] = "Mars/Olympus"
    with pytest.raises(TripPartError) as err:
        save_trip(cdb, None, FIELDS, members=_members(staff), itinerary=lines)
    assert err.value.code == "bad_timezone" and "Mars/Olympus" in str(err.value)
    with pytest.raises(TripPartError) as err:
        save_trip(cdb, None, FIELDS, destinations=[{"country_code": "ZZ"}])
    assert err.value.section == "destinations" and err.value.code == "unknown_country"


def test_line_naming_an_unknown_member_is_refused(cdb, staff):
    lines = _itinerary()
    with pytest.raises(TripPartError) as err:
        save_trip(cdb, None, FIELDS, members=_members(staff)[:1], itinerary=lines)
    assert (err.value.row, err.value.field) == (3, "member_id")
    lines[3]["member_id"] = "nobody"
    with pytest.raises(TripPartError):
        save_trip(cdb, None, FIELDS, members=_members(staff), itinerary=lines)
    assert _counts(cdb)["trips"] == 0


def test_stale_version_is_a_conflict(cdb, staff):
    trip = _create(cdb, staff)
    destinations, members, itinerary = _as_dicts(trip)
    # A colleague changes only an itinerary line through the editor: the trip's version moves.
    itinerary[1]["description"] = "개회식 참석"
    save_trip(
        cdb,
        trip.id,
        FIELDS,
        destinations=destinations,
        members=members,
        itinerary=itinerary,
        expected_version=trip.version,
    )
    with pytest.raises(ConflictError):
        save_trip(
            cdb,
            trip.id,
            {**FIELDS, "title": "늦은 수정"},
            destinations=destinations,
            members=members,
            itinerary=itinerary,
            expected_version=trip.version,
        )
    assert trips.get_trip(cdb, trip.id).title == FIELDS["title"]


def test_find_events_by_words_and_period(cdb, g7):
    events.create_event(
        cdb,
        {
            "name_ko": "OECD 디지털경제정책위원회",
            "start_date": date(2026, 4, 20),
            "end_date": date(2026, 4, 21),
            "city": "파리",
        },
    )
    assert [e.id for e in find_events(cdb, "G7 장관회의")] == [g7.id]
    assert [e.id for e in find_events(cdb, "montreal")] == []
    assert [e.id for e in find_events(cdb, "몬트리올")] == [g7.id]
    assert [e.name_ko for e in find_events(cdb, "")] == ["OECD 디지털경제정책위원회", g7.name_ko]
    assert [e.id for e in find_events(cdb, "", start=date(2025, 12, 6), end=date(2025, 12, 11))] == [g7.id]
    assert find_events(cdb, "ministerial")[0].label() == "G7 IDT Ministerial (2025-12-08~09, 몬트리올)"
    assert [e.id for e in event_choices(cdb, [str(g7.id)])] == [g7.id]


def test_member_title_is_the_one_held_when_the_trip_starts(cdb, staff):
    park, _ = staff
    assert member_title(cdb, park.id) is None
    records.create(
        cdb,
        Position,
        {
            "person_id": park.id,
            "title_ko": "사무관",
            "start_date": date(2020, 1, 1),
            "end_date": date(2025, 12, 31),
        },
    )
    records.create(cdb, Position, {"person_id": park.id, "title_ko": "팀장", "start_date": date(2026, 1, 1)})
    assert member_title(cdb, park.id, date(2025, 12, 6)) == "사무관"
    assert member_title(cdb, park.id) == "팀장"
