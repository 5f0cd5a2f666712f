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

The table and its limits live in tracker.export.sheets.table, the formats in read_xlsx and
read_csv; this module chooses between them.
"""

from __future__ import annotations

from pathlib import Path

from tracker.export.sheets.read_csv import _read_csv
from tracker.export.sheets.read_xlsx import _xlsx_grid
from tracker.export.sheets.table import CSV_SUFFIXES as CSV_SUFFIXES
from tracker.export.sheets.table import ENCODINGS, EXCEL_ERRORS, MAX_ROWS, CellError, Table, _table
from tracker.export.sheets.table import HEADER_SEARCH as HEADER_SEARCH
from tracker.export.sheets.table import MAX_COLUMNS as MAX_COLUMNS
from tracker.export.sheets.table import MAX_UNPACKED as MAX_UNPACKED
from tracker.export.sheets.table import XLSX_SUFFIXES as XLSX_SUFFIXES
from tracker.export.sheets.table import rejected as rejected


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


__all__ = ["ENCODINGS", "EXCEL_ERRORS", "MAX_ROWS", "CellError", "Table", "read_table"]
