"""Events and their sessions in the calendar's window: a recurring series expanded into its
occurrences, less its cancelled and changed dates, plus its extra ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any, TypeVar

import sqlalchemy as sa
from dateutil.rrule import rrule, rrulestr
from sqlalchemy.orm import Session

from tracker.db.models import Event, EventSession, event_topics
from tracker.domain.recurrence import parse_dates
from tracker.services.calendar_item import (
    EVENT,
    EVENT_SESSION,
    SPAN_LOOKBACK,
    ZONE_MARGIN,
    CalendarItem,
    _all_day,
    _Query,
    _timed,
)

# any SELECT: the filters add WHERE clauses and keep the statement's columns
_Select = TypeVar("_Select", bound="sa.Select[*tuple[Any, ...]]")


def query_filters(
    stmt: _Select, q: _Query, country: Any, record_id: Any, link_record: Any, link_topic: Any
) -> _Select:
    """The calendar's country and topic filters on one kind of record: its `country` column,
    and its topics through the link table's `link_record` and `link_topic` columns."""
    if q.countries is not None:
        stmt = stmt.where(country.in_(q.countries))
    if q.topic_ids is not None:
        stmt = stmt.where(record_id.in_(sa.select(link_record).where(link_topic.in_(q.topic_ids))))
    return stmt


def _event_filters(stmt: _Select, q: _Query) -> _Select:
    return query_filters(
        stmt, q, Event.country_code, Event.id, event_topics.c.event_id, event_topics.c.topic_id
    )


@lru_cache(maxsize=512)
def _rule(text: str, first: date) -> rrule:
    rule = text.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    return rrulestr(rule, dtstart=datetime.combine(first, time()), cache=True)  # type: ignore[return-value]


def occurrence_dates(rule: str, first: date, after: date, before: date) -> list[date]:
    """First days of a series (beginning on `first`) that fall within [after, before]."""
    rr = _rule(rule, first)
    return [
        d.date()
        for d in rr.between(datetime.combine(after, time()), datetime.combine(before, time()), inc=True)
    ]


def _replaced(s: Session, series_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, set[date]]:
    """The occurrences of each series changed on their own (shown as events of their own)."""
    out: dict[uuid.UUID, set[date]] = {}
    ids = list(series_ids)
    for i in range(0, len(ids), 500):
        stmt = sa.select(Event.series_id, Event.recurrence_date).where(Event.series_id.in_(ids[i : i + 500]))
        for sid, day in s.execute(stmt):
            if sid is not None and day is not None:
                out.setdefault(sid, set()).add(day)
    return out


def _series_days(
    rule: str | None,
    first: date,
    after: date,
    before: date,
    excluded: str | None,
    extra: str | None,
    replaced: Collection[date],
) -> list[date]:
    """First days of a series' occurrences within [after, before] as the calendar shows them."""
    if rule is None:
        return [first] if after <= first <= before else []
    days = occurrence_dates(rule, first, after, before)
    if excluded or extra or replaced:
        shown = set(days) | {d for d in parse_dates(extra) if after <= d <= before}
        days = sorted(shown - set(parse_dates(excluded)) - set(replaced))
    return days


def _events(s: Session, q: _Query) -> list[CalendarItem]:
    cols = (
        Event.id,
        Event.name_ko,
        Event.name_en,
        Event.start_date,
        Event.end_date,
        Event.recurrence,
        Event.timezone,
        Event.country_code,
        Event.city,
        Event.venue,
        Event.excluded_dates,
        Event.extra_dates,
        Event.series_id,
        Event.recurrence_date,
    )
    single = _event_filters(
        sa.select(*cols).where(
            Event.recurrence.is_(None),
            Event.start_date.between(q.start - SPAN_LOOKBACK, q.end),
            Event.end_date >= q.start,
        ),
        q,
    )
    series = _event_filters(
        sa.select(*cols).where(Event.recurrence.is_not(None), Event.start_date <= q.end), q
    )
    rows = [*s.execute(single), *s.execute(series)]
    replaced = _replaced(s, [r[0] for r in rows if r[5]])
    out = []
    for eid, name_ko, name_en, first, last, rule, tz, country, city, venue, excluded, extra, of, occ in rows:
        title = name_ko if q.lang_ko or not name_en else name_en
        subtitle = " · ".join(x for x in (city, venue) if x)
        length = last - first
        if not rule:
            # An occurrence changed on its own is still one of its series (at its new days).
            out.append(
                _all_day(
                    EVENT, "events", eid, title, first, last, EVENT, country, subtitle, local_tz=tz,
                    series_id=of, occurrence_date=occ if of is not None else None,
                )
            )  # fmt: skip
            continue
        days = _series_days(rule, first, q.start - length, q.end, excluded, extra, replaced.get(eid, ()))
        for day in days:
            out.append(
                _all_day(
                    EVENT,
                    "events",
                    eid,
                    title,
                    day,
                    day + length,
                    EVENT,
                    country,
                    subtitle,
                    local_tz=tz,
                    series_id=eid,
                    occurrence_date=day,
                )
            )
    return out


def _sessions(s: Session, q: _Query) -> list[CalendarItem]:
    """Sessions on their days. A series' sessions are those of its first occurrence (they give
    the series its hours in an export): shown unless that occurrence is cancelled or changed on
    its own (the changed one has sessions of its own)."""
    lo, hi = q.start - ZONE_MARGIN, q.end + ZONE_MARGIN
    cols = (
        EventSession.id,
        EventSession.title_ko,
        EventSession.title_en,
        EventSession.date,
        EventSession.start_time,
        EventSession.end_time,
        Event.id,
        Event.name_ko,
        Event.name_en,
        Event.timezone,
        Event.country_code,
    )
    stmt = (
        sa.select(*cols)
        .join(Event, EventSession.event_id == Event.id)
        # Through the events' indexed start date: a session lies within its event's days.
        .where(
            Event.recurrence.is_(None),
            Event.start_date.between(lo - SPAN_LOOKBACK, hi),
            Event.end_date >= lo,
            EventSession.date.between(lo, hi),
        )
    )
    series_stmt = (
        sa.select(
            *cols,
            Event.recurrence,
            Event.start_date,
            Event.excluded_dates,
            Event.extra_dates,
        )
        .join(Event, EventSession.event_id == Event.id)
        .where(Event.recurrence.is_not(None), Event.start_date <= hi, EventSession.date.is_not(None))
    )
    rows: list[tuple[Any, ...]] = [(*r, None, None) for r in s.execute(_event_filters(stmt, q))]
    series_rows: list[tuple[Any, ...]] = [tuple(r) for r in s.execute(_event_filters(series_stmt, q))]
    replaced = _replaced(s, {r[6] for r in series_rows})
    for *row, rule, first, excluded, extra in series_rows:
        if lo <= row[3] <= hi and _series_days(
            rule, first, first, first, excluded, extra, replaced.get(row[6], ())
        ):
            rows.append((*row, None, None))
    out = []
    for sid, t_ko, t_en, d, t0, t1, eid, e_ko, e_en, tz, country, series_id, occurrence in rows:
        title = t_ko if q.lang_ko or not t_en else t_en
        event_name = e_ko if q.lang_ko or not e_en else e_en
        more = {"series_id": series_id, "occurrence_date": occurrence}
        if t0 is None:
            out.append(
                _all_day(
                    EVENT_SESSION,
                    "events",
                    eid,
                    title,
                    d,
                    d,
                    EVENT_SESSION,
                    country,
                    event_name,
                    item_id=sid,
                    local_tz=tz,
                    **more,
                )
            )
            continue
        out.append(
            _timed(
                EVENT_SESSION, "events", eid, title, d, t0, t1, tz, q.viewer, country, event_name,
                item_id=sid, **more,
            )
        )  # fmt: skip
    return out
