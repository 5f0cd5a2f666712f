"""What a handover pack (인수인계 자료) is written from: the open commitments an officer owns,
the counterparts they met, and the channels and agreements of those countries and
organizations.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Agreement,
    Channel,
    Country,
    Meeting,
    MeetingParticipant,
    Organization,
    Person,
    Position,
    Trip,
    TripMember,
)
from tracker.domain.enums import Side
from tracker.services import records
from tracker.services.briefing_counterparts import (
    OUR_COUNTRY,
    PERSON_DETAIL,
    Counterpart,
    Party,
    _agreements,
    _channels,
    _countries,
    _latest_meetings,
    _load_people,
    _not_restricted,
    _open_actions,
    held_on,
    party_of_action,
    party_of_participant,
)
from tracker.services.meetings import DETAIL as MEETING_DETAIL
from tracker.services.reading import strict_read


@dataclass
class Acquaintance:
    """A counterpart the officer met: the position held now, the meetings with the officer,
    and the latest meeting with us at all (it may be one the officer did not attend)."""

    person: Person
    party: Party
    current: Position | None
    title: str  # the title at the latest meeting with the officer
    met: list[Meeting] = field(default_factory=list)  # with the officer, most recent first
    latest: Meeting | None = None


@dataclass
class PartyLinks:
    channels: list[Channel] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)


@dataclass
class Handover:
    officer: Person
    position: Position | None
    on: date
    actions: list[tuple[Party, Action]] = field(default_factory=list)
    acquaintances: list[Acquaintance] = field(default_factory=list)
    links: dict[Party, PartyLinks] = field(default_factory=dict)
    organizations: dict[uuid.UUID, Organization] = field(default_factory=dict)  # the parties' organizations
    countries: dict[str, Country] = field(default_factory=dict)


def attended_by(person_id: uuid.UUID) -> sa.ColumnElement[bool]:
    """Meetings where the person was on our side: at the table, or travelling with the
    delegation of the meeting's trip that day."""
    at_table = Meeting.id.in_(
        sa.select(MeetingParticipant.meeting_id).where(
            MeetingParticipant.person_id == person_id, MeetingParticipant.side == Side.US
        )
    )
    travelling = sa.exists(
        sa.select(TripMember.id)
        .join(Trip, Trip.id == TripMember.trip_id)
        .where(
            TripMember.trip_id == Meeting.trip_id,
            TripMember.person_id == person_id,
            Meeting.date >= sa.func.coalesce(TripMember.start_date, Trip.start_date),
            Meeting.date <= sa.func.coalesce(TripMember.end_date, Trip.end_date),
        )
    )
    return sa.or_(at_table, travelling)


def handover(
    db: Database, person_id: uuid.UUID, *, on: date | None = None, skip_restricted: bool = False
) -> Handover:
    on = on or date.today()
    with strict_read(db) as s:
        officer = records.load(s, Person, person_id, PERSON_DETAIL)
        result = Handover(officer, held_on(officer.positions, on), on, countries=_countries(s))

        actions = _open_actions(s, Action.owner_id == person_id, skip_restricted)
        result.actions = [(party_of_action(a), a) for a in actions]

        visible = [_not_restricted(Meeting.classification)] if skip_restricted else []
        met = list(
            s.scalars(
                sa.select(Meeting)
                .where(attended_by(person_id), *visible)
                .order_by(Meeting.date.desc(), Meeting.start_time.desc())
                .options(*MEETING_DETAIL)
            )
        )
        order: dict[uuid.UUID, Acquaintance] = {}
        seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
        for m in met:
            for p in m.participants:
                if p.side != Side.THEM or p.person_id is None or p.person_id == person_id:
                    continue
                known = order.get(p.person_id)
                if known is None:
                    title = (p.title or "").strip()
                    known = Acquaintance(p.person, party_of_participant(p, m), None, title)  # type: ignore[arg-type]
                    order[p.person_id] = known
                if (p.person_id, m.id) not in seen:
                    seen.add((p.person_id, m.id))
                    known.met.append(m)
        people = _load_people(s, order)
        latest = _latest_meetings(s, list(order), visible)
        for pid, known in order.items():
            known.person = people.get(pid, known.person)
            known.current = held_on(known.person.positions, on)
            known.latest = latest.get(pid)
        result.acquaintances = list(order.values())

        parties = list(
            dict.fromkeys([p for p, _ in result.actions] + [k.party for k in result.acquaintances])
        )
        for party in parties:
            if party == Party():
                continue
            cp = Counterpart(
                party.country_code if party.country_code != OUR_COUNTRY else None,
                frozenset([party.organization_id]) if party.organization_id else frozenset(),
                frozenset(),
            )
            if party.country_code == OUR_COUNTRY:  # domestic: the channels and agreements filed under KR
                links = PartyLinks(
                    _channels(s, Channel.country_code == OUR_COUNTRY),
                    _agreements(s, Agreement.country_code == OUR_COUNTRY),
                )
            else:
                links = PartyLinks(_channels(s, cp.channels()), _agreements(s, cp.agreements()))
            result.links[party] = links
        org_ids = [p.organization_id for p in parties if p.organization_id is not None]
        if org_ids:
            result.organizations = {
                o.id: o for o in s.scalars(sa.select(Organization).where(Organization.id.in_(org_ids)))
            }
        return result
