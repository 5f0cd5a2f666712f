"""`tracker briefing` and `tracker handover`: the briefing pack (사전 브리핑 자료) of a meeting or
of a whole trip, and the handover pack (인수인계 자료) of an officer, from the command line.

    tracker briefing --meeting "OECD 양자면담" 브리핑.docx
    tracker briefing --trip "G7 몬트리올" 브리핑.pdf --history 3 --no-contacts --mask-restricted
    tracker handover --person 박진홍 인수인계.docx

The file extension picks the format (.docx .pdf .hwpx .md .html). A name or id that matches
nothing, or more than one record, stops the command with exit code 1 (the candidates listed)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.export.report import FORMATS, write_report
from tracker.export.report.cli_options import add_restricted_options, check_out, err, restricted_from

MAX_LISTED = 20


# ---------------------------------------------------------------------------------------
# arguments


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            pick(f"날짜는 2025-12-24 형식입니다: {value}", f"dates look like 2025-12-24: {value}")
        ) from None


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(
            pick(f"0 이상의 정수여야 합니다: {value}", f"expected a whole number >= 0: {value}")
        )
    return n


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", type=Path, metavar=f"OUT.({'|'.join(FORMATS)})")
    p.add_argument(
        "--no-contacts",
        dest="contacts",
        action="store_false",
        help=pick(
            "상대측 인사의 연락처(전화·이메일)를 넣지 않음",
            "leave out the counterparts' telephone numbers and e-mail",
        ),
    )
    p.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help=pick(
            "작성 기준일 (기본: 오늘): 날짜 표기, 현 직위, 기한 경과 판단",
            "the date the pack is written for (default: today): "
            "the date line, the titles held, what is overdue",
        ),
    )
    add_restricted_options(p)


def add_parsers(
    subparsers: argparse._SubParsersAction,
) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:  # type: ignore[type-arg]
    b = subparsers.add_parser(
        "briefing",
        help=pick(
            "면담·출장 사전 브리핑 자료 작성 (.docx .pdf .md .html)",
            "write a briefing pack for a meeting or a trip (.docx .pdf .md .html)",
        ),
        description=pick(
            "면담 하나 또는 출장의 모든 면담에 대해, 상대측별로 인사 프로필, 그간 면담 경과, 미이행 후속조치, "
            "협력채널·협정, 의제 관련 동향을 모은 사전 브리핑 자료를 작성합니다. 형식은 파일 확장자로 정합니다.",
            "Write the briefing pack (사전 브리핑 자료) of one meeting or of every meeting of a trip: per "
            "counterpart, the officials' profiles, our earlier meetings, open commitments both ways, channels "
            "and agreements, and other meetings on the same topics. The file extension picks the format.",
        ),
    )
    which = b.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--meeting",
        metavar="ID_OR_TITLE_WORDS",
        help=pick(
            "면담 ID(앞부분) 또는 제목에 든 낱말",
            "the meeting's id (or its first characters) or words of its title",
        ),
    )
    which.add_argument(
        "--trip",
        metavar="ID_OR_TITLE_WORDS",
        help=vocabulary.TRIP_QUERY_HELP(),
    )
    _common(b)
    b.add_argument(
        "--history",
        type=_count,
        default=5,
        metavar="N",
        help=pick("상대측별 그간 면담 건수 (기본 5)", "earlier meetings listed per counterpart (default 5)"),
    )

    h = subparsers.add_parser(
        "handover",
        help=pick(
            "인수인계 자료 작성 (.docx .pdf .md .html)",
            "write a handover pack for an officer (.docx .pdf .md .html)",
        ),
        description=pick(
            "전보되는 담당자가 맡은 미이행 후속조치(국가별), 면담한 상대측 인사와 최근 면담, 관련 협력채널·협정을 "
            "모은 인수인계 자료를 작성합니다. 형식은 파일 확장자로 정합니다.",
            "Write the handover pack (인수인계 자료) of an officer who rotates out: the open commitments they "
            "own (by country), the counterparts they met with our latest meeting with each, and the channels and "
            "agreements of those countries. The file extension picks the format.",
        ),
    )
    h.add_argument(
        "--person",
        required=True,
        metavar="ID_OR_NAME",
        help=pick("담당자 ID(앞부분) 또는 이름", "the officer's id (or its first characters) or name"),
    )
    _common(h)
    return b, h


# ---------------------------------------------------------------------------------------
# running


def _one(
    hits: Sequence[Any],
    words: str,
    kind_ko: tuple[str, str],
    kind_en: tuple[str, str],
    describe: Callable[[Any], str],
) -> Any | None:
    """The single hit, or None after listing what matched (or saying nothing did).
    kind_ko: the noun and its counter ('사람', '명'); kind_en: singular and plural."""
    noun, unit = kind_ko
    if not hits:
        err(pick(f"{noun}을 찾을 수 없습니다: {words}", f"No {kind_en[0]} matches: {words}"))
        return None
    if len(hits) > 1:
        err(
            pick(
                f"'{words}'에 맞는 {noun}이 {len(hits)}{unit}입니다. ID나 더 많은 낱말로 하나를 고르세요:",
                f"{len(hits)} {kind_en[1]} match '{words}'. Pick one by its id or more words:",
            )
        )
        for hit in hits[:MAX_LISTED]:
            err(f"  {str(hit.id)[:8]}  {describe(hit)}")
        if len(hits) > MAX_LISTED:
            err(pick(f"  … 외 {len(hits) - MAX_LISTED}{unit}", f"  … and {len(hits) - MAX_LISTED} more"))
        return None
    return hits[0]


def run_briefing(db: Database, args: argparse.Namespace) -> int:
    from tracker.export.report.briefing import BriefingOptions, build_meeting_briefing, build_trip_briefing
    from tracker.services.briefing import find_meetings
    from tracker.services.trips import find_trips

    out: Path = args.out
    fmt, code = check_out(out)
    if fmt is None:
        return code
    options = BriefingOptions(
        restricted=restricted_from(args),
        contacts=getattr(args, "contacts", True),
        history=getattr(args, "history", 5),
        today=getattr(args, "date", None),
    )
    if getattr(args, "meeting", None):
        meeting = _one(
            find_meetings(db, args.meeting),
            args.meeting,
            ("면담", "건"),
            ("meeting", "meetings"),
            lambda m: f"{m.date}  {m.title}",
        )
        if meeting is None:
            return 1
        report = build_meeting_briefing(db, meeting.id, options)
    else:
        trip = _one(
            find_trips(db, args.trip or ""),
            args.trip or "",
            ("출장", "건"),
            ("trip", "trips"),
            lambda t: f"{t.start_date}~{t.end_date}  {t.title}",
        )
        if trip is None:
            return 1
        report = build_trip_briefing(db, trip.id, options)
    write_report(report, out, fmt)
    print(pick(f"사전 브리핑 자료를 썼습니다: {out}", f"Wrote the briefing pack: {out}"), flush=True)
    return 0


def _person_line(person: Any) -> str:
    titles = [p for p in person.positions if p.is_current()]
    titles.sort(key=lambda p: p.rank.precedence)
    title = ""
    if titles:
        pos = titles[0]
        org = pos.organization.name_ko if pos.organization is not None else ""
        title = " ".join(x for x in (org, pos.title_ko or pos.title_en or "") if x)
    staff = pick(" (직원)", " (staff)") if person.is_staff else ""
    return f"{person.display_name()}  {title}{staff}".rstrip()


def run_handover(db: Database, args: argparse.Namespace) -> int:
    from tracker.export.report.handover import HandoverOptions, build_handover
    from tracker.services.briefing import find_persons

    out: Path = args.out
    fmt, code = check_out(out)
    if fmt is None:
        return code
    person = _one(
        find_persons(db, args.person), args.person, ("사람", "명"), ("person", "people"), _person_line
    )
    if person is None:
        return 1
    options = HandoverOptions(
        restricted=restricted_from(args),
        contacts=getattr(args, "contacts", True),
        today=getattr(args, "date", None),
    )
    report = build_handover(db, person.id, options)
    write_report(report, out, fmt)
    print(pick(f"인수인계 자료를 썼습니다: {out}", f"Wrote the handover pack: {out}"), flush=True)
    return 0
