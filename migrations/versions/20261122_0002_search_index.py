"""search index

SQLite: an FTS5 table `search_index` (tokenizer `trigram`, so that any part of a word of three
characters or more is found, Korean included) with one row per person, organization, meeting,
key point, follow-up action and trip, kept current by triggers. `search_rows` gives each source
record the rowid of its index row, so that a trigger updates or deletes that row directly
instead of scanning the index for it (`ref` is UNINDEXED, a WHERE on it reads every row).
Each kind has its own block of rowids (`ROWID_BLOCK`), so that a query restricted to one kind
(`rowid BETWEEN ...`) only walks that kind's part of the index and never reads `kind`.

An index row's `body` puts the record's title fields on its first line and the other text
fields on the following lines; the search service relies on that to rank title matches first.
Key points have an empty first line, and `ref` holds their meeting's id.

PostgreSQL: the `pg_trgm` extension and one multi-column GIN trigram index per table, which
serve `ILIKE '%...%'` on each column (the database needs a UTF-8 LC_CTYPE for Korean).

The text is copied as stored: the services normalise it to NFC when they write it.

A later migration that rebuilds one of these tables on SQLite (batch mode copies, drops and
renames the table) drops its triggers with it, and must create them again.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table (also the `kind` stored in the index): (title fields, other fields). A frozen copy of
# what the search service expects; change it only with a new migration.
SOURCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "persons": (("name_ko", "name_original", "name_latin"), ("email", "notes")),
    "organizations": (("name_ko", "name_en", "name_original", "acronym"), ("notes",)),
    "meetings": (("title",), ("summary", "agenda", "outcome", "location", "notes")),
    "key_points": ((), ("text", "party")),
    "actions": (("title",), ("description", "completion_note", "notes")),
    "trips": (("title",), ("destination", "purpose", "purpose_notes", "notes")),
}
# The record an index row leads to: key points lead to their meeting.
REF = {"key_points": "meeting_id"}
# Rowids of kind k run from k * 2**40 + 1 to (k + 1) * 2**40 - 1.
ROWID_BLOCK = {"persons": 1, "organizations": 2, "meetings": 3, "key_points": 4, "actions": 5, "trips": 6}
BLOCK_SIZE = 1 << 40


def _body(table: str, alias: str) -> str:
    title, other = SOURCES[table]
    title_sql = " || ' ' || ".join(f"coalesce({alias}.{c}, '')" for c in title) or "''"
    other_sql = " || char(10) || ".join(f"coalesce({alias}.{c}, '')" for c in other)
    return f"{title_sql} || char(10) || {other_sql}"


def _rid(alias: str) -> str:
    return f"(SELECT rid FROM search_rows WHERE id = {alias}.id)"


def _sqlite_upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, ref UNINDEXED, body, tokenize = 'trigram')"
    )
    op.execute("CREATE TABLE search_rows (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE)")
    for table, (title, other) in SOURCES.items():
        ref = REF.get(table, "id")
        watched = ", ".join(dict.fromkeys((*title, *other, ref)))
        first = ROWID_BLOCK[table] * BLOCK_SIZE
        last = first + BLOCK_SIZE - 1
        next_rid = (
            f"coalesce((SELECT max(rid) FROM search_rows WHERE rid BETWEEN {first} AND {last}), {first}) + 1"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT OR IGNORE INTO search_rows (rid, id) VALUES ({next_rid}, new.id); "
            f"INSERT OR REPLACE INTO search_index (rowid, kind, ref, body) "
            f"VALUES ({_rid('new')}, '{table}', new.{ref}, {_body(table, 'new')}); "
            f"END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {watched} ON {table} BEGIN "
            f"UPDATE search_index SET ref = new.{ref}, body = {_body(table, 'new')} "
            f"WHERE rowid = {_rid('new')}; "
            f"END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search_index WHERE rowid = {_rid('old')}; "
            f"DELETE FROM search_rows WHERE id = old.id; "
            f"END"
        )
    # Index what is already there.
    for table in SOURCES:
        ref = REF.get(table, "id")
        first = ROWID_BLOCK[table] * BLOCK_SIZE
        op.execute(
            f"INSERT INTO search_rows (rid, id) "
            f"SELECT {first} + row_number() OVER (ORDER BY rowid), id FROM {table}"
        )
        op.execute(
            f"INSERT INTO search_index (rowid, kind, ref, body) "
            f"SELECT r.rid, '{table}', t.{ref}, {_body(table, 't')} "
            f"FROM {table} AS t JOIN search_rows AS r ON r.id = t.id"
        )


def _sqlite_downgrade() -> None:
    for table in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
    op.execute("DROP TABLE IF EXISTS search_index")
    op.execute("DROP TABLE IF EXISTS search_rows")


def _pg_index(table: str) -> str:
    return f"search_{table}_trgm"


def _postgres_upgrade() -> None:
    # pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. If this
    # account may not, search still works, by sequential scans; the indexes can be added later.
    op.execute(
        "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; "
        "EXCEPTION WHEN OTHERS THEN "
        "RAISE WARNING 'pg_trgm not available (%): search will scan the tables', SQLERRM; "
        "END $$"
    )
    statements = []
    for table, (title, other) in SOURCES.items():
        columns = ", ".join(f"{c} gin_trgm_ops" for c in (*title, *other))
        statements.append(f"CREATE INDEX {_pg_index(table)} ON {table} USING gin ({columns})")
    body = " ".join(f"EXECUTE '{s}';" for s in statements)
    op.execute(
        "DO $$ BEGIN "
        "IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN "
        f"{body} "
        "END IF; END $$"
    )


def _postgres_downgrade() -> None:
    for table in SOURCES:
        op.execute(f"DROP INDEX IF EXISTS {_pg_index(table)}")
    # Leave the extension if something else in the database uses it.
    op.execute(
        "DO $$ BEGIN DROP EXTENSION IF EXISTS pg_trgm; "
        "EXCEPTION WHEN dependent_objects_still_exist THEN NULL; "
        "END $$"
    )


def upgrade() -> None:
    name = op.get_bind().dialect.name
    if name == "sqlite":
        _sqlite_upgrade()
    elif name == "postgresql":
        _postgres_upgrade()


def downgrade() -> None:
    name = op.get_bind().dialect.name
    if name == "sqlite":
        _sqlite_downgrade()
    elif name == "postgresql":
        _postgres_downgrade()
