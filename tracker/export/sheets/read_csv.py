"""A CSV file as Korean Excel writes it: its encoding (UTF-8 or UTF-16 with a BOM are certain;
otherwise the system's code page, guessed by which one reads as plausible text), its
delimiter, and its rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from tracker.domain.i18n import pick, plural
from tracker.export.interchange import MAX_PROBLEMS, ImportRejected
from tracker.export.sheets.table import (
    _LEGACY,
    ENCODINGS,
    EXCEL_ERRORS,
    HEADER_SEARCH,
    MAX_COLUMNS,
    MAX_ROWS,
    CellError,
    Table,
    _header_index,
    _table,
    _too_many,
    _trim,
    rejected,
)


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
        yield pick(
            f"그 밖에 {found - MAX_PROBLEMS}행",
            plural(found - MAX_PROBLEMS, "and 1 more row", f"and {found - MAX_PROBLEMS} more rows"),
        )
