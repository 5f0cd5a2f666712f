"""Two officers edit one event at once: the second to save is merged with the first, not
refused. Sessions each added are all kept; a session both changed is asked about; going back
from the question saves nothing and keeps the editor."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QDialog

from tracker.db.models import Event
from tracker.export.demo import load_demo
from tracker.services import events
from tracker.ui.conflict_dialog import ConflictDialog
from tracker.ui.event_editor import open_event_editor

NAME = "G7 산업 및 디지털·기술 장관회의"


@pytest.fixture
def g7(db):
    load_demo(db)
    with db.read() as s:
        return s.scalar(sa.select(Event.id).where(Event.name_ko == NAME))


def _editor(qtbot, db, event_id):
    editor = open_event_editor(db, event_id)
    qtbot.addWidget(editor)
    return editor


def _titles(db, event_id) -> list[str]:
    return [x.title_ko for x in sorted(events.get_event(db, event_id).sessions, key=lambda x: x.seq)]


def test_sessions_and_fields_each_changed_are_all_kept_without_a_question(qtbot, db, g7, monkeypatch):
    asked = []
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: asked.append(self) or 0)
    mine, theirs = _editor(qtbot, db, g7), _editor(qtbot, db, g7)
    before = _titles(db, g7)
    theirs.add_session("장관 만찬")
    theirs.form.field("venue").setText("몬트리올 (변경)")
    assert theirs.save(), theirs.status.text()
    mine.add_session("양자 회담 (한-캐)")
    mine.session_rows[0].title_ko.setText("G7 공급망 논의 (1세션)")
    assert mine.save(), mine.status.text()
    assert asked == []
    assert _titles(db, g7) == ["G7 공급망 논의 (1세션)", *before[1:], "장관 만찬", "양자 회담 (한-캐)"]
    assert events.get_event(db, g7).venue == "몬트리올 (변경)"


def test_a_session_both_changed_is_asked_and_going_back_saves_nothing(qtbot, db, g7, monkeypatch):
    labels = []

    def back(self):
        labels.extend(row.title() for row in self.rows)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ConflictDialog, "exec", back)
    mine, theirs = _editor(qtbot, db, g7), _editor(qtbot, db, g7)
    theirs.session_rows[0].title_ko.setText("공급망 (그들)")
    assert theirs.save()
    mine.session_rows[0].title_ko.setText("공급망 (나)")
    assert not mine.save()
    assert labels and "G7 공급망 논의" in labels[0]  # which session: as it was before
    assert mine.result() == 0 and mine.session_rows[0].title_ko.text() == "공급망 (나)"
    assert _titles(db, g7)[0] == "공급망 (그들)"

    monkeypatch.setattr(ConflictDialog, "exec", lambda self: QDialog.DialogCode.Accepted)  # mine
    assert mine.save(), mine.status.text()
    assert _titles(db, g7)[0] == "공급망 (나)"
