"""File > Import records (.json): an interchange file (a colleague's export, an archive) with a
preview before anything is written.

The preview counts what the file would add, update or leave alone, and lists the records this
database holds in a newer version than the file: each one stays as it is unless the user ticks
"take the file's". Import then writes all of it or nothing, off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.i18n import pick, plural
from tracker.export.interchange import Conflict, ImportPlan, ImportResult, commit_import, plan_import
from tracker.ui.accessibility import keep_named
from tracker.ui.background import ChangeBuffer, Operation, failure_text, run_in_background

TAKE, SECTION, RECORD, MINE, THEIRS = range(5)


def _stamp(version: int | None, when: object) -> str:
    shown = f"{when:%Y-%m-%d %H:%M}" if when is not None else "-"  # type: ignore[str-format]
    return pick(
        f"버전 {version if version is not None else '-'} · {shown}",
        f"version {version if version is not None else '-'} · {shown}",
    )


class InterchangeImportDialog(QDialog):
    """The preview of one interchange file, and its import."""

    def __init__(self, db: Database, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.db = db
        self.path = path
        self.plan: ImportPlan | None = None
        self.result: ImportResult | None = None
        self.setWindowTitle(pick(f"기록 가져오기 — {path.name}", f"Import records — {path.name}"))
        self.summary = QLabel(wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflict_note = QLabel(wordWrap=True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([
            pick("파일 것으로", "Take the file's"), vocabulary.KIND(), vocabulary.RECORD(),
            pick("이 데이터베이스", "This database"), pick("파일", "The file"),
        ])  # fmt: skip
        self.table.horizontalHeader().setStretchLastSection(True)
        self.keep_all = QPushButton(
            pick("모두 내 것 유지", "Keep all mine"), clicked=lambda: self.take_all(False)
        )
        self.take_all_button = QPushButton(
            pick("모두 파일 것으로", "Take all from the file"), clicked=lambda: self.take_all(True)
        )
        choices = QHBoxLayout()
        choices.addWidget(self.keep_all)
        choices.addWidget(self.take_all_button)
        choices.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(vocabulary.IMPORT())
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(vocabulary.CANCEL())
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.conflict_note, self.table):
            layout.addWidget(widget)
        layout.addLayout(choices)
        layout.addWidget(self.buttons)
        self.resize(820, 480)
        self.load()

    def load(self) -> Operation[ImportPlan]:
        """Read and compare the file off the GUI thread (a large archive takes seconds)."""
        self.import_button.setEnabled(False)
        self.summary.setText(
            pick("파일을 읽고 데이터베이스와 비교하는 중…", "Reading the file and comparing…")
        )
        self._show_conflicts([])
        self.loading = run_in_background(
            self, lambda: plan_import(self.db, self.path), self._show_plan, self._show_refusal
        )
        return self.loading

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.summary.setText(plan.summary())
        self._show_conflicts(plan.conflicts)
        self.import_button.setEnabled(bool(plan.count("new") or plan.count("updates") or plan.conflicts))

    def _show_refusal(self, exc: BaseException) -> None:
        """A malformed file: the place and the reason, and nothing to import."""
        self.summary.setText(failure_text(exc))

    def _show_conflicts(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        for widget in (self.conflict_note, self.table, self.keep_all, self.take_all_button):
            widget.setVisible(bool(conflicts))
        self.conflict_note.setText(
            pick(
                f"아래 {len(conflicts)}건은 파일이 만들어진 뒤 이 데이터베이스에서 고친 기록입니다. "
                "표시한 기록만 파일 내용으로 바꾸고, 나머지는 그대로 둡니다.",
                plural(len(conflicts), "This record was", f"These {len(conflicts)} records were")
                + " changed in this database after the file was made. "
                "Only the ones ticked take the file's copy; the others stay as they are.",
            )
        )
        self.table.setRowCount(len(conflicts))
        for row, conflict in enumerate(conflicts):
            take = QTableWidgetItem()
            take.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            take.setCheckState(Qt.CheckState.Unchecked)  # keeping mine loses nothing: the default
            self.table.setItem(row, TAKE, take)
            cells = {
                SECTION: conflict.section,
                RECORD: f"{conflict.label} {conflict.where}".strip(),
                MINE: _stamp(*conflict.database),
                THEIRS: _stamp(*conflict.file),
            }
            for col, text in cells.items():
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def take_all(self, take: bool) -> None:
        state = Qt.CheckState.Checked if take else Qt.CheckState.Unchecked
        for row in range(self.table.rowCount()):
            self.table.item(row, TAKE).setCheckState(state)

    def set_take(self, row: int, take: bool) -> None:
        self.table.item(row, TAKE).setCheckState(Qt.CheckState.Checked if take else Qt.CheckState.Unchecked)

    def taken(self) -> list[tuple[str, object]]:
        """The conflicts ticked to take the file's copy."""
        return [
            c.ref
            for row, c in enumerate(self.conflicts)
            if self.table.item(row, TAKE).checkState() == Qt.CheckState.Checked
        ]

    def commit(self, wait: bool = False) -> Operation[ImportResult] | None:
        if self.plan is None:
            return None
        buffer = ChangeBuffer(self.db)
        plan, taken = self.plan, self.taken()

        def done(result: ImportResult) -> None:
            self.result = result
            window = self.parent().window() if self.parent() is not None else None
            bar = getattr(window, "statusBar", None)
            if callable(bar):
                bar().showMessage(result.summary(), 8000)
            self.accept()

        # "keep": a record someone changes between the preview and now is kept too, never lost
        op = run_in_background(
            self,
            lambda: commit_import(buffer.db, plan, newer="keep", take_file=taken),
            done,
            changes=buffer,
            title=vocabulary.IMPORTING(),
        )
        if wait:
            op.wait()
        return op


def import_records(parent: QWidget, db: Database, path: Path | None = None) -> InterchangeImportDialog | None:
    if path is None:
        from tracker.ui.exchange_actions import Files

        path = Files.open_path(
            parent,
            pick("기록 가져오기", "Import records"),
            pick("tracker 교환 파일 (*.json)", "tracker interchange file (*.json)"),
        )
    if path is None:
        return None
    dialog = InterchangeImportDialog(db, path, parent)
    dialog.open()
    return dialog
