"""Trip dossier -> `Report`: the structure and wording of a 출장 결과보고.

The conventions follow the real report the product was made from: numbered sections
(1 출장 개요, 2 일정, 3 출장 주요 결과) plus 4 후속조치, bullets □ o - ▪ * ** ※, dates written
2025.12.06.(토), '25.12.06., '26.10월, 4박 6일, 16:50+1, and country marks 韓/美 before each
side of a meeting.

The wording lives in tracker.export.report.wording, the shared context in context, the
sections in trip_sections and meeting_sections; this module puts them together.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import Action, Attachment, Country
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import Classification
from tracker.export.report.context import Naming, ReportContext, choose_meetings, meeting_number
from tracker.export.report.meeting_sections import counterpart, meetings_part, side_line, visits_part
from tracker.export.report.model import (
    MASK,
    RESTRICTED_MARK,
    Block,
    Cell,
    Column,
    Heading,
    Line,
    Para,
    Photo,
    Report,
    ReportOptions,
    Restricted,
    Table,
)
from tracker.export.report.trip_sections import (
    ctx_destination,
    events_part,
    itinerary,
    member_nights,
    members_table,
    overview,
    title_block,
)
from tracker.export.report.wording import (
    MARKERS,
    OUR_COUNTRY,
    day_range,
    ko,
    marked_lines,
    month_day,
    period_long,
    period_short,
    split_place,
    time_range,
    wd,
)
from tracker.services import records
from tracker.services.attachments import readable_path
from tracker.services.trips import TripDossier, dossier

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}


def followups(ctx: ReportContext, number: str) -> list[Block]:
    blocks: list[Block] = [Heading(number, "후속조치", "followups")]
    order = {m.id: i for i, m in enumerate(ctx.meetings)}
    trip = ctx.d.trip
    staff_titles = {m.person_id: m.title for m in trip.members if m.title}
    kp_class = {kp.id: kp.classification for m in ctx.d.meetings for kp in m.key_points}
    kp_seq = {kp.id: kp.seq for m in ctx.d.meetings for kp in m.key_points}
    rows: list[tuple[tuple, Action, str]] = []
    for n, a in enumerate(ctx.d.actions):
        if a.meeting_id is not None:
            if a.meeting_id in ctx.omitted or a.meeting_id not in order:
                continue
        title: str | None = a.title
        restricted = (a.meeting_id in ctx.masked) or kp_class.get(a.key_point_id) == Classification.RESTRICTED
        if restricted:
            title = ctx.restricted_text(a.title, Classification.RESTRICTED)
            if title is None:
                continue
        elif a.meeting is not None and a.meeting.classification == Classification.RESTRICTED:
            ctx.shows_restricted = True
        key = (order.get(a.meeting_id, len(order)), kp_seq.get(a.key_point_id, 0), n)
        rows.append((key, a, title))
    rows.sort(key=lambda r: r[0])
    if not rows:
        blocks.append(Para(Line("등록된 후속조치 없음", "o", 1)))
        return blocks
    columns = [
        Column("순번", 10, "center"),
        Column("후속조치", 70),
        Column("이행 주체", 19, "center"),
        Column("담당", 25, "center"),
        Column("기한", 26, "center"),
        Column("상태", 20, "center"),
    ]
    table_rows: list[list[Cell | None]] = []
    for n, (_, a, title) in enumerate(rows, start=1):
        what = [Line(title)]
        if a.meeting is not None and title != MASK:
            what.append(Line(f"(관련: {a.meeting.title})"))
        owner = ""
        if title == MASK:  # a masked follow-up shows who owes it and its status, no one's name or deadline
            table_rows.append(
                [
                    Cell([Line(str(n))], align="center"),
                    Cell(what),
                    Cell([Line(ko(a.owed_by))], align="center"),
                    Cell([Line("-")], align="center"),
                    Cell([Line("-")], align="center"),
                    Cell([Line(ko(a.status))], align="center"),
                ]
            )
            continue
        if a.owner is not None:
            owner = a.owner.name_ko or a.owner.display_name()
            if staff_titles.get(a.owner_id):
                owner += f" {staff_titles[a.owner_id]}"
        due = a.due.korean_short() if a.due is not None else "-"
        status = [Line(ko(a.status))]
        if a.completed_on is not None:
            status.append(Line(f"({PrecisionDate(a.completed_on).korean_short()})"))
        table_rows.append(
            [
                Cell([Line(str(n))], align="center"),
                Cell(what),
                Cell([Line(ko(a.owed_by))], align="center"),
                Cell([Line(owner or "-")], align="center"),
                Cell([Line(due)], align="center"),
                Cell(status, align="center"),
            ]
        )
    blocks.append(Table(columns, table_rows, "followups"))
    return blocks


def report_from_dossier(
    d: TripDossier,
    options: ReportOptions | None = None,
    *,
    countries: dict[str, Country] | None = None,
    photos: dict[uuid.UUID | None, list[Photo]] | None = None,
) -> Report:
    options = options or ReportOptions()
    ctx = ReportContext(d, options, countries or {}, photos or {})
    choose_meetings(ctx)
    title, destination, periods, report_date = title_block(ctx)
    blocks: list[Block] = []
    number = 0
    if options.has("overview"):
        number += 1
        blocks += overview(ctx, str(number))
    if options.has("itinerary"):
        number += 1
        blocks += itinerary(ctx, str(number))
    results: list[Block] = []
    if options.has("events"):
        results += events_part(ctx)
    if options.has("meetings"):
        results += meetings_part(ctx)
    if options.has("visits"):
        results += visits_part(ctx)
    if results:
        number += 1
        blocks += [Heading(str(number), "출장 주요 결과", "results"), *results]
    if options.has("followups"):
        number += 1
        blocks += followups(ctx, str(number))
    restricted_trip = (
        d.trip.classification == Classification.RESTRICTED and options.restricted is Restricted.INCLUDE
    )
    marking = RESTRICTED_MARK if (ctx.shows_restricted or restricted_trip) else None
    return Report(
        title=title,
        destination_line=destination,
        periods=periods,
        date_line=report_date,
        marking=marking,
        blocks=blocks,
    )


# from the database


def _photos(db: Database, d: TripDossier) -> dict[uuid.UUID | None, list[Photo]]:
    meeting_ids = [m.id for m in d.meetings]
    with db.read() as s:
        rows = list(
            s.scalars(
                sa.select(Attachment)
                .where(sa.or_(Attachment.trip_id == d.trip.id, Attachment.meeting_id.in_(meeting_ids)))
                .order_by(Attachment.seq, Attachment.created_at)
            )
        )
    out: dict[uuid.UUID | None, list[Photo]] = {}
    for att in rows:
        path = readable_path(db, att)  # None when missing, or pointing outside the store
        is_image = (att.media_type or "").startswith("image/") or Path(
            att.filename
        ).suffix.lower() in IMAGE_SUFFIXES
        if not is_image or path is None or path.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        caption = att.caption or Path(att.filename).stem
        out.setdefault(att.meeting_id, []).append(Photo(path, caption))
    return out


def build_report(db: Database, trip_id: uuid.UUID, options: ReportOptions | None = None) -> Report:
    d = dossier(db, trip_id)
    countries = {c.code: c for c in records.list_all(db, Country)}
    return report_from_dossier(d, options, countries=countries, photos=_photos(db, d))


__all__ = [
    "IMAGE_SUFFIXES",
    "MARKERS",
    "Naming",
    "OUR_COUNTRY",
    "build_report",
    "choose_meetings",
    "counterpart",
    "ctx_destination",
    "day_range",
    "events_part",
    "followups",
    "itinerary",
    "ko",
    "marked_lines",
    "meeting_number",
    "meetings_part",
    "member_nights",
    "members_table",
    "month_day",
    "overview",
    "period_long",
    "period_short",
    "report_from_dossier",
    "side_line",
    "split_place",
    "time_range",
    "title_block",
    "visits_part",
    "wd",
]
