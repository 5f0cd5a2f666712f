"""파일 > 목록 내보내기: the list on screen, as filtered and sorted, to an .xlsx or .csv file.

    export_list(window, db, page.model)       # asks for a file name, writes in the background

The rows come from the database with the view's filter text, conditions and sort (the view
itself holds only the page it shows), in a background operation that can be cancelled; the
number of rows written goes to the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox, QWidget

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick, plural
from tracker.export.spreadsheet import FORMATS, export_filename, export_listing
from tracker.services.confidentiality import Restricted, list_rule
from tracker.ui import settings
from tracker.ui.background import Cancelled, Operation, failure_text, progress, run_in_background

FOLDER_KEY = "export/folder"

# What a file that leaves tracker does with 대외비 meetings and their follow-ups; first = default.
RESTRICTED_CHOICES: tuple[tuple[Restricted, str, str], ...] = (
    (
        Restricted.MASK,
        "[대외비]로 가림 (날짜·시간·유형만 남김)",
        "Mask as [대외비] (only date, time and kind stay)",
    ),
    (Restricted.OMIT, "빼기", "Leave out"),
    (Restricted.INCLUDE, "그대로 포함", "Include as they are"),
)


def ask_restricted(parent: QWidget | None) -> Restricted | None:
    """The include / mask / omit question, mask first; None when cancelled."""
    labels = [pick(ko, en) for _, ko, en in RESTRICTED_CHOICES]
    text, ok = QInputDialog.getItem(
        parent,
        vocabulary.RESTRICTED_ITEMS(),
        pick(
            "대외비 면담과 그 후속조치·일정을:",
            "Restricted meetings and their follow-ups and itinerary lines:",
        ),
        labels,
        0,
        False,
    )
    return RESTRICTED_CHOICES[labels.index(text)][0] if ok and text in labels else None


# ------------------------------------------------------------------ remembered folders


def default_folder(key: str) -> Path:
    """The folder last used for this kind of file, else the user's documents folder."""
    saved = settings.folder(key).get()
    if saved and Path(saved).is_dir():
        return Path(saved)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def remember_folder(key: str, path: Path) -> None:
    settings.folder(key).set(str(Path(path).parent))


def tell(parent: QWidget | None, text: str, timeout_ms: int = 10_000) -> None:
    """A short non-modal note: in the main window's status bar when there is one."""
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, timeout_ms)


# ------------------------------------------------------------------ the export


class ListExport:
    """The questions the export asks (tests patch them)."""

    @classmethod
    def ask_path(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        filters = ";;".join(
            [
                pick("Excel 통합 문서 (*.xlsx)", "Excel workbook (*.xlsx)"),
                pick("CSV (쉼표로 분리) (*.csv)", "CSV, comma separated (*.csv)"),
            ]
        )
        name, chosen = QFileDialog.getSaveFileName(
            parent, pick("목록 내보내기", "Export the list"), str(suggested), filters
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in FORMATS:
            path = path.with_name(path.name + (".csv" if "*.csv" in chosen else ".xlsx"))
        return path

    @classmethod
    def ask_restricted(cls, parent: QWidget | None) -> Restricted | None:
        return ask_restricted(parent)

    @classmethod
    def inform(cls, parent: QWidget | None, title: str, text: str) -> None:
        """Where there is no status bar to say it in."""
        QMessageBox.information(parent, title, text)


def rows_text(n: int) -> str:
    return pick(f"{n:,}행", plural(n, "1 row", f"{n:,} rows"))


def export_list(
    parent: QWidget | None,
    db: Database,
    list_page_model: Any,
    path: Path | str | None = None,
    restricted: Restricted = Restricted.MASK,
) -> Operation[int] | None:
    """Export what `list_page_model` (a ListingModel) shows: its listing with its filter text,
    conditions and sort. Asks for the file name unless `path` is given, and, for meetings and
    follow-ups, what to do with 대외비 rows (`restricted` otherwise); returns the running
    operation, or None if the user cancelled a question."""
    model = list_page_model
    listing = model.listing
    if path is None:
        suggested = default_folder(FOLDER_KEY) / export_filename(listing, ".xlsx")
        path = ListExport.ask_path(parent, suggested)
        if path is None:
            return None
        if list_rule(listing.name) is not None:
            chosen = ListExport.ask_restricted(parent)
            if chosen is None:
                return None
            restricted = chosen
    path = Path(path)
    title = pick("목록 내보내기", "Exporting the list")
    if path.suffix.lower() not in FORMATS:
        Operation.show_error(
            parent, title, ValidationError("unsupported_format", value=path.suffix or path.name).message()
        )
        return None
    # The view's state now: the user may go on filtering while the file is written.
    text, where = model.text, tuple(model.where)
    sort, descending = model.sort_column, model.descending

    def work() -> int:
        return export_listing(
            db,
            listing,
            path,
            text=text,
            where=where,
            sort=sort,
            descending=descending,
            progress=lambda n: progress(rows_text(n)),
            restricted=restricted,
        )

    def done(count: int) -> None:
        remember_folder(FOLDER_KEY, path)
        message = pick(f"{count:,}행을 내보냈습니다: {path}", f"Exported {rows_text(count)} to {path}")
        window = parent.window() if parent is not None else None
        if isinstance(window, QMainWindow):
            tell(parent, message)
        else:
            ListExport.inform(parent, title, message)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            tell(
                parent,
                pick(
                    "내보내기를 취소했습니다. 파일은 쓰지 않았습니다.",
                    "Export cancelled; no file was written.",
                ),
            )
        else:
            Operation.show_error(parent, title, failure_text(exc))

    return run_in_background(parent, work, done, failed, title=title, cancellable=True)


__all__ = ["ListExport", "default_folder", "export_list", "remember_folder", "rows_text", "tell"]
