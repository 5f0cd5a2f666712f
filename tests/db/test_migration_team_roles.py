"""Migration 0010 (team roles): nothing at all on a personal SQLite file; on PostgreSQL its
downgrade takes the policies and privileges away again and a second upgrade finds the roles
already there."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from alembic import command

from tracker import config as app_config
from tracker.db.engine import Database
from tracker.db.migrate import alembic_config

BEFORE, REVISION = "0009", "0010"


def _alembic(db: Database, fn, revision: str) -> None:  # type: ignore[no-untyped-def]
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, revision)


def _sqlite_contents(path) -> list[object]:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(path)
    try:
        schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").fetchall()
        tables = [row[1] for row in schema if row[0] == "table" and row[1] != "alembic_version"]
        rows = {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
        return [schema, rows, conn.execute("PRAGMA user_version").fetchone()]
    finally:
        conn.close()


def sqlite_untouched(path, before: str, revision: str) -> None:  # type: ignore[no-untyped-def]
    """Upgrading a personal file from `before` to `revision` (a PostgreSQL-only revision) and
    back changes nothing in it but the revision it names."""
    db = Database(app_config.sqlite_url(path))
    _alembic(db, command.upgrade, before)
    contents = _sqlite_contents(path)
    _alembic(db, command.upgrade, revision)
    assert _sqlite_contents(path) == contents
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == revision
    _alembic(db, command.downgrade, before)
    assert _sqlite_contents(path) == contents
    db.dispose()


def test_on_sqlite_it_changes_nothing_but_the_revision(tmp_path):
    sqlite_untouched(tmp_path / "tracker.sqlite3", BEFORE, REVISION)


def _security(db: Database) -> tuple[set[str], set[str], set[str]]:
    with db.engine.connect() as conn:
        policies = set(conn.execute(sa.text("SELECT tablename FROM pg_policies")).scalars())
        guarded = set(
            conn.execute(
                sa.text(
                    "SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = 'public'::regnamespace"
                )
            ).scalars()
        )
        granted = set(
            conn.execute(
                sa.text(
                    "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
                    "WHERE grantee LIKE 'tracker\\_%'"
                )
            ).scalars()
        )
    return policies, guarded, granted


@pytest.mark.postgres
def test_on_postgresql_downgrade_removes_it_and_upgrade_puts_it_back(postgres_server):
    db = Database(postgres_server.new_database())
    _alembic(db, command.upgrade, REVISION)
    policies, guarded, granted = _security(db)
    assert {"meetings", "trips", "key_points", "actions", "audit_log"} <= policies
    assert guarded == policies
    assert granted == {"tracker_officer", "tracker_reader"}

    _alembic(db, command.downgrade, BEFORE)
    assert _security(db) == (set(), set(), set())

    _alembic(db, command.upgrade, REVISION)  # the roles exist by now: made once per server
    assert _security(db) == (policies, guarded, granted)
    db.dispose()
