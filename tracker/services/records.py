"""Create, read, update and delete for any model, with the shared validation.

Area services (trips, meetings, actions ...) build on these and add what is particular to
them. Each write is one transaction; returned objects are detached (safe to hand to the UI).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from tracker.db.base import Base
from tracker.db.engine import Database
from tracker.domain.errors import ConflictError, NotFoundError, ValidationError
from tracker.domain.i18n import pick
from tracker.services.reading import strict_read
from tracker.services.validation import AUTO_COLUMNS, check_references, check_row, normalise

M = TypeVar("M", bound=Base)


def _columns(model: type[Base]) -> sa.Table:
    return model.__table__  # type: ignore[return-value]


def row_of(obj: Base) -> dict[str, Any]:
    return {
        col.name: getattr(obj, col.key) for attr in obj.__mapper__.column_attrs for col in [attr.columns[0]]
    }


def _apply(session: Session, obj: Base, data: Mapping[str, Any]) -> None:
    table = _columns(type(obj))
    unknown = set(data) - set(table.c.keys())
    if unknown:
        raise ValidationError("bad_value", field=sorted(unknown)[0], value=sorted(unknown)[0])
    row = {**row_of(obj), **normalise(table, dict(data))}
    check_row(table, row)
    check_references(session, table, {k: row[k] for k in data if k not in AUTO_COLUMNS or k == "id"})
    for key, value in row.items():
        if key in data:
            setattr(obj, key, value)


def load(session: Session, model: type[M], key: Any, options: Iterable[Any] = ()) -> M:
    obj = session.get(model, key, options=list(options))
    if obj is None:
        raise NotFoundError(model.__tablename__, key)
    return obj


def get(db: Database, model: type[M], key: Any, options: Iterable[Any] = ()) -> M:
    with strict_read(db) as s:
        return load(s, model, key, options)


def create_in(session: Session, model: type[M], data: Mapping[str, Any]) -> M:
    obj = model()
    for col in _columns(model).columns:  # Python-side defaults, so rules see them
        if col.default is not None and col.name not in data and col.default.is_scalar:
            setattr(obj, col.key, col.default.arg)  # type: ignore[attr-defined]  # a scalar default has one
    _apply(session, obj, data)
    session.add(obj)
    session.flush()
    return obj


def update_in(
    session: Session,
    model: type[M],
    key: Any,
    changes: Mapping[str, Any],
    expected_version: int | None = None,
) -> M:
    obj = load(session, model, key)
    if expected_version is not None and getattr(obj, "version", None) != expected_version:
        raise ConflictError("stale")
    _apply(session, obj, changes)
    session.flush()
    return obj


def create(db: Database, model: type[M], data: Mapping[str, Any]) -> M:
    with db.transaction() as s:
        return create_in(s, model, data)


@contextmanager
def conflicts_reported() -> Iterator[None]:
    """Turn a lost race with another session into ConflictError('stale'): the version check
    failed (StaleDataError). Waiting for another writer is not a conflict: a write transaction
    takes its lock up front, and one that cannot is BusyError (tracker/db/engine.py)."""
    try:
        yield
    except StaleDataError as exc:
        raise ConflictError("stale") from exc


def update(
    db: Database, model: type[M], key: Any, changes: Mapping[str, Any], expected_version: int | None = None
) -> M:
    with conflicts_reported(), db.transaction() as s:
        return update_in(s, model, key, changes, expected_version)


@dataclass
class DeletePlan:
    """What a delete takes with it (cascaded children) and what blocks it (references)."""

    table: str
    key: Any
    cascades: dict[str, int] = field(default_factory=dict)
    unlinks: dict[str, int] = field(default_factory=dict)
    blockers: dict[str, int] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        return not self.blockers


# What the user calls the records of each table, for messages such as "still used by ..." and
# "also deleted with them" (every table: tests/services/test_records.py holds it so).
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "action_topics": ("후속조치-주제 연결", "follow-up topic links"),
    "actions": ("후속조치", "follow-ups"),
    "agreement_parties": ("협정 당사 기관", "agreement parties"),
    "agreement_topics": ("협정-주제 연결", "agreement topic links"),
    "audit_log": ("변경 이력", "history entries"),
    "event_topics": ("행사-주제 연결", "event topic links"),
    "meeting_organizations": ("면담-기관 연결", "meeting organization links"),
    "meeting_topics": ("면담-주제 연결", "meeting topic links"),
    "trip_events": ("출장-행사 연결", "trip event links"),
    "agreements": ("협정·양해각서", "agreements"),
    "attachments": ("첨부파일", "attachments"),
    "channels": ("협력채널", "cooperation channels"),
    "countries": ("국가", "countries"),
    "event_sessions": ("행사 세션", "event sessions"),
    "events": ("행사", "events"),
    "itinerary_items": ("일정", "itinerary lines"),
    "key_points": ("주요 내용", "key points"),
    "meeting_participants": ("면담 참석자", "meeting participants"),
    "meetings": ("면담", "meetings"),
    "organizations": ("기관", "organizations"),
    "persons": ("인사", "people"),
    "positions": ("직위", "positions"),
    "topics": ("주제", "topics"),
    "trip_destinations": ("출장지", "trip destinations"),
    "trip_members": ("출장자", "trip members"),
    "trips": ("출장", "trips"),
}


class _RecordCounts:
    """'meeting participants: 1, follow-ups: 2', in the language of the moment it is shown."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)

    def __str__(self) -> str:
        return ", ".join(f"{pick(*TABLE_LABELS.get(t, (t, t)))}: {n}" for t, n in sorted(self.counts.items()))


def describe_counts(counts: Mapping[str, int]) -> str:
    """Record counts per table in words: 'meeting participants: 1, key points: 3'."""
    return str(_RecordCounts(counts))


def plan_delete(db: Database, model: type[Base], key: Any) -> DeletePlan:
    table = _columns(model)
    pk = list(table.primary_key.columns)[0]
    plan = DeletePlan(table.name, key)
    with strict_read(db) as s:
        load(s, model, key)
        for other in Base.metadata.sorted_tables:
            for fk in other.foreign_keys:
                if fk.column is not pk:
                    continue
                n = s.scalar(sa.select(sa.func.count()).select_from(other).where(fk.parent == key)) or 0
                if not n:
                    continue
                bucket = {"CASCADE": plan.cascades, "SET NULL": plan.unlinks}.get(
                    (fk.ondelete or "").upper(), plan.blockers
                )
                bucket[other.name] = bucket.get(other.name, 0) + n
    return plan


def delete(db: Database, model: type[Base], key: Any) -> DeletePlan:
    """Delete one record and what cascades from it; refuse while other records refer to it."""
    plan = plan_delete(db, model, key)
    if not plan.allowed:
        raise ConflictError("in_use", kind=plan.table, value=_RecordCounts(plan.blockers))
    with db.transaction() as s:
        s.delete(load(s, model, key))
    return plan


def list_all(db: Database, model: type[M], *order_by: Any, options: Iterable[Any] = ()) -> list[M]:
    with strict_read(db) as s:
        return list(s.scalars(sa.select(model).order_by(*order_by).options(*options)))


def set_links(session: Session, obj: Base, attr: str, model: type[Base], keys: Iterable[Any]) -> None:
    """Replace a many-to-many collection (topics, organizations) by keys."""
    wanted = list(dict.fromkeys(keys))
    found = {o.id: o for o in session.scalars(sa.select(model).where(model.id.in_(wanted)))}  # type: ignore[attr-defined]
    missing = [k for k in wanted if k not in found]
    if missing:
        raise NotFoundError(model.__tablename__, missing[0])
    setattr(obj, attr, [found[k] for k in wanted])


__all__ = [
    "DeletePlan",
    "TABLE_LABELS",
    "conflicts_reported",
    "create",
    "create_in",
    "delete",
    "get",
    "list_all",
    "load",
    "plan_delete",
    "row_of",
    "selectinload",
    "set_links",
    "update",
    "update_in",
]
