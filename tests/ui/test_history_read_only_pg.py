"""Record › Deleted records… for a reader on the team server (the tracker_reader role): the
deleted records are listed, but Restore is off and its tooltip says why (the server would
refuse it); an officer's window offers it and it works."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from team_roles import Team

from tracker.db import roles
from tracker.db.models import Organization
from tracker.export.demo import load_demo
from tracker.services import records
from tracker.ui.history_dialog import DeletedRecordsDialog
from tracker.ui.main_window import MainWindow

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def team(postgres_server):  # type: ignore[no-untyped-def]
    team = Team(postgres_server, postgres_server.new_database())
    load_demo(team.admin)
    key = records.create(team.admin, Organization, {"name_ko": "폐지된 기관", "country_code": "KR"}).id
    records.delete(team.admin, Organization, key)
    team.deleted = key
    yield team
    team.close()


def _deleted_records(qtbot, db) -> tuple[MainWindow, DeletedRecordsDialog]:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    dialog = window.show_deleted_records()
    assert isinstance(dialog, DeletedRecordsDialog)
    qtbot.waitExposed(dialog)
    assert dialog.table.rowCount() >= 1  # a reader may see what was deleted
    return window, dialog


def _exists(team: Team) -> bool:
    with team.admin.read() as s:
        return s.get(Organization, team.deleted) is not None


@pytest.mark.postgres
def test_a_reader_is_not_offered_restore_and_told_why(team, qtbot):  # type: ignore[no-untyped-def]
    window, dialog = _deleted_records(qtbot, team.member(roles.READER))
    assert window.read_only
    assert not dialog.restore_button.isEnabled()
    assert "read-only" in dialog.restore_button.toolTip()
    qtbot.keyClick(dialog, Qt.Key.Key_R, ALT)  # its mnemonic does nothing either
    assert dialog.status.text() == "" and not _exists(team)
    dialog.reload()  # reading the list again does not turn it back on
    assert not dialog.restore_button.isEnabled()
    dialog.close()
    window.close()


@pytest.mark.postgres
def test_an_officer_restores_a_deleted_record(team, qtbot):  # type: ignore[no-untyped-def]
    window, dialog = _deleted_records(qtbot, team.member(roles.OFFICER))
    assert dialog.restore_button.isEnabled() and dialog.restore_button.toolTip() == ""
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Restored") and _exists(team)
    dialog.close()
    window.close()
