"""Paths become URLs and URIs without losing a character; backups are verified, uniquely named,
never left half-written, and a restore never copies a backup that failed verification."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path, PureWindowsPath

import pytest
import sqlalchemy as sa

from tracker import config
from tracker.db import backup as backup_module
from tracker.db import migrate
from tracker.db.backup import (
    BackupError,
    backup_sqlite,
    latest_good_backup,
    restore,
    sqlite_uri,
    unique_path,
)
from tracker.db.engine import Database, sqlite_path_of
from tracker.db.migrate import MigrationError
from tracker.db.models import Country
from tracker.db.store import open_database

FAKE_HEAD = "9999_not_yet_written"
AWKWARD = ["a#b", "what?now", "p%41", "two words & more", "회의 기록", "50% off #1?x=y"]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def countries(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(sqlite_uri(path, mode="ro", immutable="1"), uri=True)
    try:
        return conn.execute("SELECT code, name_ko FROM countries").fetchall()
    finally:
        conn.close()


def make_tracker_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    db, _ = open_database(config.sqlite_url(path))
    with db.transaction() as session:
        session.add(Country(code="FR", name_ko="프랑스", name_en="France"))
    db.dispose()
    return path


def full_disk_after_two_pages(monkeypatch) -> None:
    """The disk fills up while the backup is being written: some pages reach the file first."""
    real_connect = backup_module.connect_sqlite

    class Source:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
            return getattr(self.conn, name)

        def backup(self, target: sqlite3.Connection) -> None:
            def full(*_: object) -> None:
                error = sqlite3.OperationalError("database or disk is full")
                error.sqlite_errorcode = 13  # type: ignore[attr-defined]
                raise error

            self.conn.backup(target, pages=2, progress=full)

    def connect(target: str, **kw: object):  # type: ignore[no-untyped-def]
        conn = real_connect(target, **kw)
        return Source(conn) if target.startswith("file:") else conn

    monkeypatch.setattr(backup_module, "connect_sqlite", connect)


# --- paths ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", AWKWARD)
def test_an_awkward_folder_name_opens_and_backs_up_that_very_file(tmp_path, name):
    path = make_tracker_file(tmp_path / name / f"{name}.sqlite3")

    url = config.database_url(str(path))  # what --db does with a path
    assert sqlite_path_of(url) == path
    db = Database(url)
    try:
        assert db.sqlite_path == path
        with db.read() as session:
            assert session.get(Country, "FR") is not None
    finally:
        db.dispose()

    copy = backup_sqlite(path, tmp_path / name / "backups" / f"{name}-copy.sqlite3")
    assert countries(copy) == [("FR", "프랑스")]
    # nothing was created at a truncated or decoded name ("a", "what", "pA", ...)
    made = {p.name for p in (tmp_path / name).iterdir()}
    assert made - {f"{path.name}-wal", f"{path.name}-shm"} == {path.name, "backups"}
    assert sorted(os.listdir(tmp_path)) == [name]


def test_a_failed_upgrade_in_a_folder_with_a_hash_keeps_the_data(monkeypatch, tmp_path):
    # The reported loss: the backup read an empty file through an unquoted URI, and the
    # failure path then copied that empty backup over the real database.
    path = make_tracker_file(tmp_path / "국제협력 #2" / "tracker.sqlite3")
    monkeypatch.setattr(migrate, "head_revision", lambda: FAKE_HEAD)

    def fail(db: Database, head: str) -> None:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM countries")
        raise RuntimeError("step 2 went wrong")

    monkeypatch.setattr(migrate, "_run_upgrade", fail)
    with pytest.raises(MigrationError, match="left as it was"):
        open_database(config.sqlite_url(path))
    assert countries(path) == [("FR", "프랑스")]


def test_file_uris_quote_windows_drive_letters_and_unc_shares():
    assert sqlite_uri(PureWindowsPath(r"C:\Users\김\a#b?.db"), mode="ro") == (
        "file:///C:/Users/%EA%B9%80/a%23b%3F.db?mode=ro"
    )
    assert sqlite_uri(PureWindowsPath(r"\\server\share\회의 록\x%41.db")) == (
        "file:////server/share/%ED%9A%8C%EC%9D%98%20%EB%A1%9D/x%2541.db"
    )


def test_the_sqlalchemy_url_of_a_windows_path_keeps_every_character():
    name = r"\\server\share\회의 #1\p%41?.sqlite3"
    url = sa.URL.create("sqlite", database=name).render_as_string(hide_password=False)
    assert sqlite_path_of(url) == Path(name)


# --- backups: names, failures, verification -------------------------------------------------


def test_backups_in_the_same_second_get_unique_names_that_sort_by_time(monkeypatch, tmp_path):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def]
            return datetime(2026, 12, 5, 9, 30, 15, 123456)

    monkeypatch.setattr(backup_module, "datetime", Frozen)
    folder = tmp_path / "backups"
    made = [backup_sqlite(path, unique_path(folder, "tracker-before-x", ".sqlite3")) for _ in range(3)]

    assert len(set(made)) == 3
    assert sorted(made) == made  # the order they were made in
    assert all(countries(p) == [("FR", "프랑스")] for p in made)


def test_a_full_disk_leaves_no_backup_file_behind(monkeypatch, tmp_path):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    full_disk_after_two_pages(monkeypatch)

    with pytest.raises(BackupError, match="disk is full"):
        backup_sqlite(path, tmp_path / "backups" / "copy.sqlite3")
    assert list((tmp_path / "backups").iterdir()) == []


def _mount_tiny_tmpfs(folder: Path) -> bool:
    folder.mkdir()
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0


def test_a_really_full_disk_during_the_pre_upgrade_backup_leaves_the_database_as_it_was(
    monkeypatch, tmp_path
):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    tiny = tmp_path / "tiny"
    if not _mount_tiny_tmpfs(tiny):
        pytest.skip("mounting a small tmpfs needs root")
    try:
        before = digest(path)
        ran = []
        monkeypatch.setattr(migrate, "head_revision", lambda: FAKE_HEAD)
        monkeypatch.setattr(migrate, "_run_upgrade", lambda db, head: ran.append(head))
        with pytest.raises(MigrationError, match="nothing was upgraded") as info:
            open_database(config.sqlite_url(path), backup_dir=tiny)
        assert "Traceback" not in str(info.value)
        assert ran == []
        assert digest(path) == before
        assert os.listdir(tiny) == []  # no 0-byte or partial backup
    finally:
        subprocess.run(["umount", str(tiny)], check=False)


def test_an_injected_full_disk_during_the_pre_upgrade_backup_stops_the_upgrade(monkeypatch, tmp_path):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    before = digest(path)
    ran = []
    monkeypatch.setattr(migrate, "head_revision", lambda: FAKE_HEAD)
    monkeypatch.setattr(migrate, "_run_upgrade", lambda db, head: ran.append(head))
    full_disk_after_two_pages(monkeypatch)

    with pytest.raises(MigrationError, match="nothing was upgraded") as info:
        open_database(config.sqlite_url(path))
    assert "disk is full" in str(info.value)
    assert ran == [] and digest(path) == before
    assert list((tmp_path / "backups").iterdir()) == []


def test_a_copy_whose_row_counts_differ_is_not_kept(monkeypatch, tmp_path):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    real_copy = backup_module._copy

    def copy_then_lose_a_row(source: Path, dest: Path) -> dict[str, int]:
        counts = real_copy(source, dest)
        with sqlite3.connect(dest) as conn:
            conn.execute("DELETE FROM countries")
        return counts

    monkeypatch.setattr(backup_module, "_copy", copy_then_lose_a_row)
    with pytest.raises(BackupError, match="row counts differ"):
        backup_sqlite(path, tmp_path / "backups" / "copy.sqlite3")
    assert [p.name for p in (tmp_path / "backups").iterdir() if not p.name.endswith(("-wal", "-shm"))] == []


def test_a_restore_never_copies_a_backup_that_fails_verification(tmp_path):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    before = digest(path)
    bad = tmp_path / "backups" / "tracker-before-x.sqlite3"
    bad.parent.mkdir()
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4080)

    with pytest.raises(BackupError, match="failed verification"):
        restore(bad, path)
    assert digest(path) == before
    assert latest_good_backup(path) is None  # and it is never offered as a good backup


def test_restoring_keeps_the_replaced_file_and_the_latest_good_backup_wins(tmp_path):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    folder = tmp_path / "backups"
    good = backup_sqlite(path, unique_path(folder, "tracker-before-a", ".sqlite3"))
    newest = unique_path(folder, "tracker-before-b", ".sqlite3")
    newest.write_bytes(b"not a database at all, e.g. cut short by a crash" * 100)
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM countries")
    conn.close()
    replaced = digest(path)

    assert latest_good_backup(path) == good
    kept = restore(good, path)
    assert kept is not None and digest(kept) == replaced
    assert countries(path) == [("FR", "프랑스")]


# --- the whole class: no URL is pasted together from a path ---------------------------------

HAND_MADE = re.compile(r"""f["'](sqlite:///|file:)\{""")


def test_no_code_pastes_a_path_into_a_url():
    """Every path reaches SQLite through config.sqlite_url, open_database(path) or sqlite_uri,
    which quote it; an f-string URL works until a folder is called '#2' or '50% 회의?'."""
    root = Path(__file__).resolve().parents[2]
    files = [p for folder in ("tracker", "bench", "docs") for p in (root / folder).rglob("*.py")]
    files.append(root / "tests" / "conftest.py")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_MADE.search(line)
    ]
    assert offenders == []
