"""One window per database: a second start on the same database brings the running window to
the front and opens no second window; another database opens normally; a socket left behind by
a crashed run does not stop the app from starting. Real processes, offscreen."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tracker import config
from tracker.db.store import open_database
from tracker.ui import single_instance

# A start of the app as the launcher runs it. "wait": once Home is filled, minimize the window
# and say "ready"; when the window is shown again (by another start) say so and close it.
# "open": say "opened" once Home is filled, and close.
CHILD = """
import sys
from PySide6.QtCore import QTimer
import tracker.ui.main_window as mw

mode, path = sys.argv[1:3]
made = mw.MainWindow.__init__

def watched(self, *args, **kwargs):
    made(self, *args, **kwargs)
    state = {}

    def tick():
        if "home" not in self.pages.built:
            return
        if mode == "open":
            print("opened", flush=True)
            self.close()
        elif "ready" not in state:
            state["ready"] = True
            self.showMinimized()
            print("ready", flush=True)
        elif not self.isMinimized():
            print("brought to the front", flush=True)
            self.close()

    timer = QTimer(self)
    timer.timeout.connect(tick)
    timer.start(50)

mw.MainWindow.__init__ = watched
sys.argv = ["tracker", "--db", path, "--lang", "en"]
from tracker.__main__ import main
sys.exit(main())
"""
TIMEOUT = 120


def make_database(path: Path) -> Path:
    db, _ = open_database(config.sqlite_url(path))
    db.dispose()
    return path


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TRACKER_DATA_DIR": str(tmp_path / "data"),
        "TRACKER_LOG_DIR": str(tmp_path / "log"),
    }


def lines_of(process: subprocess.Popen[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.strip())
        lines.put("<end>")

    threading.Thread(target=read, daemon=True).start()
    return lines


def crashed_run_socket(name: str, env: dict[str, str]) -> Path:
    """A run that listened on `name` and died without closing it: its socket file stays."""
    code = (
        "import os, sys\nfrom PySide6.QtCore import QCoreApplication\n"
        "from PySide6.QtNetwork import QLocalServer\napp = QCoreApplication([])\n"
        "server = QLocalServer()\nassert server.listen(sys.argv[1])\n"
        "print(server.fullServerName(), flush=True)\nos._exit(9)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, name], env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 9, done.stderr
    return Path(done.stdout.strip())


@pytest.mark.slow
def test_a_second_start_on_the_same_database_brings_the_first_window_forward(tmp_path, env):
    mine = make_database(tmp_path / "내 기록 #1.sqlite3")
    other = make_database(tmp_path / "other.sqlite3")
    stale = crashed_run_socket(single_instance.server_name(single_instance.database_key(str(mine))), env)
    if sys.platform != "win32":
        assert stale.exists()  # what a crash leaves behind

    first = subprocess.Popen(
        [sys.executable, "-c", CHILD, "wait", str(mine)],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        said = lines_of(first)
        assert said.get(timeout=TIMEOUT) == "ready"  # opened despite the crashed run's socket

        # Another database: its own window, as before.
        elsewhere = subprocess.run(
            [sys.executable, "-c", CHILD, "open", str(other)],
            env=env,
            text=True,
            capture_output=True,
            timeout=TIMEOUT,
        )
        assert elsewhere.returncode == 0 and "opened" in elsewhere.stdout, elsewhere.stderr[-2000:]

        # The same database, named another way (a relative path): the first window comes
        # forward and this start ends without a window of its own.
        second = subprocess.run(
            [sys.executable, "-m", "tracker", "--db", mine.name],
            env=env,
            text=True,
            capture_output=True,
            timeout=TIMEOUT,
            cwd=tmp_path,
        )
        assert second.returncode == 0, second.stderr[-2000:]
        assert "already open on this database" in second.stderr
        assert said.get(timeout=TIMEOUT) == "brought to the front"
        assert first.wait(timeout=TIMEOUT) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()


def test_the_name_follows_the_database_not_the_way_it_is_written(tmp_path, monkeypatch):
    path = tmp_path / "a b#?%41 한글.sqlite3"
    monkeypatch.chdir(tmp_path)
    key = single_instance.database_key(str(path))
    assert single_instance.database_key(path.name) == key
    assert single_instance.database_key(config.sqlite_url(path)) == key
    assert single_instance.database_key(str(tmp_path / "other.sqlite3")) != key
    # A server database: its URL without the password.
    url = single_instance.database_key("postgresql+psycopg://kim:secret@db.example:5432/tracker")
    assert url == "postgresql://kim@db.example:5432/tracker"
    assert single_instance.server_name(key) != single_instance.server_name(url)
    assert single_instance.database_key("sqlite://") is None  # in memory: nothing to share


@pytest.mark.skipif(sys.platform == "win32", reason="a named pipe is no file to look for")
def test_a_start_looks_for_the_socket_file_before_asking(qapp, tmp_path, env):
    """With no other app on this database there is no socket file, so the start asks nobody
    (and loads no network module before its window); a crashed run's file makes it ask."""
    name = single_instance.server_name(single_instance.database_key(str(tmp_path / "x.sqlite3")))
    assert not single_instance.may_be_running(name)
    left = crashed_run_socket(name, env)
    try:
        assert single_instance.may_be_running(name)
        assert not single_instance.ask_running(name)  # nobody answers on it
    finally:
        left.unlink(missing_ok=True)
