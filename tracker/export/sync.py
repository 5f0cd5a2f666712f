"""Working away from the network: `tracker checkout` takes an offline copy of the team database
(a SQLite file the app opens like any personal database), and `tracker sync` merges it back
both ways (tracker.export.sync_plan says what goes where).

Nothing made offline is lost: a record changed on both sides is left as it is on both (the
server keeps its version, the offline copy keeps the officer's) and listed, until the officer
settles it with `take` (the other side's version then stays in that record's history, as every
change the sync writes is logged in the audit trail of the side it is written to, deletions
with their rows so that they can be restored).

Both databases are written in one transaction each, the server's committed first: a server
that stops answering mid-way leaves both as they were. Should the offline file then fail to
commit, the server holds the changes already and the next sync finds both sides alike (the
merge compares the records themselves, not a log of changes), so it still converges.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tracker.db.audit import AUDIT, encode, key_text, login_name, mark_hidden
from tracker.db.engine import Database
from tracker.db.types import utcnow
from tracker.domain.i18n import pick
from tracker.export import offline_state
from tracker.export.copy import CopyResult, copy_database, copy_files
from tracker.export.interchange import ImportResult, tables
from tracker.export.sync_plan import (
    BOTH_CHANGED,
    OFFLINE,
    SERVER,
    STILL_USED,
    Held,
    Op,
    Plan,
    plan_sync,
    read_rows,
)
from tracker.services.history import table_label

_LABEL_FIELDS = ("title", "title_ko", "name_ko", "name_en", "name", "text", "filename", "description")
_STAMPS = {"created_at", "updated_at", "version"}


class CopyExists(Exception):
    """`checkout` will not write over a file that is already there."""


# ---------------------------------------------------------------- checkout


def checkout(source: Database, local: Database) -> CopyResult:
    """Copy every record and attachment of `source` into the new, empty database `local`, and
    remember where they came from (see tracker.export.offline_state)."""
    with local.read() as s:
        if any(s.execute(sa.select(t).limit(1)).first() for t in tables() if t.name != "countries"):
            raise CopyExists(
                pick(
                    "이미 기록이 있는 데이터베이스에는 오프라인 사본을 만들 수 없습니다",
                    "an offline copy can only be made into a new, empty database",
                )
            )
    result = copy_database(source, local, newer="overwrite")  # countries seeded alike: the team's win
    with local.write() as conn:
        base = [
            (table.name, offline_state.record_key(table, row), offline_state.fingerprint(row) or "")
            for table in tables()
            for row in read_rows(conn, table).values()
        ]
        offline_state.start(conn, source.url, base)
    return result


# ---------------------------------------------------------------- what a sync reports


@dataclass(frozen=True)
class Side:
    """One side's copy of a conflicting record: when it was last changed and by whom."""

    present: bool
    changed_at: datetime | None
    author: str | None

    def describe(self) -> str:
        when = f"{self.changed_at:%Y-%m-%d %H:%M} UTC" if self.changed_at else "-"
        who = self.author or pick("알 수 없음", "unknown")
        state = "" if self.present else pick("삭제함, ", "deleted, ")
        return f"{state}{when}, {who}"


@dataclass(frozen=True)
class SyncConflict:
    table: str
    key: str
    label: str
    reason: str
    offline: Side
    server: Side

    def describe(self) -> str:
        offline_gone = not self.offline.present
        if self.reason == BOTH_CHANGED:
            what = pick("양쪽에서 고침", "changed on both sides")
        elif self.reason == STILL_USED:
            what = (
                pick(
                    "오프라인에서 지웠지만 서버의 기록이 아직 가리킴",
                    "deleted offline, still used on the server",
                )
                if offline_gone
                else pick(
                    "서버에서 지웠지만 오프라인 기록이 아직 가리킴",
                    "deleted on the server, still used offline",
                )
            )
        else:
            what = pick("다른 쪽에서 지운 기록을 가리킴", "refers to a record deleted on the other side")
        name = f"{table_label(self.table)} {self.label or self.key}"
        return (
            f"{name}: {what} ("
            + pick("오프라인", "offline")
            + f": {self.offline.describe()} / "
            + pick("서버", "server")
            + f": {self.server.describe()})"
        )


@dataclass
class SyncResult:
    sent: dict[str, int] = field(default_factory=dict)  # insert/update/delete -> records
    received: dict[str, int] = field(default_factory=dict)
    conflicts: list[SyncConflict] = field(default_factory=list)
    files_copied: int = 0
    settled: int = 0  # conflicts settled by `take`

    @property
    def nothing_to_do(self) -> bool:
        return not any(self.sent.values()) and not any(self.received.values()) and not self.files_copied

    def summary(self) -> str:
        def counts(c: dict[str, int]) -> str:
            return pick(
                f"추가 {c.get('insert', 0):,}건, 수정 {c.get('update', 0):,}건, 삭제 {c.get('delete', 0):,}건",
                f"{c.get('insert', 0):,} new, {c.get('update', 0):,} changed, {c.get('delete', 0):,} deleted",
            )

        text = pick(
            f"서버로 보냄: {counts(self.sent)}; 서버에서 받음: {counts(self.received)}",
            f"sent to the server: {counts(self.sent)}; received: {counts(self.received)}",
        )
        if self.files_copied:
            text += pick(f"; 첨부파일 {self.files_copied:,}개", f"; {self.files_copied:,} attachment files")
        return text


class SyncFailed(Exception):
    """The sync stopped and wrote nothing on either side; the message says why."""


class SyncInterrupted(SyncFailed):
    """A record moved on while the sync wrote: nothing was written; syncing again works."""


# ---------------------------------------------------------------- sync


def sync(local: Database, server: Database, *, take: str | None = None) -> SyncResult:
    """Merge the offline copy `local` with `server` both ways (see the module's note). `take`
    (OFFLINE or SERVER) settles the records changed on both sides that way."""
    if take not in (None, OFFLINE, SERVER):
        raise ValueError(take)
    if local.engine.url == server.engine.url:
        raise ValueError(
            pick("사본과 원본이 같은 데이터베이스입니다", "the copy and its origin are the same database")
        )
    with local.read() as s:
        offline_state.origin(s.connection())  # NotACheckout before anything is touched
    added: list[Path] = []
    files = CopyResult(records=ImportResult(0, 0, 0, [], [], {}))
    try:
        with local.write() as mine, server.write() as theirs:
            old_base = offline_state.base(mine)
            plan = plan_sync(mine, theirs, old_base, take)
            if old_base and not plan.known_to_server:
                raise SyncFailed(
                    pick(
                        "원본에 이 사본의 기록이 하나도 없습니다. 같은 데이터베이스인지 확인하세요 (새로 만든 빈 "
                        "데이터베이스에 맞추면 사본의 기록이 모두 지워진 것으로 보입니다). 아무것도 바뀌지 않았습니다.",
                        "The origin holds none of this copy's records: check that it is the same database (against "
                        "a new, empty one every record would look deleted). Nothing was changed.",
                    )
                )
            # the files of the attachments that travel, before their records
            added += copy_files(local, server, files, None, only=_files_to(plan, SERVER))
            added += copy_files(server, local, files, None, only=_files_to(plan, OFFLINE))
            conns = {OFFLINE: mine, SERVER: theirs}
            actors = {OFFLINE: _actor(local, mine), SERVER: _actor(server, theirs)}
            for side in (SERVER, OFFLINE):
                _apply(conns[side], [op for op in plan.ops if op.side == side], actors[side])
            offline_state.write_base(mine, old_base, plan.base)
            offline_state.mark_synced(mine)
            result = _result(plan, files, mine, theirs)
            # leaving the blocks commits the server first, then the offline copy
    except BaseException as exc:
        for path in added:  # nothing was merged: no stray files either
            path.unlink(missing_ok=True)
        if isinstance(exc, sa.exc.IntegrityError):  # e.g. a name the other side already uses
            raise SyncFailed(
                pick(
                    f"데이터베이스 제약 때문에 동기화하지 못했습니다. 아무것도 바뀌지 않았습니다: {exc.orig}",
                    f"A database constraint refused the sync; nothing was changed: {exc.orig}",
                )
            ) from exc
        raise
    return result


def _files_to(plan: Plan, side: str) -> set[str]:
    return {
        str(op.row["stored_name"])
        for op in plan.ops
        if op.side == side and op.table.name == "attachments" and op.row is not None
    }


def _result(plan: Plan, files: CopyResult, mine: sa.Connection, theirs: sa.Connection) -> SyncResult:
    result = SyncResult(files_copied=files.files_copied)
    for kind in ("insert", "update", "delete"):
        result.sent[kind] = plan.count(SERVER, kind)
        result.received[kind] = plan.count(OFFLINE, kind)
    result.conflicts = [_conflict(h, mine, theirs) for h in plan.held]
    result.settled = len(plan.settled)
    return result


def _label(table: sa.Table, row: Mapping[str, Any] | None) -> str:
    if row is None:
        return ""
    text = next((str(row[f]) for f in _LABEL_FIELDS if f in table.c and row.get(f)), "")
    return f"'{text[:60]}'" if text else ""


def _conflict(held: Held, mine: sa.Connection, theirs: sa.Connection) -> SyncConflict:
    row = held.offline or held.server or {}
    key = offline_state.record_key(held.table, row)
    return SyncConflict(
        held.table.name,
        key,
        _label(held.table, held.offline) or _label(held.table, held.server),
        held.reason,
        _side(mine, held.table, key, held.offline),
        _side(theirs, held.table, key, held.server),
    )


def _side(conn: sa.Connection, table: sa.Table, key: str, row: Mapping[str, Any] | None) -> Side:
    last = conn.execute(
        sa.select(AUDIT.c.actor, AUDIT.c.at)
        .where(AUDIT.c.table_name == table.name, AUDIT.c.record_key == key)
        .order_by(AUDIT.c.id.desc())
        .limit(1)
    ).first()
    changed = row.get("updated_at") if row is not None else None
    return Side(row is not None, changed or (last.at if last else None), last.actor if last else None)


# ---------------------------------------------------------------- writing one side


def _actor(db: Database, conn: sa.Connection) -> str:
    """Who the audit trail names, as for a save: the officer's name if the program set one,
    else the PostgreSQL role or the login of this computer."""
    if db.actor:
        return db.actor
    return login_name() if db.is_sqlite else str(conn.execute(sa.text("SELECT current_user")).scalar())


def _apply(conn: sa.Connection, ops: list[Op], actor: str) -> None:
    """Creations parents first, then changes, then deletions children first: each reference
    holds at every step (the plan made sure it holds at the end)."""
    order = {t.name: i for i, t in enumerate(tables())}
    inserts = _parents_first([op for op in ops if op.kind == "insert"], order)
    deletes = _parents_first([op for op in ops if op.kind == "delete"], order)[::-1]
    entries: list[dict[str, Any]] = []
    rows: list[Mapping[str, Any]] = []  # each entry's row (whom it belongs to: mark_hidden)
    for op in inserts:
        conn.execute(op.table.insert().values(**dict(op.row or {})))
        entries.append(_entry(actor, "created", op, _values(op.table, op.row or {})))
        rows.append(op.row or {})
    for op in sorted((op for op in ops if op.kind == "update"), key=lambda o: order[o.table.name]):
        _guarded(conn, op, op.table.update().values(**dict(op.row or {})))
        changes = {
            c.name: [encode((op.current or {})[c.name]), encode((op.row or {})[c.name])]
            for c in op.table.columns
            if c.name not in _STAMPS and (op.current or {})[c.name] != (op.row or {})[c.name]
        }
        if changes:
            entries.append(_entry(actor, "updated", op, changes))
            rows.append(op.row or {})
    txns: dict[tuple[str, Any], str] = {}
    for op in deletes[::-1]:  # parents first, so that a child's entry joins its parent's deletion
        txns[(op.table.name, op.key)] = _deletion_txn(op, txns)
    for op in deletes:
        _guarded(conn, op, op.table.delete())
    for op in deletes[::-1]:
        snapshot = {
            "rows": [[op.table.name, _values(op.table, op.current or {}, stamps=True)]],
            "unlinked": [],
        }
        entries.append(_entry(actor, "deleted", op, snapshot, txns[(op.table.name, op.key)]))
        rows.append(op.current or {})
    if entries:
        mark_hidden(conn, entries, rows)
        conn.execute(AUDIT.insert(), entries)


def _guarded(conn: sa.Connection, op: Op, stmt: Any) -> None:
    """Write only if the row is still the one compared; else stop the whole sync."""
    table, current = op.table, op.current or {}
    where = [c == v for c, v in zip(table.primary_key.columns, op.key, strict=True)]
    if "version" in table.c:
        where.append(table.c.version == current["version"])
    else:
        where += [c.is_(None) if current[c.name] is None else c == current[c.name] for c in table.columns]
    if conn.execute(stmt.where(*where)).rowcount != 1:
        raise SyncInterrupted(
            pick(
                f"동기화하는 동안 누군가 {table_label(table.name)} 기록을 고쳤습니다. 아무것도 바뀌지 않았습니다. "
                "다시 동기화하세요.",
                f"Someone changed a record ({table_label(table.name)}) during the sync; nothing was changed. "
                "Sync again.",
            )
        )


def _parents_first(ops: list[Op], order: Mapping[str, int]) -> list[Op]:
    """By table (parents' tables first); within a table that refers to itself (an
    organization's parent, an event's series), each after the one it refers to."""
    ops = sorted(ops, key=lambda o: order[o.table.name])
    out: list[Op] = []
    for name in dict.fromkeys(o.table.name for o in ops):
        group = [o for o in ops if o.table.name == name]
        table = group[0].table
        cols = [c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]
        if not cols or len(group) < 2:
            out += group
            continue
        keys = {o.key[0] for o in group}
        placed: set[Any] = set()
        while group:
            ready = [o for o in group if all(_row(o)[c] not in keys or _row(o)[c] in placed for c in cols)]
            ready = ready or group  # a cycle: as they come, for the database to judge
            out += ready
            placed.update(o.key[0] for o in ready)
            group = [o for o in group if o not in ready]
    return out


def _row(op: Op) -> Mapping[str, Any]:
    """The record an op writes, or for a deletion the one it removes."""
    return op.row if op.row is not None else op.current or {}


def _deletion_txn(op: Op, txns: Mapping[tuple[str, Any], str]) -> str:
    """A record deleted with its parent shares the parent's transaction, so that restoring the
    parent from the history brings it back too."""
    for col in op.table.columns:
        for fk in col.foreign_keys:
            goes = (fk.ondelete or "").upper() == "CASCADE" or fk.parent.primary_key or not fk.parent.nullable
            value = (op.current or {}).get(col.name)
            if goes and value is not None and (fk.column.table.name, (value,)) in txns:
                return txns[(fk.column.table.name, (value,))]
    return str(uuid.uuid4())


def _values(table: sa.Table, row: Mapping[str, Any], *, stamps: bool = False) -> dict[str, Any]:
    return {c.name: encode(row[c.name]) for c in table.columns if stamps or c.name not in _STAMPS}


def _entry(actor: str, action: str, op: Op, changes: Any, txn: str | None = None) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "actor": actor,
        "action": action,
        "table_name": op.table.name,
        "record_key": key_text(op.key),
        "changes": json.dumps(changes, ensure_ascii=False, sort_keys=True),
        "txn": txn or str(uuid.uuid4()),
    }
