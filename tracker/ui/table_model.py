"""A table model over a `Listing`: rows arrive a page at a time as the view scrolls
(canFetchMore/fetchMore), sorting and filtering run in SQL, so a list of 150,000 follow-ups
opens as fast as a list of ten. Each page is read by key after the last row loaded
(`listing.fetch_page`), so the thousandth page comes as fast as the first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from tracker.db.engine import Database
from tracker.services import listing as listing_service
from tracker.services.keyset import Cursor
from tracker.services.listing import Listing
from tracker.ui.format import display

PAGE = 200
IdRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ListingModel(QAbstractTableModel):
    def __init__(self, db: Database, listing: Listing, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.listing = listing
        self.text: str | None = None
        self.where: tuple[Any, ...] = ()
        self.sort_column: int = listing.default_sort
        self.descending: bool = listing.default_desc
        self.rows: list[tuple[Any, ...]] = []
        self.total = 0
        self._cursor: Cursor | None = None  # the sort keys of the last row loaded
        self._complete = True
        self._fetching = False
        self.reload()

    # -- loading
    def reload(self) -> None:
        self.beginResetModel()
        self.total = listing_service.count(self.db, self.listing, text=self.text, where=self.where)
        self.rows, self._cursor, self._complete = [], None, False
        self.rows = self._next_page()
        self.endResetModel()

    def _next_page(self) -> list[tuple[Any, ...]]:
        page = listing_service.fetch_page(
            self.db,
            self.listing,
            text=self.text,
            where=self.where,
            sort=self.sort_column,
            descending=self.descending,
            after=self._cursor,
            limit=PAGE,
        )
        self._cursor, self._complete = page.cursor, page.complete
        return page.rows

    def set_filter(self, text: str | None, where: tuple[Any, ...] = ()) -> None:
        self.text, self.where = text, where
        self.reload()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._complete

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._complete or self._fetching:
            return  # (a view or tester asking again from inside the insert below)
        self._fetching = True
        try:
            self._fetch_more()
        finally:
            self._fetching = False

    def _fetch_more(self) -> None:
        more = self._next_page()
        if self._complete:  # others may have added or deleted rows since the count: the end is the truth
            self.total = len(self.rows) + len(more)
        if not more:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)  # last index inclusive
        self.rows.extend(more)
        self.endInsertRows()

    # -- shape
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.listing.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.listing.columns[section].label
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(row[index.column() + 1])
        if role == IdRole:
            return row[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return display(row[index.column() + 1]) or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column = column
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def record_id(self, row: int) -> Any:
        return self.rows[row][0]
