"""What the trip editor shows and saves, as plain data: the trip as loaded (`TripDraft`: its
fields, destinations, members, itinerary lines, events and meetings, each with the names its
label is made of), an itinerary line as the editor's table holds it (`ItineraryRow`), and what
goes to `trip_save.save_trip` (`TripPayload`). The editor never holds a database row."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from tracker.db.engine import Database
from tracker.db.models import Trip
from tracker.domain.dates import nights_days
from tracker.domain.enums import ItineraryKind, MeetingKind
from tracker.domain.i18n import pick, plural
from tracker.services import meetings, records, trip_save, trips
from tracker.services.trip_save import EventChoice, TripPartError


@dataclass
class ItineraryRow:
    """One itinerary line as the table holds it; `bad` keeps, per column, text that did not
    parse (shown as typed, in red) with the reason."""

    id: uuid.UUID | None = None
    date: date | None = None
    start_time: time | None = None
    end_time: time | None = None
    end_day_offset: int = 0
    timezone: str | None = None
    end_timezone: str | None = None
    kind: ItineraryKind = ItineraryKind.OTHER
    description: str = ""
    detail: str = ""
    reference: str = ""
    member_key: str | None = None
    meeting_id: uuid.UUID | None = None
    event_id: uuid.UUID | None = None
    bad: dict[int, tuple[str, str]] = field(default_factory=dict)
    added_days: int = 0  # days added to the arrival as typed, because it landed before leaving

    def snapshot(self) -> tuple[Any, ...]:
        return (
            self.id,
            self.date,
            self.start_time,
            self.end_time,
            self.end_day_offset,
            self.timezone,
            self.end_timezone,
            self.kind,
            self.description,
            self.detail,
            self.reference,
            self.member_key,
            self.meeting_id,
            self.event_id,
            tuple(sorted(self.bad.items())),
        )

    def values(self) -> dict[str, Any]:
        """The line as `save_trip` takes it."""
        return {
            "id": self.id,
            "date": self.date,
            "start_time": self.start_time,
            "end_time": self.end_time,
            "end_day_offset": self.end_day_offset,
            "timezone": self.timezone,
            "end_timezone": self.end_timezone,
            "kind": self.kind,
            "description": self.description,
            "detail": self.detail or None,
            "reference": self.reference or None,
            "member_id": self.member_key,
            "meeting_id": self.meeting_id,
            "event_id": self.event_id,
        }


@dataclass(frozen=True)
class DestinationDraft:
    """국가, 도시, 시간대 of one destination, with the country's names for its label."""

    id: uuid.UUID
    country_code: str | None
    city: str | None
    timezone: str | None
    country_ko: str | None = None
    country_en: str | None = None

    def values(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "country_code": self.country_code,
            "city": self.city,
            "timezone": self.timezone,
        }


@dataclass(frozen=True)
class MemberDraft:
    """One traveller with their own period, destination and duties, and the person's names."""

    id: uuid.UUID
    person_id: uuid.UUID | None
    title: str | None = None
    role: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    destination: str | None = None
    duties: str | None = None
    note: str | None = None
    person_ko: str | None = None
    person_original: str | None = None

    def values(self) -> dict[str, Any]:
        """The member as `save_trip` takes it; itinerary lines name it by `str(id)`."""
        return {
            "id": str(self.id),
            "person_id": self.person_id,
            "title": self.title,
            "role": self.role,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "destination": self.destination,
            "duties": self.duties,
            "note": self.note,
        }


@dataclass(frozen=True)
class MeetingLine:
    """A meeting held on the trip, as the editor's 면담 tab lists it (read only)."""

    id: uuid.UUID
    seq: int | None
    date: date
    start_time: time | None
    end_time: time | None
    title: str
    kind: MeetingKind
    country_ko: str | None = None
    country_en: str | None = None


@dataclass(frozen=True)
class TripDraft:
    """A saved trip as the editor shows it."""

    id: uuid.UUID
    version: int
    values: dict[str, Any]  # the trip's own fields, column by column
    destinations: list[DestinationDraft]
    members: list[MemberDraft]
    itinerary: list[ItineraryRow]
    events: list[EventChoice]
    meetings: list[MeetingLine]


@dataclass(frozen=True)
class TripPayload:
    """Everything `save_trip` writes, in the editor's order."""

    fields: Mapping[str, Any]
    destinations: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    itinerary: list[dict[str, Any]] = field(default_factory=list)
    event_ids: list[Any] = field(default_factory=list)


def _itinerary_row(i: Any) -> ItineraryRow:
    return ItineraryRow(
        id=i.id,
        date=i.date,
        start_time=i.start_time,
        end_time=i.end_time,
        end_day_offset=i.end_day_offset or 0,
        timezone=i.timezone,
        end_timezone=i.end_timezone,
        kind=ItineraryKind(i.kind),
        description=i.description or "",
        detail=i.detail or "",
        reference=i.reference or "",
        member_key=str(i.member_id) if i.member_id else None,
        meeting_id=i.meeting_id,
        event_id=i.event_id,
    )


def trip_meetings(db: Database, trip_id: uuid.UUID) -> list[MeetingLine]:
    """The meetings held on the trip, in their order on it."""
    return [
        MeetingLine(
            m.id,
            m.seq,
            m.date,
            m.start_time,
            m.end_time,
            m.title,
            MeetingKind(m.kind),
            m.country.name_ko if m.country else None,
            m.country.name_en if m.country else None,
        )
        for m in meetings.list_meetings(db, trip_id=trip_id)
    ]


def _draft(db: Database, trip: Trip) -> TripDraft:
    return TripDraft(
        id=trip.id,
        version=trip.version,
        values=records.row_of(trip),
        destinations=[
            DestinationDraft(
                d.id,
                d.country_code,
                d.city,
                d.timezone,
                d.country.name_ko if d.country else None,
                d.country.name_en if d.country else None,
            )
            for d in trip.destinations
        ],
        members=[
            MemberDraft(
                m.id,
                m.person_id,
                title=m.title,
                role=m.role,
                start_date=m.start_date,
                end_date=m.end_date,
                destination=m.destination,
                duties=m.duties,
                note=m.note,
                person_ko=m.person.name_ko if m.person else None,
                person_original=m.person.name_original if m.person else None,
            )
            for m in trip.members
        ],
        itinerary=[_itinerary_row(i) for i in trip.itinerary],
        events=[
            EventChoice(e.id, e.name_ko, e.name_en, e.start_date, e.end_date, e.city) for e in trip.events
        ],
        meetings=trip_meetings(db, trip.id),
    )


def trip_draft(db: Database, trip_id: Any) -> TripDraft:
    """The trip as the editor opens it (NotFoundError when it is gone)."""
    return _draft(db, trips.get_trip(db, trip_id))


def unchanged_payload(draft: TripDraft) -> TripPayload:
    """What saving the draft as loaded sends: the same trip, nothing changed."""
    return TripPayload(
        fields=dict(draft.values),
        destinations=[d.values() for d in draft.destinations],
        members=[m.values() for m in draft.members],
        itinerary=[r.values() for r in draft.itinerary],
        event_ids=[str(e.id) for e in draft.events],
    )


def save_trip(
    db: Database, trip_id: uuid.UUID | None, payload: TripPayload, expected_version: int | None
) -> TripDraft:
    """`trip_save.save_trip` (one transaction), handing back what the editor shows next.
    Raises TripPartError naming the row and field of a part, or another DomainError."""
    trip = trip_save.save_trip(
        db,
        trip_id,
        payload.fields,
        destinations=payload.destinations,
        members=payload.members,
        itinerary=payload.itinerary,
        event_ids=payload.event_ids,
        expected_version=expected_version,
    )
    return _draft(db, trip)


def nights_hint(period: tuple[date, date] | None, nights: int | None) -> str:
    """What the nights field shows while empty: the nights the itinerary gives, if it does."""
    if nights is None or period is None:
        return pick("일정에서 계산", "From the itinerary")
    text = nights_days(period[0], period[1], nights)
    days = (period[1] - period[0]).days + 1
    return pick(
        f"일정에서 계산: {text} (고치려면 숫자 입력)",
        f"From the itinerary: {plural(nights, '1 night', f'{nights} nights')}, "
        f"{plural(days, '1 day', f'{days} days')} (type to correct)",
    )


def nights_problem(typed: int | None, period: tuple[date, date] | None) -> str:
    """What is wrong with nights typed over what the itinerary gives ('' when nothing is)."""
    if typed is None or period is None or typed <= (period[1] - period[0]).days:
        return ""
    most = (period[1] - period[0]).days
    return pick(
        f"박 수는 출장 기간보다 길 수 없습니다 (최대 {most}박).",
        f"More nights than the trip has (at most {most}).",
    )


__all__ = [
    "TRIP_LISTS",
    "DestinationDraft",
    "EventChoice",
    "ItineraryRow",
    "MeetingLine",
    "MemberDraft",
    "TripDraft",
    "TripPartError",
    "TripPayload",
    "nights_hint",
    "nights_problem",
    "parts_payload",
    "payload_parts",
    "save_trip",
    "trip_draft",
    "trip_meetings",
    "unchanged_payload",
]


# ------------------------------------------------------------------ merging with a colleague's save

TRIP_LISTS = {
    "destinations": ("방문지", "Destinations"),
    "members": ("출장자", "Travellers"),
    "itinerary": ("일정", "Itinerary"),
    "events": ("행사", "Events"),
}


def payload_parts(payload: TripPayload) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """A payload as the fields and the lists of rows with ids that `form_merge` merges."""
    return dict(payload.fields), {
        "destinations": payload.destinations,
        "members": payload.members,
        "itinerary": payload.itinerary,
        "events": [{"id": str(e)} for e in payload.event_ids],
    }


def parts_payload(fields: Mapping[str, Any], lists: Mapping[str, list[dict[str, Any]]]) -> TripPayload:
    return TripPayload(
        fields,
        destinations=lists["destinations"],
        members=lists["members"],
        itinerary=lists["itinerary"],
        event_ids=[r["id"] for r in lists["events"]],
    )
