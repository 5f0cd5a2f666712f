"""Meetings: participants on both sides with the titles they held, key points, links."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from tracker.db.engine import Database
from tracker.db.models import KeyPoint, Meeting, MeetingParticipant, Organization, Topic
from tracker.domain.enums import Side
from tracker.services import records
from tracker.services.directory import position_on
from tracker.services.reading import strict_read
from tracker.services.validation import choice, normalise

DETAIL = (
    selectinload(Meeting.participants).selectinload(MeetingParticipant.person),
    selectinload(Meeting.participants).selectinload(MeetingParticipant.organization),
    selectinload(Meeting.key_points),
    selectinload(Meeting.organizations),
    selectinload(Meeting.topics),
    selectinload(Meeting.country),
    selectinload(Meeting.event),
    selectinload(Meeting.trip),
)


def _participant(session: Session, meeting: Meeting, data: Mapping[str, Any], seq: int) -> MeetingParticipant:
    row = {"seq": seq, **data, "meeting_id": meeting.id}
    if isinstance(row.get("title"), str):
        row["title"] = row["title"].strip() or None  # a title of spaces is no title
    person_id = row.get("person_id")
    if person_id is not None and not (row.get("title") and row.get("organization_id")):
        # Keep the title held on the day, so the record stays true after the person moves on.
        pos = position_on(session, person_id, meeting.date)
        if pos is not None:
            row["title"] = row.get("title") or pos.title_ko or pos.title_en
            row["organization_id"] = row.get("organization_id") or pos.organization_id
    return records.create_in(session, MeetingParticipant, row)


def _key_points(session: Session, meeting: Meeting, points: Iterable[str | Mapping[str, Any]]) -> None:
    for seq, point in enumerate(points, start=1):
        data = {"text": point} if isinstance(point, str) else dict(point)
        records.create_in(session, KeyPoint, {"seq": seq, **data, "meeting_id": meeting.id})


def create_meeting(
    db: Database,
    data: Mapping[str, Any],
    *,
    participants: Iterable[Mapping[str, Any]] = (),
    key_points: Iterable[str | Mapping[str, Any]] = (),
    organization_ids: Iterable[uuid.UUID] = (),
    topic_ids: Iterable[uuid.UUID] = (),
) -> Meeting:
    """Create a meeting with everything said and agreed in it, in one transaction."""
    with db.transaction() as s:
        meeting = records.create_in(s, Meeting, data)
        per_side: dict[Side, int] = {}
        for p in participants:
            side = choice(Side, p.get("side"), "side")
            per_side[side] = per_side.get(side, 0) + 1
            _participant(s, meeting, p, per_side[side])
        _key_points(s, meeting, key_points)
        records.set_links(s, meeting, "organizations", Organization, organization_ids)
        records.set_links(s, meeting, "topics", Topic, topic_ids)
        meeting_id = meeting.id
    return get_meeting(db, meeting_id)


def get_meeting(db: Database, meeting_id: uuid.UUID) -> Meeting:
    return records.get(db, Meeting, meeting_id, DETAIL)


def replace_key_points(
    db: Database, meeting_id: uuid.UUID, points: Iterable[str | Mapping[str, Any]]
) -> Meeting:
    """Store an edited, reordered list of key points. Points keep their ids where the text is
    unchanged, so follow-ups that came from a point stay linked to it."""
    wanted = [{"text": p} if isinstance(p, str) else dict(p) for p in points]
    with db.transaction() as s:
        meeting = records.load(s, Meeting, meeting_id)
        existing = {
            kp.id: kp for kp in s.scalars(sa.select(KeyPoint).where(KeyPoint.meeting_id == meeting_id))
        }
        by_text = {kp.text: kp for kp in existing.values()}
        kept: set[uuid.UUID] = set()
        for seq, data in enumerate(wanted, start=1):
            # Compare text as it will be stored (trimmed, NFC), not as it was typed.
            text = normalise(KeyPoint.__table__, {"text": data.get("text")})["text"]  # type: ignore[arg-type]
            kp = existing.get(data.get("id")) or by_text.get(text)  # type: ignore[arg-type]
            if kp is not None and kp.id not in kept:
                records.update_in(
                    s, KeyPoint, kp.id, {**{k: v for k, v in data.items() if k != "id"}, "seq": seq}
                )
                kept.add(kp.id)
            else:
                records.create_in(s, KeyPoint, {**data, "seq": seq, "meeting_id": meeting.id})
        for kp_id, kp in existing.items():
            if kp_id not in kept:
                s.delete(kp)
    return get_meeting(db, meeting_id)


def add_participant(db: Database, meeting_id: uuid.UUID, data: Mapping[str, Any]) -> MeetingParticipant:
    with db.transaction() as s:
        meeting = records.load(s, Meeting, meeting_id)
        side = choice(Side, data.get("side"), "side")
        last = s.scalar(
            sa.select(sa.func.max(MeetingParticipant.seq)).where(
                MeetingParticipant.meeting_id == meeting_id, MeetingParticipant.side == side
            )
        )
        return _participant(s, meeting, data, (last or 0) + 1)


def list_meetings(
    db: Database,
    *,
    country: str | None = None,
    trip_id: uuid.UUID | None = None,
    person_id: uuid.UUID | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
) -> list[Meeting]:
    stmt = sa.select(Meeting).order_by(Meeting.date.desc(), Meeting.start_time.desc())
    if country:
        stmt = stmt.where(Meeting.country_code == country)
    if trip_id:
        stmt = stmt.where(Meeting.trip_id == trip_id).order_by(None).order_by(Meeting.seq, Meeting.date)
    if person_id:
        stmt = stmt.where(
            Meeting.id.in_(
                sa.select(MeetingParticipant.meeting_id).where(MeetingParticipant.person_id == person_id)
            )
        )
    if start:
        stmt = stmt.where(Meeting.date >= start)
    if end:
        stmt = stmt.where(Meeting.date <= end)
    if limit:
        stmt = stmt.limit(limit)
    with strict_read(db) as s:
        return list(s.scalars(stmt.options(selectinload(Meeting.country))))


def heads(meeting: Meeting) -> dict[Side, MeetingParticipant | None]:
    """The head of each delegation (the first in precedence when none is marked)."""
    result: dict[Side, MeetingParticipant | None] = {}
    for side in Side:
        side_list = [p for p in meeting.participants if p.side == side]
        result[side] = next((p for p in side_list if p.is_head), side_list[0] if side_list else None)
    return result


def participant_label(p: MeetingParticipant, lang: str = "ko") -> str:
    name = p.person.display_name(lang) if p.person is not None else (p.name or "")
    if not p.title or p.title in name:  # a placeholder person named by their title
        return name
    return f"{name} {p.title}".strip()
