"""Render the application icon (resources/icons/tracker.svg) to the PNG sizes desktops ask for
and to a Windows .ico holding them:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841 (fonts, plugins)
    svg = ICONS / "tracker.svg"
    pngs = {size: render(svg, size) for size in SIZES}
    for size, data in pngs.items():
        (ICONS / f"tracker-{size}.png").write_bytes(data)
    images = [Image.open(io.BytesIO(pngs[s])) for s in ICO_SIZES]
    images[-1].save(ICONS / "tracker.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])
    print(f"wrote {len(pngs)} PNG sizes and tracker.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
