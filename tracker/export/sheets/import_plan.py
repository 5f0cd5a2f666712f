"""What importing a spreadsheet would do, row by row: each row's plan (create, update, unchanged
or rejected, with the changes and reasons), the preview of the whole file, and the error that
refuses rows at commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tracker.domain.i18n import pick, plural
from tracker.export.interchange import MAX_PROBLEMS, ImportRejected

CREATE, UPDATE, UNCHANGED, REJECTED = "create", "update", "unchanged", "rejected"


class RowsRejected(ImportRejected):
    """Rows of the file cannot be imported; `rows` are their plans (number and reasons)."""

    def __init__(self, rows: list[RowPlan]) -> None:
        self.rows = rows
        problems = [r.problem for r in rows[:MAX_PROBLEMS]]
        if len(rows) > MAX_PROBLEMS:
            problems.append(
                pick(
                    f"그 밖에 {len(rows) - MAX_PROBLEMS}행",
                    plural(
                        len(rows) - MAX_PROBLEMS,
                        "and 1 more row",
                        f"and {len(rows) - MAX_PROBLEMS} more rows",
                    ),
                )
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
