"""The generic list model reads its rows a page at a time by key: scrolled to the end it holds
the whole list in order, no statement skips rows with OFFSET, and Qt's model tester agrees."""

from __future__ import annotations

import sqlalchemy as sa

from tracker.devtools import large_demo
from tracker.services import listing
from tracker.ui import table_model
from tracker.ui.table_model import ListingModel


def test_scrolled_to_the_end_by_key(db, qtmodeltester, monkeypatch):
    large_demo.generate(db, scale=0.01)
    monkeypatch.setattr(table_model, "PAGE", 23)
    seen: list[tuple[str, object]] = []
    listen = lambda *a: seen.append((a[2], a[3]))  # noqa: E731
    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        model = ListingModel(db, listing.MEETINGS)
        while model.canFetchMore():
            model.fetchMore()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)
    with db.engine.connect() as conn:
        whole = [tuple(r) for r in conn.execute(listing.statement(listing.MEETINGS))]
    assert len(whole) > 3 * 23
    assert model.rows == whole and model.rowCount() == model.total == len(whole)
    pages = [(sql, p) for sql, p in seen if "FROM meetings" in sql and "count(*)" not in sql]
    assert len(pages) > 3
    for sql, params in pages:  # SQLite's dialect writes OFFSET ? always; it must be 0
        assert "OFFSET" not in sql or list(params)[-1] == 0, sql
    model.sort(2)  # by title: the first page again, in the new order
    assert [r[3] for r in model.rows] == sorted(r[3] for r in whole)[:23]
    # Qt's tester fetches from inside its own reset handler, then counts those rows as
    # inserted during the reset: so it checks a model of its own, and paging under its eye.
    checked = ListingModel(db, listing.MEETINGS)
    qtmodeltester.check(checked)
    while checked.canFetchMore():
        checked.fetchMore()
    assert checked.rows == whole
