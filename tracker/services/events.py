"""Multilateral events and cooperation channels, with their sessions and recurrence."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import selectinload

from tracker.db.engine import Database
from tracker.db.models import Event, EventSession, Topic
from tracker.domain.recurrence import occurrences
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


def event_dates(event: Event, after: date, before: date) -> list[date]:
    """First days of the event's occurrences within [after, before] (one if it does not recur)."""
    if not event.recurrence:
        return [event.start_date] if after <= event.start_date <= before else []
    return occurrences(event.recurrence, event.start_date, after, before)
