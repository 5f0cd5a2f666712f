"""Quick actions in the follow-up list: done, in progress, postpone a week, postpone a month,
as buttons and as keys, on every selected follow-up at once and in one transaction."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from followups_screen import TODAY, shown_followups_page
from PySide6.QtCore import QItemSelectionModel, Qt

from tracker.db.models import Action
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus
from tracker.domain.errors import ValidationError
from tracker.export.demo import load_demo
from tracker.export.interchange import to_uuid
from tracker.services import records
from tracker.services.actions import Bucket
from tracker.ui.followups_view import FollowupsPage

DEFENSE = to_uuid("action:stai-2025-1-defense-ax")  # '25.12월: overdue
TOKYO = to_uuid("action:g7-2025-japan-tokyo-ministerial")  # '26.3.15.~16.: due today
ASK = to_uuid("action:stai-2025-1-ask-2026")  # '26.4월
GERMANY = to_uuid("action:g7-2025-germany-digital-dialogue")  # '26년

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def page(qtbot, db):
    load_demo(db)
    p = shown_followups_page(qtbot, db)
    p.activateWindow()
    p.table.setFocus()
    return p


def _select(page: FollowupsPage, *ids) -> None:
    sel = page.table.selectionModel()
    sel.clearSelection()
    for key in ids:
        index = page.model.find(key)
        assert index.isValid(), key
        sel.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert set(page.selected_ids()) == set(ids)


def _due(db, key) -> PrecisionDate | None:
    return records.get(db, Action, key).due


def _status(db, key) -> ActionStatus:
    return records.get(db, Action, key).status


def _writes(db, action):
    """The transactions `action` makes (BEGIN ... COMMIT), counted on the connection."""
    seen: list[str] = []

    def listen(*a):
        seen.append("commit")

    sa.event.listen(db.engine, "commit", listen)
    try:
        action()
    finally:
        sa.event.remove(db.engine, "commit", listen)
    return len(seen)


def test_buttons_follow_the_selection(page):
    assert not any(b.isEnabled() for b in page.quick_buttons.values())
    _select(page, ASK)
    assert all(b.isEnabled() for b in page.quick_buttons.values())
    assert page.quick_buttons["week"].text() == "Postpone a week"
    assert "Ctrl+Shift+W" in page.quick_buttons["week"].toolTip()


def test_keys_mark_every_selected_follow_up_in_progress_then_done_in_one_transaction(page, db, qtbot):
    _select(page, ASK, GERMANY)
    commits = _writes(db, lambda: qtbot.keyClick(page.table, Qt.Key.Key_I, CTRL))
    assert commits == 1
    assert (_status(db, ASK), _status(db, GERMANY)) == (ActionStatus.IN_PROGRESS,) * 2
    assert set(page.selected_ids()) == {ASK, GERMANY}  # still selected after the list refreshed

    commits = _writes(db, lambda: qtbot.keyClick(page.table, Qt.Key.Key_D, CTRL))
    assert commits == 1
    for key in (ASK, GERMANY):
        a = records.get(db, Action, key)
        assert (a.status, a.completed_on) == (ActionStatus.DONE, TODAY)
    shown = {r.id for g in page.model.groups for r in g.rows}
    assert not shown & {ASK, GERMANY}  # done ones leave the open groups at once


def test_postpone_a_week_by_key_and_a_month_by_button(page, db, qtbot):
    _select(page, TOKYO, ASK, DEFENSE)
    commits = _writes(db, lambda: qtbot.keyClick(page.table, Qt.Key.Key_W, CTRL_SHIFT))
    assert commits == 1
    assert _due(db, TOKYO) == PrecisionDate(date(2026, 3, 22), end=date(2026, 3, 23))  # the range moves
    assert _due(db, ASK) == PrecisionDate(date(2026, 5, 7))  # a week after April ends
    assert _due(db, DEFENSE) == PrecisionDate(date(2026, 3, 23))  # overdue: a week from today
    assert DEFENSE in {r.id for r in page.model.rows_of(Bucket.LATER)}  # no longer overdue

    _select(page, ASK, GERMANY)
    qtbot.mouseClick(page.quick_buttons["month"], Qt.MouseButton.LeftButton)
    assert _due(db, ASK) == PrecisionDate(date(2026, 6, 7))
    assert _due(db, GERMANY) == PrecisionDate.month(2027, 1)  # '26년 -> '27.1월


def test_a_postpone_that_fails_changes_none(page, db, monkeypatch):
    _select(page, ASK, GERMANY)
    from tracker.domain import due as due_rule

    real = due_rule.postponed
    calls = []

    def second_fails(due, today, **kw):
        calls.append(due)
        if len(calls) == 2:
            raise ValidationError("end_before_start", start=today, end=today)
        return real(due, today, **kw)

    monkeypatch.setattr(due_rule, "postponed", second_fails)
    before = (_due(db, ASK), _due(db, GERMANY))
    assert not page.postpone_selected(days=7)
    assert (_due(db, ASK), _due(db, GERMANY)) == before  # all or none
    assert page.message.isVisibleTo(page) and page.message.text()
