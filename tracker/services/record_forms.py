"""The plain record dialog's load and save by kind ("organizations", "trips" ...): the dialog
gets a record's fields as plain data and hands back what was typed; it never holds a
database row. Kinds with an editor of their own (people, events, agreements) have their own
services; these are the records a form of fields says whole."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tracker.db.base import Base
from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Agreement,
    Channel,
    Country,
    Event,
    Meeting,
    Organization,
    Person,
    Topic,
    Trip,
)
from tracker.domain.errors import DomainError
from tracker.services import actions as action_service
from tracker.services import directory, records, validation

# The kinds of record the main window lists, by the table name it calls them.
MODELS: dict[str, Any] = {
    "countries": Country,
    "organizations": Organization,
    "persons": Person,
    "topics": Topic,
    "trips": Trip,
    "meetings": Meeting,
    "actions": Action,
    "events": Event,
    "agreements": Agreement,
    "channels": Channel,
}


@dataclass(frozen=True)
class RecordDraft:
    """One record as a form shows it: its key, its version (None for a table without one)
    and its columns' values."""

    key: Any
    version: int | None
    values: dict[str, Any]

    @property
    def id(self) -> Any:
        return self.key


def table(kind: str) -> sa.Table:
    """The table whose columns a form of this kind checks its values against."""
    return MODELS[kind].__table__  # type: ignore[no-any-return]


@dataclass(frozen=True)
class FormRules:
    """What a form of one kind checks as the user types, as the services check it on save: the
    text policy and every rule of the record (required columns, values, an end before its
    start). Handed to the screen so that it never holds the table itself."""

    _table: sa.Table

    def normalise(self, row: dict[str, Any]) -> dict[str, Any]:
        return validation.normalise(self._table, row)

    def problems(self, row: Mapping[str, Any]) -> list[DomainError]:
        return validation.row_problems(self._table, row)


def rules(kind: str) -> FormRules:
    return FormRules(table(kind))


def columns(kind: str) -> set[str]:
    """The columns a caller may set (not the id, timestamps or version)."""
    return set(table(kind).c.keys()) - {"id", "created_at", "updated_at", "version"}


def _draft(obj: Base) -> RecordDraft:
    key = sa.inspect(obj).identity
    return RecordDraft(
        key=key[0] if key and len(key) == 1 else key,
        version=getattr(obj, "version", None),
        values=records.row_of(obj),
    )


def record_draft(db: Database, kind: str, key: Any) -> RecordDraft:
    return _draft(records.get(db, MODELS[kind], key))


def _form_values(kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Map form values to columns (the agreement's signing date is `signed_date` + precision)."""
    values = dict(values)
    if kind == "agreements":
        values.pop("signed_end", None)
    return values


def save_record(
    db: Database, kind: str, key: Any, values: Mapping[str, Any], version: int | None = None
) -> RecordDraft:
    """Create (`key` None) or update one record from a form's values, in one transaction;
    a stale `version` is a ConflictError. Returns the record as stored."""
    model = MODELS[kind]
    data = _form_values(kind, values)
    if key is None:
        if kind == "organizations":
            return _draft(directory.create_organization(db, data))
        if kind == "actions":
            return _draft(action_service.create_action(db, data))
        return _draft(records.create(db, model, data))
    if kind == "organizations":
        return _draft(directory.update_organization(db, key, data, version))
    return _draft(records.update(db, model, key, data, version))


__all__ = ["MODELS", "FormRules", "RecordDraft", "columns", "record_draft", "rules", "save_record", "table"]
