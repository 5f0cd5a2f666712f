"""A rule in plain words, and which rules the recurrence editor can show as choices."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.recurrence import describe, series_dates, simple_rule

START = date(2026, 1, 13)  # a Tuesday


@pytest.mark.parametrize(
    ("rule", "ko", "en"),
    [
        (None, "반복 안 함", "Does not repeat"),
        ("FREQ=MONTHLY;BYDAY=-1MO;UNTIL=20261231", "매월 마지막 월요일, 2026.12.31.까지",
         "Monthly on the last Monday, until 31 Dec 2026"),
        ("FREQ=MONTHLY;BYDAY=2TU;COUNT=12", "매월 둘째 화요일, 12회", "Monthly on the second Tuesday, 12 times"),
        ("FREQ=MONTHLY", "매월 13일", "Monthly on day 13"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", "2주마다 월·수요일", "Every 2 weeks on Monday, Wednesday"),
        ("FREQ=WEEKLY", "매주 화요일", "Weekly on Tuesday"),
        ("FREQ=DAILY;INTERVAL=3", "3일마다", "Every 3 days"),
        ("FREQ=YEARLY", "매년 1월 13일", "Yearly on 13 Jan"),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "매월 (세부 조건은 가져온 그대로)",
         "Monthly (with further conditions, kept as imported)"),
    ],
)  # fmt: skip
def test_rules_in_words(rule, ko, en):
    assert describe(rule, START, "ko") == ko
    assert describe(rule, START, "en") == en


@pytest.mark.parametrize(
    "rule",
    ["FREQ=MONTHLY;BYDAY=-1MO;UNTIL=20261231", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=10", "FREQ=YEARLY"],
)
def test_the_editor_gives_back_the_rule_it_shows(rule):
    assert simple_rule(rule).text() == rule


@pytest.mark.parametrize(
    "rule",
    ["FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1", "FREQ=YEARLY;BYMONTH=3,9", "FREQ=MONTHLY;BYMONTHDAY=1,15"],
)
def test_rules_beyond_the_editor_are_not_offered_as_choices(rule):
    assert simple_rule(rule) is None


def test_series_dates_with_cancelled_extra_and_replaced():
    got = series_dates(
        "FREQ=WEEKLY;COUNT=4", START, date(2026, 1, 1), date(2026, 12, 31),
        excluded=[date(2026, 1, 20)], extra=[date(2026, 2, 5)], replaced=[date(2026, 1, 27)],
    )  # fmt: skip
    assert got == [date(2026, 1, 13), date(2026, 2, 3), date(2026, 2, 5)]
