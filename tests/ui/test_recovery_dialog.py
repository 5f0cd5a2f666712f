"""The recovery dialog, with its real buttons, and the start-up that uses it: a damaged page or a
full disk during the pre-upgrade backup shows it instead of dying; nothing is overwritten unless
"restore it" is chosen, and restoring keeps a copy of the damaged file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import app as tracker_app
from tracker import config
from tracker.db import backup as backup_module
from tracker.db import migrate
from tracker.db.backup import backup_sqlite, unique_path
from tracker.db.models import Country
from tracker.db.store import open_database
from tracker.export.demo import load_demo
from tracker.ui.recovery_dialog import Choice, RecoveryDialog


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_tracker_file(path: Path, *codes: str) -> Path:
    db, _ = open_database(config.sqlite_url(path))
    with db.transaction() as session:
        for code in codes:
            session.add(Country(code=code, name_ko=code, name_en=code))
    db.dispose()
    return path


@pytest.fixture(scope="module")
def _demo_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db, _ = open_database(config.sqlite_url(path))
    load_demo(db)
    db.dispose()
    return path


@pytest.fixture
def demo_file(_demo_template, tmp_path) -> Path:
    """A real tracker database with the demo's records (follow-ups that Home lists at start)."""
    path = tmp_path / "tracker.sqlite3"
    shutil.copyfile(_demo_template, path)
    return path


def damage_a_page(path: Path, table: str = "actions") -> None:
    """Garbage over the root page of the follow-ups table, which Home reads at start."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(bytes(range(256)) * (size // 256))


@pytest.fixture
def quit_chosen(monkeypatch):
    """Patch away only the modal exec: the dialog is built for real and its Quit button clicked."""
    shown: list[RecoveryDialog] = []

    def exec_(self: RecoveryDialog) -> int:
        shown.append(self)
        self.quit_button.click()
        return int(self.result())

    monkeypatch.setattr(RecoveryDialog, "exec", exec_)
    return shown


def test_the_buttons(qtbot, tmp_path, monkeypatch):
    backup = tmp_path / "tracker-before-x.sqlite3"
    dialog = RecoveryDialog("broken", tmp_path / "tracker.sqlite3", backup)
    qtbot.addWidget(dialog)
    assert str(backup) in dialog.backup_label.text()
    dialog.restore_button.click()
    assert dialog.recovery.choice is Choice.RESTORE and dialog.recovery.path == backup

    other = tmp_path / "other.sqlite3"
    monkeypatch.setattr(RecoveryDialog, "ask_open_path", classmethod(lambda cls, parent, folder: other))
    dialog = RecoveryDialog("broken", tmp_path / "tracker.sqlite3", None)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()  # no verified backup: nothing to restore
    assert "No verified backup" in dialog.backup_label.text()
    dialog.open_button.click()
    assert dialog.recovery.choice is Choice.OPEN_OTHER and dialog.recovery.path == other

    dialog = RecoveryDialog("broken", tmp_path / "tracker.sqlite3", backup)
    qtbot.addWidget(dialog)
    assert dialog.quit_button.isDefault()  # Enter never restores
    dialog.quit_button.click()
    assert dialog.recovery.choice is Choice.QUIT


def test_a_damaged_page_at_start_shows_the_dialog_and_quit_changes_nothing(
    qapp, tmp_path, quit_chosen, demo_file
):
    shown = quit_chosen
    path = demo_file
    damage_a_page(path)
    before = digest(path)

    assert tracker_app.session(qapp, config.sqlite_url(path)) == 2
    [dialog] = shown
    assert "damaged" in dialog.problem_label.text() and str(path) in dialog.problem_label.text()
    assert digest(path) == before
    assert not (tmp_path / "backups").exists()


# A start-up whose window then runs its event loop is played in a child process: a MainWindow
# that has run `exec()` leaves the test process's later windows without their queued updates.
CHILD = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from tracker import app as tracker_app, config
from tracker.ui.recovery_dialog import RecoveryDialog

qapp = QApplication([])
path, click, other = sys.argv[1:4]
shown = []

def exec_(self):
    shown.append({"problem": self.problem_label.text(), "backup": self.backup_label.text()})
    RecoveryDialog.ask_open_path = classmethod(lambda cls, parent, folder: Path(other))
    getattr(self, click if len(shown) == 1 else "quit_button").click()
    QTimer.singleShot(1500, qapp.quit)  # the window that opens next: close it soon
    return int(self.result())

RecoveryDialog.exec = exec_
code = tracker_app.session(qapp, config.sqlite_url(path))
print(json.dumps({"code": code, "shown": shown}))
"""


def start_up(tmp_path: Path, path: Path, click: str, other: Path | None = None) -> dict:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TRACKER_DATA_DIR": str(tmp_path / "data"),
        "TRACKER_LANG": "en",
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), click, str(other or "")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_restore_puts_back_the_latest_good_backup_and_keeps_the_damaged_file(tmp_path, demo_file):
    path = demo_file
    with sqlite3.connect(path) as conn:
        demo_counts = conn.execute("SELECT count(*) FROM actions").fetchone()
    conn.close()
    good = backup_sqlite(path, unique_path(tmp_path / "backups", "tracker-before-x", ".sqlite3"))
    damage_a_page(path)
    damaged = digest(path)

    result = start_up(tmp_path, path, "restore_button")
    assert result["code"] == 0  # the window opened on the restored file, then closed
    assert len(result["shown"]) == 1 and str(good) in result["shown"][0]["backup"]
    kept = [p for p in (tmp_path / "backups").iterdir() if p.name.startswith("tracker-replaced-")]
    assert [digest(p) for p in kept if p.suffix == ".sqlite3"] == [damaged]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM actions").fetchone() == demo_counts
    conn.close()


@pytest.mark.slow
def test_open_another_file_from_the_dialog(tmp_path, demo_file):
    path = demo_file
    damage_a_page(path)
    before = digest(path)
    other = make_tracker_file(tmp_path / "other #2.sqlite3", "JP")

    result = start_up(tmp_path, path, "open_button", other)
    assert result["code"] == 0 and len(result["shown"]) == 1
    assert "damaged" in result["shown"][0]["problem"]
    assert digest(path) == before
    assert not (tmp_path / "backups").exists()


def test_a_full_disk_during_the_pre_upgrade_backup_shows_the_dialog(qapp, tmp_path, quit_chosen, monkeypatch):
    shown = quit_chosen
    path = make_tracker_file(tmp_path / "tracker.sqlite3", "FR")
    before = digest(path)
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999_not_yet_written")
    monkeypatch.setattr(migrate, "_run_upgrade", lambda db, head: pytest.fail("upgraded without a backup"))
    real_connect = backup_module.connect_sqlite

    def full_disk(target: str, **kw: object):  # type: ignore[no-untyped-def]
        if not target.startswith("file:"):
            Path(target).write_bytes(b"")
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13  # type: ignore[attr-defined]
            raise error
        return real_connect(target, **kw)

    monkeypatch.setattr(backup_module, "connect_sqlite", full_disk)

    assert tracker_app.session(qapp, config.sqlite_url(path)) == 2
    [dialog] = shown
    assert "the disk is full" in dialog.problem_label.text()
    assert "nothing was upgraded" in dialog.problem_label.text()
    assert digest(path) == before
    assert list((tmp_path / "backups").iterdir()) == []
