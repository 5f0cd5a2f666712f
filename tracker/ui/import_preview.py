"""The preview pane of the import dialog: what each row would do (추가 / 수정 / 변경 없음 /
거부) listed with its reasons, rejected rows in red, the counts, and the message that says
what happens to rejected rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QTableWidget, QTableWidgetItem

from tracker.domain.i18n import pick, plural
from tracker.export.spreadsheet import REJECTED, ImportPreview, ImportRejected
from tracker.ui.background import failure_text
from tracker.ui.import_texts import action_label, counts_text, row_summary

PREVIEW_ROWS = 5000  # rows listed in the preview table (rejected rows are always listed)

REJECTED_TEXT = QColor("#b3261e")
REJECTED_BACKGROUND = QColor("#fde7e9")

# mapping table columns
COL_HEADING, COL_FIELD, COL_SAMPLE = range(3)
# preview table columns
COL_ROW, COL_ACTION, COL_SUMMARY, COL_REASONS = range(4)


class PreviewPane:
    """The preview methods of ImportDialog (a part of it)."""

    current_preview: ImportPreview | None
    preview_table: QTableWidget
    counts_label: QLabel
    message: QLabel
    import_button: QPushButton
    skip_rejected: QCheckBox
    preview_ready: Any
    _importing: bool

    def _clear_preview(self) -> None:
        self.current_preview = None
        self.preview_table.setRowCount(0)
        self.counts_label.clear()
        self.message.clear()
        self.import_button.setEnabled(False)

    def _problem(self, exc: BaseException) -> None:
        if isinstance(exc, ImportRejected):
            self.message.setText("\n".join(exc.problems))
        else:
            self.message.setText(failure_text(exc))

    def _show_preview(self, preview: ImportPreview) -> None:
        self.current_preview = preview
        rows = preview.rows[:PREVIEW_ROWS] + [r for r in preview.rows[PREVIEW_ROWS:] if r.action == REJECTED]
        table = self.preview_table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(rows))
        for i, plan in enumerate(rows):
            number = QTableWidgetItem()
            number.setData(Qt.ItemDataRole.DisplayRole, plan.number)
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            cells = [
                number,
                QTableWidgetItem(action_label(plan.action)),
                QTableWidgetItem(row_summary(plan)),
                QTableWidgetItem("; ".join(plan.reasons)),
            ]
            cells[COL_SUMMARY].setToolTip(row_summary(plan))
            cells[COL_REASONS].setToolTip("\n".join(plan.reasons))
            for col, item in enumerate(cells):
                if plan.action == REJECTED:
                    item.setForeground(QBrush(REJECTED_TEXT))
                    item.setBackground(QBrush(REJECTED_BACKGROUND))
                table.setItem(i, col, item)
        table.setUpdatesEnabled(True)
        self.counts_label.setText(
            counts_text(preview)
            + (
                pick(f" (처음 {PREVIEW_ROWS:,}행 표시)", f" (first {PREVIEW_ROWS:,} rows listed)")
                if len(preview.rows) > PREVIEW_ROWS
                else ""
            )
        )
        self.import_button.setEnabled(bool(preview.rows) and not self._importing)
        self._explain()
        self.preview_ready.emit()

    def _explain(self) -> None:
        preview = self.current_preview
        if preview is None:
            return
        bad = len(preview.rejected)
        if not bad:
            self.message.clear()
        elif self.skip_rejected.isChecked():
            self.message.setText(
                pick(
                    f"거부된 {bad:,}행은 건너뛰고 나머지를 가져옵니다.",
                    plural(
                        bad,
                        "The 1 rejected row will be skipped",
                        f"The {bad:,} rejected rows will be skipped",
                    )
                    + "; the rest is imported.",
                )
            )
        else:
            self.message.setText(
                pick(
                    f"거부된 행이 {bad:,}개 있습니다. 한 행이라도 거부되면 아무것도 가져오지 않습니다. "
                    "파일을 고쳐 다시 불러오거나 '거부된 행은 건너뛰고…'를 선택하세요.",
                    plural(bad, "1 row is rejected", f"{bad:,} rows are rejected")
                    + ", so the file will not be imported as it is (all or nothing). "
                    "Correct the file and load it again, or choose to skip rejected rows.",
                )
            )
