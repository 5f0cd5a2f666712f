"""Public holidays and weekends of the counterpart countries, from the `holidays` package.

Names are Korean for Korea (language "ko") and English for every other country; the language
is always passed explicitly, because otherwise the process locale decides. (A few countries
have no translations at all; their names are the package's own, which are English.)
Calendars are built once per (country, year) and cached.

Weekends come from the package too, per date, so a country whose weekend is Friday–Saturday
(Saudi Arabia, Israel), Friday alone (Iran) or changed over the years (the UAE moved from
Friday–Saturday to Saturday–Sunday in 2022) is right, and a weekend day that a country made a
working day (China's adjusted Saturdays) is not a weekend. For a country the package does not
know, there are no holidays and the weekend is taken to be Saturday–Sunday.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

import holidays as holidays_lib

from tracker.db.engine import Database
from tracker.db.models import Meeting
from tracker.domain.dates import WEEKDAYS_EN, english_month, korean_date
from tracker.domain.i18n import pick
from tracker.services import records
from tracker.services.countries import reference_countries

DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday, Sunday


@dataclass(frozen=True, order=True)
class Holiday:
    date: date
    country_code: str
    name: str


@cache
def _supported() -> frozenset[str]:
    # The codes from the package's registry: `list_supported_countries()` gives the same codes
    # but imports every country's module to list its subdivisions (about 280 modules, 8 MB).
    from holidays.registry import EntityLoader

    return frozenset(EntityLoader.get_country_codes())


def supported(country: str) -> bool:
    return country.upper() in _supported()


@cache
def holiday_language(country: str) -> str | None:
    """The language the names of `country`'s holidays are given in: Korean for KR, English
    (en_US where the package has it) for the others; None for a country the package does not
    know or has no translations for (its names are English then)."""
    code = country.upper()
    if code not in _supported():
        return None
    langs = holidays_lib.country_holidays(code, years=[], expand=False).supported_languages
    if code == "KR" and "ko" in langs:
        return "ko"
    if "en_US" in langs:
        return "en_US"
    return next((lang for lang in langs if lang.startswith("en")), None)


@lru_cache(maxsize=1024)
def _calendar(country: str, year: int) -> Any:
    """The package's calendar of one country for one year (None if unsupported)."""
    code = country.upper()
    if code not in _supported():
        return None
    return holidays_lib.country_holidays(code, years=year, language=holiday_language(code), expand=False)


def holiday_names(day: date, country: str) -> list[str]:
    """Names of `country`'s public holidays on `day` (empty if none)."""
    cal = _calendar(country.upper(), day.year)
    if cal is None:
        return []
    return list(cal.get_list(day))


def holidays_between(countries: Iterable[str], start: date, end: date) -> list[Holiday]:
    """Public holidays of the given countries on the days start..end, by date then country."""
    out: list[Holiday] = []
    for code in dict.fromkeys(c.upper() for c in countries if c):
        for year in range(start.year, end.year + 1):
            cal = _calendar(code, year)
            if cal is None:
                continue
            for day in sorted(cal):
                if start <= day <= end:
                    out.extend(Holiday(day, code, name) for name in cal.get_list(day))
    out.sort()
    return out


def is_weekend(day: date, country: str) -> bool:
    """Whether `day` is a weekend day in `country` (and not a weekend day made a working day)."""
    cal = _calendar(country.upper(), day.year)
    if cal is None:
        return day.weekday() in DEFAULT_WEEKEND
    if day in getattr(cal, "weekend_workdays", ()):
        return False
    return bool(cal.is_weekend(day))


def weekend_days(country: str, on: date | None = None) -> frozenset[int]:
    """The weekdays (Monday 0 .. Sunday 6) that are the weekend in `country` on a date."""
    day = on or date.today()
    cal = _calendar(country.upper(), day.year)
    if cal is None:
        return DEFAULT_WEEKEND
    monday = day - timedelta(days=day.weekday())
    return frozenset(i for i in range(7) if cal.is_weekend(monday + timedelta(days=i)))


def country_name(code: str) -> str:
    """The country's name in the interface language, from the reference list."""
    for row in reference_countries():
        if row["code"] == code.upper():
            return pick(row.get("name_ko") or code, row.get("name_en") or code)
    return code.upper()


def _day_text(day: date) -> str:
    return pick(korean_date(day), f"{WEEKDAYS_EN[day.weekday()]} {day.day} {english_month(day)}")


def warnings_for(day: date, country_code: str | None) -> list[str]:
    """What to say before putting something on `day` with `country_code` as the counterpart:
    the country's public holidays that day, and whether it is a weekend there."""
    if not country_code:
        return []
    code = country_code.upper()
    name = country_name(code)
    out = [
        pick(
            f"{_day_text(day)}: {name} 공휴일 — {holiday}",
            f"{_day_text(day)}: public holiday in {name} — {holiday}",
        )
        for holiday in holiday_names(day, code)
    ]
    if is_weekend(day, code):
        out.append(
            pick(f"{_day_text(day)}: {name}의 주말입니다", f"{_day_text(day)}: a weekend day in {name}")
        )
    return out


def conflicts(db: Database, meeting_id: uuid.UUID) -> list[str]:
    """Warnings for a meeting held on its counterpart country's holiday or weekend (the date
    is the meeting's own, at the place)."""
    m = records.get(db, Meeting, meeting_id)
    return warnings_for(m.date, m.country_code)


__all__ = [
    "DEFAULT_WEEKEND",
    "Holiday",
    "conflicts",
    "country_name",
    "holiday_language",
    "holiday_names",
    "holidays_between",
    "is_weekend",
    "supported",
    "warnings_for",
    "weekend_days",
]
