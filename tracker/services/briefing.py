"""What a briefing pack (사전 브리핑 자료) and a handover pack (인수인계 자료) are written from.

A briefing is gathered per counterpart: the country and the organizations a meeting is with,
and the officials across the table. For each: the officials' positions over time, our earlier
meetings with that country or organization, the commitments still open in either direction,
the channels and agreements, and other meetings on the meeting's topics.

A handover is gathered per officer: the open commitments they own, the counterparts they met
(people across the table in meetings where the officer was on our side: as a participant, or
as a traveller of the meeting's trip on the day), and the channels and agreements of those
countries and organizations.

Everything returned is loaded eagerly and detached; the writers decide what is shown (대외비
masking, contact details), so nothing here formats text."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute, Session, selectinload

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
    Topic,
    Trip,
    TripMember,
    agreement_parties,
    meeting_organizations,
    meeting_topics,
)
from tracker.domain.enums import Classification, OrgKind, Side
from tracker.services import records
from tracker.services.actions import OPEN_STATUSES
from tracker.services.confidentiality import action_restricted
from tracker.services.meetings import DETAIL as MEETING_DETAIL
from tracker.services.reading import strict_read
from tracker.services.trips import get_trip

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


# ---------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------
# the briefing


@dataclass
class Profile:
    """An official across the table: the title held at the meeting, the position held now,
    and the others, most recent first."""

    participant: MeetingParticipant
    person: Person
    current: Position | None
    previous: list[Position] = field(default_factory=list)


@dataclass
class TopicMeetings:
    topic: Topic
    meetings: list[Meeting] = field(default_factory=list)  # most recent first


@dataclass
class CounterpartBrief:
    meeting: Meeting
    counterpart: Counterpart
    profiles: list[Profile] = field(default_factory=list)
    others: list[MeetingParticipant] = field(default_factory=list)  # theirs without a person record
    history: list[Meeting] = field(default_factory=list)  # earlier meetings, most recent first
    actions: list[Action] = field(default_factory=list)  # open, either direction
    agreements: list[Agreement] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    topics: list[TopicMeetings] = field(default_factory=list)


@dataclass
class Briefing:
    briefs: list[CounterpartBrief]
    on: date  # 'now' for the positions held
    trip: Trip | None = None  # set for the briefing of a whole trip
    countries: dict[str, Country] = field(default_factory=dict)


def _meeting_time(m: Meeting) -> tuple[date, int]:
    t = m.start_time
    return m.date, (t.hour * 60 + t.minute) if t is not None else -1


def _before(m: Meeting) -> sa.ColumnElement[bool]:
    """Meetings earlier than `m`: an earlier day, or earlier the same day where both have times."""
    same_day_earlier: sa.ColumnElement[bool] = sa.false()
    if m.start_time is not None:
        same_day_earlier = sa.and_(
            Meeting.date == m.date, Meeting.start_time.is_not(None), Meeting.start_time < m.start_time
        )
    return sa.or_(Meeting.date < m.date, same_day_earlier)


def profile_of(p: MeetingParticipant, person: Person, on: date) -> Profile:
    current = held_on(person.positions, on)
    previous = [
        pos
        for pos in person.positions
        if pos is not current  # not those taken up later
        and (pos.start_date is None or pos.start_date <= on)
    ]
    previous.sort(
        key=lambda pos: (pos.end_date or pos.start_date or date.min, pos.start_date or date.min), reverse=True
    )
    return Profile(p, person, current, previous)


def counterpart_brief(
    s: Session,
    meeting: Meeting,
    *,
    on: date,
    briefed: Sequence[uuid.UUID] = (),
    history: int = 5,
    topic_meetings: int = 3,
    skip_restricted: bool = False,
) -> CounterpartBrief:
    """Everything about the counterpart of one meeting. `briefed`: the meetings of the same
    briefing, left out of the history (they have their own sections)."""
    cp = Counterpart.of(meeting)
    brief = CounterpartBrief(meeting, cp)
    theirs = sorted(
        (p for p in meeting.participants if p.side == Side.THEM), key=lambda p: (not p.is_head, p.seq)
    )
    people = _load_people(s, (p.person_id for p in theirs if p.person_id is not None))
    seen: set[uuid.UUID] = set()
    for p in theirs:
        if p.person_id is None:
            brief.others.append(p)
        elif p.person_id not in seen and p.person_id in people:
            seen.add(p.person_id)
            brief.profiles.append(profile_of(p, people[p.person_id], on))
    if cp.empty:
        return brief
    excluded = {meeting.id, *briefed}
    visible = [_not_restricted(Meeting.classification)] if skip_restricted else []
    if history > 0:
        brief.history = list(
            s.scalars(
                sa.select(Meeting)
                .where(cp.meetings(), _before(meeting), Meeting.id.not_in(excluded), *visible)
                .order_by(Meeting.date.desc(), Meeting.start_time.desc())
                .limit(history)
                .options(*MEETING_DETAIL)
            )
        )
    brief.actions = _open_actions(s, cp.actions(), skip_restricted)
    brief.agreements = _agreements(
        s, sa.or_(cp.agreements(), Agreement.meeting_id.in_(sa.select(Meeting.id).where(cp.meetings())))
    )
    brief.channels = _channels(s, cp.channels())
    for topic in sorted(meeting.topics, key=lambda t: t.name_ko):
        found: list[Meeting] = []
        if topic_meetings > 0:
            found = list(
                s.scalars(
                    sa.select(Meeting)
                    .where(
                        cp.meetings(),
                        Meeting.id != meeting.id,
                        Meeting.date <= meeting.date,
                        *visible,
                        Meeting.id.in_(
                            sa.select(meeting_topics.c.meeting_id).where(
                                meeting_topics.c.topic_id == topic.id
                            )
                        ),
                    )
                    .order_by(Meeting.date.desc(), Meeting.start_time.desc())
                    .limit(topic_meetings)
                    .options(*MEETING_DETAIL)
                )
            )
        brief.topics.append(TopicMeetings(topic, found))
    return brief


def _countries(s: Session) -> dict[str, Country]:
    return {c.code: c for c in s.scalars(sa.select(Country))}


def meeting_briefing(
    db: Database,
    meeting_id: uuid.UUID,
    *,
    on: date | None = None,
    history: int = 5,
    topic_meetings: int = 3,
    skip_restricted: bool = False,
) -> Briefing:
    on = on or date.today()
    with strict_read(db) as s:
        meeting = records.load(s, Meeting, meeting_id, MEETING_DETAIL)
        brief = counterpart_brief(
            s, meeting, on=on, history=history, topic_meetings=topic_meetings, skip_restricted=skip_restricted
        )
        return Briefing([brief], on, None, _countries(s))


def trip_briefing(
    db: Database,
    trip_id: uuid.UUID,
    *,
    on: date | None = None,
    history: int = 5,
    topic_meetings: int = 3,
    skip_restricted: bool = False,
) -> Briefing:
    """One brief per meeting of the trip, in the trip's order. A restricted meeting is left
    out when `skip_restricted`."""
    on = on or date.today()
    trip = get_trip(db, trip_id)
    with strict_read(db) as s:
        stmt = (
            sa.select(Meeting)
            .where(Meeting.trip_id == trip_id)
            .order_by(Meeting.seq, Meeting.date, Meeting.start_time)
            .options(*MEETING_DETAIL)
        )
        meetings = list(s.scalars(stmt))
        if skip_restricted:
            meetings = [m for m in meetings if m.classification != Classification.RESTRICTED]
        ids = [m.id for m in meetings]
        briefs = [
            counterpart_brief(
                s,
                m,
                on=on,
                briefed=ids,
                history=history,
                topic_meetings=topic_meetings,
                skip_restricted=skip_restricted,
            )
            for m in meetings
        ]
        return Briefing(briefs, on, trip, _countries(s))


# ---------------------------------------------------------------------------------------
# the handover


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


# ---------------------------------------------------------------------------------------
# finding what the user named


def _hex_prefix(text: str) -> bool:
    return len(text) >= 4 and all(c in "0123456789abcdef-" for c in text.lower())


def _by_id(s: Session, model: type, text: str) -> list:  # type: ignore[type-arg]
    try:
        exact = s.get(model, uuid.UUID(text))
    except ValueError:
        exact = None
    if exact is not None:
        return [exact]
    if _hex_prefix(text):
        ids = [i for i in s.scalars(sa.select(model.id)) if str(i).startswith(text.lower())]  # type: ignore[attr-defined]
        if ids:
            return list(s.scalars(sa.select(model).where(model.id.in_(ids))))  # type: ignore[attr-defined]
    return []


def find_meetings(db: Database, words: str) -> list[Meeting]:
    """Meetings whose id starts with `words`, or whose title contains every word; most recent first."""
    words = unicodedata.normalize("NFC", words.strip())
    if not words:
        return []
    with strict_read(db) as s:
        hits = _by_id(s, Meeting, words)
        if hits:
            return hits
        stmt = sa.select(Meeting).order_by(Meeting.date.desc(), Meeting.start_time.desc())
        for word in words.split():
            stmt = stmt.where(Meeting.title.ilike(f"%{word}%"))
        return list(s.scalars(stmt.limit(50).options(selectinload(Meeting.country))))


def find_persons(db: Database, text: str) -> list[Person]:
    """People whose id starts with `text`, or whose name contains it. A name given whole wins
    over names that merely contain it ('김연' is not '김연호')."""
    text = unicodedata.normalize("NFC", text.strip())
    if not text:
        return []
    with strict_read(db) as s:
        hits = _by_id(s, Person, text)
        if hits:
            return hits
        names = (Person.name_ko, Person.name_original, Person.name_latin)
        like = f"%{text}%"
        found = list(
            s.scalars(
                sa.select(Person)
                .where(sa.or_(*(c.ilike(like) for c in names)))
                .order_by(Person.is_staff.desc(), Person.name_ko, Person.name_original)
                .limit(50)
                .options(*PERSON_DETAIL)
            )
        )
    whole = [
        p
        for p in found
        if text.casefold() in {(n or "").casefold() for n in (p.name_ko, p.name_original, p.name_latin)}
    ]
    return whole or found
