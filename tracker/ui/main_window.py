"""The main window: a navigation sidebar, one page per kind of record, a record viewer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTextBrowser,
    QWidget,
)

from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services import listing
from tracker.ui.detail import RENDERERS
from tracker.ui.pages import HomePage, ListPage

SECTIONS = (
    ("home", "홈", "Home", QStyle.StandardPixmap.SP_DirHomeIcon),
    ("countries", "국가", "Countries", QStyle.StandardPixmap.SP_DriveNetIcon),
    ("organizations", "기관", "Organizations", QStyle.StandardPixmap.SP_DirIcon),
    ("persons", "인사", "People", QStyle.StandardPixmap.SP_FileDialogContentsView),
    ("trips", "출장", "Trips", QStyle.StandardPixmap.SP_ArrowForward),
    ("meetings", "면담", "Meetings", QStyle.StandardPixmap.SP_FileDialogDetailedView),
    ("actions", "후속조치", "Follow-ups", QStyle.StandardPixmap.SP_DialogApplyButton),
)


class MainWindow(QMainWindow):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(
            pick("tracker — 국제협력 업무 기록", "tracker — international cooperation records")
        )
        self.nav = QListWidget()
        self.nav.setMaximumWidth(180)
        self.stack = QStackedWidget()
        self.viewer = QTextBrowser(openLinks=False)
        self.viewer.anchorClicked.connect(lambda url: self.open_record(*url.toString().split(":", 1)))
        self.pages: dict[str, QWidget] = {}
        for key, ko, en, icon in SECTIONS:
            page = HomePage(db) if key == "home" else ListPage(db, listing.ALL[key])
            page.open_record.connect(self.open_record)
            self.pages[key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(self.style().standardIcon(icon), pick(ko, en))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.viewer)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([170, 760, 520])
        self.setCentralWidget(self.splitter)
        self._build_actions()
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self.status.setText(db.engine.url.render_as_string(hide_password=True))
        db.subscribe(self._on_changes)
        self._restore()

    def _build_actions(self) -> None:
        file_menu = self.menuBar().addMenu(pick("파일(&F)", "&File"))
        quit_action = QAction(pick("끝내기", "Quit"), self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(pick("보기(&V)", "&View"))
        find = QAction(pick("찾기", "Find"), self, shortcut=QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_filter)
        view_menu.addAction(find)
        refresh = QAction(pick("새로 고침", "Refresh"), self, shortcut=QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(lambda: self._on_changes(None))
        view_menu.addAction(refresh)
        for i, (key, ko, en, _icon) in enumerate(SECTIONS):
            act = QAction(pick(ko, en), self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, k=key: self.show_section(k))
            view_menu.addAction(act)

    def show_section(self, key: str) -> None:
        self.nav.setCurrentRow([s[0] for s in SECTIONS].index(key))

    def current_section(self) -> str:
        return SECTIONS[self.nav.currentRow()][0]

    def focus_filter(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, ListPage):
            page.filter.setFocus()
            page.filter.selectAll()

    def open_record(self, kind: str, key: Any) -> None:
        render = RENDERERS.get(kind)
        if render is None:
            return
        try:
            self.viewer.setHtml(render(self.db, key))
        except DomainError as exc:
            self.viewer.setHtml(f"<p>{exc}</p>")

    def _on_changes(self, changes: Changes | None) -> None:
        for page in self.pages.values():
            page.refresh(changes)  # type: ignore[attr-defined]

    # -- remembered state
    def _restore(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        section = settings.value("window/section", "home")
        self.show_section(section if section in [s[0] for s in SECTIONS] else "home")

    def closeEvent(self, event: Any) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/section", self.current_section())
        self.db.changes.unsubscribe(self._on_changes)
        super().closeEvent(event)
