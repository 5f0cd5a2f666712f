"""The trip editor: a trip as its result report lays it out — 출장 개요 (the trip's fields and
destinations), 출장자 및 담당업무 (members with their own periods and duties), 일정 (the
itinerary table, with '16:50+1' arrivals and flight numbers), the events it went to and the
meetings held on it — saved whole in one transaction (`services.trip_save.save_trip`).

The trip's own fields are undoable (the form's undo stack); edits of the tables count as
unsaved changes, and the dialog asks before throwing them away.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.domain.itinerary import format_time_range, parse_day, parse_time_range
from tracker.domain.nights import nights_abroad
from tracker.services import trip_form, trip_save
from tracker.services.trip_form import ItineraryRow, TripDraft, TripPayload
from tracker.services.validation import readable
from tracker.ui import record_conflicts, trip_conflicts
from tracker.ui.editors import build_form
from tracker.ui.forms import ERROR_STYLE, Problem, RecordDialog
from tracker.ui.row_widgets import flag, ref_label
from tracker.ui.trip_itinerary import ERROR_BACKGROUND, ErrorRole, ItineraryModel, parse_zones
from tracker.ui.trip_rows import DestinationRow, EventPicker, MemberRow
from tracker.ui.trip_tabs import EventsTab, ItineraryTab, MeetingsTab


class TripEditor(RecordDialog):
    """Create or edit a trip with everything in it. Widgets are attributes, and the buttons
    call public methods (`add_member`, `add_itinerary_row`, `save` ...) that tests call too.
    Save, Cancel, Undo and the question before unsaved changes are lost are RecordDialog's."""

    def __init__(self, db: Database, trip_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        form = build_form(db, "trips")
        super().__init__("", form, self._not_used, parent=parent)
        self.db = db
        self.trip_id = trip_id
        self.version: int | None = None
        self.saved: TripDraft | None = None
        self._loading = False
        self._strict = False
        self._baseline: Any = None
        self.extra_dirty = lambda: self.tables_dirty
        self.resize(1280, 780)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(form)  # the form goes on the first tab

        self.tabs = QTabWidget()
        self.tabs.addTab(self._overview_tab(), pick("출장 개요", "Overview"))
        self.members_tab = self._members_tab()
        self.tabs.addTab(self.members_tab, pick("출장자 및 담당업무", "Members and duties"))
        self.itinerary_tab = ItineraryTab(self._changed)
        self.tabs.addTab(self.itinerary_tab, pick("일정", "Itinerary"))
        self.events_tab = EventsTab(db, self._changed)
        self.tabs.addTab(self.events_tab, pick("행사", "Events"))
        self.meetings_tab = MeetingsTab()
        self.tabs.addTab(self.meetings_tab, pick("면담", "Meetings"))
        # the tabs' parts, by the names tests and other code know them
        self.itinerary_model = self.itinerary_tab.model
        self.itinerary_view = self.itinerary_tab.view
        self.itinerary_buttons = self.itinerary_tab.buttons
        self.itinerary_issues = self.itinerary_tab.issues
        self.itinerary_note = self.itinerary_tab.note
        self.event_list = self.events_tab.event_list
        self.event_picker = self.events_tab.event_picker
        self.add_event_button = self.events_tab.add_event_button
        self.remove_event_button = self.events_tab.remove_event_button
        self.meetings_table = self.meetings_tab.meetings_table
        self.meetings_note = self.meetings_tab.meetings_note

        self.status = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
        self.status.hide()
        layout.insertWidget(layout.count() - 1, self.tabs, 1)  # above Undo, Save and Cancel
        layout.insertWidget(layout.count() - 1, self.status)

        for name in ("start_date", "end_date"):
            self.form.field(name).changed.connect(self._period_changed)
        # a bound method, not a lambda: Qt drops the connection when the dialog goes away
        self.form.undo_stack.indexChanged.connect(self._undo_moved)
        self.load(trip_form.trip_draft(db, trip_id) if trip_id is not None else None)
        self.watch_record("trips", trip_id, lambda: self.load(trip_form.trip_draft(db, self.trip_id)))

    @staticmethod
    def _not_used(_values: dict[str, Any]) -> Any:  # RecordDialog's saver: `save` is overridden
        raise NotImplementedError

    # -- building the tabs
    def _overview_tab(self) -> QWidget:
        box = QGroupBox(pick("출장지", "Destinations"))
        self.destinations_table = DestinationRow.table(self._destinations_changed)
        self.destinations_table.setMinimumHeight(120)
        self.add_destination_button = QPushButton(pick("출장지 추가", "Add destination"))
        self.add_destination_button.clicked.connect(lambda: self.add_destination())
        inner = QVBoxLayout(box)
        inner.addWidget(self.destinations_table)
        inner.addWidget(self.add_destination_button, alignment=Qt.AlignmentFlag.AlignLeft)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.form)
        layout.addWidget(box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.overview_tab = scroll
        return scroll

    def _members_tab(self) -> QWidget:
        self.members_table = MemberRow.table(self._members_changed)
        self.add_member_button = QPushButton(pick("출장자 추가", "Add member"))
        self.add_member_button.clicked.connect(lambda: self.add_member())
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.members_table)
        layout.addWidget(self.add_member_button, alignment=Qt.AlignmentFlag.AlignLeft)
        return page

    # -- loading
    def load(self, trip: TripDraft | None) -> None:
        """Show a trip (None: a new, empty one). Not an edit: nothing is unsaved afterwards."""
        self._loading = True
        try:
            self._strict = False
            self.itinerary_model.set_strict(False)
            if trip is None:
                self.form.load({})
            else:
                self.trip_id, self.version = trip.id, trip.version
                self.form.load(trip.values)
            self.destinations_table.clear_rows()
            for d in trip.destinations if trip else []:
                self.add_destination(
                    d.country_code,
                    d.city,
                    d.timezone,
                    row_id=d.id,
                    country_label=ref_label(d.country_ko, d.country_en) if d.country_ko else None,
                )
            self.members_table.clear_rows()
            for m in trip.members if trip else []:
                self.add_member(
                    m.person_id,
                    title=m.title,
                    role=m.role,
                    start=m.start_date,
                    end=m.end_date,
                    destination=m.destination,
                    duties=m.duties,
                    note=m.note,
                    member_id=m.id,
                    person_label=ref_label(m.person_ko, m.person_original) if m.person_ko else None,
                )
            self._members_changed()
            self._period_changed()
            self.itinerary_model.load(trip.itinerary if trip else [])
            self.events_tab.show_events(trip.events if trip else [])
            self.meetings_tab.show_meetings(trip.meetings if trip else [], saved=self.trip_id is not None)
        finally:
            self._loading = False
        self._destinations_changed()
        self._baseline = self._snapshot()
        self._loaded = self.payload()  # to merge with a colleague's newer version on save
        self.form.undo_stack.setClean()
        self.setWindowTitle(self._title() + "[*]")
        self.status.hide()
        self._changed()

    def _title(self) -> str:
        if self.trip_id is None:
            return pick("출장 새로 만들기", "New trip")
        name = self.form.field("title").value() or ""
        return pick(f"출장 수정 — {name}", f"Edit trip — {name}")

    # -- the trip's period and defaults
    def period(self) -> tuple[date, date] | None:
        start = self.form.field("start_date").value()
        end = self.form.field("end_date").value()
        if start is None or end is None or end < start:
            return None
        return start, end

    def _period_changed(self) -> None:
        period = self.period()
        self.itinerary_model.set_period(period)
        self.event_picker.period = period
        self._check_members()
        self.show_nights()

    def computed_nights(self) -> int | None:
        """The nights abroad the itinerary gives (4 for the G7 trip's 6 days), None without a period."""
        period = self.period()
        if period is None:
            return None
        legs = [r for r in self.itinerary_model.rows if r.date is not None]
        return nights_abroad(period[0], period[1], legs)

    def show_nights(self) -> None:
        """The nights field shows what the itinerary gives; typing a number corrects it."""
        hint = trip_form.nights_hint(self.period(), self.computed_nights())
        self.form.field("nights").edit.setPlaceholderText(hint)

    def _nights_problem(self) -> str:
        return trip_form.nights_problem(self.form.field("nights").value(), self.period())

    # -- destinations
    def add_destination(
        self,
        country_code: str | None = None,
        city: str | None = None,
        timezone: str | None = None,
        *,
        row_id: uuid.UUID | None = None,
        country_label: str | None = None,
    ) -> DestinationRow:
        row = DestinationRow(self.db, row_id)
        row.fill(country_code, city, timezone, country_label)
        self.destinations_table.append(row)
        self._destinations_changed()
        return row

    @property
    def destination_rows(self) -> list[DestinationRow]:
        return self.destinations_table.rows

    def remove_destination(self, index: int) -> None:
        self.destinations_table.remove(index)

    def move_destination(self, index: int, delta: int) -> None:
        self.destinations_table.move(index, delta)

    def _destinations_changed(self) -> None:
        for row in self.destination_rows:
            problems = row.errors(self._strict)
            for widget in row.inputs():
                flag(widget, problems.get(widget, ""))
        first = next((r.timezone.value() for r in self.destination_rows if r.timezone.value()), None)
        try:
            self.itinerary_model.default_timezone = parse_zones(first)[0] if first else None
        except DomainError:
            self.itinerary_model.default_timezone = None
        self._changed()

    # -- members
    def add_member(
        self,
        person_id: Any = None,
        title: str | None = None,
        role: str | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        destination: str | None = None,
        duties: str | None = None,
        note: str | None = None,
        *,
        member_id: uuid.UUID | None = None,
        person_label: str | None = None,
    ) -> MemberRow:
        """Add a traveller. Their period defaults to the trip's, their destination to the trip's,
        their title to the one they held when the trip starts."""
        row = MemberRow(self.db, member_id)
        if not self._loading:
            period = self.period()
            if start is None and end is None and period is not None:
                start, end = period
            if destination is None:
                destination = self.form.field("destination").value()
        row.fill(title, role, start, end, destination, duties, note)
        row.person.changed.connect(lambda: self._person_chosen(row))
        if person_id is not None:
            row.person.set_value(person_id, person_label)
        self.members_table.append(row)
        if not self._loading:
            self._members_changed()
        return row

    def _person_chosen(self, row: MemberRow) -> None:
        person_id = row.person.value()
        # swapping two rows' values is not choosing a person
        if self._loading or self.members_table.swapping or person_id is None or row.title.value():
            return
        period = self.period()
        title = trip_save.member_title(self.db, person_id, period[0] if period else None)
        if title:
            row.title.set_value(title)

    @property
    def member_rows(self) -> list[MemberRow]:
        return self.members_table.rows

    def remove_member(self, index: int) -> None:
        """Remove a traveller; itinerary lines that named them stop naming anyone."""
        self.members_table.remove(index)

    def move_member(self, index: int, delta: int) -> None:
        self.members_table.move(index, delta)

    def _members_changed(self) -> None:
        self.itinerary_model.set_members(
            [(m.key, m.label() or f"#{i + 1}") for i, m in enumerate(self.member_rows)]
        )
        self._check_members()
        self._changed()

    def _check_members(self) -> None:
        period = self.period()
        for row in self.member_rows:
            problems = row.errors(period, self._strict)
            for widget in row.inputs():
                flag(widget, problems.get(widget, ""))

    # -- itinerary and events (the tabs do the work; tests and the buttons call these)
    def add_itinerary_row(self, *args: Any, **kwargs: Any) -> int:
        """See `ItineraryTab.add_row`: a line filled as if typed, after row `after`."""
        return self.itinerary_tab.add_row(*args, **kwargs)

    def remove_itinerary_row(self, row: int | None = None) -> None:
        self.itinerary_tab.remove_row(row)

    def move_itinerary_row(self, row: int | None = None, delta: int = 1) -> None:
        self.itinerary_tab.move_row(row, delta)

    def sort_itinerary(self) -> None:
        self.itinerary_tab.sort()

    def event_ids(self) -> list[str]:
        return self.events_tab.event_ids()

    def add_event(self, event_id: Any) -> bool:
        return self.events_tab.add_event(event_id)

    def remove_event(self, event_id: Any = None) -> None:
        self.events_tab.remove_event(event_id)

    # -- state
    def _snapshot(self) -> tuple[Any, ...]:
        return (
            self.destinations_table.snapshot(),
            self.members_table.snapshot(),
            self.itinerary_model.snapshot(),
            self.event_ids(),
        )

    @property
    def tables_dirty(self) -> bool:
        return self._baseline is not None and self._snapshot() != self._baseline

    def _undo_moved(self, _index: int) -> None:
        self._changed()

    def _changed(self) -> None:
        if self._loading:
            return
        self.setWindowModified(self.dirty)
        self.show_nights()  # a flight added or moved changes the nights abroad
        self.itinerary_tab.show_checks(self._strict)

    # -- saving
    def _problems(self) -> list[tuple[QWidget, str, Callable[[], None]]]:
        """What stops the trip from being saved, in tab order: (tab, message, show it)."""
        out: list[tuple[QWidget, str, Callable[[], None]]] = []
        if self._nights_problem():
            out.append((self.overview_tab, self._nights_problem(), self.form.field("nights").setFocus))
        self.form.validate()
        for problem in self.form.problems():  # each field by its label, not "check the marked fields"
            out.append((self.overview_tab, problem.text(), problem.focus))
        return out + self._table_problems()

    def _table_problems(self) -> list[tuple[QWidget, str, Callable[[], None]]]:
        out: list[tuple[QWidget, str, Callable[[], None]]] = []
        for i, row in enumerate(self.destination_rows):
            for widget, message in row.errors(self._strict).items():
                where = pick(f"출장지 {i + 1}", f"Destination {i + 1}")
                out.append((self.overview_tab, f"{where}: {message}", widget.setFocus))
        period = self.period()
        for i, row in enumerate(self.member_rows):
            for widget, message in row.errors(period, self._strict).items():
                where = pick(f"출장자 {i + 1}", f"Trip member {i + 1}")
                out.append((self.members_tab, f"{where}: {message}", widget.setFocus))
        out.extend((self.itinerary_tab, text, go) for text, go in self.itinerary_tab.problems(self._strict))
        return out

    def _listed(self, found: list[tuple[QWidget, str, Callable[[], None]]]) -> list[Problem]:
        """For the list at the top: a click (or Enter) on one goes to its tab and field."""
        return [
            Problem("", message, lambda t=tab, go=focus: (self.tabs.setCurrentWidget(t), go()))
            for tab, message, focus in found
        ]

    def all_problems(self) -> list[Problem]:
        return self._listed(self._problems())

    def extra_problems(self) -> list[Problem]:
        """What the form's fields do not say, for the list as it follows the edits."""
        nights = self._nights_problem()
        found = [(self.overview_tab, nights, self.form.field("nights").setFocus)] if nights else []
        return self._listed(found + self._table_problems())

    def _show(self, tab: QWidget, message: str, focus: Callable[[], None] = lambda: None) -> None:
        self.tabs.setCurrentWidget(tab)
        self.status.setText(message)
        self.status.show()
        focus()

    def payload(self) -> TripPayload:
        """What Save sends, as the editor holds it now."""
        return TripPayload(
            self.form.values(),
            destinations=[r.values() for r in self.destination_rows],
            members=[r.values() for r in self.member_rows],
            itinerary=[r.values() for r in self.itinerary_model.rows],
            event_ids=self.event_ids(),
        )

    def save(self) -> bool:
        """Check everything, then save the trip whole; True when saved (the dialog closes)."""
        self._strict = True
        self.itinerary_model.set_strict(True)
        self._destinations_changed()
        self._check_members()
        self.status.hide()
        if not self.check():  # every problem at once at the top, and to the first
            return False
        try:
            trip = trip_form.save_trip(self.db, self.trip_id, self.payload(), self.version)
        except trip_save.TripPartError as exc:
            self._show_part_error(exc)
            return False
        except DomainError as exc:
            if not record_conflicts.is_stale(exc, self.trip_id):
                self._refused(exc)
                return False
            merged = trip_conflicts.save_merged(self, exc)  # a colleague saved it first
            if merged is None:
                return False
            trip = merged
        self.saved = trip
        self.load(trip)
        self.accept()
        return True

    def _refused(self, exc: DomainError) -> None:
        if exc.field in self.form.widgets:
            self.form.show_error(exc)
        self._show(self.overview_tab, readable(exc))

    def _show_part_error(self, exc: trip_save.TripPartError) -> None:
        if exc.section == "itinerary":
            go = self.itinerary_tab.go_to
            self._show(self.itinerary_tab, readable(exc), lambda: go(exc.row, exc.field))
        elif exc.section == "members" and exc.row < len(self.member_rows):
            widget = self.member_rows[exc.row].widget_for(exc.field)
            flag(widget, readable(exc))
            self._show(self.members_tab, readable(exc), widget.setFocus)
        else:
            self._show(self.overview_tab, readable(exc))


def open_trip_editor(
    db: Database, trip_id: uuid.UUID | None = None, parent: QWidget | None = None
) -> TripEditor:
    """Open the editor on a trip (None: a new trip), shown and not modal; `saved` holds the
    trip once saved."""
    editor = TripEditor(db, trip_id, parent)
    editor.show()
    return editor


__all__ = [
    "ERROR_BACKGROUND",
    "DestinationRow",
    "ErrorRole",
    "EventPicker",
    "ItineraryModel",
    "ItineraryRow",
    "MemberRow",
    "TripEditor",
    "format_time_range",
    "open_trip_editor",
    "parse_day",
    "parse_time_range",
    "parse_zones",
]
