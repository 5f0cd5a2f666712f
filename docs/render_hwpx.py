"""Render HWPX pages to PNG with an independent HWPX layout engine, for people to look at.

    .venv/bin/python docs/render_hwpx.py                      # the demo trip report -> docs/report-pages/hwpx-N.png
    .venv/bin/python docs/render_hwpx.py FILE.hwpx --out DIR  # any HWPX file -> DIR/hwpx-N.png

Hancom Office does not run on Linux and LibreOffice reads no HWPX, so the pages are laid out
by rhwp (the `hwp-ingest` wheel, a test dependency: `pip install -e '.[test]'`), which trusts
the geometry stored in the file the way web and mobile viewers do, and drawn to PNG with Qt's
SVG renderer and the bundled NanumGothic font.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEMO_TRIP = "G7 디지털기술 장관회의"


def svg_pages(data: bytes) -> list[bytes]:
    import hwp_ingest

    return hwp_ingest.to_svg_pages(data)


def _qt_app():  # type: ignore[no-untyped-def]
    """A QGuiApplication (offscreen where there is no display) with the bundled Korean font,
    so Hangul is drawn whichever fonts the machine has."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    from tracker.export.report import fonts

    app = QGuiApplication.instance() or QGuiApplication([])
    for font in fonts.font_files():
        QFontDatabase.addApplicationFont(str(font))
    return app


def svg_to_png(svg: bytes, target: Path, width: int = 700) -> Path:
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _qt_app()
    renderer = QSvgRenderer(QByteArray(svg))
    size = renderer.defaultSize()
    height = round(width * size.height() / max(size.width(), 1))
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target), "PNG"):
        raise OSError(f"cannot write {target}")
    return target


def render_file(hwpx: Path, out: Path, prefix: str = "hwpx", width: int = 700) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"{prefix}-*.png"):
        old.unlink()
    pages = svg_pages(hwpx.read_bytes())
    return [svg_to_png(svg, out / f"{prefix}-{i}.png", width) for i, svg in enumerate(pages, start=1)]


def render_demo(out: Path, width: int = 700) -> list[Path]:
    from tracker.db.store import open_database
    from tracker.export.demo import load_demo
    from tracker.export.report import ReportOptions, write_trip_report
    from tracker.services.trips import resolve_trip

    with tempfile.TemporaryDirectory(prefix="hwpx-render-") as tmp_name:
        tmp = Path(tmp_name)
        db, _ = open_database(tmp / "demo.sqlite3")
        try:
            load_demo(db)
            trip = resolve_trip(db, DEMO_TRIP)
            write_trip_report(db, trip.id, tmp / "report.hwpx", ReportOptions())
        finally:
            db.dispose()
        return render_file(tmp / "report.hwpx", out, width=width)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, help="an .hwpx file (default: the demo trip report)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report-pages")
    parser.add_argument("--width", type=int, default=660, help="page width in pixels")
    args = parser.parse_args(argv)
    pages = (
        render_file(args.file, args.out, width=args.width) if args.file else render_demo(args.out, args.width)
    )
    for page in pages:
        print(page.relative_to(ROOT) if page.is_relative_to(ROOT) else page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
