"""What importing an .ics file would do, item by item (IcsItem, IcsPreview), and the list of
problems that refuses a file.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tracker.domain.i18n import pick, plural
from tracker.export.ics_names import MAX_PROBLEMS


@dataclass
class IcsItem:
    """One VEVENT of the file and what importing it would do.

    `action`: "new" (create), "update" (a record we know by its UID), "duplicate" (looks like a
    record already here: same title and start; left alone unless set to "new")."""

    uid: str
    kind: str  # "meetings", "events" or "trips"
    action: str
    title: str
    start: date | datetime
    values: dict[str, Any]
    record_id: uuid.UUID
    # "uid", "notes_uid" or "title_start"; for an occurrence changed on its own, "series" (one
    # already here) or "rdate" (an extra date at another hour than its series')
    match: str | None = None
    # An event's times, kept as its sessions (an event has days, its sessions have hours).
    sessions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_duplicate(self) -> bool:
        return self.action in ("update", "duplicate")


@dataclass
class IcsPreview:
    path: Path
    items: list[IcsItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def new(self) -> list[IcsItem]:
        return [i for i in self.items if i.action == "new"]

    @property
    def updates(self) -> list[IcsItem]:
        return [i for i in self.items if i.action == "update"]

    @property
    def duplicates(self) -> list[IcsItem]:
        """Everything already here: records updated by UID, and likely duplicates left alone."""
        return [i for i in self.items if i.is_duplicate]

    def summary(self) -> str:
        new, upd = len(self.new), len(self.updates)
        dup = len([i for i in self.items if i.action == "duplicate"])
        text = pick(
            f"새 기록 {new}건, 갱신 {upd}건, 중복으로 보여 건너뜀 {dup}건",
            f"{new} new, {upd} updated, "
            + plural(dup, "1 likely duplicate", f"{dup} likely duplicates")
            + " left alone",
        )
        if self.skipped:
            text += pick(f", 가져오지 않는 항목 {len(self.skipped)}건", f", {len(self.skipped)} not imported")
        return text

    def report(self) -> str:
        """The summary, then each item not imported and why, one a line."""
        lines = [self.summary()]
        lines += [f"  - {why}" for why in self.skipped]
        lines += [
            "  - "
            + pick(
                f"«{i.title}» (UID {i.uid}): 이미 있는 기록과 제목·시작이 같아 중복으로 보고 건너뜁니다",
                f"«{i.title}» (UID {i.uid}): same title and start as a record already here, left alone as a duplicate",
            )
            for i in self.items
            if i.action == "duplicate"
        ]
        return "\n".join(lines)


class Problems(list[str]):
    def add(self, where: str, text: str) -> None:
        if len(self) < MAX_PROBLEMS:
            self.append(f"{where}: {text}")
