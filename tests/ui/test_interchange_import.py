"""File > Import records (.json): a preview that shows records newer here than in the file and
lets the user keep theirs or take the file's, record by record."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tracker.db.models import Meeting
from tracker.domain import i18n
from tracker.export.interchange import export_json
from tracker.services import meetings, records
from tracker.services.countries import seed_countries
from tracker.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, db):
    seed_countries(db)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    return w


def _two_meetings_edited_after_export(db, tmp_path):
    made = [meetings.create_meeting(db, {"kind": "bilateral", "title": title, "date": date(2025, 12, 8)})
            for title in ("캐나다 면담", "일본 면담")]  # fmt: skip
    old = tmp_path / "old.json"
    export_json(db, old)
    for m in made:
        records.update(db, Meeting, m.id, {"title": m.title + " (결과 반영)"}, expected_version=1)
    return old, [m.id for m in made]


def opened(window, qtbot, path):
    dialog = window.import_records(path)
    qtbot.addWidget(dialog)
    dialog.loading.wait()  # the file is read and compared off the GUI thread
    qtbot.waitUntil(lambda: "…" not in dialog.summary.text(), timeout=10_000)
    return dialog


def titles(db) -> dict:
    with db.read() as s:
        return {m.id: (m.title, m.version) for m in s.scalars(sa.select(Meeting))}


def test_the_preview_lists_newer_records_and_keeps_mine_unless_ticked(window, qtbot, db, tmp_path):
    old, (canada, japan) = _two_meetings_edited_after_export(db, tmp_path)
    dialog = opened(window, qtbot, old)
    assert dialog.table.rowCount() == 2 and dialog.table.isVisibleTo(dialog)
    assert "2 newer in the database" in dialog.summary.text()
    rows = {dialog.table.item(r, 2).text().split("'")[1]: r for r in range(2)}
    assert set(rows) == {"캐나다 면담 (결과 반영)", "일본 면담 (결과 반영)"}
    assert dialog.table.item(rows["캐나다 면담 (결과 반영)"], 3).text().startswith("version 2")
    assert dialog.table.item(rows["캐나다 면담 (결과 반영)"], 4).text().startswith("version 1")

    dialog.set_take(rows["일본 면담 (결과 반영)"], True)  # take the file's for Japan only
    dialog.commit(wait=True)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert titles(db) == {canada: ("캐나다 면담 (결과 반영)", 2), japan: ("일본 면담", 3)}


def test_take_all_from_the_file(window, qtbot, db, tmp_path):
    old, (canada, japan) = _two_meetings_edited_after_export(db, tmp_path)
    dialog = opened(window, qtbot, old)
    dialog.take_all(True)
    dialog.commit(wait=True)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert titles(db) == {canada: ("캐나다 면담", 3), japan: ("일본 면담", 3)}
    assert len(dialog.result.overwritten) == 2


def test_a_file_without_conflicts_shows_no_conflict_table(window, qtbot, db, tmp_path):
    meetings.create_meeting(db, {"kind": "bilateral", "title": "캐나다 면담", "date": date(2025, 12, 8)})
    path = tmp_path / "now.json"
    export_json(db, path)
    dialog = opened(window, qtbot, path)
    assert not dialog.table.isVisibleTo(dialog)
    assert not dialog.import_button.isEnabled()  # nothing would change


def test_a_malformed_file_says_where_in_korean_and_imports_nothing(window, qtbot, db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "tracker-interchange", "version": 1, "records": {"meetings": '
                   '[{"id": "m", "kind": "bilateral", "title": "\\ud800", "date": "2025-12-08"}]}}',
                   encoding="utf-8")  # fmt: skip
    i18n.set_language("ko")
    dialog = opened(window, qtbot, bad)
    assert not dialog.import_button.isEnabled()
    assert "records.meetings[0].title" in dialog.summary.text()
    assert "서로게이트" in dialog.summary.text()
    assert titles(db) == {}
