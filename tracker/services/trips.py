"""Trips: members with their own periods, destinations, itinerary, and everything a trip
report needs in one load."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Event,
    ItineraryItem,
    Meeting,
    Trip,
    TripDestination,
    TripMember,
)
from tracker.domain.errors import NotFoundError, ValidationError
from tracker.services import records
from tracker.services.meetings import DETAIL as MEETING_DETAIL
from tracker.services.reading import strict_read


def create_trip(
    db: Database,
    data: Mapping[str, Any],
    *,
    destinations: Iterable[Mapping[str, Any]] = (),
    members: Iterable[Mapping[str, Any]] = (),
    itinerary: Iterable[Mapping[str, Any]] = (),
    event_ids: Iterable[uuid.UUID] = (),
) -> Trip:
    """Create a trip whole. A member's period must lie within the trip's."""
    with db.transaction() as s:
        trip = records.create_in(s, Trip, data)
        for seq, d in enumerate(destinations, start=1):
            records.create_in(s, TripDestination, {"seq": seq, **d, "trip_id": trip.id})
        for seq, m in enumerate(members, start=1):
            _check_member_period(trip, m)
            records.create_in(s, TripMember, {"seq": seq, **m, "trip_id": trip.id})
        for seq, item in enumerate(itinerary, start=1):
            records.create_in(s, ItineraryItem, {"seq": seq, **item, "trip_id": trip.id})
        records.set_links(s, trip, "events", Event, event_ids)
        trip_id = trip.id
    return get_trip(db, trip_id)


def _check_member_period(trip: Trip, member: Mapping[str, Any]) -> None:
    for key in ("start_date", "end_date"):
        day = member.get(key)
        if day is not None and not (trip.start_date <= day <= trip.end_date):
            raise ValidationError("bad_value", field=key, value=day)


def get_trip(db: Database, trip_id: uuid.UUID) -> Trip:
    return records.get(
        db,
        Trip,
        trip_id,
        [
            selectinload(Trip.destinations).selectinload(TripDestination.country),
            selectinload(Trip.members).selectinload(TripMember.person),
            selectinload(Trip.itinerary).selectinload(ItineraryItem.member),
            selectinload(Trip.events).selectinload(Event.sessions),
        ],
    )


@dataclass
class TripDossier:
    """A trip with its meetings and follow-ups: what a trip report is written from."""

    trip: Trip
    meetings: list[Meeting] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def dossier(db: Database, trip_id: uuid.UUID) -> TripDossier:
    trip = get_trip(db, trip_id)
    with strict_read(db) as s:
        meetings = list(
            s.scalars(
                sa.select(Meeting)
                .where(Meeting.trip_id == trip_id)
                .order_by(Meeting.seq, Meeting.date, Meeting.start_time)
                .options(*MEETING_DETAIL)
            )
        )
        meeting_ids = [m.id for m in meetings]
        actions = list(
            s.scalars(
                sa.select(Action)
                .where(sa.or_(Action.trip_id == trip_id, Action.meeting_id.in_(meeting_ids)))
                .order_by(Action.due_date.is_(None), Action.due_date, Action.created_at)
                .options(
                    selectinload(Action.owner),
                    selectinload(Action.counterpart_org),
                    selectinload(Action.meeting),
                )
            )
        )
    return TripDossier(trip, meetings, actions)


def find_trips(db: Database, words: str) -> list[Trip]:
    """Trips whose id starts with `words`, or whose title contains every word."""
    words = words.strip()
    with strict_read(db) as s:
        try:
            exact = s.get(Trip, uuid.UUID(words))
        except ValueError:
            exact = None
        if exact is not None:
            return [exact]
        if len(words) >= 4 and all(c in "0123456789abcdef-" for c in words.lower()):
            ids = [i for i in s.scalars(sa.select(Trip.id)) if str(i).startswith(words.lower())]
            if ids:
                return list(s.scalars(sa.select(Trip).where(Trip.id.in_(ids))))
        stmt = sa.select(Trip).order_by(Trip.start_date.desc())
        for word in words.split():
            stmt = stmt.where(Trip.title.ilike(f"%{word}%"))
        return list(s.scalars(stmt.limit(50)))


def resolve_trip(db: Database, words: str) -> Trip:
    """Exactly one trip, or an error that lists the candidates."""
    hits = find_trips(db, words)
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFoundError("trips", words)
    listing = "; ".join(f"{t.id} {t.start_date} {t.title}" for t in hits[:10])
    raise ValidationError("bad_value", field="trip", value=f"{words!r} → {listing}")


def upcoming_trips(db: Database, today: date, days: int = 60) -> list[Trip]:
    """Trips under way or starting within `days`, soonest first."""
    with strict_read(db) as s:
        return list(
            s.scalars(
                sa.select(Trip)
                .where(Trip.end_date >= today, Trip.start_date <= today + timedelta(days=days))
                .order_by(Trip.start_date)
                .limit(20)
            )
        )
