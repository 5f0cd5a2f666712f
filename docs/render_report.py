"""Render the demo trip report's DOCX and PDF to PNG pages, for people to look at.

    .venv/bin/python docs/render_report.py [--out docs/report-pages] [--dpi 80]

Loads the demo data into a throwaway database, writes the report as DOCX and PDF, turns the
DOCX into PDF with LibreOffice (headless; it only serves to see the Word file as Word users
roughly will) and both PDFs into PNG pages with pdftoppm:

    docs/report-pages/docx-1.png, docx-2.png ...   the Word file, as LibreOffice lays it out
    docs/report-pages/pdf-1.png, pdf-2.png ...     the app's own PDF

Needs `libreoffice-writer-nogui` and `poppler-utils` (Debian packages).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.db.store import open_database  # noqa: E402
from tracker.export.demo import load_demo  # noqa: E402
from tracker.export.report import ReportOptions, write_trip_report  # noqa: E402
from tracker.services.trips import resolve_trip  # noqa: E402

DEMO_TRIP = "G7 디지털기술 장관회의"


def _need(tool: str, package: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise SystemExit(f"{tool} not found: apt-get install -y {package}")
    return path


def _pages(pdf: Path, out: Path, prefix: str, dpi: int) -> list[Path]:
    for old in out.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(
        [_need("pdftoppm", "poppler-utils"), "-r", str(dpi), "-png", str(pdf), str(out / prefix)], check=True
    )
    # pdftoppm numbers pages with leading zeros when there are ten or more: make them plain.
    pages = []
    for png in sorted(out.glob(f"{prefix}-*.png")):
        number = int(png.stem.rsplit("-", 1)[1])
        target = out / f"{prefix}-{number}.png"
        png.rename(target)
        pages.append(target)
    return sorted(pages, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def render(out: Path, dpi: int = 80) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise SystemExit("LibreOffice not found: apt-get install -y libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="report-render-") as tmp_name:
        tmp = Path(tmp_name)
        db, _ = open_database(tmp / "demo.sqlite3")
        try:
            load_demo(db)
            trip = resolve_trip(db, DEMO_TRIP)
            docx, pdf = tmp / "report.docx", tmp / "report.pdf"
            write_trip_report(db, trip.id, docx, ReportOptions())
            write_trip_report(db, trip.id, pdf, ReportOptions())
        finally:
            db.dispose()
        home = tmp / "home"  # LibreOffice needs a writable profile folder
        home.mkdir()
        env = {**os.environ, "HOME": str(home)}
        subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "lo"), str(docx)],
            check=True,
            env=env,
            capture_output=True,
            timeout=300,
        )
        pages = _pages(tmp / "lo" / "report.pdf", out, "docx", dpi)
        pages += _pages(pdf, out, "pdf", dpi)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report-pages")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args(argv)
    for page in render(args.out, args.dpi):
        print(page.relative_to(ROOT) if page.is_relative_to(ROOT) else page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
