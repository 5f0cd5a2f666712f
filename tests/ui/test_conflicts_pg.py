"""Two officers on one team server (two connections, as two desktops have) save one record:
the second save merges instead of overwriting or being refused, and a field both changed is
settled either way the user chooses."""

from __future__ import annotations

from datetime import date

import pytest
from pg_pair import two_connections
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tracker.db.models import Channel
from tracker.services import directory, meeting_save, meetings, records
from tracker.services.countries import seed_countries
from tracker.ui.conflict_dialog import ConflictDialog
from tracker.ui.editors import record_dialog
from tracker.ui.meeting_editor import open_meeting_editor

pytestmark = pytest.mark.postgres


@pytest.fixture
def officers(postgres_server):
    with two_connections(postgres_server) as (mine, theirs):
        yield mine, theirs


def _shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_key_points_added_on_two_desktops_are_all_kept(qtbot, officers, monkeypatch):
    mine_db, theirs_db = officers
    seed_countries(mine_db)
    lead = directory.create_person(mine_db, {"name_ko": "박진홍", "is_staff": True})
    meeting = meeting_save.save_meeting(
        mine_db,
        None,
        {"title": "한-캐 AI 양자면담", "kind": "bilateral", "date": date(2025, 12, 8), "country_code": "CA"},
        participants=[{"side": "us", "person_id": lead.id, "is_head": True}],
        key_points=["AI 협력 MOU 체결 추진"],
        organization_ids=[],
        topic_ids=[],
        actions=[],
    )
    asked = []
    monkeypatch.setattr(ConflictDialog, "exec", lambda self: asked.append(self) or 0)
    mine = _shown(qtbot, open_meeting_editor(mine_db, meeting.id))
    theirs = _shown(qtbot, open_meeting_editor(theirs_db, meeting.id))
    theirs.add_key_point("반도체 공급망 협력")
    assert theirs.save(), theirs.message.text()
    mine.add_key_point("AI 안전연구소 간 협력")
    assert mine.save(), mine.message.text()
    assert asked == []
    texts = [k.text for k in meetings.get_meeting(theirs_db, meeting.id).key_points]
    assert texts == ["AI 협력 MOU 체결 추진", "반도체 공급망 협력", "AI 안전연구소 간 협력"]


@pytest.mark.parametrize("take", ["theirs", "mine"])
def test_a_field_both_changed_is_settled_as_chosen(qtbot, officers, monkeypatch, take):
    mine_db, theirs_db = officers
    channel = records.create(mine_db, Channel, {"name_ko": "한-일 디지털 정책대화", "notes": "1차: 도쿄"})

    def choose(self):
        self.show()
        (row,) = self.rows
        button = row.theirs if take == "theirs" else row.mine
        qtbot.mouseClick(
            button, Qt.MouseButton.LeftButton, pos=button.rect().topLeft() + button.rect().center() / 4
        )
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConflictDialog, "exec", choose)
    dialog = _shown(qtbot, record_dialog(mine_db, "channels", channel.id))
    notes = dialog.form.field("notes")
    getattr(notes, "edit", notes).setPlainText("1차: 도쿄 / 2차: 서울")
    records.update(theirs_db, Channel, channel.id, {"notes": "1차: 도쿄 / 2차: 오사카"})  # their desktop
    assert dialog.save()
    stored = records.get(theirs_db, Channel, channel.id)
    assert stored.notes == ("1차: 도쿄 / 2차: 오사카" if take == "theirs" else "1차: 도쿄 / 2차: 서울")
    # theirs taken: nothing of mine is left to write; mine taken: a second version on top of theirs
    assert stored.version == channel.version + (1 if take == "theirs" else 2)
