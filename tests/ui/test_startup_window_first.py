"""The window comes first: `tracker` (the launcher) shows the main window's frame and sidebar
before it imports the database layer or the command line's parser, then opens the database
and fills the opening section. Played in a child process, as a user starts it."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import config
from tracker.__main__ import window_options
from tracker.db.store import open_database
from tracker.export.demo import load_demo

# Records what had been imported when the main window first painted, then lets the app fill
# its opening section and closes the window (the start ends as the user's would).
CHILD = """
import json, sys
from PySide6.QtCore import QTimer
import tracker.ui.main_window as mw
import tracker.ui.screen_fit as sf

seen = {}
painted = mw.MainWindow.paintEvent

def paintEvent(self, event):
    first = not self._painted
    painted(self, event)
    if not first:
        return
    seen["loaded at first paint"] = sorted(
        m for m in ("sqlalchemy", "tracker.db.engine", "tracker.db.models", "alembic", "tracker.cli")
        if m in sys.modules)
    seen["pages at first paint"] = sorted(self.pages.built)
    # Work that waits for the window: the log file (logging.handlers) and the screen fitting of
    # dialogs (an application-wide event filter, costly on its first pass through PySide).
    seen["held back at first paint"] = sorted(
        m for m in ("logging.handlers", "PySide6.QtNetwork", "tracker.ui.error_dialog") if m in sys.modules) + (
        ["screen fit filter"] if sf._installed else [])
    # PySide builds every enum of a Python type the first time the type is used (the `Qt`
    # namespace alone: ~100 enums, 10 ms); the frame needs neither of these (PySide adds a type
    # to its module's namespace when it makes it).
    import PySide6.QtCore, PySide6.QtWidgets
    seen["types made at first paint"] = sorted(
        name for module, name in ((PySide6.QtCore, "Qt"), (PySide6.QtWidgets, "QStyle"))
        if name in vars(module))
    seen["toolbar at first paint"] = [a.text().replace("&", "") for a in self.toolbar.actions() if a.text()]
    seen["window fits"] = sf.available(self).contains(self.frameGeometry())
    seen["sidebar"] = [self.nav.item(i).text() for i in range(self.nav.count())]
    seen["title"] = self.windowTitle()

    def filled():
        home = self.pages.get("home")
        if home is not None and self.db is not None:
            seen["home"] = home.view.toPlainText()
            seen["status"] = self.status.text()
            seen["shortcuts"] = [self.new_action.shortcut().toString(), self.find_action.shortcut().toString()]
            dialog = self._dialog("meetings")  # opened once the window is up
            dialog.show()
            seen["dialog fits"] = sf.available(dialog).contains(dialog.frameGeometry())
            dialog.reject()
            self.close()
        else:
            QTimer.singleShot(50, filled)

    QTimer.singleShot(0, filled)

mw.MainWindow.paintEvent = paintEvent
sys.argv = ["tracker", "--db", sys.argv[1], "--lang", "en"]
from tracker.__main__ import main
code = main()
seen["cli imported"] = "tracker.cli" in sys.modules
print(json.dumps({"code": code, **seen}))
"""


def _child_env(tmp_path: Path) -> dict[str, str]:
    """The started app's environment: no screen, and its settings, data and log in `tmp_path`."""
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TRACKER_DATA_DIR": str(tmp_path / "data"),
        "TRACKER_LOG_DIR": str(tmp_path / "log"),
    }


@pytest.fixture
def demo_file(tmp_path) -> Path:
    path = tmp_path / "tracker.sqlite3"
    db, _ = open_database(config.sqlite_url(path))
    load_demo(db)
    db.dispose()
    return path


def test_the_window_is_on_screen_before_the_database_layer_is_imported(tmp_path, demo_file):
    env = _child_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(demo_file)], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    # On screen: the frame, its title and the whole sidebar, with nothing of the database yet.
    assert seen["title"].startswith("tracker")
    assert seen["sidebar"][:3] == ["Home", "Calendar", "Countries"] and len(seen["sidebar"]) == 12
    assert seen["loaded at first paint"] == []
    assert seen["pages at first paint"] == []
    assert seen["held back at first paint"] == []
    assert seen["types made at first paint"] == []
    assert seen["toolbar at first paint"] == ["New", "Edit", "Delete", "Find"]  # the whole frame
    # Fitted to the (small, offscreen) screen all the same: the window, and a dialog opened later.
    assert seen["window fits"] and seen["dialog fits"]
    # Then the database opened and Home was filled from it.
    assert "Today" in seen["home"]
    assert seen["status"] == demo_file.name  # the file by its name, no connection URL
    assert seen["shortcuts"] == ["Ctrl+N", "Ctrl+K"]  # given right after the first paint
    assert seen["cli imported"] is False  # the plain start never loads the command line's parser
    logged = (tmp_path / "log" / "tracker.log").read_text(encoding="utf-8")
    assert logged.index("main window on screen") < logged.index("main window shown")


def test_only_a_plain_start_skips_the_command_line():
    assert window_options([]) == {"db": None, "demo": False, "lang": None, "verbose": False}
    assert window_options(["--db", "a b.sqlite3", "--lang=ko", "--demo", "--verbose"]) == {
        "db": "a b.sqlite3",
        "demo": True,
        "lang": "ko",
        "verbose": True,
    }
    # Commands, help, version and mistakes go to the full command line, which explains them.
    for argv in (
        ["init"],
        ["--db", "x", "check"],
        ["--help"],
        ["--version"],
        ["--lang", "fr"],
        ["--db"],
        ["--db", "--demo"],
        ["--dbx", "y"],
        ["-h"],
    ):
        assert window_options(argv) is None, argv


def test_a_mistake_on_the_command_line_is_still_explained(tmp_path):
    env = {**os.environ, "TRACKER_DATA_DIR": str(tmp_path / "data"), "TRACKER_LOG_DIR": str(tmp_path / "log")}
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--lang", "fr"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "--lang" in done.stderr


RECOVERY_CHILD = """
import json, sys
from tracker.ui.recovery_dialog import RecoveryDialog

shown = []

def exec_(self):
    shown.append(self.problem_label.text())
    self.quit_button.click()
    return int(self.result())

RecoveryDialog.exec = exec_
sys.argv = ["tracker", "--db", sys.argv[1], "--lang", "en"]
from tracker.__main__ import main
code = main()
print(json.dumps({"code": code, "shown": shown}))
"""


def test_a_damaged_database_still_gets_the_recovery_dialog_after_the_window_shows(tmp_path, demo_file):
    conn = sqlite3.connect(demo_file)  # garbage over the follow-ups' root page, which Home reads
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'actions'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(demo_file, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(bytes(range(256)) * (size // 256))
    before = hashlib.sha256(demo_file.read_bytes()).hexdigest()
    env = _child_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", RECOVERY_CHILD, str(demo_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["code"] == 2  # quit: the database cannot be used
    [problem] = result["shown"]
    assert "damaged" in problem and str(demo_file) in problem
    assert hashlib.sha256(demo_file.read_bytes()).hexdigest() == before  # nothing written
