"""Where the calendar's blocks and bars go: plain geometry, no Qt, tested on its own.

`lanes` stacks day spans (trips, events, deadlines) into rows so that none overlap, and
`cap_lanes` keeps them to a few rows, the last one counting the rest.
`lay_out_column` puts the timed items of one day column side by side where they overlap, never
narrower than a width that still shows an item's time and the start of its title: what does
not fit is counted in a "+N" strip at the right of the column, over the hours it covers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


def lanes(spans: Iterable[tuple[int, int, Any]]) -> list[tuple[int, int, int, Any]]:
    """Greedy lane assignment of [first, last] column spans: (lane, first, last, payload).
    Longer spans of the same first column come first, so they take the upper lanes."""
    ends: list[int] = []
    out = []
    for first, last, payload in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        for lane, end in enumerate(ends):
            if end < first:
                ends[lane] = last
                break
        else:
            lane = len(ends)
            ends.append(last)
        out.append((lane, first, last, payload))
    return out


def cap_lanes(
    laid: Sequence[tuple[int, int, int, Any]], max_lanes: int
) -> tuple[list[tuple[int, int, int, Any]], dict[int, list[Any]]]:
    """Keep spans laid out by `lanes` within `max_lanes` rows: when there are more, the last
    row counts, for each column, the spans that did not fit (column -> their payloads)."""
    if max(((lane + 1) for lane, *_ in laid), default=0) <= max_lanes:
        return list(laid), {}
    kept = [span for span in laid if span[0] < max_lanes - 1]
    rest: dict[int, list[Any]] = {}
    for lane, first, last, payload in laid:
        if lane >= max_lanes - 1:
            for col in range(first, last + 1):
                rest.setdefault(col, []).append(payload)
    return kept, rest


@dataclass(frozen=True, slots=True)
class Placed:
    """A block: `top`/`bottom` in the caller's vertical unit, `left`/`width` in pixels from the
    column's left edge."""

    top: float
    bottom: float
    left: float
    width: float
    payload: Any


@dataclass(slots=True)
class Overflow:
    """Items that found no room, counted in a strip from `top` to `bottom` at `left`."""

    top: float
    bottom: float
    left: float
    width: float
    payloads: list[Any] = field(default_factory=list)


def _clusters(segs: Sequence[tuple[float, float, Any]]) -> list[list[tuple[float, float, Any]]]:
    """Runs of segments that overlap one another (directly or through others), in order."""
    out: list[list[tuple[float, float, Any]]] = []
    end = float("-inf")
    for seg in sorted(segs, key=lambda s: (s[0], -s[1])):
        if not out or seg[0] >= end:
            out.append([])
            end = seg[1]
        out[-1].append(seg)
        end = max(end, seg[1])
    return out


def _assign(cluster: Sequence[tuple[float, float, Any]]) -> list[tuple[int, float, float, Any]]:
    """The first lane free for each segment's whole height, in the order given. While the
    segments come in order of their tops a lane is free when it ends before the top (one
    comparison); after that, each of its spans is looked at."""
    taken: list[list[tuple[float, float]]] = []
    ends: list[float] = []
    out = []
    last_top = float("-inf")
    for top, bottom, payload in cluster:
        in_order = top >= last_top
        last_top = max(last_top, top)
        for lane, spans in enumerate(taken):
            if ends[lane] <= top if in_order else all(b <= top or bottom <= t for t, b in spans):
                spans.append((top, bottom))
                ends[lane] = max(ends[lane], bottom)
                out.append((lane, top, bottom, payload))
                break
        else:
            out.append((len(taken), top, bottom, payload))
            taken.append([(top, bottom)])
            ends.append(bottom)
    return out


def lay_out_column(
    segs: Sequence[tuple[float, float, Any]],
    width: float,
    min_width: float,
    more_width: float,
    mark_height: float,
    long: float = float("inf"),
) -> tuple[list[Placed], list[Overflow]]:
    """Place (top, bottom, payload) segments of one column `width` wide.

    Overlapping segments share the width in lanes; a block spreads into the lanes to its right
    that are free for its whole height. No block is narrower than `min_width` (unless the column
    itself is): when a cluster needs more lanes than fit, the lanes that fit are kept and the
    rest are counted in marks `more_width` wide at the right, one per `mark_height` of start
    times (a mark at the time its items begin). In such a crowded cluster the segments longer
    than `long` (a 14-hour flight) take lanes after the others, so that they do not hold the
    only lane for the whole day."""
    placed: list[Placed] = []
    overflows: list[Overflow] = []
    for cluster in _clusters(segs):
        laned = _assign(cluster)
        n = 1 + max(lane for lane, *_ in laned)
        usable = width
        fit = max(1, int(width // min_width)) if min_width > 0 else n
        if n > fit:
            laned = _assign(
                [seg for seg in cluster if seg[1] - seg[0] <= long]
                + [seg for seg in cluster if seg[1] - seg[0] > long]
            )
            n = 1 + max(lane for lane, *_ in laned)
        if n > fit:  # keep room for the marks, even in a column too narrow for both
            usable = max(1.0, width - more_width)
            fit = max(1, int(usable // min_width))
        shown = [seg for seg in laned if seg[0] < fit]
        hidden = sorted((seg for seg in laned if seg[0] >= fit), key=lambda seg: seg[1])
        lanes_shown = min(n, fit)
        lane_w = usable / lanes_shown
        for lane, top, bottom, payload in shown:
            span = 1
            while lane + span < lanes_shown and not any(
                other_lane == lane + span and o_top < bottom and top < o_bottom
                for other_lane, o_top, o_bottom, _p in shown
            ):
                span += 1
            placed.append(Placed(top, bottom, lane * lane_w, lane_w * span, payload))
        for _lane, top, _bottom, payload in hidden:  # in order of start
            last = overflows[-1] if overflows else None
            if last is not None and last.left == usable and top < last.bottom:
                last.payloads.append(payload)
            else:
                overflows.append(Overflow(top, top + mark_height, usable, width - usable, [payload]))
    return placed, overflows


__all__ = ["Overflow", "Placed", "cap_lanes", "lanes", "lay_out_column"]
