"""A copy made for sharing (대외비 masked or left out) that comes back, to the officer who made
it or to a colleague who imports it twice, never turns the records it came from into
[대외비] or cuts their links: a calendar opened in Outlook and saved, a JSON file passed
round the division and imported again."""

from __future__ import annotations

import json
import shutil
from datetime import time
from pathlib import Path

import icalendar
import pytest
import sqlalchemy as sa

from tracker.db.models import Action, Agreement, KeyPoint, Meeting
from tracker.db.store import open_database
from tracker.domain.enums import Classification
from tracker.export.demo import load_demo
from tracker.export.icalendar_io import export_ics, import_ics
from tracker.export.interchange import ImportRejected, commit_import, export_json, import_file, plan_import
from tracker.services.confidentiality import MASK, Restricted


def _snapshot(db, meeting_id) -> dict:  # type: ignore[no-untyped-def]
    """What an officer sees of the meeting and what hangs off it."""
    with db.read() as s:
        m = s.get(Meeting, meeting_id)
        points = sorted(
            kp.text for kp in s.scalars(sa.select(KeyPoint).where(KeyPoint.meeting_id == meeting_id))
        )
        actions = sorted(
            (a.title, str(a.owner_id), str(a.counterpart_id), str(a.due_date))
            for a in s.scalars(sa.select(Action).where(Action.meeting_id == meeting_id))
        )
        signed = sorted(
            a.id for a in s.scalars(sa.select(Agreement).where(Agreement.meeting_id == meeting_id))
        )
        return {
            "title": m.title,
            "location": m.location,
            "summary": m.summary,
            "points": points,
            "actions": actions,
            "agreements": signed,
            "classification": m.classification,
        }


@pytest.fixture
def secret(db):  # type: ignore[no-untyped-def]
    """The demo with one meeting 대외비 and an agreement signed at it."""
    load_demo(db)
    with db.transaction() as s:
        m = s.scalars(sa.select(Meeting).order_by(Meeting.date, Meeting.title)).first()
        m.classification = Classification.RESTRICTED
        m.location = m.location or "회의실 A"
        agreement = s.scalars(sa.select(Agreement)).first()
        agreement.meeting_id = m.id
        meeting_id = m.id
    assert _snapshot(db, meeting_id)["points"], "the demo meeting has key points"
    return db, meeting_id


def test_a_masked_calendar_imported_back_keeps_the_meetings_words(secret, tmp_path: Path) -> None:
    db, meeting_id = secret
    before = _snapshot(db, meeting_id)
    path = tmp_path / "shared.ics"
    export_ics(db, path, restricted=Restricted.MASK)
    assert f"SUMMARY:{MASK}" in path.read_text(encoding="utf-8")
    import_ics(db, path)
    assert _snapshot(db, meeting_id) == before


def test_a_masked_meeting_moved_in_outlook_moves_but_keeps_its_title(secret, tmp_path: Path) -> None:
    db, meeting_id = secret
    before = _snapshot(db, meeting_id)
    path = tmp_path / "shared.ics"
    export_ics(db, path, restricted=Restricted.MASK)
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    for ev in cal.walk("VEVENT"):
        if (
            str(ev.get("summary")) == MASK
            and str(ev.get("x-tracker-kind", "")) != "itinerary"
            and isinstance(ev["dtstart"].dt, type(ev["dtstart"].dt))
            and hasattr(ev["dtstart"].dt, "hour")
        ):
            ev["dtstart"].dt = ev["dtstart"].dt.replace(hour=16, minute=0)
            ev["dtend"].dt = ev["dtend"].dt.replace(hour=17, minute=0)
    path.write_bytes(cal.to_ical())
    import_ics(db, path)
    with db.read() as s:
        assert s.get(Meeting, meeting_id).start_time == time(16, 0)
    assert _snapshot(db, meeting_id) == before


def test_a_masked_item_nobody_has_is_listed_not_created(db, tmp_path: Path) -> None:
    path = tmp_path / "colleague.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\nUID:abc-1@example.org\r\n"
        b"DTSTAMP:20251201T000000Z\r\nDTSTART:20251208T090000Z\r\nDTEND:20251208T100000Z\r\n"
        + f"SUMMARY:{MASK}\r\n".encode()
        + b"CLASS:CONFIDENTIAL\r\nX-TRACKER-MASKED:TRUE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    preview = import_ics(db, path)
    assert preview.items == [] and len(preview.skipped) == 1
    with db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


@pytest.mark.parametrize("mode", ["mask", "omit"])
def test_a_sharing_file_imported_back_changes_nothing(secret, tmp_path: Path, mode: str) -> None:
    db, meeting_id = secret
    before = _snapshot(db, meeting_id)
    path = tmp_path / f"shared-{mode}.json"
    export_json(db, path, restricted=mode)
    result = import_file(db, path)
    assert result.updated == 0
    assert _snapshot(db, meeting_id) == before


def test_a_colleague_still_gets_the_masked_meeting_as_a_placeholder(
    secret, _migrated_template, tmp_path: Path
) -> None:
    db, meeting_id = secret
    path = tmp_path / "shared.json"
    export_json(db, path, restricted="mask")
    shutil.copyfile(_migrated_template, tmp_path / "colleague.sqlite3")
    other, _ = open_database(tmp_path / "colleague.sqlite3")
    commit_import(other, plan_import(other, path))
    with other.read() as s:
        assert s.get(Meeting, meeting_id).title == MASK


def test_a_sharing_files_list_of_altered_records_must_be_a_list(secret, tmp_path: Path) -> None:
    db, _ = secret
    path = tmp_path / "shared.json"
    export_json(db, path, restricted="mask")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["shared"]["altered"] = {"meetings": "all"}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        plan_import(db, path)
    assert "altered" in str(err.value)
