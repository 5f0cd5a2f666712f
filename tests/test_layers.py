"""Imports go one way: ui -> export -> services -> db -> domain. Nothing below the UI may
import Qt, so the services stay usable from the command line and from tests."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"
ORDER = ["domain", "db", "services", "export", "ui"]  # each may import only those before it


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", ORDER)
def test_layer_imports_only_lower_layers(layer: str) -> None:
    forbidden = {f"tracker.{upper}" for upper in ORDER[ORDER.index(layer) + 1 :]}
    for path in (PACKAGE / layer).rglob("*.py"):
        for name in _imports(path):
            assert not any(name == f or name.startswith(f + ".") for f in forbidden), (
                f"{path.relative_to(PACKAGE.parent)} imports {name}"
            )
            if layer != "ui":
                assert not name.startswith("PySide6"), f"{path.relative_to(PACKAGE.parent)} imports Qt"


def test_command_line_does_not_load_qt_for_subcommands() -> None:
    import subprocess
    import sys

    code = "import sys, tracker.cli; tracker.cli.build_parser(); print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
