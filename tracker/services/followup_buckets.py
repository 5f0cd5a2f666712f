"""The to-do groups of follow-ups said in SQL: `bucket_clause()` is `actions.bucket()` as a
WHERE clause, so a list of 150,000 follow-ups is counted and paged by the database. A deadline
known only to the month ('26.10월) or the year is overdue only once that month or year has
passed, exactly as `bucket()` has it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from tracker.db.models import Action
from tracker.domain import due as due_rule
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import DatePrecision
from tracker.services.actions import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Bucket,
    due_soon_clause,
    ends_by,
    status_in,
)
from tracker.services.actions import overdue_clause as _past_deadline

# The order of the groups on screen.
BUCKET_ORDER = (Bucket.OVERDUE, Bucket.THIS_WEEK, Bucket.LATER, Bucket.NO_DATE, Bucket.CLOSED)


def week_end(today: date) -> date:
    """The Sunday that ends `today`'s week (`domain.due.week_end`)."""
    return due_rule.week_end(today)


def overdue_clause(today: date) -> sa.ColumnElement[bool]:
    return sa.and_(status_in(OPEN_STATUSES), Action.due_date.is_not(None), _past_deadline(today))


def _later(today: date) -> sa.ColumnElement[bool]:
    """SQL for "the deadline's last day is after this Sunday" (`domain.due`), written so that
    the due-date index serves it: every date after Sunday, plus the few deadlines that start
    on or before it and end after it (the month or year holding Sunday, a range across it)."""
    end = due_rule.soon_until(today)
    parts: list[Any] = [Action.due_date > end]
    month = PrecisionDate.month(end.year, end.month)
    if month.last_day > end:
        parts.append(sa.and_(Action.due_precision == DatePrecision.MONTH, Action.due_date == month.start))
    year = PrecisionDate.year(end.year)
    if year.last_day > end:
        parts.append(sa.and_(Action.due_precision == DatePrecision.YEAR, Action.due_date == year.start))
    parts.append(sa.and_(Action.due_end.is_not(None), Action.due_end > end, Action.due_date <= end))
    return sa.or_(*parts)


def bucket_clause(bucket: Bucket, today: date) -> sa.ColumnElement[bool]:
    """Rows of one group, as `actions.bucket(action, today)` places them (`domain.due`)."""
    is_open = status_in(OPEN_STATUSES)
    if bucket is Bucket.CLOSED:
        return status_in(CLOSED_STATUSES)
    if bucket is Bucket.NO_DATE:
        return sa.and_(is_open, Action.due_date.is_(None))
    if bucket is Bucket.OVERDUE:
        return overdue_clause(today)
    if bucket is Bucket.THIS_WEEK:
        return sa.and_(is_open, Action.due_date.is_not(None), due_soon_clause(today))
    return sa.and_(is_open, Action.due_date.is_not(None), _later(today))


def bucket_case(today: date, *, open_only: bool = False) -> sa.Case[Any]:
    """The group of each row as one SQL expression (used to count every group in one query).
    `open_only`: for rows already known to be open, without reading their status."""
    closed = () if open_only else ((status_in(CLOSED_STATUSES), Bucket.CLOSED.value),)
    return sa.case(
        *closed,
        (Action.due_date.is_(None), Bucket.NO_DATE.value),
        (_past_deadline(today), Bucket.OVERDUE.value),
        (ends_by(due_rule.soon_until(today)), Bucket.THIS_WEEK.value),
        else_=Bucket.LATER.value,
    )
