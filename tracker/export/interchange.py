"""The JSON interchange file (docs/interchange.md): every record out, and back in all or nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import tracker.db.models  # noqa: F401  (every table registered)
from tracker.db.base import Base
from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.db.types import UTCDateTime, utcnow
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import pick
from tracker.export.atomic import atomic_write
from tracker.services.validation import AUTO_COLUMNS, check_row, normalise

FORMAT = "tracker-interchange"
VERSION = 1
# Readable ids in hand-written files become UUIDs in this namespace (never change it).
ID_NAMESPACE = uuid.UUID("4b1f6f0e-7a5c-4c61-9d1e-2f6a0c3b8e11")
CHUNK = 2000
MAX_PROBLEMS = 20


class ImportRejected(DomainError):
    """The file was refused whole; `problems` lists where and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = len(problems) - 1
        first = problems[0] + (pick(f" (외 {more}건)", f" (and {more} more)") if more else "")
        super().__init__("import_record", where=first, reason="")

    def message(self, lang: str | None = None) -> str:
        head = pick("가져오기를 거부했습니다. 데이터베이스는 바뀌지 않았습니다.",
                    "The import was rejected; the database is unchanged.")
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


def tables() -> list[sa.Table]:
    return list(Base.metadata.sorted_tables)


# ---------------------------------------------------------------- export


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


def export_json(db: Database, path: Path) -> dict[str, int]:
    """Write every record to `path` (atomically); return the count per section."""
    counts: dict[str, int] = {}
    with atomic_write(Path(path), newline="\n") as fh:  # the same bytes on every system
        fh.write(f'{{"format": "{FORMAT}", "version": {VERSION}, "records": {{')
        for i, table in enumerate(tables()):
            records = iter_records(db, table)
            counts[table.name] = len(records)
            fh.write(("," if i else "") + f"\n {json.dumps(table.name)}: [")
            for j, rec in enumerate(records):
                fh.write(("," if j else "") + "\n  " + json.dumps(rec, ensure_ascii=False))
            fh.write("\n ]" if records else "]")
        fh.write("\n}}\n")
    return counts


# ---------------------------------------------------------------- import


def to_uuid(value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError("an id must be non-empty text")
    try:
        return uuid.UUID(value)
    except ValueError:
        return uuid.uuid5(ID_NAMESPACE, value.strip())


# The range of each integer column on every backend (PostgreSQL INTEGER is 32 bits).
_INT_LIMITS = {sa.BigInteger: 2**63, sa.SmallInteger: 2**15}


def decode(col: sa.Column, value: Any) -> Any:
    """Turn a JSON value into what the column holds; ValueError (or ValidationError, for a
    malformed date or time) says why it cannot."""
    if value is None:
        return None
    ty = col.type
    if isinstance(ty, sa.Uuid):
        return to_uuid(value)
    if isinstance(ty, UTCDateTime):
        if not isinstance(value, str):
            raise ValueError(pick("ISO 시각(UTC)이어야 합니다", "expected an ISO timestamp"))
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError("bad_date", field=col.name, value=value) from None
        if parsed.tzinfo is None:
            raise ValueError(pick("시각에는 시간대(Z)가 있어야 합니다", "a timestamp needs a time zone (Z)"))
        return parsed.astimezone(UTC)
    if isinstance(ty, sa.Enum):
        if not isinstance(value, str) or value not in ty.enums:
            raise ValidationError("bad_choice", field=col.name, value=value, choices=", ".join(ty.enums))
        return ty.enum_class(value) if ty.enum_class else value
    if isinstance(ty, sa.Date):
        if not isinstance(value, str):
            raise ValueError(pick("날짜(YYYY-MM-DD)여야 합니다", "expected a date YYYY-MM-DD"))
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValidationError("bad_date", field=col.name, value=value) from None
    if isinstance(ty, sa.Time):
        if not isinstance(value, str):
            raise ValueError(pick("시간(HH:MM)이어야 합니다", "expected a time HH:MM"))
        try:
            parsed_time = time.fromisoformat(value)
        except ValueError:
            raise ValidationError("bad_time", field=col.name, value=value) from None
        if parsed_time.tzinfo is not None:  # wall-clock time: the zone is the record's `timezone`
            raise ValidationError("bad_time", field=col.name, value=value)
        return parsed_time
    if isinstance(ty, sa.Boolean):
        if not isinstance(value, bool):
            raise ValueError(pick("true 또는 false여야 합니다", "expected true or false"))
        return value
    if isinstance(ty, sa.Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(pick("정수여야 합니다", "expected a whole number"))
        limit = next((n for kind, n in _INT_LIMITS.items() if isinstance(ty, kind)), 2**31)
        if not -limit <= value < limit:
            raise ValueError(pick(f"범위를 벗어난 수입니다: {value}", f"out of range: {value}"))
        return value
    if not isinstance(value, str):
        raise ValueError(pick("텍스트여야 합니다", "expected text"))
    length = getattr(ty, "length", None)
    if length and len(value) > length:
        raise ValueError(pick(f"{length}자를 넘습니다", f"longer than {length} characters"))
    return value


class _Object(dict):
    """A JSON object that remembers names given more than once (json keeps only the last)."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        again: list[str] = []
        for name, _ in pairs:
            if name in seen:
                again.append(name)
            seen.add(name)
        obj.repeated = tuple(dict.fromkeys(again))
    return obj


def _repeated(where: str, obj: Any) -> list[str]:
    return [f"{where}: {name}: " + pick("같은 이름이 두 번 이상 나옵니다", "given more than once")
            for name in getattr(obj, "repeated", ())]


def read_document(path: Path) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([pick(f"UTF-8 텍스트가 아닙니다 (바이트 {exc.start})",
                                   f"not UTF-8 text (byte {exc.start})")]) from exc
    try:
        doc = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise ImportRejected([pick(f"{exc.lineno}행 {exc.colno}열: JSON 문법 오류 ({exc.msg})",
                                   f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})")]) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportRejected([pick("tracker 교환 파일이 아닙니다 (\"format\": \"tracker-interchange\" 없음)",
                                   'not a tracker interchange file (no "format": "tracker-interchange")')])
    if doc.get("version") != VERSION:
        raise ImportRejected([pick(f"지원하지 않는 버전입니다: {doc.get('version')!r}",
                                   f"unsupported version {doc.get('version')!r}")])
    if not isinstance(doc.get("records"), dict):
        raise ImportRejected(['"records" ' + pick("항목이 없습니다", "is missing")])
    repeated = _repeated("file", doc) + _repeated("records", doc["records"])
    if repeated:
        raise ImportRejected(repeated)
    return doc


def _where(table: sa.Table, index: int, raw: Any) -> str:
    ident = raw.get("id") or raw.get("code") if isinstance(raw, dict) else None
    return f"records.{table.name}[{index}]" + (f" (id {ident})" if ident else "")


def _prepare(table: sa.Table, records: Any, problems: list[str]) -> list[dict[str, Any]]:
    if not isinstance(records, list):
        problems.append(f"records.{table.name}: " + pick("목록이어야 합니다", "must be a list"))
        return []
    now = utcnow()
    prepared = []
    for i, raw in enumerate(records):
        if len(problems) >= MAX_PROBLEMS:
            break
        where = _where(table, i, raw)
        if not isinstance(raw, dict):
            problems.append(f"{where}: " + pick("객체여야 합니다", "must be an object"))
            continue
        if getattr(raw, "repeated", ()):
            problems.extend(_repeated(where, raw))
            continue
        unknown = sorted(set(raw) - set(table.c.keys()))
        if unknown:
            problems.append(f"{where}: " + pick("알 수 없는 항목", "unknown field") + f" {unknown[0]!r}")
            continue
        row: dict[str, Any] = {}
        try:
            for col in table.columns:
                field = col.name
                row[col.name] = decode(col, raw.get(col.name))
            field = None
            normalise(table, row)
            absent = tuple(c for c in KEPT_ON_UPDATE if c in table.c and raw.get(c) is None)
            _fill_defaults(table, row, now)
            check_row(table, row)
            row[KEEP] = absent
        except ValidationError as exc:
            named = not exc.field or str(exc).startswith(f"{exc.field}:")  # "required" names it itself
            problems.append(f"{where}: {'' if named else exc.field + ': '}{exc}")
            continue
        except (ValueError, TypeError) as exc:
            problems.append(f"{where}: {field}: {exc}")
            continue
        prepared.append(row)
    return prepared


# A re-imported record that does not say when it was created, or which version it is, keeps the
# database's creation time and gets the next version, so its history is not rewritten.
KEPT_ON_UPDATE = ("created_at", "version")
KEEP = "\0keep"


def _fill_defaults(table: sa.Table, row: dict[str, Any], now: datetime) -> None:
    for col in table.columns:
        if row.get(col.name) is not None:
            continue
        if col.name in ("created_at", "updated_at"):
            row[col.name] = now
        elif col.default is not None and col.default.is_scalar:
            row[col.name] = col.default.arg
        elif col.name == "id" and col.primary_key:
            row[col.name] = uuid.uuid4()


def _keys(table: sa.Table, rows: Iterable[dict[str, Any]]) -> list[tuple]:
    pks = [c.name for c in table.primary_key.columns]
    return [tuple(r[k] for k in pks) for r in rows]


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


def _check_references(
    conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], pending: dict[str, set], problems: list[str]
) -> None:
    for col in table.columns:
        for fk in col.foreign_keys:
            target = fk.column
            values = {r[col.name] for r in rows if r.get(col.name) is not None}
            values -= pending.get(target.table.name, set()) if len(target.table.primary_key.columns) == 1 else set()
            if not values:
                continue
            have = _existing(conn, target.table, [(v,) for v in values]) if target.primary_key else set()
            missing = values - {k[0] for k in have}
            for i, r in enumerate(rows):
                if r.get(col.name) in missing and len(problems) < MAX_PROBLEMS:
                    problems.append(
                        f"records.{table.name}[{i}]: {col.name}: "
                        + pick(f"{target.table.name}에 없는 기록을 가리킵니다: {r[col.name]}",
                               f"refers to a {target.table.name} record that does not exist: {r[col.name]}")
                    )


def _check_repeated_keys(table: sa.Table, rows: list[dict[str, Any]], raw: list[Any], problems: list[str]) -> None:
    keys = _keys(table, rows)
    dupes = len(keys) - len(set(keys))
    if not dupes:
        return
    if len(rows) != len(raw):  # some records were refused already: indexes would not match the file
        problems.append(f"records.{table.name}: " + pick(f"같은 키가 {dupes}번 반복됩니다", f"{dupes} repeated keys"))
        return
    first: dict[tuple, int] = {}
    for i, key in enumerate(keys):
        if key not in first:
            first[key] = i
        elif len(problems) < MAX_PROBLEMS:
            j = first[key]
            problems.append(f"{_where(table, i, raw[i])}: " + pick(
                f"records.{table.name}[{j}]와 키가 같습니다 (반복된 키)",
                f"repeated key: the same as records.{table.name}[{j}]"))


def import_json(db: Database, path: Path) -> dict[str, int]:
    """Import a file whole or not at all; return the number of records per section."""
    doc = read_document(Path(path))
    sections = doc["records"]
    by_name = {t.name: t for t in tables()}
    problems = [f"records.{name}: " + pick("알 수 없는 항목", "unknown section") for name in sections if name not in by_name]
    prepared: dict[str, list[dict[str, Any]]] = {}
    for table in tables():
        if table.name in sections:
            prepared[table.name] = _prepare(table, sections[table.name], problems)
    pending = {name: {r[next(iter(by_name[name].primary_key.columns)).name] for r in rows}
               for name, rows in prepared.items()}
    for name, rows in prepared.items():
        _check_repeated_keys(by_name[name], rows, sections[name], problems)
    if problems:
        raise ImportRejected(problems)
    changes = Changes()
    try:
        with db.write() as conn:
            for name, rows in prepared.items():
                _check_references(conn, by_name[name], rows, pending, problems)
            if problems:
                raise ImportRejected(problems)
            for name, rows in prepared.items():
                _write(conn, by_name[name], rows, changes)
    except sa.exc.IntegrityError as exc:
        raise ImportRejected([pick(f"데이터베이스 제약 위반: {exc.orig}", f"a database constraint refused it: {exc.orig}")]) from exc
    db.changes.publish(changes)
    return {name: len(rows) for name, rows in prepared.items()}


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


def _write(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], changes: Changes) -> None:
    existing = _existing(conn, table, _keys(table, rows))
    pks = list(table.primary_key.columns)
    keep = {id(r): r.pop(KEEP, ()) for r in rows}
    new = _parents_first(table, [r for r, k in zip(rows, _keys(table, rows), strict=True) if k not in existing])
    old = [r for r, k in zip(rows, _keys(table, rows), strict=True) if k in existing]
    for start in range(0, len(new), CHUNK):
        conn.execute(table.insert(), new[start : start + CHUNK])
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for r in old:
        groups.setdefault(keep[id(r)], []).append(r)
    for kept, group in groups.items():
        settable = [c for c in table.columns if not c.primary_key and c.name not in kept]
        if not settable:
            continue
        stmt = table.update().where(*[c == sa.bindparam(f"k_{c.name}") for c in pks])
        if "version" in kept:
            stmt = stmt.values(version=table.c.version + 1)
        params = [{**{c.name: r[c.name] for c in settable}, **{f"k_{c.name}": r[c.name] for c in pks}} for r in group]
        for start in range(0, len(params), CHUNK):
            conn.execute(stmt, params[start : start + CHUNK])
    for r in new:
        changes.add("created", table.name, tuple(r[c.name] for c in pks) if len(pks) > 1 else r[pks[0].name])
    for r in old:
        changes.add("updated", table.name, tuple(r[c.name] for c in pks) if len(pks) > 1 else r[pks[0].name])


def iter_sections() -> Iterator[str]:
    return (t.name for t in tables())


__all__ = ["ImportRejected", "export_json", "import_json", "AUTO_COLUMNS"]
