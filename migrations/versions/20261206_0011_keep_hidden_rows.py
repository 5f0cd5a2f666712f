"""keep hidden rows

PostgreSQL only; on SQLite this revision changes nothing (a personal file has one user, who
sees everything).

Row-level security (0010) hides 대외비 rows from whoever lacks the tracker_confidential label,
but the server's own ON DELETE CASCADE does not ask the policies: an officer without the label
who deleted a public meeting also deleted its hidden 대외비 key points, and one who deleted an
organization or a topic also deleted the links of hidden meetings to it. Nobody saw what went,
the audit trail (written by the app, from what it sees) did not keep it, and a restore could
not bring it back.

Here every table whose rows can be hidden gets a trigger that refuses to delete, or change, a
row its deleter could not see: the whole deletion fails and nothing is lost. (A change of a
hidden row can only be the server's ON DELETE SET NULL, e.g. a hidden meeting losing its
trip when the trip is deleted: the policies keep every other change away from hidden rows.) The refusal carries
SQLSTATE 42501 and the words `tracker_hidden_rows`, which tracker/db/roles.py turns into a
message (ask someone with the label). A row is "one they could not see" when it is 대외비
itself or hangs off a 대외비 meeting, key point or trip that still exists; whoever holds the
label, owns the tables (the administrator, who runs migrations and `tracker copy`) or is a
superuser deletes as before.

The functions run as the tables' owner (SECURITY DEFINER) so that they see the rows the
deleter cannot, and ask about the person logged in (`session_user`): a cascade runs as the
table owner, and `current_user` would then be the owner, not the deleter.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 03:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGER = "tracker_keep_hidden"


def _restricted(table: str, key: str) -> str:
    """The row of `table` with id `key` exists and is 대외비."""
    return f"EXISTS (SELECT 1 FROM {table} p WHERE p.id = {key} AND p.classification = 'restricted')"


_POINT_HIDDEN = (
    "EXISTS (SELECT 1 FROM key_points k LEFT JOIN meetings m ON m.id = k.meeting_id "
    "WHERE k.id = OLD.key_point_id AND (k.classification = 'restricted' OR m.classification = 'restricted'))"
)

# A frozen copy of when a row is hidden from someone without the label (as 0010's policies
# decide it); change it only with a new migration.
HIDDEN: dict[str, str] = {
    "meetings": "OLD.classification = 'restricted'",
    "trips": "OLD.classification = 'restricted'",
    "key_points": f"OLD.classification = 'restricted' OR {_restricted('meetings', 'OLD.meeting_id')}",
    **{
        child: _restricted("meetings", "OLD.meeting_id")
        for child in ("meeting_participants", "meeting_organizations", "meeting_topics")
    },
    "actions": " OR ".join(
        (_restricted("meetings", "OLD.meeting_id"), _POINT_HIDDEN, _restricted("trips", "OLD.trip_id"))
    ),
    **{
        child: _restricted("trips", "OLD.trip_id")
        for child in ("trip_destinations", "trip_members", "trip_events")
    },
    "itinerary_items": f"{_restricted('trips', 'OLD.trip_id')} OR {_restricted('meetings', 'OLD.meeting_id')}",
    "attachments": f"{_restricted('meetings', 'OLD.meeting_id')} OR {_restricted('trips', 'OLD.trip_id')}",
}

_FUNCTION = """
CREATE FUNCTION {name}() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
    IF NOT (pg_has_role(session_user, 'tracker_confidential', 'MEMBER')
            OR pg_has_role(session_user, current_user, 'MEMBER'))  -- the owner (current_user here)
       AND ({hidden}) THEN
        RAISE EXCEPTION 'tracker_hidden_rows: this would % a row of {table} that is hidden from %',
            lower(TG_OP), session_user USING ERRCODE = '42501';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$
"""


def _schema() -> str:
    conn = op.get_bind()
    name = conn.exec_driver_sql("SELECT current_schema()").scalar()
    return conn.dialect.identifier_preparer.quote(str(name))


def _function(table: str) -> str:
    return f"{TRIGGER}_{table}"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _schema()
    for table, hidden in HIDDEN.items():
        op.execute(_FUNCTION.format(name=_function(table), schema=schema, hidden=hidden, table=table))
        op.execute(
            f"CREATE TRIGGER {TRIGGER} BEFORE DELETE OR UPDATE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {_function(table)}()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in reversed(HIDDEN):
        op.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {_function(table)}()")
