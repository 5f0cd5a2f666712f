from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db.base import Base, Record
from tracker.db.models.country import Country
from tracker.db.types import str_enum
from tracker.domain.enums import OrgKind
from tracker.domain.i18n import pick


class Organization(Record, Base):
    """A ministry, agency, international organization, institute, company or embassy."""

    __tablename__ = "organizations"

    name_ko: Mapped[str] = mapped_column(sa.String(200), index=True)
    name_en: Mapped[str | None] = mapped_column(sa.String(200))
    name_original: Mapped[str | None] = mapped_column(sa.String(200))  # in its own script
    acronym: Mapped[str | None] = mapped_column(sa.String(40))
    kind: Mapped[OrgKind] = mapped_column(str_enum(OrgKind), default=OrgKind.MINISTRY)
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"), index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    website: Mapped[str | None] = mapped_column(sa.String(300))
    notes: Mapped[str | None] = mapped_column(sa.Text)

    country: Mapped[Country | None] = relationship()
    parent: Mapped[Organization | None] = relationship(remote_side="Organization.id")

    def label(self, lang: str = "ko") -> str:
        name = pick(self.name_ko, self.name_en or self.name_ko, lang)
        return f"{name} ({self.acronym})" if self.acronym and self.acronym not in name else name
