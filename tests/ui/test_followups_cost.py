"""What the follow-up list costs, on a small database, as counts that do not depend on the
machine: statements per page and per filter whatever is loaded, Python calls per painted cell,
and the spans kept right when pages arrive (without clearing and repainting them all)."""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from followups_screen import shown_followups_page

from tracker.db.models import Action
from tracker.domain.enums import OwedBy
from tracker.services.actions import Bucket
from tracker.ui import followups_view as fv
from tracker.ui.followups_view import COLUMNS, FollowupsModel, RowKind


def _insert(db, n: int, due: date, owed_by: str = "us") -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4(), "title": f"bulk {i:06d}", "owed_by": owed_by, "due_date": due,
            "due_precision": "day", "status": "open", "priority": "normal", "created_at": now,
            "updated_at": now, "version": 1,
        }
        for i in range(n)
    ]  # fmt: skip
    with db.engine.begin() as conn:
        conn.execute(sa.insert(Action.__table__), rows)


class Statements:
    def __init__(self, db) -> None:
        self.db, self.seen = db, []

    def __enter__(self):
        sa.event.listen(self.db.engine, "before_cursor_execute", self._add)
        return self.seen

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.db.engine, "before_cursor_execute", self._add)

    def _add(self, _conn, _cursor, statement, *_rest) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            self.seen.append(statement)


@pytest.fixture
def many(db):
    _insert(db, 700, date(2026, 1, 5))
    _insert(db, 300, date(2026, 1, 6), owed_by="them")
    return db


@pytest.fixture
def page(qtbot, many):
    return shown_followups_page(qtbot, many)


def test_the_first_screen_reads_one_screenful_not_a_page(page):
    assert len(page.model.rows_of(Bucket.OVERDUE)) == fv.FIRST_SCREEN < fv.PAGE


def test_a_page_is_one_statement_however_many_rows_are_loaded(page, many):
    model = page.model
    costs = []
    for _ in range(6):
        with Statements(many) as seen:
            assert model.fetch_more(Bucket.OVERDUE)
        costs.append(len(seen))
    assert len(model.rows_of(Bucket.OVERDUE)) == fv.FIRST_SCREEN + 6 * fv.PAGE
    assert costs == [1] * 6


def test_a_filter_costs_the_same_with_many_rows_loaded(page, many):
    with Statements(many) as first:
        page.owed_by.setCurrentIndex(page.owed_by.findData(OwedBy.THEM))
    page.clear_filters()
    while page.model.fetch_more(Bucket.OVERDUE) and len(page.model.rows_of(Bucket.OVERDUE)) < 700:
        pass
    with Statements(many) as later:
        page.owed_by.setCurrentIndex(page.owed_by.findData(OwedBy.THEM))
    assert len(later) == len(first)
    assert page.model.counts[Bucket.OVERDUE] == 300


def test_painting_asks_python_once_per_cell(page):
    codes = {FollowupsModel.data.__code__: "data", FollowupsModel.multiData.__code__: "multiData"}
    calls = {"data": 0, "multiData": 0}

    def profile(frame, event, _arg):  # the model's methods as the view calls them
        if event == "call" and frame.f_code in codes:
            calls[codes[frame.f_code]] += 1

    sys.setprofile(profile)
    try:
        page.table.viewport().repaint()
    finally:
        sys.setprofile(None)
    top, bottom = page.table.rowAt(0), page.table.rowAt(page.table.viewport().height() - 1)
    cells = (bottom - top + 1) * len(COLUMNS)
    assert calls["data"] == 0  # every role of a cell in one call, not seven
    assert 0 < calls["multiData"] <= cells


def test_spans_stay_right_as_pages_arrive_and_groups_fold(page):
    model, table = page.model, page.table

    def check() -> None:
        for row in range(model.rowCount()):
            kind = model.kind_at(model.index(row, 0))
            wide = table.columnSpan(row, 0)
            assert wide == (1 if kind is RowKind.ITEM else len(COLUMNS)), (row, kind, wide)

    check()
    for _ in range(3):
        model.fetch_more(Bucket.OVERDUE)
        check()
    page.model.set_expanded(Bucket.OVERDUE, False)
    check()
    page.model.set_expanded(Bucket.OVERDUE, True)
    check()
    while model.fetch_more(Bucket.OVERDUE):
        pass
    check()
