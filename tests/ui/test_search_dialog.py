"""The search dialog: results grouped by kind as you type, keys to move and open."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from tracker.db.models import Organization, Person, Trip
from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.services import records
from tracker.services.search import KINDS
from tracker.ui import search_dialog
from tracker.ui.main_window import MainWindow
from tracker.ui.search_dialog import HIT_ROLE, SearchDialog


@pytest.fixture
def dialog(qtbot, db):
    load_demo(db)
    d = SearchDialog(db)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def headers(d: SearchDialog) -> list[str]:
    return [d.results.topLevelItem(i).text(0) for i in range(d.results.topLevelItemCount())]


def one_id(db, model, **where):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalars(sa.select(model.id).filter_by(**where)).one()


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type as a user does: Korean arrives from the input method as committed text, other keys
    as key presses (QTest.keyClicks aborts on Korean)."""
    for ch in text:
        if ch.isascii():
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def wait_done(dialog: SearchDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: dialog._running is None and "found" in dialog.status.text(), timeout=5000)


def test_typing_shows_results_grouped_by_kind_from_a_worker_thread(dialog, qtbot, monkeypatch):
    threads = []
    real = search_dialog.search_by_kind

    def spy(*args):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        yield from real(*args)

    monkeypatch.setattr(search_dialog, "search_by_kind", spy)
    type_text(dialog.box, "캐나다")
    assert dialog.box.text() == "캐나다"
    wait_done(dialog, qtbot)
    assert threads and all(t is not threading.main_thread() for t in threads)
    titles = headers(dialog)
    assert [t.split(" (")[0] for t in titles] == ["Organizations", "Meetings", "Follow-ups", "Trips"]
    for i, title in enumerate(titles):  # each header counts its rows
        assert title.endswith(f"({dialog.results.topLevelItem(i).childCount()})")
    trips = dialog.results.topLevelItem(3)
    assert "캐나다" in trips.child(0).text(0) and trips.child(0).text(1)  # title and date
    assert not (trips.flags() & Qt.ItemFlag.ItemIsSelectable)
    first = dialog.hit_items()[0]
    assert dialog.results.currentItem() is first  # ready for Enter
    assert "found" in dialog.status.text()


def test_enter_opens_the_current_result_and_closes(dialog, qtbot):
    dialog.box.setText("캐나다")
    dialog.run_search()
    trip_id = one_id(dialog.db, Trip, destination="캐나다(몬트리올)")
    trip_item = next(i for i in dialog.hit_items() if i.data(0, HIT_ROLE)[0] == "trips")
    dialog.results.setCurrentItem(trip_item)

    with qtbot.waitSignal(dialog.open_record, timeout=1000) as opened:
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert opened.args == ["trips", trip_id]
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted


def test_up_and_down_in_the_box_move_through_the_results(dialog, qtbot):
    dialog.box.setText("Kimmitt")
    dialog.run_search()
    dialog.box.setText("캐나다")
    dialog.run_search()
    items = dialog.hit_items()
    assert len(items) >= 5
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    assert dialog.results.currentItem() is items[2]
    qtbot.keyClick(dialog.box, Qt.Key.Key_Up)
    assert dialog.results.currentItem() is items[1]
    for _ in range(len(items) + 3):  # stops at the last, across kind headers
        qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    assert dialog.results.currentItem() is items[-1]
    assert dialog.box.hasFocus()

    org_id = one_id(dialog.db, Organization, name_en="Government of Canada")
    dialog.results.setCurrentItem(next(i for i in items if i.data(0, HIT_ROLE)[1] == org_id))
    with qtbot.waitSignal(dialog.open_record) as opened:
        qtbot.keyClick(dialog.box, Qt.Key.Key_Enter)
    assert opened.args == ["organizations", org_id]


def test_double_click_opens_a_result(dialog, qtbot):
    dialog.box.setText("크라치오스")
    dialog.run_search()
    (item,) = dialog.hit_items()
    person_id = one_id(dialog.db, Person, name_ko="마이클 크라치오스")
    with qtbot.waitSignal(dialog.open_record) as opened:
        dialog.results.itemDoubleClicked.emit(item, 0)
    assert opened.args == ["persons", person_id]


def test_enter_right_after_typing_searches_first(dialog, qtbot):
    dialog.box.setText("Kimmitt")  # no pause: the debounce has not fired yet
    person_id = one_id(dialog.db, Person, name_original="William Kimmitt")
    with qtbot.waitSignal(dialog.open_record) as opened:
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert opened.args == ["persons", person_id]


def test_short_words_nothing_found_and_clearing(dialog, qtbot):
    dialog.box.setText("독일")  # two characters: the fallback
    dialog.run_search()
    assert headers(dialog) and any(h.startswith("Organizations") for h in headers(dialog))

    dialog.box.setText('"AND* 없는말')
    dialog.run_search()
    assert dialog.results.topLevelItemCount() == 0 and dialog.status.text() == "Nothing found."
    with qtbot.assertNotEmitted(dialog.open_record):
        qtbot.keyClick(dialog.box, Qt.Key.Key_Return)
    assert dialog.isVisible()

    dialog.box.setText("양자")
    dialog.run_search()
    assert dialog.results.topLevelItemCount() > 0
    dialog.box.clear()  # empty: cleared at once, no pause
    assert dialog.results.topLevelItemCount() == 0 and dialog.status.text() == ""


def test_headers_say_how_many_were_found_beyond_the_limit(qtbot, db):
    load_demo(db)
    d = SearchDialog(db, limit_per_kind=2)
    qtbot.addWidget(d)
    d.box.setText("양자")
    d.run_search()
    meetings = next(h for h in headers(d) if h.startswith("Meetings"))
    total = d.last.totals["meetings"]
    assert total > 2 and meetings == f"Meetings (2 of {total})"


def test_korean_labels(qtbot, db):
    load_demo(db)
    i18n.set_language("ko")
    d = SearchDialog(db)
    qtbot.addWidget(d)
    d.box.setText("캐나다")
    d.run_search()
    assert [h.split(" (")[0] for h in headers(d)] == ["기관", "면담", "후속조치", "출장"]
    assert d.windowTitle() == "전체 검색"


def test_shown_again_it_searches_afresh(dialog, qtbot):
    dialog.box.setText("핀란드")
    dialog.run_search()
    assert dialog.results.topLevelItemCount() == 0
    dialog.hide()
    org = records.create(dialog.db, Organization, {"name_ko": "핀란드 교통통신부", "kind": "ministry"})
    dialog.show()
    assert [i.data(0, HIT_ROLE) for i in dialog.hit_items()] == [("organizations", org.id)]
    assert dialog.box.selectedText() == "핀란드"  # typing replaces the last search


def test_every_kind_opens_in_the_main_window(qtbot, db):
    """The integration: open_record(kind, id) is what MainWindow.open_record takes."""
    load_demo(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    seen = set()
    for text in ("Kimmitt", "캐나다", "양자"):
        d = SearchDialog(db, window)
        d.open_record.connect(window.open_record)
        d.box.setText(text)
        d.run_search()
        for item in d.hit_items():
            kind, _key = item.data(0, HIT_ROLE)
            if kind in seen:
                continue
            seen.add(kind)
            window.viewer.clear()
            d.results.setCurrentItem(item)
            d.open_current()
            assert item.text(0).split(" (")[0][:10] in window.viewer.toPlainText(), kind
    assert seen == set(KINDS)


def test_a_month_precision_follow_up_shows_its_month_not_an_invented_day(qtbot, db):
    from tracker.domain import i18n
    from tracker.export.demo import load_demo
    from tracker.ui.search_dialog import SearchDialog

    load_demo(db)
    i18n.set_language("ko")
    dialog = SearchDialog(db)
    qtbot.addWidget(dialog)
    dialog.box.setText("글로벌 디지털 서밋")
    dialog.run_search()
    dates = {item.text(1) for item in dialog.hit_items()}
    assert "'26.10월" in dates


def test_results_of_a_search_overtaken_by_typing_are_dropped(dialog, qtbot, monkeypatch):
    release = threading.Event()
    real = search_dialog.search_by_kind

    def slow_for_germany(db, text, limit):  # type: ignore[no-untyped-def]
        for found in real(db, text, limit):
            if text == "독일":
                release.wait(5)  # still busy when the user types on
            yield found

    monkeypatch.setattr(search_dialog, "search_by_kind", slow_for_germany)
    type_text(dialog.box, "독일")
    qtbot.wait(50)
    dialog.box.clear()
    type_text(dialog.box, "캐나다")
    wait_done(dialog, qtbot)
    canada = headers(dialog)
    release.set()  # the old search goes on: its results must not replace these
    qtbot.wait(300)
    assert headers(dialog) == canada
    assert all(
        "캐나다" in " ".join(i.text(c) for c in range(3)) or i.data(0, HIT_ROLE)[0] != "trips"
        for i in dialog.hit_items()
    )
    assert dialog._searched == "캐나다" and not any("독일" in i.text(0) for i in dialog.hit_items())


def test_a_capped_count_says_so(qtbot, db, monkeypatch):
    from tracker.services import search as search_service

    load_demo(db)
    monkeypatch.setattr(search_service, "COUNT_CAP", 2)
    monkeypatch.setattr(search_dialog, "COUNT_CAP", 2)
    d = SearchDialog(db, limit_per_kind=1)
    qtbot.addWidget(d)
    d.box.setText("회의")
    d.run_search()
    assert any(h.endswith("(1 of 2+)") for h in headers(d)), headers(d)
    assert "+ shown" in d.status.text()


@pytest.mark.parametrize(("lang", "said"), [("en", "The search failed: "), ("ko", "검색하지 못했습니다: ")])
def test_a_database_that_cannot_answer_is_said_not_raised(qtbot, db, lang, said):
    """A damaged file (its search index gone): Enter says the search failed, in the user's
    language, and the dialog stays open for another try."""
    i18n.set_language(lang)
    load_demo(db)
    with db.transaction() as s:
        s.execute(sa.text("DROP TABLE search_index"))
    d = SearchDialog(db)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.box.setText("캐나다")
    qtbot.keyClick(d.box, Qt.Key.Key_Return)
    assert d.status.text().startswith(said) and "search_index" in d.status.text()
    assert d.isVisible() and not d.hit_items()
