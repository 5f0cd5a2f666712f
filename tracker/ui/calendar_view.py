"""The calendar page (month, week and agenda views); the code lives in `tracker.ui.calendar`."""

from __future__ import annotations

from tracker.ui.calendar.agenda import AgendaView
from tracker.ui.calendar.common import colour_of, item_line, item_tooltip, kind_label, local_beside
from tracker.ui.calendar.month import MonthView
from tracker.ui.calendar.page import CalendarPage
from tracker.ui.calendar.week import WeekView

__all__ = [
    "AgendaView",
    "CalendarPage",
    "MonthView",
    "WeekView",
    "colour_of",
    "item_line",
    "item_tooltip",
    "kind_label",
    "local_beside",
]
