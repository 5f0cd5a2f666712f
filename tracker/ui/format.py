"""How values look on screen, in the interface language."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum
from typing import Any

from tracker.domain.dates import PrecisionDate
from tracker.domain.i18n import pick
from tracker.domain.itinerary import day_text
from tracker.domain.labels import LABELS, label


def format_date(d: date) -> str:
    """2025.12.06.(토) in Korean, 6 Dec 2025 (Sat) in English: the domain's day_text, so that
    a message and a screen write a day alike."""
    return day_text(d)


def due_text(due: PrecisionDate | None) -> str:
    """A due date as the users write it: '26.10월 in Korean, Oct 2026 in English."""
    if due is None:
        return ""
    return pick(due.korean_short(), due.english())


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, datetime):
        return format_date(value.date()) + value.strftime(" %H:%M")
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Enum) or (isinstance(value, str) and value in LABELS):
        return label(value)
    return str(value)
