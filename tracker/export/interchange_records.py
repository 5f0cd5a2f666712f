"""The records of an interchange file checked before anything is written: each by the rules
every save obeys, short dates read, defaults filled, keys given once, and a shared copy's
records written otherwise than their originals marked as altered.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tracker.db.types import utcnow
from tracker.domain.arrival import arrival_day_offset
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick
from tracker.export.interchange_format import ID_NAMESPACE, MAX_PROBLEMS, SHARED, ImportRejected, tables
from tracker.export.interchange_read import decode, read_document, repeated_key_problems
from tracker.export.interchange_share import row_key
from tracker.services.attachments import check_stored_name
from tracker.services.validation import check_row, normalise


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
            problems.extend(repeated_key_problems(where, raw))
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


def primary_key(table: sa.Table, values: dict[str, Any]) -> tuple:
    return tuple(values[c.name] for c in table.primary_key.columns)


def _check_repeated_keys(table: sa.Table, rows: list[Incoming], raw: list[Any], problems: list[str]) -> None:
    keys = [primary_key(table, r.values) for r in rows]
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
