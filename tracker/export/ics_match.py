"""How an item of an .ics file finds the record it is here: by our UID, a foreign UID kept in
the notes, or the same title and start; and which fields an import may change in it.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import Event, Meeting, Trip


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


def _event_zone(db: Database, event_id: uuid.UUID) -> str | None:
    with db.read() as s:
        return s.scalar(sa.select(Event.timezone).where(Event.id == event_id))


def _defaults(kind: str) -> dict[str, Any]:
    table = _TABLE_OF[kind].__table__
    return {c.name: c.default.arg for c in table.columns if c.default is not None and c.default.is_scalar}  # type: ignore[attr-defined]
