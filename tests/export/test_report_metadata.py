"""Each document says its own facts: the title of the report, the author the user named
(Settings › My name) or none, and the time it was written; and the Markdown date line reads
as a date once rendered."""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader

from tracker.db.store import open_database
from tracker.export.demo import load_demo
from tracker.export.report import ReportOptions, build_report, write_report
from tracker.export.report.markdown import render_markdown
from tracker.services.trips import resolve_trip

DEMO_TRIP = "G7 디지털기술 장관회의"


@pytest.fixture(scope="module")
def report(tmp_path_factory):  # type: ignore[no-untyped-def]
    db, _ = open_database(tmp_path_factory.mktemp("meta") / "demo.sqlite3")
    load_demo(db)
    built = build_report(db, resolve_trip(db, DEMO_TRIP).id, ReportOptions())
    db.dispose()
    return built


def _recent(stamp: str) -> bool:
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return abs(datetime.now(UTC) - when) < timedelta(hours=1)


@pytest.mark.parametrize("author", ["박진홍", ""])
def test_docx_carries_its_own_title_author_and_date(report, tmp_path, author) -> None:  # type: ignore[no-untyped-def]
    path = write_report(report, tmp_path / "r.docx", author=author)
    core = zipfile.ZipFile(path).read("docProps/core.xml").decode()
    assert f"<dc:title>{report.title}</dc:title>" in core
    assert re.search(r"<dc:creator>(.*?)</dc:creator>|<dc:creator/>", core).group(1) in (author, None)
    for name in ("created", "modified"):
        stamp = re.search(rf"<dcterms:{name}[^>]*>([^<]+)<", core).group(1)
        assert _recent(stamp), (name, stamp)
    assert "2013" not in core and "python-docx" not in core


def test_hwpx_carries_its_own_title_author_and_date(report, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_report(report, tmp_path / "r.hwpx", author="박진홍")
    hpf = zipfile.ZipFile(path).read("Contents/content.hpf").decode()
    assert f"<opf:title>{report.title}</opf:title>" in hpf
    assert re.search(r'<opf:meta name="creator"[^>]*>박진홍<', hpf)
    assert "synthetic-fixture-author" not in hpf
    for name in ("CreatedDate", "ModifiedDate"):
        assert _recent(re.search(rf'<opf:meta name="{name}"[^>]*>([^<]+)<', hpf).group(1)), name


def test_pdf_carries_the_author(report, tmp_path) -> None:  # type: ignore[no-untyped-def]
    meta = PdfReader(str(write_report(report, tmp_path / "r.pdf", author="박진홍"))).metadata
    assert (meta.title, meta.author) == (report.title, "박진홍")
    assert abs(datetime.now(UTC) - meta.creation_date.astimezone(UTC)) < timedelta(hours=1)


def test_markdown_date_line_renders_without_a_backslash(report, qapp) -> None:  # type: ignore[no-untyped-def]
    """Rendered by Qt's CommonMark reader (md4c), as the preview and other viewers do."""
    from PySide6.QtGui import QTextDocument

    assert re.fullmatch(r"\d{4}\. \d{1,2}\. \d{1,2}\.", report.date_line)
    doc = QTextDocument()
    doc.setMarkdown(render_markdown(report))
    lines = doc.toPlainText().splitlines()
    assert report.date_line in lines
    assert not any("\\" in line for line in lines), [line for line in lines if "\\" in line]
    # Text that starts like a list item still is not made one, and shows as written.
    from tracker.export.report.model import Line, Para, Report

    odd = Report(
        title="t",
        destination_line="d",
        periods=["p"],
        date_line="2025. 12. 24.",
        blocks=[Para(Line("3. 항목")), Para(Line("- 줄표")), Para(Line("12) 괄호"))],
    )
    doc.setMarkdown(render_markdown(odd))
    assert doc.toPlainText().splitlines()[-3:] == ["3. 항목", "- 줄표", "12) 괄호"]
    assert "<li>" not in doc.toHtml() and "<ol" not in doc.toHtml() and "<ul" not in doc.toHtml()
