"""A colleague saved the record while this user was editing it: Save keeps both where they
changed different fields, asks per field where both changed one, and going back from that
question loses nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from tracker.db.models import Channel
from tracker.services import records
from tracker.ui.conflict_dialog import ConflictDialog
from tracker.ui.editors import record_dialog


@pytest.fixture
def channel(db):
    return records.create(db, Channel, {"name_ko": "한-일 디지털 정책대화", "notes": "1차 회의: 도쿄"})


def _open(qtbot, db, channel):
    dialog = record_dialog(db, "channels", channel.id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type_notes(qtbot, dialog, text: str) -> None:
    notes = dialog.form.field("notes")
    target = getattr(notes, "edit", notes)
    target.setFocus()
    QTest.keyClick(target, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(target, text)


def _save(dialog) -> None:
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setFocus()
    QTest.keyClick(save, Qt.Key.Key_Space)


def _stored(db, channel) -> Channel:
    return records.get(db, Channel, channel.id)


def test_different_fields_changed_by_each_are_both_saved_without_a_question(qtbot, db, channel, monkeypatch):
    asked = []
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: asked.append(self) or 0)
    dialog = _open(qtbot, db, channel)
    _type_notes(qtbot, dialog, " / next round in March")
    records.update(db, Channel, channel.id, {"name_en": "Korea-Japan Digital Policy Dialogue"})  # a colleague
    _save(dialog)
    assert asked == [] and dialog.result() == QDialog.DialogCode.Accepted
    stored = _stored(db, channel)
    assert stored.notes == "1차 회의: 도쿄 / next round in March"
    assert stored.name_en == "Korea-Japan Digital Policy Dialogue"


def test_one_field_changed_by_both_asks_and_takes_the_choice(qtbot, db, channel, monkeypatch):
    def choose_theirs(self):
        self.show()
        (row,) = self.rows
        assert row.mine.isChecked()  # the user's own typing until they choose
        qtbot.mouseClick(row.theirs, Qt.MouseButton.LeftButton)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", choose_theirs)
    dialog = _open(qtbot, db, channel)
    _type_notes(qtbot, dialog, " / mine")
    records.update(db, Channel, channel.id, {"notes": "1차 회의: 도쿄 / theirs"})
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _stored(db, channel).notes == "1차 회의: 도쿄 / theirs"


def test_going_back_from_the_question_keeps_the_form_and_saves_nothing(qtbot, db, channel, monkeypatch):
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    dialog = _open(qtbot, db, channel)
    _type_notes(qtbot, dialog, " / mine")
    records.update(db, Channel, channel.id, {"notes": "theirs"})
    _save(dialog)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.form.values()["notes"] == "1차 회의: 도쿄 / mine"
    assert _stored(db, channel).notes == "theirs"
    assert dialog.problem_list.texts()  # says why nothing was saved

    monkeypatch.setattr(ConflictDialog, "exec", lambda self: QDialog.DialogCode.Accepted)  # mine
    _save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _stored(db, channel).notes == "1차 회의: 도쿄 / mine"
