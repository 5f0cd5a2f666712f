"""Text that a spreadsheet would run as a formula ('=HYPERLINK(...)', '-5') is written to XLSX
as a text cell that shows exactly what was stored (no apostrophe), and to CSV with the
apostrophe CSV needs; a real number is never touched."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import sqlalchemy as sa

from tracker.db.models import Person
from tracker.export.sheets.reader import read_table
from tracker.export.sheets.writer import export_listing
from tracker.services import directory, listing
from tracker.services.listing import Column, Listing

LINK = '=HYPERLINK("http://example.com/x","click")'
NAMES = (LINK, "-5", "+82 2 2100", "@SUM(1)")


def _people(db) -> None:  # type: ignore[no-untyped-def]
    for name in (*NAMES, "박진홍"):
        directory.create_person(db, {"name_ko": name})


def test_formula_text_is_a_text_cell_without_apostrophe_in_xlsx(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _people(db)
    path = tmp_path / "people.xlsx"
    export_listing(db, listing.PEOPLE, path)
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    assert "&apos;" not in sheet and "'=" not in sheet and "'-5" not in sheet
    # Each such cell is an inline string with a style that Excel reads as "typed as text".
    styles = zipfile.ZipFile(path).read("xl/styles.xml").decode()
    xfs = re.findall(r"<xf [^>]*>", styles.split("<cellXfs", 1)[1])
    for name in NAMES:
        escaped = (
            re.escape(name.replace("&", "&amp;").replace("<", "&lt;")),
            re.escape(name.replace('"', "&quot;")),
        )
        pattern = r'<c r="A\d+" s="(\d+)" t="inlineStr"><is><t[^>]*>(?:' + "|".join(escaped) + ")</t>"
        found = re.search(pattern, sheet)
        assert found is not None, name
        assert 'quotePrefix="1"' in xfs[int(found.group(1))], name

    # What another program reads: the text itself, as text.
    ws = openpyxl.load_workbook(path).worksheets[0]
    cells = {ws.cell(r, 1).value: ws.cell(r, 1) for r in range(2, ws.max_row + 1)}
    for name in NAMES:
        assert cells[name].data_type == "s", name
    assert "'" + LINK not in cells and "'-5" not in cells
    # and tracker's own import reads the same text back
    assert {r[0] for r in read_table(path).rows} >= {*NAMES, "박진홍"}


def test_csv_keeps_the_apostrophe(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _people(db)
    path = tmp_path / "people.csv"
    export_listing(db, listing.PEOPLE, path)
    first = [row[0] for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))]
    for name in NAMES:
        assert "'" + name in first and name not in first
    assert "박진홍" in first


def test_a_real_number_stays_a_number(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _people(db)
    numbers = Listing(
        "persons",
        Person.id,
        (
            Column("minus", "음수", "Negative", sa.literal(-5)),
            Column("name", "이름", "Name", Person.name_ko, True),
        ),
    )
    export_listing(db, numbers, tmp_path / "n.xlsx")
    export_listing(db, numbers, tmp_path / "n.csv")
    ws = openpyxl.load_workbook(tmp_path / "n.xlsx").worksheets[0]
    for r in range(2, ws.max_row + 1):
        assert ws.cell(r, 1).value == -5 and ws.cell(r, 1).data_type == "n"
        assert not ws.cell(r, 1).quotePrefix
    rows = list(csv.reader(io.StringIO((tmp_path / "n.csv").read_text(encoding="utf-8-sig"))))[1:]
    assert rows and all(row[0] == "-5" for row in rows)
