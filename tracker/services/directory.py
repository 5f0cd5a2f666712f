"""Countries, organizations, people and their positions, topics."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from tracker.db.engine import Database
from tracker.db.models import Organization, Person, Position, Topic
from tracker.domain.errors import ValidationError
from tracker.services import records
from tracker.services.reading import strict_read

# ------------------------------------------------------------------ organizations


def _check_parent_chain(session: Session, org_id: uuid.UUID | None, parent_id: uuid.UUID | None) -> None:
    seen = {org_id}
    while parent_id is not None:
        if parent_id in seen:
            raise ValidationError("parent_cycle", field="parent_id")
        seen.add(parent_id)
        parent_id = session.scalar(sa.select(Organization.parent_id).where(Organization.id == parent_id))


def create_organization(db: Database, data: Mapping[str, Any]) -> Organization:
    with db.transaction() as s:
        _check_parent_chain(s, data.get("id"), data.get("parent_id"))
        return records.create_in(s, Organization, data)


def update_organization(
    db: Database, org_id: uuid.UUID, changes: Mapping[str, Any], expected_version: int | None = None
) -> Organization:
    with records.conflicts_reported(), db.transaction() as s:
        if "parent_id" in changes:
            _check_parent_chain(s, org_id, changes["parent_id"])
        return records.update_in(s, Organization, org_id, changes, expected_version)


def organization_path(db: Database, org_id: uuid.UUID) -> list[Organization]:
    """The organization and its parents, outermost first: Government of Canada > ISED."""
    chain: list[Organization] = []
    with strict_read(db) as s:
        current: uuid.UUID | None = org_id
        while current is not None and len(chain) < 20:
            org = records.load(s, Organization, current)
            chain.append(org)
            current = org.parent_id
    return list(reversed(chain))


# ------------------------------------------------------------------ people and positions


def create_person(
    db: Database, data: Mapping[str, Any], positions: Iterable[Mapping[str, Any]] = ()
) -> Person:
    with db.transaction() as s:
        person = records.create_in(s, Person, data)
        for pos in positions:
            records.create_in(s, Position, {**pos, "person_id": person.id})
    return get_person(db, person.id)


def get_person(db: Database, person_id: uuid.UUID) -> Person:
    return records.get(
        db, Person, person_id, [selectinload(Person.positions).selectinload(Position.organization)]
    )


def rotate(db: Database, person_id: uuid.UUID, data: Mapping[str, Any]) -> Position:
    """Give a person a new position from `start_date`; positions still open end the day before.
    Officials rotate; their old titles stay on the meetings they attended."""
    start: date | None = data.get("start_date")
    with db.transaction() as s:
        records.load(s, Person, person_id)
        if start is not None:
            open_positions = s.scalars(
                sa.select(Position).where(
                    Position.person_id == person_id,
                    Position.end_date.is_(None),
                    sa.or_(Position.start_date.is_(None), Position.start_date < start),
                )
            )
            for pos in open_positions:
                pos.end_date = start - timedelta(days=1)
        return records.create_in(s, Position, {**data, "person_id": person_id})


def position_on(session: Session, person_id: uuid.UUID, on: date) -> Position | None:
    """The position a person held on a day (the most senior when they held several)."""
    candidates = session.scalars(
        sa.select(Position)
        .where(
            Position.person_id == person_id,
            sa.or_(Position.start_date.is_(None), Position.start_date <= on),
            sa.or_(Position.end_date.is_(None), Position.end_date >= on),
        )
        .order_by(Position.start_date.desc())
    ).all()
    return min(candidates, key=lambda p: p.rank.precedence) if candidates else None


def current_position(db: Database, person_id: uuid.UUID, on: date | None = None) -> Position | None:
    with strict_read(db) as s:
        return position_on(s, person_id, on or date.today())


def find_people(
    db: Database,
    text: str | None = None,
    *,
    country: str | None = None,
    staff: bool | None = None,
    limit: int = 200,
) -> list[Person]:
    stmt = sa.select(Person).order_by(Person.name_ko, Person.name_original).limit(limit)
    if text:
        like = f"%{unicodedata.normalize('NFC', text.strip())}%"  # stored names are NFC
        stmt = stmt.where(
            sa.or_(
                Person.name_ko.ilike(like),
                Person.name_original.ilike(like),
                Person.name_latin.ilike(like),
                Person.email.ilike(like),
            )
        )
    if country:
        stmt = stmt.where(Person.country_code == country)
    if staff is not None:
        stmt = stmt.where(Person.is_staff.is_(staff))
    with strict_read(db) as s:
        return list(s.scalars(stmt))


# ------------------------------------------------------------------ topics


def topic(db: Database, name_ko: str, name_en: str | None = None) -> Topic:
    """The topic of that name, created when it does not exist yet."""
    with db.transaction() as s:
        found = s.scalar(
            sa.select(Topic).where(Topic.name_ko == unicodedata.normalize("NFC", name_ko.strip()))
        )
        return found or records.create_in(s, Topic, {"name_ko": name_ko, "name_en": name_en})
