"""파일 > 목록 내보내기 from the main window's lists: the file holds the rows the view shows, with
its filter and its sort, and the status bar says how many were written."""

from __future__ import annotations

import codecs
import csv
import io

import openpyxl
import pytest
from PySide6.QtCore import Qt

from tracker.export.demo import load_demo
from tracker.ui.background import Operation
from tracker.ui.list_export import ListExport, export_list
from tracker.ui.main_window import MainWindow


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Operation, "show_error", classmethod(lambda cls, parent, title, text: shown.append((title, text)))
    )
    return shown


@pytest.fixture
def window(qtbot, db):
    load_demo(db)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    return w


def filtered(window, section, text):
    window.show_section(section)
    page = window.pages[section]
    page.filter.setText(text)
    page.apply_filter()
    return page


def xlsx_rows(path):
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_the_file_holds_the_filtered_list(window, db, tmp_path, errors):
    page = filtered(window, "persons", "박진홍")
    assert page.model.total == 1
    path = tmp_path / "people.xlsx"
    op = export_list(window, db, page.model, path)
    assert op is not None and op.wait(30)
    assert op.result == 1 and errors == []
    rows = xlsx_rows(path)
    assert rows[0][:3] == ["Name", "Name (original)", "Current title"]
    assert len(rows) == 2 and rows[1][0] == "박진홍"
    assert "Exported 1 row to" in window.statusBar().currentMessage()


def test_the_file_follows_the_views_sort(window, db, tmp_path, errors):
    window.show_section("organizations")
    page = window.pages["organizations"]
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    model = page.model
    assert model.descending
    while model.canFetchMore():
        model.fetchMore()
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    path = tmp_path / "orgs.csv"
    op = export_list(window, db, model, path)
    assert op.wait(30) and op.result == len(shown) > 5
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows[1:]] == shown


def test_asks_for_the_file_name_and_offers_the_lists_name(window, db, tmp_path, errors, monkeypatch):
    page = filtered(window, "persons", "박진홍")
    asked = []
    target = tmp_path / "chosen.xlsx"
    monkeypatch.setattr(
        ListExport, "ask_path", classmethod(lambda cls, parent, suggested: asked.append(suggested) or target)
    )
    op = export_list(window, db, page.model)
    assert op.wait(30)
    assert asked[0].name.startswith("People_") and asked[0].suffix == ".xlsx"
    assert len(xlsx_rows(target)) == 2

    monkeypatch.setattr(ListExport, "ask_path", classmethod(lambda cls, parent, suggested: None))
    assert export_list(window, db, page.model) is None  # the user cancelled the question


def test_an_unsupported_extension_is_refused(window, db, tmp_path, errors):
    page = window.pages["persons"]
    assert export_list(window, db, page.model, tmp_path / "people.ods") is None
    assert "Unsupported file format: .ods" in errors[0][1]
    assert not (tmp_path / "people.ods").exists()


def test_without_a_main_window_the_count_is_told_in_a_note(db, tmp_path, errors, monkeypatch, qtbot):
    from tracker.services import listing
    from tracker.ui.table_model import ListingModel

    load_demo(db)
    model = ListingModel(db, listing.PEOPLE)
    model.set_filter("박진홍")
    told = []
    monkeypatch.setattr(ListExport, "inform", classmethod(lambda cls, parent, title, text: told.append(text)))
    op = export_list(None, db, model, tmp_path / "p.csv")
    assert op.wait(30)
    assert told == [f"Exported 1 row to {tmp_path / 'p.csv'}"]
