"""A command loads only what it uses: `--version` answers without the database layer or the
report writers, and database commands run without Qt, reportlab or python-docx. `--verbose`
shows the diagnostic log on the console; every run writes it to the log file."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY_FOR_VERSION = ("sqlalchemy", "tracker.db.engine", "tracker.export.report", "PySide6", "alembic")
# The report package defines the report commands' options; other commands parse without it.
NOT_FOR_DATABASE_COMMANDS = ("PySide6", "reportlab", "docx", "hwpx", "openpyxl", "tracker.export.report")


def _run(args: list[str], tmp_path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules the command imported (from -X importtime) and its result."""
    env = {**os.environ, "TRACKER_DATA_DIR": str(tmp_path / "data"), "TRACKER_LOG_DIR": str(tmp_path / "log")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tracker", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return modules, done


def _loaded(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == r or m.startswith(r + ".") for r in roots))


def test_version_loads_neither_database_nor_reports(tmp_path):
    modules, done = _run(["--version"], tmp_path)
    assert done.returncode == 0 and done.stdout.strip().startswith("tracker ")
    assert _loaded(modules, HEAVY_FOR_VERSION) == []


@pytest.mark.parametrize("command", [["init"], ["check"], ["export", "OUT.json"]])
def test_database_commands_load_no_gui_and_no_document_writers(tmp_path, command):
    command = [str(tmp_path / "out.json") if c == "OUT.json" else c for c in command]
    modules, done = _run(["--db", str(tmp_path / "t.sqlite3"), *command], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert _loaded(modules, NOT_FOR_DATABASE_COMMANDS) == []


def test_verbose_shows_the_log_and_every_run_writes_it(tmp_path):
    env = {**os.environ, "TRACKER_DATA_DIR": str(tmp_path / "data"), "TRACKER_LOG_DIR": str(tmp_path / "log")}
    db = str(tmp_path / "t.sqlite3")
    quiet = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", db, "init"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert quiet.returncode == 0 and "INFO" not in quiet.stderr
    loud = subprocess.run(
        [sys.executable, "-m", "tracker", "--verbose", "--db", db, "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert loud.returncode == 0
    assert "INFO tracker.cli" in loud.stderr and ": check on sqlite" in loud.stderr
    logged = (tmp_path / "log" / "tracker.log").read_text(encoding="utf-8")
    assert ": init on sqlite" in logged and ": check on sqlite" in logged


def test_report_commands_still_parse_their_options(tmp_path):
    _, done = _run(["report", "--help"], tmp_path)
    assert done.returncode == 0 and "--trip" in done.stdout
    _, done = _run(["--help"], tmp_path)
    assert all(name in done.stdout for name in ("report", "briefing", "handover", "check"))
