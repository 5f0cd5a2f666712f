"""The first sheet of an Excel workbook as a grid of values: merged cells filled down, dates
read as dates, error values kept as `CellError`, and a workbook too large to unpack refused.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries

from tracker.domain.dates import PrecisionDate, parse_precision_date
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick, plural
from tracker.export.interchange import ImportRejected
from tracker.export.sheets.table import (
    _OLE_MAGIC,
    _ZIP_MAGIC,
    EXCEL_ERRORS,
    HEADER_SEARCH,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED,
    CellError,
    _blank,
    _too_many,
    _trim,
    rejected,
)


def _xlsx_grid(path: Path, head: bytes) -> tuple[list[list[Any]], tuple[str, ...]]:
    if head.startswith(_OLE_MAGIC):
        raise rejected(
            "암호가 걸린 통합 문서이거나 이전 Excel 형식(.xls)입니다. 암호 없이 .xlsx로 저장한 뒤 가져오세요.",
            "This is a password-protected workbook or an old .xls file: save it as .xlsx without a password first.",
        )
    if not head.startswith(_ZIP_MAGIC):
        raise _not_xlsx()
    try:  # a small file that unpacks to gigabytes is refused before anything is unpacked
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _not_xlsx() from exc
    if unpacked > MAX_UNPACKED:
        raise rejected(
            f"통합 문서가 너무 큽니다 (압축을 풀면 {unpacked // 2**20:,} MB). 파일을 나누어 가져오세요.",
            f"The workbook is too large ({unpacked // 2**20:,} MB unpacked): split the file.",
        )
    from openpyxl import load_workbook  # the import costs time: only when a workbook is read

    try:
        wb = load_workbook(path, read_only=True, data_only=True)  # formulas: the values Excel saved
    except Exception as exc:  # a damaged or foreign zip fails in many ways, all meaning the same
        raise _not_xlsx() from exc
    try:
        if not wb.worksheets:
            raise rejected("통합 문서에 시트가 없습니다.", "The workbook has no sheets.")
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # some programs write a wrong <dimension>: read what is there
        grid: list[list[Any]] = []
        for row in ws.iter_rows():  # from row 1; rows without cells come as empty rows
            if len(grid) >= MAX_ROWS + HEADER_SEARCH:
                raise _too_many()
            grid.append(_trim([_xlsx_value(c) for c in row[:MAX_COLUMNS]]))
        notes = _fill_merged(grid, _merged_ranges(ws))
        while grid and not grid[-1]:
            grid.pop()
        return grid, notes
    except ImportRejected:
        raise
    except Exception as exc:
        raise _not_xlsx() from exc
    finally:
        wb.close()


def _not_xlsx() -> ImportRejected:
    return rejected(
        "Excel 통합 문서(.xlsx)가 아니거나 손상된 파일입니다.",
        "This is not an Excel workbook (.xlsx), or the file is damaged.",
    )


_QUOTED = re.compile(r'"([^"]*)"')
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SECTION = re.compile(r"\[[^\]]*\]")


_MERGE_CELL = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?ref=["']([A-Z]{1,3}[0-9]{1,7}:[A-Z]{1,3}[0-9]{1,7})["']"""
)


def _merged_ranges(ws: Any) -> list[str]:
    """The merged ranges of a read-only sheet, which openpyxl does not give in that mode:
    the <mergeCell ref="A2:A4"/> elements, read from the sheet's XML in blocks."""
    found: list[str] = []
    tail = b""
    with ws._get_source() as source:  # the sheet part in the open archive
        while block := source.read(1 << 20):
            data = tail + block
            found.extend(m.decode() for m in _MERGE_CELL.findall(data))
            cut = data.rfind(b"<")  # an element cut by the block boundary is read with the next
            tail = data[cut:] if cut >= 0 and b">" not in data[cut:] else b""
    return found


def _fill_merged(grid: list[list[Any]], ranges: list[str]) -> tuple[str, ...]:
    """Excel keeps a merged cell's value in its top-left cell only; a range over several rows
    (one organization beside three people) means that value for each of them: fill it down.
    Columns merged side by side stay as they are: the value belongs to the first."""
    notes = []
    for ref in ranges:
        first_col, first_row, _last_col, last_row = range_boundaries(ref)
        top = first_row - 1
        if last_row <= first_row or top >= len(grid) or first_col > MAX_COLUMNS:
            continue
        row = grid[top]
        value = row[first_col - 1] if first_col - 1 < len(row) else None
        if _blank(value):
            continue
        for r in range(first_row, min(last_row, len(grid))):
            below = grid[r]
            below.extend([None] * (first_col - len(below)))
            below[first_col - 1] = value
        notes.append(
            pick(
                f"{ref}: 병합된 셀의 값 '{value}'을(를) {last_row - first_row}개 행에 채웠습니다",
                f"{ref}: the merged value '{value}' was filled into the {_rows(last_row - first_row)} below",
            )
        )
    return tuple(notes)


def _rows(n: int) -> str:
    return plural(n, "1 row", f"{n} rows")


def _xlsx_value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "e" or isinstance(value, str) and value in EXCEL_ERRORS:
        return CellError(f"{get_column_letter(cell.column)}{cell.row}", str(value))
    if isinstance(value, str) and "_x" in value:
        # Excel writes characters XML cannot hold (a CR of a pasted line end, a tab...) as
        # _xHHHH_; openpyxl leaves the escapes in the text ("부_x000D_").
        value = _XML_ESCAPE.sub(lambda m: chr(int(m[1], 16)), value)
        if _SURROGATE.search(value):  # escaped halves of one character join; a lone one is broken
            value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
            lone = _SURROGATE.search(value)
            if lone:
                return CellError(f"{get_column_letter(cell.column)}{cell.row}", f"U+{ord(lone[0]):04X}")
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)  # Excel keeps every number as a float: 1012345678.0 is 1012345678
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, datetime):
        return _dated(value, getattr(cell, "number_format", "") or "")
    return value


def _dated(value: datetime, number_format: str) -> Any:
    """A workbook date with the precision its format shows: 'yyyy.mm' is a month,
    'yyyy' a year, 'yyyy.mm.dd"~2026.03.16"' a range (as this program writes them)."""
    literals = _QUOTED.findall(number_format)
    code = _SECTION.sub("", _QUOTED.sub("", number_format.split(";")[0])).lower()
    code = re.sub(r"\\.", "", code)  # escaped literal characters
    if "h" in code or "s" in code:
        return value if value.time() != time(0) else value.date()
    day = value.date()
    try:
        if "d" not in code and "m" in code and day.day == 1:
            return PrecisionDate(day, DatePrecision.MONTH)
        if "d" not in code and "m" not in code and "y" in code and (day.month, day.day) == (1, 1):
            return PrecisionDate(day, DatePrecision.YEAR)
        for text in literals:
            m = re.match(r"^\s*~\s*(\S+)\s*$", text)
            if m:
                end = parse_precision_date(m[1].rstrip("."))
                if end.precision is DatePrecision.DAY and end.end is None:
                    return PrecisionDate(day, DatePrecision.DAY, end.start)
    except ValidationError:
        pass
    return day if value.time() == time(0) else value
