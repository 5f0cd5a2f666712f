"""The follow-up list's editors: the status column's combo, and the dialog that changes the
status, owner and deadline of several follow-ups together."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.enums import ActionStatus
from tracker.domain.i18n import pick, plural
from tracker.domain.labels import label
from tracker.ui.accessibility import keep_named
from tracker.ui.fields import ChoiceField, MultilineField, PrecisionDateField, RefField
from tracker.ui.followups_columns import Index


class StatusDelegate(QStyledItemDelegate):
    """The status column edits with a combo of 미착수 / 진행 중 / 완료 / 중단."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for status in ActionStatus:
            combo.addItem(label(status), status.value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class BulkEditDialog(QDialog):
    """Change status, owner and/or deadline of the selected follow-ups together."""

    def __init__(self, db: Database, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.setWindowTitle(
            pick(
                f"후속조치 {count}건 일괄 수정", plural(count, "Edit 1 follow-up", f"Edit {count} follow-ups")
            )
        )
        self.use_status = QCheckBox(vocabulary.STATUS())
        self.status = ChoiceField(ActionStatus)
        self.use_owner = QCheckBox(vocabulary.OWNER())
        self.owner = RefField(db, "persons", (0, 1))
        self.use_due = QCheckBox(vocabulary.DUE())
        self.due = PrecisionDateField()
        self.note = MultilineField()
        self.note.setPlaceholderText(pick("완료 메모 (선택)", "Completion note (optional)"))
        self.error = QLabel(styleSheet="color: #b3261e;", wordWrap=True)
        form = QFormLayout()
        form.addRow(self.use_status, self.status)
        form.addRow(pick("완료 메모", "Completion note"), self.note)
        form.addRow(self.use_owner, self.owner)
        form.addRow(self.use_due, self.due)
        for box, widget in (
            (self.use_status, self.status),
            (self.use_owner, self.owner),
            (self.use_due, self.due),
        ):
            widget.setEnabled(False)
            box.toggled.connect(widget.setEnabled)
        self.status.changed.connect(lambda: self.use_status.setChecked(True))
        self.owner.changed.connect(lambda: self.use_owner.setChecked(bool(self.owner.edit.text())))
        self.due.changed.connect(lambda: self.use_due.setChecked(True))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.use_status.isChecked():
            out["status"] = ActionStatus(self.status.value())  # a combo gives the value back as text
            if out["status"].is_closed and self.note.value():
                out["note"] = self.note.value()
        if self.use_owner.isChecked():
            out["owner_id"] = self.owner.value()
        if self.use_due.isChecked():
            out["due"] = self.due.value()
        return out

    def _accept(self) -> None:
        problem = (self.use_due.isChecked() and self.due.error()) or (
            self.use_owner.isChecked() and self.owner.error()
        )
        if problem:
            self.error.setText(problem)
            return
        self.accept()
