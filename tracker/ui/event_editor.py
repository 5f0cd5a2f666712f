"""The event editor: the event's fields, its sessions (a table: title, date, times, members
only) and its topics, saved whole in one transaction (`services.event_save.save_event`).

A series is edited whole, or one occurrence only: "이 회차만 수정" opens the editor on that
occurrence (its days, its sessions at the series' hours), and saving it makes the occurrence
an event of its own within the series (`services.calendar.edit_occurrence`); the series and
its other occurrences stay as they were.

The event's own fields are undoable (the form's undo stack); edits of the sessions and topics
count as unsaved changes, and the dialog asks before throwing them away.
"""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services import event_form, event_save, form_merge
from tracker.services.event_form import EventDraft
from tracker.services.validation import readable
from tracker.ui import record_conflicts
from tracker.ui.editors import DEFAULTS, build_form
from tracker.ui.event_sessions import SessionRow, _set_parsed
from tracker.ui.event_topics import PickList, topic_label
from tracker.ui.format import format_date
from tracker.ui.forms import ERROR_STYLE, Problem, RecordDialog, RecordForm, reveal
from tracker.ui.row_widgets import flag, row_tools


class EventEditor(RecordDialog):
    """An event with its sessions and topics. `saved` holds the event once saved."""

    HEADERS = (
        ("세션명", "Title"),
        ("영문명", "Title (English)"),
        ("일자", "Date"),
        ("시작", "Start"),
        ("종료", "End"),
        ("회원국 전용", "Members only"),
        ("", ""),
    )

    def __init__(
        self,
        db: Database,
        event_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        occurrence: date | None = None,
    ) -> None:
        form: RecordForm = build_form(db, "events")
        super().__init__("", form, self._not_used, parent=parent)
        self.db = db
        self.event_id = event_id
        # Editing one occurrence of the series `event_id` (the day it falls on by the series).
        self.occurrence = occurrence
        self.series_name = ""
        self.occurrence_editors: list[EventEditor] = []
        self.version: int | None = None
        self._occurrence_version: int | None = None  # of the occurrence edited alone, if it has one
        self.session_rows: list[SessionRow] = []
        self._loading = False
        self._strict = False
        self._baseline: tuple[Any, ...] | None = None
        self.status = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
        self.status.hide()
        layout = self.layout()
        layout.insertWidget(layout.count() - 1, self._build_parts(db), 1)
        layout.insertWidget(layout.count() - 1, self.status)
        self.extra_dirty = lambda: self.parts_dirty
        for name in ("start_date", "end_date"):
            form.field(name).changed.connect(self._check_sessions)
        form.field("start_date").changed.connect(self._start_changed)
        form.field("recurrence").changed.connect(self._show_occurrences)
        # the host country's zones come first in the zone picker's proposals
        form.field("country_code").changed.connect(
            lambda: form.field("timezone").set_country(form.field("country_code").value())
        )
        # a bound method, not a lambda: Qt drops the connection when the dialog goes away
        form.undo_stack.cleanChanged.connect(self._clean_changed)
        self.resize(900, 760)
        self.load(self._initial())
        self.watch_record("events", event_id, lambda: self.load(self._initial()))

    def _initial(self) -> EventDraft | None:
        """What the editor opens on: the event, or for one occurrence the series (not yet
        changed) or the occurrence already changed on its own."""
        if self.event_id is None:
            return None
        event, series_name = event_form.opening_draft(self.db, self.event_id, self.occurrence)
        if self.occurrence is not None:
            self.series_name = series_name
        return event

    def _clean_changed(self, _clean: bool) -> None:
        self._changed()

    @staticmethod
    def _not_used(_values: dict[str, Any]) -> Any:  # RecordDialog's saver: `save` is overridden
        raise NotImplementedError

    def _build_parts(self, db: Database) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)

        # One occurrence of a saved series, edited on its own.
        self.occurrence_row = QWidget()
        row = QHBoxLayout(self.occurrence_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(pick("회차", "Occurrence")))
        self.occurrence_choice = QComboBox()
        self.occurrence_choice.setAccessibleName(pick("수정할 회차", "Occurrence to edit"))
        row.addWidget(self.occurrence_choice, 1)
        self.edit_one_button = QPushButton(pick("이 회차만 수정…", "Edit this occurrence only…"))
        self.edit_one_button.clicked.connect(lambda: self.edit_one_occurrence())
        row.addWidget(self.edit_one_button)
        layout.addWidget(self.occurrence_row)
        self.occurrence_note = QLabel(wordWrap=True)
        layout.addWidget(self.occurrence_note)

        sessions = QGroupBox(vocabulary.SESSIONS())
        self.sessions_table = QTableWidget(0, len(self.HEADERS))
        self.sessions_table.setHorizontalHeaderLabels([pick(*h) for h in self.HEADERS])
        self.sessions_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.sessions_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_session_button = QPushButton(pick("세션 추가", "Add session"))
        self.add_session_button.clicked.connect(lambda: self.add_session())
        inner = QVBoxLayout(sessions)
        inner.addWidget(self.sessions_table)
        inner.addWidget(self.add_session_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(sessions, 1)

        topics = QGroupBox(vocabulary.TOPICS())
        self.topics = PickList(db, "topics", topic_label(db))
        self.topics.changed.connect(self._changed)
        QVBoxLayout(topics).addWidget(self.topics)
        layout.addWidget(topics)
        return box

    # -- loading
    def load(self, event: EventDraft | None) -> None:
        """Show an event (None: a new one). Not an edit: nothing is unsaved afterwards."""
        self._loading = True
        try:
            self._strict = False
            shift = timedelta(0)
            keep_ids = True
            if event is None:
                self.form.load(dict(DEFAULTS.get("events", {})))
            elif self.occurrence is not None and event.series_id is None:
                # One occurrence of the series not yet changed: the series on that occurrence's
                # days, its sessions at the same hours.
                shift = self.occurrence - event.start_date
                self._occurrence_version = None  # none of its own yet: the series' copy
                row = dict(event.values)
                row.update(
                    start_date=event.start_date + shift, end_date=event.end_date + shift, recurrence=None
                )
                self.form.load(row)
                keep_ids = False
            else:
                if self.occurrence is None:
                    self.event_id, self.version = event.id, event.version
                else:  # the occurrence changed on its own before
                    self._occurrence_version = event.version
                self.form.load(event.values)
            self.sessions_table.setRowCount(0)
            self.session_rows = []
            for x in sorted(event.sessions, key=lambda x: x.seq) if event else []:
                self.add_session(
                    x.title_ko,
                    x.title_en,
                    x.date + shift if x.date is not None else None,
                    x.start_time,
                    x.end_time,
                    x.members_only,
                    session_id=x.id if keep_ids else None,
                )
            self.topics.set_items(
                [(t.id, pick(t.name_ko, t.name_en or t.name_ko)) for t in (event.topics if event else [])]
            )
        finally:
            self._loading = False
        self._baseline = self._snapshot()
        self._loaded = self._parts()  # to merge with a colleague's newer version on save
        self.form.undo_stack.setClean()
        self.setWindowTitle(self._title() + "[*]")
        self.status.hide()
        self.form.field("recurrence").setEnabled(self.occurrence is None)
        self.form.field("recurrence").set_start(self.form.field("start_date").value())
        self._show_occurrences()
        self._check_sessions()

    def _title(self) -> str:
        if self.occurrence is not None:
            day = format_date(self.occurrence)
            return pick(
                f"이 회차만 수정 — {self.series_name} ({day})",
                f"Edit one occurrence — {self.series_name} ({day})",
            )
        if self.event_id is None:
            return pick("행사 새로 만들기", "New event")
        name = self.form.field("name_ko").value() or ""
        return pick(f"행사 수정 — {name}", f"Edit event — {name}")

    def period(self) -> tuple[date, date] | None:
        start = self.form.field("start_date").value()
        end = self.form.field("end_date").value()
        if start is None or end is None or end < start:
            return None
        return start, end

    # -- one occurrence of a series
    def _start_changed(self) -> None:
        self.form.field("recurrence").set_start(self.form.field("start_date").value())

    def occurrence_dates(self) -> list[date]:
        """The occurrences offered for editing one by one (of the saved series, around today)."""
        if self.event_id is None or self.occurrence is not None:
            return []
        return event_form.occurrence_dates(self.db, self.event_id)

    def _show_occurrences(self) -> None:
        if self._loading:
            return
        days = self.occurrence_dates()
        self.occurrence_choice.clear()
        for d in days:
            self.occurrence_choice.addItem(format_date(d), d)
        today = date.today()
        upcoming = next((i for i, d in enumerate(days) if d >= today), 0)
        self.occurrence_choice.setCurrentIndex(upcoming if days else -1)
        self.occurrence_row.setVisible(bool(days))
        note = ""
        if self.occurrence is not None:
            note = pick(
                "이 회차만 바뀝니다. 반복 일정의 다른 회차는 그대로입니다.",
                "Only this occurrence changes; the other occurrences of the series stay as they are.",
            )
        self.occurrence_note.setText(note)
        self.occurrence_note.setVisible(bool(note))

    def edit_one_occurrence(self, day: date | None = None) -> EventEditor | None:
        """Open the editor on one occurrence of this series (the one chosen, or `day`)."""
        if day is None:
            day = self.occurrence_choice.currentData()
        if day is None or self.event_id is None:
            return None
        editor = EventEditor(self.db, self.event_id, self, occurrence=day)
        self.occurrence_editors.append(editor)
        editor.show()
        return editor

    # -- sessions
    def add_session(
        self,
        title_ko: str | None = None,
        title_en: str | None = None,
        date: date | str | None = None,
        start: time | str | None = None,
        end: time | str | None = None,
        members_only: bool = False,
        *,
        session_id: uuid.UUID | None = None,
    ) -> SessionRow:
        """Add a session at the end, filled as if typed (dates and times as text or values)."""
        row = SessionRow(session_id)
        r = len(self.session_rows)
        self.session_rows.append(row)
        self.sessions_table.insertRow(r)
        row.title_ko.set_value(title_ko)
        row.title_en.set_value(title_en)
        _set_parsed(row.date, date)
        _set_parsed(row.start, start)
        _set_parsed(row.end, end)
        row.members_only.set_value(bool(members_only))
        row.tools = row_tools(
            lambda: self.move_session(self.session_rows.index(row), -1),
            lambda: self.move_session(self.session_rows.index(row), 1),
            lambda: self.remove_session(self.session_rows.index(row)),
        )
        for c, widget in enumerate([*row.inputs(), row.tools]):
            self.sessions_table.setCellWidget(r, c, widget)
        for widget in row.inputs():
            widget.changed.connect(self._check_sessions)  # type: ignore[attr-defined]
        if not self._loading:
            self._check_sessions()
        return row

    def remove_session(self, index: int) -> None:
        if 0 <= index < len(self.session_rows):
            self.sessions_table.removeRow(index)
            del self.session_rows[index]
            self._check_sessions()

    def move_session(self, index: int, delta: int) -> None:
        other = index + delta
        if 0 <= index < len(self.session_rows) and 0 <= other < len(self.session_rows):
            a, b = self.session_rows[index], self.session_rows[other]
            raw_a, raw_b = a.raw(), b.raw()
            a.restore(raw_b)
            b.restore(raw_a)
            self._check_sessions()

    def session_values(self) -> list[dict[str, Any]]:
        return [r.values() for r in self.session_rows]

    def _check_sessions(self) -> None:
        if self._loading:
            return
        period = self.period()
        for row in self.session_rows:
            problems = row.errors(period, self._strict)
            for widget in row.inputs():
                flag(widget, problems.get(widget, ""))
        self._changed()

    # -- topics
    def add_topic(self, topic_id: Any) -> bool:
        return self.topics.add(topic_id)

    def remove_topic(self, topic_id: Any = None) -> bool:
        return self.topics.remove(topic_id)

    def topic_ids(self) -> list[str]:
        return self.topics.ids()

    # -- state
    def _snapshot(self) -> tuple[Any, ...]:
        return ([r.raw() for r in self.session_rows], self.topics.ids())

    @property
    def parts_dirty(self) -> bool:
        return self._baseline is not None and self._snapshot() != self._baseline

    def _changed(self) -> None:
        if not self._loading:
            self.setWindowModified(self.dirty)

    def _show(self, message: str) -> None:
        self.status.setText(message)
        self.status.show()

    def extra_problems(self) -> list[Problem]:
        """Each session cell that cannot be saved, named 'Session 2', going there on click."""
        period = self.period()
        out = []
        for i, row in enumerate(self.session_rows):
            for widget, message in row.errors(period, True).items():
                out.append(
                    Problem(pick(f"세션 {i + 1}", f"Session {i + 1}"), message, lambda w=widget: reveal(w))
                )
        return out

    # -- saving
    def save(self) -> bool:
        """Check everything, then save the event whole; True when saved (the dialog closes)."""
        self._strict = True
        self._check_sessions()
        self.status.hide()
        if not self.check():  # the fields and every session at once
            return False
        try:
            if self.occurrence is not None:
                assert self.event_id is not None
                changes = {k: v for k, v in self.form.values().items() if k != "recurrence"}
                sessions = [{k: v for k, v in x.items() if k != "id"} for x in self.session_values()]
                self.saved = event_form.save_occurrence(
                    self.db,
                    self.event_id,
                    self.occurrence,
                    changes,
                    sessions=sessions,
                    seen_version=self._occurrence_version,
                )
                self.load(self.saved)
                self.accept()
                return True
            event = event_form.save_event(
                self.db,
                self.event_id,
                self.form.values(),
                sessions=self.session_values(),
                topic_ids=self.topic_ids(),
                expected_version=self.version,
            )
        except event_save.SessionError as exc:
            if exc.row < len(self.session_rows):
                row = self.session_rows[exc.row]
                widget = {"date": row.date, "start_time": row.start, "end_time": row.end}.get(
                    exc.field or "", row.title_ko
                )
                flag(widget, readable(exc))
            self._show(readable(exc))
            return False
        except DomainError as exc:
            if self.occurrence is not None or not record_conflicts.is_stale(exc, self.event_id):
                self._refused(exc)
                return False
            merged = self._save_merged(exc)  # a colleague saved the event first
            if merged is None:
                return False
            event = merged
        self.saved = event
        self.load(event)
        self.accept()
        return True

    def _refused(self, exc: DomainError) -> None:
        if exc.field in self.form.widgets:
            self.form.show_error(exc)
        self._show(readable(exc))

    def _parts(self) -> form_merge.Parts:
        return self.form.values(), event_form.event_lists(self.session_values(), self.topic_ids())

    def _save_merged(self, refused: DomainError) -> EventDraft | None:
        """Merged with the version a colleague saved first (fields, sessions and topics item
        by item), the user asked about what both changed; None, nothing saved and the editor
        as it was, when they go back or the merged event is refused (said)."""
        theirs = event_form.event_draft(self.db, self.event_id)  # type: ignore[arg-type]
        versions = (self._loaded, self._parts(), (theirs.values, event_form.lists_of(theirs)))
        return record_conflicts.save_merged(
            self,
            "events",
            self.event_id,
            versions,
            event_form.EVENT_LISTS,
            refused,
            lambda fields, lists: event_form.save_event(
                self.db,
                self.event_id,
                fields,
                sessions=lists["sessions"],
                topic_ids=[t["id"] for t in lists["topics"]],
                expected_version=theirs.version,
            ),
        )


def open_event_editor(
    db: Database,
    event_id: uuid.UUID | None = None,
    parent: QWidget | None = None,
    occurrence: date | None = None,
) -> EventEditor:
    """Open the editor on an event (None: a new event), or on one occurrence of a series,
    shown and not modal; `saved` holds the event once saved."""
    editor = EventEditor(db, event_id, parent, occurrence)
    editor.show()
    return editor


__all__ = ["EventEditor", "PickList", "SessionRow", "open_event_editor", "topic_label"]
