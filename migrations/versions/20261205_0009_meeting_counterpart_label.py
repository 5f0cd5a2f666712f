"""meeting counterpart label

How the report names a meeting's counterpart (면담대상) when the officer says so, for a
counterpart the country and organization do not name rightly (a delegation of Korean
companies, a forum); NULL: the report builds it from the country and organization.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("counterpart_label", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("counterpart_label")
