"""The commands that move records between two databases: `tracker copy SOURCE TARGET`
(tracker.export.copy), and for work away from the network `tracker checkout [SOURCE] LOCAL`
and `tracker sync LOCAL` (tracker.export.sync)."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import config
from tracker.domain.i18n import pick
from tracker.export.console import err, out

if TYPE_CHECKING:
    from tracker.db.engine import Database


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cp = sub.add_parser(
        "copy",
        help=pick(
            "한 데이터베이스의 모든 기록과 첨부파일을 다른 데이터베이스로 복사 (예: 개인 파일 → 팀 서버)",
            "copy every record and attachment of one database into another (e.g. your file -> a team server)",
        ),
    )
    place = pick("SQLite 파일 경로 또는 URL", "SQLite file or URL")
    cp.add_argument("source", metavar="SOURCE", help=place)
    cp.add_argument("target", metavar="TARGET", help=place)
    cp_newer = cp.add_mutually_exclusive_group()
    cp_newer.add_argument(
        "--overwrite-newer",
        action="store_true",
        help=pick(
            "대상에서 더 나중에 고친 기록도 원본으로 덮어쓰기",
            "also overwrite records changed later in the target",
        ),
    )
    cp_newer.add_argument(
        "--keep-newer",
        action="store_true",
        help=pick(
            "그런 기록은 대상 쪽을 두고 나머지만 복사",
            "keep those as they are in the target and copy the rest",
        ),
    )
    co = sub.add_parser(
        "checkout",
        help=pick(
            "출장 등 네트워크 밖에서 쓸 오프라인 사본 만들기 (돌아와서 tracker sync)",
            "take an offline copy to work away from the network (back online: tracker sync)",
        ),
    )
    co.add_argument(
        "source",
        metavar="SOURCE",
        nargs="?",
        help=pick(
            "원본: SQLite 파일 경로 또는 URL (기본: 지금 쓰는 데이터베이스, 예: 연결한 팀 서버)",
            "SQLite file or URL (default: the database in use, e.g. the team server you connected to)",
        ),
    )
    co.add_argument(
        "local", metavar="LOCAL", type=Path, help=pick("새로 만들 사본 파일", "the new copy's file")
    )
    sy = sub.add_parser(
        "sync",
        help=pick(
            "오프라인 사본과 원본을 양쪽으로 맞추기 (양쪽에서 고친 기록은 그대로 두고 알림)",
            "merge an offline copy with its origin both ways (records changed on both sides are listed)",
        ),
    )
    sy.add_argument("local", metavar="LOCAL", type=Path, help=pick("오프라인 사본 파일", "the offline copy"))
    take = sy.add_mutually_exclusive_group()
    take.add_argument(
        "--take-server",
        action="store_true",
        help=pick(
            "양쪽에서 고친 기록은 서버 쪽으로 (오프라인 내용은 사본의 이력에 남음)",
            "settle records changed on both sides with the server's version (yours stays in the copy's history)",
        ),
    )
    take.add_argument(
        "--take-offline",
        action="store_true",
        help=pick(
            "양쪽에서 고친 기록은 오프라인 쪽으로 (서버 내용은 서버의 이력에 남음)",
            "settle them with your offline version (the server's stays in the server's history)",
        ),
    )


def run_copy(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from tracker.db.migrate import MigrationError
    from tracker.db.store import open_database
    from tracker.export.copy import copy_database
    from tracker.export.interchange import ImportConflicts, ImportRejected

    opened: list[Database] = []
    try:
        for name in (args.source, args.target):
            db, _ = open_database(config.database_url(name))
            opened.append(db)
        newer = "overwrite" if args.overwrite_newer else "keep" if args.keep_newer else "refuse"
        result = copy_database(*opened, newer=newer)
    except ImportConflicts as exc:
        err(str(exc))
        err(
            pick(
                "대상에서 더 나중에 고친 기록이 있어 아무것도 복사하지 않았습니다. 원본으로 덮어쓰려면 "
                "--overwrite-newer, 대상 쪽을 두려면 --keep-newer를 붙여 다시 실행하세요.",
                "Records were changed later in the target, so nothing was copied. Run again with "
                "--overwrite-newer to take the source's copies, or --keep-newer to keep the target's.",
            )
        )
        return 1
    except (ImportRejected, MigrationError, ValueError) as exc:
        err(str(exc))
        return 1 if isinstance(exc, ImportRejected | ValueError) else 2
    except (OSError, sa.exc.SQLAlchemyError) as exc:
        err(pick(f"데이터베이스를 열 수 없습니다: {exc}", f"The database cannot be opened: {exc}"))
        return 2
    finally:
        for db in opened:
            db.dispose()
    out(
        pick(f"복사했습니다: {args.source} → {args.target}", f"Copied {args.source} -> {args.target}")
        + f" ({result.summary()})"
    )
    for problem in result.files_missing:
        out(
            "  "
            + pick(
                f"원본에 파일이 없어 복사하지 못한 첨부파일: {problem}",
                f"attachment not copied, its file is missing in the source: {problem}",
            )
        )
    return 0


def _unreachable(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip()


def run_checkout(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from tracker.db.migrate import MigrationError
    from tracker.db.store import open_database
    from tracker.export.interchange import ImportRejected
    from tracker.export.offline_state import shown_url
    from tracker.export.sync import CopyExists, checkout

    local_path: Path = args.local
    if local_path.exists() and local_path.stat().st_size > 0:
        err(
            pick(
                f"이미 있는 파일입니다: {local_path}. 새 이름을 주세요 (이 사본을 맞추려면: "
                f"tracker sync {shlex.quote(str(local_path))}).",
                f"The file already exists: {local_path}. Give a new name (to merge that copy back: "
                f"tracker sync {shlex.quote(str(local_path))}).",
            )
        )
        return 1
    url = config.database_url(args.source or getattr(args, "db", None))
    opened: list[Database] = []
    try:
        opened.append(open_database(url)[0])
        opened.append(open_database(local_path)[0])
        result = checkout(*opened)
    except (CopyExists, ImportRejected, MigrationError, ValueError) as exc:
        err(str(exc))
        return _discard(local_path, opened, 2 if isinstance(exc, MigrationError) else 1)
    except (OSError, sa.exc.SQLAlchemyError) as exc:
        err(
            pick(
                f"원본에 연결할 수 없습니다: {_unreachable(exc)}",
                f"The source cannot be reached: {_unreachable(exc)}",
            )
        )
        return _discard(local_path, opened, 2)
    for db in opened:
        db.dispose()
    quoted = shlex.quote(str(local_path))
    out(
        pick(
            f"오프라인 사본을 만들었습니다: {local_path} (원본: {shown_url(url)}; {result.summary()})\n"
            f"  앱에서 열기: tracker --db {quoted}\n"
            f"  돌아와서 서버와 맞추기: tracker sync {quoted}",
            f"Made an offline copy: {local_path} (from {shown_url(url)}; {result.summary()})\n"
            f"  Open it in the app: tracker --db {quoted}\n"
            f"  Back on the network, merge it: tracker sync {quoted}",
        )
    )
    return 0


def _discard(path: Path, opened: list[Database], code: int) -> int:
    """A checkout that failed leaves no half-made copy behind (the file was new)."""
    for db in opened:
        db.dispose()
    if len(opened) == 2:
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            name.unlink(missing_ok=True)
    return code


def run_sync(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from tracker.db.engine import sqlite_path_of
    from tracker.db.migrate import MigrationError
    from tracker.db.store import open_database
    from tracker.domain.errors import DomainError
    from tracker.export import offline_state
    from tracker.export.sync import SyncFailed, sync
    from tracker.export.sync_plan import OFFLINE, SERVER

    local_path: Path = args.local
    quoted = shlex.quote(str(local_path))
    if not local_path.is_file():
        err(pick(f"사본 파일이 없습니다: {local_path}", f"No such copy: {local_path}"))
        return 1
    opened: list[Database] = []
    origin = None
    try:
        opened.append(open_database(local_path)[0])
        with opened[0].read() as s:
            origin = offline_state.origin(s.connection())
        gone = sqlite_path_of(origin.url)
        if gone is not None and not gone.is_file():  # opening it would make a new, empty one
            err(pick(f"원본 파일이 없습니다: {gone}", f"The copy's origin is not there: {gone}"))
            return 1
        opened.append(open_database(offline_state.origin_url_with_password(origin.url))[0])
        take = SERVER if args.take_server else OFFLINE if args.take_offline else None
        result = sync(*opened, take=take)
    except (offline_state.NotACheckout, SyncFailed, DomainError, ValueError) as exc:
        err(str(exc))
        return 1
    except MigrationError as exc:
        if not isinstance(exc.__cause__, sa.exc.OperationalError) or origin is None:
            err(str(exc))  # e.g. a schema newer than this program: nothing touched
            return 2
        return _out_of_reach(origin.shown(), exc.__cause__, quoted)
    except (OSError, sa.exc.SQLAlchemyError) as exc:
        return _out_of_reach(origin.shown() if origin else str(local_path), exc, quoted)
    finally:
        for db in opened:
            db.dispose()
    shown = origin.shown()
    if result.nothing_to_do and not result.conflicts:
        out(pick(f"이미 같습니다: {local_path} ↔ {shown}", f"Already in step: {local_path} <-> {shown}"))
    else:
        out(
            pick(f"동기화했습니다: {local_path} ↔ {shown}", f"Synced {local_path} <-> {shown}")
            + f" ({result.summary()})"
        )
    if result.settled:
        out(
            pick(
                f"양쪽에서 고친 기록 {result.settled}건을 서버 쪽으로 맞췄습니다. 오프라인 내용은 사본의 기록 이력에 남아 있습니다.",
                f"{result.settled} record(s) changed on both sides now hold the server's version; yours are "
                "in the copy's history.",
            )
            if args.take_server
            else pick(
                f"양쪽에서 고친 기록 {result.settled}건을 오프라인 쪽으로 맞췄습니다. 서버 내용은 서버의 기록 이력에 남아 있습니다.",
                f"{result.settled} record(s) changed on both sides now hold your offline version; the server's "
                "are in the server's history.",
            )
        )
    if not result.conflicts:
        return 0
    err(
        pick(
            f"양쪽에서 고친 기록 {len(result.conflicts)}건은 어느 쪽도 덮어쓰지 않았습니다:",
            f"{len(result.conflicts)} record(s) changed on both sides were overwritten on neither:",
        )
    )
    for conflict in result.conflicts:
        err("  - " + conflict.describe())
    err(
        pick(
            "서버에는 서버의 내용이, 이 사본에는 오프라인에서 고친 내용이 그대로 있습니다. 앱에서 두 쪽을 "
            f"비교한 뒤(사본 열기: tracker --db {quoted}) 다시 실행하세요:\n"
            f"  서버 쪽을 택하려면: tracker sync {quoted} --take-server (오프라인 내용은 사본의 이력에 남음)\n"
            f"  오프라인 쪽을 택하려면: tracker sync {quoted} --take-offline (서버 내용은 서버의 이력에 남음)\n"
            "지운 기록이 아직 쓰이는 경우에는 그 기록을 이력에서 되살리거나, 가리키는 기록을 먼저 옮기세요.",
            "The server keeps its version and this copy keeps yours. Compare them in the app (open the "
            f"copy with: tracker --db {quoted}), then run again:\n"
            f"  to take the server's version: tracker sync {quoted} --take-server (yours stays in the copy's history)\n"
            f"  to take yours: tracker sync {quoted} --take-offline (the server's stays in its history)\n"
            "Where a deleted record is still used, restore it from the history or move what refers to it first.",
        )
    )
    return 1


def _out_of_reach(where: str, exc: BaseException, quoted: str) -> int:
    """The origin did not answer (before or during the sync): both databases are as they were."""
    err(
        pick(
            f"{where}에 연결할 수 없어 동기화하지 못했습니다. 두 데이터베이스 모두 그대로입니다: "
            f"{_unreachable(exc)}\n네트워크에 연결된 뒤 다시 실행하세요: tracker sync {quoted}",
            f"Could not sync: {where} cannot be reached ({_unreachable(exc)}). Neither database was "
            f"changed.\nRun again once on the network: tracker sync {quoted}",
        )
    )
    return 2
