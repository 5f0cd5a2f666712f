"""Where things live: the per-user data directory, the database URL, settings keys."""

from __future__ import annotations

import os
from pathlib import Path

from tracker.domain.private_files import private_dir

APP_NAME = "tracker"
ORG_NAME = "tracker"
ENV_DATABASE_URL = "TRACKER_DATABASE_URL"
ENV_DATA_DIR = "TRACKER_DATA_DIR"

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
if not RESOURCES_DIR.exists():  # running from a source checkout
    RESOURCES_DIR = PROJECT_DIR / "resources"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
if not MIGRATIONS_DIR.exists():
    MIGRATIONS_DIR = PROJECT_DIR / "migrations"


def data_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        path = Path(override)
    else:  # imported here: the window is on screen before anything asks for the data folder
        from platformdirs import user_data_path

        path = user_data_path(APP_NAME, appauthor=False)
    return private_dir(path)  # 0700: it holds the database, its backups and attachments


def default_database_path() -> Path:
    return data_dir() / "tracker.sqlite3"


def demo_database_path() -> Path:
    return data_dir() / "demo.sqlite3"


def database_url(db: str | None = None) -> str:
    """`--db` wins, then TRACKER_DATABASE_URL, then a team server saved by `tracker connect`
    (tracker.connection), then the SQLite file in the data directory.
    A value with '://' is a SQLAlchemy URL; anything else is a path to a SQLite file."""
    value = db or os.environ.get(ENV_DATABASE_URL)
    if not value and (data_dir() / "connection.json").exists():
        from tracker.connection import saved_url

        value = saved_url()
    if not value:
        return sqlite_url(default_database_path())
    if "://" in value:
        return value
    return sqlite_url(Path(value))


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of exactly this file: the path is quoted, so `#`, `?`, `%41`, spaces,
    `&` and Korean names come back unchanged (a URL pasted together from the path cuts `a?b`
    at the `?` and reads `%41` as `A`)."""
    from sqlalchemy.engine import URL  # here, not at the top: config is imported before anything heavy

    return URL.create("sqlite", database=str(Path(path).expanduser().resolve())).render_as_string(
        hide_password=False
    )
