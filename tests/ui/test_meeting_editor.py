"""The meeting editor, driven through its widgets: log a meeting right after it ends, edit one,
undo, leave without saving, drop a photo."""

from __future__ import annotations

import warnings
from datetime import date, time

import pytest
import sqlalchemy as sa
from meeting_cast import meeting_cast
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox

from tracker.db.models import Attachment, KeyPoint, Meeting, Person
from tracker.domain.enums import ActionStatus, DatePrecision, OwedBy, Rank, Side
from tracker.domain.i18n import set_language
from tracker.export.demo import load_demo
from tracker.services import directory, meeting_save, meetings
from tracker.services.countries import seed_countries
from tracker.ui.forms import RecordDialog
from tracker.ui.meeting_editor import A_DUE, A_OWNER, A_POINT, K_TEXT, P_HEAD, P_NAME, P_TITLE, MeetingEditor
from tracker.ui.meeting_editor import open_meeting_editor as open_editor


@pytest.fixture
def cast(db):
    seed_countries(db)
    cast = meeting_cast(db)
    cast["ai"] = directory.topic(db, "AI", "Artificial intelligence")
    return cast


def _editor(qtbot, db, *args, **kw) -> MeetingEditor:
    editor = open_editor(db, *args, **kw)
    qtbot.addWidget(editor)
    return editor


def _demo_meeting(db, word: str):
    load_demo(db)
    return next(m for m in meetings.list_meetings(db) if word in m.title)


def test_log_a_new_bilateral_meeting(qtbot, cast, monkeypatch):
    db = cast["db"]
    editor = _editor(qtbot, db)
    assert editor.form.field("date").value() == date.today()  # logged the day it happened
    form = editor.form
    form.field("title").setText("한-캐 AI 장관 양자면담")
    form.field("date").setText("2025.12.08.")
    form.field("start_time").setText("10:00")
    form.field("end_time").setText("10:40")
    form.field("timezone").setText("America/Toronto")
    assert form.field("country_code").choose_text("캐나다")
    assert editor.organization_picker.choose_text("ISED")
    editor.organization_buttons["add"].click()
    editor.topic_picker.setEditText("AI")
    editor.topic_buttons["add"].click()

    # 우리측: one picked by method, one typed into the picker and added with the button.
    assert editor.add_participant(Side.US, cast["vice"].id) == 0
    assert editor.pickers[Side.US].choose_text("박진홍")
    editor.participant_buttons[Side.US]["add"].click()
    us = editor.us_table
    assert [us.item(r, P_NAME).text() for r in range(2)] == ["류제명", "박진홍"]
    assert [us.item(r, P_TITLE).text() for r in range(2)] == ["제2차관", "팀장"]  # filled as soon as picked
    assert [us.item(r, P_HEAD).checkState() for r in range(2)] == [
        Qt.CheckState.Checked,
        Qt.CheckState.Unchecked,
    ]

    # 상대측: the minister, and an official created on the spot without leaving the form.
    editor.add_participant("them", cast["minister"].id)

    def fill_and_save(dialog):
        dialog.form.field("name_original").setText("Mark Schaan")
        dialog.form.field("country_code").choose_text("캐나다")
        assert dialog.save()
        return dialog.result()

    monkeypatch.setattr(RecordDialog, "exec", fill_and_save)
    editor.participant_buttons[Side.THEM]["new"].click()
    assert editor.person_dialog is not None and not editor.person_dialog.form.field("is_staff").value()
    them = editor.them_table
    assert them.rowCount() == 2 and them.item(1, P_NAME).text() == "Mark Schaan"
    them.item(1, P_TITLE).setText("부차관보")  # the officer types the title held that day

    # Key points, typed in order and then put in the order of the report.
    editor.key_point_entry.setText("AI 안전연구소 간 협력")
    editor.key_point_buttons["add"].click()
    editor.add_key_point("인재 교류 확대")
    editor.add_key_point("G7 디지털 의제 공조", party="캐나다")

    def points():
        return [editor.key_points.item(r, K_TEXT).text() for r in range(editor.key_points.rowCount())]

    ai, people, g7 = "AI 안전연구소 간 협력", "인재 교류 확대", "G7 디지털 의제 공조"
    assert points() == [ai, people, g7]
    editor.key_points.setCurrentCell(2, K_TEXT)
    editor.key_point_buttons["up"].click()
    assert points() == [ai, g7, people]
    assert editor.move_key_point(2, -1) == 1
    assert points() == [ai, people, g7]
    editor.key_points.setCurrentCell(0, K_TEXT)
    editor.key_point_buttons["down"].click()
    assert points() == [people, ai, g7]

    # Follow-ups: one from key point 2 due in October 2026, one typed and given an owner in its row.
    editor.add_action(
        title="AI 안전 협력 MOU 문안 협의", owner_id=cast["lead"].id, due_text="'26.10월", key_point_index=1
    )
    editor.action_entry.setText("G7 공동성명 후속 논의")
    editor.action_buttons["add"].click()
    owner = editor.actions_table.cellWidget(1, A_OWNER)
    assert owner.choose_text("류제명")
    editor.actions_table.cellWidget(1, A_POINT).setCurrentIndex(3)  # "3. G7 ..."
    assert editor.dirty

    assert editor.save(), editor.message.text()
    assert editor.result() == editor.DialogCode.Accepted

    with db.read() as s:
        (meeting_id,) = s.scalars(sa.select(Meeting.id)).all()
    m = meetings.get_meeting(db, meeting_id)
    assert (m.title, m.date, m.start_time, m.timezone, m.country_code) == (
        "한-캐 AI 장관 양자면담",
        date(2025, 12, 8),
        time(10),
        "America/Toronto",
        "CA",
    )
    assert [o.id for o in m.organizations] == [cast["ised"].id] and [t.id for t in m.topics] == [
        cast["ai"].id
    ]
    rows = [
        (p.side, p.seq, p.person.display_name() if p.person else p.name, p.title, p.is_head)
        for p in sorted(m.participants, key=lambda p: (p.side is Side.THEM, p.seq))
    ]
    assert rows == [
        (Side.US, 1, "류제명", "제2차관", True),
        (Side.US, 2, "박진홍", "팀장", False),
        (Side.THEM, 1, "에반 솔로몬 (Evan Solomon)", "AI·디지털혁신부 장관", True),
        (Side.THEM, 2, "Mark Schaan", "부차관보", False),
    ]
    with db.read() as s:
        schaan = s.scalar(sa.select(Person).where(Person.name_original == "Mark Schaan"))
    assert schaan.country_code == "CA" and not schaan.is_staff
    assert [(k.seq, k.text, k.party) for k in m.key_points] == [
        (1, "인재 교류 확대", None),
        (2, "AI 안전연구소 간 협력", None),
        (3, "G7 디지털 의제 공조", "캐나다"),
    ]
    mou, g7 = meeting_save.meeting_actions(db, m.id)
    assert mou.title == "AI 안전 협력 MOU 문안 협의" and mou.owner_id == cast["lead"].id
    assert (mou.due_date, mou.due_precision) == (date(2026, 10, 1), DatePrecision.MONTH)
    assert mou.key_point_id == m.key_points[1].id  # key point 2
    assert (g7.owner_id, g7.key_point_id, g7.due_date) == (cast["vice"].id, m.key_points[2].id, None)
    assert (mou.country_code, mou.owed_by, mou.status) == ("CA", OwedBy.US, ActionStatus.OPEN)


def test_edit_a_demo_meeting_and_undo(qtbot, db):
    m = _demo_meeting(db, "OECD")
    before = meetings.get_meeting(db, m.id)
    (action,) = meeting_save.meeting_actions(db, m.id)
    editor = _editor(qtbot, db, m.id)
    assert not editor.dirty
    assert editor.key_points.rowCount() == 3 and editor.actions_table.rowCount() == 1
    assert editor.them_table.item(0, P_NAME).text() == "Jerry Sheehan"

    title = editor.form.field("title")
    title.setText("한-OECD 고위급 양자면담")
    assert editor.dirty
    editor.undo_button.click()
    assert title.text() == "한-OECD 양자면담" and not editor.dirty

    editor.key_points.item(1, K_TEXT).setText("APEC 공식 옵저버 승인 상황 공유 및 협조 요청")
    assert editor.dirty
    editor.form.undo_stack.undo()
    assert editor.key_points.item(1, K_TEXT).text() == "APEC 공식 옵저버 승인 상황 공유"
    assert not editor.dirty
    editor.form.undo_stack.redo()
    assert editor.key_points.item(1, K_TEXT).text() == "APEC 공식 옵저버 승인 상황 공유 및 협조 요청"

    editor.move_key_point(1, -1)  # the edited point first
    assert editor.actions_table.cellWidget(0, A_POINT).currentText().startswith("2. 韓-WB")  # link follows
    assert editor.save(), editor.message.text()
    after = meetings.get_meeting(db, m.id)
    assert [k.id for k in after.key_points] == [
        before.key_points[1].id,
        before.key_points[0].id,
        before.key_points[2].id,
    ]
    assert after.key_points[0].text == "APEC 공식 옵저버 승인 상황 공유 및 협조 요청"
    (kept,) = meeting_save.meeting_actions(db, m.id)
    assert kept.id == action.id and kept.key_point_id == before.key_points[0].id
    assert kept.version == action.version  # unchanged follow-ups are not rewritten
    assert [p.id for p in after.participants] == [p.id for p in before.participants]


def test_cancel_with_unsaved_changes_asks(qtbot, db, monkeypatch):
    m = _demo_meeting(db, "캐나다")
    editor = _editor(qtbot, db, m.id)
    editor.show()
    asked = []
    monkeypatch.setattr(
        RecordDialog, "ask", classmethod(lambda cls, *a: asked.append(a) or QMessageBox.StandardButton.Cancel)
    )
    editor.reject()  # nothing changed: closes without asking
    assert not asked and not editor.isVisible()

    editor = _editor(qtbot, db, m.id)
    editor.show()
    editor.them_table.setCurrentCell(0, P_NAME)
    editor.participant_buttons[Side.THEM]["remove"].click()  # a list edit counts as unsaved
    assert editor.them_table.rowCount() == 0 and editor.dirty
    editor.reject()
    assert len(asked) == 1 and editor.isVisible()
    monkeypatch.setattr(RecordDialog, "ask", classmethod(lambda cls, *a: QMessageBox.StandardButton.Discard))
    editor.close()
    assert not editor.isVisible()
    assert len(meetings.get_meeting(db, m.id).participants) == 3  # nothing was written


def test_cancel_then_save_from_the_question(qtbot, cast, monkeypatch):
    db = cast["db"]
    editor = _editor(qtbot, db, initial={"title": "화상 면담", "country_code": "CA"})
    editor.show()
    editor.add_key_point("차기 공동위 일정 협의")
    monkeypatch.setattr(RecordDialog, "ask", classmethod(lambda cls, *a: QMessageBox.StandardButton.Save))
    editor.reject()
    assert not editor.isVisible()
    m = meetings.get_meeting(db, editor.meeting_id)
    assert (m.title, m.country_code, [k.text for k in m.key_points]) == (
        "화상 면담",
        "CA",
        ["차기 공동위 일정 협의"],
    )


def test_dropped_file_is_attached_after_save(qtbot, db, tmp_path):
    m = _demo_meeting(db, "밀라")
    photo = tmp_path / "밀라연구소_방문.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    editor = _editor(qtbot, db, m.id)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo)), QUrl("https://example.org/not-a-file")])
    with warnings.catch_warnings():  # PySide 6.12 flags Qt 6's only constructor as deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            editor.attachments.rect().center(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    editor.attachments.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    editor.attachments.dropEvent(drop)
    assert editor.pending_files == [photo.resolve()]
    assert editor.tabs.currentWidget() is editor.files_page and editor.dirty
    with db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 0  # not before saving

    assert editor.save(), editor.message.text()
    (att,) = meeting_save.meeting_attachments(db, m.id)
    assert att.filename == "밀라연구소_방문.jpg" and att.size == photo.stat().st_size


def test_text_without_files_is_not_a_drop(qtbot, db):
    editor = _editor(qtbot, db)
    mime = QMimeData()
    mime.setText("그냥 글자")
    assert not editor.attachments.drop_mime(mime)
    assert editor.pending_files == [] and not editor.dirty


def test_a_file_that_cannot_be_stored_keeps_the_dialog_open(qtbot, db, tmp_path):
    m = _demo_meeting(db, "독")
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"png")
    editor = _editor(qtbot, db, m.id)
    editor.add_files([photo])
    photo.unlink()  # gone before the save
    editor.form.field("location").setText("Palais des congrès")
    assert not editor.save()
    assert "photo.png" in editor.message.text() and editor.pending_files == [photo.resolve()]
    assert meetings.get_meeting(db, m.id).location == "Palais des congrès"  # the meeting itself is saved
    assert not editor.form.dirty and editor.dirty  # only the file is still waiting


def test_bad_due_date_is_shown_on_its_row_and_nothing_is_written(qtbot, db):
    m = _demo_meeting(db, "OECD")
    editor = _editor(qtbot, db, m.id)
    editor.form.field("title").setText("바뀐 제목")
    editor.add_key_point("새 내용")
    editor.add_action(title="기한이 잘못된 후속조치")
    due = editor.actions_table.cellWidget(1, A_DUE)
    due.setText("'26.13월")
    assert "border" in due.edit.styleSheet()  # flagged as you type
    assert not editor.save()
    assert editor.tabs.currentWidget() is editor.actions_page
    assert editor.actions_table.currentRow() == 1
    listed = editor.problem_list.texts()  # the list at the top, every problem at once
    assert listed[0].startswith("Follow-up 2:") and "'26.13월" in listed[0]
    assert meetings.get_meeting(db, m.id).title == "한-OECD 양자면담"
    with db.read() as s:
        assert (
            s.scalar(sa.select(sa.func.count()).select_from(KeyPoint).where(KeyPoint.meeting_id == m.id)) == 3
        )
    due.setText("'26.12월")
    assert editor.save(), editor.message.text()  # nothing typed was lost


def test_missing_title_is_shown_next_to_the_field(qtbot, cast):
    editor = _editor(qtbot, cast["db"])
    editor.add_key_point("내용")
    assert not editor.save()
    assert editor.form.errors["title"].text() and not editor.form.errors["title"].isHidden()
    assert editor.key_points.rowCount() == 1


def test_one_head_per_side_and_order_of_precedence(qtbot, cast):
    db = cast["db"]
    editor = _editor(qtbot, db, initial={"title": "내부 점검 회의", "date": date(2025, 12, 1)})
    editor.add_participant(Side.US, cast["lead"].id)
    editor.add_participant(Side.US, cast["vice"].id)
    assert editor.add_participant(Side.US, cast["vice"].id) == 1  # already at the table
    editor.us_table.item(1, P_HEAD).setCheckState(Qt.CheckState.Checked)  # the user ticks the vice minister
    heads = [editor.us_table.item(r, P_HEAD).checkState() for r in range(2)]
    assert heads == [Qt.CheckState.Unchecked, Qt.CheckState.Checked]
    editor.us_table.setCurrentCell(1, P_NAME)
    editor.participant_buttons[Side.US]["up"].click()
    assert [editor.us_table.item(r, P_NAME).text() for r in range(2)] == ["류제명", "박진홍"]
    editor.form.undo_stack.undo()  # the move
    editor.form.undo_stack.undo()  # the tick
    assert [editor.us_table.item(r, P_HEAD).checkState() for r in range(2)] == [
        Qt.CheckState.Checked,
        Qt.CheckState.Unchecked,
    ]
    editor.form.undo_stack.redo()
    editor.form.undo_stack.redo()
    editor.participant_buttons[Side.US]["name"].click()  # someone without a record
    editor.us_table.item(2, P_NAME).setText("주캐나다대사관 관계자")
    assert editor.save(), editor.message.text()
    m = meetings.get_meeting(db, editor.meeting_id)
    assert [(p.seq, p.person_id, p.name, p.is_head) for p in m.participants] == [
        (1, cast["vice"].id, None, True),
        (2, cast["lead"].id, None, False),
        (3, None, "주캐나다대사관 관계자", False),
    ]


def test_save_keeps_a_cell_still_being_typed_in(qtbot, cast):
    editor = _editor(qtbot, cast["db"], initial={"title": "간담회"})
    editor.show()
    editor.tabs.setCurrentWidget(editor.key_points_page)
    editor.add_key_point("초안")
    editor.key_points.editItem(editor.key_points.item(0, K_TEXT))
    cell = editor.key_points.indexWidget(editor.key_points.currentIndex())
    cell.setText("Ctrl+S 직전에 고친 내용")  # not committed: the officer presses Ctrl+S in the cell
    assert editor.save(), editor.message.text()
    m = meetings.get_meeting(cast["db"], editor.meeting_id)
    assert [k.text for k in m.key_points] == ["Ctrl+S 직전에 고친 내용"]


def test_picked_person_gets_the_title_held_on_the_meeting_date(qtbot, cast):
    db = cast["db"]
    person = directory.create_person(
        db,
        {"name_ko": "김국장"},
        positions=[
            {
                "organization_id": cast["msit"].id,
                "title_ko": "정보통신정책관",
                "rank": Rank.DIRECTOR_GENERAL,
                "start_date": date(2024, 1, 1),
            }
        ],
    )
    directory.rotate(
        db,
        person.id,
        {
            "organization_id": cast["msit"].id,
            "title_ko": "기획조정실장",
            "rank": Rank.DIRECTOR_GENERAL,
            "start_date": date(2025, 9, 1),
        },
    )
    editor = _editor(qtbot, db)
    editor.form.field("date").setText("2025-06-03")
    editor.add_participant(Side.US, person.id)
    editor.form.field("date").setText("2025-12-08")
    editor.add_participant(Side.THEM, person.id)  # (the same person on the other side, for the test)
    assert editor.us_table.item(0, P_TITLE).text() == "정보통신정책관"
    assert editor.them_table.item(0, P_TITLE).text() == "기획조정실장"
    assert editor.us_table.cellWidget(0, 2).edit.text() == "과학기술정보통신부"


def test_korean_labels(qtbot, db):
    set_language("ko")
    editor = _editor(qtbot, db)
    tabs = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    assert tabs == ["참석자", "주요 내용", "후속조치", "첨부파일"]
    assert editor.us_table.horizontalHeaderItem(P_HEAD).text() == "수석대표"
    assert editor.us_table.parent().title() == "우리측" and editor.them_table.parent().title() == "상대측"
    editor.add_key_point("첫 번째")
    assert editor.tabs.tabText(1) == "주요 내용 (1)"


def test_a_meeting_on_the_counterparts_holiday_or_weekend_is_flagged(qtbot, db):
    from tracker.services.countries import seed_countries
    from tracker.ui.meeting_editor import open_meeting_editor

    seed_countries(db)
    editor = open_meeting_editor(db)
    qtbot.addWidget(editor)
    assert editor.form.field("country_code").choose_text("캐나다")
    editor.form.field("date").setText("2025-12-25")
    assert editor.check_day() and "Christmas" in editor.day_warning.text()
    assert not editor.day_warning.isHidden()
    editor.form.field("date").setText("2025-12-09")  # an ordinary Tuesday
    assert editor.check_day() == [] and editor.day_warning.isHidden()
    editor.form.field("date").setText("2025-12-13")  # a Saturday
    assert editor.check_day()
