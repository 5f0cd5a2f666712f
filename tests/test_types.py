"""The domain, the database layer and the services type-check with mypy (configured in
pyproject.toml), so `make test` fails on a type error there as on any other fault."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_domain_db_and_services_type_check() -> None:
    import importlib.util

    assert importlib.util.find_spec("mypy"), "mypy comes with the dev extra: pip install -e '.[test,dev]'"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".pytest_cache" / "mypy"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stdout[-6000:] + out.stderr[-2000:]
    assert "Success" in out.stdout
