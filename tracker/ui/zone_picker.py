"""A time-zone field searched by city or country in Korean or English ("도쿄", "Tokyo", "캐나다"),
the IANA name underneath. The counterpart country's zones are proposed first; an unknown or
half-typed name ("Asia") is a message beside the field, never an error dialog."""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtWidgets import QCompleter, QLineEdit, QToolButton, QWidget

from tracker.domain.errors import ValidationError
from tracker.domain.i18n import language, pick
from tracker.domain.zones import ZoneCatalogue
from tracker.services.countries import reference_countries
from tracker.ui import fields as f


@cache
def catalogue() -> ZoneCatalogue:
    """Every zone with its city and country names (built once, in about 0.05 s)."""
    return ZoneCatalogue(reference_countries())


def zone_label(name: str | None) -> str:
    """도쿄 · 일본 (UTC+09:00) — Asia/Tokyo; a name outside the catalogue as it is."""
    if not name:
        return ""
    choice = catalogue().get(name)
    return choice.label(language()) if choice is not None else name


def resolve_zone(text: str) -> str:
    """The IANA name meant by `text`, or a ValidationError saying what to do."""
    name = catalogue().resolve(text)
    if name is None:
        raise ValidationError("bad_timezone", value=text.strip())
    return name


class ZoneCompleter(QCompleter):
    """Proposals from the catalogue for what is typed (the catalogue does the matching, so
    "도쿄" finds Asia/Tokyo); `country` puts that country's zones first."""

    def __init__(self, edit: QLineEdit, country: str | None = None) -> None:
        self.model_ = QStringListModel()
        super().__init__(self.model_, edit)
        self.country = country
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(12)
        # wide enough for "토론토 · 캐나다 (UTC-05:00) — America/Toronto" whatever the field's width
        self.popup().setMinimumWidth(edit.fontMetrics().horizontalAdvance("M" * 34))
        edit.setCompleter(self)
        edit.textEdited.connect(self.refill)

    def refill(self, text: str) -> list[str]:
        # In "Seoul → Toronto" (a flight landing in another zone) the part being typed is the last.
        head, arrow, tail = text.rpartition("→")
        self._kept = f"{head.strip()} → " if arrow else ""
        labels = [c.label(language()) for c in catalogue().search(tail, self.country)]
        self.model_.setStringList(labels)
        return labels

    def pathFromIndex(self, index: Any) -> str:  # noqa: N802 - Qt API
        return getattr(self, "_kept", "") + super().pathFromIndex(index)

    def propose(self) -> None:
        """Open the list for what the field holds now (its whole text if it is a chosen zone)."""
        edit = self.widget()
        text = edit.text() if isinstance(edit, QLineEdit) else ""
        if catalogue().resolve(text) is not None:
            text = ""  # a zone is chosen: propose the country's zones, not just itself
        self.refill(text)
        self.setCompletionPrefix("")
        self.complete()


class ZonePicker(f._ParsedField):
    """The zone field of the meeting, event and trip editors. `set_country` proposes that
    country's zones first; Down or the ▾ button opens the proposals."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            pick("도시·국가 이름 (예: 도쿄, Toronto)", "City or country (e.g. Tokyo, 도쿄)"), parent
        )
        self.zone_completer = ZoneCompleter(self.edit)
        self.zone_completer.activated.connect(lambda text: QTimer.singleShot(0, lambda: self._picked(text)))
        button = QToolButton(text="▾")
        button.setToolTip(pick("시간대 목록 (↓)", "List of time zones (Down)"))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(self.propose)
        self.layout().addWidget(button)
        self.edit.installEventFilter(self)

    def set_country(self, code: str | None) -> None:
        self.zone_completer.country = code

    def propose(self) -> None:
        self.edit.setFocus()
        self.zone_completer.propose()

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt API
        popup_open = self.zone_completer.popup().isVisible()
        if watched is self.edit and event.type() == event.Type.KeyPress and not popup_open:
            if event.key() == Qt.Key.Key_Down:
                self.propose()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._tidy()  # "Tokyo" + Enter becomes the zone it names
        return super().eventFilter(watched, event)

    def _picked(self, text: str) -> None:
        self.edit.setText(text)
        self._tidy()

    def parse(self, text: str) -> str:
        return resolve_zone(text)

    def error(self) -> str:
        message = super().error()
        return message and message + pick(
            " — 도시나 국가 이름으로 찾아 고르세요.", " — search by city or country and pick one."
        )

    def render(self, value: str) -> str:
        return zone_label(value)


__all__ = ["ZoneCompleter", "ZonePicker", "catalogue", "resolve_zone", "zone_label"]
