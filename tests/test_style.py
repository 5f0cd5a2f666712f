"""The code keeps one style: `ruff format` leaves every file as it is and `ruff check` finds
nothing (both configured in pyproject.toml), so `make test` fails on a stray format as on any
other fault, and a reviewer reads changes, not re-wrapped lines."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ["tracker", "tests", "bench", "migrations", "packaging", "docs"]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    assert importlib.util.find_spec("ruff"), "ruff comes with the dev extra: pip install -e '.[test,dev]'"
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *CHECKED], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_every_file_is_formatted() -> None:
    out = _ruff("format", "--check")
    assert out.returncode == 0, "run `ruff format`:\n" + out.stdout[-4000:] + out.stderr[-2000:]


def test_lint_finds_nothing() -> None:
    out = _ruff("check")
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


@pytest.mark.parametrize("folder", CHECKED)
def test_checked_folders_exist(folder: str) -> None:
    # a folder renamed away would silently leave the style checks
    assert (ROOT / folder).is_dir()
