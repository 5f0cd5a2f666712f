"""The calendar page: month, week and agenda views of what is on, where, and at what time.

Items come from `tracker.services.calendar.items_between` and are painted by hand (one widget
per view, not one per item), so a busy month paints as fast as an empty one. The week view puts
timed items in day columns at the viewer's time (Seoul by default) with the local time beside;
the viewer's zone can be switched to another zone or to "local time" (every item at its own
wall-clock time). Public holidays of the counterpart countries in view are shown in every view.

Dragging a meeting in the week view (to another day and time) or in the month view (to another
day), or a follow-up's deadline in the month view, moves it through `move_meeting`/`move_due`;
when the target day is a holiday or weekend of the counterpart country the page asks first
(`CalendarPage.ask`, patched in tests). The mouse and the tests take the same path:
`drop(item, pos)` on a view, then `CalendarPage.request_move`.
"""

from __future__ import annotations

import html
import uuid
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.db.models import Country
from tracker.domain.dates import WEEKDAYS_EN, WEEKDAYS_KO
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services import calendar as cal
from tracker.services import holidays as holiday_service
from tracker.services import records
from tracker.services.calendar import CalendarItem
from tracker.services.holidays import Holiday
from tracker.ui.fields import DateField
from tracker.ui.format import format_date

SEOUL = cal.SEOUL
LOCAL = "local"  # the zone choice "each item at its own local time"

COLOURS: dict[str, str] = {
    cal.MEETING: "#1a73e8",
    cal.ITINERARY: "#8e63ce",
    cal.EVENT: "#0b8043",
    cal.EVENT_SESSION: "#33b679",
    cal.TRIP: "#e8a300",
    cal.ACTION_DUE: "#e67c00",
    cal.ACTION_OVERDUE: "#d50000",
    cal.ACTION_CLOSED: "#9e9e9e",
}
HOLIDAY_COLOUR = QColor("#c62828")
TODAY_FILL = QColor(255, 244, 200, 150)
WEEKEND_FILL = QColor(0, 0, 0, 10)
GRID = QColor("#dadce0")

KIND_LABELS: dict[str, tuple[str, str]] = {
    cal.MEETING: ("면담", "Meeting"),
    cal.ITINERARY: ("일정", "Itinerary"),
    cal.EVENT: ("행사", "Event"),
    cal.EVENT_SESSION: ("세션", "Session"),
    cal.TRIP: ("출장", "Trip"),
    cal.ACTION_DUE: ("후속조치 기한", "Follow-up due"),
}

TABLES_SHOWN = (
    "meetings",
    "itinerary_items",
    "events",
    "event_sessions",
    "trips",
    "trip_destinations",
    "actions",
    "topics",
    "meeting_topics",
    "event_topics",
    "action_topics",
    "trip_events",
)


def colour_of(item: CalendarItem) -> QColor:
    return QColor(COLOURS.get(item.colour, COLOURS.get(item.kind, "#607d8b")))


def kind_label(kind: str) -> str:
    ko, en = KIND_LABELS.get(kind, (kind, kind))
    return pick(ko, en)


def weekday_name(d: date) -> str:
    return pick(WEEKDAYS_KO[d.weekday()], WEEKDAYS_EN[d.weekday()])


def short_day(d: date) -> str:
    return pick(
        f"{d.month}.{d.day}.({WEEKDAYS_KO[d.weekday()]})", f"{WEEKDAYS_EN[d.weekday()]} {d.day} {d:%b}"
    )


def local_beside(item: CalendarItem, local_mode: bool) -> str:
    """'현지 09:35 EST' beside the viewer's time, or '' when the place keeps the viewer's time."""
    if item.start is None or item.local_start_time is None:
        return ""
    text = item.local_start_text()
    if local_mode:
        return text.partition(" ")[2]  # the zone's abbreviation only: the time is already shown
    if isinstance(item.start.tzinfo, ZoneInfo) and item.start.tzinfo.key == item.local_tz:
        return ""  # the place keeps the viewer's time
    return pick(f"현지 {text}", f"local {text}")


def item_line(item: CalendarItem, local_mode: bool) -> str:
    """One line: '23:35 한-미 상무부 양자면담 (현지 09:35 EST)'; deadlines with their label."""
    parts = []
    if item.start is not None:
        parts.append(item.start.strftime("%H:%M"))
    if item.label:
        parts.append(item.label)
    parts.append(item.title)
    beside = local_beside(item, local_mode)
    if beside:
        parts.append(f"({beside})")
    return " ".join(parts)


def item_tooltip(item: CalendarItem, viewer_name: str, local_mode: bool) -> str:
    lines = [f"<b>{html.escape(item.title)}</b>", html.escape(kind_label(item.kind))]
    if item.start is not None:
        if not local_mode:
            lines.append(html.escape(f"{viewer_name} {format_date(item.start.date())} {item.viewer_text()}"))
        local = f"{format_date(item.local_start_date)} {item.local_start_text()}"
        if item.local_end_text():
            local += f" – {item.local_end_text()}"
        if item.local_tz:
            local += f" ({item.local_tz})"
        lines.append(html.escape(pick("현지 ", "Local ") + local))
    else:
        when = format_date(item.start_date)
        if item.multi_day:
            when += " – " + format_date(item.end_date)
        if item.label:
            when = f"{item.label} ({when})"
        lines.append(html.escape(when))
    if item.subtitle:
        lines.append(html.escape(item.subtitle))
    if item.country_code:
        lines.append(html.escape(holiday_service.country_name(item.country_code)))
    if item.series_id is not None:
        lines.append(html.escape(pick("반복 행사의 회차", "One occurrence of a series")))
    if item.movable:
        lines.append(f"<i>{html.escape(pick('끌어서 옮길 수 있습니다', 'Drag to move'))}</i>")
    return "<br>".join(lines)


def _lanes(spans: Iterable[tuple[int, int, Any]]) -> list[tuple[int, int, int, Any]]:
    """Greedy lane assignment of [first, last] column spans: (lane, first, last, payload)."""
    ends: list[int] = []
    out = []
    for first, last, payload in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        for lane, end in enumerate(ends):
            if end < first:
                ends[lane] = last
                break
        else:
            lane = len(ends)
            ends.append(last)
        out.append((lane, first, last, payload))
    return out


# ------------------------------------------------------------------------------------------------
# Painted views
# ------------------------------------------------------------------------------------------------


class _CanvasView(QWidget):
    """A painted view with hit-testing, tooltips, click-to-open and drag-to-move."""

    activated = Signal(object)  # CalendarItem
    day_chosen = Signal(object)  # date ("+3 more" clicked)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.items: list[CalendarItem] = []
        self.holidays: dict[date, list[Holiday]] = {}
        self.today = date.today()
        self.local_mode = False
        self.viewer_name = pick("서울", "Seoul")
        self.move_handler: Callable[[CalendarItem, date, time | None], bool] | None = None
        self._hits: list[tuple[QRectF, CalendarItem]] = []
        self._more: list[tuple[QRectF, date]] = []
        self._press: tuple[QPointF, CalendarItem | None] | None = None
        self._drag: CalendarItem | None = None
        self._drag_pos: QPointF | None = None
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))

    # data ---------------------------------------------------------------------------------------
    def set_data(
        self,
        items: list[CalendarItem],
        holidays: dict[date, list[Holiday]],
        today: date,
        local_mode: bool,
        viewer_name: str,
    ) -> None:
        self.items = items
        self.holidays = holidays
        self.today = today
        self.local_mode = local_mode
        self.viewer_name = viewer_name
        self.relayout()
        self.update()

    def relayout(self) -> None:
        raise NotImplementedError

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.relayout()

    def visible_items(self) -> list[CalendarItem]:
        """Items that have a place on screen, each once, in painting order."""
        seen: dict[str, CalendarItem] = {}
        for _rect, item in self._hits:
            seen.setdefault(item.key, item)
        return list(seen.values())

    def rect_of(self, item: CalendarItem) -> QRectF | None:
        for rect, it in self._hits:
            if it.key == item.key:
                return rect
        return None

    def item_at(self, pos: QPointF | QPoint) -> CalendarItem | None:
        p = QPointF(pos)
        for rect, item in reversed(self._hits):
            if rect.contains(p):
                return item
        return None

    def target_at(self, pos: QPointF | QPoint) -> tuple[date, time | None] | None:
        raise NotImplementedError

    # drag and drop --------------------------------------------------------------------------------
    def drop(self, item: CalendarItem, pos: QPointF | QPoint) -> bool:
        """Move `item` to where `pos` points (what releasing a drag does)."""
        target = self.target_at(pos)
        if target is None or self.move_handler is None or not item.movable:
            return False
        return self.move_handler(item, *target)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            pos = event.position()
            self._press = (pos, self.item_at(pos))
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            start, item = self._press
            if item is not None and item.movable and self._drag is None:
                if (event.position() - start).manhattanLength() >= QApplication.startDragDistance():
                    self._drag = item
                    self.setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._drag is not None:
                self._drag_pos = event.position()
                self.update()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            pos = event.position()
            pressed = self._press[1]
            dragged = self._drag
            self._press, self._drag, self._drag_pos = None, None, None
            self.unsetCursor()
            self.update()
            if dragged is not None:
                self.drop(dragged, pos)
            elif pressed is not None and self.item_at(pos) is pressed:
                self.activated.emit(pressed)
            else:
                for rect, day in self._more:
                    if rect.contains(pos):
                        self.day_chosen.emit(day)
                        break
        super().mouseReleaseEvent(event)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            item = self.item_at(e.pos())
            if item is not None:
                QToolTip.showText(e.globalPos(), item_tooltip(item, self.viewer_name, self.local_mode), self)
            else:
                day_target = self.target_at(e.pos())
                names = self.holidays.get(day_target[0], []) if day_target else []
                if names:
                    QToolTip.showText(
                        e.globalPos(), "<br>".join(html.escape(self._holiday_text(h)) for h in names), self
                    )
                else:
                    QToolTip.hideText()
            return True
        return super().event(e)

    @staticmethod
    def _holiday_text(h: Holiday) -> str:
        return f"{h.country_code} {h.name}"

    # painting helpers -----------------------------------------------------------------------------
    def _paint_block(self, p: QPainter, rect: QRectF, item: CalendarItem, lines: list[str]) -> None:
        colour = colour_of(item)
        fill = QColor(colour)
        fill.setAlpha(60 if item.all_day else 200)
        p.setPen(QPen(colour, 1))
        p.setBrush(fill)
        # Without antialiasing: a busy week has hundreds of blocks, and antialiased rounded
        # corners were most of the time a month/week switch took.
        smooth = p.testRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
        p.setPen(QColor("#202124") if item.all_day else QColor("white"))
        fm = QFontMetrics(p.font())
        y = rect.top() + fm.ascent() + 1
        for line in lines:
            if y > rect.bottom() + 1 and line is not lines[0]:
                break
            p.drawText(
                QPointF(rect.left() + 3, y),
                fm.elidedText(line, Qt.TextElideMode.ElideRight, max(0, int(rect.width() - 5))),
            )
            y += fm.height()

    def _paint_drag(self, p: QPainter) -> None:
        if self._drag is None or self._drag_pos is None:
            return
        target = self.target_at(self._drag_pos)
        if target is None:
            return
        p.setPen(QPen(colour_of(self._drag), 2, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        rect = self._drop_rect(*target)
        if rect is not None:
            p.drawRect(rect)

    def _drop_rect(self, day: date, at: time | None) -> QRectF | None:
        return None


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


class MonthView(_CanvasView):
    """Six weeks of day cells: spans as bars across the days, then the day's items in order."""

    HEAD = 22
    LINE = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month = date.today().replace(day=1)
        self.first = self.month
        self._lines: list[tuple[QRectF, CalendarItem, str, bool]] = []
        self._more_texts: list[tuple[QRectF, str]] = []
        self.setMinimumSize(600, 420)

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

    def relayout(self) -> None:
        self._hits, self._lines, self._more, self._more_texts = [], [], [], []
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
            for lane, a, b, item in _lanes(spans):
                if lane >= rows - (1 if rows > 1 else 0):
                    for k in range(a, b + 1):
                        hidden[first + timedelta(days=week * 7 + k)] += 1
                    continue
                top = self.HEAD + week * cell_h + day_head + lane * self.LINE
                rect = QRectF(a * cell_w + 2, top, (b - a + 1) * cell_w - 4, self.LINE - 2)
                self._lines.append((rect, item, self.line_text(item), True))
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
                self._lines.append((rect, item, self.line_text(item), False))
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
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        p.setFont(self._font)
        fm = QFontMetrics(self._font)
        w = self.width() / 7
        for i in range(7):
            d = self.first + timedelta(days=i)
            p.setPen(HOLIDAY_COLOUR if i == 6 else self.palette().text().color())
            p.drawText(QRectF(i * w, 0, w, self.HEAD), Qt.AlignmentFlag.AlignCenter, weekday_name(d))
        for index, day in enumerate(self.days):
            cell = self._cell(index)
            if day == self.today:
                p.fillRect(cell, TODAY_FILL)
            elif day.weekday() >= 5:
                p.fillRect(cell, WEEKEND_FILL)
            p.setPen(GRID)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(cell)
            names = self.holidays.get(day, [])
            in_month = day.month == self.month.month
            colour = HOLIDAY_COLOUR if names or day.weekday() == 6 else self.palette().text().color()
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
                p.setPen(HOLIDAY_COLOUR)
                text = "; ".join(self._holiday_text(h) for h in names)
                p.drawText(
                    QPointF(num_rect.right() + 3, cell.top() + 2 + fm.ascent()),
                    fm.elidedText(
                        text, Qt.TextElideMode.ElideRight, int(cell.right() - num_rect.right() - 6)
                    ),
                )
        for rect, item, text, bar in self._lines:
            if bar:
                self._paint_block(p, rect, item, [text])
            else:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(colour_of(item))
                p.drawEllipse(QPointF(rect.left() + 4, rect.center().y()), 3, 3)
                p.setPen(self.palette().text().color())
                p.drawText(
                    QPointF(rect.left() + 10, rect.top() + fm.ascent()),
                    fm.elidedText(text, Qt.TextElideMode.ElideRight, int(rect.width() - 10)),
                )
        p.setPen(self.palette().link().color())
        for rect, text in self._more_texts:
            p.drawText(QPointF(rect.left() + 2, rect.top() + fm.ascent()), text)
        self._paint_drag(p)
        p.end()


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
                pick("제목", "Title"),
                pick("국가", "Country"),
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
                head.setText(2, pick("오늘", "Today"))
                for c in range(5):
                    head.setBackground(c, TODAY_FILL)
            if names:
                head.setForeground(3, HOLIDAY_COLOUR)
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


# ------------------------------------------------------------------------------------------------
# The page
# ------------------------------------------------------------------------------------------------


class CalendarPage(QWidget):
    """Month, week and agenda views with navigation, filters and the viewer's zone."""

    open_record = Signal(str, object)  # table name, id

    MODES = ("month", "week", "agenda")
    AGENDA_DAYS = 14

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.anchor = self.today
        settings = QSettings()
        mode = settings.value("calendar/mode", "week")
        self.mode = mode if mode in self.MODES else "week"
        zone_name = settings.value("calendar/zone", SEOUL)
        self.viewer_tz: str | None = None if zone_name == LOCAL else (zone_name or SEOUL)
        self.country: str | None = None
        self.topic: Any = None
        self.items: list[CalendarItem] = []
        self.holidays: dict[date, list[Holiday]] = {}
        # (span and filters, items, holidays) last read from the database
        self._loaded: tuple[tuple[Any, ...], list[CalendarItem], dict[date, list[Holiday]]] | None = None
        self._forget_on_commit()
        self._dirty = False
        self._build()
        self.reload()

    # building ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.today_button = QPushButton(pick("오늘", "Today"))
        self.today_button.clicked.connect(self.go_today)
        self.prev_button = QToolButton(text="◀")
        self.prev_button.setToolTip(pick("이전", "Previous"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QToolButton(text="▶")
        self.next_button.setToolTip(pick("다음", "Next"))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.period_label = QLabel()
        font = self.period_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.period_label.setFont(font)
        self.goto_field = DateField()
        self.goto_field.setMaximumWidth(190)
        self.goto_field.setToolTip(pick("날짜로 이동", "Go to date"))
        self.goto_field.edit.returnPressed.connect(self._goto_typed)
        self.goto_field.calendar.clicked.connect(lambda _d: self._goto_typed())
        self.goto_button = QToolButton(text=pick("이동", "Go"))
        self.goto_button.clicked.connect(self._goto_typed)

        self.mode_buttons: dict[str, QToolButton] = {}
        self.mode_group = QButtonGroup(self)
        for mode, ko, en in (("month", "월", "Month"), ("week", "주", "Week"), ("agenda", "목록", "Agenda")):
            b = QToolButton(text=pick(ko, en), checkable=True)
            b.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
            self.mode_group.addButton(b)
            self.mode_buttons[mode] = b

        self.country_combo = QComboBox()
        self.country_combo.addItem(pick("모든 국가", "All countries"), None)
        for code, name_ko, name_en in self._countries():
            self.country_combo.addItem(f"{pick(name_ko, name_en or name_ko)} ({code})", code)
        self.country_combo.currentIndexChanged.connect(self._filters_changed)
        self.topic_combo = QComboBox()
        self.topic_combo.addItem(pick("모든 주제", "All topics"), None)
        for tid, name_ko, name_en in cal.topics_in_use(self.db):
            self.topic_combo.addItem(
                pick(name_ko, name_en or name_ko), str(tid)
            )  # text: findData compares it
        self.topic_combo.currentIndexChanged.connect(self._filters_changed)
        self.zone_combo = QComboBox()
        self.zone_combo.setToolTip(pick("표시 시간대", "Time zone shown"))
        self.zone_combo.addItem(pick("서울 시각 (Asia/Seoul)", "Seoul time (Asia/Seoul)"), SEOUL)
        self.zone_combo.addItem(pick("각 일정의 현지 시각", "Local time of each item"), LOCAL)
        if self.viewer_tz not in (None, SEOUL):
            self.zone_combo.addItem(self.viewer_tz, self.viewer_tz)
        self.zone_combo.setCurrentIndex(max(0, self.zone_combo.findData(self.viewer_tz or LOCAL)))
        self.zone_combo.currentIndexChanged.connect(self._zone_changed)

        self.month_view = MonthView()
        self.week_view = WeekView()
        self.agenda_view = AgendaView()
        self.week_scroll = QScrollArea()
        # the day header is painted at the visible top, so it must be redrawn on every scroll
        self.week_scroll.verticalScrollBar().valueChanged.connect(lambda _v: self.week_view.update())
        self.week_scroll.setWidgetResizable(True)
        self.week_scroll.setWidget(self.week_view)
        for view in (self.month_view, self.week_view):
            view.move_handler = self.request_move
            view.activated.connect(self._activated)
            view.day_chosen.connect(self._day_chosen)
        self.agenda_view.activated.connect(self._activated)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.month_view)
        self.stack.addWidget(self.week_scroll)
        self.stack.addWidget(self.agenda_view)

        self.legend = QLabel(
            " ".join(
                f"<span style='color:{COLOURS[k]}'>■</span> {html.escape(kind_label(k))}"
                for k in (cal.MEETING, cal.ITINERARY, cal.EVENT, cal.EVENT_SESSION, cal.TRIP, cal.ACTION_DUE)
            )
            + f" <span style='color:{COLOURS[cal.ACTION_OVERDUE]}'>■</span> {html.escape(pick('기한 지남', 'Overdue'))}"
            + f" <span style='color:{HOLIDAY_COLOUR.name()}'>■</span> {html.escape(pick('공휴일', 'Public holiday'))}"
        )

        top = QHBoxLayout()
        for w in (self.today_button, self.prev_button, self.next_button):
            top.addWidget(w)
        top.addWidget(self.period_label, 1)
        top.addWidget(self.goto_field)
        top.addWidget(self.goto_button)
        top.addSpacing(12)
        for b in self.mode_buttons.values():
            top.addWidget(b)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(pick("국가", "Country")))
        filters.addWidget(self.country_combo, 1)
        filters.addWidget(QLabel(pick("주제", "Topic")))
        filters.addWidget(self.topic_combo, 1)
        filters.addWidget(QLabel(pick("시간대", "Time zone")))
        filters.addWidget(self.zone_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.legend)
        self.mode_buttons[self.mode].setChecked(True)
        self.stack.setCurrentIndex(self.MODES.index(self.mode))

    def _countries(self) -> list[tuple[str, str, str | None]]:
        countries = records.list_all(self.db, Country, Country.name_ko)
        return [(c.code, c.name_ko, c.name_en) for c in countries]

    # navigation --------------------------------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        """The first and last day the current view shows."""
        if self.mode == "month":
            month = self.anchor.replace(day=1)
            first = month - timedelta(days=month.weekday())
            return first, first + timedelta(days=41)
        if self.mode == "week":
            first = self.anchor - timedelta(days=self.anchor.weekday())
            return first, first + timedelta(days=6)
        return self.anchor, self.anchor + timedelta(days=self.AGENDA_DAYS - 1)

    def set_mode(self, mode: str) -> None:
        if mode not in self.MODES:
            raise ValueError(mode)
        self.mode = mode
        self.mode_buttons[mode].setChecked(True)
        self.stack.setCurrentIndex(self.MODES.index(mode))
        QSettings().setValue("calendar/mode", mode)
        self.reload()

    def go_to(self, day: date) -> None:
        self.anchor = day
        self.reload()

    def go_today(self) -> None:
        self.go_to(self.today)

    def step(self, n: int) -> None:
        if self.mode == "month":
            total = self.anchor.year * 12 + self.anchor.month - 1 + n
            self.anchor = date(total // 12, total % 12 + 1, 1)
        elif self.mode == "week":
            self.anchor += timedelta(days=7 * n)
        else:
            self.anchor += timedelta(days=self.AGENDA_DAYS * n)
        self.reload()

    def _goto_typed(self) -> None:
        day = self.goto_field.value()
        if isinstance(day, date):
            self.go_to(day)

    def _day_chosen(self, day: date) -> None:
        self.anchor = day
        self.set_mode("week")

    def _filters_changed(self, _index: int = 0) -> None:
        self.country = self.country_combo.currentData()
        topic = self.topic_combo.currentData()
        self.topic = uuid.UUID(topic) if topic else None
        self.reload()

    def set_country(self, code: str | None) -> None:
        self.country_combo.setCurrentIndex(max(0, self.country_combo.findData(code)))

    def set_topic(self, topic_id: Any) -> None:
        self.topic_combo.setCurrentIndex(
            max(0, self.topic_combo.findData(str(topic_id) if topic_id else None))
        )

    def set_viewer_zone(self, tz: str | None) -> None:
        """Show times in `tz` (an IANA name), or each item at its own local time (None)."""
        data = tz or LOCAL
        if self.zone_combo.findData(data) < 0:
            self.zone_combo.addItem(data, data)
        self.zone_combo.setCurrentIndex(self.zone_combo.findData(data))

    def _zone_changed(self, _index: int) -> None:
        data = self.zone_combo.currentData()
        self.viewer_tz = None if data == LOCAL else data
        QSettings().setValue("calendar/zone", data)
        self.reload()

    def _offer_zones(self) -> None:
        """Offer the zones of the items on view as viewer zones ("switch to Montreal time")."""
        for tz in dict.fromkeys(i.local_tz for i in self.items if i.local_tz):
            if self.zone_combo.findData(tz) < 0:
                self.zone_combo.blockSignals(True)
                self.zone_combo.addItem(tz, tz)
                self.zone_combo.blockSignals(False)

    # loading -----------------------------------------------------------------------------------------
    def viewer_name(self) -> str:
        if self.viewer_tz is None:
            return pick("현지", "Local")
        if self.viewer_tz == SEOUL:
            return pick("서울", "Seoul")
        return self.viewer_tz.rsplit("/", 1)[-1].replace("_", " ")

    def _span(self) -> tuple[date, date]:
        """The days read from the database: for the month and the week views the whole month
        grid around the anchor (it holds the anchor's week), so that switching between them,
        or moving a week within the month, reads nothing again."""
        if self.mode == "agenda":
            return self.period()
        month = self.anchor.replace(day=1)
        first = month - timedelta(days=month.weekday())
        return first, first + timedelta(days=41)

    def reload(self) -> None:
        """Show the current period: from what was read already when it covers the period with
        the same filters, else from the database."""
        first, last = self.period()
        key = (*self._span(), self.viewer_tz, self.country, self.topic, self.today)
        if self._loaded is None or not self._covers(self._loaded[0], key):
            self._loaded = (key, *self._read(key[0], key[1]))
        _key, items, holidays = self._loaded
        self.items = [i for i in items if i.start_date <= last and i.end_date >= first]
        self.holidays = defaultdict(list, {d: h for d, h in holidays.items() if first <= d <= last})
        self._offer_zones()
        self._show()
        self._dirty = False

    @staticmethod
    def _covers(loaded: tuple[Any, ...], wanted: tuple[Any, ...]) -> bool:
        return loaded[2:] == wanted[2:] and loaded[0] <= wanted[0] and wanted[1] <= loaded[1]

    def _read(self, first: date, last: date) -> tuple[list[CalendarItem], dict[date, list[Holiday]]]:
        items = cal.items_between(
            self.db,
            first,
            last,
            self.viewer_tz,
            countries=[self.country] if self.country else None,
            topic_ids=[self.topic] if self.topic is not None else None,
            today=self.today,
        )
        countries = [self.country] if self.country else ["KR", *cal.countries_of(items)]
        holidays: dict[date, list[Holiday]] = defaultdict(list)
        # Korea's own holidays first: they decide whether the office is open.
        for h in sorted(
            holiday_service.holidays_between(countries, first, last),
            key=lambda h: (h.date, h.country_code != "KR", h.country_code),
        ):
            holidays[h.date].append(h)
        return items, holidays

    def _show(self) -> None:
        first, last = self.period()
        local_mode = self.viewer_tz is None
        if self.mode == "month":
            self.month_view.set_month(self.anchor)
            self.month_view.set_data(self.items, self.holidays, self.today, local_mode, self.viewer_name())
            title = pick(f"{self.anchor.year}년 {self.anchor.month}월", f"{self.anchor:%B %Y}")
        elif self.mode == "week":
            self.week_view.set_days(first)
            self.week_view.set_data(self.items, self.holidays, self.today, local_mode, self.viewer_name())
            title = f"{format_date(first)} – {format_date(last)}"
        else:
            days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
            self.agenda_view.set_data(days, self.items, self.holidays, self.today, local_mode)
            title = f"{format_date(first)} – {format_date(last)}"
        self.period_label.setText(title)

    def _forget_on_commit(self) -> None:
        """Drop what was read as soon as any commit touches what the calendar shows (only a
        flag, in the committing thread), so that a switch of view never shows stale items,
        even before the change reaches `refresh`. Held weakly: a closed page stops listening."""
        ref = weakref.ref(self)
        hub = self.db.changes

        def forget(changes: Changes) -> None:
            page = ref()
            if page is None:
                hub.unsubscribe(forget)
            elif changes.touches(*TABLES_SHOWN):
                page._loaded = None

        hub.subscribe(forget)
        self._forget = forget

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is not None and not changes.touches(*TABLES_SHOWN):
            return
        self._loaded = None  # what was read is out of date
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()
        if self.mode == "week" and not getattr(self, "_scrolled", False):
            self.scroll_to_first_item()
            self._scrolled = True

    def scroll_to_first_item(self) -> None:
        """Show the week from its first timed item (or 08:00), not from midnight."""
        starts = [it.start for it in self.week_view.visible_items() if it.start is not None and not it.all_day]
        minutes = min((s.hour * 60 + s.minute for s in starts), default=8 * 60)
        self.week_scroll.verticalScrollBar().setValue(int(self.week_view._y(min(minutes, 8 * 60))) - 60)

    def current_view(self) -> QWidget:
        return {"month": self.month_view, "week": self.week_view, "agenda": self.agenda_view}[self.mode]

    def _activated(self, item: CalendarItem) -> None:
        self.open_record.emit(item.record_kind, item.record_id)

    # moving --------------------------------------------------------------------------------------------
    @classmethod
    def ask(cls, parent: QWidget, title: str, text: str) -> bool:
        """Ask before a move onto a holiday or weekend (tests patch this)."""
        answer = QMessageBox.question(
            parent,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def inform(cls, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def request_move(self, item: CalendarItem, day: date, at: time | None = None) -> bool:
        """Move a meeting or a deadline to `day` (and `at`, a time in the viewer's zone or, in
        the local-time view, at the place), as a drop does. Returns whether it moved."""
        title = pick("일정 옮기기", "Move")
        if item.kind == cal.MEETING:
            if at is None:
                local_day, local_time = item.local_start_date + (day - item.start_date), None
            elif self.viewer_tz is not None and item.local_tz:
                when = datetime.combine(day, at, tzinfo=ZoneInfo(self.viewer_tz))
                local_day, local_time = cal.viewer_to_local(when, item.local_tz)
            else:
                local_day, local_time = day, at
            if local_day == item.local_start_date and local_time in (None, item.local_start_time):
                return False
            what = f"{item.title}: {format_date(local_day)}" + (f" {local_time:%H:%M}" if local_time else "")
        elif item.kind == cal.ACTION_DUE:
            local_day, local_time = day, None
            if (
                day == item.start_date
                and item.due_precision is not None
                and item.due_precision.value == "day"
            ):
                return False
            what = f"{item.title}: {format_date(day)}"
        else:
            return False
        warnings = holiday_service.warnings_for(local_day, item.country_code)
        if warnings:
            question = (
                "\n".join(warnings) + "\n\n" + pick(f"그래도 옮길까요?\n{what}", f"Move it anyway?\n{what}")
            )
            if not self.ask(self, title, question):
                return False
        try:
            if item.kind == cal.MEETING:
                cal.move_meeting(self.db, item.record_id, local_day, local_time)
            else:
                cal.move_due(self.db, item.record_id, local_day)
        except DomainError as exc:
            self.inform(self, title, str(exc))
            return False
        self._loaded = None  # read the moved item again, whenever the change reaches the page
        self.reload()
        return True


__all__ = ["AgendaView", "CalendarPage", "MonthView", "WeekView", "item_line", "local_beside"]
