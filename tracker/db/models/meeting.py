from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db.base import Base, Record
from tracker.db.models.country import Country
from tracker.db.models.event import Event
from tracker.db.models.organization import Organization
from tracker.db.models.person import Person
from tracker.db.models.topic import Topic, meeting_topics
from tracker.db.types import str_enum
from tracker.domain.enums import Classification, MeetingKind, Side

if TYPE_CHECKING:
    from tracker.db.models.trip import Trip

meeting_organizations = sa.Table(
    "meeting_organizations",
    Base.metadata,
    sa.Column("meeting_id", sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "organization_id", sa.ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Meeting(Record, Base):
    """A bilateral meeting or site visit. `date`, `start_time` and `end_time` are wall-clock
    values at the place of the meeting, in `timezone` (IANA name)."""

    __tablename__ = "meetings"
    # A country's latest meetings, read in order (the country page).
    __table_args__ = (sa.Index("ix_meetings_country_date", "country_code", "date"),)

    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind), default=MeetingKind.BILATERAL)
    title: Mapped[str] = mapped_column(sa.String(300))
    trip_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("trips.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"), index=True)
    seq: Mapped[int] = mapped_column(sa.Integer, default=0)  # 순번 within its trip
    date: Mapped[dt.date] = mapped_column(sa.Date, index=True)
    start_time: Mapped[dt.time | None] = mapped_column(sa.Time)
    end_time: Mapped[dt.time | None] = mapped_column(sa.Time)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Seoul")
    location: Mapped[str | None] = mapped_column(sa.String(300))
    # 면담대상 as the report should write it, when the officer says so; None: built from the
    # country and the organization.
    counterpart_label: Mapped[str | None] = mapped_column(sa.String(300))
    agenda: Mapped[str | None] = mapped_column(sa.Text)
    summary: Mapped[str | None] = mapped_column(sa.Text)  # 개요, one line
    outcome: Mapped[str | None] = mapped_column(sa.Text)
    classification: Mapped[Classification] = mapped_column(
        str_enum(Classification), default=Classification.NONE
    )
    notes: Mapped[str | None] = mapped_column(sa.Text)

    trip: Mapped[Trip | None] = relationship(back_populates="meetings")
    country: Mapped[Country | None] = relationship()
    event: Mapped[Event | None] = relationship()
    organizations: Mapped[list[Organization]] = relationship(secondary=meeting_organizations)
    participants: Mapped[list[MeetingParticipant]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        # our side first, then theirs; each in order of precedence
        order_by=lambda: (
            sa.case((MeetingParticipant.side == Side.US, 0), else_=1),
            MeetingParticipant.seq,
        ),
    )
    key_points: Mapped[list[KeyPoint]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="KeyPoint.seq"
    )
    topics: Mapped[list[Topic]] = relationship(secondary=meeting_topics)


class MeetingParticipant(Record, Base):
    """Someone at the table, with the title they held at that meeting (kept even after
    their position changes). `seq` is the order of precedence within the side."""

    __tablename__ = "meeting_participants"

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    name: Mapped[str | None] = mapped_column(sa.String(200))  # when no person record: '연구원 등'
    side: Mapped[Side] = mapped_column(str_enum(Side, 8))
    title: Mapped[str | None] = mapped_column(sa.String(200))
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL")
    )
    is_head: Mapped[bool] = mapped_column(sa.Boolean, default=False)
    seq: Mapped[int] = mapped_column(sa.Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="participants")
    person: Mapped[Person | None] = relationship()
    organization: Mapped[Organization | None] = relationship()


class KeyPoint(Record, Base):
    """One point of 주요 내용, in order. `party` names who said it where the report groups
    points by party ('한국', '밀라연구소')."""

    __tablename__ = "key_points"

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(sa.Integer, default=0)
    text: Mapped[str] = mapped_column(sa.Text)
    party: Mapped[str | None] = mapped_column(sa.String(120))
    classification: Mapped[Classification] = mapped_column(
        str_enum(Classification), default=Classification.NONE
    )

    meeting: Mapped[Meeting] = relationship(back_populates="key_points")
