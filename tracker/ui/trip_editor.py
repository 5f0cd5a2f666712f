"""The trip editor: a trip as its result report lays it out — 출장 개요 (the trip's fields and
destinations), 출장자 및 담당업무 (members with their own periods and duties), 일정 (the
itinerary table, with '16:50+1' arrivals and flight numbers), the events it went to and the
meetings held on it — saved whole in one transaction (`services.trip_save.save_trip`).

The trip's own fields are undoable (the form's undo stack); edits of the tables count as
unsaved changes, and the dialog asks before throwing them away.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date, time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import itinerary
from tracker.domain.arrival import arrival, lands_before_leaving
from tracker.domain.dates import format_local_time, korean_date, nights_days
from tracker.domain.enums import ItineraryKind
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import language, pick
from tracker.domain.itinerary import format_time_range, format_zones, parse_day, parse_time_range, period_text
from tracker.domain.labels import label
from tracker.domain.nights import nights_abroad
from tracker.services import trip_form, trip_save
from tracker.services.trip_form import ItineraryRow, MeetingLine, TripDraft, TripPayload
from tracker.services.validation import readable
from tracker.ui import fields as f
from tracker.ui.accessibility import keep_named
from tracker.ui.editors import build_form
from tracker.ui.format import display, format_date
from tracker.ui.forms import ERROR_STYLE, EnterStaysInField, Problem, ProblemList, RecordDialog
from tracker.ui.row_widgets import flag, ref_label, row_tools
from tracker.ui.zone_picker import ZoneCompleter, ZonePicker, resolve_zone

Index = QModelIndex | QPersistentModelIndex

ERROR_BACKGROUND = QColor("#fde7e9")
ERROR_FOREGROUND = QColor("#b3261e")
ErrorRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


# ------------------------------------------------------------------ parsing what is typed


def parse_zones(text: str) -> tuple[str | None, str | None]:
    """'America/Toronto', or 'Asia/Seoul → America/Toronto' for a flight that lands elsewhere;
    each side may be a city or country ("Seoul → Toronto", "도쿄") or a shown zone label."""
    return itinerary.parse_zones(text, resolve_zone)


# ------------------------------------------------------------------ the itinerary table


class ItineraryModel(QAbstractTableModel):
    """The 일정 table: 일자, 시간, 구분, 주요 일정, 세부, 비고, 시간대, 출장자."""

    DATE, TIME, KIND, DESCRIPTION, DETAIL, REFERENCE, TIMEZONE, MEMBER = range(8)
    HEADERS = (
        ("일자", "Date"),
        ("시간", "Time"),
        ("구분", "Kind"),
        ("주요 일정", "Entry"),
        ("세부", "Detail"),
        ("비고", "Note (flights)"),
        ("시간대", "Time zone"),
        ("출장자", "Traveller"),
    )

    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ItineraryRow] = []
        self.period: tuple[date, date] | None = None
        self.members: list[tuple[str, str]] = []  # (member key, label), in member order
        self.default_timezone: str | None = None
        self.strict = False  # also flag what is merely missing (after a first attempt to save)

    # -- loading and the trip around the table
    def load(self, rows: Sequence[ItineraryRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        for row in self.rows:  # a line stored landing before it leaves: shown (and saved) with its day
            self.settle_arrival(row)
        self.endResetModel()

    def _all_changed(self, column: int | None = None) -> None:
        if self.rows:
            first = 0 if column is None else column
            last = self.columnCount() - 1 if column is None else column
            self.dataChanged.emit(self.index(0, first), self.index(len(self.rows) - 1, last), [])

    def set_period(self, period: tuple[date, date] | None) -> None:
        if period != self.period:
            self.period = period
            self._all_changed(self.DATE)

    def set_members(self, members: list[tuple[str, str]]) -> None:
        """The travellers a line can name. Lines naming one that is gone are cleared."""
        self.members = list(members)
        keys = {k for k, _ in members}
        for r, row in enumerate(self.rows):
            if row.member_key is not None and row.member_key not in keys:
                row.member_key = None
                self._row_changed(r)
        self._all_changed(self.MEMBER)

    def set_strict(self, strict: bool) -> None:
        if strict != self.strict:
            self.strict = strict
            self._all_changed()

    # -- checking
    def cell_errors(self, r: int, strict: bool | None = None) -> dict[int, str]:
        strict = self.strict if strict is None else strict
        row = self.rows[r]
        out = {col: message for col, (_text, message) in row.bad.items()}
        if self.DATE not in out:
            if row.date is None:
                if strict:
                    out[self.DATE] = pick("일자를 입력하세요.", "Enter the date.")
            elif self.period is not None and not self.period[0] <= row.date <= self.period[1]:
                out[self.DATE] = pick(
                    f"출장기간({period_text(self.period)}) 밖의 일자입니다.",
                    f"The date is outside the trip ({period_text(self.period)}).",
                )
        if (
            self.TIME not in out
            and row.start_time is not None
            and row.end_time is not None
            and not row.end_day_offset
            and not row.end_timezone
            and row.end_time < row.start_time
        ):
            out[self.TIME] = pick(
                "종료 시각이 시작보다 앞섭니다. 다음 날 도착이면 '+1'을 붙이세요(예: 16:50+1).",
                "The end is before the start. For an arrival the next day add '+1' (e.g. 16:50+1).",
            )
        elif (
            self.TIME not in out
            and self.TIMEZONE not in out
            and row.end_timezone
            and lands_before_leaving(
                row.date, row.start_time, row.end_time, row.timezone, row.end_timezone, row.end_day_offset
            )
        ):
            out[self.TIME] = pick(
                "도착 시각(도착지 현지 시각)이 출발보다 앞섭니다. 시각과 시간대를 확인하세요.",
                "The arrival (local time where it lands) is before the departure. Check the times and zones.",
            )
        if strict and not row.description.strip():
            out[self.DESCRIPTION] = pick("주요 일정을 입력하세요.", "Enter what happens.")
        return out

    def problems(self, strict: bool = True) -> list[tuple[int, int, str]]:
        """(row, column, message) for every cell that stops the trip from being saved."""
        return [
            (r, c, m) for r in range(len(self.rows)) for c, m in sorted(self.cell_errors(r, strict).items())
        ]

    # -- shape
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return pick(*self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    # -- reading
    def member_label(self, key: str | None) -> str:
        return next((text for k, text in self.members if k == key), "") if key else ""

    def _display(self, row: ItineraryRow, col: int) -> str:
        if col in row.bad:
            return row.bad[col][0]
        if col == self.DATE:
            return format_date(row.date) if row.date else ""
        if col == self.TIME:
            return format_time_range(row.start_time, row.end_time, row.end_day_offset)
        if col == self.KIND:
            return label(row.kind)
        if col == self.DESCRIPTION:
            return row.description
        if col == self.DETAIL:
            return row.detail
        if col == self.REFERENCE:
            return row.reference
        if col == self.TIMEZONE:
            return format_zones(row.timezone, row.end_timezone)
        return self.member_label(row.member_key)

    def _edit(self, row: ItineraryRow, col: int) -> Any:
        if col in row.bad:
            return row.bad[col][0]
        if col == self.DATE:
            if row.date is None:
                return ""
            return korean_date(row.date) if language() == "ko" else row.date.isoformat()
        if col == self.KIND:
            return row.kind.value
        if col == self.MEMBER:
            return row.member_key or ""
        return self._display(row, col)

    @staticmethod
    def settle_arrival(row: ItineraryRow) -> None:
        """An arrival that as typed comes before the departure lands the next day: add the
        '+1' (tracker.domain.arrival) and remember it was added, to say so."""
        entered = max(row.end_day_offset - row.added_days, 0)
        found = arrival(row.date, row.start_time, row.end_time, row.timezone, row.end_timezone, entered)
        row.end_day_offset, row.added_days = found.day_offset, found.added

    def arrival_notes(self) -> list[str]:
        """One note per line whose arrival was moved to the next day."""
        return [
            pick(
                f"{r + 1}행: 도착이 출발보다 앞서 {format_local_time(row.end_time, row.end_day_offset)}"
                f"(다음 날 도착)로 적었습니다.",
                f"Line {r + 1}: the arrival came before the departure; written as "
                f"{format_local_time(row.end_time, row.end_day_offset)} (the next day).",
            )
            for r, row in enumerate(self.rows)
            if row.added_days and row.end_time is not None
        ]

    def _tooltip(self, row: ItineraryRow, col: int) -> str | None:
        if col == self.TIME and row.added_days:
            return pick(
                "도착이 출발보다 앞서 다음 날 도착(+1)으로 적었습니다.",
                "The arrival came before the departure: it is the next day (+1).",
            )
        if col == self.TIME and row.end_time is not None and row.end_timezone:
            return (
                f"{format_local_time(row.start_time)} {row.timezone or ''} → "
                f"{format_local_time(row.end_time, row.end_day_offset)} {row.end_timezone}"
            )
        if col == self.DESCRIPTION and row.meeting_id is not None:
            return pick("면담 기록과 연결된 일정입니다.", "Linked to a meeting record.")
        return None

    def _sort_key(self, row: ItineraryRow) -> tuple[Any, ...]:
        # Lines without a date go last; within a day, lines without a time come first.
        return (
            row.date is None,
            row.date or date.min,
            row.start_time is not None,
            row.start_time or time.min,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit(row, col)
        if role in (
            Qt.ItemDataRole.ToolTipRole,
            ErrorRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            message = self.cell_errors(index.row()).get(col)
            if role == ErrorRole:
                return message
            if role == Qt.ItemDataRole.ToolTipRole:
                return message or self._tooltip(row, col)
            if message is None:
                return None
            return ERROR_BACKGROUND if role == Qt.ItemDataRole.BackgroundRole else ERROR_FOREGROUND
        if role == SortRole:
            return self._sort_key(row) if col in (self.DATE, self.TIME) else self._display(row, col)
        return None

    # -- writing
    def _row_changed(self, r: int) -> None:
        self.dataChanged.emit(self.index(r, 0), self.index(r, self.columnCount() - 1), [])

    def _parsed(self, row: ItineraryRow, col: int, text: str, parse: Callable[[str], Any]) -> Any:
        """Parse `text`; on failure keep it, with the reason, for the cell to show."""
        row.bad.pop(col, None)
        try:
            return parse(text)
        except DomainError as exc:
            row.bad[col] = (text, readable(exc))
            return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self.rows):
            return False
        row, col = self.rows[index.row()], index.column()
        if col == self.DATE:
            if isinstance(value, QDate):
                value = value.toPython()
            if isinstance(value, date):
                row.bad.pop(col, None)
                row.date = value
            else:
                text = str(value or "").strip()
                row.date = self._parsed(row, col, text, lambda t: parse_day(t, self.period)) if text else None
                if not text:
                    row.bad.pop(col, None)
        elif col == self.TIME:
            if isinstance(value, tuple):
                row.bad.pop(col, None)
                row.start_time, row.end_time, row.end_day_offset = value
            else:
                text = str(value or "").strip()
                parsed = self._parsed(row, col, text, parse_time_range)
                row.start_time, row.end_time, row.end_day_offset = parsed or (None, None, 0)
        elif col == self.KIND:
            kind = self._kind(value)
            if kind is None:
                return False
            row.kind = kind
        elif col in (self.DESCRIPTION, self.DETAIL, self.REFERENCE):
            text = str(value or "")
            if col == self.DESCRIPTION:
                row.description = text
            elif col == self.DETAIL:
                row.detail = text
            else:
                row.reference = text
        elif col == self.TIMEZONE:
            text = str(value or "").strip()
            parsed = self._parsed(row, col, text, parse_zones)
            row.timezone, row.end_timezone = parsed or (None, None)
        elif col == self.MEMBER:
            key = self._member_key(value)
            if key is False:
                return False
            row.member_key = key  # type: ignore[assignment]
        else:
            return False
        if col == self.TIME:
            row.added_days = 0  # the times as typed now, with their own '+1'
        if col in (self.DATE, self.TIME, self.TIMEZONE):
            self.settle_arrival(row)
        self._row_changed(index.row())
        self.edited.emit()
        return True

    @staticmethod
    def _kind(value: Any) -> ItineraryKind | None:
        if isinstance(value, ItineraryKind):
            return value
        text = str(value or "").strip()
        for kind in ItineraryKind:
            if text in (kind.value, label(kind)):
                return kind
        return None

    def _member_key(self, value: Any) -> str | None | bool:
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return self.members[value][0] if 0 <= value < len(self.members) else False
        text = str(value)
        for key, name in self.members:
            if text in (key, name):
                return key
        return False

    # -- rows
    def insertRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        if parent.isValid() or not 0 <= row <= len(self.rows) or count < 1:
            return False
        before = self.rows[row - 1] if row > 0 else None
        self.beginInsertRows(QModelIndex(), row, row + count - 1)
        for i in range(count):
            self.rows.insert(
                row + i,
                ItineraryRow(
                    date=before.date if before else (self.period[0] if self.period else None),
                    # Where the line before ends (a flight lands in another zone), this one starts.
                    timezone=(before.end_timezone or before.timezone) if before else self.default_timezone,
                ),
            )
        self.endInsertRows()
        self.edited.emit()
        return True

    def removeRows(self, row: int, count: int, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        if parent.isValid() or count < 1 or row < 0 or row + count > len(self.rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self.rows[row : row + count]
        self.endRemoveRows()
        self.edited.emit()
        return True

    def moveRows(
        self,
        source_parent: Index,
        source_row: int,
        count: int,  # noqa: N802
        destination_parent: Index,
        destination_child: int,
    ) -> bool:
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        if (
            source_row < 0
            or source_row + count > len(self.rows)
            or not 0 <= destination_child <= len(self.rows)
        ):
            return False
        if source_row <= destination_child <= source_row + count:
            return False  # onto itself
        if not self.beginMoveRows(
            QModelIndex(), source_row, source_row + count - 1, QModelIndex(), destination_child
        ):
            return False
        moving = self.rows[source_row : source_row + count]
        del self.rows[source_row : source_row + count]
        at = destination_child - count if destination_child > source_row else destination_child
        self.rows[at:at] = moving
        self.endMoveRows()
        self.edited.emit()
        return True

    def sort_by_time(self) -> None:
        """Put the lines in order of date and time (lines of the same moment keep their order)."""
        self.layoutAboutToBeChanged.emit()
        old = list(self.rows)
        self.rows.sort(key=self._sort_key)
        moved = {id(r): i for i, r in enumerate(self.rows)}
        for index in self.persistentIndexList():
            if index.isValid():
                to = moved[id(old[index.row()])]
                self.changePersistentIndex(index, self.index(to, index.column()))
        self.layoutChanged.emit()
        if [id(r) for r in old] != [id(r) for r in self.rows]:
            self.edited.emit()

    def snapshot(self) -> list[tuple[Any, ...]]:
        return [r.snapshot() for r in self.rows]


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box over (value, label) choices; the model's EditRole gives the value."""

    def __init__(self, choices: Callable[[], list[tuple[Any, str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        for value, text in self.choices():
            combo.addItem(text, value)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ZoneDelegate(QStyledItemDelegate):
    """A line edit that finds zones by city or country ("Toronto", "도쿄"); after an arrow
    ("Seoul → Tok") it completes the zone where the flight lands."""

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:  # noqa: N802
        edit = QLineEdit(parent)
        ZoneCompleter(edit)
        return edit


# ------------------------------------------------------------------ rows of widgets


class DestinationRow:
    """국가, 도시, 시간대."""

    def __init__(self, db: Database, row_id: uuid.UUID | None = None) -> None:
        self.id = row_id
        self.country = f.RefField(db, "countries", label_columns=(1, 2))
        self.city = f.TextField()
        self.timezone = ZonePicker()
        # the row's country's zones are proposed first
        self.country.changed.connect(lambda: self.timezone.set_country(self.country.value()))
        self.tools: QWidget | None = None

    def inputs(self) -> list[QWidget]:
        return [self.country, self.city, self.timezone]

    def raw(self) -> tuple[Any, ...]:
        return (
            self.id,
            self.country.value(),
            self.country.edit.text(),
            self.city.text(),
            self.timezone.text(),
        )

    def restore(self, raw: tuple[Any, ...]) -> None:
        self.id = raw[0]
        self.country.set_value(raw[1], raw[2] or None)
        if raw[1] is None:
            self.country.edit.setText(raw[2])
        self.city.setText(raw[3])
        self.timezone.setText(raw[4])

    def values(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "country_code": self.country.value(),
            "city": self.city.value(),
            "timezone": self.timezone.value(),
        }

    def errors(self, strict: bool) -> dict[QWidget, str]:
        out: dict[QWidget, str] = {}
        if self.country.error() or (strict and self.country.value() is None):
            out[self.country] = self.country.error() or pick(
                "국가를 목록에서 고르세요.", "Choose the country from the list."
            )
        if self.timezone.error():
            out[self.timezone] = self.timezone.error()
        return out


class MemberRow:
    """성명, 직급, 역할, 출장기간, 출장지, 주요업무, 비고 of one traveller. `key` names the member
    for itinerary lines: its id once saved, a new UUID before."""

    def __init__(self, db: Database, member_id: uuid.UUID | None = None) -> None:
        self.id = member_id
        self.key = str(member_id or uuid.uuid4())
        self.person = f.RefField(db, "persons", label_columns=(0, 1))
        self.title = f.TextField()
        self.role = f.TextField()
        self.start = f.DateField()
        self.end = f.DateField()
        self.destination = f.TextField()
        self.duties = f.MultilineField()
        self.duties.setPlaceholderText(pick("o 주요업무\n - 세부 내용", "o Main duty\n - details"))
        self.note = f.MultilineField()
        self.note.setPlaceholderText(pick("※ 비고", "※ remarks"))
        self.tools: QWidget | None = None

    def inputs(self) -> list[QWidget]:
        return [
            self.person,
            self.title,
            self.role,
            self.start,
            self.end,
            self.destination,
            self.duties,
            self.note,
        ]

    def raw(self) -> tuple[Any, ...]:
        return (
            self.id,
            self.key,
            self.person.value(),
            self.person.edit.text(),
            self.title.text(),
            self.role.text(),
            self.start.text(),
            self.end.text(),
            self.destination.text(),
            self.duties.toPlainText(),
            self.note.toPlainText(),
        )

    def restore(self, raw: tuple[Any, ...]) -> None:
        self.id, self.key = raw[0], raw[1]
        self.person.set_value(raw[2], raw[3] or None)
        if raw[2] is None:
            self.person.edit.setText(raw[3])
        self.title.setText(raw[4])
        self.role.setText(raw[5])
        self.start.setText(raw[6])
        self.end.setText(raw[7])
        self.destination.setText(raw[8])
        self.duties.setPlainText(raw[9])
        self.note.setPlainText(raw[10])

    def label(self) -> str:
        name = self.person.edit.text().split(" · ")[0].strip()
        return " ".join(p for p in (name, self.title.value() or "") if p)

    def values(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "person_id": self.person.value(),
            "title": self.title.value(),
            "role": self.role.value(),
            "start_date": self.start.value(),
            "end_date": self.end.value(),
            "destination": self.destination.value(),
            "duties": self.duties.value(),
            "note": self.note.value(),
        }

    def errors(self, period: tuple[date, date] | None, strict: bool) -> dict[QWidget, str]:
        out: dict[QWidget, str] = {}
        if self.person.error() or (strict and self.person.value() is None):
            out[self.person] = self.person.error() or pick(
                "성명을 목록에서 고르세요.", "Choose the person from the list."
            )
        for widget in (self.start, self.end):
            message = widget.error()
            day = widget.value()
            if not message and day is not None and period is not None and not period[0] <= day <= period[1]:
                message = pick(
                    f"출장기간({period_text(period)}) 밖의 날짜입니다.",
                    f"Outside the trip ({period_text(period)}).",
                )
            if message:
                out[widget] = message
        start, end = self.start.value(), self.end.value()
        if self.end not in out and start is not None and end is not None and end < start:
            out[self.end] = readable(ValidationError("end_before_start", start=start, end=end))
        return out


class EventPicker(QWidget):
    """Find an event by typing part of its name, city or venue; ▾ lists the events held during
    the trip."""

    changed = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.period: tuple[date, date] | None = None
        self._value: uuid.UUID | None = None
        self._matches: dict[str, uuid.UUID] = {}
        self.edit = QLineEdit(
            placeholderText=pick("행사명 일부를 입력하세요", "Type part of an event's name")
        )
        self.edit.setClearButtonEnabled(True)
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(self.completer)
        self.completer.activated.connect(self._choose)
        self.edit.textEdited.connect(self._search)
        self.edit.textChanged.connect(self._typed)
        self.during = QToolButton(text="▾")
        self.during.setToolTip(pick("출장기간 중 행사 보기", "Events during the trip"))
        self.during.clicked.connect(self.show_during)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.during)
        self.setFocusProxy(self.edit)

    def _list(self, choices: list[trip_save.EventChoice]) -> None:
        self._matches = {c.label(): c.id for c in choices}
        self.model.setStringList(list(self._matches))

    def _search(self, text: str) -> None:
        self._list(trip_save.find_events(self.db, text, 30) if text.strip() else [])

    def show_during(self) -> None:
        start, end = self.period or (None, None)
        self._list(trip_save.find_events(self.db, "", 30, start=start, end=end))
        self.completer.setCompletionPrefix("")
        self.completer.complete()

    def _choose(self, text: str) -> None:
        if text in self._matches:
            self._value = self._matches[text]
            self.changed.emit()

    def _typed(self, text: str) -> None:
        if text in self._matches:
            self._choose(text)
        elif self._value is not None:
            self._value = None
            self.changed.emit()

    def choose_text(self, text: str) -> bool:
        """Search and pick the first match (typing, then Enter)."""
        self._search(text)
        if not self._matches:
            return False
        first = next(iter(self._matches))
        self.edit.setText(first)
        self._choose(first)
        return True

    def value(self) -> uuid.UUID | None:
        return self._value

    def clear(self) -> None:
        self.edit.clear()
        self._value = None


# ------------------------------------------------------------------ the dialog


class TripEditor(EnterStaysInField, QDialog):
    """Create or edit a trip with everything in it. Widgets are attributes, and the buttons
    call public methods (`add_member`, `add_itinerary_row`, `save` ...) that tests call too."""

    MEMBER_HEADERS = (
        ("성명", "Name"),
        ("직급", "Title"),
        ("역할", "Role"),
        ("출장기간(부터)", "From"),
        ("출장기간(까지)", "To"),
        ("출장지", "Destination"),
        ("주요업무", "Duties"),
        ("비고", "Note"),
        ("", ""),
    )
    DESTINATION_HEADERS = (("국가", "Country"), ("도시", "City"), ("시간대", "Time zone"), ("", ""))
    MEETING_HEADERS = (
        ("순번", "No."),
        ("일자", "Date"),
        ("시간", "Time"),
        ("면담", "Meeting"),
        ("유형", "Kind"),
        ("국가", "Country"),
    )

    def __init__(self, db: Database, trip_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.db = db
        self.trip_id = trip_id
        self.version: int | None = None
        self.saved: TripDraft | None = None
        self.destination_rows: list[DestinationRow] = []
        self.member_rows: list[MemberRow] = []
        self._loading = False
        self._strict = False
        self._baseline: Any = None
        self.resize(1280, 780)

        self.form = build_form(db, "trips")
        self.tabs = QTabWidget()
        self.tabs.addTab(self._overview_tab(), pick("출장 개요", "Overview"))
        self.members_tab = self._members_tab()
        self.tabs.addTab(self.members_tab, pick("출장자 및 담당업무", "Members and duties"))
        self.itinerary_tab = self._itinerary_tab()
        self.tabs.addTab(self.itinerary_tab, pick("일정", "Itinerary"))
        self.events_tab = self._events_tab()
        self.tabs.addTab(self.events_tab, pick("행사", "Events"))
        self.meetings_tab = self._meetings_tab()
        self.tabs.addTab(self.meetings_tab, pick("면담", "Meetings"))

        self.status = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
        self.status.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setText(pick("저장", "Save"))
        save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(pick("취소", "Cancel"))
        undo = self.form.undo_stack.createUndoAction(self, pick("실행 취소", "Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.form.undo_stack.createRedoAction(self, pick("다시 실행", "Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])

        layout = QVBoxLayout(self)
        self.problem_list = ProblemList()
        layout.addWidget(self.problem_list)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

        for name in ("start_date", "end_date"):
            self.form.field(name).changed.connect(self._period_changed)
        # a bound method, not a lambda: Qt drops the connection when the dialog goes away
        self.form.undo_stack.indexChanged.connect(self._undo_moved)
        self.load(trip_form.trip_draft(db, trip_id) if trip_id is not None else None)

    # -- building the tabs
    def _overview_tab(self) -> QWidget:
        box = QGroupBox(pick("출장지", "Destinations"))
        self.destinations_table = QTableWidget(0, len(self.DESTINATION_HEADERS))
        self.destinations_table.setHorizontalHeaderLabels([pick(*h) for h in self.DESTINATION_HEADERS])
        self.destinations_table.verticalHeader().setDefaultSectionSize(34)
        self.destinations_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.destinations_table.setColumnWidth(0, 260)
        self.destinations_table.setColumnWidth(2, 220)
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
        self.members_table = QTableWidget(0, len(self.MEMBER_HEADERS))
        self.members_table.setHorizontalHeaderLabels([pick(*h) for h in self.MEMBER_HEADERS])
        self.members_table.verticalHeader().setDefaultSectionSize(78)
        header = self.members_table.horizontalHeader()
        for col, width in enumerate((130, 70, 60, 150, 150, 110, 320, 170, 90)):
            self.members_table.setColumnWidth(col, width)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.add_member_button = QPushButton(pick("출장자 추가", "Add member"))
        self.add_member_button.clicked.connect(lambda: self.add_member())
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.members_table)
        layout.addWidget(self.add_member_button, alignment=Qt.AlignmentFlag.AlignLeft)
        return page

    def _itinerary_tab(self) -> QWidget:
        self.itinerary_model = ItineraryModel(self)
        self.itinerary_model.edited.connect(self._changed)
        m = self.itinerary_model
        view = self.itinerary_view = QTableView()
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
        view.setItemDelegateForColumn(
            m.MEMBER, ChoiceDelegate(lambda: [("", ""), *self.itinerary_model.members], view)
        )
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
        self.itinerary_buttons: dict[str, QPushButton] = {}
        for key, text, shortcut, slot in (
            (
                "add",
                pick("행 추가", "Add line"),
                "Ctrl+Return",
                lambda: self.add_itinerary_row(after=self._current_line()),
            ),
            ("remove", pick("행 삭제", "Remove line"), "Ctrl+Delete", lambda: self.remove_itinerary_row()),
            ("up", pick("위로", "Move up"), "Alt+Up", lambda: self.move_itinerary_row(delta=-1)),
            ("down", pick("아래로", "Move down"), "Alt+Down", lambda: self.move_itinerary_row(delta=1)),
            ("sort", pick("일자·시간순 정렬", "Sort by date and time"), None, lambda: self.sort_itinerary()),
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
            self.itinerary_buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        self.itinerary_issues = QLabel(styleSheet=ERROR_STYLE)
        bar.addWidget(self.itinerary_issues)
        # an arrival moved to the next day, said where the officer looks
        self.itinerary_note = QLabel(styleSheet="color: #9a5b00;", wordWrap=True)
        self.itinerary_note.hide()

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.itinerary_note)
        layout.addWidget(view)
        return page

    def _events_tab(self) -> QWidget:
        self.event_list = QListWidget()
        self.event_picker = EventPicker(self.db)
        self.add_event_button = QPushButton(pick("행사 추가", "Add event"))
        self.add_event_button.clicked.connect(self._add_picked_event)
        self.remove_event_button = QPushButton(pick("선택한 행사 빼기", "Remove selected"))
        self.remove_event_button.clicked.connect(lambda: self.remove_event())
        row = QHBoxLayout()
        row.addWidget(self.event_picker, 1)
        row.addWidget(self.add_event_button)
        row.addWidget(self.remove_event_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(pick("이 출장에서 참석한 행사·회의", "Events and conferences attended on this trip"))
        )
        layout.addWidget(self.event_list)
        layout.addLayout(row)
        return page

    def _meetings_tab(self) -> QWidget:
        self.meetings_table = QTableWidget(0, len(self.MEETING_HEADERS))
        self.meetings_table.setHorizontalHeaderLabels([pick(*h) for h in self.MEETING_HEADERS])
        self.meetings_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.meetings_table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.meetings_note = QLabel(wordWrap=True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.meetings_note)
        layout.addWidget(self.meetings_table)
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
            self.destinations_table.setRowCount(0)
            self.destination_rows = []
            for d in trip.destinations if trip else []:
                self.add_destination(
                    d.country_code,
                    d.city,
                    d.timezone,
                    row_id=d.id,
                    country_label=ref_label(d.country_ko, d.country_en) if d.country_ko else None,
                )
            self.members_table.setRowCount(0)
            self.member_rows = []
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
            self.event_list.clear()
            for e in trip.events if trip else []:
                self._event_item(e)
            self._load_meetings(trip.meetings if trip else [])
        finally:
            self._loading = False
        self._destinations_changed()
        self._baseline = self._snapshot()
        self.form.undo_stack.setClean()
        self.setWindowTitle(self._title() + "[*]")
        self.status.hide()
        self._changed()

    def _title(self) -> str:
        if self.trip_id is None:
            return pick("출장 새로 만들기", "New trip")
        name = self.form.field("title").value() or ""
        return pick(f"출장 수정 — {name}", f"Edit trip — {name}")

    def _load_meetings(self, rows: list[MeetingLine]) -> None:
        self.meetings_table.setRowCount(len(rows))
        for r, m in enumerate(rows):
            country = (m.country_ko if language() == "ko" else m.country_en) or ""
            time_text = format_time_range(m.start_time, m.end_time)
            for c, text in enumerate(
                (str(m.seq or ""), format_date(m.date), time_text, m.title, display(m.kind), country)
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(m.id))
                self.meetings_table.setItem(r, c, item)
        if self.trip_id is None:
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
                    f"{len(rows)} meetings on this trip (edit them on the meetings page)",
                )
            )

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
        nights, period = self.computed_nights(), self.period()
        field = self.form.field("nights")
        if nights is None or period is None:
            field.edit.setPlaceholderText(pick("일정에서 계산", "From the itinerary"))
            return
        text = nights_days(period[0], period[1], nights)
        field.edit.setPlaceholderText(
            pick(
                f"일정에서 계산: {text} (고치려면 숫자 입력)",
                f"From the itinerary: {nights} nights, {(period[1] - period[0]).days + 1} days (type to correct)",
            )
        )

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
        r = len(self.destination_rows)
        self.destination_rows.append(row)
        self.destinations_table.insertRow(r)
        if country_code:
            row.country.set_value(country_code, country_label)
        row.city.set_value(city)
        row.timezone.set_value(timezone)
        row.tools = row_tools(
            lambda: self.move_destination(self.destination_rows.index(row), -1),
            lambda: self.move_destination(self.destination_rows.index(row), 1),
            lambda: self.remove_destination(self.destination_rows.index(row)),
        )
        for c, widget in enumerate([*row.inputs(), row.tools]):
            self.destinations_table.setCellWidget(r, c, widget)
        for widget in row.inputs():
            widget.changed.connect(self._destinations_changed)  # type: ignore[attr-defined]
        self._destinations_changed()
        return row

    def remove_destination(self, index: int) -> None:
        self.destinations_table.removeRow(index)
        del self.destination_rows[index]
        self._destinations_changed()

    def move_destination(self, index: int, delta: int) -> None:
        other = index + delta
        if 0 <= index < len(self.destination_rows) and 0 <= other < len(self.destination_rows):
            a, b = self.destination_rows[index], self.destination_rows[other]
            raw_a, raw_b = a.raw(), b.raw()
            a.restore(raw_b)
            b.restore(raw_a)
            self._destinations_changed()

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
        r = len(self.member_rows)
        self.member_rows.append(row)
        self.members_table.insertRow(r)
        if not self._loading:
            period = self.period()
            if start is None and end is None and period is not None:
                start, end = period
            if destination is None:
                destination = self.form.field("destination").value()
        row.title.set_value(title)
        row.role.set_value(role)
        for widget, day in ((row.start, start), (row.end, end)):
            if isinstance(day, str):
                widget.setText(day)
            else:
                widget.set_value(day)
        row.destination.set_value(destination)
        row.duties.set_value(duties)
        row.note.set_value(note)
        row.person.changed.connect(lambda: self._person_chosen(row))
        if person_id is not None:
            row.person.set_value(person_id, person_label)
        row.tools = row_tools(
            lambda: self.move_member(self.member_rows.index(row), -1),
            lambda: self.move_member(self.member_rows.index(row), 1),
            lambda: self.remove_member(self.member_rows.index(row)),
        )
        for c, widget in enumerate([*row.inputs(), row.tools]):
            self.members_table.setCellWidget(r, c, widget)
        for widget in row.inputs():
            widget.changed.connect(self._members_changed)  # type: ignore[attr-defined]
        if not self._loading:
            self._members_changed()
        return row

    def _person_chosen(self, row: MemberRow) -> None:
        person_id = row.person.value()
        if self._loading or person_id is None or row.title.value():
            return
        period = self.period()
        title = trip_save.member_title(self.db, person_id, period[0] if period else None)
        if title:
            row.title.set_value(title)

    def remove_member(self, index: int) -> None:
        """Remove a traveller; itinerary lines that named them stop naming anyone."""
        self.members_table.removeRow(index)
        del self.member_rows[index]
        self._members_changed()

    def move_member(self, index: int, delta: int) -> None:
        other = index + delta
        if 0 <= index < len(self.member_rows) and 0 <= other < len(self.member_rows):
            a, b = self.member_rows[index], self.member_rows[other]
            raw_a, raw_b = a.raw(), b.raw()
            self._loading = True  # swapping values is not choosing a person
            try:
                a.restore(raw_b)
                b.restore(raw_a)
            finally:
                self._loading = False
            self._members_changed()

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

    # -- itinerary
    def _current_line(self) -> int | None:
        index = self.itinerary_view.currentIndex()
        return index.row() if index.isValid() else None

    def add_itinerary_row(
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
        m = self.itinerary_model
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
        self.itinerary_view.setCurrentIndex(m.index(r, m.DESCRIPTION if date is not None else m.DATE))
        return r

    def remove_itinerary_row(self, row: int | None = None) -> None:
        row = self._current_line() if row is None else row
        if row is not None:
            self.itinerary_model.removeRows(row, 1)

    def move_itinerary_row(self, row: int | None = None, delta: int = 1) -> None:
        row = self._current_line() if row is None else row
        if row is None:
            return
        target = row + delta
        if not 0 <= target < len(self.itinerary_model.rows):
            return
        column = max(self.itinerary_view.currentIndex().column(), 0)
        destination = target + 1 if delta > 0 else target
        if self.itinerary_model.moveRows(QModelIndex(), row, 1, QModelIndex(), destination):
            self.itinerary_view.setCurrentIndex(self.itinerary_model.index(target, column))

    def sort_itinerary(self) -> None:
        self.itinerary_model.sort_by_time()

    # -- events
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
        self._changed()
        return True

    def _add_picked_event(self) -> None:
        if self.event_picker.value() is not None and self.add_event(self.event_picker.value()):
            self.event_picker.clear()

    def remove_event(self, event_id: Any = None) -> None:
        if event_id is None:
            item = self.event_list.currentItem()
            if item is None:
                return
            event_id = item.data(Qt.ItemDataRole.UserRole)
        for i in range(self.event_list.count()):
            if self.event_list.item(i).data(Qt.ItemDataRole.UserRole) == str(event_id):
                self.event_list.takeItem(i)
                self._changed()
                return

    # -- state
    def _snapshot(self) -> tuple[Any, ...]:
        return (
            [r.raw() for r in self.destination_rows],
            [r.raw() for r in self.member_rows],
            self.itinerary_model.snapshot(),
            self.event_ids(),
        )

    @property
    def tables_dirty(self) -> bool:
        return self._baseline is not None and self._snapshot() != self._baseline

    @property
    def dirty(self) -> bool:
        return self.form.dirty or self.tables_dirty

    def _undo_moved(self, _index: int) -> None:
        self._changed()

    def _changed(self) -> None:
        if self._loading:
            return
        self.setWindowModified(self.dirty)
        self.show_nights()  # a flight added or moved changes the nights abroad
        count = len(self.itinerary_model.problems(self._strict))
        self.itinerary_issues.setText(
            pick(f"확인할 칸 {count}개", f"{count} cells to check") if count else ""
        )
        notes = self.itinerary_model.arrival_notes()
        self.itinerary_note.setText("\n".join(f"※ {n}" for n in notes))
        self.itinerary_note.setVisible(bool(notes))

    # -- saving
    def _problems(self) -> list[tuple[QWidget, str, Callable[[], None]]]:
        """What stops the trip from being saved, in tab order: (tab, message, show it)."""
        out: list[tuple[QWidget, str, Callable[[], None]]] = []
        if self._nights_problem():
            out.append((self.overview_tab, self._nights_problem(), self.form.field("nights").setFocus))
        self.form.validate()
        for problem in self.form.problems():  # each field by its label, not "check the marked fields"
            out.append((self.overview_tab, problem.text(), problem.focus))
        for i, row in enumerate(self.destination_rows):
            for widget, message in row.errors(self._strict).items():
                where = pick(f"출장지 {i + 1}", f"Destination {i + 1}")
                out.append((self.overview_tab, f"{where}: {message}", widget.setFocus))
        period = self.period()
        for i, row in enumerate(self.member_rows):
            for widget, message in row.errors(period, self._strict).items():
                where = pick(f"출장자 {i + 1}", f"Trip member {i + 1}")
                out.append((self.members_tab, f"{where}: {message}", widget.setFocus))
        m = self.itinerary_model
        for r, c, message in m.problems(self._strict):
            where = pick(
                f"일정 {r + 1}행 {pick(*m.HEADERS[c])}", f"Itinerary line {r + 1}, {pick(*m.HEADERS[c])}"
            )
            out.append(
                (
                    self.itinerary_tab,
                    f"{where}: {message}",
                    lambda r=r, c=c: self.itinerary_view.setCurrentIndex(m.index(r, c)),
                )
            )
        return out

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
        problems = self._problems()
        self.status.hide()
        # every problem at once at the top; a click (or Enter) on one goes to its tab and field
        self.problem_list.show_problems(
            [
                Problem("", message, lambda t=tab, go=focus: (self.tabs.setCurrentWidget(t), go()))
                for tab, message, focus in problems
            ]
        )
        if problems:
            tab, _message, focus = problems[0]
            self.tabs.setCurrentWidget(tab)
            focus()
            return False
        try:
            trip = trip_form.save_trip(self.db, self.trip_id, self.payload(), self.version)
        except trip_save.TripPartError as exc:
            self._show_part_error(exc)
            return False
        except DomainError as exc:
            if exc.field in self.form.widgets:
                self.form.show_error(exc)
            self._show(self.overview_tab, readable(exc))
            return False
        self.saved = trip
        self.load(trip)
        self.accept()
        return True

    def _show_part_error(self, exc: trip_save.TripPartError) -> None:
        if exc.section == "itinerary":
            m = self.itinerary_model
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
            }.get(exc.field or "", m.DESCRIPTION)
            self._show(
                self.itinerary_tab,
                readable(exc),
                lambda: self.itinerary_view.setCurrentIndex(m.index(exc.row, column)),
            )
        elif exc.section == "members" and exc.row < len(self.member_rows):
            row = self.member_rows[exc.row]
            widget = {"start_date": row.start, "end_date": row.end, "person_id": row.person}.get(
                exc.field or "", row.person
            )
            flag(widget, readable(exc))
            self._show(self.members_tab, readable(exc), widget.setFocus)
        else:
            self._show(self.overview_tab, readable(exc))

    # -- leaving
    @classmethod
    def ask(cls, parent: QWidget, title: str, text: str) -> QMessageBox.StandardButton:
        """The unsaved-changes question (tests patch this, here or on RecordDialog)."""
        return RecordDialog.ask(parent, title, text)

    def reject(self) -> None:
        if self.dirty:
            answer = self.ask(
                self,
                self.windowTitle().replace("[*]", ""),
                pick(
                    "저장하지 않은 변경 사항이 있습니다. 저장할까요?", "There are unsaved changes. Save them?"
                ),
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
        super().reject()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        if self.isVisible() and self.dirty and self.result() == 0:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def open_trip_editor(
    db: Database, trip_id: uuid.UUID | None = None, parent: QWidget | None = None
) -> TripEditor:
    """Open the editor on a trip (None: a new trip), shown and not modal; `saved` holds the
    trip once saved."""
    editor = TripEditor(db, trip_id, parent)
    editor.show()
    return editor


__all__ = [
    "ItineraryModel",
    "ItineraryRow",
    "TripEditor",
    "format_time_range",
    "open_trip_editor",
    "parse_day",
    "parse_time_range",
    "parse_zones",
]
