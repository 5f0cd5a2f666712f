"""mark hidden audit entries

On a team server an audit entry is hidden from who lacks the 대외비 label when its text says
"restricted" (0010's policy on audit_log), or when it is about a row the reader cannot see that
still exists. An entry about a row that belongs to a 대외비 meeting, trip or key point (a
participant, a follow-up, an itinerary line …) said neither once that row was deleted, or
ever for the tables the policy does not look up (destinations, members, attachments): it told
its content to everyone. The program now marks such entries as it writes them
(tracker/db/audit.py, `"_hidden_with": "restricted"`); this revision marks those written
before. On SQLite too, where only the mark's being there changes: the program writes one
trail alike on both engines.

The downgrade takes the marks away again: the History window of an older tracker would read
the mark as a changed field.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 04:00:00
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARK, RESTRICTED = "_hidden_with", "restricted"
# Frozen copies of tracker/db/audit.py's tables (change them only with a new migration).
HIDDEN_WITH: dict[str, tuple[str, ...]] = {
    "key_points": ("meeting_id",),
    "meeting_participants": ("meeting_id",),
    "actions": ("meeting_id", "key_point_id", "trip_id"),
    "trip_destinations": ("trip_id",),
    "trip_members": ("trip_id",),
    "itinerary_items": ("trip_id", "meeting_id"),
    "attachments": ("meeting_id", "trip_id"),
}
PARENTS = ("meetings", "trips", "key_points")
RESTRICTED_NOW = """
SELECT id FROM meetings WHERE classification = 'restricted'
UNION SELECT id FROM trips WHERE classification = 'restricted'
UNION SELECT k.id FROM key_points k LEFT JOIN meetings m ON m.id = k.meeting_id
      WHERE k.classification = 'restricted' OR m.classification = 'restricted'
"""


def _id(value: Any) -> str:
    """One spelling of an id, however the engine or the trail wrote it."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return str(value)


def _current(conn: sa.Connection, table: str, keys: list[str]) -> dict[str, dict[str, Any]]:
    """The parent columns of the rows of `table` that still exist, by id."""
    columns = ", ".join(HIDDEN_WITH[table])
    found: dict[str, dict[str, Any]] = {}
    for row in conn.execute(sa.text(f"SELECT id, {columns} FROM {table}")).mappings():
        if _id(row["id"]) in keys:
            found[_id(row["id"])] = dict(row)
    return found


def upgrade() -> None:
    conn = op.get_bind()
    hidden = {_id(r[0]) for r in conn.execute(sa.text(RESTRICTED_NOW))}
    trail = [
        tuple(r)
        for r in conn.execute(sa.text("SELECT id, table_name, action, record_key, changes FROM audit_log"))
    ]
    parsed: dict[Any, Any] = {}
    for entry_id, _table, action, _key, text in trail:
        data = json.loads(text or "{}")
        parsed[entry_id] = data
        if action == "deleted":  # parents deleted while 대외비: only their snapshot tells
            for name, row in data.get("rows", []):
                if name in PARENTS and row.get("classification") == RESTRICTED:
                    hidden.add(_id(row.get("id")))
    updated_keys: dict[str, list[str]] = {}
    for _entry_id, table, action, key, _text in trail:
        if table in HIDDEN_WITH and action == "updated":
            updated_keys.setdefault(table, []).append(_id(key))
    current = {table: _current(conn, table, keys) for table, keys in updated_keys.items()}
    for entry_id, table, action, key, _text in trail:
        data = parsed[entry_id]
        if table not in HIDDEN_WITH or MARK in data:
            continue
        if action == "deleted":
            values = (data.get("rows") or [[None, {}]])[0][1]
        elif action == "created":
            values = data
        else:  # an update names only what changed: whom the row belongs to is in the row
            values = current.get(table, {}).get(_id(key), {})
        if any(values.get(c) is not None and _id(values[c]) in hidden for c in HIDDEN_WITH[table]):
            data[MARK] = RESTRICTED
            conn.execute(
                sa.text("UPDATE audit_log SET changes = :changes WHERE id = :id"),
                {"changes": json.dumps(data, ensure_ascii=False, sort_keys=True), "id": entry_id},
            )


def downgrade() -> None:
    conn = op.get_bind()
    marked = conn.execute(
        sa.text("SELECT id, changes FROM audit_log WHERE changes LIKE :mark"), {"mark": f"%{MARK}%"}
    )
    for entry_id, text in [tuple(r) for r in marked]:
        data = json.loads(text or "{}")
        if data.pop(MARK, None) is not None:
            conn.execute(
                sa.text("UPDATE audit_log SET changes = :changes WHERE id = :id"),
                {"changes": json.dumps(data, ensure_ascii=False, sort_keys=True), "id": entry_id},
            )
