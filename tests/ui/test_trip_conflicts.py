"""Two officers edit one trip at once: the second to save is merged with the first, not
refused. Itinerary lines each added are all kept; a line both changed is asked about; going
back from the question saves nothing and keeps the editor as it was."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from tracker.db.models import ItineraryItem, Trip
from tracker.export.demo import load_demo
from tracker.services import trips
from tracker.ui.conflict_dialog import ConflictDialog
from tracker.ui.trip_editor import ItineraryModel as M
from tracker.ui.trip_editor import open_trip_editor

TITLE = "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장"


@pytest.fixture
def demo(db):
    load_demo(db)
    with db.read() as s:
        return s.scalar(sa.select(Trip.id).where(Trip.title == TITLE))


def _editor(qtbot, db, trip_id):
    editor = open_trip_editor(db, trip_id)
    qtbot.addWidget(editor)
    return editor


def _lines(db, trip_id):
    with db.read() as s:
        return list(
            s.scalars(
                sa.select(ItineraryItem).where(ItineraryItem.trip_id == trip_id).order_by(ItineraryItem.seq)
            )
        )


def _reference(editor, row: int, text: str) -> None:
    assert editor.itinerary_model.setData(editor.itinerary_model.index(row, M.REFERENCE), text)


def test_lines_and_fields_each_changed_are_all_kept_without_a_question(qtbot, db, demo, monkeypatch):
    asked = []
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: asked.append(self) or 0)
    mine, theirs = _editor(qtbot, db, demo), _editor(qtbot, db, demo)
    before = len(_lines(db, demo))
    theirs.add_itinerary_row(after=3, time="07:00~07:30", description="조찬 (그들)")
    _reference(theirs, 0, "KE035")
    theirs.form.field("title").setText(TITLE + " (수정)")
    assert theirs.save(), theirs.status.text()

    mine.add_itinerary_row(after=5, time="21:00~22:00", description="대사관 만찬 (나)")
    _reference(mine, 1, "DL5417 (변경)")
    assert mine.save(), mine.status.text()

    assert asked == []
    lines = _lines(db, demo)
    assert len(lines) == before + 2
    descriptions = [line.description for line in lines]
    assert "조찬 (그들)" in descriptions and "대사관 만찬 (나)" in descriptions
    assert lines[0].reference == "KE035" and lines[1].reference == "DL5417 (변경)"
    assert trips.get_trip(db, demo).title == TITLE + " (수정)"


def test_a_line_both_changed_is_asked_and_theirs_taken(qtbot, db, demo, monkeypatch):
    labels = []

    def choose_theirs(self):
        self.show()
        (row,) = self.rows
        labels.append(row.title())
        assert row.mine.isChecked()
        qtbot.mouseClick(
            row.theirs, Qt.MouseButton.LeftButton, pos=QPoint(6, row.theirs.height() // 2)
        )  # on its circle
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", choose_theirs)
    mine, theirs = _editor(qtbot, db, demo), _editor(qtbot, db, demo)
    original = _lines(db, demo)[1].description
    _reference(theirs, 1, "DL5417 → AC8")
    assert theirs.save()
    _reference(mine, 1, "DL5417 → UA1")
    assert mine.save(), mine.status.text()
    assert labels and original[:20] in labels[0]  # the line, as it was before both changed it
    assert _lines(db, demo)[1].reference == "DL5417 → AC8"


def test_going_back_from_the_question_saves_nothing_and_keeps_the_editor(qtbot, db, demo, monkeypatch):
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    mine, theirs = _editor(qtbot, db, demo), _editor(qtbot, db, demo)
    theirs.form.field("title").setText("그들의 제목")
    assert theirs.save()
    mine.form.field("title").setText("나의 제목")
    _reference(mine, 1, "나의 편명")
    assert not mine.save()
    assert mine.isVisible() and mine.result() == 0
    assert mine.form.field("title").text() == "나의 제목"
    assert mine.itinerary_model.rows[1].reference == "나의 편명"
    assert trips.get_trip(db, demo).title == "그들의 제목" and _lines(db, demo)[1].reference == "DL5417"

    monkeypatch.setattr(ConflictDialog, "exec", lambda self: QDialog.DialogCode.Accepted)  # mine
    assert mine.save(), mine.status.text()
    assert trips.get_trip(db, demo).title == "나의 제목" and _lines(db, demo)[1].reference == "나의 편명"
