"""A whole database as interchange JSON text, to compare two databases or one before and after."""

from __future__ import annotations

from pathlib import Path

from tracker.export.interchange import export_json


def json_of(db, path: Path) -> str:  # type: ignore[no-untyped-def]
    """Write `db` as interchange JSON to `path` and return the text."""
    export_json(db, path)
    return path.read_text(encoding="utf-8")
