"""The templates of the screens' rich-text pages (the record pages, Home), with the filters
that format values as the screens do (dates and due dates in the interface language)."""

from __future__ import annotations

from tracker.domain.dates import format_local_time
from tracker.export.templates import Templates
from tracker.ui.format import display, due_text, format_date

# Qt's rich text reads a line break between two elements as a space: the pages are compacted.
PAGES = Templates(
    compact=True, display=display, due=due_text, format_date=format_date, format_time=format_local_time
)
