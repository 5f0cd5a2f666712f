"""The one rule for restricted (대외비) meetings in everything that leaves tracker: the trip
report in every format, briefing and handover packs, calendar files, list exports and a JSON
file made for sharing.

A meeting classified 대외비 carries with it everything that hangs off it: its key points and
outcomes, its counterpart (country, organizations, people, on both sides), its place, its
follow-ups (their text, owner and deadline), the itinerary line that points at it and its
photos. A key point classified 대외비 carries its own text and the follow-ups made from it.

- include: shown, and the output says it holds 대외비 items (a document's marking, CLASS in
  a calendar).
- mask: the meeting stays as a fact with a date, a time and a kind, and every word of its
  content is [대외비]: title, counterpart, place, attendees, points, outcome; its itinerary line
  keeps its date and time and reads [대외비]; its follow-ups keep who owes them (us / them) and
  their status and read [대외비], with no owner and no deadline; its photos are left out.
- omit: the meeting, its itinerary line, its follow-ups and photos are left out as if they
  did not exist (numbering closes up).

On a team database the server applies the same rule before any of this: a user without the
tracker_confidential role never reads a 대외비 meeting, trip or key point, nor what hangs off
them (row-level security, migration 0010, tracker/db/roles.py), so these modes only decide
what a cleared user's output shows. The conditions below then find nothing restricted for an
uncleared user, which is right: there is nothing of it to show.

Qt-free and database-free apart from the SQL conditions at the bottom, so every writer asks
the same questions.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tracker.db.models import Action, ItineraryItem, KeyPoint, Meeting
from tracker.domain.enums import Classification, StrEnum

MASK = "[대외비]"
RESTRICTED_MARK = "대외비"


class Restricted(StrEnum):
    """What becomes of items classified 대외비."""

    INCLUDE = "include"  # shown, and the document is marked 대외비
    MASK = "mask"  # the text is replaced by [대외비]
    OMIT = "omit"  # left out, numbering closes up


def is_restricted(classification: Any) -> bool:
    return classification == Classification.RESTRICTED


def meeting_restricted(meeting: Meeting | None) -> bool:
    return meeting is not None and is_restricted(meeting.classification)


def action_restricted(action: Action) -> bool:
    """A follow-up is as restricted as the meeting or the key point it comes from."""
    return meeting_restricted(action.meeting) or (
        action.key_point is not None and is_restricted(action.key_point.classification)
    )


def shown(text: str, restricted: bool, mode: Restricted) -> str | None:
    """A piece of restricted content as an output may show it: itself, [대외비], or None
    (leave it out)."""
    if not restricted or mode is Restricted.INCLUDE:
        return text
    return MASK if mode is Restricted.MASK else None


# ------------------------------------------------------------------ the same rule in SQL


def restricted_meeting_sql(meeting_id: Any) -> sa.ColumnElement[bool]:
    """`meeting_id` (a column) names a restricted meeting."""
    return sa.exists().where(Meeting.id == meeting_id, Meeting.classification == Classification.RESTRICTED)


def action_restricted_sql() -> sa.ColumnElement[bool]:
    return sa.or_(
        restricted_meeting_sql(Action.meeting_id),
        sa.exists().where(
            KeyPoint.id == Action.key_point_id, KeyPoint.classification == Classification.RESTRICTED
        ),
    )


def itinerary_restricted_sql() -> sa.ColumnElement[bool]:
    return restricted_meeting_sql(ItineraryItem.meeting_id)


# Lists (by their listing name): the condition that makes a row restricted and the columns a
# masked row keeps. Every other column of such a row reads [대외비].
LIST_RULES: dict[str, tuple[Any, frozenset[str]]] = {
    "meetings": (
        lambda: Meeting.classification == Classification.RESTRICTED,
        frozenset({"date", "start_time", "kind"}),
    ),
    "actions": (action_restricted_sql, frozenset({"owed_by", "status"})),
}


def list_rule(listing_name: str) -> tuple[sa.ColumnElement[bool], frozenset[str]] | None:
    rule = LIST_RULES.get(listing_name)
    return (rule[0](), rule[1]) if rule is not None else None
