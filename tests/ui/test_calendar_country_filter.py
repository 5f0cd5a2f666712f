"""The calendar's country filter names each country in the interface's language, with its
code, and choosing one with the keyboard shows only that country's items."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.services.countries import seed_countries
from tracker.ui.calendar_view import CalendarPage


def _page(qtbot, db) -> CalendarPage:
    page = CalendarPage(db, today=date(2025, 12, 9))
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.set_viewer_zone("Asia/Seoul")
    page.go_to(date(2025, 12, 8))
    page.set_mode("week")
    return page


@pytest.mark.parametrize(("lang", "canada"), [("en", "Canada (CA)"), ("ko", "캐나다 (CA)")])
def test_countries_named_in_the_interface_language(qtbot, db, lang, canada) -> None:
    i18n.set_language(lang)
    seed_countries(db)
    page = _page(qtbot, db)
    combo = page.country_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert canada in texts
    assert combo.itemData(texts.index(canada)) == "CA"


def test_choosing_a_country_by_keyboard_filters_the_week(qtbot, db) -> None:
    load_demo(db)
    page = _page(qtbot, db)
    combo = page.country_combo
    combo.setFocus()
    while combo.currentData() != "US":
        before = combo.currentIndex()
        QTest.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, "United States not reached"
    titles = {i.title for i in page.week_view.visible_items()}
    assert titles == {"한-미 상무부 양자면담", "한-미 OSTP 양자면담"}
