"""How a 출장 결과보고 writes dates, periods, times and places: 2025.12.06.(토), '25.12.06.,
12.6.~12.11., 16:50+1, and the bullets (□ o - ▪ * ** ※) that mark the lines of a text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from tracker.domain.dates import WEEKDAYS_KO, format_local_time, korean_date, korean_short_date
from tracker.domain.labels import LABELS
from tracker.export.report.model import Line

OUR_COUNTRY = "KR"


def ko(value: object) -> str:
    """The Korean label of an enum value, whatever the interface language."""
    key = getattr(value, "value", value)
    return LABELS.get(str(key), (str(key), str(key)))[0]


# dates as the reports write them


def wd(d: date) -> str:
    return WEEKDAYS_KO[d.weekday()]


def month_day(d: date, dot: bool = True) -> str:
    """12.11.(목), or 12.06(토) as the traveller table writes it."""
    return f"{d.month:02d}.{d.day:02d}.({wd(d)})" if dot else f"{d.month:02d}.{d.day:02d}({wd(d)})"


def period_long(start: date, end: date) -> str:
    """2025.12.06.(토)~12.11.(목)"""
    if end == start:
        return korean_date(start)
    tail = korean_date(end) if end.year != start.year else month_day(end)
    return f"{korean_date(start)}~{tail}"


def period_short(start: date, end: date) -> str:
    """'25.12.06.(토) ~ 12.11.(목)"""
    if end == start:
        return korean_short_date(start, weekday=True)
    tail = korean_short_date(end, weekday=True) if end.year != start.year else month_day(end)
    return f"{korean_short_date(start, weekday=True)} ~ {tail}"


def day_range(days: Sequence[date]) -> str:
    """2025.12.08.~09. (the dates of the meetings)"""
    first, last = min(days), max(days)
    text = korean_date(first, weekday=False)
    if last != first:
        if (last.year, last.month) == (first.year, first.month):
            text += f"~{last.day:02d}."
        elif last.year == first.year:
            text += f"~{last.month:02d}.{last.day:02d}."
        else:
            text += f"~{korean_date(last, weekday=False)}"
    return text


def time_range(start: time | None, end: time | None, end_offset: int = 0) -> str:
    """09:45~13:54, 07:00~16:50+1"""
    if start is None:
        return format_local_time(end, end_offset)
    if end is None:
        return format_local_time(start)
    return f"{format_local_time(start)}~{format_local_time(end, end_offset)}"


def split_place(text: str) -> str:
    """'캐나다(몬트리올)' -> '캐나다\\n(몬트리올)' for a narrow column."""
    head, sep, tail = text.partition("(")
    return f"{head.strip()}\n({tail}" if sep and head.strip() else text


# text with report marks


MARKERS = ("□", "○", "o", "-", "▪", "※", "**", "*", "·")


def marked_lines(text: str | None, default_marker: str = "o") -> list[Line]:
    """Lines written with their marks ('o ...', ' - ...', '** ...') -> `Line`s. A line
    without a mark takes `default_marker`."""
    out: list[Line] = []
    for raw in (text or "").splitlines():
        stripped = raw.strip()
        if not stripped:
            continue
        marker, body = default_marker, stripped
        for m in MARKERS:
            if stripped.startswith(m + " ") or stripped == m:
                marker, body = m, stripped[len(m) :].strip()
                break
        if marker == "○":
            marker = "o"
        level = {"□": 0, "o": 1, "-": 2, "·": 2, "▪": 1, "※": 0, "*": 1, "**": 1}.get(marker, 1)
        out.append(Line(body, marker, level))
    return out
