from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db.base import Base, Record
from tracker.db.models.channel import Channel
from tracker.db.models.country import Country
from tracker.db.models.organization import Organization
from tracker.db.models.topic import Topic, event_topics
from tracker.db.types import str_enum
from tracker.domain.enums import EventKind


class Event(Record, Base):
    """A multilateral meeting, forum or conference. Times of its sessions are wall-clock times
    at the venue, in `timezone` (IANA name); `recurrence` is an RRULE for a series.

    A series' exceptions: `excluded_dates` (cancelled occurrences, EXDATE) and `extra_dates`
    (occurrences the rule does not give, RDATE), ISO dates separated by commas; an occurrence
    changed on its own (moved, renamed: RECURRENCE-ID) is an event of its own whose `series_id`
    names the series and `recurrence_date` the day of the occurrence it replaces."""

    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("end_date >= start_date", name="period"),
        sa.Index("ix_events_series_occurrence", "series_id", "recurrence_date", unique=True),
    )

    name_ko: Mapped[str] = mapped_column(sa.String(300), index=True)
    name_en: Mapped[str | None] = mapped_column(sa.String(300))
    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind), default=EventKind.OTHER)
    channel_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("channels.id", ondelete="SET NULL"), index=True
    )
    organizer_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL")
    )
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"), index=True)
    city: Mapped[str | None] = mapped_column(sa.String(100))
    venue: Mapped[str | None] = mapped_column(sa.String(200))
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Asia/Seoul")
    start_date: Mapped[dt.date] = mapped_column(sa.Date, index=True)
    end_date: Mapped[dt.date] = mapped_column(sa.Date)
    recurrence: Mapped[str | None] = mapped_column(sa.String(300))
    excluded_dates: Mapped[str | None] = mapped_column(sa.Text)
    extra_dates: Mapped[str | None] = mapped_column(sa.Text)
    series_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    recurrence_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    website: Mapped[str | None] = mapped_column(sa.String(300))
    summary: Mapped[str | None] = mapped_column(sa.Text)
    notes: Mapped[str | None] = mapped_column(sa.Text)

    channel: Mapped[Channel | None] = relationship()
    organizer: Mapped[Organization | None] = relationship()
    country: Mapped[Country | None] = relationship()
    sessions: Mapped[list[EventSession]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="EventSession.seq"
    )
    topics: Mapped[list[Topic]] = relationship(secondary=event_topics)


class EventSession(Record, Base):
    __tablename__ = "event_sessions"

    event_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(sa.Integer, default=0)
    title_ko: Mapped[str] = mapped_column(sa.String(300))
    title_en: Mapped[str | None] = mapped_column(sa.String(300))
    date: Mapped[dt.date | None] = mapped_column(sa.Date)
    start_time: Mapped[dt.time | None] = mapped_column(sa.Time)
    end_time: Mapped[dt.time | None] = mapped_column(sa.Time)
    members_only: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # e.g. G7-only session
    notes: Mapped[str | None] = mapped_column(sa.Text)

    event: Mapped[Event] = relationship(back_populates="sessions")
