"""Reminders in the running app: one quiet popup (never a modal dialog, never two), only the
user's own follow-ups, snoozing from the popup, the timer, and the "my name" setting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox

from tracker.db.models import Person
from tracker.domain import i18n
from tracker.domain.enums import OwedBy
from tracker.services import actions, records
from tracker.ui import reminders as ui
from tracker.ui.reminders import ReminderPopup, ReminderService, UserSettingDialog

TODAY = date(2026, 10, 14)


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """Any message box or modal dialog fails the test."""

    def refuse(*_a, **_k):
        raise AssertionError("a modal dialog was opened")

    for name in ("information", "warning", "critical", "question", "about", "exec"):
        monkeypatch.setattr(QMessageBox, name, refuse)
    monkeypatch.setattr(QDialog, "exec", refuse)


@pytest.fixture
def people(db):
    me = records.create(db, Person, {"name_ko": "박진홍", "is_staff": True})
    other = records.create(db, Person, {"name_ko": "조목은", "is_staff": True})
    return me, other


@pytest.fixture
def window(qtbot):
    w = QMainWindow()
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show()
    return w


def _add(db, title, due, owner=None, owed_by=OwedBy.US):
    return actions.create_action(
        db, {"title": title, "due": due, "owed_by": owed_by, "owner_id": owner.id if owner else None}
    )


def _service(db, window, **kw) -> ReminderService:
    kw.setdefault("today", TODAY)
    svc = ReminderService(db, window, window=window, status_bar=window.statusBar(), use_tray=False, **kw)
    return svc


def _popups() -> list[ReminderPopup]:
    """Reminder popups on screen, whoever made them."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ReminderPopup) and w.isVisible()]


@pytest.fixture(autouse=True)
def _no_popups_left():
    yield
    for popup in _popups():  # a window closed by qtbot is not deleted before the next test
        popup.hide()


def test_check_shows_one_non_modal_popup_for_the_users_own_follow_ups(db, people, window, qtbot):
    me, other = people
    late = _add(db, "내 지난 후속조치", "2026-10-01", me)
    soon = _add(db, "내 이번 주 후속조치", "2026-10-16", me)
    _add(db, "남의 지난 후속조치", "2026-10-01", other)
    ui.set_user_person_id(me.id)
    svc = _service(db, window)
    with qtbot.waitSignal(svc.notified) as sig:
        r = svc.check_now()
    assert r.ids == [late.id, soon.id]
    assert sig.args == ["1 overdue follow-up, 1 due this week"]
    [popup] = _popups()
    assert popup is svc.popup
    assert popup.windowModality() == Qt.WindowModality.NonModal and not popup.isModal()
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert "내 지난 후속조치" in popup.details.text() and "남의" not in popup.details.text()
    assert window.statusBar().currentMessage() == "1 overdue follow-up, 1 due this week"


def test_never_more_than_one_popup(db, people, window, qtbot):
    me, _ = people
    _add(db, "하나", "2026-10-01", me)
    ui.set_user_person_id(me.id)
    svc = _service(db, window)
    svc.check_now()
    svc.check_now()
    _add(db, "둘", "2026-10-02", me)
    svc.check_now()  # news while the popup is up: it is updated in place
    assert len(_popups()) == 1
    assert _popups()[0].summary.text() == "2 overdue follow-ups"
    svc.timer.timeout.emit()
    assert len(_popups()) == 1


def test_same_news_is_not_repeated_the_same_day(db, people, window, qtbot):
    me, _ = people
    _add(db, "하나", "2026-10-01", me)
    ui.set_user_person_id(me.id)
    shown = []
    svc = _service(db, window)
    svc.notified.connect(shown.append)
    svc.check_now()
    svc.popup.close_button.click()
    assert _popups() == []
    svc.check_now()
    assert _popups() == [] and len(shown) == 1
    svc._today = lambda: TODAY + timedelta(days=1)  # the next day: told again
    svc.check_now()
    assert len(_popups()) == 1 and len(shown) == 2


def test_snooze_a_day_from_the_popup(db, people, window):
    me, _ = people
    a = _add(db, "미룰 일", "2026-10-01", me)
    ui.set_user_person_id(me.id)
    svc = _service(db, window)
    svc.check_now()
    svc.popup.day_button.click()
    assert _popups() == []
    assert "Snoozed 1" in window.statusBar().currentMessage()
    assert not svc.check_now()  # hidden today
    assert _popups() == []
    svc._today = lambda: TODAY + timedelta(days=1)
    r = svc.check_now()
    assert r.ids == [a.id] and len(_popups()) == 1


def test_snooze_a_week(db, people, window):
    me, _ = people
    _add(db, "미룰 일", "2026-10-01", me)
    ui.set_user_person_id(me.id)
    svc = _service(db, window)
    svc.check_now()
    svc.popup.week_button.click()
    for days in (1, 6):
        svc._today = lambda d=days: TODAY + timedelta(days=d)
        assert not svc.check_now()
    svc._today = lambda: TODAY + timedelta(days=7)
    assert svc.check_now()


def test_without_a_name_all_of_ours(db, people, window):
    me, other = people
    _add(db, "우리 일", "2026-10-01", me)
    _add(db, "동료 일", "2026-10-02", other)
    _add(db, "상대측 일", "2026-10-03", other, OwedBy.THEM)
    QSettings().remove(ui.USER_KEY)
    svc = _service(db, window)
    r = svc.check_now()
    assert r.overdue_count == 2


def test_nothing_due_means_no_popup(db, people, window):
    me, _ = people
    _add(db, "먼 일", "2026-12-01", me)
    svc = _service(db, window)
    assert not svc.check_now()
    assert _popups() == [] and svc.popup is None


def test_popup_in_korean(db, people, window):
    i18n.set_language("ko")
    me, _ = people
    for i in range(3):
        _add(db, f"지남 {i}", f"2026-10-0{i + 1}", me)
    for i in range(2):
        _add(db, f"곧 {i}", f"2026-10-1{i + 5}", me)
    _add(db, "월 단위", "'26.10월", me)
    ui.set_user_person_id(me.id)
    svc = _service(db, window)
    svc.check_now()
    assert svc.popup.summary.text() == "기한 지난 후속조치 3건, 이번 주 마감 2건"
    assert "'26.10.1." in svc.popup.details.text() and "외" not in svc.popup.details.text()
    assert svc.popup.day_button.text() == "하루 미루기"
    svc._today = lambda: date(2026, 10, 26)  # the week of 31 October: '26.10월 is due this week
    svc.check_now()  # the popup is still up: updated in place
    assert svc.popup.summary.text() == "기한 지난 후속조치 5건, 이번 주 마감 1건"
    assert "외 1건" in svc.popup.details.text()  # five shown of six
    svc.popup.hide()
    svc._today = lambda: date(2026, 11, 2)
    svc.check_now()
    assert svc.popup.summary.text() == "기한 지난 후속조치 6건"
    assert "'26.10월</span> 월 단위" in svc.popup.details.text()  # a month deadline stays a month


def test_open_list_from_the_popup(db, people, window, qtbot):
    me, _ = people
    _add(db, "하나", "2026-10-01", me)
    svc = _service(db, window)
    svc.check_now()
    with qtbot.waitSignal(svc.open_followups):
        svc.popup.open_button.click()
    assert _popups() == []


def test_start_checks_soon_and_then_on_a_timer(db, people, window, qtbot):
    me, _ = people
    _add(db, "하나", "2026-10-01", me)
    svc = _service(db, window, interval_minutes=30)
    svc.start(first_check_ms=0)
    assert svc.timer.isActive() and svc.timer.interval() == 30 * 60_000
    qtbot.waitUntil(lambda: svc.last is not None, timeout=2000)
    assert len(_popups()) == 1
    svc.stop()
    assert not svc.timer.isActive() and _popups() == []


def test_tray_notification_where_there_is_a_tray(db, people, window, qtbot):
    me, _ = people
    _add(db, "하나", "2026-10-01", me)
    svc = ReminderService(db, window, window=window, today=TODAY, use_tray=True)
    messages = []
    svc.tray.showMessage = lambda *a: messages.append(a)  # type: ignore[method-assign]
    svc.check_now()
    assert len(messages) == 1 and messages[0][1] == "1 overdue follow-up"
    assert _popups() == []  # the tray message is the notification
    svc.tray.messageClicked.emit()  # clicking it opens the popup with the snooze buttons
    assert len(_popups()) == 1
    svc.stop()


def test_my_name_setting(db, people, qtbot):
    me, _ = people
    assert ui.user_person_id() is None
    dialog = UserSettingDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.person.choose_text("박진홍")
    dialog._save()
    assert ui.user_person_id() == me.id
    assert QSettings().value(ui.USER_KEY) == str(me.id)
    again = UserSettingDialog(db)
    qtbot.addWidget(again)
    assert again.person.value() == me.id
    ui.set_user_person_id(None)
    assert ui.user_person_id() is None
    QSettings().setValue(ui.USER_KEY, "not-a-uuid")
    assert ui.user_person_id() is None


def test_choose_user_rechecks(db, people, window, qtbot):
    me, other = people
    _add(db, "남의 일", "2026-10-01", other)
    svc = _service(db, window)
    dialog = ui.choose_user(db, window, svc)
    qtbot.addWidget(dialog)
    assert (
        dialog.isVisible()
        and not dialog.isModal()
        or dialog.windowModality() != Qt.WindowModality.ApplicationModal
    )
    dialog.person.choose_text("박진홍")
    dialog._save()
    assert ui.user_person_id() == me.id
    assert not svc.last  # mine only now: nothing due


def test_a_restart_the_same_day_does_not_show_the_note_again_unless_something_new_is_due(
    db, people, window, qtbot
):
    me, _ = people
    _add(db, "하나", "2026-10-01", me)
    ui.set_user_person_id(me.id)
    first = _service(db, window)
    first.check_now()
    first.popup.close_button.click()
    first.stop()
    again = _service(db, window)  # the app started again, the same day
    again.check_now()
    assert _popups() == []
    assert window.statusBar().currentMessage() == "1 overdue follow-up"  # still said, quietly
    _add(db, "둘", "2026-10-15", me)  # something new falls due
    later = _service(db, window)
    later.check_now()
    [popup] = _popups()
    assert "둘" in popup.details.text()
    popup.hide()
    tomorrow = _service(db, window, today=TODAY + timedelta(days=1))
    tomorrow.check_now()
    assert len(_popups()) == 1  # a new day: told once more


def test_the_note_is_reached_by_its_shortcut_and_closed_with_esc(db, people, window, qtbot):
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    me, _ = people
    _add(db, "하나", "2026-10-01", me)
    ui.set_user_person_id(me.id)
    _service(db, window)  # its shortcut is on the window
    edit = QLineEdit()
    window.setCentralWidget(edit)
    window.activateWindow()
    qtbot.waitActive(window)
    edit.setFocus()
    QTest.keyClick(
        edit, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    [popup] = _popups()
    assert "하나" in popup.details.text()
    assert popup.open_button.focusPolicy() != Qt.FocusPolicy.NoFocus  # Tab reaches the buttons
    QTest.keyClick(popup, Qt.Key.Key_Escape)
    assert _popups() == []


def test_the_note_stays_with_the_window_and_leaves_the_status_bar_readable(db, people, window, qtbot):
    me, _ = people
    _add(db, "하나", "2026-10-01", me)
    ui.set_user_person_id(me.id)
    window.statusBar().showMessage("ready")
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.statusBar().geometry().top() > 300)  # laid out at the bottom
    svc = _service(db, window)
    svc.check_now()
    popup = svc.popup
    assert not popup.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    status_top = window.statusBar().mapToGlobal(window.statusBar().rect().topLeft()).y()
    assert popup.frameGeometry().bottom() < status_top
