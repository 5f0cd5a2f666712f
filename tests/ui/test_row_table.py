"""A table of rows of inputs, used as the user does: typing in a row, its ↑ ↓ ✕ buttons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton, QWidget

from tracker.ui import fields as f
from tracker.ui.row_table import RowTable


class NameRow:
    """A row of two inputs: a name and a role."""

    def __init__(self, name: str, role: str = "") -> None:
        self.name = f.TextField()
        self.role = f.TextField()
        self.name.setText(name)
        self.role.setText(role)
        self.tools: QWidget | None = None

    def inputs(self) -> list[QWidget]:
        return [self.name, self.role]

    def raw(self) -> tuple[Any, ...]:
        return (self.name.text(), self.role.text())

    def restore(self, raw: tuple[Any, ...]) -> None:
        self.name.setText(raw[0])
        self.role.setText(raw[1])


def _table(qtbot, names):
    calls: list[bool] = []
    seen_swapping: list[bool] = []
    table: RowTable[NameRow] = RowTable(
        (("성명", "Name"), ("역할", "Role")),
        lambda: calls.append(True) or seen_swapping.append(table.swapping),
        widths={0: 120},
        stretch=1,
    )
    qtbot.addWidget(table)
    for name in names:
        table.append(NameRow(name))
    table.show()
    return table, calls, seen_swapping


def _button(table, row, text):
    tools = table.cellWidget(row, table.columnCount() - 1)
    return next(b for b in tools.findChildren(QToolButton) if b.text() == text)


def _names(table):
    return [r.name.text() for r in table.rows]


def test_each_row_has_its_inputs_and_buttons_under_the_headers(qtbot):
    table, calls, _ = _table(qtbot, ["박진홍", "조목은"])
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["Name", "Role", ""]
    assert table.rowCount() == 2 and table.cellWidget(1, 0) is table.rows[1].name
    assert calls == []  # adding a row is not an edit
    qtbot.keyClicks(table.rows[0].role, "PM")
    assert len(calls) == 2  # one per character typed
    assert table.snapshot() == [("박진홍", "PM"), ("조목은", "")]


def test_the_arrows_move_a_row_and_the_cross_removes_it(qtbot):
    table, calls, seen_swapping = _table(qtbot, ["박진홍", "조목은", "이수민"])
    qtbot.mouseClick(_button(table, 2, "↑"), Qt.MouseButton.LeftButton)
    assert _names(table) == ["박진홍", "이수민", "조목은"]
    assert seen_swapping[-1] is False and True in seen_swapping  # edits during the swap are marked
    qtbot.mouseClick(_button(table, 0, "↑"), Qt.MouseButton.LeftButton)  # the first stays first
    assert _names(table) == ["박진홍", "이수민", "조목은"]
    calls.clear()
    qtbot.mouseClick(_button(table, 0, "✕"), Qt.MouseButton.LeftButton)
    assert _names(table) == ["이수민", "조목은"] and table.rowCount() == 2 and calls == [True]
    qtbot.mouseClick(_button(table, 0, "↓"), Qt.MouseButton.LeftButton)
    assert _names(table) == ["조목은", "이수민"]


def test_clearing_shows_no_rows_without_calling_it_an_edit(qtbot):
    table, calls, _ = _table(qtbot, ["박진홍"])
    table.clear_rows()
    assert table.rowCount() == 0 and table.rows == [] and calls == []
