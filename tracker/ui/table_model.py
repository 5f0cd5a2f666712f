"""A table model over a `Listing`: rows arrive a page at a time as the view scrolls
(canFetchMore/fetchMore), sorting and filtering run in SQL, so a list of 150,000 follow-ups
opens as fast as a list of ten."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from tracker.db.engine import Database
from tracker.services import listing as listing_service
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
        self.reload()

    # -- loading
    def reload(self) -> None:
        self.beginResetModel()
        self.total = listing_service.count(self.db, self.listing, text=self.text, where=self.where)
        self.rows = self._page(0)
        self.endResetModel()

    def _page(self, offset: int) -> list[tuple[Any, ...]]:
        return listing_service.fetch(
            self.db,
            self.listing,
            text=self.text,
            where=self.where,
            sort=self.sort_column,
            descending=self.descending,
            offset=offset,
            limit=PAGE,
        )

    def set_filter(self, text: str | None, where: tuple[Any, ...] = ()) -> None:
        self.text, self.where = text, where
        self.reload()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self._page(len(self.rows))
        if not more:
            self.total = len(self.rows)
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
