"""Meetings, itinerary lines, trips and follow-up deadlines that touch the calendar's window,
each as a `CalendarItem`, asked of the database through the date indexes.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    ItineraryItem,
    Meeting,
    Topic,
    Trip,
    TripDestination,
    action_topics,
    event_topics,
    meeting_topics,
    trip_events,
)
from tracker.domain.arrival import arrival_day_offset
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, DatePrecision
from tracker.services.actions import OPEN_STATUSES, status_in
from tracker.services.calendar_events import query_filters
from tracker.services.calendar_item import (
    ACTION_CLOSED,
    ACTION_DUE,
    ACTION_OVERDUE,
    DUE_RANGE_LOOKBACK,
    ITINERARY,
    ITINERARY_MARGIN,
    MEETING,
    SEOUL,
    SPAN_LOOKBACK,
    TRIP,
    ZONE_MARGIN,
    CalendarItem,
    _all_day,
    _end_day,
    _placed,
    _Query,
    _timed,
)


class _Destinations:
    """First destination (country, zone) of trips, fetched once per trip id."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.known: dict[uuid.UUID, tuple[str | None, str | None]] = {}

    def load(self, trip_ids: Iterable[uuid.UUID]) -> None:
        missing = {t for t in trip_ids if t not in self.known}
        if not missing:
            return
        rows = self.session.execute(
            sa.select(TripDestination.trip_id, TripDestination.country_code, TripDestination.timezone)
            .where(TripDestination.trip_id.in_(missing))
            .order_by(TripDestination.trip_id, TripDestination.seq)
        )
        for trip_id, code, tz in rows:
            country, known_tz = self.known.get(trip_id, (None, None))
            self.known[trip_id] = (country or code, known_tz or tz)
        for t in missing:
            self.known.setdefault(t, (None, None))

    def country(self, trip_id: uuid.UUID) -> str | None:
        return self.known.get(trip_id, (None, None))[0]

    def timezone(self, trip_id: uuid.UUID) -> str | None:
        return self.known.get(trip_id, (None, None))[1]


def _trips_matching(q: _Query) -> sa.Select[Any] | None:
    """Trip ids that pass the country and topic filters (None: no filter)."""
    conds: list[sa.ColumnElement[bool]] = []
    if q.countries is not None:
        conds.append(
            Trip.id.in_(
                sa.select(TripDestination.trip_id).where(TripDestination.country_code.in_(q.countries))
            )
        )
    if q.topic_ids is not None:
        # Trips have no topics of their own: a trip is about what its meetings and events are about.
        by_meeting = (
            sa.select(Meeting.trip_id)
            .join(meeting_topics, meeting_topics.c.meeting_id == Meeting.id)
            .where(meeting_topics.c.topic_id.in_(q.topic_ids), Meeting.trip_id.is_not(None))
        )
        by_event = (
            sa.select(trip_events.c.trip_id)
            .join(event_topics, event_topics.c.event_id == trip_events.c.event_id)
            .where(event_topics.c.topic_id.in_(q.topic_ids))
        )
        conds.append(sa.or_(Trip.id.in_(by_meeting), Trip.id.in_(by_event)))
    if not conds:
        return None
    return sa.select(Trip.id).where(*conds)


def _meetings(s: Session, q: _Query) -> list[CalendarItem]:
    stmt = sa.select(
        Meeting.id,
        Meeting.title,
        Meeting.date,
        Meeting.start_time,
        Meeting.end_time,
        Meeting.timezone,
        Meeting.country_code,
        Meeting.location,
    ).where(Meeting.date.between(q.start - ZONE_MARGIN, q.end + ZONE_MARGIN))
    stmt = query_filters(
        stmt, q, Meeting.country_code, Meeting.id, meeting_topics.c.meeting_id, meeting_topics.c.topic_id
    )
    out = []
    for mid, title, d, t0, t1, tz, country, location in s.execute(stmt):
        if t0 is None:
            out.append(
                _all_day(
                    MEETING,
                    "meetings",
                    mid,
                    title,
                    d,
                    d,
                    MEETING,
                    country,
                    location or "",
                    movable=True,
                    local_tz=tz,
                )
            )
            continue
        out.append(
            _timed(
                MEETING,
                "meetings",
                mid,
                title,
                d,
                t0,
                t1,
                tz,
                q.viewer,
                country,
                location or "",
                movable=True,
            )
        )
    return out


def _itinerary(s: Session, q: _Query, destinations: _Destinations) -> list[CalendarItem]:
    stmt = sa.select(
        ItineraryItem.id,
        ItineraryItem.trip_id,
        ItineraryItem.date,
        ItineraryItem.start_time,
        ItineraryItem.end_time,
        ItineraryItem.end_day_offset,
        ItineraryItem.timezone,
        ItineraryItem.end_timezone,
        ItineraryItem.description,
        ItineraryItem.detail,
        ItineraryItem.reference,
        ItineraryItem.meeting_id,
    ).where(
        # Lines of meetings are left out below, in Python: with `meeting_id IS NULL` in the
        # query, SQLite walks the meeting_id index (half the table) instead of the date index.
        ItineraryItem.date.between(q.start - ITINERARY_MARGIN, q.end + ZONE_MARGIN),
    )
    trips = _trips_matching(q)
    if trips is not None:
        stmt = stmt.where(ItineraryItem.trip_id.in_(trips))
    rows = [r for r in s.execute(stmt) if r.meeting_id is None]
    destinations.load(r.trip_id for r in rows)
    out = []
    for iid, trip_id, d, t0, t1, offset, tz, end_tz, description, detail, reference, _m in rows:
        tz = tz or destinations.timezone(trip_id) or SEOUL
        end_tz = end_tz or tz
        country = destinations.country(trip_id)
        subtitle = " · ".join(x for x in (detail, reference) if x)
        if t0 is None:
            last = d + timedelta(days=offset or 0)
            out.append(
                _all_day(
                    ITINERARY,
                    "trips",
                    trip_id,
                    description,
                    d,
                    last,
                    ITINERARY,
                    country,
                    subtitle,
                    item_id=iid,
                    local_tz=tz,
                )
            )
            continue
        start = _placed(d, t0, tz, q.viewer)
        end = None
        end_local_date = None
        if t1 is not None:
            # a flight entered as landing before it leaves lands the next day ('+1')
            end_local_date = d + timedelta(days=arrival_day_offset(d, t0, t1, tz, end_tz, offset))
            end = _placed(end_local_date, t1, end_tz, q.viewer)
            if end < start:  # not possible as written; show the start only rather than guess
                end = None
                end_local_date = None
        out.append(
            CalendarItem(
                kind=ITINERARY,
                record_kind="trips",
                record_id=trip_id,
                title=description,
                local_start_date=d,
                local_start_time=t0,
                local_end_date=end_local_date,
                local_end_time=t1 if end is not None else None,
                local_tz=tz,
                local_end_tz=end_tz if end is not None else None,
                start=start,
                end=end,
                start_date=start.date(),
                end_date=_end_day(start, end),
                all_day=False,
                colour=ITINERARY,
                country_code=country,
                subtitle=subtitle,
                item_id=iid,
            )
        )
    return out


def _trips(s: Session, q: _Query, destinations: _Destinations) -> list[CalendarItem]:
    stmt = sa.select(Trip.id, Trip.title, Trip.destination, Trip.start_date, Trip.end_date).where(
        Trip.start_date.between(q.start - SPAN_LOOKBACK, q.end), Trip.end_date >= q.start
    )
    trips = _trips_matching(q)
    if trips is not None:
        stmt = stmt.where(Trip.id.in_(trips))
    rows = list(s.execute(stmt))
    destinations.load(r.id for r in rows)
    return [
        _all_day(
            TRIP,
            "trips",
            tid,
            title,
            first,
            last,
            TRIP,
            destinations.country(tid),
            destination or "",
            local_tz=destinations.timezone(tid),
        )
        for tid, title, destination, first, last in rows
    ]


def _actions(s: Session, q: _Query, include_closed: bool, today: date) -> list[CalendarItem]:
    stmt = sa.select(
        Action.id,
        Action.title,
        Action.due_date,
        Action.due_precision,
        Action.due_end,
        Action.status,
        Action.country_code,
    ).where(
        Action.due_date.between(q.start - DUE_RANGE_LOOKBACK, q.end),
        sa.func.coalesce(Action.due_end, Action.due_date) >= q.start,
    )
    if not include_closed:
        stmt = stmt.where(status_in(OPEN_STATUSES))  # literal: the open partial index serves it
    stmt = query_filters(
        stmt, q, Action.country_code, Action.id, action_topics.c.action_id, action_topics.c.topic_id
    )
    out = []
    for aid, title, first, precision, last, status, country in s.execute(stmt):
        if first is None:  # the query asks for a due date; this tells the type checker
            continue
        precision = DatePrecision(precision)
        due = PrecisionDate(first, precision, last)
        status = ActionStatus(status)
        if status.is_closed:
            colour = ACTION_CLOSED
        elif due.last_day < today:
            colour = ACTION_OVERDUE
        else:
            colour = ACTION_DUE
        out.append(
            _all_day(
                ACTION_DUE,
                "actions",
                aid,
                title,
                first,
                last or first,
                colour,
                country,
                label=due.korean_short() if q.lang_ko else due.english(),
                due_precision=precision,
                due_last_day=due.last_day,
                status=status.value,
                movable=not status.is_closed,
            )
        )
    return out


def topics_in_use(db: Database) -> list[tuple[uuid.UUID, str, str | None]]:
    """(id, Korean name, English name) of every topic, for the calendar's filter."""
    with db.read() as s:
        rows = s.execute(sa.select(Topic.id, Topic.name_ko, Topic.name_en).order_by(Topic.name_ko))
        return [(key, ko, en) for key, ko, en in rows]
