"""Imports go one way: ui -> export -> services -> db -> domain. Nothing below the UI may
import Qt, so the services stay usable from the command line and from tests. The developer
tools (tracker/devtools: the large generated database) sit beside the services: they may use
them, and only the command line's entry may use the tools."""

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
            # `from tracker import devtools` names the module as much as `import tracker.devtools`
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _is(name: str, module: str) -> bool:
    return name == module or name.startswith(module + ".")


@pytest.mark.parametrize("layer", ORDER)
def test_layer_imports_only_lower_layers(layer: str) -> None:
    forbidden = {f"tracker.{upper}" for upper in ORDER[ORDER.index(layer) + 1 :]}
    for path in (PACKAGE / layer).rglob("*.py"):
        for name in _imports(path):
            assert not any(_is(name, f) for f in forbidden | {"tracker.devtools"}), (
                f"{path.relative_to(PACKAGE.parent)} imports {name}"
            )
            if layer != "ui":
                assert not name.startswith("PySide6"), f"{path.relative_to(PACKAGE.parent)} imports Qt"


# Screens get page models (plain dataclasses from tracker/services), never database rows or
# queries: no module of the UI imports the database models or SQLAlchemy (the `Database`
# handle from tracker.db.engine is all a screen holds).


def _orm_imports(path: Path) -> list[str]:
    return sorted(n for n in _imports(path) if _is(n, "tracker.db.models") or _is(n, "sqlalchemy"))


def test_screens_do_not_query_the_database() -> None:
    offenders = {
        str(path.relative_to(PACKAGE / "ui")): _orm_imports(path) for path in (PACKAGE / "ui").rglob("*.py")
    }
    offenders = {name: found for name, found in offenders.items() if found}
    assert not offenders, (
        f"screens importing the database models or SQLAlchemy (ask a service instead): {offenders}"
    )


def test_command_line_does_not_load_qt_for_subcommands() -> None:
    import subprocess
    import sys

    code = "import sys, tracker.cli; tracker.cli.build_parser(); print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_devtools_use_only_the_services_and_below() -> None:
    allowed = ("tracker.devtools", "tracker.services", "tracker.db", "tracker.domain")
    for path in (PACKAGE / "devtools").rglob("*.py"):
        for name in _imports(path):
            if _is(name, "tracker") and name != "tracker":
                assert any(_is(name, a) for a in allowed), (
                    f"{path.relative_to(PACKAGE.parent)} imports {name}"
                )
            assert not name.startswith("PySide6"), f"{path.relative_to(PACKAGE.parent)} imports Qt"


def test_only_the_command_line_entry_uses_the_devtools() -> None:
    users = sorted(
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if "devtools" not in path.relative_to(PACKAGE).parts
        and any(_is(name, "tracker.devtools") for name in _imports(path))
    )
    assert users == ["tracker/cli.py"]
