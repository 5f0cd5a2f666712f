"""Two officers edit one person at once: the second to save is merged with the first, not
refused. Positions each added are all kept; a position both changed is asked about; going
back from the question saves nothing and keeps the editor."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from tracker.services import directory
from tracker.ui.conflict_dialog import ConflictDialog
from tracker.ui.person_editor import open_person_editor


@pytest.fixture
def person(db):
    return directory.create_person(
        db,
        {"name_ko": "박진홍", "is_staff": True},
        positions=[{"title_ko": "팀장", "start_date": date(2024, 1, 1)}],
    )


def _editor(qtbot, db, person):
    editor = open_person_editor(db, person.id)
    qtbot.addWidget(editor)
    return editor


def _titles(db, person) -> list[str]:
    return sorted(p.title_ko for p in directory.get_person(db, person.id).positions)


def test_positions_and_fields_each_changed_are_all_kept(qtbot, db, person, monkeypatch):
    asked = []
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: asked.append(self) or 0)
    mine, theirs = _editor(qtbot, db, person), _editor(qtbot, db, person)
    theirs.add_position(title_ko="파견관", start_date="2022-03-01", end_date="2023-12-31")
    theirs.form.field("email").setText("park@example.org")
    assert theirs.save(), theirs.message.text()
    mine.add_position(title_ko="과장", start_date="2026-02-01")
    assert mine.save(), mine.message.text()
    assert asked == []
    assert _titles(db, person) == sorted(["과장", "파견관", "팀장"])
    assert directory.get_person(db, person.id).email == "park@example.org"


def test_a_position_both_changed_is_asked_and_going_back_saves_nothing(qtbot, db, person, monkeypatch):
    labels = []

    def back(self):
        labels.extend(row.title() for row in self.rows)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ConflictDialog, "exec", back)
    mine, theirs = _editor(qtbot, db, person), _editor(qtbot, db, person)
    theirs.edit_position(0, title_ko="선임팀장")
    assert theirs.save()
    mine.edit_position(0, title_ko="수석팀장")
    assert not mine.save()
    assert labels and "팀장" in labels[0]  # which position: as it was before both changed it
    assert mine.result() == 0  # still open
    assert mine._rows[0]["title_ko"] == "수석팀장" and mine.dirty
    assert _titles(db, person) == ["선임팀장"]

    def theirs_please(self):
        (row,) = self.rows
        qtbot.mouseClick(
            row.theirs, Qt.MouseButton.LeftButton, pos=QPoint(6, row.theirs.height() // 2)
        )  # on its circle
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", theirs_please)
    assert mine.save(), mine.message.text()
    assert _titles(db, person) == ["선임팀장"]
