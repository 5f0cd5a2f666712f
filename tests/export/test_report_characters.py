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
NOT_FREE_TEXT = {
    "code",
    "alpha3",
    "country_code",
    "timezone",
    "end_timezone",
    "recurrence",
    "sha256",
    "stored_name",
    "media_type",
    "filename",
}


def _text_columns() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type.impl if isinstance(column.type, sa.TypeDecorator) else column.type
            is_text = isinstance(kind, sa.String) and not isinstance(kind, sa.Enum)
            if (
                is_text
                and not column.foreign_keys
                and not column.primary_key
                and column.name not in NOT_FREE_TEXT
            ):
                out.setdefault(table.name, []).append(column.name)
    return out


def _fill_with_nasty_text(path: Path) -> int:
    """Append the nasty text to every free text of the database, as an old file holds it:
    written straight to the file, past whatever the application checks on input."""
    changed = 0
    with sqlite3.connect(path) as conn:
        for table, columns in _text_columns().items():
            for column in columns:
                cur = conn.execute(
                    f'UPDATE "{table}" SET "{column}" = "{column}" || ? '
                    f'WHERE "{column}" IS NOT NULL AND "{column}" != \'\'',
                    (NASTY,),
                )
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
    return FORBIDDEN.search(text)


@pytest.mark.slow
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
            # CJK ideographs (张); the astral ideograph 𠀋, emoji, Hebrew and Arabic are in
            # neither and drawn as the missing-type mark, one per character (an emoji with its
            # skin tone is one).
            drawn = unicodedata.normalize("NFC", "한글漢字张伟〓〓〓e\u0301〓〓〓〓〓〓〓〓〓ＡＢ끝")
            assert squashed.count(drawn) >= 10, name
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
    report = Report(
        title=f"제목\udfff{NASTY}",
        destination_line="(출장지역 : \ud83d)",
        periods=["기간\x00"],
        date_line="2025. 12. 24.",
        blocks=[Para(Line(f"앞\ud800뒤{NASTY}", "o", 1)), _one_cell_table(f"칸\ud800{NASTY}")],
    )
    for fmt in FORMATS:
        text = READERS[fmt](write_report(report, tmp_path / f"surrogate.{fmt}"))
        assert not _forbidden(text, fmt), fmt
        assert "앞" in text and "뒤" in text and "칸" in text, fmt


def _one_cell_table(text: str) -> Table:
    return Table([Column("머리\x0b글", 40)], [[Cell([Line(text)])]], key="cell")


# --------------------------------------------------------------------------------------
# the PDF draws every character with a font that has it, or says it cannot

NAMES = (
    "张伟",
    "刘洋",
    "赵敏",
    "今川拓郎",
    "王芳",
    "陈静",
    "杨磊",
    "黄勇",
    "周杰",
    "吴昊",
    "徐丽",
    "孙强",
    "马骏",
    "朱琳",
    "胡斌",
    "郭涛",
    "何欢",
    "高峰",
    "林娜",
    "罗刚",
    "鈴木一郎",
    "渡邊",
)


def _bundled_cmaps() -> dict[str, dict[int, int]]:
    """Each font the PDF may embed, by its PostScript name, with its code point -> glyph map."""
    from reportlab.pdfbase.ttfonts import TTFont

    from tracker.export.report import fonts

    out = {}
    for path in (fonts.REGULAR, fonts.BOLD, fonts.FALLBACK):
        font = TTFont(path.stem, str(path))
        out[font.face.name.decode() if isinstance(font.face.name, bytes) else font.face.name] = (
            font.face.charToGlyph
        )
    return out


def _drawn(path: Path) -> list[tuple[str, str]]:
    """(character, font name) for every character in the PDF's text layer, as pypdf reads it."""
    out: list[tuple[str, str]] = []

    def visit(text, _cm, _tm, font, _size) -> None:  # type: ignore[no-untyped-def]
        base = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1] if font else ""
        out.extend((ch, base) for ch in text if not ch.isspace())

    for page in PdfReader(str(path)).pages:
        page.extract_text(visitor_text=visit)
    return out


def _each_drawn_with_its_glyph(path: Path) -> str:
    cmaps = _bundled_cmaps()
    drawn = _drawn(path)
    for ch, font in drawn:
        assert font in cmaps, (ch, font)
        assert cmaps[font].get(ord(ch), 0) != 0, f"{ch} (U+{ord(ch):04X}) drawn with {font}, which lacks it"
    return "".join(ch for ch, _ in drawn)


def test_every_character_of_the_demo_report_is_in_the_pdf_with_its_glyph(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, _ = open_database(tmp_path / "demo.sqlite3")
    load_demo(db)
    try:
        for name, report in _documents(db, resolve_trip(db, DEMO_TRIP).id).items():
            layer = _each_drawn_with_its_glyph(write_report(report, tmp_path / f"{name}.pdf"))
            wanted = {ch for line in report.text_lines() for ch in line if not ch.isspace()}
            # the PDF draws ▪ as ■ (NanumGothic has no U+25AA); '|' only joins table cells in
            # text_lines
            missing = sorted(ch for ch in wanted - set(layer) if ch not in "▪|")
            assert not missing, (name, missing)
            assert "〓" not in layer, name
    finally:
        db.dispose()


def test_chinese_and_japanese_names_are_drawn_and_extractable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    report = Report(
        title="면담 " + " ".join(NAMES[:3]),
        destination_line="(출장지역 : 중국(베이징), 일본(도쿄))",
        periods=["2025.12.06.(토)~12.11.(목)"],
        date_line="2025. 12. 24.",
        blocks=[
            Para(Line(", ".join(NAMES), "o", 1)),
            Table(
                [Column("이름", 30), Column("비고", 60)],
                [[Cell([Line(n)]), Cell([Line(f"中 {n} 부장")])] for n in NAMES],
                key="names",
            ),
        ],
    )
    layer = _each_drawn_with_its_glyph(write_report(report, tmp_path / "names.pdf"))
    for name in NAMES:
        assert layer.count(name) >= 3, name  # the line, the table's two columns


def test_a_character_no_font_has_is_drawn_visibly_and_logged(tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    text = "연락 😀 👍🏽 שלום مرحبا 끝"
    report = Report(
        title="제목",
        destination_line="(출장지역 : 이스라엘)",
        periods=["기간"],
        date_line="2025. 12. 24.",
        blocks=[Para(Line(text, "o", 1))],
    )
    with caplog.at_level("WARNING", logger="tracker.export.report.pdf_writer"):
        path = write_report(report, tmp_path / "missing.pdf")
    layer = _each_drawn_with_its_glyph(path)
    assert "연락〓〓〓〓〓〓〓〓〓〓〓끝" in layer  # one mark per character: 2 emoji, 4 + 5 letters
    assert "\x00" not in _pdf(path)
    # in red, so that it reads as a character missing, not as a mark of the text
    assert b".752941 0 0 rg" in PdfReader(str(path)).pages[0].get_contents().get_data()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1, warnings
    for code in ("U+1F600", "U+1F44D", "U+05E9", "U+0645"):
        assert code in warnings[0], code
