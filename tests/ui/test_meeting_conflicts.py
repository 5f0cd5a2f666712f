"""Two officers edit one meeting at once: the second to save is not refused but merged. Key
points and follow-ups each added are all kept; a point both edited differently is asked about,
named so the user knows which; going back from the question saves nothing and keeps the form."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tracker.services import directory, meeting_save, meetings
from tracker.services.countries import seed_countries
from tracker.ui.conflict_dialog import ConflictDialog
from tracker.ui.meeting_editor import K_TEXT, open_meeting_editor


@pytest.fixture
def meeting(db):
    seed_countries(db)
    lead = directory.create_person(db, {"name_ko": "박진홍", "is_staff": True})
    return meeting_save.save_meeting(
        db,
        None,
        {
            "title": "한-캐 AI 장관 양자면담",
            "kind": "bilateral",
            "date": date(2025, 12, 8),
            "country_code": "CA",
        },
        participants=[{"side": "us", "person_id": lead.id, "is_head": True}],
        key_points=["AI 협력 MOU 체결 추진", "인재 교류"],
        organization_ids=[],
        topic_ids=[],
        actions=[{"title": "MOU 문안 협의", "key_point_index": 0}],
    )


def _editor(qtbot, db, meeting):
    editor = open_meeting_editor(db, meeting.id)
    qtbot.addWidget(editor)
    editor.show()
    return editor


def _points(db, meeting) -> list[str]:
    return [k.text for k in meetings.get_meeting(db, meeting.id).key_points]


def _actions(db, meeting) -> list[str]:
    return [a.title for a in meeting_save.meeting_actions(db, meeting.id)]


def test_points_and_follow_ups_each_added_are_all_kept_without_a_question(qtbot, db, meeting, monkeypatch):
    asked = []
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: asked.append(self) or 0)
    mine, theirs = _editor(qtbot, db, meeting), _editor(qtbot, db, meeting)
    theirs.add_key_point("반도체 공급망 협력")
    theirs.add_action(title="공급망 실무협의 개최", key_point_index=2)
    theirs.form.field("location").setText("오타와")
    assert theirs.save(), theirs.message.text()

    mine.add_key_point("AI 안전연구소 간 협력")
    mine.add_action(title="연구소 간 MOU 검토", key_point_index=2)
    mine.edit_key_point(1, text="인재 교류 확대")
    assert mine.save(), mine.message.text()

    assert asked == []
    assert _points(db, meeting) == [
        "AI 협력 MOU 체결 추진",
        "인재 교류 확대",
        "반도체 공급망 협력",
        "AI 안전연구소 간 협력",
    ]
    assert _actions(db, meeting) == ["MOU 문안 협의", "공급망 실무협의 개최", "연구소 간 MOU 검토"]
    stored = meetings.get_meeting(db, meeting.id)
    assert stored.location == "오타와"  # their field, which I left alone
    links = {a.title: a.key_point.text for a in meeting_save.meeting_actions(db, meeting.id) if a.key_point}
    assert links["공급망 실무협의 개최"] == "반도체 공급망 협력"
    assert links["연구소 간 MOU 검토"] == "AI 안전연구소 간 협력"  # each follows its own point


def test_a_point_removed_by_one_and_left_alone_by_the_other_goes(qtbot, db, meeting):
    mine, theirs = _editor(qtbot, db, meeting), _editor(qtbot, db, meeting)
    theirs.remove_key_point(1)
    assert theirs.save(), theirs.message.text()
    mine.add_key_point("차기 공동위 일정 협의")
    assert mine.save(), mine.message.text()
    assert _points(db, meeting) == ["AI 협력 MOU 체결 추진", "차기 공동위 일정 협의"]


def test_one_point_edited_by_both_asks_naming_the_point(qtbot, db, meeting, monkeypatch):
    seen = {}

    def choose_theirs(self):
        self.show()
        (row,) = self.rows
        seen["label"] = row.title()
        assert row.mine.isChecked()
        qtbot.mouseClick(row.theirs, Qt.MouseButton.LeftButton)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", choose_theirs)
    mine, theirs = _editor(qtbot, db, meeting), _editor(qtbot, db, meeting)
    theirs.edit_key_point(0, text="AI 협력 MOU 내년 상반기 체결")
    theirs.add_key_point("그들의 새 내용")
    assert theirs.save(), theirs.message.text()
    mine.edit_key_point(0, text="AI 협력 MOU 체결 추진 (캐나다 측 동의)")
    mine.add_key_point("나의 새 내용")
    assert mine.save(), mine.message.text()

    assert "AI 협력 MOU 체결 추진" in seen["label"]  # which point: as it was before both edits
    assert _points(db, meeting) == [
        "AI 협력 MOU 내년 상반기 체결",
        "인재 교류",
        "그들의 새 내용",
        "나의 새 내용",
    ]
    (first, *_rest) = meeting_save.meeting_actions(db, meeting.id)
    assert first.key_point.text == "AI 협력 MOU 내년 상반기 체결"  # the follow-up keeps its point


def test_both_texts_of_a_point_can_be_kept(qtbot, db, meeting, monkeypatch):
    def take_both(self):
        (row,) = self.rows
        assert row.both is not None
        row.group.button(2).setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", take_both)
    mine, theirs = _editor(qtbot, db, meeting), _editor(qtbot, db, meeting)
    theirs.edit_key_point(1, text="인재 교류: 박사후연구원")
    assert theirs.save()
    mine.edit_key_point(1, text="인재 교류: 학부생")
    assert mine.save(), mine.message.text()
    assert _points(db, meeting)[1] == "인재 교류: 박사후연구원\n인재 교류: 학부생"


def test_going_back_from_the_question_saves_nothing_and_keeps_the_form(qtbot, db, meeting, monkeypatch):
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    mine, theirs = _editor(qtbot, db, meeting), _editor(qtbot, db, meeting)
    theirs.edit_key_point(0, text="그들의 수정")
    assert theirs.save()
    mine.edit_key_point(0, text="나의 수정")
    mine.add_action(title="나의 후속조치")
    assert not mine.save()
    assert mine.isVisible() and mine.result() == 0
    assert mine.key_points.item(0, K_TEXT).text() == "나의 수정"
    assert mine.actions_table.rowCount() == 2 and mine.dirty
    assert mine.problem_list.texts()  # says why nothing was saved
    assert _points(db, meeting)[0] == "그들의 수정" and _actions(db, meeting) == ["MOU 문안 협의"]

    monkeypatch.setattr(ConflictDialog, "exec", lambda self: QDialog.DialogCode.Accepted)  # mine
    assert mine.save(), mine.message.text()
    assert _points(db, meeting)[0] == "나의 수정"
    assert _actions(db, meeting) == ["MOU 문안 협의", "나의 후속조치"]


def test_a_follow_up_both_changed_is_asked_and_mine_taken(qtbot, db, meeting, monkeypatch):
    labels = []

    def mine_please(self):
        labels.extend(row.title() for row in self.rows)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", mine_please)
    mine, theirs = _editor(qtbot, db, meeting), _editor(qtbot, db, meeting)
    theirs.edit_action(0, title="MOU 문안 협의 (외교부 검토)")
    assert theirs.save()
    mine.edit_action(0, title="MOU 문안 협의 (법무 검토)")
    assert mine.save(), mine.message.text()
    assert any("MOU 문안 협의" in label for label in labels)
    assert _actions(db, meeting) == ["MOU 문안 협의 (법무 검토)"]
