"""The application icon and the section icons (resources/icons/, drawn for tracker in one style:
see resources/icons/LICENSE.md). Section icons are drawn in `currentColor`, replaced here by
the palette's text colour so that they read on light and dark themes alike."""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QImage, QPainter, QPalette, QPixmap

from tracker import config

ICONS_DIR = config.RESOURCES_DIR / "icons"
SECTIONS_DIR = ICONS_DIR / "sections"
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SECTION_SIZES = (16, 20, 24, 32, 40, 48)


def app_icon() -> QIcon:
    """The window, taskbar and tray icon, from the pre-rendered PNG sizes (no SVG engine needed)."""
    icon = QIcon()
    for size in APP_ICON_SIZES:
        path = ICONS_DIR / f"tracker-{size}.png"
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    return icon


def section_icon_names() -> list[str]:
    return sorted(p.stem for p in SECTIONS_DIR.glob("*.svg"))


def section_icon(name: str) -> QIcon:
    """The icon of a section or menu entry ('trips', 'help'), in the current text colour."""
    palette = QGuiApplication.palette()
    return _section_icon(name, palette.color(QPalette.ColorRole.WindowText).name())


@cache
def _section_icon(name: str, color: str) -> QIcon:
    path = SECTIONS_DIR / f"{name}.svg"
    if not path.exists():
        return QIcon()
    svg = path.read_text(encoding="utf-8").replace("currentColor", color)
    return QIcon(_DrawnWhenAsked(QByteArray(svg.encode("utf-8"))))


class _DrawnWhenAsked(QIconEngine):
    """A section icon drawn from its SVG at the size a view asks for, when it first asks (then
    kept), no larger than SECTION_SIZES' largest: drawing the sidebar's icons at six sizes each
    up front cost the start 6 ms before the window could show. Other modes than Normal are made
    from the Normal drawing by the style, as Qt does for an icon made of pixmaps."""

    def __init__(self, svg: QByteArray) -> None:
        super().__init__()
        self._svg = svg
        self._renderer: Any = None
        self._drawn: dict[tuple[int, int], QPixmap] = {}

    def clone(self) -> QIconEngine:
        return _DrawnWhenAsked(self._svg)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:  # noqa: N802
        side = min(size.width(), size.height(), SECTION_SIZES[-1])
        return QSize(side, side)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:  # noqa: N802
        logical = self.actualSize(size, mode, state)
        side = round(logical.width() * scale)
        pixmap = self._drawn.get((side, 0))
        if pixmap is None:
            pixmap = self._drawn[(side, 0)] = self._draw(side)
        if mode != QIcon.Mode.Normal:
            pixmap = self._styled(pixmap, mode)
        result = QPixmap(pixmap)
        result.setDevicePixelRatio(scale)
        return result

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def _draw(self, side: int) -> QPixmap:
        if side <= 0:
            return QPixmap()
        if self._renderer is None:
            from PySide6.QtSvg import QSvgRenderer  # loaded with the first icon drawn

            self._renderer = QSvgRenderer(self._svg)
        image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer.render(painter, QRectF(0, 0, side, side))
        painter.end()
        return QPixmap.fromImage(image)

    @staticmethod
    def _styled(pixmap: QPixmap, mode: QIcon.Mode) -> QPixmap:
        from PySide6.QtWidgets import QApplication, QStyleOption

        option = QStyleOption()
        option.palette = QGuiApplication.palette()
        return QApplication.style().generatedIconPixmap(mode, pixmap, option)
