"""The main window's menus, toolbar and keyboard shortcuts, built in the current language
(again on a language switch), and which actions work in the section on view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QToolBar

from tracker.domain import i18n
from tracker.domain.i18n import pick
from tracker.ui.icons import section_icon
from tracker.ui.keyboard import ENGLISH, give_mnemonics
from tracker.ui.main_sections import SECTIONS

# Qt.ToolButtonStyle.ToolButtonTextBesideIcon, written as its number: the toolbar is made before
# the window first shows, and naming any member of the `Qt` namespace makes PySide build all of
# its ~100 enums (10 ms) first. tests/ui/test_main_window.py checks the number.
TEXT_BESIDE_ICON = 2


class MainMenus:
    """The menus and toolbar of MainWindow (a part of it); the slots they call are the
    window's."""

    db: Any
    _search: Any
    _painted: bool
    read_only: bool

    def _action(
        self,
        ko: str,
        en: str,
        slot: Callable[[], Any],
        shortcut: Any = None,
        icon: str | None = None,
    ) -> QAction:
        act = QAction(pick(ko, en), self)
        act.setProperty(ENGLISH, en)  # its mnemonic letter comes from the English words
        if shortcut is not None:
            self._shortcuts.append((act, [shortcut]))
        if icon is not None:
            act.setIcon(section_icon(icon))  # tracker's own icons, not the style's (see TEXT_BESIDE_ICON)
        act.triggered.connect(lambda _checked=False: slot())
        self._actions.append(act)
        return act

    def _build_actions(self) -> None:
        for act in getattr(self, "_actions", ()):  # the previous language's (a language switch)
            act.deleteLater()
        self._actions: list[QAction] = []
        self._shortcuts: list[tuple[QAction, list[Any]]] = []  # given by `_set_shortcuts`
        self.menuBar().clear()
        if getattr(self, "toolbar", None) is not None:
            self.removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
        self.new_action = self._action(
            "새로 만들기", "New", self.new_record, QKeySequence.StandardKey.New, "new"
        )
        self.edit_action = self._action("수정", "Edit", self.edit_selected, "Ctrl+E", "edit")
        self.delete_action = self._action(
            "삭제", "Delete", self.delete_selected, QKeySequence.StandardKey.Delete, "delete"
        )
        if self._search is not None:  # its labels are in the previous language
            self._search.deleteLater()
            self._search = None
        self.find_action = self._action("찾기", "Find", self.open_search, "Ctrl+K", "find")
        self._shortcuts[-1][1].append(QKeySequence.StandardKey.Find)  # Ctrl+K, and the system's Find
        self.filter_action = self._action("목록 필터", "Filter list", self.focus_filter, "Ctrl+Shift+F")
        refresh = self._action(
            "새로 고침", "Refresh", lambda: self._on_changes(None), QKeySequence.StandardKey.Refresh
        )
        quit_action = self._action("끝내기", "Quit", self.close, QKeySequence.StandardKey.Quit)

        self.report_action = self._action(
            "출장 결과보고…", "Trip report…", self.open_trip_report, "Ctrl+Shift+T"
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
        # A reader may copy too: out of the team server into a file of their own
        self.copy_action = self._action("팀 서버로 복사…", "Copy to another database…", self.copy_to_database)
        close_action = self._action("닫기", "Close", self.close, QKeySequence.StandardKey.Close)
        self.settings_action = self._action("설정…", "Settings…", self.open_settings, "Ctrl+,")
        # What a reader may not do (the server would refuse it): off in a read-only window.
        self.writing_actions = [self.new_action, self.edit_action, self.delete_action]
        self.writing_actions += [import_action, ics_in, json_in]

        file_menu = self.menuBar().addMenu(pick("파일(&F)", "&File"))
        file_menu.addActions([self.report_action, self.briefing_action])
        file_menu.addSeparator()
        file_menu.addActions([self.export_list_action, import_action, ics_out, ics_in, json_in])
        file_menu.addSeparator()
        file_menu.addAction(self.copy_action)
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
            self._actions.append(act)
        settings_menu.addAction(self._action("내 이름…", "My name…", self._choose_user))
        settings_menu.addAction(self._action("팀 서버…", "Team server…", self.open_team_server))
        self._build_help_menu()
        give_mnemonics(self.menuBar())  # every entry reachable by Alt and a letter

        self.toolbar = toolbar = QToolBar(pick("도구 모음", "Toolbar"), self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setProperty("toolButtonStyle", TEXT_BESIDE_ICON)
        toolbar.addActions([self.new_action, self.edit_action, self.delete_action])
        toolbar.addSeparator()
        toolbar.addAction(self.find_action)
        self.addToolBar(toolbar)
        if self.db is not None or self._painted:  # else once the window has first painted
            self._set_shortcuts()
        self._update_actions()

    def _set_shortcuts(self) -> None:
        """The actions' keyboard shortcuts. The start's frame gets them right after its first
        paint: giving a shortcut makes PySide build the `Qt` namespace's enums (10 ms), and no
        key can reach a window before it is on screen."""
        for act, keys in self._shortcuts:
            act.setShortcuts([QKeySequence(key) for key in keys])
        self._shortcuts = []

    def _build_help_menu(self) -> None:
        help_menu = self.menuBar().addMenu(pick("도움말(&H)", "&Help"))
        self.data_folder_action = self._action("데이터 폴더 열기", "Open data folder", self.open_data_folder)
        self.data_folder_action.setIcon(section_icon("folder"))
        self.about_action = self._action("tracker 정보…", "About tracker…", self.show_about)
        self.about_action.setIcon(section_icon("help"))
        help_menu.addActions([self.data_folder_action, self.about_action])

    def _update_actions(self) -> None:
        if not hasattr(self, "new_action"):
            return
        if self.db is None:  # nothing to act on before the database is open (`attach`)
            self._waiting = [act for act in self._actions if act.isEnabled()]
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
        if self.read_only:  # said in the status bar (main_status); view, search, export stay
            for act in self.writing_actions:
                act.setEnabled(False)


__all__ = ["MainMenus"]
