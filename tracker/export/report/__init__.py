"""The trip result report (출장 결과보고) from a trip's records.

`build_report` turns a trip dossier into a format-neutral `Report` (model.py, built by
builder.py); one writer per format renders it: DOCX, PDF (bundled Korean font embedded),
HWPX (on a template), Markdown and self-contained HTML for the in-app preview.

    report = build_report(db, trip.id, ReportOptions(restricted=Restricted.MASK))
    html = render_html(report)
    write_trip_report(db, trip.id, Path("결과보고.docx"))
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

from tracker.db.engine import Database
from tracker.export.atomic import atomic_write
from tracker.export.report.builder import build_report, report_from_dossier
from tracker.export.report.html import render_html
from tracker.export.report.markdown import render_markdown
from tracker.export.report.model import (
    MASK,
    SECTIONS,
    Report,
    ReportOptions,
    Restricted,
    parse_sections,
)

FORMATS = ("docx", "pdf", "hwpx", "md", "html")
_SUFFIX_FORMAT = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".hwpx": "hwpx",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}


def format_of(path: Path) -> str | None:
    return _SUFFIX_FORMAT.get(Path(path).suffix.lower())


def write_report(report: Report, path: Path, fmt: str | None = None, *, author: str | None = None) -> Path:
    """Write `report` to `path` in `fmt` (default: from the file name), all or nothing.
    `author` (the user's name setting) goes into the file's properties; none: the report's own."""
    path = Path(path)
    if author is not None:
        report = dataclasses.replace(report, author=author)
    fmt = fmt or format_of(path)
    if fmt == "md":
        with atomic_write(path, newline="\n") as fh:
            fh.write(render_markdown(report))
    elif fmt == "html":
        with atomic_write(path, newline="\n") as fh:
            fh.write(render_html(report))
    elif fmt == "docx":
        from tracker.export.report.docx_writer import write_docx

        with atomic_write(path, "wb") as fh:
            write_docx(report, fh)
    elif fmt == "pdf":
        from tracker.export.report.pdf_writer import write_pdf

        with atomic_write(path, "wb") as fh:
            write_pdf(report, fh)
    elif fmt == "hwpx":
        from tracker.export.report.hwpx_writer import write_hwpx

        with atomic_write(path, "wb") as fh:
            write_hwpx(report, fh)
    else:
        raise ValueError(f"unsupported report format: {fmt or path.suffix!r}")
    return path


def write_trip_report(
    db: Database, trip_id: uuid.UUID, path: Path, options: ReportOptions | None = None, fmt: str | None = None
) -> Path:
    return write_report(build_report(db, trip_id, options), path, fmt)


__all__ = [
    "FORMATS",
    "MASK",
    "SECTIONS",
    "Report",
    "ReportOptions",
    "Restricted",
    "build_report",
    "format_of",
    "parse_sections",
    "render_html",
    "render_markdown",
    "report_from_dossier",
    "write_report",
    "write_trip_report",
]
