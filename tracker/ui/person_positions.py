"""The positions table of the person editor: every title a person has held (newest first),
one row each — organization, titles, department, rank, period and notes — with the rows that
cannot be saved in red and the reason as their tooltip.

`PositionsTable` is the editor's part that lays out the table and turns its cells into row
edits; the editor (tracker/ui/person_editor.py) holds the rows, their undo and the saving.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from tracker.domain import vocabulary
from tracker.domain.enums import Rank
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import pick
from tracker.services.person_form import date_text, parse_day
from tracker.services.validation import readable
from tracker.ui import fields as f
from tracker.ui.forms import ERROR_STYLE
from tracker.ui.row_widgets import INVALID_STYLE, row_button

ERROR_BACKGROUND = QColor("#fde7e9")
ERROR_FOREGROUND = QColor("#b3261e")

# Positions table columns
O_ORG, O_TITLE_KO, O_TITLE_EN, O_DEPARTMENT, O_RANK, O_START, O_END, O_NOTES = range(8)
HEADERS = (
    ("기관", "Organization"),
    ("직위(한글)", "Title (Korean)"),
    ("직위(영문)", "Title (English)"),
    ("부서", "Department"),
    ("직급", "Rank"),
    ("시작일", "Start"),
    ("종료일", "End"),
    ("메모", "Notes"),
)
TEXT_COLUMNS = {O_TITLE_KO: "title_ko", O_TITLE_EN: "title_en", O_DEPARTMENT: "department", O_NOTES: "notes"}
WIDGET_COLUMNS = (O_ORG, O_RANK, O_START, O_END)
DATE_COLUMNS = {O_START: "start_text", O_END: "end_text"}


class PositionsTable:
    """The positions table's part of the person editor (a mixin of PersonEditor)."""

    positions_table: QTableWidget
    _rows: list[dict[str, Any]]
    _rendering: int
    _strict: bool

    # ------------------------------------------------------------------ layout

    def _build_positions(self) -> QGroupBox:
        """The table with its buttons (Add, Remove, Rotate…) and the hint under it; the
        message line for a refused save is `self.message`."""
        box = QGroupBox(pick("직위 이력 (최신순)", "Positions (newest first)"))
        table = QTableWidget(0, len(HEADERS))
        table.setHorizontalHeaderLabels([pick(*h) for h in HEADERS])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        widths = {
            O_ORG: 210,
            O_TITLE_KO: 150,
            O_TITLE_EN: 200,
            O_DEPARTMENT: 170,
            O_RANK: 130,
            O_START: 160,
            O_END: 160,
        }
        for col, width in widths.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(col, width)
        header.setSectionResizeMode(O_NOTES, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        table.verticalHeader().setDefaultSectionSize(30)
        table.itemChanged.connect(self._item_changed)
        self.positions_table = table
        self.position_buttons = {
            "add": self._button(vocabulary.ADD(), lambda: self.add_position()),
            "remove": self._button(
                vocabulary.REMOVE(), lambda: self.remove_position(self.positions_table.currentRow())
            ),
            "rotate": self._button(
                pick("인사이동…", "Rotate…"),
                self._rotate_clicked,
                pick(
                    "새 직위를 추가하고, 종료일이 없는 기존 직위를 그 전날로 종료합니다",
                    "Add a new position from a date; open positions end the day before",
                ),
            ),
        }
        tools = QHBoxLayout()
        for button in self.position_buttons.values():
            tools.addWidget(button)
        tools.addStretch(1)
        hint = QLabel(
            pick(
                "종료일이 비어 있으면 현 직위입니다. 면담 기록에는 면담 당시의 직위가 그대로 남습니다.",
                "A position without an end is current. Meetings keep the title held on the day.",
            )
        )
        hint.setWordWrap(True)
        self.message = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
        self.message.hide()
        col = QVBoxLayout(box)
        col.addLayout(tools)
        col.addWidget(table, 1)
        col.addWidget(hint)
        return box

    _button = staticmethod(row_button)

    # ------------------------------------------------------------------ rendering

    def _render(self) -> None:
        table = self.positions_table
        current = table.currentRow()
        with self._quiet():
            table.setRowCount(0)
            table.setRowCount(len(self._rows))
            for r, row in enumerate(self._rows):
                key = row["_key"]
                org = f.RefField(self.db, "organizations")
                if row.get("organization_id") is not None:
                    org.set_value(row["organization_id"], row.get("organization_label"))
                    row["organization_label"] = org.edit.text()
                org.changed.connect(lambda k=key, w=org: self._org_changed(k, w))
                org.edit.textChanged.connect(lambda _t: None if self._rendering else self._refresh_flags())
                table.setCellWidget(r, O_ORG, org)
                for col, name in TEXT_COLUMNS.items():
                    table.setItem(r, col, QTableWidgetItem(row.get(name) or ""))
                rank = f.ChoiceField(Rank)
                rank.set_value(row.get("rank") or Rank.OTHER)
                rank.changed.connect(
                    lambda k=key, w=rank: self._edit(
                        k, {"rank": Rank(w.value() or Rank.OTHER)}, pick("직급 수정", "Edit rank")
                    )
                )
                table.setCellWidget(r, O_RANK, rank)
                for col, name in DATE_COLUMNS.items():
                    day = f.DateField()
                    day.setText(row.get(name) or "")
                    day.changed.connect(lambda k=key, n=name, w=day: self._date_changed(k, n, w))
                    table.setCellWidget(r, col, day)
            if self._rows:
                table.setCurrentCell(min(max(current, 0), len(self._rows) - 1), O_TITLE_KO)
        self._refresh_flags()

    def row_problems(self, row: int) -> dict[int, str]:
        """What is wrong with a row of the table, by column: a date that is not one, an end
        before the start, an organization typed but not chosen from the list."""
        out: dict[int, str] = {}
        data = self._rows[row]
        days: dict[int, date | None] = {}
        for col, name in DATE_COLUMNS.items():
            try:
                days[col] = parse_day(data.get(name))
            except DomainError as exc:
                out[col] = readable(exc)
        start, end = days.get(O_START), days.get(O_END)
        if start is not None and end is not None and end < start:
            out[O_END] = readable(ValidationError("end_before_start", field="end_date", start=start, end=end))
        org = self.positions_table.cellWidget(row, O_ORG)
        if isinstance(org, f.RefField) and org.error():
            out[O_ORG] = org.error()
        return out

    def row_problem(self, row: int) -> str:
        """The reasons a row cannot be saved, as its tooltip shows them ("" when it can)."""
        return "\n".join(dict.fromkeys(self.row_problems(row).values()))

    def problems(self) -> list[tuple[int, str]]:
        """(row, reason) for every row of the table that stops the person from being saved."""
        return [(r, p) for r in range(len(self._rows)) if (p := self.row_problem(r))]

    def _refresh_flags(self) -> None:
        """Rows that cannot be saved in red, with the reason as their tooltip."""
        table = self.positions_table
        with self._quiet():
            for r in range(min(table.rowCount(), len(self._rows))):
                message = self.row_problem(r)
                for col in TEXT_COLUMNS:
                    item = table.item(r, col)
                    if item is None:
                        continue
                    item.setBackground(QBrush(ERROR_BACKGROUND) if message else QBrush())
                    item.setForeground(QBrush(ERROR_FOREGROUND) if message else QBrush())
                    item.setToolTip(message)
                for col in WIDGET_COLUMNS:
                    widget = table.cellWidget(r, col)
                    if widget is None:
                        continue
                    getattr(widget, "edit", widget).setStyleSheet(INVALID_STYLE if message else "")
                    widget.setToolTip(message)
                    widget.setProperty("error", message)
        if self._strict:
            self._follow_problems()  # the list at the top follows the table once a save was stopped

    # ------------------------------------------------------------------ edits from the table

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._rendering or item.column() not in TEXT_COLUMNS:
            return
        r = item.row()
        if not 0 <= r < len(self._rows):
            return
        name = TEXT_COLUMNS[item.column()]
        self._edit(
            self._rows[r]["_key"], {name: item.text().strip() or None}, pick("직위 수정", "Edit position")
        )

    def _org_changed(self, key: int, widget: f.RefField) -> None:
        if self._rendering:
            return
        value = widget.value()
        self._edit(
            key,
            {"organization_id": value, "organization_label": widget.edit.text() if value else None},
            vocabulary.EDIT_ORGANIZATION(),
        )

    def _date_changed(self, key: int, name: str, widget: f.DateField) -> None:
        if self._rendering:
            return
        self._edit(key, {name: widget.text().strip()}, pick("기간 수정", "Edit period"))

    def edit_position(self, row: int, **values: Any) -> None:
        """Change cells of a row as a user does: `organization_id`, `title_ko`, `title_en`,
        `department`, `rank`, `start_date`/`end_date` (a `date` or text as typed), `notes`."""
        table = self.positions_table
        if not 0 <= row < len(self._rows):
            return
        key = self._rows[row]["_key"]
        for name, value in values.items():
            if name == "organization_id":
                org = table.cellWidget(row, O_ORG)
                org.set_value(value)
                self._org_changed(key, org)
            elif name == "rank":
                table.cellWidget(row, O_RANK).set_value(value or Rank.OTHER)
            elif name in ("start_date", "end_date"):
                widget = table.cellWidget(row, O_START if name == "start_date" else O_END)
                widget.setText(date_text(value) if isinstance(value, date) else (value or ""))
            else:
                col = next((c for c, n in TEXT_COLUMNS.items() if n == name), None)
                if col is None:
                    raise KeyError(name)
                table.item(row, col).setText(value or "")

    def _commit_open_editors(self) -> None:
        """A cell still being typed in (Ctrl+S pressed inside it) counts as typed."""
        table = self.positions_table
        if table.state() is QAbstractItemView.State.EditingState:
            editor = table.indexWidget(table.currentIndex())
            if editor is not None:
                table.commitData(editor)
                table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _go_to(self, row: int) -> None:
        table = self.positions_table
        if 0 <= row < table.rowCount():
            table.setCurrentCell(row, O_TITLE_KO)
            table.scrollToItem(table.item(row, O_TITLE_KO))
            table.setFocus()


__all__ = [
    "DATE_COLUMNS",
    "ERROR_BACKGROUND",
    "ERROR_FOREGROUND",
    "HEADERS",
    "O_DEPARTMENT",
    "O_END",
    "O_NOTES",
    "O_ORG",
    "O_RANK",
    "O_START",
    "O_TITLE_EN",
    "O_TITLE_KO",
    "PositionsTable",
    "TEXT_COLUMNS",
    "WIDGET_COLUMNS",
]
