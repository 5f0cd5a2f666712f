"""The VEVENTs of an .ics export: meetings in their own zone, events as all-day spans or
timed by their sessions (a series with its RRULE, EXDATE, RDATE and each occurrence changed on
its own), trips as all-day spans, itinerary lines.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from icalendar import Event as VEvent
from icalendar import vRecur
from sqlalchemy.orm import selectinload

from tracker.db.engine import Database
from tracker.db.models import Event, ItineraryItem, Meeting, Trip, TripDestination
from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.domain.labels import label
from tracker.domain.recurrence import parse_dates, validate_rrule
from tracker.export.ics_names import DEFAULT_ZONE, MASKED_PROPERTY, RESTRICTED_NOTE, uid_of
from tracker.services.confidentiality import MASK, Restricted, is_restricted, itinerary_restricted_sql, shown


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
class DateSpan:
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
    span: DateSpan,
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
    db: Database, start: date | None, end: date | None, country: str | None, span: DateSpan
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
    desc = _description(e.name_en, e.summary, vocabulary.SESSIONS() if sessions else None, *sessions)
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
    span: DateSpan,
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
            ev.add("categories", [vocabulary.TRIP()])
            ev.add("x-tracker-kind", "trip")
            out.append(ev)
            span.add(t.start_date, t.end_date)
    return out


def _itinerary_events(
    db: Database, start: date | None, end: date | None, country: str | None, mode: Restricted, span: DateSpan
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
