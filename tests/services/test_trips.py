"""Trips: members with their own periods, itinerary, the dossier a trip report is written from."""

from __future__ import annotations

from datetime import date, time

import pytest

from tracker.db.models import Trip, TripMember
from tracker.domain.dates import format_local_time, nights_days
from tracker.domain.enums import ItineraryKind
from tracker.domain.errors import NotFoundError, ValidationError
from tracker.services import actions, directory, events, meetings, records, trips
from tracker.services.countries import seed_countries


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


@pytest.fixture
def staff(cdb):
    park = directory.create_person(cdb, {"name_ko": "박진홍", "is_staff": True})
    jo = directory.create_person(cdb, {"name_ko": "조목은", "is_staff": True})
    return park, jo


def _canada(cdb, staff, **kw):
    park, jo = staff
    return trips.create_trip(
        cdb,
        {
            "title": "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의",
            "destination": "캐나다(몬트리올)",
            "start_date": date(2025, 12, 6),
            "end_date": date(2025, 12, 11),
            **kw.pop("data", {}),
        },
        destinations=[{"country_code": "CA", "city": "몬트리올", "timezone": "America/Toronto"}],
        members=kw.pop(
            "members",
            [
                {
                    "person_id": park.id,
                    "title": "팀장",
                    "role": "총괄",
                    "start_date": date(2025, 12, 6),
                    "end_date": date(2025, 12, 11),
                },
                {
                    "person_id": jo.id,
                    "title": "수석",
                    "role": "실무",
                    "start_date": date(2025, 12, 6),
                    "end_date": date(2025, 12, 10),
                    "note": "미국(뉴욕)-캐나다(몬트리올)-미국(뉴욕) 일정으로 합류",
                },
            ],
        ),
        itinerary=kw.pop(
            "itinerary",
            [
                {
                    "date": date(2025, 12, 6),
                    "start_time": time(9, 45),
                    "end_time": time(13, 54),
                    "kind": ItineraryKind.FLIGHT,
                    "description": "출국 및 현지도착",
                    "reference": "KE035 KE3769",
                },
                {"date": date(2025, 12, 6), "start_time": time(16), "description": "현지 사전 회의"},
                {
                    "date": date(2025, 12, 10),
                    "start_time": time(7, 0),
                    "end_time": time(16, 50),
                    "end_day_offset": 1,
                    "kind": ItineraryKind.FLIGHT,
                    "description": "귀국",
                },
            ],
        ),
        **kw,
    )


def test_create_trip_with_members_and_their_own_periods(cdb, staff) -> None:
    t = _canada(cdb, staff)
    assert [(m.person.name_ko, m.seq, m.start_date, m.end_date) for m in t.members] == [
        ("박진홍", 1, date(2025, 12, 6), date(2025, 12, 11)),
        ("조목은", 2, date(2025, 12, 6), date(2025, 12, 10)),
    ]
    assert nights_days(t.members[1].start_date, t.members[1].end_date) == "4박 5일"
    assert [(d.country.name_ko, d.city) for d in t.destinations] == [("캐나다", "몬트리올")]


def test_member_period_outside_the_trip_is_refused(cdb, staff) -> None:
    park, _ = staff
    for period in ({"start_date": date(2025, 12, 5)}, {"end_date": date(2025, 12, 12)}):
        with pytest.raises(ValidationError):
            _canada(cdb, staff, members=[{"person_id": park.id, **period}])
    with pytest.raises(ValidationError) as err:  # ends before it starts
        _canada(
            cdb,
            staff,
            members=[{"person_id": park.id, "start_date": date(2025, 12, 9), "end_date": date(2025, 12, 7)}],
        )
    assert err.value.code == "end_before_start"
    assert records.list_all(cdb, Trip) == []
    assert records.list_all(cdb, TripMember) == []


def test_trip_ending_before_it_starts_is_refused(cdb, staff) -> None:
    with pytest.raises(ValidationError):
        _canada(cdb, staff, data={"end_date": date(2025, 12, 1)})


def test_itinerary_in_order_with_next_day_arrival(cdb, staff) -> None:
    t = _canada(cdb, staff)
    rows = [(i.date, i.description) for i in t.itinerary]
    assert rows == [
        (date(2025, 12, 6), "출국 및 현지도착"),
        (date(2025, 12, 6), "현지 사전 회의"),
        (date(2025, 12, 10), "귀국"),
    ]
    back = t.itinerary[-1]
    assert (
        f"{format_local_time(back.start_time)}~{format_local_time(back.end_time, back.end_day_offset)}"
        == "07:00~16:50+1"
    )
    assert t.itinerary[0].reference == "KE035 KE3769"


def test_itinerary_end_before_start_without_next_day_is_refused(cdb, staff) -> None:
    with pytest.raises(ValidationError):
        _canada(
            cdb,
            staff,
            itinerary=[
                {
                    "date": date(2025, 12, 10),
                    "start_time": time(19),
                    "end_time": time(16, 50),
                    "description": "귀국",
                }
            ],
        )


def test_dossier_gathers_meetings_in_order_and_their_follow_ups(cdb, staff) -> None:
    t = _canada(cdb, staff)
    g7 = events.create_event(
        cdb,
        {
            "name_ko": "G7 디지털기술 장관회의",
            "start_date": date(2025, 12, 8),
            "end_date": date(2025, 12, 9),
            "timezone": "America/Toronto",
        },
    )
    second = meetings.create_meeting(
        cdb,
        {"title": "한-일 면담", "date": date(2025, 12, 9), "seq": 2, "trip_id": t.id, "event_id": g7.id},
        key_points=["AI 안전 협력"],
    )
    first = meetings.create_meeting(
        cdb,
        {"title": "한-캐 면담", "date": date(2025, 12, 8), "seq": 1, "trip_id": t.id},
        key_points=["MOU 추진"],
    )
    other = meetings.create_meeting(cdb, {"title": "다른 출장 면담", "date": date(2025, 12, 8)})
    from_meeting = actions.create_action(
        cdb, {"title": "MOU 문안 협의", "meeting_id": first.id, "due": "'26.3월"}
    )
    # A follow-up of a trip meeting recorded without the trip still belongs in the report.
    unlinked = actions.create_action(
        cdb, {"title": "AI 안전 공동연구", "meeting_id": second.id, "trip_id": None}
    )
    of_trip = actions.create_action(cdb, {"title": "결과보고 작성", "trip_id": t.id, "due": "2025-12-24"})
    actions.create_action(cdb, {"title": "무관", "meeting_id": other.id})

    d = trips.dossier(cdb, t.id)
    assert [m.title for m in d.meetings] == ["한-캐 면담", "한-일 면담"]
    assert d.meetings[0].key_points[0].text == "MOU 추진"
    assert d.meetings[1].event.name_ko == "G7 디지털기술 장관회의"
    assert [a.id for a in d.actions] == [of_trip.id, from_meeting.id, unlinked.id]
    assert d.trip.members[0].person.name_ko == "박진홍"


def test_trip_with_events(cdb, staff) -> None:
    g7 = events.create_event(
        cdb,
        {"name_ko": "G7 디지털기술 장관회의", "start_date": date(2025, 12, 8), "end_date": date(2025, 12, 9)},
        sessions=[{"title_ko": "G7 단독 세션", "members_only": True}],
    )
    t = _canada(cdb, staff, event_ids=[g7.id])
    assert [e.name_ko for e in t.events] == ["G7 디지털기술 장관회의"]
    assert t.events[0].sessions[0].members_only


# ------------------------------------------------------------------ finding a trip


@pytest.fixture
def three(cdb, staff):
    a = _canada(cdb, staff)
    b = trips.create_trip(
        cdb, {"title": "미국 AI 협력 출장", "start_date": date(2026, 3, 1), "end_date": date(2026, 3, 5)}
    )
    c = trips.create_trip(
        cdb,
        {"title": "캐나다 AI 공동연구 협의", "start_date": date(2026, 5, 1), "end_date": date(2026, 5, 3)},
    )
    return a, b, c


def test_find_trips_by_words(cdb, three) -> None:
    a, b, c = three
    assert [t.id for t in trips.find_trips(cdb, "캐나다")] == [c.id, a.id]  # newest first
    assert [t.id for t in trips.find_trips(cdb, "캐나다 G7")] == [a.id]
    assert [t.id for t in trips.find_trips(cdb, "ai")] == [c.id, b.id]
    assert trips.find_trips(cdb, "독일") == []


def test_resolve_trip_unique_match(cdb, three) -> None:
    a, b, _ = three
    assert trips.resolve_trip(cdb, "G7").id == a.id
    assert trips.resolve_trip(cdb, "미국 출장").id == b.id


def test_resolve_trip_ambiguous_lists_the_candidates(cdb, three) -> None:
    a, _, c = three
    with pytest.raises(ValidationError) as err:
        trips.resolve_trip(cdb, "캐나다")
    text = str(err.value)
    assert str(a.id) in text and str(c.id) in text
    assert "캐나다 AI 공동연구 협의" in text and "2025-12-06" in text


def test_resolve_trip_unknown(cdb, three) -> None:
    with pytest.raises(NotFoundError) as err:
        trips.resolve_trip(cdb, "독일")
    assert "독일" in str(err.value)


def test_resolve_trip_by_id_or_prefix(cdb, three) -> None:
    a, b, _ = three
    assert trips.resolve_trip(cdb, str(a.id)).id == a.id
    assert trips.resolve_trip(cdb, str(b.id)[:8]).id == b.id
    assert trips.resolve_trip(cdb, str(b.id)[:8].upper()).id == b.id
