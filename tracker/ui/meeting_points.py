"""The meeting editor's key points (주요 내용): typed one after another, edited in their cells,
put in the order the report gives them, each optionally with the party who said it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.ui.meeting_rows import MeetingRows

# Key point table columns
K_TEXT, K_PARTY = range(2)


class KeyPointsSection(MeetingRows):
    """The Key points tab; the follow-ups' "from key point" choices follow its rows."""

    def _build_key_points(self) -> QWidget:
        page = QWidget()
        self.key_point_entry = QLineEdit(
            placeholderText=pick("주요 내용을 입력하고 Enter", "Type a key point, then Enter")
        )
        self.key_point_entry.returnPressed.connect(self._add_entered_key_point)
        self.key_points = QTableWidget(0, 2)
        self.key_points.setHorizontalHeaderLabels([vocabulary.KEY_POINT(), pick("발언 주체", "Party")])
        self.key_points.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.key_points.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.key_points.setWordWrap(True)
        header = self.key_points.horizontalHeader()
        header.setSectionResizeMode(K_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(K_PARTY, QHeaderView.ResizeMode.Interactive)
        self.key_points.setColumnWidth(K_PARTY, 130)
        self.key_points.itemChanged.connect(self._key_point_item_changed)
        self.key_point_buttons = {
            "add": self._button(vocabulary.ADD(), self._add_entered_key_point),
            "remove": self._button(
                vocabulary.REMOVE(), lambda: self.remove_key_point(self.key_points.currentRow())
            ),
            "up": self._button("▲", lambda: self.move_key_point(self.key_points.currentRow(), -1)),
            "down": self._button("▼", lambda: self.move_key_point(self.key_points.currentRow(), 1)),
        }
        tools = QHBoxLayout()
        tools.addWidget(self.key_point_entry, 1)
        for button in self.key_point_buttons.values():
            tools.addWidget(button)
        col = QVBoxLayout(page)
        col.addLayout(tools)
        col.addWidget(self.key_points)
        hint = QLabel(
            pick(
                "셀을 두 번 눌러 고칩니다. 발언 주체(예: 한국, 밀라연구소)는 필요할 때만 적습니다.",
                "Double-click a cell to edit. Party (who said it) is optional.",
            )
        )
        hint.setWordWrap(True)
        col.addWidget(hint)
        return page

    def _render_key_points(self) -> None:
        rows = self._state["key_points"]
        current = self.key_points.currentRow()
        with self._quiet():
            self.key_points.setRowCount(0)
            self.key_points.setRowCount(len(rows))
            for r, row in enumerate(rows):
                self.key_points.setItem(r, K_TEXT, QTableWidgetItem(row.get("text") or ""))
                self.key_points.setItem(r, K_PARTY, QTableWidgetItem(row.get("party") or ""))
            self.key_points.resizeRowsToContents()
            if rows:
                self.key_points.setCurrentCell(min(max(current, 0), len(rows) - 1), K_TEXT)

    def _add_entered_key_point(self) -> None:
        text = self.key_point_entry.text().strip()
        row = self.add_key_point(text)
        self.key_point_entry.clear()
        if not text and self.key_points.isVisible():
            self.key_points.editItem(self.key_points.item(row, K_TEXT))

    def add_key_point(self, text: str, party: str | None = None) -> int:
        row = self.state.row(text=text, party=party)
        self._change("key_points", lambda rs: rs.append(row), pick("주요 내용 추가", "Add key point"))
        index = len(self._state["key_points"]) - 1
        self.key_points.setCurrentCell(index, K_TEXT)
        return index

    def edit_key_point(self, row: int, text: str | None = None, party: str | None = None) -> None:
        """Change a point's text or party, as editing its cells does."""
        if 0 <= row < len(self._state["key_points"]):
            if text is not None:
                self.key_points.item(row, K_TEXT).setText(text)
            if party is not None:
                self.key_points.item(row, K_PARTY).setText(party)

    def remove_key_point(self, row: int) -> None:
        if 0 <= row < len(self._state["key_points"]):
            self._change("key_points", lambda rs: rs.pop(row), pick("주요 내용 삭제", "Remove key point"))

    def move_key_point(self, row: int, delta: int) -> int:
        moved = [row]
        self._change(
            "key_points",
            lambda rs: moved.append(self.state.move(rs, row, delta)),
            pick("주요 내용 순서 변경", "Reorder key points"),
        )
        if 0 <= moved[-1] < len(self._state["key_points"]):
            self.key_points.setCurrentCell(moved[-1], K_TEXT)
        return moved[-1]

    def _key_point_item_changed(self, item: QTableWidgetItem) -> None:
        if self._rendering:
            return
        rows = self._state["key_points"]
        if not 0 <= item.row() < len(rows):
            return
        name = "text" if item.column() == K_TEXT else "party"
        value = item.text().strip()
        self._edit(
            "key_points",
            rows[item.row()]["_key"],
            {name: value if name == "text" else value or None},
            pick("주요 내용 수정", "Edit key point"),
            after=self._render_actions,
        )
