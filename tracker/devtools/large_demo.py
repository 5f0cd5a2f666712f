"""A large, realistic and reproducible test database: ten years (2016-2026) of a busy
international-cooperation division — organizations, people and their rotations, trips with
itineraries, bilateral meetings, follow-up actions, events, channels and agreements.

Everything comes from one `random.Random(seed)`: the same seed gives the same rows, ids and
timestamps. Rows are built as plain dicts and written with SQLAlchemy Core in large batches
inside one transaction, so a million rows take well under a minute on SQLite.

The generator is in parts, one module each, composed into `_Gen` here: demo_basics (dates,
counts, tables, random draws, row buffers), demo_places, demo_names and demo_texts (the
vocabulary), demo_generator (the shared state), demo_directory, demo_events, demo_meetings,
demo_trips, demo_actions and demo_agreements.
"""

from __future__ import annotations

import time as _clock
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from tracker.db import models as m
from tracker.db.engine import Database
from tracker.devtools.demo_actions import _Actions
from tracker.devtools.demo_agreements import _Agreements
from tracker.devtools.demo_basics import BASE, MINIMUM, TABLES, Progress
from tracker.devtools.demo_directory import _Directory
from tracker.devtools.demo_events import _Events
from tracker.devtools.demo_meetings import _Meetings
from tracker.devtools.demo_places import TOPICS
from tracker.devtools.demo_trips import _Trips
from tracker.domain.errors import ValidationError
from tracker.services.countries import reference_countries, seed_countries


class _Gen(_Directory, _Events, _Meetings, _Trips, _Actions, _Agreements):
    """The whole generator: each part's methods call the others' through `self`."""


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------

CHUNK = 5000


def _insert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[i : i + CHUNK])


def generate(
    db: Database,
    *,
    seed: int = 20251208,
    scale: float = 1.0,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill a migrated, empty database with a large demo dataset; return rows per table."""
    if scale <= 0:
        raise ValidationError("bad_value", field="scale", value=scale)
    say = progress or (lambda _msg: None)
    with db.engine.connect() as conn:
        if conn.execute(sa.select(m.Meeting.id).limit(1)).first() is not None:
            raise ValidationError("bad_value", field="database", value="not empty")
    seed_countries(db)
    with db.engine.connect() as conn:
        known = set(conn.execute(sa.select(m.Country.code)).scalars())
    countries = [c for c in reference_countries() if c["code"] in known]
    gen = _Gen(seed, scale, countries)
    counts: dict[str, int] = {}
    phases: tuple[tuple[str, tuple[Callable[[], None], ...], tuple[str, ...]], ...] = (
        (
            "directory",
            (gen.gen_topics, gen.gen_organizations, gen.gen_people),
            ("topics", "organizations", "persons", "positions"),
        ),
        (
            "events",
            (gen.gen_channels, gen.gen_events),
            ("channels", "events", "event_sessions", "event_topics"),
        ),
        (
            "trips and meetings",
            (gen.gen_trips, gen.gen_other_meetings),
            (
                "trips",
                "trip_destinations",
                "trip_members",
                "trip_events",
                "meetings",
                "meeting_organizations",
                "meeting_participants",
                "key_points",
                "meeting_topics",
                "itinerary_items",
            ),
        ),
        ("actions", (gen.gen_actions,), ("actions", "action_topics")),
        ("agreements", (gen.gen_agreements,), ("agreements", "agreement_parties", "agreement_topics")),
    )
    by_name = {t.name: t for t in TABLES}
    with db.write() as conn:
        if db.is_sqlite:
            # Random UUID keys touch the whole of every index: give SQLite room to keep them in memory.
            old_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            conn.exec_driver_sql("PRAGMA cache_size=-524288")
        for label, steps, tables in phases:
            t0 = _clock.perf_counter()
            for step in steps:
                step()
            say(f"generated {label} ({_clock.perf_counter() - t0:.1f}s)")
            for name in tables:
                rows = gen.out.rows[name]
                t0 = _clock.perf_counter()
                _insert(conn, by_name[name], rows)
                counts[name] = len(rows)
                say(f"{name}: {len(rows):,} rows ({_clock.perf_counter() - t0:.1f}s)")
                if name not in (
                    "organizations",
                    "persons",
                    "events",
                    "event_sessions",
                    "meetings",
                    "trip_members",
                ):
                    gen.out.rows[name] = []  # no longer needed: free the memory
        if db.is_sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(old_cache)}")
    return counts


# The table sizes and topics stay reachable here for the tests that check the counts.
__all__ = ["BASE", "MINIMUM", "TABLES", "TOPICS", "generate"]
