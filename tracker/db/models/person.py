from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db.base import Base, Record
from tracker.db.models.country import Country
from tracker.db.models.organization import Organization
from tracker.db.types import str_enum
from tracker.domain.enums import Rank
from tracker.domain.i18n import pick


class Person(Record, Base):
    """A counterpart official or one of our own staff.

    `name_ko` is how Korean documents write the name (마이클 크라치오스); `name_original` is the
    name in its own script (Karsten Wildberger, 今川拓郎); `name_latin` a romanisation.
    """

    __tablename__ = "persons"

    name_ko: Mapped[str | None] = mapped_column(sa.String(120), index=True)
    name_original: Mapped[str | None] = mapped_column(sa.String(120), index=True)
    name_latin: Mapped[str | None] = mapped_column(sa.String(120))
    is_staff: Mapped[bool] = mapped_column(sa.Boolean, default=False)  # one of ours
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"), index=True)
    email: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(60))
    mobile: Mapped[str | None] = mapped_column(sa.String(60))
    notes: Mapped[str | None] = mapped_column(sa.Text)

    country: Mapped[Country | None] = relationship()
    positions: Mapped[list[Position]] = relationship(
        back_populates="person",
        cascade="all, delete-orphan",
        order_by="(Position.start_date.desc(), Position.created_at.desc())",
    )

    def display_name(self, lang: str = "ko") -> str:
        """Both scripts where both exist: '카르스텐 빌트베르거 (Karsten Wildberger)'."""
        foreign = self.name_original or self.name_latin
        first, second = pick((self.name_ko, foreign), (foreign, self.name_ko), lang)
        first = first or second or ""
        if second and second != first:
            return f"{first} ({second})"
        return first


class Position(Record, Base):
    """A title a person holds at an organization for a period. Officials rotate: a person has
    many positions, and a meeting keeps the title held on the day."""

    __tablename__ = "positions"
    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="period"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("organizations.id"), index=True)
    title_ko: Mapped[str | None] = mapped_column(sa.String(120))
    title_en: Mapped[str | None] = mapped_column(sa.String(120))
    department: Mapped[str | None] = mapped_column(sa.String(200))
    rank: Mapped[Rank] = mapped_column(str_enum(Rank), default=Rank.OTHER)
    start_date: Mapped[date | None] = mapped_column(sa.Date)
    end_date: Mapped[date | None] = mapped_column(sa.Date)
    notes: Mapped[str | None] = mapped_column(sa.Text)

    person: Mapped[Person] = relationship(back_populates="positions")
    organization: Mapped[Organization | None] = relationship()

    def is_current(self, on: date | None = None) -> bool:
        on = on or date.today()
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )
