"""The field reference in docs/interchange.md matches the models."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_field_reference_is_current() -> None:
    spec = importlib.util.spec_from_file_location("interchange_fields", DOCS / "interchange_fields.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    text = (DOCS / "interchange.md").read_text(encoding="utf-8")
    assert module.rewritten(text) == text, "run: python docs/interchange_fields.py"
