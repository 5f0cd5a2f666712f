"""What the trip editor shows and saves, as plain data: the demo G7 trip as loaded, saved back
unchanged, and a changed payload naming a new traveller by the key the editor gave them."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, time

import pytest
import sqlalchemy as sa

from tracker.db.base import Base
from tracker.db.models import Trip
from tracker.domain.enums import ItineraryKind
from tracker.domain.i18n import set_language
from tracker.export.demo import load_demo
from tracker.services import directory, trip_form
from tracker.services.trip_form import ItineraryRow, TripPartError, TripPayload

TITLE = "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장"


@pytest.fixture
def demo(db):
    load_demo(db)
    with db.read() as s:
        return s.scalar(sa.select(Trip.id).where(Trip.title == TITLE))


def _plain(value, seen=()):
    """No database row anywhere in what the editor is given."""
    assert not isinstance(value, Base), value
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _plain(getattr(value, f.name))
    elif isinstance(value, dict):
        for v in value.values():
            _plain(v)
    elif isinstance(value, list | tuple):
        for v in value:
            _plain(v)


def test_the_g7_trip_is_given_as_plain_data_with_the_names_it_shows(db, demo):
    draft = trip_form.trip_draft(db, demo)
    _plain(draft)
    assert draft.values["title"] == TITLE
    assert len(draft.itinerary) == 27
    assert {d.country_code for d in draft.destinations} == {"CA"}
    assert all(d.country_ko == "캐나다" for d in draft.destinations)
    assert all(m.person_ko for m in draft.members)
    # each line that names a traveller names one of the trip's members, by the key the table uses
    keys = {str(m.id) for m in draft.members}
    named = [r.member_key for r in draft.itinerary if r.member_key]
    assert named and set(named) <= keys
    assert [e.name_ko for e in draft.events]
    assert [m.seq for m in draft.meetings] == sorted(m.seq for m in draft.meetings)


def test_saving_the_trip_as_loaded_keeps_every_part(db, demo):
    draft = trip_form.trip_draft(db, demo)
    again = trip_form.save_trip(db, demo, trip_form.unchanged_payload(draft), draft.version)
    assert again.version > draft.version  # saved: someone editing it at the same time finds out
    assert [r.snapshot() for r in again.itinerary] == [r.snapshot() for r in draft.itinerary]
    assert again.members == draft.members
    assert again.destinations == draft.destinations
    assert again.events == draft.events


def test_a_new_traveller_is_named_by_the_key_the_editor_gave_them(db, demo):
    draft = trip_form.trip_draft(db, demo)
    lee = directory.create_person(db, {"name_ko": "이수민", "is_staff": True})
    key = str(uuid.uuid4())  # a new member row's key before it has an id
    payload = trip_form.unchanged_payload(draft)
    payload.members.append({"id": key, "person_id": lee.id, "title": "사무관"})
    line = ItineraryRow(
        date=date(2025, 12, 7),
        start_time=time(10),
        kind=ItineraryKind.OTHER,
        description="현지 공관 방문",
        member_key=key,
    )
    payload.itinerary.append(line.values())
    saved = trip_form.save_trip(db, demo, payload, draft.version)
    member = next(m for m in saved.members if m.person_id == lee.id)
    assert member.person_ko == "이수민"
    added = next(r for r in saved.itinerary if r.description == "현지 공관 방문")
    assert added.member_key == str(member.id)


def test_a_traveller_outside_the_trip_names_its_row_and_nothing_is_written(db, demo):
    draft = trip_form.trip_draft(db, demo)
    payload = trip_form.unchanged_payload(draft)
    payload.members[0]["end_date"] = date(2026, 1, 5)
    with pytest.raises(TripPartError) as caught:
        trip_form.save_trip(db, demo, payload, draft.version)
    assert (caught.value.section, caught.value.row, caught.value.field) == ("members", 0, "end_date")
    assert trip_form.trip_draft(db, demo) == draft


def test_a_new_trip_has_no_meetings_and_an_empty_line_saves_none_for_its_texts(db):
    saved = trip_form.save_trip(
        db,
        None,
        TripPayload(
            {"title": "G20", "start_date": date(2026, 3, 1), "end_date": date(2026, 3, 4)},
            itinerary=[ItineraryRow(date=date(2026, 3, 1), description="출국").values()],
        ),
        None,
    )
    assert saved.meetings == [] and saved.members == []
    assert (saved.itinerary[0].detail, saved.itinerary[0].reference) == ("", "")
    assert ItineraryRow(description="출국").values()["detail"] is None


def test_more_nights_than_the_trip_has_is_said_in_the_users_language():
    period = (date(2025, 12, 6), date(2025, 12, 11))
    assert trip_form.nights_problem(5, period) == ""
    assert trip_form.nights_problem(None, period) == ""
    assert trip_form.nights_problem(9, None) == ""
    set_language("ko")
    assert "최대 5박" in trip_form.nights_problem(6, period)
    set_language("en")
    assert "at most 5" in trip_form.nights_problem(6, period)


def test_the_nights_field_shows_what_the_itinerary_gives():
    period = (date(2025, 12, 6), date(2025, 12, 11))
    set_language("ko")
    assert trip_form.nights_hint(period, 4) == "일정에서 계산: 4박 6일 (고치려면 숫자 입력)"
    assert trip_form.nights_hint(None, None) == "일정에서 계산"
    set_language("en")
    assert trip_form.nights_hint(period, 4) == "From the itinerary: 4 nights, 6 days (type to correct)"


def test_one_night_is_said_in_the_singular():
    set_language("en")
    day_trip = (date(2025, 12, 6), date(2025, 12, 6))
    assert trip_form.nights_hint(day_trip, 0) == "From the itinerary: 0 nights, 1 day (type to correct)"
    overnight = (date(2025, 12, 6), date(2025, 12, 7))
    assert trip_form.nights_hint(overnight, 1) == "From the itinerary: 1 night, 2 days (type to correct)"
