"""The calendar's colours: one per kind of item, the light palette's fills and lines, and the
scheme a view paints with, derived from its palette (dark as well as light) so that a
block's text keeps a readable contrast on its fill."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from tracker.services import calendar as cal
from tracker.services.calendar import CalendarItem

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
# The light palette's colours; a view paints with `Scheme.of(its palette)`, which derives them
# from the palette (dark as well as light).
HOLIDAY_COLOUR = QColor("#c62828")
TODAY_FILL = QColor(255, 244, 200, 150)
WEEKEND_FILL = QColor(0, 0, 0, 10)
GRID = QColor("#dadce0")
DARK_TEXT = QColor("#202124")
LIGHT_TEXT = QColor("#ffffff")


def colour_of(item: CalendarItem) -> QColor:
    return QColor(COLOURS.get(item.colour, COLOURS.get(item.kind, "#607d8b")))


def luminance(c: QColor) -> float:
    """Relative luminance (WCAG 2) of an opaque colour."""

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """Contrast ratio (WCAG 2) of two opaque colours: 1 (none) to 21 (black on white)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def blend(top: QColor, alpha: float, under: QColor) -> QColor:
    """The opaque colour of `top` painted at `alpha` (0-1) over `under`."""
    return QColor.fromRgbF(
        top.redF() * alpha + under.redF() * (1 - alpha),
        top.greenF() * alpha + under.greenF() * (1 - alpha),
        top.blueF() * alpha + under.blueF() * (1 - alpha),
    )


def text_on(fill: QColor) -> QColor:
    """Dark or light text, whichever reads better on `fill`."""
    return DARK_TEXT if contrast(DARK_TEXT, fill) >= contrast(LIGHT_TEXT, fill) else LIGHT_TEXT


class Scheme:
    """The calendar's colours for one palette: fills blended over the palette's base, the text
    on each fill chosen by contrast, and the grid, today, weekend and holiday colours made to
    show on a dark base as on a light one."""

    _cache: dict[int, Scheme] = {}

    def __init__(self, palette: QPalette) -> None:
        self.base = palette.base().color()
        self.text = palette.text().color()
        self.dark = luminance(self.base) < 0.4
        self.grid = blend(self.text, 0.18, self.base)
        # opaque (blended here, once): filling whole columns with a translucent colour was a
        # good part of painting a week
        self.weekend = blend(self.text, 12 / 255, self.base)
        if self.dark:
            self.today = blend(palette.highlight().color(), 70 / 255, self.base)
        else:
            self.today = blend(TODAY_FILL, TODAY_FILL.alphaF(), self.base)
        self.holiday = next(
            (
                QColor(c)
                for c in ("#c62828", "#e53935", "#ff6f60", "#ff8a80")
                if contrast(QColor(c), self.base) >= 4.5
            ),
            QColor("#ff8a80"),
        )
        self.faint = palette.placeholderText().color()
        self.link = palette.link().color()
        if contrast(self.link, self.base) < 4.5:
            self.link = blend(self.link, 0.5, self.text)
        self.more_fill = blend(self.text, 0.08, self.base)
        self._blocks: dict[tuple[str, bool], tuple[QColor, QColor, QColor]] = {}

    @classmethod
    def of(cls, palette: QPalette) -> Scheme:
        key = palette.cacheKey()
        scheme = cls._cache.get(key)
        if scheme is None:
            if len(cls._cache) > 16:
                cls._cache.clear()
            scheme = cls._cache[key] = cls(palette)
        return scheme

    def block(self, item: CalendarItem) -> tuple[QColor, QColor, QColor]:
        """(border, fill, text) of an item's block or bar: an all-day bar lightly tinted, a
        timed block strongly; the text dark or light by the contrast with the fill."""
        key = (item.colour or item.kind, item.all_day)
        found = self._blocks.get(key)
        if found is None:
            colour = colour_of(item)
            fill = readable_fill(colour, 0.24 if item.all_day else 0.8, self.base)
            found = self._blocks[key] = (colour, fill, text_on(fill))
        return found


READABLE = 7.0  # contrast asked of a block's text: 4.5 is the floor, and small antialiased text
# on a fill measured at exactly 4.5 falls below it on screen


def readable_fill(colour: QColor, alpha: float, base: QColor) -> QColor:
    """`colour` blended over `base` at `alpha`, paler (nearer the base) where needed until dark
    or light text on it reaches READABLE contrast."""
    fill = blend(colour, alpha, base)
    while contrast(text_on(fill), fill) < READABLE and alpha > 0.2:
        alpha -= 0.05
        fill = blend(colour, alpha, base)
    return fill
