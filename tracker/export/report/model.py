"""The report as a format-neutral document: a title block and a list of blocks (headings,
marked paragraphs, tables with merged cells, photos). Every writer renders the same `Report`,
so the wording and the structure are decided once, in `builder.py`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# What restricted (대외비) items show is decided in one place for every output.
from tracker.services.confidentiality import MASK as MASK
from tracker.services.confidentiality import RESTRICTED_MARK as RESTRICTED_MARK
from tracker.services.confidentiality import Restricted as Restricted

# Sections of the report, in order. `events`, `meetings` and `visits` make up
# "3 출장 주요 결과"; `photos` switches the photos of those parts on or off.
SECTIONS = ("overview", "itinerary", "events", "meetings", "visits", "followups", "photos")
SECTION_ALIASES = {"results": ("events", "meetings", "visits"), "all": SECTIONS}


@dataclass(frozen=True)
class ReportOptions:
    sections: frozenset[str] = frozenset(SECTIONS)
    meetings: tuple[int, ...] | None = None  # 순번 of the meetings to include; None = all
    restricted: Restricted = Restricted.INCLUDE

    def has(self, section: str) -> bool:
        return section in self.sections


def parse_sections(values: list[str] | tuple[str, ...] | str | None) -> frozenset[str]:
    """'overview,meetings' or ['overview', 'meetings'] -> the set of sections; aliases expand."""
    if values is None:
        return frozenset(SECTIONS)
    if isinstance(values, str):
        values = [values]
    chosen: set[str] = set()
    for value in values:
        for word in value.replace(",", " ").split():
            word = word.strip().lower()
            if word in SECTION_ALIASES:
                chosen.update(SECTION_ALIASES[word])
            elif word in SECTIONS:
                chosen.add(word)
            else:
                raise ValueError(word)
    return frozenset(chosen)


@dataclass
class Line:
    """One line of text with its report mark: '□', 'o', '-', '▪', '*', '**', '※' or none.
    `level` is the indentation step (0 = flush)."""

    text: str
    marker: str = ""
    level: int = 0
    bold: bool = False

    @property
    def plain(self) -> str:
        return f"{self.marker} {self.text}" if self.marker else self.text


@dataclass
class Block:
    pass


@dataclass
class Heading(Block):
    """A numbered section heading drawn as a box: ' 1  출장 개요'."""

    number: str
    text: str
    key: str = ""


@dataclass
class SubHeading(Block):
    """A titled part inside a section: an event, the bilateral meetings, a site visit."""

    text: str
    key: str = ""


@dataclass
class Para(Block):
    line: Line
    style: str = "body"  # body | footnote | note


@dataclass
class Cell:
    lines: list[Line] = field(default_factory=list)
    rowspan: int = 1
    align: str = "left"  # left | center

    @property
    def text(self) -> str:
        return "\n".join(line.plain for line in self.lines)


@dataclass
class Column:
    title: str
    width: float  # millimetres on A4 portrait (the writers scale to the page)
    align: str = "left"


@dataclass
class Table(Block):
    """A bordered table with a header row. `rows[r][c]` is None where a cell above spans
    over it (rowspan)."""

    columns: list[Column]
    rows: list[list[Cell | None]]
    key: str = ""


@dataclass
class Photo:
    path: Path
    caption: str = ""


@dataclass
class Photos(Block):
    """'<  양자면담 주요 사진 >' and the photos under it, two to a row."""

    title: str
    photos: list[Photo]


@dataclass
class Report:
    title: str
    destination_line: str  # (출장지역 : 캐나다(몬트리올))
    periods: list[str]  # 2025.12.06.(토)~12.11.(목), 4박 6일 (one per distinct member period)
    date_line: str  # 2025. 12. 24.
    marking: str | None = None  # 대외비 when restricted items are shown
    period_label: str = "□ 기    간 :"
    blocks: list[Block] = field(default_factory=list)
    subject: str = "출장 결과보고"  # the kind of document, for the file's properties
    author: str = ""  # the user's name (Settings › My name), for the file's properties; "" for none

    def text_lines(self) -> list[str]:
        """All the text in reading order, one item per line: for tests and search."""
        out = [x for x in ([self.marking] if self.marking else []) if x]
        out += [
            self.title,
            self.destination_line,
            f"{self.period_label} {self.periods[0]}",
            *self.periods[1:],
        ]
        out.append(self.date_line)
        for block in self.blocks:
            if isinstance(block, Heading):
                out.append(f"{block.number} {block.text}")
            elif isinstance(block, SubHeading):
                out.append(block.text)
            elif isinstance(block, Para):
                out.append(block.line.plain)
            elif isinstance(block, Table):
                out.append(" | ".join(c.title for c in block.columns))
                for row in block.rows:
                    out.extend(cell.text for cell in row if cell is not None)
            elif isinstance(block, Photos):
                out.append(block.title)
                out.extend(p.caption for p in block.photos)
        return out
