"""Lists out to XLSX and CSV as the list views show them; people, organizations and follow-ups
back in from spreadsheets, all or nothing, with the row number and reason of every bad row."""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import Action, Meeting, Organization, Person, Position
from tracker.db.store import open_database
from tracker.domain import i18n
from tracker.domain.enums import ActionStatus, DatePrecision, OrgKind
from tracker.domain.errors import ValidationError
from tracker.export import spreadsheet
from tracker.export.demo import load_demo
from tracker.export.interchange import ImportRejected, tables
from tracker.export.sheets import importer, writer
from tracker.export.spreadsheet import (
    RowsRejected,
    commit_import,
    export_listing,
    preview_import,
    read_table,
    suggest_mapping,
)
from tracker.services import directory, listing
from tracker.services.listing import Column, Listing

FORMULAS = ('=HYPERLINK("http://example.com/x","click")', "@SUM(1)", "+1", "-2")
MONTH_DUE = "韓-WB 글로벌 디지털 서밋('26.10월) OECD 참여 회신"
RANGE_DUE = "일본 장관급 대면회의('26.3.15.~16., 도쿄) 우리측 고위급 참석 검토"


# --------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """The demo data and four people whose names look like formulas, made once per module."""
    path = tmp_path_factory.mktemp("sheets") / "demo.sqlite3"
    db, _ = open_database(f"sqlite:///{path}")
    load_demo(db)
    for name in FORMULAS:
        directory.create_person(db, {"name_ko": name, "country_code": "KR"})
    db.dispose()  # checkpoints the WAL: the file alone is the database
    return path


@pytest.fixture
def demo(template, tmp_path):  # type: ignore[no-untyped-def]
    """A private copy of the template for each test (copying beats migrating and loading)."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


def snapshot(db: Database) -> dict[str, Any]:
    """Every row of every table: a database that is 'unchanged' compares equal."""
    with db.engine.connect() as conn:
        return {t.name: sorted(map(repr, conn.execute(sa.select(t)))) for t in tables()}


def read_xlsx(path: Path) -> tuple[Any, list[list[Any]]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    return ws, [list(r) for r in ws.iter_rows(values_only=True)]


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def person(db: Database, name: str) -> Person:
    with db.read() as s:
        found = s.scalars(sa.select(Person).where(Person.name_ko == name)).all()
        assert len(found) == 1, f"{len(found)} people named {name}"
        return found[0]


def positions(db: Database, person_id: Any) -> list[tuple[str | None, str | None, date | None, date | None]]:
    with db.read() as s:
        rows = s.execute(
            sa.select(Organization.name_ko, Position.title_ko, Position.start_date, Position.end_date)
            .select_from(Position)
            .outerjoin(Organization, Position.organization_id == Organization.id)
            .where(Position.person_id == person_id)
            .order_by(Position.created_at)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def do_import(db: Database, kind: str, path: Path, **kw: Any) -> dict[str, int]:
    preview = preview_import(
        db,
        kind,
        path,
        suggest_mapping(kind, read_table(path).headers),
        create_missing_organizations=kw.pop("create_missing_organizations", False),
    )
    return commit_import(db, preview, **kw)


# --------------------------------------------------------------------------------- export


LISTS = [listing.PEOPLE, listing.ORGANIZATIONS, listing.MEETINGS, listing.ACTIONS]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("lst", LISTS, ids=lambda x: x.name)
def test_export_writes_every_row_with_headings_in_both_formats(demo, tmp_path, lst, lang) -> None:
    i18n.set_language(lang)
    total = listing.count(demo, lst)
    xlsx, csv_path = tmp_path / f"{lst.name}.xlsx", tmp_path / f"{lst.name}.csv"
    assert export_listing(demo, lst, xlsx) == total
    assert export_listing(demo, lst, csv_path) == total

    headings = [c.label for c in lst.columns]
    ws, rows = read_xlsx(xlsx)
    assert rows[0] == headings and len(rows) == total + 1
    assert all(cell.font.bold for cell in ws[1]) and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headings))}{total + 1}"
    widths = [
        ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(len(headings))
    ]
    assert all(writer.MIN_WIDTH <= w <= writer.MAX_WIDTH for w in widths)

    text = read_csv(csv_path)
    assert text[0] == headings and len(text) == total + 1
    expected = [
        [writer.csv_text(writer.Plain()(v)) for v in r[1:]] for r in listing.fetch(demo, lst, limit=10_000)
    ]
    if lst is not listing.ACTIONS:  # due dates carry their precision; checked below
        assert text[1:] == expected


def test_export_keeps_korean_and_labels_enums_in_the_current_language(demo, tmp_path) -> None:
    i18n.set_language("ko")
    export_listing(demo, listing.ACTIONS, tmp_path / "ko.csv")
    export_listing(demo, listing.ACTIONS, tmp_path / "ko.xlsx")
    i18n.set_language("en")
    export_listing(demo, listing.ACTIONS, tmp_path / "en.csv")
    ko, en = read_csv(tmp_path / "ko.csv"), read_csv(tmp_path / "en.csv")
    assert ko[0][:4] == ["기한", "후속조치", "이행 주체", "상태"] and en[0][:4] == [
        "Due",
        "Follow-up",
        "Owed by",
        "Status",
    ]
    row_ko = next(r for r in ko if r[1] == MONTH_DUE)
    row_en = next(r for r in en if r[1] == MONTH_DUE)
    assert (row_ko[2], row_ko[3]) == ("상대측", "미착수") and (row_en[2], row_en[3]) == ("Them", "Open")
    assert row_ko[4] == "박진홍" and row_ko[5] == "경제협력개발기구"
    _, rows = read_xlsx(tmp_path / "ko.xlsx")
    assert [MONTH_DUE, "상대측", "미착수", "박진홍", "경제협력개발기구"] in [r[1:6] for r in rows]
    assert read_table(tmp_path / "ko.csv").encoding == "utf-8-sig"


def test_export_respects_filter_text_where_and_sort(demo, tmp_path) -> None:
    out = tmp_path / "staff.csv"
    staff = (Person.is_staff.is_(True),)
    n = export_listing(demo, listing.PEOPLE, out, where=staff, sort=0, descending=True)
    shown = listing.fetch(demo, listing.PEOPLE, where=staff, sort=0, descending=True, limit=1000)
    assert n == len(shown) and 0 < n < listing.count(demo, listing.PEOPLE)
    assert [r[0] for r in read_csv(out)[1:]] == [r[1] for r in shown]

    assert export_listing(demo, listing.PEOPLE, out, text="박진홍") == 1
    assert [r[0] for r in read_csv(out)[1:]] == ["박진홍"]
    assert export_listing(demo, listing.MEETINGS, out, text="OECD") == listing.count(
        demo, listing.MEETINGS, text="OECD"
    )
    assert export_listing(demo, listing.PEOPLE, out, text="nobody-is-called-this") == 0
    assert read_csv(out) == [[c.label for c in listing.PEOPLE.columns]]


def test_export_dates_are_real_dates_with_their_precision(demo, tmp_path) -> None:
    export_listing(demo, listing.MEETINGS, tmp_path / "m.xlsx")
    export_listing(demo, listing.MEETINGS, tmp_path / "m.csv")
    ws, _ = read_xlsx(tmp_path / "m.xlsx")
    day, at = ws.cell(2, 1), ws.cell(2, 2)
    assert isinstance(day.value, datetime) and day.is_date and day.number_format == "yyyy.mm.dd"
    assert isinstance(at.value, time) and at.number_format == "hh:mm"
    first = read_csv(tmp_path / "m.csv")[1]
    assert first[0] == day.value.date().isoformat() and first[1] == at.value.strftime("%H:%M")

    export_listing(demo, listing.ACTIONS, tmp_path / "a.xlsx")
    export_listing(demo, listing.ACTIONS, tmp_path / "a.csv")
    ws, _ = read_xlsx(tmp_path / "a.xlsx")
    cells = {ws.cell(r, 2).value: ws.cell(r, 1) for r in range(2, ws.max_row + 1)}
    month, span = cells[MONTH_DUE], cells[RANGE_DUE]
    assert (
        month.value == datetime(2026, 10, 1) and month.number_format == "yyyy.mm"
    )  # '26.10월: no invented day
    assert span.value == datetime(2026, 3, 15) and span.number_format == 'yyyy.mm.dd"~2026.03.16"'
    dues = {r[1]: r[0] for r in read_csv(tmp_path / "a.csv")}
    assert dues[MONTH_DUE] == "2026-10" and dues[RANGE_DUE] == "2026-03-15/2026-03-16"
    # and they read back with the precision they had
    table = read_table(tmp_path / "a.xlsx")
    back = {r[1]: r[0] for r in table.rows}
    assert back[MONTH_DUE].precision is DatePrecision.MONTH and back[MONTH_DUE].iso() == "2026-10"
    assert back[RANGE_DUE].iso() == "2026-03-15/2026-03-16"


def test_formula_like_text_is_neutralised_and_numbers_stay_numbers(demo, tmp_path) -> None:
    export_listing(demo, listing.PEOPLE, tmp_path / "p.xlsx")
    export_listing(demo, listing.PEOPLE, tmp_path / "p.csv")
    ws, _ = read_xlsx(tmp_path / "p.xlsx")
    names = {str(ws.cell(r, 1).value): ws.cell(r, 1) for r in range(2, ws.max_row + 1)}
    raw = zipfile.ZipFile(tmp_path / "p.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in raw and "<f " not in raw  # no formula anywhere in the sheet
    csv_names = [r[0] for r in read_csv(tmp_path / "p.csv")]
    for formula in FORMULAS:
        cell = names[formula]  # a text cell, shown as written: no apostrophe in XLSX
        assert cell.data_type == "s" and cell.quotePrefix
        assert "'" + formula in csv_names and formula not in csv_names
    assert names["박진홍"].value == "박진홍"  # ordinary text untouched

    numbers = Listing(
        "meetings",
        Meeting.id,
        (
            Column("seq", "순번", "No.", Meeting.seq),
            Column("minus", "음수", "Negative", sa.literal(-2)),
            Column("title", "면담", "Meeting", Meeting.title, True),
        ),
    )
    export_listing(demo, numbers, tmp_path / "n.xlsx")
    export_listing(demo, numbers, tmp_path / "n.csv")
    ws, rows = read_xlsx(tmp_path / "n.xlsx")
    assert all(isinstance(r[0], int) and r[1] == -2 for r in rows[1:])
    assert ws.cell(2, 2).data_type == "n"
    assert all(r[1] == "-2" for r in read_csv(tmp_path / "n.csv")[1:])


def test_export_streams_in_pages_and_a_cancelled_export_leaves_the_old_file(
    demo, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(writer, "PAGE", 4)
    seen: list[int] = []
    out = tmp_path / "people.xlsx"
    total = export_listing(demo, listing.PEOPLE, out, progress=seen.append)
    assert total > 8 and seen == [min(n, total) for n in range(4, total + 4, 4)]
    before = out.read_bytes()

    def cancel(n: int) -> None:
        if n >= 8:
            raise KeyboardInterrupt

    for target in (out, tmp_path / "people.csv"):
        with pytest.raises(KeyboardInterrupt):
            export_listing(demo, listing.PEOPLE, target, progress=cancel)
    assert out.read_bytes() == before
    assert not (tmp_path / "people.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if ".part" in p.name) == []
    with pytest.raises(ValidationError):
        export_listing(demo, listing.PEOPLE, tmp_path / "people.pdf")


# --------------------------------------------------------------------------------- reading files


def test_suggest_mapping_knows_korean_and_english_headings() -> None:
    heads = ["성명", "영문명", "소속", "직급", "E-mail", "연락처", "국가", "휴대폰", "비고", "무엇"]
    assert suggest_mapping("persons", heads) == {
        "성명": "name_ko",
        "영문명": "name_latin",
        "소속": "organization",
        "직급": "title",
        "E-mail": "email",
        "연락처": "phone",
        "국가": "country",
        "휴대폰": "mobile",
        "비고": "notes",
    }
    assert suggest_mapping("persons", ["Name", "Organization", "Title", "Email address", "Phone"]) == {
        "Name": "name_ko",
        "Organization": "organization",
        "Title": "title",
        "Email address": "email",
        "Phone": "phone",
    }
    assert (
        suggest_mapping("persons", ["이름", "기관명", "직위", "이메일 주소(업무용)"])["이메일 주소(업무용)"]
        == "email"
    )
    assert suggest_mapping("actions", ["후속조치", "기한", "담당자", "상태", "이행 주체", "면담"]) == {
        "후속조치": "title",
        "기한": "due",
        "담당자": "owner",
        "상태": "status",
        "이행 주체": "owed_by",
        "면담": "source",
    }
    assert suggest_mapping("organizations", ["기관명", "영문명", "약칭", "유형", "상위기관"]) == {
        "기관명": "name_ko",
        "영문명": "name_en",
        "약칭": "acronym",
        "유형": "kind",
        "상위기관": "parent",
    }
    with pytest.raises(ValueError):
        suggest_mapping("trips", ["제목"])


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr", "utf-8", "utf-8-sig"])
def test_read_table_detects_the_encodings_korean_excel_writes(tmp_path, encoding) -> None:
    path = write_csv(
        tmp_path / "t.csv", [["이름", "소속"], ["김민수", "과학기술정보통신부"], ["", ""]], encoding
    )
    headers, rows = read_table(path)
    assert headers == ["이름", "소속"] and rows == [["김민수", "과학기술정보통신부"]]


def test_read_table_finds_the_heading_below_a_title_row(tmp_path) -> None:
    path = write_xlsx(
        tmp_path / "t.xlsx",
        [
            ["2025년 주요 인사 명단"],
            [],
            ["이름", "이메일"],
            ["김민수", "kim@msit.go.kr"],
            [None, None],
            ["이영희", 1012345678.0],
        ],
    )
    table = read_table(path)
    assert table.headers == ["이름", "이메일"] and table.header_row == 3
    assert [table.row_number(i) for i in range(len(table.rows))] == [4, 5, 6]
    assert table.rows[2] == ["이영희", 1012345678]


MALFORMED = {
    "junk.xlsx": bytes(range(256)) * 8,
    "fake.xlsx": b"PK\x03\x04" + b"\x00" * 200,
    "legacy.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
    "password.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
    "empty.csv": b"",
    "empty.xlsx": b"",
    "blank.csv": codecs.BOM_UTF8 + b"\r\n\r\n",
    "junk.csv": bytes(range(256)) * 8,
    "ragged.csv": "이름,이메일,국가\n김민수,kim@msit.go.kr,KR\n이영희,lee@msit.go.kr\n박철수,park@msit.go.kr,KR,추가\n".encode(),
    "quotes.csv": b'name,email\n"Kim, "unclosed,kim@example.org\n',
    "notes.docx": b"PK\x03\x04",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_files_are_refused_with_a_reason_and_change_nothing(demo, tmp_path, name) -> None:
    path = tmp_path / name
    path.write_bytes(MALFORMED[name])
    before = snapshot(demo)
    with pytest.raises(ImportRejected) as caught:
        read_table(path)
    assert caught.value.problems and all(p.strip() for p in caught.value.problems)
    with pytest.raises(ImportRejected):
        preview_import(demo, "persons", path, {"이름": "name_ko"})
    assert snapshot(demo) == before
    if name == "ragged.csv":
        assert caught.value.problems == [
            "Row 3: 2 fields, but the heading row has 3 (a comma too many or too few)",
            "Row 4: 4 fields, but the heading row has 3 (a comma too many or too few)",
        ]


def test_mapping_mistakes_are_refused_before_anything_is_read_into_the_database(demo, tmp_path) -> None:
    path = write_csv(tmp_path / "p.csv", [["이름", "성명", "이메일"], ["김민수", "김민수", "kim@msit.go.kr"]])
    with pytest.raises(ImportRejected, match="same field"):
        preview_import(demo, "persons", path, {"이름": "name_ko", "성명": "name_ko"})
    with pytest.raises(ImportRejected, match="No column is mapped"):
        preview_import(demo, "persons", path, {"이메일": "email"})
    with pytest.raises(ImportRejected, match="No such column"):
        preview_import(demo, "persons", path, {"Name": "name_ko"})


# --------------------------------------------------------------------------------- importing


PEOPLE_CSV = [
    ["성명", "영문명", "소속", "직위", "이메일", "연락처", "국가"],
    ["김민수", "Kim Minsu", "과학기술정보통신부", "사무관", "minsu.kim@msit.go.kr", "044-202-4000", "한국"],
    ["제인 도", "Jane Doe", "경제협력개발기구", "과장", "jane.doe@oecd.org", "+33 1 45 24 82 00", "FRA"],
    ["이영희", "", "MSIT", "주무관", "", "", "대한민국"],
]


def test_cp949_csv_creates_people_with_positions_and_the_same_file_again_updates(demo, tmp_path) -> None:
    path = write_csv(tmp_path / "명단.csv", PEOPLE_CSV, "cp949")
    assert read_table(path).encoding == "cp949"
    mapping = suggest_mapping("persons", read_table(path).headers)
    preview = preview_import(demo, "persons", path, mapping)
    assert [(r.number, r.action) for r in preview.rows] == [(2, "create"), (3, "create"), (4, "create")]
    assert commit_import(demo, preview) == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "organizations": 0,
        "positions": 3,
    }
    kim = person(demo, "김민수")
    assert (kim.name_latin, kim.email, kim.phone, kim.country_code) == (
        "Kim Minsu",
        "minsu.kim@msit.go.kr",
        "044-202-4000",
        "KR",
    )
    assert positions(demo, kim.id) == [("과학기술정보통신부", "사무관", None, None)]
    jane = person(demo, "제인 도")
    assert jane.country_code == "FR" and jane.phone == "+33 1 45 24 82 00"
    assert positions(demo, jane.id) == [("경제협력개발기구", "과장", None, None)]
    assert positions(demo, person(demo, "이영희").id) == [
        ("과학기술정보통신부", "주무관", None, None)
    ]  # by acronym

    before = snapshot(demo)
    again = preview_import(demo, "persons", path, mapping)
    assert [r.action for r in again.rows] == ["unchanged"] * 3
    assert commit_import(demo, again)["created"] == 0
    assert snapshot(demo) == before  # nothing duplicated, nothing touched

    # a promotion and a new phone number: the old position ends yesterday, the new one starts today
    changed = [row[:] for row in PEOPLE_CSV]
    changed[1][3], changed[1][5] = "서기관", "044-202-4001"
    path2 = write_csv(tmp_path / "명단2.csv", changed, "cp949")
    preview = preview_import(demo, "persons", path2, mapping)
    assert [r.action for r in preview.rows] == ["update", "unchanged", "unchanged"]
    assert {c.field for c in preview.rows[0].changes} == {"Phone", "Position"}
    assert commit_import(demo, preview)["updated"] == 1
    today = date.today()
    assert person(demo, "김민수").phone == "044-202-4001"
    assert positions(demo, kim.id) == [
        ("과학기술정보통신부", "사무관", None, today - timedelta(days=1)),
        ("과학기술정보통신부", "서기관", today, None),
    ]


def test_a_person_is_matched_by_email_first(demo, tmp_path) -> None:
    do_import(demo, "persons", write_csv(tmp_path / "a.csv", PEOPLE_CSV))
    moved = [
        ["Name", "Email", "Organization", "Title"],
        ["김민수", "MINSU.KIM@msit.go.kr", "경제협력개발기구", "Policy Analyst"],
    ]
    preview = preview_import(
        demo,
        "persons",
        write_csv(tmp_path / "b.csv", moved),
        {"Name": "name_ko", "Email": "email", "Organization": "organization", "Title": "title"},
    )
    assert preview.rows[0].action == "update" and preview.rows[0].target_id == person(demo, "김민수").id


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(
    "case",
    [
        (
            "persons",
            ["김민수", "과학기술정보통신부", "kim@@msit", "KR"],
            "이메일",
            ("Not an email address", "이메일 주소 형식이 아닙니다"),
        ),
        (
            "persons",
            ["김민수", "과학기술정보통신부", "kim@msit.go.kr", "아틀란티스"],
            "국가",
            ("unknown country: 아틀란티스", "알 수 없는 국가입니다: 아틀란티스"),
        ),
        (
            "actions",
            ["검토 결과 회신", "2026-10-15", "월", "박진홍"],
            "기한",
            ("month-precision date cannot name a day", "월 단위 날짜에는 일자를"),
        ),
    ],
    ids=["bad-email", "unknown-country", "month-due-with-a-day"],
)
def test_one_bad_row_rejects_the_whole_file_and_changes_nothing(demo, tmp_path, case, lang) -> None:
    i18n.set_language(lang)
    kind, bad, heading, reasons = case
    if kind == "persons":
        rows = [
            ["이름", "소속", "이메일", "국가"],
            ["이영희", "과학기술정보통신부", "lee@msit.go.kr", "대한민국"],
            bad,
            ["박철수", "경제협력개발기구", "park@oecd.org", "France"],
        ]
    else:
        rows = [
            ["후속조치", "기한", "기한 단위", "담당자"],
            ["자료 송부", "'26.10월", "", "조목은"],
            bad,
            ["회의 개최 검토", "2026.11.3.", "일", "박진홍"],
        ]
    path = write_csv(tmp_path / "bad.csv", rows, "cp949")
    before = snapshot(demo)
    preview = preview_import(demo, kind, path, suggest_mapping(kind, rows[0]))
    assert [(r.number, r.action) for r in preview.rows] == [(2, "create"), (3, "rejected"), (4, "create")]
    problem = preview.problems[0]
    assert problem.startswith("3행: " if lang == "ko" else "Row 3: ") and f"{heading}: " in problem
    assert reasons[lang == "ko"] in problem
    with pytest.raises(ImportRejected) as caught:
        commit_import(demo, preview)
    assert isinstance(caught.value, RowsRejected) and caught.value.problems == [problem]
    assert [r.number for r in caught.value.rows] == [3]
    assert ("가져오기를 거부했습니다" if lang == "ko" else "rejected") in caught.value.message()
    assert snapshot(demo) == before


def test_skip_rejected_imports_the_good_rows_only(demo, tmp_path) -> None:
    rows = [
        ["이름", "이메일", "국가"],
        ["이영희", "lee@msit.go.kr", "KR"],
        ["박철수", "not-an-email", "KR"],
        ["최지우", "choi@msit.go.kr", "아틀란티스"],
        ["정하늘", "jung@msit.go.kr", "KOR"],
    ]
    path = write_csv(tmp_path / "p.csv", rows)
    counts = do_import(demo, "persons", path, skip_rejected=True)
    assert counts["created"] == 2 and counts["skipped"] == 2
    with demo.read() as s:
        names = set(
            s.scalars(
                sa.select(Person.name_ko).where(Person.name_ko.in_(["이영희", "박철수", "최지우", "정하늘"]))
            )
        )
    assert names == {"이영희", "정하늘"}


def test_repeated_rows_and_ambiguous_names_are_rejected(demo, tmp_path) -> None:
    rows = [["이름", "이메일"], ["이영희", "lee@msit.go.kr"], ["이영희 ", "LEE@msit.go.kr"]]
    preview = preview_import(
        demo, "persons", write_csv(tmp_path / "p.csv", rows), {"이름": "name_ko", "이메일": "email"}
    )
    assert [r.action for r in preview.rows] == ["create", "rejected"]
    assert "the same record as row 2" in preview.problems[0]
    directory.create_person(demo, {"name_ko": "동명이인"})
    directory.create_person(demo, {"name_ko": "동명이인"})
    preview = preview_import(
        demo, "persons", write_csv(tmp_path / "q.csv", [["이름"], ["동명이인"]]), {"이름": "name_ko"}
    )
    assert preview.rows[0].action == "rejected" and "several people have this name" in preview.problems[0]


def test_unknown_organization_is_rejected_unless_missing_ones_may_be_created(demo, tmp_path) -> None:
    rows = [
        ["이름", "소속", "직위"],
        ["홍길동", "한국디지털협력원", "원장"],
        ["홍길순", "한국디지털협력원", "팀장"],
    ]
    path = write_csv(tmp_path / "p.csv", rows)
    mapping = suggest_mapping("persons", rows[0])
    preview = preview_import(demo, "persons", path, mapping)
    assert [r.action for r in preview.rows] == ["rejected", "rejected"]
    assert "unknown organization: 한국디지털협력원" in preview.problems[0]
    preview = preview_import(demo, "persons", path, mapping, create_missing_organizations=True)
    assert [r.action for r in preview.rows] == ["create", "create"] and preview.new_organizations == [
        "한국디지털협력원"
    ]
    counts = commit_import(demo, preview)
    assert counts["organizations"] == 1 and counts["positions"] == 2
    with demo.read() as s:
        org = s.scalars(sa.select(Organization).where(Organization.name_ko == "한국디지털협력원")).one()
    assert org.kind is OrgKind.OTHER
    assert positions(demo, person(demo, "홍길순").id) == [("한국디지털협력원", "팀장", None, None)]


def test_organizations_import_with_parents_in_the_file(demo, tmp_path) -> None:
    rows = [
        ["기관명", "영문명", "유형", "국가", "상위기관"],
        ["디지털협력과", "Digital Cooperation Division", "Ministry", "KR", "디지털협력국"],
        ["디지털협력국", "Digital Cooperation Bureau", "부처", "대한민국", "MSIT"],
        ["경제협력개발기구", "", "국제기구", "", ""],
        ["가상의 기관", "", "없는유형", "", ""],
    ]
    path = write_xlsx(tmp_path / "orgs.xlsx", rows)
    preview = preview_import(demo, "organizations", path, suggest_mapping("organizations", rows[0]))
    assert [r.action for r in preview.rows] == ["create", "create", "unchanged", "rejected"]
    assert preview.problems[0].startswith(
        "Row 5: 유형: not an allowed value: 없는유형 (allowed: Government, Ministry"
    )
    counts = commit_import(demo, preview, skip_rejected=True)
    assert counts == {
        "created": 2,
        "updated": 0,
        "unchanged": 1,
        "skipped": 1,
        "organizations": 0,
        "positions": 0,
    }
    with demo.read() as s:
        division = s.scalars(sa.select(Organization).where(Organization.name_ko == "디지털협력과")).one()
        assert division.parent.name_ko == "디지털협력국" and division.parent.parent.acronym == "MSIT"
    cycle = [["기관명", "상위기관"], ["과학기술정보통신부", "디지털협력과"]]
    preview = preview_import(
        demo,
        "organizations",
        write_csv(tmp_path / "c.csv", cycle),
        {"기관명": "name_ko", "상위기관": "parent"},
    )
    assert "the parent organizations form a cycle" in preview.problems[0]


def test_follow_ups_import_with_owner_labels_due_and_source(demo, tmp_path) -> None:
    rows = [
        ["후속조치", "기한", "담당자", "상태", "이행 주체", "면담", "상대 기관"],
        [
            "OECD 디지털 정책 보고서 공유",
            "'26.10월",
            "박진홍",
            "In progress",
            "상대측",
            "한-OECD 양자면담",
            "OECD",
        ],
        ["상무부 담당자 연락처 확보", "2026.1.15.", "조목은", "완료", "Us", "한-미 상무부 양자면담", ""],
        ["담당자가 없는 조치", "", "아무개", "미착수", "우리측", "", ""],
    ]
    path = write_csv(tmp_path / "a.csv", rows, "cp949")
    preview = preview_import(demo, "actions", path, suggest_mapping("actions", rows[0]))
    assert [r.action for r in preview.rows] == ["create", "create", "rejected"]
    assert preview.problems == ["Row 4: 담당자: no staff member or person is called 아무개"]
    commit_import(demo, preview, skip_rejected=True)
    with demo.read() as s:
        a = s.scalars(sa.select(Action).where(Action.title == "OECD 디지털 정책 보고서 공유")).one()
        meeting = s.get(Meeting, a.meeting_id)
        assert meeting.title == "한-OECD 양자면담" and a.trip_id == meeting.trip_id
        assert (a.due_date, a.due_precision, a.status) == (
            date(2026, 10, 1),
            DatePrecision.MONTH,
            ActionStatus.IN_PROGRESS,
        )
        assert (
            a.owner.name_ko == "박진홍" and a.counterpart_org.acronym == "OECD" and a.owed_by.value == "them"
        )
        b = s.scalars(sa.select(Action).where(Action.title == "상무부 담당자 연락처 확보")).one()
        assert b.status is ActionStatus.DONE and b.due_date == date(2026, 1, 15) and b.country_code == "US"

    # the same title and meeting again: an update, not a second follow-up
    rows = [["후속조치", "면담", "상태"], ["OECD 디지털 정책 보고서 공유", "한-OECD 양자면담", "Done"]]
    preview = preview_import(
        demo, "actions", write_csv(tmp_path / "b.csv", rows), suggest_mapping("actions", rows[0])
    )
    assert preview.rows[0].action == "update" and [str(c) for c in preview.rows[0].changes] == [
        "Status: In progress → Done"
    ]
    assert commit_import(demo, preview)["updated"] == 1


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_exported_list_imports_back_without_changes(demo, tmp_path, fmt, lang) -> None:
    i18n.set_language(lang)
    before = snapshot(demo)
    for lst in (listing.PEOPLE, listing.ORGANIZATIONS, listing.ACTIONS):
        path = tmp_path / f"{lst.name}.{fmt}"
        n = export_listing(demo, lst, path)
        preview = preview_import(demo, lst.name, path, suggest_mapping(lst.name, read_table(path).headers))
        assert len(preview.unchanged) == n, [r.summary for r in preview.rows if r.action != "unchanged"]
        commit_import(demo, preview)
    assert snapshot(demo) == before


def test_commit_writes_everything_or_nothing(demo, tmp_path, monkeypatch) -> None:
    path = write_csv(tmp_path / "p.csv", PEOPLE_CSV)
    preview = preview_import(demo, "persons", path, suggest_mapping("persons", PEOPLE_CSV[0]))
    before = snapshot(demo)
    real = importer.records.create_in
    calls = {"n": 0}

    def failing(session, model, data):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:  # two people and a position are written by then
            raise ValidationError("bad_value", field="name_ko", value="x")
        return real(session, model, data)

    monkeypatch.setattr(importer.records, "create_in", failing)
    with pytest.raises(RowsRejected, match="Row 3"):
        commit_import(demo, preview)
    assert snapshot(demo) == before


def test_a_preview_overtaken_by_the_database_is_refused(demo, tmp_path) -> None:
    path = write_csv(tmp_path / "p.csv", PEOPLE_CSV)
    preview = preview_import(demo, "persons", path, suggest_mapping("persons", PEOPLE_CSV[0]))
    directory.create_person(demo, {"name_ko": "김민수", "email": "minsu.kim@msit.go.kr"})
    with pytest.raises(ImportRejected, match="preview the file again"):
        commit_import(demo, preview)
    person(demo, "김민수")  # still exactly one


def test_public_names() -> None:
    assert set(spreadsheet.__all__) <= set(dir(spreadsheet))
    assert issubclass(spreadsheet.RowsRejected, ImportRejected)


def test_excel_unicode_text_and_workbook_dates_import(demo, tmp_path) -> None:
    # Excel's "Unicode text" is UTF-16 with tabs
    text = "이름\t이메일\t국가\r\n정하늘\tjung@msit.go.kr\tKR\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    table = read_table(path)
    assert (table.encoding, table.delimiter, table.rows) == (
        "utf-16",
        "\t",
        [["정하늘", "jung@msit.go.kr", "KR"]],
    )
    preview = preview_import(demo, "persons", table, suggest_mapping("persons", table.headers))
    assert preview.path == path and [r.action for r in preview.rows] == ["create"]

    # a due date typed into Excel is a real date cell; a precision column may say it is a month
    rows = [
        ["후속조치", "기한", "기한 단위", "담당자"],
        ["자료 송부", datetime(2026, 10, 1), "월", "조목은"],
        ["회의 개최", datetime(2026, 11, 3), None, "박진홍"],
        ["보고서 회신", datetime(2026, 11, 3), "Month", "박진홍"],
    ]
    preview = preview_import(
        demo, "actions", write_xlsx(tmp_path / "a.xlsx", rows), suggest_mapping("actions", rows[0])
    )
    assert [r.action for r in preview.rows] == ["create", "create", "rejected"]
    assert preview.problems == ["Row 4: 기한: A month-precision date cannot name a day: 2026-11-03"]
    commit_import(demo, preview, skip_rejected=True)
    with demo.read() as s:
        dues = dict(
            s.execute(
                sa.select(Action.title, Action.due_precision).where(
                    Action.title.in_(["자료 송부", "회의 개최"])
                )
            ).all()
        )
    assert dues == {"자료 송부": DatePrecision.MONTH, "회의 개최": DatePrecision.DAY}


def test_export_filename_names_the_list_and_the_day() -> None:
    i18n.set_language("ko")
    assert (
        spreadsheet.export_filename(listing.ACTIONS, ".csv", date(2026, 11, 22)) == "후속조치_2026-11-22.csv"
    )
    i18n.set_language("en")
    assert spreadsheet.export_filename(listing.PEOPLE, on=date(2026, 11, 22)) == "People_2026-11-22.xlsx"
