"""Three tabs of the trip editor, each a widget of its own: 일정 (the itinerary table with its
buttons and shortcuts), 행사 (the events the trip went to) and 면담 (the meetings held on it,
read only). Each says when the user changed something through the `on_change` it is given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.enums import ItineraryKind
from tracker.domain.i18n import pick, plural
from tracker.domain.itinerary import format_time_range
from tracker.domain.labels import label
from tracker.services import trip_save
from tracker.services.trip_form import MeetingLine
from tracker.ui.format import display, format_date
from tracker.ui.forms import ERROR_STYLE
from tracker.ui.row_widgets import flag
from tracker.ui.trip_itinerary import ChoiceDelegate, ItineraryModel, ZoneDelegate
from tracker.ui.trip_rows import EventPicker, MemberRow


class ItineraryTab(QWidget):
    """The 일정 table, its buttons (add, remove, move a line, sort) with their shortcuts, how
    many cells are to check, and a note for arrivals moved to the next day."""

    def __init__(self, on_change: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ItineraryModel(self)
        self.model.edited.connect(on_change)
        m = self.model
        view = self.view = QTableView()
        view.setModel(m)
        view.setWordWrap(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        view.setItemDelegateForColumn(
            m.KIND, ChoiceDelegate(lambda: [(k.value, label(k)) for k in ItineraryKind], view)
        )
        view.setItemDelegateForColumn(m.MEMBER, ChoiceDelegate(lambda: [("", ""), *self.model.members], view))
        view.setItemDelegateForColumn(m.TIMEZONE, ZoneDelegate(view))
        for col, width in (
            (m.DATE, 150),
            (m.TIME, 120),
            (m.KIND, 100),
            (m.DETAIL, 230),
            (m.REFERENCE, 110),
            (m.TIMEZONE, 210),
            (m.MEMBER, 110),
        ):
            view.setColumnWidth(col, width)
        view.horizontalHeader().setSectionResizeMode(m.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        view.setToolTip(
            pick(
                "시간: 09:45~13:54, 다음 날 도착은 16:50+1 / 일자: 12.6 또는 2025.12.06.",
                "Time: 09:45~13:54, next-day arrival 16:50+1 / Date: 2025-12-06 or 12.6",
            )
        )

        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, shortcut, slot in (
            (
                "add",
                pick("행 추가", "Add line"),
                "Ctrl+Return",
                lambda: self.add_row(after=self.current_line()),
            ),
            ("remove", pick("행 삭제", "Remove line"), "Ctrl+Delete", lambda: self.remove_row()),
            ("up", vocabulary.MOVE_UP(), "Alt+Up", lambda: self.move_row(delta=-1)),
            ("down", vocabulary.MOVE_DOWN(), "Alt+Down", lambda: self.move_row(delta=1)),
            ("sort", pick("일자·시간순 정렬", "Sort by date and time"), None, lambda: self.sort()),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            if shortcut:
                action = QAction(text, view)
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                action.triggered.connect(slot)
                view.addAction(action)
                button.setToolTip(QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText))
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        self.issues = QLabel(styleSheet=ERROR_STYLE)
        bar.addWidget(self.issues)
        # an arrival moved to the next day, said where the officer looks
        self.note = QLabel(styleSheet="color: #9a5b00;", wordWrap=True)
        self.note.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addWidget(view)

    def show_checks(self, strict: bool) -> None:
        """How many cells are to check, and a note per arrival moved to the next day."""
        count = len(self.model.problems(strict))
        self.issues.setText(
            pick(f"확인할 칸 {count}개", plural(count, "1 cell to check", f"{count} cells to check"))
            if count
            else ""
        )
        notes = self.model.arrival_notes()
        self.note.setText("\n".join(f"※ {n}" for n in notes))
        self.note.setVisible(bool(notes))

    def problems(self, strict: bool) -> list[tuple[str, Callable[[], None]]]:
        """Each cell that stops the trip from being saved ('Itinerary line 3, Time: …'), and
        what puts the cursor on it."""
        m = self.model
        out: list[tuple[str, Callable[[], None]]] = []
        for r, c, message in m.problems(strict):
            column = pick(*m.HEADERS[c])
            where = pick(f"일정 {r + 1}행 {column}", f"Itinerary line {r + 1}, {column}")
            out.append((f"{where}: {message}", lambda r=r, c=c: self.view.setCurrentIndex(m.index(r, c))))
        return out

    def go_to(self, row: int, field: str | None) -> None:
        """Put the cursor on the cell a service's refusal names: its line, its field's column."""
        m = self.model
        column = {
            "date": m.DATE,
            "start_time": m.TIME,
            "end_time": m.TIME,
            "end_day_offset": m.TIME,
            "timezone": m.TIMEZONE,
            "end_timezone": m.TIMEZONE,
            "kind": m.KIND,
            "description": m.DESCRIPTION,
            "member_id": m.MEMBER,
        }.get(field or "", m.DESCRIPTION)
        self.view.setCurrentIndex(m.index(row, column))

    def current_line(self) -> int | None:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else None

    def add_row(
        self,
        date: date | str | None = None,
        time: str | None = None,
        description: str | None = None,
        *,
        kind: ItineraryKind | str | None = None,
        detail: str | None = None,
        reference: str | None = None,
        timezone: str | None = None,
        member: Any = None,
        start: Any = None,
        end: Any = None,
        after: int | None = None,
    ) -> int:
        """Add a line after row `after` (at the end by default) and fill what is given, as if
        typed into the cells: `time` as '07:00~16:50+1', or `start` and `end` ('16:50+1').
        The date defaults to the line before's, the time zone to where that line ends.
        `member` is a traveller's position in the member table, a MemberRow, or its key."""
        m = self.model
        r = len(m.rows) if after is None else after + 1
        m.insertRows(r, 1)
        if time is None and (start is not None or end is not None):

            def text(t: Any) -> str:
                return t.strftime("%H:%M") if hasattr(t, "strftime") else str(t or "")

            time = f"{text(start)}~{text(end)}" if end is not None else text(start)
        if isinstance(member, MemberRow):
            member = member.key
        for col, value in (
            (m.DATE, date),
            (m.TIME, time),
            (m.KIND, kind),
            (m.DESCRIPTION, description),
            (m.DETAIL, detail),
            (m.REFERENCE, reference),
            (m.TIMEZONE, timezone),
            (m.MEMBER, member),
        ):
            if value is not None:
                m.setData(m.index(r, col), value)
        self.view.setCurrentIndex(m.index(r, m.DESCRIPTION if date is not None else m.DATE))
        return r

    def remove_row(self, row: int | None = None) -> None:
        row = self.current_line() if row is None else row
        if row is not None:
            self.model.removeRows(row, 1)

    def move_row(self, row: int | None = None, delta: int = 1) -> None:
        row = self.current_line() if row is None else row
        if row is None:
            return
        target = row + delta
        if not 0 <= target < len(self.model.rows):
            return
        column = max(self.view.currentIndex().column(), 0)
        destination = target + 1 if delta > 0 else target
        if self.model.moveRows(QModelIndex(), row, 1, QModelIndex(), destination):
            self.view.setCurrentIndex(self.model.index(target, column))

    def sort(self) -> None:
        self.model.sort_by_time()


class EventsTab(QWidget):
    """The events and conferences the trip went to: found by typing or among those held
    during the trip (▾), added, and taken off the list."""

    def __init__(self, db: Database, on_change: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.on_change = on_change
        self.event_list = QListWidget()
        self.event_picker = EventPicker(db)
        self.event_picker.edit.textEdited.connect(lambda _text: flag(self.event_picker, ""))
        self.add_event_button = QPushButton(pick("행사 추가", "Add event"))
        self.add_event_button.clicked.connect(self._add_picked_event)
        self.remove_event_button = QPushButton(pick("선택한 행사 빼기", "Remove selected"))
        self.remove_event_button.clicked.connect(lambda: self.remove_event())
        row = QHBoxLayout()
        row.addWidget(self.event_picker, 1)
        row.addWidget(self.add_event_button)
        row.addWidget(self.remove_event_button)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(pick("이 출장에서 참석한 행사·회의", "Events and conferences attended on this trip"))
        )
        layout.addWidget(self.event_list)
        layout.addLayout(row)

    def show_events(self, choices: list[trip_save.EventChoice]) -> None:
        """List a trip's events as loaded (not an edit)."""
        self.event_list.clear()
        for choice in choices:
            self._event_item(choice)

    def _event_item(self, choice: trip_save.EventChoice) -> None:
        item = QListWidgetItem(choice.label())
        item.setData(Qt.ItemDataRole.UserRole, str(choice.id))
        self.event_list.addItem(item)

    def event_ids(self) -> list[str]:
        return [
            self.event_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.event_list.count())
        ]

    def add_event(self, event_id: Any) -> bool:
        if str(event_id) in self.event_ids():
            return False
        found = trip_save.event_choices(self.db, [event_id])
        if not found:
            return False
        self._event_item(found[0])
        self.on_change()
        return True

    def _add_picked_event(self) -> None:
        picker = self.event_picker
        if picker.value() is None:  # nothing matched what was typed: say so, by the picker
            message = picker.error() or pick(
                "행사명 일부를 입력해 고르거나 ▾에서 고르세요.",
                "Type part of an event's name, or choose with ▾.",
            )
            flag(picker, message)
            QToolTip.showText(picker.mapToGlobal(picker.rect().bottomLeft()), message, picker)
            picker.setFocus()
            return
        if self.add_event(picker.value()):
            picker.clear()

    def remove_event(self, event_id: Any = None) -> None:
        if event_id is None:
            item = self.event_list.currentItem()
            if item is None:
                return
            event_id = item.data(Qt.ItemDataRole.UserRole)
        for i in range(self.event_list.count()):
            if self.event_list.item(i).data(Qt.ItemDataRole.UserRole) == str(event_id):
                self.event_list.takeItem(i)
                self.on_change()
                return


class MeetingsTab(QWidget):
    """The meetings held on the trip, in their order on it (edited on the meetings page)."""

    HEADERS = (
        ("순번", "No."),
        ("일자", "Date"),
        ("시간", "Time"),
        ("면담", "Meeting"),
        ("유형", "Kind"),
        ("국가", "Country"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meetings_table = QTableWidget(0, len(self.HEADERS))
        self.meetings_table.setHorizontalHeaderLabels([pick(*h) for h in self.HEADERS])
        self.meetings_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.meetings_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.meetings_note = QLabel(wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.meetings_note)
        layout.addWidget(self.meetings_table)

    def show_meetings(self, rows: list[MeetingLine], saved: bool) -> None:
        """The trip's meetings; a trip not yet `saved` is told how meetings come to it."""
        self.meetings_table.setRowCount(len(rows))
        for r, m in enumerate(rows):
            country = pick(m.country_ko, m.country_en) or ""
            time_text = format_time_range(m.start_time, m.end_time)
            for c, text in enumerate(
                (str(m.seq or ""), format_date(m.date), time_text, m.title, display(m.kind), country)
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(m.id))
                self.meetings_table.setItem(r, c, item)
        if not saved:
            self.meetings_note.setText(
                pick(
                    "저장한 뒤 면담을 이 출장에 연결할 수 있습니다.",
                    "Once the trip is saved, meetings can be linked to it.",
                )
            )
        else:
            self.meetings_note.setText(
                pick(
                    f"이 출장의 면담 {len(rows)}건 (면담 화면에서 수정)",
                    plural(
                        len(rows),
                        "1 meeting on this trip (edit it",
                        f"{len(rows)} meetings on this trip (edit them",
                    )
                    + " on the meetings page)",
                )
            )


__all__ = ["EventsTab", "ItineraryTab", "MeetingsTab"]
