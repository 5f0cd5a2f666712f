"""What the follow-up list paints on each line: a group header's arrow, bold font and red stay
on the header; the follow-ups below it show only their own colour and weight."""

from __future__ import annotations

import pytest
from followups_screen import shown_followups_page
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from tracker.domain.enums import Priority
from tracker.export.demo import load_demo
from tracker.services.actions import Bucket
from tracker.ui.followups_view import COL_DUE, COL_TITLE, FollowupsPage


@pytest.fixture
def page(qtbot, db):
    load_demo(db)
    return shown_followups_page(qtbot, db)


def _cell(page: FollowupsPage, image: QImage, index) -> list[QColor]:  # noqa: ANN001
    rect = page.table.visualRect(index)
    assert rect.isValid() and image.rect().contains(rect), index.row()
    return [
        image.pixelColor(x, y)
        for y in range(rect.top(), rect.bottom())
        for x in range(rect.left(), rect.right())
    ]


def _reddish(c: QColor) -> bool:
    return c.red() > 120 and c.red() - max(c.green(), c.blue()) > 60


def test_lines_below_a_header_carry_none_of_its_arrow_colour_or_weight(page) -> None:
    model = page.model
    image = page.table.viewport().grab().toImage()
    undated = model.rows_of(Bucket.NO_DATE)
    assert undated, "the demo has follow-ups without a deadline"
    for i, row in enumerate(undated):
        due = _cell(page, image, model.item_index(Bucket.NO_DATE, i, COL_DUE))
        # No deadline: the cell is blank (no folding arrow of a header drawn in it).
        assert min(c.lightness() for c in due) > 200, row.title
        title = _cell(page, image, model.item_index(Bucket.NO_DATE, i, COL_TITLE))
        assert not any(_reddish(c) for c in title), row.title  # red is for overdue deadlines
        assert min(c.lightness() for c in title) < 100  # the title is painted, in black


class _Delegate(QStyledItemDelegate):
    """The view's own delegate, asked what it would paint in a cell."""

    def option(self, index) -> QStyleOptionViewItem:  # noqa: ANN001
        option = QStyleOptionViewItem()
        self.initStyleOption(option, index)
        return option


def test_a_title_is_bold_only_for_a_high_priority_follow_up_whatever_was_painted_before(page) -> None:
    model, delegate = page.model, _Delegate()
    undated = model.rows_of(Bucket.NO_DATE)
    assert {row.priority for row in undated} >= {Priority.HIGH, Priority.NORMAL}
    for i, row in enumerate(undated):
        delegate.option(model.group_index(Bucket.OVERDUE))  # a header (bold, an arrow) just before
        option = delegate.option(model.item_index(Bucket.NO_DATE, i, COL_TITLE))
        assert option.font.bold() is (row.priority is Priority.HIGH), row.title
        assert not option.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration
