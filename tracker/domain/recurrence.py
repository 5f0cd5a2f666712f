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
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.rrule import rrulestr

from tracker.domain.errors import ValidationError
from tracker.domain.i18n import language, pick

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
        text = pick(*self.detail, lang)
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
                raise bad(
                    f"{name}은(는) FREQ={freq}와 함께 쓸 수 없습니다",
                    f"{name} cannot be used with FREQ={freq}",
                )
            for value in parts[name].split(","):
                if not _INT.match(value) or not lo <= int(value) <= hi or int(value) == 0 and not zero:
                    raise bad(
                        f"{name}={value}: {_span(lo, hi, zero)} 범위가 아닙니다",
                        f"{name}={value}: not within {_span(lo, hi, zero)}",
                    )
    if "BYDAY" in parts:
        _byday(parts["BYDAY"], freq, "BYWEEKNO" in parts, bad)
    if "WKST" in parts and parts["WKST"] not in _WEEKDAYS:
        raise bad(
            f"WKST={parts['WKST']}: 요일(MO~SU)이 아닙니다", f"WKST={parts['WKST']}: not a weekday (MO to SU)"
        )
    if "BYSETPOS" in parts and not any(p.startswith("BY") and p != "BYSETPOS" for p in parts):
        raise bad(
            "BYSETPOS는 다른 BY 항목과 함께 써야 합니다", "BYSETPOS needs another BY part to select from"
        )


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
            raise bad(
                f"BYDAY={item}: 요일(MO~SU, 예: 2TU, -1FR)이 아닙니다",
                f"BYDAY={item}: not a weekday (MO to SU, e.g. 2TU, -1FR)",
            )
        if m[1] is None:
            continue
        n = int(m[1])
        if limit is None or weekno:
            raise bad(
                f"BYDAY={item}: 순서(몇째 주)는 FREQ=MONTHLY/YEARLY에만 쓸 수 있습니다",
                f"BYDAY={item}: an ordinal (which week) is only for FREQ=MONTHLY or YEARLY without BYWEEKNO",
            )
        if n == 0 or abs(n) > limit:
            raise bad(
                f"BYDAY={item}: 순서는 ±1~{limit}이어야 합니다",
                f"BYDAY={item}: the ordinal must be ±1 to {limit}",
            )


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
    """The dates of an `excluded_dates`/`extra_dates` column (ISO dates separated by commas).
    A part that is no date (a hand-edited file) is passed over rather than stopping the whole
    calendar from showing."""
    out = []
    for part in (text or "").replace(";", ",").split(","):
        try:
            out.append(date.fromisoformat(part.strip()))
        except ValueError:
            continue
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
    days = (
        set(occurrences(rule, start, after, before))
        if rule
        else ({start} if after <= start <= before else set())
    )
    days |= {d for d in extra if after <= d <= before}
    days -= set(excluded)
    days -= set(replaced)
    return sorted(days)


# ---------------------------------------------------------------- a rule in plain words

FREQ_NAMES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
WEEKDAYS = _WEEKDAYS
_DAY_KO = ("월", "화", "수", "목", "금", "토", "일")
_DAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ORD_KO = {1: "첫째", 2: "둘째", 3: "셋째", 4: "넷째", 5: "다섯째", -1: "마지막", -2: "끝에서 둘째"}
_ORD_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second to last"}


@dataclass(frozen=True)
class SimpleRule:
    """A rule as the recurrence editor offers it: every `interval` days, weeks (on `weekdays`),
    months (on the start's day, or the `ordinal` `weekday`: the last Monday) or years; until a
    day or `count` times."""

    freq: str = "WEEKLY"
    interval: int = 1
    weekdays: tuple[str, ...] = ()  # WEEKLY: MO..SU; empty: the start's weekday
    ordinal: int | None = None  # MONTHLY: 1..5 or -1 (last), with `weekday`
    weekday: str | None = None
    until: date | None = None
    count: int | None = None

    def text(self) -> str:
        """The RRULE text stored for it."""
        parts = [f"FREQ={self.freq}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.freq == "WEEKLY" and self.weekdays:
            parts.append("BYDAY=" + ",".join(d for d in WEEKDAYS if d in self.weekdays))
        if self.freq == "MONTHLY" and self.ordinal is not None and self.weekday:
            parts.append(f"BYDAY={self.ordinal}{self.weekday}")
        if self.until is not None:
            parts.append("UNTIL=" + self.until.strftime("%Y%m%d"))
        elif self.count is not None:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)


def simple_rule(text: str | None) -> SimpleRule | None:
    """The rule as the editor can show it, or None when it says more than the editor offers
    (a rule from another program: BYSETPOS, several months, hours ...)."""
    if not text:
        return None
    try:
        rule = validate_rrule(text)
    except ValidationError:
        return None
    parts = dict(p.split("=", 1) for p in rule.upper().split(";"))
    freq = parts.pop("FREQ")
    if freq not in FREQ_NAMES:
        return None
    interval = int(parts.pop("INTERVAL", "1"))
    parts.pop("WKST", None)
    until = count = None
    if "UNTIL" in parts:
        value = parts.pop("UNTIL")
        until = date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    if "COUNT" in parts:
        count = int(parts.pop("COUNT"))
    weekdays: tuple[str, ...] = ()
    ordinal = weekday = None
    byday = parts.pop("BYDAY", None)
    if parts:
        return None
    if byday:
        items = byday.split(",")
        if freq == "WEEKLY" and all(i in WEEKDAYS for i in items):
            weekdays = tuple(d for d in WEEKDAYS if d in items)
        elif freq == "MONTHLY" and len(items) == 1 and (m := _BYDAY.match(items[0])) and m[1]:
            ordinal, weekday = int(m[1]), m[2]
            if ordinal not in (1, 2, 3, 4, 5, -1):
                return None
        else:
            return None
    return SimpleRule(freq, interval, weekdays, ordinal, weekday, until, count)


def describe(text: str | None, start: date | None = None, lang: str | None = None) -> str:
    """A rule in plain words: "매월 마지막 월요일, 2026.12.31.까지" / "Monthly on the last
    Monday, until 31 Dec 2026". A rule the editor cannot show is told as far as words go."""
    from tracker.domain.dates import english_date, korean_date

    # Stays a flag: the sentence is built in each language's own word order, piece by piece.
    ko = (lang or language()) == "ko"
    if not text:
        return "반복 안 함" if ko else "Does not repeat"
    rule = simple_rule(text)
    if rule is None:
        return _describe_other(text, ko)
    n = rule.interval

    def day_ko(d: str) -> str:
        return _DAY_KO[WEEKDAYS.index(d)] + "요일"

    def day_en(d: str) -> str:
        return _DAY_EN[WEEKDAYS.index(d)]

    if rule.freq == "DAILY":
        head = ("매일" if n == 1 else f"{n}일마다") if ko else ("Daily" if n == 1 else f"Every {n} days")
    elif rule.freq == "WEEKLY":
        days = rule.weekdays or ((WEEKDAYS[start.weekday()],) if start else ())
        if ko:
            head = ("매주" if n == 1 else f"{n}주마다") + (
                " " + "·".join(_DAY_KO[WEEKDAYS.index(d)] for d in days) + "요일" if days else ""
            )
        else:
            head = ("Weekly" if n == 1 else f"Every {n} weeks") + (
                " on " + ", ".join(day_en(d) for d in days) if days else ""
            )
    elif rule.freq == "MONTHLY":
        if rule.ordinal is not None and rule.weekday:
            what_ko = f"{_ORD_KO[rule.ordinal]} {day_ko(rule.weekday)}"
            what_en = f"the {_ORD_EN[rule.ordinal]} {day_en(rule.weekday)}"
        else:
            what_ko = f"{start.day}일" if start else ""
            what_en = f"day {start.day}" if start else ""
        if ko:
            head = ("매월" if n == 1 else f"{n}개월마다") + (f" {what_ko}" if what_ko else "")
        else:
            head = ("Monthly" if n == 1 else f"Every {n} months") + (f" on {what_en}" if what_en else "")
    else:
        if ko:
            head = ("매년" if n == 1 else f"{n}년마다") + (f" {start.month}월 {start.day}일" if start else "")
        else:
            head = ("Yearly" if n == 1 else f"Every {n} years") + (
                f" on {english_date(start).rsplit(' ', 1)[0]}" if start else ""
            )
    if rule.until is not None:
        head += (
            f", {korean_date(rule.until, weekday=False)}까지" if ko else f", until {english_date(rule.until)}"
        )
    elif rule.count is not None:
        head += f", {rule.count}회" if ko else f", {rule.count} times"
    return head


def _describe_other(text: str, ko: bool) -> str:
    """A rule beyond the editor, in words as far as they go (its frequency and end), saying
    that it has more conditions (kept as the other program wrote them)."""
    try:
        rule = validate_rrule(text)
        parts = dict(p.split("=", 1) for p in rule.upper().split(";"))
    except (ValidationError, ValueError):
        return "알 수 없는 반복" if ko else "An unreadable recurrence"
    base = SimpleRule(
        parts["FREQ"] if parts["FREQ"] in FREQ_NAMES else "DAILY",
        int(parts.get("INTERVAL", "1")),
        until=date(int(parts["UNTIL"][:4]), int(parts["UNTIL"][4:6]), int(parts["UNTIL"][6:8]))
        if "UNTIL" in parts
        else None,
        count=int(parts["COUNT"]) if "COUNT" in parts else None,
    )
    head = describe(base.text(), None, "ko" if ko else "en")
    return head + (" (세부 조건은 가져온 그대로)" if ko else " (with further conditions, kept as imported)")
