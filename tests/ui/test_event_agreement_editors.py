"""The event and agreement editors, driven like a user: sessions in a table, topics and
parties picked into lists, a month-precision signing date, and no silent loss of list edits."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QMessageBox

from tracker.db.models import Event, Organization, Topic
from tracker.domain.enums import DatePrecision
from tracker.export.demo import load_demo
from tracker.services import records
from tracker.ui.agreement_editor import open_agreement_editor
from tracker.ui.event_editor import open_event_editor
from tracker.ui.forms import RecordDialog
from tracker.ui.row_widgets import INVALID_STYLE


@pytest.fixture
def topic(db):
    return records.create(db, Topic, {"name_ko": "양자", "name_en": "Quantum"}).id


def _editor(qtbot, opener, db, key=None):
    editor = opener(db, key)
    qtbot.addWidget(editor)
    return editor


def test_create_an_event_with_two_sessions_and_a_topic(qtbot, db, topic):
    editor = _editor(qtbot, open_event_editor, db)
    form = editor.form
    form.field("name_ko").setText("G7 디지털 장관회의")
    form.field("start_date").setText("2025-12-08")
    form.field("end_date").setText("2025-12-09")
    editor.add_session("공급망", "Supply chains", "2025-12-08")
    second = editor.add_session("AI, 양자", None, date(2025, 12, 9), "10:00", time(12, 45), True)
    assert editor.add_topic(topic)
    assert not editor.add_topic(topic)  # already there
    assert editor.sessions_table.rowCount() == 2
    assert editor.dirty

    # A date outside the event is marked in red with the reason, and stops the save.
    second.date.setText("2025-12-10")
    assert second.date.edit.styleSheet() == INVALID_STYLE
    assert "outside" in second.date.toolTip()
    assert not editor.save()
    assert editor.problem_list.texts()[0].startswith("Session 2: ")
    second.date.setText("2025-12-09")
    assert second.date.toolTip() == ""

    assert editor.save()
    saved = editor.saved
    assert not isinstance(saved, Event)  # the editor holds plain data, never a database row
    assert [(x.seq, x.title_ko, x.date) for x in saved.sessions] == [
        (1, "공급망", date(2025, 12, 8)),
        (2, "AI, 양자", date(2025, 12, 9)),
    ]
    assert saved.sessions[1].start_time == time(10, 0) and saved.sessions[1].members_only
    assert [t.id for t in saved.topics] == [topic]


def test_the_demo_g7_event_shows_its_six_sessions_in_order(qtbot, db):
    load_demo(db)
    with db.read() as s:
        event_id = s.scalar(sa.select(Event.id).where(Event.name_ko == "G7 산업 및 디지털·기술 장관회의"))
    editor = _editor(qtbot, open_event_editor, db, event_id)
    assert editor.sessions_table.rowCount() == 6
    titles = [r.title_ko.text() for r in editor.session_rows]
    assert titles[0] == "G7 공급망 논의" and titles[-1] == "비즈니스 라운드테이블"
    assert editor.session_rows[4].date.value() == date(2025, 12, 9)
    assert editor.session_rows[4].start.value() == time(10, 0)
    assert len(editor.topic_ids()) == 5
    assert not editor.dirty

    # Moving the last session up and removing the first keep the other sessions' ids.
    ids = [r.id for r in editor.session_rows]
    editor.move_session(5, -1)
    editor.remove_session(0)
    assert editor.dirty
    version = editor.version
    assert editor.save()
    saved = editor.saved
    assert [x.id for x in saved.sessions] == [ids[1], ids[2], ids[3], ids[5], ids[4]]
    assert [x.seq for x in saved.sessions] == [1, 2, 3, 4, 5]
    assert saved.version == version + 1


def test_create_an_agreement_with_two_parties_and_a_month_signing_date(qtbot, db, topic):
    a = records.create(db, Organization, {"name_ko": "과학기술정보통신부", "acronym": "MSIT"}).id
    b = records.create(db, Organization, {"name_ko": "캐나다 혁신과학경제개발부", "acronym": "ISED"}).id
    editor = _editor(qtbot, open_agreement_editor, db)
    editor.form.field("title_ko").setText("한-캐나다 디지털 협력 MOU")
    editor.form.field("signed").setText("'25.10월")
    assert editor.add_party(a) and editor.add_party(b)
    assert editor.add_topic(topic)
    assert editor.parties.labels()[1].endswith("ISED")
    assert editor.save()
    saved = editor.saved
    assert saved.signed_date == date(2025, 10, 1)
    assert saved.signed_precision is DatePrecision.MONTH
    assert {p.id for p in saved.parties} == {a, b}  # links keep no order
    assert [t.id for t in saved.topics] == [topic]

    # Reopened, it shows the same, and a range as a signing date is refused.
    again = _editor(qtbot, open_agreement_editor, db, saved.id)
    assert set(again.party_ids()) == {str(a), str(b)}  # links keep no order
    assert again.form.field("signed").value().precision is DatePrecision.MONTH
    again.form.field("signed").setText("'25.10.28.~29.")
    assert not again.save()
    assert again.isVisible()


@pytest.mark.parametrize("which", ["event", "agreement"])
def test_cancel_with_unsaved_list_edits_asks(qtbot, db, topic, monkeypatch, which):
    editor = _editor(qtbot, open_event_editor if which == "event" else open_agreement_editor, db)
    assert not editor.dirty
    if which == "event":
        editor.add_session("세션")
    else:
        editor.add_topic(topic)
    assert editor.dirty and not editor.form.dirty

    asked: list[str] = []

    def answer(result):
        def ask(cls, parent, title, text):
            asked.append(text)
            return result

        return classmethod(ask)

    monkeypatch.setattr(RecordDialog, "ask", answer(QMessageBox.StandardButton.Cancel))
    editor.reject()
    assert asked and editor.isVisible()

    monkeypatch.setattr(RecordDialog, "ask", answer(QMessageBox.StandardButton.Discard))
    editor.reject()
    assert len(asked) == 2 and not editor.isVisible()
    assert editor.saved is None


def test_undoing_the_list_edit_leaves_nothing_unsaved(qtbot, db, topic):
    editor = _editor(qtbot, open_event_editor, db)
    editor.add_topic(topic)
    assert editor.dirty
    editor.remove_topic(topic)
    assert not editor.dirty
