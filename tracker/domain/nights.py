"""How many nights a trip spends abroad (the 박 of 4박 6일).

A night is 박 when it is spent abroad, not on the plane: the G7 trip leaves Incheon on 6 Dec,
lands in Montreal the same day, flies home on 10 Dec and lands on 11 Dec, so it is 4박 6일, not
the calendar's 5박. The nights run from the day the outbound flight from Korea lands to the day
the flight back to Korea takes off; without such a flight, from the trip's first or to its last
day. An officer may correct the count (a night on a train, a stopover); the correction wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, Protocol

from tracker.domain.dates import nights_days
from tracker.domain.enums import ItineraryKind

HOME_ZONES = frozenset({"Asia/Seoul"})


class Leg(Protocol):
    """An itinerary line as far as nights are concerned (ItineraryItem has these). Read only,
    so a line whose offset is never empty (an int) is a Leg too."""

    @property
    def date(self) -> date: ...
    @property
    def kind(self) -> Any: ...
    @property
    def end_day_offset(self) -> int | None: ...
    @property
    def timezone(self) -> str | None: ...
    @property
    def end_timezone(self) -> str | None: ...


def _is_flight(leg: Leg) -> bool:
    return leg.kind == ItineraryKind.FLIGHT or str(getattr(leg.kind, "value", leg.kind)) == "flight"


def nights_abroad(start: date, end: date, legs: Iterable[Leg]) -> int:
    """Nights spent abroad on a trip from `start` to `end` with these itinerary lines."""
    flights = sorted(
        (leg for leg in legs if _is_flight(leg) and start <= leg.date <= end), key=lambda leg: leg.date
    )
    out = [f for f in flights if f.timezone in HOME_ZONES and f.end_timezone not in HOME_ZONES]
    back = [f for f in flights if f.end_timezone in HOME_ZONES and f.timezone not in HOME_ZONES]
    landed = out[0].date + timedelta(days=max(out[0].end_day_offset or 0, 0)) if out else start
    leaves = back[-1].date if back else end
    return max(min((leaves - landed).days, (end - start).days), 0)


def trip_nights(start: date, end: date, legs: Iterable[Leg], corrected: int | None = None) -> int:
    """The nights to show: the officer's correction if there is one, else from the itinerary."""
    if corrected is not None and 0 <= corrected <= (end - start).days:
        return corrected
    return nights_abroad(start, end, legs)


def nights_text(start: date, end: date, legs: Iterable[Leg], corrected: int | None = None) -> str:
    """4박 6일"""
    return nights_days(start, end, trip_nights(start, end, legs, corrected))
