"""On a team database the window follows colleagues' changes: a record a colleague adds
appears in the open list within seconds, without taking the focus from where the user is
typing; a hidden page catches up when shown; closing the window stops listening."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from pg_pair import two_connections
from PySide6.QtWidgets import QApplication, QLineEdit

from tracker.db.models import Organization
from tracker.services import meetings, records
from tracker.ui.main_window import MainWindow

pytestmark = pytest.mark.postgres

WAIT_MS = 5000


@pytest.fixture
def team(postgres_server):
    with two_connections(postgres_server) as (mine, theirs):
        theirs.actor = "한서윤"
        for name in ("외교부", "과학기술정보통신부"):
            records.create(mine, Organization, {"name_ko": name})
        yield mine, theirs


@pytest.fixture
def window(qtbot, team):
    mine, _ = team
    w = MainWindow(mine)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert mine.changes._feed.wait_listening(WAIT_MS / 1000)
    return w


def test_a_colleagues_record_appears_in_the_open_list_and_the_focus_stays(window, team, qtbot):
    _, theirs = team
    window.show_section("organizations")
    page = window.pages["organizations"]
    typing = next(e for e in page.findChildren(QLineEdit) if e.isVisible())  # the list's filter
    typing.setFocus()
    qtbot.keyClicks(typing, "Colleague")
    qtbot.waitUntil(lambda: page.model.total == 0)
    assert QApplication.focusWidget() is typing

    records.create(theirs, Organization, {"name_ko": "동료가 만든 기관", "name_en": "Colleague Institute"})
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=WAIT_MS)
    assert any("동료가 만든 기관" in row for row in page.model.rows)
    assert QApplication.focusWidget() is typing and typing.text() == "Colleague"


def test_a_hidden_page_catches_up_when_shown(window, team, qtbot):
    mine, theirs = team
    window.show_section("meetings")
    window.show_section("organizations")
    arrived = threading.Event()
    mine.subscribe(lambda changes: changes.touches("meetings") and arrived.set())

    meeting = meetings.create_meeting(theirs, {"title": "동료의 면담", "date": date.today()})
    qtbot.waitUntil(arrived.is_set, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.changes.pending)
    window.show_section("meetings")
    page = window.pages["meetings"]
    assert meeting.id in {page.model.record_id(r) for r in range(page.model.rowCount())}


def test_closing_the_window_stops_listening(window, team):
    mine, _ = team
    window.close()
    assert not mine.changes._feed.listening
