"""The person editor's data: a person and their positions as plain values, and the rules its
positions table follows before anything is saved."""

from __future__ import annotations

import dataclasses
from datetime import date

from tracker.db.base import Base
from tracker.db.models import Organization
from tracker.domain.enums import Rank
from tracker.domain.i18n import set_language
from tracker.services import person_form, records


def _row(key: int, **values):  # type: ignore[no-untyped-def]
    row = {"_key": key, "id": None, "organization_id": None, "title_ko": None, "title_en": None}
    row.update({"department": None, "rank": Rank.OTHER, "start_text": "", "end_text": "", "notes": None})
    row.update(values)
    return row


def test_a_saved_person_comes_back_as_plain_data_with_positions_newest_first(db):
    set_language("en")
    msit = records.create(db, Organization, {"name_ko": "과학기술정보통신부"})
    saved = person_form.save_person(
        db,
        None,
        {"name_ko": "박진홍", "name_latin": "Park Jinhong"},
        [
            {"title_ko": "서기관", "start_date": "2019-03-01", "end_date": date(2025, 2, 28)},
            {"title_ko": "팀장", "start_date": date(2025, 3, 1), "organization_id": str(msit.id)},
        ],
    )
    assert saved.name == "Park Jinhong (박진홍)" and saved.values["name_ko"] == "박진홍"
    assert [(p.title_ko, p.organization_id, p.end_date) for p in saved.positions] == [
        ("팀장", msit.id, None),
        ("서기관", None, date(2025, 2, 28)),
    ]
    again = person_form.person_draft(db, saved.id)
    assert again == saved
    for f in dataclasses.fields(again):
        value = getattr(again, f.name)
        assert not isinstance(value, Base)
        assert not any(isinstance(v, Base) for v in (value if isinstance(value, list) else []))


def test_the_table_rules_new_rows_go_newest_first_and_a_rotation_ends_the_open_ones():
    set_language("en")
    rows = [
        _row(1, title_ko="팀장", start_text="2025-03-01"),
        _row(2, title_ko="서기관", start_text="2019-03-01", end_text="2025-02-28"),
        _row(3, title_ko="연구원"),  # no start: ended by a rotation too
    ]
    assert person_form.insert_at(rows, date(2026, 1, 1)) == 0
    assert person_form.insert_at(rows, date(2020, 1, 1)) == 1
    assert person_form.insert_at(rows, None) == 0
    assert person_form.open_rows(rows, date(2026, 1, 1)) == [0, 2]
    assert person_form.current_row(rows) == 0
    assert person_form.date_text(date(2025, 12, 8)) == "2025-12-08"


def test_rows_left_empty_are_not_sent_and_dates_are_read_as_typed():
    set_language("ko")
    rows = [_row(1), _row(2, title_ko="팀장", start_text="2025.03.01.", end_text="언젠가")]
    sent, payload = person_form.position_payload(rows)
    assert sent == [1]
    assert payload[0]["start_date"] == date(2025, 3, 1)
    assert payload[0]["end_date"] == "언젠가"  # not a date: passed on for the save to refuse by name
    assert person_form.named({"name_latin": "Hong"}) and not person_form.named({"name_ko": ""})
