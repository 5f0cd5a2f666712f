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
from tracker.domain.i18n import language

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
    "restricted": (
        "대외비 권한이 없습니다: 대외비로 분류된 기록과 그에 딸린 내용은 대외비 권한({confidential})이 "
        "있는 사용자만 만들거나 고칠 수 있습니다. 아무것도 바뀌지 않았습니다.",
        "You are not cleared for 대외비 (restricted) records: only users with the {confidential} role "
        "can create or change a restricted record or what belongs to it. Nothing was changed.",
    ),
}


class PermissionRefused(DomainError):
    """The server refused a write this user is not allowed to make; nothing was written.
    `reason`: 'read_only' (no privilege to change the table) or 'restricted' (a row-level
    security policy: 대외비 content without the label)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"permission_{reason}", officer=OFFICER, confidential=CONFIDENTIAL)

    def message(self, lang: str | None = None) -> str:
        ko, en = _MESSAGES.get(self.reason, _MESSAGES["read_only"])
        template = ko if (lang or language()) == "ko" else en
        return template.format(officer=OFFICER, confidential=CONFIDENTIAL)


def refusal(exc: BaseException) -> PermissionRefused | None:
    """The refusal `exc` (a SQLAlchemy or driver error) stands for, or None when it is another
    error."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) != _INSUFFICIENT_PRIVILEGE:
        return None
    text = str(orig)
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


def grant_statements(user: str, role: str, *, confidential: bool = False) -> list[str]:
    """The SQL that makes `user` (an existing login role) an officer or a reader, with or
    without the 대외비 label; the other group role and the label are taken away."""
    if role not in (OFFICER, READER):
        raise ValueError(f"role must be {OFFICER} or {READER}: {role}")
    person = _quote(user)
    other = READER if role == OFFICER else OFFICER
    statements = [f"GRANT {role} TO {person}", f"REVOKE {other} FROM {person}"]
    statements.append(
        f"{'GRANT' if confidential else 'REVOKE'} {CONFIDENTIAL} {'TO' if confidential else 'FROM'} {person}"
    )
    return statements


def grant(db: Database, user: str, role: str, *, confidential: bool = False) -> None:
    """Give `user` a role (run by an administrator who may grant these roles)."""
    with db.write() as conn:
        for statement in grant_statements(user, role, confidential=confidential):
            conn.exec_driver_sql(statement)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
