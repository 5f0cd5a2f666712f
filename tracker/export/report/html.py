"""The report as one self-contained HTML page (styles inline, photos as data: URIs), for the
in-app preview and for sending by mail. The page is resources/templates/report.html, its
styles report.css beside it."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

from tracker.export.report.model import Report
from tracker.export.report.safe_text import safe_report
from tracker.export.templates import Templates

INDENT_EM = 1.1  # one indentation step of a report line


def _data_uri(path: Path) -> str:
    media = mimetypes.guess_type(str(path))[0] or "image/png"
    return f"data:{media};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


REPORT = Templates(data_uri=_data_uri)


def render_html(report: Report) -> str:
    report = safe_report(report)
    blocks = [(type(block).__name__, block) for block in report.blocks]
    return REPORT.render("report.html", report=report, blocks=blocks, indent=INDENT_EM)
