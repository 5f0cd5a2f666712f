"""Nights abroad (박) from the itinerary: the flight out of Korea and the flight back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.domain.enums import ItineraryKind
from tracker.domain.nights import nights_abroad, nights_text, trip_nights


@dataclass
class Line:
    date: date
    timezone: str | None = None
    end_timezone: str | None = None
    end_day_offset: int = 0
    kind: ItineraryKind = ItineraryKind.FLIGHT


DEC = lambda day: date(2025, 12, day)  # noqa: E731

G7 = [
    Line(DEC(6), "Asia/Seoul", "America/Toronto"),  # Incheon -> Atlanta -> Montreal, lands the same day
    Line(DEC(8), "America/Toronto", "America/Toronto", kind=ItineraryKind.MEETING),
    Line(DEC(10), "America/Toronto", "Asia/Seoul", end_day_offset=1),  # lands in Incheon on the 11th
]


def test_the_g7_trip_is_four_nights_in_six_days():
    assert nights_text(DEC(6), DEC(11), G7) == "4박 6일"


def test_an_overnight_outbound_flight_is_not_a_night_abroad():
    legs = [
        Line(DEC(1), "Asia/Seoul", "Europe/Paris", end_day_offset=1),
        Line(DEC(5), "Europe/Paris", "Asia/Seoul", 1),
    ]
    assert nights_abroad(DEC(1), DEC(6), legs) == 3


def test_without_flights_the_trip_dates_decide():
    assert nights_abroad(DEC(6), DEC(10), []) == 4
    assert nights_text(DEC(6), DEC(6), []) == "0박 1일"


def test_a_member_joining_from_abroad_counts_from_the_first_day():
    # 뉴욕 -> 몬트리올 -> 뉴욕: no flight from or to Korea in the period
    legs = [
        Line(DEC(6), "America/New_York", "America/Toronto"),
        Line(DEC(10), "America/Toronto", "America/New_York"),
    ]
    assert nights_text(DEC(6), DEC(10), legs) == "4박 5일"


def test_flights_outside_the_period_and_other_lines_are_ignored():
    legs = [Line(DEC(1), "Asia/Seoul", "Asia/Tokyo"), *G7, Line(DEC(20), "Asia/Tokyo", "Asia/Seoul")]
    assert nights_abroad(DEC(6), DEC(11), legs) == 4


def test_the_officers_correction_wins_when_it_fits_the_period():
    assert trip_nights(DEC(6), DEC(11), G7, corrected=5) == 5
    assert trip_nights(DEC(6), DEC(11), G7, corrected=9) == 4  # more nights than the period: ignored
