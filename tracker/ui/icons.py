"""The application icon and the section icons (resources/icons/, drawn for tracker in one style:
see resources/icons/LICENSE.md). Section icons are drawn in `currentColor`, replaced here by
the palette's text colour so that they read on light and dark themes alike."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPalette, QPixmap

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
    from PySide6.QtSvg import QSvgRenderer  # loaded with the first icon, not at import

    path = SECTIONS_DIR / f"{name}.svg"
    if not path.exists():
        return QIcon()
    svg = path.read_text(encoding="utf-8").replace("currentColor", color)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    for size in SECTION_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        icon.addPixmap(QPixmap.fromImage(image))
    return icon
