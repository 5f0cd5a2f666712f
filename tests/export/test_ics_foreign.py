"""Calendars written by other programs (Outlook, Google, Apple), as their documented output
looks: times of series and multi-day items kept, zones known only by a display name read from
their VTIMEZONE, refusals that say which item, which property and why, and the text of an
imported meeting written back out. The fixtures are in fixtures/ics/."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import sqlalchemy as sa

from tracker.cli import main
from tracker.db.models import Event, Meeting
from tracker.domain import i18n
from tracker.export.icalendar_io import export_ics, import_ics, preview_ics
from tracker.export.interchange import ImportRejected
from tracker.services import events

FIXTURES = Path(__file__).parent / "fixtures" / "ics"
SEOUL = ZoneInfo("Asia/Seoul")


def _event(db, name: str) -> Event:
    with db.read() as s:
        ev = s.scalars(sa.select(Event).where(Event.name_ko == name)).one()
        return events.get_event(db, ev.id)


def _meeting(db, title: str) -> Meeting:
    with db.read() as s:
        return s.scalars(sa.select(Meeting).where(Meeting.title == title)).one()


def _exported(db, tmp_path: Path) -> dict[str, icalendar.Event]:
    out = tmp_path / "out.ics"
    export_ics(db, out)
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    return {str(c["SUMMARY"]): c for c in cal.walk("VEVENT")}


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


# ---------------------------------------------------------------- 2. times of series and spans


def test_an_outlook_daily_series_and_a_five_day_workshop_keep_their_hours(db):
    import_ics(db, FIXTURES / "outlook_seoul_display_name.ics")
    standup = _event(db, "국제협력과 아침 회의")
    assert standup.timezone == "Asia/Seoul"
    assert standup.recurrence == "FREQ=DAILY;UNTIL=20260313;BYDAY=MO,TU,WE,TH,FR"
    assert [(s.date, s.start_time, s.end_time) for s in standup.sessions] == [
        (date(2026, 3, 2), time(9), time(9, 15))
    ]
    # Ten weekdays, 2 to 13 March: UNTIL 00:00Z on the 13th is 09:00 in Seoul, the last one.
    assert len(events.event_dates(standup, date(2026, 3, 1), date(2026, 3, 31))) == 10
    workshop = _event(db, "디지털정부 협력 워크숍")
    assert (workshop.start_date, workshop.end_date) == (date(2026, 3, 16), date(2026, 3, 20))
    assert [(s.date.day, s.start_time, s.end_time) for s in workshop.sessions] == [
        (day, time(9), time(17)) for day in range(16, 21)
    ]


def test_exporting_them_again_gives_the_same_start_end_and_rule(db, tmp_path):
    source = {
        str(c["SUMMARY"]): c
        for c in icalendar.Calendar.from_ical(
            (FIXTURES / "outlook_seoul_display_name.ics").read_bytes()
        ).walk("VEVENT")
    }
    import_ics(db, FIXTURES / "outlook_seoul_display_name.ics")
    out = _exported(db, tmp_path)
    for name in ("국제협력과 아침 회의", "디지털정부 협력 워크숍", "주한 캐나다 대사관 면담"):
        assert _utc(out[name]["DTSTART"].dt) == _utc(source[name]["DTSTART"].dt), name
        assert _utc(out[name]["DTEND"].dt) == _utc(source[name]["DTEND"].dt), name
        assert out[name]["DTSTART"].params["TZID"] == "Asia/Seoul"
    rule = out["국제협력과 아침 회의"]["RRULE"]
    assert rule["FREQ"] == ["DAILY"] and rule["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]


def test_the_series_expands_to_the_same_instants_as_outlooks_file(db, tmp_path):
    recurring = pytest.importorskip("recurring_ical_events")
    import_ics(db, FIXTURES / "outlook_seoul_display_name.ics")
    out = tmp_path / "out.ics"
    export_ics(db, out)

    def instants(path: Path) -> list[datetime]:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        found = recurring.of(cal).between(date(2026, 3, 1), date(2026, 4, 1))
        return sorted(_utc(e["DTSTART"].dt) for e in found if str(e["SUMMARY"]) == "국제협력과 아침 회의")

    theirs = instants(FIXTURES / "outlook_seoul_display_name.ics")
    assert len(theirs) == 10
    assert instants(out) == theirs


# ---------------------------------------------------------------- 3. zones by display name


def test_a_display_name_zone_with_us_rules_becomes_new_york(db):
    import_ics(db, FIXTURES / "outlook_display_names_dst.ics")
    m = _meeting(db, "Meeting at the Department of Commerce")
    assert m.timezone == "America/New_York"
    # 10 March 2026 is after the change to daylight time: 10:00 EDT is 14:00 UTC.
    assert datetime.combine(m.date, m.start_time, ZoneInfo(m.timezone)).astimezone(UTC).hour == 14


def test_a_custom_zone_no_iana_zone_matches_keeps_its_instants(db):
    preview = preview_ics(db, FIXTURES / "outlook_display_names_dst.ics", default_zone="Asia/Seoul")
    (item,) = [i for i in preview.items if i.title == "Call on an odd offset"]
    assert _utc(item.start) == datetime(2026, 3, 11, 6, 40, tzinfo=UTC)  # 10:00 at +03:20
    assert item.values["timezone"] == "Asia/Seoul" and item.values["start_time"] == time(15, 40)


def test_outlooks_windows_names_with_their_definitions(db):
    import_ics(db, FIXTURES / "outlook_korea_standard_time.ics")
    weekly = _event(db, "주간 점검")
    assert weekly.timezone == "Asia/Seoul" and weekly.sessions[0].start_time == time(9)
    assert _meeting(db, "Meeting at the Department of Commerce").timezone == "America/New_York"


def test_vobject_reads_tracker_washington_meeting_after_the_dst_change_at_14_utc(db, tmp_path):
    vobject = pytest.importorskip("vobject")
    import_ics(db, FIXTURES / "outlook_display_names_dst.ics")
    out = tmp_path / "out.ics"
    export_ics(db, out)
    cal = vobject.readOne(out.read_text(encoding="utf-8"))
    (ev,) = [e for e in cal.vevent_list if e.summary.value == "Meeting at the Department of Commerce"]
    assert ev.dtstart.value.astimezone(UTC) == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def test_google_calendar_zone_places_utc_times(db):
    preview = preview_ics(db, FIXTURES / "google_x_wr_timezone.ics", default_zone="Europe/Paris")
    (meeting,) = [i for i in preview.items if i.kind == "meetings"]
    assert meeting.values["timezone"] == "Asia/Seoul"  # X-WR-TIMEZONE, not the default
    assert meeting.values["start_time"] == time(14)  # 05:00Z
    (standup,) = [i for i in preview.items if i.kind == "events" and not i.values.get("series_id")]
    assert [(s["start_time"], s["end_time"]) for s in standup.sessions] == [(time(9), time(9, 15))]


# ---------------------------------------------------------------- 4. refusals and what is left out


def test_a_fold_inside_a_korean_character_is_rejoined(db):
    raw = (FIXTURES / "apple_folded_multibyte.ics").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really splits a character across a fold
    import_ics(db, FIXTURES / "apple_folded_multibyte.ics")
    m = _meeting(db, "한-아세안 디지털 장관회의 사전 준비 회의 및 의제 조율 (과장급 실무협의)")
    assert m.agenda == "의제 초안 검토, 공동성명 문안 협의, 양자면담 희망국 명단 확정 및 일정 배분 논의"


@pytest.mark.parametrize(
    ("lang", "twice", "zone"),
    [
        ("en", "property DTSTART: is given twice", "property DTSTART: unknown time zone: Office Time"),
        ("ko", "DTSTART 속성: 두 번 있습니다", "DTSTART 속성: 알 수 없는 시간대입니다: Office Time"),
    ],
)
def test_each_refusal_names_the_item_its_uid_the_property_and_why(db, lang, twice, zone):
    i18n.set_language(lang)
    try:
        with pytest.raises(ImportRejected) as caught:
            import_ics(db, FIXTURES / "broken_refusals.ics")
    finally:
        i18n.set_language("ko")
    first, second = caught.value.problems
    # The second VEVENT, though the VTIMEZONE before it is the file's third component.
    assert first.startswith(f"VEVENT 2 «Twice started» (UID dup-dtstart@example.com): {twice}")
    assert second.startswith(f"VEVENT 3 «Nowhere time» (UID unknown-zone@example.com): {zone}")
    assert "None" not in caught.value.message() and "object has no attribute" not in caught.value.message()
    with db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_what_is_not_imported_is_listed_with_the_reason(db, tmp_path, capsys):
    path = tmp_path / "google.ics"
    path.write_bytes((FIXTURES / "google_x_wr_timezone.ics").read_bytes())
    code = main(["--lang", "en", "--db", str(tmp_path / "t.sqlite3"), "import", str(path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "1 not imported" in out  # the changed occurrence of the series is imported
    assert "VTODO 1 «출장 결과보고 제출» (UID task-1@google.com): only events (VEVENT) are imported" in out


# ---------------------------------------------------------------- 5. descriptions written back


def test_an_imported_meetings_description_is_written_back(db, tmp_path):
    import_ics(db, FIXTURES / "outlook_seoul_display_name.ics")
    out = _exported(db, tmp_path)
    # As Outlook wrote it (DESCRIPTION:의제: 디지털 ID 상호인정\, 데이터 이전\n준비: 발언 요지 1쪽).
    assert (
        str(out["주한 캐나다 대사관 면담"]["DESCRIPTION"])
        == "의제: 디지털 ID 상호인정, 데이터 이전\n준비: 발언 요지 1쪽"
    )
