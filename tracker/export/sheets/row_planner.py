"""What every kind of row shares while an import is planned: its cells read as the database's
values, the records it refers to, and what it would change in a record already here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tracker.domain import vocabulary
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import pick
from tracker.domain.labels import label
from tracker.export.sheets.fields import field_labels
from tracker.export.sheets.import_plan import Change, ImportPreview, RowPlan
from tracker.export.sheets.matching import Bad, Countries, Organizations, key_of, text_of, within
from tracker.services.validation import check_row, normalise


class Planner:
    def __init__(self, session: Session, preview: ImportPreview) -> None:
        self.s = session
        self.kind = preview.kind
        self.create_orgs = preview.create_missing_organizations
        self.today = preview.today
        self.heading = {key: head for head, key in preview.mapping.items()}
        self.labels = field_labels(preview.kind)
        self.countries = Countries(session)
        self.orgs = Organizations(session)
        self.new_orgs: dict[str, str] = {}  # key -> name as first written
        self.seen: dict[Any, int] = {}  # match key -> first row number

    # -- helpers
    def where(self, key: str) -> str:
        return self.heading.get(key) or self.labels.get(key, key)

    def parse(self, row: RowPlan, values: Mapping[str, Any], key: str, fn: Callable[[Any], Any]) -> Any:
        if key not in values:
            return None
        try:
            return fn(values[key])
        except Bad as exc:
            row.reasons.append(f"{self.where(key)}: {exc}")
        except DomainError as exc:
            row.reasons.append(f"{self.where(key)}: {exc}")
        return None

    def text(self, row: RowPlan, values: Mapping[str, Any], key: str, column: sa.Column) -> str | None:
        def read(v: Any) -> str | None:
            t = text_of(v)
            within(t, column)
            return t

        return self.parse(row, values, key, read)

    def org_ref(
        self, row: RowPlan, values: Mapping[str, Any], key: str, column: str, country: str | None
    ) -> None:
        name = self.parse(row, values, key, text_of)
        if not name:
            return
        try:
            found = self.orgs.find(name, country)
        except Bad as exc:
            row.reasons.append(f"{self.where(key)}: {exc}")
            return
        if found is not None:
            row.data[column] = found
            return
        pending = self.pending_org(name)
        if pending is not None:
            row.new_refs[column] = "new:" + pending
            return
        row.reasons.append(
            f"{self.where(key)}: "
            + pick(
                f"등록되지 않은 기관입니다: {name} (먼저 기관을 등록하거나 '없는 기관 만들기'를 선택하세요)",
                f"unknown organization: {name} (add it first, or choose to create missing organizations)",
            )
        )

    def pending_org(self, name: str) -> str | None:
        if not self.create_orgs:
            return None
        k = key_of(name)
        self.new_orgs.setdefault(k, " ".join(name.split()))
        return k

    def new_name(self, ref: str | None) -> str:
        return self.new_orgs.get((ref or "").removeprefix("new:"), "")

    def validate(self, row: RowPlan, model: type, full: dict[str, Any]) -> None:
        """The rules every record keeps (validation.check_row), reported against the
        heading of the user's column."""
        table = model.__table__  # type: ignore[attr-defined]
        try:
            check_row(table, normalise(table, dict(full)))
        except ValidationError as exc:
            text = str(exc)
            if exc.field:
                text = f"{self.where(_FIELD_OF_COLUMN.get(exc.field, exc.field))}: {text.removeprefix(exc.field + ': ')}"
            row.reasons.append(text)

    def first_seen(self, row: RowPlan, key: Any) -> bool:
        """False (and the row rejected) when an earlier row of the file is the same record."""
        if key in self.seen:
            row.reasons.append(
                pick(
                    f"{self.seen[key]}행과 같은 기록입니다 (중복된 행)",
                    f"the same record as row {self.seen[key]} (repeated row)",
                )
            )
            return False
        self.seen[key] = row.number
        return True

    def diff(
        self, row: RowPlan, existing: Mapping[str, Any], data: Mapping[str, Any], quiet: Iterable[str] = ()
    ) -> dict[str, Any]:
        """The values that differ from the record's; each listed in `row.changes` unless quiet."""
        table_changes: dict[str, Any] = {}
        for column, new in data.items():
            old = existing.get(column)
            if (
                _same(old, new)
                or column == "email"
                and str(old or "").casefold() == str(new or "").casefold()
            ):
                continue
            table_changes[column] = new
            if column in quiet:
                continue
            row.changes.append(
                Change(
                    self.labels.get(_FIELD_OF_COLUMN.get(column, column), column),
                    self.shown(column, old),
                    self.shown(column, new),
                )
            )
        return table_changes

    def shown(self, column: str, value: Any) -> str:
        if value is None:
            return ""
        if column in ("organization_id", "counterpart_org_id", "parent_id"):
            org = self.orgs.by_id.get(value)
            return org.name_ko if org else str(value)
        if isinstance(value, Enum):
            return label(value)
        if isinstance(value, bool):
            return vocabulary.YES() if value else vocabulary.NO()
        if isinstance(value, date):
            return value.isoformat()
        return str(value)


_FIELD_OF_COLUMN = {
    "country_code": "country",
    "organization_id": "organization",
    "counterpart_org_id": "counterpart_org",
    "parent_id": "parent",
    "owner_id": "owner",
    "due_date": "due",
    "due_end": "due",
    "due_precision": "due",
    "meeting_id": "source",
    "trip_id": "source",
    "title_ko": "title",
}


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, str) and isinstance(new, str):
        return unicodedata.normalize("NFC", old.strip()) == unicodedata.normalize("NFC", new.strip())
    if isinstance(old, Enum) or isinstance(new, Enum):
        return str(getattr(old, "value", old)) == str(getattr(new, "value", new))
    if isinstance(old, (float, Decimal)) or isinstance(new, (float, Decimal)):
        return old is not None and new is not None and float(old) == float(new)
    return bool(old == new)


class Rows:
    def __init__(self, p: Planner) -> None:
        self.p = p

    def __call__(self, number: int, values: Mapping[str, Any]) -> RowPlan:
        raise NotImplementedError

    def finish(self, rows: list[RowPlan]) -> None:
        """Checks across rows, once every row is planned."""
