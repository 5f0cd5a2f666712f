"""team roles

PostgreSQL only; on SQLite this revision changes nothing (a personal file has one user).

Three group roles, made once per server (roles belong to the server, not to one database) and
granted to each person's login role by the administrator (README, "For a team"):

- tracker_officer: reads and changes records; adds to the audit trail but cannot rewrite it.
- tracker_reader: reads and exports (a minister's office); the server refuses its writes.
- tracker_confidential: a label, no privileges of its own: who holds it sees 대외비 records.

Row-level security hides what is classified 대외비 from everyone without the label: restricted
meetings and trips, restricted key points, and what hangs off them (participants, key points,
follow-ups, itinerary lines, attachments, links), and the audit entries that would tell their
content. A child row is visible only while its parent is: the policies ask the parent table,
whose own policy then answers. The owner of the tables (who runs the migrations) and
superusers are not subject to row-level security, so migrations and `tracker copy` by the
administrator see and move everything.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 00:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = ("tracker_officer", "tracker_reader", "tracker_confidential")
POLICY = "tracker_visible"
# A subquery of its own, so that the server asks once per statement, not once per row.
SEES_RESTRICTED = "(SELECT pg_has_role('tracker_confidential', 'MEMBER'))"
NOT_RESTRICTED = f"(classification <> 'restricted' OR {SEES_RESTRICTED})"


def _visible(child: str, table: str, column: str) -> str:
    """The row of `child` has no parent in `table` (by `column`), or one that is visible."""
    own = f"{child}.{column}"
    return f"({own} IS NULL OR EXISTS (SELECT 1 FROM {table} p WHERE p.id = {own}))"


# A frozen copy of which rows each table hides; change it only with a new migration.
VISIBLE: dict[str, str] = {
    "meetings": NOT_RESTRICTED,
    "trips": NOT_RESTRICTED,
    "key_points": f"{NOT_RESTRICTED} AND {_visible('key_points', 'meetings', 'meeting_id')}",
    **{
        child: _visible(child, "meetings", "meeting_id")
        for child in ("meeting_participants", "meeting_organizations", "meeting_topics")
    },
    "actions": " AND ".join(
        _visible("actions", table, column)
        for table, column in (
            ("meetings", "meeting_id"),
            ("key_points", "key_point_id"),
            ("trips", "trip_id"),
        )
    ),
    **{
        child: _visible(child, "trips", "trip_id")
        for child in ("trip_destinations", "trip_members", "trip_events")
    },
    "itinerary_items": " AND ".join(
        _visible("itinerary_items", table, column)
        for table, column in (("trips", "trip_id"), ("meetings", "meeting_id"))
    ),
    "attachments": " AND ".join(
        _visible("attachments", table, column)
        for table, column in (("meetings", "meeting_id"), ("trips", "trip_id"))
    ),
}

# An audit entry is read only by who may see its record: none that mentions a restricted
# classification, and none of a hidden record that still exists (its key is looked up among
# the rows the reader sees, so a hidden one is not found). Anyone may add entries.
_HIDEABLE = ("meetings", "trips", "key_points", "meeting_participants", "actions", "itinerary_items")
AUDIT_VISIBLE = (
    f"{SEES_RESTRICTED} OR (position('\"restricted\"' in coalesce(changes, '')) = 0 AND CASE table_name "
    + " ".join(
        f"WHEN '{t}' THEN (audit_log.action = 'deleted' OR audit_log.record_key IN (SELECT id::text FROM {t}))"
        for t in _HIDEABLE
    )
    + " ELSE true END)"
)

_CREATE_ROLES = """
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY[{names}] LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r);
        IF NOT (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            RAISE EXCEPTION 'role % does not exist, and % may not create roles', r, current_user
                USING HINT = 'A server administrator runs: CREATE ROLE ' || r || ' NOLOGIN;';
        END IF;
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- another database of this server made it a moment ago
        END;
    END LOOP;
END $$
"""

# (statement with {schema}); run for the schema the tables are in.
_GRANTS = (
    "GRANT USAGE ON SCHEMA {schema} TO tracker_officer, tracker_reader",
    "GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO tracker_officer, tracker_reader",
    "GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO tracker_officer",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO tracker_officer",
    "REVOKE INSERT, UPDATE, DELETE ON {schema}.alembic_version FROM tracker_officer",
    "REVOKE UPDATE, DELETE ON {schema}.audit_log FROM tracker_officer",
    # Tables a later migration creates (as this same owner) get the same privileges.
    "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO tracker_officer, tracker_reader",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT INSERT, UPDATE, DELETE ON TABLES TO tracker_officer",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO tracker_officer",
)
_REVOKES = (
    "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON SEQUENCES FROM tracker_officer",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE ALL ON TABLES FROM tracker_officer, tracker_reader",
    "REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM tracker_officer",
    "REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM tracker_officer, tracker_reader",
    "REVOKE USAGE ON SCHEMA {schema} FROM tracker_officer, tracker_reader",
)


def _schema() -> str:
    conn = op.get_bind()
    name = conn.exec_driver_sql("SELECT current_schema()").scalar()
    return conn.dialect.identifier_preparer.quote(str(name))


def _postgres_upgrade() -> None:
    op.execute(_CREATE_ROLES.format(names=", ".join(f"'{r}'" for r in ROLES)))
    schema = _schema()
    for statement in _GRANTS:
        op.execute(statement.format(schema=schema))
    for table, condition in VISIBLE.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {POLICY} ON {table} USING ({condition}) WITH CHECK ({condition})")
    op.execute("ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tracker_audit_read ON audit_log FOR SELECT USING ({AUDIT_VISIBLE})")
    op.execute("CREATE POLICY tracker_audit_add ON audit_log FOR INSERT WITH CHECK (true)")


def _postgres_downgrade() -> None:
    op.execute("DROP POLICY IF EXISTS tracker_audit_add ON audit_log")
    op.execute("DROP POLICY IF EXISTS tracker_audit_read ON audit_log")
    op.execute("ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY")
    for table in reversed(VISIBLE):
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    schema = _schema()
    for statement in _REVOKES:
        op.execute(statement.format(schema=schema))
    # The roles stay: other databases of the server may use them, and people are members.


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres_upgrade()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _postgres_downgrade()
