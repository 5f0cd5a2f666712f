"""HWPX tables built once, row by row, with honest geometry.

Hancom Office grows a row that is too low for its text, but web and mobile viewers and
converters trust the heights stored in the file: a table written with 1 mm rows (python-hwpx's
default) is drawn with every row on top of the next. So each row is given the height its text
needs, measured here the way Hancom lays the cell out: the cell's margins, then for each
paragraph its lines (words wrapped at the cell width, Hangul kept whole by 어절) at the
character size times the line spacing. The widths are estimated a little on the generous side:
a row slightly too tall is blank space, a row too low overlaps the next.

A long table flows (it is not "treated as a character"), splits between rows and repeats its
header row on each page (`repeatHeader` and the header cells marked). Splitting between rows
is `pageBreak="TABLE"` ("테이블은 나누지만 셀은 나누지 않는다" in Hancom's HWPML); `CELL`, the
library's default, also breaks the text inside a row. A row taller than a whole page cannot
move to the next page, so a table holding one keeps `CELL`.

Building the XML directly also keeps the writer linear in the size of the trip: python-hwpx
looks a cell up by rebuilding the table's grid on every access.
"""

from __future__ import annotations

import itertools
import random
import unicodedata
from dataclasses import dataclass, field
from typing import Any

HP = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"
CELL_MARGIN_LR, CELL_MARGIN_TB = 510, 141  # HWPUNIT (1/7200 inch), python-hwpx's and Hancom's default

MM = 7200 / 25.4  # HWPUNIT per millimetre
STEP_MM = 4.5  # indentation per level of a marked line
HANG_MM = {"□": 5.0, "**": 6.0, "※": 5.0}  # the hanging indent after a mark (default 4 mm)

# Widths in em, a little over NanumGothic's and 함초롬돋움's own (wider wraps sooner: safe).
_WIDE, _UPPER, _LOWER, _DIGIT, _SPACE, _OTHER = 1.0, 0.70, 0.58, 0.62, 0.40, 0.62


@dataclass
class Para:
    """One paragraph of a cell: its shapes (ids in the header), text, and what the
    measurement needs: the character size in points, the line spacing in percent and the
    indentation in HWPUNIT."""

    para_pr: str
    char_pr: str
    text: str
    size_pt: float
    spacing: int = 130
    indent: int = 0


@dataclass
class CellSpec:
    paras: list[Para]
    rowspan: int = 1
    border_fill: str = "0"
    header: bool = False


@dataclass
class TableSpec:
    widths: list[int]  # HWPUNIT, one per column
    rows: list[list[CellSpec | None]]  # None under a cell that spans rows
    border_fill: str
    header_rows: int = 0
    flowing: bool = True  # split across pages; False: one inline object (a heading box)
    page_body: int = 0  # the height of the page body, HWPUNIT (0: unknown)
    heights: list[int] = field(default_factory=list)  # filled by `measure`


def indent(level: int, marker: str) -> int:
    """Left indentation in HWPUNIT of the wrapped lines of a line with this mark and level."""
    return round((level * STEP_MM + (HANG_MM.get(marker, 4.0) if marker else 0)) * MM)


def char_em(ch: str) -> float:
    if ch == " ":
        return _SPACE
    if ch.isascii():
        if ch.isupper():
            return _UPPER
        if ch.isdigit():
            return _DIGIT
        return _LOWER if ch.isalpha() else 0.5
    if unicodedata.combining(ch):
        return 0.0
    return _WIDE if unicodedata.east_asian_width(ch) in "WFA" else _OTHER


def text_width(text: str, size_pt: float) -> float:
    """Width in HWPUNIT of `text` at `size_pt` (1 pt = 100 HWPUNIT)."""
    return sum(char_em(ch) for ch in text) * size_pt * 100


def wrap(text: str, size_pt: float, width: float) -> list[str]:
    """`text` broken into the lines it takes in `width` HWPUNIT: words wrapped whole, a word
    longer than the line broken by character (as Hancom does)."""
    lines: list[str] = []
    line, used = "", 0.0
    for word in text.split(" "):
        w = text_width(word, size_pt)
        gap = text_width(" ", size_pt) if line else 0.0
        if line and used + gap + w > width:
            lines.append(line)
            line, used, gap = "", 0.0, 0.0
        if w > width > 0:  # a long word fills lines of its own
            for ch in word:
                cw = text_width(ch, size_pt)
                if line and used + gap + cw > width:
                    lines.append(line)
                    line, used, gap = "", 0.0, 0.0
                line, used, gap = line + (" " if gap else "") + ch, used + gap + cw, 0.0
        else:
            line, used = line + (" " if gap else "") + word, used + gap + w
    return [*lines, line]


def line_count(text: str, size_pt: float, width: float) -> int:
    return len(wrap(text, size_pt, width))


def cell_height(cell: CellSpec, width: int) -> int:
    inner = width - 2 * CELL_MARGIN_LR
    total = 2 * CELL_MARGIN_TB
    for p in cell.paras:
        lines = line_count(p.text, p.size_pt, inner - p.indent)
        total += round(lines * p.size_pt * 100 * p.spacing / 100)
    return total


def measure(spec: TableSpec) -> list[int]:
    """Row heights: each row as tall as its tallest cell; a cell spanning rows that needs
    more than they give adds the rest to its last row."""
    heights = [0] * len(spec.rows)
    spans: list[tuple[int, int, int]] = []
    for r, row in enumerate(spec.rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            need = cell_height(cell, spec.widths[c])
            if cell.rowspan > 1:
                spans.append((r, cell.rowspan, need))
            else:
                heights[r] = max(heights[r], need)
    for r, span, need in spans:
        short = need - sum(heights[r : r + span])
        if short > 0:
            heights[r + span - 1] += short
    spec.heights = heights
    return heights


# ---------------------------------------------------------------------------------------
# the XML

_ids = itertools.count(random.randrange(1_000_000, 1_500_000_000))


def _add(parent: Any, tag: str, **attrs: str) -> Any:
    """A child element of the same tree type as `parent` (lxml or ElementTree)."""
    child = parent.makeelement(HP + tag, attrs)
    parent.append(child)
    return child


def _paragraph(parent: Any, p: Para) -> None:
    el = _add(
        parent,
        "p",
        id=str(next(_ids)),
        paraPrIDRef=p.para_pr,
        styleIDRef="0",
        pageBreak="0",
        columnBreak="0",
        merged="0",
    )
    run = _add(el, "run", charPrIDRef=p.char_pr)
    _add(run, "t").text = p.text


def _cell(tr: Any, spec: CellSpec, r: int, c: int, width: int, height: int) -> None:
    tc = _add(
        tr,
        "tc",
        name="",
        header="1" if spec.header else "0",
        hasMargin="0",
        protect="0",
        editable="0",
        dirty="0",
        borderFillIDRef=spec.border_fill,
    )
    sub = _add(
        tc,
        "subList",
        id="",
        textDirection="HORIZONTAL",
        lineWrap="BREAK",
        vertAlign="CENTER",
        linkListIDRef="0",
        linkListNextIDRef="0",
        textWidth="0",
        textHeight="0",
        hasTextRef="0",
        hasNumRef="0",
    )
    for p in spec.paras:
        _paragraph(sub, p)
    _add(tc, "cellAddr", colAddr=str(c), rowAddr=str(r))
    _add(tc, "cellSpan", colSpan="1", rowSpan=str(spec.rowspan))
    _add(tc, "cellSz", width=str(width), height=str(height))
    _add(
        tc,
        "cellMargin",
        left=str(CELL_MARGIN_LR),
        right=str(CELL_MARGIN_LR),
        top=str(CELL_MARGIN_TB),
        bottom=str(CELL_MARGIN_TB),
    )


def build_table(run: Any, spec: TableSpec) -> Any:
    """Append the table to `run` (an hp:run element) and return it."""
    heights = spec.heights or measure(spec)
    whole_rows = not spec.page_body or max(heights, default=0) < spec.page_body
    tbl = _add(
        run,
        "tbl",
        id=str(next(_ids)),
        zOrder="0",
        numberingType="TABLE",
        textWrap="TOP_AND_BOTTOM",
        textFlow="BOTH_SIDES",
        lock="0",
        dropcapstyle="None",
        pageBreak="TABLE" if whole_rows else "CELL",
        repeatHeader="1" if spec.header_rows else "0",
        rowCnt=str(len(spec.rows)),
        colCnt=str(len(spec.widths)),
        cellSpacing="0",
        borderFillIDRef=spec.border_fill,
        noAdjust="0",
    )
    _add(
        tbl,
        "sz",
        width=str(sum(spec.widths)),
        widthRelTo="ABSOLUTE",
        height=str(sum(heights)),
        heightRelTo="ABSOLUTE",
        protect="0",
    )
    _add(
        tbl,
        "pos",
        treatAsChar="0" if spec.flowing else "1",
        affectLSpacing="0",
        flowWithText="1",
        allowOverlap="0",
        holdAnchorAndSO="0",
        vertRelTo="PARA",
        horzRelTo="COLUMN",
        vertAlign="TOP",
        horzAlign="LEFT",
        vertOffset="0",
        horzOffset="0",
    )
    _add(tbl, "outMargin", left="0", right="0", top="0", bottom="0")
    _add(
        tbl,
        "inMargin",
        left=str(CELL_MARGIN_LR),
        right=str(CELL_MARGIN_LR),
        top=str(CELL_MARGIN_TB),
        bottom=str(CELL_MARGIN_TB),
    )
    for r, row in enumerate(spec.rows):
        tr = _add(tbl, "tr")
        for c, cell in enumerate(row):
            if cell is not None:
                _cell(tr, cell, r, c, spec.widths[c], sum(heights[r : r + cell.rowspan]))
    return tbl


def split_widths(total: int, weights: list[float]) -> list[int]:
    """`total` shared in proportion to `weights`, in whole units that add up exactly."""
    whole = sum(weights) or 1
    edges = [round(total * sum(weights[:i]) / whole) for i in range(len(weights) + 1)]
    return [b - a for a, b in itertools.pairwise(edges)]
