"""Briefing pack (사전 브리핑 자료) -> `Report`, for one meeting or for every meeting of a trip.

Per counterpart (the country and organizations of a meeting, the officials across the table):
the officials' positions over time and contact details, our earlier meetings with that country
or organization (most recent first), the commitments still open in either direction (우리측 /
상대측 / 양측 이행, due dates written with their precision: '26.10월), the channels and
agreements, and other recent meetings on the meeting's topics. Restricted (대외비) items follow
the same include / mask / omit choice as the trip report.

The wording follows the report conventions: numbered section boxes, □ o - ▪ ※ marks, the
title block with the date line (2025. 12. 24.), 韓/美 marks before each side.

Its options, context and pieces of text live in tracker.export.report.briefing_text, the
parts of one counterpart in briefing_parts; this module makes the whole document.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from tracker.db.engine import Database
from tracker.domain.dates import korean_date, korean_report_date, korean_short_date
from tracker.domain.enums import Classification, MeetingKind, Side
from tracker.export.report.briefing_parts import (
    PARTS,
    actions_part,
    actions_table,
    counterpart_parts,
    history_part,
    history_table,
    label_of,
    links_part,
    overview_part,
    place_actions,
    profiles_part,
    topics_part,
)
from tracker.export.report.briefing_text import (
    OWED,
    BriefingOptions,
    Context,
    action_source,
    action_title,
    agreement_text,
    channel_text,
    contact_lines,
    current_title,
    due_text,
    meeting_point_lines,
    meeting_when,
    owner_text,
    person_name,
    position_lines,
    position_period,
    position_title,
    short,
    sides_lines,
    signed_text,
    status_lines,
)
from tracker.export.report.meeting_sections import person_label, side_line
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
from tracker.export.report.wording import marked_lines, period_long, time_range
from tracker.services.briefing import Briefing, CounterpartBrief, meeting_briefing, trip_briefing

BRIEFING = "사전 브리핑 자료"


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
            target = f"{target} {person_label(head, False)}".strip()
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


__all__ = [
    "BRIEFING",
    "BriefingOptions",
    "Context",
    "OWED",
    "PARTS",
    "action_source",
    "action_title",
    "actions_part",
    "actions_table",
    "agreement_text",
    "build_meeting_briefing",
    "build_trip_briefing",
    "channel_text",
    "contact_lines",
    "counterpart_parts",
    "current_title",
    "due_text",
    "history_part",
    "history_table",
    "label_of",
    "links_part",
    "meeting_point_lines",
    "meeting_when",
    "overview_part",
    "owner_text",
    "person_name",
    "place_actions",
    "position_lines",
    "position_period",
    "position_title",
    "profiles_part",
    "report_from_briefing",
    "short",
    "sides_lines",
    "signed_text",
    "status_lines",
    "topics_part",
]
