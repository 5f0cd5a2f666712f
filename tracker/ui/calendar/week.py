"""The week view: seven day columns, an all-day band and a 24-hour grid at the viewer's time."""

from __future__ import annotations

import html
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QWidget,
)

from tracker.services.calendar import CalendarItem
from tracker.ui.calendar.common import Block, _CanvasView, item_line, local_beside, short_day
from tracker.ui.calendar.layout import cap_lanes, lanes, lay_out_column


class WeekView(_CanvasView):
    """Seven day columns, an all-day band and a 24-hour grid at the viewer's time."""

    GUTTER = 52
    HOUR = 44
    LANE = 18
    SNAP_MINUTES = 15
    MAX_ALLDAY_LANES = 5
    LONG_MINUTES = 6 * 60  # in a crowded day, what lasts longer (a flight) yields its lane

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[date] = []
        self._allday_lanes = 0
        self._header_h = 40.0
        self._blocks: list[Block] = []
        self._overflows: list[tuple[QRectF, date, list[CalendarItem]]] = []
        self.setMinimumWidth(600)

    def set_days(self, first: date) -> None:
        self.days = [first + timedelta(days=i) for i in range(7)]

    # geometry --------------------------------------------------------------------------------------
    @property
    def _col_w(self) -> float:
        return max(40.0, (self.width() - self.GUTTER) / 7)

    @property
    def grid_top(self) -> float:
        return self._header_h + self._allday_lanes * self.LANE + 6

    def _x(self, index: int) -> float:
        return self.GUTTER + index * self._col_w

    def _y(self, minutes: float) -> float:
        return self.grid_top + minutes * self.HOUR / 60

    def point_for(self, day: date, at: time | None) -> QPoint:
        """The point a drop must reach for `day` at `at` (None: the all-day band)."""
        i = self.days.index(day)
        x = self._x(i) + self._col_w / 2
        if at is None:
            y = self._header_h + 2
        else:
            y = self._y(at.hour * 60 + at.minute) + 1
        return QPoint(int(x), int(y))

    def target_at(self, pos: QPointF | QPoint) -> tuple[date, time | None] | None:
        p = QPointF(pos)
        if not self.days or p.x() < self.GUTTER:
            return None
        i = int((p.x() - self.GUTTER) // self._col_w)
        if not 0 <= i < 7:
            return None
        if p.y() < self._header_h:
            return None
        if p.y() < self.grid_top:
            return self.days[i], None
        minutes = (p.y() - self.grid_top) * 60 / self.HOUR
        minutes = int(minutes // self.SNAP_MINUTES * self.SNAP_MINUTES)
        minutes = max(0, min(minutes, 24 * 60 - self.SNAP_MINUTES))
        return self.days[i], time(minutes // 60, minutes % 60)

    def _drop_rect(self, day: date, at: time | None) -> QRectF | None:
        i = self.days.index(day)
        if at is None:
            return QRectF(self._x(i) + 1, self._header_h, self._col_w - 2, self.LANE)
        dur = 30.0
        if self._drag is not None and self._drag.start and self._drag.end:
            dur = max(15.0, (self._drag.end - self._drag.start).total_seconds() / 60)
        top = self._y(at.hour * 60 + at.minute)
        return QRectF(self._x(i) + 1, top, self._col_w - 2, dur * self.HOUR / 60)

    def block_text(self, item: CalendarItem) -> list[str]:
        """The lines of an item's block: viewer time and title, then the local time."""
        if item.start is None:
            return [" ".join(x for x in (item.label, item.title) if x)]
        first = f"{item.start.strftime('%H:%M')} {item.title}"
        beside = local_beside(item, self.local_mode)
        return [first, beside] if beside else [first]

    def block_lines(self, item: CalendarItem) -> list[str]:
        """The lines painted in an item's (first) block, as cut to fit it."""
        return next((b.lines for b in self._blocks if b.item.key == item.key), [])

    def more_at(self, day: date) -> list[tuple[QRectF, list[CalendarItem]]]:
        """The "+N" strips of a day: where, and the items counted there."""
        return [(rect, items) for rect, d, items in self._overflows if d == day]

    def _fitted_text(self, item: CalendarItem, width: float, continued: bool, fm: QFontMetrics) -> list[str]:
        """The block's lines for a block `width` wide: the time and the title on one line when
        the start of the title fits beside the time, else on two; the local time beside shortened
        to '09:35 EST' when 'local 09:35 EST' does not fit."""
        lines = self.block_text(item)
        if item.start is None:
            return lines
        hhmm = item.start.strftime("%H:%M")
        if continued:  # the part after midnight of something that began the day before
            hhmm = "» " + hhmm
        room = width - 5
        if fm.horizontalAdvance(f"{hhmm} {item.title[:2]}") <= room:
            out = [f"{hhmm} {item.title}"]
        else:
            out = [hhmm, item.title]
        if len(lines) > 1:
            beside = lines[1]
            if fm.horizontalAdvance(beside) > room and not self.local_mode:
                beside = item.local_start_text()
            out.append(beside)
        return out

    def _period(self) -> object:
        return self.days[0] if self.days else None

    def _lay_out(self) -> None:
        self._hits = []
        self._blocks = []
        self._more = []
        self._overflows = []
        if not self.days:
            return
        first, last = self.days[0], self.days[-1]
        fm = QFontMetrics(self._font)
        max_holidays = max((len(self.holidays.get(d, [])) for d in self.days), default=0)
        self._header_h = 6 + fm.height() * (1 + min(max_holidays, 3))
        # all-day band
        spans = []
        for item in self.items:
            if item.start is None:
                a = max(item.start_date, first)
                b = min(item.end_date, last)
                if a <= b:
                    spans.append(((a - first).days, (b - first).days, item))
        # at most a few rows of them (thirty trips at once would push the hours off the
        # screen): the last row counts, day by day, those that find no room
        laid, rest = cap_lanes(lanes(spans), self.MAX_ALLDAY_LANES)
        self._allday_lanes = max((lane + 1 for lane, *_ in laid), default=0) + (1 if rest else 0)
        for col, hidden in rest.items():
            rect = QRectF(
                self._x(col) + 1,
                self._header_h + (self.MAX_ALLDAY_LANES - 1) * self.LANE + 1,
                self._col_w - 2,
                self.LANE - 2,
            )
            self._overflows.append((rect, self.days[col], hidden))
            self._more.append((rect, self.days[col]))
        for lane, a, b, item in laid:
            rect = QRectF(
                self._x(a) + 1,
                self._header_h + lane * self.LANE + 1,
                (b - a + 1) * self._col_w - 2,
                self.LANE - 2,
            )
            self._blocks.append(self._block(rect, item, self.block_text(item), fm))
            self._hits.append((rect, item))
        # timed items, per day column, side by side where they overlap; a block is at least two
        # lines high, so that the title shows under the time in a narrow block, and never
        # narrower than the time with its zone ('09:35 EST'): what does not fit is counted in a
        # "+N" mark at the time they begin (its tooltip lists them, a click opens the agenda)
        min_minutes = (2 * fm.height() + 4) * 60 / self.HOUR
        per_day: dict[int, list[tuple[float, float, tuple[CalendarItem, bool]]]] = defaultdict(list)
        for item in self.items:
            if item.start is None:
                continue
            s = item.start.replace(tzinfo=None)
            e = item.end.replace(tzinfo=None) if item.end is not None else None
            if e is None or e <= s:
                e = s + timedelta(minutes=30)
            day = max(s.date(), first)
            while day <= min(e.date(), last):
                day_start = datetime.combine(day, time())
                a = max(s, day_start)
                b = min(e, day_start + timedelta(days=1))
                if b > a or (a == b == s):
                    top = (a - day_start).total_seconds() / 60
                    bottom = max(top + min_minutes, (b - day_start).total_seconds() / 60)
                    per_day[(day - first).days].append((top, min(bottom, 24 * 60), (item, a > s)))
                day += timedelta(days=1)
        min_width = fm.horizontalAdvance("00:00 EST") + 8
        more_width = fm.horizontalAdvance("+99") + 8
        mark_minutes = (fm.height() + 2) * 60 / self.HOUR
        for col, segs in sorted(per_day.items()):
            placed, overflows = lay_out_column(
                segs, self._col_w - 4, min_width, more_width, mark_minutes, long=self.LONG_MINUTES
            )
            left = self._x(col) + 2
            for pl in placed:
                item, continued = pl.payload
                top, bottom = self._y(pl.top), self._y(pl.bottom)
                rect = QRectF(left + pl.left, top, pl.width - 1, bottom - top - 1)
                lines = self._fitted_text(item, rect.width(), continued, fm)
                self._blocks.append(self._block(rect, item, lines, fm))
                self._hits.append((rect, item))
            for ov in overflows:
                top, bottom = self._y(ov.top), self._y(ov.bottom)
                rect = QRectF(left + ov.left, top, ov.width - 1, bottom - top - 1)
                hidden = [item for item, _continued in ov.payloads]
                self._overflows.append((rect, self.days[col], hidden))
                self._more.append((rect, self.days[col]))
        self.setMinimumHeight(int(self._y(24 * 60)) + 2)

    def more_tooltip(self, pos: QPointF | QPoint) -> str | None:
        p = QPointF(pos)
        for rect, _day, items in self._overflows:
            if rect.contains(p):
                return "<br>".join(html.escape(item_line(i, self.local_mode)) for i in items)
        return None

    # painting ----------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        scheme = self.scheme
        p = QPainter(self)
        p.fillRect(self.rect(), scheme.base)
        p.setFont(self._font)
        fm = QFontMetrics(self._font)
        h = self.height()
        clip = QRectF(event.rect())
        for i, day in enumerate(self.days):
            x = self._x(i)
            if day == self.today:
                p.fillRect(QRectF(x, 0, self._col_w, h), scheme.today)
            elif day.weekday() >= 5:
                p.fillRect(QRectF(x, 0, self._col_w, h), scheme.weekend)
            p.setPen(scheme.grid)
            p.drawLine(QPointF(x, 0), QPointF(x, h))
        # hour lines
        for hour in range(25):
            y = self._y(hour * 60)
            if y < clip.top() - self.HOUR or y > clip.bottom() + self.HOUR:
                continue
            p.setPen(scheme.grid)
            p.drawLine(QPointF(self.GUTTER, y), QPointF(self.width(), y))
            if hour < 24:
                p.setPen(scheme.faint)
                p.drawText(QPointF(4, y + fm.ascent() + 1), f"{hour:02d}:00")
        p.setPen(QPen(scheme.grid, 2))
        p.drawLine(QPointF(0, self.grid_top - 3), QPointF(self.width(), self.grid_top - 3))
        self._paint_blocks(p, self._blocks, fm, clip)
        self._paint_overflows(p, fm, clip)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_now(p)
        self._paint_drag(p)
        self._paint_header(p, fm)
        p.end()

    def _paint_overflows(self, p: QPainter, fm: QFontMetrics, clip: QRectF) -> None:
        scheme = self.scheme
        for rect, _day, items in self._overflows:
            if rect.bottom() < clip.top() or rect.top() > clip.bottom():
                continue
            p.setPen(scheme.grid)
            p.setBrush(scheme.more_fill)
            p.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
            p.setPen(scheme.link)
            p.drawText(
                QRectF(rect.left(), rect.top() + 1, rect.width(), fm.height()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"+{len(items)}",
            )

    def _paint_header(self, p: QPainter, fm: QFontMetrics) -> None:
        """Day names and holidays, kept at the top of what is visible while the hours scroll."""
        scheme = self.scheme
        top = max(0, self.visibleRegion().boundingRect().top())
        p.fillRect(QRectF(0, top, self.width(), self._header_h), scheme.base)
        bold = QFont(self._font)
        for i, day in enumerate(self.days):
            x = self._x(i)
            if day == self.today:
                p.fillRect(QRectF(x, top, self._col_w, self._header_h), scheme.today)
            elif day.weekday() >= 5:
                p.fillRect(QRectF(x, top, self._col_w, self._header_h), scheme.weekend)
            p.setPen(scheme.grid)
            p.drawLine(QPointF(x, top), QPointF(x, top + self._header_h))
            names = self.holidays.get(day, [])
            p.setPen(scheme.holiday if names or day.weekday() == 6 else scheme.text)
            bold.setBold(day == self.today)
            p.setFont(bold)
            p.drawText(
                QPointF(x + 4, top + 3 + fm.ascent()),
                fm.elidedText(short_day(day), Qt.TextElideMode.ElideRight, int(self._col_w - 6)),
            )
            p.setFont(self._font)
            p.setPen(scheme.holiday)
            for k, hol in enumerate(names[:3]):
                text = self._holiday_text(hol) if k < 2 or len(names) == 3 else f"+{len(names) - 2}"
                p.drawText(
                    QPointF(x + 4, top + 3 + fm.ascent() + fm.height() * (k + 1)),
                    fm.elidedText(text, Qt.TextElideMode.ElideRight, int(self._col_w - 6)),
                )
        p.setPen(QPen(scheme.grid, 1))
        p.drawLine(QPointF(0, top + self._header_h), QPointF(self.width(), top + self._header_h))

    def _paint_now(self, p: QPainter) -> None:
        if self.today not in self.days or self.local_mode:
            return
        tz = self.items[0].start.tzinfo if self.items and self.items[0].start is not None else None
        now = datetime.now(tz) if tz else datetime.now()
        if now.date() not in self.days:
            return
        i = self.days.index(now.date())
        y = self._y(now.hour * 60 + now.minute)
        p.setPen(QPen(self.scheme.holiday, 2))
        p.drawLine(QPointF(self._x(i), y), QPointF(self._x(i) + self._col_w, y))
