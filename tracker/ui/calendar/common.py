"""What the calendar views share: colours, the lines and tooltips of an item, and the painted
view with hit-testing, tooltips, click-to-open and drag-to-move."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QToolTip,
    QWidget,
)

from tracker.domain.dates import WEEKDAYS_EN, WEEKDAYS_KO
from tracker.domain.i18n import pick
from tracker.services import calendar as cal
from tracker.services import holidays as holiday_service
from tracker.services.calendar import CalendarItem
from tracker.services.holidays import Holiday
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

