"""`tracker connect`: use a team's shared PostgreSQL server from now on, show which one is
used, or forget it (tracker.connection keeps it, and its password in the keyring)."""

from __future__ import annotations

import argparse
import sys

from tracker.domain.i18n import pick
from tracker.export.console import err, out


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    con = sub.add_parser(
        "connect",
        help=pick(
            "팀이 함께 쓰는 PostgreSQL 서버에 연결 (비밀번호는 운영체제 키링에 보관)",
            "use a team's shared PostgreSQL server from now on (the password is kept in the keyring)",
        ),
    )
    con.add_argument("host", nargs="?", help=pick("서버 주소", "the server's address"))
    con.add_argument("database", nargs="?", help=pick("데이터베이스 이름", "the database's name"))
    con.add_argument("--user", help=pick("사용자 이름", "user name"))
    con.add_argument("--port", type=int, default=5432)
    con.add_argument(
        "--sslmode",
        default="prefer",
        choices=("prefer", "require", "verify-ca", "verify-full", "disable"),
        help=pick("TLS 방식", "TLS mode"),
    )
    con.add_argument(
        "--password-stdin",
        action="store_true",
        help=pick("비밀번호를 표준 입력에서 읽기", "read the password from standard input"),
    )
    con.add_argument(
        "--forget",
        action="store_true",
        help=pick(
            "팀 서버 연결을 지우고 개인 데이터베이스로 돌아가기",
            "forget the team server; back to the personal database",
        ),
    )


def run(args: argparse.Namespace) -> int:
    import getpass

    from tracker import connection
    from tracker.db.migrate import MigrationError

    if args.forget:
        gone = connection.forget()
        out(
            pick(f"팀 서버 연결을 지웠습니다: {gone.shown()}", f"Forgot the team server {gone.shown()}")
            if gone
            else pick("저장된 팀 서버가 없습니다", "No team server was saved")
        )
        return 0
    if not args.host:
        current = connection.saved()
        out(
            pick(f"팀 서버: {current.shown()}", f"Team server: {current.shown()}")
            if current
            else pick(
                "팀 서버 없음: 개인 데이터베이스를 씁니다", "No team server: the personal database is used"
            )
        )
        return 0
    try:
        conn = connection.TeamConnection(
            host=args.host,
            database=args.database or "",
            user=args.user or "",
            port=args.port,
            sslmode=args.sslmode,
        )
    except connection.ConnectionProblem as exc:
        err(str(exc))
        return 1
    if args.password_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        secret = getpass.getpass(pick(f"{conn.shown()} 비밀번호: ", f"Password for {conn.shown()}: "))
    else:
        secret = ""
    try:
        revision = connection.first_connection(conn, secret)  # a new team database is migrated
    except MigrationError as exc:  # a newer schema: refused, nothing touched
        err(str(exc))
        return 2
    except connection.ServerUnreachable as exc:  # no answer, or the login refused
        err(str(exc))
        return 2
    except connection.ConnectionProblem as exc:
        err(str(exc))
        return 1
    out(
        pick(
            f"팀 서버에 연결했습니다: {conn.shown()} (스키마 {revision}). 이제 이 서버를 씁니다.",
            f"Connected to {conn.shown()} (schema {revision}); tracker uses it from now on.",
        )
    )
    return 0
