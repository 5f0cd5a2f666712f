from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db.base import Base, Record
from tracker.db.models.country import Country
from tracker.db.models.organization import Organization
from tracker.db.models.topic import Topic, agreement_topics
from tracker.db.types import str_enum
from tracker.domain.enums import AgreementKind, AgreementStatus, DatePrecision

agreement_parties = sa.Table(
    "agreement_parties",
    Base.metadata,
    sa.Column("agreement_id", sa.ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "organization_id", sa.ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Agreement(Record, Base):
    """An MOU, joint statement or agreement; `parties` are the signing organizations."""

    __tablename__ = "agreements"

    kind: Mapped[AgreementKind] = mapped_column(str_enum(AgreementKind), default=AgreementKind.MOU)
    title_ko: Mapped[str] = mapped_column(sa.String(300), index=True)
    title_en: Mapped[str | None] = mapped_column(sa.String(300))
    country_code: Mapped[str | None] = mapped_column(sa.ForeignKey("countries.code"), index=True)
    signed_date: Mapped[dt.date | None] = mapped_column(sa.Date)
    signed_precision: Mapped[DatePrecision] = mapped_column(
        str_enum(DatePrecision, 8), default=DatePrecision.DAY
    )
    signed_place: Mapped[str | None] = mapped_column(sa.String(200))
    expires_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    status: Mapped[AgreementStatus] = mapped_column(
        str_enum(AgreementStatus, 16), default=AgreementStatus.SIGNED
    )
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("meetings.id", ondelete="SET NULL"))
    event_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("events.id", ondelete="SET NULL"))
    summary: Mapped[str | None] = mapped_column(sa.Text)
    notes: Mapped[str | None] = mapped_column(sa.Text)

    country: Mapped[Country | None] = relationship()
    parties: Mapped[list[Organization]] = relationship(secondary=agreement_parties)
    topics: Mapped[list[Topic]] = relationship(secondary=agreement_topics)
