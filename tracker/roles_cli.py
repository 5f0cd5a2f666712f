"""`tracker grant USER --role officer|reader [--confidential | --revoke-confidential]`: an
administrator gives a colleague's login on the team server its role (tracker.db.roles; the
server enforces it). Exit codes: 0 done, 1 refused (nothing changed), 2 the server cannot be
reached or its database is newer than this program."""

from __future__ import annotations

import argparse

from tracker.domain.i18n import pick
from tracker.export.console import err

ROLE_NAMES = {"officer": "tracker_officer", "reader": "tracker_reader"}


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    gr = sub.add_parser(
        "grant",
        help=pick(
            "팀 서버에서 동료의 로그인에 역할 주기 (담당관: 읽고 고침, 열람자: 읽고 내보내기만)",
            "give a colleague's login on the team server its role (officer: reads and changes; "
            "reader: reads and exports only)",
        ),
    )
    gr.add_argument("user", metavar="USER", help=pick("서버의 로그인 이름", "the login name on the server"))
    gr.add_argument(
        "--role",
        choices=tuple(ROLE_NAMES),
        help=pick(
            "officer(담당관: 읽고 고침) 또는 reader(열람자: 읽고 내보내기만); 다른 하나는 빠짐",
            "officer (reads and changes) or reader (reads and exports only); the other one is taken away",
        ),
    )
    label = gr.add_mutually_exclusive_group()
    label.add_argument(
        "--confidential",
        action="store_true",
        help=pick("대외비 기록도 보게 하기", "also let them see records classified 대외비"),
    )
    label.add_argument(
        "--revoke-confidential",
        action="store_true",
        help=pick("대외비 권한 거두기", "take the 대외비 label away"),
    )


def run(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from tracker import config
    from tracker.db import roles
    from tracker.db.migrate import MigrationError
    from tracker.db.store import open_database
    from tracker.domain.errors import DomainError

    role = ROLE_NAMES.get(args.role or "")
    confidential = True if args.confidential else False if args.revoke_confidential else None
    if role is None and confidential is None:
        err(
            pick(
                "무엇을 줄지 정하세요: --role officer|reader, --confidential 또는 --revoke-confidential",
                "Say what to give: --role officer|reader, --confidential or --revoke-confidential",
            )
        )
        return 1
    url = config.database_url(args.db)
    if sa.make_url(url).get_backend_name() == "sqlite":  # refused before a file would be made
        err(str(roles.GrantRefused("personal", args.user)))
        return 1
    try:
        db, _ = open_database(url)
    except MigrationError as exc:  # a newer schema: refused, nothing touched
        err(str(exc))
        return 2
    except (OSError, sa.exc.SQLAlchemyError) as exc:
        err(
            pick(
                f"서버에 연결할 수 없습니다: {getattr(exc, 'orig', None) or exc}",
                f"The server cannot be reached: {getattr(exc, 'orig', None) or exc}",
            )
        )
        return 2
    try:
        roles.grant(db, args.user, role, confidential=confidential)
        print(describe(args.user, roles.held(db, args.user)), flush=True)  # as the server now says
    except DomainError as exc:
        err(str(exc))
        return 1
    except sa.exc.SQLAlchemyError as exc:
        err(
            pick(
                f"작업을 마치지 못했습니다. 아무것도 바뀌지 않았습니다: {getattr(exc, 'orig', None) or exc}",
                f"The command could not finish; nothing was changed: {getattr(exc, 'orig', None) or exc}",
            )
        )
        return 1
    finally:
        db.dispose()
    return 0


def describe(user: str, held: frozenset[str]) -> str:
    """What `user` may now do, in words, with the server's role names."""
    from tracker.db.roles import CONFIDENTIAL, OFFICER, READER

    if OFFICER in held:
        may = pick("기록을 읽고 고칠 수 있습니다", "reads and changes records")
    elif READER in held:
        may = pick("기록을 읽고 내보낼 수만 있습니다", "reads and exports records, and changes none")
    else:
        may = pick(
            "담당관·열람자 역할이 없어 기록을 읽을 수 없습니다",
            "has neither role and cannot read the records",
        )
    label = (
        pick("대외비 기록도 봅니다", "sees records classified 대외비")
        if CONFIDENTIAL in held
        else pick("대외비 기록은 보지 못합니다", "does not see records classified 대외비")
    )
    names = ", ".join(sorted(held)) or "-"
    return pick(f"{user} ({names}): {may}. {label}.", f"{user} ({names}) {may}; {label}.")
