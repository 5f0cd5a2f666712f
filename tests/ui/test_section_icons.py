"""Section icons are drawn from their SVG at the size a view asks for, when it asks (the window
opens without drawing them at every size first), in the colour of the text beside them:
normal, greyed, or on a selected row."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgRenderer

from tracker.ui.icons import SECTIONS_DIR, section_icon


def _drawn(name: str, side: int, color: QColor | None = None) -> QImage:
    """The SVG drawn directly at `side` pixels, in `color` (the text colour)."""
    color = color or QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    svg = (SECTIONS_DIR / f"{name}.svg").read_text(encoding="utf-8").replace("currentColor", color.name())
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(QByteArray(svg.encode("utf-8"))).render(painter, QRectF(0, 0, side, side))
    painter.end()
    return image


def _same(a: QImage, b: QImage) -> bool:
    fmt = QImage.Format.Format_ARGB32
    return a.convertToFormat(fmt) == b.convertToFormat(fmt)


def test_an_icon_is_drawn_at_the_size_asked_and_no_larger_than_48(qapp):
    icon = section_icon("meetings")
    for side in (16, 22, 24, 36, 48):  # 22 and 36: drawn there, not a larger size scaled down
        assert _same(icon.pixmap(side, side).toImage(), _drawn("meetings", side)), side
    assert icon.pixmap(64, 64).size().width() == 48  # never blown up past the largest drawing


def test_greyed_and_selected_icons_take_the_colour_of_the_text_beside_them(qapp):
    icon = section_icon("trips")
    palette = QGuiApplication.palette()
    greyed = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    selected = palette.color(QPalette.ColorRole.HighlightedText)
    for mode, color in ((QIcon.Mode.Disabled, greyed), (QIcon.Mode.Selected, selected)):
        got = icon.pixmap(24, 24, mode).toImage()
        assert _same(got, _drawn("trips", 24, color)), mode
        assert not _same(got, icon.pixmap(24, 24).toImage()), mode
