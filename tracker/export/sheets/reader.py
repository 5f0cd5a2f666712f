"""Read the first sheet of an Excel workbook, or a CSV file as Korean Excel writes it, into a
heading row and data rows. A file that cannot be read is refused with one clear reason."""

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

from openpyxl.utils import get_column_letter

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

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and .xlsx files with a password
_ZIP_MAGIC = b"PK\x03\x04"


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

    def __iter__(self) -> Iterator[Any]:
        return iter((self.headers, self.rows))

    def row_number(self, index: int) -> int:
        return self.header_row + 1 + index


def rejected(ko: str, en: str) -> ImportRejected:
    return ImportRejected([pick(ko, en)])


def read_table(path: Path | str) -> Table:
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
        return _table(_xlsx_grid(path, head), path=path)
    return _read_csv(path)


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


def _xlsx_grid(path: Path, head: bytes) -> list[list[Any]]:
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
        for row in ws.iter_rows():
            if len(grid) >= MAX_ROWS + HEADER_SEARCH:
                raise _too_many()
            grid.append(_trim([_xlsx_value(c) for c in row[:MAX_COLUMNS]]))
        while grid and not grid[-1]:
            grid.pop()
        return grid
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
_SECTION = re.compile(r"\[[^\]]*\]")


def _xlsx_value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
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


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data:
        raise _not_text()
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:  # what Korean Excel writes for "CSV (쉼표로 분리)": CP949, a superset of EUC-KR
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError as exc:
        raise rejected(
            f"문자 인코딩을 알 수 없습니다 (UTF-8도 CP949/EUC-KR도 아님, 바이트 {exc.start}). "
            "Excel에서 'CSV UTF-8'로 저장한 뒤 가져오세요.",
            f"Unknown text encoding (neither UTF-8 nor CP949/EUC-KR, byte {exc.start}): "
            "save it as 'CSV UTF-8' in Excel first.",
        ) from exc


def _not_text() -> ImportRejected:
    return rejected("텍스트(CSV) 파일이 아닙니다.", "This is not a text (CSV) file.")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise rejected(
            f"파일을 열 수 없습니다: {exc.strerror or exc}", f"Cannot open the file: {exc.strerror or exc}"
        ) from exc
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError as exc:
        raise _not_text() from exc
    controls = sum(1 for ch in text[:65536] if ch < " " and ch not in "\t\r\n")
    if controls > max(2, len(text[:65536]) // 200):
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
            grid.append([unicodedata.normalize("NFC", v) if v else None for v in row[: MAX_COLUMNS + 1]])
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
    return _table([_trim(r) for r in grid], encoding=encoding, delimiter=delimiter, path=path)


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


__all__ = ["MAX_ROWS", "Table", "read_table"]
