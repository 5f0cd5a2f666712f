"""Public holidays and weekends of counterpart countries, and the warnings a meeting on one gets."""

from __future__ import annotations

from datetime import date, time

import pytest

from tracker.domain import i18n
from tracker.services import holidays, meetings
from tracker.services.countries import seed_countries


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


def test_korean_names_for_korea() -> None:
    assert holidays.holiday_language("KR") == "ko"
    assert holidays.holiday_names(date(2025, 10, 6), "KR") == ["추석"]
    assert any("신정" in name for name in holidays.holiday_names(date(2026, 1, 1), "kr"))
    assert holidays.holiday_names(date(2025, 12, 25), "KR") == ["기독탄신일"]


def test_english_names_elsewhere_whatever_the_locale(monkeypatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    holidays._calendar.cache_clear()
    assert holidays.holiday_names(date(2025, 11, 27), "US") == ["Thanksgiving Day"]
    assert holidays.holiday_names(date(2025, 12, 25), "CA") == ["Christmas Day"]
    assert holidays.holiday_names(date(2025, 7, 14), "FR") == ["National Day"]
    assert holidays.holiday_names(date(2025, 10, 3), "DE") == ["German Unity Day"]
    assert holidays.holiday_language("JP") == "en_US"
    assert holidays.holiday_names(date(2025, 12, 9), "US") == []


def test_unknown_country_has_no_holidays_and_a_saturday_sunday_weekend() -> None:
    assert holidays.holiday_names(date(2025, 12, 25), "ZZ") == []
    assert holidays.holiday_language("ZZ") is None
    assert holidays.weekend_days("ZZ") == {5, 6}
    assert holidays.is_weekend(date(2025, 12, 13), "ZZ")


def test_holidays_between_several_countries_in_order() -> None:
    found = holidays.holidays_between(["KR", "CA", "US", "KR"], date(2025, 12, 20), date(2026, 1, 2))
    assert [(h.date, h.country_code) for h in found] == [
        (date(2025, 12, 25), "CA"),
        (date(2025, 12, 25), "KR"),
        (date(2025, 12, 25), "US"),
        (date(2026, 1, 1), "CA"),
        (date(2026, 1, 1), "KR"),
        (date(2026, 1, 1), "US"),
    ]
    assert found[1].name == "기독탄신일"
    assert holidays.holidays_between([], date(2025, 1, 1), date(2025, 12, 31)) == []


def test_other_weekends() -> None:
    friday, saturday, sunday = date(2025, 12, 12), date(2025, 12, 13), date(2025, 12, 14)
    for code in ("SA", "IL"):  # Friday and Saturday
        assert holidays.weekend_days(code, friday) == {4, 5}
        assert holidays.is_weekend(friday, code) and holidays.is_weekend(saturday, code)
        assert not holidays.is_weekend(sunday, code)
    # The UAE moved its weekend from Friday-Saturday to Saturday-Sunday in 2022.
    assert holidays.weekend_days("AE", date(2020, 6, 1)) == {4, 5}
    assert holidays.weekend_days("AE", date(2025, 6, 1)) == {5, 6}
    assert not holidays.is_weekend(friday, "AE") and holidays.is_weekend(sunday, "AE")
    # A Sunday China made a working day is no weekend.
    assert not holidays.is_weekend(date(2025, 9, 28), "CN")
    assert holidays.is_weekend(date(2025, 9, 21), "CN")


def test_warnings_for_a_holiday_and_a_weekend() -> None:
    assert holidays.warnings_for(date(2025, 12, 25), "CA") == [
        "Thu 25 Dec 2025: public holiday in Canada — Christmas Day"
    ]
    assert holidays.warnings_for(date(2025, 12, 13), "CA") == ["Sat 13 Dec 2025: a weekend day in Canada"]
    assert holidays.warnings_for(date(2025, 12, 9), "CA") == []
    assert holidays.warnings_for(date(2025, 12, 13), None) == []
    both = holidays.warnings_for(date(2025, 10, 5), "KR")  # Chuseok on a Sunday
    assert len(both) == 2 and "추석" in both[0]


def test_warnings_in_korean() -> None:
    i18n.set_language("ko")
    assert holidays.warnings_for(date(2025, 12, 25), "US") == ["2025.12.25.(목): 미국 공휴일 — Christmas Day"]
    assert holidays.warnings_for(date(2025, 12, 12), "SA") == ["2025.12.12.(금): 사우디아라비아의 주말입니다"]


def test_a_meeting_on_the_counterparts_holiday_or_weekend_warns(cdb) -> None:
    def meeting(day, country):
        return meetings.create_meeting(
            cdb,
            {
                "title": "면담",
                "date": day,
                "start_time": time(10),
                "timezone": "America/Toronto",
                "country_code": country,
            },
        )

    on_holiday = meeting(date(2025, 11, 27), "US")
    assert holidays.conflicts(cdb, on_holiday.id) == [
        "Thu 27 Nov 2025: public holiday in United States — Thanksgiving Day"
    ]
    on_weekend = meeting(date(2025, 12, 13), "CA")
    assert holidays.conflicts(cdb, on_weekend.id) == ["Sat 13 Dec 2025: a weekend day in Canada"]
    fine = meeting(date(2025, 12, 9), "CA")
    assert holidays.conflicts(cdb, fine.id) == []
    # Thanksgiving is a Canadian holiday in October, not in November
    assert holidays.conflicts(cdb, meeting(date(2025, 11, 27), "CA").id) == []


def test_the_supported_countries_are_the_package_s_without_loading_every_country():
    import subprocess
    import sys

    import holidays as holidays_lib

    from tracker.services import holidays as service

    assert service._supported() == frozenset(holidays_lib.list_supported_countries())
    # In a fresh process: asking whether Korea is supported loads no country's module (the
    # package's own listing imports all ~280 of them, 8 MB kept for as long as the app runs).
    code = (
        "import sys; from tracker.services import holidays as h; assert h.supported('KR');"
        "print(sum(m.startswith('holidays.countries.') for m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) < 5
