"""The report as HWPX (Hancom Office), written with python-hwpx on the template in
resources/templates/trip_report.hwpx. Character and paragraph shapes are added to the
template's header through the library (`ensure_*`, which reuses an identical shape), so
every id the body refers to exists. Tables are built by `hwpx_table` (rows as tall as their
text, long tables flowing across pages with the header repeated) and the preview by
`hwpx_preview`. The library still checks on save that Hancom can open the package; the full
schema validation runs in the tests, with a reader-side layout test (tests/export/
test_hwpx_layout.py), not on every export."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from hwpx import HwpxDocument

from tracker import config
from tracker.export.report import hwpx_preview
from tracker.export.report import hwpx_table as ht
from tracker.export.report.model import Cell, Heading, Line, Para, Photos, Report, SubHeading, Table
from tracker.export.report.safe_text import safe_report

TEMPLATE = config.RESOURCES_DIR / "templates" / "trip_report.hwpx"
HWPUNIT_PER_MM = 7200 / 25.4
NAVY = "#1F3864"
GRID = "#404040"
HEADER_FILL = "#D9E1EE"
PART_FILL = "#E8EEF7"
STEP_MM, HANG_MM = ht.STEP_MM, ht.HANG_MM
PREVIEW_TEXT, PREVIEW_IMAGE = "Preview/PrvText.txt", "Preview/PrvImage.png"
CELL_SPACING = 130  # line spacing inside table cells, percent


def hu(mm: float) -> int:
    return round(mm * HWPUNIT_PER_MM)


class _Writer:
    def __init__(self, template: Path) -> None:
        self.doc = HwpxDocument.open(template)
        self.ox = self.doc.oxml
        self.header = self.ox.headers[0]
        size, margins = self.doc.page.size(), self.doc.page.margins()
        self.text_width = int(size.width) - int(margins.left) - int(margins.right)
        self.body_height = (
            int(size.height)
            - int(margins.top)
            - int(margins.bottom)
            - int(margins.header)
            - int(margins.footer)
        )
        self._chars: dict[tuple, str] = {}
        self._paras: dict[tuple, str] = {}

    # shapes ---------------------------------------------------------------------------

    def char(self, size: float, bold: bool = False, color: str | None = None) -> str:
        key = (size, bold, color)
        if key not in self._chars:
            self._chars[key] = self.ox.ensure_run_style(
                bold=bold, size=size, color=color, base_char_pr_id="0"
            )
        return self._chars[key]

    def para(
        self,
        align: str = "LEFT",
        left_mm: float = 0,
        indent_mm: float = 0,
        before_pt: float = 0,
        after_pt: float = 0,
        spacing: int = 150,
    ) -> str:
        key = (align, left_mm, indent_mm, before_pt, after_pt, spacing)
        if key not in self._paras:
            self._paras[key] = self._keep_words(
                self.header.ensure_paragraph_format(
                    base_para_pr_id="0",
                    alignment=align,
                    margins={
                        "left": hu(left_mm),
                        "intent": hu(indent_mm),
                        "right": 0,
                        "prev": round(before_pt * 100),
                        "next": round(after_pt * 100),
                    },
                    line_spacing_percent=spacing,
                )
            )
        return self._paras[key]

    def _keep_words(self, para_pr_id: str) -> str:
        """Wrap Hangul by word (어절), not by character, as the reports are laid out."""
        for para_pr in self.header.element.iter("{*}paraPr"):
            if para_pr.get("id") == para_pr_id:
                for setting in para_pr.iter("{*}breakSetting"):
                    setting.set("breakNonLatinWord", "KEEP_WORD")
                self.header.mark_dirty()
        return para_pr_id

    def line_shape(
        self, line: Line, align: str = "LEFT", before_pt: float = 0, after_pt: float = 0, spacing: int = 150
    ) -> tuple[str, str]:
        """(paragraph shape, text) for a marked line with a hanging indent. In HWP a negative
        first-line indent (내어쓰기) keeps the first line at the left margin and moves the
        lines after it in, where Word moves the first line out."""
        if not line.marker:
            return self.para(align, line.level * STEP_MM, 0, before_pt, after_pt, spacing), line.text
        hang = HANG_MM.get(line.marker, 4.0)
        shape = self.para("LEFT", line.level * STEP_MM, -hang, before_pt, after_pt, spacing)
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

    def cell(
        self,
        spec: Cell,
        size: float = 9.5,
        bold: bool = False,
        color: str | None = None,
        border_fill: str = "0",
        header: bool = False,
    ) -> ht.CellSpec:
        char = self.char(size, bold, color)
        paras = []
        for line in spec.lines or [Line("")]:
            align = "CENTER" if spec.align == "center" and not line.marker else "LEFT"
            shape, text = self.line_shape(line, align, spacing=CELL_SPACING)
            paras.append(ht.Para(shape, char, text, size, CELL_SPACING, ht.indent(line.level, line.marker)))
        return ht.CellSpec(paras, spec.rowspan, border_fill, header)

    def add_table(self, spec: ht.TableSpec, before_pt: float = 0, **attrs: str) -> None:
        """The table in a paragraph of its own, built in one pass (see hwpx_table)."""
        anchor = self.doc.add_paragraph(
            "",
            para_pr_id_ref=self.para(before_pt=before_pt),
            char_pr_id_ref=self.char(6),
            include_run=False,
            inherit_style=False,
            **attrs,
        )
        run = anchor.element.makeelement(ht.HP + "run", {"charPrIDRef": self.char(6)})
        anchor.element.append(run)
        ht.build_table(run, spec)
        anchor.section.mark_dirty()

    def table(self, spec: Table) -> None:
        grid = self.ox.ensure_border_fill(border_color=GRID, border_width="0.12 mm")
        head = self.ox.ensure_border_fill(border_color=GRID, border_width="0.12 mm", fill_color=HEADER_FILL)
        header = [
            self.cell(Cell([Line(c.title)], align="center"), bold=True, border_fill=head, header=True)
            for c in spec.columns
        ]
        rows: list[list[ht.CellSpec | None]] = [list(header)]
        for row in spec.rows:
            rows.append([None if item is None else self.cell(item, border_fill=grid) for item in row])
        widths = ht.split_widths(self.text_width, [c.width for c in spec.columns])
        self.add_table(ht.TableSpec(widths, rows, grid, header_rows=1, page_body=self.body_height))
        self.paragraph("", self.para(after_pt=2), self.char(6))

    def heading(self, block: Heading, page_break: bool) -> None:
        border = self.ox.ensure_border_fill(border_color=NAVY, border_width="0.4 mm")
        number = self.ox.ensure_border_fill(border_color=NAVY, border_width="0.4 mm", fill_color=NAVY)
        cells = [
            self.cell(Cell([Line(block.number)], align="center"), 14, True, "#FFFFFF", number),
            self.cell(Cell([Line(block.text)]), 14, True, border_fill=border),
        ]
        spec = ht.TableSpec([hu(12), self.text_width - hu(12)], [cells], border, flowing=False)
        self.add_table(spec, before_pt=0 if page_break else 10, **({"pageBreak": "1"} if page_break else {}))
        self.paragraph("", self.para(after_pt=2), self.char(6))

    def sub_heading(self, block: SubHeading) -> None:
        border = self.ox.ensure_border_fill(border_color=NAVY, border_width="0.12 mm", fill_color=PART_FILL)
        cell = self.cell(Cell([Line(block.text)]), 12, True, border_fill=border)
        self.add_table(ht.TableSpec([self.text_width], [[cell]], border, flowing=False), before_pt=6)
        self.paragraph("", self.para(after_pt=2), self.char(6))

    def photos(self, block: Photos) -> None:
        self.paragraph(
            f"<  {block.title} >", self.para("CENTER", before_pt=6, after_pt=4), self.char(11, True)
        )
        for photo in block.photos:
            data = photo.path.read_bytes()
            fmt = photo.path.suffix.lower().lstrip(".").replace("jpg", "jpeg")
            self.doc.add_picture(data, fmt, width_mm=90, align="CENTER")
            self.paragraph(photo.caption, self.para("CENTER", after_pt=6), self.char(9.5))

    def title_block(self, report: Report) -> None:
        center = self.para("CENTER", after_pt=6)
        if report.marking:
            self.first_paragraph(report.marking, self.para("RIGHT"), self.char(11, True, "#C00000"))
            self.paragraph(
                report.title, self.para("CENTER", before_pt=6, after_pt=10, spacing=140), self.char(18, True)
            )
        else:
            self.first_paragraph(
                report.title, self.para("CENTER", before_pt=6, after_pt=10, spacing=140), self.char(18, True)
            )
        self.paragraph(report.destination_line, center, self.char(12))
        label_mm, left_mm = 27.0, 32.0
        first = self.para("LEFT", left_mm, -label_mm)  # a second line of it under the date
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
    """The document, with its preview. Not validated here: validating the package costs more
    than writing it, and the tests validate what the writer makes (and lay it out with an
    independent reader)."""
    report = safe_report(report)
    doc = _Writer(template).write(report)
    # No author or dates of whoever made the template: the document's own title, author and time.
    doc.package.clear_document_metadata(keep=("title", "language"))
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc.package.set_document_metadata(
        title=report.title, creator=report.author, subject=report.subject, created_date=now, modified_date=now
    )
    doc.package.write(PREVIEW_TEXT, hwpx_preview.preview_text(report).encode("utf-8"))
    doc.package.write(PREVIEW_IMAGE, hwpx_preview.preview_image(report))
    return doc


def write_hwpx(report: Report, fh: IO[bytes], template: Path = TEMPLATE) -> None:
    build_hwpx(report, template).save_to_stream(fh)
