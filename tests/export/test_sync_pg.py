"""A sync whose server drops the line mid-way (its connection killed by the server after the
sync wrote there, before it committed): neither the server nor the offline copy changes, and
the next sync does the whole merge."""

from __future__ import annotations

import shutil

import psycopg
import pytest
import sqlalchemy as sa
from database_json import json_of

import tracker.export.sync as sync_module
from tracker.db.models import Meeting
from tracker.db.store import open_database
from tracker.export.demo import load_demo
from tracker.export.sync import checkout, sync
from tracker.services import records


def _title(db, meeting_id) -> str:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.get(Meeting, meeting_id).title


def test_a_server_that_drops_the_line_mid_sync_leaves_both_as_they_were(
    postgres_server, _migrated_template, tmp_path, monkeypatch
):  # type: ignore[no-untyped-def]
    team, _ = open_database(postgres_server.new_database())
    load_demo(team)
    shutil.copyfile(_migrated_template, tmp_path / "trip.sqlite3")
    trip, _ = open_database(tmp_path / "trip.sqlite3")
    checkout(team, trip)
    with team.read() as s:
        first, second = s.scalars(sa.select(Meeting).order_by(Meeting.date, Meeting.id)).all()[:2]
    records.update(trip, Meeting, first.id, {"title": "출장지에서 고침"})
    records.update(team, Meeting, second.id, {"title": "본부에서 고침"})
    before = json_of(trip, tmp_path / "a.json"), json_of(team, tmp_path / "b.json")

    real = sync_module._apply

    def apply_then_lose_the_line(conn, ops, actor):  # type: ignore[no-untyped-def]
        real(conn, ops, actor)
        if conn.dialect.name == "postgresql":  # written on the server, not yet committed
            pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            with psycopg.connect(
                host=postgres_server.host, port=postgres_server.port, user="postgres", autocommit=True
            ) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

    monkeypatch.setattr(sync_module, "_apply", apply_then_lose_the_line)
    with pytest.raises(sa.exc.DBAPIError):
        sync(trip, team)

    assert (json_of(trip, tmp_path / "c.json"), json_of(team, tmp_path / "d.json")) == before
    monkeypatch.setattr(sync_module, "_apply", real)
    result = sync(trip, team)
    assert result.conflicts == [] and result.sent["update"] == result.received["update"] == 1
    assert _title(team, first.id) == "출장지에서 고침" and _title(trip, second.id) == "본부에서 고침"
    trip.dispose()
    team.dispose()
