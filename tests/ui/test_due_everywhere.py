"""One definition of overdue and due this week in every place that shows it: Home, the
reminder note (and the status bar), the follow-up groups. A deadline known only to the month
('26.12월) or the year ('26년) is due at the END of its period."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtWidgets import QMainWindow

from tracker.domain import i18n
from tracker.domain.dates import parse_precision_date
from tracker.domain.due import DueState, due_state
from tracker.domain.enums import ActionStatus, OwedBy
from tracker.services import actions
from tracker.services.actions import Bucket
from tracker.services.reminders import SnoozeStore
from tracker.ui.followups_view import FollowupsPage
from tracker.ui.pages import HomePage
from tracker.ui.reminders import ReminderService

TODAY = date(2026, 12, 28)  # a Monday: this week ends on Sunday 3 January 2027

DEADLINES = {
    "'26.11월": DueState.OVERDUE,  # November is over
    "2026-12-27": DueState.OVERDUE,
    "'26.12월": DueState.THIS_WEEK,  # met on 31 December
    "'26년": DueState.THIS_WEEK,  # met on 31 December
    "2027-01-03": DueState.THIS_WEEK,  # Sunday
    "'27.1월": DueState.LATER,  # begins this week, but is met on 31 January
    "2027-01-05": DueState.LATER,  # next week
    "'27년": DueState.LATER,
}


@pytest.fixture
def followups(db):
    return {
        text: actions.create_action(db, {"title": f"기한 {text}", "due": text, "owed_by": OwedBy.US})
        for text in DEADLINES
    }


def test_the_rule_meets_a_month_or_a_year_at_its_end() -> None:
    for text, state in DEADLINES.items():
        assert due_state(parse_precision_date(text), TODAY) is state, text
    assert due_state(parse_precision_date("'26.12월"), date(2026, 12, 31)) is DueState.THIS_WEEK
    assert due_state(parse_precision_date("'26.12월"), date(2027, 1, 1)) is DueState.OVERDUE
    assert due_state(parse_precision_date("'26.12월"), date(2026, 12, 1)) is DueState.LATER


def _home_counts(home: HomePage) -> tuple[int, int]:
    text = home.view.toPlainText()
    late = re.search(r"기한 지난 후속조치 \((\d+)\)", text)
    soon = re.search(r"이번 주 마감 \((\d+)\)", text)
    assert late and soon, text
    return int(late.group(1)), int(soon.group(1))


def _group_count(page: FollowupsPage, bucket: Bucket) -> int:
    header = page.model.group_index(bucket).data()  # what the group's line says: "이번 주 (3건)"
    found = re.search(r"\((\d+)건\)", header)
    assert found, header
    return int(found.group(1))


@pytest.fixture
def reminder(db, qtbot, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    service = ReminderService(
        db, window, window=window, status_bar=window.statusBar(), today=TODAY,
        store=SnoozeStore(tmp_path / "snoozes.json"), use_tray=False,
    )  # fmt: skip
    yield window, service
    service.stop()  # the note goes with the test


def test_home_the_reminder_and_the_follow_up_groups_count_the_same(db, followups, qtbot, reminder):
    i18n.set_language("ko")
    expected_late = sum(s is DueState.OVERDUE for s in DEADLINES.values())
    expected_soon = sum(s is DueState.THIS_WEEK for s in DEADLINES.values())

    home = HomePage(db)
    qtbot.addWidget(home)
    home.today = TODAY
    home.refresh()

    page = FollowupsPage(db, today=TODAY)
    qtbot.addWidget(page)

    window, service = reminder
    reminded = service.check_now()

    assert _home_counts(home) == (expected_late, expected_soon)
    assert (_group_count(page, Bucket.OVERDUE), _group_count(page, Bucket.THIS_WEEK)) == (
        expected_late,
        expected_soon,
    )
    assert (reminded.overdue_count, reminded.soon_count) == (expected_late, expected_soon)
    assert window.statusBar().currentMessage() == (
        f"기한 지난 후속조치 {expected_late}건, 이번 주 마감 {expected_soon}건"
    )
    # The same follow-ups, not only the same numbers.
    this_week = {r.id for r in page.model.rows_of(Bucket.THIS_WEEK)}
    assert this_week == {followups[t].id for t, s in DEADLINES.items() if s is DueState.THIS_WEEK}
    assert {i.id for i in reminded.soon} == this_week


def test_the_status_bar_count_follows_a_save(db, followups, qtbot, reminder):
    i18n.set_language("ko")
    window, service = reminder
    service.check_now()
    assert window.statusBar().currentMessage() == "기한 지난 후속조치 2건, 이번 주 마감 3건"

    actions.set_status(db, followups["'26.11월"].id, ActionStatus.DONE, on=TODAY)  # saved elsewhere
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage() == "기한 지난 후속조치 1건, 이번 주 마감 3건",
        timeout=10_000,
    )
