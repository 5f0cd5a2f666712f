"""The report as HWPX (Hancom Office), written with python-hwpx on the template in
resources/templates/trip_report.hwpx. Character and paragraph shapes are added to the
template's header through the library (`ensure_*`, which reuses an identical shape), so
every id the body refers to exists; the package is validated before it is written."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from hwpx import HwpxDocument

from tracker import config
from tracker.export.report.model import Cell, Heading, Line, Para, Photos, Report, SubHeading, Table
from tracker.export.report.safe_text import safe_report

TEMPLATE = config.RESOURCES_DIR / "templates" / "trip_report.hwpx"
HWPUNIT_PER_MM = 7200 / 25.4
NAVY = "#1F3864"
HEADER_FILL = "#D9E1EE"
PART_FILL = "#E8EEF7"
STEP_MM = 4.5
HANG_MM = {"□": 5.0, "**": 6.0, "※": 5.0}


def hu(mm: float) -> int:
    return round(mm * HWPUNIT_PER_MM)


class HwpxReportError(RuntimeError):
    pass


class _Writer:
    def __init__(self, template: Path) -> None:
        self.doc = HwpxDocument.open(template)
        self.ox = self.doc.oxml
        self.header = self.ox.headers[0]
        size, margins = self.doc.page.size(), self.doc.page.margins()
        self.text_width = int(size.width) - int(margins.left) - int(margins.right)
        self._chars: dict[tuple, str] = {}
        self._paras: dict[tuple, str] = {}

    # shapes ---------------------------------------------------------------------------

    def char(self, size: float, bold: bool = False, color: str | None = None) -> str:
        key = (size, bold, color)
        if key not in self._chars:
            self._chars[key] = self.ox.ensure_run_style(bold=bold, size=size, color=color, base_char_pr_id="0")
        return self._chars[key]

    def para(self, align: str = "LEFT", left_mm: float = 0, indent_mm: float = 0,
             before_pt: float = 0, after_pt: float = 0, spacing: int = 150) -> str:
        key = (align, left_mm, indent_mm, before_pt, after_pt, spacing)
        if key not in self._paras:
            self._paras[key] = self._keep_words(self.header.ensure_paragraph_format(
                base_para_pr_id="0",
                alignment=align,
                margins={"left": hu(left_mm), "intent": hu(indent_mm), "right": 0,
                         "prev": round(before_pt * 100), "next": round(after_pt * 100)},
                line_spacing_percent=spacing,
            ))
        return self._paras[key]

    def _keep_words(self, para_pr_id: str) -> str:
        """Wrap Hangul by word (어절), not by character, as the reports are laid out."""
        for para_pr in self.header.element.iter("{*}paraPr"):
            if para_pr.get("id") == para_pr_id:
                for setting in para_pr.iter("{*}breakSetting"):
                    setting.set("breakNonLatinWord", "KEEP_WORD")
                self.header.mark_dirty()
        return para_pr_id

    def line_shape(self, line: Line, align: str = "LEFT", before_pt: float = 0,
                   after_pt: float = 0, spacing: int = 150) -> tuple[str, str]:
        """(paragraph shape, text) for a marked line with a hanging indent."""
        if not line.marker:
            return self.para(align, line.level * STEP_MM, 0, before_pt, after_pt, spacing), line.text
        hang = HANG_MM.get(line.marker, 4.0)
        shape = self.para("LEFT", line.level * STEP_MM + hang, -hang, before_pt, after_pt, spacing)
        return shape, f"{line.marker} {line.text}"

    # blocks ---------------------------------------------------------------------------

    def paragraph(self, text: str, para: str, char: str, **attrs: str) -> None:
        self.doc.add_paragraph(text, para_pr_id_ref=para, char_pr_id_ref=char, inherit_style=False, **attrs)

    def first_paragraph(self, text: str, para: str, char: str) -> None:
        """The template's first paragraph carries the section settings: write into it."""
        p = self.doc.paragraphs[0]
        p.para_pr_id_ref = para
        p.char_pr_id_ref = char
        p.text = text

    def fill(self, cell, spec: Cell, size: float = 9.5, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
        sublist = cell._ensure_sublist()
        sublist.set("vertAlign", "CENTER")
        char = self.char(size, bold)
        lines = spec.lines or [Line("")]
        for i, line in enumerate(lines):
            align = "CENTER" if spec.align == "center" and not line.marker else "LEFT"
            shape, text = self.line_shape(line, align, spacing=130)
            if i == 0:
                p = cell.paragraphs[0]
                p.para_pr_id_ref = shape
                p.char_pr_id_ref = char
                p.text = text
            else:
                cell.add_paragraph(text, para_pr_id_ref=shape, char_pr_id_ref=char)

    def table(self, spec: Table) -> None:
        grid = self.ox.ensure_border_fill(border_color="#404040", border_width="0.12 mm")
        t = self.doc.add_table(1 + len(spec.rows), len(spec.columns), width=self.text_width,
                               border_fill_id_ref=grid)
        t.set_column_widths([c.width for c in spec.columns])
        t.element.set("repeatHeader", "1")
        for r, row in enumerate(spec.rows, start=1):
            for c, item in enumerate(row):
                if item is not None and item.rowspan > 1:
                    t.merge_cells(r, c, r + item.rowspan - 1, c)
        for c, col in enumerate(spec.columns):
            cell = t.cell(0, c)
            cell.element.set("header", "1")
            self.fill(cell, Cell([Line(col.title)], align="center"), bold=True)
            t.set_cell_shading(0, c, HEADER_FILL)
        for r, row in enumerate(spec.rows, start=1):
            for c, item in enumerate(row):
                if item is not None:
                    self.fill(t.cell(r, c), item)
        self.paragraph("", self.para(after_pt=2), self.char(6))

    def heading(self, block: Heading, page_break: bool) -> None:
        border = self.ox.ensure_border_fill(border_color=NAVY, border_width="0.4 mm")
        attrs = {"pageBreak": "1"} if page_break else {}
        t = self.doc.add_table(1, 2, width=self.text_width, border_fill_id_ref=border, **attrs)
        t.set_column_widths([hu(12), self.text_width - hu(12)])
        num, text = t.cell(0, 0), t.cell(0, 1)
        self.fill(num, Cell([Line(block.number)], align="center"), size=14, bold=True)
        num.paragraphs[0].char_pr_id_ref = self.char(14, True, "#FFFFFF")
        t.set_cell_shading(0, 0, NAVY)
        self.fill(text, Cell([Line(block.text)]), size=14, bold=True)
        self.paragraph("", self.para(after_pt=2), self.char(6))

    def sub_heading(self, block: SubHeading) -> None:
        border = self.ox.ensure_border_fill(border_color=NAVY, border_width="0.12 mm", fill_color=PART_FILL)
        t = self.doc.add_table(1, 1, width=self.text_width, border_fill_id_ref=border)
        self.fill(t.cell(0, 0), Cell([Line(block.text)]), size=12, bold=True)
        self.paragraph("", self.para(after_pt=2), self.char(6))

    def photos(self, block: Photos) -> None:
        self.paragraph(f"<  {block.title} >", self.para("CENTER", before_pt=6, after_pt=4), self.char(11, True))
        for photo in block.photos:
            data = photo.path.read_bytes()
            fmt = photo.path.suffix.lower().lstrip(".").replace("jpg", "jpeg")
            self.doc.add_picture(data, fmt, width_mm=90, align="CENTER")
            self.paragraph(photo.caption, self.para("CENTER", after_pt=6), self.char(9.5))

    def title_block(self, report: Report) -> None:
        center = self.para("CENTER", after_pt=6)
        if report.marking:
            self.first_paragraph(report.marking, self.para("RIGHT"), self.char(11, True, "#C00000"))
            self.paragraph(report.title, self.para("CENTER", before_pt=6, after_pt=10, spacing=140), self.char(18, True))
        else:
            self.first_paragraph(report.title, self.para("CENTER", before_pt=6, after_pt=10, spacing=140),
                                 self.char(18, True))
        self.paragraph(report.destination_line, center, self.char(12))
        label_mm, left_mm = 27.0, 32.0
        first = self.para("LEFT", left_mm + label_mm, -label_mm)
        rest = self.para("LEFT", left_mm + label_mm, 0)
        for i, period in enumerate(report.periods):
            if i == 0:
                self.paragraph(f"{report.period_label} {period}", first, self.char(12))
            else:
                self.paragraph(period, rest, self.char(12))
        self.paragraph(report.date_line, self.para("RIGHT", before_pt=8, after_pt=12), self.char(12))

    def write(self, report: Report) -> HwpxDocument:
        self.title_block(report)
        first_heading = True
        for block in report.blocks:
            if isinstance(block, Heading):
                self.heading(block, page_break=not first_heading and block.key in ("itinerary", "results"))
                first_heading = False
            elif isinstance(block, SubHeading):
                self.sub_heading(block)
            elif isinstance(block, Para):
                size = 9.5 if block.style == "footnote" else 11
                before = 4 if block.line.marker == "□" else 0
                shape, text = self.line_shape(block.line, before_pt=before, after_pt=1)
                self.paragraph(text, shape, self.char(size, block.line.bold))
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Photos):
                self.photos(block)
        return self.doc


def build_hwpx(report: Report, template: Path = TEMPLATE) -> HwpxDocument:
    doc = _Writer(template).write(safe_report(report))
    issues = doc.validate().issues
    if issues:
        raise HwpxReportError(f"the HWPX package does not validate: {issues[:3]}")
    return doc


def write_hwpx(report: Report, fh: IO[bytes], template: Path = TEMPLATE) -> None:
    build_hwpx(report, template).save_to_stream(fh)
