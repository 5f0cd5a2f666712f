"""Any list of the program, as the list view shows it (filter text, conditions, sort), written
to an Excel workbook (.xlsx) or a CSV file.

Rows are read in pages from one query on one connection (`yield_per`; a server-side cursor on
PostgreSQL), so 150,000 follow-ups never sit in memory at once and the file shows one moment
of the database. Paging with OFFSET, as the list view does, would sort the whole list again
for every page: 25 s instead of under 2 s for 150,000 rows, and a row saved by a colleague
mid-export could be skipped or written twice. `statement` builds the query from the same
pieces as `listing.fetch`; a test keeps the two orders equal. The file is written atomically:
a failed or cancelled export leaves any older file untouched.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time
from itertools import chain
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from tracker.db.engine import Database
from tracker.db.models import Action, Agreement
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick
from tracker.export.atomic import atomic_write
from tracker.export.sheets.cells import Plain, csv_text, looks_like_formula, width_of, xlsx_text
from tracker.services import listing as listing_service
from tracker.services.confidentiality import MASK, Restricted, list_rule
from tracker.services.listing import Column, Listing
from tracker.services.records import TABLE_LABELS

PAGE = 2000
FORMATS = (".xlsx", ".csv")

DATE_FORMAT = "yyyy.mm.dd"
MONTH_FORMAT = "yyyy.mm"
YEAR_FORMAT = "yyyy"
TIME_FORMAT = "hh:mm"
DATETIME_FORMAT = "yyyy.mm.dd hh:mm"
# A date range keeps its end as literal text of the number format ('yyyy.mm.dd"~2026.03.16"'),
# so the cell stays a real date that sorts by its start. Excel allows about 200 custom formats
# per workbook: past this many different ranges, a range is written as text.
MAX_RANGE_FORMATS = 100

MIN_WIDTH, MAX_WIDTH = 6, 60

Progress = Callable[[int], None]

# Dates stored with their precision beside them: the listing shows the first day; the file
# shows what is known ('26.10월 as 2026.10, never an invented 1 October).
_PRECISION_OF: tuple[tuple[Any, Any, Any], ...] = (
    (Action.due_date, Action.due_precision, Action.due_end),
    (Agreement.signed_date, Agreement.signed_precision, None),
)


def export_listing(
    db: Database,
    listing: Listing,
    path: Path | str,
    *,
    text: str | None = None,
    where: Sequence[Any] = (),
    sort: int | None = None,
    descending: bool | None = None,
    progress: Progress | None = None,
    restricted: Restricted = Restricted.MASK,
) -> int:
    """Write the rows `listing_service.fetch` would show (same text, where, sort) to `path`;
    .xlsx or .csv by its extension. Returns the number of rows written (the heading row not
    counted). `progress(rows_so_far)` is called after each page; raising from it cancels the
    export and leaves no file behind. `restricted`: what the rows of 대외비 meetings and their
    follow-ups show (tracker.services.confidentiality); a file leaves tracker, so mask by default."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError("unsupported_format", value=path.suffix or path.name)
    headers = [c.label for c in listing.columns]
    listing, where, mask = _confidential(listing, where, Restricted(restricted))
    wide, slots = _with_precision(listing)
    pages = _pages(db, wide, slots, text, where, sort, descending)
    if mask is not None:
        pages = _masked(pages, *mask)
    try:
        if suffix == ".xlsx":
            return _write_xlsx(path, listing, headers, pages, progress)
        return _write_csv(path, headers, pages, progress)
    finally:
        pages.close()  # ends the read transaction even when writing failed


def export_filename(listing: Listing, suffix: str = ".xlsx", on: date | None = None) -> str:
    """A name to offer in the save dialog: '후속조치_2026-11-22.xlsx', 'Follow-ups_2026-11-22.csv'."""
    return f"{_sheet_title(listing)}_{(on or date.today()).isoformat()}{suffix}"


# ------------------------------------------------------------------ reading the rows


def _confidential(
    listing: Listing, where: Sequence[Any], mode: Restricted
) -> tuple[Listing, Sequence[Any], tuple[int, list[int]] | None]:
    """The listing and conditions for `mode`: restricted rows left out (omit), or a hidden last
    column saying which rows to mask and the visible columns to mask in them."""
    rule = list_rule(listing.name)
    if rule is None or mode is Restricted.INCLUDE:
        return listing, where, None
    condition, kept = rule
    if mode is Restricted.OMIT:
        return listing, (*where, sa.not_(condition)), None
    masked = [i for i, c in enumerate(listing.columns) if c.key not in kept]
    flag = len(listing.columns)
    columns = (*listing.columns, Column("_restricted", "", "", condition))
    return dataclasses.replace(listing, columns=columns), where, (flag, masked)


def _masked(pages: Iterator[list[list[Any]]], flag: int, masked: list[int]) -> Iterator[list[list[Any]]]:
    try:
        for page in pages:
            for row in page:
                if row.pop(flag):
                    for i in masked:
                        row[i] = MASK
            yield page
    finally:
        pages.close()  # type: ignore[attr-defined]


def _with_precision(listing: Listing) -> tuple[Listing, list[tuple[int, int, int | None]]]:
    """The listing with hidden columns for the precision (and range end) of its dates, and
    where they are: (date index, precision index, end index) among the visible values."""
    extra: list[Column] = []
    slots: list[tuple[int, int, int | None]] = []
    width = len(listing.columns)
    for i, col in enumerate(listing.columns):
        for day, precision, end in _PRECISION_OF:
            if col.expr is day:
                extra.append(Column(f"_{col.key}_precision", "", "", precision))
                p_index = width + len(extra) - 1
                e_index = None
                if end is not None:
                    extra.append(Column(f"_{col.key}_end", "", "", end))
                    e_index = width + len(extra) - 1
                slots.append((i, p_index, e_index))
    if not extra:
        return listing, []
    return dataclasses.replace(listing, columns=listing.columns + tuple(extra)), slots


def _pages(
    db: Database,
    listing: Listing,
    slots: list[tuple[int, int, int | None]],
    text: str | None,
    where: Sequence[Any],
    sort: int | None,
    descending: bool | None,
) -> Iterator[list[list[Any]]]:
    stmt = listing_service.statement(listing, text=text, where=where, sort=sort, descending=descending)
    hidden = {p for _, p, _ in slots} | {e for _, _, e in slots if e is not None}
    visible = [i for i in range(len(listing.columns)) if i not in hidden]
    with db.engine.connect() as conn:
        result = conn.execution_options(yield_per=PAGE).execute(stmt)
        for part in result.partitions():
            page = []
            for row in part:
                values = list(row[1:])  # without the id
                for day, precision, end in slots:
                    values[day] = _precise(
                        values[day], values[precision], values[end] if end is not None else None
                    )
                page.append([values[i] for i in visible])
            yield page


def _precise(day: date | None, precision: Any, end: date | None) -> date | PrecisionDate | None:
    if day is None:
        return None
    if (precision is None or DatePrecision(precision) is DatePrecision.DAY) and end is None:
        return day
    try:
        return PrecisionDate(day, DatePrecision(precision or DatePrecision.DAY), end)
    except ValidationError:  # a row that breaks the rule (older data): show the day as stored
        return day


# ------------------------------------------------------------------ XLSX


def _text_cell(ws: WriteOnlyWorksheet, text: str) -> Any:
    """Text as an XLSX cell. Text a spreadsheet would run as a formula ('=HYPERLINK(...)',
    '-5') is written as a text cell with Excel's own "typed with an apostrophe" flag: it shows
    as written, with no apostrophe, and stays text when someone edits it."""
    text = xlsx_text(text)
    if not looks_like_formula(text):
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


class _XlsxCells:
    def __init__(self, ws: WriteOnlyWorksheet, plain: Plain) -> None:
        self.ws = ws
        self.plain = plain
        self.range_formats: set[str] = set()

    def _dated(self, value: Any, number_format: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=value)
        cell.number_format = number_format
        return cell

    def __call__(self, value: Any) -> Any:
        v = self.plain(value)
        if isinstance(v, str):
            return _text_cell(self.ws, v)
        if v is None or isinstance(v, (int, float)):
            return v
        if isinstance(v, PrecisionDate):
            return self._precision_date(v)
        if isinstance(v, datetime):
            if v.tzinfo is not None:
                v = v.astimezone().replace(tzinfo=None)  # Excel has no time zones: the user's clock
            return self._dated(v, DATETIME_FORMAT)
        if isinstance(v, date):
            return self._dated(v, DATE_FORMAT)
        if isinstance(v, time):
            return self._dated(v.replace(tzinfo=None), TIME_FORMAT)
        return v  # Decimal

    def _precision_date(self, v: PrecisionDate) -> Any:
        if v.precision is DatePrecision.YEAR:
            return self._dated(v.start, YEAR_FORMAT)
        if v.precision is DatePrecision.MONTH:
            return self._dated(v.start, MONTH_FORMAT)
        if v.end is None:
            return self._dated(v.start, DATE_FORMAT)
        fmt = f'{DATE_FORMAT}"~{v.end:%Y.%m.%d}"'
        if fmt in self.range_formats or len(self.range_formats) < MAX_RANGE_FORMATS:
            self.range_formats.add(fmt)
            return self._dated(v.start, fmt)
        return v.iso()


def _sheet_title(listing: Listing) -> str:
    ko, en = TABLE_LABELS.get(listing.name, (listing.name, listing.name))
    title = pick(ko, en[:1].upper() + en[1:])
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet1"


def _widths(headers: list[str], sample: list[list[Any]], plain: Plain) -> list[float]:
    widths = []
    for i, head in enumerate(headers):
        longest = max([width_of(head) + 2] + [width_of(plain(row[i])) for row in sample])
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))))
    return widths


def _write_xlsx(
    path: Path,
    listing: Listing,
    headers: list[str],
    pages: Iterator[list[list[Any]]],
    progress: Progress | None,
) -> int:
    wb = Workbook(write_only=True)
    wb.properties.creator = "tracker"
    ws = wb.create_sheet(title=_sheet_title(listing))
    first = next(pages, [])
    # Column widths and the frozen heading go before the first row (the sheet streams out).
    plain = Plain()
    for i, width in enumerate(_widths(headers, first, plain), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE4EE")
    centre = Alignment(horizontal="center", vertical="center")
    heading = []
    for text in headers:
        cell = _text_cell(ws, text)
        cell = WriteOnlyCell(ws, value=cell) if isinstance(cell, str) else cell
        cell.font, cell.fill, cell.alignment = bold, fill, centre
        heading.append(cell)
    ws.append(heading)
    to_cell = _XlsxCells(ws, plain)
    count = 0
    try:
        for page in chain([first], pages):
            for row in page:
                ws.append([to_cell(v) for v in row])
            count += len(page)
            if progress is not None:
                progress(count)
    except BaseException:
        _discard(ws)
        raise
    if headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    with atomic_write(path, "wb") as fh:
        wb.save(fh)
    return count


def _discard(ws: WriteOnlyWorksheet) -> None:
    """Close a streaming sheet that will not be saved and remove its temporary file (left
    open, it would fail noisily when collected, and stay on disk until the program exits)."""
    with contextlib.suppress(Exception):
        ws.close()
        ws._writer.cleanup()


# ------------------------------------------------------------------ CSV


def _write_csv(
    path: Path, headers: list[str], pages: Iterator[list[list[Any]]], progress: Progress | None
) -> int:
    count = 0
    plain = Plain()
    # UTF-8 with a byte order mark: without it Excel reads the file in the system code page
    # and Korean turns into mojibake. CRLF line ends, as Excel writes them.
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([csv_text(h) for h in headers])
        for page in pages:
            out.writerows([csv_text(plain(v)) for v in row] for row in page)
            count += len(page)
            if progress is not None:
                progress(count)
    return count
