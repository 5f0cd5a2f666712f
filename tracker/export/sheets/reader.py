"""Read the first sheet of an Excel workbook, or a CSV file as Korean Excel writes it, into a
heading row and data rows. A file that cannot be read is refused with one clear reason.

What Excel does to a table, and what happens to it here:
- a CSV has no label for its encoding: UTF-8 (with or without BOM) and UTF-16 with a BOM are
  certain; otherwise Excel wrote the system's code page (CP949 in Korea, CP932 (Shift-JIS) in
  Japan, GB18030 in China...), guessed by which one reads as plausible text
  (charset-normalizer), and the user can choose another in the preview;
- a vertically merged cell keeps its value only in its top cell: the value is filled down to
  the rows it covers, and `Table.notes` says so;
- an error value (#NAME?, #REF!, ...) is a `CellError`, so that the import refuses the cell
  with its address instead of storing the error as a name.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries

from tracker.domain.dates import PrecisionDate, parse_precision_date
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick
from tracker.export.interchange import MAX_PROBLEMS, ImportRejected

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


def read_table(path: Path | str, encoding: str | None = None) -> Table:
    """The table in `path`; a CSV in `encoding` when given (a codec name, see ENCODINGS),
    else in the encoding found."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise rejected(
            "이전 Excel 형식(.xls)은 읽을 수 없습니다. Excel에서 .xlsx 또는 CSV로 저장한 뒤 가져오세요.",
            "Old Excel files (.xls) cannot be read: save it as .xlsx or CSV in Excel first.",
        )
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise rejected(
            f"지원하지 않는 파일 형식입니다: {path.suffix or path.name} (.xlsx 또는 .csv)",
            f"Unsupported file type: {path.suffix or path.name} (use .xlsx or .csv)",
        )
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise rejected(
            f"파일을 열 수 없습니다: {exc.strerror or exc}", f"Cannot open the file: {exc.strerror or exc}"
        ) from exc
    if not head:
        raise rejected("빈 파일입니다.", "The file is empty.")
    if suffix in XLSX_SUFFIXES:
        grid, notes = _xlsx_grid(path, head)
        return _table(grid, path=path, notes=notes)
    return _read_csv(path, encoding)


# ------------------------------------------------------------------ shaping a grid


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


# ------------------------------------------------------------------ XLSX


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


def _too_many() -> ImportRejected:
    return rejected(
        f"행이 너무 많습니다 (최대 {MAX_ROWS:,}행). 파일을 나누어 가져오세요.",
        f"Too many rows (at most {MAX_ROWS:,}): split the file.",
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
    return f"{n} row" if n == 1 else f"{n} rows"


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


# ------------------------------------------------------------------ CSV


def _decode(data: bytes, encoding: str | None = None) -> tuple[str, str, bool]:
    """The text, the encoding it was read in, and whether that encoding is a guess."""
    if encoding:
        return _strict(data, encoding), encoding, False
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):  # Excel's "CSV UTF-8" and "Unicode text"
            return _strict(data, name), name, False
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    guess = _guess(data)
    if guess is None:
        raise rejected(
            "문자 인코딩을 알 수 없습니다 (UTF-8, CP949/EUC-KR, Shift-JIS, GB18030 어느 것으로도 읽히지 않음). "
            "Excel에서 'CSV UTF-8'로 저장한 뒤 가져오세요.",
            "Unknown text encoding (it reads as none of UTF-8, CP949/EUC-KR, Shift-JIS, GB18030): "
            "save it as 'CSV UTF-8' in Excel first.",
        )
    return _strict(data, guess), guess, True


def _guess(data: bytes) -> str | None:
    """The legacy code page in which `data` reads as the most plausible text; None when none
    decodes it without errors. charset-normalizer weighs how garbled each reading looks
    (Shift-JIS read as CP949 decodes, but into rare Hangul syllables and symbols)."""
    from charset_normalizer import from_bytes

    found = from_bytes(data, cp_isolation=list(_LEGACY), preemptive_behaviour=False).best()
    if found is None:
        return None
    name = codecs.lookup(found.encoding).name
    return next((e for e in _LEGACY if codecs.lookup(e).name == name), name)


def _strict(data: bytes, encoding: str) -> str:
    """`data` in `encoding`, refused (naming the byte) when it does not decode cleanly:
    replacement characters would become garbled names in the database."""
    try:
        return data.decode(encoding)
    except LookupError as exc:
        raise rejected(f"알 수 없는 인코딩입니다: {encoding}", f"Unknown encoding: {encoding}") from exc
    except UnicodeDecodeError as exc:
        name = ENCODINGS.get(encoding, encoding)
        raise rejected(
            f"{name}(으)로 읽을 수 없는 파일입니다 (바이트 {exc.start}). 다른 인코딩을 고르세요.",
            f"The file cannot be read as {name} (byte {exc.start}): choose another encoding.",
        ) from exc


def _not_text() -> ImportRejected:
    return rejected("텍스트(CSV) 파일이 아닙니다.", "This is not a text (CSV) file.")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _looks_binary(data: str | bytes) -> bool:
    """A stray control character or NUL in a cell is cleaned on import (the text policy); a
    file where more than one character in a hundred is one is not text at all. Bytes are
    checked before decoding too: every candidate encoding keeps ASCII's controls as they are."""
    sample = data[:65536]
    if isinstance(sample, bytes):
        controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    else:
        controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
    return controls > max(8, len(sample) // 100)


def _read_csv(path: Path, encoding: str | None = None) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise rejected(
            f"파일을 열 수 없습니다: {exc.strerror or exc}", f"Cannot open the file: {exc.strerror or exc}"
        ) from exc
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and _looks_binary(data):
        raise _not_text()  # a binary file, or UTF-16 without a BOM
    text, encoding, guessed = _decode(data, encoding)
    text = text.removeprefix("\ufeff")
    if _looks_binary(text):
        raise _not_text()
    if not text.strip():
        raise rejected("빈 파일입니다.", "The file is empty.")
    delimiter = _delimiter(text)
    grid: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            if len(grid) >= MAX_ROWS + HEADER_SEARCH:
                raise _too_many()
            grid.append([_csv_value(v, len(grid) + 1, i) for i, v in enumerate(row[: MAX_COLUMNS + 1])])
    except csv.Error as exc:
        raise rejected(
            f"{reader.line_num}번째 줄: CSV 형식 오류 ({exc})",
            f"Line {reader.line_num}: not valid CSV ({exc})",
        ) from exc
    h = _header_index([_trim(r) for r in grid])
    headers = _trim(grid[h])
    problems = list(_ragged(grid, h, len(headers)))
    if problems:
        raise ImportRejected(problems)
    return _table(
        [_trim(r) for r in grid], encoding=encoding, delimiter=delimiter, path=path, encoding_guessed=guessed
    )


def _csv_value(text: str, row: int, column: int) -> Any:
    if not text:
        return None
    if text.strip() in EXCEL_ERRORS:  # Excel saves an error value as its text
        return CellError(f"{get_column_letter(column + 1)}{row}", text.strip())
    return unicodedata.normalize("NFC", text)


def _ragged(grid: list[list[Any]], h: int, width: int) -> Iterable[str]:
    """Every row must have as many fields as the heading (trailing empty fields aside):
    a missing or extra comma shifts every value after it into the wrong column."""
    found = 0
    for i in range(h + 1, len(grid)):
        row = grid[i]
        if not _trim(row):
            continue
        n = max(len(_trim(row)), min(len(row), width))
        if n != width:
            found += 1
            if found <= MAX_PROBLEMS:
                yield pick(
                    f"{i + 1}행: 값이 {n}개인데 머리글 행은 {width}개입니다 (쉼표 수가 맞지 않음)",
                    f"Row {i + 1}: {n} fields, but the heading row has {width} (a comma too many or too few)",
                )
    if found > MAX_PROBLEMS:
        yield pick(f"그 밖에 {found - MAX_PROBLEMS}행", f"and {found - MAX_PROBLEMS} more rows")


__all__ = ["ENCODINGS", "EXCEL_ERRORS", "MAX_ROWS", "CellError", "Table", "read_table"]
