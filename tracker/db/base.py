"""Declarative base with a naming convention (Alembic batch mode on SQLite needs names)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from tracker.db.types import UTCDateTime, apply_text_policy, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if "__table__" in cls.__dict__:  # every model's text keeps the one character policy
            apply_text_policy(cls.__table__)  # type: ignore[arg-type]  # a Table: declared, not reflected


class Stamped:
    """created/updated timestamps and a version counter (optimistic concurrency)."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, sort_order=100)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, sort_order=101
    )
    version: Mapped[int] = mapped_column(sa.Integer, default=1, sort_order=102)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # SQLAlchemy bumps `version` on every UPDATE and refuses one made from a stale copy.
        return {"version_id_col": cls.version}


class Record(Stamped):
    """A row with a UUID primary key: stable across databases, exports and imports."""

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=uuid.uuid4, sort_order=-100)


def fk(target: str, ondelete: str | None = None, **kw: object) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete=ondelete, **kw)  # type: ignore[arg-type]
