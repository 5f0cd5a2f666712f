"""Saving a trip whole, as the trip editor shows it: the trip row, its destinations, members
and itinerary lines, and the events it went to, in one transaction.

Child rows that come back with their `id` keep it (and so keep whatever refers to them, such
as an itinerary line's traveller); rows that do not come back are deleted; rows without a known
id are created. Nothing is written when any part is invalid.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tracker.db.base import Base
from tracker.db.engine import Database
from tracker.db.models import Event, ItineraryItem, Trip, TripDestination, TripMember
from tracker.db.types import utcnow
from tracker.domain.errors import RowError, ValidationError
from tracker.domain.i18n import pick
from tracker.services import records, trips
from tracker.services.directory import position_on
from tracker.services.reading import strict_read
from tracker.services.row_keys import row_key

# The parts of a trip, as the editor and the error messages name them.
SECTIONS: dict[str, tuple[str, str]] = {
    "destinations": ("출장지", "Destination"),
    "members": ("출장자", "Trip member"),
    "itinerary": ("일정", "Itinerary line"),
}
_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "start_date": ("시작일", "start date"),
    "end_date": ("종료일", "end date"),
    "date": ("일자", "date"),
}


class TripPartError(RowError):
    """A problem in one row of a part of the trip: 'destinations', 'members' or 'itinerary'."""

    def __init__(self, section: str, row: int, cause: ValidationError) -> None:
        super().__init__(SECTIONS.get(section, (section, section)), section, row, cause)


class OutsideTripError(ValidationError):
    """A day (a member's start or end, an itinerary line's date) outside the trip's period."""

    def __init__(self, *, field: str, value: date, start: date, end: date) -> None:
        super().__init__("outside_trip", field=field, value=value, start=start, end=end)

    def message(self, lang: str | None = None) -> str:
        p = self.params
        ko, en = _FIELD_NAMES.get(self.field or "", (self.field or "", self.field or ""))
        return pick(
            f"출장기간({p['start']}~{p['end']}) 밖의 {ko}입니다: {p['value']}",
            f"The {en} {p['value']} is outside the trip period ({p['start']} – {p['end']}).",
            lang,
        )


@contextmanager
def _part(section: str, row: int) -> Iterator[None]:
    """Name the row of the part in which a validation error happened."""
    try:
        yield
    except TripPartError:
        raise
    except ValidationError as exc:
        raise TripPartError(section, row, exc) from exc


def _within(trip: Trip, field: str, day: date | None) -> None:
    if day is not None and not (trip.start_date <= day <= trip.end_date):
        raise OutsideTripError(field=field, value=day, start=trip.start_date, end=trip.end_date)


def _replace(
    session: Session,
    model: type[Base],
    trip: Trip,
    section: str,
    rows: Sequence[Mapping[str, Any]],
    check: Any = None,
) -> tuple[dict[Any, uuid.UUID], list[uuid.UUID], list[Base]]:
    """Update the rows that carry a kept id, create the others, and return: given key -> id,
    the ids in order, and the rows left over (to delete once nothing refers to them)."""
    existing = {o.id: o for o in session.scalars(sa.select(model).where(model.trip_id == trip.id))}  # type: ignore[attr-defined]
    keys: dict[Any, uuid.UUID] = {}
    ids: list[uuid.UUID] = []
    kept: set[uuid.UUID] = set()
    for index, given in enumerate(rows):
        with _part(section, index):
            key = row_key(given.get("id"))
            data = {"seq": index + 1, **{k: v for k, v in given.items() if k != "id"}, "trip_id": trip.id}
            if check is not None:
                data = check(data)
            if key in existing and key not in kept:
                obj = records.update_in(session, model, key, data)
                kept.add(key)
            else:
                obj = records.create_in(session, model, data)
            if key is not None:
                keys[key] = obj.id  # type: ignore[attr-defined]
            ids.append(obj.id)  # type: ignore[attr-defined]
    return keys, ids, [o for k, o in existing.items() if k not in kept]


def save_trip(
    db: Database,
    trip_id: uuid.UUID | None,
    fields: Mapping[str, Any],
    *,
    destinations: Iterable[Mapping[str, Any]] = (),
    members: Iterable[Mapping[str, Any]] = (),
    itinerary: Iterable[Mapping[str, Any]] = (),
    event_ids: Iterable[Any] = (),
    expected_version: int | None = None,
) -> Trip:
    """Create (trip_id None) or update a trip with all its parts, in one transaction.

    An itinerary line's `member_id` names its traveller either by position in `members`
    (an int, from 0) or by id (a kept member's id, or the `id` key a new member was given).
    Members' periods and itinerary dates must lie within the trip's period.
    """
    destinations, members, itinerary = list(destinations), list(members), list(itinerary)
    with records.conflicts_reported(), db.transaction() as s:
        if trip_id is None:
            trip = records.create_in(s, Trip, fields)
        else:
            before = records.load(s, Trip, trip_id).version
            trip = records.update_in(s, Trip, trip_id, fields, expected_version)

        _, _, gone_destinations = _replace(s, TripDestination, trip, "destinations", destinations)

        def check_member(data: dict[str, Any]) -> dict[str, Any]:
            _within(trip, "start_date", data.get("start_date"))
            _within(trip, "end_date", data.get("end_date"))
            return data

        member_keys, member_ids, gone_members = _replace(
            s, TripMember, trip, "members", members, check_member
        )

        def check_line(data: dict[str, Any]) -> dict[str, Any]:
            _within(trip, "date", data.get("date"))
            ref = data.get("member_id")
            if isinstance(ref, int) and not isinstance(ref, bool):
                if not 0 <= ref < len(member_ids):
                    raise ValidationError("bad_value", field="member_id", value=ref)
                data["member_id"] = member_ids[ref]
            elif ref is not None:
                found = member_keys.get(row_key(ref))
                if found is None:
                    raise ValidationError("unknown_record", field="member_id", kind="trip_members", value=ref)
                data["member_id"] = found
            return data

        _, _, gone_lines = _replace(s, ItineraryItem, trip, "itinerary", itinerary, check_line)
        for obj in [*gone_lines, *gone_members, *gone_destinations]:
            s.delete(obj)
        records.set_links(s, trip, "events", Event, [row_key(k) for k in event_ids])
        if trip_id is not None and trip.version == before:
            # A change to any part is a change to the trip: bump its version, so that two
            # people editing the same trip find out, whichever part each of them touched.
            trip.updated_at = utcnow()
            s.flush()
        saved_id = trip.id
    return trips.get_trip(db, saved_id)


# ------------------------------------------------------------------ look-ups for the editor


@dataclass(frozen=True)
class EventChoice:
    """An event as a picker lists it."""

    id: uuid.UUID
    name_ko: str
    name_en: str | None
    start_date: date
    end_date: date
    city: str | None

    def label(self, lang: str | None = None) -> str:
        name = pick(self.name_ko, self.name_en or self.name_ko, lang)
        period = self.start_date.isoformat()
        if self.end_date != self.start_date:
            period += "~" + (
                self.end_date.isoformat()[8:]
                if self.end_date.strftime("%Y-%m") == self.start_date.strftime("%Y-%m")
                else self.end_date.isoformat()
            )
        where = f", {self.city}" if self.city else ""
        return f"{name} ({period}{where})"


def _choice(e: Event) -> EventChoice:
    return EventChoice(e.id, e.name_ko, e.name_en, e.start_date, e.end_date, e.city)


def find_events(
    db: Database,
    text: str = "",
    limit: int = 30,
    *,
    start: date | None = None,
    end: date | None = None,
) -> list[EventChoice]:
    """Events whose name, city or venue contains every word of `text`; with `start`/`end`, only
    those that overlap that period. Latest first."""
    stmt = sa.select(Event).order_by(Event.start_date.desc(), Event.name_ko).limit(limit)
    for word in unicodedata.normalize("NFC", text or "").split():
        like = f"%{word}%"
        stmt = stmt.where(
            sa.or_(
                Event.name_ko.ilike(like),
                Event.name_en.ilike(like),
                Event.city.ilike(like),
                Event.venue.ilike(like),
            )
        )
    if start is not None:
        stmt = stmt.where(Event.end_date >= start)
    if end is not None:
        stmt = stmt.where(Event.start_date <= end)
    with strict_read(db) as s:
        return [_choice(e) for e in s.scalars(stmt)]


def event_choices(db: Database, ids: Iterable[Any]) -> list[EventChoice]:
    """The given events, in the given order (unknown ids are left out)."""
    wanted = [row_key(i) for i in ids]
    with strict_read(db) as s:
        found = {e.id: e for e in s.scalars(sa.select(Event).where(Event.id.in_(wanted)))}
    return [_choice(found[i]) for i in wanted if i in found]


def member_title(db: Database, person_id: Any, on: date | None = None) -> str | None:
    """The title a traveller held on the day the trip starts (their current one otherwise):
    what the 직급 column of the member table shows by default."""
    with strict_read(db) as s:
        pos = None
        if on is not None:
            pos = position_on(s, row_key(person_id), on)
        if pos is None:
            pos = position_on(s, row_key(person_id), date.today())
        return (pos.title_ko or pos.title_en) if pos is not None else None


__all__ = [
    "EventChoice",
    "OutsideTripError",
    "SECTIONS",
    "TripPartError",
    "event_choices",
    "find_events",
    "member_title",
    "save_trip",
]
