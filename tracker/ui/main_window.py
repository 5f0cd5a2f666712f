"""The main window: a navigation sidebar, one page per kind of record, a record viewer, and
the actions on records (new, edit, delete), search and the interface language."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTextBrowser,
    QToolBar,
    QWidget,
)

from tracker.domain import i18n
from tracker.domain.i18n import pick
from tracker.ui import settings
from tracker.ui.accessibility import keep_named
from tracker.ui.icons import app_icon, section_icon
from tracker.ui.keyboard import ENGLISH, cycle_panes, give_mnemonics
from tracker.ui.qt_language import apply_qt_language
from tracker.ui.screen_fit import install_screen_fit, restore_geometry, sidebar_width

# The database layer (SQLAlchemy) is imported once the window is on screen: a window made
# without a database (`MainWindow(None)`, as the app starts) shows its frame first.
if TYPE_CHECKING:
    from tracker.db.changes import Changes
    from tracker.db.engine import Database

# key, Korean, English, icon (resources/icons/sections/NAME.svg)
SECTIONS = (
    ("home", "홈", "Home", "home"),
    ("calendar", "캘린더", "Calendar", "calendar"),
    ("countries", "국가", "Countries", "countries"),
    ("organizations", "기관", "Organizations", "organizations"),
    ("persons", "인사", "People", "persons"),
    ("trips", "출장", "Trips", "trips"),
    ("meetings", "면담", "Meetings", "meetings"),
    ("actions", "후속조치", "Follow-ups", "actions"),
    ("events", "행사", "Events", "events"),
    ("agreements", "협정·MOU", "Agreements", "agreements"),
    ("channels", "협력채널", "Channels", "channels"),
    ("topics", "주제", "Topics", "topics"),
)
SECTION_KEYS = [s[0] for s in SECTIONS]

# Kinds whose editor is more than a form (tables of participants, itinerary, sessions ...).
EDITORS: dict[str, Callable[..., QDialog]] = {}


def _register_rich_editors() -> None:
    """Imported on first use: the editors are large and the window opens without them."""
    if EDITORS:
        return
    from tracker.ui.agreement_editor import open_agreement_editor
    from tracker.ui.event_editor import open_event_editor
    from tracker.ui.meeting_editor import open_meeting_editor
    from tracker.ui.person_editor import open_person_editor
    from tracker.ui.trip_editor import open_trip_editor

    EDITORS.update(
        meetings=lambda db, key=None, parent=None: open_meeting_editor(db, key, parent),
        trips=lambda db, key=None, parent=None: open_trip_editor(db, key, parent),
        events=lambda db, key=None, parent=None: open_event_editor(db, key, parent),
        agreements=lambda db, key=None, parent=None: open_agreement_editor(db, key, parent),
        persons=lambda db, key=None, parent=None: open_person_editor(db, key, parent),
    )


def make_page(db: Database, key: str) -> QWidget:
    """Build one section's page; each kind's module is imported when its page is first wanted."""
    if key == "home":
        from tracker.ui.pages import HomePage

        return HomePage(db)
    if key == "calendar":
        from tracker.ui.calendar_view import CalendarPage

        return CalendarPage(db)
    if key == "actions":
        from tracker.ui.followups_view import FollowupsPage

        return FollowupsPage(db)
    from tracker.services import listing
    from tracker.ui.pages import ListPage

    return ListPage(db, listing.ALL[key])


class Pages:
    """The section pages, each built the first time it is wanted (shown, or asked for here):
    opening the window builds and queries none of them."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        page = self.built.get(key)
        return page if page is not None else self._window._build_page(key)

    def get(self, key: str) -> QWidget | None:
        """The page if it has been built, without building it."""
        return self.built.get(key)


class MainWindow(QMainWindow):
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
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
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
        self._show_database()
        self._update_actions()
        if self._painted:  # already on screen: its opening section is built now
            QTimer.singleShot(0, self, self._after_first_paint)

    def _show_database(self) -> None:
        if self.db is None:
            self.status.setText(pick("데이터베이스를 여는 중…", "Opening the database…"))
        else:
            self.status.setText(self.db.engine.url.render_as_string(hide_password=True))

    def bring_to_front(self) -> None:
        """Another start on this database asked for this window (tracker.ui.single_instance)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    @property
    def reminders(self) -> Any:
        """The reminder service, made on first use: its module brings every model and query
        with it, which the window does not need before it is on screen."""
        if self._reminders is None:
            from tracker.ui.reminders import ReminderService

            self._reminders = ReminderService(self.db, self, window=self, status_bar=self.statusBar())
            self._reminders.open_followups.connect(lambda: self.show_section("actions"))
        return self._reminders

    def start_reminders(self) -> None:
        """Check the user's deadlines from now on, starting once the window is on screen."""
        self._reminders_wanted = True
        if self._painted and self.db is not None:  # else once the opening section is built
            self.reminders.start()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        """Create every widget in the current language (called again on a language switch)."""
        self.setWindowTitle(
            pick("tracker — 국제협력 업무 기록", "tracker — international cooperation records")
        )
        self.nav = QListWidget()
        self.stack = QStackedWidget()
        self.viewer = QTextBrowser(openLinks=False)
        self.viewer.anchorClicked.connect(self._link_clicked)
        self.nav.setAccessibleName(pick("구역", "Sections"))
        self.viewer.setAccessibleName(pick("기록 보기", "Record page"))
        self.pages = Pages(self)
        self._stale.clear()
        self.setWindowIcon(app_icon())
        for _key, ko, en, icon in SECTIONS:
            self.stack.addWidget(QWidget())  # a placeholder until the page is first shown
            item = QListWidgetItem(section_icon(icon), pick(ko, en))
            item.setData(Qt.ItemDataRole.UserRole, _key)
            self.nav.addItem(item)
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

    def _action(
        self,
        ko: str,
        en: str,
        slot: Callable[[], Any],
        shortcut: Any = None,
        icon: QStyle.StandardPixmap | None = None,
    ) -> QAction:
        act = QAction(pick(ko, en), self)
        act.setProperty(ENGLISH, en)  # its mnemonic letter comes from the English words
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            act.setIcon(self.style().standardIcon(icon))
        act.triggered.connect(lambda _checked=False: slot())
        return act

    def _build_actions(self) -> None:
        self.menuBar().clear()
        for bar in self.findChildren(QToolBar):
            self.removeToolBar(bar)
            bar.deleteLater()
        SP = QStyle.StandardPixmap
        self.new_action = self._action(
            "새로 만들기", "New", self.new_record, QKeySequence.StandardKey.New, SP.SP_FileIcon
        )
        self.edit_action = self._action(
            "수정", "Edit", self.edit_selected, "Ctrl+E", SP.SP_FileDialogDetailedView
        )
        self.delete_action = self._action(
            "삭제", "Delete", self.delete_selected, QKeySequence.StandardKey.Delete, SP.SP_TrashIcon
        )
        if self._search is not None:  # its labels are in the previous language
            self._search.deleteLater()
            self._search = None
        self.find_action = self._action(
            "찾기", "Find", self.open_search, "Ctrl+K", SP.SP_FileDialogContentsView
        )
        self.find_action.setShortcuts([QKeySequence("Ctrl+K"), QKeySequence(QKeySequence.StandardKey.Find)])
        self.filter_action = self._action("목록 필터", "Filter list", self.focus_filter, "Ctrl+Shift+F")
        refresh = self._action(
            "새로 고침", "Refresh", lambda: self._on_changes(None), QKeySequence.StandardKey.Refresh
        )
        quit_action = self._action("끝내기", "Quit", self.close, QKeySequence.StandardKey.Quit)

        self.report_action = self._action(
            "출장 결과보고…", "Trip report…", self.open_trip_report, "Ctrl+Shift+R"
        )
        self.export_list_action = self._action(
            "목록 내보내기 (XLSX/CSV)…", "Export list (XLSX/CSV)…", self.export_current_list, "Ctrl+Shift+E"
        )
        import_action = self._action(
            "가져오기 (인사/기관/후속조치)…", "Import (people/organizations/follow-ups)…", self.open_import
        )

        self.briefing_action = self._action(
            "사전 브리핑 자료 / 인수인계 자료…", "Briefing / handover pack…", self.write_pack
        )
        ics_out = self._action("캘린더 내보내기 (.ics)…", "Export calendar (.ics)…", self.export_calendar)
        ics_in = self._action("캘린더 가져오기 (.ics)…", "Import calendar (.ics)…", self.import_calendar)
        json_in = self._action(
            "기록 가져오기 (교환 파일 .json)…", "Import records (interchange .json)…", self.import_records
        )
        close_action = self._action("닫기", "Close", self.close, QKeySequence.StandardKey.Close)
        self.settings_action = self._action("설정…", "Settings…", self.open_settings, "Ctrl+,")

        file_menu = self.menuBar().addMenu(pick("파일(&F)", "&File"))
        file_menu.addActions([self.report_action, self.briefing_action])
        file_menu.addSeparator()
        file_menu.addActions([self.export_list_action, import_action, ics_out, ics_in, json_in])
        file_menu.addSeparator()
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addActions([close_action, quit_action])
        record_menu = self.menuBar().addMenu(pick("기록(&R)", "&Record"))
        # Enter on a row of a list opens its page (the list does it); the menu says so
        self.open_action = self._action(
            "기록 페이지 열기\tEnter", "Open record page\tEnter", self.open_selected
        )
        record_menu.addActions([self.open_action, self.new_action, self.edit_action, self.delete_action])
        record_menu.addSeparator()
        self.history_action = self._action("변경 이력…", "History…", self.show_history, "Ctrl+Shift+H")
        record_menu.addAction(self.history_action)
        record_menu.addAction(self._action("삭제한 기록…", "Deleted records…", self.show_deleted_records))
        view_menu = self.menuBar().addMenu(pick("보기(&V)", "&View"))
        view_menu.addActions([self.find_action, self.filter_action, refresh])
        self.next_pane_action = self._action(
            "다음 영역 (사이드바·목록·기록)",
            "Next pane (sidebar, list, record)",
            lambda: self.cycle_panes(True),
            "F6",
        )
        self.previous_pane_action = self._action(
            "이전 영역", "Previous pane", lambda: self.cycle_panes(False), "Shift+F6"
        )
        view_menu.addActions([self.next_pane_action, self.previous_pane_action])
        view_menu.addSeparator()
        for i, (key, ko, en, _icon) in enumerate(SECTIONS):
            shortcut = f"Ctrl+{i + 1}" if i < 9 else None  # Ctrl+1 … Ctrl+9
            view_menu.addAction(self._action(ko, en, lambda k=key: self.show_section(k), shortcut))
        settings_menu = self.menuBar().addMenu(pick("설정(&S)", "&Settings"))
        lang_menu = settings_menu.addMenu(pick("언어 / Language", "Language / 언어"))
        group = QActionGroup(self)
        for code, name in (("ko", "한국어"), ("en", "English")):
            act = QAction(name, self, checkable=True, checked=i18n.language() == code)
            act.setProperty(ENGLISH, "Korean" if code == "ko" else "English")
            act.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            group.addAction(act)
            lang_menu.addAction(act)
        settings_menu.addAction(self._action("내 이름…", "My name…", self._choose_user))
        settings_menu.addAction(self._action("팀 서버…", "Team server…", self.open_team_server))
        self._build_help_menu()
        give_mnemonics(self.menuBar())  # every entry reachable by Alt and a letter

        toolbar = QToolBar(pick("도구 모음", "Toolbar"), self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.new_action, self.edit_action, self.delete_action])
        toolbar.addSeparator()
        toolbar.addAction(self.find_action)
        self.addToolBar(toolbar)
        self._update_actions()

    def _build_help_menu(self) -> None:
        help_menu = self.menuBar().addMenu(pick("도움말(&H)", "&Help"))
        self.data_folder_action = self._action("데이터 폴더 열기", "Open data folder", self.open_data_folder)
        self.data_folder_action.setIcon(section_icon("folder"))
        self.about_action = self._action("tracker 정보…", "About tracker…", self.show_about)
        self.about_action.setIcon(section_icon("help"))
        help_menu.addActions([self.data_folder_action, self.about_action])

    def open_settings(self) -> QDialog:
        from tracker.ui.settings_dialog import open_settings

        return open_settings(self.db, self)

    def show_about(self) -> QDialog:
        from tracker.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_data_folder(self) -> bool:
        from tracker import config
        from tracker.ui.about_dialog import open_folder

        path = self.db.sqlite_path
        return open_folder(path.parent if path is not None else config.data_dir())

    def _update_actions(self) -> None:
        if not hasattr(self, "new_action"):
            return
        if self.db is None:  # nothing to act on before the database is open (`attach`)
            direct = self.findChildren(QAction, options=Qt.FindChildOption.FindDirectChildrenOnly)
            self._waiting = [act for act in direct if act.isEnabled()]
            for act in self._waiting:
                act.setEnabled(False)
            return
        for act in getattr(self, "_waiting", ()):
            act.setEnabled(True)
        self._waiting = []
        kind = self.current_section()
        has_list = kind not in ("home", "calendar")
        self.new_action.setEnabled(has_list)
        self.edit_action.setEnabled(has_list)
        self.delete_action.setEnabled(has_list)
        self.export_list_action.setEnabled(has_list)

    def _build_page(self, key: str) -> QWidget:
        """Put the page for `key` in place of its placeholder (keeping the current section)."""
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

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self._painted:
            # The window is on screen: build and fill the opening section right after.
            self._painted = True
            QTimer.singleShot(0, self, self._after_first_paint)
            self.first_painted.emit()

    def _after_first_paint(self) -> None:
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
        from tracker.domain.errors import DomainError
        from tracker.ui.detail import render

        try:
            text = render(self.db, kind, key, self._more)
        except (DomainError, ValueError) as exc:
            self.viewer.setHtml(f"<p>{exc}</p>")
            return
        if text is None:
            return
        bar = self.viewer.verticalScrollBar()
        position = bar.value()
        self.viewer.setHtml(text)
        if keep_scroll:
            bar.setValue(position)
        self.current_record = (kind, key)

    def open_search(self) -> Any:
        """One search window, kept between uses so the last search stays."""
        from tracker.ui.search_dialog import SearchDialog

        if self._search is None:
            self._search = SearchDialog(self.db, self)
            self._search.open_record.connect(self.open_record)
        self._search.show()
        self._search.raise_()
        self._search.activateWindow()
        return self._search

    def open_trip_report(self) -> QDialog:
        from tracker.ui.report_dialog import open_report_dialog

        trip_id = None
        if self.current_section() == "trips" and self.selected_ids():
            trip_id = self.selected_ids()[0]
        elif self.current_record and self.current_record[0] == "trips":
            trip_id = self.current_record[1]
        return open_report_dialog(self.db, trip_id, self)

    def pack_target(self) -> tuple[str, Any] | None:
        """The meeting, trip or person a briefing or handover pack would be about."""
        kind = self.current_section()
        if kind in ("meetings", "trips", "persons") and self.selected_ids():
            return kind, self.selected_ids()[0]
        if self.current_record and self.current_record[0] in ("meetings", "trips", "persons"):
            kind, key = self.current_record
            return kind, key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
        return None

    def write_pack(self, path: Any = None) -> Any:
        from tracker.ui.exchange_actions import write_pack

        target = self.pack_target()
        if target is None:
            self.inform(
                self,
                pick("사전 브리핑 자료", "Briefing pack"),
                pick(
                    "면담·출장(브리핑) 또는 인사(인수인계)를 먼저 고르세요.",
                    "Select a meeting or trip (briefing) or a person (handover) first.",
                ),
            )
            return None
        return write_pack(self, self.db, target[0], target[1], path)

    def export_calendar(self, path: Any = None) -> Any:
        from tracker.ui.exchange_actions import export_calendar

        return export_calendar(self, self.db, path)

    def import_calendar(self, path: Any = None) -> Any:
        from tracker.ui.exchange_actions import import_calendar

        return import_calendar(self, self.db, path)

    def show_history(self) -> QDialog | None:
        """The history of the record whose page is open."""
        from tracker.ui.history_dialog import HistoryDialog

        if self.db is None or self.current_record is None:
            self.statusBar().showMessage(
                pick("이력을 볼 기록의 페이지를 먼저 여세요", "Open a record's page first"), 5000
            )
            return None
        dialog = HistoryDialog(self.db, *self.current_record, parent=self)
        dialog.open()
        return dialog

    def show_deleted_records(self) -> QDialog | None:
        from tracker.ui.history_dialog import DeletedRecordsDialog

        if self.db is None:
            return None
        dialog = DeletedRecordsDialog(self.db, self)
        dialog.open()
        return dialog

    def open_team_server(self) -> None:
        from tracker.ui.connect_dialog import ConnectDialog

        ConnectDialog(self).exec()

    def import_records(self, path: Any = None) -> Any:
        from tracker.ui.interchange_import import import_records

        return import_records(self, self.db, path)

    def export_current_list(self) -> Any:
        from tracker.ui.list_export import export_list
        from tracker.ui.pages import ListPage

        page = self.stack.currentWidget()
        source = getattr(page, "export_source", None)  # the follow-ups view
        if source is not None:
            return export_list(self, self.db, source())
        if not isinstance(page, ListPage):
            return None
        if page.filter.text() != (page.model.text or ""):
            page.apply_filter()  # typed but not yet applied: export what the box says
        return export_list(self, self.db, page.model)

    def open_import(self) -> QDialog:
        from tracker.ui.import_dialog import open_import_dialog

        kind = self.current_section()
        return open_import_dialog(
            self.db, kind if kind in ("persons", "organizations", "actions") else "persons", self
        )

    # ------------------------------------------------------------------ records
    def selected_ids(self) -> list[Any]:
        selected = getattr(self.stack.currentWidget(), "selected_ids", None)
        return selected() if selected is not None else []

    def _dialog(self, kind: str, key: Any = None) -> QDialog:
        from tracker.ui.editors import record_dialog

        _register_rich_editors()
        rich = EDITORS.get(kind)
        return rich(self.db, key, self) if rich else record_dialog(self.db, kind, key, self)

    def new_record(self) -> QDialog | None:
        from tracker.ui.editors import MODELS

        kind = self.current_section()
        if kind not in MODELS:
            return None
        dialog = self._dialog(kind)
        dialog.open()
        return dialog

    def cycle_panes(self, forward: bool = True) -> QWidget | None:
        """F6 / Shift+F6: the sidebar, the list, the record page, round again."""
        return cycle_panes([self.nav, self.stack.currentWidget(), self.viewer], forward)

    def open_selected(self) -> None:
        """The page of the list's current record (Enter in the list)."""
        opener = getattr(self.stack.currentWidget(), "open_current", None)
        if opener is not None:
            opener()

    def edit_selected(self) -> QDialog | None:
        from tracker.ui.editors import MODELS

        kind = self.current_section()
        ids = self.selected_ids()
        if self.viewer.hasFocus() and self.current_record is not None and self.current_record[0] in MODELS:
            kind, key = self.current_record  # Ctrl+E on a record page: that record's editor
            dialog = self._dialog(
                kind, key if not isinstance(key, str) or kind == "countries" else uuid.UUID(key)
            )
            dialog.open()
            return dialog
        if kind not in MODELS or not ids:
            return None
        dialog = self._dialog(kind, ids[0])
        dialog.open()
        return dialog

    @classmethod
    def confirm(cls, parent: QWidget, title: str, text: str) -> bool:
        """Ask before deleting (tests patch this)."""
        answer = QMessageBox.warning(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def inform(cls, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def delete_selected(self) -> int:
        """Delete the selected records after saying what goes with them; returns how many."""
        from tracker.services import records
        from tracker.ui.editors import MODELS, TITLES

        kind = self.current_section()
        ids = self.selected_ids()
        if kind not in MODELS or not ids:
            return 0
        model = MODELS[kind]
        plans = [records.plan_delete(self.db, model, key) for key in ids]
        title = pick("삭제", "Delete")
        blocked = [p for p in plans if not p.allowed]
        if blocked:
            blockers: dict[str, int] = {}
            for p in blocked:
                for table, n in p.blockers.items():
                    blockers[table] = blockers.get(table, 0) + n
            names = records.describe_counts(blockers)
            self.inform(
                self,
                title,
                pick(
                    f"{len(blocked)}건은 다른 기록({names})에서 쓰이고 있어 삭제할 수 없습니다. 먼저 그 연결을 정리하세요.",
                    f"{len(blocked)} of them are still used by other records ({names}) and cannot be deleted. "
                    "Remove those links first.",
                ),
            )
            return 0
        goes = {}
        for p in plans:
            for table, n in p.cascades.items():
                goes[table] = goes.get(table, 0) + n
        extra = ("\n  · " + records.describe_counts(goes)) if goes else ""
        ko, en = TITLES[kind]
        text = pick(f"{ko} {len(ids)}건을 삭제합니다.", f"Delete {len(ids)} {en.lower()} record(s).")
        if extra:
            text += pick("\n함께 삭제되는 기록:", "\nAlso deleted with them:") + extra
        if not self.confirm(self, title, text):
            return 0
        for key in ids:
            records.delete(self.db, model, key)
        return len(ids)

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
        install_screen_fit()  # this window and every dialog fit the screen (scale factor 2 too)
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
