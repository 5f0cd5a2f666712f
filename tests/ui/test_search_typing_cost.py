"""What a search costs while the user types: a lone first character (which no index serves
and which reads whole tables) waits for a pause in the typing, so the next key is never kept
waiting behind it; and the index is read for the newest matches without ranking them all."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from tracker.services import actions
from tracker.services import search as search_service
from tracker.ui import search_dialog
from tracker.ui.search_dialog import SearchDialog


def press(widget, ch: str) -> None:  # type: ignore[no-untyped-def]
    """One key as the user types it (Korean as the input method commits it), then the event
    loop turns once, as it does between two keys."""
    if ch.isascii():
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
    else:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)
    QApplication.processEvents()


@pytest.fixture
def searched(monkeypatch):
    """The texts the dialog searched for."""
    texts: list[str] = []
    real = search_dialog.search_by_kind

    def recorded(db, text, limit):  # type: ignore[no-untyped-def]
        texts.append(text)
        yield from real(db, text, limit)

    monkeypatch.setattr(search_dialog, "search_by_kind", recorded)
    return texts


@pytest.fixture
def dialog(qtbot, db):
    for title in ("협력 회의 준비", "한-독 협력 채널", "협의 일정"):
        actions.create_action(db, {"title": title, "owed_by": "us"})
    d = SearchDialog(db)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def _done(dialog: SearchDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog._running is None and "found" in dialog.status.text(), timeout=10_000)


def test_the_next_key_does_not_wait_behind_a_one_character_search(dialog, qtbot, searched, monkeypatch):
    monkeypatch.setattr(search_dialog, "SCAN_PAUSE_MS", 60_000)  # the user never pauses here
    press(dialog.box, "협")
    press(dialog.box, "력")
    _done(dialog, qtbot)
    assert searched == ["협력"]  # '협' alone never ran
    assert sorted(i.text(0) for i in dialog.hit_items()) == ["한-독 협력 채널", "협력 회의 준비"]


def test_a_lone_character_is_searched_once_the_typing_pauses(dialog, qtbot, searched, monkeypatch):
    monkeypatch.setattr(search_dialog, "SCAN_PAUSE_MS", 50)
    press(dialog.box, "협")
    _done(dialog, qtbot)
    assert searched == ["협"]
    assert len(dialog.hit_items()) == 3


def test_the_index_is_read_for_the_newest_matches_without_ranking_them_all(db):
    old = actions.create_action(
        db, {"title": "예산 검토", "description": "협력 협력 협력 협력 협력", "owed_by": "us"}
    )
    new = actions.create_action(db, {"title": "일정 검토", "description": "협력 방안", "owed_by": "us"})
    titled = actions.create_action(db, {"title": "협력 채널 점검", "owed_by": "us"})
    seen: list[str] = []
    listen = lambda _c, _cu, statement, *_r: seen.append(statement)  # noqa: E731
    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        hits = search_service.search(db, "협력")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)
    # The title match first, then the newest: a word said five times in an old record does not
    # put it first (ranking by frequency read every term's statistics for every search).
    assert [h.id for h in hits] == [titled.id, new.id, old.id]
    reads = [s for s in seen if "search_index" in s and "count(" not in s]
    assert reads and all("rank" not in s and "LIMIT" in s for s in reads)


def test_the_list_is_painted_once_a_quick_search_ends_and_kind_by_kind_when_slow(dialog, qtbot, monkeypatch):
    release = threading.Event()
    real = search_dialog.search_by_kind

    def slow_after_people(db, text, limit):  # type: ignore[no-untyped-def]
        for kind, hits, total in real(db, text, limit):
            if kind == "organizations" and text == "협의":
                release.wait(10)  # a slow search: people are in, the rest is on its way
            yield kind, hits, total

    monkeypatch.setattr(search_dialog, "search_by_kind", slow_after_people)
    dialog.box.setText("협력")
    dialog.search_in_background()  # what the typing's timer calls
    assert not dialog.results.updatesEnabled()  # the kinds come in without a paint each
    _done(dialog, qtbot)
    assert dialog.results.updatesEnabled()  # ... and the list is painted once, at the end

    dialog.box.setText("협의")
    dialog.search_in_background()
    assert not dialog.results.updatesEnabled()
    qtbot.waitUntil(dialog.results.updatesEnabled, timeout=10_000)  # a slow one shows as it comes
    assert dialog._running is not None
    release.set()
    _done(dialog, qtbot)
    assert [i.text(0) for i in dialog.hit_items()] == ["협의 일정"]
