"""The rows record pages share, as plain data: a section's first rows with its total, a
follow-up, a dated link (a meeting, a trip, an agreement) and a named link."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, OwedBy

T = TypeVar("T")


@dataclass(frozen=True)
class Section(Generic[T]):
    rows: list[T]
    total: int

    @property
    def hidden(self) -> int:
        """How many rows were left out (the page offers them as "more")."""
        return self.total - len(self.rows)


@dataclass(frozen=True)
class ActionRow:
    id: uuid.UUID
    title: str
    due: PrecisionDate | None
    owed_by: OwedBy
    status: ActionStatus
    owner: str


@dataclass(frozen=True)
class DatedLink:
    """A dated record named by a title: a meeting, a trip, an agreement."""

    id: uuid.UUID
    date: date | None
    title: str
    kind: Any = None


@dataclass(frozen=True)
class NamedLink:
    id: Any
    name: str
    kind: Any = None
