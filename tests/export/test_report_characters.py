"""Every document in every format copes with every character a database may hold.

An older database (or one filled before text was cleaned on input) can hold NUL, C0/C1
control characters, vertical tabs and noncharacters inside any text; and any database holds
emoji, combining marks, right-to-left text and rare ideographs. The trip report, the briefing
packs and the handover pack must be written in DOCX, PDF, HWPX, Markdown and HTML whatever
the text, each file must open in its own reader, and the readable text must be in it."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from docx import Document
from hwpx import HwpxDocument
from pypdf import PdfReader

from tracker.db.base import Base
from tracker.db.store import open_database
from tracker.export.demo import load_demo
from tracker.export.report import ReportOptions, build_report, write_report
from tracker.export.report.briefing import BriefingOptions, build_meeting_briefing, build_trip_briefing
from tracker.export.report.handover import HandoverOptions, build_handover
from tracker.export.report.model import Cell, Column, Line, Para, Report, Table
from tracker.services.trips import dossier, resolve_trip

FORMATS = ("docx", "pdf", "hwpx", "md", "html")
DEMO_TRIP = "G7 디지털기술 장관회의"

# Invisible characters XML 1.0 forbids or discourages, and line breaks of every kind.
CONTROLS = "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\x9f\u2028\u2029\ufffe\uffff\r\n\t"
# Readable text of every kind: Hangul, hanja, a simplified Chinese name, an astral ideograph,
# emoji with a skin tone, a combining accent, Hebrew and Arabic, full-width Latin.
READABLE = "한글漢字张伟𠀋😀👍🏽e\u0301שלוםمرحباＡＢ"
NASTY = f"\x0b{READABLE}\x01{CONTROLS}끝"
# What a reader must find: the readable text with the invisible characters gone, composed.
EXPECTED = unicodedata.normalize("NFC", f"{READABLE}끝")
# Stored text the application itself parses: codes, zones, rules, file names in the store.
NOT_FREE_TEXT = {"code", "alpha3", "country_code", "timezone", "end_timezone", "recurrence", "sha256",
                 "stored_name", "media_type", "filename"}


def _text_columns() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type.impl if isinstance(column.type, sa.TypeDecorator) else column.type
            is_text = isinstance(kind, sa.String) and not isinstance(kind, sa.Enum)
            if is_text and not column.foreign_keys and not column.primary_key and column.name not in NOT_FREE_TEXT:
                out.setdefault(table.name, []).append(column.name)
    return out


def _fill_with_nasty_text(path: Path) -> int:
    """Append the nasty text to every free text of the database, as an old file holds it:
    written straight to the file, past whatever the application checks on input."""
    changed = 0
    with sqlite3.connect(path) as conn:
        for table, columns in _text_columns().items():
            for column in columns:
                cur = conn.execute(f'UPDATE "{table}" SET "{column}" = "{column}" || ? '
                                   f'WHERE "{column}" IS NOT NULL AND "{column}" != \'\'', (NASTY,))
                changed += cur.rowcount
    conn.close()
    return changed


@pytest.fixture(scope="module")
def nasty_db(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("characters")
    path = folder / "old.sqlite3"
    db, _ = open_database(path)
    load_demo(db)
    trip_id = resolve_trip(db, DEMO_TRIP).id
    db.dispose()
    assert _fill_with_nasty_text(path) > 500
    db, _ = open_database(path)
    yield db, trip_id, folder
    db.dispose()


def _documents(db, trip_id):  # type: ignore[no-untyped-def]
    trip = dossier(db, trip_id)
    oecd = next(m for m in trip.meetings if "OECD" in m.title)
    officer = trip.trip.members[0].person_id
    return {
        "report": build_report(db, trip_id, ReportOptions()),
        "trip-briefing": build_trip_briefing(db, trip_id, BriefingOptions()),
        "meeting-briefing": build_meeting_briefing(db, oecd.id, BriefingOptions()),
        "handover": build_handover(db, officer, HandoverOptions()),
    }


# --------------------------------------------------------------------------------------
# reading each format back with its own reader


def _docx(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _pdf(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _hwpx(path: Path) -> str:
    doc = HwpxDocument.open(path)
    assert not doc.validate().issues
    with zipfile.ZipFile(path) as zf:
        sections = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("Contents/section")]
    import html

    return "\n".join(html.unescape(t) for s in sections for t in re.findall(r"<hp:t>(.*?)</hp:t>", s, re.S))


def _plain(path: Path) -> str:
    return path.read_text(encoding="utf-8")


READERS = {"docx": _docx, "pdf": _pdf, "hwpx": _hwpx, "md": _plain, "html": _plain}
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def _forbidden(text: str, fmt: str) -> re.Match | None:
    if fmt == "pdf":
        # pypdf reads a glyph the embedded font lacks (emoji, Hebrew, Arabic: drawn as an empty
        # box) as NUL; any other control character would be one the writer let through.
        text = text.replace("\x00", "")
    return FORBIDDEN.search(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_document_is_written_and_reads_back(nasty_db, fmt) -> None:  # type: ignore[no-untyped-def]
    db, trip_id, folder = nasty_db
    for name, report in _documents(db, trip_id).items():
        path = write_report(report, folder / f"{name}.{fmt}")
        text = READERS[fmt](path)
        assert not _forbidden(text, fmt), (name, fmt)
        squashed = re.sub(r"\s+", "", text)
        if fmt == "pdf":
            # The embedded Korean font has Hangul, hanja and Latin, the fallback font the other
            # CJK ideographs (张); emoji, Hebrew and Arabic are in neither and drawn as boxes.
            assert squashed.count("한글漢字张伟") >= 10, name
        else:
            assert squashed.count(EXPECTED) >= 10, (name, fmt)


def test_the_hwpx_with_nasty_text_is_laid_out(nasty_db) -> None:  # type: ignore[no-untyped-def]
    """An independent HWPX reader lays out every page of the report."""
    hwp_ingest = pytest.importorskip("hwp_ingest")
    db, trip_id, folder = nasty_db
    path = write_report(build_report(db, trip_id, ReportOptions()), folder / "laid-out.hwpx")
    pages = hwp_ingest.to_svg_pages(path.read_bytes())
    assert len(pages) >= 3
    glyphs = "".join(re.findall(r"<text [^>]*>([^<]*)</text>", b"".join(pages).decode("utf-8")))
    assert glyphs.count("한글漢字") >= 10


def test_a_lone_surrogate_never_reaches_a_file_broken(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Half a character cannot be stored; should one reach a writer it becomes U+FFFD."""
    report = Report(title=f"제목\udfff{NASTY}", destination_line="(출장지역 : \ud83d)", periods=["기간\x00"],
                    date_line="2025. 12. 24.",
                    blocks=[Para(Line(f"앞\ud800뒤{NASTY}", "o", 1)), _one_cell_table(f"칸\ud800{NASTY}")])
    for fmt in FORMATS:
        text = READERS[fmt](write_report(report, tmp_path / f"surrogate.{fmt}"))
        assert not _forbidden(text, fmt), fmt
        assert "앞" in text and "뒤" in text and "칸" in text, fmt


def _one_cell_table(text: str) -> Table:
    return Table([Column("머리\x0b글", 40)], [[Cell([Line(text)])]], key="cell")
