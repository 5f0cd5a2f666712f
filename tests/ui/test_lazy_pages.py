"""The window opens before any page is built: each section's page is built, and queried, when
it is first shown, and the modules only some pages need are imported then."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSettings

from tracker.export.demo import load_demo
from tracker.ui.main_window import SECTION_KEYS, MainWindow


@pytest.fixture
def demo_db(db):
    load_demo(db)
    return db


def _statements(db):
    seen: list[str] = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda _c, _cur, stmt, *_a: seen.append(stmt))
    return seen


def test_opening_the_window_builds_and_queries_no_page(qtbot, demo_db):
    seen = _statements(demo_db)
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    assert window.pages.built == {}
    assert seen == []  # not a single query before the window is on screen
    window.start_reminders()
    assert window._reminders is None  # nor the reminders' models and queries
    window.show()
    qtbot.waitUntil(lambda: "home" in window.pages.built)  # right after the first paint
    assert window.reminders.timer.isActive()
    assert list(window.pages.built) == ["home"]
    assert window.stack.currentWidget() is window.pages["home"]
    assert "Today" in window.pages["home"].view.toPlainText()


def test_the_remembered_section_is_the_one_built(qtbot, demo_db):
    QSettings().setValue("window/section", "persons")
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "persons" in window.pages.built)
    assert list(window.pages.built) == ["persons"]
    assert window.pages["persons"].model.total > 0


def test_a_page_is_built_when_first_shown(qtbot, demo_db):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "home" in window.pages.built)
    window.show_section("calendar")
    assert set(window.pages.built) == {"home", "calendar"}
    assert window.stack.currentWidget() is window.pages.built["calendar"]
    for key in SECTION_KEYS:
        window.show_section(key)
        assert window.stack.currentWidget() is window.pages.built[key]
    assert window.stack.count() == len(SECTION_KEYS)


def test_start_up_imports_no_page_module_nor_migrations_nor_reports():
    code = (
        "import sys\n"
        "import tracker.app, tracker.ui.main_window\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(("
        "'alembic', 'tracker.ui.calendar_view', 'tracker.ui.followups_view', 'tracker.ui.detail',"
        "'tracker.ui.search_dialog', 'tracker.ui.meeting_editor', 'tracker.ui.trip_editor',"
        "'tracker.export', 'docx', 'holidays', 'tracker.db.models', 'tracker.ui.reminders')))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.stdout.strip() == "", out.stdout
