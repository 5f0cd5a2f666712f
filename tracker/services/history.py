"""A record's history (who changed which field from what to what) and the deleted records
that can be put back, from the audit trail (tracker.db.audit)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tracker.db.audit import decode, key_text
from tracker.db.base import Base
from tracker.db.engine import Database
from tracker.db.models import AuditEntry
from tracker.domain.errors import ConflictError
from tracker.domain.i18n import pick

_LABEL_FIELDS = ("title", "name_ko", "name_en", "name", "text", "filename", "description")

# What the user calls the fields that change most; others are shown by their name.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "title": ("제목", "Title"),
    "name_ko": ("이름(한글)", "Name (Korean)"),
    "name_en": ("이름(영문)", "Name (English)"),
    "date": ("날짜", "Date"),
    "start_date": ("시작일", "Start date"),
    "end_date": ("종료일", "End date"),
    "start_time": ("시작 시각", "Start time"),
    "end_time": ("종료 시각", "End time"),
    "timezone": ("시간대", "Time zone"),
    "location": ("장소", "Place"),
    "venue": ("장소", "Venue"),
    "status": ("상태", "Status"),
    "due_date": ("기한", "Due date"),
    "owner_id": ("담당자", "Owner"),
    "text": ("내용", "Text"),
    "summary": ("요약", "Summary"),
    "outcome": ("결과", "Outcome"),
    "agenda": ("의제", "Agenda"),
    "notes": ("메모", "Notes"),
    "description": ("설명", "Description"),
    "classification": ("보안 등급", "Classification"),
    "kind": ("종류", "Kind"),
    "country_code": ("국가", "Country"),
    "priority": ("우선순위", "Priority"),
    "owed_by": ("이행 주체", "Owed by"),
    "completed_on": ("완료일", "Completed on"),
    "purpose": ("목적", "Purpose"),
    "destination": ("출장지", "Destination"),
    "topics": ("주제", "Topics"),
    "organizations": ("기관", "Organizations"),
    "email": ("이메일", "Email"),
    "phone": ("전화", "Phone"),
}


def field_label(field: str) -> str:
    ko, en = FIELD_LABELS.get(field, (field, field))
    return pick(ko, en)


def table_label(table: str) -> str:
    from tracker.services.records import TABLE_LABELS

    ko, en = TABLE_LABELS.get(table, (table, table))
    return pick(ko, en)


def shown_value(db: Database, table: str, field: str, value: Any) -> str:
    """A logged value as the user knows it: a linked record by its name, a choice by its
    label, a date in the Korean form, nothing as an empty string."""
    if value in (None, "", []):
        return ""
    col = Base.metadata.tables[table].c.get(field) if table in Base.metadata.tables else None
    if col is None:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    decoded = decode(col, value)
    fks = list(col.foreign_keys)
    if fks:
        target = fks[0].column.table
        names = [c for c in _LABEL_FIELDS if c in target.c]
        if names:
            with db.read() as s:
                row = s.execute(
                    sa.select(*[target.c[n] for n in names]).where(fks[0].column == decoded)
                ).first()
            if row is not None:
                return next((str(v) for v in row if v), str(value))
        return str(value)
    from enum import Enum

    from tracker.domain.dates import korean_date
    from tracker.domain.labels import label

    if isinstance(decoded, Enum):
        return label(decoded)
    if isinstance(decoded, datetime):
        return decoded.astimezone().strftime("%Y.%m.%d. %H:%M")
    if hasattr(decoded, "isoformat") and hasattr(decoded, "year"):
        return korean_date(decoded)
    if hasattr(decoded, "hour"):
        return decoded.strftime("%H:%M")
    return str(decoded)


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    at: datetime
    actor: str
    action: str  # created, updated, deleted, restored
    table: str
    key: str
    label: str  # the record's title or name, as it was
    changes: tuple[Change, ...]


class RestoreRefused(ConflictError):
    """A deletion that cannot be undone (already restored, or not a deletion)."""

    def __init__(self, ko: str, en: str) -> None:
        self.ko, self.en = ko, en
        super().__init__("restore_refused")

    def message(self, lang: str | None = None) -> str:
        return pick(self.ko, self.en)


def _label(values: dict[str, Any]) -> str:
    return next((str(values[f]) for f in _LABEL_FIELDS if values.get(f)), "")


def _entry(row: AuditEntry) -> HistoryEntry:
    data = json.loads(row.changes or "{}")
    if row.action == "updated":
        fields = sorted((f, v) for f, v in data.items() if not f.startswith("_"))  # "_…": a mark, no field
        changes = tuple(Change(f, b, a) for f, (b, a) in fields)
        label = ""
    elif row.action == "deleted":
        first = data.get("rows", [[None, {}]])[0][1]
        changes, label = (), _label(first)
    else:
        changes, label = (), _label(data)
    return HistoryEntry(row.id, row.at, row.actor, row.action, row.table_name, row.record_key, label, changes)


def record_history(db: Database, table: str, key: Any) -> list[HistoryEntry]:
    """Every entry about one record, newest first."""
    text = key if isinstance(key, str) else key_text(key if isinstance(key, tuple) else (key,))
    with db.read() as s:
        rows = s.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.table_name == table, AuditEntry.record_key == text)
            .order_by(AuditEntry.id.desc())
        )
        return [_entry(r) for r in rows]


def deleted_records(db: Database, limit: int = 200) -> list[HistoryEntry]:
    """Deletions not undone since, newest first, each once as the user made it (a meeting,
    not also its key points: the first entry of its transaction)."""
    with db.read() as s:
        undone = set(s.scalars(sa.select(AuditEntry.txn).where(AuditEntry.action == "restored")))
        rows = s.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "deleted")
            .order_by(AuditEntry.id.desc())
            .limit(limit * 10)
        )
        first: dict[str, AuditEntry] = {}
        for row in rows:  # newest first: the last one seen of a transaction is its first
            if row.txn not in undone:
                first[row.txn] = row
        return sorted((_entry(r) for r in first.values()), key=lambda e: -e.id)[:limit]


def restore(db: Database, entry_id: int) -> int:
    """Put a deleted record back with everything its deletion removed, and re-link what it
    unlinked, in one transaction. Returns the number of rows put back."""
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    order = {name: i for i, name in enumerate(tables)}
    with db.transaction() as s:
        entry = s.get(AuditEntry, entry_id)
        if entry is None or entry.action != "deleted":
            raise RestoreRefused("삭제 기록이 아닙니다", "not a deletion")
        # the whole transaction's deletions: a meeting deleted with its key points
        entries = s.scalars(
            sa.select(AuditEntry).where(AuditEntry.txn == entry.txn, AuditEntry.action == "deleted")
        ).all()
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        unlinked: list[list[Any]] = []
        for e in entries:
            data = json.loads(e.changes or "{}")
            for name, values in data.get("rows", []):
                table = tables[name]
                decoded = {c.name: decode(c, values.get(c.name)) for c in table.columns if c.name in values}
                rows.setdefault(
                    (name, key_text(tuple(decoded[c.name] for c in table.primary_key.columns))), decoded
                )
            unlinked += data.get("unlinked", [])
        conn = s.connection()
        for (name, key), values in sorted(rows.items(), key=lambda item: order[item[0][0]]):
            table = tables[name]
            pks = list(table.primary_key.columns)
            exists = conn.execute(
                sa.select(sa.func.count()).select_from(table).where(*[c == values[c.name] for c in pks])
            ).scalar()
            if exists:
                raise RestoreRefused(
                    f"이미 되살린 기록입니다 ({name} {key})", f"already restored ({name} {key})"
                )
            conn.execute(table.insert().values(**values))
        for name, key, column, parent in unlinked:
            table = tables[name]
            pks = list(table.primary_key.columns)
            target = tables[name].c[column]
            parts = key.split("|")
            conn.execute(
                table.update()
                .where(*[c == decode(c, v) for c, v in zip(pks, parts, strict=True)], target.is_(None))
                .values({column: decode(target, parent)})
            )
        s.add(
            AuditEntry(
                actor=db._actor_of(s),
                action="restored",
                table_name=entry.table_name,
                record_key=entry.record_key,
                changes=json.dumps({"from": entry.id}),
                txn=entry.txn,
            )
        )
        db.tell_others(conn, _restored_changes(rows))  # the rows went in without the session
    db.changes.publish(_restored_changes(rows))
    return len(rows)


def _restored_changes(rows: dict[tuple[str, str], dict[str, Any]]) -> Any:
    from tracker.db.changes import Changes

    changes = Changes()
    for (name, _key), values in rows.items():
        table = Base.metadata.tables[name]
        pk = tuple(values[c.name] for c in table.primary_key.columns)
        changes.add("created", name, pk[0] if len(pk) == 1 else pk)
    return changes
