"""Section icons are drawn from their SVG at the size a view asks for, when it asks (the window
opens without drawing them at every size first), and look as before: the text colour, the
style's greyed and selected forms."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyleOption

from tracker.ui.icons import SECTIONS_DIR, section_icon


def _drawn(name: str, side: int) -> QImage:
    """The SVG drawn directly at `side` pixels, in the text colour."""
    color = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    svg = (SECTIONS_DIR / f"{name}.svg").read_text(encoding="utf-8").replace("currentColor", color)
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


def test_greyed_and_selected_icons_are_the_style_s_forms_of_the_drawing(qapp):
    icon = section_icon("trips")
    normal = icon.pixmap(24, 24)
    option = QStyleOption()
    option.palette = QGuiApplication.palette()
    for mode in (QIcon.Mode.Disabled, QIcon.Mode.Selected):
        expected = QApplication.style().generatedIconPixmap(mode, normal, option)
        got = icon.pixmap(24, 24, mode)
        assert _same(got.toImage(), expected.toImage()), mode
        assert not _same(got.toImage(), normal.toImage()), mode
