"""Spreadsheets as Excel really saves them on our counterparts' machines: CSV in the system's
code page (Shift-JIS in Japan, CP949 in Korea, GB18030 in China) with or without a BOM,
vertically merged cells, and error values such as #NAME?."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from tracker.db.models import Organization, Person, Position
from tracker.export.interchange import ImportRejected, tables
from tracker.export.spreadsheet import (
    ORGANIZATIONS,
    PERSONS,
    RowsRejected,
    commit_import,
    import_file,
    preview_import,
    read_table,
    suggest_mapping,
)
from tracker.services.countries import seed_countries

JAPANESE = [
    ["組織名", "略称", "国", "備考"],
    ["外務省", "MOFA", "JP", "東京都千代田区霞が関2-2-1"],
    ["国際協力機構", "JICA", "JP", "開発協力の実施機関"],
    ["経済産業省", "METI", "JP", "通商政策局"],
    ["総務省", "MIC", "JP", "情報通信国際戦略局"],
]
KOREAN = [
    ["기관명", "약칭", "국가", "비고"],
    ["외교부", "MOFA", "KR", "서울특별시 종로구 사직로8길 60"],
    ["한국국제협력단", "KOICA", "KR", "개발협력 전담기관"],
    ["산업통상자원부", "MOTIE", "KR", "통상교섭본부"],
]
CHINESE = [
    ["机构名称", "缩写", "国家", "备注"],
    ["外交部", "MFA", "CN", "北京市朝阳区朝阳门南大街2号"],
    ["商务部", "MOFCOM", "CN", "对外贸易与经济合作"],
    ["国家国际发展合作署", "CIDCA", "CN", "发展合作"],
]


def excel_csv(path: Path, rows: list[list[str]], encoding: str, bom: bool = False) -> Path:
    """A CSV as Excel's "CSV" (the system code page) or "CSV UTF-8" (with a BOM) writes it."""
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    data = buf.getvalue().encode(encoding)
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return path


def names(db) -> list[str]:
    with db.read() as s:
        return sorted(s.scalars(sa.select(Organization.name_ko)))


def snapshot(db):
    with db.engine.connect() as conn:
        return {t.name: sorted(map(repr, conn.execute(sa.select(t)))) for t in tables()}


def mapping_for(table, **fields):
    mapping = suggest_mapping(ORGANIZATIONS, table.headers)
    mapping.update({table.headers[i]: key for i, key in fields.items()})
    return mapping


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "encoding", "bom", "read_as"),
    [
        (JAPANESE, "cp932", False, "cp932"),  # Excel "CSV" on Japanese Windows
        (JAPANESE, "shift_jis", False, "cp932"),
        (JAPANESE, "utf-8", True, "utf-8-sig"),  # Excel "CSV UTF-8"
        (JAPANESE, "utf-8", False, "utf-8"),
        (KOREAN, "cp949", False, "cp949"),  # Excel "CSV" on Korean Windows
        (KOREAN, "utf-8", True, "utf-8-sig"),
        (KOREAN, "utf-16", False, "utf-16"),  # Excel "Unicode text" (BOM from the codec)
        (CHINESE, "gb18030", False, "gb18030"),
    ],
)
def test_a_csv_is_read_in_the_encoding_excel_wrote(tmp_path, rows, encoding, bom, read_as):
    table = read_table(excel_csv(tmp_path / "orgs.csv", rows, encoding, bom))
    assert table.encoding == read_as
    assert table.headers == rows[0]
    assert [r[0] for r in table.rows] == [r[0] for r in rows[1:]]
    assert table.encoding_guessed == (read_as not in ("utf-8", "utf-8-sig", "utf-16"))


def test_a_shift_jis_csv_creates_the_japanese_organizations_not_garbled_ones(db, tmp_path):
    path = excel_csv(tmp_path / "機関.csv", JAPANESE, "cp932")
    import_file(db, ORGANIZATIONS, path, {"組織名": "name_ko", "略称": "acronym", "備考": "notes"})
    assert names(db) == sorted(r[0] for r in JAPANESE[1:])


def test_the_user_can_read_the_file_in_another_encoding(tmp_path):
    path = excel_csv(tmp_path / "orgs.csv", KOREAN, "cp949")
    assert read_table(path, "cp949").rows[0][0] == "외교부"
    with pytest.raises(ImportRejected) as caught:  # Korean bytes are not valid UTF-8
        read_table(path, "utf-8")
    assert "cannot be read as UTF-8" in str(caught.value)
    assert "choose another encoding" in str(caught.value)


def test_bytes_that_are_text_in_no_encoding_are_refused_not_garbled(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes("기관명,비고\r\n외교부,".encode("cp949") + bytes(range(0x80, 0x100)) * 4 + b"\r\n")
    with pytest.raises(ImportRejected) as caught:
        read_table(path)
    assert "Unknown text encoding" in str(caught.value)


def test_a_stray_nul_in_a_csv_is_cleaned_but_a_binary_file_is_refused(db, tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_bytes("기관명,비고\r\n외교\x00부,메모\r\n".encode())
    import_file(db, ORGANIZATIONS, path)
    assert names(db) == ["외교부"]
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    with pytest.raises(ImportRejected, match="not a text"):
        read_table(binary)


# --- merged cells ---------------------------------------------------------------------------


def merged_workbook(path: Path) -> Path:
    """A list as people lay it out in Excel: the country merged down beside its organizations,
    and a note merged across two columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["국가", "기관명", "비고", ""])
    ws.append(["JP", "外務省", "협력 창구", None])
    ws.append([None, "経済産業省", None, None])
    ws.append([None, "総務省", None, None])
    ws.append(["KR", "외교부", None, None])
    ws.merge_cells("A2:A4")
    ws.merge_cells("C2:D2")
    wb.save(path)
    return path


def test_a_vertically_merged_cell_fills_the_rows_it_covers_and_says_so(db, tmp_path):
    seed_countries(db)
    path = merged_workbook(tmp_path / "merged.xlsx")
    table = read_table(path)
    assert [r[0] for r in table.rows] == ["JP", "JP", "JP", "KR"]
    assert [r[2] for r in table.rows] == ["협력 창구", None, None, None]  # not filled across
    assert table.notes == ("A2:A4: the merged value 'JP' was filled into the 2 rows below",)

    preview = preview_import(db, ORGANIZATIONS, table, suggest_mapping(ORGANIZATIONS, table.headers))
    assert preview.notes == table.notes
    commit_import(db, preview)
    with db.read() as s:
        countries = {n: c for n, c in s.execute(sa.select(Organization.name_ko, Organization.country_code))}
    assert countries == {"外務省": "JP", "経済産業省": "JP", "総務省": "JP", "외교부": "KR"}


# --- error values ---------------------------------------------------------------------------


def error_workbook(path: Path) -> Path:
    """Error cells as Excel saves them: <c t="e"><v>#NAME?</v></c>."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["기관명", "약칭", "비고"])
    ws.append(["외교부", "MOFA", "ok"])
    ws.append(["#NAME?", "X", None])
    ws.append(["통계청", "#REF!", None])
    ws.append(["기획재정부", "MOEF", "#SPILL!"])
    ws["C5"].data_type = "e"  # openpyxl knows only the older codes; Excel 365 writes these too
    for ref in ("A3", "B4", "C5"):
        assert ws[ref].data_type == "e"
    wb.save(path)
    return path


def test_excel_error_values_are_refused_with_their_address_and_nothing_is_stored(db, tmp_path):
    table = read_table(error_workbook(tmp_path / "errors.xlsx"))
    preview = preview_import(db, ORGANIZATIONS, table, suggest_mapping(ORGANIZATIONS, table.headers))
    reasons = {r.number: r.reasons for r in preview.rejected}
    assert reasons[3][0] == "A3: Excel error value #NAME?"
    assert reasons[4][0] == "B4: Excel error value #REF!"
    assert reasons[5][0] == "C5: Excel error value #SPILL!"
    assert [r.number for r in preview.creates] == [2]
    before = snapshot(db)
    with pytest.raises(RowsRejected):
        commit_import(db, preview)
    assert snapshot(db) == before
    assert "#NAME?" not in names(db)


def test_an_error_value_saved_in_a_csv_is_refused_in_korean_too(db, tmp_path):
    from tracker.domain import i18n

    i18n.set_language("ko")
    path = excel_csv(tmp_path / "orgs.csv", [["기관명", "약칭"], ["외교부", "MOFA"], ["#N/A", "X"]], "cp949")
    with pytest.raises(RowsRejected) as caught:
        import_file(db, ORGANIZATIONS, path)
    assert caught.value.problems[0].startswith("3행: A3: Excel 오류 값 #N/A")
    assert names(db) == []


def test_a_person_list_with_merged_organization_cells(db, tmp_path):
    """The common layout: one organization merged beside the three people who work there."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["소속", "성명"])
    for name in ("김민수", "이영희", "박철수"):
        ws.append([None, name])
    ws["A2"] = "외교부"
    ws.merge_cells("A2:A4")
    wb.save(tmp_path / "people.xlsx")
    table = read_table(tmp_path / "people.xlsx")
    preview = preview_import(
        db, PERSONS, table, suggest_mapping(PERSONS, table.headers), create_missing_organizations=True
    )
    assert not preview.rejected
    commit_import(db, preview)
    with db.read() as s:
        placed = s.execute(
            sa.select(Person.name_ko, Organization.name_ko)
            .join(Position, Position.person_id == Person.id)
            .join(Organization, Organization.id == Position.organization_id)
        ).all()
    assert sorted(map(tuple, placed)) == [("김민수", "외교부"), ("박철수", "외교부"), ("이영희", "외교부")]


def test_a_broken_character_escaped_in_a_workbook_is_refused_with_its_cell(db, tmp_path):
    """Excel escapes characters as _xHHHH_: two halves of one character join again, a lone
    half is refused with the cell's address, before it reaches a query or the database."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["기관명", "비고"])
    ws.append(["외교부", "SMILE"])
    ws.append(["BROKEN", "메모"])
    wb.save(tmp_path / "orgs.xlsx")
    with zipfile.ZipFile(tmp_path / "orgs.xlsx") as src:
        parts = {n: src.read(n) for n in src.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("SMILE", "_xD83D__xDE00_").replace("BROKEN", "통계_xD800_청")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(tmp_path / "orgs.xlsx", "w") as dst:
        for n, d in parts.items():
            dst.writestr(n, d)
    table = read_table(tmp_path / "orgs.xlsx")
    assert table.rows[0][1] == "\U0001f600"
    preview = preview_import(db, ORGANIZATIONS, table, suggest_mapping(ORGANIZATIONS, table.headers))
    assert preview.rejected[0].reasons[0] == "A3: holds a broken character (U+D800, an unpaired surrogate)"
    with pytest.raises(RowsRejected):
        commit_import(db, preview)
    assert names(db) == []
