"""Everything that stops a record from being saved, listed at the top of its editor, each
line taking the user to its field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.i18n import pick, plural


@dataclass(frozen=True)
class Problem:
    """One broken rule, for the list at the top of an editor: `where` is what the user sees
    (a field's label, 'Key point 2'), `focus` takes the user there."""

    where: str
    message: str
    focus: Callable[[], None] = lambda: None

    def text(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def reveal(widget: QWidget) -> None:
    """Bring `widget` into view (its tab, its place in a scrolled form) and give it the focus."""
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and parent.indexOf(child) >= 0:
            parent.setCurrentWidget(child)  # a tab page (QTabWidget keeps its pages in one)
        child, parent = parent, parent.parentWidget()
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)


class ProblemList(QFrame):
    """Everything that stops a record from being saved, all at once, at the top of its editor:
    one line per problem naming the field as the form labels it; clicking a line (or Enter on
    it) goes to the field. Hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problem-list")
        self.setStyleSheet("#problem-list { border: 1px solid #b3261e; border-radius: 3px; }")
        self.heading = QLabel(styleSheet="color: #b3261e; font-weight: bold;", wordWrap=True)
        self.list = QListWidget()
        self.list.setStyleSheet("QListWidget { color: #b3261e; border: none; background: transparent; }")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setCursor(Qt.CursorShape.PointingHandCursor)
        self.list.itemClicked.connect(self._go)
        self.list.itemActivated.connect(self._go)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 4, 6, 4)
        box.setSpacing(2)
        box.addWidget(self.heading)
        box.addWidget(self.list)
        self.problems: list[Problem] = []
        self.hide()

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        self.list.clear()
        for problem in self.problems:
            self.list.addItem(QListWidgetItem(problem.text()))
        n = len(self.problems)
        self.heading.setText(
            pick(
                f"저장하기 전에 고칠 곳 {n}개 (누르면 그 항목으로 갑니다)",
                plural(n, "1 thing", f"{n} things") + " to fix before saving (click one to go there)",
            )
        )
        rows = min(n, 6)
        height = sum(self.list.sizeHintForRow(i) for i in range(rows)) + 2 * self.list.frameWidth() + 4
        self.list.setFixedHeight(max(height, 20))
        self.setVisible(bool(self.problems))

    def texts(self) -> list[str]:
        return [p.text() for p in self.problems]

    def _go(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self.problems):
            self.problems[row].focus()
