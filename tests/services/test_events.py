"""Multilateral events with their sessions, and recurring series."""

from __future__ import annotations

import uuid
from datetime import date, time

import pytest

from tracker.db.models import Event, EventSession
from tracker.domain.enums import EventKind
from tracker.domain.errors import NotFoundError, ValidationError
from tracker.services import directory, events, records
from tracker.services.countries import seed_countries


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


def test_create_event_with_sessions_in_order(cdb) -> None:
    ai = directory.topic(cdb, "인공지능", "AI")
    e = events.create_event(
        cdb,
        {
            "name_ko": "G7 산업 및 디지털·기술 장관회의",
            "kind": EventKind.MINISTERIAL,
            "country_code": "CA",
            "city": "몬트리올",
            "timezone": "America/Toronto",
            "start_date": date(2025, 12, 8),
            "end_date": date(2025, 12, 9),
        },
        sessions=[
            {
                "title_ko": "G7 단독 세션",
                "date": date(2025, 12, 8),
                "start_time": time(9),
                "end_time": time(12),
                "members_only": True,
            },
            {"title_ko": "확대 세션 (초청국 포함)", "date": date(2025, 12, 9), "start_time": time(9, 30)},
        ],
        topic_ids=[ai.id],
    )
    assert [(s.seq, s.title_ko, s.members_only) for s in e.sessions] == [
        (1, "G7 단독 세션", True),
        (2, "확대 세션 (초청국 포함)", False),
    ]
    assert [t.name_ko for t in e.topics] == ["인공지능"]
    assert events.get_event(cdb, e.id).timezone == "America/Toronto"


def test_default_time_zone_is_seoul(cdb) -> None:
    e = events.create_event(
        cdb,
        {"name_ko": "한-독 산업데이터 포럼", "start_date": date(2025, 11, 5), "end_date": date(2025, 11, 5)},
    )
    assert e.timezone == "Asia/Seoul"


@pytest.mark.parametrize(
    ("data", "session"),
    [
        ({"end_date": date(2025, 12, 7)}, {}),  # event ends before it starts
        ({"timezone": "Montreal"}, {}),
        ({"recurrence": "every December"}, {}),
        ({}, {"start_time": time(12), "end_time": time(9)}),  # session ends before it starts
    ],
)
def test_bad_event_leaves_nothing_behind(cdb, data, session) -> None:
    with pytest.raises(ValidationError):
        events.create_event(
            cdb,
            {"name_ko": "G7", "start_date": date(2025, 12, 8), "end_date": date(2025, 12, 9), **data},
            sessions=[{"title_ko": "세션 1"}, {"title_ko": "세션 2", **session}],
        )
    assert records.list_all(cdb, Event) == []
    assert records.list_all(cdb, EventSession) == []


def test_unknown_topic_leaves_nothing_behind(cdb) -> None:
    with pytest.raises(NotFoundError):
        events.create_event(
            cdb,
            {"name_ko": "G7", "start_date": date(2025, 12, 8), "end_date": date(2025, 12, 9)},
            topic_ids=[uuid.uuid4()],
        )
    assert records.list_all(cdb, Event) == []


def test_event_dates_of_a_yearly_series(cdb) -> None:
    e = events.create_event(
        cdb,
        {
            "name_ko": "한-캐 ICT 정책포럼",
            "start_date": date(2024, 6, 10),
            "end_date": date(2024, 6, 11),
            "recurrence": "RRULE:FREQ=YEARLY",
        },
    )
    assert events.event_dates(e, date(2024, 1, 1), date(2026, 12, 31)) == [
        date(2024, 6, 10),
        date(2025, 6, 10),
        date(2026, 6, 10),
    ]
    assert events.event_dates(e, date(2025, 7, 1), date(2026, 5, 31)) == []


def test_event_dates_of_a_one_off(cdb) -> None:
    e = events.create_event(
        cdb, {"name_ko": "G7", "start_date": date(2025, 12, 8), "end_date": date(2025, 12, 9)}
    )
    assert events.event_dates(e, date(2025, 1, 1), date(2025, 12, 31)) == [date(2025, 12, 8)]
    assert events.event_dates(e, date(2026, 1, 1), date(2026, 12, 31)) == []


def test_deleting_an_event_takes_its_sessions(cdb) -> None:
    e = events.create_event(
        cdb,
        {"name_ko": "G7", "start_date": date(2025, 12, 8), "end_date": date(2025, 12, 9)},
        sessions=[{"title_ko": "세션"}],
    )
    plan = records.plan_delete(cdb, Event, e.id)
    assert plan.cascades == {"event_sessions": 1}
    records.delete(cdb, Event, e.id)
    assert records.list_all(cdb, EventSession) == []
