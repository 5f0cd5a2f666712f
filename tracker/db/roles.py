"""Who may do what on a team database, as the PostgreSQL server enforces it.

The roles and the row-level security are made by migration 0010 (migrations/versions/
20261206_0010_team_roles.py): tracker_officer reads and writes, tracker_reader only reads
(and so exports), and only members of tracker_confidential see records classified 대외비.
A personal SQLite file has one user, who may do everything.

Here: a server's refusal turned into a message the user can act on (`PermissionRefused`,
raised by every write transaction of tracker/db/engine.py instead of the driver's error),
what the connected user may do (`access`), and the SQL that gives a person a role (`grant`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick

if TYPE_CHECKING:
    from tracker.db.engine import Database

OFFICER = "tracker_officer"
READER = "tracker_reader"
CONFIDENTIAL = "tracker_confidential"
ROLES = (OFFICER, READER, CONFIDENTIAL)

# SQLSTATE insufficient_privilege: a privilege the role lacks, or a row its policies refuse.
_INSUFFICIENT_PRIVILEGE = "42501"

_MESSAGES: dict[str, tuple[str, str]] = {
    "read_only": (
        "읽기 전용 권한입니다: 이 데이터베이스의 기록을 보고 내보낼 수는 있지만 바꿀 수는 없습니다. "
        "아무것도 바뀌지 않았습니다. 고쳐야 한다면 관리자에게 담당관({officer}) 권한을 요청하세요.",
        "You have read-only access: you can view and export the records of this database but not "
        "change them. Nothing was changed. If you need to edit, ask the administrator for the "
        "officer role ({officer}).",
    ),
    "hidden_rows": (
        "대외비 기록이 딸려 있습니다: 이 기록을 지우거나 바꾸면 대외비 권한이 없어 보이지 않는 기록까지 함께 "
        "지워지거나 바뀝니다. 대외비 권한({confidential})이 있는 사람에게 요청하세요. 아무것도 바뀌지 않았습니다.",
        "Records you are not cleared to see (대외비, restricted) belong to this one: deleting or changing "
        "it would delete or change them too. Ask someone with the {confidential} role to do it. "
        "Nothing was changed.",
    ),
    "restricted": (
        "대외비 권한이 없습니다: 대외비로 분류된 기록과 그에 딸린 내용은 대외비 권한({confidential})이 "
        "있는 사용자만 만들거나 고칠 수 있습니다. 아무것도 바뀌지 않았습니다.",
        "You are not cleared for 대외비 (restricted) records: only users with the {confidential} role "
        "can create or change a restricted record or what belongs to it. Nothing was changed.",
    ),
}

# Why a role could not be given (`grant`); {user} is the person named.
_GRANT_MESSAGES: dict[str, tuple[str, str]] = {
    "personal": (
        "역할은 팀 서버(PostgreSQL)에서만 줄 수 있습니다: 지금 데이터베이스는 개인 SQLite 파일이고, 쓰는 "
        "사람이 한 명뿐이라 모든 권한을 가집니다. 팀 서버에 연결하거나(tracker connect) --db로 서버 주소를 "
        "주세요. 아무것도 바뀌지 않았습니다.",
        "Roles exist only on a team server (PostgreSQL): the database in use is a personal SQLite file, "
        "whose one user may do everything. Connect to the team server (tracker connect) or give its "
        "address with --db. Nothing was changed.",
    ),
    "no_such_user": (
        "서버에 '{user}' 사용자가 없습니다: 먼저 PostgreSQL 관리자가 만드세요 "
        '(psql에서 CREATE ROLE "{user}" LOGIN; 그다음 \\password "{user}"). 아무것도 바뀌지 않았습니다.',
        "The server has no user '{user}': the PostgreSQL administrator makes it first (in psql: "
        'CREATE ROLE "{user}" LOGIN; then \\password "{user}"). Nothing was changed.',
    ),
    "group_role": (
        "'{user}'은(는) 사람이 아니라 tracker의 역할 이름입니다: 역할을 받을 사람의 로그인 이름을 주세요. "
        "아무것도 바뀌지 않았습니다.",
        "'{user}' is one of tracker's roles, not a person: name the login of the person who gets the "
        "role. Nothing was changed.",
    ),
    "not_allowed": (
        "지금 로그인한 계정은 역할을 줄 권한이 없습니다: PostgreSQL 관리자(슈퍼유저, 또는 {officer}·{reader}·"
        "{confidential}의 ADMIN 권한이 있는 계정)로 실행하세요. 아무것도 바뀌지 않았습니다.",
        "The account logged in may not give roles: run this as the PostgreSQL administrator (a "
        "superuser, or an account with ADMIN on {officer}, {reader} and {confidential}). Nothing was "
        "changed.",
    ),
}


class PermissionRefused(DomainError):
    """The server refused a write this user is not allowed to make; nothing was written.
    `reason`: 'read_only' (no privilege to change the table), 'restricted' (a row-level
    security policy: 대외비 content without the label) or 'hidden_rows' (the write would take
    대외비 rows the user cannot see with it: migration 0011)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"permission_{reason}", officer=OFFICER, confidential=CONFIDENTIAL)

    def message(self, lang: str | None = None) -> str:
        template = pick(*_MESSAGES.get(self.reason, _MESSAGES["read_only"]), lang)
        return template.format(officer=OFFICER, confidential=CONFIDENTIAL)


class GrantRefused(DomainError):
    """A role that could not be given, and why (`reason`, a key of _GRANT_MESSAGES); nothing
    was changed."""

    def __init__(self, reason: str, user: str) -> None:
        self.reason = reason
        self.user = user
        super().__init__(f"grant_{reason}", user=user)

    def message(self, lang: str | None = None) -> str:
        template = pick(*_GRANT_MESSAGES[self.reason], lang)
        return template.format(user=self.user, officer=OFFICER, reader=READER, confidential=CONFIDENTIAL)


def refusal(exc: BaseException) -> PermissionRefused | None:
    """The refusal `exc` stands for (itself, or the one a SQLAlchemy or driver error stands
    for), or None when it is another error."""
    if isinstance(exc, PermissionRefused):
        return exc
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) != _INSUFFICIENT_PRIVILEGE:
        return None
    text = str(orig)
    if "tracker_hidden_rows" in text:
        reason = "hidden_rows"
    else:
        reason = "restricted" if "row-level security" in text else "read_only"
    return PermissionRefused(reason, text.strip())


@contextmanager
def refusals_reported() -> Iterator[None]:
    """Turn the server's 'permission denied' and 'violates row-level security policy' into
    PermissionRefused, whose message the editors and dialogs show."""
    try:
        yield
    except sa.exc.DBAPIError as exc:
        refused = refusal(exc)
        if refused is not None:
            raise refused from exc
        raise


@dataclass(frozen=True)
class Access:
    """What the connected user may do: change records at all, and see 대외비 ones."""

    can_write: bool
    sees_restricted: bool
    user: str


def access(db: Database) -> Access:
    """Asked of the server (a personal SQLite file: everything). The screens may use it to
    say 'read only' up front; the server enforces it either way."""
    if db.is_sqlite:
        return Access(can_write=True, sees_restricted=True, user="")
    with db.engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "SELECT current_user, has_table_privilege('meetings', 'INSERT'), "
                "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                "OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = :label "
                "AND pg_has_role(current_user, r.oid, 'MEMBER'))"
            ),
            {"label": CONFIDENTIAL},
        ).one()
    return Access(can_write=bool(row[1]), sees_restricted=bool(row[2]), user=str(row[0]))


def access_or_everything(db: Database) -> Access:
    """`access`, asked once as a window opens; a server that cannot answer just then is taken
    to allow everything, since the screens only say up front what the server refuses anyway."""
    try:
        return access(db)
    except sa.exc.SQLAlchemyError:
        return Access(can_write=True, sees_restricted=True, user="")


def grant_statements(user: str, role: str | None, *, confidential: bool | None = False) -> list[str]:
    """The SQL that makes `user` (an existing login role) an officer or a reader (the other
    group role taken away), and gives or takes away the 대외비 label. None leaves that part as
    it is."""
    if role not in (OFFICER, READER, None):
        raise ValueError(f"role must be {OFFICER} or {READER}: {role}")
    person = _quote(user)
    statements = []
    if role is not None:
        other = READER if role == OFFICER else OFFICER
        statements += [f"GRANT {role} TO {person}", f"REVOKE {other} FROM {person}"]
    if confidential is not None:
        statements.append(
            f"GRANT {CONFIDENTIAL} TO {person}" if confidential else f"REVOKE {CONFIDENTIAL} FROM {person}"
        )
    return statements


def grant(db: Database, user: str, role: str | None, *, confidential: bool | None = False) -> None:
    """Give `user` a role, in one transaction (run by an administrator who may grant these
    roles). Raises GrantRefused, with nothing changed, on a personal SQLite file, for a user the
    server does not know or one of the group roles themselves, and for an account without the
    right to grant."""
    if db.is_sqlite:
        raise GrantRefused("personal", user)
    if user in ROLES:
        raise GrantRefused("group_role", user)
    try:
        with db.write() as conn:
            known = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :user"), {"user": user})
            if known.first() is None:
                raise GrantRefused("no_such_user", user)
            for statement in grant_statements(user, role, confidential=confidential):
                conn.exec_driver_sql(statement)
    except PermissionRefused as exc:  # "permission denied to grant role"
        raise GrantRefused("not_allowed", user) from exc


def held(db: Database, user: str) -> frozenset[str]:
    """Which of tracker's roles `user` has on the server (directly or through another role)."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT g.rolname FROM pg_roles g, pg_roles u WHERE u.rolname = :user "
                "AND g.rolname IN (:officer, :reader, :label) AND pg_has_role(u.oid, g.oid, 'MEMBER')"
            ),
            {"user": user, "officer": OFFICER, "reader": READER, "label": CONFIDENTIAL},
        )
        return frozenset(str(r[0]) for r in rows)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
