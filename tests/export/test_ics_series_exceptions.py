"""A series' exceptions as Outlook and Google write them: a cancelled occurrence (EXDATE, or a
RECURRENCE-ID with STATUS:CANCELLED), an extra one (RDATE) and one moved or changed
(a VEVENT with the series' UID and RECURRENCE-ID). They come in, show in the calendar, and go
back out so that another program expanding tracker's file finds the same instants as in the
original (checked with recurring-ical-events, an expander independent of this code)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import sqlalchemy as sa

from tracker.db.models import Event
from tracker.export.icalendar_io import export_ics, import_ics, preview_ics
from tracker.services import calendar as cal

FIXTURES = Path(__file__).parent / "fixtures" / "ics"
WINDOW = (date(2025, 1, 1), date(2031, 1, 1))


def instants(path: Path) -> list[tuple[str, object, object]]:
    """(title, start, end) of every occurrence a calendar program shows: UTC instants for timed
    ones, dates for all-day ones; cancelled occurrences are not shown."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    out = []
    for ev in recurring_ical_events.of(calendar).between(*WINDOW):
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start, end = ev["DTSTART"].dt, ev["DTEND"].dt

        def norm(v: object) -> object:
            return v.astimezone(UTC) if isinstance(v, datetime) else v

        out.append((str(ev["SUMMARY"]).split(" (")[0], norm(start), norm(end)))
    return sorted(out, key=lambda x: (x[0], str(x[1])))


@pytest.mark.parametrize("name", ["outlook_series_exceptions.ics", "google_series_exceptions.ics"])
def test_exported_file_expands_to_the_same_instants_as_the_original(db, tmp_path, name):
    import_ics(db, FIXTURES / name)
    out = tmp_path / "out.ics"
    export_ics(db, out)
    assert instants(out) == instants(FIXTURES / name)
    # and importing tracker's own file again changes nothing
    preview = preview_ics(db, out)
    assert not preview.new and all(i.action == "update" for i in preview.items)
    import_ics(db, out)
    again = tmp_path / "again.ics"
    export_ics(db, again)
    assert instants(again) == instants(FIXTURES / name)


def test_outlook_monthly_meeting_with_a_cancelled_and_a_moved_date(db):
    preview = preview_ics(db, FIXTURES / "outlook_series_exceptions.ics")
    assert preview.skipped == []  # the changed occurrence is imported, not skipped
    import_ics(db, FIXTURES / "outlook_series_exceptions.ics")
    with db.read() as s:
        series = s.scalars(sa.select(Event).where(Event.recurrence.is_not(None))).one()
        moved = s.scalars(sa.select(Event).where(Event.series_id == series.id)).one()
    assert series.excluded_dates == "2026-03-10"
    assert (moved.recurrence_date, moved.start_date, moved.venue) == (
        date(2026, 5, 12), date(2026, 5, 14), "서울청사 별관 3층",
    )  # fmt: skip
    days = [
        i.start_date for i in cal.items_between(db, date(2026, 1, 1), date(2026, 12, 31), kinds=["event"])
    ]
    assert len(days) == 11  # 12 by the rule, one cancelled
    assert date(2026, 3, 10) not in days and date(2026, 5, 12) not in days and date(2026, 5, 14) in days
    [at] = cal.items_between(db, date(2026, 5, 14), date(2026, 5, 14), kinds=["event_session"])
    assert (at.local_start_time, at.record_id) == (time(14), moved.id)  # at its new time


def test_google_weekly_series_with_extra_cancelled_and_moved_occurrences(db):
    import_ics(db, FIXTURES / "google_series_exceptions.ics")
    with db.read() as s:
        weekly = s.scalars(sa.select(Event).where(Event.name_ko == "한-EU 디지털 실무협의",
                                                  Event.series_id.is_(None))).one()  # fmt: skip
        forum = s.scalars(sa.select(Event).where(Event.name_ko == "한-EU 디지털 정책포럼")).one()
    # EXDATE twice, and the RECURRENCE-ID marked CANCELLED: three cancelled dates
    assert weekly.excluded_dates == "2026-03-17,2026-03-31,2026-04-21"
    # RDATE twice, one of them at another hour (10:00, not 15:00): kept at its hour
    assert weekly.extra_dates == "2026-04-30,2026-05-06"
    assert forum.excluded_dates == "2027-06-01"
    days = [
        i.start_date
        for i in cal.items_between(db, date(2026, 3, 1), date(2026, 5, 31), kinds=["event"])
        if i.title == "한-EU 디지털 실무협의"
    ]
    assert days == [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 24), date(2026, 4, 8),
                    date(2026, 4, 14), date(2026, 4, 28), date(2026, 4, 30), date(2026, 5, 6)]  # fmt: skip
    [at_ten] = cal.items_between(db, date(2026, 5, 6), date(2026, 5, 6), kinds=["event_session"])
    assert at_ten.local_start_time == time(10)


def test_a_changed_occurrence_of_a_series_nobody_has_is_listed_not_imported(db, tmp_path):
    text = (FIXTURES / "google_series_exceptions.ics").read_text(encoding="utf-8")
    first_end = text.index("END:VEVENT") + len("END:VEVENT\n")
    only = (
        text[: text.index("BEGIN:VEVENT")] + text[text.index("BEGIN:VEVENT") : first_end] + "END:VCALENDAR\n"
    )
    path = tmp_path / "orphan.ics"
    path.write_text(only, encoding="utf-8")
    preview = preview_ics(db, path)
    assert preview.items == []
    assert len(preview.skipped) == 1 and "series this occurrence belongs to" in preview.skipped[0]
