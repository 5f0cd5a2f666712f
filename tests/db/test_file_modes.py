"""On a machine several people log into, nobody but the owner can read tracker's files: the
data folder, the database with its -wal/-shm, backups, attachments and exports."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from alembic import command

from tracker import config
from tracker.cli import main as cli_main
from tracker.db.migrate import alembic_config
from tracker.db.store import open_database
from tracker.services import attachments, meetings
from tracker.services.countries import seed_countries

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


@pytest.fixture
def shared_machine_umask() -> Iterator[None]:
    """The usual umask (022): without care, new files would be readable by every account."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(folder: Path) -> dict[str, str]:
    """Every folder and file under `folder` (itself included) with its mode, e.g. {'.': '0o700'}."""
    found = {".": oct(_mode(folder))}
    for path in sorted(folder.rglob("*")):
        found[str(path.relative_to(folder))] = oct(_mode(path))
    return found


def _older_database(url: str) -> None:
    """Take the database one revision back, so that opening it upgrades it (after a backup)."""
    db, _ = open_database(url)
    with db.engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
    db.dispose()


def test_a_fresh_data_folder_holds_only_private_files(tmp_path, monkeypatch, shared_machine_umask):
    folder = tmp_path / "home" / ".local" / "share" / "tracker"
    monkeypatch.setenv(config.ENV_DATA_DIR, str(folder))
    assert cli_main(["init"]) == 0  # creates the folder and the database
    url = config.database_url()
    _older_database(url)
    db, result = open_database(url)  # the upgrade backs the old file up into backups/
    assert result.backup is not None and result.backup.parent == folder / "backups"
    seed_countries(db)
    meeting = meetings.create_meeting(
        db, {"title": "한-캐 양자면담", "date": date(2025, 12, 8), "country_code": "CA"}
    )
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 a photo of the meeting")
    attachments.add_attachment(db, photo, meeting_id=meeting.id)
    assert cli_main(["backup", str(folder / "backups")]) == 0
    assert cli_main(["export", str(folder / "records.json")]) == 0

    modes = _modes(folder)  # while the database is open: its -wal and -shm are there too
    assert {"tracker.sqlite3-wal", "tracker.sqlite3-shm", "tracker-attachments"} <= set(modes)
    assert len([name for name in modes if name.startswith("backups/")]) == 2
    wrong = {name: mode for name, mode in modes.items()
             if mode != oct(0o700 if (folder / name).is_dir() else 0o600)}  # fmt: skip
    db.dispose()
    assert wrong == {}, modes


def test_an_existing_database_and_folder_are_tightened_when_opened(
    tmp_path, monkeypatch, shared_machine_umask
):
    folder = tmp_path / "data"
    monkeypatch.setenv(config.ENV_DATA_DIR, str(folder))
    path = config.default_database_path()
    db, _ = open_database(config.database_url())
    seed_countries(db)
    db.dispose()
    # As an older version left them: a readable folder and a readable database, still in use
    # by another window (so its -wal and -shm are there, readable too).
    other = sqlite3.connect(path)
    other.execute("UPDATE countries SET name_en = name_en")
    other.commit()
    folder.chmod(0o755)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").chmod(0o644)

    db, _ = open_database(config.database_url())
    with db.read() as s:
        s.connection()
    assert _mode(folder) == 0o700
    assert {suffix: oct(_mode(Path(f"{path}{suffix}"))) for suffix in ("", "-wal", "-shm")} == {
        "": "0o600",
        "-wal": "0o600",
        "-shm": "0o600",
    }
    db.dispose()
    other.close()


def test_a_database_and_a_backup_elsewhere_are_private_but_their_folder_is_left_alone(
    tmp_path, shared_machine_umask
):
    """`--db ~/Documents/tracker.sqlite3`, `tracker backup ~/Documents`: the files are ours to
    protect, the user's folder is not."""
    documents = tmp_path / "Documents"
    documents.mkdir()
    documents.chmod(0o755)
    database = documents / "tracker.sqlite3"
    assert cli_main(["--db", str(database), "init"]) == 0
    assert cli_main(["--db", str(database), "backup", str(documents)]) == 0
    [backup] = documents.glob("tracker-backup-*")
    assert (_mode(database), _mode(backup), _mode(documents)) == (0o600, 0o600, 0o755)
