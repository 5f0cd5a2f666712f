"""Writing an .ics file: the calendar of the records asked for, with the VTIMEZONEs it uses."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from icalendar import Calendar, Component

from tracker.db.engine import Database
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick
from tracker.export.atomic import atomic_write
from tracker.export.ics_export_events import (
    DateSpan,
    _event_events,
    _itinerary_events,
    _meeting_events,
    _trip_events,
)
from tracker.export.ics_export_todos import _todos
from tracker.export.ics_names import ALL_KINDS, KINDS, PRODID
from tracker.services.confidentiality import Restricted


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
    span = DateSpan()
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
