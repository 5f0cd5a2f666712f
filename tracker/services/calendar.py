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

The code lives beside this module: calendar_item (the item and its constants),
calendar_records (meetings, itinerary, trips, deadlines), calendar_events (events, sessions and
series), calendar_moves (drag and drop) and calendar_series (editing a series).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from datetime import date

from tracker.db.engine import Database
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import language
from tracker.services.calendar_events import _events, _sessions, occurrence_dates
from tracker.services.calendar_item import (
    ACTION_CLOSED,
    ACTION_DUE,
    ACTION_OVERDUE,
    EVENT,
    EVENT_SESSION,
    ITINERARY,
    KINDS,
    MEETING,
    TRIP,
    CalendarItem,
    _Query,
    _zone,
    sort_key,
)
from tracker.services.calendar_item import DUE_RANGE_LOOKBACK as DUE_RANGE_LOOKBACK
from tracker.services.calendar_item import ITINERARY_MARGIN as ITINERARY_MARGIN
from tracker.services.calendar_item import SEOUL as SEOUL
from tracker.services.calendar_item import SPAN_LOOKBACK as SPAN_LOOKBACK
from tracker.services.calendar_item import ZONE_MARGIN as ZONE_MARGIN
from tracker.services.calendar_moves import move_due, move_meeting, viewer_to_local
from tracker.services.calendar_records import (
    _actions,
    _Destinations,
    _itinerary,
    _meetings,
    _trips,
    topics_in_use,
)
from tracker.services.calendar_series import OccurrenceEdit, edit_occurrence, edit_series


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
        # Stays a comparison: one flag the whole query reads (names, due dates) as it builds items.
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
    "sort_key",
    "topics_in_use",
    "viewer_to_local",
]
