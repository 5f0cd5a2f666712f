"""The HWPX report laid out by an independent HWPX engine (rhwp, through the `hwp-ingest`
wheel), which trusts the geometry stored in the file as web and mobile viewers do.

From the glyph positions of the SVG pages it draws: no character is drawn over another, no
text runs below the page body, every member, meeting, key point and follow-up is there in
order, and a meetings table that spans pages repeats its header row on each of them."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tracker.db.models import Meeting, TripMember
from tracker.db.store import open_database
from tracker.devtools.long_trip import DEMO_TRIP, LONG_POINT, add_meetings
from tracker.export.demo import load_demo
from tracker.export.report import ReportOptions, Restricted, build_report, write_report
from tracker.export.report.model import Heading, Para, Photos, SubHeading, Table
from tracker.services import records
from tracker.services.trips import dossier, resolve_trip

hwp_ingest = pytest.importorskip("hwp_ingest")

# --------------------------------------------------------------------------------------
# reading the pages: one <text> element per glyph


@dataclass
class Glyph:
    char: str
    x: float
    y: float  # the baseline
    width: float
    size: float

    def box(self) -> tuple[float, float, float, float]:
        """The glyph's ink box, a little inside its advance so that neighbours touch, not overlap."""
        pad = self.width * 0.15
        return self.x + pad, self.y - self.size * 0.75, self.x + self.width - pad, self.y + self.size * 0.05


@dataclass
class Page:
    glyphs: list[Glyph]
    body_bottom: float

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)


_GLYPH = re.compile(r"<text ([^>]*)>([^<]*)</text>")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
_BODY = re.compile(
    r'<clipPath id="body-clip-\d+"><rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"'
)


def _glyph(attrs: str, char: str) -> Glyph:
    import html
    import unicodedata

    a = dict(_ATTR.findall(attrs))
    char = html.unescape(char)
    size = float(a["font-size"])
    # Latin glyphs carry their advance; Hangul and other full-width ones are one em wide.
    wide = unicodedata.east_asian_width(char[:1]) in "WF"
    width = float(a["textLength"]) if "textLength" in a else size * (1.0 if wide else 0.5)
    return Glyph(char, float(a["x"]), float(a["y"]), width, size)


def render(path: Path) -> list[Page]:
    pages = []
    for svg in hwp_ingest.to_svg_pages(path.read_bytes()):
        text = svg.decode("utf-8")
        body = _BODY.search(text)
        assert body, "the page has no body area"
        glyphs = [_glyph(attrs, ch) for attrs, ch in _GLYPH.findall(text) if ch.strip()]
        for glyph, after in zip(glyphs, glyphs[1:], strict=False):
            if after.y == glyph.y and after.x > glyph.x:  # the next glyph of the line: the advance
                glyph.width = min(glyph.width, after.x - glyph.x)
        pages.append(Page(glyphs, float(body.group(1)) + float(body.group(2))))
    return pages


def overlaps(page: Page) -> list[tuple[str, str]]:
    """Pairs of glyphs drawn over each other, found through a grid of 10-pixel squares."""
    grid: dict[tuple[int, int], list[int]] = {}
    found = []
    boxes = [g.box() for g in page.glyphs]
    for i, (x0, y0, x1, y1) in enumerate(boxes):
        seen: set[int] = set()
        for gx in range(int(x0 // 10), int(x1 // 10) + 1):
            for gy in range(int(y0 // 10), int(y1 // 10) + 1):
                for j in grid.get((gx, gy), []):
                    if j in seen:
                        continue
                    seen.add(j)
                    a0, b0, a1, b1 = boxes[j]
                    if x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1:
                        found.append((page.glyphs[j].char, page.glyphs[i].char))
                grid.setdefault((gx, gy), []).append(i)
    return found


def squash(text: str) -> str:
    """Without white space, and without the middle dot, which rhwp draws as a shape."""
    return re.sub(r"[\s·]+", "", text)


def in_order(haystack: str, needles: list[str], at: int = 0) -> int:
    """Find each needle after the one before; return where the last one ends."""
    for needle in needles:
        found = haystack.find(squash(needle), at)
        assert found >= 0, f"{needle!r} missing after position {at}"
        at = found + len(squash(needle))
    return at


def reading_order(report) -> list[object]:  # type: ignore[no-untyped-def]
    """The report's text as it should be drawn: lines, and table rows as lists of cells."""
    out: list[object] = [x for x in (report.marking, report.title, report.destination_line) if x]
    out += [f"{report.period_label} {report.periods[0]}", *report.periods[1:], report.date_line]
    for block in report.blocks:
        if isinstance(block, Heading):
            out.append(f"{block.number} {block.text}")
        elif isinstance(block, SubHeading):
            out.append(block.text)
        elif isinstance(block, Para):
            out.append(block.line.plain)
        elif isinstance(block, Table):
            out += [c.title for c in block.columns]
            out += [[[x.plain for x in cell.lines] for cell in row if cell is not None] for row in block.rows]
        elif isinstance(block, Photos):
            out += [block.title, *(p.caption for p in block.photos)]
    return out


def check_reading_order(drawn: str, report) -> None:  # type: ignore[no-untyped-def]
    """Lines in order; in a table, rows in order, each cell's lines in order. (A reader that
    breaks a row across pages draws the rest of every cell of it on the next page, so the
    cells of one row are not compared with each other beyond their first lines.)"""
    at = 0
    for item in reading_order(report):
        if isinstance(item, str):
            at = in_order(drawn, [item], at)
            continue
        row_end = at
        for lines in item:  # type: ignore[attr-defined]
            lines = [x for x in lines if x.strip()]
            if lines:
                first = in_order(drawn, lines[:1], at)
                in_order(drawn, lines[1:], first)
                row_end = max(row_end, first)
        at = row_end


# --------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    return tmp_path_factory.mktemp("hwpx-layout")


def _demo(path: Path):  # type: ignore[no-untyped-def]
    db, _ = open_database(path)
    load_demo(db)
    return db, resolve_trip(db, DEMO_TRIP).id


@pytest.fixture(scope="module")
def demo_report(folder):  # type: ignore[no-untyped-def]
    db, trip_id = _demo(folder / "demo.sqlite3")
    report = build_report(db, trip_id, ReportOptions())
    db.dispose()
    return report, write_report(report, folder / "demo.hwpx")


@pytest.fixture(scope="module")
def long_report(folder):  # type: ignore[no-untyped-def]
    """40 bilateral meetings with long key points; one member's duties run to many lines."""
    db, trip_id = _demo(folder / "long.sqlite3")
    add_meetings(db, trip_id, 40 - len(dossier(db, trip_id).meetings))
    member = dossier(db, trip_id).trip.members[0]
    records.update(
        db, TripMember, member.id, {"duties": "\n".join(f"- {LONG_POINT} ({k})" for k in range(6))}
    )
    report = build_report(db, trip_id, ReportOptions())
    db.dispose()
    return report, write_report(report, folder / "long.hwpx")


@pytest.fixture(scope="module")
def masked_report(folder):  # type: ignore[no-untyped-def]
    db, trip_id = _demo(folder / "masked.sqlite3")
    japan = next(m for m in dossier(db, trip_id).meetings if m.title == "한-일 총무성 양자면담")
    records.update(db, Meeting, japan.id, {"classification": "restricted"})
    report = build_report(db, trip_id, ReportOptions(restricted=Restricted.MASK))
    db.dispose()
    return report, write_report(report, folder / "masked.hwpx")


def _meetings_table(report) -> Table:  # type: ignore[no-untyped-def]
    return next(b for b in report.blocks if isinstance(b, Table) and b.key == "meetings")


# --------------------------------------------------------------------------------------
# the tests


@pytest.mark.slow
@pytest.mark.parametrize("which", ["demo_report", "long_report", "masked_report"])
def test_no_glyph_over_another_and_none_below_the_body(request, which) -> None:  # type: ignore[no-untyped-def]
    report, path = request.getfixturevalue(which)
    pages = render(path)
    for number, page in enumerate(pages, start=1):
        assert not overlaps(page)[:5], f"page {number}: characters drawn over each other"
        low = [g.char for g in page.glyphs if g.y > page.body_bottom + 1]
        assert not low, f"page {number}: text below the page body: {''.join(low)[:40]}"


@pytest.mark.parametrize("which", ["demo_report", "long_report", "masked_report"])
def test_every_line_of_the_report_is_drawn_in_order(request, which) -> None:  # type: ignore[no-untyped-def]
    report, path = request.getfixturevalue(which)
    drawn = squash("".join(page.text for page in render(path)))
    # A header row repeated on a later page is drawn once more; rhwp may put it inside a row
    # it breaks across pages. Keep its first drawing only.
    header = squash("".join(c.title for c in _meetings_table(report).columns))
    first = drawn.find(header) + len(header)
    drawn = drawn[:first] + drawn[first:].replace(header, "")
    # members, itinerary, meetings (people and key points), follow-ups: every line of the report
    check_reading_order(drawn, report)


def test_the_meetings_table_continues_with_its_header_on_every_page(long_report) -> None:  # type: ignore[no-untyped-def]
    report, path = long_report
    pages = render(path)
    table = _meetings_table(report)
    header = squash("".join(c.title for c in table.columns))
    # each meeting's first key point, which no other part of the report holds
    titles = [squash(row[3].lines[0].text) for row in table.rows if row[3] is not None and row[3].lines]
    spanned = [p for p in pages if any(t in squash(p.text) for t in titles)]
    assert len(spanned) >= 4, "40 meetings fill several pages"
    for page in spanned:
        text = squash(page.text)
        first_row = min(text.find(t) for t in titles if t in text)
        assert 0 <= text.find(header) < first_row, "the header row opens every page of the table"


def test_rows_are_stored_with_heights_that_fit(long_report) -> None:  # type: ignore[no-untyped-def]
    """Geometry in the file itself: no 1 mm rows; tables flow, split between rows (HWPML's
    pageBreak TABLE: "테이블은 나누지만 셀은 나누지 않는다") and repeat their header. rhwp
    itself breaks inside a row whatever the setting, so this is read from the file."""
    _, path = long_report
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("Contents/section0.xml").decode("utf-8")
    heights = [int(h) for h in re.findall(r'<hp:cellSz width="\d+" height="(\d+)"', xml)]
    assert min(heights) >= 1000  # one line of 9.5 pt text and the cell margins
    flowing = re.findall(
        r'<hp:tbl [^>]*pageBreak="(\w+)" repeatHeader="1"[^>]*>.*?<hp:pos treatAsChar="(\d)"', xml
    )
    assert len(flowing) >= 4 and set(flowing) == {("TABLE", "0")}
    assert 'header="1"' in xml


def test_the_preview_shows_the_first_page(demo_report) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from PIL import Image

    report, path = demo_report
    with zipfile.ZipFile(path) as zf:
        text = zf.read("Preview/PrvText.txt").decode("utf-8")
        image = Image.open(BytesIO(zf.read("Preview/PrvImage.png")))
        image.load()
    assert report.title in text and "출장 개요" in text
    with zipfile.ZipFile(path) as zf:
        assert b"synthetic-fixture-author" not in zf.read("Contents/content.hpf")  # the template's author
    assert "출장자 및 담당업무" in text and "주요 일정" not in text  # page 2 (the itinerary) is not in it
    assert image.width >= 100 and image.height > image.width  # an A4 page, upright
    colours = image.convert("L").getcolors(256 * 256) or []
    assert len(colours) > 4 and min(c for _, c in colours) < 128  # ink, not a blank page
