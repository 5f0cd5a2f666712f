from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db.base import Base, Record
from tracker.db.models.country import Country
from tracker.db.models.event import Event
from tracker.db.models.person import Person
from tracker.db.types import str_enum
from tracker.domain.enums import Classification, ItineraryKind

if TYPE_CHECKING:
    from tracker.db.models.meeting import Meeting

trip_events = sa.Table(
    "trip_events",
    Base.metadata,
    sa.Column("trip_id", sa.ForeignKey("trips.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("event_id", sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Trip(Record, Base):
    """A delegation trip (출장). `purpose` holds the 출장목적 bullets, one per line;
    `purpose_notes` the footnotes (*, **) that explain them."""

    __tablename__ = "trips"
    __table_args__ = (sa.CheckConstraint("end_date >= start_date", name="period"),)

    title: Mapped[str] = mapped_column(sa.String(300), index=True)
    destination: Mapped[str | None] = mapped_column(sa.String(200))  # 캐나다(몬트리올)
    purpose: Mapped[str | None] = mapped_column(sa.Text)
    purpose_notes: Mapped[str | None] = mapped_column(sa.Text)
    start_date: Mapped[dt.date] = mapped_column(sa.Date, index=True)
    end_date: Mapped[dt.date] = mapped_column(sa.Date)
    report_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    classification: Mapped[Classification] = mapped_column(
        str_enum(Classification), default=Classification.NONE
    )
    notes: Mapped[str | None] = mapped_column(sa.Text)
    # the officer's correction of the nights abroad (박); NULL: computed from the itinerary
    nights: Mapped[int | None] = mapped_column(sa.Integer)

    destinations: Mapped[list[TripDestination]] = relationship(
        back_populates="trip", cascade="all, delete-orphan", order_by="TripDestination.seq"
    )
    members: Mapped[list[TripMember]] = relationship(
        back_populates="trip", cascade="all, delete-orphan", order_by="TripMember.seq"
    )
    itinerary: Mapped[list[ItineraryItem]] = relationship(
        back_populates="trip",
        cascade="all, delete-orphan",
        order_by="(ItineraryItem.date, ItineraryItem.seq, ItineraryItem.start_time)",
    )
    events: Mapped[list[Event]] = relationship(secondary=trip_events)
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="trip", order_by="(Meeting.seq, Meeting.date, Meeting.start_time)"
    )


class TripDestination(Record, Base):
    __tablename__ = "trip_destinations"

    trip_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("trips.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(sa.Integer, default=0)
    country_code: Mapped[str] = mapped_column(sa.ForeignKey("countries.code"), index=True)
    city: Mapped[str | None] = mapped_column(sa.String(100))
    timezone: Mapped[str | None] = mapped_column(sa.String(64))

    trip: Mapped[Trip] = relationship(back_populates="destinations")
    country: Mapped[Country] = relationship()


class TripMember(Record, Base):
    """A traveller with their own period (one may join later or leave earlier), the title
    they held on the trip, and their duties (담당업무)."""

    __tablename__ = "trip_members"
    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="period"),
    )

    trip_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("trips.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    seq: Mapped[int] = mapped_column(sa.Integer, default=0)
    title: Mapped[str | None] = mapped_column(sa.String(120))  # 직급 as held on the trip
    role: Mapped[str | None] = mapped_column(sa.String(120))  # e.g. 총괄, 실무
    start_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    end_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    destination: Mapped[str | None] = mapped_column(sa.String(200))
    duties: Mapped[str | None] = mapped_column(sa.Text)  # lines: 'o ...' and ' - ...'
    note: Mapped[str | None] = mapped_column(sa.Text)  # ※ remarks

    trip: Mapped[Trip] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


class ItineraryItem(Record, Base):
    """One line of the itinerary: wall-clock times at the place (`timezone`, and `end_timezone`
    for the end of a flight); `end_day_offset` = 1 writes '16:50+1' for an arrival the next day."""

    __tablename__ = "itinerary_items"

    trip_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("trips.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(sa.Date, index=True)
    seq: Mapped[int] = mapped_column(sa.Integer, default=0)
    start_time: Mapped[dt.time | None] = mapped_column(sa.Time)
    end_time: Mapped[dt.time | None] = mapped_column(sa.Time)
    end_day_offset: Mapped[int] = mapped_column(sa.Integer, default=0)
    timezone: Mapped[str | None] = mapped_column(sa.String(64))
    # A flight lands in another zone: 09:45 Seoul -> 13:54 Montreal. Empty: same as `timezone`.
    end_timezone: Mapped[str | None] = mapped_column(sa.String(64))
    kind: Mapped[ItineraryKind] = mapped_column(str_enum(ItineraryKind), default=ItineraryKind.OTHER)
    description: Mapped[str] = mapped_column(sa.Text)
    detail: Mapped[str | None] = mapped_column(sa.Text)  # second line, e.g. the route
    reference: Mapped[str | None] = mapped_column(sa.String(200))  # flight numbers: KE035 KE3769
    member_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("trip_members.id", ondelete="SET NULL")
    )  # set when the line concerns one traveller only
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    event_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("events.id", ondelete="SET NULL"))

    trip: Mapped[Trip] = relationship(back_populates="itinerary")
    member: Mapped[TripMember | None] = relationship()
