"""Saving an event or an agreement whole, as their editors show them, in one transaction.

An event is saved with its sessions (rows that come back with their `id` keep it, rows that
do not come back are deleted, `seq` follows the order given) and its topics; an agreement with
its parties (organizations) and topics. A change to any part bumps the record's version, so
two people editing the same record find out whichever part each of them touched. Nothing is
written when any part is invalid.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from tracker.db.engine import Database
from tracker.db.models import Agreement, Event, EventSession, Organization, Topic
from tracker.db.types import utcnow
from tracker.domain.dates import PrecisionDate, parse_precision_date
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import RowError, ValidationError
from tracker.domain.i18n import pick
from tracker.services import events, records
from tracker.services.row_keys import row_key

SESSION_NAME = ("세션", "Session")


class SessionError(RowError):
    """A problem in one session of an event."""

    def __init__(self, row: int, cause: ValidationError) -> None:
        super().__init__(SESSION_NAME, "sessions", row, cause)


class OutsideEventError(ValidationError):
    """A session dated outside the event's period."""

    def __init__(self, *, value: date, start: date, end: date) -> None:
        super().__init__("outside_event", field="date", value=value, start=start, end=end)

    def message(self, lang: str | None = None) -> str:
        p = self.params
        return pick(
            f"행사기간({p['start']}~{p['end']}) 밖의 일자입니다: {p['value']}",
            f"The date {p['value']} is outside the event ({p['start']} to {p['end']}).",
            lang,
        )


class SigningRangeError(ValidationError):
    """A signing date is one day, one month or one year: never a range."""

    def __init__(self, value: Any) -> None:
        super().__init__("signed_range", field="signed_date", value=value)

    def message(self, lang: str | None = None) -> str:
        value = self.params.get("value")
        return pick(
            f"서명일은 기간으로 입력할 수 없습니다: {value}",
            f"A signing date cannot be a range: {value}",
            lang,
        )


@contextmanager
def _session_row(row: int) -> Iterator[None]:
    try:
        yield
    except SessionError:
        raise
    except ValidationError as exc:
        raise SessionError(row, exc) from exc


def _link_ids(obj: Any, attr: str) -> list[uuid.UUID]:
    return [o.id for o in getattr(obj, attr)]


def _bump(session: Session, obj: Any) -> None:
    """Record a change of a part as a change of the record (a new version)."""
    obj.updated_at = utcnow()
    session.flush()


# ------------------------------------------------------------------ events


def _session_state(session: Session, event_id: uuid.UUID) -> list[tuple[Any, ...]]:
    stmt = sa.select(EventSession).where(EventSession.event_id == event_id).order_by(EventSession.id)
    return [(o.id, o.version) for o in session.scalars(stmt)]


def save_event(
    db: Database,
    event_id: uuid.UUID | None,
    fields: Mapping[str, Any],
    *,
    sessions: Iterable[Mapping[str, Any]] = (),
    topic_ids: Iterable[Any] = (),
    expected_version: int | None = None,
) -> Event:
    """Create (event_id None) or update an event with its sessions and topics.

    Each session is a mapping of EventSession columns (title_ko, title_en, date, start_time,
    end_time, members_only, notes), with `id` to keep an existing session. Session dates must
    lie within the event's start..end."""
    sessions = list(sessions)
    with records.conflicts_reported(), db.transaction() as s:
        if event_id is None:
            event = records.create_in(s, Event, fields)
            before = None
        else:
            current = records.load(s, Event, row_key(event_id))
            before = (current.version, _session_state(s, current.id), _link_ids(current, "topics"))
            event = records.update_in(s, Event, current.id, fields, expected_version)

        existing = {
            o.id: o for o in s.scalars(sa.select(EventSession).where(EventSession.event_id == event.id))
        }
        kept: set[uuid.UUID] = set()
        for index, given in enumerate(sessions):
            with _session_row(index):
                key = row_key(given.get("id"))
                data = {k: v for k, v in given.items() if k != "id"}
                data["seq"] = index + 1
                data["event_id"] = event.id
                if key in existing and key not in kept:
                    obj = records.update_in(s, EventSession, key, data)
                    kept.add(key)
                else:
                    obj = records.create_in(s, EventSession, data)
                if obj.date is not None and not (event.start_date <= obj.date <= event.end_date):
                    raise OutsideEventError(value=obj.date, start=event.start_date, end=event.end_date)
        for key, obj in existing.items():
            if key not in kept:
                s.delete(obj)
        s.flush()
        records.set_links(s, event, "topics", Topic, [row_key(k) for k in topic_ids])
        s.flush()
        if before is not None and event.version == before[0]:
            after = (event.version, _session_state(s, event.id), _link_ids(event, "topics"))
            if after != before:
                _bump(s, event)
        saved_id = event.id
    return events.get_event(db, saved_id)


# ------------------------------------------------------------------ agreements


def _signed(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Turn `signed` (a PrecisionDate, its text, or None) and `signed_end` into columns."""
    out = dict(fields)
    end = out.pop("signed_end", None)
    if end is not None:
        raise SigningRangeError(end)
    if "signed" not in out:
        return out
    value = out.pop("signed")
    if isinstance(value, str):
        value = parse_precision_date(value) if value.strip() else None
    if value is None:
        out["signed_date"] = None
        out["signed_precision"] = DatePrecision.DAY
        return out
    if isinstance(value, date):
        value = PrecisionDate(value)
    if not isinstance(value, PrecisionDate):
        raise ValidationError("bad_date", field="signed_date", value=value)
    if value.end is not None:
        raise SigningRangeError(value.iso())
    out["signed_date"] = value.start
    out["signed_precision"] = value.precision
    return out


def get_agreement(db: Database, agreement_id: Any) -> Agreement:
    return records.get(
        db,
        Agreement,
        row_key(agreement_id),
        [selectinload(Agreement.parties), selectinload(Agreement.topics)],
    )


def save_agreement(
    db: Database,
    agreement_id: uuid.UUID | None,
    fields: Mapping[str, Any],
    *,
    party_ids: Iterable[Any] = (),
    topic_ids: Iterable[Any] = (),
    expected_version: int | None = None,
) -> Agreement:
    """Create (agreement_id None) or update an agreement with its parties and topics.

    `fields` may give the signing date as `signed` (a PrecisionDate or text such as "'25.10월")
    instead of `signed_date`/`signed_precision`; a range is refused."""
    data = _signed(fields)
    with records.conflicts_reported(), db.transaction() as s:
        if agreement_id is None:
            agreement = records.create_in(s, Agreement, data)
            before = None
        else:
            current = records.load(s, Agreement, row_key(agreement_id))
            before = (current.version, _link_ids(current, "parties"), _link_ids(current, "topics"))
            agreement = records.update_in(s, Agreement, current.id, data, expected_version)
        records.set_links(s, agreement, "parties", Organization, [row_key(k) for k in party_ids])
        records.set_links(s, agreement, "topics", Topic, [row_key(k) for k in topic_ids])
        s.flush()
        if before is not None and agreement.version == before[0]:
            after = (agreement.version, _link_ids(agreement, "parties"), _link_ids(agreement, "topics"))
            if after != before:
                _bump(s, agreement)
        saved_id = agreement.id
    return get_agreement(db, saved_id)


__all__ = [
    "OutsideEventError",
    "SessionError",
    "SigningRangeError",
    "get_agreement",
    "save_agreement",
    "save_event",
]
