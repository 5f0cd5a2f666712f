"""The meeting editor's follow-ups (후속조치): what was agreed, who owes it, its owner, a due
date that may be known only to the month ('26.10월), the key point it comes from and its status.
A due date that is not a date is flagged as it is typed."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import vocabulary
from tracker.domain.enums import ActionStatus, OwedBy
from tracker.domain.i18n import pick
from tracker.ui import fields as f
from tracker.ui.meeting_rows import MeetingRows

# Follow-up table columns
A_TITLE, A_OWED, A_OWNER, A_DUE, A_POINT, A_STATUS = range(6)


class FollowupsSection(MeetingRows):
    """The Follow-ups tab: one row per follow-up, its cells edited in place."""

    def _build_actions(self) -> QWidget:
        page = QWidget()
        self.action_entry = QLineEdit(
            placeholderText=pick("후속조치를 입력하고 Enter", "Type a follow-up, then Enter")
        )
        self.action_entry.returnPressed.connect(self._add_entered_action)
        self.actions_table = QTableWidget(0, 6)
        self.actions_table.setHorizontalHeaderLabels(
            [
                vocabulary.FOLLOW_UP(),
                pick("이행 주체", "Owed by"),
                vocabulary.OWNER(),
                vocabulary.DUE(),
                pick("관련 주요 내용", "From key point"),
                vocabulary.STATUS(),
            ]
        )
        self.actions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.actions_table.horizontalHeader()
        header.setSectionResizeMode(A_TITLE, QHeaderView.ResizeMode.Stretch)
        for col, width in ((A_OWED, 90), (A_OWNER, 150), (A_DUE, 150), (A_POINT, 170), (A_STATUS, 90)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.actions_table.setColumnWidth(col, width)
        self.actions_table.itemChanged.connect(self._action_item_changed)
        self.action_buttons = {
            "add": self._button(vocabulary.ADD(), self._add_entered_action),
            "remove": self._button(
                vocabulary.REMOVE(), lambda: self.remove_action(self.actions_table.currentRow())
            ),
        }
        tools = QHBoxLayout()
        tools.addWidget(self.action_entry, 1)
        for button in self.action_buttons.values():
            tools.addWidget(button)
        col = QVBoxLayout(page)
        col.addLayout(tools)
        col.addWidget(self.actions_table)
        return page

    def _key_point_choices(self) -> list[tuple[str, int | None]]:
        choices: list[tuple[str, int | None]] = [("", None)]
        for i, row in enumerate(self._state["key_points"]):
            text = (row.get("text") or "").strip()
            choices.append((f"{i + 1}. {text[:40]}{'…' if len(text) > 40 else ''}", row["_key"]))
        return choices

    def _render_actions(self) -> None:
        rows = self._state["actions"]
        table = self.actions_table
        current = table.currentRow()
        choices = self._key_point_choices()
        with self._quiet():
            table.setRowCount(0)
            table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                key = row["_key"]
                table.setItem(r, A_TITLE, QTableWidgetItem(row.get("title") or ""))
                owed = f.ChoiceField(OwedBy)
                owed.set_value(row.get("owed_by") or OwedBy.US)
                owed.changed.connect(
                    lambda k=key, w=owed: self._edit(
                        "actions", k, {"owed_by": w.value()}, pick("이행 주체 수정", "Edit owed by")
                    )
                )
                table.setCellWidget(r, A_OWED, owed)
                owner = f.RefField(self.db, "persons")
                if row.get("owner_id") is not None:
                    owner.set_value(row["owner_id"], row.get("owner_label"))
                    row["owner_label"] = owner.edit.text()
                owner.changed.connect(
                    lambda k=key, w=owner: self._edit(
                        "actions",
                        k,
                        {"owner_id": w.value(), "owner_label": w.edit.text() if w.value() else None},
                        pick("담당자 수정", "Edit owner"),
                    )
                )
                table.setCellWidget(r, A_OWNER, owner)
                due = f.PrecisionDateField()
                due.setText(row.get("due_text") or "")
                self._flag_due(due)
                due.changed.connect(lambda k=key, w=due: self._due_changed(k, w))
                table.setCellWidget(r, A_DUE, due)
                point = QComboBox()
                for text, kp_key in choices:
                    point.addItem(text, kp_key)
                point.setCurrentIndex(max(point.findData(row.get("kp_key")), 0) if row.get("kp_key") else 0)
                point.currentIndexChanged.connect(
                    lambda _i, k=key, w=point: self._edit(
                        "actions",
                        k,
                        {"kp_key": w.currentData()},
                        pick("관련 주요 내용 수정", "Edit key point link"),
                    )
                )
                table.setCellWidget(r, A_POINT, point)
                status = f.ChoiceField(ActionStatus)
                status.set_value(row.get("status") or ActionStatus.OPEN)
                status.changed.connect(
                    lambda k=key, w=status: self._edit(
                        "actions", k, {"status": w.value()}, pick("상태 수정", "Edit status")
                    )
                )
                table.setCellWidget(r, A_STATUS, status)
            if rows:
                table.setCurrentCell(min(max(current, 0), len(rows) - 1), A_TITLE)

    def _add_entered_action(self) -> None:
        text = self.action_entry.text().strip()
        row = self.add_action(title=text)
        self.action_entry.clear()
        if not text and self.actions_table.isVisible():
            self.actions_table.editItem(self.actions_table.item(row, A_TITLE))

    def add_action(
        self,
        title: str = "",
        *,
        owed_by: OwedBy | str = OwedBy.US,
        owner_id: uuid.UUID | None = None,
        due_text: str = "",
        key_point_index: int | None = None,
        status: ActionStatus | str = ActionStatus.OPEN,
    ) -> int:
        """Add a follow-up; `key_point_index` is the row of the key point it comes from."""
        kp_key = None
        if key_point_index is not None and 0 <= key_point_index < len(self._state["key_points"]):
            kp_key = self._state["key_points"][key_point_index]["_key"]
        row = self.state.row(
            version=None,
            title=title,
            owed_by=OwedBy(owed_by),
            owner_id=owner_id,
            owner_label=None,
            due_text=due_text,
            status=ActionStatus(status),
            kp_key=kp_key,
        )
        self._change("actions", lambda rs: rs.append(row), pick("후속조치 추가", "Add follow-up"))
        index = len(self._state["actions"]) - 1
        self.actions_table.setCurrentCell(index, A_TITLE)
        return index

    def edit_action(self, row: int, **values: Any) -> None:
        if 0 <= row < len(self._state["actions"]):
            if "key_point_index" in values:
                index = values.pop("key_point_index")
                points = self._state["key_points"]
                values["kp_key"] = (
                    points[index]["_key"] if index is not None and 0 <= index < len(points) else None
                )
            self._edit(
                "actions",
                self._state["actions"][row]["_key"],
                values,
                vocabulary.EDIT_FOLLOW_UP(),
                applied=False,
            )

    def remove_action(self, row: int) -> None:
        if 0 <= row < len(self._state["actions"]):
            self._change("actions", lambda rs: rs.pop(row), pick("후속조치 삭제", "Remove follow-up"))

    def _action_item_changed(self, item: QTableWidgetItem) -> None:
        if self._rendering or item.column() != A_TITLE:
            return
        rows = self._state["actions"]
        if 0 <= item.row() < len(rows):
            self._edit(
                "actions",
                rows[item.row()]["_key"],
                {"title": item.text().strip()},
                vocabulary.EDIT_FOLLOW_UP(),
            )

    def _due_changed(self, key: int, widget: f.PrecisionDateField) -> None:
        self._flag_due(widget)
        if not self._rendering:
            self._edit(
                "actions", key, {"due_text": widget.text().strip()}, pick("기한 수정", "Edit due date")
            )

    @staticmethod
    def _flag_due(widget: f.PrecisionDateField) -> None:
        problem = widget.error()
        widget.edit.setStyleSheet("border: 1px solid #b3261e;" if problem else "")
        widget.setToolTip(problem)
