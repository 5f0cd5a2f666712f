"""Dates as the division's documents write them, and dates known only to the month or as a range."""

from __future__ import annotations

from datetime import UTC, date, time

import pytest

from tracker.domain.dates import (
    PrecisionDate,
    format_local_time,
    korean_date,
    korean_report_date,
    korean_short_date,
    local_to_utc,
    nights_days,
    parse_precision_date,
    parse_time,
    zone,
)
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import ValidationError

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


# ------------------------------------------------------------------ writing dates the Korean way


def test_korean_date_with_weekday() -> None:
    assert korean_date(date(2025, 12, 8)) == "2025.12.08.(월)"
    assert korean_date(date(2025, 12, 6)) == "2025.12.06.(토)"
    assert korean_date(date(2025, 12, 7)) == "2025.12.07.(일)"
    assert korean_date(date(2025, 12, 8), weekday=False) == "2025.12.08."


def test_korean_short_date_two_digit_year() -> None:
    assert korean_short_date(date(2025, 12, 6)) == "'25.12.06."
    assert korean_short_date(date(2025, 12, 6), weekday=True) == "'25.12.06.(토)"
    assert korean_short_date(date(2009, 1, 2)) == "'09.01.02."


def test_report_date_line() -> None:
    assert korean_report_date(date(2025, 12, 24)) == "2025. 12. 24."
    assert korean_report_date(date(2026, 3, 5)) == "2026. 3. 5."


def test_nights_and_days_from_the_calendar() -> None:
    # 조목은 수석: 2025.12.06.(토)~12.10.(수), 4박 5일
    assert nights_days(date(2025, 12, 6), date(2025, 12, 10)) == "4박 5일"
    assert nights_days(date(2026, 1, 1), date(2026, 1, 1)) == "0박 1일"


def test_four_nights_six_days_with_a_night_on_the_plane() -> None:
    # 박진홍 팀장: 2025.12.06.(토)~12.11.(목), 4박 6일: the flight home takes a night, so the
    # calendar alone cannot tell; the nights are given.
    assert nights_days(date(2025, 12, 6), date(2025, 12, 11), nights=4) == "4박 6일"
    with pytest.raises(ValidationError):
        nights_days(date(2025, 12, 6), date(2025, 12, 11), nights=6)
    with pytest.raises(ValidationError):
        nights_days(date(2025, 12, 6), date(2025, 12, 11), nights=-1)


def test_arrival_next_day_is_written_plus_one() -> None:
    assert format_local_time(time(16, 50), 1) == "16:50+1"
    assert format_local_time(time(9, 5)) == "09:05"
    assert format_local_time(time(23, 0), -1) == "23:00-1"
    assert format_local_time(None) == ""


def test_parse_time_with_day_offset() -> None:
    assert parse_time("16:50+1") == (time(16, 50), 1)
    assert parse_time(" 9:05 ") == (time(9, 5), 0)
    assert parse_time("23:10-1") == (time(23, 10), -1)
    for bad in ("24:00", "16:5", "1650", "noon", ""):
        with pytest.raises(ValidationError) as err:
            parse_time(bad)
        assert err.value.code == "bad_time"


def test_time_zones() -> None:
    assert zone("America/Toronto").key == "America/Toronto"
    with pytest.raises(ValidationError) as err:
        zone("Mars/Olympus_Mons")
    assert err.value.code == "bad_timezone"
    # 10:00 in Montréal on 8 Dec 2025 (EST, UTC-5) is 15:00 UTC; +1 moves it a day.
    assert local_to_utc(date(2025, 12, 8), time(10), "America/Toronto") == local_to_utc(
        date(2025, 12, 8), time(15), "UTC"
    )
    utc = local_to_utc(date(2025, 12, 8), time(1, 30), "Asia/Seoul", day_offset=1)
    assert utc.tzinfo == UTC
    assert (utc.date(), utc.time()) == (date(2025, 12, 8), time(16, 30))


# ------------------------------------------------------------------ reading dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'26.10월", PrecisionDate(date(2026, 10, 1), MONTH)),
        ("’26.10월", PrecisionDate(date(2026, 10, 1), MONTH)),
        ("2026.10월", PrecisionDate(date(2026, 10, 1), MONTH)),
        ("'26.3.15.~16.", PrecisionDate(date(2026, 3, 15), DAY, date(2026, 3, 16))),
        ("'26.3.30.~4.2.", PrecisionDate(date(2026, 3, 30), DAY, date(2026, 4, 2))),
        ("'25.12.06.", PrecisionDate(date(2025, 12, 6))),
        ("2025.12.08.(월)", PrecisionDate(date(2025, 12, 8))),
        ("2025. 12. 24.", PrecisionDate(date(2025, 12, 24))),
        ("2026-10", PrecisionDate(date(2026, 10, 1), MONTH)),
        ("2026", PrecisionDate(date(2026, 1, 1), YEAR)),
        ("2026-03-15", PrecisionDate(date(2026, 3, 15))),
        ("2026-03-15/2026-03-16", PrecisionDate(date(2026, 3, 15), DAY, date(2026, 3, 16))),
        ("  2026-03-15  ", PrecisionDate(date(2026, 3, 15))),
        ("'26년", PrecisionDate(date(2026, 1, 1), YEAR)),
        ("2026년", PrecisionDate(date(2026, 1, 1), YEAR)),
        ("'26.12.30.~'27.1.2.", PrecisionDate(date(2026, 12, 30), DAY, date(2027, 1, 2))),
        ("2026.12.30.~2027.1.2.", PrecisionDate(date(2026, 12, 30), DAY, date(2027, 1, 2))),
    ],
)
def test_parse_precision_date(text: str, expected: PrecisionDate) -> None:
    got = parse_precision_date(text)
    assert got == expected
    assert got.precision is expected.precision


def test_month_only_keeps_month_precision_not_an_invented_first() -> None:
    pd = parse_precision_date("'26.10월")
    assert pd.precision is MONTH
    assert pd.iso() == "2026-10"
    assert pd.korean_short() == "'26.10월"
    assert pd.last_day == date(2026, 10, 31)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "next week",
        "2026-13",
        "2026-02-30",
        "'26.13월",
        "'26.2.30.",
        "'26.3.15.~14.",  # ends before it starts
        "2026-03-16/2026-03-15",
        "2026-10/2026-11",  # a range needs days
        "'26.10월~11",
        "2026-03-15/soon",
        "26/10/2026",
        "'26.12.30.~'27.2.",  # a year without a month
        "26년 10월",
    ],
)
def test_garbage_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_precision_date(text)


def test_refusal_names_the_bad_text() -> None:
    with pytest.raises(ValidationError) as err:
        parse_precision_date("next week")
    assert err.value.code == "bad_date"
    assert "next week" in str(err.value)


def test_abbreviated_iso_range_end() -> None:
    """ISO 8601 lets an interval's end drop what it shares with the start (2026-03-15/16)."""
    assert parse_precision_date("2026-03-15/16") == PrecisionDate(date(2026, 3, 15), DAY, date(2026, 3, 16))
    assert parse_precision_date("2026-03-30/04-02") == PrecisionDate(date(2026, 3, 30), DAY, date(2026, 4, 2))


@pytest.mark.parametrize(
    "pd",
    [
        PrecisionDate(date(2026, 3, 15)),
        PrecisionDate.month(2026, 10),
        PrecisionDate.year(2026),
        PrecisionDate(date(2026, 3, 15), DAY, date(2026, 3, 16)),
        PrecisionDate(date(2026, 3, 30), DAY, date(2026, 4, 2)),
        PrecisionDate(date(2026, 12, 30), DAY, date(2027, 1, 2)),
    ],
)
def test_what_is_shown_can_be_read_back(pd: PrecisionDate) -> None:
    """A date shown in the Korean short form or ISO and saved unchanged stays the same date."""
    assert parse_precision_date(pd.korean_short()) == pd
    assert parse_precision_date(pd.iso()) == pd


# ------------------------------------------------------------------ PrecisionDate rules


def test_month_precision_with_a_day_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        PrecisionDate(date(2026, 10, 15), MONTH)
    assert err.value.code == "month_precision_day"
    assert PrecisionDate(date(2026, 10, 1), MONTH) == PrecisionDate.month(2026, 10)


def test_year_precision_with_a_month_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        PrecisionDate(date(2026, 3, 1), YEAR)
    assert err.value.code == "year_precision_day"


def test_range_only_with_day_precision() -> None:
    with pytest.raises(ValidationError) as err:
        PrecisionDate(date(2026, 10, 1), MONTH, date(2026, 11, 30))
    assert err.value.code == "range_needs_day"
    with pytest.raises(ValidationError):
        PrecisionDate(date(2026, 1, 1), YEAR, date(2026, 12, 31))


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        PrecisionDate(date(2026, 3, 16), DAY, date(2026, 3, 15))
    assert err.value.code == "end_before_start"


def test_one_day_range_is_a_plain_day() -> None:
    pd = PrecisionDate(date(2026, 3, 15), DAY, date(2026, 3, 15))
    assert pd.end is None
    assert pd == PrecisionDate(date(2026, 3, 15))


def test_precision_given_as_text_is_accepted() -> None:
    assert PrecisionDate(date(2026, 10, 1), "month").precision is MONTH  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pd", "last"),
    [
        (PrecisionDate(date(2026, 3, 15)), date(2026, 3, 15)),
        (PrecisionDate.month(2026, 10), date(2026, 10, 31)),
        (PrecisionDate.month(2026, 2), date(2026, 2, 28)),
        (PrecisionDate.month(2028, 2), date(2028, 2, 29)),
        (PrecisionDate.month(2026, 12), date(2026, 12, 31)),
        (PrecisionDate.year(2026), date(2026, 12, 31)),
        (PrecisionDate(date(2026, 3, 15), DAY, date(2026, 3, 16)), date(2026, 3, 16)),
    ],
)
def test_last_day(pd: PrecisionDate, last: date) -> None:
    assert pd.last_day == last


def test_text_forms() -> None:
    rng = PrecisionDate(date(2026, 3, 15), DAY, date(2026, 3, 16))
    assert rng.iso() == "2026-03-15/2026-03-16"
    assert str(rng) == "2026-03-15/2026-03-16"
    assert rng.korean_short() == "'26.3.15.~16."
    assert PrecisionDate(date(2026, 3, 30), DAY, date(2026, 4, 2)).korean_short() == "'26.3.30.~4.2."
    assert PrecisionDate(date(2026, 12, 30), DAY, date(2027, 1, 2)).korean_short() == "'26.12.30.~'27.1.2."
    assert PrecisionDate.year(2026).korean_short() == "'26년"
    assert PrecisionDate.year(2026).iso() == "2026"
    assert PrecisionDate.month(2026, 10).english() == "Oct 2026"
    assert PrecisionDate(date(2026, 3, 5)).english() == "5 Mar 2026"
    assert rng.english() == "15 Mar 2026 – 16 Mar 2026"
