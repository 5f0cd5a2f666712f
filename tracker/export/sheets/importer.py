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

The rows are planned in tracker.export.sheets.row_planner, person_rows, organization_rows and
action_rows; the plan's types are in import_plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tracker.db.engine import Database
from tracker.db.models import Action, Organization, Person, Position
from tracker.domain.enums import OrgKind
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.export.interchange import ImportRejected
from tracker.export.sheets.action_rows import ActionRows
from tracker.export.sheets.fields import ACTIONS, ORGANIZATIONS, PERSONS, REQUIRED, field_labels
from tracker.export.sheets.import_plan import (
    CREATE,
    REJECTED,
    UNCHANGED,
    UPDATE,
    Change,
    ImportPreview,
    RowPlan,
    RowsRejected,
)
from tracker.export.sheets.matching import empty
from tracker.export.sheets.organization_rows import OrganizationRows
from tracker.export.sheets.person_rows import PersonRows
from tracker.export.sheets.reader import CellError, Table, read_table
from tracker.export.sheets.row_planner import Planner
from tracker.services import records

MODELS: dict[str, type] = {PERSONS: Person, ORGANIZATIONS: Organization, ACTIONS: Action}


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


def _plan(session: Session, preview: ImportPreview) -> tuple[list[RowPlan], dict[str, str]]:
    """Every row's plan, and the organizations to create {key: name} for the rows kept."""
    planner = Planner(session, preview)
    plan_row = {PERSONS: PersonRows, ORGANIZATIONS: OrganizationRows, ACTIONS: ActionRows}[preview.kind](
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
