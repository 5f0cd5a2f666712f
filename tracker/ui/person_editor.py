"""The person editor: a counterpart official or one of our staff, with their positions over time.

Officials rotate. The positions table lists every title a person has held (newest first):
organization, title in Korean and English, department, rank, the period and notes. "Rotate…"
gives the person a new position from a date and ends the positions still open the day before,
as `directory.rotate` does, but in the table: nothing is stored until Save, and Save stores the
person and all their positions in one transaction (`services.person_save.save_person`).

Meetings keep the title held on the day, so ending a position never changes the record of a
meeting already held; meetings from the new date on take the new title.

Every edit, of a field or of the table, goes onto the form's undo stack (Ctrl+Z works across the
dialog), so "unsaved changes" covers the table too and the dialog asks before throwing them away.
A row whose end is before its start is shown in red, with the reason as its tooltip, and stops
the person from being saved. Tests drive the dialog through the methods the buttons call:
`add_position`, `edit_position`, `remove_position`, `rotate`, `save`.
"""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QSplitter, QWidget

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.enums import Rank
from tracker.domain.errors import DomainError, ValidationError
from tracker.domain.i18n import pick
from tracker.services import form_merge, person_form, person_save
from tracker.services.person_form import PersonDraft, date_text, day_or_text, parse_day
from tracker.services.validation import readable
from tracker.ui import record_conflicts
from tracker.ui.editors import build_form
from tracker.ui.forms import Problem, RecordDialog, SnapshotEdit
from tracker.ui.person_positions import (
    ERROR_BACKGROUND,
    HEADERS,
    O_DEPARTMENT,
    O_END,
    O_NOTES,
    O_ORG,
    O_RANK,
    O_START,
    O_TITLE_EN,
    O_TITLE_KO,
    PositionsTable,
)
from tracker.ui.person_rotate import RotateDialog

_day_or_text = day_or_text  # the name this module used before the table's rules moved to a service


# ------------------------------------------------------------------ the editor


class PersonEditor(PositionsTable, RecordDialog):
    """Create (person_id None) or edit a person with their positions."""

    def __init__(
        self,
        db: Database,
        person_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        initial: dict[str, Any] | None = None,
    ) -> None:
        form = build_form(db, "persons")
        title = (
            pick("인사 수정", "Edit person")
            if person_id is not None
            else pick("인사 — 새로 만들기", "New person")
        )
        super().__init__(title, form, PersonEditor._not_used, parent=parent)
        self.db = db
        self.person_id = person_id
        self.version: int | None = None
        self._keys = itertools.count(1)
        self._rendering = 0
        self._strict = False  # after a save stopped by the table, the message follows the table
        self._rows: list[dict[str, Any]] = []
        self._sent: list[int] = []
        self._extra_fields: dict[str, Any] = {}
        self.rotate_dialog: RotateDialog | None = None
        self._build()
        if person_id is not None:
            self._load(person_form.person_draft(db, person_id))
        else:
            self._start(initial or {})
        self.watch_record(
            "persons", person_id, lambda: self._load(person_form.person_draft(db, self.person_id))
        )
        self.resize(1280, 820)

    @staticmethod
    def _not_used(_values: dict[str, Any]) -> Any:  # RecordDialog's saver: `save` is overridden
        raise NotImplementedError

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = self.layout()
        layout.removeWidget(self.form)
        box = self._build_positions()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(box)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([330, 470])
        layout.insertWidget(0, self.splitter, 1)
        layout.insertWidget(1, self.message)

    # ------------------------------------------------------------------ loading

    def _row(self, **values: Any) -> dict[str, Any]:
        row = {
            "_key": next(self._keys),
            "id": None,
            "organization_id": None,
            "organization_label": None,
            "title_ko": None,
            "title_en": None,
            "department": None,
            "rank": Rank.OTHER,
            "start_text": "",
            "end_text": "",
            "notes": None,
        }
        row.update(values)
        return row

    def _start(self, initial: dict[str, Any]) -> None:
        columns = person_form.person_columns()
        self._extra_fields = {k: v for k, v in initial.items() if k not in self.form.specs and k in columns}
        self.form.load(initial)
        self._rows = []
        self._render()

    def _load(self, person: PersonDraft) -> None:
        self.person_id, self.version = person.id, person.version
        self._extra_fields = {}
        self.form.load(person.values)
        self._rows = [
            self._row(
                id=p.id,
                organization_id=p.organization_id,
                organization_label=None,
                title_ko=p.title_ko,
                title_en=p.title_en,
                department=p.department,
                rank=p.rank or Rank.OTHER,
                start_text=date_text(p.start_date),
                end_text=date_text(p.end_date),
                notes=p.notes,
            )
            for p in person.positions  # newest first
        ]
        # as loaded, to merge with a colleague's newer version on save
        self._loaded = self._parts(person_form.position_payload(self._rows)[1])
        name = person.name
        self.setWindowTitle(pick(f"인사 수정 — {name}", f"Edit person — {name}"))
        self._render()

    # ------------------------------------------------------------------ state and undo

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Widgets being filled from the rows: their signals are not edits."""
        self._rendering += 1
        try:
            yield
        finally:
            self._rendering -= 1

    def _change(
        self,
        mutate: Callable[[list[dict[str, Any]]], Any],
        text: str,
        *,
        merge: tuple[Any, ...] | None = None,
        applied: bool = False,
    ) -> None:
        before = copy.deepcopy(self._rows)
        after = copy.deepcopy(before)
        mutate(after)
        if after == before:
            return
        if applied:
            self._rows = copy.deepcopy(after)
            self._refresh_flags()
        self.form.undo_stack.push(SnapshotEdit(self._set_rows, before, after, text, merge, applied))

    def _set_rows(self, rows: list[dict[str, Any]]) -> None:
        self._rows = copy.deepcopy(rows)
        self._render()

    def _index(self, key: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r["_key"] == key), -1)

    def _edit(self, key: int, values: dict[str, Any], text: str) -> None:
        """A change the table already shows (typing in a cell, choosing in a cell widget)."""
        i = self._index(key)
        if i < 0 or all(self._rows[i].get(k) == v for k, v in values.items()):
            return

        def mutate(rows: list[dict[str, Any]]) -> None:
            rows[i].update(values)

        self._change(mutate, text, merge=(key, tuple(sorted(values))), applied=True)

    # ------------------------------------------------------------------ what the buttons do

    def _insert_at(self, start: date | None) -> int:
        return person_form.insert_at(self._rows, start)

    def add_position(
        self,
        organization_id: uuid.UUID | None = None,
        title_ko: str | None = None,
        title_en: str | None = None,
        department: str | None = None,
        rank: Rank | str | None = None,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        notes: str | None = None,
    ) -> int:
        """Add a position (dates as `date` or as typed) and return its row."""
        start_text = date_text(start_date) if isinstance(start_date, date) else (start_date or "")
        end_text = date_text(end_date) if isinstance(end_date, date) else (end_date or "")
        row = self._row(
            organization_id=organization_id,
            title_ko=title_ko,
            title_en=title_en,
            department=department,
            rank=Rank(rank) if rank else Rank.OTHER,
            start_text=start_text,
            end_text=end_text,
            notes=notes,
        )
        begin = _day_or_text(start_text)
        index = self._insert_at(begin if isinstance(begin, date) else None)
        self._change(lambda rs: rs.insert(index, row), pick("직위 추가", "Add position"))
        self.positions_table.setCurrentCell(index, O_TITLE_KO)
        return index

    def remove_position(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self._change(lambda rs: rs.pop(row), pick("직위 삭제", "Remove position"))

    def _open_rows(self, start: date) -> list[int]:
        return person_form.open_rows(self._rows, start)

    def current_row(self) -> int | None:
        """The newest position still open (the person's current one), if any."""
        return person_form.current_row(self._rows)

    def rotate(
        self,
        start_date: date | str,
        organization_id: uuid.UUID | None = None,
        title_ko: str | None = None,
        title_en: str | None = None,
        department: str | None = None,
        rank: Rank | str | None = None,
        notes: str | None = None,
    ) -> int:
        """Give the person a new position from `start_date`: the positions still open end the
        day before, as `directory.rotate` does — here in the table, saved with the rest, and
        undone in one step. The organization and rank default to those of the current
        position. Returns the row of the new position."""
        start = start_date if isinstance(start_date, date) else parse_day(start_date)
        if start is None:
            raise ValidationError("required", field="start_date")
        ending = self._open_rows(start)
        current = self.current_row()
        base = self._rows[current] if current is not None else {}
        if organization_id is None:
            organization_id = base.get("organization_id")
            label = base.get("organization_label") if organization_id is not None else None
        else:
            label = None
        row = self._row(
            organization_id=organization_id,
            organization_label=label,
            title_ko=title_ko,
            title_en=title_en,
            department=department,
            rank=Rank(rank) if rank else (base.get("rank") or Rank.OTHER),
            start_text=date_text(start),
            notes=notes,
        )
        index = self._insert_at(start)
        day_before = date_text(start - timedelta(days=1))

        def mutate(rows: list[dict[str, Any]]) -> None:
            for i in ending:
                rows[i]["end_text"] = day_before
            rows.insert(index, row)

        self._change(mutate, pick("인사이동", "Rotate"))
        self.positions_table.setCurrentCell(index, O_TITLE_KO)
        return index

    def _rotate_clicked(self) -> None:
        current = self.current_row()
        base = self._rows[current] if current is not None else {}
        dialog = RotateDialog(
            self.db,
            base.get("organization_id"),
            base.get("organization_label"),
            base.get("rank"),
            parent=self,
        )
        self.rotate_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.rotate(**dialog.values())

    # ------------------------------------------------------------------ saving

    def position_rows(self) -> list[dict[str, Any]]:
        """The positions as `save_person` takes them, in table order. New rows left empty are
        not sent; dates are `date`s (text that is not a date is passed on as typed)."""
        self._sent, out = person_form.position_payload(self._rows)
        return out

    def _named(self) -> bool:
        return person_form.named(self.form.values())

    def save(self) -> bool:
        """Check the fields and the table, then save the person with all their positions;
        True when saved (the dialog closes)."""
        self._commit_open_editors()
        self.message.hide()
        self._strict = False
        if not self.check():  # the fields and every row of the table at once
            self._strict = True
            if not self._named():
                self.form.show_error(person_save.NoNameError())
            return False
        positions = self.position_rows()
        try:
            person = person_form.save_person(
                self.db,
                self.person_id,
                {**self._extra_fields, **self.form.values()},
                positions,
                expected_version=self.version,
            )
        except person_save.PositionError as exc:
            row = self._sent[exc.row] if 0 <= exc.row < len(self._sent) else -1
            self._point_at(row, readable(exc.cause))
            return False
        except DomainError as exc:
            if not record_conflicts.is_stale(exc, self.person_id):
                self._refused(exc)
                return False
            merged = self._save_merged(exc)  # a colleague saved the person first
            if merged is None:
                return False
            person = merged
        self.saved = person
        self._load(person)  # ids, version and order as stored
        self.accept()
        return True

    def _parts(self, positions: list[dict[str, Any]]) -> form_merge.Parts:
        return {**self._extra_fields, **self.form.values()}, {"positions": positions}

    def _save_merged(self, refused: DomainError) -> PersonDraft | None:
        """Merged with the version a colleague saved first (fields, and positions row by row),
        the user asked about what both changed; None, nothing saved and the editor as it was,
        when they go back or the merged person is refused (said)."""
        theirs = person_form.person_draft(self.db, self.person_id)  # type: ignore[arg-type]
        versions = (
            self._loaded,
            self._parts(self.position_rows()),
            (theirs.values, {"positions": person_form.position_rows_of(theirs)}),
        )
        return record_conflicts.save_merged(
            self,
            "persons",
            self.person_id,
            versions,
            person_form.PERSON_LISTS,
            refused,
            lambda fields, lists: person_form.save_person(
                self.db, self.person_id, fields, lists["positions"], theirs.version
            ),
        )

    def _refused(self, exc: DomainError) -> None:
        if isinstance(exc, person_save.PositionError):
            exc = exc.cause
        if self.form._field_for(exc.field) is not None:
            self.form.show_error(exc)
        self._say(readable(exc))

    # ------------------------------------------------------------------ messages

    def _where(self, row: int, text: str) -> str:
        if row < 0:
            return text
        where = f"{vocabulary.POSITION()} {row + 1}"
        return f"{where}: {text}" if text else where

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def extra_problems(self) -> list[Problem]:
        """Each row of the positions table that cannot be saved, going to it on click."""
        return [
            Problem(self._where(row, ""), text.replace("\n", " "), lambda r=row: self._go_to(r))
            for row, text in self.problems()
        ]

    def _point_at(self, row: int, text: str) -> None:
        table = self.positions_table
        if 0 <= row < table.rowCount():
            table.setCurrentCell(row, O_TITLE_KO)
            table.scrollToItem(table.item(row, O_TITLE_KO))
        self._say(self._where(row, text.replace("\n", " ")))


def open_person_editor(
    db: Database,
    person_id: uuid.UUID | None = None,
    parent: QWidget | None = None,
    initial: dict[str, Any] | None = None,
) -> PersonEditor:
    """The editor for a new person (with `initial` field values such as a name) or an existing
    one. The caller shows it (`exec()`, `open()` or `show()`); `saved` holds the person once saved."""
    return PersonEditor(db, person_id, parent, initial)


__all__ = [
    "ERROR_BACKGROUND",
    "HEADERS",
    "O_DEPARTMENT",
    "O_END",
    "O_NOTES",
    "O_ORG",
    "O_RANK",
    "O_START",
    "O_TITLE_EN",
    "O_TITLE_KO",
    "PersonEditor",
    "RotateDialog",
    "date_text",
    "open_person_editor",
    "parse_day",
]
