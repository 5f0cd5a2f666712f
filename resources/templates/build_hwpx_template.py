"""Make trip_report.hwpx, the template the HWPX trip report is written on.

It starts from python-hwpx's blank document (the package the library measures against
Hancom Office), and sets A4 with the report's margins (page numbers are left to the user's Hancom settings:
the library's page-number helper writes two numbering controls).
The report writer adds its own character and paragraph shapes, so a template saved from
Hancom Office (same name, one section, its first paragraph empty) can replace this file.

    .venv/bin/python resources/templates/build_hwpx_template.py
"""

from __future__ import annotations

from pathlib import Path

from hwpx import HwpxDocument

HERE = Path(__file__).resolve().parent
TARGET = HERE / "trip_report.hwpx"


def build(target: Path = TARGET) -> Path:
    doc = HwpxDocument.new()
    doc.page.setup(
        paper_size="A4",
        margin_left_mm=20,
        margin_right_mm=20,
        margin_top_mm=15,
        margin_bottom_mm=15,
        header_margin_mm=8,
        footer_margin_mm=8,
    )
    doc.save_to_path(target)
    check = HwpxDocument.open(target)
    report = check.validate()
    if report.issues:
        raise SystemExit(f"template does not validate: {report.issues}")
    return target


if __name__ == "__main__":
    print(build())
