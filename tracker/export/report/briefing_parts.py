"""The parts of a briefing pack for one counterpart: 면담 개요, 상대측 인사, 그간 면담 경과,
후속조치 이행 현황, 협력채널 및 협정 and 주요 의제 관련 동향.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import time

from tracker.db.models import Action, Agreement, Channel, Meeting
from tracker.domain.dates import korean_short_date
from tracker.domain.enums import MeetingKind, Side
from tracker.export.report.briefing_text import (
    OWED,
    BriefingOptions,
    Context,
    action_source,
    action_title,
    agreement_text,
    channel_text,
    contact_lines,
    due_text,
    meeting_point_lines,
    meeting_when,
    owner_text,
    position_lines,
    position_period,
    position_title,
    sides_lines,
    status_lines,
)
from tracker.export.report.meeting_sections import counterpart, person_label, side_line
from tracker.export.report.model import MASK, Block, Cell, Column, Line, Para, Table
from tracker.export.report.wording import marked_lines
from tracker.services.briefing import OUR_COUNTRY, CounterpartBrief, Profile

# the parts of one counterpart


def label_of(ctx: Context, m: Meeting, same_country: int = 1) -> str:
    """면담대상 as the trip report writes it: '미국(상무부)', 'OECD'; a site visit by its title."""
    if ctx.masked(m):  # the counterpart is content: its country, organization or title
        return MASK
    if m.counterpart_label:
        return m.counterpart_label
    if m.kind == MeetingKind.SITE_VISIT:
        return m.title
    if m.country_code == OUR_COUNTRY and not m.organizations:
        return m.title
    return counterpart(ctx, m, same_country)  # type: ignore[arg-type]


def overview_part(ctx: Context, b: CounterpartBrief, *, with_trip: bool) -> list[Block]:
    m = b.meeting
    masked = ctx.masked(m)
    blocks: list[Block] = []
    place = f", {m.location}" if m.location and not masked else ""
    blocks.append(Para(Line(f"일시/장소 : {meeting_when(m)}{place}", "□", 0, bold=True)))
    orgs = [o.name_ko for o in m.organizations]
    target = counterpart(ctx, m, 1) if m.counterpart_label or m.country_code or m.organizations else m.title  # type: ignore[arg-type]
    if masked:
        target = MASK
    elif orgs:
        names = ", ".join(x for x in orgs if x != target)
        target = f"{target} ({names})" if names else target
    blocks.append(Para(Line(f"면담대상 : {target}{ctx.restricted_suffix(m)}", "□", 0, bold=True)))
    blocks.append(Para(Line("참석자", "□", 0, bold=True)))
    if masked:
        blocks.append(Para(Line(MASK, "o", 1)))
    else:
        for side, name in ((Side.US, "우리측"), (Side.THEM, "상대측")):
            people = sorted(
                (p for p in m.participants if p.side == side), key=lambda p: (not p.is_head, p.seq)
            )
            labels = [person_label(p, side == Side.US) for p in people]
            text = ", ".join(x for x in labels if x) or "-"
            blocks.append(Para(Line(f"({name}) {text}", "o", 1)))
    topics = ", ".join(t.name_ko for t in sorted(m.topics, key=lambda t: t.name_ko))
    agenda = marked_lines(m.agenda, "o")
    if topics or agenda:
        blocks.append(Para(Line(f"의제 : {MASK if masked else (topics or '-')}", "□", 0, bold=True)))
        if not masked:
            blocks += [Para(line) for line in agenda]
    points = meeting_point_lines(ctx, m, "o", 1)
    if points:
        blocks.append(Para(Line("주요 내용", "□", 0, bold=True)))
        blocks += [Para(line) for line in points]
    if with_trip and m.trip is not None:
        blocks.append(Para(Line(f"관련 출장 : {m.trip.title}", "□", 0, bold=True)))
    return blocks


def _profile_row(ctx: Context, p: Profile, contacts: bool) -> list[Cell | None]:
    person = p.person
    names = [Line(person.name_ko or person.display_name())]
    other = person.name_original or person.name_latin
    if other and other != names[0].text:
        names.append(Line(f"({other})"))
    now: list[Line] = []
    if p.current is not None:
        now += [Line(x) for x in position_lines(p.current)]
    else:
        now.append(Line("현 직위 미상"))
    held = (p.participant.title or "").strip()
    current = (p.current.title_ko or p.current.title_en or "") if p.current is not None else ""
    if held and (not current or current not in held):
        now.append(Line(f"면담 시 직함: {held}", "※"))
    earlier = [
        Line(f"{position_title(pos)}" + (f" ({position_period(pos)})" if position_period(pos) else ""), "-")
        for pos in p.previous
    ]
    row: list[Cell | None] = [
        Cell(names, align="center"),
        Cell(now),
        Cell(earlier or [Line("-")], align="left"),
    ]
    if contacts:
        row.append(Cell(contact_lines(person) or [Line("-")]))
    return row


def profiles_part(ctx: Context, b: CounterpartBrief, options: BriefingOptions) -> list[Block]:
    if ctx.masked(b.meeting):
        return [Para(Line(MASK, "o", 1))]
    blocks: list[Block] = []
    if b.profiles:
        # no column of dashes where nobody's contact details are on record
        contacts = options.contacts and any(contact_lines(p.person) for p in b.profiles)
        columns = [Column("성명", 28, "center"), Column("현 직위", 50), Column("이전 직위", 52)]
        if contacts:
            columns.append(Column("연락처", 40))
        else:
            columns[1].width, columns[2].width = 62, 80
        rows = [_profile_row(ctx, p, contacts) for p in b.profiles]
        blocks.append(Table(columns, rows, "profiles"))
    else:
        blocks.append(Para(Line("등록된 상대측 인사 없음", "o", 1)))
    others = [p.name or "" for p in b.others if (p.name or "").strip()]
    if others:
        blocks.append(Para(Line(f"그 밖의 참석자 : {', '.join(others)}", "※", 0), "note"))
    return blocks


def history_table(ctx: Context, meetings: Sequence[Meeting]) -> Table:
    columns = [
        Column("일자", 25, "center"),
        Column("면담", 34, "center"),
        Column("주요참석자", 45),
        Column("주요 내용", 66),
    ]
    rows: list[list[Cell | None]] = []
    for m in meetings:
        rows.append(
            [
                Cell([Line(korean_short_date(m.date, weekday=True))], align="center"),
                Cell([Line(ctx.title(m) + ctx.restricted_suffix(m))], align="center"),
                Cell(sides_lines(ctx, m)),
                Cell(meeting_point_lines(ctx, m) or [Line("-")]),
            ]
        )
    return Table(columns, rows, "history")


def history_part(ctx: Context, b: CounterpartBrief) -> list[Block]:
    if not b.history:
        return [Para(Line("이전 면담 기록 없음", "o", 1))]
    return [Para(Line(f"최근 순 {len(b.history)}건", "o", 1)), history_table(ctx, b.history)]


def actions_table(ctx: Context, actions: Iterable[Action], *, owner: bool = True) -> Table | None:
    columns = [
        Column("후속조치", 66),
        Column("관련 면담", 38, "center"),
        Column("담당", 24, "center"),
        Column("기한", 22, "center"),
        Column("상태", 20, "center"),
    ]
    if not owner:
        columns = [c for c in columns if c.title != "담당"]
        columns[0].width += 24
    rows: list[list[Cell | None]] = []
    for a in actions:
        title = action_title(ctx, a)
        if title is None:
            continue
        masked = title == MASK  # no one's name and no deadline of a masked commitment
        row: list[Cell | None] = [Cell([Line(title)]), Cell(action_source(a, title), align="center")]
        if owner:
            row.append(Cell([Line("-" if masked else owner_text(a, ctx.today))], align="center"))
        row += [
            Cell([Line("-" if masked else due_text(a))], align="center"),
            Cell(status_lines(a, ctx.today), align="center"),
        ]
        rows.append(row)
    return Table(columns, rows, "actions") if rows else None


def actions_part(
    ctx: Context,
    b: CounterpartBrief,
    shown: Sequence[Action] | None = None,
    elsewhere: Sequence[tuple[str, int]] = (),
) -> list[Block]:
    """The open commitments by who owes them. `shown`: the ones listed here (default: all of
    the brief's); `elsewhere`: (section, count) of the others, listed under another section."""
    actions = list(b.actions if shown is None else shown)
    blocks: list[Block] = []
    for owed, title in OWED:
        table = actions_table(ctx, [a for a in actions if a.owed_by.value == owed])
        if table is not None:
            blocks += [Para(Line(title, "□", 0, bold=True)), table]
    notes = [
        Para(Line(f"관련 후속조치 {n}건은 「{where}」에 수록", "※", 0), "note") for where, n in elsewhere
    ]
    if not blocks and not notes:
        return [Para(Line("미이행 후속조치 없음", "o", 1))]
    return blocks + notes


def place_actions(briefs: Sequence[CounterpartBrief]) -> dict[uuid.UUID, uuid.UUID]:
    """In a trip briefing, each commitment is listed once: under the first meeting whose
    counterpart it names (the meeting it came from, the organization, the official), or
    else under the first meeting with that country. Action id -> meeting id."""
    home: dict[uuid.UUID, uuid.UUID] = {}
    for specific_only in (True, False):
        for b in briefs:
            cp = b.counterpart
            for a in b.actions:
                if a.id in home:
                    continue
                specific = (
                    a.meeting_id == b.meeting.id
                    or a.counterpart_org_id in cp.organization_ids
                    or a.counterpart_id in cp.person_ids
                )
                if specific or not specific_only:
                    home[a.id] = b.meeting.id
    return home


def links_part(channels: Sequence[Channel], agreements: Sequence[Agreement]) -> list[Block]:
    blocks: list[Block] = []
    if channels:
        blocks.append(Para(Line("협력채널", "□", 0, bold=True)))
        blocks += [Para(Line(channel_text(c), "o", 1)) for c in channels]
    if agreements:
        blocks.append(Para(Line("협정·양해각서", "□", 0, bold=True)))
        for a in agreements:
            blocks.append(Para(Line(agreement_text(a), "o", 1)))
            if a.parties:
                blocks.append(Para(Line(f"당사자 : {', '.join(o.name_ko for o in a.parties)}", "-", 2)))
    return blocks or [Para(Line("등록된 협력채널·협정 없음", "o", 1))]


def topics_part(ctx: Context, b: CounterpartBrief) -> list[Block]:
    """Other meetings with the counterpart on the meeting's topics: each meeting once, most
    recent first, with the topics it shares; then the topics no other meeting had."""
    if ctx.masked(b.meeting):
        return [Para(Line(MASK, "o", 1))]
    if not b.topics:
        return [Para(Line("등록된 의제(주제) 없음", "o", 1))]
    shared: dict[uuid.UUID, tuple[Meeting, list[str]]] = {}
    without: list[str] = []
    for tm in b.topics:
        if not tm.meetings:
            without.append(tm.topic.name_ko)
        for m in tm.meetings:
            shared.setdefault(m.id, (m, []))[1].append(tm.topic.name_ko)
    blocks: list[Block] = []
    for m, topics in sorted(
        shared.values(),
        key=lambda x: (x[0].date, x[0].start_time is not None, x[0].start_time or time()),
        reverse=True,
    ):
        masked = ctx.masked(m)
        theirs = None if masked else side_line(ctx, m, Side.THEM)  # type: ignore[arg-type]
        head = f" ({theirs})" if theirs else ""
        blocks.append(
            Para(
                Line(
                    f"{korean_short_date(m.date, weekday=True)} {ctx.title(m)}{ctx.restricted_suffix(m)}{head}",
                    "o",
                    1,
                )
            )
        )
        blocks.append(Para(Line(f"공통 의제 : {', '.join(topics)}", "-", 2)))
        blocks += [Para(line) for line in meeting_point_lines(ctx, m, "-", 2)]
    if without:
        blocks.append(Para(Line(f"최근 관련 면담이 없는 의제 : {', '.join(without)}", "※", 0), "note"))
    return blocks


PARTS = (
    ("overview", "면담 개요"),
    ("profiles", "상대측 인사"),
    ("history", "그간 면담 경과"),
    ("actions", "후속조치 이행 현황"),
    ("links", "협력채널 및 협정"),
    ("topics", "주요 의제 관련 동향"),
)


def counterpart_parts(
    ctx: Context,
    b: CounterpartBrief,
    options: BriefingOptions,
    *,
    with_trip: bool,
    actions: Sequence[Action] | None = None,
    elsewhere: Sequence[tuple[str, int]] = (),
) -> list[tuple[str, str, list[Block]]]:
    content = {
        "overview": lambda: overview_part(ctx, b, with_trip=with_trip),
        "profiles": lambda: profiles_part(ctx, b, options),
        "history": lambda: history_part(ctx, b),
        "actions": lambda: actions_part(ctx, b, actions, elsewhere),
        "links": lambda: (
            [Para(Line(MASK, "o", 1))] if ctx.masked(b.meeting) else links_part(b.channels, b.agreements)
        ),
        "topics": lambda: topics_part(ctx, b),
    }
    return [(key, title, content[key]()) for key, title in PARTS]
