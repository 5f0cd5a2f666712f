"""Moving an item of the calendar: a meeting to another day and time, a follow-up's deadline
to another day, asking first when the day is a holiday or weekend of the counterpart
country."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QMessageBox, QWidget

from tracker.db.engine import Database
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services import calendar as cal
from tracker.services import holidays as holiday_service
from tracker.services.calendar import CalendarItem
from tracker.ui.asking import yes_or_no
from tracker.ui.format import format_date


class CalendarMoves:
    """Moving items, of CalendarPage (a part of it)."""

    db: Database
    viewer_tz: str | None
    _loaded: Any

    @classmethod
    def ask(cls, parent: QWidget, title: str, text: str) -> bool:
        """Ask before a move onto a holiday or weekend (tests patch this)."""
        return yes_or_no(parent, title, text)

    @classmethod
    def inform(cls, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def request_move(self, item: CalendarItem, day: date, at: time | None = None) -> bool:
        """Move a meeting or a deadline to `day` (and `at`, a time in the viewer's zone or, in
        the local-time view, at the place), as a drop does. Returns whether it moved."""
        title = pick("일정 옮기기", "Move")
        if item.kind == cal.MEETING:
            if at is None:
                local_day, local_time = item.local_start_date + (day - item.start_date), None
            elif self.viewer_tz is not None and item.local_tz:
                when = datetime.combine(day, at, tzinfo=ZoneInfo(self.viewer_tz))
                local_day, local_time = cal.viewer_to_local(when, item.local_tz)
            else:
                local_day, local_time = day, at
            if local_day == item.local_start_date and local_time in (None, item.local_start_time):
                return False
            what = f"{item.title}: {format_date(local_day)}" + (f" {local_time:%H:%M}" if local_time else "")
        elif item.kind == cal.ACTION_DUE:
            local_day, local_time = day, None
            if (
                day == item.start_date
                and item.due_precision is not None
                and item.due_precision.value == "day"
            ):
                return False
            what = f"{item.title}: {format_date(day)}"
        else:
            return False
        warnings = holiday_service.warnings_for(local_day, item.country_code)
        if warnings:
            question = (
                "\n".join(warnings) + "\n\n" + pick(f"그래도 옮길까요?\n{what}", f"Move it anyway?\n{what}")
            )
            if not self.ask(self, title, question):
                return False
        try:
            if item.kind == cal.MEETING:
                cal.move_meeting(self.db, item.record_id, local_day, local_time)
            else:
                cal.move_due(self.db, item.record_id, local_day)
        except DomainError as exc:
            self.inform(self, title, str(exc))
            return False
        self._loaded = None  # read the moved item again, whenever the change reaches the page
        self.reload()
        return True
