"""Importing an .ics file: `preview_ics` says what would happen without writing, `commit_ics`
applies it in one transaction, `import_ics` does both.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import Country, EventSession
from tracker.domain import vocabulary
from tracker.domain.enums import EventKind, MeetingKind
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.domain.recurrence import format_dates
from tracker.export.ics_match import (
    _DESCRIPTION_FIELD,
    _KIND_OF_X,
    _MASKED_UPDATABLE,
    _OURS_UPDATABLE,
    _TABLE_OF,
    _cut,
    _defaults,
    _existing_kind,
    _known_uid,
    _same_title_start,
    _with_uid,
)
from tracker.export.ics_names import DEFAULT_ZONE, MASKED_PROPERTY, record_id_of
from tracker.export.ics_occurrences import _changed_occurrence, _extra_at_other_hours, _sessions
from tracker.export.ics_preview import IcsItem, IcsPreview, Problems
from tracker.export.ics_read import (
    Zones,
    _bad,
    _days_of,
    _last_day,
    _moment,
    _read_calendar,
    _stored_rule,
    _text,
    _where,
)
from tracker.export.ics_tzid import resolve_tzid
from tracker.export.interchange import ImportRejected
from tracker.services import records
from tracker.services.validation import check_row, normalise


def preview_ics(db: Database, path: Path, *, default_zone: str = DEFAULT_ZONE) -> IcsPreview:
    """Read an .ics file and say what importing it would do, writing nothing. Raises
    ImportRejected (with every problem found, in the user's language) for a file that cannot
    be imported whole."""
    cal = _read_calendar(path)
    # Google and Apple name the calendar's own zone: UTC and floating times are shown in it.
    default_zone = resolve_tzid(_text(cal, "X-WR-TIMEZONE") or "") or default_zone
    preview = IcsPreview(Path(path))
    problems = Problems()
    seen: dict[str, str] = {}
    countries: set[str] | None = None
    zones = Zones(cal)
    numbers: dict[str, int] = {}
    wheres: dict[int, str] = {}
    for comp in cal.subcomponents:
        numbers[comp.name] = numbers.get(comp.name, 0) + 1  # "VEVENT 2" is the second VEVENT
        wheres[id(comp)] = _where(numbers[comp.name], comp)
    series: dict[str, IcsItem] = {}  # UID -> the series read from this file
    changed_seen: set[tuple[str, date]] = set()
    # A series before its changed occurrences (RECURRENCE-ID), wherever the file puts them.
    ordered = sorted(cal.subcomponents, key=lambda c: c.get("RECURRENCE-ID") is not None)
    for comp in ordered:
        if comp.name == "VTIMEZONE":
            continue
        where = wheres[id(comp)]
        if comp.errors:
            for prop_name, error in comp.errors:
                problems.add(
                    where,
                    _bad(prop_name, f"읽을 수 없습니다 ({error})", f"cannot be read ({error})")
                    if prop_name
                    else pick(f"읽을 수 없는 줄이 있습니다 ({error})", f"a line cannot be read ({error})"),
                )
            continue
        if comp.name != "VEVENT":
            preview.skipped.append(
                where + ": " + pick("일정(VEVENT)만 가져옵니다", "only events (VEVENT) are imported")
            )
            continue
        masked = (_text(comp, MASKED_PROPERTY) or "").upper() == "TRUE"
        x_kind = _text(comp, "X-TRACKER-KIND")
        if x_kind == "itinerary":
            preview.skipped.append(
                where
                + ": "
                + pick("일정표 줄은 출장 편집에서 관리합니다", "itinerary lines are kept in the trip editor")
            )
            continue
        summary = _text(comp, "SUMMARY")
        if comp.get("DTSTART") is None:
            problems.add(where, pick("DTSTART(시작)가 없습니다", "DTSTART (the start) is missing"))
            continue
        hint = _text(comp, "X-TRACKER-TIMEZONE")
        hint = resolve_tzid(hint) if hint else None
        start, zone_name = _moment(comp, "DTSTART", where, default_zone, problems, zones, hint)
        end, _ = _moment(comp, "DTEND", where, default_zone, problems, zones, zone_name or hint)
        if start is None:
            continue
        if end is None and comp.get("DURATION") is not None:
            try:
                end = start + comp["DURATION"].dt
            except Exception as exc:
                problems.add(where, _bad("DURATION", f"기간이 아닙니다 ({exc})", f"not a duration ({exc})"))
                continue
        timed = isinstance(start, datetime)
        if timed and isinstance(end, datetime) and zone_name:
            end = end.astimezone(ZoneInfo(zone_name))
        if timed != isinstance(end, datetime) and end is not None:
            problems.add(
                where,
                _bad(
                    "DTEND",
                    "DTSTART와 형식(날짜/시각)이 다릅니다",
                    "differs from DTSTART in type (date vs date-time)",
                ),
            )
            continue
        if end is not None and end < start:
            problems.add(where, _bad("DTEND", "DTSTART보다 앞섭니다", "is before DTSTART"))
            continue
        rule_text = None
        if comp.get("RRULE") is not None:
            rrule = comp["RRULE"][0] if isinstance(comp["RRULE"], list) else comp["RRULE"]
            try:
                rule_text = _stored_rule(rrule, zone_name or hint or default_zone, start)
            except DomainError as exc:
                problems.add(where, _bad("RRULE", exc.message(), exc.message()))
                continue
            except (ValueError, AttributeError, TypeError) as exc:
                problems.add(
                    where, _bad("RRULE", f"반복 규칙이 아닙니다 ({exc})", f"not a recurrence rule ({exc})")
                )
                continue
        start_day = start.date() if isinstance(start, datetime) else start
        if end is None:
            end_day = start_day
        elif timed:
            end_day = _last_day(start, end)  # type: ignore[arg-type]
        else:
            end_day = max(start_day, end - timedelta(days=1))  # type: ignore[operator]
        uid = (
            _text(comp, "UID")
            or "generated-" + hashlib.sha1(f"{summary}|{start.isoformat()}".encode()).hexdigest()[:16]
        )
        if comp.get("RECURRENCE-ID") is not None:
            _changed_occurrence(
                db, preview, problems, comp, where, uid, series, changed_seen, zones, default_zone,
                start, end, start_day, end_day, timed,
            )  # fmt: skip
            continue
        if uid in seen:
            problems.add(where, pick(f"UID가 {seen[uid]}와 같습니다", f"the same UID as {seen[uid]}"))
            continue
        seen[uid] = where
        ours = record_id_of(uid)
        kind = _KIND_OF_X.get(x_kind or "")
        if ours is not None and kind is None:
            kind = _existing_kind(db, ours)
        if kind is None:
            # A one-day event with times is a meeting; whole days and series are events.
            kind = "meetings" if timed and end_day == start_day and rule_text is None else "events"
        title = summary or vocabulary.UNTITLED()
        sessions: list[dict[str, Any]] = []
        description = _text(comp, "DESCRIPTION")
        location = _text(comp, "LOCATION")
        country = _text(comp, "X-TRACKER-COUNTRY")
        if country:
            if countries is None:
                with db.read() as s:
                    countries = set(s.scalars(sa.select(Country.code)))
            country = country.upper() if country.upper() in countries else None
        values: dict[str, Any]
        if kind == "meetings":
            values = {
                "title": _cut(title, 300), "date": start_day,
                "start_time": start.time().replace(tzinfo=None) if timed else None,  # type: ignore[union-attr]
                "end_time": end.time().replace(tzinfo=None) if timed and end is not None and end_day == start_day else None,  # type: ignore[union-attr]
                "timezone": zone_name or hint or default_zone, "location": _cut(location, 300),
                "kind": MeetingKind.OTHER, "country_code": country,
            }  # fmt: skip
            if rule_text:
                preview.skipped.append(
                    where
                    + ": RRULE "
                    + pick(
                        "(면담은 반복하지 않습니다: 첫 회만)",
                        "(a meeting does not recur: the first one only)",
                    )
                )
        elif kind == "events":
            values = {
                "name_ko": _cut(title, 300), "start_date": start_day, "end_date": end_day,
                "timezone": zone_name or hint or default_zone, "venue": _cut(location, 200),
                "recurrence": rule_text, "kind": EventKind.OTHER, "country_code": country,
                "excluded_dates": format_dates(_days_of(comp, "EXDATE", zone_name or hint or default_zone, zones))
                if rule_text else None,
                "extra_dates": format_dates(_days_of(comp, "RDATE", zone_name or hint or default_zone, zones))
                if rule_text else None,
            }  # fmt: skip
            if timed:
                sessions = _sessions(_cut(title, 300) or "", start, end)  # type: ignore[arg-type]
        else:
            values = {
                "title": _cut(title, 300),
                "start_date": start_day,
                "end_date": end_day,
                "destination": _cut(location, 200),
            }
        # Match: our own UID -> that record; a foreign UID seen before -> that record;
        # else the same title and start -> probably entered by hand already.
        record_id: uuid.UUID | None = None
        match = None
        if ours is not None and _existing_kind(db, ours) == kind:
            record_id, match = ours, "uid"
        elif ours is None:
            record_id = _known_uid(db, kind, uid)
            match = "notes_uid" if record_id is not None else None
        if masked and match != "uid":
            # A [대외비] placeholder is no record of anyone's: it would only add a meeting
            # without a name.
            preview.skipped.append(
                where
                + ": "
                + pick(
                    "대외비로 가려진 일정은 새로 만들지 않습니다",
                    "an item masked as restricted is not created",
                )
            )
            continue
        checked = values  # the whole record as the calendar gives it, for the check below
        if record_id is not None:
            action = "update"
            if match == "uid":
                # A masked copy carries our record's time but not its words: keep the words.
                fields = _MASKED_UPDATABLE[kind] if masked else _OURS_UPDATABLE[kind]
                values = {k: values[k] for k in fields}
            else:  # keep the kind and country someone may have set since the first import
                values.pop("kind", None)
                if values.get("country_code") is None:
                    values.pop("country_code", None)
        else:
            twin = _same_title_start(db, kind, values)
            if twin is not None:
                action, record_id, match = "duplicate", twin, "title_start"
            else:
                free = ours is not None and _existing_kind(db, ours) is None
                action, record_id = "new", ours if free and ours is not None else uuid.uuid4()
        if match != "uid":
            # The calendar's text goes where the record keeps such text; a foreign UID goes in
            # the notes of a new record, so that importing the file again finds it.
            values[_DESCRIPTION_FIELD[kind]] = description
            if action != "update" and ours is None and kind != "trips":
                values["notes"] = _with_uid(None, uid)
        # Check each record by the rules every save obeys, so that commit cannot fail halfway.
        try:
            table = _TABLE_OF[kind].__table__
            check_row(table, normalise(table, {**_defaults(kind), **checked, **values}))  # type: ignore[arg-type]
        except DomainError as exc:
            problems.add(where, str(exc))
            continue
        item = IcsItem(uid, kind, action, title, start, values, record_id, match, sessions)
        preview.items.append(item)
        if kind == "events" and rule_text:
            series[uid] = item
            if timed and action != "duplicate":
                _extra_at_other_hours(db, preview, comp, item, start, end, zones)  # type: ignore[arg-type]
    if problems:
        raise ImportRejected(list(problems))
    return preview


def commit_ics(db: Database, preview: IcsPreview) -> dict[str, int]:
    """Apply a preview in one transaction: every new record and update, or none of them."""
    counts = {"created": 0, "updated": 0, "left_alone": 0}
    try:
        with records.conflicts_reported(), db.transaction() as s:
            for item in preview.items:
                model = _TABLE_OF[item.kind]
                if item.action == "new":
                    records.create_in(s, model, {**item.values, "id": item.record_id})
                    for seq, session in enumerate(item.sessions, start=1):
                        records.create_in(
                            s, EventSession, {**session, "seq": seq, "event_id": item.record_id}
                        )
                    counts["created"] += 1
                elif item.action == "update":
                    records.update_in(s, model, item.record_id, item.values)
                    counts["updated"] += 1
                else:
                    counts["left_alone"] += 1
    except DomainError as exc:
        raise ImportRejected([str(exc)]) from exc
    except sa.exc.IntegrityError as exc:
        raise ImportRejected(
            [pick(f"데이터베이스 제약 위반: {exc.orig}", f"a database constraint refused it: {exc.orig}")]
        ) from exc
    return counts


def import_ics(db: Database, path: Path, *, default_zone: str = DEFAULT_ZONE) -> IcsPreview:
    """Preview and commit in one call (the command line); returns the preview applied."""
    preview = preview_ics(db, path, default_zone=default_zone)
    commit_ics(db, preview)
    return preview
