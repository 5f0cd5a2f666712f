"""Calendar files and briefing/handover packs from the File menu."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from docx import Document

from tracker.db.models import Meeting, Person
from tracker.export.demo import load_demo
from tracker.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, db):
    load_demo(db)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    return w


def test_calendar_export_then_import_into_another_database_with_a_preview(window, qtbot, tmp_path):
    from tracker.db.store import open_database

    ics = tmp_path / "cal.ics"
    window.export_calendar(ics).wait()
    assert "TZID=America/Toronto" in ics.read_text(encoding="utf-8")

    other, _ = open_database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    w2 = MainWindow(other)
    qtbot.addWidget(w2)
    dialog = w2.import_calendar(ics)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() >= 9  # nine meetings, the G7 event, the trip ...
    assert dialog.import_button.isEnabled()
    dialog.commit(wait=True)
    qtbot.waitUntil(lambda: dialog.result_counts is not None, timeout=10_000)
    with other.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Meeting)) >= 9
    other.dispose()


def test_a_malformed_calendar_file_is_refused_before_anything_is_written(window, qtbot, tmp_path, db):
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n", encoding="utf-8")
    dialog = window.import_calendar(bad)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    assert dialog.summary.text()


def test_briefing_for_the_selected_meeting_and_handover_for_a_person(window, qtbot, tmp_path, db):
    window.show_section("meetings")
    page = window.pages["meetings"]
    page.filter.setText("OECD")
    page.apply_filter()
    page.table.selectRow(0)
    out = tmp_path / "briefing.docx"
    window.write_pack(out).wait()
    qtbot.waitUntil(out.exists, timeout=10_000)
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "브리핑" in text

    with db.read() as s:
        park = s.scalar(sa.select(Person).where(Person.name_ko == "박진홍"))
    window.open_record("persons", park.id)
    window.show_section("home")
    handover = tmp_path / "handover.pdf"
    window.write_pack(handover).wait()
    qtbot.waitUntil(handover.exists, timeout=10_000)
    assert handover.stat().st_size > 1000
