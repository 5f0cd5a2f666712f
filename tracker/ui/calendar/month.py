"""The month view: six weeks of day cells, spans as bars across the days."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, time, timedelta

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QWidget,
)

from tracker.domain.i18n import pick
from tracker.services.calendar import CalendarItem
from tracker.ui.calendar.common import Block, _CanvasView, colour_of, item_line, weekday_name
from tracker.ui.calendar.layout import lanes


class MonthView(_CanvasView):
    """Six weeks of day cells: spans as bars across the days, then the day's items in order."""

    HEAD = 22
    LINE = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month = date.today().replace(day=1)
        self.first = self.month
        self._bars: list[Block] = []  # spans across days
        self._lines: list[tuple[QRectF, CalendarItem, str, QColor]] = []  # a day's items, cut to fit
        self._more_texts: list[tuple[QRectF, str]] = []
        self.setMinimumSize(420, 280)  # a day cell still holds its date and a line or two

    def set_month(self, month: date) -> None:
        self.month = month.replace(day=1)
        self.first = self.month - timedelta(days=self.month.weekday())

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(42)]

    def _cell(self, index: int) -> QRectF:
        w = self.width() / 7
        h = (self.height() - self.HEAD) / 6
        return QRectF((index % 7) * w, self.HEAD + (index // 7) * h, w, h)

    def point_for(self, day: date, at: time | None = None) -> QPoint:
        r = self._cell((day - self.first).days)
        return QPoint(int(r.center().x()), int(r.bottom() - 3))

    def target_at(self, pos: QPointF | QPoint) -> tuple[date, time | None] | None:
        p = QPointF(pos)
        if p.y() < self.HEAD or p.x() < 0 or p.x() >= self.width() or p.y() >= self.height():
            return None
        w = self.width() / 7
        h = (self.height() - self.HEAD) / 6
        index = int((p.y() - self.HEAD) // h) * 7 + int(p.x() // w)
        if not 0 <= index < 42:
            return None
        return self.first + timedelta(days=index), None

    def _drop_rect(self, day: date, at: time | None) -> QRectF | None:
        return self._cell((day - self.first).days).adjusted(1, 1, -1, -1)

    def line_text(self, item: CalendarItem) -> str:
        return item_line(item, self.local_mode)

    def bar_of(self, item: CalendarItem) -> Block | None:
        """The (first) bar painted for a span: where, its lines and its colours."""
        return next((b for b in self._bars if b.item.key == item.key), None)

    def _period(self) -> object:
        return self.first

    def _lay_out(self) -> None:
        self._hits, self._bars, self._lines, self._more, self._more_texts = [], [], [], [], []
        days = self.days
        first, last = days[0], days[-1]
        fm = QFontMetrics(self._font)
        self.LINE = fm.height() + 2
        cell_h = (self.height() - self.HEAD) / 6
        cell_w = self.width() / 7
        day_head = fm.height() + 4
        rows = max(0, int((cell_h - day_head) // self.LINE))
        by_day: dict[date, list[CalendarItem]] = defaultdict(list)
        spans_by_week: dict[int, list[tuple[int, int, CalendarItem]]] = defaultdict(list)
        for item in self.items:
            a, b = max(item.start_date, first), min(item.end_date, last)
            if a > b:
                continue
            if item.multi_day:
                d = a
                while d <= b:  # cut the span at week ends
                    week = (d - first).days // 7
                    week_last = min(b, first + timedelta(days=week * 7 + 6))
                    spans_by_week[week].append(((d - first).days % 7, (week_last - first).days % 7, item))
                    d = week_last + timedelta(days=1)
            else:
                by_day[a].append(item)
        used: dict[date, int] = defaultdict(int)  # lines taken by bars in each cell
        hidden: dict[date, int] = defaultdict(int)
        for week, spans in spans_by_week.items():
            for lane, a, b, item in lanes(spans):
                if lane >= rows - (1 if rows > 1 else 0):
                    for k in range(a, b + 1):
                        hidden[first + timedelta(days=week * 7 + k)] += 1
                    continue
                top = self.HEAD + week * cell_h + day_head + lane * self.LINE
                rect = QRectF(a * cell_w + 2, top, (b - a + 1) * cell_w - 4, self.LINE - 2)
                self._bars.append(self._block(rect, item, [self.line_text(item)], fm))
                self._hits.append((rect, item))
                for k in range(a, b + 1):
                    d = first + timedelta(days=week * 7 + k)
                    used[d] = max(used[d], lane + 1)
        for d, items in by_day.items():
            index = (d - first).days
            cell = self._cell(index)
            free = rows - used[d]
            shown = items if len(items) + hidden[d] <= free else items[: max(0, free - 1)]
            for k, item in enumerate(shown):
                rect = QRectF(
                    cell.left() + 2,
                    cell.top() + day_head + (used[d] + k) * self.LINE,
                    cell.width() - 4,
                    self.LINE - 2,
                )
                text = fm.elidedText(
                    self.line_text(item), Qt.TextElideMode.ElideRight, int(rect.width() - 10)
                )
                self._lines.append((rect, item, text, colour_of(item)))
                self._hits.append((rect, item))
            rest = len(items) - len(shown) + hidden[d]
            if rest:
                rect = QRectF(cell.left() + 2, cell.bottom() - self.LINE, cell.width() - 4, self.LINE - 2)
                self._more.append((rect, d))
                self._more_texts.append((rect, pick(f"+{rest}건 더", f"+{rest} more")))
        for d, n in hidden.items():
            if d not in by_day and n:
                cell = self._cell((d - first).days)
                rect = QRectF(cell.left() + 2, cell.bottom() - self.LINE, cell.width() - 4, self.LINE - 2)
                self._more.append((rect, d))
                self._more_texts.append((rect, pick(f"+{n}건 더", f"+{n} more")))

    def paintEvent(self, event: QPaintEvent) -> None:
        scheme = self.scheme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), scheme.base)
        p.setFont(self._font)
        fm = QFontMetrics(self._font)
        w = self.width() / 7
        for i in range(7):
            d = self.first + timedelta(days=i)
            p.setPen(scheme.holiday if i == 6 else scheme.text)
            p.drawText(QRectF(i * w, 0, w, self.HEAD), Qt.AlignmentFlag.AlignCenter, weekday_name(d))
        for index, day in enumerate(self.days):
            cell = self._cell(index)
            if day == self.today:
                p.fillRect(cell, scheme.today)
            elif day.weekday() >= 5:
                p.fillRect(cell, scheme.weekend)
            p.setPen(scheme.grid)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(cell)
            names = self.holidays.get(day, [])
            in_month = day.month == self.month.month
            colour = scheme.holiday if names or day.weekday() == 6 else scheme.text
            if not in_month:
                colour = QColor(colour)
                colour.setAlpha(110)
            num = str(day.day)
            num_rect = QRectF(cell.left() + 2, cell.top() + 1, fm.horizontalAdvance(num) + 8, fm.height() + 2)
            if day == self.today:
                p.setBrush(QColor("#1a73e8"))
                p.setPen(Qt.PenStyle.NoPen)
                p.drawRoundedRect(num_rect, 6, 6)
                colour = QColor("white")
            p.setPen(colour)
            p.drawText(num_rect, Qt.AlignmentFlag.AlignCenter, num)
            if names:
                p.setPen(scheme.holiday)
                text = "; ".join(self._holiday_text(h) for h in names)
                p.drawText(
                    QPointF(num_rect.right() + 3, cell.top() + 2 + fm.ascent()),
                    fm.elidedText(
                        text, Qt.TextElideMode.ElideRight, int(cell.right() - num_rect.right() - 6)
                    ),
                )
        self._paint_blocks(p, self._bars, fm)
        ascent = fm.ascent()
        p.setPen(Qt.PenStyle.NoPen)
        for rect, _item, _text, dot in self._lines:
            p.setBrush(dot)
            p.drawEllipse(QPointF(rect.left() + 4, rect.center().y()), 3, 3)
        p.setPen(scheme.text)
        for rect, _item, text, _dot in self._lines:
            p.drawText(QPointF(rect.left() + 10, rect.top() + ascent), text)
        p.setPen(scheme.link)
        for rect, text in self._more_texts:
            p.drawText(QPointF(rect.left() + 2, rect.top() + ascent), text)
        self._paint_drag(p)
        p.end()
