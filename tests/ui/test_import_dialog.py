"""파일 > 가져오기: a CP949 CSV with Korean headings, as Korean Excel saves it, shows its encoding,
the column mapping and the preview, and imports people in one go; a file with a bad row is
refused whole and the database stays as it was."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from PySide6.QtGui import QColor

from tracker.db.models import Organization, Person, Position
from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.export.interchange import tables
from tracker.ui.background import Operation
from tracker.ui.import_dialog import (
    COL_ACTION,
    COL_REASONS,
    COL_ROW,
    COL_SUMMARY,
    REJECTED_TEXT,
    ImportDialog,
)

PEOPLE_CSV = [
    ["성명", "영문명", "소속", "직위", "이메일", "연락처", "국가"],
    ["김민수", "Kim Minsu", "과학기술정보통신부", "사무관", "minsu.kim@msit.go.kr", "044-202-4000", "한국"],
    ["제인 도", "Jane Doe", "경제협력개발기구", "과장", "jane.doe@oecd.org", "+33 1 45 24 82 00", "FRA"],
    ["이영희", "", "MSIT", "주무관", "", "", "대한민국"],
]
BAD_CSV = [
    ["이름", "소속", "이메일", "국가"],
    ["이영희", "과학기술정보통신부", "lee@msit.go.kr", "대한민국"],
    ["김민수", "과학기술정보통신부", "kim@@msit", "KR"],
    ["박철수", "경제협력개발기구", "park@oecd.org", "France"],
]


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Operation, "show_error", classmethod(lambda cls, parent, title, text: shown.append((title, text)))
    )
    return shown


@pytest.fixture
def told(monkeypatch):
    notes: list[str] = []
    monkeypatch.setattr(
        ImportDialog, "inform", classmethod(lambda cls, parent, title, text: notes.append(text))
    )
    return notes


@pytest.fixture
def demo(db):
    load_demo(db)
    return db


def write_csv(path, rows, encoding="cp949"):
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def snapshot(db):
    with db.engine.connect() as conn:
        return {t.name: sorted(map(repr, conn.execute(sa.select(t)))) for t in tables()}


def people_named(db, *names):
    with db.read() as s:
        return set(s.scalars(sa.select(Person.name_ko).where(Person.name_ko.in_(names))))


def open_dialog(qtbot, db, path, monkeypatch, kind="persons", preview=True) -> ImportDialog:
    monkeypatch.setattr(ImportDialog, "ask_open_path", classmethod(lambda cls, parent, folder: path))
    dialog = ImportDialog(db, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    op = dialog.choose_file()
    assert op is not None and op.wait(30)
    if preview:
        wait_preview(qtbot, dialog)
    return dialog


def wait_preview(qtbot, dialog):
    qtbot.waitUntil(
        lambda: dialog.current_preview is not None and not dialog._timer.isActive(), timeout=10_000
    )
    return dialog.current_preview


def cell(dialog, row, col):
    return dialog.preview_table.item(row, col).text()


def test_a_cp949_csv_with_korean_headings_shows_mapping_and_preview_and_imports(
    qtbot, demo, tmp_path, monkeypatch, errors, told
):
    i18n.set_language("ko")
    path = write_csv(tmp_path / "명단.csv", PEOPLE_CSV)
    dialog = open_dialog(qtbot, demo, path, monkeypatch)
    assert "CP949" in dialog.file_info.text() and "쉼표" in dialog.file_info.text()
    assert "머리글 1행" in dialog.file_info.text() and "데이터 3행" in dialog.file_info.text()

    # every heading of the file, each with the field it was recognised as
    headings = [dialog.mapping_table.item(r, 0).text() for r in range(dialog.mapping_table.rowCount())]
    assert headings == PEOPLE_CSV[0]
    assert dialog.mapping() == {
        "성명": "name_ko",
        "영문명": "name_latin",
        "소속": "organization",
        "직위": "title",
        "이메일": "email",
        "연락처": "phone",
        "국가": "country",
    }
    assert dialog.mapping_combos["성명"].currentText() == "이름"
    assert dialog.mapping_table.item(0, 2).text() == "김민수"  # the first value of the column

    preview = dialog.current_preview
    assert [(r.number, r.action) for r in preview.rows] == [(2, "create"), (3, "create"), (4, "create")]
    assert [cell(dialog, r, COL_ROW) for r in range(3)] == ["2", "3", "4"]
    assert [cell(dialog, r, COL_ACTION) for r in range(3)] == ["추가"] * 3
    assert "김민수" in cell(dialog, 0, COL_SUMMARY)
    assert dialog.counts_label.text() == "추가 3 · 수정 0 · 변경 없음 0 · 거부 0"
    assert dialog.import_button.isEnabled() and dialog.message.text() == ""

    heard = []
    demo.subscribe(heard.append)
    op = dialog.start_import()
    assert op is not None and op.wait(30)
    assert errors == []
    assert op.result["created"] == 3 and op.result["positions"] == 3
    assert people_named(demo, "김민수", "제인 도", "이영희") == {"김민수", "제인 도", "이영희"}
    assert told == ["가져왔습니다: 추가 3, 수정 0, 변경 없음 0."]
    assert any(c.touches("persons") for c in heard)  # the lists were told
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted


def test_changing_the_mapping_previews_again(qtbot, demo, tmp_path, monkeypatch, errors, told):
    path = write_csv(tmp_path / "명단.csv", PEOPLE_CSV)
    dialog = open_dialog(qtbot, demo, path, monkeypatch)
    # 이메일 not imported: the preview runs again without it
    dialog.set_field("이메일", None)
    assert not dialog.import_button.isEnabled()  # until the new preview is in
    preview = wait_preview(qtbot, dialog)
    assert "이메일" not in preview.mapping and dialog.import_button.isEnabled()
    # a field takes one column: 연락처 as 이름 frees 성명
    dialog.set_field("연락처", "name_ko")
    assert dialog.mapping()["성명"] is None and dialog.mapping()["연락처"] == "name_ko"
    # no name column at all: refused before anything is read into the database
    dialog.set_field("연락처", None)
    dialog.set_field("영문명", None)
    qtbot.waitUntil(lambda: "No column is mapped" in dialog.message.text(), timeout=10_000)
    assert dialog.current_preview is None and not dialog.import_button.isEnabled()


def test_a_file_with_a_bad_row_is_refused_and_changes_nothing(
    qtbot, demo, tmp_path, monkeypatch, errors, told
):
    path = write_csv(tmp_path / "bad.csv", BAD_CSV)
    dialog = open_dialog(qtbot, demo, path, monkeypatch)
    preview = dialog.current_preview
    assert [(r.number, r.action) for r in preview.rows] == [(2, "create"), (3, "rejected"), (4, "create")]
    assert cell(dialog, 1, COL_ACTION) == "Rejected"
    assert "Not an email address: kim@@msit" in cell(dialog, 1, COL_REASONS)
    assert dialog.preview_table.item(1, COL_ACTION).foreground().color() == QColor(REJECTED_TEXT)
    assert dialog.preview_table.item(0, COL_ACTION).foreground().color() != QColor(REJECTED_TEXT)
    assert "rejected 1" in dialog.counts_label.text()
    assert "all or nothing" in dialog.message.text()

    before = snapshot(demo)
    op = dialog.start_import()
    assert op is not None and op.wait(30)
    assert op.state == "failed" and told == []
    title, text = errors[0]
    assert "The import was rejected; the database is unchanged." in text
    assert "Row 3: 이메일: Not an email address: kim@@msit" in text
    assert snapshot(demo) == before
    assert dialog.isVisible() and dialog.import_button.isEnabled()

    # skipping the rejected rows imports the others
    dialog.skip_rejected.setChecked(True)
    assert "skipped" in dialog.message.text()
    op = dialog.start_import()
    assert op.wait(30) and op.state == "succeeded"
    assert op.result["created"] == 2 and op.result["skipped"] == 1
    assert people_named(demo, "이영희", "김민수", "박철수") == {"이영희", "박철수"}


def test_missing_organizations_are_created_when_asked(qtbot, demo, tmp_path, monkeypatch, errors, told):
    rows = [["이름", "소속", "직위"], ["홍길동", "한국디지털협력원", "원장"]]
    dialog = open_dialog(qtbot, demo, write_csv(tmp_path / "p.csv", rows), monkeypatch)
    assert dialog.current_preview.rows[0].action == "rejected"
    dialog.create_orgs.setChecked(True)
    preview = wait_preview(qtbot, dialog)
    assert preview.rows[0].action == "create" and preview.new_organizations == ["한국디지털협력원"]
    assert "new organizations 1" in dialog.counts_label.text()
    assert dialog.start_import().wait(30)
    with demo.read() as s:
        org = s.scalars(sa.select(Organization).where(Organization.name_ko == "한국디지털협력원")).one()
        assert (
            s.scalars(sa.select(Position).where(Position.organization_id == org.id)).one().title_ko == "원장"
        )


def test_an_unreadable_file_says_why(qtbot, demo, tmp_path, monkeypatch, errors, told):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    monkeypatch.setattr(ImportDialog, "ask_open_path", classmethod(lambda cls, parent, folder: path))
    dialog = ImportDialog(demo, "persons")
    qtbot.addWidget(dialog)
    assert dialog.choose_file().wait(30)
    assert "Old Excel files (.xls) cannot be read" in dialog.message.text()
    assert dialog.mapping_table.rowCount() == 0 and not dialog.import_button.isEnabled()


def test_follow_ups_kind_offers_its_own_fields(qtbot, demo, tmp_path, monkeypatch, errors, told):
    rows = [["후속조치", "기한", "담당자"], ["자료 송부", "'26.10월", "조목은"]]
    dialog = open_dialog(qtbot, demo, write_csv(tmp_path / "a.csv", rows), monkeypatch, preview=False)
    qtbot.waitUntil(lambda: "No column is mapped to 'Name (Korean)" in dialog.message.text(), timeout=10_000)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("actions"))
    preview = wait_preview(qtbot, dialog)
    assert preview.kind == "actions"
    assert dialog.mapping() == {"후속조치": "title", "기한": "due", "담당자": "owner"}
    assert [r.action for r in preview.rows] == ["create"]
