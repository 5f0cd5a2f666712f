"""The conflict dialog: both values of each clashing field shown, the user's own kept unless
they choose otherwise, and a text can keep both edits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tracker.domain.merge import merge_fields
from tracker.ui.conflict_dialog import ConflictDialog

BASE = {
    "location": "도쿄",
    "summary": "1. AI 정책 공유\n2. 반도체 협력\n3. 차기 회의 미정",
    "title": "정책협의",
}
MINE = {
    **BASE,
    "location": "서울",
    "summary": "1. AI 정책 공유 (AI 기본법)\n2. 반도체 협력\n3. 차기 회의 미정",
}
THEIRS = {
    **BASE,
    "location": "오사카",
    "summary": "1. AI 정책 공유\n2. 반도체 협력\n3. 차기 회의: 3월",
    "title": "제3차 정책협의",
}
LABELS = {"location": "장소", "summary": "주요 내용", "title": "제목"}


def _dialog(qtbot) -> ConflictDialog:
    dialog = ConflictDialog(merge_fields(BASE, MINE, THEIRS), LABELS.__getitem__, "한서윤 (14:02)")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_both_values_are_shown_and_mine_is_kept_by_default(qtbot):
    dialog = _dialog(qtbot)
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "서울" in labels and "오사카" in labels and "한서윤" in labels
    assert "제목" in labels  # the field only they changed is said, and kept
    assert [row.title() for row in dialog.rows] == ["장소", "주요 내용"]
    qtbot.keyClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.Key.Key_Space)
    assert dialog.result() == ConflictDialog.DialogCode.Accepted
    assert dialog.choices()["location"] == "서울"


def test_taking_theirs_and_both_texts(qtbot):
    dialog = _dialog(qtbot)
    location, summary = dialog.rows
    qtbot.mouseClick(location.theirs, Qt.MouseButton.LeftButton)
    both = [b for b in summary.group.buttons() if summary.group.id(b) == 2][0]
    qtbot.mouseClick(both, Qt.MouseButton.LeftButton)
    assert summary.both is not None and summary.both.isEnabled()
    assert dialog.choices() == {
        "location": "오사카",
        "summary": "1. AI 정책 공유 (AI 기본법)\n2. 반도체 협력\n3. 차기 회의: 3월",
    }


def test_overlapping_texts_offer_both_one_after_the_other_to_edit(qtbot):
    merged = merge_fields({"s": "미정"}, {"s": "3월"}, {"s": "4월"})
    dialog = ConflictDialog(merged, lambda n: n, "한서윤")
    qtbot.addWidget(dialog)
    row = dialog.rows[0]
    assert row.both is not None and row.both.toPlainText() == "4월\n3월"
