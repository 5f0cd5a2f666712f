"""Home as an officer sees it: the coming meetings and trips, late follow-ups in red, typed
markup shown as text, and each line a link to its record."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from page_reading import click_link, headings, links

from tracker.db.models import Meeting
from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.services import records
from tracker.ui.pages import HomePage

NASTY = "<b>Budget</b> & <script>alert('x')</script> \"q\""


@pytest.fixture
def home(qtbot, db):
    load_demo(db)
    page = HomePage(db)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _show(page, today: date) -> None:  # type: ignore[no-untyped-def]
    page.today = today
    page.refresh()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "ko",
            [
                "오늘 · 2025.11.20.(목)",
                "다가오는 면담 (30일)",
                "진행 중이거나 다가오는 출장 (60일)",
                "기한 지난 후속조치",
                "이번 주 마감",
            ],
        ),
        (
            "en",
            [
                "Today · 20 Nov 2025 (Thu)",
                "Upcoming meetings (30 days)",
                "Trips under way or coming (60 days)",
                "Overdue follow-ups",
                "Due this week",
            ],
        ),
    ],
)
def test_home_has_its_sections_in_each_language(home, lang, expected) -> None:
    i18n.set_language(lang)
    _show(home, date(2025, 11, 20))
    assert [text for _, text in headings(home.view)] == expected
    text = home.view.toPlainText()
    assert text.count("없음" if lang == "ko" else "None") == 2  # nothing late, nothing due
    assert [line for line in text.splitlines() if line != line.rstrip()] == []  # no stray spaces


def test_a_meeting_on_home_opens_its_page_and_shows_typed_markup_as_text(home, db, qtbot) -> None:
    with db.read() as s:
        meeting = s.scalars(sa.select(Meeting.id).where(Meeting.title == "한-일 총무성 양자면담")).one()
    records.update(db, Meeting, meeting, {"title": NASTY})
    _show(home, date(2025, 11, 20))
    assert (f"meetings:{meeting}", NASTY) in links(home.view)
    assert sum(1 for href, _ in links(home.view) if href.startswith("trips:")) == 1
    with qtbot.waitSignal(home.open_record) as opened:
        click_link(qtbot, home.view, f"meetings:{meeting}")
    assert opened.args == ["meetings", str(meeting)]


def test_late_follow_ups_are_counted_in_red_and_link_to_their_pages(home, qtbot) -> None:
    _show(home, date(2030, 1, 1))
    late = [(href, text) for href, text in links(home.view) if href.startswith("actions:")]
    assert len(late) == 6
    block = home.view.document().begin()
    while block.text() != "Overdue follow-ups (6)":
        block = block.next()
    assert block.begin().fragment().charFormat().foreground().color().name() == "#b3261e"
    with qtbot.waitSignal(home.open_record) as opened:
        click_link(qtbot, home.view, late[0][0])
    assert opened.args == ["actions", late[0][0].partition(":")[2]]
