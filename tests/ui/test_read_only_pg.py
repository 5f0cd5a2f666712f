"""A reader on the team server (the tracker_reader role: view and export only) is told so up
front: the status bar says "Read-only", and New, Edit, Delete, the imports, the follow-ups'
quick actions, in-place edits and context-menu changes are not offered, while search, export
and reports stay. An officer, and anyone on a personal SQLite file, keeps them all."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QToolBar
from team_roles import Team

from tracker.db import roles
from tracker.db.models import Action
from tracker.domain.enums import ActionStatus
from tracker.export.demo import load_demo
from tracker.services import records
from tracker.ui.followups_view import COL_TITLE
from tracker.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def team(postgres_server):  # type: ignore[no-untyped-def]
    team = Team(postgres_server, postgres_server.new_database())
    load_demo(team.admin)
    yield team
    team.close()


def _window(qtbot, db) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):  # the shortcuts work only in the active window
        window.activateWindow()
    return window


def _open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def _press_new(qtbot, window: MainWindow) -> list[QDialog]:  # type: ignore[no-untyped-def]
    """Ctrl+N in the organizations list: the dialogs it opened (closed again)."""
    window.show_section("organizations")
    page = window.stack.currentWidget()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, CTRL)
    opened = _open_dialogs()
    for dialog in opened:
        dialog.reject()
    return opened


def _select_first_followup(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    window.show_section("actions")
    page = window.pages["actions"]
    qtbot.wait(50)  # the list reads its first pages once shown
    for row in range(page.model.rowCount()):
        key = page.model.record_id(page.model.index(row, 0))
        if key is not None:
            page.table.selectionModel().select(
                page.model.find(key),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
            page.table.selectionModel().setCurrentIndex(  # F2 edits the title here
                page.model.find(key).siblingAtColumn(COL_TITLE), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            page.table.setFocus()
            assert page.selected_ids() == [key]
            return page, key
    raise AssertionError("no follow-up in the list")


def _menu_texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    menu = page.context_menu()
    return [a.text() for a in menu.actions()] if menu is not None else []


@pytest.mark.postgres
def test_a_reader_is_told_read_only_and_offered_no_change(team, qtbot):  # type: ignore[no-untyped-def]
    window = _window(qtbot, team.member(roles.READER))
    assert window.access_label.isVisible() and window.access_label.text() == "Read-only"

    assert _press_new(qtbot, window) == []
    toolbar = window.findChild(QToolBar, "main-toolbar")
    for action in (window.new_action, window.edit_action, window.delete_action):
        assert not action.isEnabled() and not toolbar.widgetForAction(action).isEnabled()
    imports = [a for a in window.writing_actions if a.text().replace("&", "").startswith("Import")]
    assert len(imports) == 3 and not any(a.isEnabled() for a in imports)
    for action in (
        window.find_action,
        window.export_list_action,
        window.report_action,
        window.history_action,
    ):
        assert action.isEnabled()

    page, key = _select_first_followup(qtbot, window)
    status = records.get(team.admin, Action, key).status
    assert not any(b.isEnabled() for b in page.quick_buttons.values())
    qtbot.keyClick(page.table, Qt.Key.Key_D, CTRL)  # "done", in an officer's list
    qtbot.keyClick(page.table, Qt.Key.Key_F2)  # edit in place
    assert page.table.state() != QAbstractItemView.State.EditingState
    assert records.get(team.admin, Action, key).status == status
    assert _menu_texts(page) == ["Open"]
    assert not page.change_status([key], ActionStatus.DONE)  # asked anyway: said, not tried
    assert "read-only access" in page.message.text()

    window.show_section("calendar")  # no item is dragged to another day, only to be refused
    calendar = window.pages["calendar"]
    assert calendar.month_view.move_handler is None and calendar.week_view.move_handler is None

    window.set_language("ko")  # rebuilt menus and pages stay read-only
    assert window.access_label.text() == "읽기 전용" and not window.new_action.isEnabled()
    assert window.pages["actions"].read_only
    window.close()


@pytest.mark.postgres
def test_an_officer_is_offered_every_change(team, qtbot):  # type: ignore[no-untyped-def]
    window = _window(qtbot, team.member(roles.OFFICER))
    assert not window.access_label.isVisible()
    page, key = _select_first_followup(qtbot, window)
    assert window.new_action.isEnabled() and all(a.isEnabled() for a in window.writing_actions)
    assert all(b.isEnabled() for b in page.quick_buttons.values())
    assert "Set status" in _menu_texts(page)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert page.table.state() == QAbstractItemView.State.EditingState
    qtbot.keyClick(page.table.focusWidget(), Qt.Key.Key_Escape)
    qtbot.keyClick(page.table, Qt.Key.Key_D, CTRL)
    assert records.get(team.admin, Action, key).status == ActionStatus.DONE
    assert len(_press_new(qtbot, window)) == 1
    window.show_section("calendar")
    assert window.pages["calendar"].week_view.move_handler is not None
    window.close()


def test_a_personal_file_offers_every_change(db, qtbot):  # type: ignore[no-untyped-def]
    load_demo(db)
    window = _window(qtbot, db)
    assert not window.access_label.isVisible() and not window.read_only
    assert len(_press_new(qtbot, window)) == 1
    assert all(a.isEnabled() for a in window.writing_actions)
    page, _key = _select_first_followup(qtbot, window)
    assert all(b.isEnabled() for b in page.quick_buttons.values())
    window.close()
