"""Text the input method has not committed yet: a Korean syllable being put together (ㅎ, 하,
한) sits in its field as a preedit string until the next key commits it, and neither the
field's value nor the form's undo stack counts it. A dialog that reloads its record quietly
when nothing is typed asks `is_composing` first, so that a syllable in progress is never
replaced under the user's fingers."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


class _Composing(QObject):
    """Application-wide: which widgets hold a preedit string now (by their C++ address)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.widgets: dict[int, QWidget] = {}

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.InputMethod and isinstance(watched, QWidget):
            address = shiboken6.getCppPointer(watched)[0]
            if event.preeditString():
                self.widgets[address] = watched
            else:  # committed, or the composition was cancelled
                self.widgets.pop(address, None)
        return False


_filter: list[_Composing] = []


def install() -> None:
    """Once per application (a dialog that follows its record calls it)."""
    app = QApplication.instance()
    if app is not None and not _filter:
        _filter.append(_Composing(app))
        app.installEventFilter(_filter[0])


def is_composing(root: QWidget) -> bool:
    """Whether a widget inside `root` (or `root`) holds text the input method has not committed."""
    if not _filter:
        return False
    tracked = _filter[0].widgets
    for address, widget in list(tracked.items()):
        if not shiboken6.isValid(widget):
            del tracked[address]
        elif widget is root or root.isAncestorOf(widget):
            return True
    return False
