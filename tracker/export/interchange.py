"""The JSON interchange file (docs/interchange.md): every record out, and back in all or nothing.

The parts live beside it: interchange_format (constants, ids, the refusal),
interchange_read (strict JSON and decoding), interchange_records (checking a file's records)
and interchange_plan (conflicts and the plan). This module writes the file and applies a plan.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Collection, Iterator, Mapping
from datetime import UTC, date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import tracker.db.models  # noqa: F401  (every table registered)
from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.db.types import utcnow
from tracker.domain.i18n import pick
from tracker.export.atomic import atomic_write
from tracker.export.interchange_format import CHUNK as CHUNK
from tracker.export.interchange_format import FORMAT as FORMAT
from tracker.export.interchange_format import ID_NAMESPACE as ID_NAMESPACE
from tracker.export.interchange_format import MAX_PROBLEMS as MAX_PROBLEMS
from tracker.export.interchange_format import SHARED as SHARED
from tracker.export.interchange_format import VERSION as VERSION
from tracker.export.interchange_format import ImportRejected
from tracker.export.interchange_format import tables as tables
from tracker.export.interchange_format import to_uuid as to_uuid
from tracker.export.interchange_plan import KEEP as KEEP
from tracker.export.interchange_plan import OVERWRITE as OVERWRITE
from tracker.export.interchange_plan import REFUSE as REFUSE
from tracker.export.interchange_plan import (
    Conflict,
    ImportConflicts,
    ImportPlan,
    ImportResult,
    _Section,
    database_is_newer,
)
from tracker.export.interchange_read import MAX_DEPTH as MAX_DEPTH
from tracker.export.interchange_read import decode as decode
from tracker.export.interchange_read import read_document as read_document
from tracker.export.interchange_records import STAMPS as STAMPS
from tracker.export.interchange_records import Incoming as Incoming
from tracker.export.interchange_records import primary_key
from tracker.export.interchange_records import read_records as read_records
from tracker.export.interchange_share import shared_records
from tracker.services.validation import AUTO_COLUMNS


def encode(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        # HH:MM as the documents write it; seconds (and fractions) only when there are some
        return value.isoformat("minutes" if not value.second and not value.microsecond else "auto")
    return value


def _sort_key(table: sa.Table) -> Any:
    pks = list(table.primary_key.columns)
    return lambda row: tuple(str(row[c.name]) for c in pks)


def iter_records(db: Database, table: sa.Table) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        rows = [r._mapping for r in conn.execute(sa.select(table))]
    rows.sort(key=_sort_key(table))
    return [{k: encode(v) for k, v in row.items() if v is not None} for row in rows]


def export_json(db: Database, path: Path, restricted: str = "include") -> dict[str, int]:
    """Write every record to `path` (atomically); return the count per section. The default
    is a full backup; `restricted` "mask" or "omit" makes a file for sharing, with 대외비
    meetings and what hangs off them masked or left out (tracker.export.interchange_share)."""
    shared = None
    header = f'"format": "{FORMAT}", "version": {VERSION}'
    if restricted != "include":
        shared, altered = shared_records(
            tables(), {t.name: iter_records(db, t) for t in tables()}, restricted
        )
        # The records written otherwise than the database holds them: importing the file
        # back must not turn the originals into [대외비] or cut their links.
        listed = {name: sorted(keys) for name, keys in altered.items()}
        header += (
            ", "
            + json.dumps(SHARED)
            + ": "
            + json.dumps({"restricted": str(restricted), "altered": listed}, ensure_ascii=False)
        )
    counts: dict[str, int] = {}
    with atomic_write(Path(path), newline="\n") as fh:  # the same bytes on every system
        fh.write(f'{{{header}, "records": {{')
        for i, table in enumerate(tables()):
            records = shared[table.name] if shared is not None else iter_records(db, table)
            counts[table.name] = len(records)
            fh.write(("," if i else "") + f"\n {json.dumps(table.name)}: [")
            for j, rec in enumerate(records):
                fh.write(("," if j else "") + "\n  " + json.dumps(rec, ensure_ascii=False))
            fh.write("\n ]" if records else "]")
        fh.write("\n}}\n")
    return counts


def _current(conn: sa.Connection, table: sa.Table, keys: list[tuple]) -> dict[tuple, Mapping[str, Any]]:
    pks = list(table.primary_key.columns)
    found: dict[tuple, Mapping[str, Any]] = {}
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        where = pks[0].in_([k[0] for k in chunk]) if len(pks) == 1 else sa.tuple_(*pks).in_(chunk)
        for row in conn.execute(sa.select(table).where(where)):
            found[tuple(row._mapping[c.name] for c in pks)] = row._mapping
    return found


def _classify(conn: sa.Connection, records: dict[str, list[Incoming]]) -> dict[str, _Section]:
    by_name = {t.name: t for t in tables()}
    sections: dict[str, _Section] = {}
    for name, rows in records.items():
        table = by_name[name]
        section = sections[name] = _Section(table)
        current = _current(conn, table, [primary_key(table, r.values) for r in rows])
        content = [c.name for c in table.columns if not c.primary_key and c.name not in STAMPS]
        for inc in rows:
            cur = current.get(primary_key(table, inc.values))
            if cur is None:
                section.new.append(inc)
            elif inc.altered or all(inc.values[c] == cur[c] for c in content):
                section.unchanged += 1
            elif database_is_newer(inc, cur):
                section.conflicts.append((inc, cur))
            else:
                section.updates.append((inc, cur))
    return sections


def _existing(conn: sa.Connection, table: sa.Table, keys: list[tuple]) -> set[tuple]:
    pks = list(table.primary_key.columns)
    found: set[tuple] = set()
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        if len(pks) == 1:
            stmt = sa.select(pks[0]).where(pks[0].in_([k[0] for k in chunk]))
        else:
            stmt = sa.select(*pks).where(sa.tuple_(*pks).in_(chunk))
        found.update(tuple(r) for r in conn.execute(stmt))
    return found


def _check_references(conn: sa.Connection, records: dict[str, list[Incoming]]) -> None:
    """Every reference leads to a record of the file or of the database."""
    by_name = {t.name: t for t in tables()}
    pending = {
        name: {primary_key(by_name[name], r.values)[0] for r in rows} for name, rows in records.items()
    }
    problems: list[str] = []
    for name, rows in records.items():
        for col in by_name[name].columns:
            for fk in col.foreign_keys:
                target = fk.column.table
                values = {r.values[col.name] for r in rows if r.values.get(col.name) is not None}
                values -= pending.get(target.name, set()) if len(target.primary_key.columns) == 1 else set()
                if not values:
                    continue
                have = _existing(conn, target, [(v,) for v in values]) if fk.column.primary_key else set()
                missing = values - {k[0] for k in have}
                problems += [
                    f"records.{name}[{r.index}]: {col.name}: "
                    + pick(
                        f"{target.name}에 없는 기록을 가리킵니다: {r.values[col.name]}",
                        f"refers to a {target.name} record that does not exist: {r.values[col.name]}",
                    )
                    for r in rows
                    if r.values.get(col.name) in missing
                ][: max(0, MAX_PROBLEMS - len(problems))]
    if problems:
        raise ImportRejected(problems)


def _parents_first(table: sa.Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New rows of a table that refers to itself (an organization's parent) in an order where
    each comes after the row it refers to: the database checks every reference row by row."""
    cols = [c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)]
    if not cols or len(rows) < 2:
        return rows
    pk = next(iter(table.primary_key.columns)).name
    keys = {r[pk] for r in rows}
    ordered: list[dict[str, Any]] = []
    placed: set[Any] = set()
    rest = rows
    while rest:
        ready = [r for r in rest if all(r[c] is None or r[c] not in keys or r[c] in placed for c in cols)]
        if not ready:  # a cycle: left in file order, for the database to refuse
            ordered.extend(rest)
            break
        ordered.extend(ready)
        placed.update(r[pk] for r in ready)
        rest = [r for r in rest if r[pk] not in placed]
    return ordered


def _updated_values(table: sa.Table, inc: Incoming, cur: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """The file's values over an existing row: its creation time stays unless the file gives
    one, `updated_at` never goes back, and `version` goes past the database's."""
    values = dict(inc.values)
    if "created_at" in table.c and "created_at" not in inc.given:
        values["created_at"] = cur["created_at"]
    if "updated_at" in table.c:
        later = "updated_at" in inc.given and inc.values["updated_at"] > cur["updated_at"]
        values["updated_at"] = inc.values["updated_at"] if later else now
    if "version" in table.c:
        values["version"] = max(inc.values["version"] if "version" in inc.given else 0, cur["version"] + 1)
    return values


def _write_updates(
    conn: sa.Connection, table: sa.Table, updates: list[tuple[Incoming, Mapping[str, Any]]]
) -> None:
    """Each row only if it is still the version that was compared: a colleague's save that
    lands in between is never overwritten unseen."""
    pks = list(table.primary_key.columns)
    guarded = "version" in table.c
    stmt = table.update().where(*[c == sa.bindparam(f"k_{c.name}") for c in pks])
    if guarded:
        stmt = stmt.where(table.c.version == sa.bindparam("k_version"))
    now = utcnow()
    params = []
    for inc, cur in updates:
        values = _updated_values(table, inc, cur, now)
        params.append(
            {
                **{c.name: values[c.name] for c in table.columns if not c.primary_key},
                **{f"k_{c.name}": values[c.name] for c in pks},
                **({"k_version": cur["version"]} if guarded else {}),
            }
        )
    # Many rows per statement where the driver counts them (SQLite, psycopg); else one by one.
    size = CHUNK if conn.dialect.supports_sane_multi_rowcount else 1
    for start in range(0, len(params), size):
        chunk = params[start : start + size]
        if conn.execute(stmt, chunk if size > 1 else chunk[0]).rowcount != len(chunk):
            moved = next(
                (
                    inc.where
                    for (inc, _), p in zip(updates[start:], chunk, strict=False)
                    if not _still(conn, table, p)
                ),
                f"records.{table.name}",
            )
            raise ImportRejected(
                [
                    f"{moved}: "
                    + pick(
                        "가져오는 동안 다른 사용자가 이 기록을 고쳤습니다. 다시 가져오세요.",
                        "someone else changed this record during the import; import again",
                    )
                ]
            )


def _still(conn: sa.Connection, table: sa.Table, params: dict[str, Any]) -> bool:
    """Whether a row of a failed update is as compared, or as this import wrote it (to name
    the record someone else changed)."""
    pks = list(table.primary_key.columns)
    row = conn.execute(sa.select(table).where(*[c == params[f"k_{c.name}"] for c in pks])).first()
    if row is None:
        return False
    if "k_version" in params and row.version == params["k_version"]:
        return True
    return all(row._mapping[c.name] == params[c.name] for c in table.columns if not c.primary_key)


def _write(
    conn: sa.Connection,
    section: _Section,
    overwrite: list[tuple[Incoming, Mapping[str, Any]]],
    changes: Changes,
) -> None:
    table = section.table
    new = _parents_first(table, [dict(r.values) for r in section.new])
    for start in range(0, len(new), CHUNK):
        conn.execute(table.insert(), new[start : start + CHUNK])
    _write_updates(conn, table, section.updates + overwrite)
    for values in new:
        changes.add("created", table.name, _change_key(table, values))
    for inc, _ in section.updates + overwrite:
        changes.add("updated", table.name, _change_key(table, inc.values))


def _change_key(table: sa.Table, values: dict[str, Any]) -> Any:
    key = primary_key(table, values)
    return key if len(key) > 1 else key[0]


def _apply(
    db: Database,
    path: Path,
    records: dict[str, list[Incoming]],
    newer: str,
    take_file: Collection[tuple[str, Any]],
) -> ImportResult:
    """Compare with the database and write, in one transaction: all of it or nothing."""
    if newer not in (REFUSE, KEEP, OVERWRITE):
        raise ValueError(newer)
    changes = Changes()
    try:
        with db.write() as conn:
            _check_references(conn, records)
            sections = _classify(conn, records)
            plan = ImportPlan(Path(path), records, sections)
            decided = {c.ref for c in plan.conflicts if newer == OVERWRITE or c.ref in take_file}
            waiting = [c for c in plan.conflicts if c.ref not in decided]
            if waiting and newer == REFUSE:
                raise ImportConflicts(waiting)
            for section in sections.values():
                taken = [
                    (i, c)
                    for i, c in section.conflicts
                    if (section.table.name, _change_key(section.table, i.values)) in decided
                ]
                _write(conn, section, taken, changes)
            db.tell_others(conn, changes)  # on a team server; this program's views below
    except sa.exc.IntegrityError as exc:
        raise ImportRejected(
            [pick(f"데이터베이스 제약 위반: {exc.orig}", f"a database constraint refused it: {exc.orig}")]
        ) from exc
    db.changes.publish(changes)
    overwritten = [c for c in plan.conflicts if c.ref in decided]
    return ImportResult(
        added=plan.count("new"),
        updated=plan.count("updates"),
        unchanged=plan.count("unchanged"),
        kept=waiting,
        overwritten=overwritten,
        per_section={n: len(r) for n, r in records.items()},
    )


def plan_import(db: Database, path: Path) -> ImportPlan:
    """Read and check the file and say what importing it would do (for a preview)."""
    records = read_records(Path(path))
    with db.engine.connect() as conn:
        _check_references(conn, records)
        return ImportPlan(Path(path), records, _classify(conn, records))


def commit_import(
    db: Database, plan: ImportPlan, *, newer: str = REFUSE, take_file: Collection[tuple[str, Any]] = ()
) -> ImportResult:
    """Write a previewed file. Conflicts listed in `take_file` (by `Conflict.ref`) take the
    file's copy; the others follow `newer`: refuse the import, keep the database's, or
    overwrite. The comparison is made again, since the database may have moved on."""
    return _apply(db, plan.path, plan.records, newer, take_file)


def import_file(db: Database, path: Path, *, newer: str = REFUSE) -> ImportResult:
    return _apply(db, Path(path), read_records(Path(path)), newer, ())


def import_json(db: Database, path: Path, *, newer: str = REFUSE) -> dict[str, int]:
    """Import a file whole or not at all; return the number of records per section."""
    return import_file(db, path, newer=newer).per_section


def iter_sections() -> Iterator[str]:
    return (t.name for t in tables())


__all__ = [
    "Conflict",
    "ImportConflicts",
    "ImportPlan",
    "ImportRejected",
    "ImportResult",
    "commit_import",
    "export_json",
    "import_file",
    "import_json",
    "plan_import",
    "AUTO_COLUMNS",
]
