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
from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.export.spreadsheet import (
    ENCODINGS,
    KINDS,
    PERSONS,
    ImportPreview,
    ImportRejected,
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

# The preview pane and the texts are in modules of their own; every name they took is still
# importable from here (the unused ones are kept on purpose).
from tracker.ui.import_preview import (  # noqa: F401
    COL_ACTION,
    COL_FIELD,
    COL_HEADING,
    COL_REASONS,
    COL_ROW,
    COL_SAMPLE,
    COL_SUMMARY,
    PREVIEW_ROWS,
    REJECTED_BACKGROUND,
    REJECTED_TEXT,
    PreviewPane,
)
from tracker.ui.import_texts import (  # noqa: F401
    ACTION_LABELS,
    DELIMITERS,
    KIND_LABELS,
    NOTES_SHOWN,
    action_label,
    counts_text,
    file_description,
    result_text,
    row_summary,
)
from tracker.ui.list_export import default_folder, remember_folder, tell

FOLDER_KEY = "import/folder"
PREVIEW_DELAY_MS = 200


class ImportDialog(PreviewPane, QDialog):
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
        self.setWindowTitle(vocabulary.IMPORT())
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
            [pick("파일의 열", "Column in the file"), vocabulary.FIELD(), pick("첫 값", "First value")]
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
            [pick("행", "Row"), vocabulary.ACTION(), pick("내용", "Summary"), pick("사유", "Reasons")]
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
        self.import_button = QPushButton(vocabulary.IMPORT())
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

    # ------------------------------------------------------------------ import
    def start_import(self) -> Operation[dict[str, int]] | None:
        """Commit the previewed import in the background; all rows or none."""
        preview = self.current_preview
        if preview is None or self._importing:
            return None
        buffer = ChangeBuffer(self.db)  # the lists refresh on the GUI thread after the commit
        skip = self.skip_rejected.isChecked()
        title = vocabulary.IMPORT()
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
