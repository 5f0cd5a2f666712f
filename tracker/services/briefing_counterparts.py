"""Whom a record concerns, for the briefing and handover packs: a counterpart (a country, an
organization, the officials across the table) and what is loaded about it — people with
their positions, earlier meetings, open follow-ups, agreements and channels.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute, Session, selectinload

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
    agreement_parties,
    meeting_organizations,
)
from tracker.domain.enums import Classification, OrgKind, Side
from tracker.services.actions import OPEN_STATUSES
from tracker.services.confidentiality import action_restricted
from tracker.services.meetings import DETAIL as MEETING_DETAIL

OUR_COUNTRY = "KR"

PERSON_DETAIL = (selectinload(Person.positions).selectinload(Position.organization),)
ACTION_DETAIL = (
    selectinload(Action.owner).selectinload(Person.positions),
    selectinload(Action.counterpart),
    selectinload(Action.counterpart_org),
    selectinload(Action.key_point),
    selectinload(Action.meeting).selectinload(Meeting.organizations),
)
AGREEMENT_DETAIL = (selectinload(Agreement.parties), selectinload(Agreement.country))
CHANNEL_DETAIL = (
    selectinload(Channel.organization),
    selectinload(Channel.our_organization),
    selectinload(Channel.country),
)


# whom a record concerns


@dataclass(frozen=True)
class Party:
    """A country, or an international organization (which has none). Both empty: unknown."""

    country_code: str | None = None
    organization_id: uuid.UUID | None = None


def party_of_org(org: Organization | None, fallback_country: str | None = None) -> Party:
    if org is not None and org.kind == OrgKind.INTERNATIONAL and not org.country_code:
        return Party(organization_id=org.id)
    code = (org.country_code if org is not None else None) or fallback_country
    return Party(country_code=code) if code else Party()


def party_of_action(a: Action) -> Party:
    if a.country_code:
        return Party(country_code=a.country_code)
    if a.counterpart_org is not None:
        party = party_of_org(a.counterpart_org)
        if party != Party():
            return party
    m = a.meeting
    if m is not None:
        if m.country_code:
            return Party(country_code=m.country_code)
        for org in m.organizations:
            party = party_of_org(org)
            if party != Party():
                return party
    if a.counterpart is not None and a.counterpart.country_code:
        return Party(country_code=a.counterpart.country_code)
    return Party()


def party_of_participant(p: MeetingParticipant, meeting: Meeting) -> Party:
    person_country = p.person.country_code if p.person is not None else None
    return party_of_org(p.organization, person_country or meeting.country_code)


@dataclass(frozen=True)
class Counterpart:
    """Whom a meeting is with: its country (unless it is ours), its organizations and those
    of the officials across the table, and those officials."""

    country_code: str | None
    organization_ids: frozenset[uuid.UUID]
    person_ids: frozenset[uuid.UUID]

    @classmethod
    def of(cls, meeting: Meeting) -> Counterpart:
        theirs = [p for p in meeting.participants if p.side == Side.THEM]
        orgs = {o.id for o in meeting.organizations if o.country_code != OUR_COUNTRY}
        orgs |= {
            p.organization_id
            for p in theirs
            if p.organization_id is not None
            and (p.organization is None or p.organization.country_code != OUR_COUNTRY)
        }
        country = meeting.country_code if meeting.country_code != OUR_COUNTRY else None
        return cls(
            country, frozenset(orgs), frozenset(p.person_id for p in theirs if p.person_id is not None)
        )

    @property
    def empty(self) -> bool:
        return not (self.country_code or self.organization_ids or self.person_ids)

    def meetings(self) -> sa.ColumnElement[bool]:
        """The meetings with this counterpart."""
        conds: list[sa.ColumnElement[bool]] = []
        if self.country_code:
            conds.append(Meeting.country_code == self.country_code)
        if self.organization_ids:
            ids = list(self.organization_ids)
            conds.append(
                Meeting.id.in_(
                    sa.select(meeting_organizations.c.meeting_id).where(
                        meeting_organizations.c.organization_id.in_(ids)
                    )
                )
            )
            conds.append(
                Meeting.id.in_(
                    sa.select(MeetingParticipant.meeting_id).where(
                        MeetingParticipant.side == Side.THEM, MeetingParticipant.organization_id.in_(ids)
                    )
                )
            )
        if self.person_ids:
            conds.append(
                Meeting.id.in_(
                    sa.select(MeetingParticipant.meeting_id).where(
                        MeetingParticipant.side == Side.THEM,
                        MeetingParticipant.person_id.in_(list(self.person_ids)),
                    )
                )
            )
        return sa.or_(*conds) if conds else sa.false()

    def actions(self) -> sa.ColumnElement[bool]:
        conds: list[sa.ColumnElement[bool]] = []
        if self.country_code:
            conds.append(Action.country_code == self.country_code)
        if self.organization_ids:
            conds.append(Action.counterpart_org_id.in_(list(self.organization_ids)))
        if self.person_ids:
            conds.append(Action.counterpart_id.in_(list(self.person_ids)))
        if not self.empty:
            conds.append(Action.meeting_id.in_(sa.select(Meeting.id).where(self.meetings())))
        return sa.or_(*conds) if conds else sa.false()

    def agreements(self) -> sa.ColumnElement[bool]:
        conds: list[sa.ColumnElement[bool]] = []
        if self.country_code:
            conds.append(Agreement.country_code == self.country_code)
        if self.organization_ids:
            conds.append(
                Agreement.id.in_(
                    sa.select(agreement_parties.c.agreement_id).where(
                        agreement_parties.c.organization_id.in_(list(self.organization_ids))
                    )
                )
            )
        return sa.or_(*conds) if conds else sa.false()

    def channels(self) -> sa.ColumnElement[bool]:
        conds: list[sa.ColumnElement[bool]] = []
        if self.country_code:
            conds.append(Channel.country_code == self.country_code)
        if self.organization_ids:
            conds.append(Channel.organization_id.in_(list(self.organization_ids)))
        return sa.or_(*conds) if conds else sa.false()


def _not_restricted(
    column: sa.ColumnElement[Classification] | QueryableAttribute[Classification],
) -> sa.ColumnElement[bool]:
    return column != Classification.RESTRICTED


def _open_actions(s: Session, where: sa.ColumnElement[bool], skip_restricted: bool) -> list[Action]:
    stmt = (
        sa.select(Action)
        .where(Action.status.in_(OPEN_STATUSES), where)
        .order_by(Action.due_date.is_(None), Action.due_date, Action.created_at)
        .options(*ACTION_DETAIL)
    )
    actions = list(s.scalars(stmt))
    if skip_restricted:
        actions = [a for a in actions if not action_is_restricted(a)]
    return actions


action_is_restricted = action_restricted  # the rule of tracker.services.confidentiality


CHUNK = 500  # ids per IN (...), well below every database's limit on bound parameters


def _chunks(ids: Sequence[uuid.UUID]) -> Iterable[Sequence[uuid.UUID]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _load_people(s: Session, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Person]:
    wanted = list(dict.fromkeys(ids))
    out: dict[uuid.UUID, Person] = {}
    for chunk in _chunks(wanted):
        out.update(
            (p.id, p)
            for p in s.scalars(sa.select(Person).where(Person.id.in_(chunk)).options(*PERSON_DETAIL))
        )
    return out


def held_on(positions: Sequence[Position], on: date) -> Position | None:
    """The position held on a day, the most senior where several were: what
    `directory.position_on` answers, over positions already loaded."""
    current = sorted(
        (p for p in positions if p.is_current(on)), key=lambda p: p.start_date or date.min, reverse=True
    )
    return min(current, key=lambda p: p.rank.precedence) if current else None


def _latest_meetings(
    s: Session, person_ids: Sequence[uuid.UUID], visible: Sequence[sa.ColumnElement[bool]]
) -> dict[uuid.UUID, Meeting]:
    """Each person's most recent meeting with us (either side), in two queries per chunk."""
    best: dict[uuid.UUID, tuple[tuple[date, bool, time], uuid.UUID]] = {}
    for chunk in _chunks(person_ids):
        rows = s.execute(
            sa.select(MeetingParticipant.person_id, Meeting.id, Meeting.date, Meeting.start_time)
            .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
            .where(MeetingParticipant.person_id.in_(chunk), *visible)
        )
        for pid, mid, day, at in rows:
            if pid is None:  # not a row of the chunk's people (never: the query asks for them)
                continue
            key = (day, at is not None, at or time.min)
            if pid not in best or key > best[pid][0]:
                best[pid] = (key, mid)
    wanted = list(dict.fromkeys(mid for _, mid in best.values()))
    meetings: dict[uuid.UUID, Meeting] = {}
    for chunk in _chunks(wanted):
        meetings.update(
            (m.id, m)
            for m in s.scalars(sa.select(Meeting).where(Meeting.id.in_(chunk)).options(*MEETING_DETAIL))
        )
    return {pid: meetings[mid] for pid, (_, mid) in best.items() if mid in meetings}


def _agreements(s: Session, where: sa.ColumnElement[bool]) -> list[Agreement]:
    return list(
        s.scalars(
            sa.select(Agreement)
            .where(where)
            .order_by(Agreement.signed_date.is_(None), Agreement.signed_date.desc(), Agreement.title_ko)
            .options(*AGREEMENT_DETAIL)
        )
    )


def _channels(s: Session, where: sa.ColumnElement[bool]) -> list[Channel]:
    return list(s.scalars(sa.select(Channel).where(where).order_by(Channel.name_ko).options(*CHANNEL_DETAIL)))


def _countries(s: Session) -> dict[str, Country]:
    return {c.code: c for c in s.scalars(sa.select(Country))}
