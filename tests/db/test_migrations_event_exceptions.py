"""Migration 0007 (a series' cancelled, extra and changed occurrences) on SQLite and PostgreSQL:
an existing database keeps every event, session and link through it, both ways."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command

from tracker import config as app_config
from tracker.db.engine import Database, make_engine
from tracker.db.migrate import alembic_config

BEFORE, AFTER = "0006", "0007"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def at_0006(request, tmp_path):
    if request.param == "sqlite":
        url = app_config.sqlite_url(tmp_path / "tracker.sqlite3")
    else:
        url = request.getfixturevalue("postgres_server").new_database()
    db = Database(url, engine=make_engine(url))
    alembic(db, command.upgrade, BEFORE)
    yield db
    db.dispose()


def alembic(db: Database, fn, revision: str) -> None:  # type: ignore[no-untyped-def]
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, revision)


def columns(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {c["name"] for c in sa.inspect(conn).get_columns("events")}


def one(db: Database, sql: str, **params: object) -> object:
    with db.engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()


def test_events_keep_their_sessions_through_the_migration_both_ways(at_0006):
    db = at_0006
    event = uuid.uuid4()
    with db.engine.begin() as conn:
        now = sa.func.now() if db.engine.dialect.name == "postgresql" else sa.text("CURRENT_TIMESTAMP")
        conn.execute(
            sa.text(
                "INSERT INTO events (id, name_ko, kind, timezone, start_date, end_date, recurrence,"
                " created_at, updated_at, version) VALUES (:id, '월례 회의', 'other', 'Asia/Seoul',"
                f" :d, :d, 'FREQ=MONTHLY', {now}, {now}, 1)"
            ),
            {"id": event.hex if db.engine.dialect.name == "sqlite" else event, "d": date(2026, 1, 13)},
        )
        conn.execute(
            sa.text(
                "INSERT INTO event_sessions (id, event_id, seq, title_ko, date, members_only, created_at,"
                f" updated_at, version) VALUES (:id, :e, 1, '회의', :d, false, {now}, {now}, 1)"
            ),
            {
                "id": uuid.uuid4().hex if db.engine.dialect.name == "sqlite" else uuid.uuid4(),
                "e": event.hex if db.engine.dialect.name == "sqlite" else event,
                "d": date(2026, 1, 13),
            },
        )

    alembic(db, command.upgrade, AFTER)
    assert {"excluded_dates", "extra_dates", "series_id", "recurrence_date"} <= columns(db)
    assert one(db, "SELECT count(*) FROM event_sessions") == 1  # the table was not copied away

    # A changed occurrence points at its series and goes with it; one change per occurrence.
    changed = (
        "INSERT INTO events (id, name_ko, kind, timezone, start_date, end_date, series_id,"
        " recurrence_date, created_at, updated_at, version) VALUES (:id, :name, 'other',"
        f" 'Asia/Seoul', :d, :d, :e, :r, {now}, {now}, 1)"
    )
    key = (lambda u: u.hex) if db.engine.dialect.name == "sqlite" else (lambda u: u)
    row = {"name": "월례 회의 (변경)", "d": date(2026, 2, 16), "e": key(event), "r": date(2026, 2, 13)}
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE events SET excluded_dates = '2026-03-13'"))
        conn.execute(sa.text(changed), {**row, "id": key(uuid.uuid4())})
    with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
        conn.execute(sa.text(changed), {**row, "id": key(uuid.uuid4()), "name": "또"})
    assert one(db, "SELECT count(*) FROM events") == 2

    alembic(db, command.downgrade, BEFORE)
    assert not {"excluded_dates", "extra_dates", "series_id", "recurrence_date"} & columns(db)
    assert one(db, "SELECT count(*) FROM events") == 2  # the changed occurrence stays an event
    assert one(db, "SELECT count(*) FROM event_sessions") == 1

    alembic(db, command.upgrade, AFTER)
    with db.engine.begin() as conn:
        conn.execute(
            sa.text(
                "UPDATE events SET series_id = :e, recurrence_date = :d WHERE name_ko = '월례 회의 (변경)'"
            ),
            {"e": event.hex if db.engine.dialect.name == "sqlite" else event, "d": date(2026, 2, 13)},
        )
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.execute(sa.text("DELETE FROM events WHERE id = :e"), {"e": key(event)})
    assert one(db, "SELECT count(*) FROM events") == 0  # the series took its changed occurrence
    assert one(db, "SELECT count(*) FROM event_sessions") == 0
