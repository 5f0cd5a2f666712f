"""File › Copy to another database… into the team server set in Settings › Team server… (its
password from the keyring), against the PostgreSQL server the suite starts: a personal file's
records and attachments arrive identical; a reader's copy is refused by the server, said in
words, and the team database is left as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from team_roles import Team

from tracker import connection
from tracker.db import roles
from tracker.db.models import Meeting
from tracker.db.store import open_database
from tracker.export.demo import load_demo
from tracker.export.interchange import export_json
from tracker.services.attachments import add_attachment, verify_attachments
from tracker.ui.copy_dialog import CopyDialog

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def _json(db, path: Path) -> str:  # type: ignore[no-untyped-def]
    export_json(db, path)
    return path.read_text(encoding="utf-8")


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
    load_demo(db)
    with db.read() as s:
        meeting_id = s.scalars(sa.select(Meeting.id).order_by(Meeting.date)).first()
    photo = tmp_path / "회담 사진.png"
    photo.write_bytes(PHOTO)
    add_attachment(db, photo, meeting_id=meeting_id, caption="면담 사진")
    url = postgres_server.new_database()  # empty: the copy prepares it
    conn = _save_team_server(url, ring)

    dialog = _copy_to_team(qtbot, db)
    assert dialog.operation.state == "succeeded", dialog.outcome.text()
    assert f"Copied into team server {conn.shown()}" in dialog.outcome.text()
    assert dialog.bar.value() == dialog.bar.maximum() == 3
    team, _ = open_database(url)
    assert _json(team, tmp_path / "team.json") == _json(db, tmp_path / "mine.json")
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
        before = _json(team.admin, tmp_path / "before.json")

        dialog = _copy_to_team(qtbot, db)
        assert dialog.operation.state == "failed"
        assert "The target server refused the copy" in dialog.outcome.text()
        assert "read-only access" in dialog.outcome.text()
        assert _json(team.admin, tmp_path / "after.json") == before
    finally:
        team.close()
