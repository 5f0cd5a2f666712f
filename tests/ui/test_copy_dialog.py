"""File › Copy to another database…: the open database into another SQLite file, off the GUI
thread with a progress bar that reaches its end; records changed later in the target are kept
and listed; Cancel before the records are written leaves no file behind; a target from a newer
tracker, or a team server that does not answer, is refused in words and left as it was."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from database_json import json_of
from demo_with_photo import load_demo_with_photo
from PySide6.QtCore import Qt

from tracker import connection
from tracker.db.models import Meeting
from tracker.db.store import open_database
from tracker.domain import i18n
from tracker.export import copy as copy_module
from tracker.services import records
from tracker.services.attachments import verify_attachments
from tracker.ui import exchange_actions
from tracker.ui.copy_dialog import CopyDialog
from tracker.ui.main_window import MainWindow


@pytest.fixture
def personal(db, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The demo with a photo attached to a meeting."""
    load_demo_with_photo(db, tmp_path)
    return db


def _dialog_from_menu(qtbot, db) -> tuple[MainWindow, CopyDialog]:  # type: ignore[no-untyped-def]
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.copy_action.text().replace("&", "") == "Copy to another database…"
    assert window.copy_action in window.menuBar().actions()[0].menu().actions()  # under File
    window.copy_action.trigger()
    dialog = window.findChild(CopyDialog)
    assert dialog is not None and dialog.isVisible()
    return window, dialog


def _choose_file(qtbot, dialog: CopyDialog, monkeypatch, path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(exchange_actions.Files, "save_path", classmethod(lambda cls, *a: path))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.file_choice.isChecked() and dialog.file_edit.text() == str(path)


def _copy(qtbot, dialog: CopyDialog) -> list[int]:  # type: ignore[no-untyped-def]
    """Click Copy and wait for the end; the values the bar went through."""
    seen: list[int] = []
    dialog.bar.valueChanged.connect(seen.append)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert dialog.operation is not None and dialog.operation.wait(60)
    return seen


def test_a_copy_into_a_new_file_shows_its_progress_and_brings_everything(
    qtbot, personal, tmp_path, monkeypatch
):  # type: ignore[no-untyped-def]
    window, dialog = _dialog_from_menu(qtbot, personal)
    target = tmp_path / "사본" / "팀 사본.sqlite3"
    target.parent.mkdir()
    _choose_file(qtbot, dialog, monkeypatch, target)
    seen = _copy(qtbot, dialog)

    assert dialog.operation.state == "succeeded", dialog.outcome.text()
    # one step per attachment, one for reading, one for writing: each shown, the last one full
    assert dialog.bar.maximum() == 3 and dialog.bar.value() == 3
    assert seen[-1] == dialog.bar.maximum() and len(set(seen)) >= 3
    assert "Copied into" in dialog.outcome.text() and "1 attachment files copied" in dialog.outcome.text()
    assert dialog.details.isHidden()  # nothing was kept back
    assert dialog.copy_button.isEnabled() and not dialog.cancel_button.isEnabled()
    copied, _ = open_database(target)
    assert json_of(copied, tmp_path / "t.json") == json_of(personal, tmp_path / "s.json")
    assert verify_attachments(copied) == []
    copied.dispose()
    window.close()


def test_records_newer_in_the_target_are_kept_and_listed(qtbot, personal, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    target_path = tmp_path / "target.sqlite3"
    _, dialog = _dialog_from_menu(qtbot, personal)
    _choose_file(qtbot, dialog, monkeypatch, target_path)
    _copy(qtbot, dialog)
    target, _ = open_database(target_path)
    with target.read() as s:
        meeting = s.scalars(sa.select(Meeting).order_by(Meeting.date)).first()
    records.update(target, Meeting, meeting.id, {"title": "대상에서 고친 제목"})

    _copy(qtbot, dialog)  # again, into the target that moved on
    assert dialog.operation.state == "succeeded"
    assert "1 record(s) changed later in the target were kept" in dialog.outcome.text()
    assert dialog.details.isVisible() and dialog.details.count() == 1
    line = dialog.details.item(0).text()
    assert line.startswith("[meetings] ") and "대상에서 고친 제목" in line and "kept as in the target" in line
    with target.read() as s:
        assert s.get(Meeting, meeting.id).title == "대상에서 고친 제목"
    target.dispose()


def test_cancel_before_the_records_are_written_leaves_no_file(qtbot, personal, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The copy is held while it copies the photo; Cancel, then let it go on: it stops there,
    removes the photo it copied and the file it made."""
    release = threading.Event()
    checksum = copy_module._sha256

    def held(path: Path) -> str:
        release.wait(30)
        return checksum(path)

    monkeypatch.setattr(copy_module, "_sha256", held)
    target = tmp_path / "cancelled.sqlite3"
    _, dialog = _dialog_from_menu(qtbot, personal)
    _choose_file(qtbot, dialog, monkeypatch, target)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isEnabled() and not dialog.close_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    assert dialog.operation.wait(60)

    assert dialog.operation.state == "cancelled"
    assert "cancelled" in dialog.outcome.text() and "as it was" in dialog.outcome.text()
    assert not target.exists() and not (tmp_path / "cancelled-attachments").exists()
    assert dialog.close_button.isEnabled()


def _newer_schema(template: Path, path: Path) -> bytes:
    shutil.copyfile(template, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    return path.read_bytes()


def test_a_file_from_a_newer_tracker_is_refused_in_korean_and_left_alone(
    qtbot, personal, tmp_path, monkeypatch, _migrated_template
):  # type: ignore[no-untyped-def]
    i18n.set_language("ko")
    target = tmp_path / "newer.sqlite3"
    before = _newer_schema(_migrated_template, target)
    dialog = CopyDialog(personal)
    qtbot.addWidget(dialog)
    dialog.show()
    _choose_file(qtbot, dialog, monkeypatch, target)
    _copy(qtbot, dialog)

    assert dialog.operation.state == "failed"
    assert "더 새로운 버전의 tracker" in dialog.outcome.text() and "업데이트" in dialog.outcome.text()
    assert dialog.stage.text() == "복사하지 못했습니다." and dialog.bar.value() == 0
    assert target.read_bytes() == before
    assert not Path(f"{target}-wal").exists() and not (tmp_path / "newer-attachments").exists()


def test_a_team_server_that_does_not_answer_is_said_and_nothing_is_made(qtbot, personal, ring):  # type: ignore[no-untyped-def]
    conn = connection.TeamConnection("127.0.0.1", "tracker", "officer", port=1)
    connection.save(conn, "pw-1")
    dialog = CopyDialog(personal)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.team_choice.isChecked() and "officer@127.0.0.1:1/tracker" in dialog.team_choice.text()
    _copy(qtbot, dialog)
    assert dialog.operation.state == "failed"
    assert "cannot be reached" in dialog.outcome.text()
    assert dialog.copy_button.isEnabled()


def test_without_a_team_server_the_choice_says_where_to_set_one(qtbot, personal):  # type: ignore[no-untyped-def]
    dialog = CopyDialog(personal)
    qtbot.addWidget(dialog)
    assert not dialog.team_choice.isEnabled() and "Settings › Team server" in dialog.team_choice.text()
    assert dialog.file_choice.isChecked()
