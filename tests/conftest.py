"""Shared fixtures. Qt runs offscreen; every test gets its own database in a temporary folder."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TRACKER_LANG", "en")

import pytest  # noqa: E402
from keyring_double import ring  # noqa: E402,F401  (fixture: a keyring in memory)
from pgserver import postgres_server  # noqa: E402,F401  (session fixture: a throwaway PostgreSQL)

from tracker.db.store import open_database  # noqa: E402
from tracker.domain import i18n  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Keep tests away from the user's real data directory and language."""
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language(None)


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory):
    """One migrated database file; each test gets a copy (migrating per test is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database, _ = open_database(path)
    database.dispose()  # the last connection closing folds the WAL back into the file
    return path


@pytest.fixture
def db(tmp_path, _migrated_template):
    """A new, migrated SQLite database."""
    target = tmp_path / "test.sqlite3"
    shutil.copyfile(_migrated_template, target)
    database, _ = open_database(target)
    yield database
    database.dispose()
