"""The rules every record keeps, whether it comes from a form, the command line or an import."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import date, time

import pytest

from tracker.db.models import (
    Action,
    Agreement,
    Attachment,
    Channel,
    Country,
    ItineraryItem,
    MeetingParticipant,
    Organization,
    Person,
    Position,
    TripMember,
)
from tracker.domain.enums import ActionStatus, DatePrecision
from tracker.domain.errors import ValidationError
from tracker.services.validation import check_references, check_row, normalise


def T(model):  # noqa: N802
    return model.__table__


def _code(model, row) -> str | None:
    try:
        check_row(T(model), row)
    except ValidationError as err:
        return err.code
    return None


def test_text_is_trimmed_put_in_nfc_and_blank_becomes_none() -> None:
    decomposed = unicodedata.normalize("NFD", "과학기술정보통신부")
    assert decomposed != "과학기술정보통신부"
    row = normalise(T(Organization), {"name_ko": f"  {decomposed}\n", "notes": "   ", "acronym": "MSIT"})
    assert row == {"name_ko": "과학기술정보통신부", "notes": None, "acronym": "MSIT"}


def test_required_fields() -> None:
    assert _code(Organization, {"name_ko": None}) == "required"
    assert _code(Organization, {"name_ko": "기관"}) is None
    assert _code(Position, {"person_id": None}) == "required"


def test_person_needs_a_name_in_some_script() -> None:
    assert _code(Person, {}) == "required"
    assert _code(Person, {"name_latin": "Kim Cheolsu"}) is None
    assert _code(Person, {"name_original": "今川拓郎"}) is None


@pytest.mark.parametrize("code", ["KR", "CA"])
def test_country_codes_accepted(code: str) -> None:
    assert _code(Country, {"code": code, "name_ko": "x", "name_en": "x"}) is None
    assert _code(Organization, {"name_ko": "x", "country_code": code}) is None


@pytest.mark.parametrize("code", ["ca", "Ca", "KOR", "K", "1A", ""])
def test_country_codes_refused(code: str) -> None:
    assert _code(Country, {"code": code, "name_ko": "x", "name_en": "x"}) in ("bad_country_code", "required")
    if code:
        assert _code(Organization, {"name_ko": "x", "country_code": code}) == "bad_country_code"


def test_periods() -> None:
    assert (
        _code(
            Position,
            {"person_id": uuid.uuid4(), "start_date": date(2025, 3, 1), "end_date": date(2025, 2, 28)},
        )
        == "end_before_start"
    )
    assert (
        _code(
            TripMember,
            {
                "trip_id": uuid.uuid4(),
                "person_id": uuid.uuid4(),
                "start_date": date(2025, 12, 6),
                "end_date": date(2025, 12, 5),
            },
        )
        == "end_before_start"
    )
    assert _code(Position, {"person_id": uuid.uuid4(), "start_date": date(2025, 3, 1)}) is None


def test_itinerary_arrival_next_day_may_be_earlier_on_the_clock() -> None:
    base = {"trip_id": uuid.uuid4(), "date": date(2025, 12, 6), "description": "출국"}
    assert (
        _code(ItineraryItem, {**base, "start_time": time(9, 45), "end_time": time(8, 0)})
        == "end_before_start"
    )
    assert (
        _code(
            ItineraryItem, {**base, "start_time": time(19, 0), "end_time": time(16, 50), "end_day_offset": 1}
        )
        is None
    )
    assert _code(ItineraryItem, {**base, "end_day_offset": -1}) == "bad_value"


def test_recurrence_and_time_zone_checked_wherever_they_appear() -> None:
    assert _code(Channel, {"name_ko": "한-캐 공동위원회", "recurrence": "FREQ=YEARLY"}) is None
    assert _code(Channel, {"name_ko": "한-캐 공동위원회", "recurrence": "every year"}) == "bad_recurrence"
    assert (
        _code(
            ItineraryItem,
            {
                "trip_id": uuid.uuid4(),
                "date": date(2025, 12, 6),
                "description": "x",
                "timezone": "Canada/Nowhere",
            },
        )
        == "bad_timezone"
    )


def test_participant_needs_a_person_or_a_name() -> None:
    base = {"meeting_id": uuid.uuid4(), "side": "them"}
    assert _code(MeetingParticipant, base) == "required"
    assert _code(MeetingParticipant, {**base, "name": "연구원 등"}) is None


def test_attachment_has_exactly_one_owner() -> None:
    base = {"filename": "a.jpg", "stored_name": "ab/ab.jpg", "sha256": "ab" * 32, "size": 1}
    assert _code(Attachment, base) == "attachment_owner"
    assert (
        _code(Attachment, {**base, "meeting_id": uuid.uuid4(), "trip_id": uuid.uuid4()}) == "attachment_owner"
    )
    assert _code(Attachment, {**base, "trip_id": uuid.uuid4()}) is None


def test_organization_cannot_be_its_own_parent() -> None:
    me = uuid.uuid4()
    assert _code(Organization, {"id": me, "name_ko": "x", "parent_id": me}) == "own_parent"


def test_action_due_date_rules() -> None:
    base = {"title": "후속조치"}
    assert (
        _code(Action, {**base, "due_date": date(2026, 10, 15), "due_precision": DatePrecision.MONTH})
        == "month_precision_day"
    )
    assert (
        _code(Action, {**base, "due_date": date(2026, 10, 1), "due_precision": DatePrecision.MONTH}) is None
    )
    assert (
        _code(
            Action,
            {
                **base,
                "due_date": date(2026, 10, 1),
                "due_precision": DatePrecision.MONTH,
                "due_end": date(2026, 10, 31),
            },
        )
        == "range_needs_day"
    )
    assert (
        _code(Action, {**base, "due_date": date(2026, 3, 16), "due_end": date(2026, 3, 15)})
        == "end_before_start"
    )
    assert _code(Action, {**base, "due_end": date(2026, 3, 15)}) == "required"


def test_completion_date_only_when_closed() -> None:
    base = {"title": "후속조치", "completed_on": date(2026, 1, 5)}
    assert _code(Action, {**base, "status": ActionStatus.OPEN}) == "completed_not_done"
    assert _code(Action, {**base, "status": ActionStatus.DONE}) is None
    assert _code(Action, {**base, "status": ActionStatus.DROPPED}) is None


def test_agreement_dates() -> None:
    base = {"title_ko": "기술번영협정 양해각서"}
    assert (
        _code(Agreement, {**base, "signed_date": date(2025, 10, 29), "expires_on": date(2025, 10, 1)})
        == "end_before_start"
    )
    assert (
        _code(Agreement, {**base, "signed_date": date(2025, 10, 29), "signed_precision": DatePrecision.MONTH})
        == "month_precision_day"
    )


def test_references_must_exist_unless_the_import_brings_them(db) -> None:
    org_id = uuid.uuid4()
    with db.read() as s:
        with pytest.raises(ValidationError) as err:
            check_references(s, T(Position), {"person_id": uuid.uuid4()})
        assert err.value.code == "unknown_record"
        assert err.value.field == "person_id"
        with pytest.raises(ValidationError) as err:
            check_references(s, T(Organization), {"country_code": "CA"})  # no countries yet
        assert err.value.code == "unknown_country"
        check_references(
            s,
            T(Organization),
            {"country_code": "CA", "parent_id": org_id},
            pending={"countries": {"CA"}, "organizations": {org_id}},
        )
