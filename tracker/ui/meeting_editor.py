"""The meeting editor: where an officer logs a meeting right after it ends.

Everything about one meeting on one screen: its fields, the counterpart organizations and topics,
both delegations in order of precedence (우리측 / 상대측, with the 수석대표 marked), the key points
(주요 내용) in order, the follow-ups agreed (후속조치) and photos or files dropped onto it.

Every edit, in the fields or in the lists, goes onto the form's undo stack, so Ctrl+Z works
across the whole dialog and "unsaved changes" means any change since the last save. Saving is
one call to `meeting_save.save_meeting` (one transaction); files are stored after it.

The parts: what the lists hold and what is sent is plain data (`services.meeting_form`); each
section's widgets are a module of their own (meeting_attendees, meeting_points,
meeting_followups, meeting_organizations_topics, meeting_attachments, on meeting_rows); this
module lays them out, loads and saves the meeting and shows where a problem is.

Tests drive the dialog through the same methods the buttons call: `add_participant`,
`add_key_point`, `add_action`, `save` ...
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain.enums import Side
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services import holidays, meeting_form, meeting_merge
from tracker.services.meeting_form import SECTIONS, SIDE_NAMES, MeetingDraft, MeetingFormState
from tracker.services.validation import readable
from tracker.ui import editors, record_conflicts
from tracker.ui import fields as f
from tracker.ui.forms import ERROR_STYLE, Problem, RecordDialog
from tracker.ui.meeting_attachments import AttachmentDrop, AttachmentsSection
from tracker.ui.meeting_attendees import P_HEAD, P_NAME, P_ORG, P_TITLE, AttendeesSection
from tracker.ui.meeting_followups import A_DUE, A_OWED, A_OWNER, A_POINT, A_STATUS, A_TITLE, FollowupsSection
from tracker.ui.meeting_organizations_topics import OrganizationsTopicsSection
from tracker.ui.meeting_points import K_PARTY, K_TEXT, KeyPointsSection
from tracker.ui.new_person_dialog import PERSON_FIELDS, new_person_dialog


class MeetingEditor(
    AttendeesSection,
    KeyPointsSection,
    FollowupsSection,
    OrganizationsTopicsSection,
    AttachmentsSection,
    RecordDialog,
):
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
        self.watch_record("meetings", meeting_id, lambda: self._load(self.meeting_id))
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
        self.state.base_fields = self._field_values()  # as the form shows them, to merge on save
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

    # ------------------------------------------------------------------ saving

    def payload(self) -> dict[str, Any]:
        """What `save_meeting` receives (`MeetingFormState.payload`)."""
        return self.state.payload(self.form.values(), self.counterpart_label.text())

    def _field_values(self) -> dict[str, Any]:
        return {**self.form.values(), meeting_merge.COUNTERPART: self.counterpart_label.text()}

    def _save_merged(self, refused: DomainError) -> MeetingDraft | None:
        """A colleague saved the meeting first: merge theirs with this form (fields, and each
        list item by item), ask about what both changed, and save over their version. None,
        with the form as it was and nothing saved, when the user goes back."""
        assert self.meeting_id is not None
        theirs = meeting_form.meeting_draft(self.db, self.meeting_id)
        merged, other = meeting_merge.merge_meeting(self.state, self._field_values(), theirs)
        choices = record_conflicts.decide(
            merged.merged,
            lambda name: meeting_merge.clash_label(merged, name, self.form.field_label),
            record_conflicts.changed_by(self.db, "meetings", self.meeting_id),
            self,
            meeting_merge.shown,
        )
        if choices is None:
            self.refused(refused)
            return None
        fields = meeting_merge.apply(merged, choices, self.state, other)
        label = fields.pop(meeting_merge.COUNTERPART, None) or ""
        try:
            return meeting_form.save_meeting(
                self.db, self.meeting_id, other.payload(fields, label), theirs.version
            )
        except DomainError as exc:
            self._say(readable(exc))
            return None

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
            if not record_conflicts.is_stale(exc, self.meeting_id):
                self.show_error(exc)
                return False
            merged = self._save_merged(exc)
            if merged is None:
                return False
            meeting = merged
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


__all__ = [
    "A_DUE",
    "A_OWED",
    "A_OWNER",
    "A_POINT",
    "A_STATUS",
    "A_TITLE",
    "K_PARTY",
    "K_TEXT",
    "P_HEAD",
    "P_NAME",
    "P_ORG",
    "P_TITLE",
    "PERSON_FIELDS",
    "SIDE_NAMES",
    "AttachmentDrop",
    "MeetingEditor",
    "new_person_dialog",
    "open_meeting_editor",
]
