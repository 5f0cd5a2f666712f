"""Briefing pack (사전 브리핑 자료) -> `Report`, for one meeting or for every meeting of a trip.

Per counterpart (the country and organizations of a meeting, the officials across the table):
the officials' positions over time and contact details, our earlier meetings with that country
or organization (most recent first), the commitments still open in either direction (우리측 /
상대측 / 양측 이행, due dates written with their precision: '26.10월), the channels and
agreements, and other recent meetings on the meeting's topics. Restricted (대외비) items follow
the same include / mask / omit choice as the trip report.

The wording follows the report conventions: numbered section boxes, □ o - ▪ ※ marks, the
title block with the date line (2025. 12. 24.), 韓/美 marks before each side."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time

from tracker.db.engine import Database
from tracker.db.models import Action, Agreement, Channel, Country, Meeting, Person, Position
from tracker.domain.dates import PrecisionDate, korean_date, korean_report_date, korean_short_date
from tracker.domain.enums import AgreementStatus, Classification, MeetingKind, Side
from tracker.export.report.builder import (
    Naming,
    _key_point_lines,
    _person_label,
    counterpart,
    ko,
    marked_lines,
    period_long,
    side_line,
    time_range,
)
from tracker.export.report.model import (
    MASK,
    RESTRICTED_MARK,
    Block,
    Cell,
    Column,
    Heading,
    Line,
    Para,
    Report,
    Restricted,
    SubHeading,
    Table,
)
from tracker.services.actions import Bucket, bucket
from tracker.services.briefing import (
    OUR_COUNTRY,
    Briefing,
    CounterpartBrief,
    Profile,
    action_is_restricted,
    meeting_briefing,
    trip_briefing,
)

BRIEFING = "사전 브리핑 자료"


@dataclass(frozen=True)
class BriefingOptions:
    restricted: Restricted = Restricted.INCLUDE
    contacts: bool = True  # the officials' e-mail and telephone numbers
    history: int = 5  # earlier meetings per counterpart
    topic_meetings: int = 3  # other meetings per topic
    today: date | None = None  # the date line, and 'now' for the titles held


# ---------------------------------------------------------------------------------------
# the context shared with the trip report's helpers (marks, names, 대외비)


class Context(Naming):
    """What `builder.side_line`, `builder.counterpart` and `builder._key_point_lines` ask of
    their context, plus the choice made for restricted meetings."""

    def __init__(self, countries: dict[str, Country], mode: Restricted, today: date) -> None:
        self.countries = countries
        self.mode = mode
        self.today = today
        self.shows_restricted = False

    def masked(self, meeting: Meeting) -> bool:
        """Whether a restricted meeting is shown with its content replaced by [대외비]. (Left
        out entirely under OMIT: the service does not return those.)"""
        if meeting.classification != Classification.RESTRICTED:
            return False
        if self.mode is Restricted.INCLUDE:
            self.shows_restricted = True
            return False
        return True

    def title(self, meeting: Meeting) -> str:
        """A masked meeting's title is [대외비] like the rest of its content."""
        return MASK if self.masked(meeting) else meeting.title

    def restricted_suffix(self, meeting: Meeting) -> str:
        return (
            " (대외비)"
            if meeting.classification == Classification.RESTRICTED and self.mode is Restricted.INCLUDE
            else ""
        )


# ---------------------------------------------------------------------------------------
# small pieces of text


def short(d: date) -> str:
    """'25.3.1. (a day as the reports write it in running text)"""
    return PrecisionDate(d).korean_short()


def meeting_when(m: Meeting, weekday: bool = True) -> str:
    """'25.12.08.(월) 12:40~13:10"""
    times = time_range(m.start_time, m.end_time)
    return f"{korean_short_date(m.date, weekday=weekday)} {times}".strip()


def position_period(pos: Position) -> str:
    """'24.3.1.~ / '20.1.1.~'23.12.31. / ~'23.12.31."""
    if pos.start_date is None and pos.end_date is None:
        return ""
    start = short(pos.start_date) if pos.start_date else ""
    end = short(pos.end_date) if pos.end_date else ""
    return f"{start}~{end}"


def position_title(pos: Position) -> str:
    """'경제협력개발기구 과학기술혁신국 국장': the organization, the department, the title."""
    title = (pos.title_ko or pos.title_en or (ko(pos.rank) if pos.rank else "")).strip()
    org = pos.organization.name_ko if pos.organization is not None else ""
    parts = [org, (pos.department or "").strip(), title]
    text = " ".join(x for x in dict.fromkeys(p for p in parts if p))
    return text or "-"


def position_lines(pos: Position) -> list[str]:
    """The organization and title, the department, the English title, the period."""
    title = (pos.title_ko or pos.title_en or (ko(pos.rank) if pos.rank else "")).strip()
    org = pos.organization.name_ko if pos.organization is not None else ""
    lines = [" ".join(x for x in (org, title) if x) or "-"]
    if pos.department and pos.department.strip():
        lines.append(pos.department.strip())
    if pos.title_en and pos.title_en != title:
        lines.append(f"({pos.title_en})")
    if position_period(pos):
        lines.append(f"({position_period(pos)})")
    return lines


def current_title(person: Person, today: date) -> str:
    """The title a person holds today, short ('팀장'), or ''."""
    held = [p for p in person.positions if p.is_current(today)]
    held.sort(key=lambda p: p.rank.precedence)
    return (held[0].title_ko or held[0].title_en or "") if held else ""


def person_name(person: Person | None) -> str:
    if person is None:
        return ""
    return person.name_ko or person.display_name()


def contact_lines(person: Person) -> list[Line]:
    pairs = (("전화", person.phone), ("휴대", person.mobile), ("이메일", person.email))
    return [Line(f"{label} {value.strip()}") for label, value in pairs if value and value.strip()]


def signed_text(a: Agreement) -> str:
    """'25.10.29. 서명, 경주 / '25.9월 서명 / 협의 중"""
    parts: list[str] = []
    if a.signed_date is not None:
        when = PrecisionDate(a.signed_date, a.signed_precision).korean_short()
        status = "서명" if a.status == AgreementStatus.SIGNED else f"서명, {ko(a.status)}"
        parts.append(f"{when} {status}")
    else:
        parts.append(ko(a.status))
    if a.signed_place:
        parts.append(a.signed_place)
    return ", ".join(parts)


def channel_text(c: Channel) -> str:
    """'한-캐나다 과학기술혁신공동위원회 (공동위원회, 상대기관: 캐나다 혁신과학경제개발부)'"""
    details = [ko(c.kind)]
    if c.organization is not None:
        details.append(f"상대기관: {c.organization.name_ko}")
    if c.established_year:
        details.append(f"'{c.established_year % 100:02d}년 출범")
    return f"{c.name_ko} ({', '.join(details)})"


def agreement_text(a: Agreement) -> str:
    title = a.title_ko
    kind = ko(a.kind)
    if kind not in title and a.kind.value not in ("other",):
        title = f"{title} ({kind})"
    return f"{title} : {signed_text(a)}"


# ---------------------------------------------------------------------------------------
# tables and lines shared with the handover pack


def meeting_point_lines(ctx: Context, m: Meeting, marker: str = "▪", level: int = 0) -> list[Line]:
    if ctx.masked(m):
        return [Line(MASK, marker, level)]
    points = _key_point_lines(ctx, m, marker, level)  # type: ignore[arg-type]
    if not points and m.summary:
        points = [Line(m.summary, marker, level)]
    return points


def sides_lines(ctx: Context, m: Meeting) -> list[Line]:
    """'韓 제2차관, 다자협력담당관 등' and 'OECD Jerry Sheehan 국장 등': each side, head first."""
    if ctx.masked(m):
        return [Line(MASK)]
    return [Line(x) for x in (side_line(ctx, m, Side.US), side_line(ctx, m, Side.THEM)) if x]  # type: ignore[arg-type]


def action_title(ctx: Context, a: Action) -> str | None:
    if action_is_restricted(a):
        return ctx.restricted_text(a.title, Classification.RESTRICTED)
    return a.title


def action_source(a: Action, title: str) -> list[Line]:
    """The meeting a commitment comes from: '한-OECD 양자면담', "('25.12.08.)"."""
    if a.meeting is None or title == MASK:
        return [Line("-")]
    return [Line(a.meeting.title), Line(f"({korean_short_date(a.meeting.date)})")]


def due_text(a: Action) -> str:
    return a.due.korean_short() if a.due is not None else "-"


def status_lines(a: Action, today: date) -> list[Line]:
    lines = [Line(ko(a.status))]
    if bucket(a, today) is Bucket.OVERDUE:
        lines.append(Line("(기한 경과)"))
    return lines


def owner_text(a: Action, today: date) -> str:
    if a.owner is None:
        return "-"
    return f"{person_name(a.owner)} {current_title(a.owner, today)}".strip()


OWED = (("us", "우리측 이행"), ("them", "상대측 이행"), ("both", "양측 이행"))


# ---------------------------------------------------------------------------------------
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
            labels = [_person_label(p, side == Side.US) for p in people]
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


# ---------------------------------------------------------------------------------------
# the whole document


def _marking(ctx: Context, restricted_trip: bool = False) -> str | None:
    return RESTRICTED_MARK if ctx.shows_restricted or restricted_trip else None


def _meeting_report(ctx: Context, briefing: Briefing, options: BriefingOptions) -> Report:
    b = briefing.briefs[0]
    m = b.meeting
    target = label_of(ctx, m)
    if not ctx.masked(m):
        head = next((p for p in m.participants if p.side == Side.THEM and p.is_head), None) or next(
            (p for p in m.participants if p.side == Side.THEM), None
        )
        if head is not None and m.kind != MeetingKind.SITE_VISIT:
            target = f"{target} {_person_label(head, False)}".strip()
    blocks: list[Block] = []
    for n, (key, title, content) in enumerate(counterpart_parts(ctx, b, options, with_trip=True), start=1):
        blocks += [Heading(str(n), title, key), *content]
    return Report(
        title=f"{ctx.title(m).strip()} {BRIEFING}",
        destination_line=f"(면담대상 : {target})",
        periods=[f"{korean_date(m.date)} {time_range(m.start_time, m.end_time)}".strip()],
        date_line=korean_report_date(briefing.on),
        marking=None,
        period_label="□ 일    시 :",
        blocks=blocks,
        subject=BRIEFING,
    )


def _schedule_table(ctx: Context, briefs: Sequence[CounterpartBrief], labels: dict[uuid.UUID, str]) -> Table:
    columns = [
        Column("순번", 10, "center"),
        Column("면담대상", 30, "center"),
        Column("일시", 40, "center"),
        Column("상대측 주요인사", 90),
    ]
    rows: list[list[Cell | None]] = []
    for n, b in enumerate(briefs, start=1):
        m = b.meeting
        theirs = MASK if ctx.masked(m) else (side_line(ctx, m, Side.THEM) or "-")  # type: ignore[arg-type]
        rows.append(
            [
                Cell([Line(str(n))], align="center"),
                Cell([Line(labels[m.id] + ctx.restricted_suffix(m))], align="center"),
                Cell(
                    [
                        Line(korean_short_date(m.date, weekday=True)),
                        Line(time_range(m.start_time, m.end_time)),
                    ],
                    align="center",
                ),
                Cell([Line(theirs)]),
            ]
        )
    return Table(columns, rows, "schedule")


def _trip_report(ctx: Context, briefing: Briefing, options: BriefingOptions) -> tuple[Report, bool]:
    """The report, and whether the trip itself is shown as 대외비."""
    trip = briefing.trip
    assert trip is not None
    bilateral = [b.meeting for b in briefing.briefs if b.meeting.kind != MeetingKind.SITE_VISIT]
    per_country: dict[str, int] = {}
    for m in bilateral:
        if m.country_code:
            per_country[m.country_code] = per_country.get(m.country_code, 0) + 1
    labels = {
        b.meeting.id: label_of(ctx, b.meeting, per_country.get(b.meeting.country_code or "", 0))
        for b in briefing.briefs
    }

    restricted_trip = trip.classification == Classification.RESTRICTED
    blocks: list[Block] = [Heading("1", "출장 개요", "overview")]
    purpose = marked_lines(trip.purpose, "o")
    if restricted_trip:
        shown = ctx.restricted_text("", Classification.RESTRICTED)
        purpose = [] if shown is None else ([Line(MASK, "o", 1)] if shown == MASK else purpose)
    notes = marked_lines(trip.purpose_notes, "*") if purpose and purpose[0].text != MASK else []
    if purpose:
        blocks.append(Para(Line("출장목적", "□", 0, bold=True)))
        blocks += [Para(line) for line in purpose]
        blocks += [Para(line, "footnote") for line in notes]
    destination = trip.destination or ", ".join(
        f"{ctx.country_name(d.country_code)}({d.city})" if d.city else ctx.country_name(d.country_code)
        for d in trip.destinations
    )
    blocks.append(Para(Line(f"출장지 : {destination or '-'}", "□", 0, bold=True)))
    blocks.append(Para(Line(f"면담 일정 : {len(briefing.briefs)}건", "□", 0, bold=True)))
    if briefing.briefs:
        blocks.append(_schedule_table(ctx, briefing.briefs, labels))
    else:
        blocks.append(Para(Line("등록된 면담 없음", "o", 1)))
    home = place_actions(briefing.briefs)
    numbered = {b.meeting.id: f"{n} {labels[b.meeting.id]}" for n, b in enumerate(briefing.briefs, start=2)}
    for n, b in enumerate(briefing.briefs, start=2):
        blocks.append(Heading(str(n), labels[b.meeting.id] + ctx.restricted_suffix(b.meeting), "counterpart"))
        shown = [a for a in b.actions if home[a.id] == b.meeting.id]
        others: dict[uuid.UUID, int] = {}
        for a in b.actions:
            if home[a.id] != b.meeting.id and action_title(ctx, a) is not None:
                others[home[a.id]] = others.get(home[a.id], 0) + 1
        elsewhere = [(numbered[mid], count) for mid, count in others.items()]
        for key, title, content in counterpart_parts(
            ctx, b, options, with_trip=False, actions=shown, elsewhere=elsewhere
        ):
            blocks += [SubHeading(title, key), *content]
    title = trip.title.strip()
    for suffix in (" 결과보고", " 결과 보고"):
        title = title.removesuffix(suffix)
    report = Report(
        title=f"{title} {BRIEFING}",
        destination_line=f"(출장지역 : {destination or '-'})",
        periods=[period_long(trip.start_date, trip.end_date)],
        date_line=korean_report_date(briefing.on),
        marking=None,
        blocks=blocks,
        subject=BRIEFING,
    )
    return report, restricted_trip and options.restricted is Restricted.INCLUDE


def report_from_briefing(briefing: Briefing, options: BriefingOptions | None = None) -> Report:
    options = options or BriefingOptions()
    ctx = Context(briefing.countries, options.restricted, options.today or briefing.on)
    if briefing.trip is not None:
        report, restricted_trip = _trip_report(ctx, briefing, options)
    else:
        if not briefing.briefs:
            raise ValueError("a meeting briefing needs its meeting")
        report, restricted_trip = _meeting_report(ctx, briefing, options), False
    report.marking = _marking(ctx, restricted_trip)
    return report


def build_meeting_briefing(
    db: Database, meeting_id: uuid.UUID, options: BriefingOptions | None = None
) -> Report:
    """The briefing for one meeting. A restricted meeting is never left out of its own
    briefing: under 'omit' it is masked like under 'mask'; earlier restricted meetings and
    the commitments drawn from them are left out."""
    options = options or BriefingOptions()
    briefing = meeting_briefing(
        db,
        meeting_id,
        on=options.today,
        history=options.history,
        topic_meetings=options.topic_meetings,
        skip_restricted=options.restricted is Restricted.OMIT,
    )
    if (
        options.restricted is Restricted.OMIT
        and briefing.briefs[0].meeting.classification == Classification.RESTRICTED
    ):
        return report_from_briefing(
            briefing,
            BriefingOptions(
                Restricted.MASK, options.contacts, options.history, options.topic_meetings, options.today
            ),
        )
    return report_from_briefing(briefing, options)


def build_trip_briefing(db: Database, trip_id: uuid.UUID, options: BriefingOptions | None = None) -> Report:
    """The briefing for every meeting of a trip, in the trip's order."""
    options = options or BriefingOptions()
    briefing = trip_briefing(
        db,
        trip_id,
        on=options.today,
        history=options.history,
        topic_meetings=options.topic_meetings,
        skip_restricted=options.restricted is Restricted.OMIT,
    )
    return report_from_briefing(briefing, options)
