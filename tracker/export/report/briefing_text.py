"""What every part of a briefing pack shares: its options, its context (country marks, names,
what restricted (대외비) text may show), and the small pieces of text and lines — dates,
positions held, contacts, agreements, follow-ups — that the handover pack uses too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.db.models import Action, Agreement, Channel, Country, Meeting, Person, Position
from tracker.domain.dates import PrecisionDate, korean_short_date
from tracker.domain.enums import AgreementStatus, Classification, Side
from tracker.export.report.context import Naming
from tracker.export.report.meeting_sections import key_point_lines, side_line
from tracker.export.report.model import MASK, Line, Restricted
from tracker.export.report.wording import ko, time_range
from tracker.services.actions import Bucket, bucket
from tracker.services.briefing import action_is_restricted


@dataclass(frozen=True)
class BriefingOptions:
    restricted: Restricted = Restricted.INCLUDE
    contacts: bool = True  # the officials' e-mail and telephone numbers
    history: int = 5  # earlier meetings per counterpart
    topic_meetings: int = 3  # other meetings per topic
    today: date | None = None  # the date line, and 'now' for the titles held


# the context shared with the trip report's helpers (marks, names, 대외비)


class Context(Naming):
    """What `meeting_sections.side_line`, `.counterpart` and `.key_point_lines` ask of
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


# tables and lines shared with the handover pack


def meeting_point_lines(ctx: Context, m: Meeting, marker: str = "▪", level: int = 0) -> list[Line]:
    if ctx.masked(m):
        return [Line(MASK, marker, level)]
    points = key_point_lines(ctx, m, marker, level)  # type: ignore[arg-type]
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
