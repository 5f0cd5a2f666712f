"""One session of the event editor's sessions table: its inputs (세션명, 영문명, 일자, 시작,
종료, 회원국 전용), what is wrong with them, and its values as the save takes them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from tracker.domain.i18n import pick
from tracker.ui import fields as f


class SessionRow:
    """One session: 세션명, 영문명, 일자, 시작, 종료, 회원국 전용."""

    def __init__(self, session_id: uuid.UUID | None = None) -> None:
        self.id = session_id
        self.title_ko = f.TextField()
        self.title_en = f.TextField()
        self.date = f.DateField()
        self.start = f.TimeField()
        self.end = f.TimeField()
        self.members_only = f.BoolField()
        self.tools: QWidget | None = None

    def inputs(self) -> list[QWidget]:
        return [self.title_ko, self.title_en, self.date, self.start, self.end, self.members_only]

    def raw(self) -> tuple[Any, ...]:
        return (
            self.id,
            self.title_ko.text(),
            self.title_en.text(),
            self.date.text(),
            self.start.text(),
            self.end.text(),
            self.members_only.value(),
        )

    def restore(self, raw: tuple[Any, ...]) -> None:
        self.id = raw[0]
        self.title_ko.setText(raw[1])
        self.title_en.setText(raw[2])
        self.date.setText(raw[3])
        self.start.setText(raw[4])
        self.end.setText(raw[5])
        self.members_only.set_value(raw[6])

    def errors(self, period: tuple[date, date] | None, strict: bool) -> dict[QWidget, str]:
        out: dict[QWidget, str] = {}
        for widget in (self.date, self.start, self.end):
            message = widget.error()
            if message:
                out[widget] = message
        day = None if self.date in out else self.date.value()
        if day is not None and period is not None and not period[0] <= day <= period[1]:
            out[self.date] = pick(
                f"행사기간({period[0]}~{period[1]}) 밖의 일자입니다.",
                f"The date is outside the event ({period[0]} to {period[1]}).",
            )
        start = None if self.start in out else self.start.value()
        end = None if self.end in out else self.end.value()
        if start is not None and end is not None and end < start:
            out[self.end] = pick("종료 시각이 시작보다 앞섭니다.", "The end is before the start.")
        if strict and not self.title_ko.text().strip():
            out[self.title_ko] = pick("세션명을 입력하세요.", "Enter the session's title.")
        return out

    def values(self) -> dict[str, Any]:
        """The session as `save_event` takes it."""
        return {
            "id": self.id,
            "title_ko": self.title_ko.text().strip(),
            "title_en": self.title_en.text().strip() or None,
            "date": self.date.value(),
            "start_time": self.start.value(),
            "end_time": self.end.value(),
            "members_only": bool(self.members_only.value()),
        }


def _set_parsed(widget: f._ParsedField, value: Any) -> None:
    if isinstance(value, str):
        widget.setText(value)
    else:
        widget.set_value(value)


__all__ = ["SessionRow"]
