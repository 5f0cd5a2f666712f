"""Deadlines of follow-ups: the to-do groups computed in SQL, the reminders an officer gets,
the snoozes that quiet them, and edits of several follow-ups at once.

`actions.bucket()` decides the group of one loaded follow-up; `bucket_clause()` says the same
thing as a WHERE clause, so that a list of 150,000 follow-ups is counted and paged by the
database and never loaded whole. A deadline known only to the month ('26.10월) or the year is
overdue only once that month or year has passed, exactly as `bucket()` has it.

Snoozes are personal and local (one officer's "not today" is not the team's): they live in a
small JSON file in the data folder, never in the shared database.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from tracker import config
from tracker.db.engine import Database
from tracker.db.models import Action, Country, Event, Meeting, Organization, Person, Trip
from tracker.domain import due as due_rule
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, DatePrecision, OwedBy, Priority
from tracker.domain.i18n import language, pick
from tracker.services import keyset, records
from tracker.services.actions import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    ActionFilter,
    Bucket,
    due_fields,
    due_soon_clause,
    ends_by,
    status_in,
)
from tracker.services.actions import overdue_clause as _past_deadline
from tracker.services.keyset import Cursor, Key
from tracker.services.validation import choice

# The order of the groups on screen.
BUCKET_ORDER = (Bucket.OVERDUE, Bucket.THIS_WEEK, Bucket.LATER, Bucket.NO_DATE, Bucket.CLOSED)


# ---------------------------------------------------------------- the groups, in SQL


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


# ---------------------------------------------------------------- the follow-up list


@dataclass(frozen=True, slots=True)
class FollowupRow:
    """One line of the follow-up list: plain values, nothing bound to a session."""

    id: uuid.UUID
    version: int
    title: str
    due: PrecisionDate | None
    owed_by: OwedBy
    status: ActionStatus
    priority: Priority
    owner_id: uuid.UUID | None
    owner: str | None
    counterpart: str | None
    country_code: str | None
    country: str | None
    source: str | None  # the meeting, else the trip, else the event it came from
    completed_on: date | None
    completion_note: str | None


@dataclass(frozen=True)
class FollowupQuery:
    """What the list shows: the filters of `ActionFilter` plus words of the title."""

    flt: ActionFilter = field(default_factory=ActionFilter)
    text: str | None = None

    def where(self, stmt: sa.Select[Any]) -> sa.Select[Any]:
        stmt = self.flt.apply(stmt)
        for word in (self.text or "").split():
            like = f"%{word}%"
            stmt = stmt.where(sa.or_(Action.title.ilike(like), Action.description.ilike(like)))
        return stmt


_owner = aliased(Person)
_org = aliased(Organization)
_meeting = aliased(Meeting)
_trip = aliased(Trip)
_event = aliased(Event)

_PRIORITY_RANK = sa.case(
    (Action.priority == Priority.HIGH, 0), (Action.priority == Priority.NORMAL, 1), else_=2
)


def _row_columns() -> tuple[Any, ...]:
    ko = language() == "ko"
    owner = (
        sa.func.coalesce(_owner.name_ko, _owner.name_original, _owner.name_latin)
        if ko
        else sa.func.coalesce(_owner.name_original, _owner.name_latin, _owner.name_ko)
    )
    org = _org.name_ko if ko else sa.func.coalesce(_org.name_en, _org.name_ko)
    country = Country.name_ko if ko else Country.name_en
    event = _event.name_ko if ko else sa.func.coalesce(_event.name_en, _event.name_ko)
    return (
        Action.id, Action.version, Action.title, Action.due_date, Action.due_precision, Action.due_end,
        Action.owed_by, Action.status, Action.priority, Action.owner_id, owner, org, Action.country_code,
        country, sa.func.coalesce(_meeting.title, _trip.title, event), Action.completed_on,
        Action.completion_note,
    )  # fmt: skip


def _joined(stmt: sa.Select[Any]) -> sa.Select[Any]:
    return (
        stmt.select_from(Action)
        .outerjoin(_owner, Action.owner_id == _owner.id)
        .outerjoin(_org, Action.counterpart_org_id == _org.id)
        .outerjoin(Country, Action.country_code == Country.code)
        .outerjoin(_meeting, Action.meeting_id == _meeting.id)
        .outerjoin(_trip, Action.trip_id == _trip.id)
        .outerjoin(_event, Action.event_id == _event.id)
    )


def page_keys(bucket: Bucket) -> tuple[Key, ...]:
    """The order of a group, ending with the id so that a page can start after any row:
    deadline, priority, title; no date: priority, newest first; closed: latest completed first."""
    if bucket is Bucket.CLOSED:
        return (Key(Action.completed_on, True), Key(Action.id, True))
    if bucket is Bucket.NO_DATE:
        return (Key(_PRIORITY_RANK), Key(Action.created_at, True), Key(Action.id, True))
    return (Key(Action.due_date), Key(_PRIORITY_RANK), Key(Action.title), Key(Action.id))


_SHARED: dict[Any, Any] = {}
_SHARED_MAX = 200_000


def _shared(value: Any) -> Any:
    """One object for a value repeated on thousands of rows (an owner's name and id, a
    country, a meeting, a deadline, a day): a list scrolled to its end holds each once."""
    if value is None:
        return None
    if isinstance(value, str):
        return sys.intern(value)
    if len(_SHARED) > _SHARED_MAX:  # distinct values are few; never let the table grow unbounded
        _SHARED.clear()
    return _SHARED.setdefault(value, value)


_DUES: dict[tuple[Any, ...], PrecisionDate] = {}
_ENUMS: dict[Any, Any] = {
    **{(OwedBy, v): v for v in OwedBy}, **{(OwedBy, v.value): v for v in OwedBy},
    **{(ActionStatus, v): v for v in ActionStatus}, **{(ActionStatus, v.value): v for v in ActionStatus},
    **{(Priority, v): v for v in Priority}, **{(Priority, v.value): v for v in Priority},
}  # fmt: skip


def _due_of(start: Any, precision: Any, end: date | None) -> PrecisionDate:
    """One PrecisionDate per distinct deadline, made (and checked) once."""
    key = (start, precision, end)
    due = _DUES.get(key)
    if due is None:
        if len(_DUES) > _SHARED_MAX:
            _DUES.clear()
        due = _DUES[key] = PrecisionDate(start, DatePrecision(precision), end)
    return due


def _to_row(r: Any) -> FollowupRow:
    enums = _ENUMS
    return FollowupRow(
        id=r[0], version=r[1], title=r[2], due=_due_of(r[3], r[4], r[5]) if r[3] is not None else None,
        owed_by=enums[OwedBy, r[6]], status=enums[ActionStatus, r[7]], priority=enums[Priority, r[8]],
        owner_id=_shared(r[9]), owner=_shared(r[10]), counterpart=_shared(r[11]),
        country_code=_shared(r[12]), country=_shared(r[13]), source=_shared(r[14]),
        completed_on=_shared(r[15]), completion_note=r[16],
    )  # fmt: skip


def count_by_bucket(
    db: Database, today: date, query: FollowupQuery | None = None, *, closed: bool = True
) -> dict[Bucket, int]:
    """How many follow-ups each group holds: the open groups in one query over the open rows
    (the partial index holds only those), the closed group (most of the table) only when
    `closed` is asked for, else 0."""
    query = query or FollowupQuery()
    case = bucket_case(today, open_only=True).label("bucket")
    open_stmt = query.where(sa.select(case, sa.func.count()).where(status_in(OPEN_STATUSES)))
    counts = dict.fromkeys(BUCKET_ORDER, 0)
    with db.engine.connect() as conn:
        for name, n in conn.execute(open_stmt.group_by(case)):
            counts[Bucket(name)] = n
        if closed:  # every follow-up not open is closed; a count of all reads the smallest index
            every = conn.execute(query.where(sa.select(sa.func.count()).select_from(Action))).scalar_one()
            counts[Bucket.CLOSED] = every - sum(counts.values())
    return counts


@dataclass(frozen=True)
class FollowupPage:
    rows: list[FollowupRow]
    cursor: Cursor | None  # where the next page starts (the keys of the last row)
    complete: bool  # the group has no more rows


def bucket_page(
    db: Database,
    bucket: Bucket,
    today: date,
    query: FollowupQuery | None = None,
    *,
    after: Cursor | None = None,
    limit: int = 200,
) -> FollowupPage:
    """One page of one group, in the group's order, starting after the row whose keys are
    `after` (the `cursor` of the page before). Read by key, not OFFSET: a page deep in the
    130,000 closed follow-ups costs what the first one costs."""
    # One statement: the group's index gives the order and the page's end (LIMIT), and the
    # outer joins are looked up for those rows only (actions stays the outer loop).
    stmt = _joined(sa.select(*_row_columns())).where(bucket_clause(bucket, today))
    stmt = (query or FollowupQuery()).where(stmt)
    with db.engine.connect() as conn:
        page = keyset.read_page(conn, stmt, page_keys(bucket), after, limit)
    return FollowupPage([_to_row(r) for r in page.rows], page.cursor, page.complete)


def bucket_rows(
    db: Database,
    bucket: Bucket,
    today: date,
    query: FollowupQuery | None = None,
    *,
    after: Cursor | None = None,
    limit: int = 200,
) -> list[FollowupRow]:
    """The rows of `bucket_page`."""
    return bucket_page(db, bucket, today, query, after=after, limit=limit).rows


def followup_row(db: Database, action_id: uuid.UUID) -> FollowupRow | None:
    stmt = _joined(sa.select(*_row_columns())).where(Action.id == action_id)
    with db.engine.connect() as conn:
        r = conn.execute(stmt).first()
    return _to_row(r) if r is not None else None


# ---------------------------------------------------------------- edits of several at once

_UNSET: Any = object()


def status_changes(
    status: ActionStatus | str, note: str | None = None, on: date | None = None
) -> dict[str, Any]:
    """The columns a status change sets, by the rules of `actions.set_status`: done and dropped
    get a completion date (today unless given) and the note if one is given; reopening clears
    the date."""
    status = choice(ActionStatus, status, "status")
    changes: dict[str, Any] = {"status": status}
    if status.is_closed:
        changes["completed_on"] = on or date.today()
        if note is not None:
            changes["completion_note"] = note
    else:
        changes["completed_on"] = None
    return changes


def bulk_update(
    db: Database,
    action_ids: Iterable[uuid.UUID],
    *,
    status: ActionStatus | str | None = None,
    owner_id: uuid.UUID | None = _UNSET,
    due: PrecisionDate | str | None = _UNSET,
    note: str | None = None,
    on: date | None = None,
    expected_versions: Mapping[uuid.UUID, int] | None = None,
) -> list[uuid.UUID]:
    """Give several follow-ups the same status, owner and/or deadline in one transaction: all
    of them change, or (on any error, or an edit someone else made first) none does.
    `owner_id=None` and `due=None` clear the owner and the deadline; leave them out to keep them."""
    changes: dict[str, Any] = {}
    if status is not None:
        changes.update(status_changes(status, note, on))
    elif note is not None:
        changes["completion_note"] = note
    if owner_id is not _UNSET:
        changes["owner_id"] = owner_id
    if due is not _UNSET:
        changes.update(due_fields(due))
    ids = list(dict.fromkeys(action_ids))
    if not changes or not ids:
        return []
    versions = expected_versions or {}
    with records.conflicts_reported(), db.transaction() as s:
        for key in ids:
            records.update_in(s, Action, key, changes, versions.get(key))
    return ids


def postpone(
    db: Database,
    action_ids: Iterable[uuid.UUID],
    *,
    days: int = 0,
    months: int = 0,
    today: date | None = None,
) -> list[uuid.UUID]:
    """Put off the deadline of several follow-ups by `days` or `months` in one transaction
    (all or none), each from its own deadline by `domain.due.postponed`: a week, a month."""
    today = today or date.today()
    ids = list(dict.fromkeys(action_ids))
    if not ids or not (days or months):
        return []
    with records.conflicts_reported(), db.transaction() as s:
        for key in ids:
            action = records.load(s, Action, key)
            new = due_rule.postponed(action.due, today, days=days, months=months)
            records.update_in(s, Action, key, due_fields(new))
    return ids


# ---------------------------------------------------------------- snoozes

SNOOZE_FILE = "reminder-snoozes.json"


class SnoozeStore:
    """Which follow-ups are snoozed, and until when: `{"snoozed": {"<id>": "YYYY-MM-DD"}}` in
    the data folder. A snoozed follow-up is left out of reminders while `today < until`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else config.data_dir() / SNOOZE_FILE

    def load(self) -> dict[uuid.UUID, date]:
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
            items = doc.get("snoozed", {}) if isinstance(doc, dict) else {}
            return {uuid.UUID(k): date.fromisoformat(v) for k, v in items.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # no file yet, or a damaged one: nothing snoozed (it is rewritten on the next snooze)

    def active(self, today: date) -> dict[uuid.UUID, date]:
        return {k: until for k, until in self.load().items() if today < until}

    def snooze(self, action_ids: Iterable[uuid.UUID], until: date, today: date | None = None) -> None:
        today = today or date.today()
        items = self.active(today)
        for key in action_ids:
            items[uuid.UUID(str(key))] = until
        self._save({k: v for k, v in items.items() if today < v})

    def unsnooze(self, action_ids: Iterable[uuid.UUID]) -> None:
        items = self.load()
        for key in action_ids:
            items.pop(uuid.UUID(str(key)), None)
        self._save(items)

    def _save(self, items: dict[uuid.UUID, date]) -> None:
        doc = {
            "snoozed": {str(k): v.isoformat() for k, v in sorted(items.items(), key=lambda kv: str(kv[0]))}
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                json.dump(doc, fh, indent=1)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def snooze(
    action_id: uuid.UUID | Iterable[uuid.UUID],
    until: date,
    *,
    store: SnoozeStore | None = None,
    today: date | None = None,
) -> None:
    """Leave one follow-up (or several) out of reminders until `until` (shown again that day)."""
    ids = [action_id] if isinstance(action_id, uuid.UUID | str) else list(action_id)
    (store or SnoozeStore()).snooze(ids, until, today)


# ---------------------------------------------------------------- reminders


@dataclass(frozen=True)
class ReminderItem:
    id: uuid.UUID
    title: str
    due: PrecisionDate | None
    owner: str | None


@dataclass(frozen=True)
class Reminders:
    today: date
    days: int | None  # None: due this week, the one rule (`domain.due`)
    overdue: list[ReminderItem]
    soon: list[ReminderItem]
    overdue_count: int
    soon_count: int

    def __bool__(self) -> bool:
        return bool(self.overdue_count or self.soon_count)

    @property
    def ids(self) -> list[uuid.UUID]:
        return [i.id for i in (*self.overdue, *self.soon)]

    def summary(self) -> str:
        """'기한 지난 후속조치 3건, 이번 주 마감 2건'"""
        soon_ko = "이번 주 마감" if self.days is None else f"{self.days}일 내 마감"
        soon_en = "due this week" if self.days is None else f"due within {self.days} days"
        parts = []
        if self.overdue_count:
            parts.append(
                pick(f"기한 지난 후속조치 {self.overdue_count}건", f"{self.overdue_count} overdue follow-ups")
            )
        if self.soon_count:
            parts.append(pick(f"{soon_ko} {self.soon_count}건", f"{self.soon_count} {soon_en}"))
        return ", ".join(parts) if parts else pick("마감이 다가온 후속조치가 없습니다", "No follow-ups due")


def reminder_filter(user_person_id: uuid.UUID | None) -> sa.ColumnElement[bool]:
    """Whose follow-ups: the user's own (whoever owes them: the owner chases the other side
    too), or, with no user chosen, every commitment owed by us or by both sides."""
    if user_person_id is not None:
        return Action.owner_id == user_person_id
    return Action.owed_by.in_((OwedBy.US, OwedBy.BOTH))


def due(
    db: Database,
    user_person_id: uuid.UUID | str | None,
    today: date | None = None,
    days: int | None = None,
    *,
    store: SnoozeStore | None = None,
    limit: int | None = 50,
) -> Reminders:
    """Overdue follow-ups and those due this week, by the one rule of `domain.due` (as Home
    and the follow-up groups count them), owned by the user (or all of ours when no user is
    set), less the snoozed ones; with `days`, those whose deadline ends within `days` instead.
    A deadline known to the month or the year is due when it ENDS: '26.10월 in the week of
    31 October, not all month. The lists hold at most `limit` items each (most urgent first);
    the counts are complete."""
    today = today or date.today()
    user = uuid.UUID(str(user_person_id)) if user_person_id not in (None, "") else None
    snoozed = list((store or SnoozeStore()).active(today))
    base = [reminder_filter(user), status_in(OPEN_STATUSES), Action.due_date.is_not(None)]
    if snoozed:
        base.append(Action.id.not_in(snoozed))
    late = sa.and_(*base, _past_deadline(today))
    soon = sa.and_(*base, due_soon_clause(today, days))
    owner = (
        sa.func.coalesce(_owner.name_ko, _owner.name_original)
        if language() == "ko"
        else sa.func.coalesce(_owner.name_original, _owner.name_latin, _owner.name_ko)
    )
    cols = (Action.id, Action.title, Action.due_date, Action.due_precision, Action.due_end, owner)

    def items(where: sa.ColumnElement[bool]) -> list[ReminderItem]:
        stmt = (
            sa.select(*cols).select_from(Action).outerjoin(_owner, Action.owner_id == _owner.id)
            .where(where).order_by(Action.due_date, _PRIORITY_RANK, Action.id)
        )  # fmt: skip
        if limit is not None:
            stmt = stmt.limit(limit)
        return [
            ReminderItem(r[0], r[1], _due_of(r[2], r[3], r[4]), r[5])  # a due date: the WHERE says so
            for r in conn.execute(stmt)
        ]

    def count(where: sa.ColumnElement[bool]) -> int:
        return conn.execute(sa.select(sa.func.count()).select_from(Action).where(where)).scalar_one()

    with db.engine.connect() as conn:
        return Reminders(today, days, items(late), items(soon), count(late), count(soon))


def snooze_due(
    db: Database,
    user_person_id: uuid.UUID | str | None,
    until: date,
    today: date | None = None,
    days: int | None = None,
    *,
    store: SnoozeStore | None = None,
) -> int:
    """Snooze everything `due()` reminds of now; return how many were snoozed."""
    store = store or SnoozeStore()
    current = due(db, user_person_id, today, days, store=store, limit=None)
    store.snooze(current.ids, until, today)
    return len(current.ids)
