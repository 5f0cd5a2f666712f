"""The person editor: a counterpart official or one of our staff, with their positions over time.

Officials rotate. The positions table lists every title a person has held (newest first):
organization, title in Korean and English, department, rank, the period and notes. "Rotate…"
gives the person a new position from a date and ends the positions still open the day before,
as `directory.rotate` does, but in the table: nothing is stored until Save, and Save stores the
person and all their positions in one transaction (`services.person_save.save_person`).

Meetings keep the title held on the day, so ending a position never changes the record of a
meeting already held; meetings from the new date on take the new title.

Every edit, of a field or of the table, goes onto the form's undo stack (Ctrl+Z works across the
dialog), so "unsaved changes" covers the table too and the dialog asks before throwing them away.
A row whose end is before its start is shown in red, with the reason as its tooltip, and stops
the person from being saved. Tests drive the dialog through the methods the buttons call:
`add_position`, `edit_position`, `remove_position`, `rotate`, `save`.
"""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.db.models import Person
from tracker.domain.dates import korean_date, parse_precision_date
from tracker.domain.enums import DatePrecision, Rank
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import language, pick
from tracker.services import directory, person_save
from tracker.services.records import row_of
from tracker.services.validation import readable
from tracker.ui import fields as f
from tracker.ui.accessibility import keep_named
from tracker.ui.editors import build_form
from tracker.ui.forms import ERROR_STYLE, Problem, RecordDialog, SnapshotEdit
from tracker.ui.row_widgets import INVALID_STYLE

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


# ------------------------------------------------------------------ dates as the table shows them


def date_text(day: date | None) -> str:
    """A day as a DateField shows it: 2025.12.08.(월) in Korean, 2025-12-08 in English."""
    if day is None:
        return ""
    return korean_date(day) if language() == "ko" else day.isoformat()


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


def _day_or_text(text: str | None) -> Any:
    try:
        return parse_day(text)
    except DomainError:
        return (text or "").strip()


# ------------------------------------------------------------------ undo


# ------------------------------------------------------------------ the rotation question


class RotateDialog(QDialog):
    """Asks what a rotation needs: from when, where, and the new title. The organization and
    rank start as those of the current position."""

    def __init__(
        self,
        db: Database,
        organization_id: uuid.UUID | None = None,
        organization_label: str | None = None,
        rank: Rank | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.setWindowTitle(pick("인사이동 — 새 직위", "Rotate — new position"))
        self.start = f.DateField()
        self.organization = f.RefField(db, "organizations")
        if organization_id is not None:
            self.organization.set_value(organization_id, organization_label)
        self.title_ko = f.TextField()
        self.title_en = f.TextField()
        self.department = f.TextField()
        self.rank = f.ChoiceField(Rank)
        self.rank.set_value(rank or Rank.OTHER)
        self.problem = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow(pick("발령일(새 직위 시작일) *", "From (start of the new position) *"), self.start)
        form.addRow(pick("기관", "Organization"), self.organization)
        form.addRow(pick("직위(한글)", "Title (Korean)"), self.title_ko)
        form.addRow(pick("직위(영문)", "Title (English)"), self.title_en)
        form.addRow(pick("부서", "Department"), self.department)
        form.addRow(pick("직급", "Rank"), self.rank)
        hint = QLabel(
            pick(
                "종료일이 비어 있는 기존 직위는 발령일 전날로 종료됩니다.",
                "Positions still open end the day before.",
            )
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(pick("확인", "OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(pick("취소", "Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def error(self) -> str:
        if self.start.error():
            return self.start.error()
        if self.start.value() is None:
            return pick("발령일을 입력하세요.", "Enter the date the new position starts.")
        return self.organization.error()

    def accept(self) -> None:
        problem = self.error()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        return {
            "start_date": self.start.value(),
            "organization_id": self.organization.value(),
            "title_ko": self.title_ko.value(),
            "title_en": self.title_en.value(),
            "department": self.department.value(),
            "rank": self.rank.value(),
        }


# ------------------------------------------------------------------ the editor


class PersonEditor(RecordDialog):
    """Create (person_id None) or edit a person with their positions."""

    def __init__(
        self,
        db: Database,
        person_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        form = build_form(db, "persons")
        title = (
            pick("인사 수정", "Edit person")
            if person_id is not None
            else pick("인사 — 새로 만들기", "New person")
        )
        super().__init__(title, form, PersonEditor._not_used, parent=parent)
        self.db = db
        self.person_id = person_id
        self.version: int | None = None
        self._keys = itertools.count(1)
        self._rendering = 0
        self._strict = False  # after a save stopped by the table, the message follows the table
        self._rows: list[dict[str, Any]] = []
        self._sent: list[int] = []
        self._extra_fields: dict[str, Any] = {}
        self.rotate_dialog: RotateDialog | None = None
        self._build()
        if person_id is not None:
            self._load(directory.get_person(db, person_id))
        else:
            self._start(initial or {})
        self.resize(1280, 820)

    @staticmethod
    def _not_used(_values: dict[str, Any]) -> Any:  # RecordDialog's saver: `save` is overridden
        raise NotImplementedError

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = self.layout()
        layout.removeWidget(self.form)
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
            "add": self._button(pick("추가", "Add"), lambda: self.add_position()),
            "remove": self._button(
                pick("삭제", "Remove"), lambda: self.remove_position(self.positions_table.currentRow())
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

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(box)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 470])
        layout.insertWidget(0, self.splitter, 1)
        layout.insertWidget(1, self.message)

    @staticmethod
    def _button(text: str, slot: Callable[[], Any], tip: str | None = None) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter in a cell must not press Save
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # ------------------------------------------------------------------ loading

    def _row(self, **values: Any) -> dict[str, Any]:
        row = {
            "_key": next(self._keys),
            "id": None,
            "organization_id": None,
            "organization_label": None,
            "title_ko": None,
            "title_en": None,
            "department": None,
            "rank": Rank.OTHER,
            "start_text": "",
            "end_text": "",
            "notes": None,
        }
        row.update(values)
        return row

    def _start(self, initial: dict[str, Any]) -> None:
        columns = set(Person.__table__.c.keys()) - {"id", "created_at", "updated_at", "version"}
        self._extra_fields = {k: v for k, v in initial.items() if k not in self.form.specs and k in columns}
        self.form.load(initial)
        self._rows = []
        self._render()

    def _load(self, person: Person) -> None:
        self.person_id, self.version = person.id, person.version
        self._extra_fields = {}
        self.form.load(row_of(person))
        positions = sorted(
            person.positions, key=lambda p: (p.start_date is not None, p.start_date or date.min), reverse=True
        )
        self._rows = [
            self._row(
                id=p.id,
                organization_id=p.organization_id,
                organization_label=None,
                title_ko=p.title_ko,
                title_en=p.title_en,
                department=p.department,
                rank=p.rank or Rank.OTHER,
                start_text=date_text(p.start_date),
                end_text=date_text(p.end_date),
                notes=p.notes,
            )
            for p in positions
        ]
        name = person.display_name(language())
        self.setWindowTitle(pick(f"인사 수정 — {name}", f"Edit person — {name}"))
        self._render()

    # ------------------------------------------------------------------ state and undo

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Widgets being filled from the rows: their signals are not edits."""
        self._rendering += 1
        try:
            yield
        finally:
            self._rendering -= 1

    def _change(
        self,
        mutate: Callable[[list[dict[str, Any]]], Any],
        text: str,
        *,
        merge: tuple[Any, ...] | None = None,
        applied: bool = False,
    ) -> None:
        before = copy.deepcopy(self._rows)
        after = copy.deepcopy(before)
        mutate(after)
        if after == before:
            return
        if applied:
            self._rows = copy.deepcopy(after)
            self._refresh_flags()
        self.form.undo_stack.push(SnapshotEdit(self._set_rows, before, after, text, merge, applied))

    def _set_rows(self, rows: list[dict[str, Any]]) -> None:
        self._rows = copy.deepcopy(rows)
        self._render()

    def _index(self, key: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r["_key"] == key), -1)

    def _edit(self, key: int, values: dict[str, Any], text: str) -> None:
        """A change the table already shows (typing in a cell, choosing in a cell widget)."""
        i = self._index(key)
        if i < 0 or all(self._rows[i].get(k) == v for k, v in values.items()):
            return

        def mutate(rows: list[dict[str, Any]]) -> None:
            rows[i].update(values)

        self._change(mutate, text, merge=(key, tuple(sorted(values))), applied=True)

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
            pick("기관 수정", "Edit organization"),
        )

    def _date_changed(self, key: int, name: str, widget: f.DateField) -> None:
        if self._rendering:
            return
        self._edit(key, {name: widget.text().strip()}, pick("기간 수정", "Edit period"))

    # ------------------------------------------------------------------ what the buttons do

    def _insert_at(self, start: date | None) -> int:
        """Where a new position goes, newest first: above the first row that starts earlier
        (or has no start); a position without a start goes on top."""
        if start is None:
            return 0
        for i, row in enumerate(self._rows):
            begin = _day_or_text(row.get("start_text"))
            if begin is None or (isinstance(begin, date) and begin < start):
                return i
        return len(self._rows)

    def add_position(
        self,
        organization_id: uuid.UUID | None = None,
        title_ko: str | None = None,
        title_en: str | None = None,
        department: str | None = None,
        rank: Rank | str | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        notes: str | None = None,
    ) -> int:
        """Add a position (dates as `date` or as typed) and return its row."""
        start_text = date_text(start_date) if isinstance(start_date, date) else (start_date or "")
        end_text = date_text(end_date) if isinstance(end_date, date) else (end_date or "")
        row = self._row(
            organization_id=organization_id,
            title_ko=title_ko,
            title_en=title_en,
            department=department,
            rank=Rank(rank) if rank else Rank.OTHER,
            start_text=start_text,
            end_text=end_text,
            notes=notes,
        )
        begin = _day_or_text(start_text)
        index = self._insert_at(begin if isinstance(begin, date) else None)
        self._change(lambda rs: rs.insert(index, row), pick("직위 추가", "Add position"))
        self.positions_table.setCurrentCell(index, O_TITLE_KO)
        return index

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

    def remove_position(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self._change(lambda rs: rs.pop(row), pick("직위 삭제", "Remove position"))

    def _open_rows(self, start: date) -> list[int]:
        """The rows a rotation from `start` ends: no end yet, and no start or an earlier one."""
        out = []
        for i, row in enumerate(self._rows):
            if (row.get("end_text") or "").strip():
                continue
            begin = _day_or_text(row.get("start_text"))
            if begin is None or (isinstance(begin, date) and begin < start):
                out.append(i)
        return out

    def current_row(self) -> int | None:
        """The newest position still open (the person's current one), if any."""
        return next((i for i, r in enumerate(self._rows) if not (r.get("end_text") or "").strip()), None)

    def rotate(
        self,
        start_date: date | str,
        organization_id: uuid.UUID | None = None,
        title_ko: str | None = None,
        title_en: str | None = None,
        department: str | None = None,
        rank: Rank | str | None = None,
        notes: str | None = None,
    ) -> int:
        """Give the person a new position from `start_date`: the positions still open end the
        day before, as `directory.rotate` does — here in the table, saved with the rest, and
        undone in one step. The organization and rank default to those of the current
        position. Returns the row of the new position."""
        start = start_date if isinstance(start_date, date) else parse_day(start_date)
        if start is None:
            raise ValidationError("required", field="start_date")
        ending = self._open_rows(start)
        current = self.current_row()
        base = self._rows[current] if current is not None else {}
        if organization_id is None:
            organization_id = base.get("organization_id")
            label = base.get("organization_label") if organization_id is not None else None
        else:
            label = None
        row = self._row(
            organization_id=organization_id,
            organization_label=label,
            title_ko=title_ko,
            title_en=title_en,
            department=department,
            rank=Rank(rank) if rank else (base.get("rank") or Rank.OTHER),
            start_text=date_text(start),
            notes=notes,
        )
        index = self._insert_at(start)
        day_before = date_text(start - timedelta(days=1))

        def mutate(rows: list[dict[str, Any]]) -> None:
            for i in ending:
                rows[i]["end_text"] = day_before
            rows.insert(index, row)

        self._change(mutate, pick("인사이동", "Rotate"))
        self.positions_table.setCurrentCell(index, O_TITLE_KO)
        return index

    def _rotate_clicked(self) -> None:
        current = self.current_row()
        base = self._rows[current] if current is not None else {}
        dialog = RotateDialog(
            self.db,
            base.get("organization_id"),
            base.get("organization_label"),
            base.get("rank"),
            parent=self,
        )
        self.rotate_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.rotate(**dialog.values())

    # ------------------------------------------------------------------ saving

    @staticmethod
    def _blank(row: dict[str, Any]) -> bool:
        return not (
            row.get("organization_id")
            or any(row.get(n) for n in TEXT_COLUMNS.values())
            or (row.get("start_text") or "").strip()
            or (row.get("end_text") or "").strip()
        )

    def position_rows(self) -> list[dict[str, Any]]:
        """The positions as `save_person` takes them, in table order. New rows left empty are
        not sent; dates are `date`s (text that is not a date is passed on as typed)."""
        self._sent = []
        out = []
        for r, row in enumerate(self._rows):
            if row["id"] is None and self._blank(row):
                continue
            self._sent.append(r)
            out.append(
                {
                    "id": row["id"],
                    "organization_id": row.get("organization_id"),
                    "title_ko": row.get("title_ko"),
                    "title_en": row.get("title_en"),
                    "department": row.get("department"),
                    "rank": row.get("rank") or Rank.OTHER,
                    "start_date": _day_or_text(row.get("start_text")),
                    "end_date": _day_or_text(row.get("end_text")),
                    "notes": row.get("notes"),
                }
            )
        return out

    def _commit_open_editors(self) -> None:
        """A cell still being typed in (Ctrl+S pressed inside it) counts as typed."""
        table = self.positions_table
        if table.state() is QAbstractItemView.State.EditingState:
            editor = table.indexWidget(table.currentIndex())
            if editor is not None:
                table.commitData(editor)
                table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _named(self) -> bool:
        values = self.form.values()
        return any(values.get(k) for k in person_save.NAME_FIELDS)

    def save(self) -> bool:
        """Check the fields and the table, then save the person with all their positions;
        True when saved (the dialog closes)."""
        self._commit_open_editors()
        self.message.hide()
        self._strict = False
        if not self.check():  # the fields and every row of the table at once
            self._strict = True
            if not self._named():
                self.form.show_error(person_save.NoNameError())
            return False
        positions = self.position_rows()
        try:
            person = person_save.save_person(
                self.db,
                self.person_id,
                {**self._extra_fields, **self.form.values()},
                positions,
                expected_version=self.version,
            )
        except person_save.PositionError as exc:
            row = self._sent[exc.row] if 0 <= exc.row < len(self._sent) else -1
            self._point_at(row, readable(exc.cause))
            return False
        except DomainError as exc:
            if self.form._field_for(exc.field) is not None:
                self.form.show_error(exc)
            self._say(readable(exc))
            return False
        self.saved = person
        self._load(person)  # ids, version and order as stored
        self.accept()
        return True

    # ------------------------------------------------------------------ messages

    def _where(self, row: int, text: str) -> str:
        if row < 0:
            return text
        where = f"{pick('직위', 'Position')} {row + 1}"
        return f"{where}: {text}" if text else where

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def extra_problems(self) -> list[Problem]:
        """Each row of the positions table that cannot be saved, going to it on click."""
        return [
            Problem(self._where(row, ""), text.replace("\n", " "), lambda r=row: self._go_to(r))
            for row, text in self.problems()
        ]

    def _go_to(self, row: int) -> None:
        table = self.positions_table
        if 0 <= row < table.rowCount():
            table.setCurrentCell(row, O_TITLE_KO)
            table.scrollToItem(table.item(row, O_TITLE_KO))
            table.setFocus()

    def _point_at(self, row: int, text: str) -> None:
        table = self.positions_table
        if 0 <= row < table.rowCount():
            table.setCurrentCell(row, O_TITLE_KO)
            table.scrollToItem(table.item(row, O_TITLE_KO))
        self._say(self._where(row, text.replace("\n", " ")))


def open_person_editor(
    db: Database,
    person_id: uuid.UUID | None = None,
    parent: QWidget | None = None,
    initial: dict[str, Any] | None = None,
) -> PersonEditor:
    """The editor for a new person (with `initial` field values such as a name) or an existing
    one. The caller shows it (`exec()`, `open()` or `show()`); `saved` holds the person once saved."""
    return PersonEditor(db, person_id, parent, initial)


__all__ = [
    "ERROR_BACKGROUND",
    "HEADERS",
    "O_DEPARTMENT",
    "O_END",
    "O_NOTES",
    "O_ORG",
    "O_RANK",
    "O_START",
    "O_TITLE_EN",
    "O_TITLE_KO",
    "PersonEditor",
    "RotateDialog",
    "date_text",
    "open_person_editor",
    "parse_day",
]
