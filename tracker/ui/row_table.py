"""A table whose rows are sets of input widgets (a trip's destinations, its travellers), each
row with ↑ ↓ ✕ buttons in its last column. A row is any object with `inputs()` (its widgets,
one per column, each with a `changed` signal), `raw()` and `restore(raw)` (its values as typed,
to swap two rows without re-choosing anything) and a `tools` attribute the table fills."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtWidgets import QHeaderView, QTableWidget, QWidget

from tracker.domain.i18n import pick
from tracker.ui.row_widgets import row_tools


class WidgetRow(Protocol):
    tools: QWidget | None

    def inputs(self) -> list[QWidget]: ...

    def raw(self) -> tuple[Any, ...]: ...

    def restore(self, raw: tuple[Any, ...]) -> None: ...


R = TypeVar("R", bound=WidgetRow)


class RowTable(QTableWidget, Generic[R]):
    """`on_change` is called after every edit of a row's input, and after a row is removed or
    moved (not when one is added: the caller fills it first). While two rows swap their values
    `swapping` is True, so that a value put back is not taken for one the user chose."""

    def __init__(
        self,
        headers: Sequence[tuple[str, str]],
        on_change: Callable[[], None],
        *,
        widths: Mapping[int, int] | None = None,
        stretch: int | None = None,
        row_height: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(0, len(headers) + 1, parent)  # the last column holds the row's buttons
        self.setHorizontalHeaderLabels([pick(*h) for h in headers] + [""])
        if row_height is not None:
            self.verticalHeader().setDefaultSectionSize(row_height)
        for col, width in (widths or {}).items():
            self.setColumnWidth(col, width)
        if stretch is not None:
            self.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.rows: list[R] = []
        self.on_change = on_change
        self.swapping = False

    def append(self, row: R) -> R:
        """Show `row` at the end, with its ↑ ↓ ✕ buttons; its inputs' edits call `on_change`."""
        r = len(self.rows)
        self.rows.append(row)
        self.insertRow(r)
        row.tools = row_tools(
            lambda: self.move(self.rows.index(row), -1),
            lambda: self.move(self.rows.index(row), 1),
            lambda: self.remove(self.rows.index(row)),
        )
        for c, widget in enumerate([*row.inputs(), row.tools]):
            self.setCellWidget(r, c, widget)
        for widget in row.inputs():
            widget.changed.connect(self.on_change)  # type: ignore[attr-defined]
        return row

    def remove(self, index: int) -> None:
        self.removeRow(index)
        del self.rows[index]
        self.on_change()

    def move(self, index: int, delta: int) -> bool:
        """Move a row up (-1) or down (1) by swapping its values with its neighbour's."""
        other = index + delta
        if not (0 <= index < len(self.rows) and 0 <= other < len(self.rows)):
            return False
        a, b = self.rows[index], self.rows[other]
        raw_a, raw_b = a.raw(), b.raw()
        self.swapping = True
        try:
            a.restore(raw_b)
            b.restore(raw_a)
        finally:
            self.swapping = False
        self.on_change()
        return True

    def clear_rows(self) -> None:
        """No rows (before showing another record's: not an edit, `on_change` is not called)."""
        self.setRowCount(0)
        self.rows = []

    def snapshot(self) -> list[tuple[Any, ...]]:
        return [r.raw() for r in self.rows]


__all__ = ["RowTable", "WidgetRow"]
