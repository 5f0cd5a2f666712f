"""Search everything (Ctrl+F / Ctrl+K): people, organizations, meetings with their key points,
follow-ups and trips, in Korean or English, any part of a word.

Results follow the typing after a short pause; Up/Down in the search box move through them,
Enter or a double-click opens one (`open_record(kind, id)`) and closes the dialog.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain.i18n import pick
from tracker.services.search import KINDS, Hit, SearchResults, search
from tracker.ui.format import due_text, format_date

DEBOUNCE_MS = 200
HIT_ROLE = Qt.ItemDataRole.UserRole  # (kind, id) on a result row; None on a kind header

KIND_LABELS = {
    "persons": ("인사", "People"),
    "organizations": ("기관", "Organizations"),
    "meetings": ("면담", "Meetings"),
    "actions": ("후속조치", "Follow-ups"),
    "trips": ("출장", "Trips"),
}


def kind_header(kind: str, shown: int, total: int) -> str:
    ko, en = KIND_LABELS[kind]
    if total > shown:
        return pick(f"{ko} ({total:,}건 중 {shown:,}건)", f"{en} ({shown:,} of {total:,})")
    return pick(f"{ko} ({shown:,})", f"{en} ({shown:,})")


class SearchDialog(QDialog):
    open_record = Signal(str, object)  # kind (table name), id

    def __init__(self, db: Database, parent: QWidget | None = None, limit_per_kind: int = 20) -> None:
        super().__init__(parent)
        self.db = db
        self.limit_per_kind = limit_per_kind
        self.last: SearchResults = SearchResults()
        self._searched: str | None = None  # the text the results are for
        self.setWindowTitle(pick("전체 검색", "Search"))
        self.resize(820, 560)

        self.box = QLineEdit(
            placeholderText=pick(
                "인사·기관·면담·후속조치·출장 검색 (한글·영문, 단어 일부)",
                "Search people, organizations, meetings, follow-ups, trips (part of a word)",
            )
        )
        self.box.setClearButtonEnabled(True)
        self.results = QTreeWidget()
        self.results.setColumnCount(3)
        self.results.setHeaderLabels([pick("제목", "Title"), pick("일자", "Date"), pick("내용", "Context")])
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setExpandsOnDoubleClick(False)
        self.results.setItemsExpandable(False)
        header = self.results.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.results.setColumnWidth(0, 300)
        self.results.setColumnWidth(1, 140)
        self.status = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)

        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.box.textChanged.connect(self._text_changed)
        self.box.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.itemDoubleClicked.connect(lambda item, _col: self._open(item))

    # -- searching ------------------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        if text.strip():
            self._debounce.start()
        else:  # nothing to wait for
            self._debounce.stop()
            self.run_search()

    def run_search(self) -> None:
        """Search for the text in the box now, and show the results."""
        self._debounce.stop()
        text = self.box.text()
        self._searched = text
        if not text.strip():
            self.last = SearchResults()
            self.results.clear()
            self.status.clear()
            return
        try:
            self.last = search(self.db, text, self.limit_per_kind)
        except sa.exc.SQLAlchemyError as exc:
            self.last = SearchResults()
            self.results.clear()
            self.status.setText(pick(f"검색하지 못했습니다: {exc}", f"The search failed: {exc}"))
            return
        self._show(self.last)

    def _show(self, found: SearchResults) -> None:
        self.results.setUpdatesEnabled(False)
        try:
            self.results.clear()
            first: QTreeWidgetItem | None = None
            bold = self.results.font()
            bold.setBold(True)
            for kind in KINDS:
                hits = found.of_kind(kind)
                if not hits:
                    continue
                group = QTreeWidgetItem([kind_header(kind, len(hits), found.totals.get(kind, len(hits)))])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a header: not selectable
                group.setFont(0, bold)
                group.setData(0, HIT_ROLE, None)
                self.results.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)
                for hit in hits:
                    item = self._item(hit)
                    group.addChild(item)
                    first = first or item
            self.results.expandAll()
            if first is not None:
                self.results.setCurrentItem(first)
                self.results.scrollToTop()
        finally:
            self.results.setUpdatesEnabled(True)
        shown, total = len(found), sum(found.totals.values())
        if not shown:
            self.status.setText(pick("찾은 항목이 없습니다.", "Nothing found."))
        elif total > shown:
            self.status.setText(pick(f"{total:,}건 중 {shown:,}건 표시", f"{shown:,} of {total:,} shown"))
        else:
            self.status.setText(pick(f"{shown:,}건", f"{shown:,} found"))

    @staticmethod
    def _item(hit: Hit) -> QTreeWidgetItem:
        when = due_text(hit.due) if hit.due else (format_date(hit.date) if hit.date else "")
        item = QTreeWidgetItem([hit.title, when, hit.snippet])
        item.setData(0, HIT_ROLE, (hit.kind, hit.id))
        item.setToolTip(0, hit.title)
        item.setToolTip(2, hit.snippet)
        return item

    # -- moving and opening ---------------------------------------------------------------------

    def hit_items(self) -> list[QTreeWidgetItem]:
        """The result rows, in order (kind headers left out)."""
        items = []
        for i in range(self.results.topLevelItemCount()):
            group = self.results.topLevelItem(i)
            items.extend(group.child(j) for j in range(group.childCount()))
        return items

    def current_hit(self) -> tuple[str, Any] | None:
        item = self.results.currentItem()
        return item.data(0, HIT_ROLE) if item is not None else None

    def move(self, step: int) -> None:
        items = self.hit_items()
        if not items:
            return
        current = self.results.currentItem()
        index = items.index(current) if current in items else -1
        if index < 0:
            index = 0 if step > 0 else len(items) - 1
        else:
            index = max(0, min(len(items) - 1, index + step))
        self.results.setCurrentItem(items[index])
        self.results.scrollToItem(items[index])

    def open_current(self) -> None:
        if self._searched != self.box.text():  # Enter before the pause ran the search
            self.run_search()
        item = self.results.currentItem()
        if item is None or item.data(0, HIT_ROLE) is None:
            items = self.hit_items()
            item = items[0] if items else None
        if item is not None:
            self._open(item)

    def _open(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, HIT_ROLE)
        if data is None:
            return
        kind, key = data
        self.open_record.emit(kind, key)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
            if watched is self.box:
                steps = {
                    Qt.Key.Key_Down: 1,
                    Qt.Key.Key_Up: -1,
                    Qt.Key.Key_PageDown: 10,
                    Qt.Key.Key_PageUp: -10,
                }
                if key in steps:
                    self.move(steps[key])
                    return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: Any) -> None:
        """Shown again (one dialog kept for the window): fresh results for the text left in
        the box, selected, so that typing replaces it."""
        super().showEvent(event)
        if self.box.text().strip():
            self.run_search()
        self.box.setFocus()
        self.box.selectAll()
