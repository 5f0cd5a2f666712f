"""The follow-up list as several screen tests open it: on screen, at a set width, on a fixed
Monday so that "overdue" and "this week" do not move with the calendar."""

from __future__ import annotations

from datetime import date

from tracker.ui.followups_view import FollowupsPage

TODAY = date(2026, 3, 16)  # a Monday


def shown_followups_page(qtbot, db, width: int = 1200) -> FollowupsPage:  # type: ignore[no-untyped-def]
    """A follow-up page on `db`, shown and exposed, `width` wide and 700 high."""
    page = FollowupsPage(db, today=TODAY)
    qtbot.addWidget(page)
    page.resize(width, 700)
    page.show()
    qtbot.waitExposed(page)
    return page
