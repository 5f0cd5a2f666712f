"""Recurrence rules (RRULE) of series such as an annual joint committee."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.errors import ValidationError
from tracker.domain.recurrence import occurrences, validate_rrule


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("FREQ=YEARLY", "FREQ=YEARLY"),
        ("RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1"),
        ("rrule:FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY;INTERVAL=2"),
        ("  FREQ=YEARLY;COUNT=3  ", "FREQ=YEARLY;COUNT=3"),
        ("FREQ=YEARLY;UNTIL=20300101", "FREQ=YEARLY;UNTIL=20300101"),
    ],
)
def test_valid_rules_are_kept_without_prefix(text: str, stored: str) -> None:
    assert validate_rrule(text) == stored


@pytest.mark.parametrize(
    "text",
    [
        "",
        "every year",
        "FREQ=SOMETIMES",
        "FREQ=YEARLY;BYDAY=XX",
        "FREQ=WEEKLY;COUNT=x",
        "FREQ=YEARLY;INTERVAL=0",  # would never advance: expanding it must not hang
        "FREQ=YEARLY;INTERVAL=-1",
        "FREQ=HOURLY",  # a series of dates, not of hours
        "FREQ=SECONDLY;COUNT=5",
    ],
)
def test_invalid_rules_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_rrule(text)
    assert err.value.code == "bad_recurrence"


def test_refusal_message_quotes_the_rule() -> None:
    with pytest.raises(ValidationError) as err:
        validate_rrule("every year")
    assert str(err.value) == "Not a valid recurrence rule (RRULE): every year"


def test_yearly_occurrences_in_a_window() -> None:
    start = date(2024, 6, 10)
    assert occurrences("FREQ=YEARLY", start, date(2025, 1, 1), date(2027, 12, 31)) == [
        date(2025, 6, 10),
        date(2026, 6, 10),
        date(2027, 6, 10),
    ]
    # The bounds are inclusive.
    assert occurrences("FREQ=YEARLY", start, date(2025, 6, 10), date(2026, 6, 10)) == [
        date(2025, 6, 10),
        date(2026, 6, 10),
    ]


def test_count_and_prefix() -> None:
    got = occurrences("RRULE:FREQ=MONTHLY;COUNT=3", date(2025, 11, 24), date(2025, 1, 1), date(2026, 12, 31))
    assert got == [date(2025, 11, 24), date(2025, 12, 24), date(2026, 1, 24)]


def test_window_before_the_series_is_empty() -> None:
    assert occurrences("FREQ=YEARLY", date(2024, 6, 10), date(2020, 1, 1), date(2023, 12, 31)) == []
