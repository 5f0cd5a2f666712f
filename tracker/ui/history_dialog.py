"""Record › History…: who changed the open record, which field, from what to what; and
Record › Deleted records…: put a deleted record back with what went with it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.domain.vocabulary import Term
from tracker.services import history

ACTION_LABELS = {
    "created": ("만듦", "created"),
    "updated": ("고침", "changed"),
    "deleted": ("삭제", "deleted"),
    "restored": ("되살림", "restored"),
}


HISTORY = Term("변경 이력", "History")
DELETED_RECORDS = Term("삭제한 기록", "Deleted records")


def _when(entry: history.HistoryEntry) -> str:
    return entry.at.astimezone().strftime("%Y.%m.%d. %H:%M")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


def _add_row(table: QTableWidget, cells: list[str], data: Any = None) -> None:
    row = table.rowCount()
    table.insertRow(row)
    for col, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        if col == 0 and data is not None:
            item.setData(Qt.ItemDataRole.UserRole, data)
        table.setItem(row, col, item)


class HistoryDialog(QDialog):
    """One record's history, newest first: one line per changed field."""

    def __init__(
        self, db: Database, table: str, key: Any, title: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(HISTORY() + (f": {title}" if title else ""))
        self.table = _table(
            [
                pick("시각", "When"),
                pick("누가", "Who"),
                pick("무엇을", "What"),
                vocabulary.FIELD(),
                pick("이전", "Before"),
                pick("이후", "After"),
            ]
        )
        self.table.setAccessibleName(HISTORY())
        entries = history.record_history(db, table, key)
        for e in entries:
            what = pick(*ACTION_LABELS.get(e.action, (e.action, e.action)))
            if not e.changes:
                _add_row(self.table, [_when(e), e.actor, what, "", "", e.label])
            for c in e.changes:
                _add_row(
                    self.table,
                    [
                        _when(e),
                        e.actor,
                        what,
                        history.field_label(c.field),
                        history.shown_value(db, table, c.field, c.before),
                        history.shown_value(db, table, c.field, c.after),
                    ],
                )
        self.table.resizeColumnsToContents()
        note = QLabel(
            pick(
                "기록된 변경이 없습니다 (이력 기록 이전의 기록이거나 파일에서 가져온 기록).",
                "No changes recorded (made before the history began, or imported from a file).",
            )
            if not entries
            else ""
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(860, 420)


class DeletedRecordsDialog(QDialog):
    """Deleted records, newest first; Restore puts the selected one back. A reader (`read_only`:
    the server would refuse the write) sees the list, with Restore off and saying why."""

    def __init__(self, db: Database, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.read_only = read_only
        self.setWindowTitle(DELETED_RECORDS())
        self.table = _table(
            [pick("삭제한 때", "Deleted"), pick("누가", "By"), vocabulary.KIND(), vocabulary.RECORD()]
        )
        self.table.setAccessibleName(DELETED_RECORDS())
        self.restore_button = QPushButton(pick("되살리기(&R)", "&Restore"))
        self.restore_button.clicked.connect(self.restore_selected)
        if read_only:
            self.restore_button.setToolTip(
                pick(
                    "읽기 전용 계정이라 기록을 되살릴 수 없습니다 (보기와 내보내기만 가능).",
                    "This account is read-only: it may view and export records but not restore them.",
                )
            )
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(760, 400)
        self.reload()

    def reload(self) -> None:
        self.table.setRowCount(0)
        for e in history.deleted_records(self.db):
            _add_row(self.table, [_when(e), e.actor, history.table_label(e.table), e.label], e.id)
        self.table.resizeColumnsToContents()
        if self.table.rowCount():
            self.table.selectRow(0)
        self.restore_button.setEnabled(self.table.rowCount() > 0 and not self.read_only)

    def restore_selected(self) -> int:
        row = self.table.currentRow()
        if row < 0 or self.read_only:
            return 0
        entry_id = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        label = self.table.item(row, 3).text()
        try:
            count = history.restore(self.db, entry_id)
        except DomainError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return 0
        self.status.setText(
            pick(
                f"되살렸습니다: {label} (함께 지워졌던 {count - 1}건 포함)",
                f"Restored {label} (with {count - 1} records deleted with it)",
            )
        )
        self.reload()
        return count
