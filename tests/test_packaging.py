"""What an installed tracker needs is in the package: every subpackage is listed in
pyproject.toml, and the migrations and resources are mapped in with their data files."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_listed() -> None:
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "tracker").rglob("__init__.py")}
    assert found <= set(_setuptools()["packages"])


def test_migrations_and_resources_are_mapped_with_their_files() -> None:
    cfg = _setuptools()
    assert cfg["package-dir"] == {"tracker.migrations": "migrations", "tracker.resources": "resources"}
    patterns = cfg["package-data"]
    for package, folder in cfg["package-dir"].items():
        data = [
            p
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and p.suffix != ".py" or p.parent.name == "versions"
        ]
        data = [p for p in data if "__pycache__" not in p.parts]
        for path in data:
            rel = path.relative_to(ROOT / folder)
            assert any(rel.match(g) for g in patterns[package]), (
                f"{folder}/{rel} would be left out of a wheel"
            )
