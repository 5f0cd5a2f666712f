"""A start holds its log in memory until the window is on screen, then writes it to the log file
in order: nothing logged before the window is lost, and an end before it (or a failure) still
reaches the file."""

from __future__ import annotations

import logging

import pytest

from tracker import logs


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(logs.ENV_LOG_DIR, str(tmp_path / "log"))
    yield tmp_path / "log"
    logging.captureWarnings(False)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if logs._is_ours(h)]:
        root.removeHandler(handler)
        handler.close()


def test_what_was_logged_before_the_window_reaches_the_file_in_order(log_dir):
    logs.hold_logging()
    logging.getLogger("tracker.app").info("main window on screen; opening the database")
    logging.getLogger("tracker.ui").debug("not at INFO")
    assert not (log_dir / logs.LOG_NAME).exists()  # the file waits for the window
    logs.open_held_log()
    logging.getLogger("tracker.app").info("main window shown")
    logs.open_held_log()  # a second call (the launcher's, at the end) changes nothing
    text = (log_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    assert text.index("main window on screen") < text.index("main window shown")
    assert "not at INFO" not in text
    assert text.count("main window on screen") == 1


def test_an_error_before_the_window_is_in_the_file(log_dir):
    logs.hold_logging()
    try:
        raise RuntimeError("no display")
    except RuntimeError as exc:
        logs.report_exception(type(exc), exc, exc.__traceback__)
    logs.open_held_log()  # what `python -m tracker` does however the start ended
    text = (log_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    assert "RuntimeError: no display" in text and "unexpected error" in text
