"""Recurrence rules (RFC 5545 RRULE text) checked and expanded with python-dateutil."""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil.rrule import rrulestr

from tracker.domain.errors import ValidationError


def validate_rrule(text: str) -> str:
    """Return the rule without an 'RRULE:' prefix, or raise ValidationError."""
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError) as exc:
        raise ValidationError("bad_recurrence", value=text) from exc
    return rule


def occurrences(rule: str, start: date, after: date, before: date) -> list[date]:
    """Dates of a series beginning on `start` that fall within [after, before]."""
    rr = rrulestr(rule, dtstart=datetime.combine(start, time()))
    return [
        dt.date()
        for dt in rr.between(datetime.combine(after, time()), datetime.combine(before, time()), inc=True)
    ]
