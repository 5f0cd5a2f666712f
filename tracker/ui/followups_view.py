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
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from types import SimpleNamespace
from typing import Any

import shiboken6
import sqlalchemy as sa
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
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
from tracker.services.keyset import Cursor
from tracker.services.reminders import BUCKET_ORDER, FollowupPage, FollowupQuery, FollowupRow
from tracker.ui.accessibility import keep_named
from tracker.ui.background import call_in_gui_thread
from tracker.ui.fields import ChoiceField, MultilineField, PrecisionDateField, RefField
from tracker.ui.format import format_date

PAGE = 100
FIRST_SCREEN = 60  # rows read before the list first shows; the rest as they scroll into view
KEEP_LOADED = 300  # after a refresh, reload up to this many rows a group had, so the view stays put

Index = QModelIndex | QPersistentModelIndex

IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
BucketRole = Qt.ItemDataRole.UserRole + 3
RowRole = Qt.ItemDataRole.UserRole + 4
_ROLES = frozenset(
    (
        Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole,
        IdRole, SortRole, BucketRole, RowRole,
    )
)  # fmt: skip

_DISPLAY, _FOREGROUND, _FONT = (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole
)  # fmt: skip
_OTHER_ROLES = _ROLES - {_DISPLAY, _FOREGROUND, _FONT, Qt.ItemDataRole.DecorationRole}
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_EDITABLE_FLAGS = _ITEM_FLAGS | Qt.ItemFlag.ItemIsEditable

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
# The quick actions' keys, while the list has the keyboard.
QUICK_SHORTCUTS = {"done": "Ctrl+D", "in_progress": "Ctrl+I", "week": "Ctrl+Shift+W", "month": "Ctrl+Shift+M"}

GROUP_LABELS: dict[Bucket, tuple[str, str]] = {
    Bucket.OVERDUE: ("기한 지남", "Overdue"),
    Bucket.THIS_WEEK: ("이번 주", "This week"),
    Bucket.LATER: ("이후", "Later"),
    Bucket.NO_DATE: ("기한 없음", "No date"),
    Bucket.CLOSED: ("완료·중단", "Closed"),
}
OVERDUE_COLOUR = QColor("#b3261e")
CLOSED_COLOUR = QColor("#6b6b6b")
OVERDUE_BRUSH = QBrush(OVERDUE_COLOUR)
CLOSED_BRUSH = QBrush(CLOSED_COLOUR)
_PRIORITY_RANK = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


BOLD = _bold()

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


class RowKind(IntEnum):
    HEADER = 0  # a group's title: "기한 지남 (17,380건)", click to fold
    ITEM = 1  # one follow-up
    MORE = 2  # the end of a group not read to its end yet: reading more starts when it shows


@dataclass
class _Group:
    bucket: Bucket
    count: int
    expanded: bool = True
    rows: list[FollowupRow] = field(default_factory=list)
    cursor: Cursor | None = None  # where the next page of this group starts
    complete: bool = False

    def shown(self) -> int:
        """Lines of the table this group takes: its header, its loaded rows, a "more" line."""
        if not self.expanded:
            return 1
        return 1 + len(self.rows) + (0 if self.complete else 1)


class FollowupsModel(QAbstractTableModel):
    """One flat table: per group a header line, its loaded follow-ups, and a "more" line while
    the group has rows not read yet. Flat on purpose: a tree view lays out every loaded row
    again (calling into Python for each) whenever rows arrive, so the 1,000th page cost
    seconds; a table view's layout does not depend on the number of rows, and the row lookup
    here walks the five groups, not the rows.

    Each group is read a page at a time by key (`services.reminders.bucket_page`), from an index
    in the group's order: the deepest page costs what the first does."""

    error = Signal(str)

    def __init__(self, db: Database, today: Today = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = _today_fn(today)
        self.query = FollowupQuery()
        self.show_closed = False
        self.groups: list[_Group] = []
        self.counts: dict[Bucket, int] = {}
        self.expanded: set[Bucket] = {b for b in BUCKET_ORDER if b is not Bucket.CLOSED}
        self._starts: list[int] = [0]  # the first table row of each group, then the row count
        self._texts: dict[uuid.UUID, tuple[str, ...]] = {}  # each loaded row's cells, made once
        # Called for a status chosen in the status column (the page asks for a note first).
        self.status_handler: Callable[[uuid.UUID, ActionStatus], bool] = self._set_status
        self.reload()

    # -- loading
    def visible_buckets(self) -> tuple[Bucket, ...]:
        return BUCKET_ORDER if self.show_closed else BUCKET_ORDER[:-1]

    def reload(self, keep: dict[Bucket, int] | None = None) -> None:
        """Count every group and read the first page of the unfolded ones that fill the first
        screen (and as many rows as `keep` says were loaded before, up to KEEP_LOADED)."""
        today = self.today()
        self.beginResetModel()
        self._texts.clear()
        try:
            self.counts = deadline_service.count_by_bucket(
                self.db, today, self.query, closed=self.show_closed
            )
            self.groups = []
            screen = FIRST_SCREEN  # groups below the first screenful are read when they show
            for bucket in self.visible_buckets():
                group = _Group(bucket, self.counts.get(bucket, 0), bucket in self.expanded)
                group.complete = group.count == 0
                want = min(max((keep or {}).get(bucket, 0), max(screen, 0)), KEEP_LOADED)
                if group.expanded and not group.complete and want:
                    screen -= len(self._read(group, want))
                self.groups.append(group)
            self._relayout()
        finally:
            self.endResetModel()

    def _read(self, group: _Group, limit: int) -> list[FollowupRow]:
        """Read and keep the next page of a group that is not on screen (or not yet)."""
        page = self._next_page(group, limit)
        self._keep(group, page)
        return page.rows

    def _next_page(self, group: _Group, limit: int) -> FollowupPage:
        return deadline_service.bucket_page(
            self.db, group.bucket, self.today(), self.query, after=group.cursor, limit=limit
        )

    @staticmethod
    def _keep(group: _Group, page: FollowupPage) -> None:
        group.rows.extend(page.rows)
        group.cursor, group.complete = page.cursor, page.complete
        if group.complete:  # others may have added or closed some since the count
            group.count = len(group.rows)

    def _relayout(self) -> None:
        starts = [0]
        for group in self.groups:
            starts.append(starts[-1] + group.shown())
        self._starts = starts

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

    def fetch_more(self, bucket: Bucket) -> bool:
        """Read the next page of a group (shown when it is unfolded); False when none is left."""
        gi = self._group_number(bucket)
        if gi is None:
            return False
        group = self.groups[gi]
        if group.complete:
            return False
        more_row = self._starts[gi] + 1 + len(group.rows)
        page = self._next_page(group, PAGE)
        shown = group.expanded
        if page.rows and shown:
            self.beginInsertRows(QModelIndex(), more_row, more_row + len(page.rows) - 1)  # last inclusive
            self._keep(group, page)
            self._shift_below(gi, len(page.rows))
            self.endInsertRows()
        else:
            self._keep(group, page)
        if group.complete and shown:  # the "more" line goes
            gone = more_row + len(page.rows)
            self.beginRemoveRows(QModelIndex(), gone, gone)
            self._relayout()
            self.endRemoveRows()
        else:
            self._relayout()
        header = self.index(self._starts[gi], 0)
        self.dataChanged.emit(header, header)  # the count may have changed
        return bool(page.rows)

    def _shift_below(self, gi: int, n: int) -> None:
        """`n` rows were added to group `gi` above its "more" line: move the groups below."""
        for i in range(gi + 1, len(self._starts)):
            self._starts[i] += n

    def set_expanded(self, bucket: Bucket, expanded: bool) -> None:
        """Fold or unfold a group; its loaded rows are kept while folded."""
        if expanded:
            self.expanded.add(bucket)
        else:
            self.expanded.discard(bucket)
        gi = self._group_number(bucket)
        if gi is None or self.groups[gi].expanded == expanded:
            return
        group = self.groups[gi]
        first = self._starts[gi] + 1
        if expanded:
            group.expanded = True
            if not group.rows and not group.complete:
                self._read(group, PAGE)
            extra = group.shown() - 1
            if extra:
                self.beginInsertRows(QModelIndex(), first, first + extra - 1)
                self._relayout()
                self.endInsertRows()
        else:
            extra = group.shown() - 1
            if extra:
                self.beginRemoveRows(QModelIndex(), first, first + extra - 1)
                group.expanded = False
                self._relayout()
                self.endRemoveRows()
            group.expanded = False
            self._relayout()
        header = self.index(self._starts[gi], 0)
        self.dataChanged.emit(header, header)

    def is_expanded(self, bucket: Bucket) -> bool:
        gi = self._group_number(bucket)
        return gi is not None and self.groups[gi].expanded

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """The view asks when scrolled to the bottom: the last line is a group's "more"."""
        return not parent.isValid() and bool(self.groups) and self._more_at_end() is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        group = self._more_at_end() if not parent.isValid() else None
        if group is not None:
            self.fetch_more(group.bucket)

    def _more_at_end(self) -> _Group | None:
        last = next((g for g in reversed(self.groups) if g.shown()), None)
        return last if last is not None and last.expanded and not last.complete else None

    # -- shape
    def _group_number(self, bucket: Bucket) -> int | None:
        return next((i for i, g in enumerate(self.groups) if g.bucket is bucket), None)

    def lines_of(self, group_number: int) -> range:
        """The table rows a group takes: its header first, its "more" line (if any) last."""
        return range(self._starts[group_number], self._starts[group_number + 1])

    def locate(self, row: int) -> tuple[int, RowKind, int]:
        """(group number, kind of line, row within the group's loaded rows) of a table row."""
        gi = bisect_right(self._starts, row) - 1
        offset = row - self._starts[gi]
        if offset == 0:
            return gi, RowKind.HEADER, -1
        if offset <= len(self.groups[gi].rows):
            return gi, RowKind.ITEM, offset - 1
        return gi, RowKind.MORE, -1

    def kind_at(self, index: Index) -> RowKind | None:
        if not index.isValid() or index.row() >= self._starts[-1]:
            return None
        return self.locate(index.row())[1]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._starts[-1]

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(COLUMNS):
                return pick(*COLUMNS[section])
        return None

    # -- rows
    def row_at(self, index: Index) -> FollowupRow | None:
        if not index.isValid() or index.row() >= self._starts[-1]:
            return None
        gi, kind, r = self.locate(index.row())
        return self.groups[gi].rows[r] if kind is RowKind.ITEM else None

    def bucket_at(self, index: Index) -> Bucket | None:
        if not index.isValid() or index.row() >= self._starts[-1]:
            return None
        return self.groups[self.locate(index.row())[0]].bucket

    def group_index(self, bucket: Bucket) -> QModelIndex:
        """The header line of a group."""
        gi = self._group_number(bucket)
        return self.index(self._starts[gi], 0) if gi is not None else QModelIndex()

    def item_index(self, bucket: Bucket, row: int, column: int = 0) -> QModelIndex:
        """The line of the `row`-th loaded follow-up of a group."""
        gi = self._group_number(bucket)
        if gi is None or not self.groups[gi].expanded or not 0 <= row < len(self.groups[gi].rows):
            return QModelIndex()
        return self.index(self._starts[gi] + 1 + row, column)

    def rows_of(self, bucket: Bucket) -> list[FollowupRow]:
        return next((list(g.rows) for g in self.groups if g.bucket is bucket), [])

    def find(self, action_id: uuid.UUID) -> QModelIndex:
        for gi, g in enumerate(self.groups):
            if not g.expanded:
                continue
            for r, row in enumerate(g.rows):
                if row.id == action_id:
                    return self.index(self._starts[gi] + 1 + r, 0)
        return QModelIndex()

    def record_id(self, index: Index) -> uuid.UUID | None:
        row = self.row_at(index)
        return row.id if row else None

    def texts(self, row: FollowupRow) -> tuple[str, ...]:
        """The text of each cell of a row, made the first time the row is painted."""
        cells = self._texts.get(row.id)
        if cells is None or cells[-1] is not row:
            cells = (*(self._display(row, col) for col in range(len(COLUMNS))), row)  # type: ignore[assignment]
            self._texts[row.id] = cells  # type: ignore[assignment]
        return cells

    def multiData(self, index: Index, roles: Any) -> None:  # noqa: N802 - Qt API
        """What the view's delegate asks of a cell when it paints it (seven roles), answered
        in one call instead of seven: painting a screen of the list calls Python once per cell."""
        if not index.isValid() or index.row() >= self._starts[-1]:
            return
        gi, kind, r = self.locate(index.row())
        group = self.groups[gi]
        col = index.column()
        if kind is not RowKind.ITEM:
            answer = self._group_data if kind is RowKind.HEADER else self._more_data
            for slot in roles:
                value = answer(group, col, slot.role())
                if value is not None:
                    slot.setData(value)
            return
        row = group.rows[r]
        for slot in roles:  # a follow-up's line has text, a colour and a font, nothing else
            role = slot.role()
            if role == _DISPLAY:
                slot.setData(self.texts(row)[col])
            elif role == _FOREGROUND:
                if group.bucket is Bucket.OVERDUE and col == COL_DUE:
                    slot.setData(OVERDUE_BRUSH)
                elif group.bucket is Bucket.CLOSED:
                    slot.setData(CLOSED_BRUSH)
            elif role == _FONT and col == COL_TITLE and row.priority is Priority.HIGH:
                slot.setData(BOLD)
            elif role in _OTHER_ROLES:  # asked by others than the painting delegate
                value = self.data(index, role)
                if value is not None:
                    slot.setData(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A view asks about ten roles per cell when it paints; most are answered at once.
        if role not in _ROLES or not index.isValid() or index.row() >= self._starts[-1]:
            return None
        gi, kind, r = self.locate(index.row())
        group = self.groups[gi]
        if kind is RowKind.HEADER:
            return self._group_data(group, index.column(), role)
        if kind is RowKind.MORE:
            return self._more_data(group, index.column(), role)
        row = group.rows[r]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(row)[col]
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
            if group.bucket is Bucket.OVERDUE and col == COL_DUE:
                return QBrush(OVERDUE_COLOUR)
            if group.bucket is Bucket.CLOSED:
                return QBrush(CLOSED_COLOUR)
            return None
        if role == Qt.ItemDataRole.FontRole and col == COL_TITLE and row.priority is Priority.HIGH:
            return _bold()
        if role == IdRole:
            return row.id
        if role == RowRole:
            return row
        if role == BucketRole:
            return group.bucket.value
        if role == SortRole:
            return self._sort_value(row, col)
        return None

    def _group_data(self, group: _Group, column: int, role: int) -> Any:
        if role == BucketRole:
            return group.bucket.value
        if column != 0:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            ko, en = GROUP_LABELS[group.bucket]
            return pick(f"{ko} ({group.count:,}건)", f"{en} ({group.count:,})")
        if role == Qt.ItemDataRole.DecorationRole:  # folded or not, as a tree's arrow shows it
            arrow = (
                QStyle.StandardPixmap.SP_ArrowDown if group.expanded else QStyle.StandardPixmap.SP_ArrowRight
            )
            return QApplication.style().standardIcon(arrow)
        if role == Qt.ItemDataRole.FontRole:
            return _bold()
        if role == Qt.ItemDataRole.ForegroundRole and group.bucket is Bucket.OVERDUE and group.count:
            return QBrush(OVERDUE_COLOUR)
        if role == SortRole:
            return BUCKET_ORDER.index(group.bucket)
        return None

    def _more_data(self, group: _Group, column: int, role: int) -> Any:
        if role == BucketRole:
            return group.bucket.value
        if column == 0 and role == Qt.ItemDataRole.DisplayRole:
            return pick("… 더 불러오는 중", "… loading more")
        if column == 0 and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(CLOSED_COLOUR)
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
        # Asked for every cell painted: constants, no arithmetic on flags here.
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.kind_at(index) is not RowKind.ITEM:  # headers and "more" lines: not selectable
            return Qt.ItemFlag.ItemIsEnabled
        return _EDITABLE_FLAGS if index.column() in EDITABLE else _ITEM_FLAGS

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
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
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
        header = self.table.horizontalHeader()
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
        chosen = self.table.selectionModel().hasSelection()
        for button in self.quick_buttons.values():
            button.setEnabled(chosen)

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

    def mark_selected_done(self) -> bool:
        """Quick action: every selected follow-up done today, no question asked (a completion
        note can follow from the context menu)."""
        return self.change_status(self.selected_ids(), ActionStatus.DONE, ask=False)

    def mark_selected_in_progress(self) -> bool:
        return self.change_status(self.selected_ids(), ActionStatus.IN_PROGRESS)

    def postpone_selected(self, days: int = 0, months: int = 0) -> bool:
        """Quick action: put off every selected follow-up's deadline by a week or a month, each
        from its own deadline (an overdue one, or one without, from today), all in one go."""
        ids = self.selected_ids()
        if not ids:
            return False
        self.show_error("")
        try:
            deadline_service.postpone(self.db, ids, days=days, months=months, today=self.today())
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
            menu.exec(self.table.viewport().mapToGlobal(pos))
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
