"""Lists and follow-up groups are read a page at a time by key, never by OFFSET: the pages,
put together, are exactly the whole ordered list (nulls last, either direction, ties on the
sort column), and no statement skips rows."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from tracker.devtools import large_demo
from tracker.services import listing
from tracker.services import reminders as rem
from tracker.services.actions import Bucket

TODAY = date(2026, 3, 11)


@pytest.fixture(scope="module")
def small(tmp_path_factory, _migrated_template):  # noqa: ANN001
    """A small generated database (about 1,500 follow-ups), shared by the module: read only."""
    import shutil

    from tracker.db.store import open_database

    target = tmp_path_factory.mktemp("keyset") / "small.sqlite3"
    shutil.copyfile(_migrated_template, target)
    db, _ = open_database(f"sqlite:///{target}")
    large_demo.generate(db, scale=0.01)
    yield db
    db.dispose()


class Statements:
    """Every SQL statement run, with its parameters."""

    def __init__(self, engine: sa.Engine) -> None:
        self.seen: list[tuple[str, object]] = []
        self.engine = engine
        sa.event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        self.seen.append((statement, parameters))

    def close(self) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._record)

    def skipped_rows(self) -> list[str]:
        """Statements that skip rows with OFFSET (SQLite's dialect always writes `OFFSET ?`,
        which is harmless with 0, the last parameter)."""
        bad = []
        for sql, params in self.seen:
            if re.search(r"\bOFFSET\b", sql, re.IGNORECASE):
                literal = re.search(r"OFFSET\s+(\d+)", sql)
                value = int(literal.group(1)) if literal else list(params)[-1]
                if value:
                    bad.append(sql)
        return bad


@pytest.fixture
def statements(small):
    watch = Statements(small.engine)
    yield watch
    watch.close()


def paged_list(db, lst, sort, descending, size):  # noqa: ANN001
    rows, cursor = [], None
    while True:
        page = listing.fetch_page(db, lst, sort=sort, descending=descending, after=cursor, limit=size)
        rows.extend(page.rows)
        cursor = page.cursor
        if page.complete:
            return rows


CASES = [
    (listing.PEOPLE, 0),  # name_ko: nullable, many ties
    (listing.PEOPLE, 5),  # a boolean with two values: all ties
    (listing.MEETINGS, 0),  # date with the time as tie-break (times may be empty)
    (listing.MEETINGS, 1),  # start_time: nullable
    (listing.ACTIONS, 0),  # due_date: nullable
    (listing.ACTIONS, 4),  # owner's name through a join
    (listing.ORGANIZATIONS, 5),  # the parent's name: mostly empty
]


@pytest.mark.parametrize(("lst", "sort"), CASES, ids=[f"{c[0].name}-{c[1]}" for c in CASES])
@pytest.mark.parametrize("descending", [False, True])
def test_pages_by_key_make_the_whole_list_in_order(small, statements, lst, sort, descending):
    with small.engine.connect() as conn:
        whole = [tuple(r) for r in conn.execute(listing.statement(lst, sort=sort, descending=descending))]
    statements.seen.clear()
    size = max(len(whole) // 6, 3)  # several pages
    assert paged_list(small, lst, sort, descending, size) == whole
    assert statements.seen and statements.skipped_rows() == []


@pytest.mark.parametrize("bucket", list(Bucket))
def test_follow_up_groups_page_by_key(small, statements, bucket):
    whole = rem.bucket_rows(small, bucket, TODAY, limit=100_000)
    statements.seen.clear()
    rows, cursor = [], None
    while True:
        page = rem.bucket_page(small, bucket, TODAY, after=cursor, limit=25)
        rows.extend(page.rows)
        cursor = page.cursor
        if page.complete:
            break
    assert [r.id for r in rows] == [r.id for r in whole]
    assert statements.skipped_rows() == []
    assert len(whole) == rem.count_by_bucket(small, TODAY)[bucket]


def _plans(db, read) -> list[str]:  # noqa: ANN001
    """SQLite's query plan of each statement that `read()` runs."""
    plans: list[str] = []

    def explain(conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            cur = conn.connection.dbapi_connection.cursor()
            plans.append(" / ".join(r[3] for r in cur.execute("EXPLAIN QUERY PLAN " + statement, parameters)))

    sa.event.listen(db.engine, "before_cursor_execute", explain)
    try:
        read()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", explain)
    return plans


@pytest.mark.parametrize("bucket", [Bucket.OVERDUE, Bucket.CLOSED])
def test_a_deep_page_is_an_index_range_not_a_sort_of_the_group(small, bucket):
    """The page after the last but one starts in the group's index at the cursor and sorts
    only ties of one day: no sort of the whole group, whatever the depth."""
    cursor, cursors = None, []
    while True:
        page = rem.bucket_page(small, bucket, TODAY, after=cursor, limit=20)
        if page.complete:
            break
        cursors.append(page.cursor)
        cursor = page.cursor
    assert len(cursors) > 3
    index = "ix_actions_closed_completed" if bucket is Bucket.CLOSED else "ix_actions_open_due"
    for after in (None, cursors[-1]):
        plan = _plans(small, lambda a=after: rem.bucket_page(small, bucket, TODAY, after=a, limit=20))[0]
        assert f"USING INDEX {index}" in plan, plan
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan  # "FOR RIGHT PART OF ORDER BY" is the ties
