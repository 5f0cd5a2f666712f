"""Multilateral events and cooperation channels, with their sessions and recurrence."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from tracker.db.engine import Database
from tracker.db.models import Event, EventSession, Topic
from tracker.domain.recurrence import parse_dates, series_dates
from tracker.services import records


def create_event(
    db: Database,
    data: Mapping[str, Any],
    *,
    sessions: Iterable[Mapping[str, Any]] = (),
    topic_ids: Iterable[uuid.UUID] = (),
) -> Event:
    with db.transaction() as s:
        event = records.create_in(s, Event, data)
        for seq, sess in enumerate(sessions, start=1):
            records.create_in(s, EventSession, {"seq": seq, **sess, "event_id": event.id})
        records.set_links(s, event, "topics", Topic, topic_ids)
        event_id = event.id
    return get_event(db, event_id)


def get_event(db: Database, event_id: uuid.UUID) -> Event:
    return records.get(db, Event, event_id, [selectinload(Event.sessions), selectinload(Event.topics)])


def event_dates(event: Event, after: date, before: date, replaced: Iterable[date] = ()) -> list[date]:
    """First days of the event's occurrences within [after, before] (one if it does not recur):
    the rule's and extra dates, without the cancelled ones and those `replaced` by an
    occurrence changed on its own (see `changed_occurrences`)."""
    return series_dates(
        event.recurrence,
        event.start_date,
        after,
        before,
        excluded=parse_dates(event.excluded_dates),
        extra=parse_dates(event.extra_dates),
        replaced=replaced,
    )


def changed_occurrences(db: Database, series_id: uuid.UUID) -> list[Event]:
    """The occurrences of a series changed on their own (events pointing at it), by date."""
    with db.read() as s:
        rows = s.scalars(
            sa.select(Event)
            .where(Event.series_id == series_id)
            .options(selectinload(Event.sessions), selectinload(Event.topics))
            .order_by(Event.recurrence_date)
        )
        return list(rows)
