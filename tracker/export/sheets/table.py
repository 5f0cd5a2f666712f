"""A spreadsheet file read as a table — its heading row, data rows, notes, and the error
values (`CellError`) it held — the limits a file must keep, and how a grid of cells is shaped
into a table (the heading found among the first rows, blank rows and columns trimmed).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from tracker.domain.i18n import pick
from tracker.export.interchange import ImportRejected

MAX_ROWS = 200_000
MAX_UNPACKED = 1 << 30  # bytes a workbook may unpack to
MAX_COLUMNS = 500
HEADER_SEARCH = 10  # rows looked at for the heading (a title row may sit above it)
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")

# Excel's error values; a CSV saved by Excel holds them as text.
EXCEL_ERRORS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!",
     "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
)  # fmt: skip
# Encodings a CSV may be in, as the user can choose them (codec name -> what people call it).
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (BOM)",
    "utf-16": "UTF-16 (BOM)",
    "cp949": "CP949 (EUC-KR)",
    "cp932": "Shift-JIS (CP932)",
    "euc_jp": "EUC-JP",
    "gb18030": "GB18030 (GBK)",
    "big5": "Big5",
    "cp1252": "Windows-1252",
}
# The code pages Excel writes a CSV in on the systems our counterparts use, Korean first.
_LEGACY = ("cp949", "cp932", "gb18030", "big5", "euc_jp", "cp1252")

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and .xlsx files with a password
_ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class CellError:
    """An Excel error value in a cell (data type 'e'), kept with the cell's address."""

    address: str
    code: str  # the error value (#NAME?), or a broken character written U+D800

    def __str__(self) -> str:
        if self.code.startswith("U+"):
            return pick(
                f"{self.address}: 깨진 문자({self.code}, 짝 없는 서로게이트)가 있습니다",
                f"{self.address}: holds a broken character ({self.code}, an unpaired surrogate)",
            )
        return pick(
            f"{self.address}: Excel 오류 값 {self.code}", f"{self.address}: Excel error value {self.code}"
        )


@dataclass(frozen=True)
class Table:
    """What `read_table` returns. Unpacks as `headers, rows = read_table(path)`.

    `rows` keeps blank rows in place, so `row_number(i)` is the row Excel shows for `rows[i]`
    (the heading is row `header_row`). Values are str, int, float, bool, date, datetime, time,
    PrecisionDate (a workbook date shown only to the month or year, or a range) or None."""

    headers: list[str]
    rows: list[list[Any]]
    header_row: int = 1
    encoding: str | None = None  # CSV only: the encoding it was read in
    delimiter: str | None = None  # CSV only
    path: Path | None = None
    encoding_guessed: bool = False  # CSV only: no BOM and not UTF-8, so the encoding is a guess
    notes: tuple[str, ...] = ()  # what reading changed, for the preview (merged cells filled)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.headers, self.rows))

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index


def rejected(ko: str, en: str) -> ImportRejected:
    return ImportRejected([pick(ko, en)])


def _blank(value: Any) -> bool:
    return value is None or isinstance(value, str) and not value.strip()


def _trim(row: list[Any]) -> list[Any]:
    end = len(row)
    while end and _blank(row[end - 1]):
        end -= 1
    return row[:end]


def _header_index(grid: list[list[Any]]) -> int:
    """The heading is the first row with two or more filled cells among the first rows (a
    one-cell title such as '2025년 주요 인사 명단' may stand above it); else the first row."""
    filled = [
        (i, sum(not _blank(v) for v in row)) for i, row in enumerate(grid) if any(not _blank(v) for v in row)
    ]
    if not filled:
        raise rejected(
            "읽을 행이 없습니다 (비어 있는 표).", "There are no rows to read (the sheet is empty)."
        )
    for i, n in filled[:HEADER_SEARCH]:
        if n >= 2:
            return i
    return filled[0][0]


def _header_text(value: Any) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def _table(grid: list[list[Any]], **extra: Any) -> Table:
    h = _header_index(grid)
    headers = [_header_text(v) for v in grid[h]]
    rows = [_trim(r) for r in grid[h + 1 :]]
    while rows and not rows[-1]:
        rows.pop()
    width = max([len(headers)] + [len(r) for r in rows])
    used = [
        i
        for i in range(width)
        if (i < len(headers) and headers[i]) or any(i < len(r) and not _blank(r[i]) for r in rows)
    ]
    names: list[str] = []
    seen: dict[str, int] = {}
    for i in used:
        name = (
            headers[i]
            if i < len(headers) and headers[i]
            else pick(f"열 {get_column_letter(i + 1)}", f"Column {get_column_letter(i + 1)}")
        )
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    shaped = [[r[i] if i < len(r) else None for i in used] for r in rows]
    return Table(names, shaped, header_row=h + 1, **extra)


def _too_many() -> ImportRejected:
    return rejected(
        f"행이 너무 많습니다 (최대 {MAX_ROWS:,}행). 파일을 나누어 가져오세요.",
        f"Too many rows (at most {MAX_ROWS:,}): split the file.",
    )
