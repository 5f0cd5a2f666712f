"""The frame of the large demo: the ten years it spans, its row counts at scale 1.0, the
tables in foreign-key order, the seeded random draws, and the rows kept per table until they
are written."""

from __future__ import annotations

import random
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from tracker.db import models as m

Progress = Callable[[str], None]

FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2026, 12, 31)
TODAY = date(2025, 12, 8)  # the dataset's "now": later meetings are planned, later actions open
SEOUL = "Asia/Seoul"

# Row counts at scale 1.0.
BASE = {
    "organizations": 3000,
    "persons": 20000,
    "staff": 300,
    "trips": 5000,
    "meetings": 50000,
    "actions": 150000,
    "events": 400,
    "channels": 150,
    "agreements": 600,
}

# Tables in foreign-key order: a table only refers to tables before it.
TABLES: tuple[sa.Table, ...] = (
    m.Topic.__table__,
    m.Organization.__table__,
    m.Person.__table__,
    m.Position.__table__,
    m.Channel.__table__,
    m.Event.__table__,
    m.EventSession.__table__,
    m.event_topics,
    m.Trip.__table__,
    m.TripDestination.__table__,
    m.TripMember.__table__,
    m.trip_events,
    m.Meeting.__table__,
    m.meeting_organizations,
    m.MeetingParticipant.__table__,
    m.KeyPoint.__table__,
    m.meeting_topics,
    m.ItineraryItem.__table__,
    m.Action.__table__,
    m.action_topics,
    m.Agreement.__table__,
    m.agreement_parties,
    m.agreement_topics,
)  # type: ignore[assignment]


class _Rng(random.Random):
    """random.Random with the handful of draws the generator needs."""

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.getrandbits(128), version=4)

    def pick(self, seq: Any) -> Any:
        return seq[int(self.random() * len(seq))]


class _Weighted:
    """A population with cumulative weights, for fast repeated draws."""

    def __init__(self, items: Iterable[tuple[Any, float]]) -> None:
        pairs = [(item, w) for item, w in items if w > 0]
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1] if self.cum else 0.0

    def __bool__(self) -> bool:
        return bool(self.items)

    def draw(self, rng: random.Random) -> Any:
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _stamp(day: date, minutes: int = 0) -> datetime:
    """A creation time on `day` (office hours, Seoul) as an aware UTC datetime."""
    base = datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC)  # 09:30 KST
    return base + timedelta(minutes=minutes % 540)


def _add_minutes(t: time, minutes: int) -> time:
    total = t.hour * 60 + t.minute + minutes
    return time(min(total // 60, 23), total % 60 if total // 60 < 24 else 59)


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _days(a: date, b: date) -> int:
    return (b - a).days


class _Out:
    """Rows per table, every row with all the table's columns (executemany needs that)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
        self.templates: dict[str, dict[str, Any]] = {}
        for t in TABLES:
            tpl = dict.fromkeys(c.name for c in t.columns)
            if "version" in tpl:
                tpl["version"] = 1
            for name in ("seq", "end_day_offset"):
                if name in tpl:
                    tpl[name] = 0
            self.templates[t.name] = tpl

    def add(self, table: str, **values: Any) -> dict[str, Any]:
        row = self.templates[table].copy()
        row.update(values)
        self.rows[table].append(row)
        return row

    def link(self, table: str, a: Any, b: Any) -> None:
        cols = list(self.templates[table])
        self.rows[table].append({cols[0]: a, cols[1]: b})


# Floors for a tiny database: a few foreign organizations and people to meet.
MINIMUM = {"organizations": 10, "persons": 30, "staff": 2}


def _scaled(scale: float) -> dict[str, int]:
    return {k: max(MINIMUM.get(k, 1), round(v * scale)) for k, v in BASE.items()}
