"""On a team database an open record dialog hears a colleague's save through the server:
with nothing typed it shows their values at once, naming them; with something typed it keeps
it and offers to reload."""

from __future__ import annotations

import pytest
from pg_pair import two_connections
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tracker.db.models import Channel
from tracker.domain import i18n
from tracker.services import records
from tracker.ui.editors import record_dialog

pytestmark = pytest.mark.postgres

WAIT_MS = 5000


@pytest.fixture
def team(postgres_server):
    with two_connections(postgres_server) as (mine, theirs):
        theirs.actor = "한서윤"
        assert mine.changes.start_feed()  # the main window starts it; here there is only the dialog
        assert mine.changes._feed.wait_listening(WAIT_MS / 1000)
        yield mine, theirs


@pytest.fixture(autouse=True)
def korean():
    before = i18n._current
    i18n.set_language("ko")
    yield
    i18n.set_language(before)


def _open(qtbot, db, key):  # type: ignore[no-untyped-def]
    dialog = record_dialog(db, "channels", key)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_colleagues_save_reaches_the_open_dialog(qtbot, team):
    mine, theirs = team
    channel = records.create(mine, Channel, {"name_ko": "한-일 디지털 정책대화", "notes": "1차 회의"})
    clean = _open(qtbot, mine, channel.id)
    typing = _open(qtbot, mine, channel.id)
    notes = typing.form.field("notes")
    notes = getattr(notes, "edit", notes)
    notes.setFocus()
    QTest.keyClick(notes, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(notes, " (draft)")

    records.update(theirs, Channel, channel.id, {"notes": "2차 회의: 서울"})

    qtbot.waitUntil(lambda: clean.form.values()["notes"] == "2차 회의: 서울", timeout=WAIT_MS)
    assert clean.banner.shown_text().startswith("한서윤이(가) ")
    assert "불러왔습니다" in clean.banner.shown_text()
    qtbot.waitUntil(typing.banner.isVisible, timeout=WAIT_MS)
    assert "다시 불러올까요?" in typing.banner.shown_text()
    assert typing.form.values()["notes"] == "1차 회의 (draft)"
    assert QApplication.focusWidget() is notes
