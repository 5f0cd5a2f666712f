"""Recurrence rules (RFC 5545 RRULE text) checked and expanded with python-dateutil."""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil.rrule import rrulestr

from tracker.domain.errors import ValidationError

_SUB_DAILY = {"SECONDLY", "MINUTELY", "HOURLY"}


def validate_rrule(text: str) -> str:
    """Return the rule without an 'RRULE:' prefix, or raise ValidationError."""
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError) as exc:
        raise ValidationError("bad_recurrence", value=text) from exc
    parts = dict(p.partition("=")[::2] for p in rule.upper().split(";"))
    interval = parts.get("INTERVAL", "1").strip()
    # dateutil accepts INTERVAL=0 (and negatives) and then loops forever when expanding, and a
    # rule more frequent than daily makes millions of occurrences of a series of dates.
    if not (interval.isdigit() and int(interval) >= 1) or parts.get("FREQ", "").strip() in _SUB_DAILY:
        raise ValidationError("bad_recurrence", value=text)
    return rule


def occurrences(rule: str, start: date, after: date, before: date) -> list[date]:
    """Dates of a series beginning on `start` that fall within [after, before]."""
    rr = rrulestr(rule, dtstart=datetime.combine(start, time()))
    return [
        dt.date()
        for dt in rr.between(datetime.combine(after, time()), datetime.combine(before, time()), inc=True)
    ]
