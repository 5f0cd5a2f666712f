"""The main window on the demo data: every section opens, lists fill lazily, filters work."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tracker.export.demo import load_demo
from tracker.ui.main_window import SECTIONS, MainWindow


@pytest.fixture
def window(qtbot, db):
    load_demo(db)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    return w


def test_every_section_opens(window, qtbot):
    for key, *_ in SECTIONS:
        window.show_section(key)
        assert window.current_section() == key
        assert window.stack.currentWidget() is window.pages[key]


def test_country_list_filters_korean_text(window, qtbot):
    window.show_section("countries")
    page = window.pages["countries"]
    assert page.model.total >= 240
    page.filter.setText("캐나")
    page.apply_filter()
    names = [page.model.index(r, 1).data() for r in range(page.model.rowCount())]
    assert names == ["캐나다"]
    assert "1" in page.count_label.text()


def test_lazy_loading_fetches_pages(window):
    page = window.pages["countries"]
    model = page.model
    assert model.rowCount() == 200 < model.total  # first page only
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == model.total
    assert not model.canFetchMore()


def test_sorting_by_column_runs_in_sql(window):
    model = window.pages["countries"].model
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "ZW"
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 0).data() == "AD"


def test_country_page_opens_from_the_list(window):
    window.open_record("countries", "CA")
    text = window.viewer.toPlainText()
    assert "캐나다" in text and "Canada" in text


def test_models_pass_the_model_tester(window, qtmodeltester):
    qtmodeltester.check(window.pages["countries"].model)
    qtmodeltester.check(window.pages["actions"].model)


def test_new_records_appear_without_reopening(window, db, qtbot):
    from tracker.db.models import Organization
    from tracker.services import records

    window.show_section("organizations")
    page = window.pages["organizations"]
    before = page.model.total
    records.create(db, Organization, {"name_ko": "테스트 기관", "country_code": "KR"})
    qtbot.waitUntil(lambda: page.model.total == before + 1)  # the list catches up after the save


def _select_first(page):
    page.table.selectRow(0)


def test_new_record_opens_a_dialog_for_the_section(window, qtbot):
    window.show_section("organizations")
    dialog = window.new_record()
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    dialog.form.field("name_ko").setText("시험용 신설 협력기관")
    assert dialog.save()
    page = window.pages["organizations"]
    page.filter.setText("시험용 신설 협력기관")
    page.apply_filter()
    assert page.model.total == 1


def test_delete_says_what_goes_with_it_and_deletes_after_yes(window, monkeypatch, qtbot):
    from tracker.ui.main_window import MainWindow

    window.show_section("meetings")
    page = window.pages["meetings"]
    page.filter.setText("OECD")
    page.apply_filter()
    assert page.model.total == 1
    _select_first(page)
    asked = []
    monkeypatch.setattr(
        MainWindow, "confirm", classmethod(lambda cls, p, t, text: asked.append(text) or False)
    )
    assert window.delete_selected() == 0
    assert "key points: 3" in asked[0] and "meeting participants" in asked[0]
    assert page.model.total == 1
    monkeypatch.setattr(MainWindow, "confirm", classmethod(lambda cls, p, t, text: True))
    assert window.delete_selected() == 1
    qtbot.waitUntil(lambda: page.model.total == 0)


def test_delete_of_a_record_in_use_is_refused_with_a_reason(window, monkeypatch):
    from tracker.ui.main_window import MainWindow

    window.show_section("persons")
    page = window.pages["persons"]
    page.filter.setText("Kimmitt")
    page.apply_filter()
    _select_first(page)
    told = []
    monkeypatch.setattr(MainWindow, "inform", classmethod(lambda cls, p, t, text: told.append(text)))
    assert window.delete_selected() == 0
    assert "meeting participants" in told[0]
    assert page.model.total == 1


def test_language_switch_keeps_section_and_record(window):
    window.show_section("countries")
    window.open_record("countries", "CA")
    window.set_language("ko")
    assert window.current_section() == "countries"
    assert window.nav.item(2).text() == "국가"
    assert "우리가 약속한 것" in window.viewer.toPlainText()
    assert window.pages["countries"].model.headerData(1, Qt.Orientation.Horizontal) == "국가명"
    window.set_language("en")
    assert window.nav.item(2).text() == "Countries"


def test_the_toolbar_says_its_words_and_the_shortcuts_survive_a_language_switch(window, qtbot):
    from PySide6.QtGui import QKeySequence

    assert window.toolbar.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    assert all(not a.icon().isNull() for a in window.toolbar.actions() if a.text())
    window.set_language("ko")
    assert window.new_action.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert [k.toString() for k in window.find_action.shortcuts()][:1] == ["Ctrl+K"]
    assert window.next_pane_action.shortcut().toString() == "F6"
    assert window.toolbar.actions()[0].text().startswith("새로 만들기")
    qtbot.waitUntil(lambda: len(window.findChildren(type(window.toolbar))) == 1)  # the English one went


def test_the_record_pane_says_how_to_fill_it_until_a_record_is_opened(window):
    def drawn() -> int:  # how many different colours the pane shows
        image = window.viewer.viewport().grab().toImage()
        step = 4
        return len(
            {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
        )

    assert "Double-click a record" in window.viewer.placeholderText()
    assert drawn() > 1  # the hint is painted, not an empty pane
    window.show_section("countries")
    window.open_record("countries", "CA")
    assert "Canada" in window.viewer.toPlainText()
    window.set_language("ko")
    assert "두 번 누르거나 Enter" in window.viewer.placeholderText()


def test_global_search_finds_a_meeting_and_opens_it(window):
    dialog = window.open_search()
    dialog.box.setText("Kimmitt")
    dialog.run_search()
    assert window.open_search() is dialog  # one search window, reused
    found = []
    dialog.open_record.connect(lambda kind, key: found.append(kind))
    dialog.results.setCurrentItem(dialog.hit_items()[0])
    dialog.open_current()  # what Enter does
    assert found and "Kimmitt" in window.viewer.toPlainText()


def test_calendar_section_opens_an_event_page(window, db):
    import sqlalchemy as sa

    from tracker.db.models import Event

    window.show_section("calendar")
    with db.read() as s:
        g7 = s.scalar(sa.select(Event).where(Event.name_ko.like("%G7%")))
    window.open_record("events", g7.id)
    assert "Le Westin" in window.viewer.toPlainText()


def test_file_menu_opens_the_report_for_the_selected_trip(window, qtbot):
    window.show_section("trips")
    window.pages["trips"].table.selectRow(0)
    dialog = window.open_trip_report()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.meeting_list.count() >= 7, timeout=10_000)  # loaded in the background


def test_list_export_is_offered_only_on_lists(window):
    window.show_section("home")
    assert not window.export_list_action.isEnabled()
    window.show_section("persons")
    assert window.export_list_action.isEnabled()


@pytest.mark.parametrize(
    ("section", "words"),
    [("events", "G7"), ("agreements", "기술번영"), ("channels", "공동위원회"), ("topics", "AI")],
)
def test_every_kind_has_a_list_and_a_page(window, section, words):
    window.show_section(section)
    page = window.pages[section]
    page.filter.setText(words)
    page.apply_filter()
    assert page.model.total >= 1
    window.open_record(section, page.model.record_id(0))
    assert window.viewer.toPlainText().strip()
    assert window.current_record == (section, page.model.record_id(0))


def test_the_status_bar_names_the_database_file_not_a_connection_url(qtbot, db):
    window = MainWindow(db)
    qtbot.addWidget(window)
    text = window.status.text()
    assert "sqlite:" not in text.lower() and "://" not in text
    assert text == db.sqlite_path.name and window.status.toolTip() == str(db.sqlite_path)
