"""The meeting editor's counterpart organizations (면담대상 기관), with how reports name the
counterpart when the country and organization do not say it rightly, and its topics: picked from
the lists, a topic not in its list is created (topics are a vocabulary everyone shares)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
)

from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.services import meeting_form
from tracker.ui import fields as f
from tracker.ui.meeting_rows import MeetingRows


class OrganizationsTopicsSection(MeetingRows):
    """The boxes under the meeting's fields: its counterpart organizations and its topics."""

    def _build_organizations(self) -> QGroupBox:
        box = QGroupBox(pick("면담대상 기관", "Counterpart organizations"))
        self.organization_picker = f.RefField(self.db, "organizations")
        self.organization_picker.edit.returnPressed.connect(self._add_picked_organization)
        self.organization_picker.completer.activated.connect(
            lambda _t: QTimer.singleShot(0, self._add_picked_organization)
        )
        self.organizations = QListWidget()
        self.organizations.setMaximumHeight(90)
        self.organization_buttons = {
            "add": self._button(vocabulary.ADD(), self._add_picked_organization),
            "remove": self._button(
                vocabulary.REMOVE(), lambda: self.remove_organization(self.organizations.currentRow())
            ),
        }
        row = QHBoxLayout()
        row.addWidget(self.organization_picker, 1)
        for button in self.organization_buttons.values():
            row.addWidget(button)
        col = QVBoxLayout(box)
        col.addLayout(row)
        col.addWidget(self.organizations)
        # 면담대상 as the report writes it, when the country and organization do not say it rightly.
        self.counterpart_label = QLineEdit(maxLength=300)
        self.counterpart_label.setPlaceholderText(
            pick("비우면 국가·기관으로 씁니다 (예: 미국(상무부))", "Empty: from the country and organization")
        )
        label_row = QFormLayout()
        label_row.addRow(pick("보고서 표기(&R)", "In &reports"), self.counterpart_label)
        col.addLayout(label_row)
        return box

    def _build_topics(self) -> QGroupBox:
        box = QGroupBox(vocabulary.TOPICS())
        self.topic_picker = QComboBox(editable=True)
        self.topic_picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.topic_picker.lineEdit().setPlaceholderText(pick("주제 입력 또는 선택", "Type or choose a topic"))
        for topic in meeting_form.topic_choices(self.db):
            self.topic_picker.addItem(topic.label, topic.id)
        self.topic_picker.setCurrentIndex(-1)
        completer = QCompleter(self.topic_picker.model(), self.topic_picker)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.topic_picker.setCompleter(completer)
        self.topic_picker.lineEdit().returnPressed.connect(self._add_picked_topic)
        self.topic_picker.activated.connect(lambda _i: QTimer.singleShot(0, self._add_picked_topic))
        self.topics = QListWidget()
        self.topics.setMaximumHeight(90)
        self.topic_buttons = {
            "add": self._button(
                vocabulary.ADD(),
                self._add_picked_topic,
                pick("목록에 없는 주제는 새로 만듭니다", "A topic not in the list is created"),
            ),
            "remove": self._button(vocabulary.REMOVE(), lambda: self.remove_topic(self.topics.currentRow())),
        }
        row = QHBoxLayout()
        row.addWidget(self.topic_picker, 1)
        for button in self.topic_buttons.values():
            row.addWidget(button)
        col = QVBoxLayout(box)
        col.addLayout(row)
        col.addWidget(self.topics)
        return box

    def _render_links(self, section: str) -> None:
        widget = self.organizations if section == "organizations" else self.topics
        with self._quiet():
            widget.clear()
            for row in self._state[section]:
                widget.addItem(row.get("label") or str(row["id"]))

    def _add_picked_organization(self) -> None:
        picker = self.organization_picker
        if picker.value() is None and picker.edit.text().strip():
            picker.choose_text(picker.edit.text())
        if picker.value() is not None:
            self.add_organization(picker.value(), picker.edit.text())
            picker.set_value(None)

    def add_organization(self, organization_id: uuid.UUID, label: str | None = None) -> None:
        if any(r["id"] == organization_id for r in self._state["organizations"]):
            return
        if label is None:
            probe = f.RefField(self.db, "organizations")
            probe.set_value(organization_id)
            label = probe.edit.text()
            probe.deleteLater()
        row = self.state.row(id=organization_id, label=label)
        self._change(
            "organizations", lambda rs: rs.append(row), pick("면담대상 기관 추가", "Add organization")
        )

    def remove_organization(self, row: int) -> None:
        if 0 <= row < len(self._state["organizations"]):
            self._change(
                "organizations", lambda rs: rs.pop(row), pick("면담대상 기관 삭제", "Remove organization")
            )

    def _add_picked_topic(self) -> None:
        text = self.topic_picker.currentText().strip()
        if not text:
            return
        index = self.topic_picker.findText(text)
        if index < 0:  # not in the list: the topic of that name, created if new (a shared vocabulary)
            topic = meeting_form.topic_choice(self.db, text)
            index = self.topic_picker.findData(topic.id)
            if index < 0:
                self.topic_picker.addItem(topic.label, topic.id)
                index = self.topic_picker.count() - 1
        self.add_topic(self.topic_picker.itemData(index), self.topic_picker.itemText(index))
        self.topic_picker.setCurrentIndex(-1)
        self.topic_picker.clearEditText()

    def add_topic(self, topic_id: uuid.UUID, label: str | None = None) -> None:
        if any(r["id"] == topic_id for r in self._state["topics"]):
            return
        if label is None:
            index = self.topic_picker.findData(topic_id)
            label = self.topic_picker.itemText(index) if index >= 0 else str(topic_id)
        row = self.state.row(id=topic_id, label=label)
        self._change("topics", lambda rs: rs.append(row), pick("주제 추가", "Add topic"))

    def remove_topic(self, row: int) -> None:
        if 0 <= row < len(self._state["topics"]):
            self._change("topics", lambda rs: rs.pop(row), pick("주제 삭제", "Remove topic"))
