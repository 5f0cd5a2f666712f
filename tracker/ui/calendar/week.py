"""The week view: seven day columns, an all-day band and a 24-hour grid at the viewer's time."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QWidget,
)

from tracker.services.calendar import CalendarItem
from tracker.ui.calendar.common import (
    GRID,
    HOLIDAY_COLOUR,
    TODAY_FILL,
    WEEKEND_FILL,
    _CanvasView,
    _lanes,
    local_beside,
    weekday_name,
)


class WeekView(_CanvasView):
    """Seven day columns, an all-day band and a 24-hour grid at the viewer's time."""

    GUTTER = 52
    HOUR = 44
    LANE = 18
    SNAP_MINUTES = 15

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days: list[date] = []
        self._allday_lanes = 0
        self._header_h = 40.0
        self._blocks: list[tuple[QRectF, CalendarItem, list[str]]] = []
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
        """The lines painted in an item's block: viewer time and title, then the local time."""
        if item.start is None:
            return [" ".join(x for x in (item.label, item.title) if x)]
        first = f"{item.start.strftime('%H:%M')} {item.title}"
        beside = local_beside(item, self.local_mode)
        return [first, beside] if beside else [first]

    def relayout(self) -> None:
        self._hits = []
        self._blocks = []
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
        laid = _lanes(spans)
        self._allday_lanes = max((lane + 1 for lane, *_ in laid), default=0)
        for lane, a, b, item in laid:
            rect = QRectF(
                self._x(a) + 1,
                self._header_h + lane * self.LANE + 1,
                (b - a + 1) * self._col_w - 2,
                self.LANE - 2,
            )
            self._blocks.append((rect, item, self.block_text(item)))
            self._hits.append((rect, item))
        # timed items, per day column, side by side where they overlap; a block is at least two
        # lines high so that the local time shows beside even a 15-minute meeting
        min_minutes = (2 * fm.height() + 4) * 60 / self.HOUR
        per_day: dict[int, list[tuple[float, float, CalendarItem, bool]]] = defaultdict(list)
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
                    per_day[(day - first).days].append((top, min(bottom, 24 * 60), item, a > s))
                day += timedelta(days=1)
        for col, segs in per_day.items():
            segs.sort(key=lambda x: (x[0], -x[1]))
            cluster: list[tuple[float, float, CalendarItem, bool]] = []
            cluster_end = -1.0
            for seg in [*segs, None]:
                if seg is None or seg[0] >= cluster_end:
                    self._place_cluster(col, cluster)
                    cluster = []
                    cluster_end = -1.0
                if seg is not None:
                    cluster.append(seg)
                    cluster_end = max(cluster_end, seg[1])
        self.setMinimumHeight(int(self._y(24 * 60)) + 2)

    def _place_cluster(self, col: int, segs: list[tuple[float, float, CalendarItem, bool]]) -> None:
        if not segs:
            return
        laid = []
        ends: list[float] = []
        for top, bottom, item, continued in segs:
            for lane, end in enumerate(ends):
                if end <= top:
                    ends[lane] = bottom
                    break
            else:
                lane = len(ends)
                ends.append(bottom)
            laid.append((lane, top, bottom, item, continued))
        width = (self._col_w - 4) / len(ends)
        for lane, top, bottom, item, continued in laid:
            rect = QRectF(
                self._x(col) + 2 + lane * width, self._y(top), width - 1, self._y(bottom) - self._y(top) - 1
            )
            lines = self.block_text(item)
            if continued:  # the part after midnight of something that began the day before
                lines = ["» " + lines[0], *lines[1:]]
            self._blocks.append((rect, item, lines))
            self._hits.append((rect, item))

    # painting ----------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        p.setFont(self._font)
        fm = QFontMetrics(self._font)
        h = self.height()
        clip = event.rect()
        for i, day in enumerate(self.days):
            x = self._x(i)
            if day == self.today:
                p.fillRect(QRectF(x, 0, self._col_w, h), TODAY_FILL)
            elif day.weekday() >= 5:
                p.fillRect(QRectF(x, 0, self._col_w, h), WEEKEND_FILL)
            p.setPen(GRID)
            p.drawLine(QPointF(x, 0), QPointF(x, h))
        # hour lines
        for hour in range(25):
            y = self._y(hour * 60)
            if y < clip.top() - self.HOUR or y > clip.bottom() + self.HOUR:
                continue
            p.setPen(GRID)
            p.drawLine(QPointF(self.GUTTER, y), QPointF(self.width(), y))
            if hour < 24:
                p.setPen(self.palette().placeholderText().color())
                p.drawText(QPointF(4, y + fm.ascent() + 1), f"{hour:02d}:00")
        p.setPen(QPen(GRID, 2))
        p.drawLine(QPointF(0, self.grid_top - 3), QPointF(self.width(), self.grid_top - 3))
        for rect, item, lines in self._blocks:
            if rect.bottom() < clip.top() or rect.top() > clip.bottom():
                continue
            self._paint_block(p, rect, item, lines)
        self._paint_now(p)
        self._paint_drag(p)
        self._paint_header(p, fm)
        p.end()

    def _paint_header(self, p: QPainter, fm: QFontMetrics) -> None:
        """Day names and holidays, kept at the top of what is visible while the hours scroll."""
        top = max(0, self.visibleRegion().boundingRect().top())
        p.fillRect(QRectF(0, top, self.width(), self._header_h), self.palette().base())
        for i, day in enumerate(self.days):
            x = self._x(i)
            if day == self.today:
                p.fillRect(QRectF(x, top, self._col_w, self._header_h), TODAY_FILL)
            elif day.weekday() >= 5:
                p.fillRect(QRectF(x, top, self._col_w, self._header_h), WEEKEND_FILL)
            p.setPen(GRID)
            p.drawLine(QPointF(x, top), QPointF(x, top + self._header_h))
            head = f"{weekday_name(day)} {day.month}/{day.day}"
            names = self.holidays.get(day, [])
            p.setPen(HOLIDAY_COLOUR if names or day.weekday() == 6 else self.palette().text().color())
            bold = QFont(self._font)
            bold.setBold(day == self.today)
            p.setFont(bold)
            p.drawText(QPointF(x + 4, top + 3 + fm.ascent()), head)
            p.setFont(self._font)
            p.setPen(HOLIDAY_COLOUR)
            for k, hol in enumerate(names[:3]):
                text = self._holiday_text(hol) if k < 2 or len(names) == 3 else f"+{len(names) - 2}"
                p.drawText(
                    QPointF(x + 4, top + 3 + fm.ascent() + fm.height() * (k + 1)),
                    fm.elidedText(text, Qt.TextElideMode.ElideRight, int(self._col_w - 6)),
                )
        p.setPen(QPen(GRID, 1))
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
        p.setPen(QPen(HOLIDAY_COLOUR, 2))
        p.drawLine(QPointF(self._x(i), y), QPointF(self._x(i) + self._col_w, y))

