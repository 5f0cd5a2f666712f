"""파일 > 출장 결과보고: choose what goes into a trip's result report, see it as it will read,
and save it as .docx, .pdf, .hwpx, .md or .html.

The options are those of `tracker report` (sections, meetings by 순번, 대외비 handling). The
preview is the HTML writer's output, rebuilt in the background a moment after each change; the
file is written in the background too, from the database as it is when saving.

    open_report_dialog(db, trip_id, parent)   # non-modal, deleted when closed
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.enums import Classification, MeetingKind
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick
from tracker.export.report import (
    FORMATS,
    SECTIONS,
    ReportOptions,
    Restricted,
    build_report,
    format_of,
    render_html,
    write_report,
)
from tracker.export.report.builder import meeting_number
from tracker.services.trips import dossier
from tracker.ui import settings
from tracker.ui.accessibility import keep_named
from tracker.ui.background import Operation, failure_text, run_in_background
from tracker.ui.fields import RefField
from tracker.ui.format import format_date
from tracker.ui.forms import EnterStaysInField
from tracker.ui.list_export import default_folder, remember_folder, tell

FOLDER_KEY = "report/folder"
PREVIEW_DELAY_MS = 150

SECTION_LABELS: dict[str, tuple[str, str]] = {
    "overview": ("출장 개요", "Overview"),
    "itinerary": ("일정", "Itinerary"),
    "events": ("행사", "Events"),
    "meetings": ("양자면담", "Meetings"),
    "visits": ("현장방문", "Site visits"),
    "followups": ("후속조치", "Follow-ups"),
    "photos": ("사진", "Photos"),
}
assert tuple(SECTION_LABELS) == SECTIONS

RESTRICTED_CHOICES: tuple[tuple[Restricted, str, str], ...] = (
    (Restricted.INCLUDE, "포함 (문서에 '대외비' 표시)", "Include (the document is marked 대외비)"),
    (Restricted.MASK, "[대외비]로 가림", "Mask as [대외비]"),
    (Restricted.OMIT, "빼기", "Leave out"),
)

# (format, Korean name, English name) in the order the save dialog offers them
FILE_TYPES: tuple[tuple[str, str, str], ...] = (
    ("docx", "Word 문서", "Word document"),
    ("pdf", "PDF", "PDF"),
    ("hwpx", "한글 문서", "Hangul document"),
    ("md", "Markdown", "Markdown"),
    ("html", "웹 페이지", "Web page"),
)
assert {f for f, _, _ in FILE_TYPES} == set(FORMATS)

NUMBER_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class MeetingEntry:
    """A meeting as the checklist shows it."""

    number: int  # 순번, what ReportOptions.meetings holds
    title: str
    day: date
    kind: MeetingKind
    restricted: bool


@dataclass(frozen=True)
class TripOutline:
    trip_id: uuid.UUID
    title: str
    meetings: tuple[MeetingEntry, ...]


def trip_outline(db: Database, trip_id: uuid.UUID) -> TripOutline:
    """The trip's title and meetings with their 순번 (background work: reads only)."""
    d = dossier(db, trip_id)
    numbers = meeting_number(d.meetings)
    entries = tuple(
        MeetingEntry(numbers[m.id], m.title, m.date, m.kind, m.classification == Classification.RESTRICTED)
        for m in d.meetings
    )
    return TripOutline(trip_id, d.trip.title, tuple(sorted(entries, key=lambda e: e.number)))


def as_uuid(value: Any) -> uuid.UUID | None:
    """A record id as the dialog keeps it (the viewer's links give it as text)."""
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def safe_file_name(text: str) -> str:
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text)
    return " ".join(name.split()).strip(" .") or "report"


class ReportDialog(EnterStaysInField, QDialog):
    """The report of one trip (`trip_id`, or picked in the dialog)."""

    preview_updated = Signal()  # the preview now shows `shown_options`
    saved = Signal(object)  # the Path written

    def __init__(
        self, db: Database, trip_id: uuid.UUID | str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.db = db
        trip_id = as_uuid(trip_id)
        self.outline: TripOutline | None = None
        self.shown_options: ReportOptions | None = None
        self.last_operation: Operation[Any] | None = None
        self._generation = 0
        self.setWindowTitle(pick("출장 결과보고", "Trip result report"))
        self.resize(1180, 820)

        # -- the trip
        self.trip = RefField(db, "trips")
        trip_row = QFormLayout()
        trip_row.addRow(vocabulary.TRIP(), self.trip)

        # -- sections
        self.section_boxes: dict[str, QCheckBox] = {}
        sections = QGroupBox(pick("넣을 항목", "Sections"))
        grid = QVBoxLayout(sections)
        for key, (ko, en) in SECTION_LABELS.items():
            box = QCheckBox(pick(ko, en))
            box.setChecked(True)
            box.toggled.connect(self._options_changed)
            self.section_boxes[key] = box
            grid.addWidget(box)

        # -- meetings
        meetings = QGroupBox(pick("면담 (순번)", "Meetings (by 순번)"))
        self.meeting_list = QListWidget()
        self.meeting_list.setMinimumHeight(150)
        self.meeting_list.itemChanged.connect(lambda _item: self._options_changed())
        all_button = QPushButton(pick("모두 선택", "Select all"))
        none_button = QPushButton(pick("모두 해제", "Clear all"))
        all_button.clicked.connect(lambda: self.check_all_meetings(True))
        none_button.clicked.connect(lambda: self.check_all_meetings(False))
        row = QHBoxLayout()
        row.addWidget(all_button)
        row.addWidget(none_button)
        row.addStretch(1)
        box = QVBoxLayout(meetings)
        box.addWidget(self.meeting_list)
        box.addLayout(row)

        # -- 대외비
        restricted = QGroupBox(vocabulary.RESTRICTED_ITEMS())
        self.restricted_group = QButtonGroup(self)
        self.restricted_buttons: dict[Restricted, QRadioButton] = {}
        box = QVBoxLayout(restricted)
        for i, (mode, ko, en) in enumerate(RESTRICTED_CHOICES):
            button = QRadioButton(pick(ko, en))
            self.restricted_group.addButton(button, i)
            self.restricted_buttons[mode] = button
            box.addWidget(button)
        self.restricted_buttons[Restricted.INCLUDE].setChecked(True)
        self.restricted_group.idToggled.connect(lambda _id, on: on and self._options_changed())

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addLayout(trip_row)
        side_layout.addWidget(sections)
        side_layout.addWidget(meetings, 1)
        side_layout.addWidget(restricted)

        # -- preview
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(pick("보고서 미리보기", "Report preview"))
        self.preview.setOpenLinks(False)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 850])

        # -- saving
        self.note = QLabel()
        self.note.setOpenExternalLinks(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.save_button = QPushButton(pick("다른 이름으로 저장…", "Save as…"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save_as)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)

        if trip_id is not None:
            self.trip.set_value(trip_id)
            self.trip.edit.setCursorPosition(0)  # the start of a long title, not its end
        self.trip.changed.connect(lambda: self.load_trip(self.trip.value()))
        self.load_trip(trip_id)

    # ------------------------------------------------------------------ the trip
    def load_trip(self, trip_id: Any) -> Operation[TripOutline] | None:
        """Show `trip_id`'s meetings and report (its records are read in the background)."""
        if self.outline is not None and self.outline.trip_id == trip_id:
            return None  # the same trip chosen again: nothing to reload
        self._generation += 1  # any load or preview under way is for the old trip
        generation = self._generation
        self.outline = None
        self.shown_options = None
        self.meeting_list.clear()
        self.save_button.setEnabled(False)
        if trip_id is None:
            self.preview.setHtml(
                f"<p style='color:#666'>{pick('보고서를 쓸 출장을 고르세요.', 'Choose the trip to report on.')}</p>"
            )
            return None
        db = self.db
        self.last_operation = run_in_background(
            self,
            lambda: trip_outline(db, trip_id),
            lambda outline: self._trip_loaded(outline, generation),
            self._load_failed,
        )
        return self.last_operation

    def _trip_loaded(self, outline: TripOutline, generation: int) -> None:
        if generation != self._generation or outline.trip_id != self.trip.value():
            return  # a later load (another trip, or the same one picked again) supersedes this one
        self.outline = outline
        self.setWindowTitle(pick(f"출장 결과보고 — {outline.title}", f"Trip result report — {outline.title}"))
        self.meeting_list.blockSignals(True)
        self.meeting_list.clear()  # the list shows one load, never two appended
        for entry in outline.meetings:
            text = f"{entry.number}. {entry.title}"
            if entry.restricted:
                text += " (대외비)"
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(NUMBER_ROLE, entry.number)
            item.setToolTip(format_date(entry.day))
            self.meeting_list.addItem(item)
        self.meeting_list.blockSignals(False)
        self.save_button.setEnabled(True)
        self.refresh_preview()

    def _load_failed(self, exc: BaseException) -> None:
        self.preview.setPlainText(failure_text(exc))

    def check_all_meetings(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.meeting_list.blockSignals(True)
        for i in range(self.meeting_list.count()):
            self.meeting_list.item(i).setCheckState(state)
        self.meeting_list.blockSignals(False)
        self._options_changed()

    def meeting_item(self, number: int) -> QListWidgetItem | None:
        for i in range(self.meeting_list.count()):
            item = self.meeting_list.item(i)
            if item.data(NUMBER_ROLE) == number:
                return item
        return None

    # ------------------------------------------------------------------ options
    def options(self) -> ReportOptions:
        sections = frozenset(k for k, b in self.section_boxes.items() if b.isChecked())
        items = [self.meeting_list.item(i) for i in range(self.meeting_list.count())]
        chosen = tuple(int(i.data(NUMBER_ROLE)) for i in items if i.checkState() == Qt.CheckState.Checked)
        meetings = None if len(chosen) == len(items) else chosen
        mode = RESTRICTED_CHOICES[max(self.restricted_group.checkedId(), 0)][0]
        return ReportOptions(sections=sections, meetings=meetings, restricted=mode)

    def _options_changed(self) -> None:
        either = self.section_boxes["meetings"].isChecked() or self.section_boxes["visits"].isChecked()
        self.meeting_list.setEnabled(either)
        if self.outline is not None:
            self._timer.start()

    # ------------------------------------------------------------------ preview
    def refresh_preview(self) -> Operation[str] | None:
        """Rebuild the preview for the current options now (in the background)."""
        self._timer.stop()
        if self.outline is None:
            return None
        self._generation += 1
        generation, options, trip_id, db = self._generation, self.options(), self.outline.trip_id, self.db

        def shown(html: str) -> None:
            if generation == self._generation:
                self._show(html, options)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.preview.setPlainText(failure_text(exc))

        self.last_operation = run_in_background(
            self, lambda: render_html(build_report(db, trip_id, options)), shown, failed
        )
        return self.last_operation

    def _show(self, html: str, options: ReportOptions) -> None:
        bar = self.preview.verticalScrollBar()
        where = bar.value()
        self.preview.setHtml(html)
        bar.setValue(min(where, bar.maximum()))
        self.shown_options = options
        self.preview_updated.emit()

    # ------------------------------------------------------------------ saving
    @classmethod
    def ask_save_path(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        """The file to write; the format follows its extension (tests patch this)."""
        filters = [f"{pick(ko, en)} (*.{fmt})" for fmt, ko, en in FILE_TYPES]
        name, chosen = QFileDialog.getSaveFileName(
            parent, pick("출장 결과보고 저장", "Save the trip report"), str(suggested), ";;".join(filters)
        )
        if not name:
            return None
        path = Path(name)
        if format_of(path) is None:
            fmt = next((f for f, ko, en in FILE_TYPES if f"(*.{f})" in chosen), "docx")
            path = path.with_name(f"{path.name}.{fmt}")
        return path

    def suggested_path(self) -> Path:
        title = self.outline.title if self.outline is not None else pick("출장", "trip")
        name = safe_file_name(title if title.endswith("결과보고") else f"{title} 결과보고")
        return (
            default_folder(FOLDER_KEY) / f"{name}.{settings.REPORT_FORMAT.get()}"
        )  # Settings › report format

    def save_as(self) -> Operation[Path] | None:
        if self.outline is None:
            return None
        path = self.ask_save_path(self, self.suggested_path())
        return self.save_to(path) if path is not None else None

    def save_to(self, path: Path | str) -> Operation[Path] | None:
        """Write the report with the current options to `path` (format from its extension)."""
        path = Path(path)
        title = pick("출장 결과보고 저장", "Saving the trip report")
        fmt = format_of(path)
        if fmt is None:
            suffixes = ", ".join(f".{f}" for f, _, _ in FILE_TYPES)
            message = ValidationError(
                "unsupported_format", value=f"{path.suffix or path.name} ({suffixes})"
            ).message()
            Operation.show_error(self, title, message)
            return None
        if self.outline is None:
            return None
        options, trip_id, db = self.options(), self.outline.trip_id, self.db

        def done(written: Path) -> None:
            remember_folder(FOLDER_KEY, written)
            link = QUrl.fromLocalFile(str(written)).toString()
            self.note.setText(
                pick(
                    f"저장했습니다: <a href='{link}'>{written.name}</a>",
                    f"Saved: <a href='{link}'>{written.name}</a>",
                )
            )
            self.note.setToolTip(str(written))
            tell(
                self.parentWidget(),
                pick(f"출장 결과보고를 저장했습니다: {written}", f"Saved the trip report: {written}"),
            )
            self.saved.emit(written)

        self.note.setText(pick("저장하는 중…", "Saving…"))
        author = settings.author() or None  # read here: settings belong to the GUI thread
        self.last_operation = run_in_background(
            self,
            lambda: write_report(build_report(db, trip_id, options), path, fmt, author=author),
            done,
            lambda exc: (self.note.clear(), Operation.show_error(self, title, failure_text(exc))),
            title=title,
        )
        return self.last_operation


def open_report_dialog(
    db: Database, trip_id: uuid.UUID | str | None = None, parent: QWidget | None = None
) -> ReportDialog:
    """Show the dialog (non-modal); it is deleted when closed."""
    dialog = ReportDialog(db, trip_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


__all__ = ["ReportDialog", "SECTION_LABELS", "open_report_dialog", "trip_outline"]
