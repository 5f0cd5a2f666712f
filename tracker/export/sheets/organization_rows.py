"""The plan of a spreadsheet row of organizations: matched by Korean name (and country), with
its parent named by another row or a record here.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from tracker.db.models import Organization
from tracker.domain.enums import OrgKind
from tracker.domain.i18n import pick
from tracker.export.sheets.import_plan import CREATE, UNCHANGED, UPDATE, Change, RowPlan
from tracker.export.sheets.matching import Bad, Org, choice, enum_lookup, key_of, text_of
from tracker.export.sheets.row_planner import Planner, Rows


class OrganizationRows(Rows):
    def __init__(self, p: Planner) -> None:
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
