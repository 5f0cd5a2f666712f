"""Recurrence rules (RFC 5545 RRULE text) checked and expanded with python-dateutil.

dateutil parses more than RFC 5545 allows and keeps what it cannot use: BYMONTH=13,
BYMONTHDAY=0, COUNT=0, an ordinal BYDAY in a weekly rule, COUNT with UNTIL, FREQ twice. Such a
rule is stored, then silently never occurs (or loops: INTERVAL=0). So every part is checked
here, against RFC 5545 section 3.3.10, before dateutil sees it; every path that stores a rule
(editors, JSON and ICS import) goes through `validate_rrule` (validation.check_row).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time

from dateutil.rrule import rrulestr

from tracker.domain.errors import ValidationError
from tracker.domain.i18n import language

_FREQS = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_SUB_DAILY = {"SECONDLY", "MINUTELY", "HOURLY"}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_INT = re.compile(r"^[+-]?\d{1,4}$")
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{8})(T\d{6}Z?)?$")
# part -> (lowest, highest, zero allowed, the FREQs it may go with; None: any)
_RANGES: dict[str, tuple[int, int, bool, tuple[str, ...] | None]] = {
    "BYSECOND": (0, 60, True, None),
    "BYMINUTE": (0, 59, True, None),
    "BYHOUR": (0, 23, True, None),
    "BYMONTHDAY": (-31, 31, False, ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "MONTHLY", "YEARLY")),
    "BYYEARDAY": (-366, 366, False, ("SECONDLY", "MINUTELY", "HOURLY", "YEARLY")),
    "BYWEEKNO": (-53, 53, False, ("YEARLY",)),
    "BYMONTH": (1, 12, False, None),
    "BYSETPOS": (-366, 366, False, None),
}
_KNOWN = {"FREQ", "UNTIL", "COUNT", "INTERVAL", "BYDAY", "WKST", *_RANGES}


class RecurrenceError(ValidationError):
    """A rule refused, with what is wrong with it in the user's language."""

    def __init__(self, rule: str, ko: str = "", en: str = "") -> None:
        self.detail = (ko, en)
        super().__init__("bad_recurrence", field="recurrence", value=rule)

    def message(self, lang: str | None = None) -> str:
        ko, en = self.detail
        text = ko if (lang or language()) == "ko" else en
        return super().message(lang) + (f" — {text}" if text else "")


def validate_rrule(text: str) -> str:
    """Return the rule without an 'RRULE:' prefix, or raise RecurrenceError (a
    ValidationError 'bad_recurrence') saying which part is wrong."""
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    parts = _parts(text, rule)
    _check_parts(text, parts)
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, OverflowError) as exc:
        raise RecurrenceError(text) from exc
    return rule


def _parts(text: str, rule: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for item in rule.upper().split(";"):
        name, eq, value = (s.strip() for s in item.partition("="))
        if not name or not eq or not value:
            raise RecurrenceError(text)
        if name not in _KNOWN:
            raise RecurrenceError(text, f"알 수 없는 항목 {name}", f"unknown part {name}")
        if name in parts:
            raise RecurrenceError(text, f"{name}이(가) 두 번 있습니다", f"{name} is given twice")
        parts[name] = value
    return parts


def _check_parts(text: str, parts: dict[str, str]) -> None:
    def bad(ko: str, en: str) -> RecurrenceError:
        return RecurrenceError(text, ko, en)

    freq = parts.get("FREQ")
    if freq not in _FREQS:
        raise bad("FREQ(반복 단위)가 없거나 올바르지 않습니다", "FREQ is missing or not a frequency")
    if freq in _SUB_DAILY:  # a series of dates, not of hours: millions of occurrences
        raise bad("하루보다 짧은 주기는 쓸 수 없습니다", "a series cannot repeat more often than daily")
    for name in ("INTERVAL", "COUNT"):
        if name in parts and not (parts[name].isdigit() and 1 <= int(parts[name]) <= 10_000):
            raise bad(f"{name}은(는) 1 이상의 정수여야 합니다", f"{name} must be a whole number from 1")
    if "UNTIL" in parts:
        if "COUNT" in parts:
            raise bad("COUNT와 UNTIL을 함께 쓸 수 없습니다", "COUNT and UNTIL cannot be used together")
        _until(parts["UNTIL"], bad)
    for name, (lo, hi, zero, freqs) in _RANGES.items():
        if name in parts:
            if freqs is not None and freq not in freqs:
                raise bad(f"{name}은(는) FREQ={freq}와 함께 쓸 수 없습니다", f"{name} cannot be used with FREQ={freq}")
            for value in parts[name].split(","):
                if not _INT.match(value) or not lo <= int(value) <= hi or int(value) == 0 and not zero:
                    raise bad(
                        f"{name}={value}: {_span(lo, hi, zero)} 범위가 아닙니다",
                        f"{name}={value}: not within {_span(lo, hi, zero)}",
                    )
    if "BYDAY" in parts:
        _byday(parts["BYDAY"], freq, "BYWEEKNO" in parts, bad)
    if "WKST" in parts and parts["WKST"] not in _WEEKDAYS:
        raise bad(f"WKST={parts['WKST']}: 요일(MO~SU)이 아닙니다", f"WKST={parts['WKST']}: not a weekday (MO to SU)")
    if "BYSETPOS" in parts and not any(p.startswith("BY") and p != "BYSETPOS" for p in parts):
        raise bad("BYSETPOS는 다른 BY 항목과 함께 써야 합니다", "BYSETPOS needs another BY part to select from")


def _until(value: str, bad: Callable[[str, str], RecurrenceError]) -> None:
    m = _UNTIL.match(value)
    try:
        if m is None:
            raise ValueError(value)
        day = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        if m[2]:
            time(int(value[9:11]), int(value[11:13]), int(value[13:15]))
        if day.year < 1900:
            raise ValueError(value)
    except ValueError:
        raise bad(
            f"UNTIL={value}: 날짜(YYYYMMDD)가 아닙니다", f"UNTIL={value}: not a date (YYYYMMDD)"
        ) from None
    if value.endswith("Z"):  # a stored series is of dates at the venue: no UTC instant to end at
        raise bad(
            f"UNTIL={value}: 저장되는 반복 규칙의 UNTIL은 현지 날짜(YYYYMMDD)여야 합니다",
            f"UNTIL={value}: a stored rule ends on a local date (YYYYMMDD), not a UTC time",
        )


def _byday(value: str, freq: str, weekno: bool, bad: Callable[[str, str], RecurrenceError]) -> None:
    limit = {"MONTHLY": 5, "YEARLY": 53}.get(freq)
    for item in value.split(","):
        m = _BYDAY.match(item)
        if m is None:
            raise bad(f"BYDAY={item}: 요일(MO~SU, 예: 2TU, -1FR)이 아닙니다", f"BYDAY={item}: not a weekday (MO to SU, e.g. 2TU, -1FR)")
        if m[1] is None:
            continue
        n = int(m[1])
        if limit is None or weekno:
            raise bad(
                f"BYDAY={item}: 순서(몇째 주)는 FREQ=MONTHLY/YEARLY에만 쓸 수 있습니다",
                f"BYDAY={item}: an ordinal (which week) is only for FREQ=MONTHLY or YEARLY without BYWEEKNO",
            )
        if n == 0 or abs(n) > limit:
            raise bad(f"BYDAY={item}: 순서는 ±1~{limit}이어야 합니다", f"BYDAY={item}: the ordinal must be ±1 to {limit}")


def _span(lo: int, hi: int, zero: bool) -> str:
    return f"{lo}..{hi}" if zero or lo > 0 else f"±1..{hi}"


def occurrences(rule: str, start: date, after: date, before: date) -> list[date]:
    """Dates of a series beginning on `start` that fall within [after, before]."""
    rr = rrulestr(rule, dtstart=datetime.combine(start, time()))
    return [
        dt.date()
        for dt in rr.between(datetime.combine(after, time()), datetime.combine(before, time()), inc=True)
    ]


def parse_dates(text: str | None) -> list[date]:
    """The dates of an `excluded_dates`/`extra_dates` column (ISO dates separated by commas)."""
    out = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if part:
            out.append(date.fromisoformat(part))
    return sorted(set(out))


def format_dates(dates: Iterable[date]) -> str | None:
    """The column text for a set of dates (None when there are none)."""
    days = sorted(set(dates))
    return ",".join(d.isoformat() for d in days) or None


def series_dates(
    rule: str | None,
    start: date,
    after: date,
    before: date,
    *,
    excluded: Iterable[date] = (),
    extra: Iterable[date] = (),
    replaced: Iterable[date] = (),
) -> list[date]:
    """First days of a series' occurrences within [after, before], as a calendar shows them:
    the rule's dates (`start` itself for no rule) and the `extra` ones (RDATE), without the
    cancelled ones (`excluded`, EXDATE) and those `replaced` by an occurrence changed on its own
    (RECURRENCE-ID; that one is shown as an event of its own)."""
    days = set(occurrences(rule, start, after, before)) if rule else ({start} if after <= start <= before else set())
    days |= {d for d in extra if after <= d <= before}
    days -= set(excluded)
    days -= set(replaced)
    return sorted(days)
