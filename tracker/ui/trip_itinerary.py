"""The trip editor's 일정 table: one line per leg or session, typed as the result report
writes it ('12.6', '07:00~16:50+1', 'Seoul → Toronto'), text that does not parse kept as typed
and shown in red with the reason, arrivals before their departure moved to the next day; and
the delegates its Kind, Traveller and Time-zone columns are edited with."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyledItemDelegate, QWidget

from tracker.domain import itinerary
from tracker.domain.arrival import arrival, lands_before_leaving
from tracker.domain.dates import format_local_time, korean_date
from tracker.domain.enums import ItineraryKind
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.domain.itinerary import format_time_range, format_zones, parse_day, parse_time_range, period_text
from tracker.domain.labels import label
from tracker.services.trip_form import ItineraryRow
from tracker.services.validation import readable
from tracker.ui.format import format_date
from tracker.ui.zone_picker import ZoneCompleter, resolve_zone

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
            return pick(korean_date(row.date), row.date.isoformat())
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
