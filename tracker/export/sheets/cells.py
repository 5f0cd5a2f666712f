"""How one value becomes a spreadsheet cell, and back: formula neutralising, labels, widths."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from tracker.domain import vocabulary
from tracker.domain.dates import PrecisionDate
from tracker.domain.labels import label

# A cell that starts with one of these is read as a formula by Excel, LibreOffice or Google
# Sheets (CSV injection, OWASP). Full-width forms are included: a Korean IME types them.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n＝＋－＠")
QUOTE = "'"
XLSX_MAX_TEXT = 32767  # Excel's limit for one cell
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def looks_like_formula(text: str) -> bool:
    if not text:
        return False
    if text[0] in FORMULA_TRIGGERS:
        return True
    stripped = text.lstrip()  # " =1+1" is a formula too once a program trims the cell
    return bool(stripped) and stripped[0] in FORMULA_TRIGGERS


def neutralise(text: str) -> str:
    """Text that would run as a formula gets a leading apostrophe, as OWASP recommends."""
    return QUOTE + text if looks_like_formula(text) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise` when reading a file back: "'=SUM(1)" becomes "=SUM(1)" again;
    an apostrophe before anything else is the user's own and stays."""
    if text.startswith(QUOTE) and looks_like_formula(text[1:]):
        return text[1:]
    return text


def yes_no(value: bool) -> str:
    return vocabulary.YES() if value else vocabulary.NO()


class Plain:
    """A listing value as a writer sees it: enums as their labels in the current language,
    yes/no for flags, ids as text; numbers, dates, times and precision dates unchanged.
    One instance per file: the language is read once, not once per cell."""

    def __init__(self) -> None:
        self._labels: dict[Enum, str] = {}
        self._flags = {True: yes_no(True), False: yes_no(False)}

    def __call__(self, value: Any) -> Any:
        if value is None or isinstance(value, str) and not isinstance(value, Enum):
            return value
        if isinstance(value, bool):
            return self._flags[value]
        if isinstance(value, Enum):
            text = self._labels.get(value)
            if text is None:
                text = self._labels[value] = label(value)
            return text
        if isinstance(value, uuid.UUID):
            return str(value)
        if isinstance(value, (int, float, Decimal, date, time, PrecisionDate)):
            return value
        return str(value)


def xlsx_text(text: str) -> str:
    """Text an XLSX cell can hold, as it is: a cell written as text (`xlsx_text_cell`) is never
    run as a formula, so it needs no apostrophe (which Excel would show)."""
    text = _XML_ILLEGAL.sub("", text)
    if len(text) > XLSX_MAX_TEXT:
        text = text[: XLSX_MAX_TEXT - 1] + "…"
    return text


def csv_text(value: Any) -> str:
    """A plain value as CSV text: ISO dates (with their precision), HH:MM times."""
    if value is None:
        return ""
    if isinstance(value, PrecisionDate):
        return value.iso()
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone()  # the user's own clock, with its offset
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    return neutralise(str(value))


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: Hangul, Hanja and full-width forms take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def width_of(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, PrecisionDate):
        return 23 if value.end is not None else 10
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, time):
        return 5
    text = str(value)
    return max((display_width(line) for line in text.splitlines()), default=0)
