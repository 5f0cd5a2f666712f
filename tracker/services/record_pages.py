"""What a record page shows, as plain data: the UI lays it out and never queries.

A country's page on ten years of records holds thousands of meetings and follow-ups; laying
all of them out made the page take most of a second. Each section therefore comes with its
first rows (about one screenful) and its total, and the page asks for more of one section
when the reader wants them (`limits`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Agreement,
    Channel,
    Country,
    Event,
    Meeting,
    MeetingParticipant,
    Organization,
    Person,
    Position,
    Topic,
    Trip,
    TripDestination,
)
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
    Side,
)
from tracker.domain.nights import nights_text
from tracker.services import records
from tracker.services.actions import OPEN_STATUSES, ActionFilter
from tracker.services.directory import organization_path
from tracker.services.meetings import DETAIL as MEETING_DETAIL
from tracker.services.meetings import participant_label
from tracker.services.reading import strict_read
from tracker.services.trips import dossier

FIRST = 10  # rows of each section shown at first: the page opens on a screenful of each

T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    rows: list[T]
    total: int

    @property
    def hidden(self) -> int:
        """How many rows were left out (the page offers them as "more")."""
        return self.total - len(self.rows)


@dataclass(frozen=True)
class ActionRow:
    id: uuid.UUID
    title: str
    due: PrecisionDate | None
    owed_by: OwedBy
    status: ActionStatus
    owner: str


@dataclass(frozen=True)
class DatedLink:
    """A dated record named by a title: a meeting, a trip, an agreement."""

    id: uuid.UUID
    date: date | None
    title: str
    kind: Any = None


@dataclass(frozen=True)
class NamedLink:
    id: Any
    name: str
    kind: Any = None


@dataclass(frozen=True)
class CountryPage:
    code: str
    name_ko: str
    name_en: str
    mark: str | None
    region: str | None
    we_owe: Section[ActionRow]
    they_owe: Section[ActionRow]
    meetings: Section[DatedLink]
    trips: Section[DatedLink]
    channels: Section[NamedLink]
    agreements: Section[DatedLink]
    officials: Section[NamedLink]
    organizations: Section[NamedLink]
    # The tables whose changes can alter the page (the viewer rereads it only for these).
    TABLES: tuple[str, ...] = field(
        default=(
            "countries",
            "actions",
            "meetings",
            "trips",
            "trip_destinations",
            "channels",
            "agreements",
            "persons",
            "organizations",
        ),
        repr=False,
    )


COUNTRY_SECTIONS = (
    "we_owe",
    "they_owe",
    "meetings",
    "trips",
    "channels",
    "agreements",
    "officials",
    "organizations",
)


def _section(s: Session, stmt: sa.Select[Any], limit: int, order: Sequence[Any]) -> tuple[list[Any], int]:
    """The first `limit` rows of `stmt` in `order`, and how many there are in all."""
    rows = list(s.scalars(stmt.order_by(*order).limit(limit)))
    if len(rows) < limit:
        return rows, len(rows)  # all of them: no count needed
    total = s.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery()))
    return rows, int(total or 0)


def _actions(s: Session, code: str, sides: tuple[OwedBy, ...], limit: int) -> Section[ActionRow]:
    stmt = (
        sa.select(Action)
        .where(Action.country_code == code, Action.status.in_(OPEN_STATUSES), Action.owed_by.in_(sides))
        .options(selectinload(Action.owner))
    )
    items, total = _section(s, stmt, limit, (Action.due_date.is_(None), Action.due_date, Action.id))
    rows = [
        ActionRow(a.id, a.title, a.due, a.owed_by, a.status, a.owner.name_ko if a.owner else "")
        for a in items
    ]
    return Section(rows, total)


def country_page(db: Database, code: str, limits: Mapping[str, int] | None = None) -> CountryPage:
    """Everything about our relationship with one country; each section's first rows, or
    `limits[section]` rows of the sections named there (see COUNTRY_SECTIONS)."""
    want = {name: FIRST + max(0, (limits or {}).get(name, 0)) for name in COUNTRY_SECTIONS}
    with strict_read(db) as s:
        c = records.load(s, Country, code)
        meetings, meeting_total = _section(
            s,
            sa.select(Meeting).where(Meeting.country_code == code),
            want["meetings"],
            (Meeting.date.desc(), Meeting.start_time.desc(), Meeting.id),
        )
        visited = sa.select(TripDestination.trip_id).where(TripDestination.country_code == code)
        trips, trip_total = _section(
            s,
            sa.select(Trip).where(Trip.id.in_(visited)),
            want["trips"],
            (Trip.start_date.desc(), Trip.id),
        )
        channels, channel_total = _section(
            s,
            sa.select(Channel).where(Channel.country_code == code),
            want["channels"],
            (Channel.name_ko,),
        )
        agreements, agreement_total = _section(
            s,
            sa.select(Agreement).where(Agreement.country_code == code),
            want["agreements"],
            (Agreement.signed_date.desc(), Agreement.id),
        )
        people, people_total = _section(
            s,
            sa.select(Person).where(Person.country_code == code, Person.is_staff.is_(False)),
            want["officials"],
            (Person.name_ko, Person.id),
        )
        orgs, org_total = _section(
            s,
            sa.select(Organization).where(Organization.country_code == code),
            want["organizations"],
            (Organization.name_ko, Organization.id),
        )
        return CountryPage(
            code=c.code,
            name_ko=c.name_ko,
            name_en=c.name_en,
            mark=c.mark,
            region=c.region,
            we_owe=_actions(s, code, (OwedBy.US, OwedBy.BOTH), want["we_owe"]),
            they_owe=_actions(s, code, (OwedBy.THEM, OwedBy.BOTH), want["they_owe"]),
            meetings=Section([DatedLink(m.id, m.date, m.title) for m in meetings], meeting_total),
            trips=Section([DatedLink(t.id, t.start_date, t.title) for t in trips], trip_total),
            channels=Section(
                [NamedLink(ch.id, ch.name_ko, ChannelKind(ch.kind)) for ch in channels], channel_total
            ),
            agreements=Section(
                [DatedLink(a.id, a.signed_date, a.title_ko, AgreementKind(a.kind)) for a in agreements],
                agreement_total,
            ),
            officials=Section([NamedLink(p.id, p.display_name()) for p in people], people_total),
            organizations=Section([NamedLink(o.id, o.label()) for o in orgs], org_total),
        )


# ------------------------------------------------------------------ the other record pages
# Each page is read in one strict session (a relationship not loaded eagerly raises) and
# handed over as plain values: the screen formats them and never sees a database row.


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


PAGE_ROWS = 200  # a person's or topic's meetings and follow-ups shown at most
STAFF_ROWS = 300  # an organization's people shown at most


def _action_row(a: Action) -> ActionRow:
    return ActionRow(a.id, a.title, a.due, a.owed_by, a.status, (a.owner.name_ko or "") if a.owner else "")


def _listed_actions(s: Session, flt: ActionFilter, limit: int | None = None) -> list[ActionRow]:
    """Follow-ups as the follow-up list has them: soonest due first, undated ones last."""
    stmt = flt.apply(
        sa.select(Action).order_by(Action.due_date.is_(None), Action.due_date, Action.created_at)
    ).options(selectinload(Action.owner))
    if limit:
        stmt = stmt.limit(limit)
    return [_action_row(a) for a in s.scalars(stmt)]


def meeting_page(db: Database, meeting_id: uuid.UUID) -> MeetingPage:
    with strict_read(db) as s:
        m = records.load(s, Meeting, meeting_id, MEETING_DETAIL)

        def side(which: Side) -> list[Attendee]:
            return [Attendee(participant_label(p), p.is_head) for p in m.participants if p.side == which]

        return MeetingPage(
            id=m.id,
            title=m.title,
            kind=m.kind,
            date=m.date,
            start_time=m.start_time,
            end_time=m.end_time,
            timezone=m.timezone,
            location=m.location,
            classification=m.classification,
            our_side=side(Side.US),
            their_side=side(Side.THEM),
            key_points=[KeyPointLine(kp.party, kp.text) for kp in m.key_points],
            outcome=m.outcome,
            actions=_listed_actions(s, ActionFilter(meeting_id=m.id)),
        )


def trip_page(db: Database, trip_id: uuid.UUID) -> TripPage:
    d = dossier(db, trip_id)
    t = d.trip
    return TripPage(
        id=t.id,
        title=t.title,
        destination=t.destination,
        start_date=t.start_date,
        end_date=t.end_date,
        nights=nights_text(t.start_date, t.end_date, t.itinerary, t.nights),
        purpose=t.purpose,
        travellers=[
            Traveller(
                (mb.person.name_ko or "") if mb.person else "",
                mb.title,
                mb.start_date,
                mb.end_date,
                mb.duties,
            )
            for mb in t.members
        ],
        itinerary=[
            ItineraryLine(
                i.date, i.start_time, i.end_time, i.end_day_offset, i.description, i.detail, i.reference
            )
            for i in t.itinerary
        ],
        meetings=[DatedLink(m.id, m.date, m.title) for m in d.meetings],
        actions=[_action_row(a) for a in d.actions],
    )


def person_page(db: Database, person_id: uuid.UUID) -> PersonPage:
    with strict_read(db) as s:
        p = records.load(
            s, Person, person_id, [selectinload(Person.positions).selectinload(Position.organization)]
        )
        attended = sa.select(MeetingParticipant.meeting_id).where(MeetingParticipant.person_id == p.id)
        meetings = s.scalars(
            sa.select(Meeting)
            .where(Meeting.id.in_(attended))
            .order_by(Meeting.date.desc(), Meeting.start_time.desc())
            .limit(PAGE_ROWS)
        )
        owed = s.scalars(
            sa.select(Action)
            .where(Action.counterpart_id == p.id)
            .options(selectinload(Action.owner))
            .limit(PAGE_ROWS)
        )
        return PersonPage(
            id=p.id,
            name=p.display_name(),
            contact=[x for x in (p.email, p.phone, p.mobile) if x],
            positions=[
                PositionLine(
                    pos.title_ko or pos.title_en,
                    pos.organization.name_ko if pos.organization else "",
                    pos.start_date,
                    pos.end_date,
                )
                for pos in p.positions
            ],
            meetings=[DatedLink(m.id, m.date, m.title) for m in meetings],
            owned=_listed_actions(s, ActionFilter(owner_id=p.id), PAGE_ROWS),
            owed=[_action_row(a) for a in owed],
        )


def organization_page(db: Database, org_id: uuid.UUID) -> OrganizationPage:
    path = organization_path(db, org_id)
    org = path[-1]
    with strict_read(db) as s:
        staff = s.scalars(
            sa.select(Person).where(Person.positions.any(organization_id=org.id)).limit(STAFF_ROWS)
        )
        people = [NamedLink(p.id, p.display_name()) for p in staff]
    return OrganizationPage(
        id=org.id,
        label=org.label(),
        path=[o.label() for o in path],
        kind=org.kind,
        name_en=org.name_en,
        name_original=org.name_original,
        people=people,
    )


def action_page(db: Database, action_id: uuid.UUID) -> ActionPage:
    with strict_read(db) as s:
        a = records.load(
            s,
            Action,
            action_id,
            [
                selectinload(Action.owner),
                selectinload(Action.counterpart_org),
                selectinload(Action.meeting),
            ],
        )
        return ActionPage(
            id=a.id,
            title=a.title,
            owed_by=a.owed_by,
            status=a.status,
            due=a.due,
            owner=(a.owner.name_ko or "") if a.owner else "",
            counterpart_org=(a.counterpart_org.name_ko or "") if a.counterpart_org else "",
            meeting=DatedLink(a.meeting.id, a.meeting.date, a.meeting.title) if a.meeting else None,
            completed_on=a.completed_on,
            description=a.description,
        )


def event_page(db: Database, event_id: uuid.UUID) -> EventPage:
    with strict_read(db) as s:
        e = records.load(s, Event, event_id, [selectinload(Event.sessions)])
        return EventPage(
            id=e.id,
            name_ko=e.name_ko,
            name_en=e.name_en,
            kind=e.kind,
            start_date=e.start_date,
            end_date=e.end_date,
            timezone=e.timezone,
            place=" · ".join(x for x in (e.venue, e.city) if x),
            recurrence=e.recurrence,
            sessions=[SessionLine(x.date, x.start_time, x.title_ko) for x in e.sessions],
            summary=e.summary,
        )


def agreement_page(db: Database, agreement_id: uuid.UUID) -> AgreementPage:
    with strict_read(db) as s:
        a = records.load(
            s, Agreement, agreement_id, [selectinload(Agreement.parties), selectinload(Agreement.topics)]
        )
        return AgreementPage(
            id=a.id,
            title_ko=a.title_ko,
            title_en=a.title_en,
            kind=a.kind,
            status=a.status,
            signed=PrecisionDate(a.signed_date, a.signed_precision) if a.signed_date else None,
            signed_place=a.signed_place,
            expires_on=a.expires_on,
            parties=[o.label() for o in a.parties],
            topics=[t.label() for t in a.topics],
            summary=a.summary,
        )


def channel_page(db: Database, channel_id: uuid.UUID) -> ChannelPage:
    with strict_read(db) as s:
        ch = records.load(s, Channel, channel_id)
        held = s.scalars(sa.select(Event).where(Event.channel_id == ch.id).order_by(Event.start_date.desc()))
        return ChannelPage(
            id=ch.id,
            name_ko=ch.name_ko,
            name_en=ch.name_en,
            kind=ch.kind,
            recurrence=ch.recurrence,
            sessions=[DatedLink(e.id, e.start_date, e.name_ko) for e in held],
            notes=ch.notes,
        )


def topic_page(db: Database, topic_id: uuid.UUID) -> TopicPage:
    with strict_read(db) as s:
        t = records.load(s, Topic, topic_id)
        ms = s.scalars(
            sa.select(Meeting)
            .where(Meeting.topics.any(id=t.id))
            .order_by(Meeting.date.desc())
            .limit(PAGE_ROWS)
        )
        return TopicPage(id=t.id, label=t.label(), meetings=[DatedLink(m.id, m.date, m.title) for m in ms])
