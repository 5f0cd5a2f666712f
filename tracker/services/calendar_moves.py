"""Drag and drop on the calendar: a meeting moved to another day or hour (its itinerary lines with it), a deadline to
another day.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tracker.db.engine import Database
from tracker.db.models import Action, ItineraryItem, Meeting
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import ValidationError
from tracker.services import records
from tracker.services.calendar_item import _zone


def viewer_to_local(when: datetime, tz: str) -> tuple[date, time]:
    """An aware instant as the wall-clock date and time at a place."""
    if when.tzinfo is None:
        raise ValidationError("bad_value", field="when", value=when)
    local = when.astimezone(_zone(tz))
    return local.date(), local.time().replace(tzinfo=None)


def move_meeting(
    db: Database,
    meeting_id: uuid.UUID,
    new_date: date,
    new_start_time: time | None = None,
    *,
    expected_version: int | None = None,
) -> Meeting:
    """Move a meeting to another day (and start time, given in the meeting's own zone), keeping
    its duration. Itinerary lines linked to the meeting move with it, so the trip's itinerary
    does not contradict the meeting. A move that would make the meeting end after midnight is
    refused (a meeting's times are one day's)."""
    with records.conflicts_reported(), db.transaction() as s:
        m = records.load(s, Meeting, meeting_id)
        changes: dict[str, Any] = {"date": new_date}
        old_start = datetime.combine(m.date, m.start_time or time())
        if new_start_time is not None:
            new_start_time = new_start_time.replace(second=0, microsecond=0, tzinfo=None)
            if m.start_time is not None and m.end_time is not None:
                duration = datetime.combine(m.date, m.end_time) - old_start
                new_end = datetime.combine(new_date, new_start_time) + duration
                if new_end.date() != new_date:
                    raise ValidationError("bad_value", field="end_time", value=f"{new_end:%Y-%m-%d %H:%M}")
                changes["end_time"] = new_end.time()
            changes["start_time"] = new_start_time
        new_start = datetime.combine(new_date, changes.get("start_time") or m.start_time or time())
        delta = new_start - old_start
        records.update_in(s, Meeting, meeting_id, changes, expected_version)
        if delta:
            lines = s.scalars(sa.select(ItineraryItem).where(ItineraryItem.meeting_id == meeting_id))
            for line in lines:
                _shift_line(s, line, delta)
        return m


def _shift_line(s: Session, line: ItineraryItem, delta: timedelta) -> None:
    start = datetime.combine(line.date, line.start_time or time()) + delta
    changes: dict[str, Any] = {"date": start.date()}
    if line.start_time is not None:
        changes["start_time"] = start.time()
    if line.end_time is not None:
        end = datetime.combine(line.date + timedelta(days=line.end_day_offset or 0), line.end_time) + delta
        changes["end_time"] = end.time()
        changes["end_day_offset"] = max(0, (end.date() - start.date()).days)
    records.update_in(s, ItineraryItem, line.id, changes)


def move_due(
    db: Database, action_id: uuid.UUID, new_date: date, *, expected_version: int | None = None
) -> Action:
    """Give a follow-up a deadline on `new_date`. It becomes a day-precision date (the user
    chose a day); a range keeps its length ('26.3.15.~16. dropped on the 20th: 20~21)."""
    with records.conflicts_reported(), db.transaction() as s:
        a = records.load(s, Action, action_id)
        end = None
        if a.due_date is not None and a.due_end is not None and a.due_precision is DatePrecision.DAY:
            end = new_date + (a.due_end - a.due_date)
        records.update_in(
            s,
            Action,
            action_id,
            {"due_date": new_date, "due_precision": DatePrecision.DAY, "due_end": end},
            expected_version,
        )
        return a
