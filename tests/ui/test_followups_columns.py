"""The follow-up list's columns at the sizes people use: the title takes the width the other
columns leave (they keep their content's width), so at a normal window size a follow-up's title
is whole in Korean and in English, and only a narrow window cuts it (and scrolls sideways)."""

from __future__ import annotations

import pytest
from followups_screen import shown_followups_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.services.actions import Bucket
from tracker.ui.followups_view import (
    COL_COMPLETED,
    COL_DUE,
    COL_NOTE,
    COL_OWED_BY,
    COL_STATUS,
    COL_TITLE,
    COLUMNS,
    FollowupsPage,
)

OECD = "韓-WB 글로벌 디지털 서밋('26.10월) OECD 참여 회신"  # bold: a high-priority follow-up


@pytest.fixture
def demo(db):
    load_demo(db)
    return db


def _page(qtbot, db, lang: str, width: int) -> FollowupsPage:  # noqa: ANN001
    i18n.set_language(lang)
    return shown_followups_page(qtbot, db, width)


def _needed(page: FollowupsPage, index) -> int:  # noqa: ANN001
    """The width the view's delegate asks for the cell's whole text, in the cell's own font."""
    option = QStyleOptionViewItem()
    option.initFrom(page.table)
    return QStyledItemDelegate().sizeHint(option, index).width()


def _cells(page: FollowupsPage, column: int):  # noqa: ANN202
    model = page.model
    for group in model.groups:
        for i, row in enumerate(group.rows):
            yield row, model.item_index(group.bucket, i, column)


def _cut(page: FollowupsPage, column: int) -> list[str]:
    return [
        row.title
        for row, index in _cells(page, column)
        if page.table.visualRect(index).width() < _needed(page, index)
    ]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_at_a_normal_window_size_every_title_and_column_is_whole(qtbot, demo, lang) -> None:
    page = _page(qtbot, demo, lang, 1200)
    titles = [row.title for row, _index in _cells(page, COL_TITLE)]
    assert OECD in titles and len(titles) == 15
    assert _cut(page, COL_TITLE) == []
    for column in (COL_DUE, COL_OWED_BY, COL_STATUS):  # short texts: never cut
        assert _cut(page, column) == [], COLUMNS[column]
    header = page.table.horizontalHeader()
    assert page.table.horizontalScrollBar().maximum() == 0  # nothing hidden to the right
    shown = [c for c in range(len(COLUMNS)) if not header.isSectionHidden(c)]
    assert sum(header.sectionSize(c) for c in shown) == page.table.viewport().width()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_title_alone_grows_and_shrinks_with_the_window(qtbot, demo, lang) -> None:
    page = _page(qtbot, demo, lang, 1200)
    header = page.table.horizontalHeader()
    others = {c: header.sectionSize(c) for c in range(len(COLUMNS)) if c != COL_TITLE}
    title = header.sectionSize(COL_TITLE)
    page.resize(1500, 700)
    qtbot.waitUntil(lambda: header.sectionSize(COL_TITLE) == title + 300)
    assert {c: header.sectionSize(c) for c in others} == others
    page.resize(700, 700)  # truly narrow: the title is cut, the list scrolls sideways
    qtbot.waitUntil(lambda: page.table.horizontalScrollBar().maximum() > 0)
    assert {c: header.sectionSize(c) for c in others} == others
    longest = max((row.title for row, _index in _cells(page, COL_TITLE)), key=len)
    assert longest in _cut(page, COL_TITLE)
    assert header.sectionSize(COL_TITLE) >= 20 * page.table.fontMetrics().horizontalAdvance("가")
    assert _cut(page, COL_STATUS) == []


def test_completion_columns_show_with_the_closed_follow_ups(qtbot, demo) -> None:
    page = _page(qtbot, demo, "en", 1200)
    table, header = page.table, page.table.horizontalHeader()
    assert table.isColumnHidden(COL_COMPLETED) and table.isColumnHidden(COL_NOTE)  # blank while all are open
    others = {
        c: header.sectionSize(c) for c in range(len(COLUMNS)) if c not in (COL_TITLE, COL_COMPLETED, COL_NOTE)
    }
    title = header.sectionSize(COL_TITLE)
    qtbot.mouseClick(page.show_closed, Qt.MouseButton.LeftButton)
    assert page.model.group_index(Bucket.CLOSED).isValid()
    assert not table.isColumnHidden(COL_COMPLETED) and not table.isColumnHidden(COL_NOTE)
    for column in (COL_COMPLETED, COL_NOTE):  # each header readable whole
        assert header.sectionSize(column) >= header.sectionSizeHint(column)
    room = header.sectionSize(COL_COMPLETED) + header.sectionSize(COL_NOTE)
    assert header.sectionSize(COL_TITLE) == max(
        title - room, 30 * table.fontMetrics().horizontalAdvance("가")
    )
    assert {c: header.sectionSize(c) for c in others} == others  # the title alone gave way
    qtbot.mouseClick(page.show_closed, Qt.MouseButton.LeftButton)
    assert table.isColumnHidden(COL_COMPLETED) and table.isColumnHidden(COL_NOTE)
    assert header.sectionSize(COL_TITLE) == title
