"""Search everything (Ctrl+F / Ctrl+K): people, organizations, meetings with their key points,
follow-ups and trips, in Korean or English, any part of a word.

Results follow the typing with no pause (a lone first character waits for one, see
SCAN_PAUSE_MS): each change of the text starts a search in a worker thread
(`ui.background`), and the results of each kind show as they come, people first. A search
overtaken by more typing stops at its next kind and its results are dropped, so that only the
latest text's results ever show. Up/Down in the search box move through them, Enter
or a double-click opens one (`open_record(kind, id)`) and closes the dialog.
"""

from __future__ import annotations

import weakref
from typing import Any

import shiboken6
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
from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.services.search import (
    COUNT_CAP,
    KINDS,
    Hit,
    SearchFailed,
    SearchResults,
    scans_everything,
    search,
    search_by_kind,
)
from tracker.ui.accessibility import keep_named
from tracker.ui.background import Cancelled, Operation, call_in_gui_thread, run_in_background
from tracker.ui.format import due_text, format_date

DEBOUNCE_MS = 0  # gathers the keys of one burst (a paste, an input method) into one search
# A query of one-character words only ('협', 'c') reads whole tables (no index serves it:
# 0.2-0.4 s on ten years of records) and is nearly always the start of a longer word: it runs
# once the typing pauses this long, so that the next key is not kept waiting behind it.
SCAN_PAUSE_MS = 400
# The kinds of a quick search arrive within milliseconds of each other: the list is painted
# once when the search ends, or after this long while a slow one is still on its way (then
# kind by kind as they come). Painting it after each kind cost a screen of new Korean text each.
HOLD_PAINT_MS = 100
HIT_ROLE = Qt.ItemDataRole.UserRole  # (kind, id) on a result row; None on a kind header

KIND_LABELS = {
    "persons": ("인사", "People"),
    "organizations": ("기관", "Organizations"),
    "meetings": ("면담", "Meetings"),
    "actions": ("후속조치", "Follow-ups"),
    "trips": ("출장", "Trips"),
}


def count_text(total: int) -> str:
    """1,234 as "1,000+" beyond the count's cap: the search stops counting there."""
    return f"{COUNT_CAP:,}+" if total > COUNT_CAP else f"{total:,}"


def kind_header(kind: str, shown: int, total: int) -> str:
    ko, en = KIND_LABELS[kind]
    if total > shown:
        return pick(
            f"{ko} ({count_text(total)}건 중 {shown:,}건)", f"{en} ({shown:,} of {count_text(total)})"
        )
    return pick(f"{ko} ({shown:,})", f"{en} ({shown:,})")


class SearchDialog(QDialog):
    open_record = Signal(str, object)  # kind (table name), id

    def __init__(self, db: Database, parent: QWidget | None = None, limit_per_kind: int = 20) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.db = db
        self.limit_per_kind = limit_per_kind
        self.last: SearchResults = SearchResults()
        self._searched: str | None = None  # the text the results are for
        self._generation = 0  # of the latest search; results of an older one are dropped
        self._running: Operation[Any] | None = None
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
        self.results.setAccessibleName(pick("검색 결과", "Search results"))
        self.results.setColumnCount(3)
        self.results.setHeaderLabels([vocabulary.TITLE(), pick("일자", "Date"), pick("내용", "Context")])
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

        self._hold = QTimer(self, singleShot=True, interval=HOLD_PAINT_MS)
        self._hold.timeout.connect(self._paint_now)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_in_background)
        self.box.textChanged.connect(self._text_changed)
        self.box.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.itemDoubleClicked.connect(lambda item, _col: self._open(item))

    # -- searching ------------------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        if text.strip():
            self._debounce.start(SCAN_PAUSE_MS if scans_everything(text) else DEBOUNCE_MS)
        else:  # nothing to wait for
            self._debounce.stop()
            self.run_search()

    def _stop_running(self) -> None:
        self._generation += 1  # whatever is still on its way is stale from now on
        if self._running is not None:
            self._running.cancel()
            self._running = None

    def search_in_background(self) -> Operation[Any] | None:
        """Search for the text in the box in a worker thread; each kind shows as it comes."""
        self._debounce.stop()
        self._stop_running()
        text = self.box.text()
        if not text.strip():
            self.run_search()
            return None
        generation, db, limit = self._generation, self.db, self.limit_per_kind
        found = SearchResults()
        self.results.setUpdatesEnabled(False)  # until it ends, or HOLD_PAINT_MS
        self._hold.start()
        ref = weakref.ref(self)

        def arrived(kind: str, hits: list[Hit], total: int) -> None:  # on the GUI thread
            dialog = ref()
            if dialog is not None and shiboken6.isValid(dialog) and dialog._generation == generation:
                if not found and not found.totals:  # the first kind of this search: the old ones go
                    dialog.results.clear()
                found.extend(hits)
                if total:
                    found.totals[kind] = total
                dialog.last = found
                dialog._add_kind(kind, hits, total)
                dialog._set_status(found, complete=False)

        def work() -> SearchResults:  # in the worker: no widget touched here
            for kind, hits, total in search_by_kind(db, text, limit):
                dialog = ref()
                if dialog is None or dialog._generation != generation:
                    raise Cancelled()  # overtaken by more typing
                call_in_gui_thread(arrived, kind, hits, total)
            return found

        def done(_result: SearchResults) -> None:
            if self._generation == generation:
                self._running = None
                self._paint_now()
                if not found and not found.totals:
                    self.results.clear()  # nothing arrived: the last search's results go
                self._searched, self.last = text, found
                self._set_status(found, complete=True)

        def failed(exc: BaseException) -> None:
            if self._generation == generation and not isinstance(exc, Cancelled):
                self._running = None
                self._paint_now()
                self._failed(exc)

        self._running = run_in_background(self, work, done, failed)
        return self._running

    def _paint_now(self) -> None:
        self._hold.stop()
        self.results.setUpdatesEnabled(True)

    def run_search(self) -> None:
        """Search for the text in the box now, in this thread, and show the results (Enter
        before the typing's search has ended, the dialog shown again)."""
        self._debounce.stop()
        self._stop_running()
        self._paint_now()
        text = self.box.text()
        self._searched = text
        if not text.strip():
            self.last = SearchResults()
            self.results.clear()
            self.status.clear()
            return
        try:
            self.last = search(self.db, text, self.limit_per_kind)
        except SearchFailed as exc:
            self._failed(exc)
            return
        self._show(self.last)

    def _failed(self, exc: BaseException) -> None:
        self.last = SearchResults()
        self.results.clear()
        self.status.setText(pick(f"검색하지 못했습니다: {exc}", f"The search failed: {exc}"))

    def _show(self, found: SearchResults) -> None:
        """Show all the results of a search at once."""
        self.results.setUpdatesEnabled(False)
        try:
            self.results.clear()
            for kind in KINDS:
                self._add_kind(kind, found.of_kind(kind), found.totals.get(kind, 0))
        finally:
            self.results.setUpdatesEnabled(True)
        self._set_status(found, complete=True)

    def _add_kind(self, kind: str, hits: list[Hit], total: int) -> None:
        """Add one kind's group under the ones shown (kinds arrive in `KINDS` order); the
        first result becomes current, so that Enter opens it."""
        if not hits:
            return
        bold = self.results.font()
        bold.setBold(True)
        group = QTreeWidgetItem([kind_header(kind, len(hits), total or len(hits))])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a header: not selectable
        group.setFont(0, bold)
        group.setData(0, HIT_ROLE, None)
        self.results.addTopLevelItem(group)
        group.setFirstColumnSpanned(True)
        group.addChildren([self._item(hit) for hit in hits])
        group.setExpanded(True)
        if self.results.currentItem() is None:
            self.results.setCurrentItem(group.child(0))
            self.results.scrollToTop()

    def _set_status(self, found: SearchResults, complete: bool) -> None:
        shown, total = len(found), sum(found.totals.values())
        more = "+" if any(found.capped(k) for k in found.totals) else ""
        if not shown:
            text = pick("찾은 항목이 없습니다.", "Nothing found.") if complete else ""
        elif total > shown:
            text = pick(f"{total:,}{more}건 중 {shown:,}건 표시", f"{shown:,} of {total:,}{more} shown")
        else:
            text = pick(f"{shown:,}건", f"{shown:,} found")
        self.status.setText(text if complete else text + pick(" · 찾는 중…", " · searching…"))

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
