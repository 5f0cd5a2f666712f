"""Saving an event with its sessions and topics, and an agreement with its parties, whole."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa

from tracker.db.models import Agreement, Event, EventSession, Organization, Topic
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import ConflictError, ValidationError
from tracker.domain.i18n import set_language
from tracker.services import records
from tracker.services.event_save import SessionError, save_agreement, save_event

FIELDS = {
    "name_ko": "G7 디지털 장관회의",
    "name_en": "G7 Digital Ministers' Meeting",
    "start_date": date(2025, 12, 8),
    "end_date": date(2025, 12, 9),
    "timezone": "America/Toronto",
}


@pytest.fixture
def topics(db):
    return [
        records.create(db, Topic, {"name_ko": "AI", "name_en": "AI"}).id,
        records.create(db, Topic, {"name_ko": "양자", "name_en": "Quantum"}).id,
    ]


def _count(db, model) -> int:
    with db.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_create_event_with_sessions_and_topics(db, topics):
    event = save_event(
        db,
        None,
        FIELDS,
        sessions=[
            {"title_ko": "공급망", "date": date(2025, 12, 8)},
            {
                "title_ko": "AI, 양자",
                "title_en": "AI, quantum",
                "date": date(2025, 12, 9),
                "start_time": time(10, 0),
                "end_time": time(12, 45),
                "members_only": True,
            },
        ],
        topic_ids=[topics[1], str(topics[0])],
    )
    assert [(x.seq, x.title_ko) for x in event.sessions] == [(1, "공급망"), (2, "AI, 양자")]
    assert event.sessions[1].members_only and event.sessions[1].end_time == time(12, 45)
    assert {t.id for t in event.topics} == {topics[1], topics[0]}  # links keep no order
    assert event.version == 1


def test_update_keeps_session_ids_reorders_and_deletes(db, topics):
    event = save_event(
        db,
        None,
        FIELDS,
        sessions=[{"title_ko": "하나"}, {"title_ko": "둘"}, {"title_ko": "셋"}],
    )
    one, two, three = event.sessions
    saved = save_event(
        db,
        event.id,
        {"venue": "Le Westin"},
        sessions=[
            {"id": str(three.id), "title_ko": "셋"},
            {"id": one.id, "title_ko": "하나 (수정)"},
            {"title_ko": "넷"},
        ],
        topic_ids=[topics[0]],
        expected_version=event.version,
    )
    assert [(x.seq, x.title_ko) for x in saved.sessions] == [(1, "셋"), (2, "하나 (수정)"), (3, "넷")]
    assert saved.sessions[0].id == three.id and saved.sessions[1].id == one.id
    assert saved.sessions[2].id not in {one.id, two.id, three.id}
    with db.read() as s:
        assert s.get(EventSession, two.id) is None
    assert saved.version == event.version + 1
    assert saved.venue == "Le Westin"


def test_a_change_of_sessions_alone_bumps_the_version(db):
    event = save_event(db, None, FIELDS, sessions=[{"title_ko": "하나"}])
    saved = save_event(
        db, event.id, {}, sessions=[{"id": event.sessions[0].id, "title_ko": "둘"}], expected_version=1
    )
    assert saved.version == 2
    same = save_event(
        db, event.id, {}, sessions=[{"id": event.sessions[0].id, "title_ko": "둘"}], expected_version=2
    )
    assert same.version == 2  # nothing changed: no new version


def test_session_outside_the_event_is_refused_and_nothing_written(db, topics):
    with pytest.raises(SessionError) as caught:
        save_event(
            db,
            None,
            FIELDS,
            sessions=[
                {"title_ko": "하나", "date": date(2025, 12, 8)},
                {"title_ko": "둘", "date": date(2025, 12, 10)},
            ],
            topic_ids=topics,
        )
    assert isinstance(caught.value, ValidationError)
    assert caught.value.row == 1 and caught.value.field == "date"
    assert caught.value.message("en").startswith("Session 2: ")
    assert caught.value.message("ko").startswith("세션 2: ")
    assert _count(db, Event) == 0 and _count(db, EventSession) == 0


def test_moving_the_event_away_from_its_sessions_is_refused(db):
    event = save_event(db, None, FIELDS, sessions=[{"title_ko": "하나", "date": date(2025, 12, 9)}])
    with pytest.raises(SessionError) as caught:
        save_event(
            db,
            event.id,
            {"start_date": date(2025, 12, 1), "end_date": date(2025, 12, 2)},
            sessions=[{"id": event.sessions[0].id, "title_ko": "하나", "date": date(2025, 12, 9)}],
        )
    assert caught.value.row == 0
    with db.read() as s:
        assert s.get(Event, event.id).start_date == date(2025, 12, 8)


def test_stale_version_is_a_conflict(db):
    event = save_event(db, None, FIELDS, sessions=[{"title_ko": "하나"}])
    save_event(
        db, event.id, {"city": "Montréal"}, sessions=[{"id": event.sessions[0].id, "title_ko": "하나"}]
    )
    with pytest.raises(ConflictError):
        save_event(
            db,
            event.id,
            {"city": "Ottawa"},
            sessions=[{"id": event.sessions[0].id, "title_ko": "하나"}],
            expected_version=event.version,
        )
    with db.read() as s:
        assert s.get(Event, event.id).city == "Montréal"


def test_agreement_with_parties_topics_and_a_month_signing_date(db, topics):
    a = records.create(db, Organization, {"name_ko": "과학기술정보통신부"}).id
    b = records.create(db, Organization, {"name_ko": "캐나다 혁신과학경제개발부"}).id
    saved = save_agreement(
        db,
        None,
        {"title_ko": "한-캐나다 디지털 협력 MOU", "signed": "'25.10월"},
        party_ids=[a, b],
        topic_ids=[topics[0]],
    )
    assert saved.signed_date == date(2025, 10, 1)
    assert saved.signed_precision is DatePrecision.MONTH
    assert {p.id for p in saved.parties} == {a, b}  # links keep no order
    updated = save_agreement(db, saved.id, {}, party_ids=[b], topic_ids=[topics[0]], expected_version=1)
    assert [p.id for p in updated.parties] == [b] and updated.version == 2
    day = save_agreement(db, saved.id, {"signed": PrecisionDate(date(2025, 10, 29))}, party_ids=[b])
    assert day.signed_date == date(2025, 10, 29) and day.signed_precision is DatePrecision.DAY
    with pytest.raises(ConflictError):
        save_agreement(db, saved.id, {"title_en": "x"}, party_ids=[b], expected_version=1)


@pytest.mark.parametrize(
    "signed", ["'25.10.28.~29.", PrecisionDate(date(2025, 10, 28), end=date(2025, 10, 29))]
)
def test_a_signing_date_is_never_a_range(db, signed):
    set_language("ko")
    with pytest.raises(ValidationError) as caught:
        save_agreement(db, None, {"title_ko": "협정", "signed": signed})
    assert caught.value.field == "signed_date"
    assert "서명일" in caught.value.message()
    assert _count(db, Agreement) == 0
