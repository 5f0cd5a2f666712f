"""`tracker report --trip ID_OR_TITLE_WORDS OUT.(docx|pdf|hwpx|md|html)`: the trip result
report from the command line.

    tracker report --trip "G7 몬트리올" 결과보고.docx
    tracker report --trip 3f2a 결과보고.pdf --sections overview,meetings,followups --meetings 1,2,4
    tracker report --trip "G7" 결과보고.hwpx --mask-restricted
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.export.report import (
    FORMATS,
    SECTIONS,
    ReportOptions,
    build_report,
    parse_sections,
    write_report,
)
from tracker.export.report.builder import meeting_number
from tracker.export.report.cli_options import add_restricted_options, check_out, err, restricted_from
from tracker.services.trips import dossier, find_trips


def _sections(value: str) -> str:
    try:
        parse_sections(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            pick(
                f"알 수 없는 항목: {exc} (가능: {', '.join(SECTIONS)}, results, all)",
                f"unknown section: {exc} (choose from {', '.join(SECTIONS)}, results, all)",
            )
        ) from None
    return value


def _meetings(value: str) -> tuple[int, ...]:
    """'1,2,5' or '1-3,7' -> (1, 2, 3, 7)"""
    numbers: list[int] = []
    try:
        for part in value.replace(" ", "").split(","):
            if not part:
                continue
            if "-" in part:
                first, last = (int(x) for x in part.split("-", 1))
                if last < first:
                    raise ValueError(part)
                numbers.extend(range(first, last + 1))
            else:
                numbers.append(int(part))
    except ValueError:
        raise argparse.ArgumentTypeError(
            pick(
                f"면담 순번은 1,2,5 또는 1-3 형식입니다: {value}",
                f"meeting numbers look like 1,2,5 or 1-3: {value}",
            )
        ) from None
    if not numbers:
        raise argparse.ArgumentTypeError(pick("면담 순번이 비어 있습니다", "no meeting numbers given"))
    return tuple(dict.fromkeys(numbers))


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "report",
        help=pick(
            "출장 결과보고 작성 (.docx .pdf .hwpx .md .html)",
            "write a trip result report (.docx .pdf .hwpx .md .html)",
        ),
        description=pick(
            "출장 기록으로 출장 결과보고를 작성합니다. 형식은 파일 확장자로 정합니다.",
            "Write the result report of a trip from its records. The file extension picks the format.",
        ),
    )
    p.add_argument(
        "--trip",
        required=True,
        metavar="ID_OR_TITLE_WORDS",
        help=vocabulary.TRIP_QUERY_HELP(),
    )
    p.add_argument("out", type=Path, metavar=f"OUT.({'|'.join(FORMATS)})")
    p.add_argument(
        "--sections",
        action="append",
        type=_sections,
        metavar="SECTION[,SECTION...]",
        help=pick(
            f"넣을 항목 (기본: 전부): {', '.join(SECTIONS)}; results = events,meetings,visits",
            f"sections to include (default: all): {', '.join(SECTIONS)}; results = events,meetings,visits",
        ),
    )
    p.add_argument(
        "--meetings",
        type=_meetings,
        metavar="1,2,...",
        help=pick(
            "넣을 면담의 순번 (기본: 전부; 현장방문 포함)",
            "numbers (순번) of the meetings to include (default: all; site visits too)",
        ),
    )
    add_restricted_options(p)
    return p


def options_from(args: argparse.Namespace) -> ReportOptions:
    restricted = restricted_from(args)
    sections = parse_sections(args.sections) if args.sections else parse_sections(None)
    return ReportOptions(sections=sections, meetings=args.meetings, restricted=restricted)


def run(db: Database, args: argparse.Namespace) -> int:
    out: Path = args.out
    fmt, code = check_out(out)
    if fmt is None:
        return code
    hits = find_trips(db, args.trip)
    if not hits:
        err(pick(f"출장을 찾을 수 없습니다: {args.trip}", f"No trip matches: {args.trip}"))
        return 1
    if len(hits) > 1:
        err(
            pick(
                f"'{args.trip}'에 맞는 출장이 {len(hits)}건입니다. ID나 더 많은 낱말로 하나를 고르세요:",
                f"{len(hits)} trips match '{args.trip}'. Pick one by its id or more words:",
            )
        )
        for trip in hits[:20]:
            err(f"  {str(trip.id)[:8]}  {trip.start_date}~{trip.end_date}  {trip.title}")
        if len(hits) > 20:
            err(pick(f"  … 외 {len(hits) - 20}건", f"  … and {len(hits) - 20} more"))
        return 1
    trip = hits[0]
    options = options_from(args)
    if options.meetings is not None:
        numbers = meeting_number(dossier(db, trip.id).meetings)
        unknown = sorted(set(options.meetings) - set(numbers.values()))
        if unknown:
            have = ", ".join(str(n) for n in sorted(numbers.values())) or "-"
            err(
                pick(
                    f"이 출장에 없는 면담 순번: {', '.join(map(str, unknown))} (있는 순번: {have})",
                    f"No meeting numbered {', '.join(map(str, unknown))} in this trip (numbers: {have})",
                )
            )
            return 1
    report = build_report(db, trip.id, options)
    write_report(report, out, fmt)
    print(pick(f"출장 결과보고를 썼습니다: {out}", f"Wrote the trip report: {out}"), flush=True)
    return 0
