"""The follow-up list: its rows as plain values, counted by group and paged by key in the
database, never loaded whole.
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from tracker.db.engine import Database
from tracker.db.models import Action, Country, Event, Meeting, Organization, Person, Trip
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, DatePrecision, OwedBy, Priority
from tracker.domain.i18n import pick
from tracker.services import keyset
from tracker.services.actions import OPEN_STATUSES, ActionFilter, Bucket, status_in
from tracker.services.followup_buckets import BUCKET_ORDER, bucket_case, bucket_clause
from tracker.services.keyset import Cursor, Key


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
    # The names each row shows, read in the interface language by the query itself.
    owner = pick(
        sa.func.coalesce(_owner.name_ko, _owner.name_original, _owner.name_latin),
        sa.func.coalesce(_owner.name_original, _owner.name_latin, _owner.name_ko),
    )
    org = pick(_org.name_ko, sa.func.coalesce(_org.name_en, _org.name_ko))
    country = pick(Country.name_ko, Country.name_en)
    event = pick(_event.name_ko, sa.func.coalesce(_event.name_en, _event.name_ko))
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
