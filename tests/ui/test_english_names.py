"""In English a country is named in English wherever the interface names it (lists, pickers,
its page); list titles get the spare width; Qt's own dialogs follow the language."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel

from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.ui import fields as f
from tracker.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, db):
    load_demo(db)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _column(page, key):
    keys = [c.key for c in page.listing.columns]
    col = keys.index(key)
    return [page.model.index(r, col).data() for r in range(page.model.rowCount())]


def test_lists_name_countries_in_the_interface_language(window):
    window.show_section("meetings")
    page = window.pages["meetings"]
    countries = set(_column(page, "country"))
    assert "Canada" in countries and "캐나다" not in countries
    page.filter.setText("캐나다")  # a Korean name still finds it
    page.apply_filter()
    assert page.model.rowCount() > 0 and set(_column(page, "country")) <= {"Canada"}
    window.set_language("ko")
    page = window.pages["meetings"]
    assert "캐나다" in set(_column(page, "country"))


def test_country_picker_and_page_in_english(qtbot, window, db):
    picker = f.RefField(db, "countries")
    qtbot.addWidget(picker)
    assert picker.choose_text("Canada")
    assert picker.edit.text() == "Canada · 캐나다"
    window.open_record("countries", "CA")
    assert window.viewer.toPlainText().startswith("Canada (캐나다)")


def test_a_long_title_is_shown_whole_when_there_is_room(window, qtbot, db):
    from datetime import date

    from tracker.db.models import Meeting
    from tracker.services import records

    long_title = "한-캐나다 인공지능·양자·바이오 분야 공동연구 협력 확대를 위한 차관급 양자면담"
    records.create(db, Meeting, {"title": long_title, "date": date(2030, 1, 7), "timezone": "Asia/Seoul"})
    window.splitter.setSizes([150, 620, 10])  # the record page narrowed: the list has the room
    window.show_section("meetings")
    page = window.pages["meetings"]
    header = page.table.horizontalHeader()
    title = [c.key for c in page.listing.columns].index("title")
    metrics = page.table.fontMetrics()
    qtbot.waitUntil(
        lambda: header.sectionSize(title) >= metrics.horizontalAdvance(long_title) + 8, timeout=5000
    )
    others = sum(header.sectionSize(c) for c in range(header.count()) if c != title)
    assert header.sectionSize(title) >= page.table.viewport().width() - others  # it takes the spare width


def test_qt_file_dialog_and_buttons_are_korean_in_korean_and_english_in_english(qtbot, window):
    def texts():
        dialog = QFileDialog(window, "x")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = [w.text() for w in dialog.findChildren(QLabel) if w.text()]
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Discard | QDialogButtonBox.StandardButton.Ignore
        )
        qtbot.addWidget(box)
        return labels, [b.text() for b in box.buttons()]

    window.set_language("ko")
    labels, buttons = texts()
    assert labels and not any(
        c.isascii() and c.isalpha() for text in labels for c in text.replace("&", "") if c not in "LNT"
    ), labels  # only the mnemonic letters are Latin
    assert "저장 안 함" in buttons and len(set(buttons)) == 2  # Discard is not Ignore's word
    window.set_language("en")
    labels, buttons = texts()
    assert any("Look in" in t for t in labels) and "Discard" in buttons
    assert i18n.language() == "en"
