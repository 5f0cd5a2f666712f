"""Calendar files (.ics) in and out, and the briefing and handover packs, from the File menu.

Files are written and read off the GUI thread (run_in_background); imports show what they
would do before anything is written, and then write all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick, plural
from tracker.export.icalendar_io import IcsPreview, commit_ics, export_ics, preview_ics
from tracker.services.confidentiality import Restricted
from tracker.ui import settings
from tracker.ui.accessibility import keep_named
from tracker.ui.background import ChangeBuffer, Operation, run_in_background
from tracker.ui.format import display
from tracker.ui.list_export import ListExport

ACTION_LABELS = {
    "new": ("추가", "New"),
    "update": ("갱신", "Update"),
    "duplicate": ("중복(건너뜀)", "Duplicate (left alone)"),
}
KIND_LABELS = {"meetings": ("면담", "Meeting"), "events": ("행사", "Event"), "trips": ("출장", "Trip")}


class Files:
    """File choosers, patched in tests."""

    @classmethod
    def save_path(cls, parent: QWidget | None, title: str, suggested: str, pattern: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, pattern)
        return Path(name) if name else None

    @classmethod
    def open_path(cls, parent: QWidget | None, title: str, pattern: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, "", pattern)
        return Path(name) if name else None


def _status(parent: QWidget | None, text: str) -> None:
    window = parent.window() if parent is not None else None
    bar = getattr(window, "statusBar", None)
    if callable(bar):
        bar().showMessage(text, 8000)


def export_calendar(
    parent: QWidget, db: Database, path: Path | None = None, restricted: Restricted = Restricted.MASK
) -> Operation[int] | None:
    """Meetings, events, trips and follow-ups to one .ics file (Outlook, Google, phones).
    Asked for a file, it asks too what the file shows of 대외비 meetings (mask first)."""
    if path is None:
        path = Files.save_path(
            parent,
            pick("캘린더 내보내기", "Export calendar"),
            f"tracker-{date.today():%Y%m%d}.ics",
            "iCalendar (*.ics)",
        )
        if path is None:
            return None
        chosen = ListExport.ask_restricted(parent)
        if chosen is None:
            return None
        restricted = chosen
    target = path if path.suffix.lower() == ".ics" else path.with_suffix(".ics")
    return run_in_background(
        parent,
        lambda: export_ics(db, target, restricted=restricted),
        lambda n: _status(
            parent,
            pick(
                f"일정 {n:,}건을 내보냈습니다: {target}",
                plural(n, "Exported 1 item", f"Exported {n:,} items") + f" to {target}",
            ),
        ),
        title=pick("캘린더 내보내는 중…", "Exporting the calendar…"),
    )


class IcsImportDialog(QDialog):
    """Shows what an .ics file would add, update or leave alone; Import writes all or nothing."""

    def __init__(self, db: Database, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.db = db
        self.path = path
        self.preview: IcsPreview | None = None
        self.result_counts: dict[str, int] | None = None
        self.setWindowTitle(pick(f"캘린더 가져오기 — {path.name}", f"Import calendar — {path.name}"))
        self.summary = QLabel(wordWrap=True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [vocabulary.ACTION(), vocabulary.KIND(), pick("시작", "Start"), vocabulary.TITLE()]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(vocabulary.IMPORT())
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(vocabulary.CANCEL())
        self.buttons.accepted.connect(self.commit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(760, 460)
        self.load()

    def load(self) -> None:
        try:
            self.preview = preview_ics(self.db, self.path)
        except DomainError as exc:
            self.summary.setText(exc.message())
            self.import_button.setEnabled(False)
            return
        items = self.preview.items
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            cells = (
                pick(*ACTION_LABELS.get(item.action, (item.action, item.action))),
                pick(*KIND_LABELS.get(item.kind, (item.kind, item.kind))),
                display(item.start),
                item.title,
            )
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.summary.setText(self.preview.report())
        self.import_button.setEnabled(bool(self.preview.new or self.preview.updates))

    def commit(self, wait: bool = False) -> Operation[dict[str, int]] | None:
        if self.preview is None:
            return None
        buffer = ChangeBuffer(self.db)
        preview = self.preview

        def done(counts: dict[str, int]) -> None:
            self.result_counts = counts
            _status(self.parent(), preview.summary())
            self.accept()

        op = run_in_background(
            self,
            lambda: commit_ics(buffer.db, preview),
            done,
            changes=buffer,
            title=vocabulary.IMPORTING(),
        )
        if wait:
            op.wait()
        return op


def import_calendar(parent: QWidget, db: Database, path: Path | None = None) -> IcsImportDialog | None:
    path = path or Files.open_path(parent, pick("캘린더 가져오기", "Import calendar"), "iCalendar (*.ics)")
    if path is None:
        return None
    dialog = IcsImportDialog(db, path, parent)
    dialog.open()
    return dialog


def write_pack(
    parent: QWidget, db: Database, kind: str, key: Any, path: Path | None = None
) -> Operation[Path] | None:
    """A briefing pack for a meeting or a trip, or a handover pack for a person."""
    from tracker.export.report import format_of, write_report
    from tracker.export.report.briefing import BriefingOptions, build_meeting_briefing, build_trip_briefing
    from tracker.export.report.handover import HandoverOptions, build_handover

    builders: dict[str, tuple[str, str, Callable[[], Any]]] = {
        "meetings": (
            "사전 브리핑 자료",
            "Briefing pack",
            lambda: build_meeting_briefing(db, key, BriefingOptions()),
        ),
        "trips": (
            "사전 브리핑 자료",
            "Briefing pack",
            lambda: build_trip_briefing(db, key, BriefingOptions()),
        ),
        "persons": ("인수인계 자료", "Handover pack", lambda: build_handover(db, key, HandoverOptions())),
    }
    ko, en, build = builders[kind]
    path = path or Files.save_path(
        parent,
        pick(ko, en),
        f"{ko}.docx",
        "Word (*.docx);;PDF (*.pdf);;HWPX (*.hwpx);;HTML (*.html);;Markdown (*.md)",
    )
    if path is None:
        return None
    target = path if format_of(path) else path.with_suffix(".docx")

    author = settings.author() or None  # read here: settings belong to the GUI thread

    def work() -> Path:
        write_report(build(), target, author=author)
        return target

    return run_in_background(
        parent,
        work,
        lambda p: _status(parent, pick(f"{ko}를 썼습니다: {p}", f"Wrote the {en.lower()}: {p}")),
        title=pick(f"{ko} 작성 중…", f"Writing the {en.lower()}…"),
    )
