"""When an itinerary line ends: the arrival of a flight as an instant, from the departure's
wall-clock time and zone and the arrival's own.

A late-evening departure that lands after midnight is often entered without its day offset
('22:30~06:10' from Seoul to Montreal): as written it lands before it leaves. Such a line
arrives the next day ('06:10+1'), and every reader of the itinerary (the editor, the import,
the report, the calendar) takes the same offset from `arrival_day_offset`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# A flight's arrival is at most this many days after its departure's date by the clock at the
# place (across the date line westward); an arrival still before it is left as written.
MAX_DAYS = 2
# The longest journey a missing day offset is assumed for: the longest flights take 19 hours.
# '18:00~15:00' at one place is a slip of the keyboard (the editor asks), not a 21-hour trip.
MAX_SPAN = timedelta(hours=20)


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):  # unknown or malformed: nothing can be said
        return None


def _instant(day: date, at: time, zone: ZoneInfo | None) -> datetime:
    moment = datetime.combine(day, at.replace(tzinfo=None))
    return moment.replace(tzinfo=zone) if zone is not None else moment


def _span(leaves: datetime, lands: datetime) -> timedelta:
    if leaves.tzinfo is not None and lands.tzinfo is not None:
        return lands.astimezone(ZoneInfo("UTC")) - leaves.astimezone(ZoneInfo("UTC"))
    return lands - leaves


@dataclass(frozen=True)
class Arrival:
    day_offset: int  # days after the line's date, by the clock at the arrival
    added: int  # days added to what was entered (0: as entered)
    at: datetime | None  # the arrival instant (aware when the zones are known)


def arrival(
    day: date | None,
    start: time | None,
    end: time | None,
    zone: str | None,
    end_zone: str | None = None,
    day_offset: int | None = 0,
) -> Arrival:
    """The arrival of a line leaving on `day` at `start` (in `zone`) and arriving at `end` (in
    `end_zone`, or `zone`), `day_offset` days later as entered. When that arrival would come
    before the departure, the offset that makes it follow it (one day, two across the date
    line); otherwise the offset as entered. Without both times, or with a zone that cannot be
    read when the two differ, the line is taken as entered."""
    offset = max(day_offset or 0, 0)
    if day is None or start is None or end is None:
        return Arrival(offset, 0, None)
    leave_zone, land_zone = _zone(zone), _zone(end_zone or zone)
    if (zone or end_zone) and end_zone and end_zone != zone and (leave_zone is None or land_zone is None):
        return Arrival(offset, 0, None)
    if leave_zone is None or land_zone is None:  # one clock, whichever it is
        leave_zone = land_zone = None
    leaves = _instant(day, start, leave_zone)
    added = 0
    while True:
        lands = _instant(day + timedelta(days=offset + added), end, land_zone)
        if lands >= leaves or offset + added >= MAX_DAYS:
            break
        added += 1
    if lands < leaves or (added and _span(leaves, lands) > MAX_SPAN):  # not a missing day: as entered
        return Arrival(offset, 0, _instant(day + timedelta(days=offset), end, land_zone))
    return Arrival(offset + added, added, lands)


def arrival_day_offset(
    day: date | None,
    start: time | None,
    end: time | None,
    zone: str | None,
    end_zone: str | None = None,
    day_offset: int | None = 0,
) -> int:
    """The day offset of the arrival (see `arrival`)."""
    return arrival(day, start, end, zone, end_zone, day_offset).day_offset


def lands_before_leaving(
    day: date | None,
    start: time | None,
    end: time | None,
    zone: str | None,
    end_zone: str | None = None,
    day_offset: int | None = 0,
) -> bool:
    """Whether the line, even with the day offset `arrival` would add, arrives before it leaves
    (an arrival no missing day explains: a wrong time or zone)."""
    found = arrival(day, start, end, zone, end_zone, day_offset)
    if found.at is None or day is None or start is None:
        return False
    leave_zone = _zone(zone) if found.at.tzinfo is not None else None
    return found.at < _instant(day, start, leave_zone)
