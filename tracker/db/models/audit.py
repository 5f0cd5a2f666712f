"""Who changed what: one row per record created, changed, deleted or restored, written in the
same transaction as the change itself (tracker.db.audit)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db.base import Base
from tracker.db.types import UTCDateTime, utcnow


class AuditEntry(Base):
    """`changes` is JSON: for an update {field: [before, after]}; for a creation the new
    values; for a deletion the rows that went with it ({"rows": [[table, {column: value}]],
    "unlinked": [[table, key, column]]}), enough to put them back."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(16))  # created, updated, deleted, restored
    table_name: Mapped[str] = mapped_column(sa.String(64))
    record_key: Mapped[str] = mapped_column(sa.String(200))
    changes: Mapped[str | None] = mapped_column(sa.Text)
    txn: Mapped[str] = mapped_column(sa.String(36))  # the transaction: one save, one delete

    __table_args__ = (
        sa.Index("ix_audit_log_record", "table_name", "record_key", "id"),
        sa.Index("ix_audit_log_action_at", "action", "at"),
    )
