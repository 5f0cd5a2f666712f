"""What the About box tells (no Qt here): the version, the database and its schema version,
and the licences of the fonts and libraries the program carries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import sqlalchemy as sa

from tracker import __version__
from tracker.bundled_fonts import FONTS

DIST = "tracker"


def app_version() -> str:
    """The installed distribution's version; the package's own in a build without metadata."""
    try:
        return metadata.version(DIST)
    except metadata.PackageNotFoundError:
        return __version__


@dataclass(frozen=True)
class Licence:
    name: str
    version: str
    licence: str


def _licence_of(meta: metadata.PackageMetadata) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if classifiers and (not text or len(text) > 40 or "\n" in text or text.lower().startswith("dual")):
        return " / ".join(classifiers)
    return text or "?"


def library_licences() -> list[Licence]:
    """Every library tracker depends on directly, with the licence its own metadata declares."""
    try:
        requires = metadata.requires(DIST) or []
    except metadata.PackageNotFoundError:
        return []
    found: dict[str, Licence] = {}
    for line in requires:
        if "extra ==" in line:  # test and development tools are not shipped
            continue
        name = re.split(r"[\s\[<>=!~;]", line, maxsplit=1)[0]
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        found[name.lower()] = Licence(meta["Name"], meta["Version"], _licence_of(meta))
    return sorted(found.values(), key=lambda lic: lic.name.lower())


def font_licences() -> list[Licence]:
    return [Licence(font.family, ", ".join(p.name for p in font.files), font.licence) for font in FONTS]


@dataclass(frozen=True)
class DatabaseFacts:
    location: str
    folder: Path | None
    schema: str | None
    current_schema: str | None


def database_facts(engine: sa.Engine, sqlite_path: Path | None) -> DatabaseFacts:
    from tracker.db.schema_version import head_revision, stored_revision

    location = str(sqlite_path) if sqlite_path else engine.url.render_as_string(hide_password=True)
    return DatabaseFacts(
        location, sqlite_path.parent if sqlite_path else None, stored_revision(engine), head_revision()
    )
