"""How wide the follow-up list's columns are. Every column but the title is as wide as its
header and the widest text of the first rows read (names, meetings and notes cut at
FREE_TEXT_EMS), measured once, so that columns do not jump while the list scrolls or refreshes.
The title takes the width they leave, as a stretched column would, but never less than
TITLE_MIN_EMS: a narrow window scrolls sideways rather than cut every title to a few letters.
The completion date and note show only with the closed follow-ups (an open one has neither)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from tracker.ui.followups_columns import (
    COL_COMPLETED,
    COL_COUNTERPART,
    COL_COUNTRY,
    COL_NOTE,
    COL_OWNER,
    COL_SOURCE,
    COL_TITLE,
    COLUMNS,
)
from tracker.ui.followups_model import FollowupsModel

FREE_TEXT = (COL_OWNER, COL_COUNTERPART, COL_COUNTRY, COL_SOURCE, COL_NOTE)
FREE_TEXT_EMS = 12  # in widths of a Korean syllable, so that they follow the font size
TITLE_MIN_EMS = 30
CLOSED_ONLY = (COL_COMPLETED, COL_NOTE)


class ColumnWidths(QObject):
    """Keeps the title column filling the table's width as the window or a column is resized."""

    def __init__(self, table: QTableView, model: FollowupsModel) -> None:
        super().__init__(table)
        self.table, self.model = table, model
        self.measured = False  # the contents of some rows were measured
        self._fitting = False  # the title is being resized here: not a user's resize
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._resized)
        table.viewport().installEventFilter(self)

    def em(self) -> int:
        return self.table.fontMetrics().horizontalAdvance("가")

    def measure(self) -> None:
        """Each column but the title as wide as its header and its widest loaded text."""
        table, header, model = self.table, self.table.horizontalHeader(), self.model
        metrics = table.fontMetrics()
        # The style's margins on either side of a cell's text, and a pixel or two for its text
        # layout's rounding (without them the widest text was cut to "…").
        margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1) + 2
        rows = [row for group in model.groups for row in group.rows]
        texts = [model.texts(row) for row in rows]
        hidden = [c for c in CLOSED_ONLY if header.isSectionHidden(c)]
        self._fitting = True
        try:
            for col in hidden:  # a hidden section gives no size hint for its header
                header.setSectionHidden(col, False)
            for col in range(len(COLUMNS)):
                if col == COL_TITLE:
                    continue
                shown = {cells[col] for cells in texts}  # each text once: statuses, countries repeat
                widest = max(map(metrics.horizontalAdvance, shown), default=0) + margin
                if col in FREE_TEXT:
                    widest = min(widest, FREE_TEXT_EMS * self.em())
                header.resizeSection(col, max(widest, header.sectionSizeHint(col)))
            for col in hidden:
                header.setSectionHidden(col, True)
        finally:
            self._fitting = False
        self.measured = bool(rows)
        self.fit_title()

    def show_closed(self, show: bool) -> None:
        for col in CLOSED_ONLY:
            self.table.setColumnHidden(col, not show)
        self.fit_title()

    def fit_title(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != COL_TITLE and not header.isSectionHidden(c)
        )
        width = max(self.table.viewport().width() - others, TITLE_MIN_EMS * self.em())
        if header.sectionSize(COL_TITLE) != width:
            self._fitting = True
            try:
                header.resizeSection(COL_TITLE, width)
            finally:
                self._fitting = False

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting and column != COL_TITLE:  # a user widened or narrowed a column
            self.fit_title()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.fit_title()
        return False
