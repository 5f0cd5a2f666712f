"""The zone field of the meeting, event and trip editors, typed into as a user does: a region
is a message beside the field (never an error dialog), a city or country in Korean or English
finds its zone, and the counterpart country's zones are proposed first."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tracker.db.models import Meeting
from tracker.domain.i18n import pick
from tracker.services.countries import seed_countries
from tracker.ui.event_editor import EventEditor
from tracker.ui.meeting_editor import MeetingEditor
from tracker.ui.trip_editor import TripEditor, parse_zones


@pytest.fixture
def meeting(qtbot, db):
    seed_countries(db)
    editor = MeetingEditor(db)
    qtbot.addWidget(editor)
    editor.show()
    editor.form.field("title").setText("한-일 양자면담")
    return editor


def _type(qtbot, picker, text: str) -> None:
    picker.edit.setFocus()
    picker.edit.clear()
    QTest.keyClicks(picker.edit, text)


def test_typing_a_region_shows_a_message_and_save_is_refused(qtbot, db, meeting):
    picker = meeting.form.field("timezone")
    _type(qtbot, picker, "Asia")  # every keystroke is checked: no error may escape
    error = meeting.form.errors["timezone"]
    assert error.isVisible() and "Asia" in error.text() and "Asi:" not in error.text()
    assert not meeting.save()
    with db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_a_city_typed_in_english_and_enter_pick_its_zone(qtbot, db, meeting):
    picker = meeting.form.field("timezone")
    _type(qtbot, picker, "Tokyo")
    QTest.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.value() == "Asia/Tokyo" and "Asia/Tokyo" in picker.text()
    assert not meeting.form.errors["timezone"].isVisible()
    assert meeting.isVisible()  # Enter chose the zone, it did not save
    assert meeting.save()
    with db.read() as s:
        assert s.scalar(sa.select(Meeting.timezone)) == "Asia/Tokyo"


def test_a_korean_city_name_picks_its_zone(qtbot, meeting):
    picker = meeting.form.field("timezone")
    picker.edit.setFocus()
    picker.edit.clear()
    picker.edit.insert("도쿄")
    assert picker.value() == "Asia/Tokyo" and picker.error() == ""


def test_the_counterpart_countrys_zones_are_proposed_first_and_picked_by_keyboard(qtbot, meeting):
    assert meeting.form.field("country_code").choose_text("캐나다")
    picker = meeting.form.field("timezone")
    picker.edit.setFocus()
    QTest.keyClick(picker.edit, Qt.Key.Key_Down)  # opens the proposals
    popup = picker.zone_completer.popup()
    qtbot.waitUntil(popup.isVisible)
    first = popup.model().index(0, 0).data()
    assert first.endswith("America/Toronto") and pick("캐나다", "Canada") in first
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: picker.value() == "America/Toronto")
    assert meeting.isVisible()


def test_event_zone_is_the_same_picker(qtbot, db):
    seed_countries(db)
    editor = EventEditor(db)
    qtbot.addWidget(editor)
    picker = editor.form.field("timezone")
    _type(qtbot, picker, "Paris")
    assert picker.value() == "Europe/Paris"


def test_the_trip_itinerary_and_destinations_take_city_names(qtbot, db):
    seed_countries(db)
    editor = TripEditor(db)
    qtbot.addWidget(editor)
    assert parse_zones("Seoul → Toronto") == ("Asia/Seoul", "America/Toronto")
    assert parse_zones("서울 → 몬트리올") == ("Asia/Seoul", "America/Toronto")
    editor.add_destination()
    row = editor.destination_rows[-1]
    _type(qtbot, row.timezone, "Europe")
    assert row.timezone.value() is None and row.errors(strict=False)[row.timezone]
    _type(qtbot, row.timezone, "Ottawa")
    assert row.timezone.value() == "America/Toronto"
