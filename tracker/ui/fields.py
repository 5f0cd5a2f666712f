"""Input widgets that speak the users' conventions: Korean dates ('26.10월, 2025.12.08.(월)),
times with a next-day mark (16:50+1), choices with translated labels, and pickers that find a
record among tens of thousands by typing part of its name.

Each field has `value()`, `set_value()`, `error()` (a message or "") and a `changed` signal.
"""

from __future__ import annotations

from datetime import date, time
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from tracker.db.engine import Database
from tracker.domain.dates import PrecisionDate, parse_precision_date, parse_time
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import language, pick
from tracker.domain.labels import label
from tracker.services import listing as listing_service
from tracker.ui.format import format_date


class TextField(QLineEdit):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.textChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> str | None:
        return self.text().strip() or None

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))

    def error(self) -> str:
        return ""


class MultilineField(QPlainTextEdit):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(60)
        self.textChanged.connect(self.changed.emit)

    def value(self) -> str | None:
        return self.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        self.setPlainText("" if value is None else str(value))

    def error(self) -> str:
        return ""


class BoolField(QCheckBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.toggled.connect(lambda _b: self.changed.emit())

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: Any) -> None:
        self.setChecked(bool(value))

    def error(self) -> str:
        return ""


class IntField(QSpinBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 10_000)
        self.valueChanged.connect(lambda _v: self.changed.emit())

    def value(self) -> int:  # type: ignore[override]
        return super().value()

    def set_value(self, value: Any) -> None:
        self.setValue(int(value or 0))

    def error(self) -> str:
        return ""


class ChoiceField(QComboBox):
    """An enum, shown by its label in the interface language."""

    changed = Signal()

    def __init__(self, enum_cls: type[Enum], optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enum_cls = enum_cls
        if optional:
            self.addItem("", None)
        for member in enum_cls:
            self.addItem(label(member), member)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        if value is not None and not isinstance(value, self.enum_cls):
            value = self.enum_cls(value)
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))

    def error(self) -> str:
        return ""


class _ParsedField(QWidget):
    """A line edit whose text is parsed as it is typed; the parse error is the field's error."""

    changed = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(placeholderText=placeholder)
        self.edit.setClearButtonEnabled(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.textChanged.connect(lambda _t: self.changed.emit())
        self.edit.editingFinished.connect(self._tidy)
        self.setFocusProxy(self.edit)

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def render(self, value: Any) -> str:
        raise NotImplementedError

    def value(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        try:
            return self.parse(text)
        except DomainError:
            return None

    def error(self) -> str:
        text = self.edit.text().strip()
        if not text:
            return ""
        try:
            self.parse(text)
        except DomainError as exc:
            return exc.message()
        return ""

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else self.render(value))

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming, used by tests
        self.edit.setText(text)

    def _tidy(self) -> None:
        """Rewrite what was typed in the standard form once the user leaves the field."""
        value = self.value()
        if value is not None:
            rendered = self.render(value)
            if rendered != self.edit.text():
                self.edit.setText(rendered)


class DateField(_ParsedField):
    """A day: 2025-12-08, 2025.12.08., '25.12.8. — shown as 2025.12.08.(월); with a calendar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(pick("예: 2025.12.08.", "e.g. 2025-12-08"), parent)
        button = QToolButton(text="▾")  # no emoji: many systems lack a font for it
        button.setToolTip(pick("달력에서 고르기", "Pick from a calendar"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        self.calendar = QCalendarWidget()
        # Stays a comparison: the week's first day is calendar behaviour, not a text.
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Sunday if language() == "ko" else Qt.DayOfWeek.Monday)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._sync_calendar)
        self.calendar.clicked.connect(lambda d: (self.set_value(d.toPython()), menu.close()))
        button.setMenu(menu)
        self.layout().addWidget(button)

    def _sync_calendar(self) -> None:
        value = self.value()
        if value is not None:
            self.calendar.setSelectedDate(QDate(value.year, value.month, value.day))

    def parse(self, text: str) -> date:
        pd = parse_precision_date(text)
        if pd.precision is not DatePrecision.DAY or pd.end is not None:
            raise ValidationError("bad_date", value=text)
        return pd.start

    def render(self, value: date) -> str:
        return pick(format_date(value), value.isoformat())


class PrecisionDateField(_ParsedField):
    """A date known to the day, the month or the year, or a range: '26.10월, '26.3.15.~16."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            pick("예: '26.10월, '26.3.15.~16., 2026-10-31", "e.g. 2026-10, 2026-03-15/16"), parent
        )

    def parse(self, text: str) -> PrecisionDate:
        return parse_precision_date(text)

    def render(self, value: PrecisionDate) -> str:
        return pick(value.korean_short(), value.iso())


class CountField(_ParsedField):
    """A whole number that may be left blank (blank: computed elsewhere, e.g. a trip's nights)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.edit.setMaximumWidth(320)

    def parse(self, text: str) -> int:
        if not text.isdigit():
            raise ValidationError("bad_value", field=pick("숫자", "number"), value=text)
        return int(text)

    def render(self, value: int) -> str:
        return str(value)


class TimeField(_ParsedField):
    """09:35, or 16:50+1 where `allow_offset` (an arrival the next day)."""

    def __init__(self, allow_offset: bool = False, parent: QWidget | None = None) -> None:
        super().__init__("09:30" + (" / 16:50+1" if allow_offset else ""), parent)
        self.allow_offset = allow_offset
        self.edit.setMaximumWidth(110)

    def parse(self, text: str) -> time | tuple[time, int]:
        t, offset = parse_time(text)
        if offset and not self.allow_offset:
            raise ValidationError("bad_time", value=text)
        return (t, offset) if self.allow_offset else t

    def render(self, value: Any) -> str:
        if isinstance(value, tuple):
            t, offset = value
            return t.strftime("%H:%M") + (f"{offset:+d}" if offset else "")
        return value.strftime("%H:%M")


class TypeToPick(QWidget):
    """Pick one record by typing part of its name: only the matches are fetched (`_find`, a
    label for each match's key), so it works the same with twenty records or twenty thousand."""

    changed = Signal()

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: Any = None
        self._matches: dict[str, Any] = {}
        self.edit = QLineEdit(placeholderText=placeholder)
        self.edit.setClearButtonEnabled(True)
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(self.completer)
        self.completer.activated.connect(self._choose)
        self.edit.textEdited.connect(self._search)
        self.edit.textChanged.connect(self._typed)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def _find(self, text: str) -> dict[str, Any]:
        """The matches of `text`: label -> key (a subclass's own search)."""
        raise NotImplementedError

    def _offer(self, matches: dict[str, Any]) -> None:
        self._matches = matches
        self.model.setStringList(list(matches))

    def _search(self, text: str) -> None:
        self._offer(self._find(text) if text.strip() else {})

    def _choose(self, text: str) -> None:
        # Picking a match sets the text too, which comes back here: say "changed" only once.
        if text in self._matches and self._matches[text] != self._value:
            self._value = self._matches[text]
            self.changed.emit()

    def _typed(self, text: str) -> None:
        if not text.strip():
            if self._value is not None:
                self._value = None
                self.changed.emit()
        elif text in self._matches:
            self._choose(text)

    def choose_text(self, text: str) -> bool:
        """Search and pick the first match (what a user does by typing and pressing Enter)."""
        self._search(text)
        if not self._matches:
            return False
        first = next(iter(self._matches))
        self.edit.setText(first)
        self._choose(first)
        return True

    def value(self) -> Any:
        return self._value

    def error(self) -> str:
        if self.edit.text().strip() and self._value is None:
            return pick("목록에서 고르세요", "Choose one from the list")
        return ""


class RefField(TypeToPick):
    """Pick one record of a list (tracker.services.listing) by typing part of its name."""

    def __init__(
        self,
        db: Database,
        listing_name: str,
        label_columns: tuple[int, ...] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(pick("이름 일부를 입력하세요", "Type part of a name"), parent)
        self.db = db
        self.listing = listing_service.ALL[listing_name]
        self.label_columns = self.listing.picker_columns(label_columns)

    def _label(self, row: tuple[Any, ...]) -> str:
        parts = [str(row[i + 1]) for i in self.label_columns if row[i + 1]]
        return " · ".join(dict.fromkeys(parts))

    def _find(self, text: str) -> dict[str, Any]:
        rows = listing_service.fetch(self.db, self.listing, text=text, limit=30)
        return {self._label(r): r[0] for r in rows}

    def set_value(self, value: Any, text: str | None = None) -> None:
        self._value = value
        if value is None:
            self.edit.setText("")
            return
        if text is None:
            pk = self.listing.id_expr
            rows = listing_service.fetch(self.db, self.listing, where=(pk == value,), limit=1)
            text = self._label(rows[0]) if rows else str(value)
        self._matches[text] = value
        self.edit.blockSignals(True)
        self.edit.setText(text)
        self.edit.blockSignals(False)
        self.changed.emit()
