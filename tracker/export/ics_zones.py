"""Time zones that a calendar file defines itself (VTIMEZONE) under a name nobody else knows:
Outlook's "(UTC+09:00) Seoul", "(UTC-05:00) Eastern Time (US & Canada)", a custom "Lab Time".

The definition is compared with the IANA zones by their UTC offsets over two years around the
dates that use it; the zone whose offsets agree everywhere is taken (one named in the TZID
first: "Seoul" picks Asia/Seoul over Asia/Tokyo). A definition with one constant whole-hour
offset and no IANA twin becomes Etc/GMT-N. None otherwise: the caller keeps the instants.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

_STEP = timedelta(hours=6)  # fine enough to see every DST change, whatever hour it falls at
_SAMPLES = 4 * 366 * 2


def _instants(year: int) -> list[datetime]:
    start = datetime(year, 1, 1, tzinfo=UTC)
    return [start + i * _STEP for i in range(_SAMPLES)]


_AREAS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


@cache
def _zones() -> tuple[str, ...]:
    # Places only: not Etc/ nor the old aliases (US/Eastern, Canada/Eastern, ROK).
    return tuple(sorted(n for n in available_timezones() if n.startswith(_AREAS)))


def _offsets(tz: tzinfo, instants: list[datetime]) -> tuple[timedelta | None, ...]:
    return tuple(t.astimezone(tz).utcoffset() for t in instants)


def _candidates(tzid: str, preferred: tuple[str, ...]) -> list[str]:
    """Zones named in the TZID ("Seoul"), then the usual zone of each offset, then the rest."""
    words = {w.casefold() for w in re.findall(r"[A-Za-z]{3,}", tzid)}
    names = _zones()
    hinted = [n for n in names if n.rsplit("/", 1)[-1].replace("_", " ").casefold() in words]
    usual = [n for n in preferred if n in names]
    return list(dict.fromkeys([*hinted, *usual, *names]))


def iana_for_definition(tzid: str, defined: tzinfo, year: int, preferred: tuple[str, ...] = ()) -> str | None:
    """The IANA zone whose offsets equal the file's definition from `year` for two years."""
    instants = _instants(year)
    wanted = _offsets(defined, instants)
    if None in wanted:
        return None
    probe = (instants[0], instants[len(instants) // 4], instants[len(instants) // 2])
    quick = tuple(wanted[instants.index(t)] for t in probe)
    for name in _candidates(tzid, preferred):
        zone = ZoneInfo(name)
        if _offsets(zone, list(probe)) == quick and _offsets(zone, instants) == wanted:
            return name
    if len(set(wanted)) == 1:
        offset = wanted[0]
        assert offset is not None
        hours, rest = divmod(offset, timedelta(hours=1))
        if not rest and -14 <= hours <= 12:
            return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"  # POSIX signs: GMT-9 is UTC+9
    return None
