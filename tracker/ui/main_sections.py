"""The main window's sections: the sidebar's list (home, calendar, one list per kind of
record) and their pages, each built the first time it is wanted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from tracker.db.engine import Database
    from tracker.ui.main_window import MainWindow

# key, Korean, English, icon (resources/icons/sections/NAME.svg)
SECTIONS = (
    ("home", "홈", "Home", "home"),
    ("calendar", "캘린더", "Calendar", "calendar"),
    ("countries", "국가", "Countries", "countries"),
    ("organizations", "기관", "Organizations", "organizations"),
    ("persons", "인사", "People", "persons"),
    ("trips", "출장", "Trips", "trips"),
    ("meetings", "면담", "Meetings", "meetings"),
    ("actions", "후속조치", "Follow-ups", "actions"),
    ("events", "행사", "Events", "events"),
    ("agreements", "협정·MOU", "Agreements", "agreements"),
    ("channels", "협력채널", "Channels", "channels"),
    ("topics", "주제", "Topics", "topics"),
)
SECTION_KEYS = [s[0] for s in SECTIONS]


def make_page(db: Database, key: str) -> QWidget:
    """Build one section's page; each kind's module is imported when its page is first wanted."""
    if key == "home":
        from tracker.ui.pages import HomePage

        return HomePage(db)
    if key == "calendar":
        from tracker.ui.calendar_view import CalendarPage

        return CalendarPage(db)
    if key == "actions":
        from tracker.ui.followups_view import FollowupsPage

        return FollowupsPage(db)
    from tracker.services import listing
    from tracker.ui.pages import ListPage

    return ListPage(db, listing.ALL[key])


class Pages:
    """The section pages, each built the first time it is wanted (shown, or asked for here):
    opening the window builds and queries none of them."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        page = self.built.get(key)
        return page if page is not None else self._window._build_page(key)

    def get(self, key: str) -> QWidget | None:
        """The page if it has been built, without building it."""
        return self.built.get(key)


__all__ = ["SECTIONS", "SECTION_KEYS", "Pages", "make_page"]
