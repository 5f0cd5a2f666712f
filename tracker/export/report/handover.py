"""Handover pack (인수인계 자료) -> `Report`, for an officer who rotates out.

So that the relationships survive the rotation: every open commitment the officer owns,
grouped by country (or international organization), with the meeting it comes from and its
due date; the counterparts the officer met, with the title each holds now and our latest
meeting with them (date, title, key points); and the cooperation channels and agreements of
those countries and organizations. 대외비 items follow the include / mask / omit choice."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time

from tracker.db.engine import Database
from tracker.domain.dates import korean_date, korean_report_date, korean_short_date
from tracker.export.report.briefing import (
    Context,
    action_source,
    action_title,
    agreement_text,
    channel_text,
    contact_lines,
    current_title,
    due_text,
    meeting_point_lines,
    person_name,
    position_lines,
    status_lines,
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
    Table,
)
from tracker.export.report.wording import ko
from tracker.services.actions import Bucket, bucket
from tracker.services.briefing import OUR_COUNTRY, Acquaintance, Handover, Party, handover
from tracker.services.confidentiality import action_restricted, meeting_restricted

HANDOVER = "인수인계 자료"


@dataclass(frozen=True)
class HandoverOptions:
    restricted: Restricted = Restricted.INCLUDE
    contacts: bool = True  # the counterparts' e-mail and telephone numbers
    today: date | None = None  # the date line, and 'now' for the titles held and what is overdue


def party_label(h: Handover, ctx: Context, party: Party) -> str:
    if party.organization_id is not None:
        org = h.organizations.get(party.organization_id)
        return (org.acronym or org.name_ko) if org is not None else "-"
    if party.country_code:
        return ctx.country_name(party.country_code)
    return "기타"


def party_order(h: Handover, ctx: Context, party: Party) -> tuple[int, str]:
    """Countries first (가나다 order, ours last), then international organizations, then the rest."""
    if party.country_code:
        return (1 if party.country_code == OUR_COUNTRY else 0, party_label(h, ctx, party))
    if party.organization_id is not None:
        return (2, party_label(h, ctx, party))
    return (3, "")


MAX_MERGED = 6  # rows merged into one cell at most: a PDF table splits between merged blocks only


def _merge_runs(rows: list[list[Cell | None]], cols: Sequence[int], keys: Sequence[str]) -> None:
    """Merge the cells of `cols` down runs of rows with the same non-empty key."""
    i = 0
    while i < len(rows):
        j = i + 1
        while keys[i] and j < len(rows) and keys[j] == keys[i] and j - i < MAX_MERGED:
            j += 1
        if j - i > 1:
            for col in cols:
                cell = rows[i][col]
                assert cell is not None
                cell.rowspan = j - i
                for k in range(i + 1, j):
                    rows[k][col] = None
        i = j


def _group_heading(label: str, count: str) -> Para:
    return Para(Line(f"{label} ({count})", "□", 0, bold=True))


# ---------------------------------------------------------------------------------------
# the parts


def overview_part(
    h: Handover, ctx: Context, parties: list[Party], n_actions: int, overdue: int
) -> list[Block]:
    officer = h.officer
    who = f"{person_name(officer)} {current_title(officer, ctx.today)}".strip()
    where = ""
    if h.position is not None and h.position.organization is not None:
        where = f" ({h.position.organization.name_ko})"
    blocks: list[Block] = [Para(Line(f"인계자 : {who}{where}", "□", 0, bold=True))]
    blocks.append(Para(Line(f"기준일 : {korean_date(ctx.today)}", "□", 0, bold=True)))
    late = f" (기한 경과 {overdue}건)" if overdue else ""
    blocks.append(Para(Line(f"미이행 후속조치 : {n_actions}건{late}", "□", 0, bold=True)))
    blocks.append(Para(Line(f"관계 인사 : {len(h.acquaintances)}명", "□", 0, bold=True)))
    names = ", ".join(party_label(h, ctx, p) for p in parties if p != Party()) or "-"
    blocks.append(Para(Line(f"담당 국가·기관 : {names}", "□", 0, bold=True)))
    return blocks


def actions_part(h: Handover, ctx: Context, parties: list[Party]) -> tuple[list[Block], int, int]:
    """One table per country or organization; the blocks, the number of rows, how many are overdue."""
    columns = [
        Column("후속조치", 66),
        Column("관련 면담", 38, "center"),
        Column("이행 주체", 18, "center"),
        Column("기한", 26, "center"),
        Column("상태", 22, "center"),
    ]
    blocks: list[Block] = []
    count = overdue = 0
    by_party: dict[Party, list[list[Cell | None]]] = {}
    for party, a in h.actions:
        title = action_title(ctx, a)
        if title is None:
            continue
        count += 1
        overdue += int(bucket(a, ctx.today) is Bucket.OVERDUE)
        by_party.setdefault(party, []).append(
            [
                Cell([Line(title)]),
                Cell(action_source(a, title), align="center"),
                Cell([Line(ko(a.owed_by))], align="center"),
                Cell([Line("-" if title == MASK else due_text(a))], align="center"),
                Cell(status_lines(a, ctx.today), align="center"),
            ]
        )
    for party in parties:
        rows = by_party.get(party)
        if rows:
            blocks += [
                _group_heading(party_label(h, ctx, party), f"{len(rows)}건"),
                Table([Column(c.title, c.width, c.align) for c in columns], rows, "handover-actions"),
            ]
    if not blocks:
        return [Para(Line("미이행 후속조치 없음", "o", 1))], 0, 0
    return blocks, count, overdue


def _acquaintance_row(h: Handover, ctx: Context, k: Acquaintance, contacts: bool) -> list[Cell | None]:
    hidden = all(ctx.masked(m) for m in k.met) if k.met else False
    if hidden:  # known only from restricted meetings: the row stays, its content does not
        row: list[Cell | None] = [
            Cell([Line(MASK)], align="center"),
            Cell([Line(MASK)]),
            Cell([Line(MASK)], align="center"),
            Cell([Line(MASK, "▪", 0)]),
        ]
        if contacts:
            row.append(Cell([Line(MASK)]))
        return row
    person = k.person
    names = [Line(person.name_ko or person.display_name())]
    other = person.name_original or person.name_latin
    if other and other != names[0].text:
        names.append(Line(f"({other})"))
    if k.current is not None:
        now = [Line(x) for x in position_lines(k.current)[:1]]
    else:
        now = [Line(k.title or "-"), Line("(최근 면담 당시)")]
    latest = k.latest
    if latest is None:
        when: list[Line] = [Line("-")]
        points: list[Line] = [Line("-")]
    else:
        title = MASK if ctx.masked(latest) else latest.title + ctx.restricted_suffix(latest)
        when = [Line(korean_short_date(latest.date, weekday=True)), Line(title)]
        if latest.id not in {m.id for m in k.met}:
            when.append(Line("(인계자 미참석)"))
        points = meeting_point_lines(ctx, latest) or [Line("-")]
    row = [Cell(names, align="center"), Cell(now), Cell(when, align="center"), Cell(points)]
    if contacts:
        row.append(Cell(contact_lines(person) or [Line("-")]))
    return row


def people_part(h: Handover, ctx: Context, parties: list[Party], contacts: bool) -> list[Block]:
    """One table per country or organization; people last met at the same meeting share its cells."""
    contacts = contacts and any(contact_lines(k.person) for k in h.acquaintances)
    widths = (24, 34, 30, 52, 30) if contacts else (28, 40, 34, 68)
    titles = ("성명", "현 직위", "최근 면담", "주요 내용", "연락처")
    by_party: dict[Party, list[Acquaintance]] = {}
    for k in h.acquaintances:
        by_party.setdefault(k.party, []).append(k)
    blocks: list[Block] = []
    for party in parties:
        known = by_party.get(party, [])
        if not known:
            continue
        known.sort(
            key=lambda k: (
                (k.latest.date, k.latest.start_time is not None, k.latest.start_time or time())
                if k.latest
                else (date.min, False, time())
            ),
            reverse=True,
        )
        rows: list[list[Cell | None]] = []
        keys: list[str] = []
        for k in known:
            row = _acquaintance_row(h, ctx, k, contacts)
            rows.append(row)
            masked_row = row[0] is not None and row[0].text == MASK
            keys.append(str(k.latest.id) if k.latest is not None and not masked_row else "")
        _merge_runs(rows, (2, 3), keys)
        columns = [
            Column(t, w, "center" if t in ("성명", "최근 면담") else "left")
            for t, w in zip(titles, widths, strict=False)
        ]
        blocks += [
            _group_heading(party_label(h, ctx, party), f"{len(rows)}명"),
            Table(columns, rows, "handover-people"),
        ]
    if not blocks:
        return [Para(Line("면담한 상대측 인사 기록 없음", "o", 1))]
    return [Para(Line("인계자가 우리측으로 참석한 면담(출장 동행 포함)의 상대측 인사", "o", 1)), *blocks]


def links_part(h: Handover, ctx: Context, parties: list[Party]) -> list[Block]:
    blocks: list[Block] = []
    for party in parties:
        links = h.links.get(party)
        if links is None or not (links.channels or links.agreements):
            continue
        blocks.append(Para(Line(party_label(h, ctx, party), "□", 0, bold=True)))
        blocks += [Para(Line(f"(협력채널) {channel_text(c)}", "o", 1)) for c in links.channels]
        for a in links.agreements:
            blocks.append(Para(Line(f"(협정) {agreement_text(a)}", "o", 1)))
            if a.parties:
                blocks.append(Para(Line(f"당사자 : {', '.join(o.name_ko for o in a.parties)}", "-", 2)))
    return blocks or [Para(Line("등록된 협력채널·협정 없음", "o", 1))]


# ---------------------------------------------------------------------------------------
# the whole document


def _masked_under_other(h: Handover, mode: Restricted) -> Handover:
    """Under 'mask', a commitment or a person known only from restricted meetings goes under
    기타: its country or organization in a group heading would name the counterpart."""
    if mode is not Restricted.MASK:
        return h
    actions = [(Party() if action_restricted(a) else party, a) for party, a in h.actions]
    people = [
        replace(k, party=Party()) if k.met and all(meeting_restricted(m) for m in k.met) else k
        for k in h.acquaintances
    ]
    return replace(h, actions=actions, acquaintances=people)


def report_from_handover(h: Handover, options: HandoverOptions | None = None) -> Report:
    options = options or HandoverOptions()
    h = _masked_under_other(h, options.restricted)
    ctx = Context(h.countries, options.restricted, options.today or h.on)
    parties = sorted(
        {p for p, _ in h.actions} | {k.party for k in h.acquaintances}, key=lambda p: party_order(h, ctx, p)
    )
    actions, n_actions, overdue = actions_part(h, ctx, parties)
    people = people_part(h, ctx, parties, options.contacts)
    links = links_part(h, ctx, parties)
    blocks: list[Block] = [
        Heading("1", "개요", "overview"),
        *overview_part(h, ctx, parties, n_actions, overdue),
        Heading("2", "담당 후속조치", "handover-actions"),
        *actions,
        Heading("3", "관계 인사", "handover-people"),
        *people,
        Heading("4", "협력채널 및 협정", "handover-links"),
        *links,
    ]
    who = f"{person_name(h.officer)} {current_title(h.officer, ctx.today)}".strip()
    covered = ", ".join(party_label(h, ctx, p) for p in parties if p != Party()) or "-"
    return Report(
        title=f"{who} {HANDOVER}",
        destination_line=f"(담당 국가·기관 : {covered})",
        periods=[who],
        date_line=korean_report_date(ctx.today),
        marking=RESTRICTED_MARK if ctx.shows_restricted else None,
        period_label="□ 인 계 자 :",
        blocks=blocks,
        subject=HANDOVER,
    )


def build_handover(db: Database, person_id: uuid.UUID, options: HandoverOptions | None = None) -> Report:
    options = options or HandoverOptions()
    h = handover(db, person_id, on=options.today, skip_restricted=options.restricted is Restricted.OMIT)
    return report_from_handover(h, options)


__all__ = ["HANDOVER", "HandoverOptions", "build_handover", "report_from_handover"]
