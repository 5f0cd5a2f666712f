"""The trip's own sections of a 결과보고: the title, 출장 개요 with its members and their 박/일,
일정 (the itinerary), and the events attended.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from tracker.db.models import ItineraryItem, Trip, TripMember
from tracker.domain.arrival import arrival_day_offset
from tracker.domain.dates import korean_report_date
from tracker.domain.enums import Classification
from tracker.domain.nights import nights_text
from tracker.export.report.context import ReportContext
from tracker.export.report.model import (
    MASK,
    Block,
    Cell,
    Column,
    Heading,
    Line,
    Para,
    Photos,
    SubHeading,
    Table,
)
from tracker.export.report.wording import (
    marked_lines,
    month_day,
    period_long,
    period_short,
    split_place,
    time_range,
    wd,
)


def member_nights(
    member_id: uuid.UUID | None,
    start: date,
    end: date,
    itinerary: Iterable[ItineraryItem],
    corrected: int | None = None,
) -> str:
    """4박 6일, by the one rule of the trip page (tracker.domain.nights): nights abroad, not on
    the plane; the officer's correction of the trip's count wins."""
    legs = [item for item in itinerary if item.member_id is None or item.member_id == member_id]
    return nights_text(start, end, legs, corrected)


def _member_period(trip: Trip, m: TripMember) -> tuple[date, date]:
    return m.start_date or trip.start_date, m.end_date or trip.end_date


def _nights_of(trip: Trip, m: TripMember) -> str:
    """A member's 박/일; one who travels the whole trip takes the officer's corrected count too."""
    start, end = _member_period(trip, m)
    corrected = trip.nights if (start, end) == (trip.start_date, trip.end_date) else None
    return member_nights(m.id, start, end, trip.itinerary, corrected)


def _trip_nights(trip: Trip) -> str:
    for m in trip.members:
        if _member_period(trip, m) == (trip.start_date, trip.end_date):
            return member_nights(m.id, trip.start_date, trip.end_date, trip.itinerary, trip.nights)
    return member_nights(None, trip.start_date, trip.end_date, trip.itinerary, trip.nights)


def title_block(ctx: ReportContext) -> tuple[str, str, list[str], str]:
    trip = ctx.d.trip
    title = trip.title.strip()
    if not title.endswith("결과보고"):
        title += " 결과보고"
    destination = trip.destination or ", ".join(
        f"{ctx.country_name(dst.country_code)}({dst.city})"
        if dst.city
        else ctx.country_name(dst.country_code)
        for dst in trip.destinations
    )
    periods: list[str] = []
    seen: set[tuple[date, date]] = set()
    for m in trip.members or []:
        start, end = _member_period(trip, m)
        if (start, end) in seen:
            continue
        seen.add((start, end))
        periods.append(f"{period_long(start, end)}, {_nights_of(trip, m)}")
    if not periods:
        periods.append(f"{period_long(trip.start_date, trip.end_date)}, {_trip_nights(trip)}")
    report_date = korean_report_date(trip.report_date or date.today())
    return title, f"(출장지역 : {destination})", periods, report_date


def overview(ctx: ReportContext, number: str) -> list[Block]:
    trip = ctx.d.trip
    blocks: list[Block] = [Heading(number, "출장 개요", "overview")]
    purpose = marked_lines(trip.purpose, "o")
    notes = marked_lines(trip.purpose_notes, "*")
    if trip.classification == Classification.RESTRICTED:
        shown = ctx.restricted_text("", Classification.RESTRICTED)
        if shown is None:
            purpose, notes = [], []
        elif shown == MASK:
            purpose, notes = [Line(MASK, "o", 1)], []
    if purpose or notes:
        blocks.append(Para(Line("출장목적", "□", 0, bold=True)))
        blocks += [Para(line) for line in purpose]
        blocks += [Para(line, "footnote") for line in notes]
    blocks.append(
        Para(
            Line(
                f"출장일정 : {period_short(trip.start_date, trip.end_date)}, {_trip_nights(trip)}",
                "□",
                0,
                bold=True,
            )
        )
    )
    destination = ctx_destination(ctx)
    blocks.append(Para(Line(f"출장지 : {destination}", "□", 0, bold=True)))
    if trip.members:
        blocks.append(Para(Line("출장자 및 담당업무", "□", 0, bold=True)))
        blocks.append(members_table(ctx))
        for m in trip.members:
            for line in marked_lines(m.note, "※"):
                blocks.append(Para(Line(line.text, "※", 0), "note"))
    return blocks


def ctx_destination(ctx: ReportContext) -> str:
    return title_block(ctx)[1].removeprefix("(출장지역 : ").removesuffix(")")


def members_table(ctx: ReportContext) -> Table:
    trip = ctx.d.trip
    columns = [
        Column("성명", 15, "center"),
        Column("직급", 13, "center"),
        Column("출장기간", 36, "center"),
        Column("출장지", 22, "center"),
        Column("주요업무", 84),
    ]
    rows: list[list[Cell | None]] = []
    places: list[str] = []
    for m in trip.members:
        start, end = _member_period(trip, m)
        name = m.person.name_ko or m.person.display_name() if m.person is not None else ""
        place = m.destination or ctx_destination(ctx)
        places.append(place)
        duties = marked_lines(m.duties, "o")
        rows.append(
            [
                Cell([Line(name)], align="center"),
                Cell([Line(m.title or m.role or "")], align="center"),
                Cell(
                    [
                        Line(f"{month_day(start, False)}~{month_day(end, False)}"),
                        Line(f"({_nights_of(trip, m)})"),
                    ],
                    align="center",
                ),
                Cell([Line(x) for x in split_place(place).split("\n")], align="center"),
                Cell(duties),
            ]
        )
    _merge_equal(rows, 3, places)
    return Table(columns, rows, "members")


def _merge_equal(rows: list[list[Cell | None]], col: int, values: list[str]) -> None:
    """Merge runs of equal values down a column, as the reports do for 출장지."""
    i = 0
    while i < len(rows):
        j = i + 1
        while j < len(rows) and values[j] == values[i]:
            j += 1
        if j - i > 1:
            cell = rows[i][col]
            assert cell is not None
            cell.rowspan = j - i
            for k in range(i + 1, j):
                rows[k][col] = None
        i = j


def itinerary(ctx: ReportContext, number: str) -> list[Block]:
    items = [i for i in ctx.d.trip.itinerary if i.meeting_id not in ctx.omitted]
    blocks: list[Block] = [Heading(number, "일정", "itinerary")]
    if not items:
        blocks.append(Para(Line("등록된 일정 없음", "o", 1)))
        return blocks
    columns = [
        Column("일 자", 19, "center"),
        Column("시  간", 31, "center"),
        Column("주요 일정", 95),
        Column("비고", 25, "center"),
    ]
    by_day: dict[date, list[ItineraryItem]] = {}
    for item in items:
        by_day.setdefault(item.date, []).append(item)
    days = sorted(by_day)
    rows: list[list[Cell | None]] = []
    for n, day in enumerate(days):
        day_items = by_day[day]
        label = [Line(f"{day.month}.{day.day}"), Line(f"({wd(day)})")]
        offsets = {i.id: _arrival_offset(ctx, i) for i in day_items}
        reach = max(offsets.values())
        if reach > 0:  # a flight that lands the next day, and nothing else planned that day
            arrival = date.fromordinal(day.toordinal() + reach)
            if n + 1 == len(days) or days[n + 1] > arrival:
                label = [Line(f"{day.month}.{day.day}({wd(day)})"), Line(f"~{arrival.day}({wd(arrival)})")]
        for k, item in enumerate(day_items):
            entry = [Line(item.description)]
            if item.detail:
                entry += [Line(x) for x in item.detail.splitlines() if x.strip()]
            reference = [Line(x) for x in (item.reference or "").split()]
            if item.meeting_id in ctx.masked:  # the line names the counterpart: only its time stays
                entry, reference = [Line(MASK)], []
            row: list[Cell | None] = [
                Cell(label, rowspan=len(day_items), align="center") if k == 0 else None,
                Cell([Line(time_range(item.start_time, item.end_time, offsets[item.id]))], align="center"),
                Cell(entry),
                Cell(reference, align="center"),
            ]
            rows.append(row)
    # The remark goes above the table: below it, a table that fills its page pushed the one
    # line onto a page of its own before the next section's page break.
    blocks.append(Para(Line("시간은 현지 시각 기준(항공편 출발·도착은 각 공항의 현지 시각)", "※", 0), "note"))
    blocks.append(Table(columns, rows, "itinerary"))
    return blocks


def _arrival_offset(ctx: ReportContext, item: ItineraryItem) -> int:
    """The arrival's day offset, '+1' added where a flight as entered lands before it leaves."""
    zone = item.timezone or (ctx.d.trip.destinations[0].timezone if ctx.d.trip.destinations else None)
    return arrival_day_offset(
        item.date, item.start_time, item.end_time, zone, item.end_timezone, item.end_day_offset
    )


def _session_line(n: int, session) -> Line:  # type: ignore[no-untyped-def]
    text = f"세션 {n} : {session.title_ko}"
    if session.members_only:
        text += " (회원국 단독)"
    return Line(text, "-", 2)


def events_part(ctx: ReportContext) -> list[Block]:
    blocks: list[Block] = []
    for event in ctx.d.trip.events:
        name = event.name_ko.strip()
        if str(event.start_date.year) not in name:
            name = f"{event.start_date.year} {name}"
        blocks.append(SubHeading(f"{name} 참가", "event"))
        where = event.venue or event.city or ""
        when = period_short(event.start_date, event.end_date).replace(" ~ ", "~")
        blocks.append(Para(Line(f"일시/장소 : {when}" + (f", {where}" if where else ""), "o", 1)))
        for n, session in enumerate(event.sessions, start=1):
            blocks.append(Para(_session_line(session.seq or n, session)))
        if event.summary and not event.sessions:
            blocks.append(Para(Line(event.summary, "-", 2)))
    photos = ctx.photos.get(None, [])
    if blocks and photos and ctx.options.has("photos"):
        event_name = ctx.d.trip.events[0].name_ko if len(ctx.d.trip.events) == 1 else "출장"
        blocks.append(Photos(f"{event_name} 주요 사진", photos))
    return blocks
