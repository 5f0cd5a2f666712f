"""Follow-ups as the VTODOs of an .ics export: DUE is a DATE, and a deadline known only to the
month or year says so in DESCRIPTION; a restricted one under 'mask' shows only who owes it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from icalendar import Todo as VTodo

from tracker.db.engine import Database
from tracker.db.models import Action, Organization, Person
from tracker.domain import vocabulary
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, DatePrecision
from tracker.domain.i18n import pick
from tracker.domain.labels import label
from tracker.export.ics_export_events import DateSpan, _description, _in_range, _stamp
from tracker.export.ics_names import MASKED_PROPERTY, PRIORITY_OUT, RESTRICTED_NOTE, STATUS_OUT, uid_of
from tracker.services.confidentiality import MASK, Restricted, action_restricted_sql


def due_note(due: PrecisionDate) -> str:
    """What DESCRIPTION says about a deadline that DUE (a single day) cannot say."""
    if due.precision is DatePrecision.MONTH:
        return pick(
            f"기한: {due.korean_short()} (월 단위 — DUE는 그 달 말일)",
            f"Due: {due.english()} (month only — DUE is the month's last day)",
        )
    if due.precision is DatePrecision.YEAR:
        return pick(
            f"기한: {due.korean_short()} (연 단위 — DUE는 그해 말일)",
            f"Due: {due.english()} (year only — DUE is the year's last day)",
        )
    if due.end is not None:
        return pick(
            f"기한: {due.korean_short()} (기간 — DUE는 마지막 날)",
            f"Due: {due.english()} (a range — DUE is its last day)",
        )
    return pick(f"기한: {due.korean_short()}", f"Due: {due.english()}")


def _todos(
    db: Database,
    start: date | None,
    end: date | None,
    country: str | None,
    include_closed: bool,
    mode: Restricted,
    span: DateSpan,
) -> list[VTodo]:
    stmt = (
        sa.select(Action, Person, Organization.name_ko, action_restricted_sql())
        .outerjoin(Person, Action.owner_id == Person.id)
        .outerjoin(Organization, Action.counterpart_org_id == Organization.id)
    )
    if start is not None or end is not None:
        stmt = stmt.where(Action.due_date.is_not(None))
    if start is not None:  # a year-precision deadline may begin 365 days before it ends
        stmt = stmt.where(Action.due_date >= start - timedelta(days=366))
    if end is not None:
        stmt = stmt.where(Action.due_date <= end)
    if country:
        stmt = stmt.where(Action.country_code == country)
    if not include_closed:
        stmt = stmt.where(Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)))
    out = []
    with db.read() as s:
        for a, owner, org, restricted in s.execute(stmt.order_by(Action.due_date, Action.id)):
            due = a.due
            if due is not None and not _in_range(due.start, due.last_day, start, end):
                continue
            if restricted and mode is not Restricted.INCLUDE:
                if mode is Restricted.MASK:
                    out.append(_masked_todo(a))
                continue
            todo = VTodo()
            todo.add("uid", uid_of(a.id))
            todo.add("dtstamp", _stamp(a.updated_at))
            todo.add("summary", a.title)
            if due is not None:
                todo.add("due", due.last_day)  # a DATE: DUE;VALUE=DATE:20261031
                todo.add("x-tracker-due", due.iso())
                span.add(due.last_day)
            todo.add("status", STATUS_OUT[a.status])
            if a.completed_on is not None and a.status is ActionStatus.DONE:
                # COMPLETED is a UTC date-time; noon UTC is the same calendar day from UTC-11 to UTC+11.
                todo.add("completed", datetime.combine(a.completed_on, time(12), tzinfo=UTC))
            todo.add("priority", PRIORITY_OUT[a.priority])
            lines = [
                due_note(due) if due is not None else None,
                pick(f"이행 주체: {label(a.owed_by)}", f"Owed by: {label(a.owed_by)}"),
                pick(f"담당자: {owner.display_name('ko')}", f"Owner: {owner.display_name('en')}")
                if owner
                else None,
                pick(f"상대 기관: {org}", f"Counterpart: {org}") if org else None,
                a.description,
                pick(f"완료 메모: {a.completion_note}", f"Completion note: {a.completion_note}")
                if a.completion_note
                else None,
            ]
            todo.add("description", _description(*lines))
            todo.add("categories", [vocabulary.FOLLOW_UP(), label(a.owed_by)])
            if restricted:
                todo.add("class", "CONFIDENTIAL")
            if a.meeting_id is not None:
                todo.add("related-to", uid_of(a.meeting_id))
            todo.add("x-tracker-kind", "action")
            if a.country_code:
                todo.add("x-tracker-country", a.country_code)
            out.append(todo)
    return out


def _masked_todo(a: Action) -> VTodo:
    """A restricted follow-up under 'mask': who owes it and its status, with no text, owner,
    counterpart or deadline (tracker.services.confidentiality)."""
    todo = VTodo()
    todo.add("uid", uid_of(a.id))
    todo.add("dtstamp", _stamp(a.updated_at))
    todo.add("summary", MASK)
    todo.add("status", STATUS_OUT[a.status])
    todo.add("class", "CONFIDENTIAL")
    todo.add(MASKED_PROPERTY, "TRUE")
    todo.add(
        "description",
        _description(
            RESTRICTED_NOTE(), pick(f"이행 주체: {label(a.owed_by)}", f"Owed by: {label(a.owed_by)}")
        ),
    )
    todo.add("categories", [vocabulary.FOLLOW_UP(), label(a.owed_by)])
    if a.meeting_id is not None:
        todo.add("related-to", uid_of(a.meeting_id))
    todo.add("x-tracker-kind", "action")
    return todo
