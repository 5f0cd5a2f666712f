"""Saving a meeting the way the meeting editor shows it: the meeting itself, both delegations in
order of precedence, the key points, the counterpart organizations and topics, and the
follow-ups agreed, all in one transaction. Either everything is stored or nothing is.

Errors that come from one row of a list carry where they come from in their params:
`section` ("participants", "key_points", "actions"), `row` (0-based; for participants the
position within its side) and, for participants, `side`. The editor uses them to point at the row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from enum import Enum
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Attachment,
    KeyPoint,
    Meeting,
    MeetingParticipant,
    Organization,
    Person,
    Topic,
)
from tracker.db.types import utcnow
from tracker.domain.enums import ActionStatus, DatePrecision, OwedBy, Side
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import language, pick
from tracker.services import actions as action_service
from tracker.services import meetings, records
from tracker.services.directory import position_on
from tracker.services.reading import strict_read
from tracker.services.validation import normalise

E = TypeVar("E", bound=Enum)

SECTION_PARTICIPANTS = "participants"
SECTION_KEY_POINTS = "key_points"
SECTION_ACTIONS = "actions"


class _SideName:
    """A side as a sentence names it, in the language of the moment the message is shown."""

    NAMES = {Side.US: ("우리측", "our side"), Side.THEM: ("상대측", "the counterpart's side")}

    def __init__(self, side: Side) -> None:
        self.side = side

    def __str__(self) -> str:
        return pick(*self.NAMES[self.side])


@contextmanager
def _at(section: str, row: int, **where: Any) -> Iterator[None]:
    """Tag an error with the list row it comes from (the innermost tag wins)."""
    try:
        yield
    except DomainError as exc:
        exc.params.setdefault("section", section)
        exc.params.setdefault("row", row)
        for key, value in where.items():
            exc.params.setdefault(key, value)
        raise


def _enum(cls: type[E], value: Any, field: str) -> E:
    try:
        return cls(value)
    except ValueError:
        raise ValidationError(
            "bad_choice",
            field=field,
            value=value,
            choices=", ".join(m.value for m in cls),  # type: ignore[attr-defined]
        ) from None


def _uuid(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# ------------------------------------------------------------------ checks before writing


def _sides(participants: Sequence[Mapping[str, Any]]) -> list[tuple[Side, int]]:
    """Each participant's side and position within that side; at most one head per side."""
    placed: list[tuple[Side, int]] = []
    counts: dict[Side, int] = {}
    heads: dict[Side, int] = {}
    for i, p in enumerate(participants):
        with _at(SECTION_PARTICIPANTS, i):  # no side yet: the position in the whole list
            side = _enum(Side, p.get("side"), "side")
        row = counts.get(side, 0)
        counts[side] = row + 1
        placed.append((side, row))
        if p.get("is_head"):
            if side in heads:
                raise ValidationError(
                    "one_head_per_side",
                    field="is_head",
                    side_label=_SideName(side),
                    section=SECTION_PARTICIPANTS,
                    row=row,
                    side=side,
                )
            heads[side] = row
    return placed


# ------------------------------------------------------------------ the parts


def _fill_from_position(session: Session, meeting: Meeting, row: dict[str, Any]) -> dict[str, Any]:
    """The title and organization held on the meeting date, where not given (as
    meetings._participant does for new participants)."""
    person_id = row.get("person_id")
    if person_id is not None and not (row.get("title") and row.get("organization_id")):
        pos = position_on(session, person_id, meeting.date)
        if pos is not None:
            row["title"] = row.get("title") or pos.title_ko or pos.title_en
            row["organization_id"] = row.get("organization_id") or pos.organization_id
    return row


def _save_participants(
    session: Session,
    meeting: Meeting,
    participants: Sequence[Mapping[str, Any]],
    placed: list[tuple[Side, int]],
) -> None:
    existing = {
        p.id: p
        for p in session.scalars(
            sa.select(MeetingParticipant).where(MeetingParticipant.meeting_id == meeting.id)
        )
    }
    kept: set[uuid.UUID] = set()
    for data, (side, row) in zip(participants, placed, strict=True):
        with _at(SECTION_PARTICIPANTS, row, side=side):
            values = {k: v for k, v in data.items() if k not in ("id", "meeting_id", "seq")}
            # Trim first, so that a title of spaces counts as empty and is filled in.
            values = normalise(MeetingParticipant.__table__, values)  # type: ignore[arg-type]
            values["side"] = side
            values["is_head"] = bool(values.get("is_head"))
            if values.get("person_id") is not None:
                values["person_id"] = _uuid(values["person_id"]) or values["person_id"]
            current = existing.get(_uuid(data.get("id")))  # type: ignore[arg-type]
            if current is not None and current.id not in kept:
                kept.add(current.id)
                records.update_in(
                    session,
                    MeetingParticipant,
                    current.id,
                    _fill_from_position(session, meeting, {**values, "seq": row + 1}),
                )
            else:
                meetings._participant(session, meeting, values, row + 1)
    for pid, part in existing.items():
        if pid not in kept:
            session.delete(part)
    session.flush()


def _save_key_points(
    session: Session, meeting: Meeting, key_points: Sequence[str | Mapping[str, Any]]
) -> list[uuid.UUID]:
    """Store the points in the given order and return their ids, in that order. A point keeps
    its id when it names it, or else when its text is unchanged, so follow-ups stay linked.
    Named ids are claimed first: a new point that repeats an old text cannot take the id of a
    point that was edited and named its own id further down the list."""
    wanted = [{"text": p} if isinstance(p, str) else dict(p) for p in key_points]
    existing = {
        kp.id: kp
        for kp in session.scalars(
            sa.select(KeyPoint).where(KeyPoint.meeting_id == meeting.id).order_by(KeyPoint.seq)
        )
    }
    chosen: dict[int, KeyPoint] = {}
    taken: set[uuid.UUID] = set()
    for i, data in enumerate(wanted):
        kp = existing.get(_uuid(data.get("id")))  # type: ignore[arg-type]
        if kp is not None and kp.id not in taken:
            chosen[i] = kp
            taken.add(kp.id)
    for i, data in enumerate(wanted):
        named = _uuid(data.get("id"))
        if i in chosen or (named is not None and named in existing):
            continue  # a point that names an id already claimed becomes a new point
        text = normalise(KeyPoint.__table__, {"text": data.get("text")})["text"]  # type: ignore[arg-type]
        kp = next((k for k in existing.values() if k.id not in taken and k.text == text), None)
        if kp is not None:
            chosen[i] = kp
            taken.add(kp.id)
    ids: list[uuid.UUID] = []
    for i, data in enumerate(wanted):
        with _at(SECTION_KEY_POINTS, i):
            values = {k: v for k, v in data.items() if k not in ("id", "meeting_id", "seq")}
            values["seq"] = i + 1
            if i in chosen:
                ids.append(records.update_in(session, KeyPoint, chosen[i].id, values).id)
            else:
                ids.append(records.create_in(session, KeyPoint, {**values, "meeting_id": meeting.id}).id)
    for kp_id, kp in existing.items():
        if kp_id not in taken:
            session.delete(kp)  # its follow-ups lose the link (ON DELETE SET NULL), not the follow-up
    session.flush()
    return ids


def _action_row(
    data: Mapping[str, Any], key_point_ids: Sequence[uuid.UUID], current: Action | None
) -> dict[str, Any]:
    row = {k: v for k, v in data.items() if k not in ("id", "key_point_index", "due", "version")}
    if "due" in data:
        try:
            due = action_service.due_fields(data["due"])
        except DomainError as exc:
            exc.field = exc.field or "due"
            raise
        if due.get("due_date") is None:
            due["due_precision"] = DatePrecision.DAY
        row.update(due)
    if "key_point_index" in data:
        index = data["key_point_index"]
        if index is None:
            row["key_point_id"] = None
        elif isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(key_point_ids):
            row["key_point_id"] = key_point_ids[index]
        else:
            raise ValidationError("bad_value", field="key_point_index", value=index)
    if "owed_by" in row and row["owed_by"] is not None:
        row["owed_by"] = _enum(OwedBy, row["owed_by"], "owed_by")
    if row.get("owner_id") is not None:
        row["owner_id"] = _uuid(row["owner_id"]) or row["owner_id"]
    if row.get("status") is not None:
        status = _enum(ActionStatus, row["status"], "status")
        row["status"] = status
        if status.is_closed:
            row.setdefault("completed_on", (current.completed_on if current else None) or date.today())
        else:
            row["completed_on"] = None
    return row


def _save_actions(
    session: Session,
    meeting: Meeting,
    actions: Sequence[Mapping[str, Any]],
    key_point_ids: Sequence[uuid.UUID],
    followed: tuple[str | None, uuid.UUID | None],
    removed: Iterable[Any],
) -> None:
    old_country, old_trip = followed
    for removed_id in removed:
        act = session.get(Action, _uuid(removed_id))
        if act is not None and act.meeting_id == meeting.id:
            session.delete(act)
    for i, data in enumerate(actions):
        with _at(SECTION_ACTIONS, i):
            current = None
            if data.get("id") is not None:
                current = session.get(Action, _uuid(data["id"]))
                if current is None or current.meeting_id != meeting.id:
                    raise ValidationError("unknown_record", field="id", kind="actions", value=data["id"])
            row = _action_row(data, key_point_ids, current)
            row["meeting_id"] = meeting.id
            if current is None:
                row.setdefault("country_code", meeting.country_code)
                row.setdefault("trip_id", meeting.trip_id)
                records.create_in(session, Action, row)
            else:
                # A follow-up that went with the meeting's country and trip keeps following them.
                if "country_code" not in row and current.country_code in (None, old_country):
                    row["country_code"] = meeting.country_code
                if "trip_id" not in row and current.trip_id in (None, old_trip):
                    row["trip_id"] = meeting.trip_id
                records.update_in(session, Action, current.id, row, data.get("version"))
    session.flush()


# ------------------------------------------------------------------ the use case


def save_meeting(
    db: Database,
    meeting_id: uuid.UUID | None,
    fields: Mapping[str, Any],
    *,
    participants: Sequence[Mapping[str, Any]],
    key_points: Sequence[str | Mapping[str, Any]],
    organization_ids: Iterable[Any],
    topic_ids: Iterable[Any],
    actions: Sequence[Mapping[str, Any]],
    expected_version: int | None = None,
    removed_action_ids: Iterable[Any] = (),
) -> Meeting:
    """Create (`meeting_id` None) or update a meeting with everything in it, in one transaction.

    `participants`: dicts with `side`, `person_id` or `name`, `title`, `organization_id`,
    `is_head` (at most one per side) and optionally the `id` of an existing participant; the
    order given is the order of precedence within each side. An empty title is filled with the
    title the person held on the meeting date.
    `key_points`: texts or dicts (`text`, `party`, optional `id`), in order.
    `actions`: follow-ups (optional `id`, `title`, `owed_by`, `owner_id`, `due` as text or a
    PrecisionDate, `status`, `key_point_index` into `key_points`); they take the meeting's country
    and trip. Follow-ups not listed are left alone unless their ids are in `removed_action_ids`.
    The meeting's `version` goes up on every save, so `expected_version` guards the whole record.
    """
    participants = list(participants)
    key_points = list(key_points)
    actions = list(actions)
    placed = _sides(participants)
    fields = dict(fields)
    with records.conflicts_reported(), db.transaction() as s:
        if meeting_id is None:
            if fields.get("trip_id") is not None and fields.get("seq") is None:
                last = s.scalar(
                    sa.select(sa.func.max(Meeting.seq)).where(Meeting.trip_id == fields["trip_id"])
                )
                fields["seq"] = (last or 0) + 1  # 순번: after the trip's other meetings
            meeting = records.create_in(s, Meeting, fields)
            followed: tuple[str | None, uuid.UUID | None] = (None, None)
        else:
            current = records.load(s, Meeting, meeting_id)
            followed = (current.country_code, current.trip_id)
            meeting = records.update_in(s, Meeting, meeting_id, fields, expected_version)
            meeting.updated_at = utcnow()  # the version covers the participants, points and follow-ups too
        _save_participants(s, meeting, participants, placed)
        key_point_ids = _save_key_points(s, meeting, key_points)
        records.set_links(
            s, meeting, "organizations", Organization, [_uuid(k) or k for k in organization_ids]
        )
        records.set_links(s, meeting, "topics", Topic, [_uuid(k) or k for k in topic_ids])
        _save_actions(s, meeting, actions, key_point_ids, followed, removed_action_ids)
        saved_id = meeting.id
    return meetings.get_meeting(db, saved_id)


# ------------------------------------------------------------------ what the editor reads


def participant_defaults(db: Database, person_id: uuid.UUID, on: date | None) -> dict[str, Any]:
    """What a participant row shows as soon as a person is picked: their name, and the title and
    organization they held on the meeting date."""
    with strict_read(db) as s:
        person = records.load(s, Person, person_id)
        pos = position_on(s, person_id, on or date.today())
        org = s.get(Organization, pos.organization_id) if pos is not None and pos.organization_id else None
        return {
            "person_id": person.id,
            "label": person.display_name(language()),
            "is_staff": person.is_staff,
            "title": (pos.title_ko or pos.title_en) if pos is not None else None,
            "organization_id": org.id if org is not None else None,
            "organization_label": org.name_ko if org is not None else None,
        }


def meeting_actions(db: Database, meeting_id: uuid.UUID) -> list[Action]:
    """The meeting's follow-ups in the order they were recorded."""
    with strict_read(db) as s:
        return list(
            s.scalars(
                sa.select(Action)
                .where(Action.meeting_id == meeting_id)
                .order_by(Action.created_at, Action.id)
                .options(selectinload(Action.owner), selectinload(Action.key_point))
            )
        )


def meeting_attachments(db: Database, meeting_id: uuid.UUID) -> list[Attachment]:
    with strict_read(db) as s:
        return list(
            s.scalars(
                sa.select(Attachment).where(Attachment.meeting_id == meeting_id).order_by(Attachment.seq)
            )
        )
