"""The meetings and visits of a 결과보고: each side's people with their country marks (韓/美),
the counterpart named, the key points; visits as a section of their own.
"""

from __future__ import annotations

import sqlalchemy as sa

from tracker.db.models import Meeting, MeetingParticipant, Organization
from tracker.domain.dates import korean_short_date
from tracker.domain.enums import Classification, MeetingKind, OrgKind, Side
from tracker.export.report.context import ReportContext
from tracker.export.report.model import (
    MASK,
    Block,
    Cell,
    Column,
    Line,
    Para,
    Photos,
    Restricted,
    SubHeading,
    Table,
)
from tracker.export.report.wording import OUR_COUNTRY, day_range, time_range
from tracker.services.meetings import heads


def counterpart(ctx: ReportContext, meeting: Meeting, same_country: int) -> str:
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


def _party_mark(ctx: ReportContext, meeting: Meeting, p: MeetingParticipant) -> str:
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


def person_label(p: MeetingParticipant, ours: bool) -> str:
    """Our side by title ('제2차관'); theirs by name and title ('William Kimmitt 통상차관')."""
    title = (p.title or "").strip()
    name = ((p.person.name_ko or p.person.display_name()) if p.person is not None else (p.name or "")).strip()
    if ours and title:
        return title
    if not title or title in name:
        return name
    return f"{name} {title}".strip()


def side_line(ctx: ReportContext, meeting: Meeting, side: Side, limit: int = 2) -> str | None:
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
        label = person_label(p, side == Side.US)
        if not label:
            continue
        mark = _party_mark(ctx, meeting, p)
        parts.append(f"{mark} {label}".strip() if mark != last_mark else label)
        last_mark = mark
    if not parts:
        parts.append(_party_mark(ctx, meeting, people[0]))
    more = " 등" if len(people) > limit else ""
    return f"{', '.join(parts)}{more}".strip()


def key_point_lines(ctx: ReportContext, meeting: Meeting, marker: str, level: int) -> list[Line]:
    lines: list[Line] = []
    for kp in meeting.key_points:
        text = ctx.restricted_text(kp.text, kp.classification)
        if text is None:
            continue
        if kp.party and text != MASK:
            text = f"({kp.party}) {text}"
        lines.append(Line(text, marker, level))
    return lines


def meetings_part(ctx: ReportContext) -> list[Block]:
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
            points = key_point_lines(ctx, m, "▪", 0)
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


def visits_part(ctx: ReportContext) -> list[Block]:
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
        who = [person_label(p, False) for p in us + them]
        if who:
            blocks.append(Para(Line(f"(참석자) {', '.join(x for x in who if x)}", "o", 1)))
        summary = m.summary or m.outcome
        if summary or m.key_points:
            blocks.append(Para(Line(f"(주요내용) {summary or ''}".rstrip(), "o", 1)))
        blocks += [Para(line) for line in key_point_lines(ctx, m, "-", 2)]
        photos = ctx.photos.get(m.id, [])
        if photos and ctx.options.has("photos"):
            blocks.append(Photos(f"{m.title.removesuffix('현장방문').strip()} 주요 사진", photos))
    return blocks
