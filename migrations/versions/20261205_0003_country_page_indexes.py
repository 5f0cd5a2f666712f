"""country page indexes

A country's page lists its latest meetings and its open follow-ups by due date. With only
single-column indexes the database read every meeting (4,800 for the US on ten years of
records) or every follow-up of the country to sort them; these indexes hand over the first
rows in order and count without visiting the table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_meetings_country_date", "meetings", ["country_code", "date"])
    op.create_index("ix_actions_country_status_due", "actions", ["country_code", "status", "due_date"])


def downgrade() -> None:
    op.drop_index("ix_actions_country_status_due", table_name="actions")
    op.drop_index("ix_meetings_country_date", table_name="meetings")
