"""The audit trail: every record created, changed or deleted through a session is written to
`audit_log` in the same transaction, with who did it (the PostgreSQL role, or the person's
login on a personal SQLite file) and what changed (field: before, after).

A deletion keeps the rows that went with it (the record, and what its deletion removed:
key points, attendees, links) and the rows that only lost their pointer to it, so that
tracker.services.history can put it all back. Bulk imports write through Core and are not
traced row by row (an import is its own record: the file it came from).
"""

from __future__ import annotations

import getpass
import json
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from tracker.db.base import Base
from tracker.db.models.audit import AuditEntry
from tracker.db.types import utcnow

AUDIT = cast(sa.Table, AuditEntry.__table__)  # declared, so a Table
_SKIPPED = {"updated_at", "version", "created_at"}  # stamps, not content

# On a team server an entry is hidden from who lacks the 대외비 label when its text says
# "restricted" (migration 0010's policy on audit_log). An entry about a row that belongs to a
# 대외비 record (a participant, a follow-up, an itinerary line …) says so with this mark: the
# row itself does not, and once deleted, or for the tables the policy does not look up, the
# entry would otherwise tell its content to everyone. Marks start with "_": not a field.
HIDDEN_MARK = "_hidden_with"
RESTRICTED = "restricted"
# The rows row-level security hides with their parent (0010), by the column naming the parent.
_HIDDEN_WITH: dict[str, tuple[str, ...]] = {
    "key_points": ("meeting_id",),
    "meeting_participants": ("meeting_id",),
    "actions": ("meeting_id", "key_point_id", "trip_id"),
    "trip_destinations": ("trip_id",),
    "trip_members": ("trip_id",),
    "itinerary_items": ("trip_id", "meeting_id"),
    "attachments": ("meeting_id", "trip_id"),
}
_PARENT_TABLE = {"meeting_id": "meetings", "trip_id": "trips", "key_point_id": "key_points"}


def encode(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return None
    return value


def decode(col: sa.Column, value: Any) -> Any:
    """A value of `encode` back to what the column holds."""
    if value is None:
        return None
    try:
        kind = col.type.python_type
        if kind is object and isinstance(col.type, sa.TypeDecorator):  # UTCDateTime, text types
            kind = col.type.impl_instance.python_type
    except NotImplementedError:
        return value
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is time:
        return time.fromisoformat(value)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    return value


def key_text(values: tuple[Any, ...]) -> str:
    """A record's key as the log keeps it: its primary key values joined by '|'."""
    return "|".join(str(encode(v)) for v in values)


def _pk_values(table: sa.Table, row: Any) -> tuple[Any, ...]:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _dependents(table: sa.Table) -> Iterator[tuple[sa.Table, sa.ForeignKey, bool]]:
    """(child table, its foreign key to `table`, whether the child row goes with the parent)
    for every table that points at `table` by a single-column key."""
    for other in Base.metadata.sorted_tables:
        if other is AUDIT:
            continue
        for fk in other.foreign_keys:
            if fk.column.table is table:
                goes = (
                    (fk.ondelete or "").upper() == "CASCADE"
                    or fk.parent.primary_key
                    or not fk.parent.nullable
                )
                yield other, fk, goes


def _snapshot(
    conn: sa.Connection, table: sa.Table, where: Any, rows: list, unlinked: list, seen: set[tuple[str, str]]
) -> None:
    """The rows of `table` matching `where`, then (recursively) what their deletion removes or
    unlinks."""
    for row in conn.execute(sa.select(table).where(where)).mappings():
        ident = (table.name, key_text(_pk_values(table, row)))
        if ident in seen:
            continue
        seen.add(ident)
        rows.append([table.name, {k: encode(v) for k, v in row.items()}])
        if len(table.primary_key.columns) != 1:
            continue
        pk = next(iter(table.primary_key.columns))
        for child, fk, goes in _dependents(table):
            condition = fk.parent == row[pk.name]
            if goes:
                _snapshot(conn, child, condition, rows, unlinked, seen)
            else:
                for linked in conn.execute(sa.select(*child.primary_key.columns).where(condition)):
                    unlinked.append(
                        [child.name, key_text(tuple(linked)), fk.parent.name, encode(row[pk.name])]
                    )


def _column_changes(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    out: dict[str, list[Any]] = {}
    for col in state.mapper.local_table.columns:
        if col.name in _SKIPPED:
            continue
        prop = state.mapper.get_property_by_column(col)
        hist = state.attrs[prop.key].history
        if hist.has_changes():
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            if before != after:
                out[col.name] = [encode(before), encode(after)]
    for rel in state.mapper.relationships:
        if rel.secondary is None:
            continue  # one-to-many children are records of their own, traced by themselves
        hist = state.attrs[rel.key].history
        if hist.added or hist.deleted:
            out[rel.key] = [
                [key_text(inspect(o).identity or ()) for o in hist.deleted],
                [key_text(inspect(o).identity or ()) for o in hist.added],
            ]
    return out


def _values(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    return {
        c.name: encode(getattr(obj, state.mapper.get_property_by_column(c).key))
        for c in state.mapper.local_table.columns
        if c.name not in _SKIPPED
    }


def _entry(session: Session, actor: str, action: str, table: str, key: str, changes: Any) -> dict[str, Any]:
    txn = session.info.setdefault("audit_txn", str(uuid.uuid4()))
    return {
        "at": utcnow(),
        "actor": actor,
        "action": action,
        "table_name": table,
        "record_key": key,
        "changes": json.dumps(changes, ensure_ascii=False, sort_keys=True),
        "txn": txn,
    }


def install_audit(factory: sessionmaker[Session], actor: Callable[[Session], str]) -> None:
    @event.listens_for(factory, "before_flush")
    def _before(session: Session, _ctx: Any, _instances: Any) -> None:
        # Deleted records are read before they go, with what goes or unlinks with them.
        pending = session.info.setdefault("audit_deleted", [])
        seen: set[tuple[str, str]] = set()
        # Parents first: a meeting's entry holds its key points, which then need none.
        order: dict[Any, int] = {t: i for i, t in enumerate(Base.metadata.sorted_tables)}
        for obj in sorted(session.deleted, key=lambda o: order.get(getattr(o, "__table__", None), 0)):
            table = getattr(obj, "__table__", None)
            if table is None or table is AUDIT:
                continue
            key = inspect(obj).identity
            if key is None:
                continue
            rows: list = []
            unlinked: list = []
            where = sa.and_(*[c == v for c, v in zip(table.primary_key.columns, key, strict=True)])
            _snapshot(session.connection(), table, where, rows, unlinked, seen)
            if rows:
                pending.append((table.name, key_text(key), {"rows": rows, "unlinked": unlinked}))

    @event.listens_for(factory, "after_flush")
    def _after(session: Session, _ctx: Any) -> None:
        who = actor(session)
        entries: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []  # each entry's row as it is (whom it belongs to)
        for obj in session.new:
            table = getattr(obj, "__table__", None)
            if table is not None and table is not AUDIT:
                key = key_text(inspect(obj).mapper.primary_key_from_instance(obj))
                values = _values(obj)
                entries.append(_entry(session, who, "created", table.name, key, values))
                rows.append(values)
        for obj in session.dirty:
            table = getattr(obj, "__table__", None)
            if table is None or table is AUDIT or not session.is_modified(obj):
                continue
            changes = _column_changes(obj)
            if changes:
                key = key_text(inspect(obj).identity or ())
                entries.append(_entry(session, who, "updated", table.name, key, changes))
                rows.append(_values(obj) if table.name in _HIDDEN_WITH else {})  # only these are asked
        for table_name, key, snapshot in session.info.pop("audit_deleted", []):
            entries.append(_entry(session, who, "deleted", table_name, key, snapshot))
            rows.append(snapshot["rows"][0][1])
        if entries:
            mark_hidden(session.connection(), entries, rows)
            session.connection().execute(AUDIT.insert(), entries)

    @event.listens_for(factory, "after_commit")
    @event.listens_for(factory, "after_rollback")
    def _end(session: Session) -> None:
        session.info.pop("audit_txn", None)
        session.info.pop("audit_deleted", None)


def mark_hidden(
    conn: sa.Connection, entries: Sequence[dict[str, Any]], rows: Sequence[Mapping[str, Any]]
) -> None:
    """Mark (HIDDEN_MARK) each entry about a row that belongs to a 대외비 meeting, trip or key
    point; `rows[i]` is the row `entries[i]` is about, as it is after the change (or was,
    deleted). Every writer of the trail calls it: the sessions' audit here, tracker sync."""
    hidden = _restricted_parents(conn, entries, rows)
    for entry, row in zip(entries, rows, strict=True):
        columns = _HIDDEN_WITH.get(entry["table_name"], ())
        if any(row.get(c) is not None and _id(row[c]) in hidden for c in columns):
            data = json.loads(entry["changes"])
            data[HIDDEN_MARK] = RESTRICTED
            entry["changes"] = json.dumps(data, ensure_ascii=False, sort_keys=True)


def _id(value: Any) -> str:
    """One spelling of an id, whether a UUID, its text or its hex."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return str(value)


def _restricted_parents(
    conn: sa.Connection, entries: Sequence[dict[str, Any]], rows: Sequence[Mapping[str, Any]]
) -> set[str]:
    """The ids of the 대외비 meetings, trips and key points (a key point also by its meeting)
    that the rows belong to, whether they still exist or were deleted in the same write."""
    from tracker.db.models import KeyPoint, Meeting, Trip

    wanted: dict[str, set[uuid.UUID]] = {"meetings": set(), "trips": set(), "key_points": set()}
    hidden: set[str] = set()
    for entry, row in zip(entries, rows, strict=True):
        for column in _HIDDEN_WITH.get(entry["table_name"], ()):
            if row.get(column) is not None:
                wanted[_PARENT_TABLE[column]].add(uuid.UUID(_id(row[column])))
        if entry["action"] == "deleted":  # a parent deleted now is no longer there to be asked
            for name, values in json.loads(entry["changes"]).get("rows", []):
                if name in wanted and values.get("classification") == RESTRICTED:
                    hidden.add(_id(values["id"]))
    restricted = Meeting.classification == RESTRICTED
    asked = (
        sa.select(Meeting.id).where(Meeting.id.in_(wanted["meetings"]), restricted),
        sa.select(Trip.id).where(Trip.id.in_(wanted["trips"]), Trip.classification == RESTRICTED),
        sa.select(KeyPoint.id)
        .outerjoin(Meeting, Meeting.id == KeyPoint.meeting_id)
        .where(
            KeyPoint.id.in_(wanted["key_points"]), sa.or_(KeyPoint.classification == RESTRICTED, restricted)
        ),
    )
    for query, ids in zip(asked, wanted.values(), strict=True):
        if ids:
            hidden.update(_id(found) for found in conn.execute(query).scalars())
    return hidden


def login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in the environment (a service, a container)
        return "?"
