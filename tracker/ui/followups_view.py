"""The follow-up list: what we promised (and what they promised), grouped by urgency —
Overdue / This week / Later / No date, and Closed behind a toggle.

The model is a two-level tree: one row per group, the follow-ups below it. Each group is its
own paged SQL query (`services.reminders.bucket_rows`) with a count, so 150,000 follow-ups open
as fast as fifteen: only the first page of each open group is read, and more arrive as the
view scrolls (canFetchMore/fetchMore on the group's index).

Quick edits: the status column has a combo, the context menu sets a status for every selected
row, the title, the deadline ('26.10월, 2026-03-15/16) and the completion note edit in place,
and "Edit selected…" changes status, owner and deadline of several rows in one transaction.
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Any

import shiboken6
import sqlalchemy as sa
from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.db.models import Action, Topic
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, OwedBy, Priority
from tracker.domain.errors import DomainError
from tracker.domain.i18n import language, pick
from tracker.domain.labels import label
from tracker.services import actions as action_service
from tracker.services import listing as listing_service
from tracker.services import records
from tracker.services import reminders as deadline_service
from tracker.services.actions import ActionFilter, Bucket
from tracker.services.reminders import BUCKET_ORDER, FollowupQuery, FollowupRow
from tracker.ui.background import call_in_gui_thread
from tracker.ui.fields import ChoiceField, MultilineField, PrecisionDateField, RefField
from tracker.ui.format import format_date

PAGE = 100
KEEP_LOADED = 2000  # after a refresh, reload up to this many rows a group had, so the view stays put

Index = QModelIndex | QPersistentModelIndex

IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
BucketRole = Qt.ItemDataRole.UserRole + 3
RowRole = Qt.ItemDataRole.UserRole + 4

# Column constants.
COL_DUE, COL_TITLE, COL_OWED_BY, COL_STATUS, COL_OWNER, COL_COUNTERPART, COL_COUNTRY, COL_SOURCE, \
    COL_COMPLETED, COL_NOTE = range(10)  # fmt: skip
COLUMNS: tuple[tuple[str, str], ...] = (
    ("기한", "Due"),
    ("후속조치", "Follow-up"),
    ("이행 주체", "Owed by"),
    ("상태", "Status"),
    ("담당자", "Owner"),
    ("상대 기관", "Counterpart"),
    ("국가", "Country"),
    ("출처 (면담·출장)", "From (meeting, trip)"),
    ("완료일", "Completed"),
    ("완료 메모", "Completion note"),
)
EDITABLE = {COL_TITLE, COL_DUE, COL_STATUS, COL_NOTE}

GROUP_LABELS: dict[Bucket, tuple[str, str]] = {
    Bucket.OVERDUE: ("기한 지남", "Overdue"),
    Bucket.THIS_WEEK: ("이번 주", "This week"),
    Bucket.LATER: ("이후", "Later"),
    Bucket.NO_DATE: ("기한 없음", "No date"),
    Bucket.CLOSED: ("완료·중단", "Closed"),
}
OVERDUE_COLOUR = QColor("#b3261e")
CLOSED_COLOUR = QColor("#6b6b6b")
_PRIORITY_RANK = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}

Today = date | Callable[[], date] | None


def _today_fn(today: Today) -> Callable[[], date]:
    if today is None:
        return date.today
    if isinstance(today, date):
        return lambda: today
    return today


def due_text(due: PrecisionDate | None) -> str:
    """'26.10월 in Korean, Oct 2026 in English: a month-precision deadline stays a month."""
    if due is None:
        return ""
    return due.korean_short() if language() == "ko" else due.english()


def due_edit_text(due: PrecisionDate | None) -> str:
    if due is None:
        return ""
    return due.korean_short() if language() == "ko" else due.iso()


@dataclass
class _Group:
    bucket: Bucket
    count: int
    rows: list[FollowupRow] = field(default_factory=list)


class FollowupsModel(QAbstractItemModel):
    """Group rows at the top level (internal id 0), follow-ups below them (internal id =
    the group's row + 1). Only loaded rows are held; `count` is each group's full size."""

    error = Signal(str)

    def __init__(self, db: Database, today: Today = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = _today_fn(today)
        self.query = FollowupQuery()
        self.show_closed = False
        self.groups: list[_Group] = []
        self.counts: dict[Bucket, int] = {}
        # Called for a status chosen in the status column (the page asks for a note first).
        self.status_handler: Callable[[uuid.UUID, ActionStatus], bool] = self._set_status
        self.reload()

    # -- loading
    def visible_buckets(self) -> tuple[Bucket, ...]:
        return BUCKET_ORDER if self.show_closed else BUCKET_ORDER[:-1]

    def reload(self, keep: dict[Bucket, int] | None = None) -> None:
        """Count every group and read the first page of each open one (or as many rows as
        `keep` says were loaded before, up to KEEP_LOADED). Closed loads when it is opened."""
        today = self.today()
        self.beginResetModel()
        try:
            self.counts = deadline_service.count_by_bucket(self.db, today, self.query)
            self.groups = []
            for bucket in self.visible_buckets():
                group = _Group(bucket, self.counts.get(bucket, 0))
                want = min(
                    max((keep or {}).get(bucket, 0), 0 if bucket is Bucket.CLOSED else PAGE), KEEP_LOADED
                )
                if want and group.count:
                    group.rows = deadline_service.bucket_rows(
                        self.db, bucket, today, self.query, limit=min(want, group.count)
                    )
                self.groups.append(group)
        finally:
            self.endResetModel()

    def loaded(self) -> dict[Bucket, int]:
        return {g.bucket: len(g.rows) for g in self.groups}

    def set_query(self, query: FollowupQuery) -> None:
        self.query = query
        self.reload()

    def set_show_closed(self, show: bool) -> None:
        if show != self.show_closed:
            self.show_closed = show
            self.reload(self.loaded())

    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)

    def _group_of(self, parent: Index) -> _Group | None:
        if (
            parent.isValid()
            and parent.internalId() == 0
            and parent.column() == 0
            and parent.row() < len(self.groups)
        ):
            return self.groups[parent.row()]
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        group = self._group_of(parent)
        return group is not None and len(group.rows) < group.count

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        group = self._group_of(parent)
        if group is None or len(group.rows) >= group.count:
            return
        first = len(group.rows)
        more = deadline_service.bucket_rows(
            self.db, group.bucket, self.today(), self.query, offset=first, limit=PAGE
        )
        if not more:  # the group shrank since it was counted (another user closed some)
            group.count = first
            top = self.index(parent.row(), 0)
            self.dataChanged.emit(top, top)
            return
        self.beginInsertRows(self.index(parent.row(), 0), first, first + len(more) - 1)  # last inclusive
        group.rows.extend(more)
        self.endInsertRows()

    # -- shape
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self.groups) else QModelIndex()
        group = self._group_of(parent)
        if group is None or row >= len(group.rows):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.groups)
        group = self._group_of(parent)
        return len(group.rows) if group is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self.groups)
        group = self._group_of(parent)
        return group is not None and group.count > 0

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return pick(*COLUMNS[section])
        return None

    # -- rows
    def row_at(self, index: Index) -> FollowupRow | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        gi = index.internalId() - 1
        if gi >= len(self.groups) or index.row() >= len(self.groups[gi].rows):
            return None
        return self.groups[gi].rows[index.row()]

    def bucket_at(self, index: Index) -> Bucket | None:
        if not index.isValid():
            return None
        gi = index.row() if index.internalId() == 0 else index.internalId() - 1
        return self.groups[gi].bucket if gi < len(self.groups) else None

    def group_index(self, bucket: Bucket) -> QModelIndex:
        for i, g in enumerate(self.groups):
            if g.bucket is bucket:
                return self.index(i, 0)
        return QModelIndex()

    def rows_of(self, bucket: Bucket) -> list[FollowupRow]:
        return next((list(g.rows) for g in self.groups if g.bucket is bucket), [])

    def find(self, action_id: uuid.UUID) -> QModelIndex:
        for gi, g in enumerate(self.groups):
            for r, row in enumerate(g.rows):
                if row.id == action_id:
                    return self.createIndex(r, 0, gi + 1)
        return QModelIndex()

    def record_id(self, index: Index) -> uuid.UUID | None:
        row = self.row_at(index)
        return row.id if row else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return self._group_data(index, role)
        row = self.row_at(index)
        if row is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.EditRole:
            if col == COL_DUE:
                return due_edit_text(row.due)
            if col == COL_STATUS:
                return row.status.value
            if col == COL_TITLE:
                return row.title
            if col == COL_NOTE:
                return row.completion_note or ""
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_DUE and row.due is not None:
                return f"{row.due.korean_short()} · {row.due.iso()}"
            return self._display(row, col) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            bucket = self.groups[index.internalId() - 1].bucket
            if bucket is Bucket.OVERDUE and col == COL_DUE:
                return QBrush(OVERDUE_COLOUR)
            if bucket is Bucket.CLOSED:
                return QBrush(CLOSED_COLOUR)
            return None
        if role == Qt.ItemDataRole.FontRole and col == COL_TITLE and row.priority is Priority.HIGH:
            font = QFont()
            font.setBold(True)
            return font
        if role == IdRole:
            return row.id
        if role == RowRole:
            return row
        if role == BucketRole:
            return self.groups[index.internalId() - 1].bucket.value
        if role == SortRole:
            return self._sort_value(row, col)
        return None

    def _group_data(self, index: Index, role: int) -> Any:
        if index.row() >= len(self.groups):
            return None
        group = self.groups[index.row()]
        if role == BucketRole:
            return group.bucket.value
        if index.column() != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            ko, en = GROUP_LABELS[group.bucket]
            return pick(f"{ko} ({group.count:,}건)", f"{en} ({group.count:,})")
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and group.bucket is Bucket.OVERDUE and group.count:
            return QBrush(OVERDUE_COLOUR)
        if role == SortRole:
            return BUCKET_ORDER.index(group.bucket)
        return None

    @staticmethod
    def _display(row: FollowupRow, col: int) -> str:
        if col == COL_DUE:
            return due_text(row.due)
        if col == COL_TITLE:
            return row.title
        if col == COL_OWED_BY:
            return label(row.owed_by)
        if col == COL_STATUS:
            return label(row.status)
        if col == COL_OWNER:
            return row.owner or ""
        if col == COL_COUNTERPART:
            return row.counterpart or ""
        if col == COL_COUNTRY:
            return row.country or ""
        if col == COL_SOURCE:
            return row.source or ""
        if col == COL_COMPLETED:
            return format_date(row.completed_on) if row.completed_on else ""
        if col == COL_NOTE:
            return (row.completion_note or "").replace("\n", " ")
        return ""

    @staticmethod
    def _sort_value(row: FollowupRow, col: int) -> Any:
        """Comparable values (never None) for sorting proxies and tests."""
        if col == COL_DUE:
            return (
                row.due is None,
                row.due.start if row.due else date.min,
                row.due.last_day if row.due else date.min,
            )
        if col == COL_STATUS:
            return list(ActionStatus).index(row.status)
        if col == COL_COMPLETED:
            return row.completed_on or date.min
        return FollowupsModel._display(row, col).casefold()

    # -- editing
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index)
        if row is None or role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE:
            return False
        col = index.column()
        try:
            if col == COL_STATUS:
                status = ActionStatus(value)
                if status is row.status:
                    return False
                return bool(self.status_handler(row.id, status))
            if col == COL_TITLE:
                text = str(value or "").strip()
                if text == row.title:
                    return False
                action_service.update_action(self.db, row.id, {"title": text}, expected_version=row.version)
            elif col == COL_DUE:
                text = str(value or "").strip()
                if text == due_edit_text(row.due):
                    return False
                action_service.update_action(
                    self.db, row.id, {"due": text or None}, expected_version=row.version
                )
            elif col == COL_NOTE:
                text = str(value or "").strip() or None
                if text == row.completion_note:
                    return False
                action_service.update_action(
                    self.db, row.id, {"completion_note": text}, expected_version=row.version
                )
        except (DomainError, ValueError) as exc:
            self.error.emit(str(exc))
            return False
        return True

    def _set_status(self, action_id: uuid.UUID, status: ActionStatus) -> bool:
        action_service.set_status(self.db, action_id, status, on=self.today())
        return True


class StatusDelegate(QStyledItemDelegate):
    """The status column edits with a combo of 미착수 / 진행 중 / 완료 / 중단."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for status in ActionStatus:
            combo.addItem(label(status), status.value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class BulkEditDialog(QDialog):
    """Change status, owner and/or deadline of the selected follow-ups together."""

    def __init__(self, db: Database, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(pick(f"후속조치 {count}건 일괄 수정", f"Edit {count} follow-ups"))
        self.use_status = QCheckBox(pick("상태", "Status"))
        self.status = ChoiceField(ActionStatus)
        self.use_owner = QCheckBox(pick("담당자", "Owner"))
        self.owner = RefField(db, "persons", (0, 1))
        self.use_due = QCheckBox(pick("기한", "Due"))
        self.due = PrecisionDateField()
        self.note = MultilineField()
        self.note.setPlaceholderText(pick("완료 메모 (선택)", "Completion note (optional)"))
        self.error = QLabel(styleSheet="color: #b3261e;", wordWrap=True)
        form = QFormLayout()
        form.addRow(self.use_status, self.status)
        form.addRow(pick("완료 메모", "Completion note"), self.note)
        form.addRow(self.use_owner, self.owner)
        form.addRow(self.use_due, self.due)
        for box, widget in (
            (self.use_status, self.status),
            (self.use_owner, self.owner),
            (self.use_due, self.due),
        ):
            widget.setEnabled(False)
            box.toggled.connect(widget.setEnabled)
        self.status.changed.connect(lambda: self.use_status.setChecked(True))
        self.owner.changed.connect(lambda: self.use_owner.setChecked(bool(self.owner.edit.text())))
        self.due.changed.connect(lambda: self.use_due.setChecked(True))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.use_status.isChecked():
            out["status"] = ActionStatus(self.status.value())  # a combo gives the value back as text
            if out["status"].is_closed and self.note.value():
                out["note"] = self.note.value()
        if self.use_owner.isChecked():
            out["owner_id"] = self.owner.value()
        if self.use_due.isChecked():
            out["due"] = self.due.value()
        return out

    def _accept(self) -> None:
        problem = (self.use_due.isChecked() and self.due.error()) or (
            self.use_owner.isChecked() and self.owner.error()
        )
        if problem:
            self.error.setText(problem)
            return
        self.accept()


class FollowupsPage(QWidget):
    """Filters over the grouped follow-up tree, with quick status changes and bulk edits."""

    open_record = Signal(str, object)

    def __init__(self, db: Database, parent: QWidget | None = None, today: Today = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = _today_fn(today)
        self.model = FollowupsModel(db, self.today, self)
        self.model.status_handler = lambda key, status: self.change_status([key], status)
        self.model.error.connect(self.show_error)
        self._last_changes: Changes | None = None
        self._expanded: set[Bucket] = {b for b in BUCKET_ORDER if b is not Bucket.CLOSED}
        self._expand_pending = True
        self._build()
        # After the view's own reset handler (connected by setModel), which forgets expansions.
        self.model.modelReset.connect(self._after_reset)
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
        self.owner.edit.setPlaceholderText(pick("담당자", "Owner"))
        self.country = RefField(self.db, "countries", (1, 2) if language() == "ko" else (2, 1))
        self.country.edit.setPlaceholderText(pick("국가", "Country"))
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

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)  # needed for speed with long groups
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.tree.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self.tree))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.expanded.connect(self._remember_expanded)
        self.tree.collapsed.connect(self._remember_collapsed)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for col, width in (
            (COL_DUE, 130),
            (COL_TITLE, 360),
            (COL_OWED_BY, 70),
            (COL_STATUS, 80),
            (COL_OWNER, 110),
            (COL_COUNTERPART, 160),
            (COL_COUNTRY, 80),
            (COL_SOURCE, 200),
            (COL_COMPLETED, 120),
        ):
            header.resizeSection(col, width)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        layout.addWidget(self.tree)

        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filter)
        self.filter.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.owed_by, self.status, self.topic):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for ref in (self.owner, self.country, self.organization, self.meeting, self.trip):
            ref.changed.connect(self.apply_filter)
        self.show_closed.toggled.connect(self.set_show_closed)
        self.clear_button.clicked.connect(self.clear_filters)

    def _load_topics(self) -> None:
        current = self.topic.currentData()
        self.topic.blockSignals(True)
        self.topic.clear()
        self.topic.addItem(pick("주제: 전체", "Topic: all"), None)
        for t in records.list_all(self.db, Topic, Topic.name_ko):
            self.topic.addItem(t.label(language()), str(t.id))  # text: a UUID object does not round-trip
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

    def _span_groups(self) -> None:
        for i in range(len(self.model.groups)):
            self.tree.setFirstColumnSpanned(i, QModelIndex(), True)

    def _after_reset(self) -> None:
        self._span_groups()
        # A view that is not on screen has no height yet, and would fetch page after page to fill
        # it while groups expand: expand when shown.
        self._expand_pending = not self.tree.isVisible()
        if not self._expand_pending:
            self._restore_expanded()
        self._update_count()

    def _restore_expanded(self) -> None:
        self._expand_pending = False
        self.tree.reset()  # lays the rows out again later: expanding then only marks the groups
        self._span_groups()  # the reset forgot them
        for i, group in enumerate(self.model.groups):
            self.tree.setExpanded(self.model.index(i, 0), group.bucket in self._expanded)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._expand_pending:  # after the layout has given the view its size
            QTimer.singleShot(0, self, lambda: self._expand_pending and self._restore_expanded())

    def _remember_expanded(self, index: QModelIndex) -> None:
        bucket = self.model.bucket_at(index)
        if bucket is not None and index.internalId() == 0:
            self._expanded.add(bucket)
            if self.model.canFetchMore(index) and not self.model.rowCount(index):
                self.model.fetchMore(index)

    def _remember_collapsed(self, index: QModelIndex) -> None:
        bucket = self.model.bucket_at(index)
        if bucket is not None and index.internalId() == 0:
            self._expanded.discard(bucket)

    def _reselect(self, ids: list[uuid.UUID]) -> None:
        sel = self.tree.selectionModel()
        flags = sel.SelectionFlag.Select | sel.SelectionFlag.Rows
        for key in ids:
            index = self.model.find(key)
            if index.isValid():
                sel.select(index, flags)

    def export_source(self) -> SimpleNamespace:
        """What the list shows, in the shape `ui.list_export.export_list` takes from a
        ListingModel (the follow-ups listing with this page's filters as SQL conditions)."""
        query = self.model.query
        where = query.where(sa.select(Action.id)).whereclause
        conditions = [] if where is None else [where]
        if not self.model.show_closed:
            conditions.append(Action.status.in_(action_service.OPEN_STATUSES))
        return SimpleNamespace(
            listing=listing_service.ACTIONS,
            text=None,
            where=tuple(conditions),
            sort_column=0,
            descending=False,
        )

    # ------------------------------------------------------------------ selection
    def selected_ids(self) -> list[uuid.UUID]:
        rows = self.tree.selectionModel().selectedRows()
        ids = [self.model.record_id(i) for i in sorted(rows, key=lambda i: (i.internalId(), i.row()))]
        return [k for k in dict.fromkeys(ids) if k is not None]

    def select_ids(self, ids: list[uuid.UUID]) -> None:
        self.tree.selectionModel().clearSelection()
        self._reselect(ids)

    def _double_clicked(self, index: QModelIndex) -> None:
        key = self.model.record_id(index)
        if key is not None:
            self.open_record.emit("actions", key)

    # ------------------------------------------------------------------ edits
    @classmethod
    def ask_completion_note(cls, parent: QWidget, count: int, current: str = "") -> str | None:
        """An optional note when follow-ups are marked done; None when the user cancels (tests patch this)."""
        text, ok = QInputDialog.getMultiLineText(
            parent,
            pick("완료 처리", "Mark as done"),
            pick(
                f"후속조치 {count}건을 완료로 표시합니다. 완료 메모 (선택):",
                f"Mark {count} follow-up(s) as done. Completion note (optional):",
            ),
            current,
        )
        return text.strip() if ok else None

    @classmethod
    def ask_bulk_edit(cls, parent: QWidget, db: Database, count: int) -> dict[str, Any] | None:
        """The bulk-edit dialog; the values to apply, or None (tests patch this)."""
        dialog = BulkEditDialog(db, count, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def change_status(
        self, ids: list[uuid.UUID], status: ActionStatus, note: str | None = None, ask: bool = True
    ) -> bool:
        """Set the status of follow-ups. Marking done asks for an optional completion note
        (unless `ask` is False); the completion date is today. Several rows change together."""
        ids = [k for k in ids if k is not None]
        if not ids:
            return False
        status = ActionStatus(status)
        if status is ActionStatus.DONE and ask and note is None:
            answer = self.ask_completion_note(self, len(ids))
            if answer is None:
                return False
            note = answer or None
        self.show_error("")
        try:
            if len(ids) == 1:
                action_service.set_status(self.db, ids[0], status, note=note, on=self.today())
            else:
                deadline_service.bulk_update(self.db, ids, status=status, note=note, on=self.today())
        except DomainError as exc:
            self.show_error(str(exc))
            return False
        return True

    def bulk_edit(self, ids: list[uuid.UUID], **values: Any) -> bool:
        """Apply status/owner_id/due/note to every one of `ids` in one transaction."""
        if not ids or not values:
            return False
        if "status" in values and values["status"] is not None:
            values.setdefault("on", self.today())
        self.show_error("")
        try:
            deadline_service.bulk_update(self.db, ids, **values)
        except DomainError as exc:
            self.show_error(str(exc))
            return False
        return True

    def bulk_edit_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids:
            return False
        values = self.ask_bulk_edit(self, self.db, len(ids))
        return bool(values) and self.bulk_edit(ids, **values)

    def edit_completion_note(self, key: uuid.UUID) -> bool:
        index = self.model.find(key)
        row = self.model.row_at(index)
        current = row.completion_note if row else ""
        note = self.ask_completion_note(self, 1, current or "")
        if note is None:
            return False
        return self.model.setData(index.siblingAtColumn(COL_NOTE), note)

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu()
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def context_menu(self) -> QMenu | None:
        ids = self.selected_ids()
        if not ids:
            return None
        menu = QMenu(self)
        status_menu = menu.addMenu(pick("상태 변경", "Set status"))
        for status in ActionStatus:
            act = status_menu.addAction(label(status))
            act.setData(status.value)
            act.triggered.connect(lambda _c=False, s=status: self.change_status(self.selected_ids(), s))
        menu.addAction(pick("일괄 수정…", "Edit selected…"), self.bulk_edit_selected)
        if len(ids) == 1:
            menu.addAction(pick("완료 메모…", "Completion note…"), lambda: self.edit_completion_note(ids[0]))
            menu.addAction(pick("상세 보기", "Open"), lambda: self.open_record.emit("actions", ids[0]))
        return menu
