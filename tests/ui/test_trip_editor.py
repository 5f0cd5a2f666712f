"""The trip editor, driven like a user: members with their own periods, the itinerary table
with '16:50+1' arrivals, invalid cells in red, and no silent loss of table edits."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tracker.db.models import Event, ItineraryItem, Trip
from tracker.domain.enums import ItineraryKind
from tracker.export.demo import load_demo
from tracker.services import directory, events, trips
from tracker.services.countries import seed_countries
from tracker.ui.forms import RecordDialog
from tracker.ui.trip_editor import (
    ERROR_BACKGROUND,
    ErrorRole,
    ItineraryModel,
    TripEditor,
    open_trip_editor,
    parse_day,
    parse_time_range,
    parse_zones,
)

M = ItineraryModel
TITLE = "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장"


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


@pytest.fixture
def staff(cdb):
    park = directory.create_person(
        cdb,
        {"name_ko": "박진홍", "is_staff": True},
        positions=[{"title_ko": "팀장", "title_en": "Team Leader"}],
    )
    cho = directory.create_person(
        cdb,
        {"name_ko": "조목은", "is_staff": True},
        positions=[{"title_ko": "수석", "title_en": "Principal"}],
    )
    return park, cho


@pytest.fixture
def demo(db):
    load_demo(db)
    with db.read() as s:
        return s.scalar(sa.select(Trip.id).where(Trip.title == TITLE))


def _editor(qtbot, db, trip_id=None) -> TripEditor:
    editor = open_trip_editor(db, trip_id)
    qtbot.addWidget(editor)
    return editor


def _cell(model, row, col, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, col), role)


def _lines(db, trip_id):
    with db.read() as s:
        return list(
            s.scalars(
                sa.select(ItineraryItem).where(ItineraryItem.trip_id == trip_id).order_by(ItineraryItem.seq)
            )
        )


# ------------------------------------------------------------------ what is typed


def test_time_ranges_dates_and_zones_as_typed():
    assert parse_time_range("09:45~13:54") == (time(9, 45), time(13, 54), 0)
    assert parse_time_range("07:00~16:50+1") == (time(7), time(16, 50), 1)
    assert parse_time_range("07:00 – 16:50 +1") == (time(7), time(16, 50), 1)
    assert parse_time_range("9:35-11:15") == (time(9, 35), time(11, 15), 0)
    assert parse_time_range("15:00") == (time(15), None, 0)
    assert parse_time_range("") == (None, None, 0)
    for bad in ("25:99", "16:50+1~18:00", "07:00~16:50-1", "아침"):
        with pytest.raises(Exception, match="time"):
            parse_time_range(bad)
    trip = (date(2025, 12, 6), date(2025, 12, 11))
    assert parse_day("12.6", trip) == date(2025, 12, 6)
    assert parse_day("12.10(수)", trip) == date(2025, 12, 10)
    assert parse_day("2025.12.08.(월)") == date(2025, 12, 8)
    assert parse_day("1.2", (date(2025, 12, 30), date(2026, 1, 3))) == date(2026, 1, 2)
    assert parse_zones("Asia/Seoul → America/Toronto") == ("Asia/Seoul", "America/Toronto")
    assert parse_zones("America/Toronto") == ("America/Toronto", None)


# ------------------------------------------------------------------ a new trip


def test_new_trip_with_two_members_and_four_lines_is_saved(qtbot, cdb, staff):
    park, cho = staff
    editor = _editor(qtbot, cdb)
    form = editor.form
    form.field("title").setText(TITLE)
    form.field("destination").setText("캐나다(몬트리올)")
    form.field("start_date").setText("2025-12-06")
    form.field("end_date").setText("2025.12.11.")

    dest = editor.add_destination()
    assert dest.country.choose_text("캐나다")
    dest.city.setText("몬트리올")
    dest.timezone.setText("America/Toronto")

    first = editor.add_member(park.id, role="총괄", duties="o 한-캐 AI 협력 강화 및 G7 장관회의 지원 총괄")
    assert first.title.text() == "팀장"  # the title held when the trip starts
    assert (first.start.value(), first.end.value()) == (date(2025, 12, 6), date(2025, 12, 11))
    assert first.destination.text() == "캐나다(몬트리올)"
    editor.add_member_button.click()
    second = editor.member_rows[1]
    assert second.person.choose_text("조목은")
    assert second.title.text() == "수석"
    second.role.setText("실무")
    second.end.setText("'25.12.10.")
    second.note.setPlainText("※ 조목은 수석은 미국(뉴욕)-캐나다(몬트리올)-미국(뉴욕) 일정으로 합류")
    assert editor.itinerary_model.members == [(first.key, "박진홍 팀장"), (second.key, "조목은 수석")]

    m = editor.itinerary_model
    editor.add_itinerary_row(
        "12.6",
        "09:45~13:54",
        "출국 및 현지도착",
        kind=ItineraryKind.FLIGHT,
        detail="박진홍 팀장(인천→아틀란타→몬트리올)",
        reference="KE035 KE3769",
        timezone="Asia/Seoul → America/Toronto",
        member=0,
    )
    row = editor.add_itinerary_row(
        time="15:00~18:00", description="세부 계획 점검(주요 회의장 점검)", kind="preparation"
    )
    # A new line starts on the line before's day, where that line ended.
    assert _cell(m, row, M.DATE, Qt.ItemDataRole.EditRole) == "2025-12-06"
    assert _cell(m, row, M.TIMEZONE) == "America/Toronto"
    editor.itinerary_buttons["add"].click()  # the user's way: a button, then typing into cells
    row = 2
    for col, text in (
        (M.DATE, "2025-12-10"),
        (M.TIME, "07:00~16:50+1"),
        (M.KIND, "flight"),
        (M.DESCRIPTION, "캐나다 출국 및 인천 입국"),
        (M.DETAIL, "박진홍 팀장(몬트리올→토론토 경유→인천)"),
        (M.REFERENCE, "AC401 KE078"),
        (M.TIMEZONE, "America/Toronto → Asia/Seoul"),
        (M.MEMBER, first.key),
    ):
        assert m.setData(m.index(row, col), text)
    assert _cell(m, row, M.TIME) == "07:00~16:50+1"
    assert _cell(m, row, M.KIND) == "Flight"
    assert _cell(m, row, M.MEMBER) == "박진홍 팀장"
    editor.add_itinerary_row(
        start="09:35",
        end="11:15",
        description="캐나다 출국 및 뉴욕 입국",
        kind=ItineraryKind.FLIGHT,
        reference="DL5139",
        timezone="America/Toronto → America/New_York",
        member=second,
    )
    assert m.rowCount() == 4 and m.problems() == []
    assert editor.dirty

    assert editor.save()
    assert not editor.isVisible() and not editor.dirty
    trip = trips.get_trip(cdb, editor.saved.id)
    assert (trip.title, trip.start_date, trip.end_date) == (TITLE, date(2025, 12, 6), date(2025, 12, 11))
    assert [(d.country_code, d.city, d.timezone) for d in trip.destinations] == [
        ("CA", "몬트리올", "America/Toronto")
    ]
    assert [(mb.person_id, mb.title, mb.role, mb.start_date, mb.end_date) for mb in trip.members] == [
        (park.id, "팀장", "총괄", date(2025, 12, 6), date(2025, 12, 11)),
        (cho.id, "수석", "실무", date(2025, 12, 6), date(2025, 12, 10)),
    ]
    lines = _lines(cdb, trip.id)
    assert [(i.seq, i.date, i.start_time, i.end_time, i.end_day_offset) for i in lines] == [
        (1, date(2025, 12, 6), time(9, 45), time(13, 54), 0),
        (2, date(2025, 12, 6), time(15), time(18), 0),
        (3, date(2025, 12, 10), time(7), time(16, 50), 1),
        (4, date(2025, 12, 10), time(9, 35), time(11, 15), 0),
    ]
    flight = lines[2]
    assert (flight.kind, flight.reference, flight.timezone, flight.end_timezone) == (
        ItineraryKind.FLIGHT,
        "AC401 KE078",
        "America/Toronto",
        "Asia/Seoul",
    )
    assert lines[1].kind is ItineraryKind.PREPARATION and lines[1].timezone == "America/Toronto"
    members = {mb.id: mb.person_id for mb in trip.members}
    assert [members.get(i.member_id) for i in lines] == [park.id, None, park.id, cho.id]


def test_member_outside_the_trip_is_flagged_and_nothing_is_saved(qtbot, cdb, staff):
    park, _ = staff
    editor = _editor(qtbot, cdb)
    editor.form.field("title").setText("출장")
    editor.form.field("start_date").setText("2025-12-06")
    editor.form.field("end_date").setText("2025-12-11")
    member = editor.add_member(park.id)
    member.end.setText("2025-12-12")
    assert "Outside the trip" in member.end.toolTip()
    assert not editor.save()
    assert editor.tabs.currentWidget() is editor.members_tab
    assert "Trip member 1" in " ".join(editor.problem_list.texts())
    with cdb.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Trip)) == 0
    # Lengthening the trip makes the same day fine.
    editor.form.field("end_date").setText("2025-12-12")
    assert member.end.toolTip() == ""
    assert editor.save()


def test_the_problem_list_follows_the_edits_and_keeps_the_tables_problems(qtbot, cdb, staff):
    park, _ = staff
    editor = _editor(qtbot, cdb)
    editor.form.field("start_date").setText("2025-12-06")
    editor.form.field("end_date").setText("2025-12-11")
    member = editor.add_member(park.id)
    member.end.setText("2025-12-12")
    assert not editor.save()
    before = editor.problem_list.texts()
    assert any(t.startswith("Title") for t in before) and any("Trip member 1" in t for t in before)
    editor.form.field("title").setText("출장")  # put right: it leaves the list, the rest stays
    after = editor.problem_list.texts()
    assert not any(t.startswith("Title") for t in after)
    assert [t for t in after if "Trip member 1" in t] == [t for t in before if "Trip member 1" in t]
    member.end.setText("2025-12-11")
    assert editor.save()


def test_undo_and_redo_buttons_take_back_a_field_edit(qtbot, db, demo):
    editor = _editor(qtbot, db, demo)
    assert not editor.undo_button.isEnabled()
    editor.form.field("title").setText("G7 출장")
    assert editor.isWindowModified()
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert editor.form.field("title").text() == TITLE and not editor.dirty
    assert not editor.isWindowModified()
    qtbot.mouseClick(editor.redo_button, Qt.MouseButton.LeftButton)
    assert editor.form.field("title").text() == "G7 출장" and editor.dirty


def test_member_without_a_person_is_refused(qtbot, cdb, staff):
    editor = _editor(qtbot, cdb)
    editor.form.field("title").setText("출장")
    editor.form.field("start_date").setText("2025-12-06")
    editor.form.field("end_date").setText("2025-12-11")
    member = editor.add_member()
    member.person.edit.setText("없는 사람")
    assert not editor.save()
    assert member.person.toolTip()
    assert editor.tabs.currentWidget() is editor.members_tab


# ------------------------------------------------------------------ the demo trip


def test_demo_trip_shows_all_27_lines_in_order_with_the_next_day_arrival(qtbot, db, demo):
    editor = _editor(qtbot, db, demo)
    m = editor.itinerary_model
    saved = _lines(db, demo)
    assert m.rowCount() == len(saved) == 27
    assert [_cell(m, r, M.DESCRIPTION) for r in range(27)] == [i.description for i in saved]
    assert [r.id for r in m.rows] == [i.id for i in saved]
    assert _cell(m, 0, M.TIME) == "09:45~13:54"
    assert _cell(m, 0, M.REFERENCE) == "KE035 KE3769"
    assert _cell(m, 0, M.TIMEZONE) == "Asia/Seoul → America/Toronto"
    home = next(r for r in range(27) if _cell(m, r, M.REFERENCE) == "AC401 KE078")
    assert _cell(m, home, M.TIME) == "07:00~16:50+1"
    assert _cell(m, home, M.DATE) == "10 Dec 2025 (Wed)"
    assert _cell(m, home, M.MEMBER) == "박진홍 팀장"
    assert "16:50+1 Asia/Seoul" in _cell(m, home, M.TIME, Qt.ItemDataRole.ToolTipRole)
    assert m.problems() == []
    assert [(r.person.value() is not None, r.title.text(), r.end.value()) for r in editor.member_rows] == [
        (True, "팀장", date(2025, 12, 11)),
        (True, "수석", date(2025, 12, 10)),
    ]
    assert editor.event_list.count() == 1
    assert editor.meetings_table.rowCount() == 8
    assert not editor.dirty


def test_saving_the_demo_trip_unchanged_keeps_every_id(qtbot, db, demo):
    before = trips.get_trip(db, demo)
    editor = _editor(qtbot, db, demo)
    assert editor.save()
    after = trips.get_trip(db, demo)
    assert [i.id for i in after.itinerary] == [i.id for i in before.itinerary]
    assert [(i.id, i.member_id, i.meeting_id) for i in after.itinerary] == [
        (i.id, i.member_id, i.meeting_id) for i in before.itinerary
    ]
    assert [mb.id for mb in after.members] == [mb.id for mb in before.members]
    assert [e.id for e in after.events] == [e.id for e in before.events]
    assert after.version == before.version + 1


def test_invalid_time_cell_is_flagged_and_save_refuses(qtbot, db, demo):
    editor = _editor(qtbot, db, demo)
    m = editor.itinerary_model
    editor.form.field("notes").setPlainText("고침")
    assert m.setData(m.index(3, M.TIME), "25:99")
    assert _cell(m, 3, M.TIME) == "25:99"  # kept as typed
    assert "25:99" in _cell(m, 3, M.TIME, Qt.ItemDataRole.ToolTipRole)
    assert _cell(m, 3, M.TIME, Qt.ItemDataRole.BackgroundRole) == ERROR_BACKGROUND
    assert _cell(m, 3, M.DESCRIPTION, Qt.ItemDataRole.BackgroundRole) is None
    assert "1 cell to check" in editor.itinerary_issues.text()
    assert not editor.save()
    assert editor.isVisible()
    assert editor.tabs.currentWidget() is editor.itinerary_tab
    assert editor.itinerary_view.currentIndex().row() == 3
    assert "Itinerary line 4" in " ".join(editor.problem_list.texts())
    assert trips.get_trip(db, demo).notes != "고침"
    # The end before the start with no '+1' is flagged too, with the hint.
    assert m.setData(m.index(3, M.TIME), "18:00~15:00")
    assert "+1" in _cell(m, 3, M.TIME, ErrorRole)
    assert m.setData(m.index(3, M.TIME), "15:00~18:00")
    assert m.problems() == []


def test_date_outside_the_trip_is_flagged(qtbot, db, demo):
    editor = _editor(qtbot, db, demo)
    m = editor.itinerary_model
    assert m.setData(m.index(0, M.DATE), "2025-12-20")
    assert "outside the trip" in _cell(m, 0, M.DATE, Qt.ItemDataRole.ToolTipRole)
    assert not editor.save()
    # Moving the trip's end date clears it: the period is checked as the fields change.
    editor.form.field("end_date").setText("2025-12-20")
    assert _cell(m, 0, M.DATE, ErrorRole) is None
    assert m.setData(m.index(0, M.DATE), "12.6")
    assert _cell(m, 0, M.DATE) == "6 Dec 2025 (Sat)"


def test_rows_are_added_moved_removed_and_sorted(qtbot, db, demo):
    editor = _editor(qtbot, db, demo)
    m = editor.itinerary_model
    editor.itinerary_view.setCurrentIndex(m.index(6, M.DESCRIPTION))  # the 12.7 reception
    editor.itinerary_buttons["add"].click()
    assert m.rowCount() == 28
    assert m.rows[7].date == date(2025, 12, 7) and m.rows[7].description == ""
    assert m.setData(m.index(7, M.TIME), "07:30~08:00")
    assert m.setData(m.index(7, M.DESCRIPTION), "조찬")
    assert editor.itinerary_view.currentIndex().row() == 7
    editor.itinerary_buttons["up"].click()
    assert editor.itinerary_view.currentIndex().row() == 6
    assert [m.rows[r].description for r in (5, 6, 7)] == [
        "G7 장관회의 사전 보고",
        "조찬",
        "G7 장관회의 공식 리셉션",
    ]
    editor.move_itinerary_row(6, -3)
    assert m.rows[3].description == "조찬"
    editor.itinerary_buttons["sort"].click()
    assert m.rows[3].description == "조찬"  # 07:30 comes first on 12.7
    editor.move_itinerary_row(3, 2)
    assert m.rows[5].description == "조찬"
    editor.sort_itinerary()
    assert m.rows[3].description == "조찬"
    assert [r.start_time for r in m.rows[3:8]] == [time(7, 30), time(13), time(14), time(15), time(18)]
    editor.itinerary_view.setCurrentIndex(m.index(3, M.DATE))
    editor.itinerary_buttons["remove"].click()
    assert m.rowCount() == 27
    assert editor.save()
    assert len(_lines(db, demo)) == 27


def test_removing_a_member_clears_the_lines_that_named_them(qtbot, db, demo):
    editor = _editor(qtbot, db, demo)
    m = editor.itinerary_model
    named = [r for r in range(m.rowCount()) if _cell(m, r, M.MEMBER) == "조목은 수석"]
    assert len(named) == 2
    editor.remove_member(1)
    assert all(_cell(m, r, M.MEMBER) == "" for r in named)
    assert editor.save()
    saved = trips.get_trip(db, demo)
    assert len(saved.members) == 1
    assert sum(1 for i in saved.itinerary if i.member_id is not None) == 2


def test_events_are_picked_and_removed(qtbot, db, demo):
    events.create_event(
        db,
        {
            "name_ko": "OECD 디지털경제정책위원회",
            "start_date": date(2026, 4, 20),
            "end_date": date(2026, 4, 21),
            "city": "파리",
        },
    )
    editor = _editor(qtbot, db, demo)
    editor.event_picker.edit.setText("zzz-no-such-event")  # what nothing matches: Add says so
    editor.add_event_button.click()
    assert editor.event_list.count() == 1
    assert editor.event_picker.property("error") == "Choose one from the list"
    editor.event_picker.edit.clear()
    said: list[object] = []
    editor.event_picker.changed.connect(lambda: said.append(editor.event_picker.value()))
    assert editor.event_picker.choose_text("OECD 디지털")
    assert len(said) == 1 and said[0] is not None  # picked: said once, not once more for its text
    editor.add_event_button.click()
    assert editor.event_list.count() == 2 and editor.event_picker.value() is None
    assert editor.dirty
    editor.event_list.setCurrentRow(0)
    editor.remove_event_button.click()
    assert editor.save()
    with db.read() as s:
        names = [e.name_ko for e in s.get(Trip, demo).events]
    assert names == ["OECD 디지털경제정책위원회"]
    with db.read() as s:  # unlinking an event does not delete it
        assert s.scalar(sa.select(sa.func.count()).select_from(Event)) >= 2


# ------------------------------------------------------------------ unsaved changes


def test_cancel_with_unsaved_table_edits_asks(qtbot, db, demo, monkeypatch):
    editor = _editor(qtbot, db, demo)
    m = editor.itinerary_model
    assert m.setData(m.index(2, M.DESCRIPTION), "세부 계획 점검")
    assert editor.dirty and not editor.form.dirty
    assert editor.isWindowModified()
    asked = []
    monkeypatch.setattr(
        RecordDialog, "ask", classmethod(lambda cls, *a: asked.append(a) or QMessageBox.StandardButton.Cancel)
    )
    editor.reject()
    assert asked and editor.isVisible()
    monkeypatch.setattr(TripEditor, "ask", classmethod(lambda cls, *a: QMessageBox.StandardButton.Discard))
    editor.reject()
    assert not editor.isVisible()
    assert _lines(db, demo)[2].description == "세부 계획 점검(주요 회의장 점검)"


def test_a_table_edit_undone_by_hand_is_not_unsaved(qtbot, db, demo, monkeypatch):
    editor = _editor(qtbot, db, demo)
    m = editor.itinerary_model
    old = _cell(m, 2, M.DESCRIPTION)
    m.setData(m.index(2, M.DESCRIPTION), "다른 내용")
    assert editor.dirty
    m.setData(m.index(2, M.DESCRIPTION), old)
    assert not editor.dirty
    monkeypatch.setattr(TripEditor, "ask", classmethod(lambda cls, *a: pytest.fail("asked")))
    editor.reject()
    assert not editor.isVisible()


def test_trip_fields_are_undoable(qtbot, db, demo):
    editor = _editor(qtbot, db, demo)
    title = editor.form.field("title")
    title.setText("G7 출장")
    assert editor.dirty
    editor.form.undo_stack.undo()
    assert title.text() == TITLE and not editor.dirty


def test_save_answer_saves_table_edits(qtbot, db, demo, monkeypatch):
    editor = _editor(qtbot, db, demo)
    m = editor.itinerary_model
    m.setData(m.index(2, M.REFERENCE), "회의장: Le Westin")
    monkeypatch.setattr(TripEditor, "ask", classmethod(lambda cls, *a: QMessageBox.StandardButton.Save))
    editor.reject()
    assert not editor.isVisible()
    assert _lines(db, demo)[2].reference == "회의장: Le Westin"


def test_a_colleague_saving_first_is_merged_not_refused(qtbot, db, demo):
    editor = _editor(qtbot, db, demo)
    other = _editor(qtbot, db, demo)
    other.itinerary_model.setData(other.itinerary_model.index(0, M.REFERENCE), "KE035")
    assert other.save()
    editor.itinerary_model.setData(editor.itinerary_model.index(1, M.REFERENCE), "DL5417 (변경)")
    assert editor.save(), editor.status.text()  # different lines changed: both kept
    assert [line.reference for line in _lines(db, demo)[:2]] == ["KE035", "DL5417 (변경)"]


def test_the_g7_trip_opened_and_saved_unchanged_sends_what_it_was_given(qtbot, db, demo):
    from tracker.services import trip_form

    draft = trip_form.trip_draft(db, demo)
    editor = _editor(qtbot, db, demo)
    sent, given = editor.payload(), trip_form.unchanged_payload(draft)
    assert sent.destinations == given.destinations
    assert sent.members == given.members
    assert sent.itinerary == given.itinerary
    assert sent.event_ids == given.event_ids
    assert sent.fields == {k: given.fields[k] for k in sent.fields}  # the form shows some of the columns


def test_a_refused_part_is_shown_at_its_cell_or_its_input(qtbot, db, demo, monkeypatch):
    """What the save service refuses after the editor's own checks passed (a colleague's
    change, a rule only the database knows) takes the user to the line and column it names."""
    from tracker.domain.errors import ValidationError
    from tracker.services import trip_form

    editor = _editor(qtbot, db, demo)
    cause = ValidationError("bad_time", field="end_time", value="25:00")
    refusal = trip_form.TripPartError("itinerary", 3, cause)
    monkeypatch.setattr(trip_form, "save_trip", lambda *a, **k: (_ for _ in ()).throw(refusal))
    assert not editor.save()
    assert editor.tabs.currentWidget() is editor.itinerary_tab
    index = editor.itinerary_view.currentIndex()
    assert (index.row(), index.column()) == (3, M.TIME)
    assert editor.status.text().startswith("Itinerary line 4")
    refusal = trip_form.TripPartError("members", 0, ValidationError("bad_value", field="end_date"))
    assert not editor.save()
    assert editor.tabs.currentWidget() is editor.members_tab
    assert editor.member_rows[0].end.toolTip() == editor.status.text()
    assert editor.isVisible() and editor.dirty is False


# ------------------------------------------------------------------ the model itself


def test_itinerary_model_passes_the_model_tester(qtbot, qtmodeltester, qtlog, db, demo):
    editor = _editor(qtbot, db, demo)
    m = editor.itinerary_model
    qtmodeltester.check(m)
    qtmodeltester.check(m, force_py=True)
    # Keep it attached while the shape changes.
    editor.add_itinerary_row(after=3, time="16:00~17:00", description="추가 일정")
    editor.move_itinerary_row(4, 2)
    editor.move_itinerary_row(6, -5)
    m.setData(m.index(0, M.TIME), "25:99")
    editor.sort_itinerary()
    editor.remove_itinerary_row(0)
    editor.remove_member(0)
    m.set_strict(True)
    assert m.rowCount() == 27
    # Qt's own tester reports by warnings ("FAIL! ..."); none may have been logged.
    assert [r.message for r in qtlog.records if "FAIL" in r.message] == []


def test_the_kind_column_offers_the_itinerary_kinds(qtbot, db, demo):
    editor = _editor(qtbot, db, demo)
    view, m = editor.itinerary_view, editor.itinerary_model
    delegate = view.itemDelegateForColumn(M.KIND)
    combo = delegate.createEditor(view.viewport(), None, m.index(0, M.KIND))
    delegate.setEditorData(combo, m.index(0, M.KIND))
    assert combo.count() == len(ItineraryKind) and combo.currentText() == "Flight"
    combo.setCurrentIndex(combo.findData(ItineraryKind.TRANSFER.value))
    delegate.setModelData(combo, m, m.index(0, M.KIND))
    assert m.rows[0].kind is ItineraryKind.TRANSFER
    assert not m.setData(m.index(0, M.KIND), "나중에")


def test_the_g7_trip_is_four_nights_in_six_days_and_the_officer_can_correct_it(qtbot, db):
    """The page and the editor say 4박 6일 as the source report does (the night on the plane
    home is not a night abroad); a number typed in the nights field wins, beyond the period is refused."""
    from PySide6.QtTest import QTest

    from tracker.domain.i18n import pick
    from tracker.export.demo import load_demo
    from tracker.services.trips import resolve_trip
    from tracker.ui.detail import trip_html

    load_demo(db)
    trip = resolve_trip(db, "G7 디지털기술 장관회의")
    assert "4박 6일" in trip_html(db, trip.id)
    editor = TripEditor(db, trip.id)
    qtbot.addWidget(editor)
    editor.show()
    nights = editor.form.field("nights")
    assert editor.computed_nights() == 4
    assert pick("4박 6일", "4 nights, 6 days") in nights.edit.placeholderText()
    nights.edit.setFocus()
    QTest.keyClicks(nights.edit, "9")
    assert not editor.save() and "5" in " ".join(editor.problem_list.texts())
    nights.edit.clear()
    QTest.keyClicks(nights.edit, "5")
    assert editor.save()
    assert "5박 6일" in trip_html(db, trip.id)
