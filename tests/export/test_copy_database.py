"""`tracker copy SOURCE TARGET`: a personal SQLite database into an empty team PostgreSQL
database and back, identical; into a database that moved on, never backwards; a refused copy
leaves the target as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from database_json import json_of
from demo_with_photo import load_demo_with_photo

from tracker import cli
from tracker.db.models import Meeting
from tracker.db.store import open_database
from tracker.export.copy import copy_database
from tracker.export.interchange import ImportConflicts
from tracker.services import records
from tracker.services.attachments import attachments_dir, verify_attachments


@pytest.fixture
def personal(db, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The demo with a photo attached to a meeting."""
    load_demo_with_photo(db, tmp_path)
    return db


def _fresh_sqlite(template: Path, path: Path):  # type: ignore[no-untyped-def]
    shutil.copyfile(template, path)
    return open_database(path)[0]


def test_to_an_empty_team_server_and_back_is_identical(
    personal, postgres_server, _migrated_template, tmp_path
):
    team, _ = open_database(postgres_server.new_database())
    result = copy_database(personal, team)
    assert result.files_copied == 1 and result.records.added > 100
    back = _fresh_sqlite(_migrated_template, tmp_path / "back.sqlite3")
    copy_database(team, back)
    original = json_of(personal, tmp_path / "a.json")
    assert json_of(team, tmp_path / "b.json") == original
    assert json_of(back, tmp_path / "c.json") == original
    assert verify_attachments(back) == []  # the photo's bytes came along, checksum and all
    team.dispose()


def test_into_a_database_that_moved_on_nothing_goes_backwards(personal, _migrated_template, tmp_path):
    target = _fresh_sqlite(_migrated_template, tmp_path / "target.sqlite3")
    copy_database(personal, target)
    with target.read() as s:
        meeting = s.scalars(sa.select(Meeting).order_by(Meeting.date)).first()
    records.update(target, Meeting, meeting.id, {"title": "대상에서 고친 제목"})
    shutil.rmtree(attachments_dir(target))  # so that a refused copy would show stray files
    before = json_of(target, tmp_path / "before.json")

    with pytest.raises(ImportConflicts):
        copy_database(personal, target)
    assert json_of(target, tmp_path / "after.json") == before
    assert not any(attachments_dir(target).rglob("*.png")), "a refused copy leaves no files behind"

    copy_database(personal, target, newer="keep")
    with target.read() as s:
        assert s.get(Meeting, meeting.id).title == "대상에서 고친 제목"
    assert verify_attachments(target) == []


def test_the_command(personal, _migrated_template, tmp_path, capsys):
    source = personal.sqlite_path
    target = tmp_path / "팀 사본 #1.sqlite3"
    assert cli.main(["copy", str(source), str(target)]) == 0
    assert "Copied" in capsys.readouterr().out
    copied, _ = open_database(target)
    assert json_of(copied, tmp_path / "t.json") == json_of(personal, tmp_path / "s.json")
    copied.dispose()
    assert cli.main(["copy", str(source), str(source)]) == 1
    assert "same database" in capsys.readouterr().err
