"""The command line with awkward paths, a damaged database and a full disk: the very file named
is used, failures are told plainly with the right exit code, and nothing is left half-written."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from tracker import config
from tracker.cli import main
from tracker.db import backup as backup_module
from tracker.db import migrate
from tracker.db.backup import backup_sqlite, unique_path
from tracker.db.models import Country
from tracker.db.store import open_database

FAKE_HEAD = "9999_not_yet_written"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_tracker_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    db, _ = open_database(config.sqlite_url(path))
    with db.transaction() as session:
        session.add(Country(code="FR", name_ko="프랑스", name_en="France"))
    db.dispose()
    return path


def damage_a_page(path: Path, table: str = "actions") -> None:
    """Garbage over the root page of one table (never page 1, which holds the schema)."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert root > 1
    with open(path, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(bytes(range(256)) * (size // 256))


@pytest.mark.parametrize("name", ["what?now.sqlite3", "p%41.sqlite3", "a#b.sqlite3"])
def test_db_opens_that_very_file(tmp_path, capsys, name):
    path = tmp_path / name
    code, _, err = run(capsys, "--db", path, "init")
    assert code == 0, err
    assert sorted(os.listdir(tmp_path)) == [name]  # not "what", "pA.sqlite3" or "a"
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM countries").fetchone()[0] > 0


def test_backup_from_and_into_a_folder_with_a_hash_copies_the_data(tmp_path, capsys):
    path = make_tracker_file(tmp_path / "팀 #1" / "tracker.sqlite3")
    dest = tmp_path / "백업 #2?" / "copy.sqlite3"
    dest.parent.mkdir()
    code, out, err = run(capsys, "--db", path, "backup", dest)
    assert code == 0, err
    assert "verified" in out
    with sqlite3.connect(dest) as conn:
        assert conn.execute("SELECT code FROM countries").fetchall() == [("FR",)]


def test_two_backups_into_a_folder_in_the_same_second_both_exist(tmp_path, capsys):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    folder = tmp_path / "backups"
    folder.mkdir()
    assert run(capsys, "--db", path, "backup", folder)[0] == 0
    assert run(capsys, "--db", path, "backup", folder)[0] == 0
    made = sorted(folder.iterdir())
    assert len(made) == 2 and made[0].name < made[1].name


def test_check_reports_a_damaged_page_as_damage(tmp_path, capsys):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    good = backup_sqlite(path, unique_path(tmp_path / "backups", "tracker-before-x", ".sqlite3"))
    damage_a_page(path)
    before = digest(path)

    code, _, err = run(capsys, "--db", path, "check")
    assert code == 1
    assert "Traceback" not in err
    assert f"the database file is damaged: {path}" in err
    assert f"Latest verified backup: {good}" in err
    assert digest(path) == before

    code, _, err = run(capsys, "--lang", "ko", "--db", path, "check")
    assert code == 1 and "데이터베이스 파일이 손상되었습니다" in err


def test_a_command_meeting_a_damaged_page_says_so_with_exit_code_2(tmp_path, capsys):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    damage_a_page(path)

    code, _, err = run(capsys, "--db", path, "export", tmp_path / "all.json")
    assert code == 2
    assert "Traceback" not in err and "damaged" in err


def test_a_full_disk_during_the_pre_upgrade_backup_exits_2_and_leaves_nothing(monkeypatch, tmp_path, capsys):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    before = digest(path)
    monkeypatch.setattr(migrate, "head_revision", lambda: FAKE_HEAD)
    monkeypatch.setattr(migrate, "_run_upgrade", lambda db, head: pytest.fail("upgraded without a backup"))

    def full_disk(target: str, **kw: object):  # type: ignore[no-untyped-def]
        if not target.startswith("file:"):  # the backup file being written
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13  # type: ignore[attr-defined]
            Path(target).write_bytes(b"")  # what a full disk leaves: an empty file
            raise error
        return sqlite3.connect(target, uri=True, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(backup_module, "connect_sqlite", full_disk)
    code, _, err = run(capsys, "--db", path, "check")
    assert code == 2
    assert "Traceback" not in err and "the disk is full" in err and "nothing was upgraded" in err
    assert digest(path) == before
    assert list((tmp_path / "backups").iterdir()) == []  # no 0-byte backup


def test_a_backup_onto_the_database_itself_is_refused(tmp_path, capsys):
    path = make_tracker_file(tmp_path / "tracker.sqlite3")
    before = digest(path)
    code, _, err = run(capsys, "--db", path, "backup", path)
    assert code == 1 and "would overwrite the database itself" in err
    assert digest(path) == before
