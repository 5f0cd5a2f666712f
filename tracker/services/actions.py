"""Follow-up commitments: what was promised, by whom, by when, and whether it is done."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.db.engine import Database
from tracker.db.models import Action, Meeting
from tracker.domain import due as due_rule
from tracker.domain.dates import PrecisionDate, parse_precision_date
from tracker.domain.enums import ActionStatus, DatePrecision, OwedBy
from tracker.services import records
from tracker.services.validation import choice

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


def status_in(statuses: tuple[ActionStatus, ...]) -> sa.ColumnElement[bool]:
    """`status IN ('open', 'in_progress')` written out, not as parameters: only then does
    SQLite read open (or closed) follow-ups through their partial index (ix_actions_open_due,
    ix_actions_closed_completed), which also gives them in deadline (completion) order."""
    return Action.status.in_(sa.bindparam(None, statuses, expanding=True, literal_execute=True))


def due_fields(due: PrecisionDate | str | None) -> dict[str, Any]:
    """Column values for a due date given as a PrecisionDate or text ('26.10월, 2026-03-15/16)."""
    if due is None or (isinstance(due, str) and not due.strip()):
        return {"due_date": None, "due_end": None}
    pd = parse_precision_date(due) if isinstance(due, str) else due
    return {"due_date": pd.start, "due_precision": pd.precision, "due_end": pd.end}


def _with_due(data: Mapping[str, Any]) -> dict[str, Any]:
    row = dict(data)
    if "due" in row:
        row.update(due_fields(row.pop("due")))
    return row


def create_action(db: Database, data: Mapping[str, Any]) -> Action:
    """`data` may give `due` as text or PrecisionDate instead of the three due columns.
    A follow-up from a meeting takes the meeting's country and trip when not given."""
    row = _with_due(data)
    with db.transaction() as s:
        if row.get("meeting_id") is not None:
            meeting = records.load(s, Meeting, row["meeting_id"])
            row.setdefault("country_code", meeting.country_code)
            row.setdefault("trip_id", meeting.trip_id)
        return records.create_in(s, Action, row)


def update_action(
    db: Database, action_id: uuid.UUID, changes: Mapping[str, Any], expected_version: int | None = None
) -> Action:
    return records.update(db, Action, action_id, _with_due(changes), expected_version)


def set_status(
    db: Database, action_id: uuid.UUID, status: ActionStatus, note: str | None = None, on: date | None = None
) -> Action:
    """Done and dropped get a completion date (today unless given); reopening clears it."""
    status = choice(ActionStatus, status, "status")
    changes: dict[str, Any] = {"status": status}
    if status.is_closed:
        changes["completed_on"] = on or date.today()
        if note is not None:
            changes["completion_note"] = note
    else:
        changes["completed_on"] = None
    return records.update(db, Action, action_id, changes)


class Bucket(StrEnum):
    OVERDUE = "overdue"
    THIS_WEEK = "this_week"
    LATER = "later"
    NO_DATE = "no_date"
    CLOSED = "closed"


def bucket(action: Action, today: date) -> Bucket:
    """Where a follow-up belongs in the to-do list, by the one rule of `domain.due`: a
    deadline is met on its last day ('26.10월 on 31 October), so it is overdue only once that
    day has passed and due this week only when that day falls in this week."""
    if action.status.is_closed:
        return Bucket.CLOSED
    return Bucket(due_rule.due_state(action.due, today).value)


@dataclass
class ActionFilter:
    owed_by: OwedBy | None = None
    owner_id: uuid.UUID | None = None
    country: str | None = None
    organization_id: uuid.UUID | None = None
    statuses: tuple[ActionStatus, ...] | None = None
    meeting_id: uuid.UUID | None = None
    trip_id: uuid.UUID | None = None
    topic_id: uuid.UUID | None = None

    def apply(self, stmt: sa.Select[Any]) -> sa.Select[Any]:
        if self.owed_by:
            stmt = stmt.where(Action.owed_by == self.owed_by)
        if self.owner_id:
            stmt = stmt.where(Action.owner_id == self.owner_id)
        if self.country:
            stmt = stmt.where(Action.country_code == self.country)
        if self.organization_id:
            stmt = stmt.where(Action.counterpart_org_id == self.organization_id)
        if self.statuses:
            stmt = stmt.where(Action.status.in_(self.statuses))
        if self.meeting_id:
            stmt = stmt.where(Action.meeting_id == self.meeting_id)
        if self.trip_id:
            stmt = stmt.where(Action.trip_id == self.trip_id)
        if self.topic_id:
            stmt = stmt.where(Action.topics.any(id=self.topic_id))
        return stmt


LIST_OPTIONS = (
    selectinload(Action.owner),
    selectinload(Action.counterpart_org),
    selectinload(Action.meeting),
)


def list_actions(db: Database, flt: ActionFilter | None = None, limit: int | None = None) -> list[Action]:
    stmt = sa.select(Action).order_by(Action.due_date.is_(None), Action.due_date, Action.created_at)
    stmt = (flt or ActionFilter()).apply(stmt)
    if limit:
        stmt = stmt.limit(limit)
    with db.read() as s:
        return list(s.scalars(stmt.options(*LIST_OPTIONS)))


def ends_by(day: date) -> Any:
    """SQL: the deadline's last possible day is `day` or earlier (for a row with a due date):
    '26.10월 ends by 31 October, '26년 by 31 December, '26.3.15.~16. by 16 March. Months and
    years compare on their first day, so the due-date index still serves."""
    after = day + timedelta(days=1)
    return sa.or_(
        sa.and_(
            Action.due_precision == DatePrecision.DAY,
            sa.func.coalesce(Action.due_end, Action.due_date) <= day,
        ),
        sa.and_(Action.due_precision == DatePrecision.MONTH, Action.due_date < after.replace(day=1)),
        sa.and_(Action.due_precision == DatePrecision.YEAR, Action.due_date < date(after.year, 1, 1)),
    )


def _open_due(db: Database, where: Any, flt: ActionFilter | None, limit: int | None) -> list[Action]:
    stmt = sa.select(Action).where(status_in(OPEN_STATUSES), Action.due_date.is_not(None), where)
    stmt = (flt or ActionFilter()).apply(stmt).order_by(Action.due_date, Action.created_at)
    if limit:
        stmt = stmt.limit(limit)
    with db.read() as s:
        return list(s.scalars(stmt.options(*LIST_OPTIONS)))


def count_open_due(db: Database, where: Any, flt: ActionFilter | None = None) -> int:
    stmt = (
        sa.select(sa.func.count())
        .select_from(Action)
        .where(status_in(OPEN_STATUSES), Action.due_date.is_not(None), where)
    )
    with db.read() as s:
        return s.scalar((flt or ActionFilter()).apply(stmt)) or 0


def overdue_clause(today: date) -> Any:
    """Open commitments whose deadline has fully passed ('26.10월 only once October is over),
    as `domain.due.is_overdue`."""
    return ends_by(due_rule.overdue_before(today))


def due_soon_clause(today: date, days: int | None = None) -> Any:
    """Deadlines that END this week (`domain.due.is_due_soon`), or within `days` when given:
    '26.10월 is due soon in the week of 31 October, not all month ('26년 not all year)."""
    until = due_rule.soon_until(today) if days is None else today + timedelta(days=days)
    return sa.and_(sa.not_(overdue_clause(today)), ends_by(until))


def overdue(
    db: Database, today: date | None = None, flt: ActionFilter | None = None, limit: int | None = None
) -> list[Action]:
    """Oldest first. The filtering runs in SQL: with 150,000 follow-ups only the rows shown load."""
    return _open_due(db, overdue_clause(today or date.today()), flt, limit)


def due_soon(
    db: Database,
    today: date | None = None,
    days: int | None = None,
    flt: ActionFilter | None = None,
    limit: int | None = None,
) -> list[Action]:
    """Due this week (the one rule, `domain.due`), or within `days` when given."""
    return _open_due(db, due_soon_clause(today or date.today(), days), flt, limit)
