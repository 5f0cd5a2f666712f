"""An exception nobody caught, in a slot or in another thread, is written to the log file and
shown in a dialog that says what failed, that saved records are safe and where the log is."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from tracker import logs
from tracker.ui.error_dialog import ErrorDialog, install_error_reporting


@pytest.fixture
def reporting(held_reporting, qapp):
    """The program's own logging, hooks and error dialog, as `tracker` installs them."""
    held_reporting.install()
    return held_reporting.path


@pytest.fixture
def held_reporting(qapp, tmp_path, monkeypatch):
    """The program's own logging and hooks in a temporary folder, as `tracker` installs them
    before its window shows: errors held until `.install()` puts the error dialog in place."""
    from types import SimpleNamespace

    from PySide6.QtCore import qInstallMessageHandler

    monkeypatch.setenv(logs.ENV_LOG_DIR, str(tmp_path / "log"))
    saved = (sys.excepthook, threading.excepthook)
    qt_handler = qInstallMessageHandler(None)  # pytest-qt's, put back afterwards
    path = logs.setup_logging()
    logs.install_excepthooks()
    logs.hold_reports()
    relays = []
    yield SimpleNamespace(path=path, install=lambda: relays.append(install_error_reporting(qapp)))
    sys.excepthook, threading.excepthook = saved
    logs.set_reporter(None)
    qInstallMessageHandler(qt_handler)
    logging.captureWarnings(False)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if logs._is_ours(h)]:
        root.removeHandler(handler)
        handler.close()
    for relay in relays:
        if relay.dialog is not None:
            relay.dialog.close()
        relay.deleteLater()


def _dialogs() -> list[ErrorDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()]


def delete_the_trip() -> None:
    raise RuntimeError("the trip table went away")


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_the_dialog_and_is_logged(reporting, qtbot, capsys):
    button = QPushButton("delete")
    qtbot.addWidget(button)
    button.clicked.connect(delete_the_trip)
    button.click()
    qtbot.waitUntil(lambda: bool(_dialogs()), timeout=3000)
    (dialog,) = _dialogs()
    text = dialog.message.text()
    assert "delete_the_trip" in text and "RuntimeError: the trip table went away" in text
    assert "Nothing you had saved was lost" in text
    assert str(reporting) in text
    assert "Traceback" in dialog.details and "delete_the_trip" in dialog.details
    dialog.copy_details()
    assert QGuiApplication.clipboard().text() == dialog.details

    logged = reporting.read_text(encoding="utf-8")
    assert "unexpected error in delete_the_trip" in logged
    assert "RuntimeError: the trip table went away" in logged and "Traceback" in logged


@pytest.mark.qt_no_exception_capture
def test_an_error_before_the_window_showed_is_shown_once_the_dialog_is_in_place(
    held_reporting, qtbot, capsys
):
    # The start installs the error dialog once its window is on screen (tracker.app).
    button = QPushButton("open")
    qtbot.addWidget(button)
    button.clicked.connect(delete_the_trip)
    button.click()
    qtbot.wait(50)
    assert _dialogs() == []
    assert "the trip table went away" in capsys.readouterr().err  # said where a console can see it
    held_reporting.install()
    qtbot.waitUntil(lambda: bool(_dialogs()), timeout=3000)
    assert "RuntimeError: the trip table went away" in _dialogs()[0].message.text()


@pytest.mark.qt_no_exception_capture
def test_a_burst_of_errors_is_one_dialog(reporting, qtbot):
    button = QPushButton("delete")
    qtbot.addWidget(button)
    button.clicked.connect(delete_the_trip)
    for _ in range(3):
        button.click()
    qtbot.waitUntil(lambda: bool(_dialogs()) and _dialogs()[0].count == 3, timeout=3000)
    assert len(_dialogs()) == 1


@pytest.mark.qt_no_exception_capture
def test_exception_in_another_thread_reaches_the_log_and_the_dialog(reporting, qtbot):
    def work() -> None:
        raise ValueError("import worker failed")

    thread = threading.Thread(target=work, name="import-worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(_dialogs()), timeout=3000)
    assert "import worker failed" in _dialogs()[0].message.text()
    logged = reporting.read_text(encoding="utf-8")
    assert "(thread import-worker)" in logged and "ValueError: import worker failed" in logged


def test_qt_warnings_go_to_the_log(reporting):
    qWarning("QPainter::begin: Paint device returned engine == 0")
    assert "QPainter::begin" in reporting.read_text(encoding="utf-8")


def test_library_warnings_go_to_the_log(reporting):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("a deprecated zone alias", DeprecationWarning, stacklevel=1)
    assert "a deprecated zone alias" in reporting.read_text(encoding="utf-8")


def test_korean_message(reporting, qapp):
    from tracker.domain import i18n

    i18n.set_language("ko")
    dialog = ErrorDialog("save", KeyError("x"), "Traceback ...", reporting)
    assert "저장해 둔 기록은 잃지 않았습니다" in dialog.message.text()
    assert "세부 정보 복사" == dialog.copy_button.text()
    dialog.deleteLater()
