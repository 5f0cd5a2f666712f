"""The rows of the trip editor's smaller tables, each a set of input widgets: a destination
(국가, 도시, 시간대) and a traveller (성명, 직급, 역할, 출장기간, 출장지, 주요업무, 비고); and the
picker that finds the events a trip went to."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QToolButton, QWidget

from tracker.db.engine import Database
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick
from tracker.domain.itinerary import period_text
from tracker.services import trip_save
from tracker.services.validation import readable
from tracker.ui import fields as f
from tracker.ui.row_table import RowTable
from tracker.ui.zone_picker import ZonePicker


class DestinationRow:
    """국가, 도시, 시간대."""

    HEADERS = (("국가", "Country"), ("도시", "City"), ("시간대", "Time zone"))

    @classmethod
    def table(cls, on_change: Callable[[], None]) -> RowTable[DestinationRow]:
        return RowTable(cls.HEADERS, on_change, widths={0: 260, 2: 220}, stretch=1, row_height=34)

    def __init__(self, db: Database, row_id: uuid.UUID | None = None) -> None:
        self.id = row_id
        self.country = f.RefField(db, "countries", label_columns=(1, 2))
        self.city = f.TextField()
        self.timezone = ZonePicker()
        # the row's country's zones are proposed first
        self.country.changed.connect(lambda: self.timezone.set_country(self.country.value()))
        self.tools: QWidget | None = None

    def fill(
        self, country_code: str | None, city: str | None, timezone: str | None, country_label: str | None
    ) -> None:
        if country_code:
            self.country.set_value(country_code, country_label)
        self.city.set_value(city)
        self.timezone.set_value(timezone)

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

    HEADERS = (
        ("성명", "Name"),
        ("직급", "Title"),
        ("역할", "Role"),
        ("출장기간(부터)", "From"),
        ("출장기간(까지)", "To"),
        ("출장지", "Destination"),
        ("주요업무", "Duties"),
        ("비고", "Note"),
    )

    @classmethod
    def table(cls, on_change: Callable[[], None]) -> RowTable[MemberRow]:
        widths = dict(enumerate((130, 70, 60, 150, 150, 110, 320, 170, 90)))
        return RowTable(cls.HEADERS, on_change, widths=widths, stretch=6, row_height=78)

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

    def fill(
        self,
        title: str | None,
        role: str | None,
        start: date | str | None,
        end: date | str | None,
        destination: str | None,
        duties: str | None,
        note: str | None,
    ) -> None:
        """Show the values given; a day given as text is shown as typed (and checked)."""
        self.title.set_value(title)
        self.role.set_value(role)
        for widget, day in ((self.start, start), (self.end, end)):
            if isinstance(day, str):
                widget.setText(day)
            else:
                widget.set_value(day)
        self.destination.set_value(destination)
        self.duties.set_value(duties)
        self.note.set_value(note)

    def widget_for(self, field: str | None) -> QWidget:
        """The input a service's refusal of this member names (the person's by default)."""
        return {"start_date": self.start, "end_date": self.end, "person_id": self.person}.get(
            field or "", self.person
        )

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


class EventPicker(f.TypeToPick):
    """Find an event by typing part of its name, city or venue; ▾ lists the events held during
    the trip."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(pick("행사명 일부를 입력하세요", "Type part of an event's name"), parent)
        self.db = db
        self.period: tuple[date, date] | None = None
        self.during = QToolButton(text="▾")
        self.during.setToolTip(pick("출장기간 중 행사 보기", "Events during the trip"))
        self.during.clicked.connect(self.show_during)
        self.row.addWidget(self.during)

    @staticmethod
    def _labelled(choices: list[trip_save.EventChoice]) -> dict[str, Any]:
        return {c.label(): c.id for c in choices}

    def _find(self, text: str) -> dict[str, Any]:
        return self._labelled(trip_save.find_events(self.db, text, 30))

    def show_during(self) -> None:
        start, end = self.period or (None, None)
        self._offer(self._labelled(trip_save.find_events(self.db, "", 30, start=start, end=end)))
        self.completer.setCompletionPrefix("")
        self.completer.complete()

    def clear(self) -> None:
        self.edit.clear()  # and so no value (TypeToPick._typed)
