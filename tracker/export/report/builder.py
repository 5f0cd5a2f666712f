"""Trip dossier -> `Report`: the structure and wording of a 출장 결과보고.

The conventions follow the real report the product was made from: numbered sections
(1 출장 개요, 2 일정, 3 출장 주요 결과) plus 4 후속조치, bullets □ o - ▪ * ** ※, dates written
2025.12.06.(토), '25.12.06., '26.10월, 4박 6일, 16:50+1, and country marks 韓/美 before each
side of a meeting."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Attachment,
    Country,
    ItineraryItem,
    Meeting,
    MeetingParticipant,
    Organization,
    Trip,
    TripMember,
)
from tracker.domain.arrival import arrival_day_offset
from tracker.domain.dates import (
    WEEKDAYS_KO,
    PrecisionDate,
    format_local_time,
    korean_date,
    korean_report_date,
    korean_short_date,
)
from tracker.domain.enums import Classification, MeetingKind, OrgKind, Side
from tracker.domain.labels import LABELS
from tracker.domain.nights import nights_text
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
    Photos,
    Report,
    ReportOptions,
    Restricted,
    SubHeading,
    Table,
)
from tracker.services import records
from tracker.services.attachments import readable_path
from tracker.services.confidentiality import is_restricted, shown
from tracker.services.meetings import heads
from tracker.services.trips import TripDossier, dossier

OUR_COUNTRY = "KR"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp"}


def ko(value: object) -> str:
    """The Korean label of an enum value, whatever the interface language."""
    key = getattr(value, "value", value)
    return LABELS.get(str(key), (str(key), str(key)))[0]


# ---------------------------------------------------------------------------------------
# dates as the reports write them


def wd(d: date) -> str:
    return WEEKDAYS_KO[d.weekday()]


def month_day(d: date, dot: bool = True) -> str:
    """12.11.(목), or 12.06(토) as the traveller table writes it."""
    return f"{d.month:02d}.{d.day:02d}.({wd(d)})" if dot else f"{d.month:02d}.{d.day:02d}({wd(d)})"


def period_long(start: date, end: date) -> str:
    """2025.12.06.(토)~12.11.(목)"""
    if end == start:
        return korean_date(start)
    tail = korean_date(end) if end.year != start.year else month_day(end)
    return f"{korean_date(start)}~{tail}"


def period_short(start: date, end: date) -> str:
    """'25.12.06.(토) ~ 12.11.(목)"""
    if end == start:
        return korean_short_date(start, weekday=True)
    tail = korean_short_date(end, weekday=True) if end.year != start.year else month_day(end)
    return f"{korean_short_date(start, weekday=True)} ~ {tail}"


def day_range(days: Sequence[date]) -> str:
    """2025.12.08.~09. (the dates of the meetings)"""
    first, last = min(days), max(days)
    text = korean_date(first, weekday=False)
    if last != first:
        if (last.year, last.month) == (first.year, first.month):
            text += f"~{last.day:02d}."
        elif last.year == first.year:
            text += f"~{last.month:02d}.{last.day:02d}."
        else:
            text += f"~{korean_date(last, weekday=False)}"
    return text


def time_range(start: time | None, end: time | None, end_offset: int = 0) -> str:
    """09:45~13:54, 07:00~16:50+1"""
    if start is None:
        return format_local_time(end, end_offset)
    if end is None:
        return format_local_time(start)
    return f"{format_local_time(start)}~{format_local_time(end, end_offset)}"


def split_place(text: str) -> str:
    """'캐나다(몬트리올)' -> '캐나다\\n(몬트리올)' for a narrow column."""
    head, sep, tail = text.partition("(")
    return f"{head.strip()}\n({tail}" if sep and head.strip() else text


# ---------------------------------------------------------------------------------------
# text with report marks


MARKERS = ("□", "○", "o", "-", "▪", "※", "**", "*", "·")


def marked_lines(text: str | None, default_marker: str = "o") -> list[Line]:
    """Lines written with their marks ('o ...', ' - ...', '** ...') -> `Line`s. A line
    without a mark takes `default_marker`."""
    out: list[Line] = []
    for raw in (text or "").splitlines():
        stripped = raw.strip()
        if not stripped:
            continue
        marker, body = default_marker, stripped
        for m in MARKERS:
            if stripped.startswith(m + " ") or stripped == m:
                marker, body = m, stripped[len(m) :].strip()
                break
        if marker == "○":
            marker = "o"
        level = {"□": 0, "o": 1, "-": 2, "·": 2, "▪": 1, "※": 0, "*": 1, "**": 1}.get(marker, 1)
        out.append(Line(body, marker, level))
    return out


# ---------------------------------------------------------------------------------------
# the parts


class Naming:
    """Country marks and names, and what restricted (대외비) text may show. Needs `countries`,
    `mode` and a `shows_restricted` flag on the class that uses it (every document builder)."""

    countries: dict[str, Country]
    mode: Restricted
    shows_restricted: bool

    def mark(self, code: str | None) -> str:
        if not code:
            return ""
        country = self.countries.get(code)
        return (country.mark or country.name_ko) if country is not None else code

    def country_name(self, code: str | None) -> str:
        country = self.countries.get(code or "")
        return country.name_ko if country is not None else (code or "")

    def restricted_text(self, text: str, classification: Classification) -> str | None:
        """The text as it may be shown: itself, [대외비], or None (leave it out)."""
        restricted = is_restricted(classification)
        if restricted and self.mode is Restricted.INCLUDE:
            self.shows_restricted = True
        return shown(text, restricted, self.mode)


@dataclass
class _Context(Naming):
    d: TripDossier
    options: ReportOptions
    countries: dict[str, Country]
    photos: dict[uuid.UUID | None, list[Photo]]  # meeting id -> photos; None -> the trip's
    meetings: list[Meeting] = field(default_factory=list)  # chosen, in report order
    masked: set[uuid.UUID] = field(default_factory=set)  # meetings shown with their content masked
    omitted: set[uuid.UUID] = field(default_factory=set)  # restricted meetings left out
    shows_restricted: bool = False

    @property
    def mode(self) -> Restricted:
        return self.options.restricted


def meeting_number(meetings: Sequence[Meeting]) -> dict[uuid.UUID, int]:
    """The 순번 a user picks meetings by: the stored `seq` where the trip's meetings have
    distinct ones, otherwise the position in the trip's order."""
    seqs = [m.seq for m in meetings]
    if all(seqs) and len(set(seqs)) == len(seqs):
        return {m.id: m.seq for m in meetings}
    return {m.id: i for i, m in enumerate(meetings, start=1)}


def choose_meetings(ctx: _Context) -> None:
    numbers = meeting_number(ctx.d.meetings)
    wanted = set(ctx.options.meetings) if ctx.options.meetings is not None else None
    for m in ctx.d.meetings:
        if wanted is not None and numbers[m.id] not in wanted:
            continue
        if m.classification == Classification.RESTRICTED:
            if ctx.mode is Restricted.OMIT:
                ctx.omitted.add(m.id)
                continue
            if ctx.mode is Restricted.MASK:
                ctx.masked.add(m.id)
            else:
                ctx.shows_restricted = True
        ctx.meetings.append(m)
    # a restricted meeting left out by --meetings is still not to leak through the itinerary
    if ctx.mode is Restricted.OMIT:
        ctx.omitted.update(m.id for m in ctx.d.meetings if m.classification == Classification.RESTRICTED)


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


def title_block(ctx: _Context) -> tuple[str, str, list[str], str]:
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


def overview(ctx: _Context, number: str) -> list[Block]:
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


def ctx_destination(ctx: _Context) -> str:
    return title_block(ctx)[1].removeprefix("(출장지역 : ").removesuffix(")")


def members_table(ctx: _Context) -> Table:
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


def itinerary(ctx: _Context, number: str) -> list[Block]:
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
    blocks.append(Table(columns, rows, "itinerary"))
    blocks.append(Para(Line("시간은 현지 시각 기준(항공편 출발·도착은 각 공항의 현지 시각)", "※", 0), "note"))
    return blocks


def _arrival_offset(ctx: _Context, item: ItineraryItem) -> int:
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


def events_part(ctx: _Context) -> list[Block]:
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


def counterpart(ctx: _Context, meeting: Meeting, same_country: int) -> str:
    """면담대상: the meeting's own label when the officer gave one; else '캐나다', 'OECD', or
    '미국(상무부)' where one country has two meetings. An organization of another country (a
    Korean company met abroad) is named alone, never as a part of the meeting's country."""
    if meeting.counterpart_label:
        return meeting.counterpart_label
    org = meeting.organizations[0] if meeting.organizations else None
    if org is not None and _country_of(org) not in (None, meeting.country_code):
        return org.acronym or org.name_ko
    if meeting.country_code:
        name = ctx.country_name(meeting.country_code)
        if same_country > 1 and org is not None:
            short = org.name_ko
            if short.startswith(name + " "):
                short = short[len(name) + 1 :]
            elif org.acronym:
                short = org.acronym
            return f"{name}({short})"
        return name
    if org is not None:
        return org.acronym or org.name_ko
    return meeting.title


def _country_of(org: Organization | None) -> str | None:
    """An organization's country, or that of the body it belongs to."""
    while org is not None:
        if org.country_code:
            return org.country_code
        if "parent" in sa.inspect(org).unloaded:  # not read with the meeting: not known here
            return None
        org = org.parent
    return None


def _party_mark(ctx: _Context, meeting: Meeting, p: MeetingParticipant) -> str:
    """The mark before a party: 韓 for our side; for theirs, the country of the person's
    organization (a Korean company's head gets 韓 wherever the meeting is), an international
    organization by its name; the meeting's country only for someone of no organization."""
    org = p.organization
    if p.side == Side.US:
        return ctx.mark(OUR_COUNTRY) or "韓"
    if org is not None and org.kind == OrgKind.INTERNATIONAL:
        return org.acronym or org.name_ko
    code = _country_of(org) or (p.person.country_code if p.person is not None else None)
    if code is None and org is None:
        code = meeting.country_code
    return ctx.mark(code)


def _person_label(p: MeetingParticipant, ours: bool) -> str:
    """Our side by title ('제2차관'); theirs by name and title ('William Kimmitt 통상차관')."""
    title = (p.title or "").strip()
    name = ((p.person.name_ko or p.person.display_name()) if p.person is not None else (p.name or "")).strip()
    if ours and title:
        return title
    if not title or title in name:
        return name
    return f"{name} {title}".strip()


def side_line(ctx: _Context, meeting: Meeting, side: Side, limit: int = 2) -> str | None:
    """'韓 제2차관, 다자협력담당관 등' / '美 William Kimmitt 통상차관 등': head first."""
    people = sorted((p for p in meeting.participants if p.side == side), key=lambda p: p.seq)
    if not people:
        return None
    head = heads(meeting).get(side)
    if head is not None:
        people.remove(head)
        people.insert(0, head)
    # Each shown person under their own party's mark ('中 A 부장, 韓 B 사장'), the mark said
    # once for a run of the same party; 등 only where more people attended than are shown.
    parts: list[str] = []
    last_mark: str | None = None
    for p in people[:limit]:
        label = _person_label(p, side == Side.US)
        if not label:
            continue
        mark = _party_mark(ctx, meeting, p)
        parts.append(f"{mark} {label}".strip() if mark != last_mark else label)
        last_mark = mark
    if not parts:
        parts.append(_party_mark(ctx, meeting, people[0]))
    more = " 등" if len(people) > limit else ""
    return f"{', '.join(parts)}{more}".strip()


def _key_point_lines(ctx: _Context, meeting: Meeting, marker: str, level: int) -> list[Line]:
    lines: list[Line] = []
    for kp in meeting.key_points:
        text = ctx.restricted_text(kp.text, kp.classification)
        if text is None:
            continue
        if kp.party and text != MASK:
            text = f"({kp.party}) {text}"
        lines.append(Line(text, marker, level))
    return lines


def meetings_part(ctx: _Context) -> list[Block]:
    meetings = [m for m in ctx.meetings if m.kind != MeetingKind.SITE_VISIT]
    if not meetings:
        return []
    all_bilateral = all(m.kind == MeetingKind.BILATERAL for m in meetings)
    blocks: list[Block] = [SubHeading("주요 협력국가 양자면담" if all_bilateral else "주요 면담", "meetings")]
    places = list(dict.fromkeys(m.location for m in meetings if m.location and m.id not in ctx.masked))
    when = day_range([m.date for m in meetings])
    blocks.append(Para(Line(f"일시/장소 : {when}" + (f", {', '.join(places)}" if places else ""), "o", 1)))
    columns = [
        Column("순번", 10, "center"),
        Column("면담대상", 23, "center"),
        Column("주요참석자", 56),
        Column("주요 내용", 81),
    ]
    per_country: dict[str, int] = {}
    for m in meetings:
        if m.country_code:
            per_country[m.country_code] = per_country.get(m.country_code, 0) + 1
    rows: list[list[Cell | None]] = []
    for n, m in enumerate(meetings, start=1):
        target = counterpart(ctx, m, per_country.get(m.country_code or "", 0))
        if m.classification == Classification.RESTRICTED and ctx.mode is Restricted.INCLUDE:
            target += "\n(대외비)"
        if m.id in ctx.masked:
            target = MASK
            who = [Line(MASK)]
            points = [Line(MASK, "▪", 0)]
        else:
            who = [Line(x) for x in (side_line(ctx, m, Side.US), side_line(ctx, m, Side.THEM)) if x]
            points = _key_point_lines(ctx, m, "▪", 0)
            if not points and m.summary:
                points = [Line(m.summary, "▪", 0)]
        rows.append(
            [
                Cell([Line(str(n))], align="center"),
                Cell([Line(x) for x in target.split("\n")], align="center"),
                Cell(who),
                Cell(points),
            ]
        )
    blocks.append(Table(columns, rows, "meetings"))
    if ctx.options.has("photos"):
        photos = [p for m in meetings if m.id not in ctx.masked for p in ctx.photos.get(m.id, [])]
        if photos:
            blocks.append(Photos(f"{'양자면담' if all_bilateral else '면담'} 주요 사진", photos))
    return blocks


def visits_part(ctx: _Context) -> list[Block]:
    blocks: list[Block] = []
    for m in ctx.meetings:
        if m.kind != MeetingKind.SITE_VISIT:
            continue
        masked = m.id in ctx.masked
        title = MASK if masked else m.title
        if m.classification == Classification.RESTRICTED and ctx.mode is Restricted.INCLUDE:
            title += " (대외비)"
        blocks.append(SubHeading(title, "visit"))
        blocks.append(Para(Line("현장방문 개요", "□", 0, bold=True)))
        when = korean_short_date(m.date, weekday=True)
        times = time_range(m.start_time, m.end_time)
        parts = [when] + ([times] if times else []) + ([m.location] if m.location and not masked else [])
        blocks.append(Para(Line(f"(일시/장소) {', '.join(parts)}", "o", 1)))
        if m.id in ctx.masked:
            blocks.append(Para(Line(f"(참석자) {MASK}", "o", 1)))
            blocks.append(Para(Line(f"(주요내용) {MASK}", "o", 1)))
            continue
        us = sorted((p for p in m.participants if p.side == Side.US), key=lambda p: p.seq)
        them = sorted((p for p in m.participants if p.side == Side.THEM), key=lambda p: p.seq)
        who = [_person_label(p, False) for p in us + them]
        if who:
            blocks.append(Para(Line(f"(참석자) {', '.join(x for x in who if x)}", "o", 1)))
        summary = m.summary or m.outcome
        if summary or m.key_points:
            blocks.append(Para(Line(f"(주요내용) {summary or ''}".rstrip(), "o", 1)))
        blocks += [Para(line) for line in _key_point_lines(ctx, m, "-", 2)]
        photos = ctx.photos.get(m.id, [])
        if photos and ctx.options.has("photos"):
            blocks.append(Photos(f"{m.title.removesuffix('현장방문').strip()} 주요 사진", photos))
    return blocks


def followups(ctx: _Context, number: str) -> list[Block]:
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
    ctx = _Context(d, options, countries or {}, photos or {})
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


# ---------------------------------------------------------------------------------------
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
