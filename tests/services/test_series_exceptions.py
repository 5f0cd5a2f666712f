"""A series' exceptions in the calendar: a cancelled occurrence is gone, an extra one appears,
and one occurrence edited on its own is an event of its own at its new days and hours, while
the series keeps its rule (no split)."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa

from tracker.db.models import Event, EventSession, Meeting
from tracker.domain.errors import ValidationError
from tracker.services import calendar as cal
from tracker.services import events, meetings, records
from tracker.services.countries import seed_countries


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


def monthly(db, **extra):
    """A monthly 10:00 meeting in Seoul, Jan-Dec 2026, second Tuesday."""
    return events.create_event(
        db,
        {
            "name_ko": "월례 협력회의",
            "timezone": "Asia/Seoul",
            "start_date": date(2026, 1, 13),
            "end_date": date(2026, 1, 13),
            "recurrence": "FREQ=MONTHLY;BYDAY=2TU;COUNT=12",
            **extra,
        },
        sessions=[
            {"title_ko": "회의", "date": date(2026, 1, 13), "start_time": time(10), "end_time": time(11)}
        ],
    )


def days(db, kind="event"):
    return [i.start_date for i in cal.items_between(db, date(2026, 1, 1), date(2026, 12, 31), kinds=[kind])]


def test_cancelled_and_extra_dates_in_the_calendar(cdb):
    e = monthly(cdb, excluded_dates="2026-03-10", extra_dates="2026-12-22")
    shown = days(cdb)
    assert len(shown) == 12  # 12 by the rule, one cancelled, one extra
    assert date(2026, 3, 10) not in shown and date(2026, 12, 22) in shown
    assert events.event_dates(events.get_event(cdb, e.id), date(2026, 3, 1), date(2026, 3, 31)) == []


def test_editing_one_occurrence_leaves_the_series_whole(cdb):
    e = monthly(cdb)
    m = meetings.create_meeting(
        cdb,
        {"title": "계기 면담", "date": date(2026, 5, 12), "start_time": time(14), "timezone": "Asia/Seoul",
         "event_id": e.id},
    )  # fmt: skip
    result = cal.edit_occurrence(
        cdb, e.id, date(2026, 5, 12), {"start_date": date(2026, 5, 14), "venue": "세종"}
    )
    occ = result.occurrence
    assert (occ.start_date, occ.venue, occ.series_id, occ.recurrence_date) == (
        date(2026, 5, 14), "세종", e.id, date(2026, 5, 12),
    )  # fmt: skip
    series = records.get(cdb, Event, e.id)
    assert series.recurrence == "FREQ=MONTHLY;BYDAY=2TU;COUNT=12"  # not split, not cut
    shown = days(cdb)
    assert date(2026, 5, 12) not in shown and date(2026, 5, 14) in shown and len(shown) == 12
    # the moved occurrence is at 10:00 on its new day, an occurrence of its series
    sessions = cal.items_between(cdb, date(2026, 5, 14), date(2026, 5, 14), kinds=["event_session"])
    assert [(i.local_start_date, i.local_start_time, i.record_id) for i in sessions] == [
        (date(2026, 5, 14), time(10), occ.id)
    ]
    [moved] = cal.items_between(cdb, date(2026, 5, 14), date(2026, 5, 14), kinds=["event"])
    assert (moved.series_id, moved.occurrence_date) == (e.id, date(2026, 5, 12))
    assert records.get(cdb, Meeting, m.id).event_id == occ.id  # what belonged to it follows
    # editing it again edits the same event; the series' first session stays where it was
    again = cal.edit_occurrence(cdb, e.id, date(2026, 5, 12), {"venue": "서울"})
    assert again.occurrence.id == occ.id and again.occurrence.venue == "서울"
    with cdb.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Event)) == 2
        assert s.scalar(sa.select(EventSession.date).where(EventSession.event_id == e.id)) == date(
            2026, 1, 13
        )


def test_editing_the_first_occurrence_keeps_the_series_hours(cdb):
    e = monthly(cdb)
    result = cal.edit_occurrence(
        cdb, e.id, date(2026, 1, 13), {}, sessions=[{"title_ko": "회의", "date": date(2026, 1, 13),
                                                      "start_time": time(15), "end_time": time(16)}]
    )  # fmt: skip
    sessions = cal.items_between(cdb, date(2026, 1, 13), date(2026, 1, 13), kinds=["event_session"])
    assert [(i.local_start_time, i.record_id) for i in sessions] == [(time(15), result.occurrence.id)]
    with cdb.read() as s:  # the series keeps its own 10:00 session (its hours in an export)
        assert s.scalar(sa.select(EventSession.start_time).where(EventSession.event_id == e.id)) == time(10)


def test_a_cancelled_date_cannot_be_edited_and_deleting_the_series_takes_its_changes(cdb):
    e = monthly(cdb, excluded_dates="2026-03-10")
    with pytest.raises(ValidationError):
        cal.edit_occurrence(cdb, e.id, date(2026, 3, 10), {"venue": "세종"})
    cal.edit_occurrence(cdb, e.id, date(2026, 4, 14), {"venue": "세종"})
    records.delete(cdb, Event, e.id)
    assert days(cdb) == []


def test_moving_the_series_moves_its_exceptions(cdb):
    e = monthly(cdb, recurrence="FREQ=WEEKLY;COUNT=5", excluded_dates="2026-01-20")
    cal.edit_occurrence(cdb, e.id, date(2026, 1, 27), {"venue": "세종"})
    cal.edit_series(cdb, e.id, {"start_date": date(2026, 1, 14)})
    # the cancelled one moves with the series; the changed one stays where it was put, and
    # still replaces its (moved) occurrence
    assert days(cdb) == [date(2026, 1, 14), date(2026, 1, 27), date(2026, 2, 4), date(2026, 2, 11)]
    assert records.get(cdb, Event, e.id).excluded_dates == "2026-01-21"


def test_a_hand_edited_date_list_does_not_stop_the_calendar(cdb):
    monthly(cdb, excluded_dates="2026-03-10, not a date,2026-04-14")
    shown = days(cdb)
    assert len(shown) == 10 and date(2026, 3, 10) not in shown and date(2026, 4, 14) not in shown


def test_an_occurrence_edited_by_two_is_refused_to_the_second(cdb):
    """What the editor saw travels with its save: the series' copy (`expect_new`) or the
    version of the occurrence already changed; a colleague's save meanwhile refuses it."""
    from tracker.domain.errors import ConflictError

    e = monthly(cdb)
    first = cal.edit_occurrence(cdb, e.id, date(2026, 5, 12), {"venue": "세종"}, expect_new=True).occurrence
    with pytest.raises(ConflictError):  # I loaded the series' copy; a colleague made the occurrence
        cal.edit_occurrence(cdb, e.id, date(2026, 5, 12), {"venue": "서울"}, expect_new=True)
    with pytest.raises(ConflictError):  # I loaded an older version of it
        cal.edit_occurrence(
            cdb, e.id, date(2026, 5, 12), {"venue": "서울"}, expected_version=first.version - 1
        )
    assert records.get(cdb, Event, first.id).venue == "세종"
    done = cal.edit_occurrence(
        cdb, e.id, date(2026, 5, 12), {"venue": "서울"}, expected_version=first.version
    )
    assert done.occurrence.venue == "서울" and done.occurrence.version == first.version + 1
