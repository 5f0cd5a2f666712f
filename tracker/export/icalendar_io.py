"""iCalendar (.ics, RFC 5545) out and in.

Out: meetings as timed VEVENTs in the meeting's own zone (DTSTART;TZID=America/Toronto, with
the VTIMEZONE written by `icalendar`), events as all-day spans or, when a one-day event's
sessions give times, timed, with their RRULE rebuilt through `vRecur` (UNTIL in UTC with `Z`
for a timed series, a DATE for an all-day one); trips as all-day spans; itinerary lines if
asked; follow-ups as VTODOs whose DUE is a DATE — a deadline known only to the month is
written as the month's last day and says so in DESCRIPTION (and in X-TRACKER-DUE). Every UID
is the record's id + "@tracker", so a calendar that imports the file twice updates instead of
duplicating, and so does this module.

A series goes out with its cancelled dates (EXDATE) and extra dates (RDATE), each at the
series' hour for a timed series, and each occurrence changed on its own as a VEVENT with the
series' UID and a RECURRENCE-ID naming the occurrence it replaces; they come back in the same
way (a RECURRENCE-ID with STATUS:CANCELLED, as Google writes some, is a cancelled date), a
changed occurrence before its series in the file included.

In: `preview_ics` reads a file (ours, Outlook's, Google's) and says what would happen —
new meetings and events, updates of records it already knows, likely duplicates — without
writing; `commit_ics` then applies it in one transaction. A file that cannot be read whole
(not iCalendar, an event without DTSTART, a time zone nobody knows) is refused with a message
in the user's language, and the database is not touched.

Foreign UIDs are kept in the record's notes as a line "UID: ..." until events and meetings
get an `ical_uid` column (see the note in the hand-over).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from icalendar import Calendar, Component, vRecur
from icalendar import Event as VEvent
from icalendar import Todo as VTodo
from sqlalchemy.orm import selectinload

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Country,
    Event,
    EventSession,
    ItineraryItem,
    Meeting,
    Organization,
    Person,
    Trip,
    TripDestination,
)
from tracker.domain.dates import PrecisionDate, zone
from tracker.domain.enums import (
    ActionStatus,
    DatePrecision,
    EventKind,
    MeetingKind,
    Priority,
)
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import pick
from tracker.domain.labels import label
from tracker.domain.recurrence import format_dates, parse_dates, validate_rrule
from tracker.export.atomic import atomic_write
from tracker.export.ics_zones import iana_for_definition
from tracker.export.interchange import ImportRejected
from tracker.services import records
from tracker.services.confidentiality import (
    MASK,
    Restricted,
    action_restricted_sql,
    is_restricted,
    itinerary_restricted_sql,
    shown,
)
from tracker.services.validation import check_row, normalise

PRODID = "-//tracker//International cooperation records//KO"
UID_SUFFIX = "@tracker"
KINDS = ("meetings", "events", "trips", "actions")
ALL_KINDS = (*KINDS, "itinerary")
DEFAULT_ZONE = "Asia/Seoul"
MAX_PROBLEMS = 20

STATUS_OUT = {
    ActionStatus.OPEN: "NEEDS-ACTION",
    ActionStatus.IN_PROGRESS: "IN-PROCESS",
    ActionStatus.DONE: "COMPLETED",
    ActionStatus.DROPPED: "CANCELLED",
}
PRIORITY_OUT = {Priority.HIGH: 1, Priority.NORMAL: 5, Priority.LOW: 9}  # RFC 5545 3.8.1.9

# Windows zone names Outlook and Exchange write as TZID, for when icalendar's own table
# (from CLDR) is not there; it is tried first.
WINDOWS_ZONES = {
    "Korea Standard Time": "Asia/Seoul",
    "Tokyo Standard Time": "Asia/Tokyo",
    "China Standard Time": "Asia/Shanghai",
    "Taipei Standard Time": "Asia/Taipei",
    "Singapore Standard Time": "Asia/Singapore",
    "India Standard Time": "Asia/Kolkata",
    "SE Asia Standard Time": "Asia/Bangkok",
    "Arabian Standard Time": "Asia/Dubai",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "New Zealand Standard Time": "Pacific/Auckland",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "E. Europe Standard Time": "Europe/Chisinau",
    "FLE Standard Time": "Europe/Kiev",
    "Russian Standard Time": "Europe/Moscow",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "Pacific Standard Time": "America/Los_Angeles",
    "Atlantic Standard Time": "America/Halifax",
    "SA Pacific Standard Time": "America/Bogota",
    "E. South America Standard Time": "America/Sao_Paulo",
    "UTC": "UTC",
}


# ---------------------------------------------------------------- identifiers


def uid_of(record_id: uuid.UUID | str) -> str:
    return f"{record_id}{UID_SUFFIX}"


def record_id_of(uid: str) -> uuid.UUID | None:
    """The record id inside one of our UIDs, or None for a foreign UID."""
    text = uid.strip()
    if not text.lower().endswith(UID_SUFFIX):
        return None
    try:
        return uuid.UUID(text[: -len(UID_SUFFIX)])
    except ValueError:
        return None


def _valid_zone(name: str) -> str | None:
    try:
        zone(name)  # the one check of a zone name: "Asia" is a folder, not a zone
    except (ValidationError, TypeError):
        return None
    return name


def _windows_zones() -> tuple[str, ...]:
    """The zone Windows means by each of its names: the usual reading of an offset."""
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # pragma: no cover - the module moved in some version
        WINDOWS_TO_OLSON = {}
    return tuple(dict.fromkeys([*WINDOWS_ZONES.values(), *WINDOWS_TO_OLSON.values()]))


def resolve_tzid(tzid: str) -> str | None:
    """An IANA name for a TZID as calendar programs write it: an IANA name itself, a Windows
    name ('Korea Standard Time'), or a vendor-prefixed one ('/mozilla.org/20050126_1/Asia/Seoul').
    None when the zone cannot be known for sure."""
    name = tzid.strip().strip('"').strip()
    if not name:
        return None
    if "/" in name.strip("/") or name.upper() in ("UTC", "GMT", "Z"):
        found = _valid_zone(name.strip("/")) or ("UTC" if name.upper() in ("UTC", "GMT", "Z") else None)
        if found:
            return found
    windows: dict[str, str] = {}
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

        windows = dict(WINDOWS_TO_OLSON)
    except ImportError:  # pragma: no cover - the module moved in some version
        pass
    for table in (windows, WINDOWS_ZONES):
        if name in table and _valid_zone(table[name]):
            return table[name]
        folded = {k.casefold(): v for k, v in table.items()}
        if name.casefold() in folded and _valid_zone(folded[name.casefold()]):
            return folded[name.casefold()]
    if name.startswith("/"):  # /vendor/.../Area/City: the longest tail that names a zone
        parts = name.strip("/").split("/")
        for i in range(1, len(parts)):
            found = _valid_zone("/".join(parts[i:]))
            if found:
                return found
    return None


# ---------------------------------------------------------------- export


def _stamp(value: datetime | None) -> datetime:
    return (value or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


def _local(d: date, t: time, zone_name: str) -> datetime:
    return datetime.combine(d, t, tzinfo=ZoneInfo(zone_name))


def _description(*parts: str | None) -> str | None:
    text = "\n".join(p for p in parts if p)
    return text or None


def _rrule(text: str, start: date | datetime, zone_name: str) -> vRecur:
    """The stored RRULE as a vRecur whose UNTIL has the type RFC 5545 wants with this DTSTART:
    a DATE for an all-day series, a UTC date-time (…Z) for a timed one."""
    rule = vRecur.from_ical(validate_rrule(text))
    until = rule.get("UNTIL")
    if until:
        value = until[0]
        if isinstance(start, datetime):
            if isinstance(value, datetime):
                aware = value if value.tzinfo is not None else value.replace(tzinfo=ZoneInfo(zone_name))
            else:  # a day: the series may run to the end of it, at the venue
                aware = datetime.combine(value, time(23, 59, 59), tzinfo=ZoneInfo(zone_name))
            rule["UNTIL"] = [aware.astimezone(UTC)]
        elif isinstance(value, datetime):
            local = value.astimezone(ZoneInfo(zone_name)) if value.tzinfo is not None else value
            rule["UNTIL"] = [local.date()]
    return rule


@dataclass
class _Span:
    first: date | None = None
    last: date | None = None
    open_ended: bool = False

    def add(self, *days: date | None) -> None:
        for d in days:
            if d is None:
                continue
            self.first = d if self.first is None or d < self.first else self.first
            self.last = d if self.last is None or d > self.last else self.last


def _in_range(first: date, last: date, start: date | None, end: date | None) -> bool:
    return (start is None or last >= start) and (end is None or first <= end)


def _meeting_events(
    db: Database,
    start: date | None,
    end: date | None,
    country: str | None,
    mode: Restricted,
    span: _Span,
) -> list[VEvent]:
    stmt = sa.select(Meeting).options(selectinload(Meeting.key_points), selectinload(Meeting.country))
    if start is not None:
        stmt = stmt.where(Meeting.date >= start)
    if end is not None:
        stmt = stmt.where(Meeting.date <= end)
    if country:
        stmt = stmt.where(Meeting.country_code == country)
    out = []
    with db.read() as s:
        for m in s.scalars(stmt.order_by(Meeting.date, Meeting.start_time, Meeting.id)):
            restricted = is_restricted(m.classification)
            if restricted and mode is Restricted.OMIT:
                continue
            masked = restricted and mode is Restricted.MASK
            ev = VEvent()
            ev.add("uid", uid_of(m.id))
            ev.add("dtstamp", _stamp(m.updated_at))
            ev.add("summary", MASK if masked else m.title)
            if m.start_time is not None:
                dtstart = _local(m.date, m.start_time, m.timezone)
                ev.add("dtstart", dtstart)
                if m.end_time is not None:
                    dtend = _local(m.date, m.end_time, m.timezone)
                    ev.add("dtend", dtend if dtend >= dtstart else dtend + timedelta(days=1))
            else:
                ev.add("dtstart", m.date)
                ev.add("dtend", m.date + timedelta(days=1))
            if m.location and not masked:
                ev.add("location", m.location)
            if restricted:
                ev.add("class", "CONFIDENTIAL")
            if masked:
                ev.add("description", RESTRICTED_NOTE())
                ev.add(MASKED_PROPERTY, "TRUE")
            else:
                points = [
                    f"▪ {kp.party + ': ' if kp.party and text != MASK else ''}{text}"
                    for kp in m.key_points
                    if (text := shown(kp.text, is_restricted(kp.classification), mode)) is not None
                ]
                head = pick("주요 내용", "Key points") if points else None
                # The agenda first: it is where an imported DESCRIPTION was kept, so a meeting
                # that came from another calendar goes back with its text as it came.
                desc = _description(m.agenda, m.summary, head, *points)
                if desc:
                    ev.add("description", desc)
            ev.add("categories", [label(m.kind)])
            ev.add("x-tracker-kind", "meeting")
            if m.country_code and not masked:
                ev.add("x-tracker-country", m.country_code)
            out.append(ev)
            span.add(m.date)
    return out


def _event_events(
    db: Database, start: date | None, end: date | None, country: str | None, span: _Span
) -> list[VEvent]:
    """Events; a series with its cancelled (EXDATE) and extra (RDATE) dates, and each occurrence
    changed on its own as a VEVENT with the series' UID and RECURRENCE-ID, right after it."""
    stmt = (
        sa.select(Event)
        .where(Event.series_id.is_(None))
        .options(selectinload(Event.sessions), selectinload(Event.country))
    )
    if start is not None:
        stmt = stmt.where(sa.or_(Event.end_date >= start, Event.recurrence.is_not(None)))
    if end is not None:
        stmt = stmt.where(Event.start_date <= end)
    if country:
        stmt = stmt.where(Event.country_code == country)
    out = []
    with db.read() as s:
        masters = list(s.scalars(stmt.order_by(Event.start_date, Event.id)))
        changed: dict[uuid.UUID, list[Event]] = {}
        ids = [e.id for e in masters if e.recurrence]
        for i in range(0, len(ids), 500):
            for c in s.scalars(
                sa.select(Event)
                .where(Event.series_id.in_(ids[i : i + 500]))
                .options(selectinload(Event.sessions), selectinload(Event.country))
                .order_by(Event.recurrence_date)
            ):
                changed.setdefault(c.series_id, []).append(c)  # type: ignore[arg-type]
        for e in masters:
            ev, dtstart = _event_vevent(e, uid_of(e.id))
            if e.recurrence:
                rule = _rrule(e.recurrence, dtstart, e.timezone)
                ev.add("rrule", rule)
                for prop, text in (("exdate", e.excluded_dates), ("rdate", e.extra_dates)):
                    days = parse_dates(text)
                    if days:
                        ev.add(prop, [_at_series_time(d, dtstart, e.timezone) for d in days])
                        span.add(*days)
                until = rule.get("UNTIL")
                if until:
                    value = until[0]
                    span.add(value.date() if isinstance(value, datetime) else value)
                else:
                    span.open_ended = True
            out.append(ev)
            span.add(e.start_date, e.end_date)
            for c in changed.get(e.id, []) if e.recurrence else []:
                assert c.recurrence_date is not None
                one, _ = _event_vevent(c, uid_of(e.id))
                one.add("recurrence-id", _at_series_time(c.recurrence_date, dtstart, e.timezone))
                out.append(one)
                span.add(c.start_date, c.end_date)
    return out


def _at_series_time(day: date, dtstart: date | datetime, zone_name: str) -> date | datetime:
    """An occurrence of a series as its DTSTART is written: a DATE, or the day at its hour."""
    if isinstance(dtstart, datetime):
        return _local(day, dtstart.time().replace(tzinfo=None), zone_name)
    return day


def _event_vevent(e: Event, uid: str) -> tuple[VEvent, date | datetime]:
    ev = VEvent()
    ev.add("uid", uid)
    ev.add("dtstamp", _stamp(e.updated_at))
    ev.add("summary", e.name_ko)
    timed = [x for x in e.sessions if x.date == e.start_date and x.start_time is not None]
    ends = [x.end_time for x in e.sessions if x.date == e.end_date and x.end_time is not None]
    dtstart: date | datetime
    # Timed when the sessions give the hours: the first day's start and, over several
    # days, the last day's end (a conference from Monday 09:00 to Friday 17:00).
    if timed and (e.start_date == e.end_date or ends):
        dtstart = _local(e.start_date, min(x.start_time for x in timed), e.timezone)  # type: ignore[type-var]
        ev.add("dtstart", dtstart)
        if ends:
            ev.add("dtend", _local(e.end_date, max(ends), e.timezone))
    else:
        dtstart = e.start_date
        ev.add("dtstart", e.start_date)
        ev.add("dtend", e.end_date + timedelta(days=1))  # DTEND of a DATE is exclusive
    where = ", ".join(p for p in (e.venue, e.city, e.country.name_ko if e.country else None) if p)
    if where:
        ev.add("location", where)
    sessions = [
        f"▪ {x.title_ko}"
        + (f" ({x.date.isoformat()} {x.start_time.strftime('%H:%M')})" if x.date and x.start_time else "")
        for x in e.sessions
    ]
    desc = _description(e.name_en, e.summary, pick("세션", "Sessions") if sessions else None, *sessions)
    if desc:
        ev.add("description", desc)
    if e.website:
        ev.add("url", e.website)
    ev.add("categories", [label(e.kind)])
    ev.add("x-tracker-kind", "event")
    ev.add("x-tracker-timezone", e.timezone)
    if e.country_code:
        ev.add("x-tracker-country", e.country_code)
    return ev, dtstart


def _trip_country(stmt: sa.Select[Any], country: str) -> sa.Select[Any]:
    return stmt.where(
        sa.exists().where(TripDestination.trip_id == Trip.id, TripDestination.country_code == country)
    )


def _trip_events(
    db: Database,
    start: date | None,
    end: date | None,
    country: str | None,
    mode: Restricted,
    span: _Span,
) -> list[VEvent]:
    stmt = sa.select(Trip)
    if start is not None:
        stmt = stmt.where(Trip.end_date >= start)
    if end is not None:
        stmt = stmt.where(Trip.start_date <= end)
    if country:
        stmt = _trip_country(stmt, country)
    out = []
    with db.read() as s:
        for t in s.scalars(stmt.order_by(Trip.start_date, Trip.id)):
            ev = VEvent()
            ev.add("uid", uid_of(t.id))
            ev.add("dtstamp", _stamp(t.updated_at))
            ev.add("summary", t.title)
            ev.add("dtstart", t.start_date)
            ev.add("dtend", t.end_date + timedelta(days=1))
            if t.destination:
                ev.add("location", t.destination)
            # a restricted trip keeps its title (as in the reports); its purpose is the content
            if is_restricted(t.classification):
                ev.add("class", "CONFIDENTIAL")
            if t.purpose and (mode is Restricted.INCLUDE or not is_restricted(t.classification)):
                ev.add("description", t.purpose)
            ev.add("transp", "TRANSPARENT")  # a trip spans days; the meetings in it are what is busy
            ev.add("categories", [pick("출장", "Trip")])
            ev.add("x-tracker-kind", "trip")
            out.append(ev)
            span.add(t.start_date, t.end_date)
    return out


def _itinerary_events(
    db: Database, start: date | None, end: date | None, country: str | None, mode: Restricted, span: _Span
) -> list[VEvent]:
    stmt = sa.select(ItineraryItem, Trip.title, itinerary_restricted_sql()).join(
        Trip, ItineraryItem.trip_id == Trip.id
    )
    if start is not None:
        stmt = stmt.where(ItineraryItem.date >= start)
    if end is not None:
        stmt = stmt.where(ItineraryItem.date <= end)
    if country:
        stmt = _trip_country(stmt, country)
    out = []
    with db.read() as s:
        rows = s.execute(stmt.order_by(ItineraryItem.date, ItineraryItem.seq, ItineraryItem.id)).all()
        for item, trip_title, restricted in rows:
            if restricted and mode is Restricted.OMIT:
                continue
            masked = restricted and mode is Restricted.MASK  # the line of a restricted meeting
            ev = VEvent()
            ev.add("uid", uid_of(item.id))
            ev.add("dtstamp", _stamp(item.updated_at))
            ev.add("summary", MASK if masked else item.description)
            zone_name = item.timezone or DEFAULT_ZONE
            if item.start_time is not None:
                ev.add("dtstart", _local(item.date, item.start_time, zone_name))
                if item.end_time is not None:
                    end_day = item.date + timedelta(days=item.end_day_offset or 0)
                    ev.add("dtend", _local(end_day, item.end_time, item.end_timezone or zone_name))
            else:
                ev.add("dtstart", item.date)
                ev.add("dtend", item.date + timedelta(days=1))
            if masked:
                ev.add(MASKED_PROPERTY, "TRUE")
            desc = (
                _description(RESTRICTED_NOTE(), trip_title)
                if masked
                else _description(item.detail, item.reference, trip_title)
            )
            if desc:
                ev.add("description", desc)
            if restricted:
                ev.add("class", "CONFIDENTIAL")
            ev.add("related-to", uid_of(item.trip_id))
            ev.add("x-tracker-kind", "itinerary")
            out.append(ev)
            span.add(item.date)
    return out


def due_note(due: PrecisionDate) -> str:
    """What DESCRIPTION says about a deadline that DUE (a single day) cannot say."""
    if due.precision is DatePrecision.MONTH:
        return pick(
            f"기한: {due.korean_short()} (월 단위 — DUE는 그 달 말일)",
            f"Due: {due.english()} (month only — DUE is the month's last day)",
        )
    if due.precision is DatePrecision.YEAR:
        return pick(
            f"기한: {due.korean_short()} (연 단위 — DUE는 그해 말일)",
            f"Due: {due.english()} (year only — DUE is the year's last day)",
        )
    if due.end is not None:
        return pick(
            f"기한: {due.korean_short()} (기간 — DUE는 마지막 날)",
            f"Due: {due.english()} (a range — DUE is its last day)",
        )
    return pick(f"기한: {due.korean_short()}", f"Due: {due.english()}")


def _todos(
    db: Database,
    start: date | None,
    end: date | None,
    country: str | None,
    include_closed: bool,
    mode: Restricted,
    span: _Span,
) -> list[VTodo]:
    stmt = (
        sa.select(Action, Person, Organization.name_ko, action_restricted_sql())
        .outerjoin(Person, Action.owner_id == Person.id)
        .outerjoin(Organization, Action.counterpart_org_id == Organization.id)
    )
    if start is not None or end is not None:
        stmt = stmt.where(Action.due_date.is_not(None))
    if start is not None:  # a year-precision deadline may begin 365 days before it ends
        stmt = stmt.where(Action.due_date >= start - timedelta(days=366))
    if end is not None:
        stmt = stmt.where(Action.due_date <= end)
    if country:
        stmt = stmt.where(Action.country_code == country)
    if not include_closed:
        stmt = stmt.where(Action.status.in_((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)))
    out = []
    with db.read() as s:
        for a, owner, org, restricted in s.execute(stmt.order_by(Action.due_date, Action.id)):
            due = a.due
            if due is not None and not _in_range(due.start, due.last_day, start, end):
                continue
            if restricted and mode is not Restricted.INCLUDE:
                if mode is Restricted.MASK:
                    out.append(_masked_todo(a))
                continue
            todo = VTodo()
            todo.add("uid", uid_of(a.id))
            todo.add("dtstamp", _stamp(a.updated_at))
            todo.add("summary", a.title)
            if due is not None:
                todo.add("due", due.last_day)  # a DATE: DUE;VALUE=DATE:20261031
                todo.add("x-tracker-due", due.iso())
                span.add(due.last_day)
            todo.add("status", STATUS_OUT[a.status])
            if a.completed_on is not None and a.status is ActionStatus.DONE:
                # COMPLETED is a UTC date-time; noon UTC is the same calendar day from UTC-11 to UTC+11.
                todo.add("completed", datetime.combine(a.completed_on, time(12), tzinfo=UTC))
            todo.add("priority", PRIORITY_OUT[a.priority])
            lines = [
                due_note(due) if due is not None else None,
                pick(f"이행 주체: {label(a.owed_by)}", f"Owed by: {label(a.owed_by)}"),
                pick(f"담당자: {owner.display_name('ko')}", f"Owner: {owner.display_name('en')}")
                if owner
                else None,
                pick(f"상대 기관: {org}", f"Counterpart: {org}") if org else None,
                a.description,
                pick(f"완료 메모: {a.completion_note}", f"Completion note: {a.completion_note}")
                if a.completion_note
                else None,
            ]
            todo.add("description", _description(*lines))
            todo.add("categories", [pick("후속조치", "Follow-up"), label(a.owed_by)])
            if restricted:
                todo.add("class", "CONFIDENTIAL")
            if a.meeting_id is not None:
                todo.add("related-to", uid_of(a.meeting_id))
            todo.add("x-tracker-kind", "action")
            if a.country_code:
                todo.add("x-tracker-country", a.country_code)
            out.append(todo)
    return out


# On every item written as [대외비]: its text is not the record's, so a reader that knows
# the record by its UID must not take the text back.
MASKED_PROPERTY = "x-tracker-masked"


def RESTRICTED_NOTE() -> str:  # noqa: N802  (a message, in the language of the moment)
    return pick("대외비: 내용은 tracker에서 확인하세요.", "Restricted: see tracker for the content.")


def _masked_todo(a: Action) -> VTodo:
    """A restricted follow-up under 'mask': who owes it and its status, with no text, owner,
    counterpart or deadline (tracker.services.confidentiality)."""
    todo = VTodo()
    todo.add("uid", uid_of(a.id))
    todo.add("dtstamp", _stamp(a.updated_at))
    todo.add("summary", MASK)
    todo.add("status", STATUS_OUT[a.status])
    todo.add("class", "CONFIDENTIAL")
    todo.add(MASKED_PROPERTY, "TRUE")
    todo.add(
        "description",
        _description(
            RESTRICTED_NOTE(), pick(f"이행 주체: {label(a.owed_by)}", f"Owed by: {label(a.owed_by)}")
        ),
    )
    todo.add("categories", [pick("후속조치", "Follow-up"), label(a.owed_by)])
    if a.meeting_id is not None:
        todo.add("related-to", uid_of(a.meeting_id))
    todo.add("x-tracker-kind", "action")
    return todo


def build_calendar(
    db: Database,
    *,
    start: date | None = None,
    end: date | None = None,
    country: str | None = None,
    kinds: Iterable[str] = KINDS,
    restricted: Restricted = Restricted.MASK,
    include_closed: bool = True,
) -> Calendar:
    """The calendar of the records asked for: `kinds` among meetings, events, trips, actions,
    itinerary; `start`/`end` bound the dates (inclusive); `country` is an ISO code.
    `restricted`: what 대외비 meetings and what hangs off them show (include / mask / omit, as
    in tracker.services.confidentiality); whatever is written of them carries CLASS:CONFIDENTIAL."""
    restricted = Restricted(restricted)
    wanted = set(kinds)
    unknown = wanted - set(ALL_KINDS)
    if unknown:
        raise ValidationError(
            "bad_choice", field="kinds", value=sorted(unknown)[0], choices=", ".join(ALL_KINDS)
        )
    country = country.strip().upper() if country else None
    span = _Span()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", pick("국제협력 업무 일정", "International cooperation"))
    components: list[Component] = []
    if "trips" in wanted:
        components += _trip_events(db, start, end, country, restricted, span)
    if "events" in wanted:
        components += _event_events(db, start, end, country, span)
    if "meetings" in wanted:
        components += _meeting_events(db, start, end, country, restricted, span)
    if "itinerary" in wanted:
        components += _itinerary_events(db, start, end, country, restricted, span)
    if "actions" in wanted:
        components += _todos(db, start, end, country, include_closed, restricted, span)
    for comp in components:
        cal.add_component(comp)
    if span.first is not None and span.last is not None:
        # VTIMEZONE rules over the years the file uses (and well after, for open series).
        first = date(span.first.year - 1, 1, 1)
        last = date(span.last.year + 2, 1, 1)
        if span.open_ended:
            last = max(last, date(2038, 1, 1))
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal


def export_ics(
    db: Database,
    path: Path,
    *,
    start: date | None = None,
    end: date | None = None,
    country: str | None = None,
    kinds: Iterable[str] = KINDS,
    restricted: Restricted = Restricted.MASK,
    include_closed: bool = True,
) -> int:
    """Write the calendar to `path` atomically; return how many VEVENTs and VTODOs it holds."""
    cal = build_calendar(
        db,
        start=start,
        end=end,
        country=country,
        kinds=kinds,
        restricted=restricted,
        include_closed=include_closed,
    )
    data = cal.to_ical()
    with atomic_write(Path(path), "wb") as fh:
        fh.write(data)
    return sum(1 for c in cal.subcomponents if c.name in ("VEVENT", "VTODO"))


# ---------------------------------------------------------------- import


@dataclass
class IcsItem:
    """One VEVENT of the file and what importing it would do.

    `action`: "new" (create), "update" (a record we know by its UID), "duplicate" (looks like a
    record already here: same title and start; left alone unless set to "new")."""

    uid: str
    kind: str  # "meetings", "events" or "trips"
    action: str
    title: str
    start: date | datetime
    values: dict[str, Any]
    record_id: uuid.UUID
    # "uid", "notes_uid" or "title_start"; for an occurrence changed on its own, "series" (one
    # already here) or "rdate" (an extra date at another hour than its series')
    match: str | None = None
    # An event's times, kept as its sessions (an event has days, its sessions have hours).
    sessions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_duplicate(self) -> bool:
        return self.action in ("update", "duplicate")


@dataclass
class IcsPreview:
    path: Path
    items: list[IcsItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def new(self) -> list[IcsItem]:
        return [i for i in self.items if i.action == "new"]

    @property
    def updates(self) -> list[IcsItem]:
        return [i for i in self.items if i.action == "update"]

    @property
    def duplicates(self) -> list[IcsItem]:
        """Everything already here: records updated by UID, and likely duplicates left alone."""
        return [i for i in self.items if i.is_duplicate]

    def summary(self) -> str:
        new, upd = len(self.new), len(self.updates)
        dup = len([i for i in self.items if i.action == "duplicate"])
        text = pick(
            f"새 기록 {new}건, 갱신 {upd}건, 중복으로 보여 건너뜀 {dup}건",
            f"{new} new, {upd} updated, {dup} likely duplicates left alone",
        )
        if self.skipped:
            text += pick(f", 가져오지 않는 항목 {len(self.skipped)}건", f", {len(self.skipped)} not imported")
        return text

    def report(self) -> str:
        """The summary, then each item not imported and why, one a line."""
        lines = [self.summary()]
        lines += [f"  - {why}" for why in self.skipped]
        lines += [
            "  - "
            + pick(
                f"«{i.title}» (UID {i.uid}): 이미 있는 기록과 제목·시작이 같아 중복으로 보고 건너뜁니다",
                f"«{i.title}» (UID {i.uid}): same title and start as a record already here, left alone as a duplicate",
            )
            for i in self.items
            if i.action == "duplicate"
        ]
        return "\n".join(lines)


class _Problems(list[str]):
    def add(self, where: str, text: str) -> None:
        if len(self) < MAX_PROBLEMS:
            self.append(f"{where}: {text}")


def _read_calendar(path: Path) -> Calendar:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportRejected(
            [pick(f"파일을 열 수 없습니다: {exc}", f"The file cannot be opened: {exc}")]
        ) from exc
    utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16:
        # Lines are folded by octets (RFC 5545 3.1), so a fold may split a Korean character in
        # two: rejoin the lines before decoding, as the RFC asks readers to.
        raw = re.sub(rb"\r?\n[ \t]", b"", raw)
    try:  # UTF-8 as RFC 5545 wants it; UTF-16 with a BOM as some Windows programs save it
        text = raw.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [pick(f"UTF-8 텍스트가 아닙니다 (바이트 {exc.start})", f"not UTF-8 text (byte {exc.start})")]
        ) from exc
    if "BEGIN:VCALENDAR" not in text.upper():
        raise ImportRejected(
            [
                pick(
                    "iCalendar(.ics) 파일이 아닙니다 (BEGIN:VCALENDAR 없음)",
                    "not an iCalendar (.ics) file (no BEGIN:VCALENDAR)",
                )
            ]
        )
    try:
        cal = Calendar.from_ical(text)
    except ValueError as exc:
        raise ImportRejected([pick(f"iCalendar 형식 오류: {exc}", f"malformed iCalendar: {exc}")]) from exc
    except Exception as exc:  # icalendar trips over some broken files (a TZID given twice...)
        raise ImportRejected(
            [
                pick(
                    "iCalendar 형식 오류: 읽을 수 없는 구성입니다",
                    "malformed iCalendar: its structure cannot be read",
                )
            ]
        ) from exc
    if not isinstance(cal, Calendar) or cal.name != "VCALENDAR":
        raise ImportRejected([pick("iCalendar(.ics) 파일이 아닙니다", "not an iCalendar (.ics) file")])
    return cal


def _text(comp: Component, name: str) -> str | None:
    value = comp.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    text = str(value).strip()
    return text or None


class _Zones:
    """The zones a file's dates name: an IANA or Windows name, or a VTIMEZONE the file defines
    under a display name of its own (Outlook's "(UTC+09:00) Seoul")."""

    def __init__(self, cal: Calendar) -> None:
        self.defined: dict[str, Component] = {}
        for comp in cal.walk("VTIMEZONE"):
            tzid = _text(comp, "TZID")
            if tzid:
                self.defined[tzid.strip('"')] = comp
        self._found: dict[str, tuple[str | None, tzinfo | None]] = {}

    def find(self, tzid: str, year: int) -> tuple[str | None, tzinfo | None]:
        """(IANA name, None) when the zone is known or its definition matches one;
        (None, the file's own definition) when only the file knows it; (None, None): unknown."""
        name = tzid.strip().strip('"')
        if name not in self._found:
            found = resolve_tzid(name)
            own: tzinfo | None = None
            if found is None and name in self.defined:
                try:
                    own = self.defined[name].to_tz(lookup_tzid=False)
                except Exception:  # a definition icalendar cannot build: the zone is unknown
                    own = None
                found = iana_for_definition(name, own, year, _windows_zones()) if own is not None else None
            self._found[name] = (found, None if found else own)
        return self._found[name]


def _moment(
    comp: Component,
    name: str,
    where: str,
    default_zone: str,
    problems: _Problems,
    zones: _Zones,
    zone_hint: str | None = None,
) -> tuple[date | datetime | None, str | None]:
    """The value of DTSTART/DTEND: a date, or an aware datetime in the zone it was written in
    (UTC and floating times are put in `zone_hint` or `default_zone`); and that zone. A zone only
    the file defines, matching no IANA zone, keeps its instants, shown in `default_zone`."""
    prop = comp.get(name)
    if prop is None:
        return None, None
    if isinstance(prop, list):  # the property given twice
        problems.add(
            where, _bad(name, "두 번 있습니다 (하나만 있어야 합니다)", "is given twice (only one is allowed)")
        )
        return None, None
    try:
        value = prop.dt
    except Exception as exc:  # icalendar raises its own errors for a broken value
        problems.add(where, _bad(name, f"읽을 수 없는 값입니다 ({exc})", f"the value cannot be read ({exc})"))
        return None, None
    if isinstance(value, datetime):
        tzid = prop.params.get("TZID")
        if tzid:
            zone_name, own = zones.find(str(tzid), value.year)
            wall = value.replace(tzinfo=None)
            if zone_name is not None:
                return wall.replace(tzinfo=ZoneInfo(zone_name)), zone_name
            if own is not None:
                zone_name = zone_hint or default_zone
                return wall.replace(tzinfo=own).astimezone(ZoneInfo(zone_name)), zone_name
            problems.add(
                where,
                _bad(
                    name,
                    f"알 수 없는 시간대입니다: {tzid} (IANA 이름(예: Asia/Seoul)이나 Windows 시간대 이름이 아니고, "
                    "파일에 VTIMEZONE 정의도 없습니다)",
                    f"unknown time zone: {tzid} (not an IANA name such as Asia/Seoul nor a Windows zone name, "
                    "and the file does not define it in a VTIMEZONE)",
                ),
            )
            return None, None
        zone_name = zone_hint or default_zone
        if value.tzinfo is None:  # floating: a wall-clock time wherever one is
            return value.replace(tzinfo=ZoneInfo(zone_name)), zone_name
        return value.astimezone(ZoneInfo(zone_name)), zone_name
    if isinstance(value, date):
        return value, None
    problems.add(where, _bad(name, "날짜가 아닙니다", "not a date"))
    return None, None


def _bad(prop: str, ko: str, en: str) -> str:
    """What is wrong with one property, named as the file names it."""
    return pick(f"{prop} 속성: {ko}", f"property {prop}: {en}")


def _stored_rule(rule: vRecur, zone_name: str, start: date | datetime) -> str:
    """RRULE text as events store it: UNTIL as the last day at the venue (a series of dates),
    since a stored rule has no DTSTART zone to tie a UTC instant to. That day is the last one
    whose occurrence starts by UNTIL: 08:59 on the 13th ends a 09:00 series on the 12th."""
    rule = vRecur(rule)
    until = rule.get("UNTIL")
    if until and isinstance(until[0], datetime):
        value = until[0]
        local = value.astimezone(ZoneInfo(zone_name)) if value.tzinfo else value
        last = local.date()
        if isinstance(start, datetime) and local.time() < start.time().replace(tzinfo=None):
            last -= timedelta(days=1)
        rule["UNTIL"] = [last]
    return validate_rrule(rule.to_ical().decode())


def _where(n: int, comp: Component) -> str:
    """The component as a reader finds it in the file: the n-th of its kind, its SUMMARY, its UID."""
    summary = _text(comp, "SUMMARY")
    uid = _text(comp, "UID")
    return (
        f"{comp.name} {n}" + (f" «{summary[:40]}»" if summary else "") + (f" (UID {uid[:60]})" if uid else "")
    )


def _known_uid(db: Database, kind: str, uid: str) -> uuid.UUID | None:
    model = {"meetings": Meeting, "events": Event}.get(kind)
    if model is None:
        return None
    stmt = sa.select(model.id).where(model.notes.contains(f"UID: {uid}", autoescape=True))
    if model is Event:  # an occurrence changed on its own has its series' UID
        stmt = stmt.where(Event.series_id.is_(None))
    with db.read() as s:
        return s.scalar(stmt.limit(1))


def _same_title_start(db: Database, kind: str, values: dict[str, Any]) -> uuid.UUID | None:
    with db.read() as s:
        if kind == "meetings":
            stmt = sa.select(Meeting.id).where(
                Meeting.title == values["title"], Meeting.date == values["date"]
            )
            if values.get("start_time") is not None:
                stmt = stmt.where(
                    sa.or_(Meeting.start_time == values["start_time"], Meeting.start_time.is_(None))
                )
        elif kind == "events":
            stmt = sa.select(Event.id).where(
                sa.or_(Event.name_ko == values["name_ko"], Event.name_en == values["name_ko"]),
                Event.start_date == values["start_date"],
            )
        else:
            stmt = sa.select(Trip.id).where(
                Trip.title == values["title"], Trip.start_date == values["start_date"]
            )
        return s.scalar(stmt.limit(1))


def _existing_kind(db: Database, record_id: uuid.UUID) -> str | None:
    with db.read() as s:
        for kind, model in (("meetings", Meeting), ("events", Event), ("trips", Trip)):
            if s.get(model, record_id) is not None:
                return kind
    return None


def _cut(text: str | None, n: int) -> str | None:
    return text[:n] if text else text


def _with_uid(notes: str | None, uid: str) -> str:
    line = f"UID: {uid}"
    return notes if notes and line in notes else (f"{notes}\n{line}" if notes else line)


_TABLE_OF = {"meetings": Meeting, "events": Event, "trips": Trip}
_DESCRIPTION_FIELD = {"meetings": "agenda", "events": "summary", "trips": "purpose"}
_KIND_OF_X = {"meeting": "meetings", "event": "events", "trip": "trips"}
# What an import may change in a record of ours that a calendar round trip brought back:
# the calendar's own fields, never what only tracker holds (key points, notes, participants).
_OURS_UPDATABLE = {
    "meetings": ("title", "date", "start_time", "end_time", "timezone", "location"),
    "events": (
        "name_ko",
        "start_date",
        "end_date",
        "timezone",
        "venue",
        "recurrence",
        "excluded_dates",
        "extra_dates",
    ),
    "trips": ("title", "start_date", "end_date", "destination"),
}
# ... and from a copy written with 대외비 text masked (X-TRACKER-MASKED): only the time.
_MASKED_UPDATABLE = {
    "meetings": ("date", "start_time", "end_time", "timezone"),
    "events": ("start_date", "end_date", "timezone", "recurrence", "excluded_dates", "extra_dates"),
    "trips": ("start_date", "end_date"),
}


def _day_at(value: Any, tzid: str | None, zone_name: str, zones: _Zones) -> date:
    """The day at the series' place of one EXDATE/RDATE/RECURRENCE-ID value."""
    if isinstance(value, tuple):  # an RDATE period: its start
        value = value[0]
    if not isinstance(value, datetime):
        return value  # type: ignore[no-any-return]
    if value.tzinfo is None and tzid:
        found, own = zones.find(tzid, value.year)
        if found is not None:
            value = value.replace(tzinfo=ZoneInfo(found))
        elif own is not None:
            value = value.replace(tzinfo=own)
    if value.tzinfo is None:  # floating: a wall-clock time at the place
        return value.date()
    return value.astimezone(ZoneInfo(zone_name)).date()


def _days_of(comp: Component, name: str, zone_name: str, zones: _Zones) -> list[date]:
    """The days an EXDATE or RDATE property names (each may be given several times)."""
    props = comp.get(name)
    if props is None:
        return []
    out = []
    for prop in props if isinstance(props, list) else [props]:
        tzid = prop.params.get("TZID")
        for item in prop.dts:
            out.append(_day_at(item.dt, str(tzid) if tzid else None, zone_name, zones))
    return out


def _changed_occurrence(
    db: Database,
    preview: IcsPreview,
    problems: _Problems,
    comp: Component,
    where: str,
    uid: str,
    series: dict[str, IcsItem],
    seen: set[tuple[str, date]],
    zones: _Zones,
    default_zone: str,
    start: date | datetime,
    end: date | datetime | None,
    start_day: date,
    end_day: date,
    timed: bool,
) -> None:
    """One occurrence of a series changed on its own (a VEVENT with RECURRENCE-ID): an event
    pointing at its series (read from the same file or already here); a cancelled one
    (STATUS:CANCELLED) becomes a cancelled date of the series."""
    master = series.get(uid)
    series_id: uuid.UUID | None = None
    series_zone = default_zone
    if master is not None:
        if master.action == "duplicate":
            preview.skipped.append(where + ": " + pick(
                "반복 일정을 중복으로 보고 건너뛰므로 그 변경 회차도 건너뜁니다",
                "its series is left alone as a duplicate, and so is this changed occurrence"))  # fmt: skip
            return
        series_id = master.record_id
        series_zone = master.values.get("timezone") or _event_zone(db, series_id) or default_zone
    else:
        ours = record_id_of(uid)
        found = (
            ours
            if ours is not None and _existing_kind(db, ours) == "events"
            else _known_uid(db, "events", uid)
        )
        if found is not None:
            series_id, series_zone = found, _event_zone(db, found) or default_zone
    if series_id is None:
        preview.skipped.append(where + ": " + pick(
            "이 회차가 속한 반복 일정이 파일에도 기록에도 없습니다",
            "the series this occurrence belongs to is neither in the file nor here"))  # fmt: skip
        return
    rid = comp["RECURRENCE-ID"]
    try:
        tzid = rid.params.get("TZID")
        day = _day_at(rid.dt, str(tzid) if tzid else None, series_zone, zones)
    except Exception as exc:
        problems.add(
            where,
            _bad("RECURRENCE-ID", f"읽을 수 없는 값입니다 ({exc})", f"the value cannot be read ({exc})"),
        )
        return
    # A VEVENT of its own for an extra date at another hour says more than the RDATE did.
    preview.items[:] = [
        i for i in preview.items
        if not (i.match == "rdate" and i.uid == uid and i.values.get("recurrence_date") == day)
    ]  # fmt: skip
    if (uid, day) in seen:
        problems.add(
            where,
            pick(f"같은 회차({day})의 변경이 두 번 있습니다", f"the occurrence of {day} is changed twice"),
        )
        return
    seen.add((uid, day))
    if (_text(comp, "STATUS") or "").upper() == "CANCELLED":
        if master is not None:
            master.values["excluded_dates"] = format_dates(
                [*parse_dates(master.values.get("excluded_dates")), day]
            )
        else:
            preview.skipped.append(where + ": " + pick(
                "이미 있는 반복 일정의 취소된 회차는 그 행사에서 직접 지우세요",
                "a cancelled occurrence of a series already here: remove it in the event itself"))  # fmt: skip
        return
    zone_name = series_zone
    if isinstance(start, datetime) and start.tzinfo is not None:
        start = start.astimezone(ZoneInfo(zone_name))
        start_day = start.date()
        if isinstance(end, datetime):
            end = end.astimezone(ZoneInfo(zone_name))
            end_day = _last_day(start, end)
    title = _text(comp, "SUMMARY") or pick("(제목 없음)", "(untitled)")
    values: dict[str, Any] = {
        "name_ko": _cut(title, 300), "start_date": start_day, "end_date": max(start_day, end_day),
        "timezone": zone_name, "venue": _cut(_text(comp, "LOCATION"), 200), "recurrence": None,
        "kind": EventKind.OTHER, "series_id": series_id, "recurrence_date": day,
        "summary": _text(comp, "DESCRIPTION"),
    }  # fmt: skip
    sessions = _sessions(_cut(title, 300) or "", start, end) if timed else []  # type: ignore[arg-type]
    with db.read() as s:
        here = s.scalar(sa.select(Event.id).where(Event.series_id == series_id, Event.recurrence_date == day))
    if here is not None:
        values.pop("kind")
        action, record_id, match = "update", here, "series"
    else:
        action, record_id, match = "new", uuid.uuid4(), None
    try:
        table = Event.__table__
        check_row(table, normalise(table, {**_defaults("events"), **values}))  # type: ignore[arg-type]
    except DomainError as exc:
        problems.add(where, str(exc))
        return
    preview.items.append(IcsItem(uid, "events", action, title, start, values, record_id, match, sessions))


def _extra_at_other_hours(
    db: Database,
    preview: IcsPreview,
    comp: Component,
    master: IcsItem,
    start: datetime,
    end: datetime | None,
    zones: _Zones,
) -> None:
    """An extra date (RDATE) at another hour than the series' own: the extra date, and that
    occurrence changed on its own to its hour (so that it is written back as it came)."""
    props = comp.get("RDATE")
    zone_name = master.values["timezone"]
    length = (end - start) if end is not None else None
    seen: set[date] = set()
    for prop in (props if isinstance(props, list) else [props]) if props is not None else []:
        tzid = prop.params.get("TZID")
        for item in prop.dts:
            value = item.dt
            if isinstance(value, tuple):  # a PERIOD: its start and end
                value, until = value
                span = until - value if isinstance(until, datetime) else until
            else:
                span = length
            if not isinstance(value, datetime):
                continue
            if value.tzinfo is None and tzid:
                found, own = zones.find(str(tzid), value.year)
                value = value.replace(tzinfo=ZoneInfo(found) if found else own)
            if value.tzinfo is None:
                value = value.replace(tzinfo=ZoneInfo(zone_name))
            local = value.astimezone(ZoneInfo(zone_name))
            if local.time().replace(tzinfo=None) == start.time().replace(tzinfo=None) and span == length:
                continue
            day = local.date()
            if day in seen:
                continue
            seen.add(day)
            finish = local + span if span is not None else None
            values: dict[str, Any] = {
                k: master.values[k]
                for k in ("name_ko", "timezone", "venue", "kind", "country_code", "summary")
                if master.values.get(k) is not None
            }
            values.update(
                start_date=day, end_date=_last_day(local, finish) if finish else day, recurrence=None,
                series_id=master.record_id, recurrence_date=day,
            )  # fmt: skip
            with db.read() as s:
                here = s.scalar(
                    sa.select(Event.id).where(
                        Event.series_id == master.record_id, Event.recurrence_date == day
                    )
                )
            action, record_id = ("update", here) if here is not None else ("new", uuid.uuid4())
            if here is not None:
                values.pop("kind", None)
            sessions = _sessions(values.get("name_ko") or "", local, finish)
            preview.items.append(
                IcsItem(
                    master.uid, "events", action, master.title, local, values, record_id, "rdate", sessions
                )
            )


def _event_zone(db: Database, event_id: uuid.UUID) -> str | None:
    with db.read() as s:
        return s.scalar(sa.select(Event.timezone).where(Event.id == event_id))


def preview_ics(db: Database, path: Path, *, default_zone: str = DEFAULT_ZONE) -> IcsPreview:
    """Read an .ics file and say what importing it would do, writing nothing. Raises
    ImportRejected (with every problem found, in the user's language) for a file that cannot
    be imported whole."""
    cal = _read_calendar(path)
    # Google and Apple name the calendar's own zone: UTC and floating times are shown in it.
    default_zone = resolve_tzid(_text(cal, "X-WR-TIMEZONE") or "") or default_zone
    preview = IcsPreview(Path(path))
    problems = _Problems()
    seen: dict[str, str] = {}
    countries: set[str] | None = None
    zones = _Zones(cal)
    numbers: dict[str, int] = {}
    wheres: dict[int, str] = {}
    for comp in cal.subcomponents:
        numbers[comp.name] = numbers.get(comp.name, 0) + 1  # "VEVENT 2" is the second VEVENT
        wheres[id(comp)] = _where(numbers[comp.name], comp)
    series: dict[str, IcsItem] = {}  # UID -> the series read from this file
    changed_seen: set[tuple[str, date]] = set()
    # A series before its changed occurrences (RECURRENCE-ID), wherever the file puts them.
    ordered = sorted(cal.subcomponents, key=lambda c: c.get("RECURRENCE-ID") is not None)
    for comp in ordered:
        if comp.name == "VTIMEZONE":
            continue
        where = wheres[id(comp)]
        if comp.errors:
            for prop_name, error in comp.errors:
                problems.add(
                    where,
                    _bad(prop_name, f"읽을 수 없습니다 ({error})", f"cannot be read ({error})")
                    if prop_name
                    else pick(f"읽을 수 없는 줄이 있습니다 ({error})", f"a line cannot be read ({error})"),
                )
            continue
        if comp.name != "VEVENT":
            preview.skipped.append(
                where + ": " + pick("일정(VEVENT)만 가져옵니다", "only events (VEVENT) are imported")
            )
            continue
        masked = (_text(comp, MASKED_PROPERTY) or "").upper() == "TRUE"
        x_kind = _text(comp, "X-TRACKER-KIND")
        if x_kind == "itinerary":
            preview.skipped.append(
                where
                + ": "
                + pick("일정표 줄은 출장 편집에서 관리합니다", "itinerary lines are kept in the trip editor")
            )
            continue
        summary = _text(comp, "SUMMARY")
        if comp.get("DTSTART") is None:
            problems.add(where, pick("DTSTART(시작)가 없습니다", "DTSTART (the start) is missing"))
            continue
        hint = _text(comp, "X-TRACKER-TIMEZONE")
        hint = resolve_tzid(hint) if hint else None
        start, zone_name = _moment(comp, "DTSTART", where, default_zone, problems, zones, hint)
        end, _ = _moment(comp, "DTEND", where, default_zone, problems, zones, zone_name or hint)
        if start is None:
            continue
        if end is None and comp.get("DURATION") is not None:
            try:
                end = start + comp["DURATION"].dt
            except Exception as exc:
                problems.add(where, _bad("DURATION", f"기간이 아닙니다 ({exc})", f"not a duration ({exc})"))
                continue
        timed = isinstance(start, datetime)
        if timed and isinstance(end, datetime) and zone_name:
            end = end.astimezone(ZoneInfo(zone_name))
        if timed != isinstance(end, datetime) and end is not None:
            problems.add(
                where,
                _bad(
                    "DTEND",
                    "DTSTART와 형식(날짜/시각)이 다릅니다",
                    "differs from DTSTART in type (date vs date-time)",
                ),
            )
            continue
        if end is not None and end < start:
            problems.add(where, _bad("DTEND", "DTSTART보다 앞섭니다", "is before DTSTART"))
            continue
        rule_text = None
        if comp.get("RRULE") is not None:
            rrule = comp["RRULE"][0] if isinstance(comp["RRULE"], list) else comp["RRULE"]
            try:
                rule_text = _stored_rule(rrule, zone_name or hint or default_zone, start)
            except DomainError as exc:
                problems.add(where, _bad("RRULE", exc.message(), exc.message()))
                continue
            except (ValueError, AttributeError, TypeError) as exc:
                problems.add(
                    where, _bad("RRULE", f"반복 규칙이 아닙니다 ({exc})", f"not a recurrence rule ({exc})")
                )
                continue
        start_day = start.date() if isinstance(start, datetime) else start
        if end is None:
            end_day = start_day
        elif timed:
            end_day = _last_day(start, end)  # type: ignore[arg-type]
        else:
            end_day = max(start_day, end - timedelta(days=1))  # type: ignore[operator]
        uid = (
            _text(comp, "UID")
            or "generated-" + hashlib.sha1(f"{summary}|{start.isoformat()}".encode()).hexdigest()[:16]
        )
        if comp.get("RECURRENCE-ID") is not None:
            _changed_occurrence(
                db, preview, problems, comp, where, uid, series, changed_seen, zones, default_zone,
                start, end, start_day, end_day, timed,
            )  # fmt: skip
            continue
        if uid in seen:
            problems.add(where, pick(f"UID가 {seen[uid]}와 같습니다", f"the same UID as {seen[uid]}"))
            continue
        seen[uid] = where
        ours = record_id_of(uid)
        kind = _KIND_OF_X.get(x_kind or "")
        if ours is not None and kind is None:
            kind = _existing_kind(db, ours)
        if kind is None:
            # A one-day event with times is a meeting; whole days and series are events.
            kind = "meetings" if timed and end_day == start_day and rule_text is None else "events"
        title = summary or pick("(제목 없음)", "(untitled)")
        sessions: list[dict[str, Any]] = []
        description = _text(comp, "DESCRIPTION")
        location = _text(comp, "LOCATION")
        country = _text(comp, "X-TRACKER-COUNTRY")
        if country:
            if countries is None:
                with db.read() as s:
                    countries = set(s.scalars(sa.select(Country.code)))
            country = country.upper() if country.upper() in countries else None
        values: dict[str, Any]
        if kind == "meetings":
            values = {
                "title": _cut(title, 300), "date": start_day,
                "start_time": start.time().replace(tzinfo=None) if timed else None,  # type: ignore[union-attr]
                "end_time": end.time().replace(tzinfo=None) if timed and end is not None and end_day == start_day else None,  # type: ignore[union-attr]
                "timezone": zone_name or hint or default_zone, "location": _cut(location, 300),
                "kind": MeetingKind.OTHER, "country_code": country,
            }  # fmt: skip
            if rule_text:
                preview.skipped.append(
                    where
                    + ": RRULE "
                    + pick(
                        "(면담은 반복하지 않습니다: 첫 회만)",
                        "(a meeting does not recur: the first one only)",
                    )
                )
        elif kind == "events":
            values = {
                "name_ko": _cut(title, 300), "start_date": start_day, "end_date": end_day,
                "timezone": zone_name or hint or default_zone, "venue": _cut(location, 200),
                "recurrence": rule_text, "kind": EventKind.OTHER, "country_code": country,
                "excluded_dates": format_dates(_days_of(comp, "EXDATE", zone_name or hint or default_zone, zones))
                if rule_text else None,
                "extra_dates": format_dates(_days_of(comp, "RDATE", zone_name or hint or default_zone, zones))
                if rule_text else None,
            }  # fmt: skip
            if timed:
                sessions = _sessions(_cut(title, 300) or "", start, end)  # type: ignore[arg-type]
        else:
            values = {
                "title": _cut(title, 300),
                "start_date": start_day,
                "end_date": end_day,
                "destination": _cut(location, 200),
            }
        # Match: our own UID -> that record; a foreign UID seen before -> that record;
        # else the same title and start -> probably entered by hand already.
        record_id: uuid.UUID | None = None
        match = None
        if ours is not None and _existing_kind(db, ours) == kind:
            record_id, match = ours, "uid"
        elif ours is None:
            record_id = _known_uid(db, kind, uid)
            match = "notes_uid" if record_id is not None else None
        if masked and match != "uid":
            # A [대외비] placeholder is no record of anyone's: it would only add a meeting
            # without a name.
            preview.skipped.append(
                where
                + ": "
                + pick(
                    "대외비로 가려진 일정은 새로 만들지 않습니다",
                    "an item masked as restricted is not created",
                )
            )
            continue
        checked = values  # the whole record as the calendar gives it, for the check below
        if record_id is not None:
            action = "update"
            if match == "uid":
                # A masked copy carries our record's time but not its words: keep the words.
                fields = _MASKED_UPDATABLE[kind] if masked else _OURS_UPDATABLE[kind]
                values = {k: values[k] for k in fields}
            else:  # keep the kind and country someone may have set since the first import
                values.pop("kind", None)
                if values.get("country_code") is None:
                    values.pop("country_code", None)
        else:
            twin = _same_title_start(db, kind, values)
            if twin is not None:
                action, record_id, match = "duplicate", twin, "title_start"
            else:
                free = ours is not None and _existing_kind(db, ours) is None
                action, record_id = "new", ours if free and ours is not None else uuid.uuid4()
        if match != "uid":
            # The calendar's text goes where the record keeps such text; a foreign UID goes in
            # the notes of a new record, so that importing the file again finds it.
            values[_DESCRIPTION_FIELD[kind]] = description
            if action != "update" and ours is None and kind != "trips":
                values["notes"] = _with_uid(None, uid)
        # Check each record by the rules every save obeys, so that commit cannot fail halfway.
        try:
            table = _TABLE_OF[kind].__table__
            check_row(table, normalise(table, {**_defaults(kind), **checked, **values}))  # type: ignore[arg-type]
        except DomainError as exc:
            problems.add(where, str(exc))
            continue
        item = IcsItem(uid, kind, action, title, start, values, record_id, match, sessions)
        preview.items.append(item)
        if kind == "events" and rule_text:
            series[uid] = item
            if timed and action != "duplicate":
                _extra_at_other_hours(db, preview, comp, item, start, end, zones)  # type: ignore[arg-type]
    if problems:
        raise ImportRejected(list(problems))
    return preview


def _last_day(start: datetime, end: datetime) -> date:
    """The last day a timed item occupies: one ending at midnight ends the day before."""
    if end > start and end.time() == time(0) and end.date() > start.date():
        return end.date() - timedelta(days=1)
    return end.date()


def _sessions(title: str, start: datetime, end: datetime | None) -> list[dict[str, Any]]:
    """The hours of a timed VEVENT imported as an event (a series, or several days), as the
    sessions that hold an event's hours. Several days from 09:00 to 17:00 are a conference's
    hours: one session a day, 09:00-17:00, which the calendar shows on each day and the export
    writes back as the same DTSTART and DTEND. One that runs through the night (20:00 to 08:00
    two days later) starts on its first day and ends on its last."""
    begin = start.time().replace(tzinfo=None)
    last = _last_day(start, end) if end is not None else start.date()
    finish = end.time().replace(tzinfo=None) if end is not None and end.date() == last else None
    first = start.date()
    if first == last or (finish is not None and finish > begin):
        return [
            {"title_ko": title, "date": first + timedelta(days=i), "start_time": begin,
             "end_time": finish if finish is not None and finish > begin else None}
            for i in range((last - first).days + 1)
        ]  # fmt: skip
    return [
        {"title_ko": title, "date": first, "start_time": begin, "end_time": None},
        {"title_ko": title, "date": last, "start_time": None, "end_time": finish},
    ]


def _defaults(kind: str) -> dict[str, Any]:
    table = _TABLE_OF[kind].__table__
    return {c.name: c.default.arg for c in table.columns if c.default is not None and c.default.is_scalar}  # type: ignore[attr-defined]


def commit_ics(db: Database, preview: IcsPreview) -> dict[str, int]:
    """Apply a preview in one transaction: every new record and update, or none of them."""
    counts = {"created": 0, "updated": 0, "left_alone": 0}
    try:
        with records.conflicts_reported(), db.transaction() as s:
            for item in preview.items:
                model = _TABLE_OF[item.kind]
                if item.action == "new":
                    records.create_in(s, model, {**item.values, "id": item.record_id})
                    for seq, session in enumerate(item.sessions, start=1):
                        records.create_in(
                            s, EventSession, {**session, "seq": seq, "event_id": item.record_id}
                        )
                    counts["created"] += 1
                elif item.action == "update":
                    records.update_in(s, model, item.record_id, item.values)
                    counts["updated"] += 1
                else:
                    counts["left_alone"] += 1
    except DomainError as exc:
        raise ImportRejected([str(exc)]) from exc
    except sa.exc.IntegrityError as exc:
        raise ImportRejected(
            [pick(f"데이터베이스 제약 위반: {exc.orig}", f"a database constraint refused it: {exc.orig}")]
        ) from exc
    return counts


def import_ics(db: Database, path: Path, *, default_zone: str = DEFAULT_ZONE) -> IcsPreview:
    """Preview and commit in one call (the command line); returns the preview applied."""
    preview = preview_ics(db, path, default_zone=default_zone)
    commit_ics(db, preview)
    return preview
