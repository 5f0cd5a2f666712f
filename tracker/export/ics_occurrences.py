"""The occurrences of a series an .ics file changes on its own (RECURRENCE-ID, a cancelled one
included) or adds at another hour (RDATE), and the sessions that hold a timed event's hours.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from icalendar import Component

from tracker.db.engine import Database
from tracker.db.models import Event
from tracker.domain import vocabulary
from tracker.domain.enums import EventKind
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.domain.recurrence import format_dates, parse_dates
from tracker.export.ics_match import _cut, _defaults, _event_zone, _existing_kind, _known_uid
from tracker.export.ics_names import record_id_of
from tracker.export.ics_preview import IcsItem, IcsPreview, Problems
from tracker.export.ics_read import Zones, _bad, _day_at, _last_day, _text
from tracker.services.validation import check_row, normalise


def _changed_occurrence(
    db: Database,
    preview: IcsPreview,
    problems: Problems,
    comp: Component,
    where: str,
    uid: str,
    series: dict[str, IcsItem],
    seen: set[tuple[str, date]],
    zones: Zones,
    default_zone: str,
    start: date | datetime,
    end: date | datetime | None,
    start_day: date,
    end_day: date,
    timed: bool,
) -> None:
    """One occurrence of a series changed on its own (a VEVENT with RECURRENCE-ID): an event
    pointing at its series (read from the same file or already here); a cancelled one
    (STATUS:CANCELLED) becomes a cancelled date of the series."""
    master = series.get(uid)
    series_id: uuid.UUID | None = None
    series_zone = default_zone
    if master is not None:
        if master.action == "duplicate":
            preview.skipped.append(where + ": " + pick(
                "반복 일정을 중복으로 보고 건너뛰므로 그 변경 회차도 건너뜁니다",
                "its series is left alone as a duplicate, and so is this changed occurrence"))  # fmt: skip
            return
        series_id = master.record_id
        series_zone = master.values.get("timezone") or _event_zone(db, series_id) or default_zone
    else:
        ours = record_id_of(uid)
        found = (
            ours
            if ours is not None and _existing_kind(db, ours) == "events"
            else _known_uid(db, "events", uid)
        )
        if found is not None:
            series_id, series_zone = found, _event_zone(db, found) or default_zone
    if series_id is None:
        preview.skipped.append(where + ": " + pick(
            "이 회차가 속한 반복 일정이 파일에도 기록에도 없습니다",
            "the series this occurrence belongs to is neither in the file nor here"))  # fmt: skip
        return
    rid = comp["RECURRENCE-ID"]
    try:
        tzid = rid.params.get("TZID")
        day = _day_at(rid.dt, str(tzid) if tzid else None, series_zone, zones)
    except Exception as exc:
        problems.add(
            where,
            _bad("RECURRENCE-ID", f"읽을 수 없는 값입니다 ({exc})", f"the value cannot be read ({exc})"),
        )
        return
    # A VEVENT of its own for an extra date at another hour says more than the RDATE did.
    preview.items[:] = [
        i for i in preview.items
        if not (i.match == "rdate" and i.uid == uid and i.values.get("recurrence_date") == day)
    ]  # fmt: skip
    if (uid, day) in seen:
        problems.add(
            where,
            pick(f"같은 회차({day})의 변경이 두 번 있습니다", f"the occurrence of {day} is changed twice"),
        )
        return
    seen.add((uid, day))
    if (_text(comp, "STATUS") or "").upper() == "CANCELLED":
        if master is not None:
            master.values["excluded_dates"] = format_dates(
                [*parse_dates(master.values.get("excluded_dates")), day]
            )
        else:
            preview.skipped.append(where + ": " + pick(
                "이미 있는 반복 일정의 취소된 회차는 그 행사에서 직접 지우세요",
                "a cancelled occurrence of a series already here: remove it in the event itself"))  # fmt: skip
        return
    zone_name = series_zone
    if isinstance(start, datetime) and start.tzinfo is not None:
        start = start.astimezone(ZoneInfo(zone_name))
        start_day = start.date()
        if isinstance(end, datetime):
            end = end.astimezone(ZoneInfo(zone_name))
            end_day = _last_day(start, end)
    title = _text(comp, "SUMMARY") or vocabulary.UNTITLED()
    values: dict[str, Any] = {
        "name_ko": _cut(title, 300), "start_date": start_day, "end_date": max(start_day, end_day),
        "timezone": zone_name, "venue": _cut(_text(comp, "LOCATION"), 200), "recurrence": None,
        "kind": EventKind.OTHER, "series_id": series_id, "recurrence_date": day,
        "summary": _text(comp, "DESCRIPTION"),
    }  # fmt: skip
    sessions = _sessions(_cut(title, 300) or "", start, end) if timed else []  # type: ignore[arg-type]
    with db.read() as s:
        here = s.scalar(sa.select(Event.id).where(Event.series_id == series_id, Event.recurrence_date == day))
    if here is not None:
        values.pop("kind")
        action, record_id, match = "update", here, "series"
    else:
        action, record_id, match = "new", uuid.uuid4(), None
    try:
        table = Event.__table__
        check_row(table, normalise(table, {**_defaults("events"), **values}))  # type: ignore[arg-type]
    except DomainError as exc:
        problems.add(where, str(exc))
        return
    preview.items.append(IcsItem(uid, "events", action, title, start, values, record_id, match, sessions))


def _extra_at_other_hours(
    db: Database,
    preview: IcsPreview,
    comp: Component,
    master: IcsItem,
    start: datetime,
    end: datetime | None,
    zones: Zones,
) -> None:
    """An extra date (RDATE) at another hour than the series' own: the extra date, and that
    occurrence changed on its own to its hour (so that it is written back as it came)."""
    props = comp.get("RDATE")
    zone_name = master.values["timezone"]
    length = (end - start) if end is not None else None
    seen: set[date] = set()
    for prop in (props if isinstance(props, list) else [props]) if props is not None else []:
        tzid = prop.params.get("TZID")
        for item in prop.dts:
            value = item.dt
            if isinstance(value, tuple):  # a PERIOD: its start and end
                value, until = value
                span = until - value if isinstance(until, datetime) else until
            else:
                span = length
            if not isinstance(value, datetime):
                continue
            if value.tzinfo is None and tzid:
                found, own = zones.find(str(tzid), value.year)
                value = value.replace(tzinfo=ZoneInfo(found) if found else own)
            if value.tzinfo is None:
                value = value.replace(tzinfo=ZoneInfo(zone_name))
            local = value.astimezone(ZoneInfo(zone_name))
            if local.time().replace(tzinfo=None) == start.time().replace(tzinfo=None) and span == length:
                continue
            day = local.date()
            if day in seen:
                continue
            seen.add(day)
            finish = local + span if span is not None else None
            values: dict[str, Any] = {
                k: master.values[k]
                for k in ("name_ko", "timezone", "venue", "kind", "country_code", "summary")
                if master.values.get(k) is not None
            }
            values.update(
                start_date=day, end_date=_last_day(local, finish) if finish else day, recurrence=None,
                series_id=master.record_id, recurrence_date=day,
            )  # fmt: skip
            with db.read() as s:
                here = s.scalar(
                    sa.select(Event.id).where(
                        Event.series_id == master.record_id, Event.recurrence_date == day
                    )
                )
            action, record_id = ("update", here) if here is not None else ("new", uuid.uuid4())
            if here is not None:
                values.pop("kind", None)
            sessions = _sessions(values.get("name_ko") or "", local, finish)
            preview.items.append(
                IcsItem(
                    master.uid, "events", action, master.title, local, values, record_id, "rdate", sessions
                )
            )


def _sessions(title: str, start: datetime, end: datetime | None) -> list[dict[str, Any]]:
    """The hours of a timed VEVENT imported as an event (a series, or several days), as the
    sessions that hold an event's hours. Several days from 09:00 to 17:00 are a conference's
    hours: one session a day, 09:00-17:00, which the calendar shows on each day and the export
    writes back as the same DTSTART and DTEND. One that runs through the night (20:00 to 08:00
    two days later) starts on its first day and ends on its last."""
    begin = start.time().replace(tzinfo=None)
    last = _last_day(start, end) if end is not None else start.date()
    finish = end.time().replace(tzinfo=None) if end is not None and end.date() == last else None
    first = start.date()
    if first == last or (finish is not None and finish > begin):
        return [
            {"title_ko": title, "date": first + timedelta(days=i), "start_time": begin,
             "end_time": finish if finish is not None and finish > begin else None}
            for i in range((last - first).days + 1)
        ]  # fmt: skip
    return [
        {"title_ko": title, "date": first, "start_time": begin, "end_time": None},
        {"title_ko": title, "date": last, "start_time": None, "end_time": finish},
    ]
