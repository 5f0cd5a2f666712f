"""Read-only record pages rendered as HTML in a QTextBrowser: a meeting, a trip, a person,
a country's whole relationship on one page. What each page shows comes as plain data from
tracker.services.record_pages; this module only lays it out."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.domain.dates import format_local_time
from tracker.domain.enums import Classification
from tracker.domain.i18n import pick
from tracker.services import record_pages
from tracker.services.record_pages import ActionRow, Section
from tracker.ui.format import display, due_text, format_date


def esc(value: Any) -> str:
    return html.escape(display(value))


def link(kind: str, key: Any, text: str) -> str:
    return f'<a href="{kind}:{key}">{html.escape(text)}</a>'


def _uuid(key: Any) -> uuid.UUID:
    return key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td valign='top'>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table cellspacing='0' cellpadding='4' border='1' style='border-collapse:collapse'><tr>{head}</tr>{body}</table>"


def meeting_html(db: Database, key: Any) -> str:
    m = record_pages.meeting_page(db, _uuid(key))
    when = f"{format_date(m.date)} {format_local_time(m.start_time)}"
    if m.end_time:
        when += f"~{format_local_time(m.end_time)}"
    parts = [
        f"<h2>{html.escape(m.title)}</h2>",
        f"<p>{esc(m.kind)} · {html.escape(when)} ({html.escape(m.timezone)}) · {esc(m.location)}</p>",
    ]
    if m.classification != Classification.NONE:
        parts.append(f"<p style='color:#b3261e'><b>{esc(m.classification)}</b></p>")
    for people, title in (
        (m.our_side, pick("우리측", "Our side")),
        (m.their_side, pick("상대측", "Their side")),
    ):
        items = "".join(
            f"<li>{'<b>' if p.is_head else ''}{html.escape(p.label)}{'</b>' if p.is_head else ''}</li>"
            for p in people
        )
        parts.append(f"<h3>{title}</h3><ul>{items}</ul>")
    parts.append(f"<h3>{pick('주요 내용', 'Key points')}</h3><ul>")
    for kp in m.key_points:
        party = f"({html.escape(kp.party)}) " if kp.party else ""
        parts.append(f"<li>{party}{html.escape(kp.text)}</li>")
    parts.append("</ul>")
    if m.outcome:
        parts.append(f"<h3>{pick('결과', 'Outcome')}</h3><p>{html.escape(m.outcome)}</p>")
    parts.append(f"<h3>{pick('후속조치', 'Follow-ups')}</h3>{_action_rows_table(m.actions)}")
    return "".join(parts)


def trip_html(db: Database, key: Any) -> str:
    t = record_pages.trip_page(db, _uuid(key))
    parts = [
        f"<h2>{html.escape(t.title)}</h2>",
        f"<p>{esc(t.destination)} · {esc(t.start_date)} ~ {esc(t.end_date)} ({t.nights})</p>",
    ]
    if t.purpose:
        parts.append(
            f"<h3>{pick('출장목적', 'Purpose')}</h3><p>{html.escape(t.purpose).replace(chr(10), '<br>')}</p>"
        )
    rows = [
        [
            esc(mb.name),
            esc(mb.title),
            f"{esc(mb.start_date)} ~ {esc(mb.end_date)}",
            html.escape(mb.duties or "").replace("\n", "<br>"),
        ]
        for mb in t.travellers
    ]
    parts.append(
        f"<h3>{pick('출장자', 'Travellers')}</h3>"
        + _table(
            [
                pick("성명", "Name"),
                pick("직급", "Title"),
                pick("출장기간", "Period"),
                pick("주요업무", "Duties"),
            ],
            rows,
        )
    )
    rows = [
        [
            esc(i.date),
            html.escape(
                f"{format_local_time(i.start_time)}~{format_local_time(i.end_time, i.end_day_offset)}"
            ),
            html.escape(i.description) + (f"<br><small>{html.escape(i.detail)}</small>" if i.detail else ""),
            esc(i.reference),
        ]
        for i in t.itinerary
    ]
    parts.append(
        f"<h3>{pick('일정', 'Itinerary')}</h3>"
        + _table(
            [pick("일자", "Date"), pick("시간", "Time"), pick("주요 일정", "Entry"), pick("비고", "Note")],
            rows,
        )
    )
    parts.append(f"<h3>{pick('면담', 'Meetings')}</h3><ol>")
    parts.extend(f"<li>{link('meetings', m.id, m.title)} · {esc(m.date)}</li>" for m in t.meetings)
    parts.append("</ol>")
    parts.append(f"<h3>{pick('후속조치', 'Follow-ups')}</h3>{_action_rows_table(t.actions)}")
    return "".join(parts)


def person_html(db: Database, key: Any) -> str:
    p = record_pages.person_page(db, _uuid(key))
    parts = [f"<h2>{html.escape(p.name)}</h2>"]
    contact = " · ".join(p.contact)
    if contact:
        parts.append(f"<p>{html.escape(contact)}</p>")
    rows = [
        [
            esc(pos.title),
            esc(pos.organization),
            f"{esc(pos.start_date)} ~ {esc(pos.end_date)}",
        ]
        for pos in p.positions
    ]
    parts.append(
        f"<h3>{pick('직위 이력', 'Positions')}</h3>"
        + _table([pick("직위", "Title"), pick("기관", "Organization"), pick("기간", "Period")], rows)
    )
    parts.append(f"<h3>{pick('면담', 'Meetings')} ({len(p.meetings)})</h3><ul>")
    parts.extend(f"<li>{esc(m.date)} {link('meetings', m.id, m.title)}</li>" for m in p.meetings)
    parts.append("</ul>")
    parts.append(f"<h3>{pick('담당 후속조치', 'Follow-ups owned')}</h3>{_action_rows_table(p.owned)}")
    parts.append(
        f"<h3>{pick('상대 후속조치', 'Follow-ups with this person')}</h3>{_action_rows_table(p.owed)}"
    )
    return "".join(parts)


def _more(section: str, shown: Section[Any]) -> str:
    """The "more…" link under a section that shows only its first rows."""
    if shown.hidden <= 0:
        return ""
    step = min(MORE_STEP, shown.hidden)
    return (
        f"<p><a href='more:{section}'>"
        f"{pick(f'더 보기… ({step:,}건 더, 남은 {shown.hidden:,}건)', f'More… ({step:,} more of {shown.hidden:,})')}"
        "</a></p>"
    )


def _count(section: Section[Any]) -> str:
    return f" ({section.total:,})" if section.total else ""


def _action_rows_table(rows: list[ActionRow]) -> str:
    if not rows:
        return f"<p>{pick('없음', 'None')}</p>"
    return _table(
        [
            pick("기한", "Due"),
            pick("후속조치", "Follow-up"),
            pick("이행 주체", "Owed by"),
            pick("상태", "Status"),
            pick("담당자", "Owner"),
        ],
        [
            [
                esc(due_text(a.due)),
                link("actions", a.id, a.title),
                esc(a.owed_by),
                esc(a.status),
                esc(a.owner),
            ]
            for a in rows
        ],
    )


def _list(section: str, shown: Section[Any], items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>" + _more(section, shown)


def country_html(db: Database, key: Any, more: Mapping[str, int] | None = None) -> str:
    page = record_pages.country_page(db, str(key), more)
    title = pick(
        f"{page.mark + ' ' if page.mark else ''}{page.name_ko} ({page.name_en})",
        f"{page.name_en} ({page.name_ko})",
    )  # English first in English
    parts = [f"<h2>{html.escape(title)}</h2><p>{esc(page.region)}</p>"]
    for name, shown, heading in (
        ("we_owe", page.we_owe, pick("우리가 약속한 것", "What we owe")),
        ("they_owe", page.they_owe, pick("상대가 약속한 것", "What they owe")),
    ):
        parts.append(f"<h3>{heading}{_count(shown)}</h3>{_action_rows_table(shown.rows)}{_more(name, shown)}")
    parts.append(f"<h3>{pick('면담', 'Meetings')}{_count(page.meetings)}</h3>")
    parts.append(
        _list(
            "meetings",
            page.meetings,
            [f"{esc(m.date)} {link('meetings', m.id, m.title)}" for m in page.meetings.rows],
        )
    )
    parts.append(f"<h3>{pick('출장', 'Trips')}{_count(page.trips)}</h3>")
    parts.append(
        _list("trips", page.trips, [f"{esc(t.date)} {link('trips', t.id, t.title)}" for t in page.trips.rows])
    )
    parts.append(f"<h3>{pick('협력채널', 'Cooperation channels')}{_count(page.channels)}</h3>")
    parts.append(
        _list(
            "channels",
            page.channels,
            [f"{link('channels', ch.id, ch.name)} · {esc(ch.kind)}" for ch in page.channels.rows],
        )
    )
    parts.append(f"<h3>{pick('협정·MOU', 'Agreements')}{_count(page.agreements)}</h3>")
    parts.append(
        _list(
            "agreements",
            page.agreements,
            [
                f"{esc(a.date)} {link('agreements', a.id, a.title)} · {esc(a.kind)}"
                for a in page.agreements.rows
            ],
        )
    )
    parts.append(f"<h3>{pick('상대측 인사', 'Counterpart officials')}{_count(page.officials)}</h3>")
    parts.append(
        _list("officials", page.officials, [link("persons", p.id, p.name) for p in page.officials.rows])
    )
    parts.append(f"<h3>{pick('기관', 'Organizations')}{_count(page.organizations)}</h3>")
    parts.append(
        _list(
            "organizations",
            page.organizations,
            [link("organizations", o.id, o.name) for o in page.organizations.rows],
        )
    )
    return "".join(parts)


def organization_html(db: Database, key: Any) -> str:
    org = record_pages.organization_page(db, _uuid(key))
    crumbs = " › ".join(html.escape(name) for name in org.path)
    parts = [
        f"<h2>{html.escape(org.label)}</h2><p>{crumbs}</p>",
        f"<p>{esc(org.kind)} · {esc(org.name_en)} · {esc(org.name_original)}</p>",
        f"<h3>{pick('인사', 'People')}</h3><ul>",
    ]
    parts.extend(f"<li>{link('persons', p.id, p.name)}</li>" for p in org.people)
    parts.append("</ul>")
    return "".join(parts)


def action_html(db: Database, key: Any) -> str:
    a = record_pages.action_page(db, _uuid(key))
    rows = [
        (pick("이행 주체", "Owed by"), esc(a.owed_by)),
        (pick("상태", "Status"), esc(a.status)),
        (pick("기한", "Due"), esc(due_text(a.due))),
        (pick("담당자", "Owner"), esc(a.owner)),
        (pick("상대 기관", "Counterpart"), esc(a.counterpart_org)),
        (
            pick("출처 면담", "From meeting"),
            link("meetings", a.meeting.id, a.meeting.title) if a.meeting else "",
        ),
        (pick("완료일", "Completed"), esc(a.completed_on)),
    ]
    body = "".join(f"<tr><th align='left'>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<h2>{html.escape(a.title)}</h2><table cellpadding='4'>{body}</table><p>{esc(a.description)}</p>"


def event_html(db: Database, key: Any) -> str:
    e = record_pages.event_page(db, _uuid(key))
    parts = [
        f"<h2>{html.escape(e.name_ko)}</h2>",
        f"<p>{esc(e.name_en)}</p>",
        f"<p>{esc(e.kind)} · {esc(e.start_date)} ~ {esc(e.end_date)} ({html.escape(e.timezone)}) · {html.escape(e.place)}</p>",
    ]
    if e.recurrence:
        from tracker.domain.recurrence import describe

        parts.append(f"<p>{pick('반복', 'Repeats')}: {html.escape(describe(e.recurrence, e.start_date))}</p>")
    if e.sessions:
        parts.append(f"<h3>{pick('세션', 'Sessions')}</h3><ol>")
        parts.extend(f"<li>{esc(x.date)} {esc(x.start_time)} {html.escape(x.title)}</li>" for x in e.sessions)
        parts.append("</ol>")
    if e.summary:
        parts.append(f"<p>{html.escape(e.summary)}</p>")
    return "".join(parts)


def agreement_html(db: Database, key: Any) -> str:
    a = record_pages.agreement_page(db, _uuid(key))
    signed = due_text(a.signed)
    rows = [
        (pick("유형", "Kind"), esc(a.kind)),
        (pick("상태", "Status"), esc(a.status)),
        (pick("서명", "Signed"), html.escape(" · ".join(x for x in (signed, a.signed_place or "") if x))),
        (pick("만료", "Expires"), esc(a.expires_on)),
        (pick("당사자", "Parties"), html.escape(", ".join(a.parties))),
        (pick("주제", "Topics"), html.escape(", ".join(a.topics))),
    ]
    body = "".join(f"<tr><th align='left'>{html.escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    return (
        f"<h2>{html.escape(a.title_ko)}</h2><p>{esc(a.title_en)}</p><table cellpadding='4'>{body}</table>"
        f"<p>{esc(a.summary)}</p>"
    )


def channel_html(db: Database, key: Any) -> str:
    ch = record_pages.channel_page(db, _uuid(key))
    parts = [f"<h2>{html.escape(ch.name_ko)}</h2><p>{esc(ch.name_en)} · {esc(ch.kind)}</p>"]
    if ch.recurrence:
        from tracker.domain.recurrence import describe

        parts.append(f"<p>{pick('개최 주기', 'Recurrence')}: {html.escape(describe(ch.recurrence))}</p>")
    parts.append(f"<h3>{pick('회의 이력', 'Sessions held')}</h3><ul>")
    parts.extend(f"<li>{esc(e.date)} {link('events', e.id, e.title)}</li>" for e in ch.sessions)
    parts.append("</ul>")
    if ch.notes:
        parts.append(f"<p>{html.escape(ch.notes)}</p>")
    return "".join(parts)


def topic_html(db: Database, key: Any) -> str:
    t = record_pages.topic_page(db, _uuid(key))
    parts = [f"<h2>{html.escape(t.label)}</h2><h3>{pick('면담', 'Meetings')} ({len(t.meetings)})</h3><ul>"]
    parts.extend(f"<li>{esc(m.date)} {link('meetings', m.id, m.title)}</li>" for m in t.meetings)
    parts.append("</ul>")
    return "".join(parts)


# "more…" under a record page's section shows this many further rows.
MORE_STEP = 100

RENDERERS: dict[str, Callable[..., str]] = {
    "agreements": agreement_html,
    "channels": channel_html,
    "topics": topic_html,
    "events": event_html,
    "meetings": meeting_html,
    "trips": trip_html,
    "persons": person_html,
    "countries": country_html,
    "organizations": organization_html,
    "actions": action_html,
}

# Pages that can show more of a section (they take `more`, rows beyond the first, per section).
PAGED = {"countries"}
# What each page shows beyond its own record; a change elsewhere leaves it as it is.
SHOWN_TABLES: dict[str, tuple[str, ...]] = {"countries": record_pages.CountryPage.TABLES}


def render(db: Database, kind: str, key: Any, more: Mapping[str, int] | None = None) -> str | None:
    """The record page of `kind` `key` as HTML, or None for a kind without a page."""
    renderer = RENDERERS.get(kind)
    if renderer is None:
        return None
    return renderer(db, key, more) if kind in PAGED else renderer(db, key)


def shows_changes(kind: str, changes: Changes) -> bool:
    """Whether the page of a record of `kind` may read differently after `changes`."""
    tables = SHOWN_TABLES.get(kind)
    return tables is None or changes.touches(*tables)
