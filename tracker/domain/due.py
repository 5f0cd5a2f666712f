"""When a follow-up is overdue, due soon, or later: one rule for every place that says so
(Home, the reminder note and the status bar, the follow-up groups, the calendar's colour).

A deadline is met on the LAST day it can mean: '26.10월 on 31 October, '26년 on 31 December,
'26.3.15.~16. on 16 March, 2026-03-15 on the day itself. So:

* overdue: that last day is before today (a month-precision deadline only once its month is
  over, never from its first day);
* due soon, which is "this week": not overdue, and the last day falls on or before the Sunday
  that ends today's week (Monday to Sunday, as Korean calendars and offices count a week);
  '26.10월 is due this week only in the week that holds 31 October;
* later: the last day falls after that Sunday;
* no date: no deadline at all.

Closed follow-ups (done, dropped) are none of these. The database layer says the same thing as
SQL through `due_by(day)` = "the deadline's last day is `day` or earlier", with `day` taken from
`overdue_before(today)` and `soon_until(today)` below, so that counts in SQL and the state of one
loaded follow-up can never disagree.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import DatePrecision


class DueState(StrEnum):
    OVERDUE = "overdue"
    THIS_WEEK = "this_week"  # "due soon"
    LATER = "later"
    NO_DATE = "no_date"


def week_end(today: date) -> date:
    """The Sunday that ends `today`'s week."""
    return today + timedelta(days=6 - today.weekday())


def overdue_before(today: date) -> date:
    """The latest last day of an overdue deadline: yesterday."""
    return today - timedelta(days=1)


def soon_until(today: date) -> date:
    """The latest last day of a deadline that is due soon (this week): this Sunday."""
    return week_end(today)


def is_overdue(due: PrecisionDate | None, today: date) -> bool:
    return due is not None and due.last_day <= overdue_before(today)


def is_due_soon(due: PrecisionDate | None, today: date) -> bool:
    """Due this week and not overdue."""
    return due is not None and overdue_before(today) < due.last_day <= soon_until(today)


def due_state(due: PrecisionDate | None, today: date) -> DueState:
    if due is None:
        return DueState.NO_DATE
    if is_overdue(due, today):
        return DueState.OVERDUE
    if is_due_soon(due, today):
        return DueState.THIS_WEEK
    return DueState.LATER


def postponed(due: PrecisionDate | None, today: date, *, days: int = 0, months: int = 0) -> PrecisionDate:
    """A deadline put off by `days` (a week: 7) or `months` (a month: 1), for the follow-ups'
    quick "postpone" actions. A deadline not yet passed moves from itself; an overdue one, or
    none, from today (a week from an old date would still be overdue). A day (or a range)
    moves by the same amount ('26.3.15.~16. by a week: '26.3.22.~23.); a month or a year put
    off by a month becomes the month after it ends ('26.10월 -> '26.11월, '26년 -> '27.1월); put
    off by days it becomes the day that many days after it ends ('26.10월 + 7: 2026-11-07)."""
    base = PrecisionDate(today) if due is None or is_overdue(due, today) else due
    if base.precision is DatePrecision.DAY:
        shift = relativedelta(days=days, months=months)
        end = base.end + shift if base.end is not None else None
        return PrecisionDate(base.start + shift, DatePrecision.DAY, end)
    if months:
        after = base.last_day + timedelta(days=1) + relativedelta(months=months - 1)
        return PrecisionDate.month(after.year, after.month)
    return PrecisionDate(base.last_day + timedelta(days=days))
