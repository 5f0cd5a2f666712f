"""What a screen reader says: every input of every record screen, dialog and main-window page
has an accessible name, in Korean and in English, and Tab goes through a form top to bottom."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QPlainTextEdit,
    QScrollBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from tracker.db.models import Agreement, Event, Meeting, Person, Trip
from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.ui.main_window import SECTIONS, MainWindow


def _first(db, model) -> object:
    with db.engine.connect() as conn:
        return conn.execute(sa.select(model.id).order_by(model.id)).scalars().first()


def _meeting(db):
    from tracker.ui.meeting_editor import open_meeting_editor

    return open_meeting_editor(db, _first(db, Meeting))


def _trip(db):
    from tracker.ui.trip_editor import open_trip_editor

    return open_trip_editor(db, _first(db, Trip))


def _event(db):
    from tracker.ui.event_editor import open_event_editor

    return open_event_editor(db, _first(db, Event))


def _person(db):
    from tracker.ui.person_editor import open_person_editor

    return open_person_editor(db, _first(db, Person))


def _agreement(db):
    from tracker.ui.agreement_editor import open_agreement_editor

    return open_agreement_editor(db, _first(db, Agreement))


def _record(kind: str) -> Callable:
    def make(db):
        from tracker.ui.editors import record_dialog

        return record_dialog(db, kind)

    return make


def _report(db):
    from tracker.ui.report_dialog import ReportDialog

    return ReportDialog(db, _first(db, Trip))


def _import(db):
    from tracker.ui.import_dialog import ImportDialog

    return ImportDialog(db)


def _search(db):
    from tracker.ui.search_dialog import SearchDialog

    dialog = SearchDialog(db)
    dialog.box.setText("G7")
    dialog.run_search()
    return dialog


def _about(db):
    from tracker.ui.about_dialog import AboutDialog

    return AboutDialog(db)


def _settings(db):
    from tracker.ui.settings_dialog import SettingsDialog

    return SettingsDialog(db)


def _recovery(db):
    from tracker.ui.recovery_dialog import RecoveryDialog

    return RecoveryDialog("damaged", db.sqlite_path, db.sqlite_path)


DIALOGS: dict[str, Callable] = {
    "meeting": _meeting,
    "trip": _trip,
    "event": _event,
    "person": _person,
    "organization": _record("organizations"),
    "agreement": _agreement,
    "follow-up": _record("actions"),
    "country": _record("countries"),
    "channel": _record("channels"),
    "report": _report,
    "import": _import,
    "search": _search,
    "about": _about,
    "settings": _settings,
    "recovery": _recovery,
}
# The record screens whose Tab order is checked (a form, tables below it)
FORMS = ("meeting", "trip", "event", "person", "organization", "agreement", "follow-up", "settings")


def is_input(w: QWidget) -> bool:
    """A widget Tab stops at (as the user meets it: a widget that passes its focus on to
    another is not a stop itself)."""
    if isinstance(w, (QLabel, QScrollBar)) or w.focusProxy() is not None:
        return False
    if isinstance(w, QAbstractScrollArea) and not isinstance(
        w, (QAbstractItemView, QPlainTextEdit, QTextEdit)
    ):
        return False
    return bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus) and w.isEnabled()


def unnamed_inputs(root: QWidget) -> list[str]:
    """The inputs on screen without an accessible name, on every tab of every tab widget."""
    missing: list[str] = []

    def look() -> None:
        for w in [root, *root.findChildren(QWidget)]:
            if is_input(w) and w.isVisibleTo(root) and not w.accessibleName().strip():
                where = w.parentWidget()
                missing.append(f"{type(w).__name__} in {type(where).__name__ if where else '-'}")

    look()
    for tabs in root.findChildren(QTabWidget):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            QApplication.processEvents()
            look()
    return sorted(set(missing))


def _done_with(dialog: QWidget, qtbot) -> None:
    """Close a dialog once its background work is over, and collect it here, on the GUI thread."""
    if hasattr(dialog, "shown_options"):  # the report's preview is written in the background
        qtbot.waitUntil(lambda: dialog.shown_options is not None, timeout=15000)
    dialog.hide()
    dialog.deleteLater()
    QApplication.processEvents()
    gc.collect()


@pytest.fixture
def demo(db):
    load_demo(db)
    return db


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_input_of_every_dialog_has_a_name(demo, qtbot, lang):
    i18n.set_language(lang)
    found: dict[str, list[str]] = {}
    for name, make in DIALOGS.items():
        dialog = make(demo)
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        missing = unnamed_inputs(dialog)
        if missing:
            found[name] = missing
        _done_with(dialog, qtbot)
    assert found == {}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_input_of_every_page_has_a_name(demo, qtbot, lang):
    i18n.set_language(lang)
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.show()
    found: dict[str, list[str]] = {}
    for key, *_ in SECTIONS:
        window.show_section(key)
        QApplication.processEvents()
        missing = unnamed_inputs(window)
        if missing:
            found[key] = missing
    assert found == {}
    # the names are in the interface's language
    window.show_section("meetings")
    QApplication.processEvents()
    table = window.pages["meetings"].findChild(QAbstractItemView)
    assert table.accessibleName() == ("면담" if lang == "ko" else "Meetings")


def test_a_form_field_is_named_after_its_label_and_the_label_leads_to_it(demo, qtbot):
    i18n.set_language("ko")
    dialog = _meeting(demo)
    qtbot.addWidget(dialog)
    dialog.show()
    title = dialog.form.field("title")
    assert title.accessibleName() == "면담명"
    label = next(lab for lab in dialog.findChildren(QLabel) if lab.buddy() is title)
    assert "면담명" in label.text()


def _table_of(w: QWidget) -> QAbstractItemView | None:
    while w is not None:
        if isinstance(w, QAbstractItemView):
            return w
        w = w.parentWidget()
    return None


def _tab_stops(dialog: QWidget, qtbot) -> list[QWidget]:
    """The widgets Tab visits, once round, from the top left. Inside a table Tab moves from
    cell to cell, as in every Qt table; Ctrl+Tab leaves it, as a user does."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    first = next(w for w in [dialog, *dialog.findChildren(QWidget)] if is_input(w) and w.isVisibleTo(dialog))
    first.setFocus(Qt.FocusReason.TabFocusReason)
    stops: list[QWidget] = []
    for _ in range(300):
        w = QApplication.focusWidget()
        if w is None:
            break
        table = _table_of(w)
        stop = table if table is not None else w
        if stop in stops:
            break
        stops.append(stop)
        if table is not None:
            qtbot.keyClick(w, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        else:
            qtbot.keyClick(w, Qt.Key.Key_Tab)
    top = min(
        range(len(stops)),
        key=lambda i: (stops[i].mapTo(dialog, QPoint(0, 0)).y(), stops[i].mapTo(dialog, QPoint(0, 0)).x()),
    )
    return stops[top:] + stops[:top]


@pytest.mark.parametrize("name", FORMS)
def test_tab_goes_top_to_bottom(demo, qtbot, name):
    i18n.set_language("ko")
    dialog = DIALOGS[name](demo)
    qtbot.addWidget(dialog)
    dialog.show()
    stops = _tab_stops(dialog, qtbot)
    assert len(stops) >= 3
    assert [type(w).__name__ for w in stops if not w.accessibleName()] == []
    backwards = []
    for a, b in zip(stops, stops[1:], strict=False):
        pa, pb = a.mapTo(dialog, QPoint(0, 0)), b.mapTo(dialog, QPoint(0, 0))
        # up again is only right when it starts the next column, to the right
        if pb.y() < pa.y() - 4 and pb.x() <= pa.x():
            backwards.append(f"{a.accessibleName()} {pa.toTuple()} -> {b.accessibleName()} {pb.toTuple()}")
    assert backwards == []
