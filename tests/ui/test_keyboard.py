"""The main window from the keyboard alone: Enter on a row opens its page, Tab leaves the
list, F6 moves between sidebar, list and page, Ctrl+E edits, and every menu entry has a
mnemonic or a shortcut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.ui.keyboard import mnemonics_of
from tracker.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, db):
    load_demo(db)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def _focused(window):
    return window.focusWidget()


def test_enter_on_a_row_opens_its_page_and_tab_leaves_the_list(window, qtbot):
    window.show_section("meetings")
    page = window.pages["meetings"]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    row = page.table.currentIndex().row()
    title = page.model.index(row, 2).data()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.current_record is not None and window.current_record[0] == "meetings"
    assert title in window.viewer.toPlainText()
    before = page.table.currentIndex()
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert _focused(window) is not page.table  # Tab left the table
    assert page.table.currentIndex() == before


def test_f6_cycles_sidebar_list_and_page(window, qtbot):
    window.show_section("countries")
    page = window.pages["countries"]
    window.nav.setFocus()
    qtbot.keyClick(_focused(window), Qt.Key.Key_F6)
    assert _focused(window) is page.table
    assert page.table.currentIndex().isValid()  # a row to act on
    qtbot.keyClick(_focused(window), Qt.Key.Key_F6)
    assert _focused(window) is window.viewer
    qtbot.keyClick(_focused(window), Qt.Key.Key_F6)
    assert _focused(window) is window.nav
    qtbot.keyClick(_focused(window), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert _focused(window) is window.viewer


def test_ctrl_e_on_a_record_page_edits_that_record(window, qtbot):
    window.show_section("trips")
    page = window.pages["trips"]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    window.viewer.setFocus()
    dialog = window.edit_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert str(dialog.trip_id) == str(window.current_record[1])
    dialog.reject()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_menu_entry_has_a_mnemonic_unique_in_its_menu(qtbot, db, lang):
    i18n.set_language(lang)
    window = MainWindow(db)
    qtbot.addWidget(window)
    menus = [a.menu() for a in window.menuBar().actions()]
    menus += [a.menu() for m in list(menus) for a in m.actions() if isinstance(a.menu(), QMenu)]
    for menu in menus:
        letters = mnemonics_of(menu)
        assert all(letters), (menu.title(), [a.text() for a in menu.actions()])
        assert len(set(letters)) == len(letters), (menu.title(), letters)
    record = window.menuBar().actions()[1].menu()
    texts = [a.text() for a in record.actions()]
    assert any(t.endswith("\tEnter") for t in texts)  # Enter is shown beside "open page"
    if lang == "ko":
        assert any("(&" in t for t in texts)
    toolbar_text = window.new_action.iconText()
    assert "&" not in toolbar_text and "(" not in toolbar_text
