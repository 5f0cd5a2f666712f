"""An item of the calendar (`CalendarItem`): its kind, its wall-clock time at the place and
the same instant in the viewer's zone, and how items sort; the window a query asks about.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from tracker.domain.dates import zone
from tracker.domain.enums import DatePrecision

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


def sort_key(item: CalendarItem) -> tuple[Any, ...]:
    when = item.start.replace(tzinfo=None) if item.start is not None else datetime.min
    return (item.start_date, not item.all_day, when, _KIND_ORDER.get(item.kind, 9), item.title, item.key)


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
