"""A night flight typed without its '+1' in the trip editor: the editor adds the day, says so
under the toolbar, and saves it; an arrival no day explains is flagged."""

from __future__ import annotations

from datetime import time

import sqlalchemy as sa
from PySide6.QtCore import Qt

from tracker.db.models import ItineraryItem, Trip
from tracker.domain.i18n import set_language
from tracker.export.demo import load_demo
from tracker.ui.trip_editor import ErrorRole, open_trip_editor
from tracker.ui.trip_editor import ItineraryModel as M

TITLE = "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장"


def _editor(qtbot, db):  # type: ignore[no-untyped-def]
    load_demo(db)
    with db.read() as s:
        trip_id = s.scalar(sa.select(Trip.id).where(Trip.title == TITLE))
    editor = open_trip_editor(db, trip_id)
    qtbot.addWidget(editor)
    editor.show()
    editor.tabs.setCurrentWidget(editor.itinerary_tab)  # where the officer types the lines
    return editor, trip_id


def _cell(m, row, col, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    return m.data(m.index(row, col), role)


def test_a_night_flight_typed_without_its_day_lands_the_next_day(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    set_language("ko")
    editor, trip_id = _editor(qtbot, db)
    m = editor.itinerary_model
    editor.itinerary_buttons["add"].click()  # a new line at the end, typed cell by cell
    row = m.rowCount() - 1
    for col, text in (
        (M.DATE, "2025-12-10"),
        (M.TIMEZONE, "America/Toronto → Asia/Seoul"),
        (M.TIME, "23:30~04:45"),
        (M.DESCRIPTION, "몬트리올 출발(심야편)"),
    ):
        assert m.setData(m.index(row, col), text)
    # Toronto 23:30 is Seoul 13:30 the next day: 04:45 in Seoul is the day after that.
    assert _cell(m, row, M.TIME) == "23:30~04:45+2"
    assert _cell(m, row, M.TIME, ErrorRole) is None
    assert "다음 날" in _cell(m, row, M.TIME, Qt.ItemDataRole.ToolTipRole)
    assert editor.itinerary_note.isVisible()
    assert f"{row + 1}행" in editor.itinerary_note.text() and "04:45+2" in editor.itinerary_note.text()

    # typed again rightly, the note goes
    assert m.setData(m.index(row, M.TIME), "23:30~05:00+2")
    assert _cell(m, row, M.TIME) == "23:30~05:00+2" and not editor.itinerary_note.isVisible()
    assert m.setData(m.index(row, M.TIME), "23:30~04:45")
    assert editor.save()
    with db.read() as s:
        line = s.scalars(
            sa.select(ItineraryItem).where(
                ItineraryItem.trip_id == trip_id, ItineraryItem.description == "몬트리올 출발(심야편)"
            )
        ).one()
    assert line.end_day_offset == 2


def test_an_arrival_no_day_explains_is_flagged(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    set_language("en")
    try:
        editor, _ = _editor(qtbot, db)
        m = editor.itinerary_model
        editor.itinerary_buttons["add"].click()
        row = m.rowCount() - 1
        for col, text in (
            (M.DATE, "2025-12-10"),
            (M.TIMEZONE, "Europe/Paris → Asia/Seoul"),
            (M.TIME, "22:30~06:10"),
            (M.DESCRIPTION, "Paris to Seoul"),
        ):
            assert m.setData(m.index(row, col), text)
        assert "before the departure" in _cell(m, row, M.TIME, ErrorRole)
        assert not editor.itinerary_note.isVisible()
        assert not editor.save()
    finally:
        set_language("ko")


def test_a_line_stored_without_its_day_opens_with_it(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    set_language("ko")
    load_demo(db)
    with db.transaction() as s:  # the flight home, as an older tracker or another program stored it
        s.execute(
            sa.update(ItineraryItem)
            .where(ItineraryItem.reference == "AC401 KE078")
            .values(start_time=time(23, 30), end_time=time(4, 45), end_day_offset=0)
        )
        trip_id = s.scalar(sa.select(Trip.id).where(Trip.title == TITLE))
    editor = open_trip_editor(db, trip_id)
    qtbot.addWidget(editor)
    editor.show()
    editor.tabs.setCurrentWidget(editor.itinerary_tab)
    m = editor.itinerary_model
    row = next(r for r in range(m.rowCount()) if _cell(m, r, M.REFERENCE) == "AC401 KE078")
    assert _cell(m, row, M.TIME) == "23:30~04:45+2"  # Toronto 23:30 -> Seoul 04:45, two days on
    assert "04:45+2" in editor.itinerary_note.text() and editor.itinerary_note.isVisible()
    editor.form.field("notes").setPlainText("귀국편 시각 확인")
    assert editor.save()
    with db.read() as s:
        assert (
            s.scalar(sa.select(ItineraryItem.end_day_offset).where(ItineraryItem.reference == "AC401 KE078"))
            == 2
        )
