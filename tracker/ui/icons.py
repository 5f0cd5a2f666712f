"""The application icon and the section icons (resources/icons/, drawn for tracker in one style:
see resources/icons/LICENSE.md). Section icons are drawn in `currentColor`, replaced here by
the palette's text colour so that they read on light and dark themes alike."""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QImage, QPainter, QPalette, QPixmap

from tracker import config

ICONS_DIR = config.RESOURCES_DIR / "icons"
SECTIONS_DIR = ICONS_DIR / "sections"
# Not tracker-512.png (it is for the installed icon theme): on X11 a window hands every size
# of its icon to the window manager as raw pixels when it first shows, and the 512 alone (1 MB)
# cost the start 8 ms. Task switchers ask 256 at most.
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
SECTION_SIZES = (16, 20, 24, 32, 40, 48)


@cache
def app_icon() -> QIcon:
    """The window, taskbar and tray icon, from the pre-rendered PNG sizes (no SVG engine
    needed); one icon for every window, so each size is read once."""
    icon = QIcon()
    for size in APP_ICON_SIZES:
        path = ICONS_DIR / f"tracker-{size}.png"
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    return icon


def section_icon_names() -> list[str]:
    return sorted(p.stem for p in SECTIONS_DIR.glob("*.svg"))


def section_icon(name: str) -> QIcon:
    """The icon of a section or menu entry ('trips', 'help'), in the current text colour: the
    palette's greyed text colour when disabled, its highlighted-text colour when selected."""
    palette = QGuiApplication.palette()
    colors = (
        palette.color(QPalette.ColorRole.WindowText).name(),
        palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name(),
        palette.color(QPalette.ColorRole.HighlightedText).name(),
    )
    return _section_icon(name, colors)


@cache
def _section_icon(name: str, colors: tuple[str, str, str]) -> QIcon:
    path = SECTIONS_DIR / f"{name}.svg"
    if not path.exists():
        return QIcon()
    return QIcon(_DrawnWhenAsked(path.read_text(encoding="utf-8"), colors))


class _DrawnWhenAsked(QIconEngine):
    """A section icon drawn from its SVG at the size a view asks for, when it first asks (then
    kept), no larger than SECTION_SIZES' largest: drawing the sidebar's icons at six sizes each
    up front cost the start 6 ms before the window could show. A line drawing in one colour,
    it is drawn again in the colour of the text beside it when greyed or selected (the style's
    generated forms tint it instead, and asking the style builds QStyle's enums before the
    window first shows)."""

    def __init__(self, svg: str, colors: tuple[str, str, str]) -> None:
        super().__init__()
        self._svg = svg
        self._colors = colors  # normal, disabled, selected
        self._renderers: dict[str, Any] = {}
        self._drawn: dict[tuple[int, str], QPixmap] = {}

    def clone(self) -> QIconEngine:
        return _DrawnWhenAsked(self._svg, self._colors)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        side = min(size.width(), size.height(), SECTION_SIZES[-1])
        return QSize(side, side)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:  # noqa: N802
        logical = self.actualSize(size, mode, state)
        side = round(logical.width() * scale)
        color = self._color(mode)
        pixmap = self._drawn.get((side, color))
        if pixmap is None:
            pixmap = self._drawn[(side, color)] = self._draw(side, color)
        result = QPixmap(pixmap)
        result.setDevicePixelRatio(scale)
        return result

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def _color(self, mode: QIcon.Mode) -> str:
        if mode == QIcon.Mode.Disabled:
            return self._colors[1]
        return self._colors[2] if mode == QIcon.Mode.Selected else self._colors[0]

    def _draw(self, side: int, color: str) -> QPixmap:
        if side <= 0:
            return QPixmap()
        renderer = self._renderers.get(color)
        if renderer is None:
            from PySide6.QtSvg import QSvgRenderer  # loaded with the first icon drawn

            svg = self._svg.replace("currentColor", color)
            renderer = self._renderers[color] = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        # Transparent from zeroed pixels: `fill()` makes PySide build the `Qt` namespace's enums
        # (10 ms) to choose its overload, and the sidebar's icons are drawn in the first paint.
        blank = bytes(side * side * 4)
        image = QImage(blank, side, side, side * 4, QImage.Format.Format_ARGB32_Premultiplied).copy()
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, side, side))
        painter.end()
        return QPixmap.fromImage(image)
