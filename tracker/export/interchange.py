"""The JSON interchange file (docs/interchange.md): every record out, and back in all or nothing."""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa

import tracker.db.models  # noqa: F401  (every table registered)
from tracker.db.base import Base
from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.db.types import UTCDateTime, utcnow
from tracker.domain.arrival import arrival_day_offset
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import pick
from tracker.export.atomic import atomic_write
from tracker.export.interchange_share import row_key, shared_records
from tracker.services.attachments import check_stored_name
from tracker.services.validation import AUTO_COLUMNS, check_row, normalise

FORMAT = "tracker-interchange"
SHARED = "shared"  # the header of a file made for sharing (export_json with restricted)
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
        head = pick(
            "가져오기를 거부했습니다. 데이터베이스는 바뀌지 않았습니다.",
            "The import was rejected; the database is unchanged.",
        )
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


def tables() -> list[sa.Table]:
    """The tables of records (the audit trail is the database's own history, not a record)."""
    return [t for t in Base.metadata.sorted_tables if t.name != "audit_log"]


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


# ---------------------------------------------------------------- import: reading the file


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
            if parsed.tzinfo is None:
                raise ValueError(
                    pick("시각에는 시간대(Z)가 있어야 합니다", "a timestamp needs a time zone (Z)")
                )
            return parsed.astimezone(UTC)
        except OverflowError:  # year 1 at +14:00 is before the first UTC instant
            raise ValidationError("bad_date", field=col.name, value=value) from None
        except ValueError as exc:
            if "time zone" in str(exc) or "시간대" in str(exc):
                raise
            raise ValidationError("bad_date", field=col.name, value=value) from None
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
    return [
        f"{where}: {name}: " + pick("같은 이름이 두 번 이상 나옵니다", "given more than once")
        for name in getattr(obj, "repeated", ())
    ]


# The format nests four levels (file, records, section, record); a file far deeper than that is
# not an interchange file, and the parser would run out of stack on it.
MAX_DEPTH = 100
_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            [
                pick(
                    f"{exc.lineno}행 {exc.colno}열: JSON 문법 오류 ({exc.msg})",
                    f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})",
                )
            ]
        ) from exc
    except RecursionError:
        line, col = _too_deep_at(text)
        raise ImportRejected(
            [
                pick(
                    f"{line}행 {col}열: {MAX_DEPTH}단계보다 깊게 중첩되어 있습니다",
                    f"line {line}, column {col}: nested more than {MAX_DEPTH} levels deep",
                )
            ]
        ) from None
    except ValueError as exc:  # a number of more than 4300 digits
        raise ImportRejected(
            [pick(f"읽을 수 없는 값입니다: {exc}", f"a value cannot be read: {exc}")]
        ) from None


def _too_deep_at(text: str) -> tuple[int, int]:
    """Line and column where the nesting passes MAX_DEPTH (only run on a file that is too deep)."""
    depth, in_string, escaped = 0, False, False
    for i, ch in enumerate(text):
        if in_string:
            escaped, in_string = (not escaped and ch == "\\"), in_string and (escaped or ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, i) + 1
                return line, i - (text.rfind("\n", 0, i) + 1) + 1
        elif ch in "]}":
            depth -= 1
    return 1, 1


def _shown(text: str) -> str:
    """Text from the file made safe to print (a lone surrogate would break the console)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _lone_surrogates(doc: Any) -> list[str]:
    """Places of text with a lone surrogate (`\\ud800`): valid JSON, but not text any database
    or file can hold."""
    problems: list[str] = []
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack and len(problems) < MAX_PROBLEMS:
        where, value = stack.pop()
        if isinstance(value, dict):
            for name, item in reversed(list(value.items())):
                place = f"{where}.{_shown(name)}" if where else _shown(name)
                if _SURROGATE.search(name):
                    problems.append(
                        f"{place}: "
                        + pick(
                            "이름에 짝이 없는 서로게이트 문자가 있습니다",
                            "a lone surrogate escape in the name",
                        )
                    )
                stack.append((place, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str) and _SURROGATE.search(value):
            problems.append(
                f"{where}: "
                + pick(
                    "짝이 없는 서로게이트 문자(\\ud800 등)는 텍스트가 아닙니다",
                    "a lone surrogate escape (such as \\ud800) is not text",
                )
            )
    return problems


def read_document(path: Path) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [pick(f"UTF-8 텍스트가 아닙니다 (바이트 {exc.start})", f"not UTF-8 text (byte {exc.start})")]
        ) from exc
    doc = _parse(text)
    # Only an escape can bring a surrogate in (the text itself decoded cleanly): skip the walk
    # over a large file that has none.
    if re.search(r"\\u[dD][89a-fA-F]", text):
        bad = _lone_surrogates(doc)
        if bad:
            raise ImportRejected(bad)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportRejected(
            [
                pick(
                    'tracker 교환 파일이 아닙니다 ("format": "tracker-interchange" 없음)',
                    'not a tracker interchange file (no "format": "tracker-interchange")',
                )
            ]
        )
    if doc.get("version") != VERSION or isinstance(doc.get("version"), bool | float):
        raise ImportRejected(
            [
                pick(
                    f"지원하지 않는 버전입니다: {doc.get('version')!r}",
                    f"unsupported version {doc.get('version')!r}",
                )
            ]
        )
    if not isinstance(doc.get("records"), dict):
        raise ImportRejected(['"records" ' + pick("항목이 없습니다", "is missing")])
    repeated = _repeated("file", doc) + _repeated("records", doc["records"])
    if repeated:
        raise ImportRejected(repeated)
    return doc


# ---------------------------------------------------------------- import: checking each record


@dataclass
class Incoming:
    """A record of the file, checked and complete: what the row will hold if it is written."""

    values: dict[str, Any]
    where: str  # records.meetings[3] (id ...), for messages
    index: int  # its place in the file's section
    given: frozenset[str]  # the stamps the file gave: created_at, updated_at, version
    # masked or cut in a file made for sharing: may create a record, never change one
    altered: bool = False


STAMPS = ("created_at", "updated_at", "version")


def _where(table: sa.Table, index: int, raw: Any) -> str:
    ident = raw.get("id") or raw.get("code") if isinstance(raw, dict) else None
    shown = ident if isinstance(ident, str) else None
    return f"records.{table.name}[{index}]" + (f" (id {shown})" if shown else "")


def _prepare(table: sa.Table, records: Any, problems: list[str]) -> list[Incoming]:
    if not isinstance(records, list):
        problems.append(f"records.{table.name}: " + pick("목록이어야 합니다", "must be a list"))
        return []
    now = utcnow()
    seen: Counter[str] = Counter()
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
        field: str | None = None
        try:
            raw = _short_dates(table, raw)
            for col in table.columns:
                field = col.name
                row[col.name] = decode(col, raw.get(col.name))
            field = None
            normalise(table, row)
            if table.name == "itinerary_items" and row.get("end_time") is not None:
                # a flight that as written lands before it leaves arrives the next day ('+1')
                row["end_day_offset"] = arrival_day_offset(
                    row.get("date"),
                    row.get("start_time"),
                    row["end_time"],
                    row.get("timezone"),
                    row.get("end_timezone"),
                    row.get("end_day_offset"),
                )
            given = frozenset(c for c in STAMPS if row.get(c) is not None)
            _fill_defaults(table, row, now, partial(_content_id, table, raw, seen))
            check_row(table, row)
            _check_own_rules(table, row)
        except ValidationError as exc:
            named = not exc.field or str(exc).startswith(f"{exc.field}:")  # "required" names it itself
            problems.append(f"{where}: {'' if named else exc.field + ': '}{exc}")
            continue
        except (ValueError, TypeError, OverflowError) as exc:
            problems.append(f"{where}: {getattr(exc, 'field', field)}: {exc}")
            continue
        prepared.append(Incoming(row, where, i, given))
    return prepared


class _FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


# A date known to the month or the year, as tracker writes it to CSV ("2025-11", "2025"): the
# date column and the column that says its precision.
_PRECISION_DATES = {
    "actions": (("due_date", "due_precision"),),
    "agreements": (("signed_date", "signed_precision"),),
}
_SHORT_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?")


def _short_dates(table: sa.Table, raw: dict[str, Any]) -> dict[str, Any]:
    """`raw` with a month ("2025-11") or a year ("2025") given as a date of known precision
    turned into the first day it covers and that precision. A full date stays as it is (a day,
    unless the file says otherwise); a short form that contradicts the given precision is refused."""
    pairs = _PRECISION_DATES.get(table.name, ())
    changed: dict[str, Any] | None = None
    for date_field, precision_field in pairs:
        value = raw.get(date_field)
        match = _SHORT_DATE.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            continue
        year, month = match.groups()
        precision = "month" if month else "year"
        given = raw.get(precision_field)
        if given is not None and given != precision:
            raise _FieldError(
                date_field,
                pick(
                    f"{value!r}은(는) {'월' if month else '연도'} 단위 날짜인데 {precision_field}가 {given!r}입니다",
                    f"{value!r} is a {precision} but {precision_field} is {given!r}",
                ),
            )
        if not 1 <= int(month or 1) <= 12:
            raise ValidationError("bad_date", field=date_field, value=value)
        changed = dict(raw) if changed is None else changed
        changed[date_field] = f"{year}-{month or '01'}-01"
        changed[precision_field] = precision
    return raw if changed is None else changed


def _check_own_rules(table: sa.Table, row: dict[str, Any]) -> None:
    """Rules only a file needs: a version counts from 1, and an attachment is named by its
    checksum, never by a path (which could point at any local file)."""
    if "version" in table.c and row["version"] < 1:
        raise _FieldError(
            "version", pick(f"1 이상이어야 합니다: {row['version']}", f"must be 1 or more: {row['version']}")
        )
    if table.name == "attachments":
        try:
            check_stored_name(row["stored_name"], row["sha256"])
        except ValueError as exc:
            raise _FieldError("stored_name", str(exc)) from None


def _content_id(table: sa.Table, raw: dict[str, Any], seen: Counter[str]) -> uuid.UUID:
    """The id of a record the file gives without one: the same record gets the same id at
    every import, so importing the file again does not add it twice."""
    text = json.dumps(raw, sort_keys=True, ensure_ascii=False)
    seen[text] += 1  # identical records in one file stay distinct
    return uuid.uuid5(ID_NAMESPACE, f"{table.name}\n{text}\n{seen[text]}")


def _fill_defaults(table: sa.Table, row: dict[str, Any], now: datetime, new_id: Any) -> None:
    for col in table.columns:
        if row.get(col.name) is not None:
            continue
        if col.name in ("created_at", "updated_at"):
            row[col.name] = now
        elif col.default is not None and col.default.is_scalar:
            row[col.name] = col.default.arg
        elif col.name == "id" and col.primary_key:
            row[col.name] = new_id()


def _key(table: sa.Table, values: dict[str, Any]) -> tuple:
    return tuple(values[c.name] for c in table.primary_key.columns)


def _check_repeated_keys(table: sa.Table, rows: list[Incoming], raw: list[Any], problems: list[str]) -> None:
    keys = [_key(table, r.values) for r in rows]
    dupes = len(keys) - len(set(keys))
    if not dupes:
        return
    if len(rows) != len(raw):  # some records were refused already: indexes would not match the file
        problems.append(
            f"records.{table.name}: " + pick(f"같은 키가 {dupes}번 반복됩니다", f"{dupes} repeated keys")
        )
        return
    first: dict[tuple, int] = {}
    for i, key in enumerate(keys):
        if key not in first:
            first[key] = i
        elif len(problems) < MAX_PROBLEMS:
            j = first[key]
            problems.append(
                f"{rows[i].where}: "
                + pick(
                    f"records.{table.name}[{j}]와 키가 같습니다 (반복된 키)",
                    f"repeated key: the same as records.{table.name}[{j}]",
                )
            )


def read_records(path: Path) -> dict[str, list[Incoming]]:
    """Every record of the file, checked on its own; ImportRejected lists what is wrong."""
    doc = read_document(Path(path))
    sections = doc["records"]
    by_name = {t.name: t for t in tables()}
    problems = [
        f"records.{name}: " + pick("알 수 없는 항목", "unknown section")
        for name in sections
        if name not in by_name
    ]
    prepared: dict[str, list[Incoming]] = {}
    for table in tables():
        if table.name in sections:
            prepared[table.name] = _prepare(table, sections[table.name], problems)
    for name, rows in prepared.items():
        _check_repeated_keys(by_name[name], rows, sections[name], problems)
    _mark_altered(doc, by_name, sections, prepared, problems)
    if problems:
        raise ImportRejected(problems)
    return prepared


def _mark_altered(
    doc: dict[str, Any],
    by_name: dict[str, sa.Table],
    sections: dict[str, Any],
    prepared: dict[str, list[Incoming]],
    problems: list[str],
) -> None:
    """Flag the records a sharing file lists as written otherwise than their originals."""
    if SHARED not in doc:
        return
    shared = doc[SHARED]
    altered = shared.get("altered") if isinstance(shared, dict) else None
    if not isinstance(altered, dict) or not all(
        isinstance(keys, list) and all(isinstance(k, str) for k in keys) for keys in altered.values()
    ):
        problems.append(
            f'"{SHARED}": '
            + pick(
                '"altered"는 표 이름마다 키 목록이어야 합니다',
                '"altered" must list keys under each table name',
            )
        )
        return
    for name, keys in altered.items():
        if name not in prepared or not keys:
            continue
        wanted, raw = set(keys), sections[name]
        for inc in prepared[name]:
            if isinstance(raw[inc.index], dict) and row_key(by_name[name], raw[inc.index]) in wanted:
                inc.altered = True


# ---------------------------------------------------------------- import: against the database
#
# An import never moves a record backwards unless asked: a record the database holds in a newer
# version than the file (a higher `version`, or the same version changed later) is a conflict.
# `version` only ever goes up, so an editor holding the record open notices the import.

REFUSE, KEEP, OVERWRITE = "refuse", "keep", "overwrite"  # what to do with conflicts
_LABEL_FIELDS = ("title", "title_ko", "name_ko", "name_en", "name", "text", "filename", "description")


@dataclass(frozen=True)
class Conflict:
    """A record changed in the database after the file's copy of it was made."""

    section: str
    key: Any
    where: str
    label: str
    database: tuple[int | None, datetime | None]  # version, updated_at
    file: tuple[int | None, datetime | None]

    @property
    def ref(self) -> tuple[str, Any]:
        return self.section, self.key

    def describe(self) -> str:
        (dv, du), (fv, fu) = self.database, self.file
        return f"{self.where} {self.label}: " + pick(
            f"데이터베이스의 기록이 더 새롭습니다 (데이터베이스: 버전 {dv}, {_when(du)} / 파일: 버전 {_v(fv)}, {_when(fu)})",
            f"the database's copy is newer (database: version {dv}, {_when(du)}; file: version {_v(fv)}, {_when(fu)})",
        )


def _when(stamp: datetime | None) -> str:
    return f"{stamp:%Y-%m-%d %H:%M} UTC" if stamp else "-"


def _v(version: int | None) -> str:
    return str(version) if version is not None else "-"


class ImportConflicts(ImportRejected):
    """Records newer in the database than in the file; nothing was written."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        shown = [c.describe() for c in conflicts[:MAX_PROBLEMS]]
        if len(conflicts) > MAX_PROBLEMS:
            more = len(conflicts) - MAX_PROBLEMS
            shown.append(pick(f"외 {more}건", f"and {more} more"))
        super().__init__(shown)

    def message(self, lang: str | None = None) -> str:
        n = len(self.conflicts)
        head = pick(
            f"파일보다 데이터베이스에서 더 나중에 고친 기록이 {n}건 있어 가져오지 않았습니다. "
            "데이터베이스는 바뀌지 않았습니다.",
            f"{n} record(s) were changed in the database after the file was made, so nothing was "
            "imported; the database is unchanged.",
        )
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


@dataclass
class _Section:
    table: sa.Table
    new: list[Incoming] = field(default_factory=list)
    updates: list[tuple[Incoming, Mapping[str, Any]]] = field(default_factory=list)
    conflicts: list[tuple[Incoming, Mapping[str, Any]]] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class ImportPlan:
    """What importing the file would do, record by record (nothing written yet)."""

    path: Path
    records: dict[str, list[Incoming]]
    sections: dict[str, _Section]

    @property
    def conflicts(self) -> list[Conflict]:
        return [_conflict(s.table, inc, cur) for s in self.sections.values() for inc, cur in s.conflicts]

    def count(self, what: str) -> int:
        return sum(
            len(getattr(s, what)) if what != "unchanged" else s.unchanged for s in self.sections.values()
        )

    def summary(self) -> str:
        new, upd, same, con = (self.count(w) for w in ("new", "updates", "unchanged", "conflicts"))
        return pick(
            f"추가 {new:,}건, 갱신 {upd:,}건, 변경 없음 {same:,}건, 데이터베이스가 더 새로운 기록 {con:,}건",
            f"{new:,} new, {upd:,} updated, {same:,} unchanged, {con:,} newer in the database",
        )


@dataclass
class ImportResult:
    added: int
    updated: int
    unchanged: int
    kept: list[Conflict]  # newer in the database, left as they were
    overwritten: list[Conflict]  # newer in the database, replaced by the file's at the user's word
    per_section: dict[str, int]  # records of the file per section

    def summary(self) -> str:
        text = pick(
            f"추가 {self.added:,}건, 갱신 {self.updated:,}건, 변경 없음 {self.unchanged:,}건",
            f"{self.added:,} added, {self.updated:,} updated, {self.unchanged:,} unchanged",
        )
        if self.kept:
            text += pick(
                f", 데이터베이스 쪽 유지 {len(self.kept):,}건",
                f", {len(self.kept):,} kept as in the database",
            )
        if self.overwritten:
            text += pick(
                f", 파일 쪽으로 덮어씀 {len(self.overwritten):,}건",
                f", {len(self.overwritten):,} newer ones overwritten",
            )
        return text


def _label(table: sa.Table, values: Mapping[str, Any]) -> str:
    text = next((str(values[f]) for f in _LABEL_FIELDS if f in table.c and values.get(f)), "")
    return f"'{text[:60]}'" if text else ""


def _conflict(table: sa.Table, inc: Incoming, cur: Mapping[str, Any]) -> Conflict:
    key = _key(table, inc.values)
    return Conflict(
        table.name,
        key[0] if len(key) == 1 else key,
        inc.where,
        _label(table, cur),
        (cur.get("version"), cur.get("updated_at")),
        (
            inc.values.get("version") if "version" in inc.given else None,
            inc.values.get("updated_at") if "updated_at" in inc.given else None,
        ),
    )


def _database_is_newer(inc: Incoming, cur: Mapping[str, Any]) -> bool:
    """A file record without stamps (written by hand) claims no age: it is the file's word."""
    if "version" in cur and "version" in inc.given and inc.values["version"] != cur["version"]:
        return cur["version"] > inc.values["version"]
    if "updated_at" in cur and "updated_at" in inc.given:
        return cur["updated_at"] > inc.values["updated_at"]
    return False


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
        current = _current(conn, table, [_key(table, r.values) for r in rows])
        content = [c.name for c in table.columns if not c.primary_key and c.name not in STAMPS]
        for inc in rows:
            cur = current.get(_key(table, inc.values))
            if cur is None:
                section.new.append(inc)
            elif inc.altered or all(inc.values[c] == cur[c] for c in content):
                section.unchanged += 1
            elif _database_is_newer(inc, cur):
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
    pending = {name: {_key(by_name[name], r.values)[0] for r in rows} for name, rows in records.items()}
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
    key = _key(table, values)
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


# ---------------------------------------------------------------- import: the three ways in


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
