"""Migrations, the safety net around them, and the portable column types, on SQLite and PostgreSQL."""

from __future__ import annotations

import ast
import os
import random
import re
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import tracker.db.models  # noqa: F401  (registers every table)
from tracker import config as app_config
from tracker.db import migrate
from tracker.db.backup import sqlite_uri
from tracker.db.base import Base
from tracker.db.engine import Database, make_engine
from tracker.db.migrate import MigrationError, alembic_config, current_revision, head_revision
from tracker.db.models import Country, Position
from tracker.db.store import open_database

PARIS = ZoneInfo("Europe/Paris")
FAKE_HEAD = "9999_not_yet_written"  # a revision this tracker pretends to have for the backup tests
REAL_HEAD = head_revision()  # what `existing_sqlite` is at, before the tests pretend otherwise


# --- helpers -------------------------------------------------------------------------------


def _env_include_object():  # type: ignore[no-untyped-def]
    """The very `include_object` of migrations/env.py (that module runs migrations when imported,
    so the function is lifted out of its source rather than imported)."""
    env = app_config.MIGRATIONS_DIR / "env.py"
    tree = ast.parse(env.read_text(encoding="utf-8"), filename=str(env))
    found = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "include_object"]
    assert found, f"{env} defines no include_object()"
    namespace: dict[str, object] = {}
    exec(compile(ast.Module(body=found, type_ignores=[]), str(env), "exec"), namespace)
    return namespace["include_object"]


include_object = _env_include_object()


def schema_diff(db: Database) -> list[object]:
    """What `alembic revision --autogenerate` would write for this database: nothing, if the
    migrations build exactly the schema the models describe."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        return compare_metadata(context, Base.metadata)


def run_alembic(db: Database, fn, revision: str) -> None:  # type: ignore[no-untyped-def]
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, revision)


def table_names(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def france(**kw: object) -> Country:
    return Country(code="FR", name_ko="프랑스", name_en="France", **kw)


def sqlite_rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def sqlite_tables(path: Path) -> set[str]:
    return {name for (name,) in sqlite_rows(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request, tmp_path) -> str:
    """The URL of a database that does not exist yet (SQLite) or is empty (PostgreSQL)."""
    if request.param == "sqlite":
        return app_config.sqlite_url(tmp_path / "tracker.sqlite3")
    return request.getfixturevalue("postgres_server").new_database()


@pytest.fixture
def migrated(empty_url):
    db, result = open_database(empty_url)
    assert result.from_revision is None and result.to_revision == head_revision()
    yield db
    db.dispose()


@pytest.fixture
def existing_sqlite(tmp_path) -> Path:
    """A tracker SQLite file at the current head, holding one country."""
    path = tmp_path / "tracker.sqlite3"
    db, _ = open_database(app_config.sqlite_url(path))
    with db.transaction() as session:
        session.add(france())
    db.dispose()
    return path


# --- the schema the migrations build -------------------------------------------------------


def test_upgrade_from_empty_matches_the_models(migrated):
    assert current_revision(migrated) == head_revision()
    assert schema_diff(migrated) == []


def test_schema_comparison_notices_a_difference(db):
    """Guards the test above against comparing nothing with nothing."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_trips_title")
    assert any("ix_trips_title" in repr(change) for change in schema_diff(db))


def test_downgrade_to_base_and_upgrade_again(migrated):
    with migrated.transaction() as session:
        session.add(france())

    run_alembic(migrated, command.downgrade, "base")
    assert table_names(migrated) == {"alembic_version"}
    assert current_revision(migrated) is None

    run_alembic(migrated, command.upgrade, "head")
    assert current_revision(migrated) == head_revision()
    assert schema_diff(migrated) == []
    with migrated.transaction() as session:
        session.add(france())
    with migrated.read() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Country)) == 1


def test_failed_creation_leaves_no_tables(monkeypatch, empty_url):
    """A brand-new database whose first upgrade fails must not be left half-built: a second
    start would otherwise refuse it as 'not made by tracker'."""
    real_upgrade = command.upgrade

    def upgrade_then_fail(cfg, revision):  # type: ignore[no-untyped-def]
        real_upgrade(cfg, revision)
        raise RuntimeError("disk full")

    monkeypatch.setattr(command, "upgrade", upgrade_then_fail)  # migrate imports it when it upgrades
    with pytest.raises(MigrationError, match="disk full"):
        open_database(empty_url)

    engine = make_engine(empty_url)
    try:
        with engine.connect() as conn:
            assert set(sa.inspect(conn).get_table_names()) - {"alembic_version"} == set()
    finally:
        engine.dispose()


def test_revision_chain_is_linear_and_dated():
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1, f"several heads: {script.get_heads()}"
    assert len(script.get_bases()) == 1, f"several bases: {script.get_bases()}"

    chain = list(script.walk_revisions("base", "heads"))  # newest first
    assert chain[0].revision == head_revision()
    assert chain[-1].down_revision is None
    for newer, older in zip(chain, chain[1:], strict=False):
        assert newer.down_revision == older.revision, f"{newer.revision} does not follow {older.revision}"
    for rev in chain:
        assert not rev.is_merge_point and not rev.is_branch_point and not rev.branch_labels, rev.revision
        assert not rev.dependencies, rev.revision

    dates = []
    for rev in reversed(chain):
        name = Path(rev.path).name
        match = re.match(r"(\d{8})_", name)
        assert match, f"{name} does not start with a date YYYYMMDD_"
        dates.append(datetime.strptime(match.group(1), "%Y%m%d").date())
    assert dates == sorted(dates), "revision file dates go backwards along the chain"

    versions = Path(script.versions)
    on_disk = {p.name for p in versions.glob("*.py") if p.name != "__init__.py"}
    assert on_disk == {Path(rev.path).name for rev in chain}, "a file in versions/ is not in the chain"


# --- upgrading an existing file: backups ---------------------------------------------------


def test_failed_upgrade_restores_the_backup(monkeypatch, existing_sqlite, tmp_path):
    backups = tmp_path / "saved"
    damaged = []

    def damage_then_fail(db: Database, head: str) -> None:
        # What a half-done upgrade on SQLite looks like: some DDL and DML already committed.
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM countries")
            conn.exec_driver_sql("CREATE TABLE half_done (x INTEGER)")
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": head})
        damaged.append(sqlite_tables(existing_sqlite))
        raise RuntimeError("step 2 of 3 went wrong")

    monkeypatch.setattr(migrate, "head_revision", lambda: FAKE_HEAD)
    monkeypatch.setattr(migrate, "_run_upgrade", damage_then_fail)

    with pytest.raises(MigrationError) as info:
        open_database(app_config.sqlite_url(existing_sqlite), backup_dir=backups)
    message = str(info.value)
    assert "upgrade failed" in message and "left as it was" in message
    assert "step 2 of 3 went wrong" in message
    assert damaged and "half_done" in damaged[0]  # the damage really happened before the restore

    (backup,) = backups.iterdir()
    assert backup.name.startswith(f"tracker-before-{FAKE_HEAD}-") and backup.suffix == ".sqlite3"
    assert sqlite_rows(backup, "SELECT code, name_ko FROM countries") == [("FR", "프랑스")]

    assert "half_done" not in sqlite_tables(existing_sqlite)
    assert sqlite_rows(existing_sqlite, "SELECT code, name_ko FROM countries") == [("FR", "프랑스")]
    assert sqlite_rows(existing_sqlite, "SELECT version_num FROM alembic_version") == [(REAL_HEAD,)]

    monkeypatch.undo()  # this tracker again: the restored file opens as it did before
    db, result = open_database(app_config.sqlite_url(existing_sqlite), backup_dir=backups)
    try:
        assert not result.changed and result.backup is None
        with db.read() as session:
            assert session.get(Country, "FR") is not None
    finally:
        db.dispose()


def test_successful_upgrade_of_an_existing_file_backs_it_up_first(monkeypatch, existing_sqlite, tmp_path):
    default_folder = tmp_path / "backups"  # beside the database when no folder is given
    seen_before_upgrade = []

    def fake_upgrade(db: Database, head: str) -> None:
        seen_before_upgrade.append(sorted(default_folder.glob("*")))
        with db.engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": head})

    monkeypatch.setattr(migrate, "head_revision", lambda: FAKE_HEAD)
    monkeypatch.setattr(migrate, "_run_upgrade", fake_upgrade)

    db, result = open_database(app_config.sqlite_url(existing_sqlite))
    db.dispose()
    assert (result.from_revision, result.to_revision, result.changed) == (REAL_HEAD, FAKE_HEAD, True)
    assert result.backup is not None and result.backup.parent == default_folder
    assert seen_before_upgrade == [[result.backup]]
    assert sqlite_rows(result.backup, "SELECT code FROM countries") == [("FR",)]
    assert sqlite_rows(result.backup, "SELECT version_num FROM alembic_version") == [(REAL_HEAD,)]


def test_no_backup_for_a_new_database_or_one_already_current(tmp_path):
    backups = tmp_path / "saved"
    path = tmp_path / "new.sqlite3"

    db, result = open_database(app_config.sqlite_url(path), backup_dir=backups)
    db.dispose()
    assert result.from_revision is None and result.backup is None

    db, result = open_database(app_config.sqlite_url(path), backup_dir=backups)
    db.dispose()
    assert not result.changed and result.backup is None

    assert not backups.exists()
    assert not (tmp_path / "backups").exists()


# --- files that are not (this version's) tracker databases ---------------------------------


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "photo.sqlite3"
    content = b"\x89PNG\r\n\x1a\n" + random.Random(20261121).randbytes(16384)
    path.write_bytes(content)

    with pytest.raises(MigrationError, match="damaged or not a tracker database"):
        open_database(app_config.sqlite_url(path), backup_dir=tmp_path / "saved")

    assert path.read_bytes() == content
    assert sorted(os.listdir(tmp_path)) == ["photo.sqlite3"]  # no -wal, -shm or backups either


def test_a_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    conn.commit()
    conn.close()

    with pytest.raises(MigrationError, match="not made by tracker"):
        open_database(app_config.sqlite_url(path), backup_dir=tmp_path / "saved")

    assert sqlite_tables(path) == {"notes"}  # no tracker table, not even alembic_version
    assert sqlite_rows(path, "SELECT body FROM notes") == [("keep me",)]
    assert not (tmp_path / "saved").exists()


def test_a_database_from_a_newer_tracker_is_refused(existing_sqlite, tmp_path):
    conn = sqlite3.connect(existing_sqlite)
    conn.execute("UPDATE alembic_version SET version_num = '0999'")
    conn.commit()
    conn.close()

    with pytest.raises(MigrationError, match="newer tracker") as info:
        open_database(app_config.sqlite_url(existing_sqlite), backup_dir=tmp_path / "saved")
    assert "0999" in str(info.value)
    assert sqlite_rows(existing_sqlite, "SELECT version_num FROM alembic_version") == [("0999",)]
    assert sqlite_rows(existing_sqlite, "SELECT code FROM countries") == [("FR",)]
    assert not (tmp_path / "saved").exists()


# --- portable types and engine settings ----------------------------------------------------


@pytest.mark.parametrize(
    ("local", "utc_hour"),
    [
        (datetime(2026, 1, 15, 9, 30, tzinfo=PARIS), 8),  # CET, UTC+1
        (datetime(2026, 7, 15, 9, 30, tzinfo=PARIS), 7),  # CEST, UTC+2
    ],
    ids=["winter", "summer"],
)
def test_utc_datetime_round_trips_the_same_instant(migrated, local, utc_hour):
    url = migrated.url
    writer = Database(url)
    try:
        with writer.sessions() as session:
            session.add(france(created_at=local, updated_at=local))
            session.commit()
    finally:
        writer.dispose()

    expected = local.astimezone(UTC)
    assert expected.hour == utc_hour
    if migrated.is_sqlite:
        readers = [Database(url)]
    else:  # the session's time zone must not matter
        readers = [
            Database(url, engine=make_engine(url, connect_args={"options": f"-c TimeZone={tz}"}))
            for tz in ("UTC", "Asia/Seoul", "America/Los_Angeles")
        ]
    for reader in readers:
        try:
            with reader.sessions() as session:
                created = session.get(Country, "FR").created_at
        finally:
            reader.dispose()
        assert created == local
        assert created.utcoffset() == timedelta(0)
        assert (created.date(), created.hour, created.minute) == (expected.date(), utc_hour, 30)

    with migrated.engine.connect() as conn:
        if migrated.is_sqlite:  # the stored text is the UTC wall-clock time
            raw = conn.exec_driver_sql("SELECT created_at FROM countries").scalar()
            assert raw.startswith(expected.strftime("%Y-%m-%d %H:%M:%S"))
        else:
            column = conn.exec_driver_sql(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_name = 'countries' AND column_name = 'created_at'"
            ).scalar()
            assert column == "timestamp with time zone"


def test_utc_datetime_refuses_a_naive_value(migrated):
    database = Database(migrated.url)
    try:
        with database.sessions() as session:
            session.add(france(created_at=datetime(2026, 1, 15, 9, 30)))
            with pytest.raises(sa.exc.StatementError) as info:
                session.flush()
            assert isinstance(info.value.orig, ValueError)
            assert "naive" in str(info.value.orig)
        with database.sessions() as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(Country)) == 0
    finally:
        database.dispose()


def test_sqlite_enforces_foreign_keys(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with pytest.raises(sa.exc.IntegrityError):
        with db.transaction() as session:
            session.add(Position(person_id=uuid.uuid4(), title_ko="과장"))
    with db.read() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Position)) == 0


def test_sqlite_file_uses_wal(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    assert db.sqlite_path is not None
    assert sqlite_rows(db.sqlite_path, "PRAGMA journal_mode") == [("wal",)]  # kept in the file


@pytest.mark.postgres
def test_postgres_test_databases_are_utf8(postgres_server):
    first, second = postgres_server.new_database(), postgres_server.new_database()
    assert first != second and first.startswith("postgresql+psycopg://")
    engine = sa.create_engine(first)
    try:
        with engine.connect() as conn:
            encoding, collate, ctype = conn.exec_driver_sql(
                "SELECT pg_encoding_to_char(encoding), datcollate, datctype "
                "FROM pg_database WHERE datname = current_database()"
            ).one()
            assert (encoding, collate, ctype) == ("UTF8", "C.UTF-8", "C.UTF-8")
            assert conn.exec_driver_sql("SELECT upper('é 한국')").scalar() == "É 한국"
            assert sa.inspect(conn).get_table_names() == []
    finally:
        engine.dispose()
