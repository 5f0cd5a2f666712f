"""What is on between two days, where, and at what time — for the calendar views.

`items_between` gathers meetings, itinerary lines, events (recurring series expanded into their
occurrences), event sessions, trips and follow-up deadlines that touch a window of days, each as
a plain `CalendarItem` that carries both the wall-clock time at the place and the same instant
in the viewer's zone: the US Commerce meeting in Montreal at 09:35 EST is 23:35 in Seoul on the
same day; the flight that leaves Montreal at 07:00 on 10 December and lands in Incheon at
'16:50+1' ends on 11 December in Seoul.

Rules the views rely on:

* Timed items (a date with a start time) are placed in the viewer's zone; their `start_date`
  and `end_date` are the viewer's days. With ``viewer_tz=None`` every item stays at its own
  wall-clock time ("local time" view).
* All-day items (trips, events, deadlines, meetings without a time) are calendar dates and are
  never converted between zones: a deadline of 10 March is 10 March everywhere.
* A deadline known only to the month ('26.10월) is shown as an all-day item on the 1st of the
  month labelled '26.10월; one known only to the year ('26년) on 1 January. The label says
  which; the item keeps `due_last_day` (31 October) for colouring it overdue, as
  `actions.bucket` does. A range ('26.3.15.~16.) spans its days.
* An itinerary line linked to a meeting is the meeting: the meeting is shown, not the line.
* Each query asks only for the rows of the window (plus a small margin for the zone shift)
  through the date indexes; nothing loads a whole table. Recurring events are the exception
  that cannot be bounded in SQL (a series that began years ago recurs this month): every
  series that started before the window's end is read and expanded, which is a few hundred
  rows even in a large database.

Writes: `move_meeting` and `move_due` (drag and drop), `edit_occurrence` and `edit_series`
(recurring events). A series keeps its exceptions as RFC 5545 does: cancelled dates (EXDATE)
and extra dates (RDATE) on the series, and an occurrence changed on its own (RECURRENCE-ID) as
an event that points at its series; the expansion leaves out the cancelled and changed
occurrences and adds the extra ones, and the changed one is shown as the event it now is.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from dateutil.rrule import rrule, rrulestr
from sqlalchemy.orm import Session

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Event,
    EventSession,
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
from tracker.domain.dates import PrecisionDate, zone
from tracker.domain.enums import ActionStatus, DatePrecision
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import language
from tracker.domain.recurrence import format_dates, parse_dates, series_dates, validate_rrule
from tracker.services import records
from tracker.services.actions import OPEN_STATUSES, status_in

SEOUL = "Asia/Seoul"

MEETING = "meeting"
ITINERARY = "itinerary"
EVENT = "event"
EVENT_SESSION = "event_session"
TRIP = "trip"
ACTION_DUE = "action_due"
KINDS = (MEETING, ITINERARY, EVENT, EVENT_SESSION, TRIP, ACTION_DUE)

# Colour keys beyond the kinds themselves.
ACTION_OVERDUE = "action_overdue"
ACTION_CLOSED = "action_closed"

# Margins around the window when asking the database. Zones are at most 26 hours apart, so a
# timed item can move at most two days; an itinerary line may end days after it starts.
ZONE_MARGIN = timedelta(days=2)
ITINERARY_MARGIN = timedelta(days=5)
# Spans are found by their first day (the indexed column): a trip or event that began more
# than this long before the window is not found, and neither is a deadline range.
SPAN_LOOKBACK = timedelta(days=366)
DUE_RANGE_LOOKBACK = timedelta(days=92)

_KIND_ORDER = {TRIP: 0, EVENT: 1, ACTION_DUE: 2, EVENT_SESSION: 3, MEETING: 4, ITINERARY: 5}


@dataclass(frozen=True)
class CalendarItem:
    """One thing on the calendar. `record_kind`/`record_id` name what opens when it is clicked
    (an itinerary line opens its trip, a session its event)."""

    kind: str
    record_kind: str
    record_id: uuid.UUID
    title: str
    # Where it happens, as the place writes it.
    local_start_date: date
    local_start_time: time | None
    local_end_date: date | None
    local_end_time: time | None
    local_tz: str | None
    local_end_tz: str | None
    # The same in the viewer's zone (None for all-day items); days are the viewer's.
    start: datetime | None
    end: datetime | None
    start_date: date
    end_date: date
    all_day: bool
    colour: str
    country_code: str | None = None
    subtitle: str = ""
    label: str = ""  # '26.10월 for a month-precision deadline
    item_id: uuid.UUID | None = None  # the itinerary line or session itself
    series_id: uuid.UUID | None = None  # the recurring event an occurrence comes from
    occurrence_date: date | None = None
    due_precision: DatePrecision | None = None
    due_last_day: date | None = None
    status: str | None = None
    movable: bool = False
    topic_ids: tuple[uuid.UUID, ...] = field(default=(), compare=False)

    @property
    def key(self) -> str:
        """Unique within one result: a series gives one item per occurrence."""
        occ = self.occurrence_date.isoformat() if self.occurrence_date else ""
        return f"{self.kind}:{self.item_id or self.record_id}:{occ}"

    @property
    def multi_day(self) -> bool:
        return self.end_date > self.start_date

    def days(self) -> list[date]:
        n = (self.end_date - self.start_date).days
        return [self.start_date + timedelta(days=i) for i in range(n + 1)]

    def local_start_text(self) -> str:
        """'09:35 EST' — the wall-clock time at the place, with the zone's abbreviation."""
        return _local_text(self.local_start_date, self.local_start_time, self.local_tz)

    def local_end_text(self) -> str:
        """'16:50+1 KST' for an arrival the next day (counted from the local start date)."""
        if self.local_end_time is None or self.local_end_date is None:
            return ""
        text = _local_text(self.local_end_date, self.local_end_time, self.local_end_tz or self.local_tz)
        offset = (self.local_end_date - self.local_start_date).days
        if offset:
            hhmm, _, abbr = text.partition(" ")
            text = f"{hhmm}{offset:+d} {abbr}".strip()
        return text

    def viewer_text(self) -> str:
        """'23:35' or '23:35–23:55' in the viewer's zone; '' for all-day items."""
        if self.start is None:
            return ""
        text = self.start.strftime("%H:%M")
        if self.end is not None and self.end != self.start:
            text += "–" + self.end.strftime("%H:%M")
            days = (self.end.date() - self.start.date()).days
            if days:
                text += f"{days:+d}"
        return text


def _local_text(d: date, t: time | None, tz: str | None) -> str:
    if t is None:
        return ""
    if not tz:
        return t.strftime("%H:%M")
    abbr = datetime.combine(d, t, tzinfo=_zone(tz)).tzname() or ""
    return f"{t.strftime('%H:%M')} {abbr}".strip()


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return zone(name)


def _end_day(start: datetime, end: datetime | None) -> date:
    """The last day an item touches: one that ends at midnight does not touch the next day."""
    if end is None or end <= start:
        return start.date()
    return (end - timedelta(microseconds=1)).date()


def _placed(d: date, t: time, tz: str, viewer: ZoneInfo | None) -> datetime:
    local = datetime.combine(d, t, tzinfo=_zone(tz))
    return local if viewer is None else local.astimezone(viewer)


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


@dataclass
class _Query:
    start: date
    end: date
    viewer: ZoneInfo | None
    countries: tuple[str, ...] | None
    topic_ids: tuple[uuid.UUID, ...] | None
    lang_ko: bool

    def overlaps(self, first: date, last: date) -> bool:
        return first <= self.end and last >= self.start


def items_between(
    db: Database,
    start: date,
    end: date,
    viewer_tz: str | None = SEOUL,
    *,
    countries: Iterable[str] | None = None,
    topic_ids: Iterable[uuid.UUID] | None = None,
    kinds: Iterable[str] | None = None,
    include_closed: bool = False,
    today: date | None = None,
) -> list[CalendarItem]:
    """Everything that touches the days `start`..`end` (inclusive) as the viewer sees them,
    sorted by day, all-day items first, then by time. `viewer_tz=None` keeps every item at its
    own local time. `countries` (ISO codes) and `topic_ids` narrow the result; `kinds` picks
    among KINDS. Closed follow-ups are left out unless `include_closed`; `today` (default: the
    system's) decides which deadlines are coloured overdue."""
    if end < start:
        raise ValidationError("end_before_start", field="end", start=start, end=end)
    wanted = set(KINDS if kinds is None else kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValidationError("bad_choice", field="kinds", value=sorted(unknown)[0], choices=", ".join(KINDS))
    q = _Query(
        start,
        end,
        _zone(viewer_tz) if viewer_tz else None,
        tuple(c.upper() for c in countries) if countries is not None else None,
        tuple(topic_ids) if topic_ids is not None else None,
        language() == "ko",
    )
    items: list[CalendarItem] = []
    with db.read() as s:
        destinations = _Destinations(s)
        if MEETING in wanted:
            items += _meetings(s, q)
        if ITINERARY in wanted:
            items += _itinerary(s, q, destinations)
        if TRIP in wanted:
            items += _trips(s, q, destinations)
        if EVENT in wanted:
            items += _events(s, q)
        if EVENT_SESSION in wanted:
            items += _sessions(s, q)
        if ACTION_DUE in wanted:
            items += _actions(s, q, include_closed, today or date.today())
    items = [i for i in items if q.overlaps(i.start_date, i.end_date)]
    items.sort(key=sort_key)
    return items


def sort_key(item: CalendarItem) -> tuple[Any, ...]:
    when = item.start.replace(tzinfo=None) if item.start is not None else datetime.min
    return (item.start_date, not item.all_day, when, _KIND_ORDER.get(item.kind, 9), item.title, item.key)


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
    if q.countries is not None:
        stmt = stmt.where(Meeting.country_code.in_(q.countries))
    if q.topic_ids is not None:
        stmt = stmt.where(
            Meeting.id.in_(
                sa.select(meeting_topics.c.meeting_id).where(meeting_topics.c.topic_id.in_(q.topic_ids))
            )
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


def _timed(
    kind: str,
    record_kind: str,
    record_id: uuid.UUID,
    title: str,
    d: date,
    t0: time,
    t1: time | None,
    tz: str,
    viewer: ZoneInfo | None,
    country: str | None,
    subtitle: str,
    **extra: Any,
) -> CalendarItem:
    """An item at a wall-clock time on one day at a place, placed in the viewer's zone."""
    start = _placed(d, t0, tz, viewer)
    end = _placed(d, t1, tz, viewer) if t1 is not None and t1 > t0 else None
    return CalendarItem(
        kind=kind,
        record_kind=record_kind,
        record_id=record_id,
        title=title,
        local_start_date=d,
        local_start_time=t0,
        local_end_date=d if end else None,
        local_end_time=t1 if end else None,
        local_tz=tz,
        local_end_tz=tz if end else None,
        start=start,
        end=end,
        start_date=start.date(),
        end_date=_end_day(start, end),
        all_day=False,
        colour=kind,
        country_code=country,
        subtitle=subtitle,
        **extra,
    )


def _all_day(
    kind: str,
    record_kind: str,
    record_id: uuid.UUID,
    title: str,
    first: date,
    last: date,
    colour: str,
    country: str | None,
    subtitle: str = "",
    **extra: Any,
) -> CalendarItem:
    local_tz = extra.pop("local_tz", None)
    return CalendarItem(
        kind=kind,
        record_kind=record_kind,
        record_id=record_id,
        title=title,
        local_start_date=first,
        local_start_time=None,
        local_end_date=last,
        local_end_time=None,
        local_tz=local_tz,
        local_end_tz=None,
        start=None,
        end=None,
        start_date=first,
        end_date=max(first, last),
        all_day=True,
        colour=colour,
        country_code=country,
        subtitle=subtitle,
        **extra,
    )


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


# any SELECT: the filters add WHERE clauses and keep the statement's columns
_Select = TypeVar("_Select", bound="sa.Select[*tuple[Any, ...]]")


def _event_filters(stmt: _Select, q: _Query) -> _Select:
    if q.countries is not None:
        stmt = stmt.where(Event.country_code.in_(q.countries))
    if q.topic_ids is not None:
        stmt = stmt.where(
            Event.id.in_(sa.select(event_topics.c.event_id).where(event_topics.c.topic_id.in_(q.topic_ids)))
        )
    return stmt


@lru_cache(maxsize=512)
def _rule(text: str, first: date) -> rrule:
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    return rrulestr(rule, dtstart=datetime.combine(first, time()), cache=True)  # type: ignore[return-value]


def occurrence_dates(rule: str, first: date, after: date, before: date) -> list[date]:
    """First days of a series (beginning on `first`) that fall within [after, before]."""
    rr = _rule(rule, first)
    return [
        d.date()
        for d in rr.between(datetime.combine(after, time()), datetime.combine(before, time()), inc=True)
    ]


def _replaced(s: Session, series_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, set[date]]:
    """The occurrences of each series changed on their own (shown as events of their own)."""
    out: dict[uuid.UUID, set[date]] = {}
    ids = list(series_ids)
    for i in range(0, len(ids), 500):
        stmt = sa.select(Event.series_id, Event.recurrence_date).where(Event.series_id.in_(ids[i : i + 500]))
        for sid, day in s.execute(stmt):
            if sid is not None and day is not None:
                out.setdefault(sid, set()).add(day)
    return out


def _series_days(
    rule: str | None,
    first: date,
    after: date,
    before: date,
    excluded: str | None,
    extra: str | None,
    replaced: Collection[date],
) -> list[date]:
    """First days of a series' occurrences within [after, before] as the calendar shows them."""
    if rule is None:
        return [first] if after <= first <= before else []
    days = occurrence_dates(rule, first, after, before)
    if excluded or extra or replaced:
        shown = set(days) | {d for d in parse_dates(extra) if after <= d <= before}
        days = sorted(shown - set(parse_dates(excluded)) - set(replaced))
    return days


def _events(s: Session, q: _Query) -> list[CalendarItem]:
    cols = (
        Event.id,
        Event.name_ko,
        Event.name_en,
        Event.start_date,
        Event.end_date,
        Event.recurrence,
        Event.timezone,
        Event.country_code,
        Event.city,
        Event.venue,
        Event.excluded_dates,
        Event.extra_dates,
        Event.series_id,
        Event.recurrence_date,
    )
    single = _event_filters(
        sa.select(*cols).where(
            Event.recurrence.is_(None),
            Event.start_date.between(q.start - SPAN_LOOKBACK, q.end),
            Event.end_date >= q.start,
        ),
        q,
    )
    series = _event_filters(
        sa.select(*cols).where(Event.recurrence.is_not(None), Event.start_date <= q.end), q
    )
    rows = [*s.execute(single), *s.execute(series)]
    replaced = _replaced(s, [r[0] for r in rows if r[5]])
    out = []
    for eid, name_ko, name_en, first, last, rule, tz, country, city, venue, excluded, extra, of, occ in rows:
        title = name_ko if q.lang_ko or not name_en else name_en
        subtitle = " · ".join(x for x in (city, venue) if x)
        length = last - first
        if not rule:
            # An occurrence changed on its own is still one of its series (at its new days).
            out.append(
                _all_day(
                    EVENT, "events", eid, title, first, last, EVENT, country, subtitle, local_tz=tz,
                    series_id=of, occurrence_date=occ if of is not None else None,
                )
            )  # fmt: skip
            continue
        days = _series_days(rule, first, q.start - length, q.end, excluded, extra, replaced.get(eid, ()))
        for day in days:
            out.append(
                _all_day(
                    EVENT,
                    "events",
                    eid,
                    title,
                    day,
                    day + length,
                    EVENT,
                    country,
                    subtitle,
                    local_tz=tz,
                    series_id=eid,
                    occurrence_date=day,
                )
            )
    return out


def _sessions(s: Session, q: _Query) -> list[CalendarItem]:
    """Sessions on their days. A series' sessions are those of its first occurrence (they give
    the series its hours in an export): shown unless that occurrence is cancelled or changed on
    its own (the changed one has sessions of its own)."""
    lo, hi = q.start - ZONE_MARGIN, q.end + ZONE_MARGIN
    cols = (
        EventSession.id,
        EventSession.title_ko,
        EventSession.title_en,
        EventSession.date,
        EventSession.start_time,
        EventSession.end_time,
        Event.id,
        Event.name_ko,
        Event.name_en,
        Event.timezone,
        Event.country_code,
    )
    stmt = (
        sa.select(*cols)
        .join(Event, EventSession.event_id == Event.id)
        # Through the events' indexed start date: a session lies within its event's days.
        .where(
            Event.recurrence.is_(None),
            Event.start_date.between(lo - SPAN_LOOKBACK, hi),
            Event.end_date >= lo,
            EventSession.date.between(lo, hi),
        )
    )
    series_stmt = (
        sa.select(
            *cols,
            Event.recurrence,
            Event.start_date,
            Event.excluded_dates,
            Event.extra_dates,
        )
        .join(Event, EventSession.event_id == Event.id)
        .where(Event.recurrence.is_not(None), Event.start_date <= hi, EventSession.date.is_not(None))
    )
    rows: list[tuple[Any, ...]] = [(*r, None, None) for r in s.execute(_event_filters(stmt, q))]
    series_rows: list[tuple[Any, ...]] = [tuple(r) for r in s.execute(_event_filters(series_stmt, q))]
    replaced = _replaced(s, {r[6] for r in series_rows})
    for *row, rule, first, excluded, extra in series_rows:
        if lo <= row[3] <= hi and _series_days(
            rule, first, first, first, excluded, extra, replaced.get(row[6], ())
        ):
            rows.append((*row, None, None))
    out = []
    for sid, t_ko, t_en, d, t0, t1, eid, e_ko, e_en, tz, country, series_id, occurrence in rows:
        title = t_ko if q.lang_ko or not t_en else t_en
        event_name = e_ko if q.lang_ko or not e_en else e_en
        more = {"series_id": series_id, "occurrence_date": occurrence}
        if t0 is None:
            out.append(
                _all_day(
                    EVENT_SESSION,
                    "events",
                    eid,
                    title,
                    d,
                    d,
                    EVENT_SESSION,
                    country,
                    event_name,
                    item_id=sid,
                    local_tz=tz,
                    **more,
                )
            )
            continue
        out.append(
            _timed(
                EVENT_SESSION, "events", eid, title, d, t0, t1, tz, q.viewer, country, event_name,
                item_id=sid, **more,
            )
        )  # fmt: skip
    return out


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
    if q.countries is not None:
        stmt = stmt.where(Action.country_code.in_(q.countries))
    if q.topic_ids is not None:
        stmt = stmt.where(
            Action.id.in_(
                sa.select(action_topics.c.action_id).where(action_topics.c.topic_id.in_(q.topic_ids))
            )
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


# --------------------------------------------------------------------------------------------
# Moving things (drag and drop)
# --------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------
# Recurring events
# --------------------------------------------------------------------------------------------

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


def _rule_parts(text: str) -> list[tuple[str, str]]:
    rule = validate_rrule(text)
    parts = []
    for part in rule.split(";"):
        if part.strip():
            key, _, value = part.partition("=")
            parts.append((key.strip().upper(), value.strip()))
    return parts


def _rule_text(parts: list[tuple[str, str]]) -> str:
    return ";".join(f"{k}={v}" for k, v in parts)


def _with_until(text: str, last: date) -> str:
    """The rule ending with the occurrence on `last` (UNTIL as a DATE, as RFC 5545 wants for a
    series of dates; COUNT and UNTIL exclude each other)."""
    parts = [(k, v) for k, v in _rule_parts(text) if k not in ("UNTIL", "COUNT")]
    parts.append(("UNTIL", last.strftime("%Y%m%d")))
    return _rule_text(parts)


def _with_count_left(text: str, used: int) -> str:
    parts = _rule_parts(text)
    return _rule_text([(k, str(int(v) - used) if k == "COUNT" else v) for k, v in parts])


def _same_dates(a: Iterable[datetime], b: Iterable[datetime], limit: int = 200) -> bool:
    """Whether two series give the same dates (compared over their first `limit`)."""
    return list(islice(a, limit)) == list(islice(b, limit))


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
) -> OccurrenceEdit:
    """Change one occurrence of a recurring event and leave the series as it is.

    The occurrence becomes an event of its own that points at its series (`series_id`) and
    names the occurrence it replaces (`recurrence_date`), as RFC 5545 does with RECURRENCE-ID:
    it starts as a copy of the series on that occurrence's days, with `changes` applied (a new
    `start_date` moves it and keeps its length). Its sessions are the series' sessions on the
    same days of that occurrence (the series' hours), moved with it, or `sessions` when given.
    Meetings, itinerary lines and trips dated within the occurrence follow it; follow-up
    actions stay with the series. Editing an occurrence already changed edits that event.
    For an event that does not recur this is a plain edit of the event."""
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
        if existing is not None:
            data = _shifted(changes, existing.start_date, existing.end_date)
            delta = data.get("start_date", existing.start_date) - existing.start_date
            _shift_sessions(s, existing, existing.start_date, existing.end_date, delta)
            records.update_in(s, Event, existing.id, data)
            if sessions is not None:
                _replace_sessions(s, existing, sessions)
            return OccurrenceEdit(ev, existing, None)

        shown = series_dates(
            ev.recurrence,
            first,
            occurrence_date,
            occurrence_date,
            excluded=parse_dates(ev.excluded_dates),
            extra=parse_dates(ev.extra_dates),
        )
        if shown != [occurrence_date]:
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


def series_rule_dates(event: Event, after: date, before: date) -> list[date]:
    """First days of an event's occurrences within [after, before] (one if it does not recur),
    its extra dates included and its cancelled ones left out."""
    return series_dates(
        event.recurrence,
        event.start_date,
        after,
        before,
        excluded=parse_dates(event.excluded_dates),
        extra=parse_dates(event.extra_dates),
    )


def countries_of(items: Collection[CalendarItem]) -> list[str]:
    """The counterpart countries of what is on view, in order of first appearance."""
    return list(dict.fromkeys(i.country_code for i in items if i.country_code))


__all__ = [
    "ACTION_CLOSED",
    "ACTION_DUE",
    "ACTION_OVERDUE",
    "EVENT",
    "EVENT_SESSION",
    "ITINERARY",
    "KINDS",
    "MEETING",
    "TRIP",
    "CalendarItem",
    "OccurrenceEdit",
    "countries_of",
    "edit_occurrence",
    "edit_series",
    "items_between",
    "move_due",
    "move_meeting",
    "occurrence_dates",
    "series_rule_dates",
    "sort_key",
    "topics_in_use",
    "viewer_to_local",
]
