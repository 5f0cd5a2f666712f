"""The meeting editor: where an officer logs a meeting right after it ends.

Everything about one meeting on one screen: its fields, the counterpart organizations and topics,
both delegations in order of precedence (우리측 / 상대측, with the 수석대표 marked), the key points
(주요 내용) in order, the follow-ups agreed (후속조치) and photos or files dropped onto it.

Every edit, in the fields or in the lists, goes onto the form's undo stack, so Ctrl+Z works
across the whole dialog and "unsaved changes" means any change since the last save. Saving is
one call to `meeting_save.save_meeting` (one transaction); files are stored after it.

Tests drive the dialog through the same methods the buttons call: `add_participant`,
`add_key_point`, `add_action`, `save` ...
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain.enums import ActionStatus, OwedBy, Side
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services import holidays, meeting_form, meeting_save
from tracker.services.meeting_form import SECTIONS, SIDE_NAMES, MeetingDraft, MeetingFormState, side_of
from tracker.services.validation import readable
from tracker.ui import editors
from tracker.ui import fields as f
from tracker.ui.forms import ERROR_STYLE, Problem, RecordDialog
from tracker.ui.meeting_attachments import AttachmentDrop, AttachmentsSection
from tracker.ui.new_person_dialog import _HANGUL, PERSON_FIELDS, new_person_dialog

# Participant table columns
P_NAME, P_TITLE, P_ORG, P_HEAD = range(4)
# Key point table columns
K_TEXT, K_PARTY = range(2)
# Follow-up table columns
A_TITLE, A_OWED, A_OWNER, A_DUE, A_POINT, A_STATUS = range(6)


class MeetingEditor(AttachmentsSection, RecordDialog):
    """Create (meeting_id None) or edit a meeting with its delegations, key points and follow-ups."""

    SECTIONS = SECTIONS

    def __init__(
        self,
        db: Database,
        meeting_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        form = editors.build_form(db, "meetings")
        title = (
            pick("면담 기록 수정", "Edit meeting")
            if meeting_id is not None
            else pick("면담 기록 — 새로 만들기", "New meeting")
        )
        super().__init__(title, form, MeetingEditor._not_used, parent=parent)
        self.db = db
        self.meeting_id = meeting_id
        self.version: int | None = None
        self._rendering = 0
        self.state = MeetingFormState()
        self._state = self.state.sections  # the rows each table shows, by section
        self.person_dialog: RecordDialog | None = None
        # files waiting to be stored, or the counterpart label changed
        self.extra_dirty = lambda: (
            bool(self._state["files"]) or self.counterpart_label.text() != self.state.loaded_label
        )
        self.setAcceptDrops(True)
        self._build()
        if meeting_id is not None:
            self._load(meeting_id)
        else:
            self._start(initial or {})
        self.resize(1280, 820)

    @staticmethod
    def _not_used(_values: dict[str, Any]) -> Any:  # RecordDialog's saver: `save` is overridden
        raise NotImplementedError

    def check_day(self) -> list[str]:
        """Warn (without blocking) when the meeting falls on the counterpart's holiday or weekend."""
        day = self.form.field("date").value()
        country = self.form.field("country_code").value()
        warnings = holidays.warnings_for(day, country) if day is not None and country else []
        self.day_warning.setText("\n".join(f"※ {w}" for w in warnings))
        self.day_warning.setVisible(bool(warnings))
        return warnings

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = self.layout()
        layout.removeWidget(self.form)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.form)
        # A counterpart's public holiday or weekend, said as soon as the date or country is set.
        self.day_warning = QLabel(wordWrap=True, styleSheet="color: #9a5b00;")
        self.day_warning.hide()
        left_box.addWidget(self.day_warning)
        self.form.field("date").changed.connect(self.check_day)
        self.form.field("country_code").changed.connect(self.check_day)
        # the counterpart country's zones come first in the zone picker's proposals
        self.form.field("country_code").changed.connect(
            lambda: self.form.field("timezone").set_country(self.form.field("country_code").value())
        )
        left_box.addWidget(self._build_organizations())
        left_box.addWidget(self._build_topics())
        left_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(left.sizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4)

        self.tabs = QTabWidget()
        self.tabs.tabBar().setChangeCurrentOnDrag(True)  # hover a tab while dragging a photo
        self.participants_page = QWidget()
        page = QVBoxLayout(self.participants_page)
        self.tables: dict[Side, QTableWidget] = {}
        self.pickers: dict[Side, f.RefField] = {}
        self.participant_buttons: dict[Side, dict[str, QPushButton]] = {}
        for side in Side:
            page.addWidget(self._build_side(side))
        self.us_table, self.them_table = self.tables[Side.US], self.tables[Side.THEM]
        self.key_points_page = self._build_key_points()
        self.actions_page = self._build_actions()
        self.files_page = self._build_files()
        for w in (self.participants_page, self.key_points_page, self.actions_page, self.files_page):
            self.tabs.addTab(w, "")

        self.splitter = QSplitter()
        self.splitter.addWidget(scroll)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout.insertWidget(0, self.splitter, 1)

        self.message = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
        self.message.hide()
        layout.insertWidget(1, self.message)

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
            "add": self._button(pick("추가", "Add"), self._add_picked_organization),
            "remove": self._button(
                pick("삭제", "Remove"), lambda: self.remove_organization(self.organizations.currentRow())
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
        box = QGroupBox(pick("주제", "Topics"))
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
                pick("추가", "Add"),
                self._add_picked_topic,
                pick("목록에 없는 주제는 새로 만듭니다", "A topic not in the list is created"),
            ),
            "remove": self._button(
                pick("삭제", "Remove"), lambda: self.remove_topic(self.topics.currentRow())
            ),
        }
        row = QHBoxLayout()
        row.addWidget(self.topic_picker, 1)
        for button in self.topic_buttons.values():
            row.addWidget(button)
        col = QVBoxLayout(box)
        col.addLayout(row)
        col.addWidget(self.topics)
        return box

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
                pick("직위", "Title"),
                pick("기관", "Organization"),
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
            "add": self._button(pick("추가", "Add"), lambda: self._add_picked(side)),
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
                pick("삭제", "Remove"), lambda: self.remove_participant(side, table.currentRow())
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

    def _build_key_points(self) -> QWidget:
        page = QWidget()
        self.key_point_entry = QLineEdit(
            placeholderText=pick("주요 내용을 입력하고 Enter", "Type a key point, then Enter")
        )
        self.key_point_entry.returnPressed.connect(self._add_entered_key_point)
        self.key_points = QTableWidget(0, 2)
        self.key_points.setHorizontalHeaderLabels(
            [pick("주요 내용", "Key point"), pick("발언 주체", "Party")]
        )
        self.key_points.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.key_points.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.key_points.setWordWrap(True)
        header = self.key_points.horizontalHeader()
        header.setSectionResizeMode(K_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(K_PARTY, QHeaderView.ResizeMode.Interactive)
        self.key_points.setColumnWidth(K_PARTY, 130)
        self.key_points.itemChanged.connect(self._key_point_item_changed)
        self.key_point_buttons = {
            "add": self._button(pick("추가", "Add"), self._add_entered_key_point),
            "remove": self._button(
                pick("삭제", "Remove"), lambda: self.remove_key_point(self.key_points.currentRow())
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

    def _build_actions(self) -> QWidget:
        page = QWidget()
        self.action_entry = QLineEdit(
            placeholderText=pick("후속조치를 입력하고 Enter", "Type a follow-up, then Enter")
        )
        self.action_entry.returnPressed.connect(self._add_entered_action)
        self.actions_table = QTableWidget(0, 6)
        self.actions_table.setHorizontalHeaderLabels(
            [
                pick("후속조치", "Follow-up"),
                pick("이행 주체", "Owed by"),
                pick("담당자", "Owner"),
                pick("기한", "Due"),
                pick("관련 주요 내용", "From key point"),
                pick("상태", "Status"),
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
            "add": self._button(pick("추가", "Add"), self._add_entered_action),
            "remove": self._button(
                pick("삭제", "Remove"), lambda: self.remove_action(self.actions_table.currentRow())
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

    # ------------------------------------------------------------------ loading

    def _start(self, initial: dict[str, Any]) -> None:
        values = {**editors.DEFAULTS.get("meetings", {}), "date": date.today(), **initial}
        self.state.start(values, self.form.specs)
        self.counterpart_label.setText(self.state.loaded_label)
        self.form.load(values)
        self._render_all()

    def _load(self, meeting_id: uuid.UUID, keep_files: Iterable[dict[str, Any]] = ()) -> None:
        self._show(meeting_form.meeting_draft(self.db, meeting_id), keep_files)

    def _show(self, m: MeetingDraft, keep_files: Iterable[dict[str, Any]] = ()) -> None:
        self.meeting_id, self.version = m.id, m.version
        self.state.load(m, keep_files)
        self.counterpart_label.setText(self.state.loaded_label)
        self.form.load(m.values)
        self.setWindowTitle(pick(f"면담 기록 수정 — {m.title}", f"Edit meeting — {m.title}"))
        self._render_all()

    # ------------------------------------------------------------------ rendering

    def _render_all(self) -> None:
        for section in self.SECTIONS:
            self._render(section)

    def _render(self, section: str) -> None:
        if section in ("us", "them"):
            self._render_participants(Side(section))
        elif section == "key_points":
            self._render_key_points()
            self._render_actions()  # the "from key point" choices follow the points
        elif section == "actions":
            self._render_actions()
        elif section in ("organizations", "topics"):
            self._render_links(section)
        elif section == "files":
            self._render_files()
        self._update_tab_titles()

    def _update_tab_titles(self) -> None:
        people = len(self._state["us"]) + len(self._state["them"])
        for page, (ko, en), n in (
            (self.participants_page, ("참석자", "Participants"), people),
            (self.key_points_page, ("주요 내용", "Key points"), len(self._state["key_points"])),
            (self.actions_page, ("후속조치", "Follow-ups"), len(self._state["actions"])),
            (
                self.files_page,
                ("첨부파일", "Attachments"),
                len(self._state["files"]) + len(self.state.saved_files),
            ),
        ):
            self.tabs.setTabText(self.tabs.indexOf(page), f"{pick(ko, en)} ({n})" if n else pick(ko, en))

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

    def _render_links(self, section: str) -> None:
        widget = self.organizations if section == "organizations" else self.topics
        with self._quiet():
            widget.clear()
            for row in self._state[section]:
                widget.addItem(row.get("label") or str(row["id"]))

    # ------------------------------------------------------------------ participants

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
            pick("수석대표 지정", "Set head of delegation"),
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
            initial["name_ko" if _HANGUL.search(typed) else "name_original"] = typed
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
                pick("수석대표 지정", "Set head of delegation"),
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
            pick("기관 수정", "Edit organization"),
        )

    # ------------------------------------------------------------------ key points

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

    # ------------------------------------------------------------------ follow-ups

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
                pick("후속조치 수정", "Edit follow-up"),
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
                pick("후속조치 수정", "Edit follow-up"),
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

    # ------------------------------------------------------------------ organizations, topics

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

    # ------------------------------------------------------------------ saving

    def payload(self) -> dict[str, Any]:
        """What `save_meeting` receives (`MeetingFormState.payload`)."""
        return self.state.payload(self.form.values(), self.counterpart_label.text())

    def _widget_problems(self) -> list[tuple[str, Side | None, int, str]]:
        """Every cell of the tables that cannot be saved as typed: an organization or owner
        typed but not chosen from the list, a due date that is not a date."""
        out: list[tuple[str, Side | None, int, str]] = []
        for side in Side:
            for r in range(self.tables[side].rowCount()):
                ref = self.tables[side].cellWidget(r, P_ORG)
                if isinstance(ref, f.RefField) and ref.error():
                    out.append(("participants", side, r, ref.error()))
        due = {row: text for _section, _side, row, text in self.state.problems()}
        for r in range(self.actions_table.rowCount()):
            owner = self.actions_table.cellWidget(r, A_OWNER)
            if isinstance(owner, f.RefField) and owner.error():
                out.append(("actions", None, r, owner.error()))
            if r in due:
                out.append(("actions", None, r, due[r]))
        return out

    def extra_problems(self) -> list[Problem]:
        """Each table cell that cannot be saved, named by its tab and row, going there on click."""
        out = []
        for section, side, row, text in self._widget_problems():
            where, _table, _page = self._place(section, side, row)
            out.append(Problem(where, text, lambda s=section, d=side, r=row: self._go_to(s, d, r)))
        return out

    def _commit_open_editors(self) -> None:
        """A cell still being typed in (Ctrl+S pressed inside it) counts as typed."""
        for table in (*self.tables.values(), self.key_points, self.actions_table):
            if table.state() is QAbstractItemView.State.EditingState:
                editor = table.indexWidget(table.currentIndex())
                if editor is not None:
                    table.commitData(editor)
                    table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def save(self) -> bool:
        self._commit_open_editors()
        self.message.hide()
        if not self.check():  # every problem of the form and the tables at once
            return False
        try:
            meeting = meeting_form.save_meeting(self.db, self.meeting_id, self.payload(), self.version)
        except DomainError as exc:
            self.show_error(exc)
            return False
        self.saved = meeting
        failed, problems = self._store_files(meeting.id)
        if len(failed) < len(self._state["files"]):  # some were stored: read the list again
            meeting = meeting_form.meeting_draft(self.db, meeting.id)
        self._show(meeting, keep_files=failed)  # ids, version and order as stored
        if problems:
            self._say(
                pick(
                    "면담은 저장했지만 첨부하지 못한 파일이 있습니다: ",
                    "The meeting is saved, but some files could not be attached: ",
                )
                + "; ".join(problems)
            )
            self.tabs.setCurrentWidget(self.files_page)
            return False
        self.accept()
        return True

    # ------------------------------------------------------------------ errors

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def show_error(self, exc: DomainError) -> None:
        """Next to the field when the error names one of the meeting's fields; otherwise point
        at the row of the list it comes from, or say it under the dialog."""
        found = self.state.row_of_error(exc)
        if found is not None:
            self._point_at(*found, readable(exc))
        elif exc.params.get("section") is None and self.form._field_for(exc.field) is not None:
            self.refused(exc)
        else:
            self._say(readable(exc))

    def _place(self, section: str, side: Side | None, row: int) -> tuple[str, QTableWidget, QWidget]:
        if section == "participants" and side is not None:
            table, page = self.tables[side], self.participants_page
        elif section == "key_points":
            table, page = self.key_points, self.key_points_page
        else:
            table, page = self.actions_table, self.actions_page
        return self.state.row_name(section, side, row), table, page

    def _go_to(self, section: str, side: Side | None, row: int) -> None:
        _where, table, page = self._place(section, side, row)
        self.tabs.setCurrentWidget(page)
        if 0 <= row < table.rowCount():
            table.setCurrentCell(row, 0)
            table.scrollToItem(table.item(row, 0))
            table.setFocus()

    def _point_at(self, section: str, side: Side | None, row: int, text: str) -> None:
        where, _table, _page = self._place(section, side, row)
        self._go_to(section, side, row)
        self._say(f"{where}: {text}")


def open_meeting_editor(
    db: Database,
    meeting_id: uuid.UUID | None = None,
    parent: QWidget | None = None,
    initial: dict[str, Any] | None = None,
) -> MeetingEditor:
    """The editor for a new meeting (with `initial` field values such as the trip, country or
    date) or an existing one. The caller shows it (`exec()` or `show()`)."""
    return MeetingEditor(db, meeting_id, parent, initial)


__all__ = ["AttachmentDrop", "PERSON_FIELDS", "MeetingEditor", "new_person_dialog", "open_meeting_editor"]
