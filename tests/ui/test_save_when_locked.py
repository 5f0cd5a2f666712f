"""Save pressed while another program holds the database: every record dialog says so in the
user's language and stays open with what was typed; once the other writer is done, Save works."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from tracker.db import engine as db_engine
from tracker.db.models import Agreement, Event, Meeting, Organization, Person, Trip
from tracker.domain.i18n import set_language
from tracker.export.demo import load_demo
from tracker.ui.agreement_editor import open_agreement_editor
from tracker.ui.editors import record_dialog
from tracker.ui.event_editor import open_event_editor
from tracker.ui.meeting_editor import open_meeting_editor
from tracker.ui.person_editor import open_person_editor
from tracker.ui.trip_editor import open_trip_editor

BUSY = {
    "en": "Another window or task (an import, say) kept the database busy",
    "ko": "다른 창이나 작업(가져오기 등)이 데이터베이스를",
}

# kind -> (how the app opens its editor, the model, a text field of it the user changes)
EDITORS: dict[str, tuple[Callable[..., Any], Any, str]] = {
    "meeting": (open_meeting_editor, Meeting, "title"),
    "trip": (open_trip_editor, Trip, "title"),
    "person": (open_person_editor, Person, "name_ko"),
    "event": (open_event_editor, Event, "name_ko"),
    "agreement": (open_agreement_editor, Agreement, "title_ko"),
    "organization": (lambda db, key: record_dialog(db, "organizations", key), Organization, "name_ko"),
}


@pytest.fixture
def demo_db(db, monkeypatch):
    load_demo(db)
    # Wait a quarter of a second for the other writer, not five, and start from fresh connections.
    monkeypatch.setattr(db_engine, "LOCK_TIMEOUT_SECONDS", 0.25)
    db.engine.dispose()
    return db


@contextmanager
def write_lock_held(db) -> Iterator[None]:
    """Another program (a second window, an import) in the middle of a write transaction."""
    other = sqlite3.connect(db.sqlite_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def _shown_text(dialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())


def _press_save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def _stored(db, model, key, field: str) -> str:
    with db.read() as s:
        return s.scalar(sa.select(getattr(model, field)).where(model.id == key))


@pytest.mark.parametrize(
    ("kind", "lang"),
    [(kind, "ko" if n % 2 else "en") for n, kind in enumerate(EDITORS)] + [("meeting", "ko")],
)
def test_save_while_another_writer_holds_the_database(qtbot, demo_db, kind, lang):
    set_language(lang)
    opener, model, field = EDITORS[kind]
    with demo_db.read() as s:
        key = s.scalar(sa.select(model.id).order_by(model.created_at).limit(1))
    dialog = opener(demo_db, key)
    qtbot.addWidget(dialog)
    dialog.show()
    before = _stored(demo_db, model, key, field)
    typed = before + " (수정)"
    dialog.form.field(field).setText(typed)

    with write_lock_held(demo_db):
        _press_save(dialog)
        assert BUSY[lang] in _shown_text(dialog)
        assert dialog.isVisible() and dialog.result() == 0  # still open, not accepted
        assert dialog.form.field(field).text() == typed  # what was typed is still there
        assert _stored(demo_db, model, key, field) == before

    _press_save(dialog)
    assert not dialog.isVisible()
    assert _stored(demo_db, model, key, field) == typed
