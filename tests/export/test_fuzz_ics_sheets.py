"""Hostile and broken calendar files and spreadsheets: realistic files, mutated (lines cut,
repeated or broken, odd encodings, bad dates and rules, huge values, control characters,
merged cells, error cells, damaged archives). An import either succeeds or is refused with
ImportRejected and leaves the database exactly as it was: never a traceback, never half an
import. The budget is fixed and the examples are derived, not random, so CI runs the same
cases every time."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.export.icalendar_io import import_ics
from tracker.export.interchange import ImportRejected, tables
from tracker.export.sheets.reader import EXCEL_ERRORS
from tracker.export.spreadsheet import ACTIONS, KINDS, ORGANIZATIONS, PERSONS, import_file
from tracker.services.countries import seed_countries

BUDGET = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
TRIED: dict[str, int] = {}
OUTCOMES: dict[str, int] = {}


def snapshot(db) -> dict[str, list[str]]:
    with db.engine.connect() as conn:
        return {t.name: sorted(map(repr, conn.execute(sa.select(t)))) for t in tables()}


def imports_whole_or_not_at_all(db, run, kind: str) -> None:
    """`run()` imports; refused means nothing changed, anything but ImportRejected fails."""
    before = snapshot(db)
    try:
        run()
    except ImportRejected as exc:
        assert exc.problems, "a refusal must say why"
        assert all(isinstance(p, str) and p for p in exc.problems)
        assert snapshot(db) == before
        OUTCOMES[kind + " refused"] = OUTCOMES.get(kind + " refused", 0) + 1
    else:
        OUTCOMES[kind + " imported"] = OUTCOMES.get(kind + " imported", 0) + 1
        assert stored_text_is_clean(db, spreadsheet=kind != "ics")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def stored_text_is_clean(db, spreadsheet: bool) -> bool:
    """What an import stored keeps the text policy (no control characters, NUL or broken
    characters) and, from a spreadsheet, holds no Excel error value as if it were a name."""
    with db.engine.connect() as conn:
        for table in tables():
            for row in conn.execute(sa.select(table)):
                for value in row:
                    if isinstance(value, str):
                        assert not _CONTROL.search(value), (table.name, value)
                        assert not spreadsheet or value.strip() not in EXCEL_ERRORS, (table.name, value)
    return True


@pytest.fixture
def fuzz_db(db):
    seed_countries(db)
    return db


# --- pieces of realistic files -------------------------------------------------------------

ODD_TEXT = st.sampled_from(
    [
        "\x00", "\x0b", "\x01", "\x85", "\r\n", "\r", "\ud800", "\ufeff", "\u2028", "\ufffe",
        "한일 공동위원회", "外務省", "\u1100\u1161", "=HYPERLINK(\"x\")", "'", '"', ",", ";", "\\n", "\\",
        "x" * 5000, "#NAME?", "#REF!", "-1", "0", "99999999999999999999", "2026-02-30", "'26.13월",
        "FREQ=YEARLY;BYMONTH=13", "BYDAY=9MO", "TZID=Mars/Olympus", "20261340T250000Z",
    ]
)  # fmt: skip
# Mostly what files are in, so that many cases get past decoding into the import itself.
ENCODINGS = st.sampled_from(["utf-8"] * 4 + ["utf-8-sig", "utf-16", "cp949", "cp932", "gb18030", "latin-1"])


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf-8") else "replace")


@st.composite
def mutated_lines(draw, lines: list[str]) -> list[str]:
    """Lines cut, repeated, dropped, swapped or with odd text put in."""
    lines = list(lines)
    for _ in range(draw(st.integers(0, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "repeat", "cut", "insert", "swap", "value", "join"]))
        if op == "drop":
            del lines[i]
        elif op == "repeat":
            lines.insert(i, lines[i])
        elif op == "cut":
            lines[i] = lines[i][: draw(st.integers(0, max(len(lines[i]) - 1, 0)))]
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(ODD_TEXT) + lines[i][at:]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "value":
            head, sep, _ = lines[i].partition(":")
            lines[i] = head + (sep or ":") + draw(ODD_TEXT)
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + lines[i + 1]]
    return lines


# --- iCalendar ---------------------------------------------------------------------------

ICS_LINES = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
BEGIN:VTIMEZONE
TZID:Korea Standard Time
BEGIN:STANDARD
DTSTART:16010101T000000
TZOFFSETFROM:+0900
TZOFFSETTO:+0900
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:040000008200E00074C5B7101A82E0080000000010A1
SUMMARY:한-일 경제협력 공동위원회
DESCRIPTION:의제: 공급망\\, 디지털 협력\\n장소: 도쿄
LOCATION:外務省 (東京)
DTSTART;TZID=Korea Standard Time:20260310T093000
DTEND;TZID=Korea Standard Time:20260310T113000
END:VEVENT
BEGIN:VEVENT
UID:series-1@example.org
SUMMARY:OECD 디지털경제정책위원회
DTSTART;VALUE=DATE:20260413
DTEND;VALUE=DATE:20260415
RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=2MO;UNTIL=20301231
X-TRACKER-COUNTRY:FR
END:VEVENT
BEGIN:VEVENT
UID:trip-7@example.org
SUMMARY:G7 출장
DTSTART:20261206T010000Z
DURATION:P5D
X-TRACKER-KIND:trip
END:VEVENT
BEGIN:VTODO
UID:todo-1
SUMMARY:MOU 초안 송부
DUE;VALUE=DATE:20261001
END:VTODO
END:VCALENDAR""".splitlines()


@pytest.mark.slow
@BUDGET
@given(lines=mutated_lines(ICS_LINES), encoding=ENCODINGS, fold=st.booleans())
def test_fuzz_ics(fuzz_db, tmp_path_factory, lines, encoding, fold):
    TRIED["ics"] = TRIED.get("ics", 0) + 1
    text = "\r\n".join(lines) + "\r\n"
    if fold:  # RFC 5545 folding at 75 octets, as Outlook writes long lines
        text = "\r\n ".join(text[i : i + 73] for i in range(0, len(text), 73))
    path = tmp_path_factory.mktemp("ics") / "calendar.ics"
    path.write_bytes(encode(text, encoding))
    imports_whole_or_not_at_all(fuzz_db, lambda: import_ics(fuzz_db, path), "ics")


# --- CSV -----------------------------------------------------------------------------------

CSV_ROWS = {
    PERSONS: [
        ["성명", "영문명", "소속", "직위", "이메일", "국가", "비고"],
        ["김민수", "Kim Minsu", "외교부", "사무관", "minsu.kim@mofa.go.kr", "한국", ""],
        ["山田太郎", "Yamada Taro", "外務省", "課長", "taro@mofa.go.jp", "JP", "東京"],
        ["제인 도", "Jane Doe", "OECD", "Head", "jane@oecd.org", "FRA", "줄\n바꿈"],
    ],
    ORGANIZATIONS: [
        ["기관명", "영문명", "약칭", "국가", "상위기관", "비고"],
        ["외교부", "Ministry of Foreign Affairs", "MOFA", "KR", "", ""],
        ["국립외교원", "KNDA", "", "KR", "외교부", ""],
        ["外務省", "MOFA Japan", "", "JP", "", ""],
    ],
    ACTIONS: [
        ["후속조치", "기한", "상태", "담당", "비고"],
        ["MOU 초안 송부", "'26.10월", "진행중", "김민수", ""],
        ["결과보고서 작성", "2026-12-31", "완료", "", "2026.12.20."],
        ["공동연구 제안", "2027년", "미이행", "", ""],
    ],
}


@st.composite
def csv_file(draw) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(KINDS))
    rows = [list(r) for r in CSV_ROWS[kind]]
    for _ in range(draw(st.integers(0, 6))):
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1))
        op = draw(st.sampled_from(["set", "insert", "drop_cell", "add_cell", "drop_row", "repeat_row"]))
        if op == "set":
            rows[r][c] = draw(ODD_TEXT)
        elif op == "insert":
            rows[r][c] = rows[r][c][:1] + draw(ODD_TEXT) + rows[r][c][1:]
        elif op == "drop_cell":
            del rows[r][c]
        elif op == "add_cell":
            rows[r].insert(c, draw(ODD_TEXT))
        elif op == "drop_row" and len(rows) > 1:
            del rows[r]
        elif op == "repeat_row":
            rows.insert(r, list(rows[r]))
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n", delimiter=draw(st.sampled_from([",", ",", "\t", ";"]))).writerows(
        rows
    )
    data = encode(buf.getvalue(), draw(ENCODINGS))
    if draw(st.booleans()):  # a few raw bytes broken or cut, as a bad copy leaves them
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, max(len(data) - 1, 0)))
            data = data[:at] + draw(st.binary(min_size=0, max_size=3)) + data[at + 1 :]
    return kind, data


@pytest.mark.slow
@BUDGET
@given(case=csv_file(), create_orgs=st.booleans(), skip=st.booleans())
def test_fuzz_csv(fuzz_db, tmp_path_factory, case, create_orgs, skip):
    TRIED["csv"] = TRIED.get("csv", 0) + 1
    kind, data = case
    path = tmp_path_factory.mktemp("csv") / "list.csv"
    path.write_bytes(data)
    imports_whole_or_not_at_all(
        fuzz_db,
        lambda: import_file(
            fuzz_db, kind, path, create_missing_organizations=create_orgs, skip_rejected=skip
        ),
        "csv",
    )


# --- XLSX ----------------------------------------------------------------------------------

CELL = st.one_of(
    ODD_TEXT,
    st.text(max_size=30),
    st.integers(-(2**62), 2**62),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.none(),
    st.booleans(),
)


_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def xlsx_escape(value):
    """Text as Excel stores it (characters XML cannot hold as _xHHHH_): openpyxl refuses them."""
    if isinstance(value, str):
        return "".join(f"_x{ord(c):04X}_" if _UNSAFE.match(c) else c for c in value)
    return value


@st.composite
def xlsx_file(draw, folder: Path) -> tuple[str, Path]:
    kind = draw(st.sampled_from(KINDS))
    rows = [list(r) for r in CSV_ROWS[kind]]
    for _ in range(draw(st.integers(0, 8))):
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = draw(CELL)
    wb = openpyxl.Workbook()
    ws = wb.active
    if draw(st.booleans()):
        ws.append(["2026년 주요 인사 명단"])  # a title row above the heading
    for row in rows:
        ws.append([xlsx_escape(v) for v in row])
    for _ in range(draw(st.integers(0, 3))):  # error values, as Excel saves them
        cell = ws.cell(draw(st.integers(1, ws.max_row)), draw(st.integers(1, ws.max_column)))
        cell.value = draw(st.sampled_from(["#NAME?", "#REF!", "#N/A", "#DIV/0!", "#SPILL!", "#CALC!"]))
        cell.data_type = "e"
    col = draw(st.integers(1, ws.max_column))  # a vertical merge, maybe more than one column
    top = draw(st.integers(1, ws.max_row))
    bottom = draw(st.integers(top, ws.max_row + 2))
    right = draw(st.integers(col, ws.max_column))
    if (bottom, right) != (top, col):
        ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=right)
    path = folder / "list.xlsx"
    wb.save(path)
    if draw(st.integers(0, 5)) == 0:  # a damaged archive: bytes changed in place
        data = bytearray(path.read_bytes())
        for _ in range(draw(st.integers(1, 8))):  # places drawn apart from the size, which varies
            data[draw(st.integers(0, 2**20)) % len(data)] = draw(st.integers(0, 255))  # with the time saved
        path.write_bytes(bytes(data))
    elif draw(st.integers(0, 5)) == 0:  # a sheet whose XML is cut short
        with zipfile.ZipFile(path) as src:
            parts = {n: src.read(n) for n in src.namelist()}
        sheet = parts["xl/worksheets/sheet1.xml"]
        parts["xl/worksheets/sheet1.xml"] = sheet[: draw(st.integers(0, 2**20)) % (len(sheet) + 1)]
        with zipfile.ZipFile(path, "w") as dst:
            for n, d in parts.items():
                dst.writestr(n, d)
    return kind, path


@pytest.mark.slow
@BUDGET
@given(data=st.data(), create_orgs=st.booleans())
def test_fuzz_xlsx(fuzz_db, tmp_path_factory, data, create_orgs):
    TRIED["xlsx"] = TRIED.get("xlsx", 0) + 1
    kind, path = data.draw(xlsx_file(tmp_path_factory.mktemp("xlsx")))
    imports_whole_or_not_at_all(
        fuzz_db, lambda: import_file(fuzz_db, kind, path, create_missing_organizations=create_orgs), "xlsx"
    )


def test_zz_cases_tried():
    """The fuzz tests above ran their whole budget (pytest runs this file top to bottom)."""
    if len(TRIED) < 3:
        pytest.skip("run with the fuzz tests")
    print(f"\nfuzz cases tried: {TRIED}; outcomes: {OUTCOMES}")
    assert all(n >= 100 for n in TRIED.values()), TRIED
