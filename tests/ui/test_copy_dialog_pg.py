"""File › Copy to another database… into the team server set in Settings › Team server… (its
password from the keyring), against the PostgreSQL server the suite starts: a personal file's
records and attachments arrive identical; a reader's copy is refused by the server, said in
words, and the team database is left as it was."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from database_json import json_of
from demo_with_photo import load_demo_with_photo
from PySide6.QtCore import Qt
from team_roles import Team

from tracker import connection
from tracker.db import roles
from tracker.db.store import open_database
from tracker.export.demo import load_demo
from tracker.services.attachments import verify_attachments
from tracker.ui.copy_dialog import CopyDialog


def _save_team_server(url: str, ring) -> connection.TeamConnection:  # type: ignore[no-untyped-def]
    """What Settings › Team server… keeps: the place in a file, the password in the keyring
    (the test server trusts local logins, so any password opens it)."""
    where = sa.make_url(url)
    conn = connection.TeamConnection(where.host, where.database, where.username, port=where.port)
    connection.save(conn, "pw-1")
    assert list(ring.passwords.values()) == ["pw-1"]
    return conn


def _copy_to_team(qtbot, db) -> CopyDialog:  # type: ignore[no-untyped-def]
    dialog = CopyDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.team_choice.isChecked()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert dialog.operation is not None and dialog.operation.wait(120)
    return dialog


@pytest.mark.postgres
def test_a_personal_file_into_a_new_team_database(qtbot, db, postgres_server, ring, tmp_path):  # type: ignore[no-untyped-def]
    load_demo_with_photo(db, tmp_path)
    url = postgres_server.new_database()  # empty: the copy prepares it
    conn = _save_team_server(url, ring)

    dialog = _copy_to_team(qtbot, db)
    assert dialog.operation.state == "succeeded", dialog.outcome.text()
    assert f"Copied into team server {conn.shown()}" in dialog.outcome.text()
    assert dialog.bar.value() == dialog.bar.maximum() == 3
    team, _ = open_database(url)
    assert json_of(team, tmp_path / "team.json") == json_of(db, tmp_path / "mine.json")
    assert verify_attachments(team) == []
    team.dispose()


@pytest.mark.postgres
def test_a_readers_copy_is_refused_by_the_server_and_changes_nothing(
    qtbot, db, postgres_server, ring, tmp_path
):  # type: ignore[no-untyped-def]
    load_demo(db)
    team = Team(postgres_server, postgres_server.new_database())
    try:
        reader = team.member(roles.READER)
        _save_team_server(reader.url, ring)
        before = json_of(team.admin, tmp_path / "before.json")

        dialog = _copy_to_team(qtbot, db)
        assert dialog.operation.state == "failed"
        assert "The target server refused the copy" in dialog.outcome.text()
        assert "read-only access" in dialog.outcome.text()
        assert json_of(team.admin, tmp_path / "after.json") == before
    finally:
        team.close()
