"""What the follow-up list screen asks beyond its pages (`services.reminders.bucket_page`), as
plain values: the topics its filter offers, and the list as it stands in the form a spreadsheet
export takes. The screen builds no SQL: its filters stay a `FollowupQuery`, turned into
conditions here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import Action, Topic
from tracker.domain.i18n import pick
from tracker.services import listing as listing_service
from tracker.services.actions import OPEN_STATUSES
from tracker.services.listing import Listing
from tracker.services.reminders import FollowupQuery


@dataclass(frozen=True)
class TopicChoice:
    id: uuid.UUID
    label: str  # in the interface language when the topic has an English name


def topic_choices(db: Database) -> list[TopicChoice]:
    """Every topic, in Korean alphabetical order (as the filter lists them)."""
    stmt = sa.select(Topic.id, Topic.name_ko, Topic.name_en).order_by(Topic.name_ko)
    with db.read() as s:
        return [
            TopicChoice(key, pick(name_ko, name_en or name_ko)) for key, name_ko, name_en in s.execute(stmt)
        ]


@dataclass(frozen=True)
class ListSource:
    """What `ui.list_export.export_list` reads of a list: its listing, filter text, conditions
    (opaque to the screen) and sort."""

    listing: Listing
    text: str | None
    where: tuple[Any, ...]
    sort_column: int = 0
    descending: bool = False


def export_source(query: FollowupQuery, show_closed: bool) -> ListSource:
    """The follow-ups listing with the list's filters as conditions; closed ones only when the
    list shows them."""
    where = query.where(sa.select(Action.id)).whereclause
    conditions = [] if where is None else [where]
    if not show_closed:
        conditions.append(Action.status.in_(OPEN_STATUSES))
    return ListSource(listing=listing_service.ACTIONS, text=None, where=tuple(conditions))
