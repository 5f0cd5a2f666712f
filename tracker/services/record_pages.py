"""What a record page shows, as plain data: the UI lays it out and never queries.

A country's page on ten years of records holds thousands of meetings and follow-ups; laying
all of them out made the page take most of a second. Each section therefore comes with its
first rows (about one screenful) and its total, and the page asks for more of one section
when the reader wants them (`limits`).

The page models are in parts: record_page_rows (the rows pages share), record_page_country
(a country's page, read section by section) and record_page_models (the other pages); this
module reads those other pages and still exports every name it had.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Agreement,
    Channel,
    Event,
    Meeting,
    MeetingParticipant,
    Person,
    Position,
    Topic,
)
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import Side
from tracker.domain.nights import nights_text
from tracker.services import records
from tracker.services.actions import ActionFilter
from tracker.services.directory import organization_path
from tracker.services.meetings import DETAIL as MEETING_DETAIL
from tracker.services.meetings import participant_label
from tracker.services.reading import strict_read
from tracker.services.record_page_country import (
    COUNTRY_SECTIONS,
    FIRST,
    CountryPage,
    _actions,
    _section,
    country_page,
)
from tracker.services.record_page_models import (
    ActionPage,
    AgreementPage,
    Attendee,
    ChannelPage,
    EventPage,
    ItineraryLine,
    KeyPointLine,
    MeetingPage,
    OrganizationPage,
    PersonPage,
    PositionLine,
    SessionLine,
    TopicPage,
    Traveller,
    TripPage,
)
from tracker.services.record_page_rows import ActionRow, DatedLink, NamedLink, Section, T
from tracker.services.trips import dossier

# Each page is read in one strict session (a relationship not loaded eagerly raises) and
# handed over as plain values: the screen formats them and never sees a database row.

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


__all__ = [
    "ActionPage",
    "ActionRow",
    "AgreementPage",
    "Attendee",
    "COUNTRY_SECTIONS",
    "ChannelPage",
    "CountryPage",
    "DatedLink",
    "EventPage",
    "FIRST",
    "ItineraryLine",
    "KeyPointLine",
    "MeetingPage",
    "NamedLink",
    "OrganizationPage",
    "PAGE_ROWS",
    "PersonPage",
    "PositionLine",
    "STAFF_ROWS",
    "Section",
    "SessionLine",
    "T",
    "TopicPage",
    "Traveller",
    "TripPage",
    "_action_row",
    "_actions",
    "_listed_actions",
    "_section",
    "action_page",
    "agreement_page",
    "channel_page",
    "country_page",
    "event_page",
    "meeting_page",
    "organization_page",
    "person_page",
    "topic_page",
    "trip_page",
]
