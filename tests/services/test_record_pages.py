"""Every record page comes as plain data (the screen never holds a database row), read in a
session where a relationship that was not loaded eagerly raises instead of querying per row."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import InvalidRequestError

from tracker.db.base import Base
from tracker.db.models import (
    Action,
    Agreement,
    Channel,
    Event,
    Meeting,
    MeetingParticipant,
    Organization,
    Person,
    Topic,
    Trip,
)
from tracker.domain.enums import Side
from tracker.export.demo import load_demo
from tracker.services import record_pages
from tracker.services.reading import strict_read

PAGES = {
    Meeting: record_pages.meeting_page,
    Trip: record_pages.trip_page,
    Person: record_pages.person_page,
    Organization: record_pages.organization_page,
    Action: record_pages.action_page,
    Event: record_pages.event_page,
    Agreement: record_pages.agreement_page,
    Channel: record_pages.channel_page,
    Topic: record_pages.topic_page,
}


@pytest.fixture
def demo(db):
    load_demo(db)
    return db


def _rows_in(value, seen=None):
    """Every database row reachable from a page's fields (there must be none)."""
    if isinstance(value, Base):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _rows_in(getattr(value, f.name))
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _rows_in(item)


def _ids(db, model) -> list[uuid.UUID]:
    with db.engine.connect() as conn:
        return list(conn.scalars(sa.select(model.id)))


@pytest.mark.parametrize("model", list(PAGES), ids=lambda m: m.__tablename__)
def test_every_page_of_the_demo_is_plain_data(demo, model):
    ids = _ids(demo, model)
    assert ids
    for key in ids:
        page = PAGES[model](demo, key)
        assert dataclasses.is_dataclass(page) and page.id == key
        assert list(_rows_in(page)) == []


def test_a_meetings_page_has_both_delegations_its_points_and_follow_ups(demo):
    with demo.engine.connect() as conn:
        meeting_id = conn.scalar(sa.select(Meeting.id).where(Meeting.title == "한-미 상무부 양자면담"))
        heads = dict(
            conn.execute(
                sa.select(MeetingParticipant.side, sa.func.count())
                .where(MeetingParticipant.meeting_id == meeting_id)
                .group_by(MeetingParticipant.side)
            ).all()
        )
        follow_ups = set(conn.scalars(sa.select(Action.title).where(Action.meeting_id == meeting_id)))
    page = record_pages.meeting_page(demo, meeting_id)
    assert len(page.our_side) == heads[Side.US] and len(page.their_side) == heads[Side.THEM]
    assert "과기정통부 제2차관" in [a.label for a in page.our_side]
    assert any("William Kimmitt" in a.label for a in page.their_side)
    assert page.key_points and all(kp.text for kp in page.key_points)
    assert {a.title for a in page.actions} == follow_ups and follow_ups


def test_a_persons_page_lists_the_meetings_they_attended(demo):
    with demo.engine.connect() as conn:
        person_id, attended = conn.execute(
            sa.select(MeetingParticipant.person_id, sa.func.count(sa.distinct(MeetingParticipant.meeting_id)))
            .where(MeetingParticipant.person_id.is_not(None))
            .group_by(MeetingParticipant.person_id)
            .order_by(sa.func.count().desc())
            .limit(1)
        ).one()
    page = record_pages.person_page(demo, person_id)
    assert len(page.meetings) == attended > 1
    dates = [m.date for m in page.meetings]
    assert dates == sorted(dates, reverse=True)
    assert page.positions and page.name


def test_in_a_page_session_a_relationship_not_loaded_raises(demo):
    with demo.read() as s:  # an ordinary session quietly runs one more query
        action = s.scalars(sa.select(Action).where(Action.owner_id.is_not(None)).limit(1)).one()
        assert action.owner.name_ko
    with strict_read(demo) as s, pytest.raises(InvalidRequestError, match="lazy='raise'"):
        action = s.scalars(sa.select(Action).where(Action.owner_id.is_not(None)).limit(1)).one()
        _ = action.owner


def test_a_page_that_forgets_an_eager_load_fails_instead_of_querying_per_row(demo, monkeypatch):
    with demo.engine.connect() as conn:
        meeting_id = conn.scalar(sa.select(Meeting.id).limit(1))
    monkeypatch.setattr(record_pages, "MEETING_DETAIL", ())  # the participants no longer asked for
    with pytest.raises(InvalidRequestError, match="participants"):
        record_pages.meeting_page(demo, meeting_id)
