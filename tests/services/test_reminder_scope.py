"""Home lists every overdue follow-up, theirs too; the reminder counts the user's own (or ours).
When the two numbers differ, the reminder says whose it counted, so they never seem to disagree."""

from __future__ import annotations

from datetime import date

from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.services import reminders
from tracker.services.reminders import SnoozeStore

TODAY = date(2026, 12, 6)  # the demo has 5 overdue follow-ups then, one owed by the other side


def test_the_reminder_says_whose_follow_ups_when_it_counts_fewer_than_home(db, tmp_path):
    load_demo(db)
    store = SnoozeStore(tmp_path / "snoozed.json")
    ours = reminders.due(db, None, TODAY, store=store)
    i18n.set_language("en")
    assert ours.scope == "ours" and ours.summary().startswith(
        f"{ours.overdue_count} overdue follow-ups owed by us"
    )
    i18n.set_language("ko")
    assert ours.summary().startswith(f"우리측 기한 지난 후속조치 {ours.overdue_count}건")


def test_no_word_of_whose_when_the_counts_agree(db, tmp_path):
    load_demo(db)
    # early in 2026 only follow-ups of ours were overdue: both counts agree, nothing is added
    early = reminders.due(db, None, date(2026, 1, 5), store=SnoozeStore(tmp_path / "snoozed.json"))
    i18n.set_language("en")
    assert early.overdue_count and early.scope is None and "owed by us" not in early.summary()
