"""A file tracker refuses stays byte-identical: it is inspected read-only before anything
opens it for writing (which would switch it to WAL), and nothing is left beside it."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from tracker import config
from tracker.db.migrate import MigrationError
from tracker.db.store import open_database


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def someone_elses_database(path: Path, journal_mode: str) -> Path:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode={journal_mode}")
    conn.execute("CREATE TABLE budget (year INTEGER, amount INTEGER)")
    conn.execute("INSERT INTO budget VALUES (2026, 1000000)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("journal_mode", ["delete", "wal"])
def test_someone_elses_database_is_refused_byte_identical(tmp_path, journal_mode):
    path = someone_elses_database(tmp_path / "예산 #1.db", journal_mode)
    before = digest(path)

    with pytest.raises(MigrationError, match="not made by tracker"):
        open_database(config.sqlite_url(path))

    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == [path.name]  # no -wal, -shm or backups


def test_a_database_from_a_newer_tracker_is_refused_byte_identical(tmp_path):
    path = tmp_path / "tracker.sqlite3"
    db, _ = open_database(config.sqlite_url(path))
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0999_from_the_future'")
    conn.commit()
    conn.close()
    before = digest(path)

    with pytest.raises(MigrationError, match="newer tracker"):
        open_database(config.sqlite_url(path))

    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == [path.name]


def test_a_file_that_is_not_a_database_is_refused_byte_identical(tmp_path):
    path = tmp_path / "notes?.sqlite3"
    path.write_bytes("회의 메모, 데이터베이스 아님\n".encode() * 400)
    before = digest(path)

    with pytest.raises(MigrationError, match="damaged or not a tracker database"):
        open_database(config.sqlite_url(path))

    assert digest(path) == before
    assert sorted(os.listdir(tmp_path)) == [path.name]
