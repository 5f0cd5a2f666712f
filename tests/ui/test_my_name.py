"""The name an officer gives in Settings is who the history names on their own computer, and
the author their documents carry; an empty name leaves both as before."""

from __future__ import annotations

import pytest
from docx import Document
from PySide6.QtCore import Qt

from tracker.db.models import Person
from tracker.export.demo import load_demo
from tracker.services import history, records
from tracker.services.trips import resolve_trip
from tracker.ui import settings
from tracker.ui.main_window import MainWindow
from tracker.ui.report_dialog import ReportDialog


@pytest.fixture
def window(qtbot, db):
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    return w


def _give_my_name(qtbot, window, name: str) -> None:
    dialog = window.open_settings()
    dialog.author.setFocus()
    qtbot.keyClick(dialog.author, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    dialog.author.insert(name)  # Qt's key simulation has no Korean keys: typed as an input method would
    qtbot.keyClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.Key.Key_Space)


def test_the_history_names_the_officer_by_the_name_given(qtbot, window, db):
    person = records.create(db, Person, {"name_ko": "이하은"})
    _give_my_name(qtbot, window, "박진홍")
    records.update(db, Person, person.id, {"notes": "과장 승진"})
    latest = history.record_history(db, "persons", person.id)[0]
    assert latest.actor == "박진홍"
    assert history.record_history(db, "persons", person.id)[-1].actor != "박진홍"  # made before


def test_a_saved_report_carries_the_name_as_its_author(qtbot, window, db, tmp_path):
    load_demo(db)
    _give_my_name(qtbot, window, "박진홍")
    dialog = ReportDialog(db, resolve_trip(db, "G7 디지털기술 장관회의").id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.outline is not None, timeout=30_000)
    path = tmp_path / "출장 결과보고.docx"
    op = dialog.save_to(path)
    assert op is not None and op.wait(60)
    assert Document(str(path)).core_properties.author == "박진홍"
    assert settings.author() == "박진홍"
