"""Saving a trip a colleague saved while this user was editing it: their version merged with
the editor's (the fields, and destinations, travellers, itinerary lines and events row by
row: rows each added are all kept, a row removed on one side and untouched on the other
goes), the user asked about what both changed, then saved over their version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain.errors import DomainError
from tracker.services import trip_form
from tracker.services.trip_form import TripDraft
from tracker.ui import record_conflicts

if TYPE_CHECKING:
    from tracker.ui.trip_editor import TripEditor


def save_merged(editor: TripEditor, refused: DomainError) -> TripDraft | None:
    """The trip as saved after the merge; None, with nothing saved and the editor as the user
    left it, when they go back from the question or the merged trip is refused (said)."""
    assert editor.trip_id is not None
    theirs = trip_form.trip_draft(editor.db, editor.trip_id)
    versions = (editor._loaded, editor.payload(), trip_form.unchanged_payload(theirs))
    return record_conflicts.save_merged(
        editor,
        "trips",
        editor.trip_id,
        tuple(trip_form.payload_parts(v) for v in versions),
        trip_form.TRIP_LISTS,
        refused,
        lambda fields, lists: trip_form.save_trip(
            editor.db, editor.trip_id, trip_form.parts_payload(fields, lists), theirs.version
        ),
    )
