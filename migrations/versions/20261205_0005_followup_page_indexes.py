"""follow-up page indexes

The follow-up list reads each group a page at a time after the last row shown (keyset
pages). Two partial indexes give those pages their order without a sort of the whole group:
open follow-ups by deadline (with the precision and end, so that the open groups are counted
from the index alone), closed ones by completion date. They replace ix_actions_status_due:
SQLite preferred it for `status IN (...)` and then sorted the whole group for every page.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of the model's conditions (tracker/db/models/action.py).
OPEN_WHERE = "status IN ('open', 'in_progress')"
CLOSED_WHERE = "status IN ('done', 'dropped')"


def upgrade() -> None:
    op.drop_index("ix_actions_status_due", table_name="actions")
    for name, columns, where in (
        ("ix_actions_open_due", ["due_date", "due_precision", "due_end"], OPEN_WHERE),
        ("ix_actions_closed_completed", ["completed_on"], CLOSED_WHERE),
    ):
        op.create_index(
            name, "actions", columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where)
        )


def downgrade() -> None:
    op.drop_index("ix_actions_closed_completed", table_name="actions")
    op.drop_index("ix_actions_open_due", table_name="actions")
    op.create_index("ix_actions_status_due", "actions", ["status", "due_date"])
