"""File › Settings…: each setting changed with the keyboard takes effect at once; a stored value
that makes no sense reads as the default instead of breaking the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel

from tracker.db.models import Person
from tracker.domain import i18n
from tracker.export.report import FORMATS
from tracker.services import records
from tracker.ui import settings
from tracker.ui.main_window import MainWindow
from tracker.ui.settings_dialog import SettingsDialog


@pytest.fixture
def window(qtbot, db):
    app = QApplication.instance()
    font = app.font()
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    yield w
    app.setFont(font)


def _set_spin(qtbot, spin, text: str) -> None:
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, text)


def test_settings_live_in_one_module():
    ui = Path(settings.__file__).parent
    scattered = [p.name for p in ui.rglob("*.py") if p.name != "settings.py" and "QSettings" in p.read_text()]
    assert scattered == []
    assert settings.REPORT_FORMATS == FORMATS


def test_each_setting_through_the_dialog(window, db, qtbot):
    me = records.create(db, Person, {"name_ko": "박진홍", "is_staff": True})
    dialog = window.open_settings()  # deleted when closed
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    dialog.language.setFocus()
    qtbot.keyClick(dialog.language, Qt.Key.Key_Up)  # English -> 한국어
    assert dialog.person.choose_text("박진홍")
    _set_spin(qtbot, dialog.interval, "15")
    dialog.report_format.setFocus()
    qtbot.keyClick(dialog.report_format, Qt.Key.Key_Down)  # Word -> PDF
    _set_spin(qtbot, dialog.font_size, "14")
    service = window.reminders
    qtbot.keyClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.Key.Key_Space)

    assert i18n.language() == "ko" and window.menuBar().actions()[0].text() == "파일(&F)"
    assert service.user() == me.id and settings.author() == "박진홍"
    assert service.timer.interval() == 15 * 60_000
    assert QApplication.instance().font().pointSize() == 14
    assert QLabel("새 창").font().pointSize() == 14
    assert settings.REPORT_FORMAT.get() == "pdf"
    from tracker.ui.report_dialog import ReportDialog

    report = ReportDialog(db)
    qtbot.addWidget(report)
    report.outline = None
    assert report.suggested_path().suffix == ".pdf"


def test_malformed_values_read_as_defaults(window, db, qtbot):
    stored = QSettings()
    for key, value in {
        "ui/language": "fr",
        "ui/font_size": "huge",
        "user/person_id": "not-a-uuid",
        "user/name": 5,
        "reminders/interval_minutes": "-3",
        "reminders/told": "[1, 2",
        "report/format": "doc",
        "window/geometry": "garbage",
        "window/section": 7,
    }.items():
        stored.setValue(key, value)
    for s in settings.ALL:
        if s.key not in ("calendar/mode", "calendar/zone"):
            assert s.get() == s.default, s.key
    again = MainWindow(db)
    qtbot.addWidget(again)
    again.show()
    dialog = SettingsDialog(db, again)
    qtbot.addWidget(dialog)
    assert dialog.interval.value() == 60 and dialog.report_format.currentData() == "docx"
    assert dialog.font_size.text() == "System default"
    assert again.reminders.timer.interval() == 60 * 60_000
