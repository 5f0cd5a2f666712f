"""Every part of a recurrence rule is checked (RFC 5545 3.3.10) on every path that stores one:
an .ics file, the editors, the JSON interchange file. dateutil alone keeps BYMONTH=13 and the
series then never occurs."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa

from tracker.db.models import Channel, Event
from tracker.domain import i18n
from tracker.domain.errors import ValidationError
from tracker.domain.recurrence import occurrences, validate_rrule
from tracker.export.icalendar_io import import_ics
from tracker.export.interchange import ImportRejected, import_json
from tracker.services import events, records

BAD = [
    ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13: not within 1..12"),
    ("FREQ=YEARLY;BYMONTH=0", "BYMONTH=0: not within 1..12"),
    ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0: not within ±1..31"),
    ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32: not within ±1..31"),
    ("FREQ=MONTHLY;BYMONTHDAY=-32", "BYMONTHDAY=-32: not within ±1..31"),
    ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY cannot be used with FREQ=WEEKLY"),
    ("FREQ=YEARLY;BYYEARDAY=367", "BYYEARDAY=367: not within ±1..366"),
    ("FREQ=MONTHLY;BYYEARDAY=100", "BYYEARDAY cannot be used with FREQ=MONTHLY"),
    ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO=54: not within ±1..53"),
    ("FREQ=MONTHLY;BYWEEKNO=2", "BYWEEKNO cannot be used with FREQ=MONTHLY"),
    ("FREQ=WEEKLY;BYDAY=1MO", "BYDAY=1MO: an ordinal (which week) is only for FREQ=MONTHLY or YEARLY"),
    ("FREQ=MONTHLY;BYDAY=6MO", "BYDAY=6MO: the ordinal must be ±1 to 5"),
    ("FREQ=YEARLY;BYDAY=54MO", "BYDAY=54MO: the ordinal must be ±1 to 53"),
    ("FREQ=MONTHLY;BYDAY=0MO", "BYDAY=0MO: the ordinal must be ±1 to 5"),
    ("FREQ=YEARLY;BYWEEKNO=2;BYDAY=1MO", "BYDAY=1MO: an ordinal"),
    ("FREQ=MONTHLY;BYDAY=MON", "BYDAY=MON: not a weekday"),
    ("FREQ=DAILY;BYHOUR=24", "BYHOUR=24: not within 0..23"),
    ("FREQ=DAILY;BYMINUTE=60", "BYMINUTE=60: not within 0..59"),
    ("FREQ=DAILY;BYSECOND=61", "BYSECOND=61: not within 0..60"),
    ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0", "BYSETPOS=0: not within ±1..366"),
    ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS needs another BY part"),
    ("FREQ=WEEKLY;WKST=XX", "WKST=XX: not a weekday"),
    ("FREQ=YEARLY;COUNT=0", "COUNT must be a whole number from 1"),
    ("FREQ=YEARLY;INTERVAL=0", "INTERVAL must be a whole number from 1"),
    ("FREQ=YEARLY;UNTIL=20301301", "UNTIL=20301301: not a date"),
    ("FREQ=YEARLY;UNTIL=next year", "UNTIL=NEXT YEAR: not a date"),
    ("FREQ=DAILY;UNTIL=20301231T235959Z", "a stored rule ends on a local date (YYYYMMDD)"),
    ("FREQ=YEARLY;COUNT=3;UNTIL=20300101", "COUNT and UNTIL cannot be used together"),
    ("FREQ=YEARLY;FREQ=MONTHLY", "FREQ is given twice"),
    ("FREQ=FORTNIGHTLY", "FREQ is missing or not a frequency"),
    ("BYMONTH=3", "FREQ is missing or not a frequency"),
    ("FREQ=HOURLY", "a series cannot repeat more often than daily"),
    ("FREQ=YEARLY;RSCALE=GREGORIAN", "unknown part RSCALE"),
]

GOOD = [
    "FREQ=MONTHLY;BYDAY=-1FR",  # the last Friday of each month
    "FREQ=YEARLY;BYMONTH=3;BYDAY=2TU",
    "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=YEARLY;BYYEARDAY=100,-1",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=WEEKLY;WKST=SU;BYDAY=SU,WE;INTERVAL=2",
    "FREQ=DAILY;UNTIL=20301231T235959",
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31;COUNT=5",
]


@pytest.mark.parametrize(("rule", "reason"), BAD)
def test_every_part_is_checked(rule, reason):
    with pytest.raises(ValidationError) as caught:
        validate_rrule(rule)
    assert caught.value.code == "bad_recurrence"
    assert caught.value.field == "recurrence"
    assert reason in str(caught.value)
    assert str(caught.value).startswith(f"Not a valid recurrence rule (RRULE): {rule}")


@pytest.mark.parametrize("rule", GOOD)
def test_rules_within_the_rfc_are_kept(rule):
    assert validate_rrule(rule) == rule
    assert occurrences(rule, date(2026, 1, 1), date(2026, 1, 1), date(2031, 12, 31))


def test_the_reason_is_in_korean_too():
    i18n.set_language("ko")
    with pytest.raises(ValidationError) as caught:
        validate_rrule("FREQ=YEARLY;BYMONTH=13")
    assert str(caught.value) == (
        "반복 규칙(RRULE)이 올바르지 않습니다: FREQ=YEARLY;BYMONTH=13 — BYMONTH=13: 1..12 범위가 아닙니다"
    )


# --- every path that stores a rule ----------------------------------------------------------


def count(db, model) -> int:
    with db.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


def ics(rule: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
        "BEGIN:VEVENT\r\nUID:joint-committee\r\nSUMMARY:한일 경제협력 공동위원회\r\n"
        f"DTSTART;VALUE=DATE:20260310\r\nDTEND;VALUE=DATE:20260311\r\nRRULE:{rule}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


@pytest.mark.parametrize(
    "rule",
    ["FREQ=YEARLY;BYMONTH=13", "FREQ=MONTHLY;BYMONTHDAY=0", "FREQ=WEEKLY;BYDAY=2TU", "FREQ=YEARLY;COUNT=0"],
)
def test_an_ics_file_with_a_bad_rule_is_refused_and_nothing_stored(db, tmp_path, rule):
    path = tmp_path / "outlook.ics"
    path.write_text(ics(rule), encoding="utf-8", newline="")
    with pytest.raises(ImportRejected) as caught:
        import_ics(db, path)
    (problem,) = caught.value.problems
    assert problem.startswith(
        "VEVENT 1 «한일 경제협력 공동위원회» (UID joint-committee): property RRULE: Not a valid recurrence rule"
    )
    assert rule.split(";")[1] in problem
    assert count(db, Event) == 0


def test_an_ics_file_with_a_good_rule_is_stored(db, tmp_path):
    path = tmp_path / "outlook.ics"
    path.write_text(ics("FREQ=YEARLY;BYMONTH=3;BYDAY=2TU"), encoding="utf-8", newline="")
    import_ics(db, path)
    with db.read() as s:
        assert s.scalars(sa.select(Event.recurrence)).one() == "FREQ=YEARLY;BYDAY=2TU;BYMONTH=3"


def test_the_editors_refuse_a_bad_rule(db):
    with pytest.raises(ValidationError) as caught:
        events.create_event(
            db,
            {"name_ko": "공동위", "start_date": date(2026, 3, 10), "end_date": date(2026, 3, 10),
             "recurrence": "FREQ=YEARLY;BYMONTH=13"},
        )  # fmt: skip
    assert caught.value.field == "recurrence"
    with pytest.raises(ValidationError):
        records.create(db, Channel, {"name_ko": "한일 공동위", "recurrence": "FREQ=YEARLY;BYWEEKNO=60"})
    assert count(db, Event) == count(db, Channel) == 0


def test_a_json_file_with_a_bad_rule_is_refused(db, tmp_path):
    doc = {
        "format": "tracker-interchange",
        "version": 1,
        "records": {
            "events": [{"id": "event:jc", "name_ko": "공동위", "start_date": "2026-03-10",
                        "end_date": "2026-03-10", "recurrence": "FREQ=YEARLY;BYMONTH=13"}],
        },
    }  # fmt: skip
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_json(db, path)
    assert any("recurrence" in p and "BYMONTH=13: not within 1..12" in p for p in caught.value.problems)
    assert count(db, Event) == 0


# --- the file itself ---------------------------------------------------------------------


def test_a_calendar_saved_as_utf16_with_a_bom_is_read(db, tmp_path):
    """Some Windows programs save text as UTF-16 ("Unicode"); the BOM says so unambiguously."""
    path = tmp_path / "outlook.ics"
    path.write_bytes(ics("FREQ=YEARLY;BYMONTH=3;BYDAY=2TU").encode("utf-16"))
    import_ics(db, path)
    with db.read() as s:
        assert s.scalars(sa.select(Event.name_ko)).one() == "한일 경제협력 공동위원회"


def test_a_time_zone_given_two_ids_is_refused_not_a_traceback(db, tmp_path):
    text = ics("FREQ=YEARLY").replace(
        "BEGIN:VEVENT",
        "BEGIN:VTIMEZONE\r\nTZID:Korea Standard Time\r\nTZID:Korea Standard Time\r\nBEGIN:STANDARD\r\n"
        "DTSTART:16010101T000000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nEND:STANDARD\r\n"
        "END:VTIMEZONE\r\nBEGIN:VEVENT",
    )
    path = tmp_path / "outlook.ics"
    path.write_text(text, encoding="utf-8", newline="")
    with pytest.raises(ImportRejected) as caught:
        import_ics(db, path)
    assert caught.value.problems == ["malformed iCalendar: its structure cannot be read"]
    assert count(db, Event) == 0
