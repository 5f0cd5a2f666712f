"""Reading an .ics file: its bytes into a Calendar, and the values of its properties (dates in
the zone they name, a zone the file defines itself, RRULE as stored, EXDATE/RDATE days), with
each problem said as the file names it.
"""

from __future__ import annotations

import codecs
import re
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, vRecur

from tracker.domain.i18n import pick
from tracker.domain.recurrence import validate_rrule
from tracker.export.ics_preview import Problems
from tracker.export.ics_tzid import _windows_zones, resolve_tzid
from tracker.export.ics_zones import iana_for_definition
from tracker.export.interchange import ImportRejected


def _read_calendar(path: Path) -> Calendar:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportRejected(
            [pick(f"파일을 열 수 없습니다: {exc}", f"The file cannot be opened: {exc}")]
        ) from exc
    utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16:
        # Lines are folded by octets (RFC 5545 3.1), so a fold may split a Korean character in
        # two: rejoin the lines before decoding, as the RFC asks readers to.
        raw = re.sub(rb"\r?\n[ \t]", b"", raw)
    try:  # UTF-8 as RFC 5545 wants it; UTF-16 with a BOM as some Windows programs save it
        text = raw.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [pick(f"UTF-8 텍스트가 아닙니다 (바이트 {exc.start})", f"not UTF-8 text (byte {exc.start})")]
        ) from exc
    if "BEGIN:VCALENDAR" not in text.upper():
        raise ImportRejected(
            [
                pick(
                    "iCalendar(.ics) 파일이 아닙니다 (BEGIN:VCALENDAR 없음)",
                    "not an iCalendar (.ics) file (no BEGIN:VCALENDAR)",
                )
            ]
        )
    try:
        cal = Calendar.from_ical(text)
    except ValueError as exc:
        raise ImportRejected([pick(f"iCalendar 형식 오류: {exc}", f"malformed iCalendar: {exc}")]) from exc
    except Exception as exc:  # icalendar trips over some broken files (a TZID given twice...)
        raise ImportRejected(
            [
                pick(
                    "iCalendar 형식 오류: 읽을 수 없는 구성입니다",
                    "malformed iCalendar: its structure cannot be read",
                )
            ]
        ) from exc
    if not isinstance(cal, Calendar) or cal.name != "VCALENDAR":
        raise ImportRejected([pick("iCalendar(.ics) 파일이 아닙니다", "not an iCalendar (.ics) file")])
    return cal


def _text(comp: Component, name: str) -> str | None:
    value = comp.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    text = str(value).strip()
    return text or None


class Zones:
    """The zones a file's dates name: an IANA or Windows name, or a VTIMEZONE the file defines
    under a display name of its own (Outlook's "(UTC+09:00) Seoul")."""

    def __init__(self, cal: Calendar) -> None:
        self.defined: dict[str, Component] = {}
        for comp in cal.walk("VTIMEZONE"):
            tzid = _text(comp, "TZID")
            if tzid:
                self.defined[tzid.strip('"')] = comp
        self._found: dict[str, tuple[str | None, tzinfo | None]] = {}

    def find(self, tzid: str, year: int) -> tuple[str | None, tzinfo | None]:
        """(IANA name, None) when the zone is known or its definition matches one;
        (None, the file's own definition) when only the file knows it; (None, None): unknown."""
        name = tzid.strip().strip('"')
        if name not in self._found:
            found = resolve_tzid(name)
            own: tzinfo | None = None
            if found is None and name in self.defined:
                try:
                    own = self.defined[name].to_tz(lookup_tzid=False)
                except Exception:  # a definition icalendar cannot build: the zone is unknown
                    own = None
                found = iana_for_definition(name, own, year, _windows_zones()) if own is not None else None
            self._found[name] = (found, None if found else own)
        return self._found[name]


def _moment(
    comp: Component,
    name: str,
    where: str,
    default_zone: str,
    problems: Problems,
    zones: Zones,
    zone_hint: str | None = None,
) -> tuple[date | datetime | None, str | None]:
    """The value of DTSTART/DTEND: a date, or an aware datetime in the zone it was written in
    (UTC and floating times are put in `zone_hint` or `default_zone`); and that zone. A zone only
    the file defines, matching no IANA zone, keeps its instants, shown in `default_zone`."""
    prop = comp.get(name)
    if prop is None:
        return None, None
    if isinstance(prop, list):  # the property given twice
        problems.add(
            where, _bad(name, "두 번 있습니다 (하나만 있어야 합니다)", "is given twice (only one is allowed)")
        )
        return None, None
    try:
        value = prop.dt
    except Exception as exc:  # icalendar raises its own errors for a broken value
        problems.add(where, _bad(name, f"읽을 수 없는 값입니다 ({exc})", f"the value cannot be read ({exc})"))
        return None, None
    if isinstance(value, datetime):
        tzid = prop.params.get("TZID")
        if tzid:
            zone_name, own = zones.find(str(tzid), value.year)
            wall = value.replace(tzinfo=None)
            if zone_name is not None:
                return wall.replace(tzinfo=ZoneInfo(zone_name)), zone_name
            if own is not None:
                zone_name = zone_hint or default_zone
                return wall.replace(tzinfo=own).astimezone(ZoneInfo(zone_name)), zone_name
            problems.add(
                where,
                _bad(
                    name,
                    f"알 수 없는 시간대입니다: {tzid} (IANA 이름(예: Asia/Seoul)이나 Windows 시간대 이름이 아니고, "
                    "파일에 VTIMEZONE 정의도 없습니다)",
                    f"unknown time zone: {tzid} (not an IANA name such as Asia/Seoul nor a Windows zone name, "
                    "and the file does not define it in a VTIMEZONE)",
                ),
            )
            return None, None
        zone_name = zone_hint or default_zone
        if value.tzinfo is None:  # floating: a wall-clock time wherever one is
            return value.replace(tzinfo=ZoneInfo(zone_name)), zone_name
        return value.astimezone(ZoneInfo(zone_name)), zone_name
    if isinstance(value, date):
        return value, None
    problems.add(where, _bad(name, "날짜가 아닙니다", "not a date"))
    return None, None


def _bad(prop: str, ko: str, en: str) -> str:
    """What is wrong with one property, named as the file names it."""
    return pick(f"{prop} 속성: {ko}", f"property {prop}: {en}")


def _stored_rule(rule: vRecur, zone_name: str, start: date | datetime) -> str:
    """RRULE text as events store it: UNTIL as the last day at the venue (a series of dates),
    since a stored rule has no DTSTART zone to tie a UTC instant to. That day is the last one
    whose occurrence starts by UNTIL: 08:59 on the 13th ends a 09:00 series on the 12th."""
    rule = vRecur(rule)
    until = rule.get("UNTIL")
    if until and isinstance(until[0], datetime):
        value = until[0]
        local = value.astimezone(ZoneInfo(zone_name)) if value.tzinfo else value
        last = local.date()
        if isinstance(start, datetime) and local.time() < start.time().replace(tzinfo=None):
            last -= timedelta(days=1)
        rule["UNTIL"] = [last]
    return validate_rrule(rule.to_ical().decode())


def _where(n: int, comp: Component) -> str:
    """The component as a reader finds it in the file: the n-th of its kind, its SUMMARY, its UID."""
    summary = _text(comp, "SUMMARY")
    uid = _text(comp, "UID")
    return (
        f"{comp.name} {n}" + (f" «{summary[:40]}»" if summary else "") + (f" (UID {uid[:60]})" if uid else "")
    )


def _day_at(value: Any, tzid: str | None, zone_name: str, zones: Zones) -> date:
    """The day at the series' place of one EXDATE/RDATE/RECURRENCE-ID value."""
    if isinstance(value, tuple):  # an RDATE period: its start
        value = value[0]
    if not isinstance(value, datetime):
        return value  # type: ignore[no-any-return]
    if value.tzinfo is None and tzid:
        found, own = zones.find(tzid, value.year)
        if found is not None:
            value = value.replace(tzinfo=ZoneInfo(found))
        elif own is not None:
            value = value.replace(tzinfo=own)
    if value.tzinfo is None:  # floating: a wall-clock time at the place
        return value.date()
    return value.astimezone(ZoneInfo(zone_name)).date()


def _days_of(comp: Component, name: str, zone_name: str, zones: Zones) -> list[date]:
    """The days an EXDATE or RDATE property names (each may be given several times)."""
    props = comp.get(name)
    if props is None:
        return []
    out = []
    for prop in props if isinstance(props, list) else [props]:
        tzid = prop.params.get("TZID")
        for item in prop.dts:
            out.append(_day_at(item.dt, str(tzid) if tzid else None, zone_name, zones))
    return out


def _last_day(start: datetime, end: datetime) -> date:
    """The last day a timed item occupies: one ending at midnight ends the day before."""
    if end > start and end.time() == time(0) and end.date() > start.date():
        return end.date() - timedelta(days=1)
    return end.date()
