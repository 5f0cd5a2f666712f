"""An itinerary as the officers type and read it: days within a trip ('12.6', '12.10(수)'),
time ranges with next-day arrivals ('07:00~16:50+1'), the time zones a line leaves from and
lands in ('Asia/Seoul → America/Toronto'), and a trip's period as the interface writes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, time

from tracker.domain.dates import (
    english_date,
    format_local_time,
    korean_date,
    parse_precision_date,
    parse_time,
)
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick


def parse_day(text: str, period: tuple[date, date] | None = None) -> date:
    """A day as typed: 2025-12-06, 2025.12.06.(토), '25.12.6. — or, within a trip, '12.6' and
    '12.06(토)' as the itinerary writes it (the year is the trip's)."""
    raw = text.strip()
    m = re.match(r"^(\d{1,2})\s*[./]\s*(\d{1,2})\s*\.?\s*(?:\([^)]*\))?$", raw)
    if m and period is not None:
        years = dict.fromkeys((period[0].year, period[1].year))
        try:
            days = [date(y, int(m[1]), int(m[2])) for y in years]
        except ValueError as exc:
            raise ValidationError("bad_date", value=text) from exc
        return next((d for d in days if period[0] <= d <= period[1]), days[0])
    pd = parse_precision_date(raw)
    if pd.precision is not DatePrecision.DAY or pd.end is not None:
        raise ValidationError("bad_date", value=text)
    return pd.start


_RANGE_DASH = re.compile(r"^(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2}(?:\s*[+-]\d)?)$")


def parse_time_range(text: str) -> tuple[time | None, time | None, int]:
    """'09:45~13:54', '07:00~16:50+1' (arrives the next day), '09:45' (start only), '~13:54'."""
    raw = text.strip()
    for dash in ("–", "—", "〜", "～"):
        raw = raw.replace(dash, "~")
    if not raw:
        return None, None, 0
    if "~" in raw:
        first, _, second = raw.partition("~")
    elif m := _RANGE_DASH.match(raw):
        first, second = m[1], m[2]
    else:
        first, second = raw, ""
    start = end = None
    offset = 0
    if first.strip():
        start, start_offset = parse_time(first)
        if start_offset:  # '+1' belongs to the arrival
            raise ValidationError("bad_time", value=text)
    if second.strip():
        end, offset = parse_time(second)
        if offset < 0:
            raise ValidationError("bad_time", value=text)
    return start, end, offset


def format_time_range(start: time | None, end: time | None, offset: int = 0) -> str:
    if start is None and end is None:
        return ""
    if end is None:
        return format_local_time(start)
    return f"{format_local_time(start)}~{format_local_time(end, offset)}"


_ZONE_ARROW = re.compile(r"\s*(?:→|->|>)\s*")


def _as_typed(name: str) -> str:
    return name


def parse_zones(text: str, resolve: Callable[[str], str] = _as_typed) -> tuple[str | None, str | None]:
    """'America/Toronto', or 'Asia/Seoul → America/Toronto' for a flight that lands elsewhere.

    `resolve` turns each side into a zone's name and raises a ValidationError for one that
    names none: the screens pass the zone catalogue's, which also takes a city or a country
    ("Seoul → Toronto", "도쿄") or the label a picker shows; by default a side is taken as typed."""
    parts = [p.strip() for p in _ZONE_ARROW.split(text.strip(), maxsplit=1)]
    start = parts[0] or None
    end = parts[1] if len(parts) > 1 and parts[1] else None
    if start is None and end is not None:
        raise ValidationError("bad_timezone", value=text)
    start, end = (resolve(name) if name is not None else None for name in (start, end))
    return start, (end if end != start else None)


def format_zones(start: str | None, end: str | None) -> str:
    if not start:
        return ""
    return f"{start} → {end}" if end and end != start else start


def day_text(d: date) -> str:
    """A day as the interface writes it: 2025.12.06.(토) in Korean, with the weekday in English
    (the same as tracker.ui.format.format_date)."""
    return pick(korean_date(d), english_date(d, weekday=True))


def period_text(period: tuple[date, date]) -> str:
    """A trip's period for a message: '2025.12.06.(토) ~ 2025.12.11.(목)'."""
    return f"{day_text(period[0])} ~ {day_text(period[1])}"


__all__ = [
    "day_text",
    "format_time_range",
    "format_zones",
    "parse_day",
    "parse_time_range",
    "parse_zones",
    "period_text",
]
