"""search: two-character words through the index

SQLite: the trigram index cannot look up a two-character word ('회의', '독일', 'AI') by
itself, so such words were found by scanning every table. The search now looks them up as the
trigrams that begin with them, read from the index's vocabulary: `search_vocab`, an fts5vocab
table over `search_index` (no data of its own). An occurrence at the very end of an index row
has no following character, hence no such trigram: every row now ends with a line break, and
the triggers write it so. The index is rebuilt once for that (a bulk copy: about 20 s for ten
years of records, well under a second for a year's).

PostgreSQL: nothing changes (its trigram indexes read the tables).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 10:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of 0002's layout of the index (change it only with a new migration).
SOURCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "persons": (("name_ko", "name_original", "name_latin"), ("email", "notes")),
    "organizations": (("name_ko", "name_en", "name_original", "acronym"), ("notes",)),
    "meetings": (("title",), ("summary", "agenda", "outcome", "location", "notes")),
    "key_points": ((), ("text", "party")),
    "actions": (("title",), ("description", "completion_note", "notes")),
    "trips": (("title",), ("destination", "purpose", "purpose_notes", "notes")),
}
REF = {"key_points": "meeting_id"}
ROWID_BLOCK = {"persons": 1, "organizations": 2, "meetings": 3, "key_points": 4, "actions": 5, "trips": 6}
BLOCK_SIZE = 1 << 40


def _body(table: str, alias: str, end: str) -> str:
    title, other = SOURCES[table]
    title_sql = " || ' ' || ".join(f"coalesce({alias}.{c}, '')" for c in title) or "''"
    other_sql = " || char(10) || ".join(f"coalesce({alias}.{c}, '')" for c in other)
    return f"{title_sql} || char(10) || {other_sql}{end}"


def _rid(alias: str) -> str:
    return f"(SELECT rid FROM search_rows WHERE id = {alias}.id)"


def _drop_triggers() -> None:
    # Before the index is replaced: renaming a table checks every trigger that names it.
    for table in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS search_{table}_{event}")


def _triggers(end: str) -> None:
    """The triggers of 0002 again, each index row ending with `end`."""
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
            f"VALUES ({_rid('new')}, '{table}', new.{ref}, {_body(table, 'new', end)}); "
            f"END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {watched} ON {table} BEGIN "
            f"UPDATE search_index SET ref = new.{ref}, body = {_body(table, 'new', end)} "
            f"WHERE rowid = {_rid('new')}; "
            f"END"
        )
        op.execute(
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search_index WHERE rowid = {_rid('old')}; "
            f"DELETE FROM search_rows WHERE id = old.id; "
            f"END"
        )


def _rebuild(body: str) -> None:
    """Copy the index into a new one with each row's body given by `body` (an FTS5 table is
    filled far faster by one bulk insert than by updating its rows)."""
    op.execute(
        "CREATE VIRTUAL TABLE search_index_new USING fts5("
        "kind UNINDEXED, ref UNINDEXED, body, tokenize = 'trigram')"
    )
    op.execute(
        f"INSERT INTO search_index_new (rowid, kind, ref, body) SELECT rowid, kind, ref, {body} FROM search_index"
    )
    op.execute("DROP TABLE search_index")
    op.execute("ALTER TABLE search_index_new RENAME TO search_index")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _drop_triggers()
    _rebuild("body || char(10)")
    _triggers(" || char(10)")
    op.execute("CREATE VIRTUAL TABLE search_vocab USING fts5vocab('search_index', 'row')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS search_vocab")
    _drop_triggers()
    _rebuild("rtrim(body, char(10))")
    _triggers("")
