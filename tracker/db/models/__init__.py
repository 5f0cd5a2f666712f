"""All models, imported so that `Base.metadata` knows every table."""

from tracker.db.models.action import Action
from tracker.db.models.agreement import Agreement, agreement_parties
from tracker.db.models.attachment import Attachment
from tracker.db.models.audit import AuditEntry
from tracker.db.models.channel import Channel
from tracker.db.models.country import Country
from tracker.db.models.event import Event, EventSession
from tracker.db.models.meeting import KeyPoint, Meeting, MeetingParticipant, meeting_organizations
from tracker.db.models.organization import Organization
from tracker.db.models.person import Person, Position
from tracker.db.models.topic import (
    Topic,
    action_topics,
    agreement_topics,
    event_topics,
    meeting_topics,
)
from tracker.db.models.trip import ItineraryItem, Trip, TripDestination, TripMember, trip_events

__all__ = [
    "Action",
    "Agreement",
    "Attachment",
    "AuditEntry",
    "Channel",
    "Country",
    "Event",
    "EventSession",
    "ItineraryItem",
    "KeyPoint",
    "Meeting",
    "MeetingParticipant",
    "Organization",
    "Person",
    "Position",
    "Topic",
    "Trip",
    "TripDestination",
    "TripMember",
    "action_topics",
    "agreement_parties",
    "agreement_topics",
    "event_topics",
    "meeting_organizations",
    "meeting_topics",
    "trip_events",
]
