"""Editing a recurring event from the calendar: one occurrence changed or cancelled on its own
(an event that points at its series), or every occurrence of the series at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tracker.db.engine import Database
from tracker.db.models import Event, EventSession, ItineraryItem, Meeting, Trip, trip_events
from tracker.domain.errors import ConflictError, ValidationError
from tracker.domain.recurrence import format_dates, parse_dates
from tracker.services import events, records

# Columns an occurrence split off a series keeps from it.
_COPIED = (
    "name_ko",
    "name_en",
    "kind",
    "channel_id",
    "organizer_id",
    "country_code",
    "city",
    "venue",
    "timezone",
    "website",
    "summary",
    "notes",
)


@dataclass
class OccurrenceEdit:
    """What editing one occurrence gave: `occurrence`, the occurrence changed on its own (an
    event pointing at its series); `before`, the series itself, unchanged (None for an event
    that does not recur, whose edit is `occurrence`). `after` is always None since the series
    is no longer split (kept for callers of the earlier shape)."""

    before: Event | None
    occurrence: Event
    after: Event | None = None


def _shifted(changes: Mapping[str, Any], first: date, last: date) -> dict[str, Any]:
    """Changes with the end date following a new start date (the length is kept)."""
    out = dict(changes)
    if "start_date" in out and "end_date" not in out and out["start_date"] is not None:
        out["end_date"] = out["start_date"] + (last - first)
    return out


def _copy_event(s: Session, source: Event, data: Mapping[str, Any]) -> Event:
    row = {k: getattr(source, k) for k in _COPIED}
    row.update(data)
    event = records.create_in(s, Event, row)
    event.topics = list(source.topics)
    s.flush()
    return event


def _repoint(
    s: Session, source: Event, target: Event, first: date, last: date | None, *, sessions: bool = True
) -> None:
    """Give `target` what hangs off `source` on the days first..last (None: open-ended):
    sessions, meetings, itinerary lines, and the trips that overlap those days."""

    def within(col: Any) -> Any:
        cond = col >= first
        return sa.and_(cond, col <= last) if last is not None else cond

    hanging: tuple[tuple[Any, Any], ...] = (
        *([(EventSession, EventSession.date)] if sessions else []),
        (Meeting, Meeting.date),
        (ItineraryItem, ItineraryItem.date),
    )
    for model, date_col in hanging:
        for obj in s.scalars(sa.select(model).where(model.event_id == source.id, within(date_col))):
            obj.event_id = target.id
    overlap = [Trip.end_date >= first]
    if last is not None:
        overlap.append(Trip.start_date <= last)
    trip_ids = list(
        s.scalars(
            sa.select(trip_events.c.trip_id)
            .join(Trip, Trip.id == trip_events.c.trip_id)
            .where(trip_events.c.event_id == source.id, *overlap)
        )
    )
    if trip_ids:
        s.execute(
            trip_events.update()
            .where(trip_events.c.event_id == source.id, trip_events.c.trip_id.in_(trip_ids))
            .values(event_id=target.id)
        )
    s.flush()


def _shift_sessions(s: Session, event: Event, first: date, last: date, delta: timedelta) -> None:
    if not delta:
        return
    for sess in s.scalars(
        sa.select(EventSession).where(
            EventSession.event_id == event.id, EventSession.date.between(first, last)
        )
    ):
        if sess.date is not None:  # between() leaves out sessions without a date
            sess.date = sess.date + delta
    s.flush()


def edit_occurrence(
    db: Database,
    event_id: uuid.UUID,
    occurrence_date: date,
    changes: Mapping[str, Any],
    *,
    sessions: Iterable[Mapping[str, Any]] | None = None,
    expected_version: int | None = None,
    expect_new: bool = False,
) -> OccurrenceEdit:
    """Change one occurrence of a recurring event and leave the series as it is.

    The occurrence becomes an event of its own that points at its series (`series_id`) and
    names the occurrence it replaces (`recurrence_date`), as RFC 5545 does with RECURRENCE-ID:
    it starts as a copy of the series on that occurrence's days, with `changes` applied (a new
    `start_date` moves it and keeps its length). Its sessions are the series' sessions on the
    same days of that occurrence (the series' hours), moved with it, or `sessions` when given.
    Meetings, itinerary lines and trips dated within the occurrence follow it; follow-up
    actions stay with the series. Editing an occurrence already changed edits that event.
    For an event that does not recur this is a plain edit of the event.

    What the editor saw, so that a colleague's change of the same occurrence meanwhile is never
    overwritten (ConflictError 'stale', nothing saved): `expected_version`, the version of the
    occurrence already changed that it loaded; `expect_new`, that it loaded the series' copy
    because the occurrence had not been changed yet. Neither: not checked."""
    if "recurrence" in changes and changes["recurrence"]:
        raise ValidationError("bad_value", field="recurrence", value=changes["recurrence"])
    with records.conflicts_reported(), db.transaction() as s:
        ev = records.load(s, Event, event_id)
        first, last = ev.start_date, ev.end_date
        length = last - first
        if not ev.recurrence:
            if occurrence_date != first:
                raise ValidationError("bad_value", field="occurrence_date", value=occurrence_date)
            data = _shifted(changes, first, last)
            _shift_sessions(s, ev, first, last, data.get("start_date", first) - first)
            records.update_in(s, Event, ev.id, data)
            if sessions is not None:
                _replace_sessions(s, ev, sessions)
            return OccurrenceEdit(None, ev, None)

        existing = s.scalar(
            sa.select(Event).where(Event.series_id == ev.id, Event.recurrence_date == occurrence_date)
        )
        seen = existing.version if existing is not None else None
        if (expect_new or expected_version is not None) and seen != expected_version:
            raise ConflictError("stale")  # changed (or made, or undone) by someone else meanwhile
        if existing is not None:
            data = _shifted(changes, existing.start_date, existing.end_date)
            delta = data.get("start_date", existing.start_date) - existing.start_date
            _shift_sessions(s, existing, existing.start_date, existing.end_date, delta)
            records.update_in(s, Event, existing.id, data)
            if sessions is not None:
                _replace_sessions(s, existing, sessions)
            return OccurrenceEdit(ev, existing, None)

        if events.event_dates(ev, occurrence_date, occurrence_date) != [occurrence_date]:
            raise ValidationError("bad_value", field="occurrence_date", value=occurrence_date)
        data = {
            "start_date": occurrence_date,
            "end_date": occurrence_date + length,
            **_shifted(changes, occurrence_date, occurrence_date + length),
            "recurrence": None,
            "excluded_dates": None,
            "extra_dates": None,
            "series_id": ev.id,
            "recurrence_date": occurrence_date,
        }
        occurrence = _copy_event(s, ev, data)
        delta = data["start_date"] - occurrence_date
        _repoint(s, ev, occurrence, occurrence_date, occurrence_date + length, sessions=False)
        if sessions is not None:
            _replace_sessions(s, occurrence, sessions)
        else:
            # The series' sessions are those of its first occurrence: the same days of this one.
            offset = occurrence_date - first + delta
            for x in sorted(ev.sessions, key=lambda x: x.seq):
                if x.date is None or first <= x.date <= last:
                    row = {c: getattr(x, c) for c in _SESSION_COPIED}
                    row["date"] = x.date + offset if x.date is not None else None
                    records.create_in(s, EventSession, {**row, "event_id": occurrence.id})
        s.flush()
        s.refresh(occurrence)
        return OccurrenceEdit(ev, occurrence, None)


_SESSION_COPIED = ("seq", "title_ko", "title_en", "date", "start_time", "end_time", "members_only", "notes")


def _replace_sessions(s: Session, event: Event, sessions: Iterable[Mapping[str, Any]]) -> None:
    for old in list(s.scalars(sa.select(EventSession).where(EventSession.event_id == event.id))):
        s.delete(old)
    s.flush()
    for seq, given in enumerate(sessions, start=1):
        row = {k: v for k, v in given.items() if k not in ("id", "event_id", "seq")}
        if row.get("date") is not None and not event.start_date <= row["date"] <= event.end_date:
            raise ValidationError("bad_value", field="date", value=row["date"])
        records.create_in(s, EventSession, {**row, "seq": seq, "event_id": event.id})
    s.flush()


def edit_series(db: Database, event_id: uuid.UUID, changes: Mapping[str, Any]) -> Event:
    """Change every occurrence of a series (the record and its rule). A new `start_date` moves
    the series, keeps each occurrence's length and moves the sessions by as many days."""
    with records.conflicts_reported(), db.transaction() as s:
        ev = records.load(s, Event, event_id)
        first, last = ev.start_date, ev.end_date
        data = _shifted(changes, first, last)
        delta = (data.get("start_date") or first) - first
        _shift_sessions(s, ev, date.min, date.max, delta)
        if delta:  # the exceptions name occurrences: they move with the series
            for name in ("excluded_dates", "extra_dates"):
                if name not in data and getattr(ev, name):
                    data[name] = format_dates(d + delta for d in parse_dates(getattr(ev, name)))
            for changed in s.scalars(sa.select(Event).where(Event.series_id == ev.id)):
                if changed.recurrence_date is not None:
                    changed.recurrence_date = changed.recurrence_date + delta
        records.update_in(s, Event, ev.id, data)
        return ev
