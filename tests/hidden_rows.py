"""Records that a team server hides from who lacks the 대외비 label, as several tests make
them: a 대외비 meeting with a counterpart attending and a key point, and a 대외비 key point
of an open meeting."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import KeyPoint, Meeting, MeetingParticipant, Person
from tracker.domain.enums import Classification
from tracker.services import meetings, records


def restricted_meeting(db: Database, **extra: Any) -> tuple[Meeting, uuid.UUID, uuid.UUID]:
    """A 대외비 meeting (made by `db`'s user) with 가토 게이코 attending and one key point:
    (the meeting, the attendee's row id, the point's id)."""
    person = records.create(db, Person, {"name_ko": "가토 게이코"})
    secret = meetings.create_meeting(
        db,
        {
            "title": "대외비 면담",
            "date": date(2026, 3, 4),
            "classification": Classification.RESTRICTED,
            **extra,
        },
        participants=[{"person_id": person.id, "side": "them"}],
        key_points=["첫째 요점"],
    )
    with db.read() as s:
        attendee = s.scalars(
            sa.select(MeetingParticipant.id).where(MeetingParticipant.meeting_id == secret.id)
        ).one()
        point = s.scalars(sa.select(KeyPoint.id).where(KeyPoint.meeting_id == secret.id)).one()
    return secret, attendee, point


def secret_point(db: Database, meeting_id: uuid.UUID, seq: int = 2) -> KeyPoint:
    """A 대외비 key point of the (open) meeting."""
    return records.create(
        db,
        KeyPoint,
        {
            "meeting_id": meeting_id,
            "seq": seq,
            "text": "비공개 요점",
            "classification": Classification.RESTRICTED,
        },
    )
