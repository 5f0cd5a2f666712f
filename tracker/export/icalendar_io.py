"""iCalendar (.ics, RFC 5545) out and in.

Out: meetings as timed VEVENTs in the meeting's own zone (DTSTART;TZID=America/Toronto, with
the VTIMEZONE written by `icalendar`), events as all-day spans or, when a one-day event's
sessions give times, timed, with their RRULE rebuilt through `vRecur` (UNTIL in UTC with `Z`
for a timed series, a DATE for an all-day one); trips as all-day spans; itinerary lines if
asked; follow-ups as VTODOs whose DUE is a DATE — a deadline known only to the month is
written as the month's last day and says so in DESCRIPTION (and in X-TRACKER-DUE). Every UID
is the record's id + "@tracker", so a calendar that imports the file twice updates instead of
duplicating, and so does this module.

A series goes out with its cancelled dates (EXDATE) and extra dates (RDATE), each at the
series' hour for a timed series, and each occurrence changed on its own as a VEVENT with the
series' UID and a RECURRENCE-ID naming the occurrence it replaces; they come back in the same
way (a RECURRENCE-ID with STATUS:CANCELLED, as Google writes some, is a cancelled date), a
changed occurrence before its series in the file included.

In: `preview_ics` reads a file (ours, Outlook's, Google's) and says what would happen —
new meetings and events, updates of records it already knows, likely duplicates — without
writing; `commit_ics` then applies it in one transaction. A file that cannot be read whole
(not iCalendar, an event without DTSTART, a time zone nobody knows) is refused with a message
in the user's language, and the database is not touched.

Foreign UIDs are kept in the record's notes as a line "UID: ..." until events and meetings
get an `ical_uid` column (see the note in the hand-over).

The code lives in tracker.export.ics_*: ics_names (UIDs and constants), ics_tzid (TZID to
IANA), ics_export_events / ics_export_todos / ics_export (writing), ics_read (a file's values),
ics_match (finding the record here), ics_occurrences (series changed on their own), ics_preview
and ics_import (reading in). This module keeps the names other code imports.
"""

from __future__ import annotations

from tracker.export.ics_export import build_calendar, export_ics
from tracker.export.ics_export_todos import due_note
from tracker.export.ics_import import commit_ics, import_ics, preview_ics
from tracker.export.ics_names import (
    ALL_KINDS,
    DEFAULT_ZONE,
    KINDS,
    MASKED_PROPERTY,
    MAX_PROBLEMS,
    PRIORITY_OUT,
    PRODID,
    RESTRICTED_NOTE,
    STATUS_OUT,
    UID_SUFFIX,
    record_id_of,
    uid_of,
)
from tracker.export.ics_preview import IcsItem, IcsPreview
from tracker.export.ics_tzid import WINDOWS_ZONES, resolve_tzid

__all__ = [
    "ALL_KINDS",
    "DEFAULT_ZONE",
    "IcsItem",
    "IcsPreview",
    "KINDS",
    "MASKED_PROPERTY",
    "MAX_PROBLEMS",
    "PRIORITY_OUT",
    "PRODID",
    "RESTRICTED_NOTE",
    "STATUS_OUT",
    "UID_SUFFIX",
    "WINDOWS_ZONES",
    "build_calendar",
    "commit_ics",
    "due_note",
    "export_ics",
    "import_ics",
    "preview_ics",
    "record_id_of",
    "resolve_tzid",
    "uid_of",
]
