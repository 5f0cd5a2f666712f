"""What the event editor shows and saves, as plain data: the event's fields, its sessions in
order and its topics with their names (the editor never holds a database row); which
occurrences of a series it offers to edit one by one; and the saving of the event whole or of
one occurrence on its own."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from tracker.db.engine import Database
from tracker.db.models import Event, Topic
from tracker.domain.errors import DomainError
from tracker.services import calendar as calendar_service
from tracker.services import event_save, events, records
from tracker.services.agreement_form import Choice
from tracker.services.row_keys import row_key


@dataclass(frozen=True)
class SessionDraft:
    id: uuid.UUID
    seq: int
    title_ko: str
    title_en: str | None
    date: date | None
    start_time: time | None
    end_time: time | None
    members_only: bool


@dataclass(frozen=True)
class EventDraft:
    """An event as the editor shows it: its fields column by column, what tells a series and
    its occurrences apart, its sessions in order and its topics."""

    id: uuid.UUID
    version: int
    values: dict[str, Any]  # the form's fields, column by column
    name_ko: str
    start_date: date
    end_date: date
    recurrence: str | None
    series_id: uuid.UUID | None  # set on an occurrence changed on its own
    recurrence_date: date | None  # the occurrence of the series it replaces
    sessions: list[SessionDraft]
    topics: list[Choice]


def _draft(e: Event) -> EventDraft:
    return EventDraft(
        id=e.id,
        version=e.version,
        values=records.row_of(e),
        name_ko=e.name_ko,
        start_date=e.start_date,
        end_date=e.end_date,
        recurrence=e.recurrence,
        series_id=e.series_id,
        recurrence_date=e.recurrence_date,
        sessions=[
            SessionDraft(
                x.id, x.seq, x.title_ko, x.title_en, x.date, x.start_time, x.end_time, x.members_only
            )
            for x in sorted(e.sessions, key=lambda x: x.seq)
        ],
        topics=[Choice(t.id, t.name_ko, t.name_en) for t in e.topics],
    )


def event_draft(db: Database, event_id: uuid.UUID) -> EventDraft:
    return _draft(events.get_event(db, event_id))


def opening_draft(
    db: Database, event_id: uuid.UUID, occurrence: date | None = None
) -> tuple[EventDraft, str]:
    """What the editor opens on, with the series' name: the event, or for one occurrence the
    series (not yet changed) or the occurrence already changed on its own."""
    event = events.get_event(db, event_id)
    if occurrence is None:
        return _draft(event), ""
    for changed in events.changed_occurrences(db, event.id):
        if changed.recurrence_date == occurrence:
            return _draft(changed), event.name_ko
    return _draft(event), event.name_ko


def occurrence_dates(db: Database, event_id: uuid.UUID, today: date | None = None) -> list[date]:
    """The occurrences of a saved series offered for editing one by one: the last twelve
    before today and those of the next three years (at most 60 in all); none for an event
    that does not recur or is itself one changed occurrence."""
    event = events.get_event(db, event_id)
    if not event.recurrence or event.series_id is not None:
        return []
    today = today or date.today()
    first = min(event.start_date, today - timedelta(days=366))
    days = events.event_dates(event, first, today + timedelta(days=3 * 366))
    later = [d for d in days if d >= today]
    return (days[: len(days) - len(later)][-12:] + later)[:60]


def topic_choice(db: Database, key: Any) -> Choice | None:
    """The topic picked into a list, or None for a key that names none."""
    key = row_key(key)
    if not isinstance(key, uuid.UUID):
        return None
    try:
        t = records.get(db, Topic, key)
    except DomainError:
        return None
    return Choice(t.id, t.name_ko, t.name_en)


def save_event(
    db: Database,
    event_id: uuid.UUID | None,
    fields: Mapping[str, Any],
    *,
    sessions: Sequence[Mapping[str, Any]],
    topic_ids: Sequence[Any],
    expected_version: int | None,
) -> EventDraft:
    """`event_save.save_event`, handing back what the editor shows next."""
    return _draft(
        event_save.save_event(
            db,
            event_id,
            fields,
            sessions=sessions,
            topic_ids=topic_ids,
            expected_version=expected_version,
        )
    )


def save_occurrence(
    db: Database,
    series_id: uuid.UUID,
    occurrence: date,
    changes: Mapping[str, Any],
    *,
    sessions: Sequence[Mapping[str, Any]],
    seen_version: int | None,
) -> EventDraft:
    """`calendar.edit_occurrence`: one occurrence of the series becomes an event of its own
    (the series stays as it is); hands back that occurrence as the editor shows it next.
    `seen_version`: the version of the occurrence the editor loaded, None when it loaded the
    series' copy (a colleague's change of the occurrence meanwhile is refused, not overwritten)."""
    changed = calendar_service.edit_occurrence(
        db,
        series_id,
        occurrence,
        changes,
        sessions=sessions,
        expected_version=seen_version,
        expect_new=seen_version is None,
    )
    return event_draft(db, changed.occurrence.id)


__all__ = [
    "EVENT_LISTS",
    "event_lists",
    "lists_of",
    "EventDraft",
    "SessionDraft",
    "event_draft",
    "occurrence_dates",
    "opening_draft",
    "save_event",
    "save_occurrence",
    "topic_choice",
]


# ------------------------------------------------------------------ merging with a colleague's save

EVENT_LISTS = {"sessions": ("세션", "Sessions"), "topics": ("주제", "Topics")}


def event_lists(
    sessions: Sequence[Mapping[str, Any]], topic_ids: Sequence[Any]
) -> dict[str, list[dict[str, Any]]]:
    """An event's sessions and topics as the lists of rows with ids that `form_merge` merges."""
    return {"sessions": [dict(x) for x in sessions], "topics": [{"id": str(t)} for t in topic_ids]}


def lists_of(event: EventDraft) -> dict[str, list[dict[str, Any]]]:
    """A stored event's lists as an editor that loaded that version sends them."""
    sessions = [
        {
            "id": x.id,
            "title_ko": x.title_ko,
            "title_en": x.title_en or None,
            "date": x.date,
            "start_time": x.start_time,
            "end_time": x.end_time,
            "members_only": bool(x.members_only),
        }
        for x in sorted(event.sessions, key=lambda x: x.seq)
    ]
    return event_lists(sessions, [t.id for t in event.topics])
