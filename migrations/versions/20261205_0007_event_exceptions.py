"""events: a series' exceptions (cancelled, extra and changed occurrences)

Calendars from elsewhere (Outlook, Google) say three things about a series besides its rule:
an occurrence is cancelled (EXDATE), there is one more occurrence the rule does not give
(RDATE), or one occurrence is moved or changed (a VEVENT with the series' UID and a
RECURRENCE-ID). The simplest model that keeps all three faithfully:

* `excluded_dates` and `extra_dates` on the series: ISO dates separated by commas. A series is
  a rule over dates at the venue (its hours are its sessions'), so a cancelled or extra
  occurrence is a date, and the list of them is short and read only with its series: a column
  needs no join in the calendar's expansion and copies with the row.
* a changed occurrence is an event row of its own (its own name, place, days and sessions, i.e.
  its own hours; meetings and trips can point at it like at any event) with `series_id`, the
  series it belongs to (deleted with it), and `recurrence_date`, the occurrence it replaces.
  That is how RFC 5545 itself models it (a whole VEVENT with RECURRENCE-ID), so an import and
  an export map one to one; one per occurrence (a unique index on the pair).

SQLite: the columns are added with ALTER TABLE, never by copying the table (with foreign keys
on, dropping the old `events` table would delete every session, meeting link and trip link
through their ON DELETE rules). ALTER TABLE cannot add a named table constraint, so the foreign
key is written into the table's definition the way SQLite documents for a change that leaves
the stored rows as they are (writable_schema, schema_version + 1; "Making Other Kinds Of Table
Schema Changes" in its ALTER TABLE page), then checked with PRAGMA integrity_check.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 13:30:00
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK = "fk_events_series_id_events"
INDEX = "ix_events_series_occurrence"


FK_SQL = f"CONSTRAINT {FK} FOREIGN KEY(series_id) REFERENCES events (id) ON DELETE CASCADE"


def _rewrite_sqlite_definition(bind: sa.Connection, change: Callable[[str], str]) -> None:
    definition = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'"
    ).scalar_one()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'events'", (change(definition),)
    )
    bind.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")
    problems = [r[0] for r in bind.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
    if problems:
        raise RuntimeError("events: " + "; ".join(problems))


def _add_fk(definition: str) -> str:
    body = definition.rstrip()
    assert body.endswith(")") and FK not in body
    return body[:-1].rstrip() + f", \n\t{FK_SQL}\n)"


def _drop_fk(definition: str) -> str:
    return re.sub(r",\s*" + re.escape(FK_SQL), "", definition)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for column in (
            "excluded_dates TEXT",
            "extra_dates TEXT",
            "series_id CHAR(32)",
            "recurrence_date DATE",
        ):
            bind.exec_driver_sql(f"ALTER TABLE events ADD COLUMN {column}")
        _rewrite_sqlite_definition(bind, _add_fk)
    else:
        op.add_column("events", sa.Column("excluded_dates", sa.Text(), nullable=True))
        op.add_column("events", sa.Column("extra_dates", sa.Text(), nullable=True))
        op.add_column("events", sa.Column("series_id", sa.Uuid(), nullable=True))
        op.add_column("events", sa.Column("recurrence_date", sa.Date(), nullable=True))
        op.create_foreign_key(FK, "events", "events", ["series_id"], ["id"], ondelete="CASCADE")
    op.create_index(INDEX, "events", ["series_id", "recurrence_date"], unique=True)


def downgrade() -> None:
    # A changed occurrence stays an event of its own, as it would have been before.
    bind = op.get_bind()
    op.drop_index(INDEX, table_name="events")
    if bind.dialect.name == "sqlite":
        _rewrite_sqlite_definition(bind, _drop_fk)
        for column in ("recurrence_date", "series_id", "extra_dates", "excluded_dates"):
            bind.exec_driver_sql(f"ALTER TABLE events DROP COLUMN {column}")
    else:
        op.drop_constraint(FK, "events", type_="foreignkey")
        for column in ("recurrence_date", "series_id", "extra_dates", "excluded_dates"):
            op.drop_column("events", column)
