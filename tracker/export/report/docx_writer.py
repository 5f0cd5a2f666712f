"""The report as a Word document (python-docx): A4, a Korean font on every style (East Asian
runs included), bordered tables with merged day cells, numbered heading boxes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import IO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.image.image import Image as DocxImage
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

from tracker.export.report.model import Cell, Heading, Line, Para, Photos, Report, SubHeading, Table
from tracker.export.report.safe_text import safe_report

# The font Korean offices have on every Windows and Office for Mac installation.
FONT = "맑은 고딕"
NAVY = "1F3864"
HEADER_FILL = "D9E1EE"
PART_FILL = "E8EEF7"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = Mm(20), Mm(18), Mm(15)
TEXT_WIDTH_MM = 170
BODY_PT, CELL_PT, NOTE_PT = 11, 9.5, 9.5
HANG_MM = {"□": 5.0, "**": 6.0, "※": 5.0}
STEP_MM = 4.5
PHOTO_MAX_HEIGHT_MM = 75


# ---------------------------------------------------------------------------------------
# fonts: python-docx has no API for the East Asian font, and theme fonts win over names


def _set_rfonts(rpr, name: str) -> None:  # type: ignore[no-untyped-def]
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


def _set_lang(rpr) -> None:  # type: ignore[no-untyped-def]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "ko-KR")
    lang.set(qn("w:eastAsia"), "ko-KR")


def setup_fonts(doc: DocxDocument) -> None:
    styles_el = doc.styles.element
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_rfonts(rpr, FONT)
            _set_lang(rpr)
    # Every style that names a theme font (the headings, Title ...) gets the Korean font.
    for rfonts in styles_el.iter(qn("w:rFonts")):
        _set_rfonts(rfonts.getparent(), FONT)
    normal = doc.styles["Normal"]
    # No extra space between Hangul and Latin letters or digits ('4박 6일', not '4 박 6 일'),
    # as Hancom documents and Korean government templates have it; Latin words wrap whole.
    ppr = normal.element.get_or_add_pPr()
    later = (
        "w:bidi",
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    )
    for tag, value in (("w:wordWrap", "1"), ("w:autoSpaceDE", "0"), ("w:autoSpaceDN", "0")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), value)
        ppr.insert_element_before(el, *later)
    normal.font.size = Pt(BODY_PT)
    _set_rfonts(normal.element.get_or_add_rPr(), FONT)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[name]
        _set_rfonts(style.element.get_or_add_rPr(), FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.keep_with_next = True


# ---------------------------------------------------------------------------------------
# small XML helpers


def _shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _cell_borders(cell: _Cell, **sides: tuple[str, int, str]) -> None:
    """sides: top/left/bottom/right = (val, size in eighths of a point, colour)."""
    tcpr = cell._tc.get_or_add_tcPr()
    borders = tcpr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tcpr.append(borders)
    for side in ("top", "left", "bottom", "right"):
        val, size, color = sides.get(side, ("nil", 0, "auto"))
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:color"), color)
            el.set(qn("w:space"), "0")
        borders.append(el)


def _table_borders(table, val: str = "single", size: int = 4, color: str = "404040") -> None:  # type: ignore[no-untyped-def]
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), val)
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), color)
        borders.append(el)
    tblpr.append(borders)


def _cell_margins(table, top: int = 45, bottom: int = 45, left: int = 85, right: int = 85) -> None:  # type: ignore[no-untyped-def]
    """Padding inside every cell, in twentieths of a point."""
    mar = OxmlElement("w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)


def _fixed_layout(table, widths_mm: list[float]) -> None:  # type: ignore[no-untyped-def]
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for i, w in enumerate(widths_mm):
        table.columns[i].width = Mm(w)
        for cell in table.columns[i].cells:
            cell.width = Mm(w)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _paragraph_border(
    paragraph: Paragraph, sides: tuple[str, ...], size: int = 18, color: str = NAVY
) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    for side in sides:
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "4")
        el.set(qn("w:color"), color)
        pbdr.append(el)
    ppr.append(pbdr)


def _page_number_field(paragraph: Paragraph) -> None:
    paragraph.add_run("- ")
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(end)
    paragraph.add_run(" -")


# ---------------------------------------------------------------------------------------
# content


def _write_line(paragraph: Paragraph, line: Line, size: float, *, bold: bool = False) -> None:
    pf = paragraph.paragraph_format
    if line.marker:
        hang = HANG_MM.get(line.marker, 4.0)
        pf.left_indent = Mm(line.level * STEP_MM + hang)
        pf.first_line_indent = Mm(-hang)
        pf.tab_stops.add_tab_stop(Mm(line.level * STEP_MM + hang), WD_TAB_ALIGNMENT.LEFT)
        text = f"{line.marker}\t{line.text}"
    else:
        if line.level:
            pf.left_indent = Mm(line.level * STEP_MM)
        text = line.text
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or line.bold or None


def _fill_cell(cell: _Cell, spec: Cell, size: float = CELL_PT, *, bold: bool = False) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = spec.lines or [Line("")]
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.1
        if spec.align == "center" and not line.marker:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _write_line(p, line, size, bold=bold)


def _add_row(table, widths_mm: list[float]) -> tuple[_Row, list[_Cell]]:  # type: ignore[no-untyped-def]
    """A new row of empty cells. Built on the XML: python-docx's `table.cell(r, c)` lays the
    whole table out again on every call, which made a long table quadratic."""
    tr = table._tbl.add_tr()
    cells = []
    for width in widths_mm:
        tc = tr.add_tc()
        tc.width = Mm(width)
        cells.append(_Cell(tc, table))
    return _Row(tr, table), cells


def _table(doc: DocxDocument, spec: Table) -> None:
    total = sum(c.width for c in spec.columns)
    widths = [c.width * TEXT_WIDTH_MM / total for c in spec.columns]
    table = doc.add_table(rows=0, cols=len(spec.columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_borders(table)
    _cell_margins(table)
    _fixed_layout(table, widths)
    header, cells = _add_row(table, widths)
    _repeat_header(header)
    for cell, col in zip(cells, spec.columns, strict=True):
        _shade(cell, HEADER_FILL)
        _fill_cell(cell, Cell([Line(col.title)], align="center"), bold=True)
    for row in spec.rows:
        _, cells = _add_row(table, widths)
        for cell, item in zip(cells, row, strict=True):
            if item is None:  # under a cell that spans rows
                cell._tc.vMerge = "continue"
                continue
            if item.rowspan > 1:
                cell._tc.vMerge = "restart"
            _fill_cell(cell, item)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _heading(doc: DocxDocument, block: Heading) -> None:
    table = doc.add_table(rows=1, cols=2)
    _fixed_layout(table, [12, TEXT_WIDTH_MM - 12])
    num, text = table.rows[0].cells
    _shade(num, NAVY)
    _cell_borders(num, top=("single", 12, NAVY), bottom=("single", 12, NAVY), left=("single", 12, NAVY))
    _cell_borders(text, top=("single", 12, NAVY), bottom=("single", 12, NAVY), right=("single", 12, NAVY))
    num.vertical_alignment = text.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = num.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(block.number)
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    p.paragraph_format.keep_with_next = True
    p = text.paragraphs[0]
    p.style = doc.styles["Heading 1"]
    p.add_run(block.text)
    doc.add_paragraph().paragraph_format.keep_with_next = True


def _sub_heading(doc: DocxDocument, block: SubHeading, after_heading: bool) -> None:
    if not after_heading:
        gap = doc.add_paragraph()
        gap.paragraph_format.space_after = Pt(0)
        gap.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=1)
    _fixed_layout(table, [TEXT_WIDTH_MM])
    cell = table.rows[0].cells[0]
    _shade(cell, PART_FILL)
    _cell_borders(cell, left=("single", 36, NAVY))
    p = cell.paragraphs[0]
    p.style = doc.styles["Heading 2"]
    p.add_run(block.text)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    spacer.paragraph_format.space_after = Pt(0)


def _photos(doc: DocxDocument, block: Photos) -> None:
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(f"<  {block.title} >").bold = True
    title.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=0, cols=2)
    _fixed_layout(table, [TEXT_WIDTH_MM / 2] * 2)
    cells: list[_Cell] = []
    for i in range(0, len(block.photos), 2):
        if i + 1 < len(block.photos):
            cells += _add_row(table, [TEXT_WIDTH_MM / 2] * 2)[1]
        else:  # the last photo alone: centred across the row
            alone = _add_row(table, [TEXT_WIDTH_MM])[1][0]
            alone._tc.grid_span = 2
            cells.append(alone)
    for cell, photo in zip(cells, block.photos, strict=True):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        size = DocxImage.from_file(str(photo.path))
        width_mm = TEXT_WIDTH_MM / 2 - 6
        if (
            size.px_height * width_mm / max(size.px_width, 1) > PHOTO_MAX_HEIGHT_MM
        ):  # portrait: cap the height
            p.add_run().add_picture(str(photo.path), height=Mm(PHOTO_MAX_HEIGHT_MM))
        else:
            p.add_run().add_picture(str(photo.path), width=Mm(width_mm))
        cap = cell.add_paragraph()
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap.add_run(photo.caption).font.size = Pt(NOTE_PT)
    doc.add_paragraph()


def _title_block(doc: DocxDocument, report: Report) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.space_after = Pt(10)
    _paragraph_border(p, ("top", "bottom"))
    run = p.add_run(report.title)
    run.bold = True
    run.font.size = Pt(18)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run(report.destination_line).font.size = Pt(12)
    label_mm, left_mm = 27.0, 32.0
    for i, period in enumerate(report.periods):
        p = doc.add_paragraph()
        pf = p.paragraph_format
        pf.left_indent = Mm(left_mm + label_mm)
        pf.space_after = Pt(0)
        if i == 0:
            pf.first_line_indent = Mm(-label_mm)
            pf.tab_stops.add_tab_stop(Mm(left_mm + label_mm))
            p.add_run(f"{report.period_label}\t{period}").font.size = Pt(12)
        else:
            p.add_run(period).font.size = Pt(12)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.space_after = Pt(12)
    p.add_run(report.date_line).font.size = Pt(12)


def _rows_stay_whole(doc: DocxDocument) -> None:
    """No table row breaks across pages: half a meeting's key points overleaf read as another
    meeting, and a day's last line alone on the next page loses its date."""
    for tr in doc.element.body.iter(qn("w:tr")):
        trpr = tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.insert(0, OxmlElement("w:cantSplit"))  # before tblHeader, as the schema orders


def build_docx(report: Report) -> DocxDocument:
    report = safe_report(report)
    doc = Document()
    setup_fonts(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.header_distance = section.footer_distance = Mm(8)
    if report.marking:
        hp = section.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = hp.add_run(report.marking)
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    fp = section.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(fp)
    doc.core_properties.title = report.title
    doc.core_properties.subject = report.subject
    doc.core_properties.language = "ko-KR"
    # The file's own facts, not those of the template python-docx starts from (made in 2013).
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    doc.core_properties.author = doc.core_properties.last_modified_by = report.author
    doc.core_properties.created = doc.core_properties.modified = now
    doc.core_properties.revision = 1
    doc.core_properties.comments = ""

    _title_block(doc, report)
    first_heading = True
    previous = None
    for block in report.blocks:
        if isinstance(block, Heading):
            if not first_heading and block.key in ("itinerary", "results"):
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            first_heading = False
            _heading(doc, block)
        elif isinstance(block, SubHeading):
            _sub_heading(doc, block, after_heading=isinstance(previous, Heading))
        elif isinstance(block, Para):
            p = doc.add_paragraph()
            size = NOTE_PT if block.style == "footnote" else BODY_PT
            _write_line(p, block.line, size)
            if block.line.marker == "□":
                p.paragraph_format.space_before = Pt(6)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Photos):
            _photos(doc, block)
        previous = block
    _rows_stay_whole(doc)
    return doc


def write_docx(report: Report, fh: IO[bytes]) -> None:
    build_docx(report).save(fh)
