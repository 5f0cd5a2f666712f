"""The person editor, driven like a user: positions over time in a table, a rotation that ends
the old title the day before, rows whose end is before their start in red, and no silent loss
of table edits."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QDialog, QMessageBox

from tracker.db.models import MeetingParticipant, Organization, Person, Position
from tracker.domain.enums import Rank, Side
from tracker.export.demo import load_demo
from tracker.services import directory, meetings, records
from tracker.services.countries import seed_countries
from tracker.ui.forms import RecordDialog
from tracker.ui.person_editor import (
    ERROR_BACKGROUND,
    O_END,
    O_ORG,
    O_RANK,
    O_START,
    O_TITLE_EN,
    O_TITLE_KO,
    PersonEditor,
    RotateDialog,
    date_text,
    open_person_editor,
)


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


@pytest.fixture
def msit(cdb):
    return records.create(cdb, Organization, {"name_ko": "과학기술정보통신부", "acronym": "MSIT"})


@pytest.fixture
def demo(db):
    load_demo(db)
    with db.read() as s:
        jerry = s.scalar(sa.select(Person).where(Person.name_original == "Jerry Sheehan"))
        oecd = s.scalar(sa.select(Organization).where(Organization.acronym == "OECD"))
    return jerry.id, oecd.id


def _editor(qtbot, db, person_id=None, **kw) -> PersonEditor:
    editor = open_person_editor(db, person_id, **kw)
    qtbot.addWidget(editor)
    return editor


def _texts(editor, col) -> list[str]:
    t = editor.positions_table
    if col in (O_START, O_END):
        return [t.cellWidget(r, col).text() for r in range(t.rowCount())]
    return [t.item(r, col).text() for r in range(t.rowCount())]


def _stored(db, person_id) -> list[Position]:
    return list(directory.get_person(db, person_id).positions)


def test_a_new_person_is_saved_with_their_positions(qtbot, cdb, msit):
    editor = _editor(qtbot, cdb)
    editor.form.field("name_ko").setText("박진홍")
    assert editor.form.field("country_code").choose_text("대한민국")
    editor.form.field("is_staff").set_value(True)
    older = editor.add_position(
        msit.id, "서기관", start_date=date(2022, 2, 1), end_date="2025-02-28", rank=Rank.DEPUTY_DIRECTOR
    )
    assert older == 0
    newer = editor.add_position(
        title_ko="팀장", title_en="Team Leader", start_date="2025-03-01", rank="director"
    )
    assert newer == 0  # newest first
    assert _texts(editor, O_TITLE_KO) == ["팀장", "서기관"]
    editor.edit_position(0, organization_id=msit.id)
    assert "과학기술정보통신부" in editor.positions_table.cellWidget(0, O_ORG).edit.text()
    editor.add_position()  # an empty row left at the top is not saved
    assert editor.positions_table.rowCount() == 3
    assert editor.save()
    person = editor.saved
    assert not isinstance(person, Person)  # the editor holds plain data, never a database row
    values = person.values
    assert values["name_ko"] == "박진홍" and values["is_staff"] and values["country_code"] == "KR"
    assert [p.title_ko for p in person.positions] == ["팀장", "서기관"]  # newest first
    assert [
        (p.title_ko, p.rank, p.start_date, p.end_date, p.organization_id) for p in _stored(cdb, person.id)
    ] == [
        ("팀장", Rank.DIRECTOR, date(2025, 3, 1), None, msit.id),
        ("서기관", Rank.DEPUTY_DIRECTOR, date(2022, 2, 1), date(2025, 2, 28), msit.id),
    ]


def test_rotating_a_counterpart_keeps_past_meetings_and_gives_later_ones_the_new_title(qtbot, db, demo):
    jerry, oecd = demo
    with db.read() as s:
        past = {
            p.id: p.title
            for p in s.scalars(sa.select(MeetingParticipant).where(MeetingParticipant.person_id == jerry))
        }
    assert past and set(past.values()) == {"국장"}
    old_id = _stored(db, jerry)[0].id

    editor = _editor(qtbot, db, jerry)
    assert _texts(editor, O_TITLE_KO) == ["국장"]
    assert (
        "OECD" in editor.positions_table.cellWidget(0, O_ORG).edit.text()
        or "경제협력개발기구" in editor.positions_table.cellWidget(0, O_ORG).edit.text()
    )
    row = editor.rotate(
        date(2026, 3, 1), title_ko="사무차장", title_en="Deputy Secretary-General", rank=Rank.EXECUTIVE
    )
    assert row == 0
    assert _texts(editor, O_TITLE_KO) == ["사무차장", "국장"]
    assert _texts(editor, O_START) == [date_text(date(2026, 3, 1)), ""]
    assert _texts(editor, O_END) == ["", date_text(date(2026, 2, 28))]  # the day before, in the table
    assert editor.positions_table.cellWidget(0, O_RANK).value() == Rank.EXECUTIVE
    assert editor.positions_table.cellWidget(0, O_ORG).value() == oecd  # same organization by default
    assert editor.dirty
    assert _stored(db, jerry)[0].end_date is None  # nothing stored before Save

    assert editor.save()
    stored = {p.title_ko: p for p in _stored(db, jerry)}
    assert stored["국장"].id == old_id and stored["국장"].end_date == date(2026, 2, 28)
    assert stored["사무차장"].start_date == date(2026, 3, 1) and stored["사무차장"].organization_id == oecd

    with db.read() as s:
        after = {
            p.id: p.title
            for p in s.scalars(sa.select(MeetingParticipant).where(MeetingParticipant.person_id == jerry))
        }
    assert after == past  # the meetings he attended keep the title he held then

    later = meetings.create_meeting(
        db,
        {"title": "한-OECD 디지털정책 면담", "date": date(2026, 3, 12), "timezone": "Europe/Paris"},
        participants=[{"side": Side.THEM, "person_id": jerry}],
    )
    assert later.participants[0].title == "사무차장"
    assert later.participants[0].organization_id == oecd
    earlier = meetings.create_meeting(
        db,
        {"title": "한-OECD 실무협의", "date": date(2026, 2, 27), "timezone": "Europe/Paris"},
        participants=[{"side": Side.THEM, "person_id": jerry}],
    )
    assert earlier.participants[0].title == "국장"


def test_the_rotate_button_asks_for_the_date_and_title(qtbot, db, demo, monkeypatch):
    jerry, oecd = demo
    editor = _editor(qtbot, db, jerry)

    def fill(dialog: RotateDialog) -> int:
        assert dialog.organization.value() == oecd  # starts at the current organization
        dialog.start.setText("2026-03-01")
        dialog.title_ko.setText("사무차장")
        dialog.rank.set_value(Rank.EXECUTIVE)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(RotateDialog, "exec", fill)
    editor.position_buttons["rotate"].click()
    assert _texts(editor, O_TITLE_KO) == ["사무차장", "국장"]
    assert _texts(editor, O_END)[1] == date_text(date(2026, 2, 28))

    monkeypatch.setattr(RotateDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    editor.position_buttons["rotate"].click()
    assert editor.positions_table.rowCount() == 2


def test_the_rotate_dialog_wants_a_date(qtbot, db):
    dialog = RotateDialog(db)
    qtbot.addWidget(dialog)
    dialog.title_ko.setText("국장")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and not dialog.problem.isHidden()
    dialog.start.setText("2026-13-01")
    assert "2026-13-01" in dialog.error()


def test_a_rotation_is_one_undo_step(qtbot, db, demo):
    jerry, _ = demo
    editor = _editor(qtbot, db, jerry)
    editor.rotate("2026-03-01", title_ko="사무차장")
    assert editor.positions_table.rowCount() == 2
    editor.form.undo_stack.undo()
    assert _texts(editor, O_TITLE_KO) == ["국장"] and _texts(editor, O_END) == [""]
    assert not editor.dirty
    editor.form.undo_stack.redo()
    assert _texts(editor, O_TITLE_KO) == ["사무차장", "국장"]
    assert editor.dirty


def test_end_before_start_is_red_with_a_tooltip_and_blocks_saving(qtbot, cdb, msit):
    person = directory.create_person(cdb, {"name_ko": "최민수"}, positions=[{"title_ko": "과장"}])
    editor = _editor(qtbot, cdb, person.id)
    editor.add_position(msit.id, "국장", start_date="2026-03-01")
    editor.edit_position(0, end_date="2026-02-01")
    table = editor.positions_table
    item = table.item(0, O_TITLE_KO)
    assert item.background().color() == ERROR_BACKGROUND
    assert "before the start" in item.toolTip()
    assert "before the start" in table.cellWidget(0, O_END).toolTip()
    assert table.item(1, O_TITLE_KO).toolTip() == ""  # the other row is fine

    assert not editor.save()
    assert editor.result() != QDialog.DialogCode.Accepted
    assert not editor.problem_list.isHidden()  # listed at the top, dates as the interface writes them
    assert editor.problem_list.texts()[0].startswith("Position 1: ")
    assert "1 Feb 2026 (Sun)" in editor.problem_list.texts()[0]
    assert [p.title_ko for p in _stored(cdb, person.id)] == ["과장"]

    editor.edit_position(0, end_date="")  # fixed: the flag and the message go
    assert table.item(0, O_TITLE_KO).toolTip() == ""
    assert editor.problem_list.isHidden()
    assert editor.save()
    assert {p.title_ko for p in _stored(cdb, person.id)} == {"과장", "국장"}


def test_a_date_that_is_not_one_is_flagged_as_typed(qtbot, cdb):
    editor = _editor(qtbot, cdb, initial={"name_ko": "홍길동"})
    editor.add_position(title_ko="과장")
    editor.positions_table.cellWidget(0, O_START).setText("2025-13-45")
    assert "2025-13-45" in editor.row_problem(0)
    assert editor.positions_table.item(0, O_TITLE_KO).background().color() == ERROR_BACKGROUND
    assert not editor.save()
    with cdb.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Person)) == 0


def test_cancel_with_unsaved_table_edits_asks(qtbot, cdb, monkeypatch):
    person = directory.create_person(cdb, {"name_ko": "조목은"}, positions=[{"title_ko": "수석"}])
    editor = _editor(qtbot, cdb, person.id)
    editor.show()
    assert not editor.dirty
    editor.positions_table.item(0, O_TITLE_KO).setText("수석연구원")
    editor.positions_table.item(0, O_TITLE_EN).setText("Principal Researcher")
    assert editor.dirty

    asked = []
    monkeypatch.setattr(
        RecordDialog, "ask", classmethod(lambda cls, *a: asked.append(a) or QMessageBox.StandardButton.Cancel)
    )
    editor.reject()
    assert asked and editor.isVisible()

    # Undo goes back through the table edits, one per cell.
    editor.form.undo_stack.undo()
    assert editor.positions_table.item(0, O_TITLE_EN).text() == ""
    assert editor.positions_table.item(0, O_TITLE_KO).text() == "수석연구원"
    editor.form.undo_stack.redo()

    monkeypatch.setattr(RecordDialog, "ask", classmethod(lambda cls, *a: QMessageBox.StandardButton.Discard))
    editor.reject()
    assert not editor.isVisible()
    assert [p.title_ko for p in _stored(cdb, person.id)] == ["수석"]


def test_answering_save_when_closing_saves_the_table(qtbot, cdb, monkeypatch):
    person = directory.create_person(cdb, {"name_ko": "조목은"}, positions=[{"title_ko": "수석"}])
    editor = _editor(qtbot, cdb, person.id)
    editor.show()
    editor.remove_position(0)
    assert editor.dirty
    monkeypatch.setattr(RecordDialog, "ask", classmethod(lambda cls, *a: QMessageBox.StandardButton.Save))
    editor.reject()
    assert not editor.isVisible()
    assert _stored(cdb, person.id) == []


def test_typing_in_one_cell_is_one_undo_step(qtbot, cdb):
    person = directory.create_person(cdb, {"name_ko": "조목은"}, positions=[{"title_ko": "수석"}])
    editor = _editor(qtbot, cdb, person.id)
    field = editor.positions_table.cellWidget(0, O_START)
    for text in ("2", "2024", "2024-01", "2024-01-0", "2024-01-02"):
        field.setText(text)
    assert editor.form.undo_stack.count() == 1
    editor.form.undo_stack.undo()
    assert editor.positions_table.cellWidget(0, O_START).text() == ""
    assert not editor.dirty


def test_a_colleagues_save_in_between_is_merged_not_refused(qtbot, cdb):
    person = directory.create_person(cdb, {"name_ko": "박진홍"}, positions=[{"title_ko": "팀장"}])
    editor = _editor(qtbot, cdb, person.id)
    records.update(cdb, Person, person.id, {"email": "park@example.org"})  # a colleague saves first
    editor.add_position(title_ko="과장", start_date="2026-02-01")
    assert editor.save(), editor.message.text()  # different things changed: both kept
    assert sorted(p.title_ko for p in _stored(cdb, person.id)) == ["과장", "팀장"]
    assert directory.get_person(cdb, person.id).email == "park@example.org"


def test_a_person_without_any_name_is_not_saved(qtbot, cdb):
    editor = _editor(qtbot, cdb)
    editor.form.field("email").setText("someone@example.org")
    editor.add_position(title_ko="과장")
    assert not editor.save()
    assert "at least one script" in editor.form.errors["name_ko"].text()
    editor.form.field("name_latin").setText("Hong Gildong")
    assert editor.save()
    assert editor.saved.values["name_latin"] == "Hong Gildong"


def test_korean_interface(qtbot, cdb):
    from tracker.domain import i18n

    i18n.set_language("ko")
    editor = _editor(qtbot, cdb, initial={"name_ko": "홍길동"})
    assert editor.position_buttons["rotate"].text() == "인사이동…"
    editor.add_position(title_ko="국장", start_date="2026.3.1.", end_date="'26.2.1.")
    assert not editor.save()
    assert editor.problem_list.texts()[0].startswith(
        "직위 1: 종료(2026.02.01.(일))가 시작(2026.03.01.(일))보다 앞섭니다"
    )
    editor.edit_position(0, end_date=None)
    editor.positions_table.cellWidget(0, O_START).edit.editingFinished.emit()
    assert editor.positions_table.cellWidget(0, O_START).text() == "2026.03.01.(일)"
    assert editor.save()
    assert _stored(cdb, editor.saved.id)[0].start_date == date(2026, 3, 1)


def test_the_main_window_can_open_it_for_persons(qtbot, cdb, monkeypatch):
    from tracker.ui import main_window

    person = directory.create_person(cdb, {"name_ko": "박진홍"})
    monkeypatch.setitem(
        main_window.EDITORS, "persons", lambda db, key=None, parent=None: open_person_editor(db, key, parent)
    )
    dialog = main_window.EDITORS["persons"](cdb, person.id, None)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, PersonEditor) and dialog.form.field("name_ko").text() == "박진홍"


def test_the_meeting_editors_new_person_still_uses_the_plain_dialog(qtbot, cdb, monkeypatch):
    from tracker.ui.meeting_editor import P_NAME, open_meeting_editor

    editor = open_meeting_editor(cdb)
    qtbot.addWidget(editor)

    def fill_and_save(dialog: RecordDialog) -> int:
        dialog.form.field("name_original").setText("Mark Schaan")
        assert dialog.save()
        return 1

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)
    editor.participant_buttons[Side.THEM]["new"].click()
    assert editor.person_dialog is not None and not isinstance(editor.person_dialog, PersonEditor)
    assert editor.them_table.item(0, P_NAME).text() == "Mark Schaan"
