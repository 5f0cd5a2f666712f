"""People, organizations and follow-ups from a spreadsheet: a preview first, then one
transaction that writes every row or none.

A row matches an existing record, and then updates it, when
- a person has the same email, or the same name and a position at the same organization
  (a person known without any organization matches by name alone);
- an organization has the same Korean name (and the same country, when the row names one);
- a follow-up has the same title and the same meeting or trip ('면담·출장' column), or the
  same title alone when the sheet names no source and only one follow-up has that title.
Empty cells never erase what the database knows. A row that cannot be imported is listed
with its row number and the reason, in the user's language.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tracker.db.engine import Database
from tracker.db.models import Action, Organization, Person, Position
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, DatePrecision, OrgKind, OwedBy, Priority
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import pick
from tracker.domain.labels import label
from tracker.export.interchange import MAX_PROBLEMS, ImportRejected
from tracker.export.sheets.fields import (
    ACTIONS,
    ORGANIZATIONS,
    PERSONS,
    REQUIRED,
    field_labels,
)
from tracker.export.sheets.matching import (
    Bad,
    Countries,
    KnownPerson,
    Org,
    Organizations,
    People,
    Sources,
    choice,
    day_of,
    empty,
    enum_lookup,
    flag,
    key_of,
    precision_date,
    text_of,
    within,
)
from tracker.export.sheets.reader import CellError, Table, read_table
from tracker.services import records
from tracker.services.validation import check_row, normalise

CREATE, UPDATE, UNCHANGED, REJECTED = "create", "update", "unchanged", "rejected"
MODELS: dict[str, type] = {PERSONS: Person, ORGANIZATIONS: Organization, ACTIONS: Action}
CHUNK = 500


class RowsRejected(ImportRejected):
    """Rows of the file cannot be imported; `rows` are their plans (number and reasons)."""

    def __init__(self, rows: list[RowPlan]) -> None:
        self.rows = rows
        problems = [r.problem for r in rows[:MAX_PROBLEMS]]
        if len(rows) > MAX_PROBLEMS:
            problems.append(
                pick(f"그 밖에 {len(rows) - MAX_PROBLEMS}행", f"and {len(rows) - MAX_PROBLEMS} more rows")
            )
        super().__init__(problems)


@dataclass
class Change:
    field: str  # the field's label
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.field}: {self.old or '—'} → {self.new or '—'}"


@dataclass
class RowPlan:
    """What will happen to one row of the sheet."""

    number: int  # the row number Excel shows
    action: str  # CREATE, UPDATE, UNCHANGED or REJECTED
    label: str = ""  # the record as a person names it
    target_id: uuid.UUID | None = None  # the record updated (or left unchanged)
    changes: list[Change] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # for the commit
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    new_refs: dict[str, str] = field(default_factory=dict, repr=False)  # column -> organization to create
    position: dict[str, Any] | None = field(default=None, repr=False)
    end_positions: list[uuid.UUID] = field(default_factory=list, repr=False)

    @property
    def problem(self) -> str:
        return pick(f"{self.number}행", f"Row {self.number}") + ": " + "; ".join(self.reasons)

    @property
    def summary(self) -> str:
        """One line for a preview table."""
        if self.action == REJECTED:
            return "; ".join(self.reasons)
        if self.action == CREATE:
            return pick("새로 만듦", "new")
        if self.action == UNCHANGED:
            return pick("바뀐 내용 없음", "no change")
        return "; ".join(str(c) for c in self.changes)


@dataclass
class ImportPreview:
    kind: str
    path: Path | None
    mapping: dict[str, str]
    headers: list[str]
    rows: list[RowPlan]
    new_organizations: list[str]  # named by rows but not in the database: created on commit
    create_missing_organizations: bool = False
    today: date = field(default_factory=date.today)
    cells: list[tuple[int, dict[str, Any]]] = field(default_factory=list, repr=False)
    notes: tuple[str, ...] = ()  # what reading the file changed (merged cells filled down)
    cell_errors: dict[int, list[str]] = field(default_factory=dict, repr=False)  # row -> Excel errors

    def _with(self, action: str) -> list[RowPlan]:
        return [r for r in self.rows if r.action == action]

    @property
    def creates(self) -> list[RowPlan]:
        return self._with(CREATE)

    @property
    def updates(self) -> list[RowPlan]:
        return self._with(UPDATE)

    @property
    def unchanged(self) -> list[RowPlan]:
        return self._with(UNCHANGED)

    @property
    def rejected(self) -> list[RowPlan]:
        return self._with(REJECTED)

    @property
    def problems(self) -> list[str]:
        return [r.problem for r in self.rejected]

    def counts(self) -> dict[str, int]:
        return {
            "create": len(self.creates),
            "update": len(self.updates),
            "unchanged": len(self.unchanged),
            "rejected": len(self.rejected),
            "organizations": len(self.new_organizations),
        }


# ------------------------------------------------------------------ public functions


def preview_import(
    db: Database,
    kind: str,
    path: Path | str | Table,
    mapping: Mapping[str, str | None],
    *,
    create_missing_organizations: bool = False,
) -> ImportPreview:
    """Read the file (or take the Table `read_table` gave) and decide, row by row, what an
    import would do. Writes nothing. `mapping` is {heading: field key} as `suggest_mapping`
    gives it and the user corrects it; headings mapped to None, or left out, are ignored.
    A file that cannot be read, or a mapping without the required field, raises
    ImportRejected. With `create_missing_organizations`, an organization a row names but the
    database lacks is created (kind 'other') instead of the row being rejected."""
    table = path if isinstance(path, Table) else read_table(path)
    path = table.path if isinstance(path, Table) else Path(path)
    wanted = _check_mapping(kind, table.headers, mapping)
    columns = [(i, wanted[h]) for i, h in enumerate(table.headers) if h in wanted]
    cells: list[tuple[int, dict[str, Any]]] = []
    cell_errors: dict[int, list[str]] = {}
    for index, row in enumerate(table.rows):
        values = {key: row[i] for i, key in columns if i < len(row) and not empty(row[i])}
        errors = [str(v) for v in values.values() if isinstance(v, CellError)]
        if errors:  # an error value is never data: the row is refused, naming the cell
            cell_errors[table.row_number(index)] = errors
            values = {k: v for k, v in values.items() if not isinstance(v, CellError)}
        if values or errors or any(not empty(v) for v in row):
            cells.append((table.row_number(index), values))
    preview = ImportPreview(
        kind,
        path,
        dict(wanted),
        list(table.headers),
        [],
        [],
        create_missing_organizations,
        date.today(),
        cells,
        table.notes,
        cell_errors,
    )
    with db.read() as s:
        preview.rows, new_orgs = _plan(s, preview)
    preview.new_organizations = list(new_orgs.values())
    return preview


def commit_import(db: Database, preview: ImportPreview, *, skip_rejected: bool = False) -> dict[str, int]:
    """Write the previewed import in one transaction. Refuses (RowsRejected, a kind of
    ImportRejected) when any row is rejected, unless `skip_rejected`; refuses too when the
    database changed since the preview in a way that changes the plan. On any error nothing
    is written. Returns {"created", "updated", "unchanged", "skipped", "organizations",
    "positions"}."""
    try:
        with records.conflicts_reported(), db.transaction() as s:
            rows, new_orgs = _plan(s, preview)
            if _signature(rows, list(new_orgs.values())) != _signature(
                preview.rows, preview.new_organizations
            ):
                raise ImportRejected(
                    [
                        pick(
                            "미리 보기 뒤에 데이터베이스가 바뀌었습니다. 다시 미리 보기 하세요.",
                            "The database changed after the preview: preview the file again.",
                        )
                    ]
                )
            bad = [r for r in rows if r.action == REJECTED]
            if bad and not skip_rejected:
                raise RowsRejected(bad)
            return _apply(s, preview.kind, rows, new_orgs, preview.today) | {"skipped": len(bad)}
    except (sa.exc.IntegrityError, sa.exc.DataError) as exc:
        raise ImportRejected(
            [pick(f"데이터베이스 제약 위반: {exc.orig}", f"A database constraint refused it: {exc.orig}")]
        ) from exc


def import_file(
    db: Database,
    kind: str,
    path: Path | str,
    mapping: Mapping[str, str | None] | None = None,
    *,
    create_missing_organizations: bool = False,
    skip_rejected: bool = False,
    encoding: str | None = None,
) -> dict[str, int]:
    """Preview and commit in one call (the command line): the suggested mapping unless given;
    a CSV in `encoding` when given, else in the encoding found."""
    from tracker.export.sheets.fields import suggest_mapping

    table = read_table(path, encoding)
    if mapping is None:
        mapping = suggest_mapping(kind, table.headers)
    preview = preview_import(
        db, kind, table, mapping, create_missing_organizations=create_missing_organizations
    )
    return commit_import(db, preview, skip_rejected=skip_rejected)


def _signature(rows: list[RowPlan], new_orgs: list[str]) -> tuple[Any, ...]:
    return tuple((r.number, r.action, r.target_id) for r in rows), tuple(sorted(new_orgs))


def _check_mapping(kind: str, headers: list[str], mapping: Mapping[str, str | None]) -> dict[str, str]:
    known = field_labels(kind)
    wanted = {h: f for h, f in mapping.items() if f}
    problems = []
    for head, key in wanted.items():
        if head not in headers:
            problems.append(pick(f"파일에 없는 열입니다: {head}", f"No such column in the file: {head}"))
        if key not in known:
            problems.append(pick(f"알 수 없는 항목입니다: {key}", f"Unknown field: {key}"))
    by_field: dict[str, list[str]] = {}
    for head, key in wanted.items():
        by_field.setdefault(key, []).append(head)
    for key, heads in by_field.items():
        if len(heads) > 1 and key in known:
            problems.append(
                pick(
                    f"여러 열({', '.join(heads)})이 같은 항목 '{known[key]}'에 연결되어 있습니다",
                    f"Several columns ({', '.join(heads)}) are mapped to the same field '{known[key]}'",
                )
            )
    if not any(k in by_field for k in REQUIRED[kind]):
        names = " / ".join(known[k] for k in REQUIRED[kind])
        problems.append(pick(f"'{names}' 항목에 연결된 열이 없습니다", f"No column is mapped to '{names}'"))
    if problems:
        raise ImportRejected(problems)
    return wanted


# ------------------------------------------------------------------ planning


class _Planner:
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
            return pick("예", "Yes") if value else pick("아니요", "No")
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


def _plan(session: Session, preview: ImportPreview) -> tuple[list[RowPlan], dict[str, str]]:
    """Every row's plan, and the organizations to create {key: name} for the rows kept."""
    planner = _Planner(session, preview)
    plan_row = {PERSONS: _PersonRows, ORGANIZATIONS: _OrganizationRows, ACTIONS: _ActionRows}[preview.kind](
        planner
    )
    rows = [plan_row(number, values) for number, values in preview.cells]
    plan_row.finish(rows)
    for row in rows:
        row.reasons[:0] = preview.cell_errors.get(row.number, [])
        if row.reasons:
            row.action = REJECTED
    needed = {k.removeprefix("new:") for r in rows if r.action != REJECTED for k in r.new_refs.values()}
    return rows, {k: name for k, name in planner.new_orgs.items() if k in needed}


class _Rows:
    def __init__(self, p: _Planner) -> None:
        self.p = p

    def __call__(self, number: int, values: Mapping[str, Any]) -> RowPlan:
        raise NotImplementedError

    def finish(self, rows: list[RowPlan]) -> None:
        """Checks across rows, once every row is planned."""


class _PersonRows(_Rows):
    def __init__(self, p: _Planner) -> None:
        super().__init__(p)
        self.people = People(p.s)

    def __call__(self, number: int, values: Mapping[str, Any]) -> RowPlan:
        p, row = self.p, RowPlan(number, CREATE)
        cols = Person.__table__.c
        data: dict[str, Any] = {}
        for key in ("name_ko", "name_original", "name_latin", "email", "phone", "mobile", "notes"):
            data[key] = p.text(row, values, key, cols[key])
        if "email" in values and data["email"]:
            data["email"] = data["email"].replace("mailto:", "").strip()
        data["country_code"] = p.parse(row, values, "country", p.countries.code)
        data["is_staff"] = p.parse(row, values, "is_staff", flag)
        data = {k: v for k, v in data.items() if v is not None}
        pcols = Position.__table__.c
        title = p.text(row, values, "title", pcols["title_ko"])
        title_en = p.text(row, values, "title_en", pcols["title_en"])
        department = p.text(row, values, "department", pcols["department"])
        p.org_ref(row, values, "organization", "organization_id", data.get("country_code"))
        names = [data.get(k) for k in ("name_ko", "name_original", "name_latin")]
        row.label = next((n for n in names if n), "")
        org_name = text_of(values.get("organization"))
        if org_name:
            row.label += f" ({org_name})"
        if not any(names):
            row.reasons.append(pick("이름이 없습니다", "no name"))
        org_id = row.data.pop("organization_id", None)
        org_new = row.new_refs.get("organization_id")
        if row.reasons:
            return row
        # which person is it?
        person = self.match(row, data, org_id, org_new)
        if row.reasons:
            return row
        if person is not None:
            match_key: tuple[Any, ...] = ("id", person.id)
        elif data.get("email"):
            match_key = ("email", data["email"].casefold())
        else:
            match_key = ("name", key_of(next(n for n in names if n)), org_id or org_new)
        if not p.first_seen(row, match_key):
            return row
        wants_position = bool(org_id or org_new or title or title_en or department)
        position = {
            "organization_id": org_id,
            "title_ko": title,
            "title_en": title_en,
            "department": department,
        }
        if person is None:
            row.data = data
            p.validate(row, Person, {"is_staff": False, **data})
            if wants_position:
                row.position = position
                p.validate(row, Position, {"person_id": uuid.uuid4(), "rank": "other", **position})
            return row
        row.target_id = person.id
        row.data = p.diff(row, person.row, data)
        p.validate(row, Person, {**person.row, **row.data})
        if wants_position:
            self.plan_position(row, person, position, org_new)
        row.action = UPDATE if row.changes else UNCHANGED
        return row

    def match(
        self, row: RowPlan, data: Mapping[str, Any], org_id: uuid.UUID | None, org_new: str | None
    ) -> KnownPerson | None:
        names = [data.get(k) for k in ("name_ko", "name_original", "name_latin")]
        email = (data.get("email") or "").casefold()
        if email:
            found = self.people.by_email.get(email, [])
            if len(found) > 1:
                found = [x for x in found if x.keys & {key_of(n) for n in names if n}] or found
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                row.reasons.append(
                    pick(
                        f"이 이메일을 쓰는 인사가 여럿입니다: {email}",
                        f"several people have this email: {email}",
                    )
                )
                return None
        candidates = self.people.named(*names)
        if org_new is not None:
            return None  # a new organization: nobody holds a position there yet
        if org_id is not None:
            at_org = [x for x in candidates if any(pos["organization_id"] == org_id for pos in x.positions)]
            if not at_org:  # known by name but never placed at any organization
                at_org = [x for x in candidates if not any(pos["organization_id"] for pos in x.positions)]
            candidates = at_org
        elif data.get("country_code"):
            candidates = [x for x in candidates if x.row["country_code"] in (None, data["country_code"])]
        candidates = [
            x for x in candidates if not email or not x.row["email"]
        ]  # another email: another person
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            row.reasons.append(
                pick(
                    "같은 이름의 인사가 여럿입니다. 기관이나 이메일 열을 함께 가져오세요",
                    "several people have this name: import the organization or email column too",
                )
            )
        return None

    def plan_position(
        self, row: RowPlan, person: KnownPerson, pos: dict[str, Any], org_new: str | None
    ) -> None:
        """Nothing when the person holds that position; a first position when they hold none;
        otherwise a rotation: the open positions end yesterday, the new one starts today."""
        p = self.p
        today = p.today
        current = [x for x in person.positions if x["end_date"] is None or x["end_date"] >= today]

        def holds(x: dict[str, Any]) -> bool:
            return (
                (
                    org_new is None
                    and (pos["organization_id"] is None or x["organization_id"] == pos["organization_id"])
                )
                and (pos["title_ko"] is None or key_of(x["title_ko"]) == key_of(pos["title_ko"]))
                and (pos["title_en"] is None or key_of(x["title_en"]) == key_of(pos["title_en"]))
            )

        if any(holds(x) for x in current):
            return
        new = dict(pos)
        if new["organization_id"] is None and org_new is None and current:
            latest = max(current, key=lambda x: (x["start_date"] or date.min, x["created_at"]))
            new["organization_id"] = latest["organization_id"]
            new["department"] = new["department"] or latest["department"]
        old_text = ", ".join(self.position_text(x) for x in current)
        if person.positions:
            new["start_date"] = today
            row.end_positions = [
                x["id"] for x in current if x["start_date"] is None or x["start_date"] < today
            ]
        row.position = new
        shown = self.position_text({**new, "organization_id": new["organization_id"]}, org_new)
        row.changes.append(
            Change(
                pick("직위", "Position"),
                old_text,
                shown + (pick(" (오늘부터)", " (from today)") if person.positions else ""),
            )
        )
        p.validate(row, Position, {"person_id": person.id, "rank": "other", **new})

    def position_text(self, pos: Mapping[str, Any], org_new: str | None = None) -> str:
        org = self.p.new_name(org_new) or self.p.shown("organization_id", pos.get("organization_id"))
        return " ".join(
            x for x in (org, pos.get("department"), pos.get("title_ko") or pos.get("title_en")) if x
        )


class _OrganizationRows(_Rows):
    def __init__(self, p: _Planner) -> None:
        super().__init__(p)
        self.kinds = enum_lookup(OrgKind)
        self.parents: list[tuple[RowPlan, str]] = []
        self.file_orgs: dict[str, list[RowPlan]] = {}  # names of this file's organizations

    def __call__(self, number: int, values: Mapping[str, Any]) -> RowPlan:
        p, row = self.p, RowPlan(number, CREATE)
        cols = Organization.__table__.c
        data: dict[str, Any] = {}
        for key in ("name_ko", "name_en", "name_original", "acronym", "website", "notes"):
            data[key] = p.text(row, values, key, cols[key])
        data["country_code"] = p.parse(row, values, "country", p.countries.code)
        data["kind"] = p.parse(row, values, "kind", lambda v: choice(OrgKind, v, self.kinds))
        data = {k: v for k, v in data.items() if v is not None}
        row.label = data.get("name_ko") or ""
        if not data.get("name_ko"):
            row.reasons.append(pick("기관명이 없습니다", "no name"))
            return row
        parent = p.parse(row, values, "parent", text_of)
        existing = self.match(row, data)
        if row.reasons:
            return row
        if not p.first_seen(
            row,
            ("id", existing.id) if existing else ("new", key_of(data["name_ko"]), data.get("country_code")),
        ):
            return row
        for word in {
            key_of(data.get(c)) for c in ("name_ko", "name_en", "name_original", "acronym") if data.get(c)
        }:
            self.file_orgs.setdefault(word, []).append(row)
        if parent:
            self.parents.append((row, parent))
        if existing is None:
            row.data = data
            p.validate(row, Organization, {"kind": OrgKind.MINISTRY, **data})
            return row
        row.target_id = existing.id
        row.data = p.diff(row, existing.row, data)
        p.validate(row, Organization, {**existing.row, **row.data})
        row.action = UPDATE if row.changes else UNCHANGED
        return row

    def match(self, row: RowPlan, data: Mapping[str, Any]) -> Org | None:
        same = self.p.orgs.by_korean.get(key_of(data["name_ko"]), [])
        country = data.get("country_code")
        if country:
            exact = [o for o in same if o.country == country]
            same = exact or [o for o in same if o.country is None]
        if len(same) > 1:
            row.reasons.append(
                pick(
                    "같은 이름의 기관이 여럿입니다. 국가 열을 함께 가져오세요",
                    "several organizations have this name: import the country column too",
                )
            )
            return None
        return same[0] if same else None

    def finish(self, rows: list[RowPlan]) -> None:
        p = self.p
        for row, name in self.parents:
            if row.reasons:
                continue
            in_file = [r for r in self.file_orgs.get(key_of(name), []) if not r.reasons]
            try:
                found = p.orgs.find(name, row.data.get("country_code"))
            except Bad as exc:
                row.reasons.append(f"{p.where('parent')}: {exc}")
                continue
            current = p.orgs.by_id[row.target_id].parent_id if row.target_id else None
            if len(in_file) == 1 and in_file[0].action == CREATE:
                self.set_parent(row, current, ref=f"row:{in_file[0].number}", shown=in_file[0].label)
            elif found is not None:
                self.set_parent(row, current, target=found)
            elif p.create_orgs:
                key = p.pending_org(name) or ""
                self.set_parent(row, current, ref=f"new:{key}", shown=p.new_orgs[key])
            else:
                row.reasons.append(
                    f"{p.where('parent')}: "
                    + pick(f"등록되지 않은 기관입니다: {name}", f"unknown organization: {name}")
                )
        self.check_cycles(rows)
        self.reject_orphans(rows)

    def reject_orphans(self, rows: list[RowPlan]) -> None:
        """A row whose parent is another row of the file that cannot be imported cannot be
        imported either."""
        by_number = {r.number: r for r in rows}
        changed = True
        while changed:
            changed = False
            for row in rows:
                ref = row.new_refs.get("parent_id", "")
                if not row.reasons and ref.startswith("row:") and by_number[int(ref[4:])].reasons:
                    row.reasons.append(
                        f"{self.p.where('parent')}: "
                        + pick(
                            f"상위기관({ref[4:]}행)을 가져올 수 없습니다",
                            f"its parent (row {ref[4:]}) cannot be imported",
                        )
                    )
                    changed = True

    def set_parent(
        self,
        row: RowPlan,
        current: uuid.UUID | None,
        *,
        target: uuid.UUID | None = None,
        ref: str | None = None,
        shown: str = "",
    ) -> None:
        p = self.p
        if ref is not None:
            row.new_refs["parent_id"] = ref
            row.changes.append(Change(p.labels["parent"], p.shown("parent_id", current), shown))
        elif target != current:
            row.data["parent_id"] = target
            row.changes.append(
                Change(p.labels["parent"], p.shown("parent_id", current), p.shown("parent_id", target))
            )
        else:
            return
        if row.action == UNCHANGED:
            row.action = UPDATE

    def check_cycles(self, rows: list[RowPlan]) -> None:
        p = self.p
        by_number = {r.number: r for r in rows}

        def parent_of(node: Any) -> Any:
            if isinstance(node, int):  # a row of the file
                r = by_number[node]
                ref = r.new_refs.get("parent_id", "")
                if ref.startswith("row:"):
                    return int(ref[4:])
                if ref.startswith("new:"):
                    return None
                return r.data.get("parent_id", p.orgs.by_id[r.target_id].parent_id if r.target_id else None)
            org = p.orgs.by_id.get(node)
            updated = next((r for r in rows if r.target_id == node and not r.reasons), None)
            if updated is not None:
                return parent_of(updated.number)
            return org.parent_id if org else None

        for row in rows:
            if row.reasons or ("parent_id" not in row.data and "parent_id" not in row.new_refs):
                continue
            seen: set[Any] = {row.number}
            if row.target_id:
                seen.add(row.target_id)
            node = parent_of(row.number)
            while node is not None and len(seen) < 10_000:
                if node in seen:
                    row.reasons.append(
                        f"{p.where('parent')}: "
                        + pick("상위기관 관계가 순환합니다", "the parent organizations form a cycle")
                    )
                    break
                seen.add(node)
                node = parent_of(node)


class _ActionRows(_Rows):
    def __init__(self, p: _Planner) -> None:
        super().__init__(p)
        self.staff = People(p.s, staff_only=True)
        self.everyone = People(p.s, with_positions=False)
        self.sources = Sources(p.s) if "source" in p.heading else None
        self.lookups = {cls: enum_lookup(cls) for cls in (OwedBy, ActionStatus, Priority, DatePrecision)}
        self.titles: dict[str, list[dict[str, Any]]] = {}
        self.pending: list[tuple[RowPlan, Mapping[str, Any]]] = []

    def __call__(self, number: int, values: Mapping[str, Any]) -> RowPlan:
        row = RowPlan(number, CREATE)
        self.pending.append((row, values))  # planned in `finish`: titles are looked up together
        return row

    def finish(self, rows: list[RowPlan]) -> None:
        titles = {text_of(v.get("title")) for _, v in self.pending} - {None}
        self.load_titles(titles)  # type: ignore[arg-type]
        for row, values in self.pending:
            self.plan(row, values)

    def load_titles(self, titles: Iterable[str]) -> None:
        wanted = sorted(titles)
        table = Action.__table__
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            for rec in self.p.s.execute(sa.select(table).where(table.c.title.in_(chunk))).mappings():
                self.titles.setdefault(key_of(rec["title"]), []).append(dict(rec))

    def owner(self, value: Any) -> uuid.UUID:
        """Our staff member of that name (or email); failing that, the one person of that name
        (follow-ups owned by another ministry's official keep their owner on a round trip)."""
        text = text_of(value) or ""
        for people in (self.staff, self.everyone):
            found = people.by_email.get(text.casefold(), []) if "@" in text else people.named(text)
            if len(found) == 1:
                return found[0].id
            if found:
                raise Bad(pick(f"같은 이름의 인사가 여럿입니다: {text}", f"several people are called {text}"))
        raise Bad(
            pick(
                f"그런 이름의 직원이나 인사가 없습니다: {text}", f"no staff member or person is called {text}"
            )
        )

    def plan(self, row: RowPlan, values: Mapping[str, Any]) -> None:
        p = self.p
        cols = Action.__table__.c
        data: dict[str, Any] = {}
        for key in ("title", "description", "notes"):
            data[key] = p.text(row, values, key, cols[key])
        data["country_code"] = p.parse(row, values, "country", p.countries.code)
        for key, cls in (("owed_by", OwedBy), ("status", ActionStatus), ("priority", Priority)):
            data[key] = p.parse(row, values, key, lambda v, c=cls: choice(c, v, self.lookups[c]))
        data["owner_id"] = p.parse(row, values, "owner", self.owner)
        data["completed_on"] = p.parse(row, values, "completed_on", day_of)
        due = p.parse(row, values, "due", precision_date)
        precision = p.parse(
            row, values, "due_precision", lambda v: choice(DatePrecision, v, self.lookups[DatePrecision])
        )
        if due is not None:
            try:
                if precision is not None and precision is not due.precision:
                    if _rank(precision) > _rank(due.precision):  # '26.10월 said to be known to the day
                        raise Bad(
                            pick(
                                f"기한이 {label(precision)} 단위까지 적혀 있지 않습니다: {text_of(values.get('due'))}",
                                f"the due date is not given to the {label(precision).lower()}: "
                                f"{text_of(values.get('due'))}",
                            )
                        )
                    due = PrecisionDate(
                        due.start, precision, due.end
                    )  # 2026-10-15 said to be a month: refused
                data.update({"due_date": due.start, "due_precision": due.precision, "due_end": due.end})
            except (ValidationError, Bad) as exc:
                row.reasons.append(f"{p.where('due')}: {exc}")
        data = {k: v for k, v in data.items() if v is not None}
        if due is not None and due.end is None and "due_date" in data:
            data["due_end"] = None  # a new single date replaces an old range
        p.org_ref(row, values, "counterpart_org", "counterpart_org_id", data.get("country_code"))
        source: tuple[str, uuid.UUID, str | None, uuid.UUID | None] | None = None
        source_text = p.parse(row, values, "source", text_of)
        if source_text and self.sources is not None:
            try:
                source = self.sources.find(source_text)
            except Bad as exc:
                row.reasons.append(f"{p.where('source')}: {exc}")
        row.label = data.get("title") or ""
        if not data.get("title"):
            row.reasons.append(pick("후속조치 제목이 없습니다", "no title"))
        if row.reasons:
            return
        existing = self.match(row, data["title"], source)
        if row.reasons:
            return
        if not p.first_seen(
            row, ("id", existing["id"]) if existing else ("new", key_of(data["title"]), source and source[1])
        ):
            return
        refs = dict(row.data)  # counterpart_org_id, found by name
        if existing is None:
            if source is not None:
                column, sid, country, trip = source
                data[column] = sid
                if column == "meeting_id":  # a follow-up from a meeting takes its country and trip
                    data.setdefault("country_code", country)
                    if trip is not None:
                        data.setdefault("trip_id", trip)
                data = {k: v for k, v in data.items() if v is not None}
            row.data = {**data, **refs}
            p.validate(
                row,
                Action,
                {
                    "owed_by": OwedBy.US,
                    "status": ActionStatus.OPEN,
                    "priority": Priority.NORMAL,
                    "due_precision": DatePrecision.DAY,
                    **row.data,
                },
            )
            return
        status = data.get("status", existing["status"])
        if "status" in data and not ActionStatus(status).is_closed and "completed_on" not in data:
            data["completed_on"] = None  # reopened: no completion date, as set_status does
        row.target_id = existing["id"]
        row.data = p.diff(row, existing, {**data, **refs}, quiet=_DUE)
        if any(c in row.data for c in _DUE):
            row.changes.append(
                Change(p.labels["due"], _due_text(existing), _due_text({**existing, **row.data}))
            )
        p.validate(row, Action, {**existing, **row.data})
        row.action = UPDATE if row.changes else UNCHANGED

    def match(
        self, row: RowPlan, title: str, source: tuple[str, uuid.UUID, Any, Any] | None
    ) -> dict[str, Any] | None:
        same = self.titles.get(key_of(title), [])
        if source is not None:
            column, sid = source[0], source[1]
            same = [a for a in same if a[column] == sid]
        if len(same) > 1:
            row.reasons.append(
                pick(
                    "같은 제목의 후속조치가 여럿입니다. '면담·출장' 열로 구분하세요",
                    "several follow-ups have this title: add the meeting or trip column to tell them apart",
                )
            )
            return None
        return same[0] if same else None


_DUE = ("due_date", "due_precision", "due_end")


def _due_text(row: Mapping[str, Any]) -> str:
    if row.get("due_date") is None:
        return ""
    try:
        pd = PrecisionDate(row["due_date"], row.get("due_precision") or DatePrecision.DAY, row.get("due_end"))
    except ValidationError:
        return str(row["due_date"])
    return pick(pd.korean_short(), pd.english())


def _rank(precision: DatePrecision) -> int:
    return {DatePrecision.YEAR: 0, DatePrecision.MONTH: 1, DatePrecision.DAY: 2}[DatePrecision(precision)]


# ------------------------------------------------------------------ writing


def _apply(
    s: Session, kind: str, rows: list[RowPlan], new_orgs: Mapping[str, str], today: date
) -> dict[str, int]:
    counts = {"created": 0, "updated": 0, "unchanged": 0, "organizations": 0, "positions": 0}
    created: dict[str, uuid.UUID] = {}  # "new:key" -> id
    for key, name in new_orgs.items():  # named by a row but not registered: kind unknown
        created["new:" + key] = records.create_in(
            s, Organization, {"name_ko": name, "kind": OrgKind.OTHER}
        ).id
        counts["organizations"] += 1
    model = MODELS[kind]
    columns = set(model.__table__.c.keys())  # type: ignore[attr-defined]
    by_row: dict[int, uuid.UUID] = {}
    later: list[tuple[RowPlan, str]] = []  # parents that are rows of the file
    for row in rows:
        if row.action == REJECTED:
            continue
        try:
            refs = {c: created[r] for c, r in row.new_refs.items() if r in created and c in columns}
            if row.action == CREATE:
                row.target_id = records.create_in(s, model, {**row.data, **refs}).id
                by_row[row.number] = row.target_id
                counts["created"] += 1
            elif row.action == UPDATE:
                if row.data or refs:
                    records.update_in(s, model, row.target_id, {**row.data, **refs})
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
            if row.new_refs.get("parent_id", "").startswith("row:"):
                later.append((row, row.new_refs["parent_id"]))
            if row.position is not None:
                for pid in row.end_positions:
                    records.update_in(s, Position, pid, {"end_date": today - timedelta(days=1)})
                pos = dict(row.position)
                if row.new_refs.get("organization_id") in created:
                    pos["organization_id"] = created[row.new_refs["organization_id"]]
                records.create_in(s, Position, {**pos, "person_id": row.target_id})
                counts["positions"] += 1
        except DomainError as exc:
            raise RowsRejected([RowPlan(row.number, REJECTED, row.label, reasons=[str(exc)])]) from exc
    for row, ref in later:
        try:
            records.update_in(s, Organization, row.target_id, {"parent_id": by_row[int(ref[4:])]})
        except DomainError as exc:
            raise RowsRejected([RowPlan(row.number, REJECTED, row.label, reasons=[str(exc)])]) from exc
    return counts


__all__ = [
    "CREATE",
    "REJECTED",
    "UNCHANGED",
    "UPDATE",
    "Change",
    "ImportPreview",
    "RowPlan",
    "RowsRejected",
    "commit_import",
    "import_file",
    "preview_import",
]
