"""파일 > 가져오기: people, organizations or follow-ups from an Excel or CSV file.

1. choose the file: its encoding (found, or chosen when a CSV reads garbled), heading row,
   columns and what reading changed (merged cells filled down) are shown;
2. check which column means which field (pre-filled from the headings, Korean or English);
3. read the preview: what each row would do (추가 / 수정 / 변경 없음 / 거부) and why a row
   is refused, with the counts;
4. import: one transaction, every row or none (unless rejected rows are to be skipped).

Reading, previewing and importing run in the background; the preview is rebuilt a moment
after each change of the mapping or the options.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain.i18n import pick
from tracker.export.spreadsheet import (
    ACTIONS,
    CREATE,
    ENCODINGS,
    KINDS,
    ORGANIZATIONS,
    PERSONS,
    REJECTED,
    UNCHANGED,
    UPDATE,
    ImportPreview,
    ImportRejected,
    RowPlan,
    RowsRejected,
    Table,
    commit_import,
    fields,
    preview_import,
    read_table,
    suggest_mapping,
)
from tracker.ui.accessibility import keep_named
from tracker.ui.background import ChangeBuffer, Operation, failure_text, run_in_background
from tracker.ui.format import display
from tracker.ui.list_export import default_folder, remember_folder, tell

FOLDER_KEY = "import/folder"
PREVIEW_DELAY_MS = 200
PREVIEW_ROWS = 5000  # rows listed in the preview table (rejected rows are always listed)
NOTES_SHOWN = 5  # merged ranges named under the file's description

KIND_LABELS: dict[str, tuple[str, str]] = {
    PERSONS: ("인사", "People"),
    ORGANIZATIONS: ("기관", "Organizations"),
    ACTIONS: ("후속조치", "Follow-ups"),
}
assert tuple(KIND_LABELS) == KINDS

ACTION_LABELS: dict[str, tuple[str, str]] = {
    CREATE: ("추가", "New"),
    UPDATE: ("수정", "Update"),
    UNCHANGED: ("변경 없음", "No change"),
    REJECTED: ("거부", "Rejected"),
}

DELIMITERS = {",": ("쉼표", "comma"), "\t": ("탭", "tab"), ";": ("세미콜론", "semicolon")}

REJECTED_TEXT = QColor("#b3261e")
REJECTED_BACKGROUND = QColor("#fde7e9")

# mapping table columns
COL_HEADING, COL_FIELD, COL_SAMPLE = range(3)
# preview table columns
COL_ROW, COL_ACTION, COL_SUMMARY, COL_REASONS = range(4)


def action_label(action: str) -> str:
    ko, en = ACTION_LABELS[action]
    return pick(ko, en)


def counts_text(preview: ImportPreview) -> str:
    c = preview.counts()
    parts = [
        pick(f"추가 {c['create']:,}", f"new {c['create']:,}"),
        pick(f"수정 {c['update']:,}", f"updated {c['update']:,}"),
        pick(f"변경 없음 {c['unchanged']:,}", f"unchanged {c['unchanged']:,}"),
        pick(f"거부 {c['rejected']:,}", f"rejected {c['rejected']:,}"),
    ]
    if c["organizations"]:
        parts.append(pick(f"새 기관 {c['organizations']:,}", f"new organizations {c['organizations']:,}"))
    return " · ".join(parts)


def result_text(counts: dict[str, int]) -> str:
    text = pick(
        f"가져왔습니다: 추가 {counts['created']:,}, 수정 {counts['updated']:,}, 변경 없음 {counts['unchanged']:,}",
        f"Imported: {counts['created']:,} new, {counts['updated']:,} updated, {counts['unchanged']:,} unchanged",
    )
    if counts.get("skipped"):
        text += pick(f", 건너뜀 {counts['skipped']:,}", f", {counts['skipped']:,} skipped")
    if counts.get("organizations"):
        text += pick(
            f", 새 기관 {counts['organizations']:,}", f", {counts['organizations']:,} new organizations"
        )
    return text + "."


def row_summary(row: RowPlan) -> str:
    if row.action == UPDATE and row.changes:
        return f"{row.label} — " + "; ".join(str(c) for c in row.changes)
    return row.label


def file_description(table: Table, path: Path) -> str:
    if table.encoding is None:
        kind = pick("Excel 통합 문서", "Excel workbook")
    else:
        name = ENCODINGS.get(table.encoding, table.encoding.upper())
        ko, en = DELIMITERS.get(table.delimiter or ",", (repr(table.delimiter), repr(table.delimiter)))
        kind = pick(f"CSV · 인코딩 {name} · 구분자 {ko}", f"CSV · encoding {name} · separated by {en}")
        if table.encoding_guessed:
            kind += pick(
                " (추정한 인코딩: 글자가 깨져 보이면 '인코딩'에서 바꾸세요)",
                " (a guess: if the text looks garbled, choose another encoding)",
            )
    rows = sum(1 for r in table.rows if any(v not in (None, "") for v in r))
    text = pick(
        f"{path.name}: {kind} · 머리글 {table.header_row}행 · 열 {len(table.headers)}개 · 데이터 {rows:,}행",
        f"{path.name}: {kind} · heading on row {table.header_row} · {len(table.headers)} columns · {rows:,} data rows",
    )
    notes = list(table.notes[:NOTES_SHOWN])
    if len(table.notes) > NOTES_SHOWN:
        more = len(table.notes) - NOTES_SHOWN
        notes.append(pick(f"그 밖에 {more}곳", f"and {more} more"))
    return "\n".join([text, *notes])


class ImportDialog(QDialog):
    """Import one kind of record ("persons", "organizations" or "actions") from a file."""

    preview_ready = Signal()  # `current_preview` is up to date with the mapping and options
    imported = Signal(dict)  # the counts commit_import returned

    def __init__(
        self, db: Database, kind: str = PERSONS, path: Path | str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        if kind not in KINDS:
            raise ValueError(f"unknown import kind {kind!r}")
        self.db = db
        self.path: Path | None = None
        self.table: Table | None = None
        self.current_preview: ImportPreview | None = None
        self.last_operation: Operation[Any] | None = None
        self._generation = 0
        self._importing = False
        self.setWindowTitle(pick("가져오기", "Import"))
        self.resize(1080, 760)

        # -- kind and file
        self.kind_box = QComboBox()
        for key, (ko, en) in KIND_LABELS.items():
            self.kind_box.addItem(pick(ko, en), key)
        self.kind_box.setCurrentIndex(KINDS.index(kind))
        self.path_edit = QLineEdit(readOnly=True)
        self.path_edit.setPlaceholderText(pick("Excel(.xlsx) 또는 CSV 파일", "An Excel (.xlsx) or CSV file"))
        self.browse_button = QPushButton(pick("파일 선택…", "Choose file…"))
        self.browse_button.clicked.connect(self.choose_file)
        self.encoding_box = QComboBox()  # a CSV has no label for its encoding: let the user say
        self.encoding_box.addItem(pick("자동 감지", "Detect"), None)
        for codec, name in ENCODINGS.items():
            self.encoding_box.addItem(name, codec)
        self.encoding_box.setEnabled(False)
        self.encoding_box.currentIndexChanged.connect(lambda _i: self._encoding_chosen())
        top = QHBoxLayout()
        top.addWidget(QLabel(pick("가져올 기록", "Records")))
        top.addWidget(self.kind_box)
        top.addSpacing(12)
        top.addWidget(self.path_edit, 1)
        top.addWidget(self.browse_button)
        top.addWidget(QLabel(pick("인코딩", "Encoding")))
        top.addWidget(self.encoding_box)
        self.file_info = QLabel()
        self.file_info.setWordWrap(True)

        # -- mapping
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setHorizontalHeaderLabels(
            [pick("파일의 열", "Column in the file"), pick("항목", "Field"), pick("첫 값", "First value")]
        )
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(COL_HEADING, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.mapping_combos: dict[str, QComboBox] = {}
        mapping_box = QGroupBox(pick("열 연결", "Columns"))
        QVBoxLayout(mapping_box).addWidget(self.mapping_table)

        # -- options
        self.create_orgs = QCheckBox(
            pick("등록되지 않은 기관은 새로 만들기", "Create organizations that are not registered")
        )
        self.skip_rejected = QCheckBox(
            pick("거부된 행은 건너뛰고 나머지만 가져오기", "Skip rejected rows and import the rest")
        )
        self.create_orgs.toggled.connect(lambda _on: self.schedule_preview())
        self.skip_rejected.toggled.connect(lambda _on: self._explain())
        options = QHBoxLayout()
        options.addWidget(self.create_orgs)
        options.addWidget(self.skip_rejected)
        options.addStretch(1)

        # -- preview
        self.preview_table = QTableWidget(0, 4)
        self.preview_table.setHorizontalHeaderLabels(
            [pick("행", "Row"), pick("처리", "Action"), pick("내용", "Summary"), pick("사유", "Reasons")]
        )
        self.preview_table.verticalHeader().hide()
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_table.setWordWrap(False)
        header = self.preview_table.horizontalHeader()
        header.setSectionResizeMode(COL_ROW, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.preview_table.setColumnWidth(COL_SUMMARY, 380)
        self.counts_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {REJECTED_TEXT.name()}")
        preview_box = QGroupBox(pick("미리 보기", "Preview"))
        box = QVBoxLayout(preview_box)
        box.addWidget(self.counts_label)
        box.addWidget(self.preview_table, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(mapping_box)
        splitter.addWidget(preview_box)
        splitter.setSizes([260, 440])

        # -- buttons
        self.import_button = QPushButton(pick("가져오기", "Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.file_info)
        layout.addWidget(splitter, 1)
        layout.addLayout(options)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        self.kind_box.currentIndexChanged.connect(lambda _i: self._kind_changed())
        if path is not None:
            self.load_file(Path(path))

    # ------------------------------------------------------------------ questions (patchable)
    @classmethod
    def ask_open_path(cls, parent: QWidget | None, folder: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent,
            pick("가져올 파일", "File to import"),
            str(folder),
            pick(
                "표 (*.xlsx *.xlsm *.csv *.txt *.tsv);;모든 파일 (*)",
                "Tables (*.xlsx *.xlsm *.csv *.txt *.tsv);;All files (*)",
            ),
        )
        return Path(name) if name else None

    @classmethod
    def inform(cls, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    # ------------------------------------------------------------------ state
    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def mapping(self) -> dict[str, str | None]:
        """{heading: field key or None} as the combos show it."""
        return {head: combo.currentData() for head, combo in self.mapping_combos.items()}

    def set_field(self, heading: str, key: str | None) -> None:
        """Connect a column to a field (None: not imported), as choosing it in the combo does."""
        combo = self.mapping_combos[heading]
        combo.setCurrentIndex(max(combo.findData(key), 0))

    def _kind_changed(self) -> None:
        if self.table is not None:
            self._fill_mapping(self.table)
            self.refresh_preview()

    # ------------------------------------------------------------------ the file
    def choose_file(self) -> Operation[Table] | None:
        path = self.ask_open_path(self, self.path.parent if self.path else default_folder(FOLDER_KEY))
        return self.load_file(path) if path is not None else None

    @property
    def encoding(self) -> str | None:
        """The encoding chosen for a CSV (a codec name), or None to detect it."""
        return self.encoding_box.currentData()

    def choose_encoding(self, codec: str | None) -> Operation[Table] | None:
        """Read the CSV again in `codec` (None: detect), as choosing it in the combo does."""
        self.encoding_box.setCurrentIndex(max(self.encoding_box.findData(codec), 0))
        return self.last_operation

    def _encoding_chosen(self) -> None:
        if self.path is not None:
            self.load_file(self.path, self.encoding)

    def load_file(self, path: Path | str, encoding: str | None = None) -> Operation[Table]:
        """Read the file; a CSV in `encoding` when given (a new file is detected again)."""
        path = Path(path)
        is_csv = path.suffix.lower() in (".csv", ".txt", ".tsv")
        self.encoding_box.blockSignals(True)
        self.encoding_box.setCurrentIndex(max(self.encoding_box.findData(encoding), 0))
        self.encoding_box.setEnabled(is_csv)
        self.encoding_box.blockSignals(False)
        self.path = path
        self.path_edit.setText(str(path))
        self.table = None
        self._clear_preview()
        self.mapping_table.setRowCount(0)
        self.mapping_combos = {}
        self.file_info.setText(pick("읽는 중…", "Reading…"))
        self._generation += 1
        generation = self._generation

        def read(table: Table) -> None:
            if generation != self._generation:
                return
            remember_folder(FOLDER_KEY, path)
            self.table = table
            self.file_info.setText(file_description(table, path))
            self._fill_mapping(table)
            self.refresh_preview()

        def unreadable(exc: BaseException) -> None:
            if generation == self._generation:
                self.file_info.setText(path.name)
                self._problem(exc)

        self.last_operation = run_in_background(self, lambda: read_table(path, encoding), read, unreadable)
        return self.last_operation

    def _fill_mapping(self, table: Table) -> None:
        suggested = suggest_mapping(self.kind, table.headers)
        self.mapping_table.setRowCount(len(table.headers))
        self.mapping_combos = {}
        for row, heading in enumerate(table.headers):
            item = QTableWidgetItem(heading)
            self.mapping_table.setItem(row, COL_HEADING, item)
            combo = QComboBox()
            combo.addItem(pick("(가져오지 않음)", "(not imported)"), None)
            for f in fields(self.kind):
                combo.addItem(f.label, f.key)
            combo.setCurrentIndex(max(combo.findData(suggested.get(heading)), 0))
            combo.currentIndexChanged.connect(lambda _i, h=heading: self._field_chosen(h))
            self.mapping_table.setCellWidget(row, COL_FIELD, combo)
            self.mapping_combos[heading] = combo
            sample = next((v for r in table.rows if row < len(r) and (v := r[row]) not in (None, "")), None)
            self.mapping_table.setItem(row, COL_SAMPLE, QTableWidgetItem(display(sample)))
        self.mapping_table.resizeColumnsToContents()

    def _field_chosen(self, heading: str) -> None:
        """A field takes one column: choosing it for one column frees it from another."""
        key = self.mapping_combos[heading].currentData()
        if key is not None:
            for other, combo in self.mapping_combos.items():
                if other != heading and combo.currentData() == key:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
        self.schedule_preview()

    # ------------------------------------------------------------------ preview
    def schedule_preview(self) -> None:
        self.current_preview = None  # it no longer matches what is chosen
        self.import_button.setEnabled(False)
        if self.table is not None:
            self._timer.start()

    def refresh_preview(self) -> Operation[ImportPreview] | None:
        """Decide again what each row would do, now (in the background)."""
        self._timer.stop()
        if self.table is None:
            return None
        self._generation += 1
        generation = self._generation
        db, kind, table, mapping = self.db, self.kind, self.table, self.mapping()
        create_orgs = self.create_orgs.isChecked()
        self.current_preview = None
        self.import_button.setEnabled(False)

        def previewed(preview: ImportPreview) -> None:
            if generation == self._generation:
                self._show_preview(preview)

        def refused(exc: BaseException) -> None:
            if generation == self._generation:
                self._clear_preview()
                self._problem(exc)

        self.last_operation = run_in_background(
            self,
            lambda: preview_import(db, kind, table, mapping, create_missing_organizations=create_orgs),
            previewed,
            refused,
        )
        return self.last_operation

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
                    f"The {bad:,} rejected rows will be skipped; the rest is imported.",
                )
            )
        else:
            self.message.setText(
                pick(
                    f"거부된 행이 {bad:,}개 있습니다. 한 행이라도 거부되면 아무것도 가져오지 않습니다. "
                    "파일을 고쳐 다시 불러오거나 '거부된 행은 건너뛰고…'를 선택하세요.",
                    f"{bad:,} rows are rejected, so the file will not be imported as it is (all or nothing). "
                    "Correct the file and load it again, or choose to skip rejected rows.",
                )
            )

    # ------------------------------------------------------------------ import
    def start_import(self) -> Operation[dict[str, int]] | None:
        """Commit the previewed import in the background; all rows or none."""
        preview = self.current_preview
        if preview is None or self._importing:
            return None
        buffer = ChangeBuffer(self.db)  # the lists refresh on the GUI thread after the commit
        skip = self.skip_rejected.isChecked()
        title = pick("가져오기", "Import")
        self._importing = True
        self.import_button.setEnabled(False)

        def done(counts: dict[str, int]) -> None:
            self._importing = False
            text = result_text(counts)
            tell(self.parentWidget(), text)
            self.imported.emit(counts)
            self.accept()
            self.inform(self.parentWidget(), title, text)

        def refused(exc: BaseException) -> None:
            self._importing = False
            self.import_button.setEnabled(True)
            Operation.show_error(self, title, failure_text(exc))
            if isinstance(exc, ImportRejected) and not isinstance(exc, RowsRejected):
                self.refresh_preview()  # e.g. the database changed since the preview

        self.last_operation = run_in_background(
            self,
            lambda: commit_import(buffer.db, preview, skip_rejected=skip),
            done,
            refused,
            title=pick("가져오는 중", "Importing"),
            changes=buffer,
        )
        return self.last_operation


def open_import_dialog(db: Database, kind: str = PERSONS, parent: QWidget | None = None) -> ImportDialog:
    """Show the dialog (non-modal) and ask for the file; it is deleted when closed."""
    dialog = ImportDialog(db, kind, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.choose_file()
    return dialog


__all__ = ["ACTION_LABELS", "KIND_LABELS", "ImportDialog", "open_import_dialog"]
