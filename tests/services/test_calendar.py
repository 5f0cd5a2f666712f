"""The calendar service on the demo data (the G7 Montreal week) and on recurring events:
local times shown in the viewer's zone, next-day arrivals, deadlines with their precision,
moves that keep durations, and editing one occurrence of a series versus the whole series."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from tracker.db.models import Action, Event, EventSession, ItineraryItem, Meeting
from tracker.domain import i18n
from tracker.domain.enums import ActionStatus, DatePrecision
from tracker.domain.errors import ValidationError
from tracker.export.demo import load_demo
from tracker.services import actions, events, meetings, records
from tracker.services import calendar as cal
from tracker.services.countries import seed_countries

SEOUL = ZoneInfo("Asia/Seoul")
TORONTO = ZoneInfo("America/Toronto")

# The seven bilateral meetings and the site visit of the G7 week, at Montreal time.
G7_MEETINGS = {
    "한-미 상무부 양자면담": (date(2025, 12, 8), time(9, 35), time(9, 55), "US"),
    "한-OECD 양자면담": (date(2025, 12, 8), time(12, 40), time(13, 10), None),
    "한-캐나다 양자면담": (date(2025, 12, 8), time(13, 15), time(13, 45), "CA"),
    "한-일 총무성 양자면담": (date(2025, 12, 8), time(14, 10), time(14, 30), "JP"),
    "한-영 양자면담": (date(2025, 12, 8), time(15, 10), time(15, 25), "GB"),
    "한-미 OSTP 양자면담": (date(2025, 12, 8), time(17, 5), time(17, 35), "US"),
    "한-독 양자면담": (date(2025, 12, 9), time(13, 0), time(13, 15), "DE"),
    "밀라-퀘벡 AI 연구소 현장방문": (date(2025, 12, 9), time(17, 0), time(18, 10), "CA"),
}


@pytest.fixture
def demo(db):
    load_demo(db)
    return db


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


def _by_title(items):
    return {i.title: i for i in items}


def _meeting_id(db, title):
    with db.read() as s:
        return s.scalar(sa.select(Meeting.id).where(Meeting.title == title))


# -------------------------------------------------------------------------------- the G7 week


def test_every_g7_meeting_at_its_local_time_and_in_seoul(demo) -> None:
    items = cal.items_between(demo, date(2025, 12, 8), date(2025, 12, 14), "Asia/Seoul", kinds=["meeting"])
    found = _by_title(items)
    assert set(found) == set(G7_MEETINGS)
    for title, (day, start, end, country) in G7_MEETINGS.items():
        item = found[title]
        assert (item.local_start_date, item.local_start_time, item.local_end_time) == (day, start, end)
        assert item.local_tz == "America/Toronto"
        assert item.country_code == country
        local = datetime.combine(day, start, tzinfo=TORONTO)
        assert item.start == local and item.start.tzinfo == SEOUL
        assert item.start.replace(tzinfo=None) == datetime.combine(day, start) + timedelta(
            hours=14
        )  # EST = KST - 14
        assert item.start_date == item.start.date()
        assert item.end - item.start == datetime.combine(day, end) - datetime.combine(day, start)
        assert item.record_kind == "meetings" and not item.all_day and item.movable


def test_us_commerce_meeting_is_2335_in_seoul_the_same_day(demo) -> None:
    us = _by_title(cal.items_between(demo, date(2025, 12, 8), date(2025, 12, 8)))["한-미 상무부 양자면담"]
    assert us.start == datetime(2025, 12, 8, 23, 35, tzinfo=SEOUL)
    assert us.start_date == date(2025, 12, 8)
    assert us.local_start_text() == "09:35 EST"
    assert us.viewer_text() == "23:35–23:55"


def test_the_window_is_the_viewers_days(demo) -> None:
    # 12:40 in Montreal on the 8th is 02:40 on the 9th in Seoul: not on the 8th for a Seoul viewer,
    # but on the 8th for one in Montreal.
    seoul = _by_title(cal.items_between(demo, date(2025, 12, 8), date(2025, 12, 8), kinds=["meeting"]))
    assert set(seoul) == {"한-미 상무부 양자면담"}
    montreal = _by_title(
        cal.items_between(demo, date(2025, 12, 8), date(2025, 12, 8), "America/Toronto", kinds=["meeting"])
    )
    assert set(montreal) == {t for t, v in G7_MEETINGS.items() if v[0] == date(2025, 12, 8)}
    assert montreal["한-OECD 양자면담"].start == datetime(2025, 12, 8, 12, 40, tzinfo=TORONTO)


def test_local_time_view_keeps_each_item_at_its_place(demo) -> None:
    items = _by_title(cal.items_between(demo, date(2025, 12, 8), date(2025, 12, 9), None, kinds=["meeting"]))
    us = items["한-미 상무부 양자면담"]
    assert us.start.replace(tzinfo=None) == datetime(2025, 12, 8, 9, 35)
    assert us.start.utcoffset() == timedelta(hours=-5)


def test_next_day_arrival_lands_on_the_11th_in_seoul(demo) -> None:
    items = cal.items_between(demo, date(2025, 12, 10), date(2025, 12, 11), kinds=["itinerary"])
    flight = _by_title(items)["캐나다 출국 및 인천 입국"]
    assert flight.local_start_date == date(2025, 12, 10) and flight.local_start_time == time(7)
    assert flight.local_end_tz == "Asia/Seoul"
    assert flight.end == datetime(2025, 12, 11, 16, 50, tzinfo=SEOUL)
    assert flight.start == datetime(2025, 12, 10, 21, 0, tzinfo=SEOUL)
    assert (flight.start_date, flight.end_date) == (date(2025, 12, 10), date(2025, 12, 11))
    assert flight.multi_day
    assert flight.local_end_text() == "16:50+1 KST"
    assert flight.record_kind == "trips"
    # It is still on the calendar of the 11th alone.
    assert "캐나다 출국 및 인천 입국" in _by_title(
        cal.items_between(demo, date(2025, 12, 11), date(2025, 12, 11))
    )


def test_itinerary_line_uses_its_end_time_zone(demo) -> None:
    # 09:45 in Seoul -> 13:54 in Montreal on 6 December: 03:54 on the 7th in Seoul, 13h09 later.
    items = cal.items_between(demo, date(2025, 12, 6), date(2025, 12, 6), kinds=["itinerary"])
    out = next(i for i in items if i.local_tz == "Asia/Seoul")
    assert out.start == datetime(2025, 12, 6, 9, 45, tzinfo=SEOUL)
    assert out.end == datetime(2025, 12, 6, 13, 54, tzinfo=TORONTO)
    assert out.end_date == date(2025, 12, 7)
    assert out.end - out.start == timedelta(hours=18, minutes=9)


def test_itinerary_lines_of_meetings_are_shown_as_the_meetings(demo) -> None:
    items = cal.items_between(demo, date(2025, 12, 8), date(2025, 12, 10))
    lines = [i.title for i in items if i.kind == "itinerary"]
    assert not any(t.startswith("양자면담(") for t in lines)
    assert "개회식" in lines
    assert len([i for i in items if i.kind == "meeting"]) == 8


def test_trip_span_event_and_session(demo) -> None:
    items = cal.items_between(demo, date(2025, 12, 8), date(2025, 12, 14))
    trip = next(i for i in items if i.kind == "trip")
    assert (trip.start_date, trip.end_date, trip.all_day, trip.country_code) == (
        date(2025, 12, 6),
        date(2025, 12, 11),
        True,
        "CA",
    )
    event = next(i for i in items if i.kind == "event")
    assert (event.start_date, event.end_date, event.series_id) == (date(2025, 12, 8), date(2025, 12, 9), None)
    session = next(i for i in items if i.kind == "event_session")
    assert session.record_kind == "events" and session.record_id == event.record_id
    assert session.start == datetime(2025, 12, 10, 0, 0, tzinfo=SEOUL)  # 10:00 Montreal on the 9th


def test_items_come_in_order(demo) -> None:
    items = cal.items_between(demo, date(2025, 12, 6), date(2025, 12, 14))
    assert items == sorted(items, key=cal.sort_key)
    days = [i.start_date for i in items]
    assert days == sorted(days)
    first_of_8th = [i for i in items if i.start_date == date(2025, 12, 8)]
    assert all(i.all_day for i in first_of_8th[:1])
    assert len({i.key for i in items}) == len(items)


def test_filters_by_country_topic_and_kind(demo) -> None:
    us = cal.items_between(demo, date(2025, 12, 6), date(2025, 12, 14), countries=["US"])
    assert {i.title for i in us} == {"한-미 상무부 양자면담", "한-미 OSTP 양자면담"}
    ca = cal.items_between(demo, date(2025, 12, 6), date(2025, 12, 14), countries=["ca"])
    assert {"trip", "itinerary", "event", "meeting"} <= {i.kind for i in ca}
    assert all(i.country_code == "CA" for i in ca)

    with demo.read() as s:
        from tracker.db.models import Topic

        quantum = s.scalar(sa.select(Topic.id).where(Topic.name_ko == "양자"))
    about = cal.items_between(
        demo, date(2025, 12, 6), date(2025, 12, 14), topic_ids=[quantum], kinds=["meeting"]
    )
    assert about and len(about) < 8
    assert cal.items_between(demo, date(2025, 12, 6), date(2025, 12, 14), kinds=["trip"])[0].kind == "trip"
    with pytest.raises(ValidationError):
        cal.items_between(demo, date(2025, 12, 6), date(2025, 12, 14), kinds=["birthday"])
    with pytest.raises(ValidationError):
        cal.items_between(demo, date(2025, 12, 14), date(2025, 12, 6))


# -------------------------------------------------------------------------------- deadlines


def test_month_precision_deadline_is_all_day_on_the_first_with_its_label(demo) -> None:
    i18n.set_language("ko")
    october = cal.items_between(
        demo, date(2026, 10, 1), date(2026, 10, 31), kinds=["action_due"], today=date(2026, 9, 1)
    )
    assert len(october) == 2
    for item in october:
        assert (item.start_date, item.end_date, item.all_day) == (date(2026, 10, 1), date(2026, 10, 1), True)
        assert item.label == "'26.10월"
        assert item.due_precision is DatePrecision.MONTH
        assert item.due_last_day == date(2026, 10, 31)
        assert item.colour == cal.ACTION_DUE
    # Only on the 1st: the rest of the month does not repeat it.
    assert cal.items_between(demo, date(2026, 10, 2), date(2026, 10, 31), kinds=["action_due"]) == []
    # Overdue only once the month has passed.
    late = cal.items_between(
        demo, date(2026, 10, 1), date(2026, 10, 1), kinds=["action_due"], today=date(2026, 11, 1)
    )
    assert {i.colour for i in late} == {cal.ACTION_OVERDUE}
    in_month = cal.items_between(
        demo, date(2026, 10, 1), date(2026, 10, 1), kinds=["action_due"], today=date(2026, 10, 31)
    )
    assert {i.colour for i in in_month} == {cal.ACTION_DUE}


def test_year_precision_and_ranges(demo) -> None:
    i18n.set_language("ko")
    items = cal.items_between(
        demo, date(2026, 1, 1), date(2026, 3, 31), kinds=["action_due"], today=date(2025, 12, 1)
    )
    by_label = {i.label: i for i in items}
    assert by_label["'26년"].start_date == date(2026, 1, 1)
    meeting_in_tokyo = by_label["'26.3.15.~16."]
    assert (meeting_in_tokyo.start_date, meeting_in_tokyo.end_date) == (date(2026, 3, 15), date(2026, 3, 16))
    # A range is found from its second day too.
    assert cal.items_between(demo, date(2026, 3, 16), date(2026, 3, 20), kinds=["action_due"])


def test_closed_follow_ups_only_on_request(demo) -> None:
    a = next(x for x in cal.items_between(demo, date(2026, 3, 1), date(2026, 3, 31), kinds=["action_due"]))
    actions.set_status(demo, a.record_id, ActionStatus.DONE, on=date(2026, 3, 1))
    assert cal.items_between(demo, date(2026, 3, 1), date(2026, 3, 31), kinds=["action_due"]) == []
    closed = cal.items_between(
        demo, date(2026, 3, 1), date(2026, 3, 31), kinds=["action_due"], include_closed=True
    )
    assert [(i.record_id, i.colour, i.movable) for i in closed] == [(a.record_id, cal.ACTION_CLOSED, False)]


# -------------------------------------------------------------------------------- moving


def test_moving_a_meeting_keeps_its_duration_and_its_itinerary_line(demo) -> None:
    mid = _meeting_id(demo, "한-미 상무부 양자면담")
    m = cal.move_meeting(demo, mid, date(2025, 12, 9), time(10, 0))
    assert (m.date, m.start_time, m.end_time, m.timezone) == (
        date(2025, 12, 9),
        time(10),
        time(10, 20),
        "America/Toronto",
    )
    stored = records.get(demo, Meeting, mid)
    assert (stored.date, stored.start_time, stored.end_time) == (date(2025, 12, 9), time(10), time(10, 20))
    with demo.read() as s:
        line = s.scalar(sa.select(ItineraryItem).where(ItineraryItem.meeting_id == mid))
    assert (line.date, line.start_time, line.end_time) == (date(2025, 12, 9), time(10), time(10, 20))
    # the calendar shows it at the new time, in Seoul the next midnight
    item = _by_title(cal.items_between(demo, date(2025, 12, 10), date(2025, 12, 10), kinds=["meeting"]))[
        stored.title
    ]
    assert item.start == datetime(2025, 12, 10, 0, 0, tzinfo=SEOUL)


def test_moving_a_meeting_to_another_day_only(demo) -> None:
    mid = _meeting_id(demo, "한-독 양자면담")
    m = cal.move_meeting(demo, mid, date(2025, 12, 10))
    assert (m.date, m.start_time, m.end_time) == (date(2025, 12, 10), time(13), time(13, 15))


def test_a_move_past_midnight_is_refused(demo) -> None:
    mid = _meeting_id(demo, "밀라-퀘벡 AI 연구소 현장방문")  # 70 minutes
    with pytest.raises(ValidationError):
        cal.move_meeting(demo, mid, date(2025, 12, 9), time(23, 30))
    assert records.get(demo, Meeting, mid).start_time == time(17)


def test_viewer_time_to_local(demo) -> None:
    # dropped at 23:00 on the 9th in Seoul: 09:00 on the 9th in Montreal
    assert cal.viewer_to_local(datetime(2025, 12, 9, 23, 0, tzinfo=SEOUL), "America/Toronto") == (
        date(2025, 12, 9),
        time(9, 0),
    )
    with pytest.raises(ValidationError):
        cal.viewer_to_local(datetime(2025, 12, 9, 23, 0), "America/Toronto")


def test_moving_a_deadline_makes_it_a_day(demo) -> None:
    month = next(
        i for i in cal.items_between(demo, date(2026, 10, 1), date(2026, 10, 1), kinds=["action_due"])
    )
    a = cal.move_due(demo, month.record_id, date(2026, 10, 15))
    assert (a.due_date, a.due_precision, a.due_end) == (date(2026, 10, 15), DatePrecision.DAY, None)
    ranged = next(
        i for i in cal.items_between(demo, date(2026, 3, 15), date(2026, 3, 15), kinds=["action_due"])
    )
    a = cal.move_due(demo, ranged.record_id, date(2026, 3, 20))
    assert (a.due_date, a.due_end) == (date(2026, 3, 20), date(2026, 3, 21))
    assert records.get(demo, Action, ranged.record_id).due_end == date(2026, 3, 21)


# -------------------------------------------------------------------------------- recurring events


def _series(db, rule="FREQ=YEARLY", topic_ids=(), **extra):
    return events.create_event(
        db,
        {
            "name_ko": "한-캐 ICT 정책포럼",
            "country_code": "CA",
            "timezone": "America/Toronto",
            "start_date": date(2024, 6, 10),
            "end_date": date(2024, 6, 11),
            "recurrence": rule,
            **extra,
        },
        sessions=[
            {"title_ko": "개회", "date": date(2024, 6, 10), "start_time": time(9), "end_time": time(10)}
        ],
        topic_ids=topic_ids,
    )


def _occurrences(db, first=date(2024, 1, 1), last=date(2028, 12, 31)):
    return [
        (i.start_date, i.end_date, i.record_id, i.series_id)
        for i in cal.items_between(db, first, last, kinds=["event"])
    ]


def test_recurring_event_occurrences_in_the_window(cdb) -> None:
    e = _series(cdb)
    june = cal.items_between(cdb, date(2026, 6, 1), date(2026, 6, 30), kinds=["event"])
    assert [(i.start_date, i.end_date, i.series_id, i.occurrence_date) for i in june] == [
        (date(2026, 6, 10), date(2026, 6, 11), e.id, date(2026, 6, 10))
    ]
    # an occurrence that began the day before the window is still in it
    assert [
        i.start_date for i in cal.items_between(cdb, date(2026, 6, 11), date(2026, 6, 20), kinds=["event"])
    ] == [date(2026, 6, 10)]
    assert cal.items_between(cdb, date(2026, 7, 1), date(2027, 5, 31), kinds=["event"]) == []
    # the session belongs to the first occurrence only
    sessions = cal.items_between(cdb, date(2024, 1, 1), date(2027, 12, 31), kinds=["event_session"])
    assert [i.local_start_date for i in sessions] == [date(2024, 6, 10)]


def test_monthly_series_with_a_count(cdb) -> None:
    _series(cdb, "FREQ=MONTHLY;INTERVAL=6;COUNT=3")
    assert [o[0] for o in _occurrences(cdb)] == [date(2024, 6, 10), date(2024, 12, 10), date(2025, 6, 10)]


# Editing one occurrence: tests/services/test_series_exceptions.py


def test_editing_a_date_that_is_not_an_occurrence_is_refused(cdb) -> None:
    e = _series(cdb)
    with pytest.raises(ValidationError):
        cal.edit_occurrence(cdb, e.id, date(2025, 6, 11), {"venue": "Ottawa"})
    with pytest.raises(ValidationError):
        cal.edit_occurrence(cdb, e.id, date(2025, 6, 10), {"recurrence": "FREQ=DAILY"})
    assert records.get(cdb, Event, e.id).recurrence == "FREQ=YEARLY"


def test_editing_a_one_off_event_through_occurrence(cdb) -> None:
    e = events.create_event(
        cdb, {"name_ko": "G7", "start_date": date(2025, 12, 8), "end_date": date(2025, 12, 9)}
    )
    result = cal.edit_occurrence(cdb, e.id, date(2025, 12, 8), {"start_date": date(2025, 12, 15)})
    assert (result.before, result.after) == (None, None)
    assert (result.occurrence.start_date, result.occurrence.end_date) == (
        date(2025, 12, 15),
        date(2025, 12, 16),
    )


def test_editing_the_series_changes_every_occurrence(cdb) -> None:
    e = _series(cdb)
    ev = cal.edit_series(cdb, e.id, {"venue": "Ottawa", "start_date": date(2024, 6, 17)})
    assert (ev.start_date, ev.end_date, ev.venue, ev.recurrence) == (
        date(2024, 6, 17),
        date(2024, 6, 18),
        "Ottawa",
        "FREQ=YEARLY",
    )
    assert [o[0] for o in _occurrences(cdb)] == [
        date(2024, 6, 17),
        date(2025, 6, 17),
        date(2026, 6, 17),
        date(2027, 6, 17),
        date(2028, 6, 17),
    ]
    with cdb.read() as s:  # the sessions moved with it
        assert s.scalar(sa.select(EventSession.date)) == date(2024, 6, 17)
    with pytest.raises(ValidationError):
        cal.edit_series(cdb, e.id, {"recurrence": "every June"})


def test_summer_time_is_thirteen_hours_behind_seoul(cdb) -> None:
    meetings.create_meeting(
        cdb,
        {
            "title": "여름 면담",
            "date": date(2025, 7, 15),
            "start_time": time(9),
            "end_time": time(10),
            "timezone": "America/Toronto",
            "country_code": "CA",
        },
    )
    item = cal.items_between(cdb, date(2025, 7, 15), date(2025, 7, 15), kinds=["meeting"])[0]
    assert item.start == datetime(2025, 7, 15, 22, 0, tzinfo=SEOUL)
    assert item.local_start_text() == "09:00 EDT"
