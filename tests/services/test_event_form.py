"""The event editor's data: an event with its sessions and topics as plain values, the
occurrences of a series offered one by one, and one occurrence saved on its own."""

from __future__ import annotations

import dataclasses
from datetime import date, time

from tracker.db.base import Base
from tracker.db.models import Topic
from tracker.services import event_form, records

FIELDS = {
    "name_ko": "주간 점검회의",
    "start_date": date(2026, 1, 5),
    "end_date": date(2026, 1, 5),
    "timezone": "Asia/Seoul",
}


def _plain(draft) -> None:  # type: ignore[no-untyped-def]
    for f in dataclasses.fields(draft):
        value = getattr(draft, f.name)
        assert not isinstance(value, Base)
        assert not any(isinstance(v, Base) for v in (value if isinstance(value, list) else []))


def test_a_saved_event_comes_back_as_plain_data_with_sessions_in_order_and_topics(db):
    quantum = records.create(db, Topic, {"name_ko": "양자", "name_en": "Quantum"})
    saved = event_form.save_event(
        db,
        None,
        FIELDS,
        sessions=[
            {"title_ko": "개회", "date": date(2026, 1, 5), "start_time": time(9, 0)},
            {"title_ko": "폐회", "date": date(2026, 1, 5), "members_only": True},
        ],
        topic_ids=[str(quantum.id)],
        expected_version=None,
    )
    _plain(saved)
    assert [(x.seq, x.title_ko, x.members_only) for x in saved.sessions] == [
        (1, "개회", False),
        (2, "폐회", True),
    ]
    assert [(t.id, t.name_en) for t in saved.topics] == [(quantum.id, "Quantum")]
    assert saved.values["name_ko"] == "주간 점검회의" and saved.series_id is None
    assert event_form.event_draft(db, saved.id) == saved
    assert event_form.topic_choice(db, quantum.id) == saved.topics[0]
    assert event_form.topic_choice(db, "not-an-id") is None


def test_one_occurrence_of_a_series_is_saved_on_its_own_and_opens_as_itself(db):
    series = event_form.save_event(
        db,
        None,
        {**FIELDS, "recurrence": "FREQ=WEEKLY;COUNT=4"},
        sessions=[],
        topic_ids=[],
        expected_version=None,
    )
    days = event_form.occurrence_dates(db, series.id, today=date(2026, 1, 1))
    assert days == [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19), date(2026, 1, 26)]

    opened, name = event_form.opening_draft(db, series.id, date(2026, 1, 12))
    assert opened == series and name == "주간 점검회의"  # not changed yet: the series itself
    changed = event_form.save_occurrence(
        db, series.id, date(2026, 1, 12), {"venue": "세종청사"}, sessions=[], seen_version=None
    )
    _plain(changed)
    assert changed.series_id == series.id and changed.recurrence_date == date(2026, 1, 12)
    assert changed.values["venue"] == "세종청사"
    again, _ = event_form.opening_draft(db, series.id, date(2026, 1, 12))
    assert again == changed
    assert event_form.occurrence_dates(db, changed.id) == []  # an occurrence offers no others
