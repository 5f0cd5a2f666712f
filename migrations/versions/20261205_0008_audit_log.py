"""audit log

Who changed what: one row per record created, changed, deleted or restored, written in the
same transaction as the change (tracker/db/audit.py). A deletion keeps the rows it removed
and the links it cut, so that the record can be restored from its history.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 13:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_key", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.Text(), nullable=True),
        sa.Column("txn", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_record", "audit_log", ["table_name", "record_key", "id"])
    op.create_index("ix_audit_log_action_at", "audit_log", ["action", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_action_at", table_name="audit_log")
    op.drop_index("ix_audit_log_record", table_name="audit_log")
    op.drop_table("audit_log")
