"""The main window: a navigation sidebar, one page per kind of record, a record viewer, and
the actions on records (new, edit, delete), search and the interface language."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QWidget,
)

from tracker.domain import i18n
from tracker.domain.i18n import pick
from tracker.ui import settings
from tracker.ui.icons import app_icon, section_icon
from tracker.ui.keyboard import cycle_panes
from tracker.ui.main_commands import MainCommands
from tracker.ui.main_menus import MainMenus
from tracker.ui.main_records import EDITORS, MainRecords, _register_rich_editors
from tracker.ui.main_sections import SECTION_KEYS, SECTIONS, Pages, make_page
from tracker.ui.main_status import MainStatus
from tracker.ui.qt_language import apply_qt_language
from tracker.ui.screen_fit import fit_to_screen, install_screen_fit, restore_geometry, sidebar_width

log = logging.getLogger(__name__)

# The database layer (SQLAlchemy) is imported once the window is on screen: a window made
# without a database (`MainWindow(None)`, as the app starts) shows its frame first.
if TYPE_CHECKING:
    from tracker.db.changes import Changes
    from tracker.db.engine import Database


class CurrentPageStack(QStackedWidget):
    """The sections' stack, as small as its current page allows: a plain QStackedWidget asks
    for the largest minimum of every page ever shown, so once the calendar had been visited
    the window could not be made smaller than the calendar's toolbar, even on Home, and on a
    small screen (or at scale 2) it opened wider than the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The stacked layout would otherwise fix this widget's minimum to every page's largest.
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()


class MainWindow(MainMenus, MainCommands, MainRecords, MainStatus, QMainWindow):
    first_painted = Signal()  # the window is on screen

    def __init__(self, db: Database | None, parent: QWidget | None = None) -> None:
        """`db` None: the frame, sidebar and menus only, until `attach` gives the database."""
        super().__init__(parent)
        self.db: Any = db
        self.changes: Any = None
        self.current_record: tuple[str, Any] | None = None
        self._more: dict[str, int] = {}  # sections of the record page opened further ("more…")
        self._search: Any = None
        self._painted = False
        # Hidden pages only note what changed here (None: everything) and catch up when shown.
        self._stale: dict[str, Changes | None] = {}
        self._build_status_bar()
        self._build()
        self._restore()
        self._reminders: Any = None
        self._reminders_wanted = False
        if db is not None:
            self.attach(db)

    def attach(self, db: Database) -> None:
        """The database, once open: the actions work and the opening section is filled."""
        from tracker.ui.change_queue import ChangeQueue

        self.db = db
        # Changes arrive after the save returns, merged, on the GUI thread.
        self.changes = ChangeQueue(db.changes, self)
        self.changes.listen(self._on_changes)
        self._check_access()
        self._show_database()
        self._update_actions()
        if self._painted:  # already on screen: its opening section is built now
            QTimer.singleShot(0, self, self._after_first_paint)

    def bring_to_front(self) -> None:
        """Another start on this database asked for this window (tracker.ui.single_instance)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        """Create every widget in the current language (called again on a language switch)."""
        self.setWindowTitle(
            pick("tracker — 국제협력 업무 기록", "tracker — international cooperation records")
        )
        self.nav = QListWidget()
        self.stack = CurrentPageStack()
        self.viewer = QTextBrowser(openLinks=False)
        self.viewer.anchorClicked.connect(self._link_clicked)
        self.nav.setAccessibleName(pick("구역", "Sections"))
        self.viewer.setAccessibleName(pick("기록 보기", "Record page"))
        # Said in the pane until a record is opened (and again when the one shown is deleted).
        self.viewer.setPlaceholderText(
            pick(
                "목록의 기록을 두 번 누르거나 Enter를 누르면 그 기록의 페이지가 여기에 열립니다.",
                "Double-click a record in a list, or press Enter on it, to open its page here.",
            )
        )
        self.pages = Pages(self)
        self._stale.clear()
        self.setWindowIcon(app_icon())
        for _key, ko, en, icon in SECTIONS:
            self.stack.addWidget(QWidget())  # a placeholder until the page is first shown
            self.nav.addItem(QListWidgetItem(section_icon(icon), pick(ko, en)))  # row i: SECTION_KEYS[i]
        self.nav.currentRowChanged.connect(self._row_changed)
        self.splitter = QSplitter()
        for w in (self.nav, self.stack, self.viewer):
            self.splitter.addWidget(w)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([sidebar_width(self.nav), 760, 520])  # the longest label whole
        self.setCentralWidget(self.splitter)
        self._show_database()
        self._build_actions()

    def _build_page(self, key: str) -> QWidget:
        """Put the page for `key` in place of its placeholder (keeping the current section)."""
        from tracker.ui.accessibility import keep_named

        page = make_page(self.db, key)
        keep_named(page, next(pick(ko, en) for k, ko, en, _icon in SECTIONS if k == key))
        page.open_record.connect(self.open_record)  # type: ignore[attr-defined]
        index = SECTION_KEYS.index(key)
        current = self.stack.currentIndex()
        placeholder = self.stack.widget(index)
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        self.pages.built[key] = page
        self._stale.pop(key, None)  # it has just read everything
        if self.read_only and hasattr(page, "make_read_only"):
            page.make_read_only()  # e.g. the follow-ups' quick actions
        return page

    # ------------------------------------------------------------------ navigation
    def show_section(self, key: str) -> None:
        row = SECTION_KEYS.index(key)
        if self.nav.currentRow() == row:
            self._row_changed(row)  # the window opened on it and its page may not be built yet
        else:
            self.nav.setCurrentRow(row)

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        if self.db is None:  # the page is built once the database is open (`attach`)
            self.stack.setCurrentIndex(row)
            return
        key = SECTION_KEYS[row]
        page = self.pages[key]
        self.stack.setCurrentIndex(row)
        if key in self._stale:
            self._refresh(key, page, self._stale.pop(key))
        self._update_actions()

    def showEvent(self, event: Any) -> None:
        if not self._screen_fit:  # the start's frame: as the application-wide filter would
            try:
                fit_to_screen(self)
            except Exception as exc:  # a window that cannot be fitted still opens
                log.warning("could not fit the main window to the screen: %s", exc)
        super().showEvent(event)

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self._painted:
            # The window is on screen: build and fill the opening section right after.
            self._painted = True
            QTimer.singleShot(0, self, self._after_first_paint)
            self.first_painted.emit()

    def _after_first_paint(self) -> None:
        self._set_shortcuts()  # those the frame was shown without
        install_screen_fit()  # dialogs from now on (once per application)
        self._screen_fit = True
        if self.db is None:
            return
        self.show_section(self.current_section())
        if self._reminders_wanted:
            self.reminders.start()

    def _choose_user(self) -> None:
        from tracker.ui.reminders import choose_user

        choose_user(self.db, self, self.reminders)

    def current_section(self) -> str:
        row = self.nav.currentRow()
        return SECTION_KEYS[row] if row >= 0 else "home"

    def focus_filter(self) -> None:
        box = getattr(self.stack.currentWidget(), "filter", None)
        if box is not None:
            box.setFocus()
            box.selectAll()

    def _link_clicked(self, url: Any) -> None:
        kind, _, key = url.toString().partition(":")
        if kind == "more" and self.current_record is not None:
            from tracker.ui.detail import MORE_STEP

            # "more…" under a section of the page on view: its next rows, the rest kept in place.
            self._more[key] = self._more.get(key, 0) + MORE_STEP
            self._render_record(*self.current_record, keep_scroll=True)
        else:
            self.open_record(kind, key)

    def open_record(self, kind: str, key: Any) -> None:
        if self.current_record != (kind, key):
            self._more = {}
        self._render_record(kind, key)

    def _render_record(self, kind: str, key: Any, keep_scroll: bool = False) -> None:
        import html

        from tracker.domain.errors import DomainError
        from tracker.ui.detail import render

        try:
            text = render(self.db, kind, key, self._more)
        except (DomainError, ValueError) as exc:
            self.viewer.setHtml(f"<p>{html.escape(str(exc))}</p>")  # the message quotes what was typed
            return
        if text is None:
            return
        bar = self.viewer.verticalScrollBar()
        position = bar.value()
        self.viewer.setHtml(text)
        if keep_scroll:
            bar.setValue(position)
        self.current_record = (kind, key)

    def cycle_panes(self, forward: bool = True) -> QWidget | None:
        """F6 / Shift+F6: the sidebar, the list, the record page, round again."""
        return cycle_panes([self.nav, self.stack.currentWidget(), self.viewer], forward)

    # ------------------------------------------------------------------ language and state
    def set_language(self, code: str) -> None:
        """Switch the interface language now, keeping the section and the record on view."""
        if code == i18n.language():
            return
        i18n.set_language(code)
        apply_qt_language(code)
        settings.LANGUAGE.set(code)
        section, record = self.current_section(), self.current_record
        self._build()
        self.show_section(section)
        if record:
            self.open_record(*record)

    def _on_changes(self, changes: Changes | None) -> None:
        """Bring the shown page and record up to date; hidden pages catch up when shown.
        `changes` None: reread everything (View › Refresh)."""
        current = self.current_section()
        for key, page in self.pages.built.items():
            if key == current and self.isVisible():
                self._refresh(key, page, changes)
            elif changes is None:
                self._stale[key] = None
            elif key not in self._stale:
                from tracker.db.changes import Changes

                self._stale[key] = Changes()
                self._stale[key].merge(changes)  # type: ignore[union-attr]
            elif self._stale[key] is not None:
                self._stale[key].merge(changes)  # type: ignore[union-attr]
        self._refresh_record(changes)

    def _refresh(self, key: str, page: QWidget, changes: Changes | None) -> None:
        try:
            page.refresh(changes)  # type: ignore[attr-defined]
        except Exception as exc:  # one page that cannot redraw must not keep the others stale
            from tracker.ui.change_queue import report_failure

            report_failure(exc, f"refreshing the {key} page")

    def _refresh_record(self, changes: Changes | None) -> None:
        if self.current_record is None:
            return
        from tracker.ui.detail import shows_changes

        kind, key = self.current_record
        if changes is not None and str(key) in {str(k) for k in changes.deleted.get(kind, set())}:
            self.viewer.clear()
            self.current_record = None
        elif changes is None or shows_changes(kind, changes):
            try:
                self._render_record(kind, key, keep_scroll=True)
            except Exception as exc:
                from tracker.ui.change_queue import report_failure

                report_failure(exc, f"refreshing the {kind} record page")

    def _restore(self) -> None:
        self._screen_fit = self.db is not None
        if self._screen_fit:
            install_screen_fit()  # this window and every dialog fit the screen (scale factor 2 too)
        # else: the start's frame (`MainWindow(None)`) is fitted by its showEvent, and every
        # dialog once it is on screen: the application-wide filter hands every event of every
        # object to Python, whose first pass made PySide build ~100 types' enums (10 ms) before
        # the first paint.
        restore_geometry(self, settings.WINDOW_GEOMETRY.get(), QSize(1400, 860))
        section = settings.WINDOW_SECTION.get()
        # Only the row: the page itself is built once the window is on screen (paintEvent).
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(SECTION_KEYS.index(section if section in SECTION_KEYS else "home"))
        self.nav.blockSignals(False)

    def closeEvent(self, event: Any) -> None:
        settings.WINDOW_GEOMETRY.set(self.saveGeometry())
        settings.WINDOW_SECTION.set(self.current_section())
        if self.changes is not None:
            self.changes.close()
        if self._reminders is not None:
            self._reminders.stop()
        super().closeEvent(event)


__all__ = [
    "EDITORS",
    "SECTIONS",
    "SECTION_KEYS",
    "MainWindow",
    "Pages",
    "_register_rich_editors",
    "make_page",
]
