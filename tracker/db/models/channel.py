from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db.base import Base, Record
from tracker.db.models.country import Country
from tracker.db.models.organization import Organization
from tracker.db.types import str_enum
from tracker.domain.enums import ChannelKind


class Channel(Record, Base):
    """A standing cooperation channel: 공동위원회, 정책포럼, 디지털대화 ... whose sessions are events."""

    __tablename__ = "channels"

    name_ko: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str | None] = mapped_column(sa.String(200))
    kind: Mapped[ChannelKind] = mapped_column(str_enum(ChannelKind), default=ChannelKind.OTHER)
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"), index=True)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL")
    )  # the counterpart's lead organization
    our_organization_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL")
    )
    recurrence: Mapped[str | None] = mapped_column(sa.String(300))  # RRULE, e.g. FREQ=YEARLY
    established_year: Mapped[int | None] = mapped_column(sa.Integer)
    notes: Mapped[str | None] = mapped_column(sa.Text)

    country: Mapped[Country | None] = relationship()
    organization: Mapped[Organization | None] = relationship(foreign_keys=[organization_id])
    our_organization: Mapped[Organization | None] = relationship(foreign_keys=[our_organization_id])
