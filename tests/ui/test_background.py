"""The background-operation helper: work in a pool thread, callbacks on the GUI thread, errors
in the user's language, progress and cancel, and database changes announced on the GUI thread."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from tracker.db.models import Organization
from tracker.domain import i18n
from tracker.domain.errors import ValidationError
from tracker.services import records
from tracker.ui import background
from tracker.ui.background import ChangeBuffer, Operation, call_in_gui_thread, progress, run_in_background


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Operation, "show_error", classmethod(lambda cls, parent, title, text: shown.append((title, text)))
    )
    return shown


@pytest.fixture
def parent(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    return w


def gui_thread():
    return QApplication.instance().thread()


def test_work_runs_off_the_gui_thread_and_success_comes_back_on_it(parent, errors):
    seen = {}

    def work():
        seen["work"] = QThread.currentThread()
        return 6 * 7

    def success(result):
        seen["result"] = result
        seen["callback"] = QThread.currentThread()

    op = run_in_background(parent, work, success)
    assert op.wait(10)
    assert seen["result"] == 42 and op.result == 42 and op.state == "succeeded"
    assert seen["work"] is not gui_thread()
    assert seen["callback"] is gui_thread()
    assert errors == []


def test_failure_callback_gets_the_exception_on_the_gui_thread(parent, errors):
    seen = {}

    def failure(exc):
        seen["exc"] = exc
        seen["thread"] = QThread.currentThread()

    op = run_in_background(parent, lambda: 1 / 0, lambda r: pytest.fail("no success"), failure)
    assert op.wait(10)
    assert isinstance(seen["exc"], ZeroDivisionError) and op.state == "failed"
    assert seen["thread"] is gui_thread()
    assert errors == []  # a failure callback of its own: no message box


@pytest.mark.parametrize(
    "lang, expected",
    [("ko", "이메일 주소 형식이 아닙니다: kim@@msit"), ("en", "Not an email address: kim@@msit")],
)
def test_a_domain_error_is_shown_in_the_users_language(parent, errors, lang, expected):
    i18n.set_language(lang)

    def work():
        raise ValidationError("bad_email", value="kim@@msit")

    op = run_in_background(parent, work, lambda r: None, title=i18n.pick("저장", "Save"))
    assert op.wait(10)
    assert errors == [(i18n.pick("저장", "Save"), expected)]


def test_other_errors_get_a_general_message_with_their_text(parent, errors):
    i18n.set_language("ko")

    def work():
        raise RuntimeError("disk on fire")

    assert run_in_background(parent, work, lambda r: None).wait(10)
    title, text = errors[0]
    assert title == "오류" and "작업을 마치지 못했습니다" in text and "disk on fire" in text
    i18n.set_language("en")
    assert run_in_background(parent, work, lambda r: None).wait(10)
    assert errors[1] == ("Error", "The operation could not be completed.\ndisk on fire")


def test_a_file_error_names_the_file(parent, errors, tmp_path):
    missing = tmp_path / "없는 폴더" / "x.txt"
    assert run_in_background(parent, lambda: missing.read_text(), lambda r: None).wait(10)
    assert str(missing) in errors[0][1]


def test_slow_work_shows_a_non_modal_progress_window_that_can_cancel(parent, errors, qtbot):
    steps = []

    def work():
        for i in range(500):
            progress(f"{i} rows")
            steps.append(i)
            time.sleep(0.01)
        return "finished"

    op = run_in_background(
        parent,
        work,
        lambda r: pytest.fail("cancelled work must not succeed"),
        title="Exporting",
        cancellable=True,
    )
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(QProgressDialog)), timeout=5000)
    dialog = next(d for d in parent.findChildren(QProgressDialog) if d.isVisible())
    assert not dialog.isModal() and dialog.windowTitle() == "Exporting"
    assert QApplication.overrideCursor() is not None
    qtbot.waitUntil(lambda: "rows" in dialog.labelText(), timeout=5000)
    dialog.findChild(QPushButton).click()  # the Cancel button
    assert op.wait(10)
    assert op.state == "cancelled" and len(steps) < 500
    assert errors == []  # cancelling is not an error
    assert QApplication.overrideCursor() is None
    qtbot.waitUntil(
        lambda: not any(d.isVisible() for d in parent.findChildren(QProgressDialog)), timeout=2000
    )


def test_quick_work_shows_nothing(parent, errors):
    op = run_in_background(parent, lambda: None, lambda r: None, title="Quick")
    assert op.wait(10)
    assert parent.findChildren(QProgressDialog) == []
    assert QApplication.overrideCursor() is None


def test_callbacks_are_skipped_when_the_parent_is_gone(errors, qtbot):
    w = QWidget()
    gate = threading.Event()
    called = []
    op = run_in_background(w, lambda: gate.wait(5), called.append)
    w.deleteLater()
    qtbot.waitUntil(lambda: not background.shiboken6.isValid(w), timeout=2000)
    gate.set()
    assert op.wait(10)
    assert called == [] and op.state == "succeeded"


def test_changes_written_in_the_background_are_announced_on_the_gui_thread(db, parent, errors):
    heard = []
    db.subscribe(lambda changes: heard.append((changes, QThread.currentThread())))
    buffer = ChangeBuffer(db)
    op = run_in_background(
        parent,
        lambda: records.create(buffer.db, Organization, {"name_ko": "배경 작업 기관"}),
        lambda org: heard.append(("success", org.name_ko)),
        changes=buffer,
    )
    assert op.wait(10)
    assert len(heard) == 2
    changes, thread = heard[0]
    assert changes.touches("organizations") and thread is gui_thread()
    assert heard[1] == ("success", "배경 작업 기관")  # the views refreshed before the callback


def test_call_in_gui_thread_from_a_worker(qtbot):
    seen = []
    worker = threading.Thread(
        target=lambda: call_in_gui_thread(lambda x: seen.append((x, QThread.currentThread())), 7)
    )
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    assert seen == [(7, gui_thread())]


def test_an_operation_runs_once(parent, errors):
    op = run_in_background(parent, lambda: 1, lambda r: None)
    assert op.wait(10)
    with pytest.raises(RuntimeError):
        op.start()
