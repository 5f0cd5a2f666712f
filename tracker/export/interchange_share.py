"""A JSON export made for sharing: restricted (대외비) meetings and what hangs off them masked
or left out by the rule of tracker.services.confidentiality. A full backup (the default of
`export_json`) keeps everything.

Works on the encoded records (ids as strings), table by table, parents first:
- omit: the meetings, their key points, follow-ups, itinerary lines, attendees, organizations
  and topics links and photos are left out; a record that only points at one (an agreement
  signed there) loses the pointer.
- mask: the meeting, its key points, follow-ups and itinerary lines stay with their dates,
  times and kinds, every text [대외비] and every pointer to a person, organization or country
  removed; attendees, organization and topic links and photos are left out.
Under both, a person or organization known only from restricted meetings is left out too
(with the positions that belong to it): being in the directory says they were met.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tracker.db.types import MultiLine, SingleLine
from tracker.services.confidentiality import MASK, Restricted

Records = dict[str, list[dict[str, Any]]]
Ids = dict[str, set[str]]

RESTRICTED = "restricted"
# what a masked meeting, key point, follow-up or itinerary line keeps besides its required
# non-text columns: when it was, and what it belongs to
KEPT = {
    "date",
    "start_time",
    "end_time",
    "timezone",
    "end_timezone",
    "end_day_offset",
    "trip_id",
    "event_id",
    "meeting_id",
    "key_point_id",
    "member_id",
    "completed_on",
}
MASKED_TABLES = ("meetings", "key_points", "actions", "itinerary_items")


def _pk(table: sa.Table, row: dict[str, Any]) -> str:
    return "|".join(str(row.get(c.name)) for c in table.primary_key.columns)


def _restricted(records: Records) -> Ids:
    """The records the rule reaches: restricted meetings, their key points (and restricted key
    points anywhere), the follow-ups from either, the itinerary lines of those meetings."""
    meetings = {r["id"] for r in records.get("meetings", []) if r.get("classification") == RESTRICTED}
    points = {
        r["id"]
        for r in records.get("key_points", [])
        if r.get("classification") == RESTRICTED or r.get("meeting_id") in meetings
    }
    actions = {
        r["id"]
        for r in records.get("actions", [])
        if r.get("meeting_id") in meetings or r.get("key_point_id") in points
    }
    lines = {r["id"] for r in records.get("itinerary_items", []) if r.get("meeting_id") in meetings}
    return {"meetings": meetings, "key_points": points, "actions": actions, "itinerary_items": lines}


def _mask(table: sa.Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in table.columns:
        if col.name not in row:
            continue
        text = isinstance(col.type, (SingleLine, MultiLine))
        if col.name in KEPT or col.primary_key or (not col.nullable and not text):
            out[col.name] = row[col.name]
        elif text and not col.nullable:
            out[col.name] = MASK
        # anything else (a name, a place, a person, an organization, a country, a deadline) goes
    return out


def _directory_leftovers(tables: list[sa.Table], records: Records, ignored: Ids, seen: Ids) -> Ids:
    """Persons and organizations pointed at by the restricted records (`seen`) and by no
    other record (`ignored`: left out or masked), other than their own parts (rows that
    cascade with them, such as a person's positions)."""
    out: Ids = {}
    for target in ("persons", "organizations"):
        candidates = set(seen.get(target, set())) - {None}
        for table in tables:
            for fk in table.foreign_keys:
                if fk.column.table.name != target or fk.ondelete == "CASCADE" or not candidates:
                    continue
                gone = ignored.get(table.name, set())
                for row in records.get(table.name, []):
                    value = row.get(fk.parent.name)
                    if (
                        value in candidates
                        and _pk(table, row) not in gone
                        and not _belongs_to(table, row, out)
                    ):
                        candidates.discard(value)
        out[target] = candidates
    return out


def _belongs_to(table: sa.Table, row: dict[str, Any], gone: Ids) -> bool:
    """Whether `row` cascades with a record already left out (a position of a person)."""
    return any(
        fk.ondelete == "CASCADE" and row.get(fk.parent.name) in gone.get(fk.column.table.name, set())
        for fk in table.foreign_keys
    )


def _cascade(tables: list[sa.Table], records: Records, dropped: Ids, keep: Ids, altered: Ids) -> None:
    """Leave out every record that points at a left-out one through a CASCADE link (unless it
    is in `keep`); a record pointing at one through a plain link loses the pointer (and is
    noted in `altered`)."""
    for table in tables:
        gone = dropped.setdefault(table.name, set())
        kept = keep.get(table.name, set())
        for row in records.get(table.name, []):
            key = _pk(table, row)
            if key in gone or key in kept:
                continue
            for fk in table.foreign_keys:
                value = row.get(fk.parent.name)
                if value is None or value not in dropped.get(fk.column.table.name, set()):
                    continue
                if fk.ondelete == "CASCADE" or not fk.parent.nullable:
                    gone.add(key)
                    break
                row.pop(fk.parent.name)
                altered.setdefault(table.name, set()).add(key)


def shared_records(tables: list[sa.Table], records: Records, mode: Restricted) -> tuple[Records, Ids]:
    """`records` (table -> encoded rows, as `export_json` writes them) for a shared file, and
    the keys (`row_key`) of the records written differently from the database's: masked, or
    without a pointer to a record left out. An import must never let those overwrite the
    records they came from (tracker.export.interchange honours the list)."""
    mode = Restricted(mode)
    altered: Ids = {}
    if mode is Restricted.INCLUDE:
        return records, altered
    by_name = {t.name: t for t in tables}
    reach = _restricted(records)
    seen: Ids = {"persons": set(), "organizations": set()}
    for row in records.get("meeting_participants", []):
        if row.get("meeting_id") in reach["meetings"]:
            seen["persons"].add(row.get("person_id"))
            seen["organizations"].add(row.get("organization_id"))
    for row in records.get("meeting_organizations", []):
        if row.get("meeting_id") in reach["meetings"]:
            seen["organizations"].add(row.get("organization_id"))
    for row in records.get("actions", []):
        if row["id"] in reach["actions"]:
            seen["persons"].update((row.get("owner_id"), row.get("counterpart_id")))
            seen["organizations"].add(row.get("counterpart_org_id"))
    if mode is Restricted.OMIT:
        dropped: Ids = {name: set(ids) for name, ids in reach.items()}
        keep: Ids = {}
    else:
        # the meetings stay (masked); what hangs off them by a link of their own goes
        dropped = {"meetings": set(reach["meetings"])}
        keep = {name: set(ids) for name, ids in reach.items()}
    _cascade(tables, records, dropped, keep, altered)
    ignored = {name: dropped.get(name, set()) | reach.get(name, set()) for name in by_name}
    for name, ids in _directory_leftovers(tables, records, ignored, seen).items():
        dropped.setdefault(name, set()).update(ids)
    if mode is Restricted.MASK:
        dropped["meetings"] -= reach["meetings"]
    _cascade(tables, records, dropped, keep, altered)
    out: Records = {}
    for table in tables:
        gone = dropped.get(table.name, set())
        masked = reach.get(table.name, set()) if mode is Restricted.MASK else set()
        out[table.name] = [
            _mask(table, row) if _pk(table, row) in masked else row
            for row in records.get(table.name, [])
            if _pk(table, row) not in gone
        ]
        kept = {_pk(table, row) for row in out[table.name]}
        changed = (altered.get(table.name, set()) | masked) & kept
        if changed:
            altered[table.name] = changed
        else:
            altered.pop(table.name, None)
    return out, altered


def row_key(table: sa.Table, row: dict[str, Any]) -> str:
    """A record's key as a sharing file lists it: its primary key values, joined by "|"."""
    return _pk(table, row)
