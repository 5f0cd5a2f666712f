"""The plan of a spreadsheet row of follow-ups: matched by title and source meeting or trip; the
deadline read with its precision (a day, a month, a year, a range) and its owner found among
the people here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from tracker.db.models import Action
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, DatePrecision, OwedBy, Priority
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick
from tracker.domain.labels import label
from tracker.export.sheets.import_plan import CREATE, UNCHANGED, UPDATE, Change, RowPlan
from tracker.export.sheets.matching import (
    Bad,
    People,
    Sources,
    choice,
    day_of,
    enum_lookup,
    key_of,
    precision_date,
    text_of,
)
from tracker.export.sheets.row_planner import Planner, Rows

CHUNK = 500


class ActionRows(Rows):
    def __init__(self, p: Planner) -> None:
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
