"""iCalendar out and in: the demo data read back by the independent `icalendar` parser and
checked again in the raw text; time zones, recurrence rules and to-dos as RFC 5545 wants them;
a round trip into an empty database; an Outlook file; and malformed files refused whole."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import sqlalchemy as sa
from dateutil.rrule import rrulestr

from tracker.db.models import Action, Event, Meeting, Trip
from tracker.domain import i18n
from tracker.domain.enums import ActionStatus
from tracker.domain.errors import DomainError
from tracker.export.demo import load_demo
from tracker.export.icalendar_io import (
    ALL_KINDS,
    commit_ics,
    export_ics,
    import_ics,
    preview_ics,
    record_id_of,
    resolve_tzid,
    uid_of,
)
from tracker.export.interchange import ImportRejected, to_uuid
from tracker.services import actions, events, records

US_DOC = to_uuid("meeting:g7-2025-us-doc")
MILA = to_uuid("meeting:g7-2025-mila")
G7 = to_uuid("event:g7-idt-ministerial-2025")
TRIP = to_uuid("trip:g7-montreal-2025")
OECD_ACTION = to_uuid("action:g7-2025-oecd-digital-summit")  # due '26.10월, high priority
TOKYO_ACTION = to_uuid("action:g7-2025-japan-tokyo-ministerial")  # due '26.3.15.~16.
VISA_ACTION = to_uuid("action:g7-2025-us-visa")
GENESIS_ACTION = to_uuid("action:g7-2025-us-genesis-mission")


@pytest.fixture
def demo(db):
    load_demo(db)
    return db


@pytest.fixture
def empty(tmp_path):
    from tracker.db.store import open_database

    database, _ = open_database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    yield database
    database.dispose()


def _export(db, tmp_path: Path, **kw) -> tuple[str, icalendar.Calendar]:
    path = tmp_path / "out.ics"
    export_ics(db, path, **kw)
    raw = path.read_bytes()
    return raw.decode("utf-8"), icalendar.Calendar.from_ical(raw)


def _unfold(text: str) -> str:
    return text.replace("\r\n ", "").replace("\r\n\t", "")


def _block(text: str, uid: str) -> str:
    """The raw lines of the component whose UID is `uid` (unfolded)."""
    for part in _unfold(text).split("BEGIN:")[1:]:
        if f"\r\nUID:{uid}\r\n" in f"\r\n{part}":
            return part
    raise AssertionError(f"no component with UID {uid}")


def _by_uid(cal: icalendar.Calendar) -> dict[str, icalendar.cal.Component]:
    return {str(c["UID"]): c for c in cal.walk() if c.name in ("VEVENT", "VTODO")}


def _counts(db) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.__tablename__: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in (Meeting, Event, Trip, Action)
        }


# ------------------------------------------------------------------ export


def test_export_of_the_demo_data_is_read_back_by_the_icalendar_parser(demo, tmp_path):
    text, cal = _export(demo, tmp_path, kinds=ALL_KINDS)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded as RFC 5545 says
    comps = _by_uid(cal)
    with demo.read() as s:
        n_meetings = s.scalar(sa.select(sa.func.count()).select_from(Meeting))
        n_actions = s.scalar(sa.select(sa.func.count()).select_from(Action))
    assert len([c for c in comps.values() if c.name == "VTODO"]) == n_actions
    assert len([c for c in comps.values() if c.get("X-TRACKER-KIND") == "meeting"]) == n_meetings
    for uid, comp in comps.items():
        assert uid.endswith("@tracker") and record_id_of(uid) is not None
        assert comp.get("DTSTAMP") is not None
        assert not comp.errors
    assert uid_of(US_DOC) in comps and uid_of(TRIP) in comps and uid_of(G7) in comps


def test_g7_meetings_carry_toronto_time_and_its_vtimezone(demo, tmp_path):
    text, cal = _export(demo, tmp_path)
    block = _block(text, uid_of(US_DOC))
    assert "DTSTART;TZID=America/Toronto:20251208T093500\r\n" in block
    assert "DTEND;TZID=America/Toronto:20251208T095500\r\n" in block
    assert "LOCATION:Le Westin Montreal Hotel\r\n" in block
    assert "DESCRIPTION:" in block and "▪ " in block  # the key points
    mila = _block(text, uid_of(MILA))
    assert "DTSTART;TZID=America/Toronto:20251209T170000" in mila
    assert "DTEND;TZID=America/Toronto:20251209T181000" in mila
    # The zone is defined in the file itself, and says EST (-05:00) in December.
    assert "BEGIN:VTIMEZONE\r\nTZID:America/Toronto\r\n" in text
    zones = {str(tz["TZID"]): tz for tz in cal.walk("VTIMEZONE")}
    assert "America/Toronto" in zones
    tz = zones["America/Toronto"].to_tz()
    assert datetime(2025, 12, 8, 9, 35, tzinfo=tz).utcoffset() == timedelta(hours=-5)
    # The parser reads the right instant: 09:35 in Montreal is 14:35 UTC.
    start = _by_uid(cal)[uid_of(US_DOC)]["DTSTART"].dt
    assert start.astimezone(UTC) == datetime(2025, 12, 8, 14, 35, tzinfo=UTC)
    assert start.replace(tzinfo=None) == datetime(2025, 12, 8, 9, 35)


def test_event_and_trip_are_all_day_spans(demo, tmp_path):
    text, cal = _export(demo, tmp_path)
    comps = _by_uid(cal)
    g7 = comps[uid_of(G7)]
    assert g7["DTSTART"].dt == date(2025, 12, 8) and g7["DTEND"].dt == date(2025, 12, 10)  # exclusive end
    assert "DTSTART;VALUE=DATE:20251208" in _block(text, uid_of(G7))
    trip = comps[uid_of(TRIP)]
    assert (trip["DTSTART"].dt, trip["DTEND"].dt) == (date(2025, 12, 6), date(2025, 12, 12))
    assert str(trip["LOCATION"]) == "캐나다(몬트리올)"


def test_rrule_is_valid_with_until_in_utc(demo, tmp_path):
    timed = events.create_event(
        demo,
        {
            "name_ko": "한-캐 디지털 정책대화",
            "start_date": date(2026, 3, 10),
            "end_date": date(2026, 3, 10),
            "timezone": "America/Toronto",
            "recurrence": "FREQ=YEARLY;UNTIL=20300310",
        },
        sessions=[
            {
                "title_ko": "본회의",
                "date": date(2026, 3, 10),
                "start_time": time(9, 0),
                "end_time": time(12, 0),
            }
        ],
    )
    allday = events.create_event(
        demo,
        {
            "name_ko": "정책포럼 (격년)",
            "start_date": date(2026, 5, 4),
            "end_date": date(2026, 5, 6),
            "timezone": "Asia/Seoul",
            "recurrence": "FREQ=YEARLY;INTERVAL=2;UNTIL=20320101T000000",
        },
    )
    counted = events.create_event(
        demo,
        {
            "name_ko": "공동위원회",
            "start_date": date(2026, 6, 1),
            "end_date": date(2026, 6, 1),
            "timezone": "Asia/Seoul",
            "recurrence": "FREQ=YEARLY;COUNT=3",
        },
    )
    text, cal = _export(demo, tmp_path, kinds=("events",))
    comps = _by_uid(cal)

    block = _block(text, uid_of(timed.id))
    assert "DTSTART;TZID=America/Toronto:20260310T090000" in block
    # UNTIL of a timed series is UTC with Z: the end of 10 March 2030 in Toronto (EDT) = 03:59:59Z next day.
    assert "RRULE:FREQ=YEARLY;UNTIL=20300311T035959Z\r\n" in block
    ev = comps[uid_of(timed.id)]
    rule = rrulestr(
        ev["RRULE"].to_ical().decode(), dtstart=ev["DTSTART"].dt
    )  # dateutil refuses a naive UNTIL
    dates = [d.date() for d in rule]
    assert dates[0] == date(2026, 3, 10) and dates[-1] == date(2030, 3, 10) and len(dates) == 5

    # An all-day series has a DATE for UNTIL (RFC 5545: the same type as DTSTART).
    assert "RRULE:FREQ=YEARLY;UNTIL=20320101;INTERVAL=2\r\n" in _block(text, uid_of(allday.id))
    ev = comps[uid_of(allday.id)]
    assert [d.year for d in rrulestr(ev["RRULE"].to_ical().decode(), dtstart=ev["DTSTART"].dt)] == [
        2026,
        2028,
        2030,
    ]
    assert "RRULE:FREQ=YEARLY;COUNT=3\r\n" in _block(text, uid_of(counted.id))
    for comp in comps.values():
        if "RRULE" in comp:
            until = comp["RRULE"].get("UNTIL")
            if until and isinstance(comp["DTSTART"].dt, datetime):
                assert until[0].tzinfo is not None and until[0].utcoffset() == timedelta(0)


def test_followups_are_todos_with_a_date_due_and_status(demo, tmp_path):
    actions.set_status(demo, VISA_ACTION, ActionStatus.DONE, note="비자 협의 완료", on=date(2026, 2, 3))
    actions.set_status(demo, GENESIS_ACTION, ActionStatus.DROPPED, on=date(2026, 2, 4))
    actions.set_status(demo, TOKYO_ACTION, ActionStatus.IN_PROGRESS)
    text, cal = _export(demo, tmp_path, kinds=("actions",))
    comps = _by_uid(cal)
    assert {c.name for c in comps.values()} == {"VTODO"}

    oecd = _block(text, uid_of(OECD_ACTION))
    assert "DUE;VALUE=DATE:20261031\r\n" in oecd  # '26.10월: the month's last day, as a DATE
    assert "X-TRACKER-DUE:2026-10\r\n" in oecd
    assert "STATUS:NEEDS-ACTION\r\n" in oecd and "PRIORITY:1\r\n" in oecd
    desc = str(comps[uid_of(OECD_ACTION)]["DESCRIPTION"])
    assert "Oct 2026" in desc and "month" in desc
    assert comps[uid_of(OECD_ACTION)]["DUE"].dt == date(2026, 10, 31)

    tokyo = _block(text, uid_of(TOKYO_ACTION))
    assert "DUE;VALUE=DATE:20260316\r\n" in tokyo and "STATUS:IN-PROCESS\r\n" in tokyo
    visa = _block(text, uid_of(VISA_ACTION))
    assert "STATUS:COMPLETED\r\n" in visa and "COMPLETED:20260203T120000Z\r\n" in visa
    assert comps[uid_of(VISA_ACTION)]["COMPLETED"].dt.date() == date(2026, 2, 3)
    assert "STATUS:CANCELLED\r\n" in _block(text, uid_of(GENESIS_ACTION))
    assert "PRIORITY:5\r\n" in visa


def test_month_precision_is_noted_in_korean(demo, tmp_path):
    i18n.set_language("ko")
    text, cal = _export(demo, tmp_path, kinds=("actions",))
    desc = str(_by_uid(cal)[uid_of(OECD_ACTION)]["DESCRIPTION"])
    assert "'26.10월" in desc and "월 단위" in desc


def test_filters_by_kind_country_and_dates(demo, tmp_path):
    _, cal = _export(demo, tmp_path, kinds=("meetings",), country="CA")
    comps = _by_uid(cal).values()
    assert {str(c["SUMMARY"]) for c in comps} == {"한-캐나다 양자면담", "밀라-퀘벡 AI 연구소 현장방문"}
    _, cal = _export(
        demo, tmp_path, kinds=("meetings", "events"), start=date(2025, 12, 9), end=date(2025, 12, 9)
    )
    titles = {str(c["SUMMARY"]) for c in _by_uid(cal).values()}
    assert "한-독 양자면담" in titles and "G7 산업 및 디지털·기술 장관회의" in titles
    assert "한-미 상무부 양자면담" not in titles  # on the 8th
    _, cal = _export(demo, tmp_path, kinds=("trips",), country="JP")
    assert _by_uid(cal) == {}
    with pytest.raises(DomainError):
        export_ics(demo, tmp_path / "x.ics", kinds=("nonsense",))


def test_export_writes_atomically(demo, tmp_path):
    path = tmp_path / "cal.ics"
    path.write_text("old")
    n = export_ics(demo, path)
    assert n > 0 and path.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


# ------------------------------------------------------------------ round trip


def test_round_trip_into_an_empty_database_keeps_meetings_and_events_by_uid(demo, empty, tmp_path):
    path = tmp_path / "all.ics"
    export_ics(demo, path, kinds=("meetings", "events", "trips"))
    preview = preview_ics(empty, path)
    assert preview.duplicates == []
    commit_ics(empty, preview)

    def meetings(db):
        with db.read() as s:
            return {
                m.id: (m.title, m.date, m.start_time, m.end_time, m.timezone, m.location)
                for m in s.scalars(sa.select(Meeting))
            }

    def evs(db):
        with db.read() as s:
            return {
                e.id: (e.name_ko, e.start_date, e.end_date, e.timezone, e.recurrence)
                for e in s.scalars(sa.select(Event))
            }

    def trips(db):
        with db.read() as s:
            return {
                t.id: (t.title, t.start_date, t.end_date, t.destination) for t in s.scalars(sa.select(Trip))
            }

    assert meetings(empty) == meetings(demo)
    assert evs(empty) == evs(demo)
    assert trips(empty) == trips(demo)
    # Importing the same file again updates what it created: no duplicates.
    again = preview_ics(empty, path)
    assert again.new == [] and len(again.updates) == len(again.items) > 0
    assert {i.match for i in again.items} == {"uid"}
    before = meetings(empty)
    commit_ics(empty, again)
    assert meetings(empty) == before


def test_our_uid_updates_that_record(demo, tmp_path):
    path = tmp_path / "m.ics"
    export_ics(demo, path, kinds=("meetings",), country="DE")
    text = path.read_text(encoding="utf-8")
    text = text.replace("20251209T130000", "20251209T133000").replace("20251209T131500", "20251209T134500")
    path.write_text(text, encoding="utf-8", newline="")
    preview = preview_ics(demo, path)
    assert [(i.action, i.match) for i in preview.items] == [("update", "uid")]
    commit_ics(demo, preview)
    m = records.get(demo, Meeting, to_uuid("meeting:g7-2025-germany"))
    assert (m.start_time, m.end_time, m.timezone) == (time(13, 30), time(13, 45), "America/Toronto")
    assert m.notes is None or "UID:" not in m.notes  # our own records need no UID note


# ------------------------------------------------------------------ Outlook


OUTLOOK = (
    "BEGIN:VCALENDAR\r\n"
    "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
    "VERSION:2.0\r\n"
    "METHOD:PUBLISH\r\n"
    "X-MS-OLK-FORCEINSPECTOROPEN:TRUE\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Korea Standard Time\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:16010101T000000\r\n"
    "TZOFFSETFROM:+0900\r\n"
    "TZOFFSETTO:+0900\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Eastern Standard Time\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:16011104T020000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\n"
    "TZOFFSETFROM:-0400\r\n"
    "TZOFFSETTO:-0500\r\n"
    "END:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "DTSTART:16010311T020000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\n"
    "TZOFFSETFROM:-0500\r\n"
    "TZOFFSETTO:-0400\r\n"
    "END:DAYLIGHT\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\n"
    "CLASS:PUBLIC\r\n"
    "CREATED:20260220T013512Z\r\n"
    "DESCRIPTION:한-베트남 디지털정부 협력 실무협의\\n의제: 공동 연구 및 인력교\r\n"
    " 류\\, 차기 공동위 일정\\n\r\n"
    'DTEND;TZID="Korea Standard Time":20260310T113000\r\n'
    "DTSTAMP:20260220T013512Z\r\n"
    'DTSTART;TZID="Korea Standard Time":20260310T100000\r\n'
    "LAST-MODIFIED:20260220T013512Z\r\n"
    "LOCATION:정부세종청사 4동 대회의실\r\n"
    'ORGANIZER;CN="Kim Minji":mailto:minji.kim@example.go.kr\r\n'
    'ATTENDEE;CN="Nguyen Van An";RSVP=TRUE:mailto:an.nguyen@example.gov.vn\r\n'
    "PRIORITY:5\r\n"
    "SEQUENCE:0\r\n"
    "SUMMARY;LANGUAGE=ko:한-베트남 디지털정부 실무협의\r\n"
    "TRANSP:OPAQUE\r\n"
    "UID:040000008200E00074C5B7101A82E00800000000D0A9C1B2F3A1DC01000000000000000\r\n"
    " 010000000B5E2A1A3E6A4F04E8B6F2C3D4E5F6A7B\r\n"
    "X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\n"
    "X-MICROSOFT-CDO-IMPORTANCE:1\r\n"
    "BEGIN:VALARM\r\n"
    "TRIGGER:-PT15M\r\n"
    "ACTION:DISPLAY\r\n"
    "DESCRIPTION:Reminder\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;VALUE=DATE:20260415\r\n"
    "DTEND;VALUE=DATE:20260418\r\n"
    "DTSTAMP:20260220T013512Z\r\n"
    "SUMMARY:World Summit on the Information Society (WSIS) Forum 2026\r\n"
    "LOCATION:Geneva\\, Switzerland\r\n"
    "UID:040000008200E00074C5B7101A82E0080000000060F1D2C3B4A5DC010000000000000000\r\n"
    "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "DTSTART;TZID=Eastern Standard Time:20251208T093500\r\n"
    "DTEND;TZID=Eastern Standard Time:20251208T095500\r\n"
    "DTSTAMP:20251201T090000Z\r\n"
    "SUMMARY:한-미 상무부 양자면담\r\n"
    "LOCATION:Le Westin Montreal Hotel\r\n"
    "UID:040000008200E00074C5B7101A82E00800000000AAAABBBBCCCCDC010000000000000000\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VTODO\r\n"
    "DTSTAMP:20260220T013512Z\r\n"
    "SUMMARY:Send the draft agenda\r\n"
    "UID:todo-1@example.go.kr\r\n"
    "END:VTODO\r\n"
    "END:VCALENDAR\r\n"
)


def test_resolve_tzid_maps_windows_and_vendor_names():
    assert resolve_tzid("Korea Standard Time") == "Asia/Seoul"
    assert resolve_tzid("Eastern Standard Time") == "America/New_York"
    assert resolve_tzid('"Tokyo Standard Time"') == "Asia/Tokyo"
    assert resolve_tzid("Asia/Seoul") == "Asia/Seoul"
    assert resolve_tzid("/mozilla.org/20050126_1/Europe/Berlin") == "Europe/Berlin"
    assert resolve_tzid("Mars/Olympus") is None
    assert resolve_tzid("Asia") is None and resolve_tzid("/example.org/2026/America") is None
    assert resolve_tzid("Customized Time Zone") is None


def test_outlook_file_creates_meetings_and_events_and_lists_duplicates(demo, tmp_path):
    path = tmp_path / "outlook.ics"
    path.write_bytes(OUTLOOK.encode("utf-8"))
    before = _counts(demo)
    preview = preview_ics(demo, path)
    assert _counts(demo) == before  # a preview writes nothing
    by_title = {i.title: i for i in preview.items}
    meeting = by_title["한-베트남 디지털정부 실무협의"]
    assert (meeting.kind, meeting.action) == ("meetings", "new")
    assert meeting.values["timezone"] == "Asia/Seoul"
    assert (meeting.values["date"], meeting.values["start_time"], meeting.values["end_time"]) == (
        date(2026, 3, 10),
        time(10, 0),
        time(11, 30),
    )
    assert meeting.uid.startswith("040000008200E00074C5B7101A82E008") and meeting.uid.endswith("F6A7B")
    wsis = by_title["World Summit on the Information Society (WSIS) Forum 2026"]
    assert (wsis.kind, wsis.action) == ("events", "new")
    assert (wsis.values["start_date"], wsis.values["end_date"]) == (date(2026, 4, 15), date(2026, 4, 17))
    assert wsis.values["venue"] == "Geneva, Switzerland"
    dup = by_title["한-미 상무부 양자면담"]
    assert (dup.action, dup.match, dup.record_id) == ("duplicate", "title_start", US_DOC)
    assert preview.duplicates == [dup]
    assert len(preview.skipped) == 1 and "VTODO" in preview.skipped[0]

    counts = commit_ics(demo, preview)
    assert counts == {"created": 2, "updated": 0, "left_alone": 1}
    after = _counts(demo)
    assert after["meetings"] == before["meetings"] + 1 and after["events"] == before["events"] + 1
    m = records.get(demo, Meeting, meeting.record_id)
    assert m.title == "한-베트남 디지털정부 실무협의" and m.location == "정부세종청사 4동 대회의실"
    assert m.start_time == time(10, 0) and m.timezone == "Asia/Seoul"
    assert "공동 연구 및 인력교류, 차기 공동위 일정" in m.agenda  # the folded line, unfolded
    assert f"UID: {meeting.uid}" in m.notes

    # The same file again: the foreign UIDs are known now.
    again = preview_ics(demo, path)
    acts = {i.title: (i.action, i.match) for i in again.items}
    assert acts["한-베트남 디지털정부 실무협의"] == ("update", "notes_uid")
    assert acts["World Summit on the Information Society (WSIS) Forum 2026"] == ("update", "notes_uid")
    assert again.new == []
    commit_ics(demo, again)
    assert _counts(demo) == after


def test_an_imported_meeting_lands_at_the_right_instant(demo, tmp_path):
    path = tmp_path / "outlook.ics"
    path.write_bytes(OUTLOOK.encode("utf-8"))
    preview = preview_ics(demo, path)
    item = next(i for i in preview.items if i.kind == "meetings" and i.action == "new")
    assert item.start == datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))
    assert item.start.astimezone(UTC) == datetime(2026, 3, 10, 1, 0, tzinfo=UTC)


# ------------------------------------------------------------------ refused files


def _minimal(event_lines: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:good-1@example.org\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART:20260501T090000Z\r\nSUMMARY:A good one\r\nEND:VEVENT\r\n"
        f"BEGIN:VEVENT\r\n{event_lines}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


BAD_FILES = {
    "garbage": b"this is not a calendar\r\nat all\r\n",
    "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "not_utf8": "BEGIN:VCALENDAR\r\nSUMMARY:회의\r\n".encode("cp949"),
    "truncated": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260310\r\n",
    "no_dtstart": _minimal("UID:bad-1@example.org\r\nSUMMARY:No start\r\n").encode(),
    "unknown_tzid": _minimal(
        "UID:bad-2@example.org\r\nDTSTART;TZID=Mars/Olympus:20260310T100000\r\nSUMMARY:On Mars\r\n"
    ).encode(),
    # a folder of the zone database, not a zone: opening it raised IsADirectoryError
    "folder_tzid": _minimal(
        "UID:bad-6@example.org\r\nDTSTART;TZID=/example.org/2026/Asia:20260310T100000\r\nSUMMARY:In Asia\r\n"
    ).encode(),
    "bad_date": _minimal("UID:bad-3@example.org\r\nDTSTART:2026XX10\r\nSUMMARY:Bad date\r\n").encode(),
    "end_before_start": _minimal(
        "UID:bad-4@example.org\r\nDTSTART:20260310T100000Z\r\nDTEND:20260310T090000Z\r\nSUMMARY:Backwards\r\n"
    ).encode(),
    "bad_rrule": _minimal(
        "UID:bad-5@example.org\r\nDTSTART;VALUE=DATE:20260310\r\n"
        "RRULE:FREQ=YEARLY;INTERVAL=0\r\nSUMMARY:Never ends\r\n"
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_malformed_files_are_refused_and_nothing_changes(demo, tmp_path, name):
    path = tmp_path / f"{name}.ics"
    path.write_bytes(BAD_FILES[name])
    before = _counts(demo)
    with pytest.raises(ImportRejected) as err:
        import_ics(demo, path)
    assert err.value.problems and "unchanged" in err.value.message()
    assert _counts(demo) == before


def test_refusals_speak_the_users_language(demo, tmp_path):
    i18n.set_language("ko")
    path = tmp_path / "mars.ics"
    path.write_bytes(BAD_FILES["unknown_tzid"])
    with pytest.raises(ImportRejected) as err:
        preview_ics(demo, path)
    text = err.value.message()
    assert "데이터베이스는 바뀌지 않았습니다" in text
    assert "알 수 없는 시간대입니다: Mars/Olympus" in text and "On Mars" in text
    path.write_bytes(BAD_FILES["no_dtstart"])
    with pytest.raises(ImportRejected) as err:
        preview_ics(demo, path)
    assert "DTSTART(시작)가 없습니다" in err.value.message()
    path.write_bytes(BAD_FILES["garbage"])
    with pytest.raises(ImportRejected) as err:
        preview_ics(demo, path)
    assert "iCalendar(.ics) 파일이 아닙니다" in err.value.message()


def test_commit_is_all_or_nothing(demo, tmp_path):
    path = tmp_path / "outlook.ics"
    path.write_bytes(OUTLOOK.encode("utf-8"))
    first = preview_ics(demo, path)
    commit_ics(demo, first)
    again = preview_ics(demo, path)  # updates of the two imported records
    new_item = next(i for i in first.items if i.action == "new" and i.kind == "events")
    # Between preview and commit, someone deletes one of the records the import would update,
    # and a new record is added to the same preview: the commit must write none of it.
    records.delete(demo, Event, new_item.record_id)
    extra = preview_ics(demo, path).new[0]
    again.items.insert(0, extra)  # a creation first, then the update that fails
    before = _counts(demo)
    with pytest.raises(ImportRejected):
        commit_ics(demo, again)
    assert _counts(demo) == before


def test_uid_helpers():
    rid = uuid.uuid4()
    assert record_id_of(uid_of(rid)) == rid
    assert record_id_of("040000008200E00074C5B7101A82E008") is None
    assert record_id_of("not-a-uuid@tracker") is None
