"""What the calendar views share: colours, the lines and tooltips of an item, and the painted
view with hit-testing, tooltips, click-to-open and drag-to-move.

The colours (COLOURS, Scheme, contrast …) are in tracker.ui.calendar.colours and still
importable from here."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from tracker.domain import vocabulary
from tracker.domain.dates import MONTHS_EN, WEEKDAYS_EN, WEEKDAYS_KO
from tracker.domain.i18n import language, pick
from tracker.services import calendar as cal
from tracker.services import holidays as holiday_service
from tracker.services.calendar import CalendarItem
from tracker.services.holidays import Holiday
from tracker.ui.calendar.colours import (  # noqa: F401
    COLOURS,
    DARK_TEXT,
    GRID,
    HOLIDAY_COLOUR,
    LIGHT_TEXT,
    READABLE,
    TODAY_FILL,
    WEEKEND_FILL,
    Scheme,
    blend,
    colour_of,
    contrast,
    luminance,
    readable_fill,
    text_on,
)
from tracker.ui.format import format_date

SEOUL = cal.SEOUL
LOCAL = "local"  # the zone choice "each item at its own local time"

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


def kind_label(kind: str) -> str:
    ko, en = KIND_LABELS.get(kind, (kind, kind))
    return pick(ko, en)


def weekday_name(d: date) -> str:
    return pick(WEEKDAYS_KO[d.weekday()], WEEKDAYS_EN[d.weekday()])


def short_day(d: date) -> str:
    """12.8.(월) / Mon 8 Dec, whatever the system's locale."""
    return pick(
        f"{d.month}.{d.day}.({WEEKDAYS_KO[d.weekday()]})",
        f"{WEEKDAYS_EN[d.weekday()]} {d.day} {MONTHS_EN[d.month - 1]}",
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


# ------------------------------------------------------------------------------------------------
# Painted views
# ------------------------------------------------------------------------------------------------


class _Same:
    """Objects compared by identity: equal to a tuple holding the very same objects."""

    __slots__ = ("objects",)

    def __init__(self, *objects: Any) -> None:
        self.objects = objects

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, tuple)
            and len(other) == len(self.objects)
            and all(a is b for a, b in zip(self.objects, other, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]


@dataclass(slots=True)
class Block:
    """An item's block (week) or bar (month) as laid out: where, the lines that fit, colours."""

    rect: QRectF
    item: CalendarItem
    lines: list[str]
    border: QColor
    fill: QColor
    text: QColor


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
        self.viewer_name = vocabulary.SEOUL()
        self.move_handler: Callable[[CalendarItem, date, time | None], bool] | None = None
        self._hits: list[tuple[QRectF, CalendarItem]] = []
        self._more: list[tuple[QRectF, date]] = []
        self._press: tuple[QPointF, CalendarItem | None] | None = None
        self._drag: CalendarItem | None = None
        self._drag_pos: QPointF | None = None
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        self.scheme = Scheme.of(self.palette())
        self._laid_out: tuple[Any, ...] | None = None  # what the current layout was made from
        self._laid_data = _Same(None, None)

    # data ---------------------------------------------------------------------------------------
    def set_data(
        self,
        items: list[CalendarItem],
        holidays: dict[date, list[Holiday]],
        today: date,
        local_mode: bool,
        viewer_name: str,
    ) -> None:
        """Show `items`; the layout is made again only when something it depends on changed
        (the page hands the same list again for a period it has shown before)."""
        self.items = items
        self.holidays = holidays
        self.today = today
        self.local_mode = local_mode
        self.viewer_name = viewer_name
        if self._layout_inputs() != self._laid_out or self._laid_data != (self.items, self.holidays):
            self.relayout()
            self.update()

    def _layout_inputs(self) -> tuple[Any, ...]:
        """Everything a layout depends on but the items and holidays (compared by identity:
        the page keeps them per period until something changes)."""
        return (
            self.today,
            self.local_mode,
            self.viewer_name,
            language(),
            self.width(),
            self.height(),
            self.palette().cacheKey(),
            self._period(),
        )

    def _period(self) -> Any:
        return None

    def relayout(self) -> None:
        self.scheme = Scheme.of(self.palette())
        self._laid_out = self._layout_inputs()
        self._laid_data = _Same(self.items, self.holidays)
        self._lay_out()

    def _lay_out(self) -> None:
        raise NotImplementedError

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a dark or light palette: new colours
            self.relayout()
            self.update()

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
            elif (more := self.more_tooltip(e.pos())) is not None:
                QToolTip.showText(e.globalPos(), more, self)
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

    def more_tooltip(self, pos: QPointF | QPoint) -> str | None:
        """The tooltip of a "+N" mark at `pos` (the items it counts), if there is one."""
        return None

    @staticmethod
    def _holiday_text(h: Holiday) -> str:
        return f"{h.country_code} {h.name}"

    # painting helpers -----------------------------------------------------------------------------
    def _block(self, rect: QRectF, item: CalendarItem, lines: list[str], fm: QFontMetrics) -> Block:
        """A block or bar with its lines cut to its width and height (the first always shown)."""
        border, fill, text = self.scheme.block(item)
        width = max(0, int(rect.width() - 5))
        fitting = max(1, int((rect.height() + 2) // fm.height()))
        shown = [fm.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines[:fitting]]
        return Block(rect, item, shown, border, fill, text)

    @staticmethod
    def _paint_blocks(
        p: QPainter, blocks: Iterable[Block], fm: QFontMetrics, clip: QRectF | None = None
    ) -> None:
        """Fill and frame each block, then write its lines in the colour chosen for its fill.
        Square corners without antialiasing: a busy week has hundreds of blocks, and rounded
        antialiased corners were most of the time a month/week switch took."""
        smooth = p.testRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        ascent, line_h = fm.ascent() + 1, fm.height()
        for b in blocks:
            if clip is not None and (b.rect.bottom() < clip.top() or b.rect.top() > clip.bottom()):
                continue
            p.setPen(b.border)
            p.setBrush(b.fill)
            p.drawRect(b.rect.adjusted(0.5, 0.5, -0.5, -0.5))
            p.setPen(b.text)
            x, y = b.rect.left() + 3, b.rect.top() + ascent
            for line in b.lines:
                p.drawText(QPointF(x, y), line)
                y += line_h
        p.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)

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
