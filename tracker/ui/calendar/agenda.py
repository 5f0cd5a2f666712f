"""The agenda view: the days in order, each with its holidays and items."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.services.calendar import CalendarItem
from tracker.services.holidays import Holiday
from tracker.ui.calendar.common import (
    Scheme,
    colour_of,
    item_tooltip,
    kind_label,
    short_day,
)
from tracker.ui.format import format_date


class AgendaView(QTreeWidget):
    """The days in order, each with its holidays and items: time, local time, kind, title."""

    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(
            [
                pick("시각", "Time"),
                pick("현지 시각", "Local time"),
                pick("구분", "Kind"),
                vocabulary.TITLE(),
                vocabulary.COUNTRY(),
            ]
        )
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)
        self.today = date.today()
        self.local_mode = False

    def _clicked(self, row: QTreeWidgetItem, _col: int = 0) -> None:
        item = row.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(item, CalendarItem):
            self.activated.emit(item)

    def set_data(
        self,
        days: list[date],
        items: list[CalendarItem],
        holidays: dict[date, list[Holiday]],
        today: date,
        local_mode: bool,
    ) -> None:
        self.today, self.local_mode = today, local_mode
        scheme = Scheme.of(self.palette())
        self.setUpdatesEnabled(False)
        self.clear()
        by_day: dict[date, list[CalendarItem]] = defaultdict(list)
        for item in items:
            # Spans are listed on their first day within the view (and once only).
            by_day[max(item.start_date, days[0])].append(item)
        for day in days:
            names = holidays.get(day, [])
            if not by_day.get(day) and not names and day != today:
                continue
            head = QTreeWidgetItem(
                [format_date(day), "", "", " · ".join(f"{h.country_code} {h.name}" for h in names)]
            )
            font = head.font(0)
            font.setBold(True)
            for c in range(5):
                head.setFont(c, font)
            if day == today:
                head.setText(2, vocabulary.TODAY())
                for c in range(5):
                    head.setBackground(c, scheme.today)
            if names:
                head.setForeground(3, scheme.holiday)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(head)
            for item in by_day.get(day, []):
                self.addTopLevelItem(self._row(item))
        self.setUpdatesEnabled(True)
        for c in range(4):
            self.resizeColumnToContents(c)

    def _row(self, item: CalendarItem) -> QTreeWidgetItem:
        when = item.viewer_text() if item.start is not None else (item.label or pick("종일", "All day"))
        if item.multi_day:
            when = f"~{short_day(item.end_date)}" if item.start is None else when
        local = ""
        if item.start is not None:
            local = item.local_start_text()
            if item.local_end_text():
                local += f" – {item.local_end_text()}"
        title = item.title + (f" — {item.subtitle}" if item.subtitle else "")
        country = item.country_code or ""
        row = QTreeWidgetItem([when, local, kind_label(item.kind), title, country])
        row.setData(0, Qt.ItemDataRole.UserRole, item)
        row.setForeground(2, colour_of(item))
        row.setToolTip(3, item_tooltip(item, "", self.local_mode))
        return row

    def rows(self) -> list[tuple[str, CalendarItem | None]]:
        """(text, item) of every row in order; day headings have no item."""
        out = []
        for i in range(self.topLevelItemCount()):
            row = self.topLevelItem(i)
            item = row.data(0, Qt.ItemDataRole.UserRole)
            texts = " | ".join(row.text(c) for c in range(5) if row.text(c))
            out.append((texts, item if isinstance(item, CalendarItem) else None))
        return out
