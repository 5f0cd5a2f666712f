"""The preview an HWPX file carries for file browsers and Hancom's open dialog: the text of
the first page (Preview/PrvText.txt) and a thumbnail of it (Preview/PrvImage.png).

The thumbnail is drawn here from the report itself, laid out with the sizes the HWPX writer
uses and the table rows measured as `hwpx_table` stores them, in the bundled Korean font
(Pillow, which ReportLab already brings). It shows what page 1 looks like, not every pixel
a given reader draws.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from tracker.export.report import fonts
from tracker.export.report import hwpx_table as ht
from tracker.export.report.model import Cell, Heading, Line, Para, Photos, Report, SubHeading, Table

# A4 in HWPUNIT, and the template's margins (left/right 20 mm, top 15 mm + 8 mm header).
PAGE_W, PAGE_H = 59528, 84189
LEFT, TOP, BOTTOM = 5669, 4252 + 2268, 84189 - 4252 - 2268
TEXT_W = PAGE_W - 2 * LEFT
MM = ht.MM
THUMB_W = 420
NAVY, HEADER_FILL, PART_FILL, GRID, RED = "#1F3864", "#D9E1EE", "#E8EEF7", "#404040", "#C00000"
PREVIEW_CHARS = 1024


def first_page(report: Report) -> Iterator[object]:
    """The blocks before the first forced page break (the itinerary or the results)."""
    seen_heading = False
    for block in report.blocks:
        if isinstance(block, Heading):
            if seen_heading and block.key in ("itinerary", "results"):
                return
            seen_heading = True
        yield block


def preview_text(report: Report) -> str:
    """The first page's text, a paragraph a line and table cells in <...>, as Hancom writes it."""
    lines = [x for x in (report.marking, report.title, report.destination_line) if x]
    lines += [f"{report.period_label} {report.periods[0]}", *report.periods[1:], report.date_line]
    for block in first_page(report):
        if isinstance(block, Heading):
            lines.append(f"<{block.number}><{block.text}>")
        elif isinstance(block, SubHeading):
            lines.append(f"<{block.text}>")
        elif isinstance(block, Para):
            lines.append(block.line.plain)
        elif isinstance(block, Table):
            lines.append("".join(f"<{c.title}>" for c in block.columns))
            lines += ["".join(f"<{c.text.replace(chr(10), ' ')}>" for c in row if c) for row in block.rows]
        elif isinstance(block, Photos):
            lines.append(f"<  {block.title} >")
    return "\r\n".join(lines)[:PREVIEW_CHARS]


# ---------------------------------------------------------------------------------------
# the thumbnail


@cache
def _font(px: int, bold: bool) -> ImageFont.FreeTypeFont:
    regular, heavy = fonts.font_files()
    return ImageFont.truetype(str(heavy if bold else regular), max(px, 4))


class _Page:
    def __init__(self, width_px: int) -> None:
        self.k = width_px / PAGE_W
        self.image = Image.new("RGB", (width_px, round(PAGE_H * self.k)), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.y = TOP

    def px(self, hu: float) -> int:
        return round(hu * self.k)

    def full(self) -> bool:
        return self.y >= BOTTOM

    def text(
        self,
        text: str,
        size: float,
        x: float,
        width: float,
        *,
        bold: bool = False,
        align: str = "left",
        color: str = "black",
        spacing: int = 150,
    ) -> float:
        """Draw `text` wrapped in `width` from (x, self.y); return the height used."""
        font = _font(self.px(size * 100), bold)
        step = size * 100 * spacing / 100
        lines = ht.wrap(text, size, width)
        for i, line in enumerate(lines):
            w = ht.text_width(line, size)
            left = x + (width - w) / 2 if align == "center" else x + width - w if align == "right" else x
            self.draw.text((self.px(left), self.px(self.y + i * step)), line, font=font, fill=color)
        return len(lines) * step

    def line(self, line: Line, size: float, x: float, width: float, **kw: object) -> float:
        """A marked line: wrapped at its indentation, as the writer measures it."""
        left = ht.indent(line.level, line.marker)
        return self.text(line.plain, size, x + left, width - left, **kw)  # type: ignore[arg-type]

    def box(
        self, x: float, y: float, w: float, h: float, fill: str | None = None, outline: str = GRID
    ) -> None:
        self.draw.rectangle(
            [self.px(x), self.px(y), self.px(x + w), self.px(y + h)], fill=fill, outline=outline
        )


def _table(page: _Page, block: Table) -> None:
    widths = ht.split_widths(TEXT_W, [c.width for c in block.columns])
    rows: list[list[Cell | None]] = [
        [Cell([Line(c.title)], align="center") for c in block.columns],
        *block.rows,
    ]
    # measured as the writer measures its cells, so the thumbnail has the rows the file has
    specs = [
        [
            None
            if c is None
            else ht.CellSpec(
                [
                    ht.Para("", "", x.plain, 9.5, indent=ht.indent(x.level, x.marker))
                    for x in c.lines or [Line("")]
                ],
                c.rowspan,
            )
            for c in row
        ]
        for row in rows
    ]
    heights = ht.measure(ht.TableSpec(widths, specs, ""))
    top = page.y
    for r, row in enumerate(rows):
        x = LEFT
        for c, cell in enumerate(row):
            if cell is not None:
                h = sum(heights[r : r + cell.rowspan])
                page.box(x, top, widths[c], h, HEADER_FILL if r == 0 else None)
                inner = widths[c] - 2 * ht.CELL_MARGIN_LR
                used = (
                    sum(
                        ht.line_count(item.plain, 9.5, inner - ht.indent(item.level, item.marker))
                        for item in cell.lines
                    )
                    * 950
                    * 1.3
                )
                page.y = top + (h - used) / 2
                for item in cell.lines:
                    page.y += page.line(
                        item,
                        9.5,
                        x + ht.CELL_MARGIN_LR,
                        inner,
                        bold=r == 0,
                        align="center" if cell.align == "center" and not item.marker else "left",
                        spacing=130,
                    )
            x += widths[c]
        top += heights[r]
        if top >= BOTTOM:
            break
    page.y = top + 200


def preview_image(report: Report, width_px: int = THUMB_W) -> bytes:
    """A PNG thumbnail of the first page."""
    page = _Page(width_px)
    if report.marking:
        page.y += page.text(report.marking, 11, LEFT, TEXT_W, bold=True, align="right", color=RED)
    page.y += 600 + page.text(report.title, 18, LEFT, TEXT_W, bold=True, align="center", spacing=140) + 1000
    page.y += page.text(report.destination_line, 12, LEFT, TEXT_W, align="center") + 600
    for i, period in enumerate(report.periods):
        label = report.period_label + " " if i == 0 else ""
        page.y += page.text(
            label + period, 12, LEFT + 32 * MM if i == 0 else LEFT + 59 * MM, TEXT_W - 59 * MM
        )
    page.y += 800 + page.text(report.date_line, 12, LEFT, TEXT_W, align="right") + 1200
    for block in first_page(report):
        if page.full():
            break
        if isinstance(block, Heading):
            h = 14 * 100 * 1.5 + 2 * ht.CELL_MARGIN_TB
            page.box(LEFT, page.y, 12 * MM, h, NAVY, NAVY)
            page.box(LEFT + 12 * MM, page.y, TEXT_W - 12 * MM, h, None, NAVY)
            top = page.y + ht.CELL_MARGIN_TB
            page.y = top
            page.text(block.number, 14, LEFT, 12 * MM, bold=True, align="center", color="white")
            page.y = top
            page.text(block.text, 14, LEFT + 12 * MM + ht.CELL_MARGIN_LR, TEXT_W, bold=True)
            page.y = top + h + 800
        elif isinstance(block, SubHeading):
            h = 12 * 100 * 1.5 + 2 * ht.CELL_MARGIN_TB
            page.box(LEFT, page.y, TEXT_W, h, PART_FILL, NAVY)
            top = page.y
            page.y += ht.CELL_MARGIN_TB
            page.text(block.text, 12, LEFT + ht.CELL_MARGIN_LR, TEXT_W, bold=True)
            page.y = top + h + 800
        elif isinstance(block, Para):
            size = 9.5 if block.style == "footnote" else 11
            page.y += 400 if block.line.marker == "□" else 0
            page.y += page.line(block.line, size, LEFT, TEXT_W, bold=block.line.bold) + 100
        elif isinstance(block, Table):
            _table(page, block)
        elif isinstance(block, Photos):
            page.y += page.text(f"<  {block.title} >", 11, LEFT, TEXT_W, bold=True, align="center")
            page.box(LEFT + TEXT_W / 4, page.y + 300, TEXT_W / 2, 60 * MM, "#DDDDDD")
            page.y += 60 * MM + 600
    out = io.BytesIO()
    page.image.save(out, "PNG")
    return out.getvalue()
