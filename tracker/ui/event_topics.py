"""Several records of one listing picked into a list (an event's or an agreement's topics, an
agreement's parties): pick one by typing, add it, remove it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.services import event_form
from tracker.ui import fields as f


class PickList(QWidget):
    """Several records of one listing: pick one by typing (RefField), add it, remove it.
    `label_of(id)` names a record for the list (None when there is no such record)."""

    changed = Signal()

    def __init__(
        self,
        db: Database,
        listing: str,
        label_of: Callable[[Any], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.label_of = label_of
        self.picker = f.RefField(db, listing)
        self.add_button = QPushButton(vocabulary.ADD())
        self.add_button.clicked.connect(self._add_picked)
        self.remove_button = QPushButton(vocabulary.REMOVE())
        self.remove_button.clicked.connect(lambda: self.remove())
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)

    def ids(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def labels(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_items(self, items: list[tuple[Any, str]]) -> None:
        """Show these (id, label) pairs (loading: not an edit)."""
        self.list.clear()
        for key, text in items:
            self._item(key, text)

    def _item(self, key: Any, text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, str(key))
        self.list.addItem(item)

    def add(self, key: Any, text: str | None = None) -> bool:
        if key is None or str(key) in self.ids():
            return False
        text = text or self.label_of(key)
        if text is None:
            return False
        self._item(key, text)
        self.changed.emit()
        return True

    def _add_picked(self) -> None:
        if self.add(self.picker.value()):
            self.picker.set_value(None)

    def remove(self, key: Any = None) -> bool:
        if key is None:
            item = self.list.currentItem()
            if item is None:
                return False
            key = item.data(Qt.ItemDataRole.UserRole)
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == str(key):
                self.list.takeItem(i)
                self.changed.emit()
                return True
        return False


def topic_label(db: Database) -> Callable[[Any], str | None]:
    def label(key: Any) -> str | None:
        t = event_form.topic_choice(db, key)
        return pick(t.name_ko, t.name_en or t.name_ko) if t is not None else None

    return label


__all__ = ["PickList", "topic_label"]
