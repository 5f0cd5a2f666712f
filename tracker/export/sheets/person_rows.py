"""The plan of a spreadsheet row of people: matched by email, or by name and a position at the
same organization; a position other than the one held is a rotation (the open one ends
yesterday, the new one starts today).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from tracker.db.models import Person, Position
from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.export.sheets.import_plan import CREATE, UNCHANGED, UPDATE, Change, RowPlan
from tracker.export.sheets.matching import KnownPerson, People, flag, key_of, text_of
from tracker.export.sheets.row_planner import Planner, Rows


class PersonRows(Rows):
    def __init__(self, p: Planner) -> None:
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
                vocabulary.POSITION(),
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
