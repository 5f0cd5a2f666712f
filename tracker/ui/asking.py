"""The questions a window asks before something it cannot take back: Yes or No, with No the
default, so that Enter on a question read too fast changes nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def yes_or_no(parent: QWidget | None, title: str, text: str, *, warning: bool = False) -> bool:
    """True only for Yes; `warning`: the warning icon (a deletion), else the question's."""
    ask = QMessageBox.warning if warning else QMessageBox.question
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    return ask(parent, title, text, buttons, QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes
