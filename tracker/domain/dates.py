"""Dates as the documents write them, and dates known only to the month or as a range.

A `PrecisionDate` stores what is known and no more: '26.10월 is (2026-10-01, MONTH), never an
invented 1 October; '26.3.15.~16. is (2026-03-15, DAY, end 2026-03-16).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.domain.enums import DatePrecision
from tracker.domain.errors import ValidationError

WEEKDAYS_KO = "월화수목금토일"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# English month names written out, never strftime's %b/%B: those follow the process locale,
# which Qt sets from the system, so a Korean system printed "8 12월 2025" in English.
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_EN_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def english_month(d: date, long: bool = False) -> str:
    """Dec 2025 (December 2025 with `long`), whatever the locale."""
    return f"{(MONTHS_EN_LONG if long else MONTHS_EN)[d.month - 1]} {d.year}"


def english_date(d: date, weekday: bool = False) -> str:
    """8 Dec 2025, or 8 Dec 2025 (Mon), whatever the locale."""
    text = f"{d.day} {english_month(d)}"
    return text + f" ({WEEKDAYS_EN[d.weekday()]})" if weekday else text


@dataclass(frozen=True, order=True, slots=True)  # slots: a list of 150,000 follow-ups holds one each
class PrecisionDate:
    start: date
    precision: DatePrecision = DatePrecision.DAY
    end: date | None = None  # last day of a range; only with DAY precision

    def __post_init__(self) -> None:
        p = DatePrecision(self.precision)
        object.__setattr__(self, "precision", p)
        if p is DatePrecision.MONTH and self.start.day != 1:
            raise ValidationError("month_precision_day", value=self.start.isoformat())
        if p is DatePrecision.YEAR and (self.start.month, self.start.day) != (1, 1):
            raise ValidationError("year_precision_day", value=self.start.isoformat())
        if self.end is not None:
            if p is not DatePrecision.DAY:
                raise ValidationError("range_needs_day")
            if self.end < self.start:
                raise ValidationError("end_before_start", start=self.start, end=self.end)
            if self.end == self.start:
                object.__setattr__(self, "end", None)

    @classmethod
    def month(cls, year: int, month: int) -> PrecisionDate:
        return cls(date(year, month, 1), DatePrecision.MONTH)

    @classmethod
    def year(cls, year: int) -> PrecisionDate:
        return cls(date(year, 1, 1), DatePrecision.YEAR)

    @property
    def last_day(self) -> date:
        """The latest day the date can mean: a deadline of '26.10월 is met on 31 October."""
        if self.end is not None:
            return self.end
        if self.precision is DatePrecision.MONTH:
            nxt = date(self.start.year + self.start.month // 12, self.start.month % 12 + 1, 1)
            return nxt - timedelta(days=1)
        if self.precision is DatePrecision.YEAR:
            return date(self.start.year, 12, 31)
        return self.start

    def iso(self) -> str:
        """ISO 8601 text that keeps the precision: 2026-10, 2026, 2026-03-15/2026-03-16."""
        if self.precision is DatePrecision.YEAR:
            return f"{self.start.year:04d}"
        if self.precision is DatePrecision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.end is not None:
            return f"{self.start.isoformat()}/{self.end.isoformat()}"
        return self.start.isoformat()

    def korean_short(self) -> str:
        """'26.10월, '26.3.15., '26.3.15.~16., '26년."""
        yy = f"'{self.start.year % 100:02d}"
        if self.precision is DatePrecision.YEAR:
            return f"{yy}년"
        if self.precision is DatePrecision.MONTH:
            return f"{yy}.{self.start.month}월"
        text = f"{yy}.{self.start.month}.{self.start.day}."
        if self.end is not None:
            if (self.end.year, self.end.month) == (self.start.year, self.start.month):
                text += f"~{self.end.day}."
            elif self.end.year == self.start.year:
                text += f"~{self.end.month}.{self.end.day}."
            else:
                text += f"~'{self.end.year % 100:02d}.{self.end.month}.{self.end.day}."
        return text

    def english(self) -> str:
        if self.precision is DatePrecision.YEAR:
            return str(self.start.year)
        if self.precision is DatePrecision.MONTH:
            return english_month(self.start)
        text = english_date(self.start)
        if self.end is not None:
            text += " – " + english_date(self.end)
        return text

    def __str__(self) -> str:
        return self.iso()


_ISO_RE = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?(?:\s*(?:/|\.\.|~)\s*(?P<end>\S+))?$"
)
_KO_RE = re.compile(
    r"^[’'‘]?(?P<y>\d{2}|\d{4})\s*\.\s*(?P<m>\d{1,2})\s*(?:월|\.\s*(?P<d>\d{1,2})\s*\.?)?"
    r"(?:\s*~\s*(?:(?:[’'‘](?P<ey>\d{2})|(?P<ey4>\d{4}))\s*\.\s*(?=\d{1,2}\s*\.\s*\d))?"
    r"(?:(?P<em>\d{1,2})\s*\.\s*)?(?P<ed>\d{1,2})\s*\.?)?\s*(?:\([^)]*\))?$"
)
_KO_YEAR_RE = re.compile(r"^(?:[’'‘](?P<yy>\d{2})|(?P<y>\d{4}))\s*년$")


def _iso_end(start: date, text: str) -> date:
    """The end of an ISO interval, which may drop what it shares with the start: 2026-03-15/16."""
    parts = text.split("-")
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) <= 2:
        return date(start.year, start.month, int(parts[0]))
    if len(parts) == 2 and all(p.isdigit() and len(p) <= 2 for p in parts):
        return date(start.year, int(parts[0]), int(parts[1]))
    return date.fromisoformat(text)


def parse_precision_date(text: str) -> PrecisionDate:
    """Read ISO ('2026-10', '2026-03-15/2026-03-16', '2026-03-15/16') or Korean ('26.10월,
    '26.3.15.~16., '26.12.30.~'27.1.2., '26년) text."""
    raw = text.strip()
    try:
        m = _ISO_RE.match(raw)
        if m:
            y, mo, d = int(m["y"]), m["m"], m["d"]
            if mo is None:
                result = PrecisionDate.year(y)
            elif d is None:
                result = PrecisionDate.month(y, int(mo))
            else:
                start = date(y, int(mo), int(d))
                end = _iso_end(start, m["end"]) if m["end"] else None
                result = PrecisionDate(start, DatePrecision.DAY, end)
            if m["end"] and result.precision is not DatePrecision.DAY:
                raise ValidationError("range_needs_day")
            return result
        m = _KO_RE.match(raw)
        if m:
            y = int(m["y"])
            y = y + 2000 if y < 100 else y
            mo = int(m["m"])
            if m["d"] is None:
                if m["ed"]:
                    raise ValidationError("range_needs_day")
                return PrecisionDate.month(y, mo)
            start = date(y, mo, int(m["d"]))
            end = None
            if m["ed"]:
                ey = int(m["ey4"]) if m["ey4"] else 2000 + int(m["ey"]) if m["ey"] else y
                end = date(ey, int(m["em"]) if m["em"] else mo, int(m["ed"]))
            return PrecisionDate(start, DatePrecision.DAY, end)
        m = _KO_YEAR_RE.match(raw)
        if m:
            return PrecisionDate.year(int(m["y"]) if m["y"] else 2000 + int(m["yy"]))
    except ValueError as exc:
        raise ValidationError("bad_date", value=text) from exc
    raise ValidationError("bad_date", value=text)


def korean_date(d: date, weekday: bool = True) -> str:
    """2025.12.08.(월)"""
    text = f"{d.year:04d}.{d.month:02d}.{d.day:02d}."
    return text + f"({WEEKDAYS_KO[d.weekday()]})" if weekday else text


def korean_short_date(d: date, weekday: bool = False) -> str:
    """'25.12.06. or '25.12.06.(토)"""
    text = f"'{d.year % 100:02d}.{d.month:02d}.{d.day:02d}."
    return text + f"({WEEKDAYS_KO[d.weekday()]})" if weekday else text


def korean_report_date(d: date) -> str:
    """2025. 12. 24. (the date line of a report)"""
    return f"{d.year}. {d.month}. {d.day}."


def nights_days(start: date, end: date, nights: int | None = None) -> str:
    """4박 5일 from the calendar; give `nights` when a night is spent on a plane (4박 6일)."""
    days = (end - start).days + 1
    if nights is None:
        nights = days - 1
    elif not 0 <= nights <= days - 1:
        raise ValidationError("bad_value", field="nights", value=nights)
    return f"{nights}박 {days}일"


def format_local_time(t: time | None, day_offset: int = 0) -> str:
    """16:50+1 for an arrival the next day."""
    if t is None:
        return ""
    text = t.strftime("%H:%M")
    return text + (f"{day_offset:+d}" if day_offset else "")


def parse_time(text: str) -> tuple[time, int]:
    """'16:50+1' -> (16:50, 1)"""
    m = re.match(r"^\s*(\d{1,2}):(\d{2})\s*([+-]\d)?\s*$", text)
    if not m:
        raise ValidationError("bad_time", value=text)
    try:
        return time(int(m[1]), int(m[2])), int(m[3] or 0)
    except ValueError as exc:
        raise ValidationError("bad_time", value=text) from exc


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:  # "Asia" is a folder: IsADirectoryError
        raise ValidationError("bad_timezone", value=name) from exc


def local_to_utc(d: date, t: time, tz: str, day_offset: int = 0) -> datetime:
    """A wall-clock time at a place, as an aware UTC instant."""

    local = datetime.combine(d + timedelta(days=day_offset), t, tzinfo=zone(tz))
    return local.astimezone(UTC)
