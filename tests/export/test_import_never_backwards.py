"""An import never moves a record backwards unless the user says so, and `version` only goes up.

Importing last week's export used to put last week's text back over today's edits and set
`version` back, so an editor holding the record open could then save over the import unseen.
"""

from __future__ import annotations

import json
import time as clock
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tracker.cli import main
from tracker.db.engine import Database
from tracker.db.models import KeyPoint, Meeting
from tracker.domain import i18n
from tracker.domain.errors import ConflictError
from tracker.export.interchange import (
    ImportConflicts,
    commit_import,
    export_json,
    import_file,
    import_json,
    plan_import,
)
from tracker.services import meetings, records
from tracker.services.countries import seed_countries


@pytest.fixture
def meeting(db: Database) -> Any:
    seed_countries(db)
    return meetings.create_meeting(db, {"kind": "bilateral", "title": "한-캐나다 면담", "country_code": "CA",
                                        "date": date(2025, 12, 8)}, key_points=["AI 안전 협력"])  # fmt: skip


def title_and_version(db: Database, meeting_id: Any) -> tuple[str, int]:
    with db.read() as s:
        m = s.get(Meeting, meeting_id)
        return m.title, m.version


def edit(db: Database, meeting_id: Any, title: str) -> None:
    clock.sleep(0.002)  # a later updated_at than the export's
    _, version = title_and_version(db, meeting_id)
    records.update(db, Meeting, meeting_id, {"title": title}, expected_version=version)


def dump(db: Database) -> dict[str, list[tuple]]:
    from tracker.export.interchange import tables

    with db.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(sa.select(t))), key=repr) for t in tables()}


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- the old export does not revert today's edit --------------------------------------------------


def test_an_older_export_does_not_revert_a_newer_edit(db, meeting, tmp_path):
    old = tmp_path / "last-week.json"
    export_json(db, old)
    edit(db, meeting.id, "한-캐나다 장관 면담 (결과 반영)")
    before = dump(db)

    with pytest.raises(ImportConflicts) as info:
        import_json(db, old)

    assert dump(db) == before  # nothing written, the edit and its version kept
    assert title_and_version(db, meeting.id) == ("한-캐나다 장관 면담 (결과 반영)", 2)
    [conflict] = info.value.conflicts
    assert conflict.ref == ("meetings", meeting.id)
    assert (conflict.database[0], conflict.file[0]) == (2, 1)
    message = str(info.value)
    assert "1 record was changed in the database after the file was made" in message
    assert f"records.meetings[0] (id {meeting.id}) '한-캐나다 장관 면담 (결과 반영)'" in message
    assert "database: version 2" in message and "file: version 1" in message


def test_the_conflict_message_in_korean(db, meeting, tmp_path):
    old = tmp_path / "old.json"
    export_json(db, old)
    edit(db, meeting.id, "수정됨")
    i18n.set_language("ko")
    with pytest.raises(ImportConflicts) as info:
        import_json(db, old)
    assert "파일보다 데이터베이스에서 더 나중에 고친 기록이 1건" in str(info.value)
    assert "데이터베이스의 기록이 더 새롭습니다" in str(info.value)


def test_cli_lists_the_conflicts_and_exits_1(db, meeting, tmp_path, capsys):
    old = tmp_path / "old.json"
    export_json(db, old)
    edit(db, meeting.id, "결과 반영")
    path = db.sqlite_path
    db.dispose()
    code, out, err = run(capsys, "--lang", "en", "--db", path, "import", old)
    assert code == 1
    assert "newer" in err and str(meeting.id) in err and "--overwrite-newer" in err
    code, out, err = run(capsys, "--lang", "ko", "--db", path, "import", old)
    assert code == 1 and "--overwrite-newer" in err and "덮어쓰" in err


def test_cli_overwrite_newer_takes_the_file_and_still_raises_the_version(db, meeting, tmp_path, capsys):
    old = tmp_path / "old.json"
    export_json(db, old)
    edit(db, meeting.id, "결과 반영")
    path = db.sqlite_path
    code, out, err = run(capsys, "--lang", "en", "--db", path, "import", "--overwrite-newer", old)
    assert code == 0, err
    assert "1 newer ones overwritten" in out
    assert title_and_version(db, meeting.id) == ("한-캐나다 면담", 3)  # the file's text, version 2 -> 3


def test_cli_keep_newer_imports_the_rest(db, meeting, tmp_path, capsys):
    theirs = tmp_path / "theirs.json"
    export_json(db, theirs)
    doc = json.loads(theirs.read_text(encoding="utf-8"))
    doc["records"]["key_points"][0].update(text="AI 안전 협력 강화", version=2)  # their newer key point
    theirs.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    edit(db, meeting.id, "결과 반영")  # my newer meeting
    code, out, err = run(capsys, "--lang", "en", "--db", db.sqlite_path, "import", "--keep-newer", theirs)
    assert code == 0, err
    assert "1 kept as in the database" in out and "1 updated" in out
    assert title_and_version(db, meeting.id) == ("결과 반영", 2)
    with db.read() as s:
        assert s.scalars(sa.select(KeyPoint.text)).one() == "AI 안전 협력 강화"


# --- version only goes up -----------------------------------------------------------------------


def test_an_import_raises_the_version_so_an_open_editor_notices(db, meeting, tmp_path):
    """A colleague edited the same version later than me: their file wins on time, and the
    version must move past mine, or my open editor would save over their text unseen."""
    theirs = tmp_path / "theirs.json"
    export_json(db, theirs)
    doc = json.loads(theirs.read_text(encoding="utf-8"))
    doc["records"]["meetings"][0].update(
        title="동료가 고친 제목", version=2, updated_at="2999-01-01T00:00:00.000000Z"
    )
    theirs.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    edit(db, meeting.id, "내가 고친 제목")  # version 2 here too
    held = title_and_version(db, meeting.id)[1]  # what my open editor holds

    import_json(db, theirs)
    title, version = title_and_version(db, meeting.id)
    assert title == "동료가 고친 제목" and version > held
    with pytest.raises(ConflictError):
        records.update(db, Meeting, meeting.id, {"title": "편집기에서 저장"}, expected_version=held)


def test_a_file_of_a_higher_version_brings_its_version(db, meeting, tmp_path):
    path = tmp_path / "f.json"
    export_json(db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["records"]["meetings"][0].update(title="다섯 번 고친 제목", version=5)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    import_json(db, path)
    assert title_and_version(db, meeting.id) == ("다섯 번 고친 제목", 5)


def test_reimporting_the_same_export_writes_nothing(db, meeting, tmp_path):
    path = tmp_path / "f.json"
    export_json(db, path)
    edit(db, meeting.id, "고침")
    export_json(db, path)
    before = dump(db)
    seen: list[object] = []
    db.subscribe(seen.append)
    result = import_file(db, path)
    assert dump(db) == before
    assert (result.added, result.updated, result.unchanged) == (0, 0, sum(result.per_section.values()))
    assert seen == [] or not any(seen)


def test_a_lower_version_with_the_same_content_is_no_conflict(db, meeting, tmp_path):
    """Edited and edited back: nothing would be lost, so nothing is reported."""
    path = tmp_path / "f.json"
    export_json(db, path)
    edit(db, meeting.id, "잠시 바꾼 제목")
    edit(db, meeting.id, "한-캐나다 면담")
    import_json(db, path)
    assert title_and_version(db, meeting.id) == ("한-캐나다 면담", 3)


def test_a_version_below_one_is_refused(db, meeting, tmp_path):
    path = tmp_path / "f.json"
    export_json(db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["records"]["meetings"][0]["version"] = 0
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportConflicts.__mro__[1]) as info:  # ImportRejected
        import_json(db, path)
    assert f"records.meetings[0] (id {meeting.id}): version: must be 1 or more: 0" in str(info.value)


# --- a preview and its commit -------------------------------------------------------------------


def test_a_preview_lists_the_conflicts_and_the_user_chooses(db, meeting, tmp_path):
    old = tmp_path / "old.json"
    export_json(db, old)
    edit(db, meeting.id, "결과 반영")
    plan = plan_import(db, old)
    assert [c.ref for c in plan.conflicts] == [("meetings", meeting.id)]
    assert "1 newer in the database" in plan.summary()

    kept = commit_import(db, plan, newer="keep")
    assert [c.ref for c in kept.kept] == [("meetings", meeting.id)]
    assert title_and_version(db, meeting.id) == ("결과 반영", 2)

    taken = commit_import(db, plan, newer="keep", take_file=[("meetings", meeting.id)])
    assert [c.ref for c in taken.overwritten] == [("meetings", meeting.id)]
    assert title_and_version(db, meeting.id) == ("한-캐나다 면담", 3)


def test_an_edit_after_the_preview_is_still_caught(db, meeting, tmp_path):
    old = tmp_path / "old.json"
    export_json(db, old)
    plan = plan_import(db, old)
    assert plan.conflicts == []
    edit(db, meeting.id, "미리보기 뒤에 고침")
    with pytest.raises(ImportConflicts):
        commit_import(db, plan)
    assert title_and_version(db, meeting.id) == ("미리보기 뒤에 고침", 2)


# --- hand-written files ---------------------------------------------------------------------------


def _hand_written(tmp_path: Path, title: str) -> Path:
    doc = {"format": "tracker-interchange", "version": 1, "records": {
        "meetings": [{"id": "meeting:ottawa", "kind": "bilateral", "title": title, "date": "2025-12-08"}],
        "key_points": [{"meeting_id": "meeting:ottawa", "seq": 1, "text": "협력 강화"},
                       {"meeting_id": "meeting:ottawa", "seq": 2, "text": "후속 회의"}],
    }}  # fmt: skip
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_records_without_an_id_are_not_added_again(db, meeting, tmp_path):
    path = _hand_written(tmp_path, "오타와 면담")
    import_json(db, path)
    import_json(db, path)
    with db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(KeyPoint)) == 1 + 2


def test_a_hand_written_change_is_the_files_word_and_keeps_the_history(db, meeting, tmp_path):
    """A record without `version` or `updated_at` claims no age: it is written, its creation
    time kept and its version raised."""
    import_json(db, _hand_written(tmp_path, "오타와 면담"))
    with db.engine.connect() as conn:
        created, version = conn.execute(
            sa.text("select created_at, version from meetings where title = '오타와 면담'")
        ).one()
    clock.sleep(0.01)
    import_json(db, _hand_written(tmp_path, "오타와 면담 (수정)"))
    with db.engine.connect() as conn:
        created2, version2 = conn.execute(
            sa.text("select created_at, version from meetings where title = '오타와 면담 (수정)'")
        ).one()
    assert (created2, version2) == (created, version + 1)


def test_a_save_landing_between_the_comparison_and_the_write_is_never_overwritten(
    db, meeting, tmp_path, monkeypatch
):
    """On a server a colleague can commit between the import's comparison and its update: each
    update is guarded by the version compared, so the import stops instead of writing over it."""
    from tracker.export import interchange

    path = tmp_path / "f.json"
    export_json(db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["records"]["meetings"][0].update(title="파일의 제목", version=2)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    real = interchange._classify

    def colleague_saves_meanwhile(conn, records_):  # type: ignore[no-untyped-def]
        plan = real(conn, records_)
        conn.execute(
            sa.update(Meeting.__table__).values(title="동료의 제목", version=Meeting.__table__.c.version + 1)
        )
        return plan

    monkeypatch.setattr(interchange, "_classify", colleague_saves_meanwhile)
    with pytest.raises(ImportConflicts.__mro__[1]) as info:
        import_json(db, path)
    assert (
        f"records.meetings[0] (id {meeting.id}): someone else changed this record during the import"
        in str(info.value)
    )
    assert title_and_version(db, meeting.id) == ("한-캐나다 면담", 1)  # all of it rolled back


@pytest.mark.postgres
def test_on_postgresql_too(postgres_server, tmp_path):
    """The same rules on the team server, where updates go many rows per statement."""
    from tracker.db.store import open_database

    pg, _ = open_database(postgres_server.new_database())
    try:
        seed_countries(pg)
        made = [meetings.create_meeting(pg, {"kind": "bilateral", "title": f"면담 {i}", "date": date(2025, 12, 8)})
                for i in range(3)]  # fmt: skip
        old = tmp_path / "old.json"
        export_json(pg, old)
        edit(pg, made[0].id, "결과 반영")
        with pytest.raises(ImportConflicts):
            import_json(pg, old)
        assert title_and_version(pg, made[0].id) == ("결과 반영", 2)
        result = import_file(pg, old, newer="overwrite")
        assert [c.ref for c in result.overwritten] == [("meetings", made[0].id)]
        assert title_and_version(pg, made[0].id) == ("면담 0", 3)

        doc = json.loads(old.read_text(encoding="utf-8"))
        for m in doc["records"]["meetings"]:
            m.update(title=m["title"] + " (동료)", version=5)
        old.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        assert import_file(pg, old).updated == 3
        assert {title_and_version(pg, m.id)[1] for m in made} == {5}
    finally:
        pg.dispose()
