"""An open record dialog follows a colleague's change of its record: with nothing typed it
shows the new values quietly and says so; with something typed a bar at the top offers to
reload and nothing typed is touched until the user says so; a deletion is said; the user's
own saves say nothing. The focus stays where the user has it throughout."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox

from tracker.db.changes import Changes, ColleagueChange
from tracker.db.models import Channel, Trip
from tracker.domain import i18n
from tracker.services import records
from tracker.ui.changed_banner import local_time
from tracker.ui.conflict_dialog import ConflictDialog
from tracker.ui.editors import record_dialog
from tracker.ui.forms import RecordDialog

AT = datetime(2026, 12, 6, 5, 2, tzinfo=UTC)


@pytest.fixture(autouse=True)
def korean():
    before = i18n._current
    i18n.set_language("ko")
    yield
    i18n.set_language(before)


@pytest.fixture
def channel(db):
    return records.create(db, Channel, {"name_ko": "한-일 디지털 정책대화", "notes": "1차 회의: 도쿄"})


@pytest.fixture
def no_conflict_question(monkeypatch):
    """A save against an old version would ask theirs/mine: these tests must never get there."""
    asked: list[ConflictDialog] = []
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: asked.append(self) or 0)
    return asked


def _open(qtbot, db, channel):
    dialog = record_dialog(db, "channels", channel.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _notes(dialog):
    notes = dialog.form.field("notes")
    return getattr(notes, "edit", notes)


def _name(dialog):
    field = dialog.form.field("name_ko")
    return getattr(field, "edit", field)


def _colleague(db, channel, kind: str = "updated", **values) -> None:
    """What a colleague's commit looks like when it reaches this program's hub."""
    if kind == "deleted":
        records.delete(db, Channel, channel.id)
    elif values:
        records.update(db, Channel, channel.id, values)
    changes = Changes()
    changes.add(kind, "channels", channel.id)
    changes.colleagues[("channels", str(channel.id))] = ColleagueChange(
        "channels", channel.id, kind, "한서윤", AT
    )
    db.changes.publish(changes)


def _save(dialog) -> None:
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setFocus()
    QTest.keyClick(save, Qt.Key.Key_Space)


def test_a_clean_form_shows_the_colleagues_value_quietly_and_says_so(
    qtbot, db, channel, no_conflict_question
):
    dialog = _open(qtbot, db, channel)
    name = _name(dialog)
    name.setFocus()
    _colleague(db, channel, notes="2차 회의: 서울")

    qtbot.waitUntil(lambda: dialog.form.values()["notes"] == "2차 회의: 서울")
    when = local_time(ColleagueChange("channels", channel.id, "updated", "한서윤", AT))
    assert dialog.banner.shown_text() == f"한서윤이(가) {when}에 바꾼 내용을 불러왔습니다."
    assert dialog.banner.accessibleName() == dialog.banner.shown_text()  # what a screen reader says
    assert dialog.banner.reload_button.isHidden()
    assert QApplication.focusWidget() is name and not dialog.dirty

    # saved against the colleague's version: no "theirs or mine?" and nothing of theirs lost
    qtbot.keyClicks(name, " 2")
    _save(dialog)
    assert no_conflict_question == [] and dialog.result() == QDialog.DialogCode.Accepted
    stored = records.get(db, Channel, channel.id)
    assert (stored.name_ko, stored.notes) == ("한-일 디지털 정책대화 2", "2차 회의: 서울")


def test_a_half_typed_form_is_left_alone_and_the_bar_offers_to_reload(
    qtbot, db, channel, monkeypatch, no_conflict_question
):
    dialog = _open(qtbot, db, channel)
    notes = _notes(dialog)
    notes.setFocus()
    QTest.keyClick(notes, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(notes, " / March")
    _colleague(db, channel, notes="2차 회의: 서울")

    qtbot.waitUntil(dialog.banner.isVisible)
    when = local_time(ColleagueChange("channels", channel.id, "updated", "한서윤", AT))
    assert dialog.banner.shown_text() == f"한서윤이(가) {when}에 이 기록을 바꿨습니다. 다시 불러올까요?"
    assert dialog.form.values()["notes"] == "1차 회의: 도쿄 / March"
    assert QApplication.focusWidget() is notes
    qtbot.keyClicks(notes, "!")  # typing goes on where it was
    assert dialog.form.values()["notes"] == "1차 회의: 도쿄 / March!"

    # Reload with unsaved changes asks first: No keeps everything
    asked: list[str] = []
    monkeypatch.setattr(RecordDialog, "ask_reload", classmethod(lambda cls, p, title, t: asked.append(title)))
    dialog.banner.reload_button.click()
    assert asked == ["협력채널 수정"] and dialog.form.values()["notes"] == "1차 회의: 도쿄 / March!"

    monkeypatch.setattr(RecordDialog, "ask_reload", classmethod(lambda cls, p, title, t: True))
    dialog.banner.reload_button.click()
    assert dialog.form.values()["notes"] == "2차 회의: 서울"
    assert not dialog.dirty and dialog.banner.isHidden()

    _save(dialog)  # against the version just loaded
    assert no_conflict_question == [] and dialog.result() == QDialog.DialogCode.Accepted


def test_a_syllable_being_composed_counts_as_typed(qtbot, db, channel, no_conflict_question):
    """Korean is typed through the input method: 한 is ㅎ, then 하, then 한, shown in the field
    but not yet its text. A quiet reload then would replace the syllable under the fingers."""
    from PySide6.QtGui import QInputMethodEvent

    dialog = _open(qtbot, db, channel)
    name = _name(dialog)
    name.setFocus()
    QApplication.sendEvent(name, QInputMethodEvent("하", []))
    assert not dialog.dirty  # the form itself does not know of it
    _colleague(db, channel, notes="2차 회의: 서울")
    qtbot.waitUntil(dialog.banner.isVisible)
    assert not dialog.banner.reload_button.isHidden()  # asks; loaded nothing
    assert dialog.form.values()["notes"] == "1차 회의: 도쿄"
    QApplication.sendEvent(name, QInputMethodEvent("", []))  # composition ended (committed or cancelled)
    dialog.banner.hide()
    _colleague(db, channel, notes="3차 회의: 부산")
    qtbot.waitUntil(lambda: dialog.form.values()["notes"] == "3차 회의: 부산")  # quiet again


def test_the_bar_is_reached_by_keyboard_and_closed_by_its_button(qtbot, db, channel, monkeypatch):
    dialog = _open(qtbot, db, channel)
    notes = _notes(dialog)
    notes.setFocus()
    qtbot.keyClicks(notes, " ...")
    _colleague(db, channel, name_en="Korea-Japan Digital Policy Dialogue")
    qtbot.waitUntil(dialog.banner.isVisible)
    assert "&" in dialog.banner.reload_button.text() and "&" in dialog.banner.close_button.text()

    monkeypatch.setattr(RecordDialog, "ask_reload", classmethod(lambda cls, p, title, t: True))
    dialog.activateWindow()
    QTest.keyClick(notes, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # 다시 불러오기(&R)
    qtbot.waitUntil(lambda: dialog.form.values()["name_en"] == "Korea-Japan Digital Policy Dialogue")

    _colleague(db, channel, notes="또 바뀜")
    qtbot.waitUntil(dialog.banner.isVisible)  # clean now: reloaded, and said
    dialog.banner.close_button.click()
    assert dialog.banner.isHidden() and dialog.isVisible()


def test_a_deletion_says_saving_will_fail(qtbot, db, channel):
    dialog = _open(qtbot, db, channel)
    _colleague(db, channel, kind="deleted")
    qtbot.waitUntil(dialog.banner.isVisible)
    assert "지웠습니다" in dialog.banner.shown_text() and "저장하면 실패" in dialog.banner.shown_text()
    assert dialog.banner.reload_button.isHidden()
    assert dialog.form.values()["notes"] == "1차 회의: 도쿄"  # the form still shows what was there


def test_this_programs_own_saves_show_no_bar(qtbot, db, channel):
    dialog = _open(qtbot, db, channel)
    other = record_dialog(db, "channels", channel.id)
    qtbot.addWidget(other)
    other.show()
    qtbot.keyClicks(_notes(other), " / saved here")
    _save(other)
    assert other.result() == QDialog.DialogCode.Accepted
    QApplication.processEvents()
    QApplication.processEvents()
    assert dialog.banner.isHidden()
    assert dialog.form.values()["notes"] == "1차 회의: 도쿄"


def test_a_closed_dialog_stops_listening(qtbot, db, channel):
    dialog = _open(qtbot, db, channel)
    assert dialog._watch is not None and dialog._watch.push in db.changes._subscribers
    dialog.reject()
    assert dialog._watch.push not in db.changes._subscribers


def test_the_unsaved_question_names_the_dialog_without_the_modified_marker(qtbot, db, channel, monkeypatch):
    dialog = _open(qtbot, db, channel)
    dialog.setWindowTitle("협력채널 수정[*]")
    qtbot.keyClicks(_notes(dialog), "x")
    titles: list[str] = []
    monkeypatch.setattr(
        RecordDialog,
        "ask",
        classmethod(lambda cls, p, title, t: titles.append(title) or QMessageBox.StandardButton.Cancel),
    )
    dialog.reject()
    assert titles == ["협력채널 수정"]


def test_in_english_the_bar_says_it_in_english(qtbot, db, channel):
    i18n.set_language("en")
    dialog = _open(qtbot, db, channel)
    _colleague(db, channel, kind="deleted")
    qtbot.waitUntil(dialog.banner.isVisible)
    when = local_time(ColleagueChange("channels", channel.id, "deleted", "한서윤", AT))
    assert dialog.banner.shown_text() == f"한서윤 deleted this record at {when}. Saving it will fail."
    assert dialog.banner.close_button.text() == "C&lose"


def _trip_editor(qtbot, db, reload: bool):  # type: ignore[no-untyped-def]
    """A trip editor with the one line an editor adds to follow its record."""
    from tracker.services import trip_form
    from tracker.ui.trip_editor import TripEditor

    trip = records.create(
        db,
        Trip,
        {"title": "G20 디지털장관회의", "start_date": date(2026, 3, 2), "end_date": date(2026, 3, 5)},
    )
    editor = TripEditor(db, trip.id)
    editor.watch_record(
        "trips", trip.id, (lambda: editor.load(trip_form.trip_draft(db, editor.trip_id))) if reload else None
    )
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor, trip


def _colleague_trip(db, trip, **values) -> None:
    records.update(db, Trip, trip.id, values)
    changes = Changes()
    changes.add("updated", "trips", trip.id)
    changes.colleagues[("trips", str(trip.id))] = ColleagueChange("trips", trip.id, "updated", "한서윤", AT)
    db.changes.publish(changes)


def test_an_editor_that_follows_its_record_reloads_it_and_the_bar_is_on_top(qtbot, db, no_conflict_question):
    editor, trip = _trip_editor(qtbot, db, reload=True)
    _colleague_trip(db, trip, destination="리우데자네이루")
    qtbot.waitUntil(lambda: editor.form.values()["destination"] == "리우데자네이루")
    assert "불러왔습니다" in editor.banner.shown_text()
    assert editor.layout().indexOf(editor.banner) == 0 and editor.layout().indexOf(editor.problem_list) == 1
    assert not editor.dirty


def test_an_editor_without_a_way_to_reload_says_to_reopen(qtbot, db):
    editor, trip = _trip_editor(qtbot, db, reload=False)
    _colleague_trip(db, trip, destination="리우데자네이루")
    qtbot.waitUntil(editor.banner.isVisible)
    assert "닫고 다시 열면 보입니다" in editor.banner.shown_text()
    assert editor.banner.reload_button.isHidden()
    assert editor.form.values()["destination"] != "리우데자네이루"
