"""The large demo generator: counts in proportion, reproducible, and every row keeps the rules."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict

import pytest
import sqlalchemy as sa

from tracker.db import models as m
from tracker.db.base import Base
from tracker.db.store import open_database
from tracker.devtools import large_demo
from tracker.domain.enums import DatePrecision, Side
from tracker.domain.errors import ValidationError
from tracker.services.validation import check_row

SCALE = 0.01
DIGEST_TABLES = (
    "organizations",
    "persons",
    "positions",
    "trips",
    "itinerary_items",
    "meetings",
    "meeting_participants",
    "key_points",
    "actions",
    "action_topics",
    "agreements",
)


def _open(path):
    db, _ = open_database(f"sqlite:///{path}")
    return db


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """One database filled at SCALE with the default seed, shared by the read-only tests."""
    db = _open(tmp_path_factory.mktemp("large") / "a.sqlite3")
    messages: list[str] = []
    counts = large_demo.generate(db, scale=SCALE, progress=messages.append)
    yield db, counts, messages
    db.dispose()


def _digest(db, tables=DIGEST_TABLES) -> str:
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for name in tables:
            table = Base.metadata.tables[name]
            rows = sorted(repr(tuple(r)) for r in conn.execute(sa.select(table)))
            h.update(name.encode())
            for r in rows:
                h.update(r.encode())
    return h.hexdigest()


def test_counts_in_proportion(generated):
    db, counts, messages = generated
    expected = {k: max(large_demo.MINIMUM.get(k, 1), round(v * SCALE)) for k, v in large_demo.BASE.items()}
    assert counts["organizations"] == expected["organizations"]
    assert counts["persons"] == expected["persons"]
    assert counts["trips"] == expected["trips"]
    assert counts["meetings"] == expected["meetings"]
    assert counts["actions"] == expected["actions"]
    assert counts["agreements"] == expected["agreements"]
    assert counts["channels"] == expected["channels"]
    assert counts["events"] == expected["events"]
    assert counts["topics"] == len(large_demo.TOPICS)
    # the dependants follow their owners
    assert counts["persons"] <= counts["positions"] <= 4 * counts["persons"]
    assert 2 * counts["meetings"] <= counts["meeting_participants"] <= 6 * counts["meetings"]
    assert 2 * counts["meetings"] <= counts["key_points"] <= 5 * counts["meetings"]
    assert counts["trips"] <= counts["trip_members"] <= 5 * counts["trips"]
    assert 6 * counts["trips"] <= counts["itinerary_items"] <= 15 * counts["trips"]
    with db.engine.connect() as conn:
        for name, n in counts.items():
            assert (
                conn.execute(sa.select(sa.func.count()).select_from(Base.metadata.tables[name])).scalar() == n
            )
        staff = conn.execute(sa.select(sa.func.count()).where(m.Person.is_staff)).scalar()
        on_trips = conn.execute(sa.select(sa.func.count()).where(m.Meeting.trip_id.is_not(None))).scalar()
    assert staff == expected["staff"]
    assert 0.3 * counts["meetings"] <= on_trips <= 0.7 * counts["meetings"]
    assert any(msg.startswith("meetings:") for msg in messages)


@pytest.mark.slow
def test_same_seed_same_rows_other_seed_other_rows(generated, tmp_path):
    db, _counts, _ = generated
    again = _open(tmp_path / "b.sqlite3")
    other = _open(tmp_path / "c.sqlite3")
    try:
        large_demo.generate(again, scale=SCALE)
        large_demo.generate(other, seed=7, scale=SCALE)
        assert _digest(again) == _digest(db)
        assert _digest(other) != _digest(db)
    finally:
        again.dispose()
        other.dispose()


def test_foreign_keys_and_dates_hold(generated):
    db, _counts, _ = generated
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        months = (
            conn.execute(sa.select(m.Action.due_date).where(m.Action.due_precision == DatePrecision.MONTH))
            .scalars()
            .all()
        )
        assert months and all(d.day == 1 for d in months)
        members = conn.execute(
            sa.select(
                m.TripMember.start_date, m.TripMember.end_date, m.Trip.start_date, m.Trip.end_date
            ).join(m.Trip, m.Trip.id == m.TripMember.trip_id)
        ).all()
        assert members and all(ts <= s <= e <= te for s, e, ts, te in members)
        on_trip = conn.execute(
            sa.select(m.Meeting.date, m.Trip.start_date, m.Trip.end_date).join(
                m.Trip, m.Trip.id == m.Meeting.trip_id
            )
        ).all()
        assert on_trip and all(s <= d <= e for d, s, e in on_trip)
        sides: dict = defaultdict(set)
        heads: dict = defaultdict(int)
        for mid, side, is_head in conn.execute(
            sa.select(
                m.MeetingParticipant.meeting_id, m.MeetingParticipant.side, m.MeetingParticipant.is_head
            )
        ):
            sides[mid].add(Side(side))
            heads[(mid, side)] += bool(is_head)
        meeting_ids = conn.execute(sa.select(m.Meeting.id)).scalars().all()
        assert all(sides[mid] == {Side.US, Side.THEM} for mid in meeting_ids)
        assert set(heads.values()) == {1}
        closed = conn.execute(sa.select(m.Action.status, m.Action.completed_on, m.Action.created_at)).all()
        assert any(s in ("done", "dropped") for s, _c, _a in closed)
        assert all((c is not None) == (s in ("done", "dropped")) for s, c, _a in closed)
        for model in (m.Person, m.Position, m.Trip, m.Meeting, m.Action, m.Agreement, m.Event):
            stamps = conn.execute(sa.select(model.created_at, model.updated_at)).all()
            assert all(a.tzinfo is not None and a <= b for a, b in stamps), model


def test_rows_pass_validation(generated):
    db, _counts, _ = generated
    rng = random.Random(1)
    with db.engine.connect() as conn:
        for table in large_demo.TABLES:
            rows = [dict(r._mapping) for r in conn.execute(sa.select(table))]
            assert rows, table.name
            for row in rng.sample(rows, min(len(rows), 200)):
                check_row(table, row)


def test_flights_cross_time_zones(generated):
    db, _counts, _ = generated
    with db.engine.connect() as conn:
        flights = (
            conn.execute(sa.select(m.ItineraryItem).where(m.ItineraryItem.kind == "flight")).mappings().all()
        )
    assert flights
    assert all(f["timezone"] and f["end_timezone"] and f["reference"] for f in flights)
    assert any(f["end_day_offset"] == 1 for f in flights)
    assert all(f["reference"][:2].isalpha() and f["reference"][2:].split(" ")[0].isdigit() for f in flights)


def test_second_run_is_refused(generated):
    db, counts, _ = generated
    with pytest.raises(ValidationError) as err:
        large_demo.generate(db, scale=SCALE)
    assert err.value.field == "database"
    with db.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(m.Meeting)).scalar() == counts["meetings"]


def test_postgresql_gets_the_same_rows(generated, postgres_server):
    db, counts, _ = generated
    pg, _ = open_database(postgres_server.new_database())
    try:
        assert large_demo.generate(pg, scale=SCALE) == counts
        assert _digest(pg) == _digest(db)
    finally:
        pg.dispose()
