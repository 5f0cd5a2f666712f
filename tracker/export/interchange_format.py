"""What every part of the JSON interchange shares: the file's name and version, the namespace
that turns a readable id into a UUID, the tables it holds, and the error that refuses a file.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa

import tracker.db.models  # noqa: F401  (every table registered)
from tracker.db.base import Base
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick

FORMAT = "tracker-interchange"
SHARED = "shared"  # the header of a file made for sharing (export_json with restricted)
VERSION = 1
# Readable ids in hand-written files become UUIDs in this namespace (never change it).
ID_NAMESPACE = uuid.UUID("4b1f6f0e-7a5c-4c61-9d1e-2f6a0c3b8e11")
CHUNK = 2000
MAX_PROBLEMS = 20


class ImportRejected(DomainError):
    """The file was refused whole; `problems` lists where and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = len(problems) - 1
        first = problems[0] + (pick(f" (외 {more}건)", f" (and {more} more)") if more else "")
        super().__init__("import_record", where=first, reason="")

    def message(self, lang: str | None = None) -> str:
        head = pick(
            "가져오기를 거부했습니다. 데이터베이스는 바뀌지 않았습니다.",
            "The import was rejected; the database is unchanged.",
        )
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


def tables() -> list[sa.Table]:
    """The tables of records (the audit trail is the database's own history, not a record)."""
    return [t for t in Base.metadata.sorted_tables if t.name != "audit_log"]


def to_uuid(value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError("an id must be non-empty text")
    try:
        return uuid.UUID(value)
    except ValueError:
        return uuid.uuid5(ID_NAMESPACE, value.strip())
