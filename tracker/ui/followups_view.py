"""The follow-up list: what we promised (and what they promised), grouped by urgency —
Overdue / This week / Later / No date, and Closed behind a toggle.

The model is one flat table: per group a header line (click to fold), its follow-ups, and a
"more" line while rows remain. Each group is its own SQL query read a page at a time by key
(`services.reminders.bucket_page`) with a count from an index, so 150,000 follow-ups open as
fast as fifteen: only the first page of each unfolded group is read, and the next page of a
group is read when its "more" line scrolls into view, as fast at the end as at the start.

Quick edits: the status column has a combo, the context menu sets a status for every selected
row, the title, the deadline ('26.10월, 2026-03-15/16) and the completion note edit in place,
and "Edit selected…" changes status, owner and deadline of several rows in one transaction.
"""

from __future__ import annotations

import uuid
import weakref
from datetime import date
from typing import Any

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.enums import ActionStatus, OwedBy
from tracker.domain.i18n import language, pick
from tracker.domain.labels import label
from tracker.services import followup_list
from tracker.services.actions import ActionFilter, Bucket
from tracker.services.followup_list import ListSource
from tracker.services.reminders import FollowupQuery
from tracker.ui.background import call_in_gui_thread
from tracker.ui.fields import RefField
from tracker.ui.followups_bulk import BulkEditDialog, StatusDelegate
from tracker.ui.followups_columns import (
    COL_COMPLETED,
    COL_COUNTERPART,
    COL_COUNTRY,
    COL_DUE,
    COL_NOTE,
    COL_OWED_BY,
    COL_OWNER,
    COL_SOURCE,
    COL_STATUS,
    COL_TITLE,
    COLUMNS,
    EDITABLE,
    FIRST_SCREEN,
    GROUP_LABELS,
    KEEP_LOADED,
    PAGE,
    QUICK_SHORTCUTS,
    BucketRole,
    IdRole,
    RowKind,
    RowRole,
    SortRole,
    Today,
    _today_fn,
    due_edit_text,
    due_text,
)
from tracker.ui.followups_edits import FollowupEdits
from tracker.ui.followups_model import FollowupsModel
from tracker.ui.followups_widths import ColumnWidths

# The names other modules and tests import from here, wherever they now live.
__all__ = [
    "COL_COMPLETED",
    "COL_COUNTERPART",
    "COL_COUNTRY",
    "COL_DUE",
    "COL_NOTE",
    "COL_OWED_BY",
    "COL_OWNER",
    "COL_SOURCE",
    "COL_STATUS",
    "COL_TITLE",
    "COLUMNS",
    "EDITABLE",
    "FIRST_SCREEN",
    "GROUP_LABELS",
    "KEEP_LOADED",
    "PAGE",
    "QUICK_SHORTCUTS",
    "BucketRole",
    "BulkEditDialog",
    "FollowupsModel",
    "FollowupsPage",
    "IdRole",
    "RowKind",
    "RowRole",
    "SortRole",
    "StatusDelegate",
    "due_edit_text",
    "due_text",
]


class FollowupsPage(FollowupEdits):
    """Filters over the grouped follow-up list, with quick status changes and bulk edits."""

    open_record = Signal(str, object)

    def __init__(self, db: Database, parent: QWidget | None = None, today: Today = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = _today_fn(today)
        self.model = FollowupsModel(db, self.today, self)
        self.model.status_handler = lambda key, status: self.change_status([key], status)
        self.model.error.connect(self.show_error)
        self._last_changes: Changes | None = None
        self._fetching = False  # a read of the pages now on screen is queued
        self._wide: set[int] = set()  # the table rows given a span across the width
        self._build()
        # After the view's own handlers (connected by setModel).
        self.model.modelReset.connect(self._after_reset)
        self.model.rowsInserted.connect(lambda *_a: self._after_rows_changed())
        self.model.rowsRemoved.connect(lambda *_a: self._after_rows_changed())
        self._subscribe()
        self._after_reset()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.filter = QLineEdit(
            placeholderText=pick("후속조치 제목·내용 검색", "Search titles and descriptions")
        )
        self.filter.setClearButtonEnabled(True)
        self.owed_by = QComboBox()
        self.owed_by.addItem(pick("이행 주체: 전체", "Owed by: all"), None)
        for value in OwedBy:
            self.owed_by.addItem(label(value), value)
        self.status = QComboBox()
        self.status.addItem(pick("상태: 전체", "Status: all"), None)
        for value in ActionStatus:
            self.status.addItem(label(value), value)
        self.topic = QComboBox()
        self.owner = RefField(self.db, "persons", (0, 1))
        self.owner.edit.setPlaceholderText(vocabulary.OWNER())
        # Stays a comparison: the picker's column order and search follow the language.
        self.country = RefField(self.db, "countries", (1, 2) if language() == "ko" else (2, 1))
        self.country.edit.setPlaceholderText(vocabulary.COUNTRY())
        self.organization = RefField(self.db, "organizations", (0, 2))
        self.organization.edit.setPlaceholderText(pick("상대 기관", "Counterpart organization"))
        self.meeting = RefField(self.db, "meetings", (2, 0))
        self.meeting.edit.setPlaceholderText(pick("출처 면담", "From meeting"))
        self.trip = RefField(self.db, "trips", (2,))
        self.trip.edit.setPlaceholderText(pick("출처 출장", "From trip"))
        self.show_closed = QCheckBox(pick("완료·중단 표시", "Show closed"))
        self.clear_button = QPushButton(pick("필터 지우기", "Clear filters"))
        self.count_label = QLabel()
        self.message = QLabel(styleSheet="color: #b3261e;", wordWrap=True)
        self.message.hide()
        self._load_topics()

        grid = QGridLayout()
        grid.addWidget(self.filter, 0, 0, 1, 2)
        grid.addWidget(self.owed_by, 0, 2)
        grid.addWidget(self.status, 0, 3)
        grid.addWidget(self.topic, 0, 4)
        grid.addWidget(self.owner, 1, 0)
        grid.addWidget(self.country, 1, 1)
        grid.addWidget(self.organization, 1, 2)
        grid.addWidget(self.meeting, 1, 3)
        grid.addWidget(self.trip, 1, 4)
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_closed)
        bottom.addWidget(self.clear_button)
        bottom.addStretch(1)
        bottom.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.hide()
        # One height for every line: the view then never measures rows (150,000 of them).
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self.table))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.clicked.connect(self._clicked)
        self.table.verticalScrollBar().valueChanged.connect(lambda _v: self._fetch_soon())
        self.widths = ColumnWidths(self.table, self.model)  # the title takes the width left
        self.widths.show_closed(False)

        quick = self._build_quick_actions()

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(bottom)
        layout.addLayout(quick)
        layout.addWidget(self.message)
        layout.addWidget(self.table)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.owed_by, self.status, self.topic):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for ref in (self.owner, self.country, self.organization, self.meeting, self.trip):
            ref.changed.connect(self.apply_filter)
        self.show_closed.toggled.connect(self.set_show_closed)
        self.clear_button.clicked.connect(self.clear_filters)

    def _build_quick_actions(self) -> QHBoxLayout:
        """Buttons and shortcuts that act on every selected follow-up at once (one
        transaction): done, in progress, postpone a week, postpone a month. The shortcuts work
        while the list has the keyboard; the buttons say them in their tooltips."""
        row = QHBoxLayout()
        row.addWidget(QLabel(pick("선택한 후속조치:", "Selected follow-ups:")))
        self.quick_buttons: dict[str, QPushButton] = {}
        for key, ko, en, shortcut, slot in (
            ("done", "완료", "Done", QUICK_SHORTCUTS["done"], self.mark_selected_done),
            ("in_progress", "진행 중", "In progress", QUICK_SHORTCUTS["in_progress"], self.mark_selected_in_progress),
            ("week", "1주 미루기", "Postpone a week", QUICK_SHORTCUTS["week"], lambda: self.postpone_selected(days=7)),
            ("month", "1달 미루기", "Postpone a month", QUICK_SHORTCUTS["month"], lambda: self.postpone_selected(months=1)),
        ):  # fmt: skip
            text = pick(ko, en)
            keys = QKeySequence(shortcut)
            button = QPushButton(text)
            button.setToolTip(f"{text} ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
            button.setAutoDefault(False)
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, f=slot: f())
            action = QAction(text, self.table)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _c=False, f=slot: f())
            self.table.addAction(action)
            self.quick_buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable_quick())
        return row

    def _enable_quick(self) -> None:
        chosen = self.table.selectionModel().hasSelection() and not self.read_only
        for button in self.quick_buttons.values():
            button.setEnabled(chosen)

    def _load_topics(self) -> None:
        current = self.topic.currentData()
        self.topic.blockSignals(True)
        self.topic.clear()
        self.topic.addItem(pick("주제: 전체", "Topic: all"), None)
        for t in followup_list.topic_choices(self.db):
            self.topic.addItem(t.label, str(t.id))  # text: a UUID object does not round-trip
        self.topic.setCurrentIndex(max(self.topic.findData(current), 0) if current is not None else 0)
        self.topic.blockSignals(False)

    def _subscribe(self) -> None:
        """Refresh after any write, whoever made it. The hub may call from a worker thread: the
        refresh runs on the GUI thread. The main window calls `refresh` with the same `Changes`
        too; the second call is skipped. Held weakly: a page thrown away (on a language switch)
        stops listening."""
        ref = weakref.ref(self)
        hub = self.db.changes

        def deliver(changes: Changes) -> None:
            page = ref()
            if page is None or not shiboken6.isValid(page):
                hub.unsubscribe(on_changes)
                return
            page.refresh(changes)

        def on_changes(changes: Changes) -> None:
            call_in_gui_thread(deliver, changes)

        hub.subscribe(on_changes)
        self._listener = on_changes

    # ------------------------------------------------------------------ filters
    def current_query(self) -> FollowupQuery:
        # Combo data come back as text (Qt keeps a str subclass as a plain string).
        status = ActionStatus(self.status.currentData()) if self.status.currentData() else None
        owed_by = OwedBy(self.owed_by.currentData()) if self.owed_by.currentData() else None
        flt = ActionFilter(
            owed_by=owed_by,
            owner_id=self.owner.value(),
            country=self.country.value(),
            organization_id=self.organization.value(),
            statuses=(status,) if status is not None else None,
            meeting_id=self.meeting.value(),
            trip_id=self.trip.value(),
            topic_id=uuid.UUID(self.topic.currentData()) if self.topic.currentData() else None,
        )
        return FollowupQuery(flt, self.filter.text().strip() or None)

    def apply_filter(self) -> None:
        query = self.current_query()
        if query != self.model.query:
            status = query.flt.statuses
            if status and any(s.is_closed for s in status) and not self.show_closed.isChecked():
                self.show_closed.setChecked(True)  # asking for done ones means showing them
            self.model.set_query(query)
        self._update_count()

    def clear_filters(self) -> None:
        for widget in (self.owed_by, self.status, self.topic):
            widget.blockSignals(True)
            widget.setCurrentIndex(0)
            widget.blockSignals(False)
        for ref in (self.owner, self.country, self.organization, self.meeting, self.trip):
            ref.blockSignals(True)
            ref.set_value(None)
            ref.blockSignals(False)
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self.apply_filter()

    def set_show_closed(self, show: bool) -> None:
        if self.show_closed.isChecked() != show:
            self.show_closed.setChecked(show)  # comes back here through `toggled`
            return
        self.model.set_show_closed(show)
        self.widths.show_closed(show)
        self._update_count()

    def set_today(self, today: date) -> None:
        self.today = _today_fn(today)
        self.model.today = self.today
        self.model.reload(self.model.loaded())

    def _update_count(self) -> None:
        counts = self.model.counts
        open_n = sum(n for b, n in counts.items() if b is not Bucket.CLOSED)
        late = counts.get(Bucket.OVERDUE, 0)
        self.count_label.setText(
            pick(f"미완료 {open_n:,}건 · 기한 지남 {late:,}건", f"{open_n:,} open · {late:,} overdue")
        )

    # ------------------------------------------------------------------ refresh
    def refresh(self, changes: Changes | None = None) -> None:
        if changes is not None:
            if changes is self._last_changes:
                return
            self._last_changes = changes
            if changes.touches("topics"):
                self._load_topics()
            if not changes.touches(
                "actions",
                "action_topics",
                "persons",
                "organizations",
                "countries",
                "meetings",
                "trips",
                "events",
                "topics",
            ):
                return
        selected = self.selected_ids()
        self.model.reload(self.model.loaded())
        self._reselect(selected)
        self._update_count()

    def _span_lines(self, keep: bool = False) -> None:
        """Group headers and "more" lines run across the whole width (a handful of spans).
        `keep`: rows were inserted or removed, and the view moved its spans with them: only a
        span that is missing or left over is set (clearing them all repainted the screen)."""
        wide = set()
        for gi, group in enumerate(self.model.groups):
            lines = self.model.lines_of(gi)
            wide.add(lines[0])
            if group.expanded and not group.complete:
                wide.add(lines[-1])
        if not keep:
            self.table.clearSpans()
        else:
            for row in self._wide - wide:  # the rows that had a span, where it stayed
                if row < self.model.rowCount() and self.table.columnSpan(row, 0) > 1:
                    self.table.setSpan(row, 0, 1, 1)
        for row in sorted(wide):
            if not keep or self.table.columnSpan(row, 0) != len(COLUMNS):
                self.table.setSpan(row, 0, 1, len(COLUMNS))
        self._wide = wide

    def _after_reset(self) -> None:
        if not self.widths.measured:  # the first rows read give the columns their widths
            self.widths.measure()
        self._span_lines()
        self._update_count()
        self._fetch_soon()

    def _after_rows_changed(self) -> None:
        self._span_lines(keep=True)
        self._fetch_soon()

    def _fetch_soon(self) -> None:
        """Read the next page of every group whose "more" line is on screen, once the view has
        laid itself out (as a tree view's fetchMore did, but only for what is seen)."""
        if not self._fetching:
            self._fetching = True
            QTimer.singleShot(0, self, self.fetch_visible)

    def fetch_visible(self) -> None:
        self._fetching = False
        if not self.table.isVisible():
            return
        top = max(self.table.rowAt(0), 0)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        bottom = self.model.rowCount() - 1 if bottom < 0 else bottom
        for gi, group in enumerate(self.model.groups):
            more = self.model.lines_of(gi)[-1]
            if group.expanded and not group.complete and top <= more <= bottom:
                self.model.fetch_more(group.bucket)
                return  # the rows moved: look again once they are laid out

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._fetch_soon()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fetch_soon()

    def _clicked(self, index: QModelIndex) -> None:
        """A click on a group's header folds or unfolds it; on a "more" line reads the next page."""
        kind = self.model.kind_at(index)
        bucket = self.model.bucket_at(index)
        if bucket is None:
            return
        if kind is RowKind.HEADER:
            self.model.set_expanded(bucket, not self.model.is_expanded(bucket))
        elif kind is RowKind.MORE:
            self.model.fetch_more(bucket)

    def _reselect(self, ids: list[uuid.UUID]) -> None:
        sel = self.table.selectionModel()
        flags = sel.SelectionFlag.Select | sel.SelectionFlag.Rows
        for key in ids:
            index = self.model.find(key)
            if index.isValid():
                sel.select(index, flags)

    def export_source(self) -> ListSource:
        """What the list shows, in the shape `ui.list_export.export_list` takes from a
        ListingModel (the follow-ups listing with this page's filters, made by the service)."""
        return followup_list.export_source(self.model.query, self.model.show_closed)

    # ------------------------------------------------------------------ selection
    def selected_ids(self) -> list[uuid.UUID]:
        rows = self.table.selectionModel().selectedRows()
        ids = [self.model.record_id(i) for i in sorted(rows, key=lambda i: i.row())]
        return [k for k in dict.fromkeys(ids) if k is not None]

    def select_ids(self, ids: list[uuid.UUID]) -> None:
        self.table.selectionModel().clearSelection()
        self._reselect(ids)

    def _double_clicked(self, index: QModelIndex) -> None:
        key = self.model.record_id(index)
        if key is not None:
            self.open_record.emit("actions", key)
