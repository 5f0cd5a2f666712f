"""What importing an interchange file would do against the database: records new, updated,
unchanged, or newer in the database than in the file (a conflict, refused unless asked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tracker.domain.i18n import pick, plural
from tracker.export.interchange_format import MAX_PROBLEMS, ImportRejected
from tracker.export.interchange_records import Incoming, primary_key

#
# An import never moves a record backwards unless asked: a record the database holds in a newer
# version than the file (a higher `version`, or the same version changed later) is a conflict.
# `version` only ever goes up, so an editor holding the record open notices the import.

REFUSE, KEEP, OVERWRITE = "refuse", "keep", "overwrite"  # what to do with conflicts
_LABEL_FIELDS = ("title", "title_ko", "name_ko", "name_en", "name", "text", "filename", "description")


@dataclass(frozen=True)
class Conflict:
    """A record changed in the database after the file's copy of it was made."""

    section: str
    key: Any
    where: str
    label: str
    database: tuple[int | None, datetime | None]  # version, updated_at
    file: tuple[int | None, datetime | None]

    @property
    def ref(self) -> tuple[str, Any]:
        return self.section, self.key

    def describe(self) -> str:
        (dv, du), (fv, fu) = self.database, self.file
        return f"{self.where} {self.label}: " + pick(
            f"데이터베이스의 기록이 더 새롭습니다 (데이터베이스: 버전 {dv}, {_when(du)} / 파일: 버전 {_v(fv)}, {_when(fu)})",
            f"the database's copy is newer (database: version {dv}, {_when(du)}; file: version {_v(fv)}, {_when(fu)})",
        )


def _when(stamp: datetime | None) -> str:
    return f"{stamp:%Y-%m-%d %H:%M} UTC" if stamp else "-"


def _v(version: int | None) -> str:
    return str(version) if version is not None else "-"


class ImportConflicts(ImportRejected):
    """Records newer in the database than in the file; nothing was written."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        shown = [c.describe() for c in conflicts[:MAX_PROBLEMS]]
        if len(conflicts) > MAX_PROBLEMS:
            more = len(conflicts) - MAX_PROBLEMS
            shown.append(pick(f"외 {more}건", f"and {more} more"))
        super().__init__(shown)

    def message(self, lang: str | None = None) -> str:
        n = len(self.conflicts)
        head = pick(
            f"파일보다 데이터베이스에서 더 나중에 고친 기록이 {n}건 있어 가져오지 않았습니다. "
            "데이터베이스는 바뀌지 않았습니다.",
            plural(n, "1 record was", f"{n} records were")
            + " changed in the database after the file was made, so nothing was imported; "
            "the database is unchanged.",
        )
        return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)


@dataclass
class _Section:
    table: sa.Table
    new: list[Incoming] = field(default_factory=list)
    updates: list[tuple[Incoming, Mapping[str, Any]]] = field(default_factory=list)
    conflicts: list[tuple[Incoming, Mapping[str, Any]]] = field(default_factory=list)
    unchanged: int = 0


@dataclass
class ImportPlan:
    """What importing the file would do, record by record (nothing written yet)."""

    path: Path
    records: dict[str, list[Incoming]]
    sections: dict[str, _Section]

    @property
    def conflicts(self) -> list[Conflict]:
        return [_conflict(s.table, inc, cur) for s in self.sections.values() for inc, cur in s.conflicts]

    def count(self, what: str) -> int:
        return sum(
            len(getattr(s, what)) if what != "unchanged" else s.unchanged for s in self.sections.values()
        )

    def summary(self) -> str:
        new, upd, same, con = (self.count(w) for w in ("new", "updates", "unchanged", "conflicts"))
        return pick(
            f"추가 {new:,}건, 갱신 {upd:,}건, 변경 없음 {same:,}건, 데이터베이스가 더 새로운 기록 {con:,}건",
            f"{new:,} new, {upd:,} updated, {same:,} unchanged, {con:,} newer in the database",
        )


@dataclass
class ImportResult:
    added: int
    updated: int
    unchanged: int
    kept: list[Conflict]  # newer in the database, left as they were
    overwritten: list[Conflict]  # newer in the database, replaced by the file's at the user's word
    per_section: dict[str, int]  # records of the file per section

    def summary(self) -> str:
        text = pick(
            f"추가 {self.added:,}건, 갱신 {self.updated:,}건, 변경 없음 {self.unchanged:,}건",
            f"{self.added:,} added, {self.updated:,} updated, {self.unchanged:,} unchanged",
        )
        if self.kept:
            text += pick(
                f", 데이터베이스 쪽 유지 {len(self.kept):,}건",
                f", {len(self.kept):,} kept as in the database",
            )
        if self.overwritten:
            text += pick(
                f", 파일 쪽으로 덮어씀 {len(self.overwritten):,}건",
                f", {len(self.overwritten):,} newer ones overwritten",
            )
        return text


def _label(table: sa.Table, values: Mapping[str, Any]) -> str:
    text = next((str(values[f]) for f in _LABEL_FIELDS if f in table.c and values.get(f)), "")
    return f"'{text[:60]}'" if text else ""


def _conflict(table: sa.Table, inc: Incoming, cur: Mapping[str, Any]) -> Conflict:
    key = primary_key(table, inc.values)
    return Conflict(
        table.name,
        key[0] if len(key) == 1 else key,
        inc.where,
        _label(table, cur),
        (cur.get("version"), cur.get("updated_at")),
        (
            inc.values.get("version") if "version" in inc.given else None,
            inc.values.get("updated_at") if "updated_at" in inc.given else None,
        ),
    )


def database_is_newer(inc: Incoming, cur: Mapping[str, Any]) -> bool:
    """A file record without stamps (written by hand) claims no age: it is the file's word."""
    if "version" in cur and "version" in inc.given and inc.values["version"] != cur["version"]:
        return cur["version"] > inc.values["version"]
    if "updated_at" in cur and "updated_at" in inc.given:
        return cur["updated_at"] > inc.values["updated_at"]
    return False
