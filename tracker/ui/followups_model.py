"""The follow-up list's model: one flat table of groups (Overdue / This week / Later / No date /
Closed), each a header line, its loaded follow-ups and a "more" line, read a page at a time by
key from the services (`services.reminders.bucket_page`)."""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush

from tracker.db.engine import Database
from tracker.domain.enums import ActionStatus, Priority
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services import actions as action_service
from tracker.services import reminders as deadline_service
from tracker.services.actions import Bucket
from tracker.services.keyset import Cursor
from tracker.services.reminders import BUCKET_ORDER, FollowupPage, FollowupQuery, FollowupRow
from tracker.ui.followups_columns import (
    _DISPLAY,
    _EDITABLE_FLAGS,
    _FONT,
    _FOREGROUND,
    _ITEM_FLAGS,
    _OTHER_ROLES,
    _ROLES,
    BOLD,
    CLOSED_BRUSH,
    CLOSED_COLOUR,
    COL_DUE,
    COL_NOTE,
    COL_STATUS,
    COL_TITLE,
    COLUMNS,
    EDITABLE,
    FIRST_SCREEN,
    KEEP_LOADED,
    OVERDUE_BRUSH,
    OVERDUE_COLOUR,
    PAGE,
    BucketRole,
    IdRole,
    Index,
    RowKind,
    RowRole,
    SortRole,
    Today,
    _bold,
    _today_fn,
    cell_text,
    due_edit_text,
    header_cell,
    more_cell,
    sort_value,
)


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
        in one call instead of seven: painting a screen of the list calls Python once per cell.
        Every slot is set or cleared: the delegate hands the same slots from one cell to the
        next, so a header's arrow, bold font and red would otherwise stay on the lines below."""
        if not index.isValid() or index.row() >= self._starts[-1]:
            for slot in roles:
                slot.clearData()
            return
        gi, kind, r = self.locate(index.row())
        group = self.groups[gi]
        col = index.column()
        if kind is not RowKind.ITEM:
            answer = header_cell if kind is RowKind.HEADER else more_cell
            for slot in roles:
                value = answer(group, col, slot.role())
                if value is None:
                    slot.clearData()
                else:
                    slot.setData(value)
            return
        row = group.rows[r]
        for slot in roles:  # a follow-up's line has text, a colour and a font, nothing else
            role = slot.role()
            value = None
            if role == _DISPLAY:
                value = self.texts(row)[col]
            elif role == _FOREGROUND:
                if group.bucket is Bucket.OVERDUE and col == COL_DUE:
                    value = OVERDUE_BRUSH
                elif group.bucket is Bucket.CLOSED:
                    value = CLOSED_BRUSH
            elif role == _FONT:
                if col == COL_TITLE and row.priority is Priority.HIGH:
                    value = BOLD
            elif role in _OTHER_ROLES:  # asked by others than the painting delegate
                value = self.data(index, role)
            if value is None:
                slot.clearData()
            else:
                slot.setData(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A view asks about ten roles per cell when it paints; most are answered at once.
        if role not in _ROLES or not index.isValid() or index.row() >= self._starts[-1]:
            return None
        gi, kind, r = self.locate(index.row())
        group = self.groups[gi]
        if kind is RowKind.HEADER:
            return header_cell(group, index.column(), role)
        if kind is RowKind.MORE:
            return more_cell(group, index.column(), role)
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

    _display = staticmethod(cell_text)  # the cell texts live in followups_columns
    _sort_value = staticmethod(sort_value)

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
