"""The pages of the main window: Home and the record lists."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.domain.i18n import pick, plural
from tracker.services import actions as action_service
from tracker.services import listing as listing_service
from tracker.services import meetings as meeting_service
from tracker.services import trips as trip_service
from tracker.services.listing import Listing
from tracker.ui.format import display, due_text, format_date
from tracker.ui.table_model import ListingModel
from tracker.ui.templates import PAGES

# Tables whose names appear in other lists (a meeting's country, a follow-up's owner ...).
NAME_TABLES = ("countries", "persons", "organizations")
# The column that takes the room the others leave (a title is what gets cut otherwise).
STRETCH_KEYS = ("title", "title_ko", "name_ko")


class ListPage(QWidget):
    """A filter box over a lazily loaded, sortable table."""

    open_record = Signal(str, object)  # table name, id

    def __init__(self, db: Database, listing: Listing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.listing = listing
        self.model = ListingModel(db, listing, self)
        self.filter = QLineEdit(
            placeholderText=pick(
                "검색어 입력 (한글·영문, 단어 일부)", "Filter (Korean or English, part of a word)"
            )
        )
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(
            listing.default_sort,
            Qt.SortOrder.DescendingOrder if listing.default_desc else Qt.SortOrder.AscendingOrder,
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.stretch_column = next((i for i, c in enumerate(listing.columns) if c.key in STRETCH_KEYS), None)
        header.setStretchLastSection(self.stretch_column is None)
        self.table.doubleClicked.connect(
            lambda idx: self.open_record.emit(listing.name, self.model.record_id(idx.row()))
        )
        # Tab leaves the list (to the record page) instead of walking its cells; Enter opens
        # the current row's page.
        self.table.setTabKeyNavigation(False)
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        # Filter after a short pause in typing, not on every key.
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self._debounce.start())
        self._update_count()
        self._sized = False

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt API
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
                self.open_current()
                return True
        if (
            watched is self.table.viewport()
            and event.type() == QEvent.Type.Resize
            and getattr(self, "_sized", False)
        ):
            self._size_title()
        if watched is self.table and event.type() == QEvent.Type.FocusIn:
            self._ensure_current()
        return super().eventFilter(watched, event)

    def _ensure_current(self) -> None:
        """A list reached by the keyboard has a row to act on (the first, selected)."""
        if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self.table.selectRow(0)

    def open_current(self) -> bool:
        """Open the page of the current row; False when the list is empty."""
        index = self.table.currentIndex()
        if not index.isValid():
            return False
        self.open_record.emit(self.listing.name, self.model.record_id(index.row()))
        return True

    def apply_filter(self) -> None:
        self.model.set_filter(self.filter.text())
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(
            pick(
                f"{self.model.total:,}건",
                plural(self.model.total, "1 record", f"{self.model.total:,} records"),
            )
        )

    def selected_ids(self) -> list[Any]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.record_id(r) for r in rows]

    def refresh(self, changes: Changes | None = None) -> None:
        name = self.listing.name
        if changes is not None and not changes.touches(name, *NAME_TABLES):
            return
        if changes is not None and changes.tables == {name} and set(changes.updated) == {name}:
            if self._update_rows(changes.updated[name]):
                return
        self.model.reload()
        self._update_count()

    def _update_rows(self, ids: set[Any]) -> bool:
        """Reread only the loaded rows among `ids`, in place (the list keeps its scroll and
        selection). False when that cannot be right, e.g. an edited row left the filter."""
        model = self.model
        where = {str(row[0]): i for i, row in enumerate(model.rows) if row[0] in ids}
        if not where:
            return True  # none of them is loaded: what is on screen has not changed
        fresh = listing_service.fetch(
            self.db,
            self.listing,
            text=model.text,
            where=(*model.where, self.listing.id_expr.in_([model.rows[i][0] for i in where.values()])),
            limit=len(where),
        )
        if len(fresh) != len(where):
            return False
        last = model.columnCount() - 1
        for row in fresh:
            i = where[str(row[0])]
            model.rows[i] = row
            model.dataChanged.emit(model.index(i, 0), model.index(i, last))
        return True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._sized:
            self.table.resizeColumnsToContents()
            for col in range(self.model.columnCount()):
                if col != self.stretch_column:  # the title takes what the others leave
                    self.table.setColumnWidth(col, min(self.table.columnWidth(col), 360))
            self._size_title()
            self._sized = True

    def _size_title(self) -> None:
        """The title column takes the width the others leave, and never less than its longest
        loaded title (up to 600 px; past that the list scrolls sideways), so it is not cut to "…"."""
        if self.stretch_column is None:
            return
        col = self.stretch_column
        others = sum(self.table.columnWidth(c) for c in range(self.model.columnCount()) if c != col)
        remaining = self.table.viewport().width() - others
        content = self.table.sizeHintForColumn(col) + 8
        self.table.setColumnWidth(col, max(min(content, 600), remaining))


class HomePage(QWidget):
    """Today: what is coming up, and which commitments are late or due soon."""

    open_record = Signal(str, object)
    TABLES = ("meetings", "trips", "actions")  # what the page lists

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.view = QTextBrowser(openLinks=False)
        self.view.anchorClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.today = date.today()
        self.refresh()

    def _open(self, url: Any) -> None:
        kind, _, key = url.toString().partition(":")
        self.open_record.emit(kind, key)

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is not None and not changes.touches(*self.TABLES):
            return
        today = self.today
        window = meeting_service.list_meetings(self.db, start=today, end=today + timedelta(days=30))
        upcoming = list(reversed(window))[:20]  # the list comes latest first; show the soonest
        trips = trip_service.upcoming_trips(self.db, today, days=60)
        late = action_service.overdue(self.db, today, limit=30)
        late_total = action_service.count_open_due(self.db, action_service.overdue_clause(today))
        soon = action_service.due_soon(self.db, today, limit=30)  # this week: the one rule (domain.due)
        soon_total = action_service.count_open_due(self.db, action_service.due_soon_clause(today))
        sections = [
            (
                pick("다가오는 면담 (30일)", "Upcoming meetings (30 days)"),
                [
                    (f"meetings:{m.id}", f"{format_date(m.date)} {display(m.start_time)}", m.title)
                    for m in upcoming
                ],
                "",
            ),
            (
                pick("진행 중이거나 다가오는 출장 (60일)", "Trips under way or coming (60 days)"),
                [
                    (f"trips:{t.id}", f"{format_date(t.start_date)} ~ {format_date(t.end_date)}", t.title)
                    for t in trips
                ],
                "",
            ),
            (
                pick(f"기한 지난 후속조치 ({late_total:,})", f"Overdue follow-ups ({late_total:,})"),
                [(f"actions:{a.id}", due_text(a.due), a.title) for a in late],
                "#b3261e",
            ),
            (
                pick(f"이번 주 마감 ({soon_total:,})", f"Due this week ({soon_total:,})"),
                [(f"actions:{a.id}", due_text(a.due), a.title) for a in soon],
                "",
            ),
        ]
        self.view.setHtml(PAGES.render("home.html", today=today, sections=sections))
