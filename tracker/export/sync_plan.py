"""What a sync would do, record by record, from three states: the offline copy, the server, and
the base (both as they were at the checkout or the last sync: tracker.export.offline_state).

A record changed on one side only is carried to the other (a creation, a change or a deletion
alike). A record changed on both sides, differently, is a conflict: neither side is written.
A change that the other side's references forbid is held as a conflict too, rather than let the
database cascade it onto records nobody chose to touch: a deletion while the other side still
refers to the record, or a record that refers to one the other side deleted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from tracker.export.interchange import tables
from tracker.export.offline_state import fingerprint, record_key

OFFLINE, SERVER = "offline", "server"  # the two sides
# Why a record is a conflict
BOTH_CHANGED = "both_changed"
STILL_USED = "still_used"  # its deletion is held: the other side still refers to it
REFERS_TO_DELETED = "refers_to_deleted"  # it refers to a record the other side deleted

Row = Mapping[str, Any]
Key = tuple[Any, ...]


@dataclass
class Op:
    """Make `side`'s copy of one record equal `row` (None: delete it). `current` is that side's
    row now: an update or deletion is written only if the row is still this (a colleague's save
    landing during the sync is never overwritten)."""

    side: str
    table: sa.Table
    key: Key
    row: Row | None
    current: Row | None
    restamp: bool = False  # the source's own record given the version its copy got: not news

    @property
    def kind(self) -> str:
        return "delete" if self.row is None else "insert" if self.current is None else "update"

    @property
    def ref(self) -> tuple[str, str]:
        return self.table.name, record_key(self.table, dict(zip(_pk(self.table), self.key, strict=True)))


@dataclass
class Held:
    """A record left as it is on both sides."""

    table: sa.Table
    key: Key
    reason: str
    offline: Row | None
    server: Row | None


@dataclass
class Plan:
    old_base: Mapping[tuple[str, str], str]
    ops: list[Op] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    # the base after the sync: what both sides then hold, per (table, key text); a record gone
    # from both sides leaves it
    base: dict[tuple[str, str], str] = field(default_factory=dict)
    settled: list[tuple[str, str]] = field(default_factory=list)  # conflicts settled by `take`
    known_to_server: int = 0  # records of the base the server still holds (none: not its copy?)

    def count(self, side: str, kind: str) -> int:
        return sum(1 for op in self.ops if op.side == side and op.kind == kind and not op.restamp)


def _pk(table: sa.Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def read_rows(conn: sa.Connection, table: sa.Table) -> dict[Key, Row]:
    pks = _pk(table)
    return {tuple(r[c] for c in pks): r for r in conn.execute(sa.select(table)).mappings()}


def plan_sync(
    offline: sa.Connection, server: sa.Connection, base: Mapping[tuple[str, str], str], take: str | None
) -> Plan:
    """`take` (OFFLINE or SERVER) settles the conflicts that way; None leaves them held."""
    plan = Plan(base)
    states: dict[str, dict[str, dict[Key, Row]]] = {OFFLINE: {}, SERVER: {}}
    for table in tables():
        mine, theirs = read_rows(offline, table), read_rows(server, table)
        states[OFFLINE][table.name], states[SERVER][table.name] = mine, theirs
        for key in dict.fromkeys([*mine, *theirs]):
            _compare(plan, table, key, mine.get(key), theirs.get(key), base, take)
        plan.known_to_server += sum(
            1 for row in theirs.values() if (table.name, record_key(table, row)) in base
        )
    _hold_what_references_forbid(plan, states, take)
    return plan


def _compare(
    plan: Plan,
    table: sa.Table,
    key: Key,
    mine: Row | None,
    theirs: Row | None,
    base: Mapping[tuple[str, str], str],
    take: str | None,
) -> None:
    ref = (table.name, record_key(table, mine or theirs or {}))
    fm, ft, fb = fingerprint(mine), fingerprint(theirs), base.get(ref)
    if fm == ft:  # the same on both sides (changed alike, or not at all)
        plan.base[ref] = fm  # type: ignore[assignment]
        return
    if take is not None and fm != fb and ft != fb:
        plan.settled.append(ref)
    if fm == fb or (take == SERVER and ft != fb):
        _carry(plan, table, key, theirs, mine, to=OFFLINE)
    elif ft == fb or take == OFFLINE:
        _carry(plan, table, key, mine, theirs, to=SERVER)
    else:
        plan.held.append(Held(table, key, BOTH_CHANGED, mine, theirs))
        if fb is not None:
            plan.base[ref] = fb


def _carry(plan: Plan, table: sa.Table, key: Key, source: Row | None, target: Row | None, *, to: str) -> None:
    """Make `to`'s copy equal the other side's. `version` only goes up: where the target's is
    not below the source's, both sides get one past the target's."""
    row = dict(source) if source is not None else None
    if (
        row is not None
        and target is not None
        and "version" in table.c
        and row["version"] <= target["version"]
    ):
        row["version"] = target["version"] + 1
        plan.ops.append(Op(OFFLINE if to == SERVER else SERVER, table, key, row, source, restamp=True))
    plan.ops.append(Op(to, table, key, row, target))
    ref = (table.name, record_key(table, source or target or {}))
    if row is None:
        plan.base.pop(ref, None)
    else:
        plan.base[ref] = fingerprint(row)  # type: ignore[assignment]


# ---------------------------------------------------------------- what references forbid


def _references(table: sa.Table) -> list[tuple[str, sa.Table]]:
    """(column, referenced table) for each single-column reference to a primary key."""
    out = []
    for col in table.columns:
        for fk in col.foreign_keys:
            target = fk.column.table
            if fk.column.primary_key and len(target.primary_key.columns) == 1:
                out.append((col.name, target))
    return out


def _final(
    states: dict[str, dict[str, dict[Key, Row]]], ops: list[Op]
) -> dict[str, dict[str, dict[Key, Row]]]:
    """Each side's records as they would be after the ops."""
    final = {side: {name: dict(rows) for name, rows in by_table.items()} for side, by_table in states.items()}
    for op in ops:
        rows = final[op.side][op.table.name]
        if op.row is None:
            rows.pop(op.key, None)
        else:
            rows[op.key] = op.row
    return final


def _hold_what_references_forbid(
    plan: Plan, states: dict[str, dict[str, dict[Key, Row]]], take: str | None
) -> None:
    """Hold each op that would break a reference, until none would (holding one op can break
    another's: a held creation of a parent holds its children's). With `take`, an op that
    carries the other side's version to the side taken is first turned round instead: the
    taken side's version goes to the other (once per record), which may unblock the rest."""
    by_name = {t.name: t for t in tables()}
    turned: set[tuple[str, str]] = set()
    while True:
        final = _final(states, plan.ops)
        used: dict[tuple[str, str], set[Any]] = {}  # (side, table) -> keys something refers to
        for side, by_table in final.items():
            for name, rows in by_table.items():
                for col, target in _references(by_name[name]):
                    bucket = used.setdefault((side, target.name), set())
                    bucket.update(r[col] for r in rows.values() if r[col] is not None)
        bad = [op for op in plan.ops if _breaks(op, final, used)]
        if not bad:
            return
        turn = [op for op in bad if op.side == take and op.ref not in turned and _may_turn(plan, op, states)]
        for op in turn or bad:
            if not any(o is op for o in plan.ops):
                continue  # already dealt with, with its record's other op
            if turn:
                turned.add(op.ref)
                _turn_round(plan, op, states)
            else:
                _hold(plan, op, states)


def _may_turn(plan: Plan, op: Op, states: dict[str, dict[str, dict[Key, Row]]]) -> bool:
    """Not a restamp, and not one that would delete a record made on the other side since the
    last sync (new work is held and listed, never removed by a choice about another record)."""
    made_since = op.ref not in plan.old_base
    return not op.restamp and not (made_since and states[op.side][op.table.name].get(op.key) is None)


def _turn_round(plan: Plan, op: Op, states: dict[str, dict[str, dict[Key, Row]]]) -> None:
    """Instead of carrying the other side's version to `op.side`, carry `op.side`'s to it."""
    plan.ops = [o for o in plan.ops if not (o.table is op.table and o.key == op.key)]
    other = OFFLINE if op.side == SERVER else SERVER
    source = states[op.side][op.table.name].get(op.key)
    target = states[other][op.table.name].get(op.key)
    _carry(plan, op.table, op.key, source, target, to=other)
    if op.ref not in plan.settled:
        plan.settled.append(op.ref)


def _breaks(
    op: Op, final: dict[str, dict[str, dict[Key, Row]]], used: dict[tuple[str, str], set[Any]]
) -> bool:
    if op.row is None:
        return len(op.key) == 1 and op.key[0] in used.get((op.side, op.table.name), set())
    return any(
        op.row[col] is not None and (op.row[col],) not in final[op.side][target.name]
        for col, target in _references(op.table)
    )


def _hold(plan: Plan, op: Op, states: dict[str, dict[str, dict[Key, Row]]]) -> None:
    """Drop every op of this record (its restamp too); its base stays as it was."""
    plan.ops = [o for o in plan.ops if not (o.table is op.table and o.key == op.key)]
    mine = states[OFFLINE][op.table.name].get(op.key)
    theirs = states[SERVER][op.table.name].get(op.key)
    reason = STILL_USED if op.row is None else REFERS_TO_DELETED
    plan.held.append(Held(op.table, op.key, reason, mine, theirs))
    ref = op.ref
    plan.settled = [r for r in plan.settled if r != ref]
    if ref in plan.old_base:
        plan.base[ref] = plan.old_base[ref]
    else:
        plan.base.pop(ref, None)
