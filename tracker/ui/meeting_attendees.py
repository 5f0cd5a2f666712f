"""The meeting editor's attendees: both delegations (우리측 / 상대측), each in order of
precedence with its head of delegation (수석대표) marked, one per side. A person is picked by
part of their name and comes with the title and organization held on the meeting date; someone
without a record is written by name only; a new person is created without leaving the meeting."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from tracker.domain import vocabulary
from tracker.domain.enums import Side
from tracker.domain.i18n import pick
from tracker.services import meeting_save
from tracker.services.meeting_form import SIDE_NAMES, side_of
from tracker.ui import fields as f
from tracker.ui.meeting_rows import MeetingRows
from tracker.ui.new_person_dialog import HANGUL, new_person_dialog

# Participant table columns
P_NAME, P_TITLE, P_ORG, P_HEAD = range(4)


class AttendeesSection(MeetingRows):
    """The Participants tab: a picker, buttons and a table per side (`tables`, `pickers`)."""

    def _build_side(self, side: Side) -> QGroupBox:
        box = QGroupBox(pick(*SIDE_NAMES[side]))
        picker = f.RefField(self.db, "persons")
        picker.edit.setPlaceholderText(pick("이름 일부를 입력하고 Enter", "Type part of a name, then Enter"))
        picker.edit.returnPressed.connect(lambda s=side: self._add_picked(s))
        picker.completer.activated.connect(
            lambda _t, s=side: QTimer.singleShot(0, lambda: self._add_picked(s))
        )
        self.pickers[side] = picker
        table = QTableWidget(0, 4)
        table.setHorizontalHeaderLabels(
            [
                pick("이름", "Name"),
                vocabulary.PERSON_TITLE(),
                vocabulary.ORGANIZATION(),
                pick("수석대표", "Head"),
            ]
        )
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(P_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(P_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(P_ORG, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(P_HEAD, QHeaderView.ResizeMode.ResizeToContents)
        table.itemChanged.connect(lambda item, s=side: self._participant_item_changed(s, item))
        self.tables[side] = table
        buttons = {
            "add": self._button(vocabulary.ADD(), lambda: self._add_picked(side)),
            "new": self._button(
                pick("새 인사…", "New person…"),
                lambda: self.new_person(side),
                pick("인사 기록을 만들고 바로 추가합니다", "Create a person record and add them"),
            ),
            "name": self._button(
                pick("이름만 추가", "Name only"),
                lambda: self._add_name_only(side),
                pick(
                    "기록 없이 이름만 적습니다 (예: 연구원 등)",
                    "Write a name without a person record (e.g. 'researchers')",
                ),
            ),
            "remove": self._button(
                vocabulary.REMOVE(), lambda: self.remove_participant(side, table.currentRow())
            ),
            "up": self._button(
                "▲",
                lambda: self.move_participant(side, table.currentRow(), -1),
                pick("서열 올리기", "Move up in precedence"),
            ),
            "down": self._button(
                "▼",
                lambda: self.move_participant(side, table.currentRow(), 1),
                pick("서열 내리기", "Move down in precedence"),
            ),
        }
        self.participant_buttons[side] = buttons
        tools = QHBoxLayout()
        tools.addWidget(picker, 1)
        for button in buttons.values():
            tools.addWidget(button)
        col = QVBoxLayout(box)
        col.addLayout(tools)
        col.addWidget(table)
        return box

    def _render_participants(self, side: Side) -> None:
        table = self.tables[side]
        rows = self._state[side.value]
        current = table.currentRow()
        with self._quiet():
            table.setRowCount(0)
            table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                name = QTableWidgetItem(row.get("label") or row.get("name") or "")
                if row.get("person_id") is not None:
                    name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    name.setToolTip(pick("인사 기록", "Person record"))
                table.setItem(r, P_NAME, name)
                table.setItem(r, P_TITLE, QTableWidgetItem(row.get("title") or ""))
                org = f.RefField(self.db, "organizations")
                if row.get("organization_id") is not None:
                    org.set_value(row["organization_id"], row.get("organization_label"))
                    row["organization_label"] = org.edit.text()
                org.changed.connect(
                    lambda s=side, k=row["_key"], w=org: self._participant_org_changed(s, k, w)
                )
                table.setCellWidget(r, P_ORG, org)
                head = QTableWidgetItem()
                head.setFlags(
                    Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                )
                head.setCheckState(Qt.CheckState.Checked if row.get("is_head") else Qt.CheckState.Unchecked)
                head.setToolTip(pick("수석대표", "Head of delegation"))
                table.setItem(r, P_HEAD, head)
            if rows:
                table.setCurrentCell(min(max(current, 0), len(rows) - 1), P_NAME)

    def _meeting_date(self) -> date:
        return self.form.field("date").value() or date.today()

    def _add_picked(self, side: Side) -> None:
        picker = self.pickers[side]
        if picker.value() is None:
            if picker.edit.text().strip():
                picker.choose_text(picker.edit.text())
            if picker.value() is None:
                return
        self.add_participant(side, picker.value())
        picker.set_value(None)

    def _add_name_only(self, side: Side) -> None:
        picker = self.pickers[side]
        text = picker.edit.text().strip() if picker.value() is None else ""
        row = self.add_participant(side, name=text)  # left empty, the row is not saved
        picker.set_value(None)
        table = self.tables[side]
        table.setCurrentCell(row, P_NAME)
        if not text and table.isVisible():
            table.editItem(table.item(row, P_NAME))

    def add_participant(
        self,
        side: Side | str,
        person_id: uuid.UUID | None = None,
        *,
        name: str | None = None,
        title: str | None = None,
        organization_id: uuid.UUID | None = None,
        is_head: bool | None = None,
    ) -> int:
        """Add someone at the end of a delegation and return their row. A person's title and
        organization are those they held on the meeting date; a name alone is for people without a
        record ('연구원 등'). The first person of a side is marked head of delegation."""
        side = side_of(side)
        rows = self._state[side.value]
        if person_id is not None:
            found = next((i for i, r in enumerate(rows) if r.get("person_id") == person_id), None)
            if found is not None:  # already at the table
                self.tables[side].setCurrentCell(found, P_NAME)
                return found
            known = meeting_save.participant_defaults(self.db, person_id, self._meeting_date())
            row = self.state.row(
                person_id=person_id,
                name=None,
                label=known["label"],
                title=title or known["title"],
                organization_id=organization_id or known["organization_id"],
                organization_label=None if organization_id else known["organization_label"],
                is_head=False,
            )
        else:
            row = self.state.row(
                person_id=None,
                name=name,
                label=name,
                title=title,
                organization_id=organization_id,
                organization_label=None,
                is_head=False,
            )
        row["is_head"] = (not rows) if is_head is None else bool(is_head)

        def mutate(rs: list[dict[str, Any]]) -> None:
            if row["is_head"]:
                for r in rs:
                    r["is_head"] = False
            rs.append(row)

        self._change(side.value, mutate, pick("참석자 추가", "Add participant"))
        index = len(self._state[side.value]) - 1
        self.tables[side].setCurrentCell(index, P_NAME)
        return index

    def remove_participant(self, side: Side | str, row: int) -> None:
        side = side_of(side)
        if 0 <= row < len(self._state[side.value]):
            self._change(side.value, lambda rs: rs.pop(row), pick("참석자 삭제", "Remove participant"))

    def move_participant(self, side: Side | str, row: int, delta: int) -> int:
        """Move someone up (-1) or down (+1) in the order of precedence; return the new row."""
        side = side_of(side)
        moved = [row]
        self._change(
            side.value,
            lambda rs: moved.append(self.state.move(rs, row, delta)),
            pick("서열 변경", "Change precedence"),
        )
        if 0 <= moved[-1] < len(self._state[side.value]):
            self.tables[side].setCurrentCell(moved[-1], P_NAME)
        return moved[-1]

    def set_head(self, side: Side | str, row: int, on: bool = True) -> None:
        """Mark the head of delegation (one per side: marking one unmarks the others)."""
        side = side_of(side)
        self._change(
            side.value,
            lambda rs: self.state.mark_head(rs, row, on),
            vocabulary.SET_HEAD_OF_DELEGATION(),
        )

    def edit_participant(self, side: Side | str, row: int, **values: Any) -> None:
        side = side_of(side)
        if 0 <= row < len(self._state[side.value]):
            self._edit(
                side.value,
                self._state[side.value][row]["_key"],
                values,
                pick("참석자 수정", "Edit participant"),
                applied=False,
            )

    def new_person(self, side: Side | str) -> uuid.UUID | None:
        """Create a person record without leaving the meeting, and add them to the side."""
        side = side_of(side)
        picker = self.pickers[side]
        typed = picker.edit.text().strip() if picker.value() is None else ""
        initial: dict[str, Any] = {}
        if typed:  # what was typed in the picker and found no one
            initial["name_ko" if HANGUL.search(typed) else "name_original"] = typed
        if side is Side.US:
            initial["is_staff"] = True
        initial["country_code"] = self.form.field("country_code").value() if side is Side.THEM else "KR"
        organization = (
            self._state["organizations"][0] if side is Side.THEM and self._state["organizations"] else None
        )
        dialog = new_person_dialog(self.db, self._meeting_date(), initial, organization, parent=self)
        self.person_dialog = dialog
        dialog.exec()
        person = dialog.saved
        if person is None:
            return None
        picker.set_value(None)
        self.add_participant(side, person.id)
        return person.id

    def _participant_item_changed(self, side: Side, item: QTableWidgetItem) -> None:
        if self._rendering:
            return
        rows = self._state[side.value]
        r = item.row()
        if not 0 <= r < len(rows):
            return
        key = rows[r]["_key"]
        if item.column() == P_HEAD:
            on = item.checkState() == Qt.CheckState.Checked
            self._change(
                side.value,
                lambda rs: self.state.mark_head(rs, r, on),
                vocabulary.SET_HEAD_OF_DELEGATION(),
                applied=True,
            )
            with self._quiet():  # one head per side: the others lose their mark
                table = self.tables[side]
                for i, row in enumerate(self._state[side.value]):
                    cell = table.item(i, P_HEAD)
                    if cell is not None:
                        cell.setCheckState(
                            Qt.CheckState.Checked if row["is_head"] else Qt.CheckState.Unchecked
                        )
        elif item.column() == P_TITLE:
            self._edit(
                side.value, key, {"title": item.text().strip() or None}, pick("직위 수정", "Edit title")
            )
        elif item.column() == P_NAME and rows[r].get("person_id") is None:
            text = item.text().strip() or None
            self._edit(side.value, key, {"name": text, "label": text}, pick("이름 수정", "Edit name"))

    def _participant_org_changed(self, side: Side, key: int, widget: f.RefField) -> None:
        if self._rendering:
            return
        value = widget.value()
        self._edit(
            side.value,
            key,
            {"organization_id": value, "organization_label": widget.edit.text() if value else None},
            vocabulary.EDIT_ORGANIZATION(),
        )
