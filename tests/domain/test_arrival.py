"""The arrival of an itinerary line: a late-evening departure entered without its '+1' lands
the next day; an arrival entered rightly is left alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from tracker.domain.arrival import arrival, arrival_day_offset, lands_before_leaving

DAY = date(2025, 12, 6)


def test_a_night_flight_entered_without_its_day_lands_the_next_day() -> None:
    # Paris 23:30 -> Seoul 18:45: as entered it lands 13 hours before it leaves.
    found = arrival(DAY, time(23, 30), time(18, 45), "Europe/Paris", "Asia/Seoul")
    assert (found.day_offset, found.added) == (1, 1)
    assert found.at is not None
    assert found.at.astimezone(UTC) == datetime(2025, 12, 7, 9, 45, tzinfo=UTC)
    # one clock: 23:50 -> 01:20 is the next day
    assert arrival_day_offset(DAY, time(23, 50), time(1, 20), "Asia/Seoul") == 1
    assert arrival_day_offset(DAY, time(23, 50), time(1, 20), None) == 1


def test_westward_across_the_date_line_two_days_can_be_missing() -> None:
    # Montreal 22:00 -> Seoul 01:00 lands two calendar days later in Seoul.
    assert arrival_day_offset(DAY, time(22, 0), time(1, 0), "America/Toronto", "Asia/Seoul") == 2


def test_an_arrival_entered_rightly_is_kept() -> None:
    assert arrival_day_offset(DAY, time(9, 45), time(13, 54), "Asia/Seoul", "America/Toronto") == 0
    assert arrival_day_offset(DAY, time(7, 0), time(16, 50), "America/Toronto", "Asia/Seoul", 1) == 1
    assert arrival_day_offset(DAY, time(15, 0), time(18, 0), "Asia/Seoul") == 0
    # Tokyo 20:00 -> Honolulu 08:00 the same date: earlier by the clock, not in time (east over the date line)
    assert arrival_day_offset(DAY, time(20, 0), time(8, 0), "Asia/Tokyo", "Pacific/Honolulu") == 0


def test_what_no_missing_day_explains_is_left_as_entered() -> None:
    # 18:00 -> 15:00 at one place would be a 21-hour line: a slip, for the editor to ask about
    assert arrival_day_offset(DAY, time(18, 0), time(15, 0), "Asia/Seoul") == 0
    assert lands_before_leaving(DAY, time(18, 0), time(15, 0), "Asia/Seoul")
    # Paris 22:30 -> Seoul 06:10 fits no day: flagged, not guessed
    assert arrival_day_offset(DAY, time(22, 30), time(6, 10), "Europe/Paris", "Asia/Seoul") == 0
    assert lands_before_leaving(DAY, time(22, 30), time(6, 10), "Europe/Paris", "Asia/Seoul")
    assert not lands_before_leaving(DAY, time(23, 30), time(18, 45), "Europe/Paris", "Asia/Seoul")
    # no time, or a zone that cannot be read: as entered
    assert arrival_day_offset(DAY, None, time(1, 0), "Asia/Seoul") == 0
    assert arrival_day_offset(DAY, time(23, 0), time(1, 0), "Nowhere/Atlantis", "Asia/Seoul") == 0
