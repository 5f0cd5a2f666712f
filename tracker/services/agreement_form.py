"""What the agreement editor shows and saves, as plain data: the agreement's fields, its
parties and topics as choices with their names (the editor never holds a database row)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.db.engine import Database
from tracker.db.models import Agreement, Organization
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import DomainError
from tracker.services import event_save, records
from tracker.services.row_keys import row_key


@dataclass(frozen=True)
class Choice:
    """A record picked into a list: its id and the names a label is made of."""

    id: uuid.UUID
    name_ko: str
    name_en: str | None = None
    acronym: str | None = None


@dataclass(frozen=True)
class AgreementDraft:
    id: uuid.UUID
    version: int
    values: dict[str, Any]  # the form's fields, column by column
    signed_date: date | None
    signed_precision: DatePrecision
    parties: list[Choice]
    topics: list[Choice]


def _draft(a: Agreement) -> AgreementDraft:
    return AgreementDraft(
        id=a.id,
        version=a.version,
        values=records.row_of(a),
        signed_date=a.signed_date,
        signed_precision=a.signed_precision,
        parties=[Choice(o.id, o.name_ko, o.name_en, o.acronym) for o in a.parties],
        topics=[Choice(t.id, t.name_ko, t.name_en) for t in a.topics],
    )


def agreement_draft(db: Database, agreement_id: Any) -> AgreementDraft:
    return _draft(event_save.get_agreement(db, agreement_id))


def save_agreement(
    db: Database,
    agreement_id: uuid.UUID | None,
    fields: dict[str, Any],
    *,
    party_ids: list[Any],
    topic_ids: list[Any],
    expected_version: int | None,
) -> AgreementDraft:
    """`event_save.save_agreement`, handing back what the editor shows next."""
    return _draft(
        event_save.save_agreement(
            db,
            agreement_id,
            fields,
            party_ids=party_ids,
            topic_ids=topic_ids,
            expected_version=expected_version,
        )
    )


def organization_choice(db: Database, key: Any) -> Choice | None:
    """The organization picked as a party, or None for a key that names none."""
    key = row_key(key)
    if not isinstance(key, uuid.UUID):
        return None
    try:
        o = records.get(db, Organization, key)
    except DomainError:
        return None
    return Choice(o.id, o.name_ko, o.name_en, o.acronym)
