"""Saving a person whole, as the person editor shows them: the person's own fields and their
positions over time, in one transaction.

Officials rotate: a person has many positions, each with its period. Positions that come back
with their `id` keep it; positions not returned are deleted; positions without a known id are
created. Nothing is written when any part is invalid, and the error names the row
("직위 2: ..." / "Position 2: ...", counting from 1 in the order the rows were given).

Meetings keep the title a participant held on the day as text (`MeetingParticipant.title`), so
editing or ending a position never rewrites the record of a meeting already held.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tracker.db.engine import Database
from tracker.db.models import Person, Position
from tracker.db.types import utcnow
from tracker.domain.dates import parse_precision_date
from tracker.domain.enums import DatePrecision, Rank
from tracker.domain.errors import ConflictError, DomainError, RowError, ValidationError
from tracker.domain.i18n import pick
from tracker.services import records
from tracker.services.directory import get_person
from tracker.services.row_keys import row_key
from tracker.services.validation import choice, normalise

NAME_FIELDS = ("name_ko", "name_original", "name_latin")
POSITION_FIELDS = (
    "organization_id",
    "title_ko",
    "title_en",
    "department",
    "rank",
    "start_date",
    "end_date",
    "notes",
)
SECTION = ("직위", "Position")


class NoNameError(ValidationError):
    """A person needs a name in at least one script."""

    def __init__(self) -> None:
        super().__init__("no_name", field="name_ko")

    def message(self, lang: str | None = None) -> str:
        return pick(
            "이름을 한글·원어·로마자 중 하나 이상 입력하세요.",
            "Enter a name in at least one script (Korean, own script or Latin).",
            lang,
        )


class UnknownOrganizationError(ValidationError):
    """A position names an organization that does not exist (or no longer does)."""

    def __init__(self, value: Any) -> None:
        super().__init__("unknown_record", field="organization_id", kind="organizations", value=value)

    def message(self, lang: str | None = None) -> str:
        value = self.params.get("value")
        return pick(f"기관을 찾을 수 없습니다: {value}", f"Unknown organization: {value}", lang)


class PositionError(RowError):
    """A problem in one position of a person."""

    def __init__(self, row: int, cause: DomainError) -> None:
        super().__init__(SECTION, "positions", row, cause)


@contextmanager
def _row(index: int) -> Iterator[None]:
    """Name the position in which a validation error happened."""
    try:
        yield
    except PositionError:
        raise
    except ValidationError as exc:
        if exc.code == "unknown_record" and exc.field == "organization_id":
            exc = UnknownOrganizationError(exc.params.get("value"))
        raise PositionError(index, exc) from exc


# ------------------------------------------------------------------ values as given


def _day(value: Any, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        try:
            pd = parse_precision_date(value)
        except DomainError as exc:
            raise ValidationError("bad_date", field=field, value=value) from exc
        if pd.precision is DatePrecision.DAY and pd.end is None:
            return pd.start
    raise ValidationError("bad_date", field=field, value=value)


def position_values(given: Mapping[str, Any]) -> dict[str, Any]:
    """A position's columns from what a caller gives: dates as `date` or text, the rank as a
    `Rank` or its value (empty: 'other'), the organization as a UUID or its text."""
    unknown = set(given) - {"id", "person_id", *POSITION_FIELDS}
    if unknown:
        name = sorted(unknown)[0]
        raise ValidationError("bad_value", field=name, value=name)
    data = {k: given[k] for k in POSITION_FIELDS if k in given}
    if "start_date" in data:
        data["start_date"] = _day(data["start_date"], "start_date")
    if "end_date" in data:
        data["end_date"] = _day(data["end_date"], "end_date")
    if "rank" in data:
        data["rank"] = Rank.OTHER if data["rank"] in (None, "") else choice(Rank, data["rank"], "rank")
    org = data.get("organization_id")
    if org is not None:
        org = row_key(org)
        if not isinstance(org, uuid.UUID):
            raise UnknownOrganizationError(org)
        data["organization_id"] = org
    return normalise(Position.__table__, data)  # type: ignore[arg-type]


def _check_named(fields: Mapping[str, Any], current: Person | None) -> None:
    names = {k: fields[k] if k in fields else getattr(current, k, None) for k in NAME_FIELDS}
    if not any(normalise(Person.__table__, names).values()):  # type: ignore[arg-type]
        raise NoNameError()


def _check_positions(positions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every row's values, checked on their own before anything is written."""
    out = []
    for index, given in enumerate(positions):
        with _row(index):
            data = position_values(given)
            start, end = data.get("start_date"), data.get("end_date")
            if start is not None and end is not None and end < start:
                raise ValidationError("end_before_start", field="end_date", start=start, end=end)
            out.append(data)
    return out


# ------------------------------------------------------------------ the use case


def _save_positions(
    session: Session, person: Person, positions: Sequence[Mapping[str, Any]], values: list[dict[str, Any]]
) -> bool:
    """Store the positions; True when anything was created, changed or deleted."""
    existing = {p.id: p for p in session.scalars(sa.select(Position).where(Position.person_id == person.id))}
    versions = {k: p.version for k, p in existing.items()}
    kept: set[uuid.UUID] = set()
    changed = False
    for index, (given, data) in enumerate(zip(positions, values, strict=True)):
        with _row(index):
            key = row_key(given.get("id"))
            data = {**data, "person_id": person.id}
            if key in existing and key not in kept:
                kept.add(key)
                records.update_in(session, Position, key, data)
                changed = changed or existing[key].version != versions[key]
            else:
                records.create_in(session, Position, data)
                changed = True
    for key, pos in existing.items():
        if key not in kept:
            session.delete(pos)
            changed = True
    session.flush()
    return changed


def save_person(
    db: Database,
    person_id: uuid.UUID | None,
    fields: Mapping[str, Any],
    positions: Sequence[Mapping[str, Any]],
    expected_version: int | None = None,
) -> Person:
    """Create (`person_id` None) or update a person with all their positions, in one transaction.

    `fields`: the person's columns (for an update, those given replace the stored ones).
    `positions`: dicts with `organization_id`, `title_ko`, `title_en`, `department`, `rank`,
    `start_date`, `end_date`, `notes` and, for a position already stored, its `id`. The list is
    the whole of the person's positions: stored positions not in it are deleted.
    Any change, to the person or to a position, raises the person's `version`, so that two
    officers editing the same person find out (ConflictError on a stale `expected_version`).
    """
    positions = list(positions)
    values = _check_positions(positions)
    with records.conflicts_reported(), db.transaction() as s:
        if person_id is None:
            _check_named(fields, None)
            person = records.create_in(s, Person, fields)
            before = None
        else:
            current = records.load(s, Person, person_id)
            if expected_version is not None and current.version != expected_version:
                raise ConflictError("stale")
            _check_named(fields, current)
            before = current.version
            person = records.update_in(s, Person, person_id, fields, expected_version)
        changed = _save_positions(s, person, positions, values)
        if before is not None and changed and person.version == before:
            # A change to a position is a change to the person: raise the version, so that a
            # colleague saving from an older copy is told instead of overwriting it.
            person.updated_at = utcnow()
            s.flush()
        saved_id = person.id
    return get_person(db, saved_id)


# ------------------------------------------------------------------ rotation, as rows


def rotate_rows(
    rows: Sequence[Mapping[str, Any]], start: date, new: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """A new position from `start`: the positions still open that began before it (or have no
    start) end the day before — what `directory.rotate` does in the database, done on the rows
    an editor holds. The new position comes first (newest first)."""
    out = []
    for row in rows:
        row = dict(row)
        begin = row.get("start_date")
        if row.get("end_date") is None and (begin is None or begin < start):
            row["end_date"] = start - timedelta(days=1)
        out.append(row)
    return [{**new, "start_date": start, "end_date": None}, *out]


__all__ = [
    "NAME_FIELDS",
    "NoNameError",
    "POSITION_FIELDS",
    "PositionError",
    "UnknownOrganizationError",
    "position_values",
    "rotate_rows",
    "save_person",
]
