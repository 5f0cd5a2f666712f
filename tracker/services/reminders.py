"""Deadlines of follow-ups: the to-do groups computed in SQL, the reminders an officer gets,
the snoozes that quiet them, and edits of several follow-ups at once.

`actions.bucket()` decides the group of one loaded follow-up; `bucket_clause()` says the same
thing as a WHERE clause, so that a list of 150,000 follow-ups is counted and paged by the
database and never loaded whole. A deadline known only to the month ('26.10월) or the year is
overdue only once that month or year has passed, exactly as `bucket()` has it.

Snoozes are personal and local (one officer's "not today" is not the team's): they live in a
small JSON file in the data folder, never in the shared database.

The groups in SQL live in tracker.services.followup_buckets and the paged list in
followup_pages; this module keeps the edits of several at once, snoozes and reminders.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tracker import config
from tracker.db.engine import Database
from tracker.db.models import Action
from tracker.domain import due as due_rule
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, OwedBy
from tracker.domain.i18n import pick, plural
from tracker.services import records
from tracker.services.actions import OPEN_STATUSES, due_fields, due_soon_clause, status_in
from tracker.services.actions import overdue_clause as _past_deadline
from tracker.services.followup_buckets import (
    BUCKET_ORDER,
    bucket_case,
    bucket_clause,
    overdue_clause,
    week_end,
)
from tracker.services.followup_pages import (
    _PRIORITY_RANK,
    FollowupPage,
    FollowupQuery,
    FollowupRow,
    _due_of,
    _owner,
    bucket_page,
    bucket_rows,
    count_by_bucket,
    followup_row,
    page_keys,
)
from tracker.services.validation import choice

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
    # "ours" when, with no user chosen, counting only what we owe left overdue follow-ups out:
    # Home lists every overdue one, theirs too. (A user who chose "my name" asked for their own.)
    scope: str | None = None

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
            whose_ko, whose_en = ("우리측 ", " owed by us") if self.scope == "ours" else ("", "")
            n = self.overdue_count
            parts.append(
                pick(
                    f"{whose_ko}기한 지난 후속조치 {n}건",
                    plural(n, "1 overdue follow-up", f"{n} overdue follow-ups") + whose_en,
                )
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
    owner = pick(
        sa.func.coalesce(_owner.name_ko, _owner.name_original),
        sa.func.coalesce(_owner.name_original, _owner.name_latin, _owner.name_ko),
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
        late_count = count(late)
        everyone = sa.and_(*base[1:], _past_deadline(today))  # as Home counts them, theirs too
        scope = "ours" if user is None and late_count != count(everyone) else None
        return Reminders(today, days, items(late), items(soon), late_count, count(soon), scope)


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


__all__ = [
    "BUCKET_ORDER",
    "FollowupPage",
    "FollowupQuery",
    "FollowupRow",
    "ReminderItem",
    "Reminders",
    "SNOOZE_FILE",
    "SnoozeStore",
    "bucket_case",
    "bucket_clause",
    "bucket_page",
    "bucket_rows",
    "bulk_update",
    "count_by_bucket",
    "due",
    "followup_row",
    "overdue_clause",
    "page_keys",
    "postpone",
    "reminder_filter",
    "snooze",
    "snooze_due",
    "status_changes",
    "week_end",
]
