"""What the follow-up list asks of the services besides its pages: the topics of its filter as
plain values in the interface language, and the list as a spreadsheet export reads it."""

from __future__ import annotations

import dataclasses
from datetime import date

import sqlalchemy as sa

from tracker.db.models import Action, Topic
from tracker.domain import i18n
from tracker.domain.enums import ActionStatus, OwedBy
from tracker.export.demo import load_demo
from tracker.services import actions, followup_list
from tracker.services import listing as listing_service
from tracker.services.actions import ActionFilter
from tracker.services.reminders import FollowupQuery


def test_topic_choices_are_plain_values_named_in_the_interface_language(db) -> None:
    load_demo(db)
    with db.read() as s:
        topics = s.execute(sa.select(Topic.id, Topic.name_ko, Topic.name_en).order_by(Topic.name_ko)).all()
    i18n.set_language("ko")
    korean = followup_list.topic_choices(db)
    i18n.set_language("en")
    english = followup_list.topic_choices(db)
    assert all(dataclasses.is_dataclass(c) for c in english)
    assert [c.id for c in korean] == [c.id for c in english] == [t.id for t in topics]
    assert [c.label for c in korean] == [t.name_ko for t in topics]
    assert [c.label for c in english] == [t.name_en or t.name_ko for t in topics]
    assert any(t.name_en and t.name_en != t.name_ko for t in topics)  # the languages differ somewhere


def _exported(db, source) -> set:  # noqa: ANN001
    rows = listing_service.fetch(db, source.listing, text=source.text, where=source.where, limit=1000)
    return {r[0] for r in rows}


def test_the_export_source_follows_the_filters_and_the_closed_toggle(db) -> None:
    load_demo(db)
    with db.read() as s:
        both = set(s.scalars(sa.select(Action.id).where(Action.owed_by == OwedBy.BOTH)))
    closed = next(iter(both))
    actions.set_status(db, closed, ActionStatus.DONE, on=date(2026, 3, 16))
    query = FollowupQuery(ActionFilter(owed_by=OwedBy.BOTH))
    assert _exported(db, followup_list.export_source(query, show_closed=False)) == both - {closed}
    assert _exported(db, followup_list.export_source(query, show_closed=True)) == both
