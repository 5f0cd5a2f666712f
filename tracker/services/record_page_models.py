"""What the record pages other than a country's show, as plain data: meetings, trips,
people, organizations, follow-ups, events, agreements, channels and topics (read by
tracker.services.record_pages)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, time

from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import (
    ActionStatus,
    AgreementKind,
    AgreementStatus,
    ChannelKind,
    Classification,
    EventKind,
    MeetingKind,
    OrgKind,
    OwedBy,
)
from tracker.services.record_page_rows import ActionRow, DatedLink, NamedLink


@dataclass(frozen=True)
class Attendee:
    label: str  # '카르스텐 빌트베르거 (Karsten Wildberger) 장관'
    is_head: bool


@dataclass(frozen=True)
class KeyPointLine:
    party: str | None
    text: str


@dataclass(frozen=True)
class MeetingPage:
    id: uuid.UUID
    title: str
    kind: MeetingKind
    date: date
    start_time: time | None
    end_time: time | None
    timezone: str
    location: str | None
    classification: Classification
    our_side: list[Attendee]
    their_side: list[Attendee]
    key_points: list[KeyPointLine]
    outcome: str | None
    actions: list[ActionRow]


@dataclass(frozen=True)
class Traveller:
    name: str
    title: str | None
    start_date: date | None
    end_date: date | None
    duties: str | None


@dataclass(frozen=True)
class ItineraryLine:
    date: date
    start_time: time | None
    end_time: time | None
    end_day_offset: int
    description: str
    detail: str | None
    reference: str | None


@dataclass(frozen=True)
class TripPage:
    id: uuid.UUID
    title: str
    destination: str | None
    start_date: date
    end_date: date
    nights: str  # '4박 6일', by the trip page's rule with the officer's correction
    purpose: str | None
    travellers: list[Traveller]
    itinerary: list[ItineraryLine]
    meetings: list[DatedLink]
    actions: list[ActionRow]


@dataclass(frozen=True)
class PositionLine:
    title: str | None
    organization: str
    start_date: date | None
    end_date: date | None


@dataclass(frozen=True)
class PersonPage:
    id: uuid.UUID
    name: str
    contact: list[str]  # e-mail, phone, mobile: those given
    positions: list[PositionLine]
    meetings: list[DatedLink]
    owned: list[ActionRow]
    owed: list[ActionRow]  # follow-ups where this person is the counterpart


@dataclass(frozen=True)
class OrganizationPage:
    id: uuid.UUID
    label: str
    path: list[str]  # the organization and its parents, outermost first
    kind: OrgKind
    name_en: str | None
    name_original: str | None
    people: list[NamedLink]


@dataclass(frozen=True)
class ActionPage:
    id: uuid.UUID
    title: str
    owed_by: OwedBy
    status: ActionStatus
    due: PrecisionDate | None
    owner: str
    counterpart_org: str
    meeting: DatedLink | None
    completed_on: date | None
    description: str | None


@dataclass(frozen=True)
class SessionLine:
    date: date | None
    start_time: time | None
    title: str


@dataclass(frozen=True)
class EventPage:
    id: uuid.UUID
    name_ko: str
    name_en: str | None
    kind: EventKind
    start_date: date
    end_date: date
    timezone: str
    place: str  # venue · city
    recurrence: str | None
    sessions: list[SessionLine]
    summary: str | None


@dataclass(frozen=True)
class AgreementPage:
    id: uuid.UUID
    title_ko: str
    title_en: str | None
    kind: AgreementKind
    status: AgreementStatus
    signed: PrecisionDate | None
    signed_place: str | None
    expires_on: date | None
    parties: list[str]
    topics: list[str]
    summary: str | None


@dataclass(frozen=True)
class ChannelPage:
    id: uuid.UUID
    name_ko: str
    name_en: str | None
    kind: ChannelKind
    recurrence: str | None
    sessions: list[DatedLink]  # the events held in the channel, latest first
    notes: str | None


@dataclass(frozen=True)
class TopicPage:
    id: uuid.UUID
    label: str
    meetings: list[DatedLink]
