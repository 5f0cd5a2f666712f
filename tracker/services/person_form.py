"""What the person editor shows and saves, as plain data: the person's fields and their
positions over time (the editor never holds a database row), and the rules its positions
table follows before anything is saved — dates as the table shows and reads them, where a
new position goes (newest first), which positions a rotation ends, and which rows are sent.

The table keeps each position as a dict ("a row"): `_key` (the editor's own handle), `id`
(None until stored), `organization_id` and `organization_label`, `title_ko`, `title_en`,
`department`, `rank`, `start_text` and `end_text` (the dates as typed) and `notes`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.db.engine import Database
from tracker.db.models import Person
from tracker.domain.dates import korean_date, parse_precision_date
from tracker.domain.enums import DatePrecision, Rank
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import language, pick
from tracker.services import directory, person_save, record_forms
from tracker.services.records import row_of

# The text columns of a position, as the table's cells hold them.
TEXT_FIELDS = ("title_ko", "title_en", "department", "notes")


@dataclass(frozen=True)
class PositionDraft:
    """One position as stored."""

    id: uuid.UUID
    organization_id: uuid.UUID | None
    title_ko: str | None
    title_en: str | None
    department: str | None
    rank: Rank
    start_date: date | None
    end_date: date | None
    notes: str | None


@dataclass(frozen=True)
class PersonDraft:
    """A person as the editor shows them: fields column by column, the name for the title
    (both scripts, the language's first), and the positions newest first."""

    id: uuid.UUID
    version: int
    values: dict[str, Any]
    name: str
    positions: list[PositionDraft]


def _draft(person: Person) -> PersonDraft:
    positions = sorted(
        person.positions, key=lambda p: (p.start_date is not None, p.start_date or date.min), reverse=True
    )
    return PersonDraft(
        id=person.id,
        version=person.version,
        values=row_of(person),
        name=person.display_name(language()),
        positions=[
            PositionDraft(
                id=p.id,
                organization_id=p.organization_id,
                title_ko=p.title_ko,
                title_en=p.title_en,
                department=p.department,
                rank=p.rank or Rank.OTHER,
                start_date=p.start_date,
                end_date=p.end_date,
                notes=p.notes,
            )
            for p in positions
        ],
    )


def person_draft(db: Database, person_id: uuid.UUID) -> PersonDraft:
    return _draft(directory.get_person(db, person_id))


def save_person(
    db: Database,
    person_id: uuid.UUID | None,
    fields: Mapping[str, Any],
    positions: Sequence[Mapping[str, Any]],
    expected_version: int | None = None,
) -> PersonDraft:
    """`person_save.save_person`, handing back what the editor shows next."""
    return _draft(person_save.save_person(db, person_id, fields, positions, expected_version))


def person_columns() -> set[str]:
    """The person's columns a caller may give (a new person's initial values beyond the form)."""
    return record_forms.columns("persons")


# ------------------------------------------------------------------ dates as the table shows them


def date_text(day: date | None) -> str:
    """A day as a DateField shows it: 2025.12.08.(월) in Korean, 2025-12-08 in English."""
    if day is None:
        return ""
    return pick(korean_date(day), day.isoformat())


def parse_day(text: str | None) -> date | None:
    """A day as typed (2025-12-08, 2025.12.08., '25.12.8.); empty is None; anything else is a
    ValidationError naming the text."""
    raw = (text or "").strip()
    if not raw:
        return None
    pd = parse_precision_date(raw)
    if pd.precision is not DatePrecision.DAY or pd.end is not None:
        raise ValidationError("bad_date", value=raw)
    return pd.start


def day_or_text(text: str | None) -> Any:
    try:
        return parse_day(text)
    except DomainError:
        return (text or "").strip()


# ------------------------------------------------------------------ the table's rows


def insert_at(rows: Sequence[Mapping[str, Any]], start: date | None) -> int:
    """Where a new position goes, newest first: above the first row that starts earlier
    (or has no start); a position without a start goes on top."""
    if start is None:
        return 0
    for i, row in enumerate(rows):
        begin = day_or_text(row.get("start_text"))
        if begin is None or (isinstance(begin, date) and begin < start):
            return i
    return len(rows)


def open_rows(rows: Sequence[Mapping[str, Any]], start: date) -> list[int]:
    """The rows a rotation from `start` ends: no end yet, and no start or an earlier one."""
    out = []
    for i, row in enumerate(rows):
        if (row.get("end_text") or "").strip():
            continue
        begin = day_or_text(row.get("start_text"))
        if begin is None or (isinstance(begin, date) and begin < start):
            out.append(i)
    return out


def current_row(rows: Sequence[Mapping[str, Any]]) -> int | None:
    """The newest position still open (the person's current one), if any."""
    return next((i for i, r in enumerate(rows) if not (r.get("end_text") or "").strip()), None)


def blank(row: Mapping[str, Any]) -> bool:
    return not (
        row.get("organization_id")
        or any(row.get(n) for n in TEXT_FIELDS)
        or (row.get("start_text") or "").strip()
        or (row.get("end_text") or "").strip()
    )


def position_payload(rows: Sequence[Mapping[str, Any]]) -> tuple[list[int], list[dict[str, Any]]]:
    """The positions as `save_person` takes them, in table order, with the table rows they
    came from. New rows left empty are not sent; dates are `date`s (text that is not a date
    is passed on as typed)."""
    sent = []
    out = []
    for r, row in enumerate(rows):
        if row["id"] is None and blank(row):
            continue
        sent.append(r)
        out.append(
            {
                "id": row["id"],
                "organization_id": row.get("organization_id"),
                "title_ko": row.get("title_ko"),
                "title_en": row.get("title_en"),
                "department": row.get("department"),
                "rank": row.get("rank") or Rank.OTHER,
                "start_date": day_or_text(row.get("start_text")),
                "end_date": day_or_text(row.get("end_text")),
                "notes": row.get("notes"),
            }
        )
    return sent, out


def named(values: Mapping[str, Any]) -> bool:
    """Whether the form gives the person a name in at least one script."""
    return any(values.get(k) for k in person_save.NAME_FIELDS)


__all__ = [
    "PERSON_LISTS",
    "position_rows_of",
    "PersonDraft",
    "PositionDraft",
    "TEXT_FIELDS",
    "blank",
    "current_row",
    "date_text",
    "day_or_text",
    "insert_at",
    "named",
    "open_rows",
    "parse_day",
    "person_columns",
    "person_draft",
    "position_payload",
    "save_person",
]


# ------------------------------------------------------------------ merging with a colleague's save

PERSON_LISTS = {"positions": ("직위", "Positions")}


def position_rows_of(person: PersonDraft) -> list[dict[str, Any]]:
    """A stored person's positions as `position_payload` gives them for an editor that loaded
    that version: the 'theirs' of a merge, comparable with the editor's own rows."""
    rows = [
        {
            "id": p.id,
            "organization_id": p.organization_id,
            "title_ko": p.title_ko,
            "title_en": p.title_en,
            "department": p.department,
            "rank": p.rank,
            "start_text": date_text(p.start_date),
            "end_text": date_text(p.end_date),
            "notes": p.notes,
        }
        for p in person.positions
    ]
    return position_payload(rows)[1]
