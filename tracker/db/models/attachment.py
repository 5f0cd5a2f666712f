from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db.base import Base, Record


class Attachment(Record, Base):
    """A photo or file of a meeting or a trip. The bytes live beside the database in a
    content-addressed folder (`stored_name` is relative to it); `sha256` detects damage."""

    __tablename__ = "attachments"
    __table_args__ = (sa.CheckConstraint("(meeting_id IS NULL) <> (trip_id IS NULL)", name="one_owner"),)

    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    trip_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("trips.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int] = mapped_column(sa.Integer, default=0)
    filename: Mapped[str] = mapped_column(sa.String(300))  # the name the user gave it
    stored_name: Mapped[str] = mapped_column(sa.String(300))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    media_type: Mapped[str | None] = mapped_column(sa.String(100))
    caption: Mapped[str | None] = mapped_column(sa.Text)
