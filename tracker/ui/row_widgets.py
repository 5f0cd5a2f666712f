"""Small pieces the table-based editors share: a red mark with the reason on a bad input,
a list's buttons and the ↑ ↓ ✕ buttons of a row, and how a picked record is named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QToolButton, QWidget

from tracker.domain import vocabulary

INVALID_STYLE = "background: #fde7e9; color: #b3261e;"


def flag(widget: QWidget, message: str) -> None:
    """Show a problem on an input: red, with the reason as its tooltip ('' clears it)."""
    target = getattr(widget, "edit", widget)
    target.setStyleSheet(INVALID_STYLE if message else "")
    widget.setToolTip(message)
    widget.setProperty("error", message)


def row_button(text: str, slot: Callable[[], Any], tip: str | None = None) -> QPushButton:
    """A list's button (Add, Remove…) that calls `slot`; never the dialog's default button, so
    Enter in a cell or a picker does not press Save."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def row_tools(
    on_up: Callable[[], None], on_down: Callable[[], None], on_remove: Callable[[], None]
) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(2, 0, 2, 0)
    layout.setSpacing(2)
    for text, tip, slot in (
        ("↑", vocabulary.MOVE_UP(), on_up),
        ("↓", vocabulary.MOVE_DOWN(), on_down),
        ("✕", vocabulary.REMOVE(), on_remove),
    ):
        button = QToolButton(text=text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        layout.addWidget(button)
    return box


def ref_label(*parts: str | None) -> str:
    """What a RefField shows for a record: its label columns joined, as RefField does."""
    return " · ".join(dict.fromkeys(p for p in parts if p))
