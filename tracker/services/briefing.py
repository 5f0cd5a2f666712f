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
masking, contact details), so nothing here formats text.

Counterparts and what is loaded about them live in tracker.services.briefing_counterparts,
the handover in briefing_handover; this module gathers the briefing and finds what the user
named.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Agreement,
    Channel,
    Country,
    Meeting,
    MeetingParticipant,
    Person,
    Position,
    Topic,
    Trip,
    meeting_topics,
)
from tracker.domain.enums import Classification, Side
from tracker.services import records
from tracker.services.briefing_counterparts import (
    ACTION_DETAIL,
    AGREEMENT_DETAIL,
    CHANNEL_DETAIL,
    CHUNK,
    OUR_COUNTRY,
    PERSON_DETAIL,
    Counterpart,
    Party,
    _agreements,
    _channels,
    _countries,
    _load_people,
    _not_restricted,
    _open_actions,
    action_is_restricted,
    held_on,
    party_of_action,
    party_of_org,
    party_of_participant,
)
from tracker.services.briefing_handover import Acquaintance, Handover, PartyLinks, attended_by, handover
from tracker.services.meetings import DETAIL as MEETING_DETAIL
from tracker.services.reading import strict_read
from tracker.services.trips import get_trip

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


__all__ = [
    "ACTION_DETAIL",
    "AGREEMENT_DETAIL",
    "Acquaintance",
    "Briefing",
    "CHANNEL_DETAIL",
    "CHUNK",
    "Counterpart",
    "CounterpartBrief",
    "Handover",
    "OUR_COUNTRY",
    "PERSON_DETAIL",
    "Party",
    "PartyLinks",
    "Profile",
    "TopicMeetings",
    "action_is_restricted",
    "attended_by",
    "counterpart_brief",
    "find_meetings",
    "find_persons",
    "handover",
    "held_on",
    "meeting_briefing",
    "party_of_action",
    "party_of_org",
    "party_of_participant",
    "profile_of",
    "trip_briefing",
]
