"""Portable column types, kept in one place.

SQLite has no time zones: a `DateTime(timezone=True)` comes back naive. `UTCDateTime` refuses
naive values, stores UTC and re-attaches UTC on read, so every backend returns the same instant.
Enums are stored as their string values in VARCHAR columns (no native enum types), so adding
a value never needs a PostgreSQL `ALTER TYPE`.

Text goes through `SingleLine`/`MultiLine`, which apply the one character policy
(`tracker.domain.text`) to every value bound to a statement: ORM flushes, Core inserts of an
import, bulk updates and query parameters alike. Enforcing it here, where every write passes,
means no input path (present or future) can store a NUL that PostgreSQL would refuse or a
control character that breaks a document, and both databases store the same text.
`apply_text_policy` gives every plain String/Text column of a table these types, so a model
declares `sa.String(200)` or `sa.Text` as usual and cannot forget the policy.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from tracker.domain.text import clean_text


class UTCDateTime(TypeDecorator[datetime]):
    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: give it a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(enum_cls: type[enum.Enum], length: int = 24) -> sa.Enum:
    """A VARCHAR enum holding the members' values, checked by SQLAlchemy, not the database."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(UTC)


class _PolicyText(TypeDecorator[str]):
    multiline = False

    def __init__(self, length: int | None = None) -> None:
        super().__init__(length)
        self.length = length  # part of the statement cache key, with the class

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return value if value is None else clean_text(value, multiline=self.multiline)


class SingleLine(_PolicyText):
    """A name or title: no line breaks, no control characters."""

    impl = sa.String
    cache_ok = True


class MultiLine(_PolicyText):
    """Notes and minutes: line breaks (LF) and tabs kept, other control characters removed."""

    impl = sa.Text
    cache_ok = True
    multiline = True


def is_multiline(type_: Any) -> bool:
    return bool(getattr(type_, "multiline", isinstance(type_, sa.Text)))


def apply_text_policy(table: sa.Table) -> None:
    """Give every plain String/Text column of `table` the policy type (enums keep theirs)."""
    for col in table.columns:
        if isinstance(col.type, sa.String) and not isinstance(col.type, sa.Enum):
            kind = MultiLine if isinstance(col.type, sa.Text) else SingleLine
            col.type = kind(col.type.length)
