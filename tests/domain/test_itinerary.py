"""An itinerary as typed and shown: days within a trip, time ranges with next-day arrivals,
the zones a flight leaves from and lands in, and the trip's period in messages."""

from __future__ import annotations

from datetime import date, time

import pytest

from tracker.domain import i18n
from tracker.domain.errors import ValidationError
from tracker.domain.itinerary import (
    format_time_range,
    format_zones,
    parse_day,
    parse_time_range,
    parse_zones,
    period_text,
)

TRIP = (date(2025, 12, 6), date(2025, 12, 11))


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("09:45~13:54", (time(9, 45), time(13, 54), 0)),
        ("07:00~16:50+1", (time(7), time(16, 50), 1)),
        ("07:00 – 16:50 +1", (time(7), time(16, 50), 1)),
        ("9:35-11:15", (time(9, 35), time(11, 15), 0)),
        ("15:00", (time(15), None, 0)),
        ("~13:54", (None, time(13, 54), 0)),
        ("", (None, None, 0)),
    ],
)
def test_a_time_range_as_the_itinerary_writes_it(typed, meant):
    assert parse_time_range(typed) == meant


@pytest.mark.parametrize("typed", ["25:99", "16:50+1~18:00", "07:00~16:50-1", "아침"])
def test_a_time_range_that_cannot_be_read_is_refused(typed):
    with pytest.raises(ValidationError, match="time"):
        parse_time_range(typed)


def test_a_time_range_is_written_back_as_it_is_typed():
    assert format_time_range(time(7), time(16, 50), 1) == "07:00~16:50+1"
    assert format_time_range(time(9, 45), None) == "09:45"
    assert format_time_range(None, None) == ""
    assert parse_time_range(format_time_range(time(7), time(16, 50), 1)) == (time(7), time(16, 50), 1)


def test_a_day_without_its_year_takes_the_trips():
    assert parse_day("12.6", TRIP) == date(2025, 12, 6)
    assert parse_day("12.10(수)", TRIP) == date(2025, 12, 10)
    assert parse_day("1.2", (date(2025, 12, 30), date(2026, 1, 3))) == date(2026, 1, 2)
    assert parse_day("2025.12.08.(월)") == date(2025, 12, 8)
    with pytest.raises(ValidationError):
        parse_day("2025.12")  # a month is not a day
    with pytest.raises(ValidationError):
        parse_day("2.30", TRIP)


def test_zones_of_a_flight_that_lands_elsewhere():
    assert parse_zones("Asia/Seoul → America/Toronto") == ("Asia/Seoul", "America/Toronto")
    assert parse_zones("Asia/Seoul -> Asia/Seoul") == ("Asia/Seoul", None)
    assert parse_zones("America/Toronto") == ("America/Toronto", None)
    assert parse_zones("") == (None, None)
    with pytest.raises(ValidationError):
        parse_zones("→ America/Toronto")
    assert format_zones("Asia/Seoul", "America/Toronto") == "Asia/Seoul → America/Toronto"
    assert format_zones("Asia/Seoul", "Asia/Seoul") == "Asia/Seoul"


def test_zones_typed_as_cities_go_through_the_given_resolver():
    cities = {"서울": "Asia/Seoul", "토론토": "America/Toronto"}

    def resolve(name: str) -> str:
        if name not in cities:
            raise ValidationError("bad_timezone", value=name)
        return cities[name]

    assert parse_zones("서울 → 토론토", resolve) == ("Asia/Seoul", "America/Toronto")
    with pytest.raises(ValidationError):
        parse_zones("서울 → 어딘가", resolve)


def test_the_trip_period_in_the_interface_language():
    i18n.set_language("ko")
    assert period_text(TRIP) == "2025.12.06.(토) ~ 2025.12.11.(목)"
    i18n.set_language("en")
    assert period_text(TRIP).startswith("6 Dec")
    assert "(Sat)" in period_text(TRIP) and "(Thu)" in period_text(TRIP)
