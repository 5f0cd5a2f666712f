from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db.base import Base, Record
from tracker.db.models.meeting import KeyPoint, Meeting
from tracker.db.models.organization import Organization
from tracker.db.models.person import Person
from tracker.db.models.topic import Topic, action_topics
from tracker.db.types import str_enum
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, DatePrecision, OwedBy, Priority

# The status lists of the partial indexes below, as SQL (the stored enum values). They replace
# an index on (status, due_date), which SQLite preferred and then sorted a whole group per page.
OPEN_WHERE = "status IN ('open', 'in_progress')"
CLOSED_WHERE = "status IN ('done', 'dropped')"


class Action(Record, Base):
    """A follow-up commitment. The due date keeps its precision: `due_date` is the first day,
    `due_precision` says whether the day or only the month/year is known, `due_end` ends a
    range ('26.3.15.~16.)."""

    __tablename__ = "actions"
    __table_args__ = (
        # A country's open follow-ups by due date, and their count (the country page).
        sa.Index("ix_actions_country_status_due", "country_code", "status", "due_date"),
        # The follow-up list reads its groups a page at a time in these orders (keyset pages):
        # open ones by deadline, closed ones by completion date. Partial, so that a page walks
        # only rows of its group; the list writes the same status lists literally to match.
        sa.Index(
            "ix_actions_open_due",
            "due_date",
            "due_precision",  # with due_end: the open groups are counted from the index alone
            "due_end",
            sqlite_where=sa.text(OPEN_WHERE),
            postgresql_where=sa.text(OPEN_WHERE),
        ),
        sa.Index(
            "ix_actions_closed_completed",
            "completed_on",
            sqlite_where=sa.text(CLOSED_WHERE),
            postgresql_where=sa.text(CLOSED_WHERE),
        ),
    )

    title: Mapped[str] = mapped_column(sa.Text)
    description: Mapped[str | None] = mapped_column(sa.Text)
    owed_by: Mapped[OwedBy] = mapped_column(str_enum(OwedBy, 8), default=OwedBy.US)
    owner_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    counterpart_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    counterpart_org_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organizations.id"), index=True
    )
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"), index=True)
    due_date: Mapped[dt.date | None] = mapped_column(sa.Date, index=True)
    due_precision: Mapped[DatePrecision] = mapped_column(
        str_enum(DatePrecision, 8), default=DatePrecision.DAY
    )
    due_end: Mapped[dt.date | None] = mapped_column(sa.Date)
    status: Mapped[ActionStatus] = mapped_column(str_enum(ActionStatus, 16), default=ActionStatus.OPEN)
    priority: Mapped[Priority] = mapped_column(str_enum(Priority, 8), default=Priority.NORMAL)
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    key_point_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("key_points.id", ondelete="SET NULL"), index=True
    )
    trip_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("trips.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="SET NULL"), index=True
    )
    completed_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    completion_note: Mapped[str | None] = mapped_column(sa.Text)
    notes: Mapped[str | None] = mapped_column(sa.Text)

    owner: Mapped[Person | None] = relationship(foreign_keys=[owner_id])
    counterpart: Mapped[Person | None] = relationship(foreign_keys=[counterpart_id])
    counterpart_org: Mapped[Organization | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    key_point: Mapped[KeyPoint | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=action_topics)

    @property
    def due(self) -> PrecisionDate | None:
        if self.due_date is None:
            return None
        return PrecisionDate(self.due_date, self.due_precision, self.due_end)
