"""What the .ics files of tracker say about themselves: the PRODID, the kinds of records a
calendar may hold, how a follow-up's status and priority are written, the UID of a record
(its id + "@tracker") and the mark of an item whose 대외비 text was masked.
"""

from __future__ import annotations

import uuid

from tracker.domain.enums import ActionStatus, Priority
from tracker.domain.i18n import pick

PRODID = "-//tracker//International cooperation records//KO"
UID_SUFFIX = "@tracker"
KINDS = ("meetings", "events", "trips", "actions")
ALL_KINDS = (*KINDS, "itinerary")
DEFAULT_ZONE = "Asia/Seoul"
MAX_PROBLEMS = 20

STATUS_OUT = {
    ActionStatus.OPEN: "NEEDS-ACTION",
    ActionStatus.IN_PROGRESS: "IN-PROCESS",
    ActionStatus.DONE: "COMPLETED",
    ActionStatus.DROPPED: "CANCELLED",
}
PRIORITY_OUT = {Priority.HIGH: 1, Priority.NORMAL: 5, Priority.LOW: 9}  # RFC 5545 3.8.1.9


def uid_of(record_id: uuid.UUID | str) -> str:
    return f"{record_id}{UID_SUFFIX}"


def record_id_of(uid: str) -> uuid.UUID | None:
    """The record id inside one of our UIDs, or None for a foreign UID."""
    text = uid.strip()
    if not text.lower().endswith(UID_SUFFIX):
        return None
    try:
        return uuid.UUID(text[: -len(UID_SUFFIX)])
    except ValueError:
        return None


# On every item written as [대외비]: its text is not the record's, so a reader that knows
# the record by its UID must not take the text back.
MASKED_PROPERTY = "x-tracker-masked"


def RESTRICTED_NOTE() -> str:  # noqa: N802  (a message, in the language of the moment)
    return pick("대외비: 내용은 tracker에서 확인하세요.", "Restricted: see tracker for the content.")
