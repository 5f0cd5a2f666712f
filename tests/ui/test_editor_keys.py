"""Enter in a field does that field's job and never saves the record half-finished; saving is
Ctrl+S or the Save button. Checked on every record dialog, with real key events."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from tracker.db.models import KeyPoint, Meeting, Trip
from tracker.services.countries import seed_countries
from tracker.ui import editors
from tracker.ui.event_editor import EventEditor
from tracker.ui.meeting_editor import MeetingEditor
from tracker.ui.person_editor import PersonEditor
from tracker.ui.trip_editor import TripEditor


def _count(db, model) -> int:
    with db.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    return dialog


def test_enter_in_the_key_point_box_adds_the_point_and_keeps_the_meeting_open(qtbot, db):
    seed_countries(db)
    editor = _shown(qtbot, MeetingEditor(db))
    editor.form.field("title").setText("Japan bilateral")
    editor.tabs.setCurrentWidget(editor.key_points_page)
    editor.key_point_entry.setText("AI safety institutes")
    editor.key_point_entry.setFocus()
    QTest.keyClick(editor.key_point_entry, Qt.Key.Key_Return)
    assert editor.isVisible() and editor.result() == 0
    assert [r["text"] for r in editor._state["key_points"]] == ["AI safety institutes"]
    assert _count(db, Meeting) == 0 and _count(db, KeyPoint) == 0


def test_enter_in_a_participant_picker_without_a_match_does_not_save(qtbot, db):
    seed_countries(db)
    editor = _shown(qtbot, MeetingEditor(db))
    editor.form.field("title").setText("Japan bilateral")
    picker = editor.pickers[next(iter(editor.pickers))]
    picker.edit.setText("nobody by this name")
    picker.edit.setFocus()
    QTest.keyClick(picker.edit, Qt.Key.Key_Enter)
    assert editor.isVisible() and editor.result() == 0
    assert _count(db, Meeting) == 0


def test_save_stays_on_ctrl_s_and_on_the_save_button_itself(qtbot, db):
    seed_countries(db)
    editor = _shown(qtbot, MeetingEditor(db))
    editor.form.field("title").setText("Japan bilateral")
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.shortcut().matches(QKeySequence("Ctrl+S")) == QKeySequence.SequenceMatch.ExactMatch
    save.setFocus()
    QTest.keyClick(save, Qt.Key.Key_Return)
    assert _count(db, Meeting) == 1


def _line_edits(dialog):
    return [w for w in dialog.findChildren(QLineEdit) if w.isVisible() and w.isEnabled()]


@pytest.mark.parametrize(
    "kind",
    [
        "countries",
        "organizations",
        "persons",
        "topics",
        "actions",
        "agreements",
        "channels",
        "trips",
        "meetings",
        "events",
    ],
)
def test_enter_in_any_text_field_of_a_record_dialog_never_saves(qtbot, db, kind):
    seed_countries(db)
    builders = {
        "persons": lambda: PersonEditor(db),
        "trips": lambda: TripEditor(db),
        "meetings": lambda: MeetingEditor(db),
        "events": lambda: EventEditor(db),
    }
    dialog = _shown(qtbot, builders.get(kind, lambda: editors.record_dialog(db, kind))())
    model = editors.MODELS[kind]
    before = _count(db, model)
    pressed: list[bool] = []  # Save pressed, whether or not the record could be saved
    dialog.buttons.accepted.connect(lambda: pressed.append(True))
    edits = _line_edits(dialog)
    assert edits
    for edit in edits:
        edit.setFocus()
        QTest.keyClick(edit, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.result() == 0, edit.placeholderText()
    assert pressed == []
    assert _count(db, model) == before


def test_enter_in_a_trip_title_then_the_save_button_saves_once(qtbot, db):
    seed_countries(db)
    editor = _shown(qtbot, TripEditor(db))
    editor.form.field("title").setText("G20 digital ministers")
    editor.form.field("start_date").setText("2026-03-01")
    editor.form.field("end_date").setText("2026-03-04")
    editor.form.field("title").setFocus()
    QTest.keyClick(editor.form.field("title"), Qt.Key.Key_Return)
    assert editor.isVisible() and _count(db, Trip) == 0
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setFocus()
    QTest.keyClick(save, Qt.Key.Key_Return)
    assert _count(db, Trip) == 1


def test_a_person_created_from_the_meeting_gets_title_organization_country_and_position(
    qtbot, db, monkeypatch
):
    """새 인사… takes the title and organization the person holds; country and organization come
    from the meeting, the position starts on the meeting date; the meeting shows the title."""
    from datetime import date

    from tracker.domain.enums import Side
    from tracker.services import directory
    from tracker.ui.forms import RecordDialog

    seed_countries(db)
    ised = directory.create_organization(
        db, {"name_ko": "혁신과학경제개발부", "acronym": "ISED", "country_code": "CA"}
    )
    editor = _shown(qtbot, MeetingEditor(db))
    editor.form.field("date").setText("2025-12-08")
    assert editor.form.field("country_code").choose_text("캐나다")
    editor.add_organization(ised.id)

    def fill_and_save(dialog):
        assert dialog.form.field("country_code").value() == "CA"
        assert dialog.organization_field.value() == ised.id
        dialog.form.field("name_original").setText("Mark Schaan")
        dialog.title_field.setFocus()
        QTest.keyClicks(dialog.title_field, "Deputy Minister")
        QTest.keyClick(dialog.title_field, Qt.Key.Key_Return)  # Enter in the field does not save
        assert dialog.saved is None and dialog.result() == 0
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setFocus()
        QTest.keyClick(save, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)
    person_id = editor.new_person(Side.THEM)
    assert person_id is not None
    person = directory.get_person(db, person_id)
    assert person.country_code == "CA"
    [position] = person.positions
    assert (position.title_en, position.organization_id, position.start_date) == (
        "Deputy Minister",
        ised.id,
        date(2025, 12, 8),
    )
    row = editor._state["them"][-1]
    assert row["title"] == "Deputy Minister" and row["organization_id"] == ised.id
