"""Record › History… shows who changed which field of the open record from what to what, in
words (no ids, no column names); Record › Deleted records… puts a deleted meeting back."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tracker.db.models import KeyPoint, Meeting
from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.services import records
from tracker.ui.history_dialog import DeletedRecordsDialog, HistoryDialog
from tracker.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, db):  # type: ignore[no-untyped-def]
    load_demo(db)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _meeting(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.execute(sa.select(Meeting.id, Meeting.title).order_by(Meeting.date)).first()


def _cells(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_shortcut_shows_the_open_records_changes_in_words(window, db, qtbot):  # type: ignore[no-untyped-def]
    i18n.set_language("ko")
    meeting_id, title = _meeting(db)
    db.actor = "한서윤"
    records.update(
        db, Meeting, meeting_id, {"title": "한-캐나다 과학기술 협력 면담", "date": date(2025, 12, 9)}
    )
    window.open_record("meetings", meeting_id)
    QTest.keyClick(
        window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: bool(window.findChildren(HistoryDialog)))
    rows = _cells(window.findChildren(HistoryDialog)[0].table)
    assert ["한서윤", "고침", "제목", title, "한-캐나다 과학기술 협력 면담"] in [r[1:] for r in rows]
    assert any(r[3] == "날짜" and r[5] == "2025.12.09.(화)" for r in rows)
    assert not any(str(meeting_id) in cell for r in rows for cell in r)


def test_a_deleted_meeting_is_restored_from_the_list(qtbot, db):  # type: ignore[no-untyped-def]
    load_demo(db)
    meeting_id, title = _meeting(db)
    records.delete(db, Meeting, meeting_id)
    dialog = DeletedRecordsDialog(db)
    qtbot.addWidget(dialog)
    assert _cells(dialog.table)[0][2:] == ["meetings", title]
    dialog.restore_button.click()
    assert title in dialog.status.text() and dialog.table.rowCount() == 0
    with db.read() as s:
        assert s.get(Meeting, meeting_id) is not None
        assert s.scalar(
            sa.select(sa.func.count()).select_from(KeyPoint).where(KeyPoint.meeting_id == meeting_id)
        )
