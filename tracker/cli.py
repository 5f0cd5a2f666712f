"""The command line: `tracker [--db PATH_OR_URL] COMMAND ...`. With no command, the app opens."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import __version__, config
from tracker.domain import i18n
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick, plural
from tracker.export.console import err, out

# The database layer (SQLAlchemy, the migrations) and the report writers are imported by the
# commands that use them, so that `tracker --version` and `--help` answer at once.
if TYPE_CHECKING:
    from tracker.db.engine import Database

log = logging.getLogger(__name__)


# Commands whose options the report package defines. Importing it takes about 0.4 s, so the
# other commands parse without it (their usage still names these).
REPORT_COMMANDS = ("report", "briefing", "handover")


def _wants_reports(argv: Sequence[str] | None) -> bool:
    words = sys.argv[1:] if argv is None else argv
    return any(w in REPORT_COMMANDS or w in ("-h", "--help") for w in words)


def build_parser(with_reports: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tracker",
        description=pick("국제협력 업무 기록: 출장, 면담, 후속조치", "Records of international cooperation"),
    )
    p.add_argument("--version", action="version", version=f"tracker {__version__}")
    p.add_argument(
        "--verbose",
        action="store_true",
        help=pick(
            "진행 상황과 진단 기록을 화면에도 자세히 표시",
            "also show the diagnostic log, in detail, on the console",
        ),
    )
    p.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=pick(
            "데이터베이스 파일 경로 또는 SQLAlchemy URL (기본: 사용자 데이터 폴더)",
            "SQLite file or SQLAlchemy URL (default: the per-user data folder; or TRACKER_DATABASE_URL)",
        ),
    )
    p.add_argument("--lang", choices=i18n.SUPPORTED, help=pick("표시 언어", "interface language"))
    p.add_argument(
        "--demo",
        action="store_true",
        help=pick("데모 데이터베이스로 앱 열기", "open the app on a demo database (created on first use)"),
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("init", help=pick("데이터베이스 생성·업그레이드", "create or upgrade the database"))
    demo = sub.add_parser("demo", help=pick("데모 데이터 넣기", "load the demo data"))
    demo.add_argument(
        "--scale",
        choices=("small", "large"),
        default=None,
        help=pick("대규모 시험 데이터 생성", "generate a large test database instead"),
    )
    demo.add_argument("--factor", type=float, default=None, help="size factor for --scale (large = 1.0)")
    demo.add_argument("--seed", type=int, default=20251208)
    imp = sub.add_parser("import", help=pick("파일 가져오기 (.json)", "import a file (.json)"))
    imp.add_argument("file", type=Path)
    newer = imp.add_mutually_exclusive_group()
    newer.add_argument(
        "--overwrite-newer",
        action="store_true",
        help=pick(
            "데이터베이스에서 파일보다 나중에 고친 기록도 파일 내용으로 덮어쓰기",
            "also overwrite records changed in the database after the file was made",
        ),
    )
    newer.add_argument(
        "--keep-newer",
        action="store_true",
        help=pick(
            "그런 기록은 데이터베이스 쪽을 두고 나머지만 가져오기",
            "keep those records as they are and import the rest",
        ),
    )
    exp = sub.add_parser("export", help=pick("파일로 내보내기 (.json)", "export to a file (.json)"))
    exp.add_argument("file", type=Path)
    exp.add_argument(
        "--restricted",
        choices=("include", "mask", "omit"),
        help=pick(
            "대외비 면담과 그 후속조치·일정: include(그대로), mask([대외비]로 가림), omit(뺌). "
            ".ics는 기본 mask, .json은 기본이 전체 백업(include)이고 공유용이면 mask나 omit",
            "restricted (대외비) meetings and what hangs off them: include, mask (shown as [대외비]) or "
            "omit. .ics defaults to mask; .json defaults to a full backup (include), mask or omit for sharing",
        ),
    )
    bak = sub.add_parser("backup", help=pick("데이터베이스 백업", "back up the database"))
    bak.add_argument("dest", type=Path)
    sub.add_parser("check", help=pick("무결성·스키마 버전 점검", "check integrity and schema version"))
    from tracker.connection_cli import add_parser as add_connect_parser
    from tracker.export.sync_cli import add_parsers as add_copy_parsers
    from tracker.roles_cli import add_parser as add_grant_parser

    add_connect_parser(sub)
    add_copy_parsers(sub)  # copy, checkout, sync
    add_grant_parser(sub)
    if not with_reports:
        for name in REPORT_COMMANDS:
            sub.add_parser(name)
        return p
    from tracker.export.report.cli_command import add_parser as add_report_parser

    add_report_parser(sub)
    from tracker.export.report.briefing_cli import add_parsers as add_briefing_parsers

    add_briefing_parsers(sub)
    return p


def _open(args: argparse.Namespace) -> Database:
    from tracker.db.store import open_database

    url = config.database_url(args.db)
    db, result = open_database(url)
    if result.changed and result.from_revision is not None:
        out(
            pick(
                f"데이터베이스를 {result.to_revision} 스키마로 올렸습니다 (백업: {result.backup})",
                f"Database upgraded to schema {result.to_revision} (backup: {result.backup})",
            )
        )
    return db


def cmd_init(db: Database, args: argparse.Namespace) -> int:
    from tracker.services.countries import seed_countries

    added = seed_countries(db)
    countries_en = plural(added, "1 country", f"{added} countries")
    out(
        pick(
            f"데이터베이스 준비 완료: {db.engine.url.render_as_string(hide_password=True)} (국가 {added}개 추가)",
            f"Database ready: {db.engine.url.render_as_string(hide_password=True)} ({countries_en} added)",
        )
    )
    return 0


def cmd_demo(db: Database, args: argparse.Namespace) -> int:
    if args.scale:
        from tracker.devtools import large_demo

        factor = args.factor if args.factor is not None else (1.0 if args.scale == "large" else 0.02)
        counts = large_demo.generate(db, seed=args.seed, scale=factor, progress=out)
    else:
        from tracker.export.demo import load_demo

        counts = load_demo(db)
    total = sum(counts.values())
    out(
        pick(
            f"데모 데이터 {total:,}건을 넣었습니다.",
            plural(total, "Loaded 1 demo record.", f"Loaded {total:,} demo records."),
        )
    )
    for name, n in counts.items():
        if n:
            out(f"  {name}: {n:,}")
    return 0


def _format_of(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def cmd_import(db: Database, args: argparse.Namespace) -> int:
    fmt = _format_of(args.file)
    if fmt == "ics":
        from tracker.export.icalendar_io import import_ics

        out(import_ics(db, args.file).report())
        return 0
    if fmt != "json":
        raise DomainError("unsupported_format", value=args.file.suffix or args.file.name)
    from tracker.export.interchange import ImportConflicts, import_file

    newer = "overwrite" if args.overwrite_newer else "keep" if args.keep_newer else "refuse"
    try:
        result = import_file(db, args.file, newer=newer)
    except ImportConflicts as exc:
        err(str(exc))
        err(
            pick(
                "파일 내용으로 덮어쓰려면 --overwrite-newer, 데이터베이스 쪽을 두고 나머지만 가져오려면 "
                "--keep-newer를 붙여 다시 실행하세요.",
                "Run again with --overwrite-newer to take the file's copies, or --keep-newer to keep "
                "the database's and import the rest.",
            )
        )
        return 1
    total = sum(result.per_section.values())
    out(
        pick(
            f"{total:,}건을 가져왔습니다: {args.file}",
            plural(total, "Imported 1 record", f"Imported {total:,} records") + f" from {args.file}",
        )
        + f" ({result.summary()})"
    )
    for conflict in result.kept + result.overwritten:
        out("  " + conflict.describe())
    return 0


def cmd_export(db: Database, args: argparse.Namespace) -> int:
    fmt = _format_of(args.file)
    if fmt == "ics":
        from tracker.export.icalendar_io import export_ics

        n = export_ics(db, args.file, restricted=getattr(args, "restricted", None) or "mask")
        out(
            pick(
                f"일정 {n:,}건을 내보냈습니다: {args.file}",
                plural(n, "Exported 1 calendar item", f"Exported {n:,} calendar items") + f" to {args.file}",
            )
        )
        return 0
    if fmt != "json":
        raise DomainError("unsupported_format", value=args.file.suffix or args.file.name)
    from tracker.export.interchange import export_json

    counts = export_json(db, args.file, restricted=getattr(args, "restricted", None) or "include")
    out(
        pick(
            f"{sum(counts.values()):,}건을 내보냈습니다: {args.file}",
            plural(sum(counts.values()), "Exported 1 record", f"Exported {sum(counts.values()):,} records")
            + f" to {args.file}",
        )
    )
    return 0


def cmd_backup(db: Database, args: argparse.Namespace) -> int:
    from tracker.db.backup import BackupError, backup_sqlite, unique_path

    dest: Path = args.dest
    if dest.is_dir():  # a unique name that sorts by time, even for two backups in one second
        dest = unique_path(dest, "tracker-backup", ".sqlite3" if db.is_sqlite else ".json")
    try:
        if db.sqlite_path is not None and _format_of(dest) != "json":
            backup_sqlite(db.sqlite_path, dest)  # verified before it takes the name
        else:  # a server database, or a JSON backup asked for: the interchange file carries everything
            from tracker.export.interchange import export_json

            export_json(db, dest)
    except BackupError as exc:
        err(str(exc))
        if exc.damaged and db.sqlite_path is not None:
            err(_latest_backup_note(db.sqlite_path))
        return 2 if exc.damaged else 1
    out(pick(f"백업했습니다 (검증 완료): {dest}", f"Backed up and verified: {dest}"))
    return 0


def _latest_backup_note(path: Path) -> str:
    """Where the newest backup that passes verification is, and how to put it back."""
    from tracker.db.backup import backup_folder, latest_good_backup

    good = latest_good_backup(path)
    if good is None:
        return pick(
            f"검증된 백업이 없습니다 (찾은 곳: {backup_folder(path)}).",
            f"No verified backup was found (looked in {backup_folder(path)}).",
        )
    return pick(
        f"가장 최근의 검증된 백업: {good}\n앱을 열면 이 백업을 복원할 수 있습니다(손상된 파일은 따로 보관됩니다).",
        f"Latest verified backup: {good}\nOpen the app to restore it (the damaged file is kept aside).",
    )


def cmd_check(db: Database, args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from tracker.db.backup import is_damage

    problems: list[str] = []
    damage: list[str] = []
    for step in (_check_schema, _check_integrity, _check_foreign_keys, _check_attachments, _check_counts):
        try:
            (damage if step is _check_integrity else problems).extend(step(db))
        except (sqlite3.DatabaseError, sa.exc.DatabaseError) as exc:
            if not is_damage(exc):
                raise
            damage.append(str(getattr(exc, "orig", None) or exc))  # e.g. "database disk image is malformed"
    for p in dict.fromkeys(damage + problems):
        err("  ! " + p)
    if damage and db.sqlite_path is not None:
        err(
            pick(
                f"점검 결과: 데이터베이스 파일이 손상되었습니다: {db.sqlite_path}",
                f"Check: the database file is damaged: {db.sqlite_path}",
            )
        )
        err(_latest_backup_note(db.sqlite_path))
        return 1
    if problems or damage:
        err(pick("점검 결과: 문제가 있습니다.", "Check: problems found."))
        return 1
    out(pick("점검 결과: 이상 없음.", "Check: all good."))
    return 0


def _check_schema(db: Database) -> list[str]:
    from tracker.db.migrate import current_revision, head_revision

    rev, head = current_revision(db), head_revision()
    out(pick(f"스키마 버전: {rev} (최신: {head})", f"Schema version: {rev} (current: {head})"))
    return [] if rev == head else [pick("스키마가 최신이 아닙니다", "schema is not current")]


def _check_integrity(db: Database) -> list[str]:
    """SQLite's own page-by-page check: anything it reports is damage to the file."""
    if not db.is_sqlite:
        return []
    with db.engine.connect() as conn:
        integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    return [] if integrity == ["ok"] else integrity[:10]


def _check_foreign_keys(db: Database) -> list[str]:
    if not db.is_sqlite:
        return []
    with db.engine.connect() as conn:
        fks = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
    return [
        pick(
            f"{table} 행 {rowid}: 없는 {parent} 기록을 가리킴",
            f"{table} row {rowid}: refers to a missing {parent} record",
        )
        for table, rowid, parent, _ in fks[:10]
    ]


def _check_attachments(db: Database) -> list[str]:
    from tracker.services.attachments import verify_attachments

    return list(verify_attachments(db))


def _check_counts(db: Database) -> list[str]:
    import sqlalchemy as sa

    with db.engine.connect() as conn:
        for table in ("countries", "organizations", "persons", "trips", "meetings", "actions"):
            n = conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
            out(f"  {table}: {n:,}")
    return []


def cmd_report(db: Database, args: argparse.Namespace) -> int:
    from tracker.export.report.cli_command import run

    return run(db, args)


def cmd_briefing(db: Database, args: argparse.Namespace) -> int:
    from tracker.export.report.briefing_cli import run_briefing

    return run_briefing(db, args)


def cmd_handover(db: Database, args: argparse.Namespace) -> int:
    from tracker.export.report.briefing_cli import run_handover

    return run_handover(db, args)


COMMANDS = {
    "report": cmd_report,
    "briefing": cmd_briefing,
    "handover": cmd_handover,
    "init": cmd_init,
    "demo": cmd_demo,
    "import": cmd_import,
    "export": cmd_export,
    "backup": cmd_backup,
    "check": cmd_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    # The language first, so that --help and argparse's own errors are in it too.
    # --version answers here, before the full parser loads every command's options.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    early.add_argument("--version", action="version", version=f"tracker {__version__}")
    early.add_argument("--verbose", action="store_true")
    known = early.parse_known_args(argv)[0]
    if known.lang in i18n.SUPPORTED:  # anything else is refused by the full parser below
        i18n.set_language(known.lang)
    if known.verbose:
        from tracker.logs import setup_logging

        setup_logging(verbose=True)
    args = build_parser(with_reports=_wants_reports(argv)).parse_args(argv)
    if args.command is None:
        from tracker.app import run  # Qt is imported only when the window is wanted

        return run(db=args.db, demo=args.demo, lang=args.lang)
    if args.command in ("copy", "checkout", "sync"):  # two databases, not only the one of --db
        from tracker.export import sync_cli

        return {"copy": sync_cli.run_copy, "checkout": sync_cli.run_checkout, "sync": sync_cli.run_sync}[
            args.command
        ](args)
    if args.command == "connect":  # a database to be found, not the one configured
        from tracker.connection_cli import run as run_connect

        return run_connect(args)
    if args.command == "grant":  # a team server only: a personal file is refused unopened
        from tracker.roles_cli import run as run_grant

        return run_grant(args)
    import sqlalchemy as sa

    from tracker.db.backup import is_damage
    from tracker.db.engine import sqlite_path_of
    from tracker.db.migrate import MigrationError

    try:
        db = _open(args)
    except MigrationError as exc:
        err(str(exc))
        path = sqlite_path_of(config.database_url(args.db))
        if exc.damaged and path is not None:
            err(_latest_backup_note(path))
            if args.command == "check":  # finding damage is what check is for
                err(
                    pick(
                        f"점검 결과: 데이터베이스 파일이 손상되었습니다: {path}",
                        f"Check: the database file is damaged: {path}",
                    )
                )
                return 1
        return 2
    except (OSError, sa.exc.SQLAlchemyError) as exc:  # a URL of an unknown kind, a folder not writable
        err(pick(f"데이터베이스를 열 수 없습니다: {exc}", f"The database cannot be opened: {exc}"))
        return 2
    log.info(
        "tracker %s: %s on %s", __version__, args.command, db.engine.url.render_as_string(hide_password=True)
    )
    try:
        return COMMANDS[args.command](db, args)
    except DomainError as exc:
        err(str(exc))
        return 1
    except (sqlite3.DatabaseError, sa.exc.DatabaseError) as exc:
        if not is_damage(exc) or db.sqlite_path is None:
            return _could_not_finish(exc)
        err(
            pick(
                f"데이터베이스 파일이 손상되어 작업을 마치지 못했습니다: {db.sqlite_path}",
                f"The database file is damaged; the command could not finish: {db.sqlite_path}",
            )
        )
        err(_latest_backup_note(db.sqlite_path))
        return 2
    except (OSError, sqlite3.Error, sa.exc.SQLAlchemyError) as exc:
        return _could_not_finish(exc)
    finally:
        db.dispose()


def _could_not_finish(exc: BaseException) -> int:
    err(
        pick(
            f"작업을 마치지 못했습니다. 데이터는 바뀌지 않았습니다: {exc}",
            f"The command could not finish; nothing was changed: {exc}",
        )
    )
    return 1
