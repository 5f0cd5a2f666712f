"""The report as a PDF, laid out by the app itself (ReportLab, pure Python) with the bundled
NanumGothic embedded as a subset: Hangul renders on any machine and the text extracts."""

from __future__ import annotations

import logging
import unicodedata
from contextvars import ContextVar
from functools import cache
from itertools import groupby
from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from tracker.export.report import fonts
from tracker.export.report.model import Cell, Heading, Line, Para, Photos, Report, SubHeading, Table
from tracker.export.report.safe_text import safe_report

log = logging.getLogger(__name__)
REGULAR, BOLD = fonts.FAMILY, fonts.FAMILY + "-Bold"
FALLBACK = "DroidSansFallback"
NAVY = colors.HexColor("#1F3864")
HEADER_FILL = colors.HexColor("#D9E1EE")
PART_FILL = colors.HexColor("#E8EEF7")
GRID = colors.HexColor("#404040")
RED = colors.HexColor("#C00000")
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 18 * mm, 16 * mm
TEXT_WIDTH = A4[0] - 2 * MARGIN_SIDE
TEXT_HEIGHT = A4[1] - MARGIN_TOP - MARGIN_BOTTOM
BODY_PT, CELL_PT, NOTE_PT = 10.5, 9.2, 9.2
STEP = 4.5 * mm
MIN_ROW_PART = 12 * mm  # the smallest piece of a row split across pages
HANG = {"□": 5 * mm, "**": 6 * mm, "※": 5 * mm}

# Marks the font lacks, drawn with one it has (NanumGothic has no U+25AA).
SUBSTITUTE_BULLET = {"▪": ("■", 0.62)}


@cache
def register_fonts() -> None:
    regular, bold = fonts.font_files()
    pdfmetrics.registerFont(TTFont(REGULAR, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)


def _style(name: str, size: float = BODY_PT, **kw: object) -> ParagraphStyle:
    base = {
        "fontName": REGULAR,
        "fontSize": size,
        "leading": size * 1.42,
        "wordWrap": None,
        "bulletFontName": REGULAR,
        "bulletFontSize": size,
        "spaceAfter": 1.5,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


def _tstyle(commands: list[tuple]) -> TableStyle:
    """A table style whose default font is ours: ReportLab's is Helvetica, which would be
    named (not embedded) in the PDF even where no text uses it."""
    return TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, BODY_PT), *commands])


@cache
def _has_glyph() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(REGULAR).face.charToGlyph)


@cache
def _fallback() -> frozenset[int]:
    """The code points the fallback font draws (registered the first time a text needs it);
    empty if the font is not installed."""
    if not fonts.FALLBACK.exists():
        return frozenset()
    font = TTFont(FALLBACK, str(fonts.FALLBACK))
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


def _escape(text: str) -> str:
    return escape(text).replace("\n", "<br/>").replace("  ", "&nbsp;&nbsp;")


# Drawn for a character no bundled font has (emoji, Hebrew, Arabic ...): the geta mark, the
# typesetter's sign for a missing type, in NanumGothic. Never an empty box, never nothing.
MISSING = "\u3013"
# The characters drawn as MISSING while one document is written (reported once, at its end).
_missing: ContextVar[dict[str, int] | None] = ContextVar("missing_glyphs", default=None)


def _joins(ch: str) -> bool:
    """A character that belongs to the one before it: a combining mark, a joiner or variation
    selector, an emoji skin tone or tag. Part of the same missing character, not another."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Cf")
        or 0xFE00 <= cp <= 0xFE0F
        or 0x1F3FB <= cp <= 0x1F3FF
        or 0xE0000 <= cp <= 0xE007F
    )


def _replace_missing(text: str, has: frozenset[int], fallback: frozenset[int]) -> str:
    """`text` with each character neither font draws (with what joins it) as MISSING, counted."""
    out: list[str] = []
    seen = _missing.get()
    for ch in text:
        cp = ord(ch)
        if cp in has or cp in fallback or ch.isspace():
            out.append(ch)
            continue
        if _joins(ch):
            # part of the missing character just drawn, or an invisible mark (a direction mark
            # in Arabic text) that has nothing to draw
            continue
        out.append(MISSING)
        if seen is not None:
            seen[ch] = seen.get(ch, 0) + 1
    return "".join(out)


def _markup(text: str, bold: bool = False) -> str:
    """Paragraph markup for `text`; characters NanumGothic lacks but the fallback font has
    (Chinese names) are set in that font instead of coming out as empty boxes, and a character
    neither has is drawn as MISSING (and reported) rather than as nothing."""
    has = _has_glyph()
    if has.issuperset(map(ord, text)):
        body = _escape(text)
    else:
        fallback = _fallback()
        text = _replace_missing(text, has, fallback)

        def in_fallback(ch: str) -> bool:
            return not (ord(ch) in has or ch.isspace()) and ord(ch) in fallback

        body = "".join(
            f'<font name="{FALLBACK}">{_escape("".join(run))}</font>' if key else _escape("".join(run))
            for key, run in groupby(text, key=in_fallback)
        )
        body = body.replace(MISSING, f'<font color="#C00000">{MISSING}</font>')  # red: not a mark of the text
    return f"<b>{body}</b>" if bold else body


def _report_missing(title: str, seen: dict[str, int]) -> None:
    if not seen:
        return
    names = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')} ×{n}" for ch, n in seen.items())
    log.warning(
        "PDF %r: characters that no bundled font has (%d) were drawn as %s: %s",
        title,
        sum(seen.values()),
        MISSING,
        names,
    )


def _line(
    line: Line, size: float, *, align: int = TA_LEFT, bold: bool = False, space_before: float = 0
) -> Paragraph:
    bold = bold or line.bold
    if not line.marker:
        style = _style(
            "cell" if size < BODY_PT else "body",
            size,
            alignment=align,
            leftIndent=line.level * STEP,
            spaceBefore=space_before,
        )
        return Paragraph(_markup(line.text, bold), style)
    hang = HANG.get(line.marker, 4 * mm)
    marker, scale = SUBSTITUTE_BULLET.get(line.marker, (line.marker, 1.0))
    style = _style(
        "marked",
        size,
        leftIndent=line.level * STEP + hang,
        bulletIndent=line.level * STEP,
        bulletFontSize=size * scale,
        bulletOffsetY=size * (1 - scale) * -0.05 if scale != 1 else 0,
        bulletFontName=BOLD if bold else REGULAR,
        spaceBefore=space_before,
    )
    return Paragraph(_markup(line.text, bold), style, bulletText=marker)


def _cell(spec: Cell, *, bold: bool = False) -> list[Flowable]:
    align = TA_CENTER if spec.align == "center" else TA_LEFT
    return [_line(x, CELL_PT, align=align if not x.marker else TA_LEFT, bold=bold) for x in spec.lines]


def _taller_than_a_page(row: list[Cell | None], cells: list[list[Flowable]], widths: list[float]) -> bool:
    """Whether the row cannot fit on one page. Measured only when a bound on its height (every
    character a full em wide, every line one more wrap) says it might: nearly never."""

    def bound(item: Cell, width: float) -> float:
        lines = sum(len(line.text) * CELL_PT // (width - 7) + 2 for line in item.lines)
        return lines * CELL_PT * 1.42

    if (
        max((bound(item, w) for item, w in zip(row, widths, strict=True) if item), default=0)
        < TEXT_HEIGHT * 0.9
    ):
        return False
    height = max(
        sum(f.wrap(w - 7, TEXT_HEIGHT)[1] for f in cell) for cell, w in zip(cells, widths, strict=True)
    )
    return height > TEXT_HEIGHT * 0.9


def _table(spec: Table) -> RLTable:
    total = sum(c.width for c in spec.columns)
    widths = [c.width / total * TEXT_WIDTH for c in spec.columns]
    data: list[list[object]] = [
        [_cell(Cell([Line(c.title)], align="center"), bold=True) for c in spec.columns]
    ]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3.5),
    ]
    for r, row in enumerate(spec.rows, start=1):
        cells = [_cell(item) if item is not None else [] for item in row]
        data.append(cells)
        for c, item in enumerate(row):
            if item is not None and item.rowspan > 1:
                commands.append(("SPAN", (c, r), (c, r + item.rowspan - 1)))
        if _taller_than_a_page(row, cells, widths):
            # ReportLab cannot split a vertically centred row a second time
            commands.append(("VALIGN", (0, r), (-1, r), "TOP"))
    # Rows split between pages; a row taller than a page (a meeting with pages of key points)
    # is split inside, at a line, rather than failing the whole export.
    return RLTable(
        data,
        colWidths=widths,
        repeatRows=1,
        splitInRow=MIN_ROW_PART,
        style=_tstyle(commands),
        hAlign="CENTER",
    )


def _heading(block: Heading) -> RLTable:
    num = Paragraph(
        _markup(block.number), _style("hnum", 13, fontName=BOLD, alignment=TA_CENTER, textColor=colors.white)
    )
    text = Paragraph(_markup(block.text), _style("htext", 13, fontName=BOLD))
    table = RLTable([[num, text]], colWidths=[12 * mm, TEXT_WIDTH - 12 * mm], hAlign="CENTER")
    table.setStyle(
        _tstyle(
            [
                ("BACKGROUND", (0, 0), (0, 0), NAVY),
                ("BOX", (0, 0), (-1, -1), 1.2, NAVY),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (1, 0), (1, 0), 8),
            ]
        )
    )
    return table


def _sub_heading(block: SubHeading) -> RLTable:
    text = Paragraph(_markup(block.text), _style("part", 11.5, fontName=BOLD))
    table = RLTable([[text]], colWidths=[TEXT_WIDTH], hAlign="CENTER")
    table.setStyle(
        _tstyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PART_FILL),
                ("LINEBEFORE", (0, 0), (0, 0), 4, NAVY),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return table


def _photos(block: Photos) -> list[Flowable]:
    width = TEXT_WIDTH / 2 - 6 * mm
    cells: list[list[Flowable]] = []
    for photo in block.photos:
        iw, ih = ImageReader(str(photo.path)).getSize()
        height = min(width * ih / iw, 75 * mm)
        image = Image(str(photo.path), width=height * iw / ih, height=height)
        cells.append([image, Paragraph(_markup(photo.caption), _style("cap", NOTE_PT, alignment=TA_CENTER))])
    rows = [cells[i : i + 2] + ([[]] if len(cells[i : i + 2]) == 1 else []) for i in range(0, len(cells), 2)]
    grid = RLTable(rows, colWidths=[TEXT_WIDTH / 2] * 2, hAlign="CENTER")
    commands: list[tuple] = [("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if len(cells) % 2:  # the last photo alone: centred across the row
        commands.append(("SPAN", (0, len(rows) - 1), (1, len(rows) - 1)))
    grid.setStyle(_tstyle(commands))
    title = Paragraph(_markup(f"<  {block.title} >", True), _style("ptitle", BODY_PT, alignment=TA_CENTER))
    return [Spacer(1, 3 * mm), KeepTogether([title, grid]), Spacer(1, 3 * mm)]


def _title_block(report: Report) -> list[Flowable]:
    title = Paragraph(
        _markup(report.title), _style("title", 17, fontName=BOLD, alignment=TA_CENTER, leading=24)
    )
    box = RLTable([[title]], colWidths=[TEXT_WIDTH], hAlign="CENTER")
    box.setStyle(
        _tstyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 2.2, NAVY),
                ("LINEBELOW", (0, -1), (-1, -1), 2.2, NAVY),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    dest = Paragraph(_markup(report.destination_line), _style("dest", 12, alignment=TA_CENTER, spaceBefore=8))
    label = _style("plabel", 12)
    rows = [
        [Paragraph(_markup(report.period_label if i == 0 else ""), label), Paragraph(_markup(p), label)]
        for i, p in enumerate(report.periods)
    ]
    periods = RLTable(rows, colWidths=[28 * mm, 78 * mm], hAlign="CENTER")
    periods.setStyle(
        _tstyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    date = Paragraph(_markup(report.date_line), _style("date", 12, alignment=TA_RIGHT, spaceBefore=8))
    return [box, dest, Spacer(1, 2 * mm), periods, date, Spacer(1, 6 * mm)]


def story(report: Report) -> list[Flowable]:
    out: list[Flowable] = _title_block(report)
    first_heading = True
    for block in report.blocks:
        if isinstance(block, Heading):
            if not first_heading and block.key in ("itinerary", "results"):
                out.append(PageBreak())
            else:
                out.append(CondPageBreak(45 * mm))
            first_heading = False
            out += [Spacer(1, 3 * mm), _heading(block), Spacer(1, 3 * mm)]
        elif isinstance(block, SubHeading):
            out += [CondPageBreak(40 * mm), Spacer(1, 3 * mm), _sub_heading(block), Spacer(1, 2 * mm)]
        elif isinstance(block, Para):
            size = NOTE_PT if block.style == "footnote" else BODY_PT
            out.append(_line(block.line, size, space_before=4 if block.line.marker == "□" else 0))
        elif isinstance(block, Table):
            out += [Spacer(1, 1.5 * mm), _table(block), Spacer(1, 2.5 * mm)]
        elif isinstance(block, Photos):
            out += _photos(block)
    return out


def write_pdf(report: Report, fh: IO[bytes]) -> None:
    register_fonts()
    report = safe_report(report)
    seen: dict[str, int] = {}
    token = _missing.set(seen)
    try:
        _write_pdf(report, fh)
    finally:
        _missing.reset(token)
    _report_missing(report.title, seen)


def _write_pdf(report: Report, fh: IO[bytes]) -> None:

    def on_page(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(REGULAR, 9)
        canvas.drawCentredString(A4[0] / 2, 9 * mm, f"- {doc.page} -")
        if report.marking:
            canvas.setFont(BOLD, 11)
            canvas.setFillColor(RED)
            canvas.drawRightString(A4[0] - MARGIN_SIDE, A4[1] - 11 * mm, report.marking)
        canvas.restoreState()

    doc = SimpleDocTemplate(
        fh,
        pagesize=A4,
        leftMargin=MARGIN_SIDE,
        rightMargin=MARGIN_SIDE,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=report.title,
        author=report.author,
        subject=report.subject,
        creator="tracker",
        lang="ko-KR",
        initialFontName=REGULAR,
        initialFontSize=BODY_PT,
    )
    doc.build(story(report), onFirstPage=on_page, onLaterPages=on_page)
