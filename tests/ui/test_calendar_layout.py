"""The calendar's geometry on its own: spans stacked into lanes, and a day column's timed blocks
side by side, never narrower than what shows an item's time and the start of its title."""

from __future__ import annotations

import pytest

from tracker.ui.calendar.layout import cap_lanes, lanes, lay_out_column

MIN, MORE, MARK = 60.0, 20.0, 15.0


def _by_name(placed):
    return {p.payload: p for p in placed}


def test_spans_take_the_first_free_lane_longest_first() -> None:
    laid = lanes([(0, 1, "a"), (0, 4, "long"), (2, 3, "b"), (5, 6, "c")])
    assert {payload: lane for lane, _a, _b, payload in laid} == {"long": 0, "a": 1, "b": 1, "c": 0}


def test_items_that_do_not_overlap_have_the_whole_width() -> None:
    placed, overflows = lay_out_column([(540, 600, "a"), (600, 660, "b")], 200, MIN, MORE, MARK)
    assert overflows == []
    assert [(p.left, p.width) for p in placed] == [(0, 200), (0, 200)]


def test_overlapping_items_share_the_width_and_a_block_spreads_into_free_lanes() -> None:
    # a 09:00-11:00; b 09:00-09:30 and then d 09:45-10:15 beside it; c 10:00-10:30 needs a third
    # lane; e 11:00 starts a new cluster and takes the whole width again
    segs = [(540, 660, "a"), (540, 570, "b"), (585, 615, "d"), (600, 630, "c"), (660, 690, "e")]
    placed, overflows = lay_out_column(segs, 300, MIN, MORE, MARK)
    got = _by_name(placed)
    assert overflows == []
    assert (got["a"].left, got["a"].width) == (0, 100)
    assert (got["b"].left, got["b"].width) == (100, 200)  # lane 2 is free while b lasts
    assert (got["d"].left, got["d"].width) == (100, 100)  # c beside it
    assert (got["c"].left, got["c"].width) == (200, 100)
    assert (got["e"].left, got["e"].width) == (0, 300)


def test_a_crowded_hour_keeps_blocks_readable_and_counts_the_rest() -> None:
    segs = [(600, 660, f"m{k}") for k in range(8)] + [(720, 750, "noon")]
    placed, overflows = lay_out_column(segs, 150, MIN, MORE, MARK)
    assert all(p.width >= MIN for p in placed)
    shown = {p.payload for p in placed}
    assert len(overflows) == 1
    strip = overflows[0]
    assert len(shown - {"noon"}) + len(strip.payloads) == 8
    assert set(strip.payloads).isdisjoint(shown)
    assert (strip.top, strip.bottom) == (600, 600 + MARK)  # a mark at the hour they begin
    assert strip.left + strip.width == pytest.approx(150)
    assert all(p.left + p.width <= strip.left + 1e-9 for p in placed if p.payload != "noon")
    assert _by_name(placed)["noon"].width == 150  # the next, uncrowded hour has the whole column


def test_a_column_narrower_than_one_block_still_shows_one_and_counts_the_rest() -> None:
    placed, overflows = lay_out_column([(0, 30, "a"), (0, 30, "b")], 50, MIN, MORE, MARK)
    assert [p.payload for p in placed] == ["a"]
    assert overflows[0].payloads == ["b"]


def test_marks_stand_at_the_times_the_hidden_items_begin() -> None:
    segs = [(600, 660, "a"), (600, 660, "b"), (630, 700, "c"), (640, 700, "d"), (700, 760, "e")]
    placed, overflows = lay_out_column(segs, 100, MIN, MORE, MARK)
    assert len(placed) == 2  # a, then e below it
    assert [(o.top, o.payloads) for o in overflows] == [(600, ["b"]), (630, ["c", "d"])]


def test_in_a_crowded_day_a_long_flight_does_not_take_the_only_lane() -> None:
    flight = (0, 14 * 60, "flight")
    meetings = [(540 + 120 * k, 600 + 120 * k, f"m{k}") for k in range(4)]
    placed, overflows = lay_out_column([flight, *meetings], 100, MIN, MORE, MARK, long=6 * 60)
    assert {p.payload for p in placed} == {"m0", "m1", "m2", "m3"}
    assert [o.payloads for o in overflows] == [["flight"]] and overflows[0].top == 0
    # with room for both, the flight keeps its lane beside them
    placed, overflows = lay_out_column([flight, *meetings], 200, MIN, MORE, MARK, long=6 * 60)
    assert overflows == [] and len(placed) == 5


def test_spans_beyond_the_rows_allowed_are_counted_day_by_day_in_the_last_row() -> None:
    laid = lanes([(0, 6, "trip1"), (0, 2, "trip2"), (1, 3, "trip3"), (2, 4, "trip4"), (5, 6, "due")])
    kept, rest = cap_lanes(laid, 3)
    assert sorted(p for *_x, p in kept) == ["due", "trip1", "trip2"]  # rows 0 and 1
    assert rest == {1: ["trip3"], 2: ["trip3", "trip4"], 3: ["trip3", "trip4"], 4: ["trip4"]}
    assert cap_lanes(laid, 4) == (laid, {})  # room for all: nothing counted
